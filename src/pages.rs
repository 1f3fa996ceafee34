//! Pages: which pages a site has, and the typed context each template gets.
//!
//! Runs after `views`. [`plan`] lists every page in sitemap order as a
//! [`Page`] (a kind and an index, nothing built yet); [`Page::context`]
//! builds the one context its template receives (a struct per template,
//! never a bag of optional fields). Big values that several listing pages
//! show (every session, the programme by day, the annex) are not in the
//! contexts: they are [`Shared`], made once and lent to each page by the
//! `schedule`.

use std::path::Path;

use serde::Serialize;

use crate::labels::label;
use crate::markdown::Heading;
use crate::model::{DocRef, Kind, OutcomeIx, PageIx, PresentationIx, SessionIx};
use crate::routes;
use crate::text::one_line;
use crate::urls::Route;
use crate::views::{
    Counts, Link, OutcomeView, PageMeta, PresentationView, SessionView, TermItem, TermView, Views,
    term_view, term_views,
};

/// A page of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Home,
    Programme,
    /// The listing of a kind with a folder (`/sessions/`).
    Index(Kind),
    Session(SessionIx),
    Presentation(PresentationIx),
    Outcome(OutcomeIx),
    /// The outcomes addressed to one body, by its place in `site.addressees`.
    Addressee(usize),
    Themes,
    /// One theme, by its place in `site.themes`.
    Theme(usize),
    Report,
    Search,
    Plain(PageIx),
}

/// Big values that several listing pages show. Each is serialised once,
/// lent to the pages that show it in turn, and dropped after the last.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Shared {
    /// `sessions` without texts.
    Brief,
    /// `sessions` as the outcomes page lists them (see `Views::full_text`).
    OutcomeListing,
    /// `days`: the programme.
    Days,
    /// `sessions` for the report.
    Report,
    /// `outcomes` of the report's annex, by id.
    Annex,
}

impl Shared {
    pub const ALL: [Shared; 5] = [
        Shared::Brief,
        Shared::OutcomeListing,
        Shared::Days,
        Shared::Report,
        Shared::Annex,
    ];

    /// The variable's name in templates.
    pub fn key(self) -> &'static str {
        match self {
            Shared::Brief | Shared::OutcomeListing | Shared::Report => "sessions",
            Shared::Days => "days",
            Shared::Annex => "outcomes",
        }
    }
}

/// Every page of the site, in sitemap order.
pub fn plan(v: &Views) -> Vec<Page> {
    let site = v.site;
    let outcomes = site.with_outcomes();
    let mut pages = vec![Page::Home, Page::Programme];
    pages.extend(
        Kind::with_folders()
            .filter(|&k| k != Kind::Outcome || outcomes)
            .map(Page::Index),
    );
    // Breaks are in the timetable only.
    pages.extend(
        site.sessions
            .indexed()
            .filter(|(_, s)| !s.is_break())
            .map(|(i, _)| Page::Session(i)),
    );
    pages.extend(site.presentations.ixs().map(Page::Presentation));
    pages.extend(site.outcomes.ixs().map(Page::Outcome));
    if outcomes {
        pages.extend((0..site.addressees.len()).map(Page::Addressee));
    }
    pages.push(Page::Themes);
    pages.extend((0..site.themes.len()).map(Page::Theme));
    pages.push(Page::Report);
    pages.push(Page::Search);
    pages.extend(site.pages.ixs().map(Page::Plain));
    pages
}

impl Page {
    /// The document a page is made from, if one.
    pub fn doc(self) -> Option<DocRef> {
        match self {
            Page::Home => Some(DocRef::Event),
            Page::Index(k) => Some(DocRef::Intro(k)),
            Page::Session(i) => Some(DocRef::Session(i)),
            Page::Presentation(i) => Some(DocRef::Presentation(i)),
            Page::Outcome(i) => Some(DocRef::Outcome(i)),
            Page::Plain(i) => Some(DocRef::Page(i)),
            _ => None,
        }
    }

    /// The page made from a document (an introduction's is its listing).
    pub fn of(doc: DocRef) -> Page {
        match doc {
            DocRef::Event => Page::Home,
            DocRef::Intro(k) => Page::Index(k),
            DocRef::Session(i) => Page::Session(i),
            DocRef::Presentation(i) => Page::Presentation(i),
            DocRef::Outcome(i) => Page::Outcome(i),
            DocRef::Page(i) => Page::Plain(i),
        }
    }

