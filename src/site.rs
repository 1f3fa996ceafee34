//! The site graph: every document resolved against the others.
//!
//! Runs after `front_matter` and before the bodies are rendered. [`resolve`]
//! drops drafts (unless asked), checks what needs more than one file (a
//! presentation's session exists, outcome ids are unique, slides exist,
//! session orders are distinct), and orders everything as the programme
//! does. The [`Site`] it makes is never changed afterwards; the Markdown
//! bodies leave it as [`Texts`], for `bodies` to render.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Location};
use crate::front_matter::{Doc, Parsed};
use crate::model::{
    Common, DocRef, Document, EventFront, Front, IntroFront, Kind, OutcomeFront, OutcomeIx,
    PageFront, PageIx, PresentationFront, PresentationIx, SessionFront, SessionIx, Table,
};
use crate::source::{Asset, Sources};
use crate::urls::{self, Route};

/// A session with its presentations and outcomes.
#[derive(Debug)]
pub struct Session {
    pub doc: Document<SessionFront>,
    pub presentations: Vec<PresentationIx>,
    pub outcomes: Vec<OutcomeIx>,
}

/// A presentation and the session it belongs to.
#[derive(Debug)]
pub struct Presentation {
    pub doc: Document<PresentationFront>,
    pub session: SessionIx,
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
pub struct Outcome {
    pub doc: Document<OutcomeFront>,
    pub session: SessionIx,
}

impl Outcome {
    /// Its `id` (`S2-R1`), unique across the site.
    pub fn id(&self) -> &str {
        &self.doc.front.id
    }
}

/// A theme (or an addressee): a name, its URL segment and what carries it.
#[derive(Debug)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub items: Vec<DocRef>,
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
    /// The introductions of the kinds' listing pages, by kind.
    pub intros: BTreeMap<Kind, Document<IntroFront>>,
    /// In programme order (`order`).
    pub sessions: Table<SessionIx, Session>,
    /// In programme order: by session, then `order`.
    pub presentations: Table<PresentationIx, Presentation>,
    /// In programme order: by session, then `weight` and id.
    pub outcomes: Table<OutcomeIx, Outcome>,
    /// By `weight`, then title.
    pub pages: Table<PageIx, Document<PageFront>>,
    pub themes: Terms,
    pub addressees: Terms,
    pub content_assets: Vec<Asset>,
    pub static_assets: Vec<Asset>,
}

/// The Markdown body of every document of a [`Site`], by slot (see
/// [`Site::slot`]), for `bodies` to render and free.
#[derive(Debug, Default)]
pub struct Texts(pub Vec<String>);

impl Site {
    /// Every document with its source path, in slot order.
    pub fn documents(&self) -> Vec<(DocRef, &Path)> {
        let mut out = vec![(DocRef::Event, self.event.path.as_path())];
        out.extend(
            self.intros
                .iter()
                .map(|(k, d)| (DocRef::Intro(*k), d.path.as_path())),
        );
        out.extend(
            self.sessions
                .indexed()
                .map(|(i, s)| (DocRef::Session(i), s.doc.path.as_path())),
        );
        out.extend(
            self.presentations
                .indexed()
                .map(|(i, p)| (DocRef::Presentation(i), p.doc.path.as_path())),
        );
        out.extend(
            self.outcomes
                .indexed()
                .map(|(i, o)| (DocRef::Outcome(i), o.doc.path.as_path())),
        );
        out.extend(
            self.pages
                .indexed()
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

    /// What every document has: its path, slug, front matter as written,
    /// first body line and common keys. `None` for a missing introduction.
    pub fn head(&self, doc: DocRef) -> Option<Head<'_>> {
        fn head<F: Front>(d: &Document<F>) -> Head<'_> {
            Head {
                path: &d.path,
                slug: &d.slug,
                yaml: &d.yaml,
                body_line: d.body_line,
                common: d.front.common(),
            }
        }
        Some(match doc {
            DocRef::Event => head(&self.event),
            DocRef::Intro(k) => head(self.intros.get(&k)?),
            DocRef::Session(i) => head(&self.sessions.get(i)?.doc),
            DocRef::Presentation(i) => head(&self.presentations.get(i)?.doc),
            DocRef::Outcome(i) => head(&self.outcomes.get(i)?.doc),
            DocRef::Page(i) => head(self.pages.get(i)?),
        })
    }

