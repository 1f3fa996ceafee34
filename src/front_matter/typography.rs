//! What word processors put into front matter pasted from them: curly
//! quotes where YAML wants straight ones (`title: “Migration data”` keeps
//! the quotes in the title; `addressees: [“Governments”]` makes an
//! addressee `“Governments”`), and invisible characters (no-break and
//! zero-width spaces) that make two equal-looking names differ.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Location};

/// Characters that look like nothing or like a plain space, by name.
const INVISIBLE: &[(char, &str)] = &[
    ('\u{00A0}', "no-break space"),
    ('\u{00AD}', "soft hyphen"),
    ('\u{2007}', "figure space"),
    ('\u{202F}', "narrow no-break space"),
    ('\u{200B}', "zero-width space"),
    ('\u{200C}', "zero-width non-joiner"),
    ('\u{200D}', "zero-width joiner"),
    ('\u{2060}', "word joiner"),
    ('\u{FEFF}', "zero-width no-break space"),
];

/// Quotes that open a value in word processors' typography.
const CURLY: &[char] = &['“', '”', '„', '‘', '’', '«'];

/// The invisible character in `s`, with its name.
pub fn invisible(s: &str) -> Option<(char, &'static str)> {
    s.chars()
        .find_map(|c| INVISIBLE.iter().find(|(i, _)| *i == c).copied())
}

/// The problems of a YAML block (its first line is line `line_offset + 1`
/// of the file at `path`): values opened by a curly quote, and keys with
/// an invisible character.
pub fn check(yaml: &str, line_offset: usize, path: &Path) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Lines of a block scalar (`summary: |`) are text, not YAML.
    let mut block_indent: Option<usize> = None;
    for (i, line) in yaml.lines().enumerate() {
        let indent = line.len() - line.trim_start().len();
        if let Some(b) = block_indent {
            if line.trim().is_empty() || indent > b {
                continue;
            }
            block_indent = None;
        }
        let trimmed = line.trim();
        if trimmed.starts_with('#') || trimmed.is_empty() {
            continue;
        }
        let at = |column: usize| Location::at(path, i + 1 + line_offset, column);
        if let Some((key, _)) = line.split_once(':')
            && !key.trim_start().starts_with(['-', '"', '\''])
            && let Some((c, name)) = invisible(key)
        {
            out.push(
                Diagnostic::error(
                    at(indent + 1),
                    format!(
                        "the key `{}` holds an invisible character ({}, U+{:04X})",
                        key.trim(),
                        name,
                        u32::from(c)
                    ),
                )
                .with_help("delete the key and type it again, without copying it"),
            );
        }
        if let Some(column) = curly_opening(line) {
            out.push(
                Diagnostic::error(
                    at(column),
                    "this value starts with a curly quote, which YAML keeps as part of the text",
                )
                .with_help(format!("use straight quotes: `{}`", straighten(trimmed))),
            );
        }
        let value_end =
            trimmed.trim_end_matches(|c: char| c.is_ascii_digit() || c == '+' || c == '-');
        if value_end.ends_with(": |")
            || value_end.ends_with(": >")
            || value_end == "- |"
            || value_end == "- >"
        {
            block_indent = Some(indent);
        }
    }
    out
}

/// The 1-based column of a curly quote that opens a value: after `key:`,
/// a list's `- `, or `[` and `,` in a list written on one line.
fn curly_opening(line: &str) -> Option<usize> {
    let mut starts = Vec::new();
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    if let Some(rest) = trimmed.strip_prefix("- ") {
        starts.push(indent + 2 + (rest.len() - rest.trim_start().len()));
    }
    if let Some(colon) = line.find(": ") {
        let after = &line[colon + 2..];
        let value = colon + 2 + (after.len() - after.trim_start().len());
        starts.push(value);
        if line[value..].starts_with('[') {
            let mut depth_start = value + 1;
            for piece in line[value + 1..].split(',') {
                let skip = piece.len() - piece.trim_start().len();
                starts.push(depth_start + skip);
                depth_start += piece.len() + 1;
            }
        }
    }
    starts
        .into_iter()
        .find(|&i| line[i..].starts_with(CURLY))
        .map(|i| line[..i].chars().count() + 1)
}

/// The line with straight quotes in place of curly ones.
fn straighten(line: &str) -> String {
    line.chars()
        .map(|c| match c {
            '“' | '”' | '„' | '«' | '»' => '"',
            '‘' | '’' => '\'',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(yaml: &str) -> Vec<String> {
        check(yaml, 1, Path::new("content/a.md"))
            .into_iter()
            .map(|d| {
                let l = d.location.unwrap();
                format!(
                    "{}:{} {}",
                    l.line.unwrap(),
                    l.column.unwrap(),
                    d.help.unwrap()
                )
            })
            .collect()
    }

    #[test]
    fn curly_quotes_that_open_values_are_found_with_the_fix() {
        assert_eq!(
            problems("title: “Migration data”\n"),
            vec!["2:8 use straight quotes: `title: \"Migration data\"`"]
        );
        assert_eq!(problems("addressees: [“Governments”, “IOM”]\n").len(), 1);
        assert_eq!(problems("addressees: [UN, “IOM”]\n").len(), 1);
        assert_eq!(problems("themes:\n  - ‘Data’\n").len(), 1);
        // Inside a text, or quoted with straight quotes, they are text.
        assert!(problems("title: The “best” plan\n").is_empty());
        assert!(problems("title: '“Migration data” in practice'\n").is_empty());
        assert!(problems("summary: |\n  - “quoted” item\n  “also”\ntitle: T\n").is_empty());
    }

    #[test]
    fn invisible_characters_in_keys_are_named() {
        let p = check("title\u{a0}: T\n", 0, Path::new("a.md"));
        assert_eq!(p.len(), 1);
        assert!(
            p[0].message.contains("no-break space, U+00A0"),
            "{}",
            p[0].message
        );
        assert!(check("title: A\u{a0}B\n", 0, Path::new("a.md")).is_empty());
    }
}
