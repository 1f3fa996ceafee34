//! Scaffolding: `rapporteur new` (one content file) and `rapporteur init`
//! (a whole new site with its GitHub workflows).
//!
//! `new` reads the site's existing front matter (through `source` and
//! `front_matter`) only to pick the next free session `order` and outcome
//! `id`; it never overwrites a file. The files `init` writes live in
//! `src/scaffold/` and are built into the binary.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Location};
use crate::front_matter::{Doc, parse_document};
use crate::model::Kind;
use crate::source::{self, is_slug};

/// The options of `rapporteur new`.
#[derive(Debug, Clone)]
pub struct NewOptions {
    pub root: PathBuf,
    /// Any kind but the event (which `init` writes).
    pub kind: Kind,
    pub slug: String,
    /// The session of a presentation or recommendation.
    pub session: Option<String>,
    /// For a recommendation: `finding` makes an `F` id, anything else an `R` id.
    pub finding: bool,
    pub title: Option<String>,
    /// `YYYY-MM-DD`.
    pub today: String,
}

/// The files of a new site, relative to its folder: its settings, an
/// event, one session with a presentation and a finding (written as `new`
/// writes them, with commented examples), the workflows (installing this
/// version of rapporteur) and the guide for contributors.
pub fn init_files(today: &str) -> Vec<(&'static str, String)> {
    let workflow = |text: &str| text.replace("@RAPPORTEUR_VERSION@", env!("CARGO_PKG_VERSION"));
    vec![
        ("config.yaml", include_str!("scaffold/config.yaml").into()),
        (
            "content/_index.md",
            include_str!("scaffold/event.md").into(),
        ),
        (
            "content/sessions/opening.md",
            session_text("\"Opening session\"", 1, "opening"),
        ),
        (
            "content/presentations/welcome.md",
            presentation_text("\"Welcome and objectives\"", "opening", 1, today),
        ),
        (
            "content/recommendations/s1-f1.md",
            recommendation_text("\"A first finding\"", "S1-F1", "opening", true, today),
        ),
        (
            ".github/workflows/pages.yml",
            workflow(include_str!("scaffold/pages.yml")),
        ),
        (
            ".github/workflows/check.yml",
            workflow(include_str!("scaffold/check.yml")),
        ),
        (".gitignore", include_str!("scaffold/gitignore").into()),
        (
            "CONTRIBUTING.md",
            site_guide(include_str!("../CONTRIBUTING.md")),
        ),
    ]
}

/// The repository's CONTRIBUTING.md without the parts about the bundled
/// site (between `<!-- bundled-site -->` and `<!-- /bundled-site -->`): the
/// guide for any site, kept in one place.
fn site_guide(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    for line in text.split_inclusive('\n') {
        match line.trim() {
            "<!-- bundled-site -->" => inside = true,
            "<!-- /bundled-site -->" => inside = false,
            _ if !inside => out.push_str(line),
            _ => {}
        }
    }
    out
}

/// Writes a new site into `dir`, which must be missing or empty.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(
            Diagnostic::general(format!("`{}` is not empty", dir.display()))
                .with_help("choose a new folder name; `init` never overwrites files"),
        );
    }
    let mut written = Vec::new();
    for (rel, text) in init_files(&today()) {
        let path = dir.join(rel);
        write_new(&path, &text)?;
        written.push(path);
    }
    Ok(written)
}

/// Writes one new content file; returns its path.
pub fn new_file(o: &NewOptions) -> Result<PathBuf, Diagnostic> {
    if !is_slug(&o.slug) {
        return Err(
            Diagnostic::general(format!("`{}` is not a valid slug", o.slug))
                .with_help("use lowercase letters, digits and hyphens, e.g. `data-for-planning`"),
        );
    }
    let docs = existing_documents(&o.root);
    let sessions = sessions_of(&docs);
    let title = o.title.clone().unwrap_or_else(|| title_from_slug(&o.slug));
    let title = yaml_string(&title);
    let text = match o.kind {
        Kind::Session => {
            let order = sessions.iter().map(|s| s.order).max().unwrap_or(0) + 1;
            session_text(&title, order, "thematic")
        }
        Kind::Presentation => {
            let session = pick_session(&sessions, o.session.as_deref())?;
            let order = docs
                .iter()
                .filter(|d| matches!(d, Doc::Presentation(p) if p.front.session.as_deref() == Some(session.slug.as_str())))
                .count() as i64
                + 1;
            presentation_text(&title, &session.slug, order, &o.today)
        }
        Kind::Outcome => {
            let session = pick_session(&sessions, o.session.as_deref())?;
            let id = next_id(&docs, session.order, o.finding);
            recommendation_text(&title, &id, &session.slug, o.finding, &o.today)
        }
        Kind::Page => page_text(&title, &o.today),
        Kind::Event => {
            return Err(
                Diagnostic::general("a site has one event, which `init` writes")
                    .with_help("edit `content/_index.md`"),
            );
        }
    };
    let rel = match o.kind.info().folder {
        Some(folder) => format!("content/{folder}/{}.md", o.slug),
        None => format!("content/{}.md", o.slug),
    };
    let path = o.root.join(&rel);
    write_new(&path, &text)?;
    Ok(path)
}

