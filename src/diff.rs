//! `rapporteur diff --base <git ref>`: what a change does to the outcomes.
//!
//! Outcome ids are cited (`.../recommendations/#S2-R3`), so one must never
//! silently change or disappear. This compares the outcomes of the working
//! tree with those of a commit, read from the local repository with git
//! (no network), and lists the ids added, changed, withdrawn or merged,
//! renumbered and removed. A renumbered or removed id is an error: the
//! outcome stays as a tombstone (`withdrawn:` or `merged_into:`), which
//! keeps its anchor alive.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Location};
use crate::front_matter::{normalize, split_front_matter};
use crate::model::Kind;
use crate::source::{read_limited, symlink_error};

/// Files larger than this are left out on both sides (the build refuses
/// them too, under its default `max_file_mb`).
const MAX_BYTES: u64 = 10 << 20;

/// One outcome as a file states it: what a reader sees and cites.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Relative to the site root, e.g. `content/recommendations/s2-r1.md`.
    pub path: PathBuf,
    /// The line of `id:`, for errors.
    pub id_line: usize,
    pub id: String,
    pub title: String,
    pub session: String,
    pub kind: String,
    pub addressees: Vec<String>,
    pub status: String,
    pub text: String,
    pub withdrawn: Option<String>,
    pub merged_into: Option<String>,
}

/// The keys `diff` compares; every other key is left to `check`.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Loose {
    id: Option<serde_yaml::Value>,
    title: Option<serde_yaml::Value>,
    session: Option<serde_yaml::Value>,
    kind: Option<serde_yaml::Value>,
    addressees: Option<serde_yaml::Value>,
    status: Option<serde_yaml::Value>,
    withdrawn: Option<serde_yaml::Value>,
    merged_into: Option<serde_yaml::Value>,
}

