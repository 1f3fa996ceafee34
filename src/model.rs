//! The model of a proceedings: the kinds of document it holds (one table,
//! [`KINDS`], that every other module reads), what each kind's front matter
//! says (typed), and how documents refer to each other (typed indexes and
//! one [`DocRef`]).
//!
//! It is data only: `front_matter` fills it from files, `site` resolves the
//! references between documents, `routes` and the views read it. It reads
//! nothing and knows no format but serde's.

use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;
use std::path::PathBuf;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::diagnostics::Location;

/// A kind of document, by where its file sits under `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// `content/_index.md`: the event itself, shown on the home page.
    Event,
    /// `content/sessions/<slug>.md`.
    Session,
    /// `content/presentations/<slug>.md`.
    Presentation,
    /// `content/recommendations/<slug>.md`: a finding or a recommendation.
    Outcome,
    /// `content/<slug>.md`: a plain page.
    Page,
}

/// Everything about a kind of document that is not code.
#[derive(Debug)]
pub struct KindInfo {
    pub kind: Kind,
    /// What users call one file of the kind (`rapporteur new <noun>`).
    pub noun: &'static str,
    /// Its folder under `content/`, which is also the first segment of its
    /// pages' URLs; `None` for the event and plain pages.
    pub folder: Option<&'static str>,
    /// The template of each document's own page.
    pub template: &'static str,
    /// The template of the page that lists the folder (its introduction is
    /// `content/<folder>/_index.md`).
    pub index_template: Option<&'static str>,
    /// Where a document's page is: `{slug}` is replaced by its slug.
    pub route: &'static str,
    /// The label of one document of the kind (see `labels`).
    pub label: &'static str,
    /// The label of the folder's listing page.
    pub index_label: Option<&'static str>,
    /// The front matter keys it takes.
    pub keys: &'static [&'static str],
}

/// The kinds of document, once.
pub const KINDS: [KindInfo; 5] = [
    KindInfo {
        kind: Kind::Event,
        noun: "event",
        folder: None,
        template: "home.html",
        index_template: None,
        route: "",
        label: "kind.event",
        index_label: None,
        keys: EVENT_KEYS,
    },
    KindInfo {
        kind: Kind::Session,
        noun: "session",
        folder: Some("sessions"),
        template: "session.html",
        index_template: Some("sessions.html"),
        route: "sessions/{slug}/",
        label: "kind.session",
        index_label: Some("index.sessions"),
        keys: SESSION_KEYS,
    },
    KindInfo {
        kind: Kind::Presentation,
        noun: "presentation",
        folder: Some("presentations"),
        template: "presentation.html",
        index_template: Some("presentations.html"),
        route: "presentations/{slug}/",
        label: "kind.presentation",
        index_label: Some("index.presentations"),
        keys: PRESENTATION_KEYS,
    },
    KindInfo {
        kind: Kind::Outcome,
        noun: "recommendation",
        folder: Some("recommendations"),
        template: "outcome.html",
        index_template: Some("outcomes.html"),
        route: "recommendations/{slug}/",
        label: "kind.outcome",
        index_label: Some("index.outcomes"),
        keys: OUTCOME_KEYS,
    },
    KindInfo {
        kind: Kind::Page,
        noun: "page",
        folder: None,
        template: "page.html",
        index_template: None,
        route: "{slug}/",
        label: "kind.page",
        index_label: None,
        keys: PAGE_KEYS,
    },
];

impl Kind {
    pub fn info(self) -> &'static KindInfo {
        &KINDS[self as usize]
    }

    /// The kind whose folder is `dir`.
    pub fn from_folder(dir: &str) -> Option<Kind> {
        KINDS.iter().find(|k| k.folder == Some(dir)).map(|k| k.kind)
    }

    /// The kinds with a folder of their own, in table order.
    pub fn with_folders() -> impl Iterator<Item = Kind> {
        KINDS.iter().filter(|k| k.folder.is_some()).map(|k| k.kind)
    }

    /// The page's name in templates (`page.kind`): its template's name.
    pub fn page_kind(self) -> &'static str {
        self.info().template.trim_end_matches(".html")
    }
}

// ------------------------------------------------------------ references

macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u32);

        impl $name {
            pub fn new(i: usize) -> Self {
                $name(u32::try_from(i).expect("fewer than 4 billion documents of a kind"))
            }
            pub fn get(self) -> usize {
                self.0 as usize
            }
        }
    };
}

index_type!(
    /// A session, by its place in programme order.
    SessionIx
);
index_type!(
    /// A presentation, by its place in programme order.
    PresentationIx
);
index_type!(
    /// An outcome, by its place in programme order.
    OutcomeIx
);
index_type!(
    /// A plain page, by its place in page order.
    PageIx
);

/// A list indexed by its own index type, so that a session index cannot
/// pick a presentation.
#[derive(Debug)]
pub struct Table<I, T> {
    items: Vec<T>,
    ix: PhantomData<fn() -> I>,
}

impl<I, T> Default for Table<I, T> {
    fn default() -> Self {
        Table {
            items: Vec::new(),
            ix: PhantomData,
        }
    }
}

/// What an index type does.
pub trait Ix: Copy {
    fn new(i: usize) -> Self;
    fn get(self) -> usize;
}

macro_rules! ix_trait {
    ($($name:ident),*) => {$(
        impl Ix for $name {
            fn new(i: usize) -> Self { $name::new(i) }
            fn get(self) -> usize { $name::get(self) }
        }
    )*};
}
ix_trait!(SessionIx, PresentationIx, OutcomeIx, PageIx);

impl<I: Ix, T> Table<I, T> {
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    /// Each item with its index.
    pub fn indexed(&self) -> impl DoubleEndedIterator<Item = (I, &T)> + ExactSizeIterator {
        self.items.iter().enumerate().map(|(i, t)| (I::new(i), t))
    }

    /// Every index, in order.
    pub fn ixs(&self) -> impl DoubleEndedIterator<Item = I> + ExactSizeIterator {
        (0..self.items.len()).map(I::new)
    }

    pub fn get(&self, i: I) -> Option<&T> {
        self.items.get(i.get())
    }

    pub fn as_slice(&self) -> &[T] {
        &self.items
    }
}

impl<'t, I, T> IntoIterator for &'t Table<I, T> {
    type Item = &'t T;
    type IntoIter = std::slice::Iter<'t, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<I, T> From<Vec<T>> for Table<I, T> {
    fn from(items: Vec<T>) -> Self {
        Table {
            items,
            ix: PhantomData,
        }
    }
}

impl<I: Ix, T> std::ops::Index<I> for Table<I, T> {
    type Output = T;
    fn index(&self, i: I) -> &T {
        &self.items[i.get()]
    }
}

impl<I: Ix, T> std::ops::IndexMut<I> for Table<I, T> {
    fn index_mut(&mut self, i: I) -> &mut T {
        &mut self.items[i.get()]
    }
}

/// One document of a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocRef {
    Event,
    /// `content/<folder>/_index.md`: the introduction of a kind's listing.
    Intro(Kind),
    Session(SessionIx),
    Presentation(PresentationIx),
    Outcome(OutcomeIx),
    Page(PageIx),
}

impl DocRef {
    /// The kind of document it is (an introduction: the kind it introduces).
    pub fn kind(self) -> Kind {
        match self {
            DocRef::Event => Kind::Event,
            DocRef::Intro(k) => k,
            DocRef::Session(_) => Kind::Session,
            DocRef::Presentation(_) => Kind::Presentation,
            DocRef::Outcome(_) => Kind::Outcome,
            DocRef::Page(_) => Kind::Page,
        }
    }
}

// ------------------------------------------------------------ documents

/// The 1-based line and column of each top-level front matter key.
#[derive(Debug, Clone, Default)]
pub struct KeyLines(pub HashMap<String, (usize, usize)>);

/// A Markdown file with its typed front matter (its body is rendered
/// apart, see `bodies`).
#[derive(Debug, Clone)]
pub struct Document<F> {
    /// Relative to the site root.
    pub path: PathBuf,
    pub slug: String,
    pub language: Option<String>,
    pub front: F,
    /// The line of the file where the body starts (1-based).
    pub body_line: usize,
    pub keys: KeyLines,
    /// The front matter as written, so that `serve` can tell an edit of the
    /// body alone from one that may change the site graph.
    pub yaml: String,
}

