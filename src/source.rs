//! Sources: walking a site on disk and reading its files.
//!
//! Runs after `config`. It finds every Markdown file under `content/`, decides
//! from its place what kind of document it is, checks its slug, and reads it as
//! UTF-8; every other file under `content/`, `static/` and the theme's
//! `static/` becomes an [`Asset`] to copy. It does not parse front matter
//! (that is `front_matter`, next).

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Location, display_path, line_column};
use crate::model::Kind;
use crate::urls::Route;

/// The folder of Markdown sources.
pub const CONTENT_DIR: &str = "content";
/// Files copied verbatim to the output root.
pub const STATIC_DIR: &str = "static";

/// What a Markdown file is, from where it sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    /// A document of a kind: `content/_index.md` (the event),
    /// `content/<folder>/<slug>.md`, or `content/<slug>.md` (a plain page).
    Doc(Kind),
    /// `content/<folder>/_index.md`: the introduction of a kind's listing.
    Intro(Kind),
}

/// A Markdown file, read.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the site root, e.g. `content/sessions/opening.md`.
    pub path: PathBuf,
    pub place: Place,
    /// The file stem without a language suffix; empty for `_index.md`.
    pub slug: String,
    /// `fr` for `opening.fr.md`; `None` for the site's language.
    pub language: Option<String>,
    pub text: String,
}

/// A file copied to the output as it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Asset {
    /// Absolute or root-joined path to read from.
    pub source: PathBuf,
    /// Where it goes in the output.
    pub route: Route,
}

/// Everything found under a site root.
#[derive(Debug, Default)]
pub struct Sources {
    pub files: Vec<SourceFile>,
    /// Files of `content/` other than Markdown, at their place under `content/`.
    pub content_assets: Vec<Asset>,
    /// Files of the site's `static/`, then the theme's (the site's win).
    pub static_assets: Vec<Asset>,
    /// Paths (relative to the root) that were refused and already
    /// reported: symbolic links and special files.
    pub refused: Vec<PathBuf>,
}

/// Walks `content/` and the static folders of `root` and of the theme at
/// `theme_dir` (relative to `root`), reading Markdown files of at most
/// `max_bytes`.
pub fn walk_site(root: &Path, theme_dir: &Path, max_bytes: u64) -> (Sources, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut refused = Vec::new();
    match check_site_dir(root, Path::new(CONTENT_DIR)) {
        Ok(true) => {}
        Ok(false) => {
            diagnostics.push(
                Diagnostic::error(Location::file(CONTENT_DIR), "no `content/` folder at the site root")
                    .with_help("create `content/_index.md` describing the event, or pass `--root` to point at a site"),
            );
            return (Sources::default(), diagnostics);
        }
        Err(d) => return (Sources::default(), vec![d]),
    }

    let mut markdown = Vec::new();
    let mut content_assets = Vec::new();
    for (path, rel) in walk_files(root, Path::new(CONTENT_DIR), &mut diagnostics, &mut refused) {
        if rel.extension().is_some_and(|e| e == "md") {
            match classify(&rel) {
                Ok((kind, slug, language)) => markdown.push((path, rel, kind, slug, language)),
                Err(d) => diagnostics.push(d),
            }
        } else {
            let inside = rel.strip_prefix(CONTENT_DIR).unwrap_or(&rel);
            content_assets.push(Asset {
                source: path,
                route: Route::file(&slash_path(inside)),
            });
        }
    }

    let read: Vec<Result<SourceFile, Diagnostic>> = markdown
        .into_par_iter()
        .map(|(path, rel, kind, slug, language)| {
            read_text(&path, &rel, max_bytes).map(|text| SourceFile {
                path: rel,
                place: kind,
                slug,
                language,
                text,
            })
        })
        .collect();
    let mut files = Vec::with_capacity(read.len());
    for r in read {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diagnostics.push(d),
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    content_assets.sort();

    let mut static_assets = Vec::new();
    let mut routes = std::collections::HashSet::new();
    for dir in [PathBuf::from(STATIC_DIR), theme_dir.join(STATIC_DIR)] {
        match check_site_dir(root, &dir) {
            Ok(true) => {}
            Ok(false) => continue,
            Err(d) => {
                diagnostics.push(d);
                continue;
            }
        }
        for (path, rel) in walk_files(root, &dir, &mut diagnostics, &mut refused) {
            let inside = rel.strip_prefix(&dir).unwrap_or(&rel);
            let route = Route::file(&slash_path(inside));
            if routes.insert(route.clone()) {
                static_assets.push(Asset {
                    source: path,
                    route,
                });
            }
        }
    }
    static_assets.sort();

    (
        Sources {
            files,
            content_assets,
            static_assets,
            refused,
        },
        diagnostics,
    )
}

/// Every regular file under `base/rel_dir`, skipping hidden ones, as
/// (path to read, path relative to `base`). Symbolic links and special
/// files are never followed or read: each is an error, and its path goes
/// to `refused` so that nothing pointing at it is reported again.
fn walk_files(
    base: &Path,
    rel_dir: &Path,
    diagnostics: &mut Vec<Diagnostic>,
    refused: &mut Vec<PathBuf>,
) -> Vec<(PathBuf, PathBuf)> {
    let mut out = Vec::new();
    let walker = WalkDir::new(base.join(rel_dir))
        .follow_links(false)
        .follow_root_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let e = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| p.strip_prefix(base).unwrap_or(p).to_path_buf())
                    .unwrap_or_else(|| rel_dir.to_path_buf());
                let message = format!(
                    "cannot read: {}",
                    e.io_error()
                        .map_or_else(|| e.to_string(), |io| io.to_string())
                );
                diagnostics.push(
                    Diagnostic::error(Location::file(path), message)
                        .with_help("check that the file exists and is readable"),
                );
                continue;
            }
        };
        let rel = e
            .path()
            .strip_prefix(base)
            .unwrap_or(e.path())
            .to_path_buf();
        let kind = e.file_type();
        if kind.is_file() {
            out.push((e.path().to_path_buf(), rel));
        } else if kind.is_symlink() {
            diagnostics.push(symlink_error(&rel));
            refused.push(rel);
        } else if !kind.is_dir() {
            diagnostics.push(special_file_error(&rel));
            refused.push(rel);
        }
    }
    out
}

