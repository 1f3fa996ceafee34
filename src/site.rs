//! The site graph: every document resolved against the others.
//!
//! Runs after `front_matter` and before rendering. It drops drafts (unless
//! asked), checks what needs more than one file (a presentation's session
//! exists, recommendation ids are unique, slides exist, session orders are
//! distinct), and orders everything as the programme does. It renders
//! nothing: `render` turns a [`Site`] into pages.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Location};
use crate::front_matter::{
    Document, EventFront, PageFront, Parsed, PresentationFront, RecommendationFront, SectionFront,
    SessionFront,
};
use crate::source::{Asset, Section, Sources};
use crate::urls::{self, Route};

/// A session's slug: the stem of its file in `content/sessions/`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SessionId(pub String);

/// A recommendation's `id` (`S2-R1`), unique across the site.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OutcomeId(pub String);

/// A session with its presentations and outcomes, by index into [`Site`].
#[derive(Debug)]
pub struct Session {
    pub id: SessionId,
    pub doc: Document<SessionFront>,
    pub presentations: Vec<usize>,
    pub recommendations: Vec<usize>,
}

/// A presentation and the session it belongs to.
#[derive(Debug)]
pub struct Presentation {
    pub doc: Document<PresentationFront>,
    pub session: usize,
    pub slides: Option<Slides>,
}

/// A slides file (or an external address).
#[derive(Debug, Clone)]
pub enum Slides {
    /// A file of the site, with its size in bytes.
    File {
        route: Route,
        bytes: u64,
    },
    External(String),
}

/// A finding or recommendation and the session that agreed it.
#[derive(Debug)]
pub struct Recommendation {
    pub id: OutcomeId,
    pub doc: Document<RecommendationFront>,
    pub session: usize,
}

/// Something listed on a theme page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Item {
    Session(usize),
    Presentation(usize),
    Recommendation(usize),
    Page(usize),
}

/// A theme (or an addressee): a name, its URL segment and what carries it.
#[derive(Debug)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub items: Vec<Item>,
}

/// The themes (or addressees) of a site, sorted by name, found by slug.
#[derive(Debug, Default)]
pub struct Terms {
    list: Vec<Term>,
    by_slug: HashMap<String, usize>,
}

impl Terms {
    fn new(list: Vec<Term>) -> Self {
        let by_slug = list
            .iter()
            .enumerate()
            .map(|(i, t)| (t.slug.clone(), i))
            .collect();
        Terms { list, by_slug }
    }

    /// The term whose slug `name` makes.
    pub fn find(&self, name: &str) -> Option<&Term> {
        self.by_slug
            .get(&urls::segment(name))
            .map(|&i| &self.list[i])
    }
}

impl std::ops::Deref for Terms {
    type Target = [Term];
    fn deref(&self) -> &[Term] {
        &self.list
    }
}

/// The whole proceedings, resolved and in programme order.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub event: Document<EventFront>,
    pub section_intros: BTreeMap<Section, Document<SectionFront>>,
    /// In programme order (`order`).
    pub sessions: Vec<Session>,
    /// In programme order: by session, then `order`.
    pub presentations: Vec<Presentation>,
    /// In programme order: by session, then `weight` and id.
    pub recommendations: Vec<Recommendation>,
    /// By `weight`, then title.
    pub pages: Vec<Document<PageFront>>,
    pub themes: Terms,
    pub addressees: Terms,
    pub content_assets: Vec<Asset>,
    pub static_assets: Vec<Asset>,
}

/// One document of a [`Site`], by kind and index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocRef {
    Event,
    SectionIntro(Section),
    Session(usize),
    Presentation(usize),
    Recommendation(usize),
    Page(usize),
}

impl Site {
    /// Every document with its source path, in a stable order.
    pub fn documents(&self) -> Vec<(DocRef, &Path)> {
        let mut out = vec![(DocRef::Event, self.event.path.as_path())];
        out.extend(
            self.section_intros
                .iter()
                .map(|(s, d)| (DocRef::SectionIntro(*s), d.path.as_path())),
        );
        out.extend(
            self.sessions
                .iter()
                .enumerate()
                .map(|(i, s)| (DocRef::Session(i), s.doc.path.as_path())),
        );
        out.extend(
            self.presentations
                .iter()
                .enumerate()
                .map(|(i, p)| (DocRef::Presentation(i), p.doc.path.as_path())),
        );
        out.extend(
            self.recommendations
                .iter()
                .enumerate()
                .map(|(i, r)| (DocRef::Recommendation(i), r.doc.path.as_path())),
        );
        out.extend(
            self.pages
                .iter()
                .enumerate()
                .map(|(i, p)| (DocRef::Page(i), p.path.as_path())),
        );
        out
    }