    pub fn route(self, v: &Views) -> Route {
        let site = v.site;
        match self {
            Page::Programme => routes::programme(),
            Page::Addressee(t) => routes::addressee(&site.addressees[t].slug),
            Page::Themes => routes::themes(),
            Page::Theme(t) => routes::theme(&site.themes[t].slug),
            Page::Report => routes::report(),
            Page::Search => routes::search(),
            page => page.doc().map_or_else(Route::root, |d| routes::of(site, d)),
        }
    }

    pub fn template(self) -> &'static str {
        match self {
            Page::Home => Kind::Event.info().template,
            Page::Programme => "programme.html",
            Page::Index(k) => k.info().index_template.unwrap_or("page.html"),
            Page::Addressee(_) | Page::Theme(_) => "term.html",
            Page::Themes => "terms.html",
            Page::Report => "report.html",
            Page::Search => "search.html",
            page => page.doc().map_or("page.html", |d| d.kind().info().template),
        }
    }

    /// The big values it shows besides its context.
    pub fn shared(self) -> &'static [Shared] {
        match self {
            Page::Programme => &[Shared::Days],
            Page::Index(Kind::Outcome) => &[Shared::OutcomeListing],
            Page::Index(_) => &[Shared::Brief],
            Page::Report => &[Shared::Report, Shared::Annex],
            _ => &[],
        }
    }

    /// The date its document last changed, for the sitemap: its file's
    /// last commit, else the `date` it was published (a session's `date`
    /// is the day it was held, not a change); listings have none of their own.
    pub fn lastmod(self, v: &Views) -> Option<String> {
        let site = v.site;
        let head = site.head(self.doc()?)?;
        if let Some(date) = site.history.date(head.path) {
            return Some(date.to_string());
        }
        match self {
            Page::Presentation(_) | Page::Outcome(_) | Page::Plain(_) => head.common.date,
            _ => None,
        }
        .map(str::to_string)
    }

    /// The source file it is made from, relative to the site root.
    pub fn source<'a>(self, v: &Views<'a>) -> Option<&'a Path> {
        v.site.head(self.doc()?).map(|h| h.path)
    }

    /// The context its template receives. The views of its document
    /// (`doc`) are made by the schedule, in the task that renders the page;
    /// `html` is a presentation's body when the schedule took it out of
    /// the bodies.
    pub fn context<'a>(
        self,
        v: &'a Views<'a>,
        doc: DocViews<'a>,
        html: Option<&'a str>,
    ) -> Context<'a> {
        let route = self.route(v);
        let meta = |kind: &'a str, title: &'a str| v.meta(kind, title, &route, self.source(v));
        match self {
            Page::Home => Context::Home(home(v, meta("home", &v.site.event.front.title))),
            Page::Programme => {
                let mut page = meta("programme", label("title.programme"));
                page.breadcrumbs = v.crumbs(None);
                Context::Programme(Only { page })
            }
            Page::Index(k) => Context::Index(index(v, k, meta(index_kind(k), ""))),
            Page::Session(i) => {
                let s = doc.session.expect("a session page is given its session");
                Context::Session(session_page(v, i, s, meta("session", s.title)))
            }
            Page::Presentation(i) => {
                let p = doc
                    .presentation
                    .expect("a presentation page is given its view");
                let page = meta("presentation", p.title);
                Context::Presentation(presentation_page(v, i, p, html, page))
            }
            Page::Outcome(_) => {
                let o = doc.outcome.expect("an outcome page is given its view");
                let mut page = meta("outcome", o.title);
                page.summary = o.summary.clone();
                page.summary_html = o.summary_html;
                page.draft = o.draft;
                page.breadcrumbs = v.crumbs(Some(Kind::Outcome));
                Context::Outcome(OutcomePage { page, outcome: o })
            }
            Page::Addressee(t) => {
                let term = &v.site.addressees[t];
                Context::Term(term_page(
                    v,
                    term,
                    "addressee",
                    meta("addressee", &term.name),
                ))
            }
            Page::Themes => {
                let mut page = meta("themes", label("title.themes"));
                page.breadcrumbs = v.crumbs(None);
                Context::Terms(TermsPage {
                    page,
                    themes: term_views(&v.site.themes, v.urls, routes::theme),
                })
            }
            Page::Theme(t) => {
                let term = &v.site.themes[t];
                Context::Term(term_page(v, term, "theme", meta("theme", &term.name)))
            }
            Page::Report => Context::Report(report(v, meta("report", label("title.report")))),
            Page::Search => {
                let mut page = meta("search", label("title.search"));
                page.breadcrumbs = v.crumbs(None);
                Context::Search(SearchPage {
                    page,
                    counts: v.counts,
                    filters: search_filters(v),
                })
            }
            Page::Plain(i) => {
                let p = &v.site.pages[i];
                let mut page = meta("page", &p.front.title);
                page.summary = p.front.summary.as_deref().map(one_line);
                page.summary_html = v.bodies.summary_html(DocRef::Page(i));
                page.draft = p.front.draft;
                page.breadcrumbs = v.crumbs(None);
                let body = v.bodies.get(DocRef::Page(i));
                Context::Plain(PlainPage {
                    page,
                    content: body.map_or("", |b| b.html.as_str()),
                    headings: body.map_or(&[], |b| b.headings.as_slice()),
                })
            }
        }
    }
}

