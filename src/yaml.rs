//! YAML: the one home of serde_yaml, shared by `config` and `front_matter`.
//!
//! It turns serde_yaml's errors into [`Diagnostic`]s that count lines from the
//! top of the user's file (not from the YAML block), name keys in the user's
//! words and suggest the closest known key. It also finds the line of each
//! top-level key, so that an error about a value can point at its key.
//! serde_yaml itself bounds alias expansion and nesting depth, so a YAML bomb
//! ends in an error here rather than a hang.

use std::collections::HashMap;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::{self, Diagnostic, Location};

/// Deserializes `text` (a YAML document whose first line is line
/// `line_offset + 1` of the file at `path`) into `T`.
/// `known_keys` are the top-level keys of `T`, for suggestions.
pub fn from_str<T: DeserializeOwned>(
    text: &str,
    line_offset: usize,
    path: &Path,
    known_keys: &[&str],
) -> Result<T, Diagnostic> {
    serde_yaml::from_str(text).map_err(|e| to_diagnostic(&e, line_offset, path, known_keys))
}

/// Turns a serde_yaml error into a diagnostic located in the user's file.
fn to_diagnostic(
    error: &serde_yaml::Error,
    line_offset: usize,
    path: &Path,
    known_keys: &[&str],
) -> Diagnostic {
    let location = match error.location() {
        Some(l) if l.line() > 0 => Location::at(path, l.line() + line_offset, l.column()),
        _ => Location::at(path, line_offset + 1, 1),
    };
    let raw = strip_position(&error.to_string());
    let (field_path, message) = split_field_path(&raw);
    let (message, help) = explain(field_path, message, known_keys);
    let mut location = location;
    // serde reports a missing key at the end of its mapping; the start of
    // the block is a more useful place to add it.
    if raw.contains("missing field") && field_path.is_none() {
        location = Location::at(path, line_offset + 1, 1);
    }
    let d = Diagnostic::error(location, message);
    match help {
        Some(h) => d.with_help(h),
        None => d,
    }
}

/// serde_yaml appends ` at line L column C` (and for parser errors
/// `, while parsing ... at line ...`); the location is reported separately.
fn strip_position(message: &str) -> String {
    let mut out = message.to_string();
    if let Some(i) = out.find(" at line ") {
        let tail = out[i..].to_string();
        out.truncate(i);
        if let Some(j) = tail.find(", while ") {
            // keep "while parsing a block mapping" context, without its position
            let context = &tail[j..];
            let context = context.split(" at line ").next().unwrap_or("");
            out.push_str(context);
        }
    }
    out
}

/// serde_yaml prefixes errors inside nested values with their path
/// (`presenters[0].name: invalid type ...`).
fn split_field_path(message: &str) -> (Option<&str>, &str) {
    if let Some((prefix, rest)) = message.split_once(": ") {
        let is_path = !prefix.is_empty()
            && prefix
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '-'));
        if is_path {
            return (Some(prefix), rest);
        }
    }
    (None, message)
}

/// Rewrites serde's wording into ours, with a hint where one helps.
fn explain(
    field_path: Option<&str>,
    message: &str,
    known_keys: &[&str],
) -> (String, Option<String>) {
    let in_path = field_path.map(|p| format!(" in `{p}`")).unwrap_or_default();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (key, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let expected_keys: Vec<&str> = expected
            .split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, k)| k)
            .collect();
        let candidates: Vec<&str> = if field_path.is_none() && !known_keys.is_empty() {
            known_keys.to_vec()
        } else {
            expected_keys.clone()
        };
        let help = match diagnostics::closest(key, candidates.iter().copied()) {
            Some(k) => format!("did you mean `{k}`?"),
            None if !candidates.is_empty() => format!(
                "known keys here are {}",
                candidates
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => "remove this key".to_string(),
        };
        return (format!("unknown key `{key}`{in_path}"), Some(help));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or(rest);
        return (
            format!("missing required key `{key}`{in_path}"),
            Some(format!("add a line `{key}: ...`")),
        );
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let what = field_path.map(|p| format!("`{p}`: ")).unwrap_or_default();
        return (format!("{what}wrong type: {rest}"), None);
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        let what = field_path.map(|p| format!("`{p}`: ")).unwrap_or_default();
        return (format!("{what}invalid value: {rest}"), None);
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (value, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let expected_values: Vec<&str> = expected
            .split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, k)| k)
            .collect();
        let what = field_path.map(|p| format!("`{p}`: ")).unwrap_or_default();
        let help = match diagnostics::closest(value, expected_values.iter().copied()) {
            Some(k) => format!("did you mean `{k}`?"),
            None => format!(
                "use one of {}",
                expected_values
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        return (format!("{what}unknown value `{value}`"), Some(help));
    }
    if message.contains("recursion limit exceeded") {
        return (
            "the YAML is nested too deeply".to_string(),
            Some("front matter needs only a few levels of nesting".to_string()),
        );
    }
    if message.contains("repetition limit exceeded") {
        return (
            "the YAML expands aliases too many times".to_string(),
            Some("remove the anchors (`&name`) and aliases (`*name`)".to_string()),
        );
    }
    let what = field_path.map(|p| format!("`{p}`: ")).unwrap_or_default();
    (
        format!("{what}invalid YAML: {message}"),
        Some(
            "check the indentation and quoting of this line; text with `: ` or `#` needs quotes"
                .to_string(),
        ),
    )
}

