//! Views: what templates see of the site, as plain serialisable data.
//!
//! Runs after `bodies`. [`Views`] holds what every page shows (the site, the
//! event, the counts) and builds the view of each document (a session with
//! its presentations and outcomes, an outcome with its links) on demand;
//! `pages` assembles them into one typed context per template. Views borrow
//! from the site and its bodies and copy nothing big.

use rayon::prelude::*;
use serde::Serialize;

use crate::bodies::Bodies;
use crate::labels::{self, label};
use crate::markdown::Heading;
use crate::model::{
    Attendance, DocRef, Kind, OutcomeIx, OutcomeKind, Person, PresentationIx, SessionIx,
    SessionKind,
};
use crate::routes;
use crate::site::{Site, Slides, Term, Terms};
use crate::text::one_line;
use crate::urls::{self, Route, Urls};
use std::borrow::Cow;

mod chrome;
mod programme;

pub use programme::Day;

pub use chrome::{EventView, FOOTER_PAGES, Link, PageMeta, SiteView, venue_label};
use chrome::{edit_url, event_view, site_view};

#[derive(Serialize, Clone)]
pub struct TermLink<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
}

#[derive(Serialize)]
pub struct SlidesView {
    url: String,
    /// Human size, e.g. `1.2 MB`; `None` for an external address.
    size: Option<String>,
    bytes: Option<u64>,
    external: bool,
}

#[derive(Serialize)]
pub struct SessionLink<'a> {
    slug: &'a str,
    pub title: &'a str,
    order: i64,
    pub url: String,
}

#[derive(Serialize)]
pub struct PresentationView<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub summary: Option<Cow<'a, str>>,
    /// A summary written over several lines, rendered (else `summary` is shown).
    pub summary_html: Option<&'a str>,
    date: Option<&'a str>,
    url: String,
    permalink: String,
    presenters: &'a [Person],
    /// "HH:MM" on its session's day.
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    time_label: Option<String>,
    /// Its session's day and its own times: "18 September 2025, 10:15–10:35".
    #[serde(skip_serializing_if = "Option::is_none")]
    when_label: Option<String>,
    slides: Option<SlidesView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    paper: Option<SlidesView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    video: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    doi: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    doi_url: Option<String>,
    themes: Vec<TermLink<'a>>,
    /// `None` for a poster or an unscheduled contribution.
    pub session: Option<SessionLink<'a>>,
    extra: &'a serde_json::Map<String, serde_json::Value>,
    pub draft: bool,
}

#[derive(Serialize)]
pub struct OutcomeView<'a> {
    pub id: &'a str,
    pub slug: &'a str,
    pub title: &'a str,
    pub summary: Option<Cow<'a, str>>,
    /// A summary written over several lines, rendered (else `summary` is shown).
    pub summary_html: Option<&'a str>,
    date: Option<&'a str>,
    kind: Option<OutcomeKind>,
    kind_label: &'static str,
    status: Option<&'a str>,
    addressees: Vec<TermLink<'a>>,
    themes: Vec<TermLink<'a>>,
    /// A tombstone's note: "Withdrawn on 1 July 2012." or "Merged into"
    /// with a link to the outcome that holds its text.
    #[serde(skip_serializing_if = "Option::is_none")]
    withdrawn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    merged_into: Option<MergedInto<'a>>,
    /// Its own page.
    url: String,
    permalink: String,
    /// Its anchor on the outcomes page (`.../recommendations/#S2-R1`).
    anchor_url: String,
    anchor_permalink: String,
    session: SessionLink<'a>,
    /// The body, with ids scoped so it can sit beside other bodies
    /// (left out where outcomes are only listed).
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<Scoped<'a>>,
    /// "Cite this" as plain text.
    #[serde(skip_serializing_if = "Option::is_none")]
    citation: Option<String>,
    extra: &'a serde_json::Map<String, serde_json::Value>,
    pub draft: bool,
}