fn write_new(path: &Path, text: &str) -> Result<(), Diagnostic> {
    if path.exists() {
        return Err(
            Diagnostic::error(Location::file(path), "the file already exists")
                .with_help("choose another slug; `new` never overwrites files"),
        );
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| {
            Diagnostic::error(
                Location::file(parent),
                format!("cannot create the folder: {e}"),
            )
        })?;
    }
    std::fs::write(path, text)
        .map_err(|e| Diagnostic::error(Location::file(path), format!("cannot write the file: {e}")))
}

struct SessionInfo {
    slug: String,
    order: i64,
}

/// The documents of the site that parse; broken files are skipped (`check`
/// reports them).
fn existing_documents(root: &Path) -> Vec<Doc> {
    let (sources, _) = source::walk_site(
        root,
        Path::new("themes/none"),
        source::DEFAULT_MAX_FILE_BYTES,
    );
    sources
        .files
        .iter()
        .filter_map(|f| parse_document(f).ok())
        .map(|p| p.doc)
        .collect()
}

/// The sessions, in `order`.
/// The sessions in programme order, each with its number (its `order`,
/// or its place from 1), as the site numbers them.
fn sessions_of(docs: &[Doc]) -> Vec<SessionInfo> {
    let mut sessions: Vec<&crate::model::Document<crate::model::SessionFront>> = docs
        .iter()
        .filter_map(|d| match d {
            Doc::Session(d) => Some(d),
            _ => None,
        })
        .collect();
    crate::site::sort_sessions(&mut sessions, |d| d);
    sessions
        .iter()
        .enumerate()
        .map(|(i, d)| SessionInfo {
            slug: d.slug.clone(),
            order: d.front.order.unwrap_or(i as i64 + 1),
        })
        .collect()
}

fn pick_session<'a>(
    sessions: &'a [SessionInfo],
    wanted: Option<&str>,
) -> Result<&'a SessionInfo, Diagnostic> {
    let names = || {
        sessions
            .iter()
            .map(|s| format!("`{}`", s.slug))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match wanted {
        None => Err(
            Diagnostic::general("`--session` is needed: which session is this for?").with_help(
                if sessions.is_empty() {
                    "create a session first: `rapporteur new session opening`".to_string()
                } else {
                    format!("pass `--session` with one of {}", names())
                },
            ),
        ),
        Some(w) => sessions.iter().find(|s| s.slug == w).ok_or_else(|| {
            Diagnostic::general(format!("no session `{w}`")).with_help(
                match crate::diagnostics::closest(w, sessions.iter().map(|s| s.slug.as_str())) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => format!("sessions are {}", names()),
                },
            )
        }),
    }
}

/// `S<order>-R<n>` (or `-F<n>` for a finding) with the next free `n`.
fn next_id(docs: &[Doc], session_order: i64, finding: bool) -> String {
    let letter = if finding { 'F' } else { 'R' };
    let prefix = format!("S{session_order}-{letter}");
    let ids: Vec<&str> = docs
        .iter()
        .filter_map(|d| match d {
            Doc::Outcome(r) => Some(r.front.id.as_str()),
            _ => None,
        })
        .collect();
    let max = ids
        .iter()
        .filter_map(|id| id.strip_prefix(&prefix).and_then(|n| n.parse::<u32>().ok()))
        .max()
        .unwrap_or(0);
    let mut n = max + 1;
    while ids.contains(&format!("{prefix}{n}").as_str()) {
        n += 1;
    }
    format!("{prefix}{n}")
}