/// The views of the document a page shows, made by the schedule.
#[derive(Default, Clone, Copy)]
pub struct DocViews<'a> {
    pub session: Option<&'a SessionView<'a>>,
    pub presentation: Option<&'a PresentationView<'a>>,
    pub outcome: Option<&'a OutcomeView<'a>>,
}

fn session_page<'a>(
    v: &'a Views<'a>,
    i: SessionIx,
    s: &'a SessionView<'a>,
    mut page: PageMeta<'a>,
) -> SessionPage<'a> {
    page.summary = s.summary.clone();
    page.summary_html = s.summary_html;
    page.breadcrumbs = v.crumbs(Some(Kind::Session));
    page.draft = s.draft;
    let body = v.bodies.get(DocRef::Session(i));
    let sessions = &v.site.sessions;
    let page_of = |j: usize| (!sessions[SessionIx::new(j)].is_break()).then_some(j);
    let prev = (0..i.get()).rev().find_map(page_of);
    let next = (i.get() + 1..sessions.len()).find_map(page_of);
    let link = |j: usize| {
        let s = &sessions[SessionIx::new(j)].doc;
        Link {
            title: s.front.title.clone(),
            url: v.link(&routes::of_kind(Kind::Session, &s.slug)),
        }
    };
    let (prev, next) = (prev.map(link), next.map(link));
    SessionPage {
        page,
        content: body.map_or("", |b| b.html.as_str()),
        headings: body.map_or(&[], |b| b.headings.as_slice()),
        session: s,
        prev,
        next,
    }
}

/// A presentation's page, with links to the presentations before and
/// after it in the same session.
fn presentation_page<'a>(
    v: &'a Views<'a>,
    i: PresentationIx,
    p: &'a PresentationView<'a>,
    html: Option<&'a str>,
    mut page: PageMeta<'a>,
) -> PresentationPage<'a> {
    let presentations = &v.site.presentations;
    page.summary = p.summary.clone();
    page.summary_html = p.summary_html;
    page.draft = p.draft;
    match &p.session {
        Some(s) => {
            page.breadcrumbs = v.crumbs(Some(Kind::Session));
            page.breadcrumbs.push(Link {
                title: s.title.into(),
                url: s.url.clone(),
            });
        }
        None => page.breadcrumbs = v.crumbs(Some(Kind::Presentation)),
    }
    let body = v.bodies.get(DocRef::Presentation(i));
    let same_session =
        |j: usize| presentations[PresentationIx::new(j)].session == presentations[i].session;
    let (prev, next) = neighbours(v, i.get(), presentations.len(), |j| {
        DocRef::Presentation(PresentationIx::new(j))
    });
    PresentationPage {
        page,
        content: html.unwrap_or_else(|| body.map_or("", |b| b.html.as_str())),
        headings: body.map_or(&[], |b| b.headings.as_slice()),
        presentation: p,
        prev: prev.filter(|_| same_session(i.get() - 1)),
        next: next.filter(|_| same_session(i.get() + 1)),
    }
}

/// A theme's or an addressee's page.
fn term_page<'a>(
    v: &'a Views<'a>,
    term: &'a crate::site::Term,
    term_kind: &'static str,
    mut page: PageMeta<'a>,
) -> TermPage<'a> {
    let addressee = term_kind == "addressee";
    if addressee {
        page.breadcrumbs = v.crumbs(Some(Kind::Outcome));
    } else {
        page.breadcrumbs = v.crumbs(None);
        page.breadcrumbs.push(Link {
            title: label("title.themes").into(),
            url: v.link(&routes::themes()),
        });
    }
    TermPage {
        page,
        term: term_view(
            term,
            v.urls,
            if addressee {
                routes::addressee
            } else {
                routes::theme
            },
        ),
        term_kind,
        outcomes: addressee.then(|| v.outcomes_of(term)),
        full_text: addressee.then_some(v.full_text),
        items: v.term_items(term),
    }
}