fn text_of(v: Option<&serde_yaml::Value>) -> Option<String> {
    match v? {
        serde_yaml::Value::String(s) => Some(s.trim().to_string()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Reads one outcome file; `None` when it has no readable `id` (`check`
/// reports why).
pub fn parse(path: &Path, text: &str) -> Option<Record> {
    let text = normalize(text);
    let split = split_front_matter(&text, path).ok()?;
    let loose: Loose = serde_yaml::from_str(split.yaml).ok()?;
    let id = text_of(loose.id.as_ref()).filter(|id| !id.is_empty())?;
    // Where `id:` stands, found as the build finds every key.
    let id_line = crate::yaml::top_level_keys(split.yaml, split.yaml_line_offset)
        .get("id")
        .map_or(1, |&(line, _)| line);
    let addressees = match &loose.addressees {
        Some(serde_yaml::Value::Sequence(items)) => {
            items.iter().filter_map(|v| text_of(Some(v))).collect()
        }
        other => text_of(other.as_ref()).into_iter().collect(),
    };
    Some(Record {
        path: path.to_path_buf(),
        id_line,
        id,
        title: text_of(loose.title.as_ref()).unwrap_or_default(),
        session: text_of(loose.session.as_ref()).unwrap_or_default(),
        kind: text_of(loose.kind.as_ref()).unwrap_or_default(),
        addressees,
        status: text_of(loose.status.as_ref()).unwrap_or_default(),
        text: split.body.trim().to_string(),
        withdrawn: text_of(loose.withdrawn.as_ref()),
        merged_into: text_of(loose.merged_into.as_ref()),
    })
}

/// `content/recommendations/x.md`, but not `_index.md` nor a translation
/// (`x.fr.md`, which shares its original's id).
fn is_outcome_file(rel: &str) -> bool {
    let Some(name) = rel.rsplit('/').next() else {
        return false;
    };
    name.ends_with(".md") && !name.starts_with('_') && name.matches('.').count() == 1
}

fn outcome_folder() -> String {
    format!("content/{}", Kind::Outcome.info().folder.unwrap_or(""))
}

/// The outcomes of the working tree under `root`.
pub fn outcomes_in_tree(root: &Path) -> Result<Vec<Record>, Vec<Diagnostic>> {
    let folder = outcome_folder();
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let dir = root.join(&folder);
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
    {
        let Ok(entry) = entry else { continue };
        let Ok(rel) = entry.path().strip_prefix(root) else {
            continue;
        };
        let rel_text = rel.to_string_lossy().replace('\\', "/");
        if entry.path_is_symlink() {
            errors.push(symlink_error(rel));
            continue;
        }
        if !entry.file_type().is_file() || !is_outcome_file(&rel_text) {
            continue;
        }
        let Ok(bytes) = read_limited(entry.path(), MAX_BYTES) else {
            continue;
        };
        if let Some(r) = parse(rel, &String::from_utf8_lossy(&bytes)) {
            out.push(r);
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn git(root: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C").arg(root).env("GIT_TERMINAL_PROMPT", "0");
    c
}

fn git_error(message: String) -> Diagnostic {
    Diagnostic::general(message).with_help(
        "run it inside a git checkout, with the base commit fetched (in a workflow: `fetch-depth: 0` on actions/checkout)",
    )
}

/// The commit a ref names, checked so that nothing from a pull request can
/// pass as an option to git.
pub fn resolve(root: &Path, base: &str) -> Result<String, Diagnostic> {
    if base.is_empty() || base.starts_with('-') || base.contains(['\0', '\n']) || base.len() > 256 {
        return Err(
            Diagnostic::general(format!("`{base}` is not a git ref")).with_help(
                "give a branch, tag or commit, e.g. `--base main` or `--base origin/main`",
            ),
        );
    }
    let out = git(root)
        .args(["rev-parse", "--verify", "--quiet", "--end-of-options"])
        .arg(format!("{base}^{{commit}}"))
        .output()
        .map_err(|e| git_error(format!("could not run git: {e}")))?;
    let sha = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if !out.status.success() || sha.is_empty() {
        return Err(git_error(format!("git knows no commit `{base}`")));
    }
    Ok(sha)
}

/// The outcomes of commit `sha`, read with `git ls-tree` and `git cat-file`.
pub fn outcomes_at(root: &Path, sha: &str) -> Result<Vec<Record>, Diagnostic> {
    let folder = outcome_folder();
    let list = git(root)
        .args(["ls-tree", "-r", "-z", "--end-of-options", sha, "--"])
        .arg(&folder)
        .output()
        .map_err(|e| git_error(format!("could not run git: {e}")))?;
    if !list.status.success() {
        return Err(git_error(format!(
            "git could not list `{folder}` at {sha}: {}",
            String::from_utf8_lossy(&list.stderr).trim()
        )));
    }
    // `<mode> blob <oid>\t<path>`; symbolic links (120000) and folders of
    // other repositories are left out, as the build refuses them.
    let mut files = Vec::new();
    for entry in list.stdout.split(|&b| b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let mut parts = meta.split(' ');
        let (Some(mode), Some("blob"), Some(oid)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        if (mode == "100644" || mode == "100755") && is_outcome_file(path) {
            files.push((oid.to_string(), path.to_string()));
        }
    }
    let blobs = cat_blobs(root, files.iter().map(|(oid, _)| oid.as_str()))?;
    Ok(files
        .iter()
        .zip(blobs)
        .filter_map(|((_, path), bytes)| parse(Path::new(path), &String::from_utf8_lossy(&bytes?)))
        .collect())
}

/// The contents of blobs, in one `git cat-file --batch`; `None` for one
/// over [`MAX_BYTES`].
fn cat_blobs<'a>(
    root: &Path,
    oids: impl Iterator<Item = &'a str>,
) -> Result<Vec<Option<Vec<u8>>>, Diagnostic> {
    let request: String = oids.map(|o| format!("{o}\n")).collect();
    if request.is_empty() {
        return Ok(Vec::new());
    }
    let mut child = git(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| git_error(format!("could not run git: {e}")))?;
    let mut stdin = child.stdin.take().expect("piped");
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let mut raw = Vec::new();
    child
        .stdout
        .take()
        .expect("piped")
        .read_to_end(&mut raw)
        .map_err(|e| git_error(format!("could not read from git: {e}")))?;
    let _ = writer.join();
    let _ = child.wait();
    let mut out = Vec::new();
    let mut rest = &raw[..];
    while !rest.is_empty() {
        let Some(nl) = rest.iter().position(|&b| b == b'\n') else {
            break;
        };
        let header = String::from_utf8_lossy(&rest[..nl]).to_string();
        rest = &rest[nl + 1..];
        let size: usize = match header.rsplit(' ').next().and_then(|s| s.parse().ok()) {
            Some(size) if !header.ends_with(" missing") => size,
            _ => {
                out.push(None);
                continue;
            }
        };
        let body = &rest[..size.min(rest.len())];
        out.push((size as u64 <= MAX_BYTES).then(|| body.to_vec()));
        rest = &rest[(size + 1).min(rest.len())..];
    }
    Ok(out)
}

/// What happened to one id between the base and the working tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Added,
    /// The fields that differ: title, text, addressees, status, session, kind.
    Changed(Vec<&'static str>),
    Withdrawn(String),
    Merged(String),
    /// The id this outcome had in the base (an error).
    Renumbered(String),
    /// Gone from the working tree (an error).
    Removed,
}

/// One line of the comparison: the outcome as it is now (as it was, for a
/// removed one) and what happened to it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub record: Record,
    pub change: Change,
}

impl Entry {
    pub fn is_error(&self) -> bool {
        matches!(self.change, Change::Renumbered(_) | Change::Removed)
    }

    fn word(&self) -> &'static str {
        match self.change {
            Change::Added => "added",
            Change::Changed(_) => "changed",
            Change::Withdrawn(_) => "withdrawn",
            Change::Merged(_) => "merged",
            Change::Renumbered(_) => "renumbered",
            Change::Removed => "removed",
        }
    }

    fn detail(&self) -> String {
        match &self.change {
            Change::Added => String::new(),
            Change::Changed(fields) => fields.join(", "),
            Change::Withdrawn(date) => format!("withdrawn on {date}"),
            Change::Merged(into) => format!("merged into {into}"),
            Change::Renumbered(old) => format!("was {old}: its old links break"),
            Change::Removed => "file deleted: its links break".into(),
        }
    }

    /// The error a renumbered or removed id is, with the fix.
    pub fn to_diagnostic(&self, base: &str) -> Option<Diagnostic> {
        let r = &self.record;
        match &self.change {
            Change::Renumbered(old) => Some(
                Diagnostic::error(
                    Location::at(&r.path, r.id_line, 1),
                    format!("id `{}` was `{old}` in {base}; a published id must never change", r.id),
                )
                .with_help(format!(
                    "put back `id: {old}`; to give the text a new id, keep this file as `{old}` with `merged_into: {}` and add the new outcome in a file of its own",
                    r.id
                )),
            ),
            Change::Removed => Some(
                Diagnostic::error(
                    Location::file(&r.path),
                    format!("outcome `{}` is removed; links and citations to it would break", r.id),
                )
                .with_help(format!(
                    "restore {} and add `withdrawn: {}` (or `merged_into: <id>`): it stays on the site as a note",
                    r.path.display(),
                    crate::scaffold::today()
                )),
            ),
            _ => None,
        }
    }
}

/// Compares the outcomes of the base with those of the working tree, in
/// the working tree's id order (removed ones last).
pub fn compare(base: &[Record], head: &[Record]) -> Vec<Entry> {
    let base_ids: HashMap<&str, &Record> = base.iter().map(|r| (r.id.as_str(), r)).collect();
    let head_ids: HashSet<&str> = head.iter().map(|r| r.id.as_str()).collect();
    // A base outcome gone from the working tree: renumbered when its file,
    // or failing that its title and text, now carry a new id.
    let gone: Vec<&Record> = base
        .iter()
        .filter(|r| !head_ids.contains(r.id.as_str()))
        .collect();
    let mut renumbered: HashMap<&str, &str> = HashMap::new();
    let mut claimed: HashSet<&str> = HashSet::new();
    let new: Vec<&Record> = head
        .iter()
        .filter(|r| !base_ids.contains_key(r.id.as_str()))
        .collect();
    for pass in [0, 1] {
        for old in &gone {
            if claimed.contains(old.id.as_str()) {
                continue;
            }
            let found = new.iter().find(|n| {
                !renumbered.contains_key(n.id.as_str())
                    && if pass == 0 {
                        n.path == old.path
                    } else {
                        n.title == old.title && n.text == old.text
                    }
            });
            if let Some(n) = found {
                renumbered.insert(&n.id, &old.id);
                claimed.insert(&old.id);
            }
        }
    }
    let mut out: Vec<Entry> = Vec::new();
    for r in head {
        let change = if let Some(old) = renumbered.get(r.id.as_str()) {
            Change::Renumbered(old.to_string())
        } else if let Some(was) = base_ids.get(r.id.as_str()) {
            match (&r.withdrawn, &r.merged_into) {
                (Some(date), _) if was.withdrawn.is_none() => Change::Withdrawn(date.clone()),
                (_, Some(into)) if was.merged_into.as_ref() != Some(into) => {
                    Change::Merged(into.clone())
                }
                _ => {
                    let fields = changed_fields(was, r);
                    if fields.is_empty() {
                        continue;
                    }
                    Change::Changed(fields)
                }
            }
        } else {
            Change::Added
        };
        out.push(Entry {
            record: r.clone(),
            change,
        });
    }
    for old in gone
        .into_iter()
        .filter(|o| !claimed.contains(o.id.as_str()))
    {
        out.push(Entry {
            record: old.clone(),
            change: Change::Removed,
        });
    }
    out
}

fn changed_fields(a: &Record, b: &Record) -> Vec<&'static str> {
    let mut f = Vec::new();
    for (name, same) in [
        ("title", a.title == b.title),
        ("text", a.text == b.text),
        ("addressees", a.addressees == b.addressees),
        ("status", a.status == b.status),
        ("session", a.session == b.session),
        ("kind", a.kind == b.kind),
        ("withdrawn", a.withdrawn == b.withdrawn),
        ("merged_into", a.merged_into == b.merged_into),
    ] {
        if !same {
            f.push(name);
        }
    }
    f
}

/// "1 added, 2 changed, ..." over the kinds that occur, in a fixed order.
fn counts(entries: &[Entry]) -> String {
    let mut by: BTreeMap<usize, (&str, usize)> = BTreeMap::new();
    for e in entries {
        let rank = [
            "added",
            "changed",
            "withdrawn",
            "merged",
            "renumbered",
            "removed",
        ]
        .iter()
        .position(|w| *w == e.word())
        .unwrap_or(0);
        by.entry(rank).or_insert((e.word(), 0)).1 += 1;
    }
    if by.is_empty() {
        return "no outcome added, changed or removed".into();
    }
    by.values()
        .map(|(w, n)| format!("{n} {w}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The comparison as lines for a terminal.
pub fn human(entries: &[Entry], base: &str, unchanged: usize) -> String {
    let mut s = format!(
        "outcomes compared with {base}: {}; {unchanged} unchanged\n",
        counts(entries)
    );
    for e in entries {
        let _ = writeln!(
            s,
            "  {:<10} {:<8} {}{}",
            e.word(),
            crate::diagnostics::visible(&e.record.id),
            crate::diagnostics::visible(&clip(&e.record.title)),
            match e.detail() {
                d if d.is_empty() => String::new(),
                d => format!("  ({})", crate::diagnostics::visible(&d)),
            }
        );
    }
    s
}

/// The comparison as a Markdown summary for a pull request (GitHub's job
/// summary). Every value from a file is escaped: a title cannot add a
/// link, an image, a table cell or HTML.
pub fn markdown(entries: &[Entry], base: &str, unchanged: usize) -> String {
    let mut s = format!(
        "### Outcome ids compared with `{}`\n\n{}; {unchanged} unchanged.\n",
        base.replace('`', "'"),
        counts(entries)
    );
    let errors = entries.iter().filter(|e| e.is_error()).count();
    if errors > 0 {
        let _ = writeln!(
            s,
            "\n**{errors} published id(s) would break.** Keep each outcome as a tombstone (`withdrawn: <date>` or `merged_into: <id>`) instead of deleting or renumbering it."
        );
    }
    if entries.is_empty() {
        return s;
    }
    s.push_str("\n| | id | title | what changed | file |\n|---|---|---|---|---|\n");
    for e in entries {
        let word = if e.is_error() {
            format!("**{} (error)**", e.word())
        } else {
            e.word().to_string()
        };
        let _ = writeln!(
            s,
            "| {word} | {} | {} | {} | {} |",
            md_cell(&e.record.id),
            md_cell(&clip(&e.record.title)),
            md_cell(&e.detail()),
            md_cell(&e.record.path.to_string_lossy())
        );
    }
    s
}

fn clip(s: &str) -> String {
    const MAX: usize = 120;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(MAX).collect();
        t.push('…');
        t
    }
}

/// One table cell of untrusted text: the characters that make Markdown or
/// HTML escaped, line breaks and control characters made spaces. (Cells
/// never start a line, so `-`, `+` and digits need nothing.)
pub fn md_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' => out.push_str("&#124;"),
            // Emphasis, code, links and images, strike-through, math, and
            // the `:`, `.` and `@` of the autolinks GitHub makes of bare
            // addresses.
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '!' | '~' | '$' | ':' | '.' | '@' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The outcome of `rapporteur diff`: the entries, how many ids stayed the
/// same, and the errors (renumbered or removed ids).
pub struct Report {
    pub entries: Vec<Entry>,
    pub unchanged: usize,
    pub errors: Vec<Diagnostic>,
    /// The base as given, with its short commit.
    pub base: String,
}

/// Compares the working tree under `root` with `base`.
pub fn diff(root: &Path, base: &str) -> Result<Report, Vec<Diagnostic>> {
    let sha = resolve(root, base).map_err(|e| vec![e])?;
    let before = outcomes_at(root, &sha).map_err(|e| vec![e])?;
    let now = outcomes_in_tree(root)?;
    let entries = compare(&before, &now);
    let touched: HashSet<&str> = entries.iter().map(|e| e.record.id.as_str()).collect();
    let unchanged = now
        .iter()
        .filter(|r| !touched.contains(r.id.as_str()))
        .count();
    let label = format!("{base} ({})", &sha[..sha.len().min(10)]);
    let errors = entries
        .iter()
        .filter_map(|e| e.to_diagnostic(base))
        .collect();
    Ok(Report {
        entries,
        unchanged,
        errors,
        base: label,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(path: &str, id: &str, title: &str, text: &str) -> Record {
        parse(
            Path::new(path),
            &format!("---\ntitle: {title}\nid: {id}\nsession: s\n---\n{text}\n"),
        )
        .unwrap()
    }

    #[test]
    fn every_kind_of_change_is_told_apart() {
        let base = vec![
            rec("a.md", "S1-R1", "Same", "x"),
            rec("b.md", "S1-R2", "Old title", "y"),
            rec("c.md", "S1-R3", "Renumbered", "z"),
            rec("d.md", "S1-R4", "Deleted", "w"),
            rec("e.md", "S1-R5", "Withdrawn", "v"),
            rec("f.md", "S1-R6", "Moved file", "u"),
        ];
        let mut withdrawn = rec("e.md", "S1-R5", "Withdrawn", "v");
        withdrawn.withdrawn = Some("2012-07-01".into());
        let head = vec![
            rec("a.md", "S1-R1", "Same", "x"),
            rec("b.md", "S1-R2", "New title", "y"),
            rec("c.md", "S1-R9", "Renumbered and retitled", "z"),
            withdrawn,
            rec("g.md", "S1-R8", "Moved file", "u"),
            rec("h.md", "S1-R7", "Brand new", "t"),
        ];
        let got: Vec<(String, Change)> = compare(&base, &head)
            .into_iter()
            .map(|e| (e.record.id, e.change))
            .collect();
        assert_eq!(
            got,
            vec![
                ("S1-R2".into(), Change::Changed(vec!["title"])),
                ("S1-R9".into(), Change::Renumbered("S1-R3".into())),
                ("S1-R5".into(), Change::Withdrawn("2012-07-01".into())),
                ("S1-R8".into(), Change::Renumbered("S1-R6".into())),
                ("S1-R7".into(), Change::Added),
                ("S1-R4".into(), Change::Removed),
            ]
        );
    }

    #[test]
    fn cells_cannot_add_markup() {
        let cell = md_cell("a | b <img src=x> [l](javascript:x) `c`\n# h");
        assert!(!cell.contains('|') && !cell.contains('<') && !cell.contains('\n'));
        assert!(cell.contains("\\[l\\](javascript\\:x)"), "{cell}");
        assert_eq!(md_cell("see https://x.org"), "see https\\://x\\.org");
    }

    #[test]
    fn refs_that_look_like_options_are_refused() {
        for bad in ["--output=/tmp/x", "-p", "", "a\nb"] {
            assert!(resolve(Path::new("."), bad).is_err(), "{bad:?}");
        }
    }
}
