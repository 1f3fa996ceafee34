//! The site graph: every document resolved against the others.
//!
//! Runs after `front_matter` and before the bodies are rendered. [`resolve`]
//! drops drafts (unless asked), checks what needs more than one file (a
//! presentation's session exists, outcome ids are unique, slides exist,
//! session orders are distinct), and orders everything as the programme
//! does. The [`Site`] it makes is never changed afterwards; the Markdown
//! bodies leave it as [`Texts`], for `bodies` to render.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::config::Config;
use crate::model::{
    Attendance, Common, DocRef, Document, EventFront, Front, IntroFront, Kind, OutcomeFront,
    OutcomeIx, PageFront, PageIx, PresentationFront, PresentationIx, SessionFront, SessionIx,
    Table,
};
use crate::source::Asset;
use crate::urls::{self, Route};

mod assets;
pub mod placeholders;
mod resolve;

pub(crate) use resolve::sort_sessions;
pub use resolve::{ResolveInput, resolve};

/// A session with its presentations and outcomes.
#[derive(Debug)]
pub struct Session {
    pub doc: Document<SessionFront>,
    /// Its number in the programme: its `order`, or its place (from 1)
    /// when it has none.
    pub number: i64,
    pub presentations: Vec<PresentationIx>,
    pub outcomes: Vec<OutcomeIx>,
}

impl Session {
    /// A break (coffee, lunch): in the timetable, without a page.
    pub fn is_break(&self) -> bool {
        self.doc.front.kind == Some(crate::model::SessionKind::Break)
    }

    /// "Session 3: Money and plans", as search names it.
    pub fn numbered_title(&self) -> String {
        format!(
            "{} {}: {}",
            crate::labels::label("kind.session"),
            self.number,
            self.doc.front.title
        )
    }
}

/// A presentation and the session it belongs to.
#[derive(Debug)]
pub struct Presentation {
    pub doc: Document<PresentationFront>,
    /// `None`: a poster or an unscheduled contribution.
    pub session: Option<SessionIx>,
    pub slides: Option<Slides>,
    pub paper: Option<Slides>,
}

/// A slides or paper file (or an external address).
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

    /// Withdrawn or merged: kept only so that its id still resolves.
    pub fn is_tombstone(&self) -> bool {
        self.doc.front.withdrawn.is_some() || self.doc.front.merged_into.is_some()
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
    pub(crate) fn new(list: Vec<Term>) -> Self {
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
    /// See [`Site::with_outcomes`].
    with_outcomes: bool,
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
    /// When each source file last changed (empty without git history).
    pub history: crate::history::History,
    /// The images of config.yaml (`logo`, `favicon`...), found.
    pub identity: Identity,
    /// `report.pdf`, once typeset (the build sets it before the pages).
    pub report_pdf: Option<crate::pdf::PdfInfo>,
}

/// The site's images named in config.yaml, each a published file.
#[derive(Debug, Default)]
pub struct Identity {
    pub logo: Option<Route>,
    pub publisher_logo: Option<Route>,
    pub favicon: Option<Route>,
    pub social_image: Option<Route>,
}

/// The Markdown body of every document of a [`Site`], by slot (see
/// [`Site::slot`]), for `bodies` to render and free.
#[derive(Debug, Default)]
pub struct Texts(pub Vec<String>);

impl Site {
    /// Whether the proceedings record findings and recommendations: as
    /// `outcomes` in config.yaml says, else when `content/recommendations/`
    /// has files (drafts count: a workshop whose outcomes are all drafts
    /// still has outcomes to come). Without, no page, menu entry, placeholder or export
    /// speaks of them.
    pub fn with_outcomes(&self) -> bool {
        self.with_outcomes
    }

    /// How people take part in a session, and the address to join it
    /// online: the session's own `attendance` and `join_url`, else the
    /// event's. An in-person session has no join address.
    pub fn attendance<'a>(&'a self, s: &'a Session) -> (Attendance, Option<&'a str>) {
        let (f, e) = (&s.doc.front, &self.event.front);
        let mode = f.attendance.or(e.attendance).unwrap_or_default();
        let join = match mode {
            Attendance::InPerson => None,
            _ => f.join_url.as_deref().or(e.join_url.as_deref()),
        };
        (mode, join)
    }

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
                keys: &d.keys,
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
    keys: &'a crate::model::KeyLines,
    pub path: &'a Path,
    pub slug: &'a str,
    pub yaml: &'a str,
    pub body_line: usize,
    pub common: Common<'a>,
}

impl Head<'_> {
    /// The line where `key` is written (the first line when it is not).
    pub fn keys_line(&self, key: &str) -> usize {
        self.keys.0.get(key).map_or(1, |&(line, _)| line)
    }
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
}