/// The 1-based line and column of every top-level key of a block-style YAML
/// mapping, counting lines from `line_offset + 1`.
pub fn top_level_keys(text: &str, line_offset: usize) -> HashMap<String, (usize, usize)> {
    let mut keys = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let first = match line.chars().next() {
            Some(c) => c,
            None => continue,
        };
        if first.is_whitespace() || matches!(first, '#' | '-' | '{' | '[' | '}' | ']') {
            continue;
        }
        let Some(colon) = line.find(':') else {
            continue;
        };
        let key = line[..colon].trim().trim_matches(|c| c == '"' || c == '\'');
        if !key.is_empty() {
            keys.entry(key.to_string())
                .or_insert((i + 1 + line_offset, 1));
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: String,
        session: Option<String>,
        country: Option<String>,
    }

    const KEYS: &[&str] = &["title", "session", "country"];

    fn err(yaml: &str) -> Diagnostic {
        from_str::<T>(yaml, 1, Path::new("x.md"), KEYS).unwrap_err()
    }

    #[test]
    fn unknown_key_points_at_its_line_in_the_file_and_suggests() {
        let d = err("title: a\nsesion: b\n");
        assert_eq!(d.message, "unknown key `sesion`");
        assert_eq!(d.help.as_deref(), Some("did you mean `session`?"));
        let l = d.location.unwrap();
        assert_eq!((l.line, l.column), (Some(3), Some(1)));
    }

    #[test]
    fn missing_key_is_named() {
        let d = err("session: b\n");
        assert_eq!(d.message, "missing required key `title`");
    }

    #[test]
    fn codes_stay_strings() {
        let t: T = from_str("title: 2012\ncountry: no\n", 0, Path::new("x"), KEYS).unwrap();
        assert_eq!(t.country.as_deref(), Some("no"));
        assert_eq!(t.title, "2012");
    }

    #[test]
    fn syntax_errors_count_lines_from_the_file() {
        let d = err("title: a\nsession: b: c\n");
        assert!(d.message.starts_with("invalid YAML"), "{}", d.message);
        assert!(d.location.unwrap().line.unwrap() >= 3);
    }

    #[test]
    fn alias_bombs_and_deep_nesting_are_errors_not_hangs() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("b{}", i - 1)
            };
            bomb.push_str(&format!(
                "b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        bomb.push_str("title: x\n");
        assert!(serde_yaml::from_str::<serde_yaml::Value>(&bomb).is_err());
        let deep = format!("extra: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        let d = from_str::<serde_json::Value>(&deep, 0, Path::new("x"), &[]).unwrap_err();
        assert_eq!(d.message, "the YAML is nested too deeply");
    }

    #[test]
    fn top_level_keys_have_file_lines() {
        let keys = top_level_keys("title: a\n# c\npresenters:\n  - name: x\nsession: s\n", 1);
        assert_eq!(keys["title"], (2, 1));
        assert_eq!(keys["session"], (6, 1));
        assert!(!keys.contains_key("name"));
    }
}