    /// The document whose source is `path` (relative to the site root).
    pub fn find(&self, path: &Path) -> Option<DocRef> {
        self.documents()
            .into_iter()
            .find(|(_, p)| *p == path)
            .map(|(d, _)| d)
    }

    /// A document's front matter as written.
    pub fn yaml_of(&self, doc: DocRef) -> &str {
        match doc {
            DocRef::Event => &self.event.yaml,
            DocRef::SectionIntro(s) => self.section_intros.get(&s).map_or("", |d| d.yaml.as_str()),
            DocRef::Session(i) => &self.sessions[i].doc.yaml,
            DocRef::Presentation(i) => &self.presentations[i].doc.yaml,
            DocRef::Recommendation(i) => &self.recommendations[i].doc.yaml,
            DocRef::Page(i) => &self.pages[i].yaml,
        }
    }
}

/// Page slugs that the site's own pages use.
pub const RESERVED_SLUGS: &[&str] = &[
    "programme",
    "sessions",
    "presentations",
    "recommendations",
    "themes",
    "report",
    "404",
    "search",
];

/// What `resolve` needs besides the documents.
pub struct ResolveInput {
    pub config: Config,
    pub documents: Vec<Parsed>,
    /// Files that failed to parse, so nothing pointing at them is reported again.
    pub broken: HashSet<PathBuf>,
    pub sources: Sources,
    pub include_drafts: bool,
}