/// The error for a symbolic link among the site's sources.
pub fn symlink_error(rel: &Path) -> Diagnostic {
    Diagnostic::error(
        Location::file(rel),
        format!("`{}` is a symbolic link", display_path(rel)),
    )
    .with_help(
        "rapporteur never follows links, which could publish files from outside the site; put the file itself here",
    )
}

fn special_file_error(rel: &Path) -> Diagnostic {
    Diagnostic::error(
        Location::file(rel),
        format!("`{}` is not a regular file", display_path(rel)),
    )
    .with_help("only files and folders can be part of a site; remove it")
}

/// Checks that each folder on the way from `root` to `root/rel` that
/// exists is a real folder, not a symbolic link. Returns whether
/// `root/rel` exists.
pub fn check_site_dir(root: &Path, rel: &Path) -> Result<bool, Diagnostic> {
    let mut at = PathBuf::new();
    for part in rel.components() {
        at.push(part);
        match std::fs::symlink_metadata(root.join(&at)) {
            Err(_) => return Ok(false),
            Ok(m) if m.file_type().is_symlink() => return Err(symlink_error(&at)),
            Ok(m) if !m.is_dir() => {
                return Err(Diagnostic::error(
                    Location::file(&at),
                    format!("`{}` is not a folder", display_path(&at)),
                )
                .with_help("rename the file; this name is kept for a folder of the site"));
            }
            Ok(_) => {}
        }
    }
    Ok(true)
}

/// The largest source text (Markdown, `config.yaml`, a template) read by
/// default: 10 MB. A proceedings page is far smaller; the bound keeps a
/// hostile file from costing minutes or gigabytes.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 10_000_000;

/// The most markup one Markdown file may hold, counted by
/// [`markup_weight`]. Rendering builds a tree with a node for about every
/// mark, at up to a few hundred bytes each: a 9 MB table of one-letter
/// cells would take more than a gigabyte. Real pages stay far below (about
/// 3% of their bytes are marks; a 10 MB page of prose has some 300,000).
pub const MAX_MARKUP: usize = 1_500_000;

