//! YAML into the typed front matter of a kind, with every problem of the
//! file in one run.
//!
//! serde stops at the first error. So that a contributor who misspelled one
//! key and gave another a wrong type sees both at once, each failed attempt
//! blanks the lines of the top-level key at fault (keeping the file's line
//! numbers) and tries again, until the rest reads. A YAML syntax error
//! still stops at once: after it, nothing can be read reliably.

use serde::de::DeserializeOwned;

use crate::diagnostics::Diagnostic;
use crate::model::KeyLines;
use crate::source::SourceFile;
use crate::yaml;

/// Keys that other files' checks rely on: a document whose value for one
/// of them could not be read is left out of those checks (the build has
/// failed anyway), rather than reported again as missing it.
const LINKING_KEYS: &[&str] = &["order", "session", "id", "date", "start"];

/// The typed front matter, when the file's keys (less the faulty ones)
/// make one, and every problem found on the way. A document that had to
/// leave out one of [`LINKING_KEYS`] is not returned.
pub(super) fn typed<F: DeserializeOwned>(
    file: &SourceFile,
    yaml_text: &str,
    line_offset: usize,
    keys: &KeyLines,
    known: &[&str],
) -> (Option<F>, Vec<Diagnostic>) {
    let mut lines: Vec<&str> = if yaml_text.trim().is_empty() {
        vec!["{}"]
    } else {
        yaml_text.lines().collect()
    };
    // Top-level keys by line, to find the block that holds an error.
    let mut starts: Vec<(usize, &str)> = keys
        .0
        .iter()
        .map(|(k, (line, _))| (*line, k.as_str()))
        .collect();
    starts.sort();
    let mut problems = Vec::new();
    let mut blanked: Vec<&str> = Vec::new();
    loop {
        let text = lines.join("\n");
        let error = match yaml::from_str::<F>(&text, line_offset, &file.path, known) {
            Ok(_) if blanked.iter().any(|k| LINKING_KEYS.contains(k)) => return (None, problems),
            Ok(front) => return (Some(front), problems),
            Err(e) => e,
        };
        if problems.is_empty() && serde_yaml::from_str::<serde_yaml::Value>(&text).is_err() {
            problems.push(with_empty_list_hint(error, &lines, line_offset));
            return (None, problems);
        }
        // A required key blanked for its own error is not a new problem.
        if error.message.starts_with("missing required key")
            && blanked
                .iter()
                .any(|k| error.message.contains(&format!("`{k}`")))
        {
            return (None, problems);
        }
        let line = error.location.as_ref().and_then(|l| l.line);
        problems.push(error);
        let Some(line) = line else {
            return (None, problems);
        };
        let Some(i) = starts.iter().rposition(|(start, _)| *start <= line) else {
            return (None, problems);
        };
        let (start, key) = starts[i];
        if blanked.contains(&key) {
            return (None, problems);
        }
        blanked.push(key);
        let end = starts.get(i + 1).map_or(usize::MAX, |(s, _)| *s);
        for (n, l) in lines.iter_mut().enumerate() {
            let file_line = n + 1 + line_offset;
            if file_line >= start && file_line < end {
                *l = "";
            }
        }
    }
}

/// `facilitators: []` followed by list items is a YAML syntax error whose
/// own words ("did not find expected key") do not point at the `[]`.
fn with_empty_list_hint(mut error: Diagnostic, lines: &[&str], line_offset: usize) -> Diagnostic {
    let Some(line) = error.location.as_ref().and_then(|l| l.line) else {
        return error;
    };
    let before = (0..line.saturating_sub(line_offset + 1))
        .rev()
        .filter_map(|i| lines.get(i))
        .find(|l| !l.trim().is_empty() && !l.starts_with([' ', '\t', '-']));
    if let Some(previous) = before
        && let Some((key, value)) = previous.split_once(':')
        && value.trim() == "[]"
    {
        let key = key.trim();
        error.help = Some(format!(
            "`{key}: []` says the list is empty, so the items under it do not belong to it: write `{key}:` alone on its line"
        ));
    }
    error
}