/// Resolves documents into a [`Site`], or returns every problem found.
pub fn resolve(input: ResolveInput) -> Result<Site, Vec<Diagnostic>> {
    let ResolveInput {
        config,
        documents,
        broken,
        sources,
        include_drafts,
    } = input;
    let mut errors = Vec::new();
    let mut event = None;
    let mut section_intros = BTreeMap::new();
    let mut sessions_docs = Vec::new();
    let mut presentation_docs = Vec::new();
    let mut recommendation_docs = Vec::new();
    let mut pages = Vec::new();
    let mut draft_sessions = HashSet::new();
    let mut seen_slugs: HashMap<(Option<Section>, String), PathBuf> = HashMap::new();

    for parsed in documents {
        let (path, language, slug, section, draft) = match &parsed {
            Parsed::Event(d) => (&d.path, &d.language, "", None, d.front.draft),
            Parsed::SectionIndex(_, d) => (&d.path, &d.language, "", None, d.front.draft),
            Parsed::Session(d) => (
                &d.path,
                &d.language,
                d.slug.as_str(),
                Some(Section::Sessions),
                d.front.draft,
            ),
            Parsed::Presentation(d) => (
                &d.path,
                &d.language,
                d.slug.as_str(),
                Some(Section::Presentations),
                d.front.draft,
            ),
            Parsed::Recommendation(d) => (
                &d.path,
                &d.language,
                d.slug.as_str(),
                Some(Section::Recommendations),
                d.front.draft,
            ),
            Parsed::Page(d) => (&d.path, &d.language, d.slug.as_str(), None, d.front.draft),
        };
        if let Some(lang) = language
            && *lang != config.language
        {
            errors.push(
                Diagnostic::error(
                    Location::file(path),
                    format!("pages in other languages (`.{lang}.md`) are not supported yet"),
                )
                .with_help(format!(
                    "the site's language is `{}`; rename the file without `.{lang}`",
                    config.language
                )),
            );
            continue;
        }
        if !slug.is_empty()
            && let Some(other) = seen_slugs.insert((section, slug.to_string()), path.clone())
        {
            errors.push(
                Diagnostic::error(
                    Location::file(path),
                    format!("two files for the page `{slug}`"),
                )
                .with_help(format!(
                    "`{}` has the same slug; remove one",
                    other.display()
                )),
            );
            continue;
        }
        if draft && !include_drafts {
            if let Parsed::Session(d) = &parsed {
                draft_sessions.insert(d.slug.clone());
            }
            if let Parsed::Event(d) = &parsed {
                errors.push(
                    Diagnostic::error(d.key_location("draft"), "the event page cannot be a draft")
                        .with_help("remove `draft: true` from `content/_index.md`"),
                );
            }
            continue;
        }
        match parsed {
            Parsed::Event(d) => event = Some(d),
            Parsed::SectionIndex(s, d) => {
                section_intros.insert(s, d);
            }
            Parsed::Session(d) => sessions_docs.push(d),
            Parsed::Presentation(d) => presentation_docs.push(d),
            Parsed::Recommendation(d) => recommendation_docs.push(d),
            Parsed::Page(d) => {
                if RESERVED_SLUGS.contains(&d.slug.as_str()) {
                    errors.push(
                        Diagnostic::error(
                            Location::file(&d.path),
                            format!("`{}` is a page the site makes itself", d.slug),
                        )
                        .with_help(format!(
                            "rename the file, e.g. `content/{}-notes.md`",
                            d.slug
                        )),
                    );
                } else {
                    pages.push(d);
                }
            }
        }
    }

    let event_path = Path::new("content").join("_index.md");
    if event.is_none() && !broken.contains(&event_path) {
        errors.push(
            Diagnostic::error(Location::file(&event_path), "no event page")
                .with_help("create `content/_index.md` with the event's `title` (and dates, venue...) in front matter"),
        );
    }

    // Sessions, in programme order.
    sessions_docs.sort_by(|a, b| {
        a.front
            .order
            .cmp(&b.front.order)
            .then_with(|| a.slug.cmp(&b.slug))
    });
    for pair in sessions_docs.windows(2) {
        if pair[0].front.order == pair[1].front.order {
            errors.push(
                Diagnostic::error(
                    pair[1].key_location("order"),
                    format!(
                        "`order: {}` is also used by `{}`",
                        pair[1].front.order,
                        pair[0].path.display()
                    ),
                )
                .with_help("give each session its own `order` number"),
            );
        }
    }
    if let Some(e) = &event {
        for s in &sessions_docs {
            if let Some(date) = &s.front.date {
                let before = e
                    .front
                    .start_date
                    .as_ref()
                    .is_some_and(|start| date < start);
                let after = e
                    .front
                    .end_date
                    .as_ref()
                    .or(e.front.start_date.as_ref())
                    .is_some_and(|end| date > end);
                if before || after {
                    errors.push(
                        Diagnostic::error(
                            s.key_location("date"),
                            format!("session date {date} is outside the event's dates"),
                        )
                        .with_help(format!(
                            "the event runs {} to {}, per `content/_index.md`",
                            e.front.start_date.as_deref().unwrap_or("?"),
                            e.front
                                .end_date
                                .as_deref()
                                .or(e.front.start_date.as_deref())
                                .unwrap_or("?")
                        )),
                    );
                }
            }
        }
    }
    let session_index: HashMap<String, usize> = sessions_docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.slug.clone(), i))
        .collect();
    let broken_sessions: HashSet<String> = broken
        .iter()
        .filter(|p| p.parent() == Some(Path::new("content/sessions")))
        .filter_map(|p| {
            p.file_stem().map(|s| {
                s.to_string_lossy()
                    .split('.')
                    .next()
                    .unwrap_or("")
                    .to_string()
            })
        })
        .collect();
    let find_session = |key_loc: Location,
                        slug: &str,
                        errors: &mut Vec<Diagnostic>|
     -> Option<usize> {
        if let Some(&i) = session_index.get(slug) {
            return Some(i);
        }
        if broken_sessions.contains(slug) {
            return None; // already reported where it failed
        }
        let d = if draft_sessions.contains(slug) {
            Diagnostic::error(key_loc, format!("session `{slug}` is a draft")).with_help(
                "publish the session (remove `draft: true`) or mark this file `draft: true` too",
            )
        } else {
            let help =
                match crate::diagnostics::closest(slug, session_index.keys().map(String::as_str)) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None if session_index.is_empty() => {
                        "add the session as `content/sessions/<slug>.md`".to_string()
                    }
                    None => format!(
                        "`session` names a file of `content/sessions/`, one of: {}",
                        sorted_names(session_index.keys())
                    ),
                };
            Diagnostic::error(key_loc, format!("no session `{slug}`")).with_help(help)
        };
        errors.push(d);
        None
    };

    // Presentations.
    let mut presentations = Vec::new();
    for d in presentation_docs {
        let Some(session) = find_session(d.key_location("session"), &d.front.session, &mut errors)
        else {
            continue;
        };
        let slides = match &d.front.slides {
            Some(s) => match resolve_slides(&d.path, s, &sources) {
                Ok(Slides::File { route, .. })
                    if !config.assets.allow_active && active_kind(route.as_str()).is_some() =>
                {
                    // Files of `content/` are reported where they are.
                    let in_content = sources.content_assets.iter().any(|a| a.route == route);
                    if !in_content {
                        let kind = active_kind(route.as_str()).unwrap_or("");
                        errors.push(active_error(d.key_location("slides"), Path::new(s), kind));
                    }
                    None
                }
                Ok(slides) => Some(slides),
                Err(None) => None,
                Err(Some(help)) => {
                    errors.push(
                        Diagnostic::error(
                            d.key_location("slides"),
                            format!("slides file `{s}` not found"),
                        )
                        .with_help(help),
                    );
                    None
                }
            },
            None => None,
        };
        presentations.push(Presentation {
            doc: d,
            session,
            slides,
        });
    }
    presentations.sort_by(|a, b| {
        a.session
            .cmp(&b.session)
            .then_with(|| {
                a.doc
                    .front
                    .order
                    .unwrap_or(i64::MAX)
                    .cmp(&b.doc.front.order.unwrap_or(i64::MAX))
            })
            .then_with(|| {
                a.doc
                    .front
                    .weight
                    .unwrap_or(i64::MAX)
                    .cmp(&b.doc.front.weight.unwrap_or(i64::MAX))
            })
            .then_with(|| a.doc.slug.cmp(&b.doc.slug))
    });

    // Recommendations.
    let mut recommendations = Vec::new();
    let mut ids: HashMap<String, PathBuf> = HashMap::new();
    for d in recommendation_docs {
        if let Some(other) = ids.get(&d.front.id) {
            errors.push(
                Diagnostic::error(
                    d.key_location("id"),
                    format!("duplicate id `{}`", d.front.id),
                )
                .with_help(format!(
                    "`{}` already uses it; ids must be unique",
                    other.display()
                )),
            );
            continue;
        }
        ids.insert(d.front.id.clone(), d.path.clone());
        let Some(session) = find_session(d.key_location("session"), &d.front.session, &mut errors)
        else {
            continue;
        };
        recommendations.push(Recommendation {
            id: OutcomeId(d.front.id.clone()),
            doc: d,
            session,
        });
    }
    recommendations.sort_by(|a, b| {
        a.session
            .cmp(&b.session)
            .then_with(|| {
                a.doc
                    .front
                    .weight
                    .unwrap_or(i64::MAX)
                    .cmp(&b.doc.front.weight.unwrap_or(i64::MAX))
            })
            .then_with(|| natural_cmp(&a.id.0, &b.id.0))
    });

    pages.sort_by(|a, b| {
        a.front
            .weight
            .unwrap_or(i64::MAX)
            .cmp(&b.front.weight.unwrap_or(i64::MAX))
            .then_with(|| a.front.title.cmp(&b.front.title))
            .then_with(|| a.slug.cmp(&b.slug))
    });

    if !config.assets.allow_active {
        for a in &sources.content_assets {
            if let Some(kind) = active_kind(a.route.as_str()) {
                let path = Path::new("content").join(a.route.as_str());
                errors.push(active_error(Location::file(&path), &path, kind));
            }
        }
    }

    let Some(event) = event else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut sessions: Vec<Session> = sessions_docs
        .into_iter()
        .map(|doc| Session {
            id: SessionId(doc.slug.clone()),
            doc,
            presentations: Vec::new(),
            recommendations: Vec::new(),
        })
        .collect();
    for (i, p) in presentations.iter().enumerate() {
        sessions[p.session].presentations.push(i);
    }
    for (i, r) in recommendations.iter().enumerate() {
        sessions[r.session].recommendations.push(i);
    }

    let mut theme_items: Vec<(&str, Item)> = Vec::new();
    for (i, s) in sessions.iter().enumerate() {
        theme_items.extend(
            s.doc
                .front
                .themes
                .iter()
                .map(|t| (t.as_str(), Item::Session(i))),
        );
    }
    for (i, p) in presentations.iter().enumerate() {
        theme_items.extend(
            p.doc
                .front
                .themes
                .iter()
                .map(|t| (t.as_str(), Item::Presentation(i))),
        );
    }
    for (i, r) in recommendations.iter().enumerate() {
        theme_items.extend(
            r.doc
                .front
                .themes
                .iter()
                .map(|t| (t.as_str(), Item::Recommendation(i))),
        );
    }
    for (i, p) in pages.iter().enumerate() {
        theme_items.extend(p.front.themes.iter().map(|t| (t.as_str(), Item::Page(i))));
    }
    let themes = Terms::new(group_terms(theme_items));
    let addressees = Terms::new(group_terms(
        recommendations
            .iter()
            .enumerate()
            .flat_map(|(i, r)| {
                r.doc
                    .front
                    .addressees
                    .iter()
                    .map(move |a| (a.as_str(), Item::Recommendation(i)))
            })
            .collect(),
    ));

    Ok(Site {
        config,
        event,
        section_intros,
        sessions,
        presentations,
        recommendations,
        pages,
        themes,
        addressees,
        content_assets: sources.content_assets,
        static_assets: sources.static_assets,
    })
}

