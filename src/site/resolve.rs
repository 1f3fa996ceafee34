//! Resolving parsed documents into a [`Site`], step by step: sort by kind
//! ([`collect`]), order the sessions, find each document's session, order
//! presentations and outcomes, then [`assemble`] the site and its texts.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::assets::{active_error, active_kind, resolve_slides};
use super::{Outcome, Presentation, Session, Site, Slides, Term, Terms, Texts, natural_cmp};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Location};
use crate::front_matter::{Doc, Parsed};
use crate::model::{
    DocRef, Document, EventFront, IntroFront, Kind, OutcomeFront, OutcomeIx, PageFront, PageIx,
    PresentationFront, PresentationIx, SessionFront, SessionIx, Table,
};
use crate::source::Sources;
use crate::urls;

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
    let mut intro_bodies = Vec::new();
    for (kind, (doc, body)) in c.intros {
        intros.insert(kind, doc);
        intro_bodies.push((DocRef::Intro(kind), body));
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
