//! Resolving parsed documents into a [`Site`], step by step: sort by kind
//! ([`collect`]), order the sessions, find each document's session, order
//! presentations and outcomes, then [`assemble`] the site and its texts.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::assets::{active_error, active_kind, resolve_slides, unread_file};
use super::{
    Identity, Outcome, Presentation, Session, Site, Slides, Term, Terms, Texts, natural_cmp,
};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Location};
use crate::front_matter::{Doc, Parsed};
use crate::model::{
    DocRef, Document, EventFront, IntroFront, Kind, OutcomeFront, OutcomeIx, PageFront, PageIx,
    PresentationFront, PresentationIx, SessionFront, SessionIx, Table,
};
use crate::source::Sources;
use crate::urls;
use crate::urls::Route;

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
    /// Every file of `content/recommendations/`, drafts included.
    outcome_files: Vec<PathBuf>,
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
    if config.outcomes == Some(false) {
        let folder = Kind::Outcome.info().folder.unwrap_or("");
        if let Some(first) = c.outcome_files.first() {
            errors.push(
                Diagnostic::error(
                    Location::file(first),
                    format!(
                        "config.yaml says `outcomes: false`, but `content/{folder}/` has files"
                    ),
                )
                .with_help(format!(
                    "remove `outcomes: false`, or move the files out of `content/{folder}/`"
                )),
            );
        }
    }
    for a in &sources.content_assets {
        let path = Path::new("content").join(a.route.as_str());
        match active_kind(a.route.as_str()) {
            Some(kind) if !config.assets.allow_active => {
                errors.push(active_error(Location::file(&path), &path, kind))
            }
            Some(_) => {}
            None => errors.extend(unread_file(&path)),
        }
    }
    let identity = resolve_identity(&config, &sources, &mut errors);
    let Some(event) = c.event.take() else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let (mut site, texts) = assemble(config, event, c, presentations, outcomes, sources)?;
    site.identity = identity;
    Ok((site, texts))
}