impl<F> Document<F> {
    /// Where `key` is written, or the file's first line.
    pub fn key_location(&self, key: &str) -> Location {
        match self.keys.0.get(key) {
            Some(&(line, column)) => Location::at(&self.path, line, column),
            None => Location::at(&self.path, 1, 1),
        }
    }
}

/// The keys every kind of front matter shares, borrowed.
#[derive(Debug, Clone, Copy)]
pub struct Common<'a> {
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub date: Option<&'a str>,
    pub weight: Option<i64>,
    pub themes: &'a [String],
    pub draft: bool,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
}

/// Front matter of any kind.
pub trait Front {
    fn common(&self) -> Common<'_>;
}

// ------------------------------------------------------------ front matter

/// A person (or an organisation, where a list takes either): written as a
/// plain name or as `{name, role, organization, country}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Person {
    pub name: String,
    pub role: Option<String>,
    pub organization: Option<String>,
    pub country: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonFields {
    name: String,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    organization: Option<String>,
    /// The academic word for `organization`.
    #[serde(default)]
    affiliation: Option<String>,
    #[serde(default)]
    country: Option<String>,
}

impl<'de> Deserialize<'de> for Person {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PersonVisitor;
        impl<'de> Visitor<'de> for PersonVisitor {
            type Value = Person;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a name, or a mapping with `name`, `role`, `organization` (or `affiliation`), `country`",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Person, E> {
                Ok(Person {
                    name: v.to_string(),
                    ..Person::default()
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Person, A::Error> {
                let f = PersonFields::deserialize(de::value::MapAccessDeserializer::new(map))?;
                if f.organization.is_some() && f.affiliation.is_some() {
                    return Err(de::Error::custom(
                        "`organization` and `affiliation` name the same thing; keep one",
                    ));
                }
                Ok(Person {
                    name: f.name,
                    role: f.role,
                    organization: f.organization.or(f.affiliation),
                    country: f.country,
                })
            }
        }
        deserializer.deserialize_any(PersonVisitor)
    }
}

/// What a session is in the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SessionKind {
    Opening,
    Thematic,
    Closing,
    /// Everyone together (a keynote).
    Plenary,
    /// A poster session.
    Poster,
    /// A coffee or lunch break: shown in the timetable, no page of its own.
    Break,
}

/// How people take part in an event or a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    #[default]
    InPerson,
    Online,
    Hybrid,
}

/// Whether an event takes place as scheduled (schema.org's `eventStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum EventStatus {
    #[default]
    Scheduled,
    Postponed,
    Rescheduled,
    Cancelled,
    MovedOnline,
}

/// What an outcome is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutcomeKind {
    Finding,
    Recommendation,
}

/// Where the event takes place.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Venue {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
}

