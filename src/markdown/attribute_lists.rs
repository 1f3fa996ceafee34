//! kramdown's attribute lists (`{: class="button" }`, `{:.note}`), which
//! Markdown converted from Jekyll sites carries: shown as text they make no
//! sense to a reader, so they are removed (with a warning).

/// `text` without its attribute lists, or `None` when it has none.
pub fn remove(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut found = false;
    while let Some(start) = rest.find("{:") {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let inner = &rest[start + 2..start + len];
        // An attribute list holds classes, ids and key="value" pairs only.
        let plausible = inner
            .chars()
            .all(|c| c.is_alphanumeric() || " .#=\"'_-:".contains(c));
        if plausible {
            found = true;
            out.push_str(rest[..start].trim_end_matches(' '));
        } else {
            out.push_str(&rest[..start + len + 1]);
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    found.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_lists_are_removed() {
        assert_eq!(
            remove("Register {: class=\"button\" }").as_deref(),
            Some("Register")
        );
        assert_eq!(remove("{:.note}").as_deref(), Some(""));
        assert_eq!(remove("a map {: x: [1] }"), None);
        assert_eq!(remove("no list"), None);
    }
}