fn report<'a>(v: &'a Views<'a>, mut page: PageMeta<'a>) -> ReportPage<'a> {
    page.breadcrumbs = v.crumbs(None);
    ReportPage {
        page,
        content: v.bodies.html(DocRef::Event),
        counts: v.counts,
        posters: v.unscheduled(),
        citation: CitationView {
            text: crate::citation::report(v.site, v.urls),
            bibtex: crate::citation::site_bibtex(v.site, v.urls),
            bibtex_url: v.link(&Route::file("report.bib")),
        },
    }
}

/// The page kind of a listing: its template's name (`sessions`, `outcomes`).
fn index_kind(k: Kind) -> &'static str {
    k.info()
        .index_template
        .unwrap_or("page.html")
        .trim_end_matches(".html")
}

fn home<'a>(v: &'a Views<'a>, mut page: PageMeta<'a>) -> Home<'a> {
    let site = v.site;
    page.summary = site.event.front.summary.as_deref().map(one_line);
    page.summary_html = v.bodies.summary_html(DocRef::Event);
    let pages = (site.pages.len() > crate::views::FOOTER_PAGES).then(|| {
        site.pages
            .iter()
            .map(|p| Link {
                title: p.front.title.clone(),
                url: v.link(&routes::of_kind(Kind::Page, &p.slug)),
            })
            .collect()
    });
    Home {
        page,
        content: v.bodies.html(DocRef::Event),
        counts: v.counts,
        jsonld: crate::exports::jsonld::event(site, v.urls),
        pages,
    }
}

fn index<'a>(v: &'a Views<'a>, k: Kind, mut page: PageMeta<'a>) -> Index<'a> {
    let site = v.site;
    let intro = site.intros.get(&k);
    page.title = crate::views::index_title(site, k);
    page.summary = intro.and_then(|d| d.front.summary.as_deref()).map(one_line);
    page.summary_html = v.bodies.summary_html(DocRef::Intro(k));
    page.breadcrumbs = v.crumbs(None);
    let outcomes = (k == Kind::Outcome).then(|| OutcomeFilters {
        full_text: v.full_text,
        addressees: term_views(&site.addressees, v.urls, routes::addressee),
        themes: term_views(&site.themes, v.urls, routes::theme),
    });
    Index {
        page,
        content: intro.map(|_| v.bodies.html(DocRef::Intro(k))),
        counts: v.counts,
        outcomes,
        posters: (k == Kind::Presentation).then(|| v.unscheduled()),
    }
}

/// Links to the documents before and after `i` in a list of `len`.
fn neighbours(
    v: &Views,
    i: usize,
    len: usize,
    doc: impl Fn(usize) -> DocRef,
) -> (Option<Link>, Option<Link>) {
    let link = |j: usize| {
        let d = doc(j);
        v.site.head(d).map(|h| Link {
            title: h.common.title.to_string(),
            url: v.link(&routes::of(v.site, d)),
        })
    };
    (
        i.checked_sub(1).and_then(link),
        Some(i + 1).filter(|&j| j < len).and_then(link),
    )
}