/// Where a merged outcome's text lives on.
#[derive(Serialize)]
pub struct MergedInto<'a> {
    id: &'a str,
    anchor_url: String,
}

#[derive(Serialize)]
pub struct SessionView<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub summary: Option<Cow<'a, str>>,
    /// A summary written over several lines, rendered (else `summary` is shown).
    pub summary_html: Option<&'a str>,
    order: i64,
    kind: Option<SessionKind>,
    kind_label: &'static str,
    pub date: Option<&'a str>,
    date_label: Option<String>,
    /// The day's heading in the programme ("Date not yet published" when
    /// there is no date).
    day_label: String,
    /// Whether it is the first session of its day in programme order.
    first_of_day: bool,
    pub start: Option<&'a str>,
    pub end: Option<&'a str>,
    time_label: Option<String>,
    pub room: Option<&'a str>,
    track: Option<&'a str>,
    /// `in_person`, `online` or `hybrid`.
    attendance: Attendance,
    join_url: Option<&'a str>,
    /// The session can be joined online, and says so otherwise than the
    /// event (its own mode or join address): lists then name it, where
    /// the home page names the event's.
    own_attendance: bool,
    /// A break: in the timetable, without a page.
    pub is_break: bool,
    facilitators: &'a [Person],
    rapporteurs: &'a [Person],
    themes: Vec<TermLink<'a>>,
    url: String,
    permalink: String,
    /// Where its outcomes are listed on the outcomes page.
    outcomes_url: String,
    /// The body with ids scoped, for pages that show several bodies.
    content_scoped: Scoped<'a>,
    headings: &'a [Heading],
    presentations: Vec<PresentationView<'a>>,
    outcomes: Vec<OutcomeView<'a>>,
    extra: &'a serde_json::Map<String, serde_json::Value>,
    pub draft: bool,
}

#[derive(Serialize)]
pub struct TermView<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    count: usize,
}

/// Something a theme or an addressee page lists.
#[derive(Serialize)]
pub struct TermItem<'a> {
    title: &'a str,
    url: String,
    kind_label: &'static str,
    summary: Option<Cow<'a, str>>,
    id: Option<&'a str>,
}

/// The numbers the home and listing pages show.
#[derive(Serialize, Clone, Copy)]
pub struct Counts {
    sessions: usize,
    presentations: usize,
    outcomes: usize,
    findings: usize,
    recommendations: usize,
}

/// The texts a session view carries (its own page gets its text as
/// `content`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum SessionText {
    /// None: the session is only listed, or shown on its own page.
    None,
    /// Its body with ids scoped, to sit beside other bodies (the report).
    Scoped,
}

/// The views of a site, built once per run and shared by all its pages.
pub struct Views<'a> {
    pub site: &'a Site,
    pub bodies: &'a Bodies,
    pub urls: &'a Urls,
    pub site_view: SiteView<'a>,
    pub event: EventView<'a>,
    /// Every session without texts, for pages that list sessions (empty
    /// until [`Views::with_sessions`]).
    pub brief: Vec<SessionView<'a>>,
    pub counts: Counts,
    /// Whether listings of outcomes show their full text (see
    /// [`crate::config::Listings`]).
    pub full_text: bool,
}

impl<'a> Views<'a> {
    pub fn new(site: &'a Site, bodies: &'a Bodies, urls: &'a Urls, drafts: bool) -> Self {
        let outcomes = &site.outcomes;
        let findings = outcomes
            .iter()
            .filter(|o| o.doc.front.kind == Some(OutcomeKind::Finding))
            .count();
        Views {
            site,
            bodies,
            urls,
            site_view: site_view(site, urls, drafts),
            event: event_view(site, bodies, urls),
            brief: Vec::new(),
            full_text: outcomes.len() <= site.config.listings.full_text_limit,
            counts: Counts {
                sessions: site.sessions.iter().filter(|s| !s.is_break()).count(),
                presentations: site.presentations.len(),
                outcomes: outcomes.len(),
                findings,
                recommendations: outcomes.len() - findings,
            },
        }
    }