fn sorted_names<'a>(names: impl Iterator<Item = &'a String>) -> String {
    let mut v: Vec<&String> = names.collect();
    v.sort();
    v.iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Groups names that make the same URL segment (`CMS/other`, `cms other`)
/// into one term named after the first spelling in sort order.
fn group_terms(mut items: Vec<(&str, Item)>) -> Vec<Term> {
    items.sort();
    let mut by_slug: BTreeMap<String, Term> = BTreeMap::new();
    for (name, item) in items {
        let slug = urls::segment(name);
        if slug.is_empty() {
            continue;
        }
        let term = by_slug.entry(slug.clone()).or_insert_with(|| Term {
            name: name.trim().to_string(),
            slug,
            items: Vec::new(),
        });
        term.items.push(item);
    }
    let mut terms: Vec<Term> = by_slug.into_values().collect();
    for t in &mut terms {
        t.items.sort();
        t.items.dedup();
    }
    terms.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.slug.cmp(&b.slug))
    });
    terms
}

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

/// What GitHub Pages would do with a file, if it is one that can run
/// scripts (see [`ACTIVE_FILES`]).
fn active_kind(path: &str) -> Option<&'static str> {
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    ACTIVE_FILES
        .iter()
        .find(|(e, _)| *e == ext)
        .map(|(_, kind)| *kind)
}

