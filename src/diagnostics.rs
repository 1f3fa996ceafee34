//! Diagnostics: the errors and warnings a run reports to people.
//!
//! Every phase (config, walk, front matter, site, templates, output) collects
//! [`Diagnostic`]s instead of stopping at the first problem; the command line
//! prints them all together, sorted by file and line, followed by one summary
//! line. This module owns the data and its two text forms; it knows nothing
//! about where the problems come from.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A place in a user's file: the path relative to the site root and a 1-based
/// line and column, where they are known.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Location {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Location {
    /// A whole file, without a line.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Location {
            path: path.into(),
            line: None,
            column: None,
        }
    }

    /// A line and column (both 1-based) in a file.
    pub fn at(path: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location {
            path: path.into(),
            line: Some(line),
            column: Some(column),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", visible(&display_path(&self.path)))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// A path as users see it: forward slashes on every platform.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Text from a user's file made safe to print on a terminal or in a CI
/// log: control characters (ESC, which starts terminal escape sequences,
/// CR, BEL...) and the characters that reorder text (bidirectional
/// overrides) are shown as `\u{1b}` instead of being written raw. Every
/// diagnostic passes through it when printed.
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
    };
    if !s.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// One problem found in a run.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    /// Where; `None` for problems of the run itself (a missing directory).
    pub location: Option<Location>,
    pub severity: Severity,
    /// Lowercase, no final period; user names in backticks.
    pub message: String,
    /// At most one concrete fix.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            location: Some(location),
            severity: Severity::Error,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(location, message)
        }
    }

    /// An error that belongs to no file.
    pub fn general(message: impl Into<String>) -> Self {
        Diagnostic {
            location: None,
            severity: Severity::Error,
            message: message.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The short form for editors and CI logs:
    /// `content/x.md:4:1: error: unknown key `sesion``, then `  = help: ...`.
    pub fn to_short_string(&self) -> String {
        let mut out = String::new();
        if let Some(location) = &self.location {
            out.push_str(&location.to_string());
            out.push_str(": ");
        }
        out.push_str(self.severity.as_str());
        out.push_str(": ");
        out.push_str(&visible(&self.message));
        if let Some(help) = &self.help {
            out.push_str("\n  = help: ");
            out.push_str(&visible(help));
        }
        out
    }

    /// GitHub Actions workflow commands: `::error file=F,line=L,col=C::MSG`.
    pub fn to_github_string(&self) -> String {
        let mut props = Vec::new();
        if let Some(location) = &self.location {
            props.push(format!(
                "file={}",
                escape_github_property(&visible(&display_path(&location.path)))
            ));
            if let Some(line) = location.line {
                props.push(format!("line={line}"));
            }
            if let Some(column) = location.column {
                props.push(format!("col={column}"));
            }
        }
        let mut message = self.message.clone();
        if let Some(help) = &self.help {
            message.push_str(" (help: ");
            message.push_str(help);
            message.push(')');
        }
        let props = if props.is_empty() {
            String::new()
        } else {
            format!(" {}", props.join(","))
        };
        format!(
            "::{}{}::{}",
            self.severity.as_str(),
            props,
            escape_github_data(&visible(&message))
        )
    }
}

fn escape_github_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_github_property(s: &str) -> String {
    escape_github_data(s)
        .replace(':', "%3A")
        .replace(',', "%2C")
}

/// Sort diagnostics by file, line and column (problems without a file
/// first) and drop exact repeats.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort();
    diagnostics.dedup();
}

/// `error: could not build the site: 3 errors in 2 files`.
pub fn summary(action: &str, diagnostics: &[Diagnostic]) -> String {
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
    let files: BTreeSet<&Path> = errors
        .iter()
        .filter_map(|d| d.location.as_ref().map(|l| l.path.as_path()))
        .collect();
    let count = plural(errors.len(), "error", "errors");
    match files.len() {
        0 => format!("error: could not {action}: {count}"),
        n => format!(
            "error: could not {action}: {count} in {}",
            plural(n, "file", "files")
        ),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The known name closest to `unknown`, if one is close enough to be a
/// plausible typo (`sesion` → `session`, `organisation` → `organization`).
pub fn closest<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let unknown_lower = unknown.to_lowercase();
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(&unknown_lower, k), k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// 1-based line and column of a byte offset in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_form_has_path_line_column_and_help() {
        let d = Diagnostic::error(
            Location::at("content/presentations/x.md", 5, 1),
            "unknown key `sesion`",
        )
        .with_help("did you mean `session`?");
        assert_eq!(
            d.to_short_string(),
            "content/presentations/x.md:5:1: error: unknown key `sesion`\n  = help: did you mean `session`?"
        );
    }

    #[test]
    fn github_form_escapes_newlines_and_commas_in_paths() {
        let d = Diagnostic::warning(Location::at("content/a,b.md", 2, 3), "one\ntwo");
        assert_eq!(
            d.to_github_string(),
            "::warning file=content/a%2Cb.md,line=2,col=3::one%0Atwo"
        );
    }

    #[test]
    fn terminal_escapes_from_content_are_shown_not_sent() {
        let d = Diagnostic::error(
            Location::at("content/\u{1b}]0;owned\u{7}x.md", 1, 1),
            "unknown key `a\u{1b}[2Jb`",
        )
        .with_help("did you mean `\u{202e}x`?");
        let short = d.to_short_string();
        assert!(
            !short.contains('\u{1b}') && !short.contains('\u{7}') && !short.contains('\u{202e}'),
            "{short:?}"
        );
        assert!(short.contains("a\\u{1b}[2Jb"), "{short}");
        assert!(short.contains("\\u{202e}x"), "{short}");
        let github = d.to_github_string();
        assert!(
            !github.contains('\u{1b}') && !github.contains('\u{7}'),
            "{github:?}"
        );
    }

    #[test]
    fn closest_suggests_plausible_typos_only() {
        let known = ["title", "session", "presenters", "slides"];
        assert_eq!(closest("sesion", known), Some("session"));
        assert_eq!(closest("presenter", known), Some("presenters"));
        assert_eq!(closest("zzz", known), None);
    }

    #[test]
    fn summary_counts_errors_and_files() {
        let ds = vec![
            Diagnostic::error(Location::file("a.md"), "x"),
            Diagnostic::error(Location::file("a.md"), "y"),
            Diagnostic::error(Location::file("b.md"), "z"),
            Diagnostic::warning(Location::file("c.md"), "w"),
        ];
        assert_eq!(
            summary("build the site", &ds),
            "error: could not build the site: 3 errors in 2 files"
        );
    }

    #[test]
    fn line_column_counts_from_one_in_characters() {
        let text = "ab\ncdé\nfg";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        assert_eq!(line_column(text, text.find('f').unwrap()), (3, 1));
        assert_eq!(line_column(text, text.find('é').unwrap() + 2), (2, 4));
    }
}