    /// Adds the views of every session, which the listing pages need.
    pub fn with_sessions(mut self) -> Self {
        self.brief = self
            .site
            .sessions
            .ixs()
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|i| self.session(i, SessionText::None, false))
            .collect();
        self
    }

    pub fn link(&self, route: &Route) -> String {
        self.urls.link(route)
    }

    fn theme_links(&self, names: &'a [String]) -> Vec<TermLink<'a>> {
        term_links(names, &self.site.themes, self.urls, routes::theme)
    }

    pub fn session_link(&self, i: SessionIx) -> SessionLink<'a> {
        let s = &self.site.sessions[i];
        SessionLink {
            slug: &s.doc.slug,
            title: &s.doc.front.title,
            order: s.number,
            url: self.link(&routes::of_kind(Kind::Session, &s.doc.slug)),
        }
    }

    pub fn presentation(&self, i: PresentationIx) -> PresentationView<'a> {
        let p = &self.site.presentations[i];
        let f = &p.doc.front;
        let route = routes::of_kind(Kind::Presentation, &p.doc.slug);
        let file = |s: &Slides| match s {
            Slides::File { route, bytes } => SlidesView {
                url: self.urls.link(route),
                size: Some(labels::size(*bytes)),
                bytes: Some(*bytes),
                external: false,
            },
            Slides::External(url) => SlidesView {
                url: url.clone(),
                size: None,
                bytes: None,
                external: true,
            },
        };
        PresentationView {
            slug: &p.doc.slug,
            title: &f.title,
            summary: f.summary.as_deref().map(one_line),
            summary_html: self.bodies.summary_html(DocRef::Presentation(i)),
            date: f.date.as_deref(),
            url: self.urls.link(&route),
            permalink: self.urls.permalink(&route),
            presenters: &f.presenters,
            start: f.start.as_deref(),
            end: f.end.as_deref(),
            time_label: time_label(f.start.as_deref(), f.end.as_deref()),
            when_label: {
                let day = p
                    .session
                    .and_then(|s| self.site.sessions[s].doc.front.date.as_deref());
                match (
                    day.map(labels::date),
                    time_label(f.start.as_deref(), f.end.as_deref()),
                ) {
                    (Some(d), Some(t)) => Some(format!("{d}, {t}")),
                    (d, t) => d.or(t),
                }
            },
            slides: p.slides.as_ref().map(file),
            paper: p.paper.as_ref().map(file),
            video: f.video.as_deref(),
            doi: f.doi.as_deref(),
            doi_url: f
                .doi
                .as_deref()
                .map(|d| format!("https://doi.org/{}", urls::encode_path(d))),
            themes: self.theme_links(&f.themes),
            session: p.session.map(|s| self.session_link(s)),
            extra: &f.extra,
            draft: f.draft,
        }
    }

    /// An outcome; `full` adds its text and citation (left out of pages
    /// that only list outcomes, which keeps big sites' page data small).
    pub fn outcome(&self, i: OutcomeIx, full: bool) -> OutcomeView<'a> {
        let o = &self.site.outcomes[i];
        let f = &o.doc.front;
        let route = routes::of_kind(Kind::Outcome, &o.doc.slug);
        let index = routes::index(Kind::Outcome);
        let fragment = format!("#{}", routes::fragment(o.id()));
        OutcomeView {
            id: o.id(),
            slug: &o.doc.slug,
            title: &f.title,
            summary: f.summary.as_deref().map(one_line),
            summary_html: self.bodies.summary_html(DocRef::Outcome(i)),
            date: f.date.as_deref(),
            kind: f.kind,
            kind_label: outcome_kind_label(f.kind),
            status: f.status.as_deref(),
            addressees: term_links(
                &f.addressees,
                &self.site.addressees,
                self.urls,
                routes::addressee,
            ),
            themes: self.theme_links(&f.themes),
            withdrawn: f.withdrawn.as_deref().map(crate::labels::date),
            merged_into: f.merged_into.as_deref().map(|id| MergedInto {
                id,
                anchor_url: format!("{}#{}", self.urls.link(&index), routes::fragment(id)),
            }),
            url: self.urls.link(&route),
            permalink: self.urls.permalink(&route),
            anchor_url: format!("{}{fragment}", self.urls.link(&index)),
            anchor_permalink: format!("{}{fragment}", self.urls.permalink(&index)),
            session: self.session_link(o.session),
            content: full.then(|| Scoped {
                html: self.bodies.html(DocRef::Outcome(i)),
                prefix: format!("{}-", o.doc.slug),
            }),
            citation: full
                .then(|| crate::citation::outcome(self.site, self.urls, o.id(), &f.title)),
            extra: &f.extra,
            draft: f.draft,
        }
    }

    /// A session with its presentations and outcomes, with its own text
    /// as `text` says and, with `outcome_text`, its outcomes' texts.
    pub fn session(&self, i: SessionIx, text: SessionText, outcome_text: bool) -> SessionView<'a> {
        let sessions = &self.site.sessions;
        let s = &sessions[i];
        let f = &s.doc.front;
        let route = routes::of_kind(Kind::Session, &s.doc.slug);
        let body = self.bodies.get(DocRef::Session(i));
        let previous_date = i
            .get()
            .checked_sub(1)
            .map(|j| sessions[SessionIx::new(j)].doc.front.date.as_deref());
        let (attendance, join_url) = self.site.attendance(s);
        SessionView {
            slug: &s.doc.slug,
            title: &f.title,
            summary: f.summary.as_deref().map(one_line),
            summary_html: self.bodies.summary_html(DocRef::Session(i)),
            order: s.number,
            kind: f.kind,
            kind_label: session_kind_label(f.kind),
            date: f.date.as_deref(),
            date_label: f.date.as_deref().map(labels::date),
            day_label: labels::day_with_weekday(f.date.as_deref()),
            first_of_day: previous_date != Some(f.date.as_deref()),
            start: f.start.as_deref(),
            end: f.end.as_deref(),
            time_label: time_label(f.start.as_deref(), f.end.as_deref()),
            room: f.room.as_deref(),
            track: f.track.as_deref(),
            attendance,
            join_url,
            own_attendance: attendance != Attendance::InPerson
                && (attendance != self.site.event.front.attendance.unwrap_or_default()
                    || f.join_url.is_some()),
            is_break: s.is_break(),
            facilitators: &f.facilitators,
            rapporteurs: &f.rapporteurs,
            themes: self.theme_links(&f.themes),
            url: self.urls.link(&route),
            permalink: self.urls.permalink(&route),
            outcomes_url: format!(
                "{}#outcomes-{}",
                self.urls.link(&routes::index(Kind::Outcome)),
                s.doc.slug
            ),
            content_scoped: Scoped {
                html: match (text, body) {
                    (SessionText::Scoped, Some(b)) => &b.html,
                    _ => "",
                },
                prefix: format!("{}-", s.doc.slug),
            },
            headings: body.map_or(&[], |b| b.headings.as_slice()),
            presentations: s
                .presentations
                .iter()
                .map(|&p| self.presentation(p))
                .collect(),
            outcomes: s
                .outcomes
                .iter()
                .map(|&o| self.outcome(o, outcome_text))
                .collect(),
            extra: &f.extra,
            draft: f.draft,
        }
    }

    /// A page's `page` data.
    pub fn meta(
        &self,
        kind: &'a str,
        title: &'a str,
        route: &Route,
        source: Option<&std::path::Path>,
    ) -> PageMeta<'a> {
        let source = source.map(|p| p.to_string_lossy().replace('\\', "/"));
        PageMeta {
            kind,
            title,
            summary: None,
            summary_html: None,
            url: self.urls.link(route),
            permalink: self.urls.permalink(route),
            breadcrumbs: Vec::new(),
            edit_url: match (&self.site.config.repository, &source) {
                (Some(repo), Some(src)) => Some(edit_url(repo, src)),
                _ => None,
            },
            updated: match &source {
                Some(src) => self.site.history.date(std::path::Path::new(src)),
                None if kind == "report" || kind == "home" => self.site.history.last_change(),
                None => None,
            }
            .map(chrome::Updated::new),
            source,
            draft: false,
        }
    }

    /// Breadcrumbs: home, then the listing of `kind` when given.
    pub fn crumbs(&self, kind: Option<Kind>) -> Vec<Link> {
        let mut out = vec![Link {
            title: label("crumb.home").into(),
            url: self.urls.link(&Route::root()),
        }];
        if let Some(k) = kind {
            out.push(Link {
                title: index_title(self.site, k).to_string(),
                url: self.urls.link(&routes::index(k)),
            });
        }
        out
    }

    /// The outcomes of a term, with their texts when listings show them.
    pub fn outcomes_of(&self, term: &Term) -> Vec<OutcomeView<'a>> {
        term.items
            .iter()
            .filter_map(|item| match *item {
                DocRef::Outcome(i) => Some(self.outcome(i, self.full_text)),
                _ => None,
            })
            .collect()
    }

    /// What a term page lists.
    pub fn term_items(&self, term: &'a Term) -> Vec<TermItem<'a>> {
        term.items
            .iter()
            .filter_map(|&item| {
                let head = self.site.head(item)?;
                let (kind_label, id) = match item {
                    DocRef::Outcome(i) => {
                        let o = &self.site.outcomes[i];
                        (
                            label(match o.doc.front.kind {
                                Some(OutcomeKind::Finding) => "kind.finding",
                                _ => "kind.recommendation",
                            }),
                            Some(o.id()),
                        )
                    }
                    other => (label(other.kind().info().label), None),
                };
                Some(TermItem {
                    title: head.common.title,
                    url: self.urls.link(&routes::of(self.site, item)),
                    kind_label,
                    summary: head.common.summary.map(one_line),
                    id,
                })
            })
            .collect()
    }

    /// Sessions with their outcomes' texts, for the outcomes page when it
    /// shows them.
    pub fn sessions_with_outcome_texts(&self) -> Vec<SessionView<'a>> {
        self.every_session(SessionText::None, true)
    }

    /// The presentations without a session: posters and other
    /// contributions.
    pub fn unscheduled(&self) -> Vec<PresentationView<'a>> {
        self.site
            .presentations
            .indexed()
            .filter(|(_, p)| p.session.is_none())
            .map(|(i, _)| self.presentation(i))
            .collect()
    }

    /// The programme by day (see [`programme`]).
    pub fn days(&'a self) -> Vec<Day<'a>> {
        programme::days(&self.brief)
    }

    /// Sessions for the report: scoped texts, outcomes without texts (the
    /// annex has those).
    pub fn report_sessions(&self) -> Vec<SessionView<'a>> {
        self.every_session(SessionText::Scoped, true)
    }

    /// Every session's view, made in parallel.
    fn every_session(&self, text: SessionText, outcome_texts: bool) -> Vec<SessionView<'a>> {
        self.site
            .sessions
            .ixs()
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|i| self.session(i, text, outcome_texts))
            .collect()
    }

    /// Every outcome, by id, without its text (which the report shows
    /// under its session).
    pub fn all_outcomes_by_id(&self) -> Vec<OutcomeView<'a>> {
        let mut all: Vec<OutcomeView> = self
            .site
            .outcomes
            .ixs()
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|i| self.outcome(i, false))
            .collect();
        all.sort_by(|a, b| crate::site::natural_cmp(a.id, b.id));
        all
    }
}