    /// The place of a document's body among all bodies: the event first,
    /// then one place per kind with a folder (its introduction, present or
    /// not), then sessions, presentations, outcomes and pages.
    pub fn slot(&self, doc: DocRef) -> usize {
        let intros = Kind::with_folders().count();
        let sessions = 1 + intros;
        let presentations = sessions + self.sessions.len();
        let outcomes = presentations + self.presentations.len();
        let pages = outcomes + self.outcomes.len();
        match doc {
            DocRef::Event => 0,
            DocRef::Intro(k) => 1 + Kind::with_folders().position(|f| f == k).unwrap_or(0),
            DocRef::Session(i) => sessions + i.get(),
            DocRef::Presentation(i) => presentations + i.get(),
            DocRef::Outcome(i) => outcomes + i.get(),
            DocRef::Page(i) => pages + i.get(),
        }
    }

    /// How many slots there are (see [`Site::slot`]).
    pub fn slot_count(&self) -> usize {
        1 + Kind::with_folders().count()
            + self.sessions.len()
            + self.presentations.len()
            + self.outcomes.len()
            + self.pages.len()
    }
}

/// The parts of a document that every kind has.
#[derive(Debug, Clone, Copy)]
pub struct Head<'a> {
    pub path: &'a Path,
    pub slug: &'a str,
    pub yaml: &'a str,
    pub body_line: usize,
    pub common: Common<'a>,
}

/// What `resolve` needs besides the documents.
pub struct ResolveInput {
    pub config: Config,
    pub documents: Vec<Parsed>,
    /// Files that failed to parse, so nothing pointing at them is reported again.
    pub broken: HashSet<PathBuf>,
    pub sources: Sources,
    pub include_drafts: bool,
}

/// A document on its way into the site, with its body.
type WithBody<D> = (D, String);

/// The documents of a run sorted by kind, before they are checked
/// against each other.
#[derive(Default)]
struct Collected {
    event: Option<WithBody<Document<EventFront>>>,
    intros: BTreeMap<Kind, WithBody<Document<IntroFront>>>,
    sessions: Vec<WithBody<Document<SessionFront>>>,
    presentations: Vec<WithBody<Document<PresentationFront>>>,
    outcomes: Vec<WithBody<Document<OutcomeFront>>>,
    pages: Vec<WithBody<Document<PageFront>>>,
    /// Slugs of sessions left out as drafts.
    draft_sessions: HashSet<String>,
}

/// Resolves documents into a [`Site`] and the bodies' [`Texts`], or returns
/// every problem found.
pub fn resolve(input: ResolveInput) -> Result<(Site, Texts), Vec<Diagnostic>> {
    let ResolveInput {
        config,
        documents,
        broken,
        sources,
        include_drafts,
    } = input;
    let mut errors = Vec::new();
    let mut c = collect(documents, &config, include_drafts, &mut errors);
    let event_path = Path::new("content").join("_index.md");
    if c.event.is_none() && !broken.contains(&event_path) {
        errors.push(
            Diagnostic::error(Location::file(&event_path), "no event page")
                .with_help("create `content/_index.md` with the event's `title` (and dates, venue...) in front matter"),
        );
    }
    order_sessions(&mut c.sessions, c.event.as_ref().map(|e| &e.0), &mut errors);
    let finder = SessionFinder::new(&c.sessions, &broken, &c.draft_sessions);
    let presentations = resolve_presentations(
        std::mem::take(&mut c.presentations),
        &finder,
        &sources,
        &config,
        &mut errors,
    );
    let outcomes = resolve_outcomes(std::mem::take(&mut c.outcomes), &finder, &mut errors);
    c.pages.sort_by(|a, b| {
        by_weight(a.0.front.weight, b.0.front.weight)
            .then_with(|| a.0.front.title.cmp(&b.0.front.title))
            .then_with(|| a.0.slug.cmp(&b.0.slug))
    });
    if !config.assets.allow_active {
        for a in &sources.content_assets {
            if let Some(kind) = active_kind(a.route.as_str()) {
                let path = Path::new("content").join(a.route.as_str());
                errors.push(active_error(Location::file(&path), &path, kind));
            }
        }
    }
    let Some(event) = c.event.take() else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(assemble(config, event, c, presentations, outcomes, sources))
}