fn title_from_slug(slug: &str) -> String {
    let words: Vec<&str> = slug.split('-').filter(|w| !w.is_empty()).collect();
    let mut title = words.join(" ");
    if let Some(first) = title.get(..1) {
        title = first.to_uppercase() + &title[1..];
    }
    title
}

/// A YAML double-quoted string.
fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

fn session_text(title: &str, order: i64, kind: &str) -> String {
    format!(
        "---
# The session's title, as in the programme.
title: {title}
# Its number in the programme (1 = first); outcome ids start with S{order}.
order: {order}
# opening, thematic, closing, plenary, poster or break.
kind: {kind}
# To use a line below, delete its # and the one space after it.
# One sentence for lists and search results:
# summary: What the session was about, in one sentence.
# The day and times (24-hour, in quotes):
# date: 2030-01-15
# start: \"09:00\"
# end: \"10:30\"
# Who led the discussion and who took notes:
# facilitators:
#   - name: Amina Diallo
#     organization: Ministry of Finance
#     country: Senegal
# rapporteurs:
#   - name: Jon Berg
#     organization: IOM
# Topics, each with its own page:
# themes: [Remittances, Data]
---
<!-- Write here what the session discussed (this line is not published). -->
"
    )
}

fn presentation_text(title: &str, session: &str, order: i64, today: &str) -> String {
    format!(
        "---
# The presentation's title.
title: {title}
# The session it was given in: a file name of content/sessions/ without .md.
session: {session}
# Its place within the session (1 = first).
order: {order}
# The date this page was published (YYYY-MM-DD).
date: {today}
# To use a line below, delete its # and the one space after it.
# Who presented:
# presenters:
#   - name: Amina Diallo
#     organization: Ministry of Finance
#     country: Senegal
# The slides: a file in this folder (e.g. slides/{session}-{order}.pdf) or an https:// address:
# slides: slides/file.pdf
# Topics, each with its own page:
# themes: [Remittances]
---
<!-- Write here a short summary of the presentation (this line is not published). -->
"
    )
}

fn recommendation_text(title: &str, id: &str, session: &str, finding: bool, today: &str) -> String {
    let kind = if finding { "finding" } else { "recommendation" };
    format!(
        "---
# The outcome in one line.
title: {title}
# Its permanent id, used in links (#{id}): S and the session's order, then
# F (finding) or R (recommendation) and a number. Never reuse or change one.
id: {id}
# The session that agreed it: a file name of content/sessions/ without .md.
session: {session}
# finding or recommendation.
kind: {kind}
# The date this outcome was published (YYYY-MM-DD).
date: {today}
# To use a line below, delete its # and the one space after it.
# Who it is addressed to:
# addressees: [Governments, GFMD Chair]
# Where it stands:
# status: Agreed
# Topics, each with its own page:
# themes: [Remittances]
---
<!-- Write here the text of the {kind}, as agreed (this line is not published). -->
"
    )
}

fn page_text(title: &str, today: &str) -> String {
    format!(
        "---
# The page's title.
title: {title}
# The date this page was published (YYYY-MM-DD).
date: {today}
# Lower numbers come first in the page list.
weight: 100
# To use the line below, delete its # and the one space after it: one sentence for lists and search results.
# summary: What this page is about, in one sentence.
---
<!-- Write the page's text here, in Markdown (this line is not published). -->
"
    )
}

/// Today's date (UTC) as `YYYY-MM-DD`; `RAPPORTEUR_TODAY` overrides it (tests).
pub fn today() -> String {
    if let Ok(d) = std::env::var("RAPPORTEUR_TODAY") {
        return d;
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    civil_date((secs / 86_400) as i64)
}

/// Days since 1970-01-01 to a calendar date (H. Hinnant's algorithm).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(15_503), "2012-06-12");
        assert_eq!(civil_date(20_785), "2026-11-28");
    }

    #[test]
    fn the_site_guide_leaves_out_the_bundled_site() {
        let guide = site_guide("a\n<!-- bundled-site -->\nGFMD\n<!-- /bundled-site -->\nb\n");
        assert_eq!(guide, "a\nb\n");
        let real = site_guide(include_str!("../CONTRIBUTING.md"));
        assert!(!real.contains("bundled-site") && !real.contains("thematic-session-4"));
    }

    #[test]
    fn titles_from_slugs() {
        assert_eq!(title_from_slug("data-for-planning"), "Data for planning");
    }
}