/// `09:00–10:30`, `09:00`.
fn time_label(start: Option<&str>, end: Option<&str>) -> Option<String> {
    start.map(|s| match end {
        Some(e) => format!("{s}–{e}"),
        None => s.to_string(),
    })
}

/// "Opening session", "Thematic session"...
pub fn session_kind_label(kind: Option<SessionKind>) -> &'static str {
    label(match kind {
        Some(SessionKind::Opening) => "session.opening",
        Some(SessionKind::Thematic) => "session.thematic",
        Some(SessionKind::Closing) => "session.closing",
        Some(SessionKind::Plenary) => "session.plenary",
        Some(SessionKind::Poster) => "session.poster",
        Some(SessionKind::Break) => "session.break",
        None => "kind.session",
    })
}

fn outcome_kind_label(kind: Option<OutcomeKind>) -> &'static str {
    label(match kind {
        Some(OutcomeKind::Finding) => "kind.finding",
        Some(OutcomeKind::Recommendation) => "kind.recommendation",
        None => "kind.outcome",
    })
}

/// A kind's listing title: its introduction's, or the label.
pub fn index_title(site: &Site, kind: Kind) -> &str {
    match site.intros.get(&kind) {
        Some(d) => &d.front.title,
        None => label(kind.info().index_label.unwrap_or(kind.info().label)),
    }
}

