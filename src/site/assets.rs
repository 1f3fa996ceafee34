//! The files a site publishes as they are: which may be published at all
//! (no file that browsers run), and where a presentation's `slides` are.

use std::path::{Component, Path, PathBuf};

use super::Slides;
use crate::diagnostics::{Diagnostic, Location};
use crate::source::Sources;
use crate::urls::Route;

/// Files that browsers run as web pages or scripts, by extension, with
/// what GitHub Pages would do with each.
const ACTIVE_FILES: &[(&str, &str)] = &[
    ("html", "a web page of the site, where its scripts run"),
    ("htm", "a web page of the site, where its scripts run"),
    ("xhtml", "a web page of the site, where its scripts run"),
    ("xht", "a web page of the site, where its scripts run"),
    ("shtml", "a web page of the site, where its scripts run"),
    (
        "svg",
        "an image that runs its scripts when opened on its own",
    ),
    (
        "svgz",
        "an image that runs its scripts when opened on its own",
    ),
    (
        "xml",
        "a document that can run scripts through XSLT or XHTML",
    ),
    ("xsl", "a stylesheet that can run scripts"),
    ("xslt", "a stylesheet that can run scripts"),
    ("js", "a script that any page of the site could load"),
    ("mjs", "a script that any page of the site could load"),
];

/// Files published from `content/` as they are, by extension: documents,
/// images, media and data. Any other file there is an error, so that a page
/// saved without `.md` is never silently published as a download.
const DOWNLOADS: &[&str] = &[
    "pdf", "png", "jpg", "jpeg", "gif", "webp", "avif", "ico", "bmp", "tif", "tiff", "mp3", "m4a",
    "wav", "ogg", "oga", "mp4", "m4v", "webm", "ogv", "csv", "tsv", "json", "txt", "bib", "ris",
    "zip", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf", "epub",
];

/// The error for a file of `content/` that is neither a page nor a type
/// of file published as it is (see [`DOWNLOADS`]): a page saved without
/// `.md` (GitHub's web editor adds no extension), or as `.markdown`.
pub(super) fn unread_file(path: &Path) -> Option<Diagnostic> {
    let name = path.file_name()?.to_string_lossy();
    let shown = crate::diagnostics::display_path(path);
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, Some(ext.to_ascii_lowercase())),
        _ => (name.as_ref(), None),
    };
    let rename = format!("rename it to `{stem}.md`");
    let (message, help) = match ext.as_deref() {
        Some(e) if DOWNLOADS.contains(&e) => return None,
        Some("md" | "markdown" | "mdown" | "mkd" | "mkdn" | "mdwn") => (
            format!("`{shown}` is not read as a page: pages end in `.md`, in lowercase"),
            rename,
        ),
        None => (
            format!("`{shown}` has no extension, so it is neither read as a page nor published"),
            format!(
                "if it is a page, {rename} (GitHub's web editor adds no extension: type `.md` at the end of the name)"
            ),
        ),
        Some(_) => (
            format!(
                "`{shown}` is neither a page (`.md`) nor a kind of file published from `content/`"
            ),
            format!(
                "if it is a page, {rename}; documents, images, media and data files (PDF, PNG, CSV...) are published as they are, other files from `static/`"
            ),
        ),
    };
    Some(Diagnostic::error(Location::file(path), message).with_help(help))
}

/// What GitHub Pages would do with a file, if it is one that can run
/// scripts (see [`ACTIVE_FILES`]).
pub(super) fn active_kind(path: &str) -> Option<&'static str> {
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    ACTIVE_FILES
        .iter()
        .find(|(e, _)| *e == ext)
        .map(|(_, kind)| *kind)
}

pub(super) fn active_error(at: Location, path: &Path, kind: &str) -> Diagnostic {
    Diagnostic::error(
        at,
        format!(
            "`{}` would be published as active content: GitHub Pages serves it as {kind}",
            crate::diagnostics::display_path(path)
        ),
    )
    .with_help("publish a PDF or an image (PNG, JPEG) instead; set `assets.allow_active: true` in config.yaml only if every contributor is trusted (see SECURITY.md)")
}

/// Finds a `slides` file: relative to the page's folder, or from the site
/// root with a leading `/` (a file of `content/` or `static/`). Addresses
/// starting with `http://` or `https://` are taken as they are. The error
/// is the help to show, or `None` when the path was already reported (a
/// symbolic link refused by the walk).
pub(super) fn resolve_slides(
    page: &Path,
    slides: &str,
    sources: &Sources,
) -> Result<Slides, Option<String>> {
    if slides.starts_with("https://") || slides.starts_with("http://") {
        return Ok(Slides::External(slides.to_string()));
    }
    let content_dir = page
        .parent()
        .and_then(|p| p.strip_prefix("content").ok())
        .unwrap_or(Path::new(""));
    let joined = if let Some(rest) = slides.strip_prefix('/') {
        PathBuf::from(rest)
    } else {
        content_dir.join(slides)
    };
    let Some(normal) = normalize(&joined) else {
        return Err(Some(
            "the path leaves the site; put the file in `content/` or `static/`".to_string(),
        ));
    };
    let route = Route::file(&normal);
    let found = sources
        .content_assets
        .iter()
        .chain(&sources.static_assets)
        .find(|a| a.route == route);
    match found {
        Some(asset) => {
            let bytes = std::fs::symlink_metadata(&asset.source)
                .map(|m| m.len())
                .unwrap_or(0);
            Ok(Slides::File { route, bytes })
        }
        None if sources.refused.iter().any(|r| {
            r == &Path::new("content").join(&normal) || r == &Path::new("static").join(&normal)
        }) =>
        {
            Err(None)
        }
        None => Err(Some(format!(
            "put the file at `content/{normal}` (a path relative to this page's folder), or start the path with `/` for a file of `static/`"
        ))),
    }
}

/// `a/./b/../c` → `a/c`; `None` when the path climbs out of its root.
fn normalize(path: &Path) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_refuses_to_leave_the_root() {
        assert_eq!(
            normalize(Path::new("a/./b/../c.pdf")).as_deref(),
            Some("a/c.pdf")
        );
        assert_eq!(normalize(Path::new("../x")), None);
    }
}