fn active_error(at: Location, path: &Path, kind: &str) -> Diagnostic {
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
fn resolve_slides(page: &Path, slides: &str, sources: &Sources) -> Result<Slides, Option<String>> {
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
            let bytes = std::fs::metadata(&asset.source)
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

/// Orders `S2-R10` after `S2-R9`: runs of digits compare as numbers.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a, b);
    loop {
        match (a.chars().next(), b.chars().next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let na = a.find(|c: char| !c.is_ascii_digit()).unwrap_or(a.len());
                let nb = b.find(|c: char| !c.is_ascii_digit()).unwrap_or(b.len());
                let (da, db) = (
                    a[..na].trim_start_matches('0'),
                    b[..nb].trim_start_matches('0'),
                );
                let o = da.len().cmp(&db.len()).then_with(|| da.cmp(db));
                if o != Ordering::Equal {
                    return o;
                }
                a = &a[na..];
                b = &b[nb..];
            }
            (Some(x), Some(y)) => {
                let o = x.cmp(&y);
                if o != Ordering::Equal {
                    return o;
                }
                a = &a[x.len_utf8()..];
                b = &b[y.len_utf8()..];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_of_ids() {
        let mut ids = vec!["S2-R10", "S2-R9", "S10-R1", "S2-R1"];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(ids, vec!["S2-R1", "S2-R9", "S2-R10", "S10-R1"]);
    }

    #[test]
    fn normalize_refuses_to_leave_the_root() {
        assert_eq!(
            normalize(Path::new("a/./b/../c.pdf")).as_deref(),
            Some("a/c.pdf")
        );
        assert_eq!(normalize(Path::new("../x")), None);
    }

    #[test]
    fn terms_with_the_same_segment_merge() {
        let terms = group_terms(vec![
            ("CMS/other", Item::Page(0)),
            ("cms other", Item::Page(1)),
        ]);
        assert_eq!(terms.len(), 1);
        assert_eq!(terms[0].slug, "cms-other");
        assert_eq!(terms[0].items, vec![Item::Page(0), Item::Page(1)]);
    }
}