/// The images config.yaml names: files of `static/` (from the root, `/logo.svg`)
/// or of `content/`, that the site publishes, of an image type.
fn resolve_identity(config: &Config, sources: &Sources, errors: &mut Vec<Diagnostic>) -> Identity {
    const IMAGES: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "ico"];
    let mut find = |key: &str, value: Option<&String>| -> Option<Route> {
        let value = value?;
        let at = Location::file(crate::config::CONFIG_FILE);
        let ext = Path::new(value)
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if !IMAGES.contains(&ext.as_str()) {
            errors.push(
                Diagnostic::error(
                    at,
                    format!(
                        "`{key}` `{}` is not an image",
                        crate::diagnostics::visible(value)
                    ),
                )
                .with_help(
                    "name a PNG, JPEG, WebP, GIF, SVG or ICO file of `static/`, e.g. `/logo.png`",
                ),
            );
            return None;
        }
        match resolve_slides(Path::new("content/_index.md"), value, sources) {
            Ok(Slides::File { route, .. }) => Some(route),
            Ok(Slides::External(_)) => {
                errors.push(
                    Diagnostic::error(at, format!("`{key}` must be a file of the site, not an address"))
                        .with_help("put the image in `static/` and write its path, e.g. `/logo.png`: a site makes no requests to other sites"),
                );
                None
            }
            Err(help) => {
                if let Some(help) = help {
                    errors.push(
                        Diagnostic::error(
                            at,
                            format!("`{key}`: no file `{}`", crate::diagnostics::visible(value)),
                        )
                        .with_help(help),
                    );
                }
                None
            }
        }
    };
    Identity {
        logo: find("logo", config.logo.as_ref()),
        publisher_logo: find(
            "publisher.logo",
            config.publisher.as_ref().and_then(|p| p.logo.as_ref()),
        ),
        favicon: find("favicon", config.favicon.as_ref()),
        social_image: find("social_image", config.social_image.as_ref()),
    }
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
        if doc.kind() == Kind::Outcome {
            c.outcome_files.push(path.clone());
        }
        let slug = doc.slug().to_string();
        let kind = match &doc {
            Doc::Intro(..) => None,
            d => Some(d.kind()),
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

/// Puts sessions in programme order; reports two sessions with one
/// `order` and dates outside the event's.
fn order_sessions(
    sessions: &mut [WithBody<Document<SessionFront>>],
    event: Option<&Document<EventFront>>,
    errors: &mut Vec<Diagnostic>,
) {
    sort_sessions(sessions, |(s, _)| s);
    let mut numbered: Vec<&Document<SessionFront>> = sessions
        .iter()
        .map(|(s, _)| s)
        .filter(|s| s.front.order.is_some())
        .collect();
    numbered.sort_by_key(|s| (s.front.order, s.slug.clone()));
    for pair in numbered.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a.front.order == b.front.order {
            errors.push(
                Diagnostic::error(
                    b.key_location("order"),
                    format!(
                        "`order: {}` is also used by `{}`",
                        b.front.order.unwrap_or_default(),
                        crate::diagnostics::display_path(&a.path)
                    ),
                )
                .with_help("give each session its own `order` number, or leave `order` out and give both a `date` and a `start`"),
            );
        }
    }
    for (s, _) in sessions.iter() {
        let f = &s.front;
        if f.order.is_none() && (f.date.is_none() || f.start.is_none()) {
            errors.push(
                Diagnostic::error(Location::at(&s.path, 1, 1), "missing required key `order`")
                    .with_help("add `order: N` (its place in the programme), or give the session a `date` and a `start`"),
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

/// Puts sessions in programme order. When every session has an `order`,
/// that order; otherwise by day, time and room, the numbers breaking ties.
pub(crate) fn sort_sessions<T>(items: &mut [T], doc: impl Fn(&T) -> &Document<SessionFront>) {
    let by_hand = items.iter().all(|t| doc(t).front.order.is_some());
    items.sort_by(|x, y| {
        let (a, b) = (doc(x), doc(y));
        let (fa, fb) = (&a.front, &b.front);
        let by_time = || {
            fa.date
                .cmp(&fb.date)
                .then_with(|| fa.start.cmp(&fb.start))
                .then_with(|| by_weight(fa.order, fb.order))
                .then_with(|| fa.room.cmp(&fb.room))
                .then_with(|| fa.track.cmp(&fb.track))
        };
        if by_hand {
            fa.order.cmp(&fb.order)
        } else {
            by_time()
        }
        .then_with(|| a.slug.cmp(&b.slug))
    });
}

/// Finds the session a document names in `session:`, reporting (once)
/// why it cannot.
struct SessionFinder<'a> {
    index: HashMap<&'a str, SessionIx>,
    /// Each session's number in the programme (see [`Session::number`]).
    numbers: Vec<i64>,
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
            numbers: sessions
                .iter()
                .enumerate()
                .map(|(i, (d, _))| session_number(d, i))
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

/// Presentations with their sessions, slides and papers, in programme
/// order; those without a session (posters, unscheduled contributions)
/// last.
fn resolve_presentations(
    docs: Vec<WithBody<Document<PresentationFront>>>,
    finder: &SessionFinder,
    sources: &Sources,
    config: &Config,
    errors: &mut Vec<Diagnostic>,
) -> Vec<WithBody<Presentation>> {
    let mut out = Vec::new();
    for (d, body) in docs {
        let session = match &d.front.session {
            Some(slug) => match finder.find(d.key_location("session"), slug, errors) {
                Some(i) => Some(i),
                None => continue,
            },
            None => None,
        };
        let slides = d
            .front
            .slides
            .as_deref()
            .and_then(|s| check_file(&d, "slides", s, sources, config, errors));
        let paper = d
            .front
            .paper
            .as_deref()
            .and_then(|s| check_file(&d, "paper", s, sources, config, errors));
        out.push((
            Presentation {
                doc: d,
                session,
                slides,
                paper,
            },
            body,
        ));
    }
    out.sort_by(|(a, _), (b, _)| {
        let unscheduled = |p: &Presentation| p.session.is_none();
        unscheduled(a)
            .cmp(&unscheduled(b))
            .then_with(|| a.session.cmp(&b.session))
            .then_with(|| by_weight(a.doc.front.order, b.doc.front.order))
            .then_with(|| a.doc.front.start.cmp(&b.doc.front.start))
            .then_with(|| by_weight(a.doc.front.weight, b.doc.front.weight))
            .then_with(|| a.doc.slug.cmp(&b.doc.slug))
    });
    for pair in out.windows(2) {
        let (a, b) = (&pair[0].0, &pair[1].0);
        if a.session.is_some()
            && a.session == b.session
            && a.doc.front.order.is_some()
            && a.doc.front.order == b.doc.front.order
        {
            errors.push(
                Diagnostic::error(
                    b.doc.key_location("order"),
                    format!(
                        "`order: {}` is also used by `{}` in the same session",
                        b.doc.front.order.unwrap_or_default(),
                        crate::diagnostics::display_path(&a.doc.path)
                    ),
                )
                .with_help("give each presentation of a session its own `order` number"),
            );
        }
    }
    out
}

/// A presentation's `slides` or `paper` file, found, or the error that
/// says why not.
fn check_file(
    d: &Document<PresentationFront>,
    key: &str,
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
                errors.push(active_error(d.key_location(key), Path::new(slides), kind));
            }
            None
        }
        Ok(found) => Some(found),
        Err(None) => None,
        Err(Some(help)) => {
            errors.push(
                Diagnostic::error(
                    d.key_location(key),
                    format!("{key} file `{slides}` not found"),
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
    let taken: HashSet<String> = docs.iter().map(|(d, _)| d.front.id.clone()).collect();
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
        let number = finder.numbers[session.get()];
        if let Some((said, tail)) = id_session(&d.front.id)
            && said != number
        {
            let taken: HashSet<&str> = taken.iter().map(String::as_str).collect();
            errors.push(
                Diagnostic::error(
                    d.key_location("id"),
                    format!(
                        "id `{}` names session {said}, but `{}` is session {number} of the programme",
                        d.front.id, d.front.session
                    ),
                )
                .with_help(format!(
                    "use `id: {}` (ids start with S and the session's `order`), or correct `session:`",
                    id_for_session(number, tail, &taken)
                )),
            );
        }
        out.push((Outcome { doc: d, session }, body));
    }
    for (o, _) in &out {
        let Some(target) = o.doc.front.merged_into.as_deref() else {
            continue;
        };
        let at = o.doc.key_location("merged_into");
        if target == o.id() {
            errors.push(
                Diagnostic::error(at, format!("`{}` is merged into itself", o.id()))
                    .with_help("name the id of the outcome that now holds its text"),
            );
        } else if !ids.contains_key(target) {
            errors.push(
                Diagnostic::error(at, format!("no outcome has the id `{target}`"))
                    .with_help("`merged_into:` takes the id of another outcome, e.g. `S2-R1`"),
            );
        }
    }
    out.sort_by(|(a, _), (b, _)| {
        a.session
            .cmp(&b.session)
            .then_with(|| by_weight(a.doc.front.weight, b.doc.front.weight))
            .then_with(|| natural_cmp(a.id(), b.id()))
    });
    out
}

/// A session's number: its `order`, else its place in the programme.
fn session_number(doc: &Document<SessionFront>, position: usize) -> i64 {
    doc.front.order.unwrap_or(position as i64 + 1)
}

/// The session number an outcome id such as `S2-R1` names, and the rest
/// (`-R1`); `None` for ids of another form.
fn id_session(id: &str) -> Option<(i64, &str)> {
    let rest = id.strip_prefix(['S', 's'])?;
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let tail = &rest[digits..];
    if digits == 0 || !tail.starts_with('-') {
        return None;
    }
    Some((rest[..digits].parse().ok()?, tail))
}

/// The id that says the right session: `S<number>` and the same tail, or
/// the next free number of that kind when it is taken.
fn id_for_session(number: i64, tail: &str, taken: &HashSet<&str>) -> String {
    let first = format!("S{number}{tail}");
    if !taken.contains(first.as_str()) {
        return first;
    }
    let letters: String = tail.chars().take_while(|c| !c.is_ascii_digit()).collect();
    (1..)
        .map(|n| format!("S{number}{letters}{n}"))
        .find(|id| !taken.contains(id.as_str()))
        .unwrap_or(first)
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
) -> Result<(Site, Texts), Vec<Diagnostic>> {
    let (session_docs, session_bodies): (Vec<_>, Vec<_>) = c.sessions.into_iter().unzip();
    let mut sessions: Table<SessionIx, Session> = session_docs
        .into_iter()
        .enumerate()
        .map(|(i, doc)| Session {
            number: session_number(&doc, i),
            doc,
            presentations: Vec::new(),
            outcomes: Vec::new(),
        })
        .collect::<Vec<_>>()
        .into();
    let (presentations, presentation_bodies): (Vec<_>, Vec<_>) = presentations.into_iter().unzip();
    let presentations: Table<PresentationIx, Presentation> = presentations.into();
    for (i, p) in presentations.indexed() {
        if let Some(s) = p.session {
            sessions[s].presentations.push(i);
        }
    }
    let (outcomes, outcome_bodies): (Vec<_>, Vec<_>) = outcomes.into_iter().unzip();
    let outcomes: Table<OutcomeIx, Outcome> = outcomes.into();
    for (i, o) in outcomes.indexed() {
        sessions[o.session].outcomes.push(i);
    }
    let (pages, page_bodies): (Vec<_>, Vec<_>) = c.pages.into_iter().unzip();
    let pages: Table<PageIx, Document<PageFront>> = pages.into();

    let mut intros = BTreeMap::new();
    let mut intro_bodies = Vec::new();
    for (kind, (doc, body)) in c.intros {
        intros.insert(kind, doc);
        intro_bodies.push((DocRef::Intro(kind), body));
    }
    let with_outcomes = config.outcomes.unwrap_or(!c.outcome_files.is_empty());
    let mut site = Site {
        config,
        with_outcomes,
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
        history: Default::default(),
        identity: Default::default(),
        report_pdf: None,
    };
    // Each body goes to its document's slot, as `Site::slot` says.
    let mut texts = vec![String::new(); site.slot_count()];
    let mut place = |doc: DocRef, body: String| texts[site.slot(doc)] = body;
    place(DocRef::Event, event_body);
    for (doc, body) in intro_bodies {
        place(doc, body);
    }
    let bodies = session_bodies
        .into_iter()
        .enumerate()
        .map(|(i, b)| (DocRef::Session(SessionIx::new(i)), b))
        .chain(
            presentation_bodies
                .into_iter()
                .enumerate()
                .map(|(i, b)| (DocRef::Presentation(PresentationIx::new(i)), b)),
        )
        .chain(
            outcome_bodies
                .into_iter()
                .enumerate()
                .map(|(i, b)| (DocRef::Outcome(OutcomeIx::new(i)), b)),
        )
        .chain(
            page_bodies
                .into_iter()
                .enumerate()
                .map(|(i, b)| (DocRef::Page(PageIx::new(i)), b)),
        );
    for (doc, body) in bodies {
        place(doc, body);
    }
    let (themes, theme_clashes) = group_terms(theme_items(&site));
    let (addressees, addressee_clashes) = group_terms(
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
    );
    let mut errors = Vec::new();
    for (key, clashes) in [("themes", theme_clashes), ("addressees", addressee_clashes)] {
        for clash in clashes {
            errors.push(clash_error(&site, key, &clash));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    site.themes = Terms::new(themes);
    site.addressees = Terms::new(addressees);
    Ok((site, Texts(texts)))
}

/// Two spellings of a theme or addressee that would make the same page.
#[derive(Debug, PartialEq)]
struct Clash {
    slug: String,
    first: (String, DocRef),
    second: (String, DocRef),
}

fn clash_error(site: &Site, key: &str, clash: &Clash) -> Diagnostic {
    let at = |doc: DocRef| {
        site.head(doc)
            .map(|h| h.path.to_path_buf())
            .unwrap_or_default()
    };
    let second = at(clash.second.1);
    let location = match clash.second.1 {
        DocRef::Session(i) => site.sessions[i].doc.key_location(key),
        DocRef::Presentation(i) => site.presentations[i].doc.key_location(key),
        DocRef::Outcome(i) => site.outcomes[i].doc.key_location(key),
        DocRef::Page(i) => site.pages[i].key_location(key),
        _ => Location::file(&second),
    };
    let what = if key == "themes" {
        "theme"
    } else {
        "addressee"
    };
    Diagnostic::error(
        location,
        format!(
            "{what} `{}` would share a page (`{}`) with `{}` of `{}`",
            clash.second.0,
            clash.slug,
            clash.first.0,
            crate::diagnostics::display_path(&at(clash.first.1))
        ),
    )
    .with_help(format!(
        "spell both the same way if they are one {what}, or rename one"
    ))
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

/// Groups names into terms by the URL segment they make. Spellings that
/// differ only in case and spacing (`Data`, `data `) are one term, named
/// after the first in sort order; different names that make the same
/// segment (`C++` and `C#`, `Data/Analysis` and `data analysis`) are
/// clashes.
fn group_terms(mut items: Vec<(&str, DocRef)>) -> (Vec<Term>, Vec<Clash>) {
    items.sort();
    let same_name = |n: &str| {
        n.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let mut by_slug: BTreeMap<String, (Term, DocRef)> = BTreeMap::new();
    let mut clashes: Vec<Clash> = Vec::new();
    for (name, item) in items {
        let slug = urls::segment(name);
        if slug.is_empty() {
            continue;
        }
        let (term, first) = by_slug.entry(slug.clone()).or_insert_with(|| {
            (
                Term {
                    name: name.trim().to_string(),
                    slug: slug.clone(),
                    items: Vec::new(),
                },
                item,
            )
        });
        if same_name(&term.name) != same_name(name) {
            if !clashes
                .iter()
                .any(|c| c.slug == slug && same_name(&c.second.0) == same_name(name))
            {
                clashes.push(Clash {
                    slug: slug.clone(),
                    first: (term.name.clone(), *first),
                    second: (name.trim().to_string(), item),
                });
            }
            continue;
        }
        term.items.push(item);
    }
    let by_slug: BTreeMap<String, Term> = by_slug.into_iter().map(|(k, (t, _))| (k, t)).collect();
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
    (terms, clashes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_with_the_same_segment_merge() {
        let p = |i| DocRef::Page(PageIx::new(i));
        let (terms, clashes) = group_terms(vec![
            ("Data", p(0)),
            ("data ", p(1)),
            ("DATA", p(1)),
            ("Data", p(2)),
        ]);
        assert_eq!(terms.len(), 1);
        assert!(clashes.is_empty());
        assert_eq!(terms[0].slug, "data");
        assert_eq!(terms[0].items, vec![p(0), p(1), p(2)]);
    }

    #[test]
    fn different_names_with_one_segment_clash() {
        let p = |i| DocRef::Page(PageIx::new(i));
        let (terms, clashes) = group_terms(vec![
            ("C++", p(0)),
            ("C#", p(1)),
            ("Data/Analysis", p(2)),
            ("data analysis", p(3)),
            ("Data: Analysis", p(4)),
        ]);
        assert_eq!(terms.len(), 2, "{terms:?}");
        let pairs: Vec<(&str, &str)> = clashes
            .iter()
            .map(|c| (c.first.0.as_str(), c.second.0.as_str()))
            .collect();
        assert_eq!(
            pairs,
            vec![
                ("C#", "C++"),
                ("Data/Analysis", "Data: Analysis"),
                ("Data/Analysis", "data analysis")
            ]
        );
    }
}