/// How much markup a text holds: the bytes that can open or close a
/// Markdown element (line breaks, `|`, `*`, `_`, brackets, `<`, `>`...).
pub fn markup_weight(text: &str) -> usize {
    text.bytes()
        .filter(|b| {
            matches!(
                b,
                b'\n'
                    | b'|'
                    | b'*'
                    | b'_'
                    | b'['
                    | b']'
                    | b'('
                    | b')'
                    | b'`'
                    | b'<'
                    | b'>'
                    | b'!'
                    | b'~'
                    | b'-'
                    | b'+'
                    | b'#'
                    | b'&'
                    | b'\\'
                    | b'='
            )
        })
        .count()
}

/// Opens a file of the site for reading, never through a symbolic link
/// (on Unix the last component is opened with `O_NOFOLLOW`) and never a
/// special file (a fifo would block, a device never ends).
pub fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    #[cfg(not(unix))]
    if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(std::io::Error::other("the file is a symbolic link"));
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    Ok(file)
}

/// Why a source text could not be read.
#[derive(Debug)]
pub enum ReadError {
    Io(std::io::Error),
    /// Larger than the limit, with its size in bytes.
    TooBig(u64),
}

/// Reads a whole file of the site with [`open_regular`], refusing one
/// larger than `max_bytes`.
pub fn read_limited(path: &Path, max_bytes: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let file = open_regular(path).map_err(ReadError::Io)?;
    let size = file.metadata().map_err(ReadError::Io)?.len();
    if size > max_bytes {
        return Err(ReadError::TooBig(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // The file may grow while it is read; never read past the limit.
    file.take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > max_bytes {
        return Err(ReadError::TooBig(bytes.len() as u64));
    }
    Ok(bytes)
}

impl ReadError {
    /// The diagnostic for the file at `rel` (relative to the site root).
    pub fn to_diagnostic(&self, rel: &Path, max_bytes: u64) -> Diagnostic {
        match self {
            ReadError::Io(e) => {
                Diagnostic::error(Location::file(rel), format!("cannot read the file: {e}"))
            }
            ReadError::TooBig(size) => Diagnostic::error(
                Location::file(rel),
                format!(
                    "the file is {} MB, more than the limit of {} MB",
                    size.div_ceil(1_000_000),
                    max_bytes / 1_000_000
                ),
            )
            .with_help("split it into several pages, or raise `limits.max_file_mb` in config.yaml"),
        }
    }
}

/// A path relative to some folder, with forward slashes.
fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Decides a Markdown file's place, slug and language from where it sits.
fn classify(rel: &Path) -> Result<(Place, String, Option<String>), Diagnostic> {
    let parts: Vec<String> = rel
        .components()
        .skip(1) // content/
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let location = Location::file(rel);
    let file_name = parts.last().cloned().unwrap_or_default();
    let stem = file_name.strip_suffix(".md").unwrap_or(&file_name);
    let (stem, language) = match stem.rsplit_once('.') {
        Some((s, lang)) if !s.is_empty() => (s, Some(lang.to_string())),
        _ => (stem, None),
    };
    if let Some(lang) = &language
        && (!(2..=3).contains(&lang.len()) || !lang.chars().all(|c| c.is_ascii_lowercase()))
    {
        return Err(
            Diagnostic::error(location, format!("`{file_name}` is not a valid file name"))
                .with_help("use lowercase letters, digits and hyphens, e.g. `opening-session.md`"),
        );
    }
    let place = match (parts.len(), stem) {
        (1, "_index") => Place::Doc(Kind::Event),
        (1, _) => Place::Doc(Kind::Page),
        (2, _) => match Kind::from_folder(&parts[0]) {
            Some(kind) if stem == "_index" => Place::Intro(kind),
            Some(kind) => Place::Doc(kind),
            None => {
                return Err(Diagnostic::error(
                    location,
                    format!(
                        "Markdown file in `content/{}/`, which is not a section",
                        parts[0]
                    ),
                )
                .with_help(nearest_folder_help(&parts[0])));
            }
        },
        _ => {
            return Err(
                Diagnostic::error(location, "Markdown file nested too deep").with_help(format!(
                    "put pages in `content/` or directly in {}",
                    folder_list()
                )),
            );
        }
    };
    let slug = if stem == "_index" {
        String::new()
    } else {
        if !is_slug(stem) {
            return Err(
                Diagnostic::error(location, format!("`{stem}` is not a valid slug")).with_help(
                    match suggest_slug(stem) {
                        s if s.is_empty() => {
                            "name the file with lowercase letters, digits and hyphens".to_string()
                        }
                        s => format!("rename the file to `{s}.md`"),
                    },
                ),
            );
        }
        stem.to_string()
    };
    Ok((place, slug, language))
}

/// `content/sessions/`, `content/presentations/` or `content/recommendations/`.
fn folder_list() -> String {
    let folders: Vec<String> = Kind::with_folders()
        .filter_map(|k| k.info().folder)
        .map(|f| format!("`content/{f}/`"))
        .collect();
    match folders.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => folders.concat(),
    }
}

fn nearest_folder_help(dir: &str) -> String {
    let folders = Kind::with_folders().filter_map(|k| k.info().folder);
    match crate::diagnostics::closest(dir, folders) {
        Some(s) => format!("did you mean `content/{s}/`?"),
        None => format!(
            "move the file to `content/` (a plain page) or into {}",
            folder_list()
        ),
    }
}

/// Slugs are `^[a-z0-9][a-z0-9-]*$`.
pub fn is_slug(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A valid slug close to `s`, for the hint.
/// Letters of other scripts and accents are transliterated (`klöwer` →
/// `klower`, `Économie` → `economie`), the rest becomes hyphens.
fn suggest_slug(s: &str) -> String {
    let ascii: String = deunicode::deunicode(s)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    ascii
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

fn read_text(path: &Path, rel: &Path, max_bytes: u64) -> Result<String, Diagnostic> {
    let bytes = read_limited(path, max_bytes).map_err(|e| e.to_diagnostic(rel, max_bytes))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let (line, column) = line_column(&prefix, prefix.len());
        Diagnostic::error(
            Location::at(rel, line, column),
            "the file is not valid UTF-8",
        )
        .with_help("save the file with UTF-8 encoding")
    })?;
    let weight = markup_weight(&text);
    if weight > MAX_MARKUP {
        return Err(Diagnostic::error(
            Location::file(rel),
            format!("the file holds too much markup to render: {weight} marks, more than the limit of {MAX_MARKUP}"),
        )
        .with_help("split it into several pages; publish a long table as a CSV file beside the page"));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_slug("opening"));
        assert!(is_slug("s2-r1"));
        assert!(is_slug("2012"));
        assert!(!is_slug("-x"));
        assert!(!is_slug("Opening"));
        assert!(!is_slug("a_b"));
        assert!(!is_slug(""));
        assert_eq!(suggest_slug("My Talk_2"), "my-talk-2");
        assert_eq!(suggest_slug("klöwer-talk"), "klower-talk");
        assert_eq!(suggest_slug("Économie_été"), "economie-ete");
    }

    #[test]
    fn classify_by_place() {
        let c = |p: &str| classify(Path::new(p));
        assert_eq!(c("content/_index.md").unwrap().0, Place::Doc(Kind::Event));
        assert_eq!(
            c("content/about.md").unwrap(),
            (Place::Doc(Kind::Page), "about".into(), None)
        );
        assert_eq!(
            c("content/sessions/_index.md").unwrap().0,
            Place::Intro(Kind::Session)
        );
        assert_eq!(
            c("content/recommendations/s1-r1.md").unwrap().0,
            Place::Doc(Kind::Outcome)
        );
        assert_eq!(
            c("content/sessions/opening.fr.md").unwrap(),
            (
                Place::Doc(Kind::Session),
                "opening".into(),
                Some("fr".into())
            )
        );
        let e = c("content/sesions/x.md").unwrap_err();
        assert_eq!(e.help.as_deref(), Some("did you mean `content/sessions/`?"));
        assert!(c("content/sessions/Bad Name.md").is_err());
        assert_eq!(
            c("content/a/b/c.md").unwrap_err().help.as_deref(),
            Some(
                "put pages in `content/` or directly in `content/sessions/`, `content/presentations/` or `content/recommendations/`"
            )
        );
    }
}