/// Sorts parsed documents by kind; reports what one document shows alone
/// in the light of the others (languages, duplicate slugs, drafts, reserved
/// slugs).
fn collect(
    documents: Vec<Parsed>,
    config: &Config,
    include_drafts: bool,
    errors: &mut Vec<Diagnostic>,
) -> Collected {
    let mut c = Collected::default();
    let mut seen_slugs: HashMap<(Kind, String), PathBuf> = HashMap::new();
    for Parsed { doc, body } in documents {
        let path = doc.path().to_path_buf();
        if let Some(lang) = doc.language()
            && lang != config.language
        {
            errors.push(
                Diagnostic::error(
                    Location::file(&path),
                    format!("pages in other languages (`.{lang}.md`) are not supported yet"),
                )
                .with_help(format!(
                    "the site's language is `{}`; rename the file without `.{lang}`",
                    config.language
                )),
            );
            continue;
        }
        let slug = doc.slug().to_string();
        let kind = match &doc {
            Doc::Intro(..) => None,
            d => Some(kind_of(d)),
        };
        if let Some(kind) = kind
            && !slug.is_empty()
            && let Some(other) = seen_slugs.insert((kind, slug.clone()), path.clone())
        {
            errors.push(
                Diagnostic::error(
                    Location::file(&path),
                    format!("two files for the page `{slug}`"),
                )
                .with_help(format!(
                    "`{}` has the same slug; remove one",
                    other.display()
                )),
            );
            continue;
        }
        if doc.common().draft && !include_drafts {
            match &doc {
                Doc::Session(d) => {
                    c.draft_sessions.insert(d.slug.clone());
                }
                Doc::Event(d) => errors.push(
                    Diagnostic::error(d.key_location("draft"), "the event page cannot be a draft")
                        .with_help("remove `draft: true` from `content/_index.md`"),
                ),
                _ => {}
            }
            continue;
        }
        match doc {
            Doc::Event(d) => c.event = Some((d, body)),
            Doc::Intro(k, d) => {
                c.intros.insert(k, (d, body));
            }
            Doc::Session(d) => c.sessions.push((d, body)),
            Doc::Presentation(d) => c.presentations.push((d, body)),
            Doc::Outcome(d) => c.outcomes.push((d, body)),
            Doc::Page(d) if crate::routes::is_reserved(&d.slug) => errors.push(
                Diagnostic::error(
                    Location::file(&d.path),
                    format!("`{}` is a page the site makes itself", d.slug),
                )
                .with_help(format!(
                    "rename the file, e.g. `content/{}-notes.md`",
                    d.slug
                )),
            ),
            Doc::Page(d) => c.pages.push((d, body)),
        }
    }
    c
}

fn kind_of(doc: &Doc) -> Kind {
    match doc {
        Doc::Event(_) => Kind::Event,
        Doc::Intro(k, _) => *k,
        Doc::Session(_) => Kind::Session,
        Doc::Presentation(_) => Kind::Presentation,
        Doc::Outcome(_) => Kind::Outcome,
        Doc::Page(_) => Kind::Page,
    }
}

/// Puts sessions in programme order; reports two sessions with one
/// `order` and dates outside the event's.
fn order_sessions(
    sessions: &mut [WithBody<Document<SessionFront>>],
    event: Option<&Document<EventFront>>,
    errors: &mut Vec<Diagnostic>,
) {
    sessions.sort_by(|a, b| {
        a.0.front
            .order
            .cmp(&b.0.front.order)
            .then_with(|| a.0.slug.cmp(&b.0.slug))
    });
    for pair in sessions.windows(2) {
        let (a, b) = (&pair[0].0, &pair[1].0);
        if a.front.order == b.front.order {
            errors.push(
                Diagnostic::error(
                    b.key_location("order"),
                    format!(
                        "`order: {}` is also used by `{}`",
                        b.front.order,
                        a.path.display()
                    ),
                )
                .with_help("give each session its own `order` number"),
            );
        }
    }
    let Some(e) = event else { return };
    let start = e.front.start_date.as_deref();
    let end = e.front.end_date.as_deref().or(start);
    for (s, _) in sessions.iter() {
        let Some(date) = s.front.date.as_deref() else {
            continue;
        };
        if start.is_some_and(|start| date < start) || end.is_some_and(|end| date > end) {
            errors.push(
                Diagnostic::error(
                    s.key_location("date"),
                    format!("session date {date} is outside the event's dates"),
                )
                .with_help(format!(
                    "the event runs {} to {}, per `content/_index.md`",
                    start.unwrap_or("?"),
                    end.unwrap_or("?")
                )),
            );
        }
    }
}

/// Finds the session a document names in `session:`, reporting (once)
/// why it cannot.
struct SessionFinder<'a> {
    index: HashMap<&'a str, SessionIx>,
    broken: HashSet<String>,
    drafts: &'a HashSet<String>,
}