fn term_links<'a>(
    names: &'a [String],
    terms: &'a Terms,
    urls: &Urls,
    route: fn(&str) -> Route,
) -> Vec<TermLink<'a>> {
    names
        .iter()
        .filter_map(|n| {
            terms.find(n).map(|t| TermLink {
                name: n.as_str(),
                slug: &t.slug,
                url: urls.link(&route(&t.slug)),
            })
        })
        .collect()
}

pub fn term_view<'a>(t: &'a Term, urls: &Urls, route: fn(&str) -> Route) -> TermView<'a> {
    TermView {
        name: &t.name,
        slug: &t.slug,
        url: urls.link(&route(&t.slug)),
        count: t.items.len(),
    }
}

pub fn term_views<'a>(
    terms: &'a Terms,
    urls: &Urls,
    route: fn(&str) -> Route,
) -> Vec<TermView<'a>> {
    terms.iter().map(|t| term_view(t, urls, route)).collect()
}

/// A body that gets its ids prefixed when it is serialised for a page, so
/// that it can sit beside other bodies there; the views hold no copy.
pub struct Scoped<'a> {
    pub html: &'a str,
    pub prefix: String,
}

impl Serialize for Scoped<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&scope_ids(self.html, &self.prefix))
    }
}

/// Prefixes every `id` in `html`, and every link to an id on the same page,
/// with `prefix`, in one pass.
fn scope_ids(html: &str, prefix: &str) -> String {
    const ID: &str = " id=\"";
    const HREF: &str = " href=\"#";
    if !html.contains(ID) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 256);
    let (mut next_id, mut next_href) = (html.find(ID), html.find(HREF));
    let mut at = 0;
    loop {
        let (pos, len) = match (next_id, next_href) {
            (Some(i), Some(h)) if h < i => (h, HREF.len()),
            (Some(i), _) => (i, ID.len()),
            (None, Some(h)) => (h, HREF.len()),
            (None, None) => break,
        };
        let end = pos + len;
        out.push_str(&html[at..end]);
        out.push_str(prefix);
        at = end;
        let find = |pat: &str| html[end..].find(pat).map(|p| p + end);
        if len == ID.len() {
            next_id = find(ID);
        } else {
            next_href = find(HREF);
        }
    }
    out.push_str(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scoped_ids_keep_links_working() {
        assert_eq!(
            scope_ids("<h2 id=\"a\">A</h2><a href=\"#a\">", "s-"),
            "<h2 id=\"s-a\">A</h2><a href=\"#s-a\">"
        );
        let html =
            "<a href=\"#x\">1</a><p id=\"x\">2 id=\" <a href=\"#y\"></a></p><h3 id=\"y\">é</h3>";
        let old_way = html
            .replace(" id=\"", " id=\"p-")
            .replace(" href=\"#", " href=\"#p-");
        assert_eq!(scope_ids(html, "p-"), old_way);
        assert_eq!(scope_ids("<p>no ids</p>", "p-"), "<p>no ids</p>");
    }
}
