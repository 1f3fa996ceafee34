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

use crate::diagnostics::{Diagnostic, Location, line_column};
use crate::urls::Route;

/// The folder of Markdown sources.
pub const CONTENT_DIR: &str = "content";
/// Files copied verbatim to the output root.
pub const STATIC_DIR: &str = "static";

/// The sections whose files are typed documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Section {
    Sessions,
    Presentations,
    Recommendations,
}

impl Section {
    pub const ALL: [Section; 3] = [
        Section::Sessions,
        Section::Presentations,
        Section::Recommendations,
    ];

    /// The folder name under `content/`, which is also the URL segment.
    pub fn dir(self) -> &'static str {
        match self {
            Section::Sessions => "sessions",
            Section::Presentations => "presentations",
            Section::Recommendations => "recommendations",
        }
    }

    fn from_dir(dir: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.dir() == dir)
    }
}

/// What a Markdown file is, from where it sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceKind {
    /// `content/_index.md`
    Event,
    /// `content/<section>/_index.md`
    SectionIndex(Section),
    /// `content/<section>/<slug>.md`
    Member(Section),
    /// `content/<slug>.md`
    Page,
}

/// A Markdown file, read.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the site root, e.g. `content/sessions/opening.md`.
    pub path: PathBuf,
    pub kind: SourceKind,
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
}

/// Walks `content/` and the static folders of `root` and the theme.
pub fn walk_site(root: &Path, theme_dir: &Path) -> (Sources, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::error(Location::file(CONTENT_DIR), "no `content/` folder at the site root")
                .with_help("create `content/_index.md` describing the event, or pass `--root` to point at a site"),
        );
        return (Sources::default(), diagnostics);
    }

    let mut markdown = Vec::new();
    let mut content_assets = Vec::new();
    for (path, rel) in walk_files(root, Path::new(CONTENT_DIR), &mut diagnostics) {
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
            read_text(&path, &rel).map(|text| SourceFile {
                path: rel,
                kind,
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
    for (base, rel_dir) in [
        (root, Path::new(STATIC_DIR)),
        (theme_dir, Path::new(STATIC_DIR)),
    ] {
        if !base.join(rel_dir).is_dir() {
            continue;
        }
        for (path, rel) in walk_files(base, rel_dir, &mut diagnostics) {
            let inside = rel.strip_prefix(STATIC_DIR).unwrap_or(&rel);
            let route = Route::file(&slash_path(inside));
            if !static_assets.iter().any(|a: &Asset| a.route == route) {
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
        },
        diagnostics,
    )
}

/// Every regular file under `base/rel_dir`, skipping hidden ones, as
/// (path to read, path relative to `base`). Loops and unreadable entries
/// become diagnostics.
fn walk_files(
    base: &Path,
    rel_dir: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(PathBuf, PathBuf)> {
    let mut out = Vec::new();
    let walker = WalkDir::new(base.join(rel_dir))
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e
                    .path()
                    .strip_prefix(base)
                    .unwrap_or(e.path())
                    .to_path_buf();
                out.push((e.path().to_path_buf(), rel));
            }
            Ok(_) => {}
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| p.strip_prefix(base).unwrap_or(p).to_path_buf())
                    .unwrap_or_else(|| rel_dir.to_path_buf());
                let (message, help) = if e.loop_ancestor().is_some() {
                    (
                        "symbolic link loop".to_string(),
                        "this link points at a folder that contains it; remove the link",
                    )
                } else {
                    (
                        format!(
                            "cannot read: {}",
                            e.io_error()
                                .map_or_else(|| e.to_string(), |io| io.to_string())
                        ),
                        "check that the file exists and is readable",
                    )
                };
                diagnostics.push(Diagnostic::error(Location::file(path), message).with_help(help));
            }
        }
    }
    out
}

/// A path relative to some folder, with forward slashes.
fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Decides a Markdown file's kind, slug and language from its place.
fn classify(rel: &Path) -> Result<(SourceKind, String, Option<String>), Diagnostic> {
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
    let kind = match (parts.len(), stem) {
        (1, "_index") => SourceKind::Event,
        (1, _) => SourceKind::Page,
        (2, _) => match Section::from_dir(&parts[0]) {
            Some(section) if stem == "_index" => SourceKind::SectionIndex(section),
            Some(section) => SourceKind::Member(section),
            None => {
                return Err(Diagnostic::error(
                    location,
                    format!(
                        "Markdown file in `content/{}/`, which is not a section",
                        parts[0]
                    ),
                )
                .with_help(nearest_section_help(&parts[0])));
            }
        },
        _ => {
            return Err(Diagnostic::error(location, "Markdown file nested too deep")
                .with_help("put pages in `content/` or directly in `content/sessions/`, `content/presentations/` or `content/recommendations/`"));
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
    Ok((kind, slug, language))
}

fn nearest_section_help(dir: &str) -> String {
    match crate::diagnostics::closest(dir, Section::ALL.iter().map(|s| s.dir())) {
        Some(s) => format!("did you mean `content/{s}/`?"),
        None => "move the file to `content/` (a plain page) or into `content/sessions/`, `content/presentations/` or `content/recommendations/`".to_string(),
    }
}

/// Slugs are `^[a-z0-9][a-z0-9-]*$`.
pub fn is_slug(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A valid slug close to `s`, for the hint.
fn suggest_slug(s: &str) -> String {
    let ascii: String = s
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

fn read_text(path: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(Location::file(rel), format!("cannot read the file: {e}"))
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let (line, column) = line_column(&prefix, prefix.len());
        Diagnostic::error(
            Location::at(rel, line, column),
            "the file is not valid UTF-8",
        )
        .with_help("save the file with UTF-8 encoding")
    })
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
    }

    #[test]
    fn classify_by_place() {
        let c = |p: &str| classify(Path::new(p));
        assert_eq!(c("content/_index.md").unwrap().0, SourceKind::Event);
        assert_eq!(
            c("content/about.md").unwrap(),
            (SourceKind::Page, "about".into(), None)
        );
        assert_eq!(
            c("content/sessions/_index.md").unwrap().0,
            SourceKind::SectionIndex(Section::Sessions)
        );
        assert_eq!(
            c("content/sessions/opening.fr.md").unwrap(),
            (
                SourceKind::Member(Section::Sessions),
                "opening".into(),
                Some("fr".into())
            )
        );
        let e = c("content/sesions/x.md").unwrap_err();
        assert_eq!(e.help.as_deref(), Some("did you mean `content/sessions/`?"));
        assert!(c("content/sessions/Bad Name.md").is_err());
    }
}