impl<'a> SessionFinder<'a> {
    fn new(
        sessions: &'a [WithBody<Document<SessionFront>>],
        broken: &HashSet<PathBuf>,
        drafts: &'a HashSet<String>,
    ) -> Self {
        let folder = Path::new("content").join(Kind::Session.info().folder.unwrap_or(""));
        SessionFinder {
            index: sessions
                .iter()
                .enumerate()
                .map(|(i, (d, _))| (d.slug.as_str(), SessionIx::new(i)))
                .collect(),
            broken: broken
                .iter()
                .filter(|p| p.parent() == Some(folder.as_path()))
                .filter_map(|p| {
                    let stem = p.file_stem()?.to_string_lossy();
                    Some(stem.split('.').next().unwrap_or("").to_string())
                })
                .collect(),
            drafts,
        }
    }

    fn find(&self, at: Location, slug: &str, errors: &mut Vec<Diagnostic>) -> Option<SessionIx> {
        if let Some(&i) = self.index.get(slug) {
            return Some(i);
        }
        if self.broken.contains(slug) {
            return None; // already reported where it failed
        }
        let d = if self.drafts.contains(slug) {
            Diagnostic::error(at, format!("session `{slug}` is a draft")).with_help(
                "publish the session (remove `draft: true`) or mark this file `draft: true` too",
            )
        } else {
            let help = match crate::diagnostics::closest(slug, self.index.keys().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None if self.index.is_empty() => {
                    "add the session as `content/sessions/<slug>.md`".to_string()
                }
                None => {
                    let mut names: Vec<&str> = self.index.keys().copied().collect();
                    names.sort();
                    let names: Vec<String> = names.iter().map(|s| format!("`{s}`")).collect();
                    format!(
                        "`session` names a file of `content/sessions/`, one of: {}",
                        names.join(", ")
                    )
                }
            };
            Diagnostic::error(at, format!("no session `{slug}`")).with_help(help)
        };
        errors.push(d);
        None
    }
}

/// Presentations with their sessions and slides, in programme order.
fn resolve_presentations(
    docs: Vec<WithBody<Document<PresentationFront>>>,
    finder: &SessionFinder,
    sources: &Sources,
    config: &Config,
    errors: &mut Vec<Diagnostic>,
) -> Vec<WithBody<Presentation>> {
    let mut out = Vec::new();
    for (d, body) in docs {
        let Some(session) = finder.find(d.key_location("session"), &d.front.session, errors) else {
            continue;
        };
        let slides = d
            .front
            .slides
            .as_deref()
            .and_then(|s| check_slides(&d, s, sources, config, errors));
        out.push((
            Presentation {
                doc: d,
                session,
                slides,
            },
            body,
        ));
    }
    out.sort_by(|(a, _), (b, _)| {
        a.session
            .cmp(&b.session)
            .then_with(|| by_weight(a.doc.front.order, b.doc.front.order))
            .then_with(|| by_weight(a.doc.front.weight, b.doc.front.weight))
            .then_with(|| a.doc.slug.cmp(&b.doc.slug))
    });
    out
}

/// A presentation's `slides`, found, or the error that says why not.
fn check_slides(
    d: &Document<PresentationFront>,
    slides: &str,
    sources: &Sources,
    config: &Config,
    errors: &mut Vec<Diagnostic>,
) -> Option<Slides> {
    match resolve_slides(&d.path, slides, sources) {
        Ok(Slides::File { route, .. })
            if !config.assets.allow_active && active_kind(route.as_str()).is_some() =>
        {
            // Files of `content/` are reported where they are.
            let in_content = sources.content_assets.iter().any(|a| a.route == route);
            if !in_content {
                let kind = active_kind(route.as_str()).unwrap_or("");
                errors.push(active_error(
                    d.key_location("slides"),
                    Path::new(slides),
                    kind,
                ));
            }
            None
        }
        Ok(found) => Some(found),
        Err(None) => None,
        Err(Some(help)) => {
            errors.push(
                Diagnostic::error(
                    d.key_location("slides"),
                    format!("slides file `{slides}` not found"),
                )
                .with_help(help),
            );
            None
        }
    }
}

/// Outcomes with their sessions, ids unique, in programme order.
fn resolve_outcomes(
    docs: Vec<WithBody<Document<OutcomeFront>>>,
    finder: &SessionFinder,
    errors: &mut Vec<Diagnostic>,
) -> Vec<WithBody<Outcome>> {
    let mut out = Vec::new();
    let mut ids: HashMap<String, PathBuf> = HashMap::new();
    for (d, body) in docs {
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
        let Some(session) = finder.find(d.key_location("session"), &d.front.session, errors) else {
            continue;
        };
        out.push((Outcome { doc: d, session }, body));
    }
    out.sort_by(|(a, _), (b, _)| {
        a.session
            .cmp(&b.session)
            .then_with(|| by_weight(a.doc.front.weight, b.doc.front.weight))
            .then_with(|| natural_cmp(a.id(), b.id()))
    });
    out
}

