//! When each source file last changed, from the site's git history: the
//! "Last updated" of pages, sitemap `lastmod`, Atom `updated` and the
//! citation's year. Commit dates, never the build's time, so that two
//! builds of one commit are byte-identical. Without history (not a git
//! checkout, git missing, or a shallow clone whose one commit would date
//! every file), there are no dates at all rather than wrong ones.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The date (`YYYY-MM-DD`, UTC) of the last commit that changed each file,
/// by its path relative to the site root.
#[derive(Debug, Default, Clone)]
pub struct History {
    dates: HashMap<PathBuf, String>,
    last: Option<String>,
}

impl History {
    /// Reads the history of the site at `root`; empty when there is none.
    pub fn read(root: &Path) -> History {
        let git = |args: &[&str]| {
            Command::new("git")
                .arg("-C")
                .arg(root)
                .args(["-c", "core.quotePath=false"])
                .args(args)
                .env("GIT_TERMINAL_PROMPT", "0")
                .output()
                .ok()
                .filter(|o| o.status.success())
                .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        };
        match git(&["rev-parse", "--is-shallow-repository"]) {
            Some(s) if s.trim() == "false" => {}
            _ => return History::default(),
        }
        let Some(log) = git(&[
            "log",
            // A commit's line starts with NUL, which no file name holds (a
            // file may be named `@2000000000`).
            "--format=%x00%ct",
            "--name-only",
            "--no-renames",
            "--relative",
            "--",
            ".",
        ]) else {
            return History::default();
        };
        History::parse(&log)
    }

    /// Reads `git log --format=%x00%ct --name-only` output, newest first.
    fn parse(log: &str) -> History {
        let mut dates = HashMap::new();
        let mut last = None;
        let mut current = None;
        for line in log.lines() {
            if let Some(ts) = line.strip_prefix('\0') {
                current = ts.trim().parse::<i64>().ok().map(date_of);
                if last.is_none() {
                    last.clone_from(&current);
                }
            } else if !line.is_empty()
                && !line.starts_with('"')
                && let Some(date) = &current
            {
                dates
                    .entry(PathBuf::from(line))
                    .or_insert_with(|| date.clone());
            }
        }
        History { dates, last }
    }

    /// The date `path` (relative to the site root) last changed.
    pub fn date(&self, path: &Path) -> Option<&str> {
        self.dates.get(path).map(String::as_str)
    }

    /// The date of the newest commit.
    pub fn last_change(&self) -> Option<&str> {
        self.last.as_deref()
    }
}

/// Seconds since 1970 → `YYYY-MM-DD` (UTC).
fn date_of(seconds: i64) -> String {
    chrono::DateTime::from_timestamp(seconds, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_commit_of_each_file_wins() {
        let h = History::parse(
            "\x001339545600\n\ncontent/a.md\n\n\x001339459200\n\ncontent/a.md\ncontent/b.md\n\"content/\\tq.md\"\n@2000000000\n",
        );
        assert_eq!(h.date(Path::new("content/a.md")), Some("2012-06-13"));
        assert_eq!(h.date(Path::new("content/b.md")), Some("2012-06-12"));
        assert_eq!(h.last_change(), Some("2012-06-13"));
        assert_eq!(h.date(Path::new("content/c.md")), None);
        // A file named like a date is a file.
        assert_eq!(h.date(Path::new("@2000000000")), Some("2012-06-12"));
    }
}
