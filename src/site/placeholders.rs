//! Values that stand for text still to be written (`...`, `TODO`, `TBD`,
//! an empty name): a warning each, an error under `check --strict`, so
//! that a file started from an example is not published as it is.

use super::Site;
use crate::diagnostics::{Diagnostic, Location};

/// Words that mean "to be written", compared without case.
const PLACEHOLDERS: &[&str] = &["...", "…", "todo", "tbd", "tbc", "tba", "xxx", "fixme"];

/// Whether a value is a placeholder rather than text.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    let lower = v.to_lowercase();
    PLACEHOLDERS.contains(&lower.as_str())
        || (v.len() >= 2 && v.chars().all(|c| c == '.' || c == '…'))
        || lower.starts_with("todo:")
        || lower.starts_with("tbd:")
}

/// The placeholders in every document's front matter, each at its
/// top-level key.
pub fn warnings(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (doc, _) in site.documents() {
        let Some(head) = site.head(doc) else { continue };
        let Ok(serde_yaml::Value::Mapping(map)) = serde_yaml::from_str(head.yaml) else {
            continue;
        };
        for (key, value) in &map {
            let Some(key) = key.as_str() else { continue };
            let mut found = Vec::new();
            walk(value, key, &mut found);
            for (path, text) in found {
                let at = Location::at(head.path, head.keys_line(key), 1);
                let message = if text.trim().is_empty() {
                    format!("`{path}` is empty")
                } else {
                    format!(
                        "`{path}` is a placeholder (`{}`), not yet the real text",
                        text.trim()
                    )
                };
                out.push(Diagnostic::warning(at, message).with_help(
                    "write the real value, or remove the key (or comment it out with #) until it is known",
                ));
            }
        }
    }
    out
}

/// Collects (path, value) for each placeholder under `value`; an empty
/// `name` counts, as a person needs one.
fn walk(value: &serde_yaml::Value, path: &str, out: &mut Vec<(String, String)>) {
    use serde_yaml::Value;
    match value {
        Value::String(s) if is_placeholder(s) => out.push((path.to_string(), s.clone())),
        Value::String(s) if s.trim().is_empty() && path.ends_with("name") => {
            out.push((path.to_string(), s.clone()))
        }
        Value::Sequence(items) => {
            for (i, v) in items.iter().enumerate() {
                walk(v, &format!("{path}[{i}]"), out);
            }
        }
        Value::Mapping(m) => {
            for (k, v) in m {
                if let Some(k) = k.as_str() {
                    walk(v, &format!("{path}.{k}"), out);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_real_text() {
        for p in [
            "...",
            "…",
            "TODO",
            "tbd",
            "XXX",
            "....",
            "TODO: the title",
            " TBC ",
        ] {
            assert!(is_placeholder(p), "{p}");
        }
        for t in ["Ana Lima", "To do list", "Data", "N/A-2", "3...", ""] {
            assert!(!is_placeholder(t), "{t}");
        }
    }
}