/// Documents without a weight (or an order) come after those with one.
fn by_weight(a: Option<i64>, b: Option<i64>) -> Ordering {
    a.unwrap_or(i64::MAX).cmp(&b.unwrap_or(i64::MAX))
}

/// Builds the site from checked documents: links sessions to their
/// presentations and outcomes, groups themes and addressees, and takes the
/// bodies out into [`Texts`].
fn assemble(
    config: Config,
    (event, event_body): WithBody<Document<EventFront>>,
    c: Collected,
    presentations: Vec<WithBody<Presentation>>,
    outcomes: Vec<WithBody<Outcome>>,
    sources: Sources,
) -> (Site, Texts) {
    let (session_docs, session_bodies): (Vec<_>, Vec<_>) = c.sessions.into_iter().unzip();
    let mut sessions: Table<SessionIx, Session> = session_docs
        .into_iter()
        .map(|doc| Session {
            doc,
            presentations: Vec::new(),
            outcomes: Vec::new(),
        })
        .collect::<Vec<_>>()
        .into();
    let (presentations, presentation_bodies): (Vec<_>, Vec<_>) = presentations.into_iter().unzip();
    let presentations: Table<PresentationIx, Presentation> = presentations.into();
    for (i, p) in presentations.indexed() {
        sessions[p.session].presentations.push(i);
    }
    let (outcomes, outcome_bodies): (Vec<_>, Vec<_>) = outcomes.into_iter().unzip();
    let outcomes: Table<OutcomeIx, Outcome> = outcomes.into();
    for (i, o) in outcomes.indexed() {
        sessions[o.session].outcomes.push(i);
    }
    let (pages, page_bodies): (Vec<_>, Vec<_>) = c.pages.into_iter().unzip();
    let pages: Table<PageIx, Document<PageFront>> = pages.into();

    let mut intros = BTreeMap::new();
    let mut intro_bodies = vec![String::new(); Kind::with_folders().count()];
    for (kind, (doc, body)) in c.intros {
        if let Some(i) = Kind::with_folders().position(|k| k == kind) {
            intro_bodies[i] = body;
        }
        intros.insert(kind, doc);
    }
    let mut texts = vec![event_body];
    texts.extend(intro_bodies);
    texts.extend(session_bodies);
    texts.extend(presentation_bodies);
    texts.extend(outcome_bodies);
    texts.extend(page_bodies);

    let mut site = Site {
        config,
        event,
        intros,
        sessions,
        presentations,
        outcomes,
        pages,
        themes: Terms::default(),
        addressees: Terms::default(),
        content_assets: sources.content_assets,
        static_assets: sources.static_assets,
    };
    site.themes = Terms::new(group_terms(theme_items(&site)));
    site.addressees = Terms::new(group_terms(
        site.outcomes
            .indexed()
            .flat_map(|(i, o)| {
                o.doc
                    .front
                    .addressees
                    .iter()
                    .map(move |a| (a.as_str(), DocRef::Outcome(i)))
            })
            .collect(),
    ));
    (site, Texts(texts))
}

/// Every (theme, document) pair of the site.
fn theme_items(site: &Site) -> Vec<(&str, DocRef)> {
    site.documents()
        .into_iter()
        .filter(|(d, _)| !matches!(d, DocRef::Event | DocRef::Intro(_)))
        .flat_map(|(d, _)| {
            site.head(d)
                .map(|h| h.common.themes)
                .unwrap_or_default()
                .iter()
                .map(move |t| (t.as_str(), d))
        })
        .collect()
}

/// Groups names that make the same URL segment (`CMS/other`, `cms other`)
/// into one term named after the first spelling in sort order.
fn group_terms(mut items: Vec<(&str, DocRef)>) -> Vec<Term> {
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
        let p = |i| DocRef::Page(PageIx::new(i));
        let terms = group_terms(vec![
            ("CMS/other", p(0)),
            ("cms other", p(1)),
            ("CMS/other", p(1)),
        ]);
        assert_eq!(terms.len(), 1);
        assert_eq!(terms[0].slug, "cms-other");
        assert_eq!(terms[0].items, vec![p(0), p(1)]);
    }
}