/// The context of one page: one struct per template.
#[derive(Serialize)]
#[serde(untagged)]
pub enum Context<'a> {
    Home(Home<'a>),
    Programme(Only<'a>),
    Index(Index<'a>),
    Session(SessionPage<'a>),
    Presentation(PresentationPage<'a>),
    Outcome(OutcomePage<'a>),
    Term(TermPage<'a>),
    Terms(TermsPage<'a>),
    Report(ReportPage<'a>),
    Search(SearchPage<'a>),
    Plain(PlainPage<'a>),
}

/// A page that shows only its own `page` data (and what is lent to it).
#[derive(Serialize)]
pub struct Only<'a> {
    pub page: PageMeta<'a>,
}

/// `home.html`.
#[derive(Serialize)]
pub struct Home<'a> {
    page: PageMeta<'a>,
    content: &'a str,
    counts: Counts,
    /// Schema.org JSON-LD, already safe inside `<script>`.
    jsonld: String,
    /// Every plain page, when the footer cannot list them all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pages: Option<Vec<Link>>,
}

/// `sessions.html`, `presentations.html`, `outcomes.html`.
#[derive(Serialize)]
pub struct Index<'a> {
    page: PageMeta<'a>,
    /// The introduction, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<&'a str>,
    counts: Counts,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    outcomes: Option<OutcomeFilters<'a>>,
    /// On the presentations page: the presentations without a session
    /// (posters and other contributions).
    #[serde(skip_serializing_if = "Option::is_none")]
    posters: Option<Vec<PresentationView<'a>>>,
}

/// What the outcomes page adds to a listing.
#[derive(Serialize)]
pub struct OutcomeFilters<'a> {
    /// Whether each outcome's text is shown (false on big sites, see
    /// `listings.full_text_limit`).
    full_text: bool,
    addressees: Vec<TermView<'a>>,
    themes: Vec<TermView<'a>>,
}

/// `session.html`.
#[derive(Serialize)]
pub struct SessionPage<'a> {
    page: PageMeta<'a>,
    content: &'a str,
    headings: &'a [Heading],
    session: &'a SessionView<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prev: Option<Link>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<Link>,
}

/// `presentation.html`.
#[derive(Serialize)]
pub struct PresentationPage<'a> {
    page: PageMeta<'a>,
    content: &'a str,
    headings: &'a [Heading],
    presentation: &'a PresentationView<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prev: Option<Link>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<Link>,
}

/// `outcome.html` (its session is lent, shared by the outcomes of a session).
#[derive(Serialize)]
pub struct OutcomePage<'a> {
    page: PageMeta<'a>,
    outcome: &'a OutcomeView<'a>,
}

/// `term.html`: a theme or an addressee.
#[derive(Serialize)]
pub struct TermPage<'a> {
    page: PageMeta<'a>,
    term: TermView<'a>,
    /// `theme` or `addressee`.
    term_kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    outcomes: Option<Vec<OutcomeView<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_text: Option<bool>,
    items: Vec<TermItem<'a>>,
}

/// `terms.html`.
#[derive(Serialize)]
pub struct TermsPage<'a> {
    page: PageMeta<'a>,
    themes: Vec<TermView<'a>>,
}

/// `report.html` (its sessions and annex are lent).
#[derive(Serialize)]
pub struct ReportPage<'a> {
    page: PageMeta<'a>,
    content: &'a str,
    counts: Counts,
    /// Posters and other contributions without a session.
    posters: Vec<PresentationView<'a>>,
    citation: CitationView,
}

/// "Cite this" for the report.
#[derive(Serialize)]
pub struct CitationView {
    text: String,
    bibtex: String,
    bibtex_url: String,
}

/// `search.html`.
#[derive(Serialize)]
pub struct SearchPage<'a> {
    page: PageMeta<'a>,
    counts: Counts,
    filters: SearchFilters<'a>,
}

/// The choices of the search page's filters; each value is what the index's
/// `meta.json` (kinds) and `filters.json` (sessions, themes by position)
/// know it by.
#[derive(Serialize)]
pub struct SearchFilters<'a> {
    kinds: Vec<(&'static str, &'static str)>,
    sessions: Vec<(usize, String)>,
    themes: Vec<(usize, &'a str)>,
}

fn search_filters<'a>(v: &Views<'a>) -> SearchFilters<'a> {
    let site = v.site;
    let mut kinds = Vec::new();
    let sessions: Vec<(usize, String)> = site
        .sessions
        .iter()
        .filter(|s| !s.is_break())
        .enumerate()
        .map(|(n, s)| (n, s.numbered_title()))
        .collect();
    if !sessions.is_empty() {
        kinds.push(("session", label("menu.sessions")));
    }
    if !site.presentations.is_empty() {
        kinds.push(("presentation", label("menu.presentations")));
    }
    if !site.outcomes.is_empty() {
        kinds.push(("outcome", label("search.outcomes")));
    }
    if !site.pages.is_empty() {
        kinds.push(("page", label("search.pages")));
    }
    SearchFilters {
        kinds,
        sessions,
        themes: site
            .themes
            .iter()
            .enumerate()
            .map(|(i, t)| (i, t.name.as_str()))
            .collect(),
    }
}

/// `page.html`.
#[derive(Serialize)]
pub struct PlainPage<'a> {
    page: PageMeta<'a>,
    content: &'a str,
    headings: &'a [Heading],
}

/// `sitemap.xml` and `robots.txt`.
#[derive(Serialize)]
pub struct SitemapPage<'a> {
    pub page: PageMeta<'a>,
    pub urls: Vec<SitemapUrl>,
}

#[derive(Serialize)]
pub struct SitemapUrl {
    pub loc: String,
    pub lastmod: Option<String>,
}