/// Declares a front matter struct with the keys every kind shares, plus its
/// own, and the list of its keys (for the kind table and suggestions).
macro_rules! front_matter {
    ($(#[$doc:meta])* $name:ident, $keys:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            pub title: String,
            #[serde(default)]
            pub summary: Option<String>,
            /// YYYY-MM-DD: a session's day; for other pages the date published.
            #[serde(default)]
            pub date: Option<String>,
            #[serde(default)]
            pub weight: Option<i64>,
            #[serde(default)]
            pub themes: Vec<String>,
            #[serde(default)]
            pub draft: bool,
            /// Free data for templates.
            #[serde(default)]
            pub extra: serde_json::Map<String, serde_json::Value>,
            $($(#[$fmeta])* pub $field: $ty,)*
        }

        /// The keys of this kind of front matter.
        pub const $keys: &[&str] = &[
            "title", "summary", "date", "weight", "themes", "draft", "extra",
            $(stringify!($field)),*
        ];

        impl Front for $name {
            fn common(&self) -> Common<'_> {
                Common {
                    title: &self.title,
                    summary: self.summary.as_deref(),
                    date: self.date.as_deref(),
                    weight: self.weight,
                    themes: &self.themes,
                    draft: self.draft,
                    extra: &self.extra,
                }
            }
        }
    };
}

front_matter! {
    /// `content/_index.md`: the event itself.
    EventFront, EVENT_KEYS {
        #[serde(default)] subtitle: Option<String>,
        #[serde(default)] start_date: Option<String>,
        #[serde(default)] end_date: Option<String>,
        #[serde(default)] venue: Option<Venue>,
        /// An IANA time zone name, e.g. `Indian/Mauritius`.
        #[serde(default)] timezone: Option<String>,
        /// In person (the default), online or hybrid.
        #[serde(default)] attendance: Option<Attendance>,
        /// Where to join or watch online: an http(s) address.
        #[serde(default)] join_url: Option<String>,
        #[serde(default)] hosts: Vec<Person>,
        #[serde(default)] organizers: Vec<Person>,
        #[serde(default)] co_chairs: Vec<Person>,
        /// The dates, venue and people are those planned (from a concept
        /// note or an invitation), not a record of what took place.
        #[serde(default)] planned: bool,
        /// `scheduled` (the default), `postponed`, `rescheduled`,
        /// `cancelled` or `moved_online`.
        #[serde(default)] status: Option<EventStatus>,
    }
}

front_matter! {
    /// `content/<folder>/_index.md`: the introduction of a listing page.
    IntroFront, INTRO_KEYS {}
}

front_matter! {
    /// `content/<slug>.md`: a plain page.
    PageFront, PAGE_KEYS {}
}

front_matter! {
    /// `content/sessions/<slug>.md`.
    SessionFront, SESSION_KEYS {
        /// Its place in the programme; needed unless it has a `date` and a
        /// `start` (the programme is then ordered by date, time and room).
        #[serde(default)] order: Option<i64>,
        /// "HH:MM"
        #[serde(default)] start: Option<String>,
        #[serde(default)] end: Option<String>,
        #[serde(default)] kind: Option<SessionKind>,
        #[serde(default)] room: Option<String>,
        #[serde(default)] track: Option<String>,
        /// In person, online or hybrid (the event's, when left out).
        #[serde(default)] attendance: Option<Attendance>,
        /// Where to join or watch this session online.
        #[serde(default)] join_url: Option<String>,
        #[serde(default)] facilitators: Vec<Person>,
        #[serde(default)] rapporteurs: Vec<Person>,
    }
}

front_matter! {
    /// `content/presentations/<slug>.md`.
    PresentationFront, PRESENTATION_KEYS {
        /// The session it is given in; without one, a poster or an
        /// unscheduled contribution.
        #[serde(default)] session: Option<String>,
        #[serde(default)] presenters: Vec<Person>,
        #[serde(default)] order: Option<i64>,
        /// "HH:MM", on its session's day.
        #[serde(default)] start: Option<String>,
        #[serde(default)] end: Option<String>,
        /// A path to a file inside the site, relative to this file or from the site root.
        #[serde(default)] slides: Option<String>,
        /// The paper: a file, like `slides`, or an https:// address.
        #[serde(default)] paper: Option<String>,
        /// A recording: an http(s) address.
        #[serde(default)] video: Option<String>,
        /// The paper's DOI, e.g. `10.1234/abcd`.
        #[serde(default)] doi: Option<String>,
    }
}

front_matter! {
    /// `content/recommendations/<slug>.md`: a finding or a recommendation.
    OutcomeFront, OUTCOME_KEYS {
        id: String,
        session: String,
        #[serde(default)] kind: Option<OutcomeKind>,
        #[serde(default)] addressees: Vec<String>,
        #[serde(default)] status: Option<String>,
        /// A tombstone: the date the outcome was withdrawn. Its id and
        /// anchor stay, with a note, so that citations still resolve.
        #[serde(default)] withdrawn: Option<String>,
        /// A tombstone: the id of the outcome this one was merged into.
        #[serde(default)] merged_into: Option<String>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_kind_order_and_folders_name_their_kind() {
        for (i, k) in KINDS.iter().enumerate() {
            assert_eq!(k.kind as usize, i, "{k:?}");
            if let Some(folder) = k.folder {
                assert_eq!(Kind::from_folder(folder), Some(k.kind));
                assert!(k.route.starts_with(folder));
                assert!(k.index_template.is_some() && k.index_label.is_some());
            }
        }
        assert_eq!(Kind::from_folder("nope"), None);
        assert_eq!(Kind::Outcome.page_kind(), "outcome");
    }

    #[test]
    fn typed_indexes_pick_from_their_own_table() {
        let t: Table<SessionIx, &str> = vec!["a", "b"].into();
        assert_eq!(t[SessionIx::new(1)], "b");
        assert_eq!(t.indexed().last(), Some((SessionIx::new(1), &"b")));
    }
}
