//! Rendering: the site graph to pages.
//!
//! Runs after `site`. It renders every Markdown body once (in parallel), builds
//! the plain data each template receives (the site, the event, the page, and
//! sessions with their presentations and outcomes resolved), and renders every
//! page in parallel through `templates`. Its result is a list of files in
//! memory; `output` writes them.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Repository;
use crate::diagnostics::Diagnostic;
use crate::front_matter::{Document, OutcomeKind, Person, SessionKind, Venue};
use crate::markdown::{Heading, Markdown, Rendered};
use crate::site::{DocRef, Item, Site, Slides, Term, Terms};
use crate::source::Section;
use crate::templates::{Lent, Templates};
use crate::urls::{Route, Urls};

/// A file of the output, in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative to the output root, with `/`.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// What a file of the output holds: bytes made by the build, or a file to copy.
#[derive(Debug, Clone)]
pub enum Contents {
    Bytes(Vec<u8>),
    Copy(std::path::PathBuf),
}

/// Where files go as soon as they are made: kept in memory (`check`,
/// `serve`) or written to a staging folder (`build`), so that a build never
/// holds the whole site in memory. `origin` names what made the file, for
/// the error when two things make the same path.
pub trait Sink: Sync {
    fn put(&self, path: String, contents: Contents, origin: &str);

    /// Makes the file at `path` by handing `make` a writer, so that a big
    /// page goes to disk as it is rendered instead of being held whole.
    /// `make`'s error (a template error) is returned; the file is then
    /// incomplete, and the build fails anyway.
    fn put_with(
        &self,
        path: String,
        origin: &str,
        make: &mut WriteFn<'_>,
    ) -> Result<(), Diagnostic> {
        let mut bytes = Vec::new();
        make(&mut bytes)?;
        self.put(path, Contents::Bytes(bytes), origin);
        Ok(())
    }
}

/// Writes a file's contents into the writer it is given.
pub type WriteFn<'a> = dyn FnMut(&mut dyn std::io::Write) -> Result<(), Diagnostic> + 'a;

/// Rendered bodies of every document, by kind and index in [`Site`].
pub struct Bodies {
    pub event: Rendered,
    pub sections: HashMap<Section, Rendered>,
    pub sessions: Vec<Rendered>,
    pub presentations: Vec<Rendered>,
    pub recommendations: Vec<Rendered>,
    pub pages: Vec<Rendered>,
}

/// The route of each kind of page.
pub mod routes {
    use super::*;

    pub fn session(slug: &str) -> Route {
        Route::page(&["sessions", slug])
    }
    pub fn presentation(slug: &str) -> Route {
        Route::page(&["presentations", slug])
    }
    pub fn recommendation(slug: &str) -> Route {
        Route::page(&["recommendations", slug])
    }
    pub fn section(section: Section) -> Route {
        Route::page(&[section.dir()])
    }
    pub fn page(slug: &str) -> Route {
        Route::page(&[slug])
    }
    pub fn programme() -> Route {
        Route::page(&["programme"])
    }
    pub fn report() -> Route {
        Route::page(&["report"])
    }
    pub fn themes() -> Route {
        Route::page(&["themes"])
    }
    pub fn theme(slug: &str) -> Route {
        Route::page(&["themes", slug])
    }
    pub fn addressee(slug: &str) -> Route {
        Route::page(&["recommendations", "to", slug])
    }
    pub fn search() -> Route {
        Route::page(&["search"])
    }
}

/// Renders every Markdown body of the site, in parallel. Each document's
/// Markdown is freed as soon as it is rendered: nothing reads it afterwards,
/// and on a big site it is tens of MB.
pub fn render_bodies(site: &mut Site, markdown: &Markdown, urls: &Urls) -> Bodies {
    let page_urls = page_url_map(site, urls);
    let resolve = |p: &str| page_urls.get(p).cloned();
    let render = |d: (String, &std::path::Path, usize)| markdown.render(&d.0, d.1, d.2, &resolve);
    fn take<F>(d: &mut Document<F>) -> (String, &std::path::Path, usize) {
        (std::mem::take(&mut d.body), &d.path, d.body_line)
    }
    let (sessions, (presentations, (recommendations, pages))) = rayon::join(
        || {
            site.sessions
                .par_iter_mut()
                .map(|s| render(take(&mut s.doc)))
                .collect()
        },
        || {
            rayon::join(
                || {
                    site.presentations
                        .par_iter_mut()
                        .map(|p| render(take(&mut p.doc)))
                        .collect()
                },
                || {
                    rayon::join(
                        || {
                            site.recommendations
                                .par_iter_mut()
                                .map(|r| render(take(&mut r.doc)))
                                .collect()
                        },
                        || site.pages.par_iter_mut().map(|p| render(take(p))).collect(),
                    )
                },
            )
        },
    );
    Bodies {
        event: render(take(&mut site.event)),
        sections: site
            .section_intros
            .iter_mut()
            .map(|(s, d)| (*s, render(take(d))))
            .collect(),
        sessions,
        presentations,
        recommendations,
        pages,
    }
}

/// Renders the body of the document at `path` (relative to the site root)
/// again from `body`, which starts on line `body_line` of the file, and
/// stores it in `bodies`. Returns false when no document has that path.
pub fn update_body(
    site: &Site,
    bodies: &mut Bodies,
    markdown: &Markdown,
    urls: &Urls,
    path: &std::path::Path,
    body: &str,
    body_line: usize,
) -> bool {
    let Some(doc) = site.find(path) else {
        return false;
    };
    let page_urls = page_url_map(site, urls);
    let resolve = |p: &str| page_urls.get(p).cloned();
    bodies.set(doc, markdown.render(body, path, body_line, &resolve));
    true
}

/// Renders only the page made from the document at `path`, as a full build
/// would, building just the views that page needs. `None` when no page comes
/// from that document.
pub fn render_page(
    site: &Site,
    bodies: &Bodies,
    templates: &Templates,
    urls: &Urls,
    drafts: bool,
    path: &std::path::Path,
) -> Option<Result<OutputFile, Diagnostic>> {
    let v = Views::new(site, bodies, urls, drafts);
    let render = |job: &Job, lent: &mut Lent| {
        templates
            .render(job.template, &job.data, lent)
            .map(|html| OutputFile {
                path: job.route.output_file(),
                bytes: html.into_bytes(),
            })
    };
    let page = match site.find(path)? {
        DocRef::Session(i) => Some(DocPage::Session(i)),
        DocRef::Presentation(i) => Some(DocPage::Presentation(i)),
        DocRef::Recommendation(i) => Some(DocPage::Outcome(i)),
        DocRef::Page(i) => Some(DocPage::Plain(i)),
        DocRef::Event | DocRef::SectionIntro(_) => None,
    };
    if let Some(page) = page {
        return Some(v.with_doc_job(page, |job| {
            let mut lent = v.common();
            if let Some(s) = job.data.outcome_session {
                lent.push(("session", to_value(s)));
            }
            render(job, &mut lent)
        }));
    }
    // The home page and the section pages list the whole site.
    let v = v.with_sessions();
    let lists = v.lists();
    let plan = v.plan();
    let wanted = path.to_string_lossy().replace('\\', "/");
    let job = plan.iter().find_map(|p| match p {
        Planned::Listing(j) if j.data.page.source.as_deref() == Some(wanted.as_str()) => Some(j),
        _ => None,
    })?;
    let mut made = SharedValues::new(&v, &lists).render_each(&[job], render);
    made.pop()
}

/// Content paths (`sessions/x.md`) to page links, for Markdown links.
fn page_url_map(site: &Site, urls: &Urls) -> HashMap<String, String> {
    site.documents()
        .into_iter()
        .filter_map(|(doc, path)| {
            let rel = path.strip_prefix("content").ok()?;
            Some((
                rel.to_string_lossy().replace('\\', "/"),
                urls.link(&route_of(site, doc)),
            ))
        })
        .collect()
}

/// The route of the page made from a document.
pub fn route_of(site: &Site, doc: DocRef) -> Route {
    match doc {
        DocRef::Event => Route::root(),
        DocRef::SectionIntro(s) => routes::section(s),
        DocRef::Session(i) => routes::session(&site.sessions[i].doc.slug),
        DocRef::Presentation(i) => routes::presentation(&site.presentations[i].doc.slug),
        DocRef::Recommendation(i) => routes::recommendation(&site.recommendations[i].doc.slug),
        DocRef::Page(i) => routes::page(&site.pages[i].slug),
    }
}

impl Bodies {
    /// The warnings of every body, taken out of them.
    pub fn take_warnings(&mut self) -> Vec<Diagnostic> {
        self.all_mut()
            .flat_map(|b| std::mem::take(&mut b.warnings))
            .collect()
    }

    /// Frees the plain text of every body, once the exports (its only
    /// readers) are written.
    pub fn drop_texts(&mut self) {
        for body in self.all_mut() {
            body.text = String::new();
        }
    }

    /// Frees the links of every body (only `check` reads them).
    pub fn drop_links(&mut self) {
        for body in self.all_mut() {
            body.links = Vec::new();
        }
    }

    fn all_mut(&mut self) -> impl Iterator<Item = &mut Rendered> {
        std::iter::once(&mut self.event)
            .chain(self.sections.values_mut())
            .chain(&mut self.sessions)
            .chain(&mut self.presentations)
            .chain(&mut self.recommendations)
            .chain(&mut self.pages)
    }

    /// The rendered body of a document.
    pub fn get(&self, doc: DocRef) -> Option<&Rendered> {
        match doc {
            DocRef::Event => Some(&self.event),
            DocRef::SectionIntro(s) => self.sections.get(&s),
            DocRef::Session(i) => self.sessions.get(i),
            DocRef::Presentation(i) => self.presentations.get(i),
            DocRef::Recommendation(i) => self.recommendations.get(i),
            DocRef::Page(i) => self.pages.get(i),
        }
    }

    fn set(&mut self, doc: DocRef, body: Rendered) {
        match doc {
            DocRef::Event => self.event = body,
            DocRef::SectionIntro(s) => {
                self.sections.insert(s, body);
            }
            DocRef::Session(i) => self.sessions[i] = body,
            DocRef::Presentation(i) => self.presentations[i] = body,
            DocRef::Recommendation(i) => self.recommendations[i] = body,
            DocRef::Page(i) => self.pages[i] = body,
        }
    }
}

// ------------------------------------------------------------------ views

#[derive(Serialize, Clone)]
struct Link {
    title: String,
    url: String,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    base_url: &'a str,
    base_path: &'a str,
    language: &'a str,
    repository: Option<&'a Repository>,
    /// Plain pages, by weight: the first [`FOOTER_PAGES`] of them (every
    /// page shows them in its footer).
    pages: Vec<Link>,
    /// When there are more: a link to the list of all of them.
    more_pages: Option<Link>,
    /// Main navigation.
    menu: Vec<Link>,
    home_url: String,
    has_outcomes: bool,
    drafts: bool,
    notice: Option<&'a str>,
    feed_url: String,
    search_index_url: String,
    outcomes_url: String,
    exports: Vec<Link>,
}

#[derive(Serialize)]
struct EventView<'a> {
    title: &'a str,
    subtitle: Option<&'a str>,
    summary: Option<&'a str>,
    start_date: Option<&'a str>,
    end_date: Option<&'a str>,
    dates: Option<String>,
    venue: Option<&'a Venue>,
    venue_label: Option<String>,
    timezone: Option<&'a str>,
    hosts: &'a [Person],
    organizers: &'a [Person],
    co_chairs: &'a [Person],
    content: &'a str,
    url: String,
    extra: &'a serde_json::Map<String, serde_json::Value>,
}

#[derive(Serialize)]
struct PageMeta<'a> {
    /// `home`, `session`, `presentation`... (the template's name).
    kind: &'a str,
    title: &'a str,
    summary: Option<&'a str>,
    url: String,
    permalink: String,
    breadcrumbs: Vec<Link>,
    edit_url: Option<String>,
    source: Option<String>,
    draft: bool,
}

#[derive(Serialize, Clone)]
struct TermLink<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
}

#[derive(Serialize)]
struct SlidesView {
    url: String,
    /// Human size, e.g. `1.2 MB`; `None` for an external address.
    size: Option<String>,
    bytes: Option<u64>,
    external: bool,
}

#[derive(Serialize)]
struct SessionLink<'a> {
    slug: &'a str,
    title: &'a str,
    order: i64,
    url: String,
}

#[derive(Serialize)]
struct PresentationView<'a> {
    slug: &'a str,
    title: &'a str,
    summary: Option<&'a str>,
    date: Option<&'a str>,
    url: String,
    permalink: String,
    presenters: &'a [Person],
    slides: Option<SlidesView>,
    themes: Vec<TermLink<'a>>,
    session: SessionLink<'a>,
    extra: &'a serde_json::Map<String, serde_json::Value>,
    draft: bool,
}

#[derive(Serialize)]
struct OutcomeView<'a> {
    id: &'a str,
    slug: &'a str,
    title: &'a str,
    summary: Option<&'a str>,
    date: Option<&'a str>,
    kind: Option<OutcomeKind>,
    kind_label: &'static str,
    status: Option<&'a str>,
    addressees: Vec<TermLink<'a>>,
    themes: Vec<TermLink<'a>>,
    /// Its own page.
    url: String,
    permalink: String,
    /// Its anchor on the recommendations page (`.../recommendations/#S2-R1`).
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
    draft: bool,
}

#[derive(Serialize)]
struct SessionView<'a> {
    slug: &'a str,
    title: &'a str,
    summary: Option<&'a str>,
    order: i64,
    kind: Option<SessionKind>,
    kind_label: &'static str,
    date: Option<&'a str>,
    date_label: Option<String>,
    /// The day's heading in the programme ("Date not yet published" when
    /// there is no date).
    day_label: String,
    /// Whether it is the first session of its day in programme order.
    first_of_day: bool,
    start: Option<&'a str>,
    end: Option<&'a str>,
    time_label: Option<String>,
    facilitators: &'a [Person],
    rapporteurs: &'a [Person],
    themes: Vec<TermLink<'a>>,
    url: String,
    permalink: String,
    /// Where its outcomes are listed on the recommendations page.
    outcomes_url: String,
    /// The body with ids scoped, for pages that show several bodies.
    content_scoped: Scoped<'a>,
    headings: &'a [Heading],
    presentations: Vec<PresentationView<'a>>,
    outcomes: Vec<OutcomeView<'a>>,
    extra: &'a serde_json::Map<String, serde_json::Value>,
    draft: bool,
}

#[derive(Serialize)]
struct Day<'a> {
    date: Option<&'a str>,
    label: String,
    sessions: Vec<&'a SessionView<'a>>,
}

#[derive(Serialize)]
struct TermView<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct TermItem<'a> {
    title: &'a str,
    url: String,
    kind_label: &'static str,
    summary: Option<&'a str>,
    id: Option<&'a str>,
}

#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
}

/// Everything a template can see. Fields that a page type does not use are
/// left out of its data.
#[derive(Serialize)]
struct PageData<'a> {
    page: PageMeta<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    headings: Option<&'a [Heading]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    session: Option<&'a SessionView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    presentation: Option<&'a PresentationView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    outcome: Option<&'a OutcomeView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    outcomes: Option<Vec<OutcomeView<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prev: Option<Link>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<Link>,
    #[serde(skip_serializing_if = "Option::is_none")]
    term: Option<TermView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    term_kind: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    items: Option<Vec<TermItem<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    themes: Option<Vec<TermView<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    addressees: Option<Vec<TermView<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    urls: Option<Vec<SitemapUrl>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    counts: Option<Counts>,
    /// Schema.org JSON-LD, already safe inside `<script>` (home page).
    #[serde(skip_serializing_if = "Option::is_none")]
    jsonld: Option<String>,
    /// "Cite this" for the report.
    #[serde(skip_serializing_if = "Option::is_none")]
    citation: Option<CitationView>,
    /// Every plain page, on the home page, when the footer cannot list
    /// them all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pages: Option<Vec<Link>>,
    /// On pages that list outcomes: whether each outcome's text is shown
    /// (false on big sites, see `listings.full_text_limit`).
    #[serde(skip_serializing_if = "Option::is_none")]
    full_text: Option<bool>,
    /// An outcome page's session: lent to the page as `session`,
    /// serialised once for all the outcomes of the session.
    #[serde(skip)]
    outcome_session: Option<&'a SessionView<'a>>,
}

#[derive(Serialize)]
struct CitationView {
    text: String,
    bibtex: String,
    bibtex_url: String,
}

#[derive(Serialize, Clone, Copy)]
struct Counts {
    sessions: usize,
    presentations: usize,
    outcomes: usize,
    findings: usize,
    recommendations: usize,
}

impl<'a> PageData<'a> {
    fn new(page: PageMeta<'a>) -> Self {
        PageData {
            page,
            content: None,
            headings: None,
            session: None,
            presentation: None,
            outcome: None,
            outcomes: None,
            prev: None,
            next: None,
            term: None,
            term_kind: None,
            items: None,
            themes: None,
            addressees: None,
            urls: None,
            counts: None,
            jsonld: None,
            citation: None,
            pages: None,
            full_text: None,
            outcome_session: None,
        }
    }
}

/// One page to render: its template, route and data.
struct Job<'a> {
    template: &'static str,
    route: Route,
    data: PageData<'a>,
    /// The big shared values it shows besides `data`.
    shared: &'static [Shared],
}

/// A page made from one document, by kind and index; its data is made
/// when it is rendered, in the task that renders it.
#[derive(Clone, Copy)]
enum DocPage {
    Session(usize),
    Presentation(usize),
    Outcome(usize),
    Plain(usize),
}

/// A page of the site, in sitemap order.
enum Planned<'a> {
    /// A page that lists much of the site, with its data.
    Listing(Box<Job<'a>>),
    Doc(DocPage),
}

/// Big values that several listing pages show. Each is serialised once,
/// lent to the pages that show it in turn, and dropped after the last.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Shared {
    /// `sessions` without texts.
    Brief,
    /// `sessions` as the Outcomes page lists them (see `Views::full_text`).
    OutcomeListing,
    /// `days`: the programme.
    Days,
    /// `sessions` for the report.
    Report,
    /// `outcomes` of the report's annex, by id.
    Annex,
}

impl Shared {
    const ALL: [Shared; 5] = [
        Shared::Brief,
        Shared::OutcomeListing,
        Shared::Days,
        Shared::Report,
        Shared::Annex,
    ];

    /// The variable's name in templates.
    fn key(self) -> &'static str {
        match self {
            Shared::Brief | Shared::OutcomeListing | Shared::Report => "sessions",
            Shared::Days => "days",
            Shared::Annex => "outcomes",
        }
    }
}

/// The shared values of a run of listing pages, made on first use.
struct SharedValues<'v, 'a> {
    views: &'v Views<'a>,
    lists: &'v Lists<'a>,
    values: [Option<serde_json::Value>; Shared::ALL.len()],
}

impl<'v, 'a> SharedValues<'v, 'a> {
    fn new(views: &'v Views<'a>, lists: &'v Lists<'a>) -> Self {
        SharedValues {
            views,
            lists,
            values: Default::default(),
        }
    }

    /// The value that stands for `s` (the Outcomes page lists brief
    /// sessions on big sites).
    fn alias(&self, s: Shared) -> Shared {
        match s {
            Shared::OutcomeListing if !self.views.full_text => Shared::Brief,
            s => s,
        }
    }

    /// Moves `s`'s value out (making it if needed).
    fn take(&mut self, s: Shared) -> serde_json::Value {
        let s = self.alias(s);
        let v = self.views;
        self.values[s as usize].take().unwrap_or_else(|| match s {
            Shared::Brief => to_value(&v.brief),
            Shared::OutcomeListing => to_value(&v.sessions_with_outcome_texts()),
            Shared::Days => to_value(&self.lists.days),
            Shared::Report => to_value(&self.lists.report),
            Shared::Annex => to_value(&v.all_outcomes_by_id()),
        })
    }

    fn give_back(&mut self, s: Shared, value: serde_json::Value) {
        let s = self.alias(s);
        self.values[s as usize] = Some(value);
    }

    /// Drops the values no page in `rest` shows.
    fn drop_unused(&mut self, rest: &[&Job]) {
        for s in Shared::ALL {
            let used = rest
                .iter()
                .any(|j| j.shared.iter().any(|&t| self.alias(t) == s));
            if !used {
                self.values[s as usize] = None;
            }
        }
    }

    /// Renders `jobs` one after the other, each with the values it shows
    /// lent to it, calling `put` for each.
    fn render_each<R>(
        &mut self,
        jobs: &[&Job],
        mut put: impl FnMut(&Job, &mut Lent) -> R,
    ) -> Vec<R> {
        let mut lent = self.views.common();
        let mut out = Vec::with_capacity(jobs.len());
        for (i, job) in jobs.iter().enumerate() {
            for &s in job.shared {
                lent.push((s.key(), self.take(s)));
            }
            out.push(put(job, &mut lent));
            for &s in job.shared.iter().rev() {
                let (_, value) = lent.pop().expect("lent values come back");
                self.give_back(s, value);
            }
            self.drop_unused(&jobs[i + 1..]);
        }
        out
    }
}

/// Serialises view data for templates; view data is plain maps, lists and
/// strings, which cannot fail to serialise.
fn to_value<T: Serialize + ?Sized>(data: &T) -> serde_json::Value {
    serde_json::to_value(data).unwrap_or_default()
}

/// What [`render_site`] made.
pub struct PagesMade {
    pub pages: usize,
    /// The slowest pages with the time each took, slowest first.
    pub slowest: Vec<(String, Duration)>,
}

/// How many plain pages the footer of every page lists; with more, it
/// links to the list of all of them on the home page, so that the footers
/// do not grow with the square of the site.
pub const FOOTER_PAGES: usize = 20;

/// How many of the slowest pages `--timings` lists.
const SLOWEST_PAGES: usize = 5;

/// Renders every page of the site into `sink`. Returns the number of pages
/// and the slowest of them with their times, or every template error.
///
/// Unless `keep_bodies` (`check` and `serve` read the bodies afterwards),
/// each presentation's HTML is freed as soon as its page is written: those
/// are most of a big site's bodies, and no other page shows them.
pub fn render_site(
    site: &Site,
    bodies: &mut Bodies,
    templates: &Templates,
    urls: &Urls,
    drafts: bool,
    sink: &dyn Sink,
    keep_bodies: bool,
) -> Result<PagesMade, Vec<Diagnostic>> {
    let html: Vec<Mutex<String>> = bodies
        .presentations
        .iter_mut()
        .map(|b| Mutex::new(std::mem::take(&mut b.html)))
        .collect();
    let mut v = Views::new(site, bodies, urls, drafts).with_sessions();
    v.presentation_html = Some(PresentationHtml {
        html: &html,
        keep: keep_bodies,
    });
    let made = render_pages(&v, templates, sink);
    if keep_bodies {
        for (body, html) in bodies.presentations.iter_mut().zip(html) {
            body.html = html.into_inner().unwrap_or_else(|e| e.into_inner());
        }
    }
    made
}

/// The presentations' HTML, taken out of the bodies for the pages that
/// show it (see [`render_site`]).
#[derive(Clone, Copy)]
struct PresentationHtml<'a> {
    html: &'a [Mutex<String>],
    /// Put each back after its page is written.
    keep: bool,
}

/// Renders every page from the views `v` (see [`render_site`]).
fn render_pages(
    v: &Views,
    templates: &Templates,
    sink: &dyn Sink,
) -> Result<PagesMade, Vec<Diagnostic>> {
    let (site, urls) = (v.site, v.urls);
    let lists = v.lists();
    let plan = v.plan();
    // Each page is rendered straight into its file.
    let put = |route: &Route, template: &str, data: &PageData, lent: &mut Lent| {
        sink.put_with(route.output_file(), "a page", &mut |w| {
            templates.render_to(template, data, lent, w)
        })
        .err()
    };
    let run = |job: &Job, lent: &mut Lent| {
        let start = Instant::now();
        (
            job.route.output_file(),
            put(&job.route, job.template, &job.data, lent),
            start.elapsed(),
        )
    };
    // `site` and `event` for the pages rendered in parallel: one copy per
    // task running at a time, handed from page to page.
    let spare: Mutex<Vec<Lent>> = Default::default();
    let take_common = || {
        let spare = spare.lock().unwrap_or_else(|e| e.into_inner()).pop();
        spare.unwrap_or_else(|| v.common())
    };
    let give_back = |lent: Lent| spare.lock().unwrap_or_else(|e| e.into_inner()).push(lent);
    // The pages that list the whole site (report, programme, indexes) take
    // far longer than the rest and hold big data while they render. They go
    // one after the other, from the start, sharing that data, while the
    // other pages render in parallel, one per task, beside them; so the
    // slow ones never finish last and their data is made once and held once.
    // Listings that share no big value (the page of a theme or an
    // addressee: there can be thousands) render in parallel with the rest.
    let (listings, free): (Vec<&Job>, Vec<&Job>) = plan
        .iter()
        .filter_map(|p| match p {
            Planned::Listing(job) => Some(&**job),
            Planned::Doc(_) => None,
        })
        .partition(|job| !job.shared.is_empty() || job.template != "term.html");
    // The other pages go one task per page, except that the pages of the
    // outcomes of one session, which all show that session, share it.
    let mut groups: Vec<Vec<DocPage>> = Vec::with_capacity(plan.len());
    let mut group_of_session = HashMap::new();
    for p in &plan {
        match *p {
            Planned::Listing(_) => {}
            Planned::Doc(page @ DocPage::Outcome(i)) => {
                let g = *group_of_session
                    .entry(site.recommendations[i].session)
                    .or_insert_with(|| {
                        groups.push(Vec::new());
                        groups.len() - 1
                    });
                groups[g].push(page);
            }
            Planned::Doc(page) => groups.push(vec![page]),
        }
    }
    // Presentations first: a build frees their HTML as their pages are
    // written, before the biggest listing (the report, near the end) is made.
    groups.sort_by_key(|g| !matches!(g[0], DocPage::Presentation(_)));
    let (mut took, (took_pages, took_free)): (Vec<_>, (Vec<_>, Vec<_>)) = rayon::join(
        || SharedValues::new(v, &lists).render_each(&listings, run),
        || {
            rayon::join(
                || {
                    groups
                        .par_iter()
                        .with_max_len(1)
                        .flat_map_iter(|group| {
                            let mut lent = take_common();
                            let session = match group[0] {
                                DocPage::Outcome(i) => {
                                    Some(to_value(&v.brief[site.recommendations[i].session]))
                                }
                                _ => None,
                            };
                            let lends_session = session.is_some();
                            lent.extend(session.map(|s| ("session", s)));
                            let made: Vec<_> = group
                                .iter()
                                .map(|&page| v.with_doc_job(page, |job| run(job, &mut lent)))
                                .collect();
                            if lends_session {
                                lent.pop();
                            }
                            give_back(lent);
                            made
                        })
                        .collect()
                },
                || {
                    free.par_iter()
                        .map(|job| {
                            let mut lent = take_common();
                            let made = run(job, &mut lent);
                            give_back(lent);
                            made
                        })
                        .collect()
                },
            )
        },
    );
    took.extend(took_pages);
    took.extend(took_free);
    let mut slowest: Vec<(String, Duration)> =
        took.iter().map(|(page, _, d)| (page.clone(), *d)).collect();
    slowest.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    slowest.truncate(SLOWEST_PAGES);
    let mut errors: Vec<Diagnostic> = took.into_iter().filter_map(|(_, e, _)| e).collect();
    // 404.html sits at the root, whatever the base path.
    let not_found = PageData::new(v.meta(
        "404",
        "Page not found",
        None,
        Route::file("404.html"),
        vec![],
        None,
        false,
    ));
    let mut lent = take_common();
    errors.extend(put(
        &Route::file("404.html"),
        "404.html",
        &not_found,
        &mut lent,
    ));
    let mut sitemap = PageData::new(v.meta(
        "sitemap",
        "Sitemap",
        None,
        Route::file("sitemap.xml"),
        vec![],
        None,
        false,
    ));
    sitemap.urls = Some(
        plan.iter()
            .map(|p| {
                let (route, lastmod) = match p {
                    // Listings change with the whole site: no date of their own.
                    Planned::Listing(j) => (j.route.clone(), None),
                    Planned::Doc(page) => v.doc_route_and_date(*page),
                };
                SitemapUrl {
                    loc: urls.permalink(&route),
                    lastmod,
                }
            })
            .collect(),
    );
    for name in ["sitemap.xml", "robots.txt"] {
        errors.extend(put(&Route::file(name), name, &sitemap, &mut lent));
    }
    if errors.is_empty() {
        Ok(PagesMade {
            pages: plan.len() + 1,
            slowest,
        })
    } else {
        Err(errors)
    }
}

/// The views of a site, built once per build and shared by all pages.
struct Views<'a> {
    site: &'a Site,
    bodies: &'a Bodies,
    urls: &'a Urls,
    site_view: SiteView<'a>,
    event: EventView<'a>,
    /// Sessions without texts, for pages that list sessions and outcomes.
    brief: Vec<SessionView<'a>>,
    counts: Counts,
    /// Where presentation pages take their HTML from, when not from `bodies`.
    presentation_html: Option<PresentationHtml<'a>>,
    /// Whether listings of outcomes show their full text (see
    /// [`crate::config::Listings`]).
    full_text: bool,
}

/// The texts a session view carries (its own page gets its text as
/// `content`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum SessionText {
    /// None: the session is only listed, or shown on its own page.
    None,
    /// Its body with ids scoped, to sit beside other bodies (the report).
    Scoped,
}

/// Views that list the whole site, built once for the pages that need them.
struct Lists<'a> {
    days: Vec<Day<'a>>,
    /// Sessions for the report: scoped texts, outcomes without texts (the
    /// annex has those).
    report: Vec<SessionView<'a>>,
}

impl<'a> Views<'a> {
    fn new(site: &'a Site, bodies: &'a Bodies, urls: &'a Urls, drafts: bool) -> Self {
        let link = |r: Route| urls.link(&r);
        let mut menu = vec![
            Link {
                title: "Programme".into(),
                url: link(routes::programme()),
            },
            Link {
                title: "Sessions".into(),
                url: link(routes::section(Section::Sessions)),
            },
            Link {
                title: "Outcomes".into(),
                url: link(routes::section(Section::Recommendations)),
            },
            Link {
                title: "Report".into(),
                url: link(routes::report()),
            },
        ];
        if !site.themes.is_empty() {
            menu.push(Link {
                title: "Themes".into(),
                url: link(routes::themes()),
            });
        }
        menu.push(Link {
            title: "Search".into(),
            url: link(routes::search()),
        });
        let pages = site
            .pages
            .iter()
            .take(FOOTER_PAGES)
            .map(|p| Link {
                title: p.front.title.clone(),
                url: link(routes::page(&p.slug)),
            })
            .collect();
        let site_view = SiteView {
            title: &site.config.title,
            base_url: urls.base(),
            base_path: urls.base_path(),
            language: &site.config.language,
            repository: site.config.repository.as_ref(),
            pages,
            more_pages: (site.pages.len() > FOOTER_PAGES).then(|| Link {
                title: format!("All {} pages", site.pages.len()),
                url: format!("{}#pages", link(Route::root())),
            }),
            menu,
            home_url: link(Route::root()),
            has_outcomes: !site.recommendations.is_empty(),
            drafts,
            notice: site.config.notice.as_deref(),
            feed_url: link(Route::file("atom.xml")),
            search_index_url: link(Route::file("search/index.json")),
            outcomes_url: link(routes::section(Section::Recommendations)),
            exports: vec![
                Link {
                    title: "Outcomes as JSON".into(),
                    url: link(Route::file("recommendations.json")),
                },
                Link {
                    title: "Outcomes as CSV (spreadsheet)".into(),
                    url: link(Route::file("recommendations.csv")),
                },
                Link {
                    title: "Programme as a calendar (.ics)".into(),
                    url: link(Route::file("programme.ics")),
                },
                Link {
                    title: "Atom feed".into(),
                    url: link(Route::file("atom.xml")),
                },
            ],
        };
        let e = &site.event.front;
        let event = EventView {
            title: &e.title,
            subtitle: e.subtitle.as_deref(),
            summary: e.summary.as_deref(),
            start_date: e.start_date.as_deref(),
            end_date: e.end_date.as_deref(),
            dates: date_range_label(e.start_date.as_deref(), e.end_date.as_deref()),
            venue: e.venue.as_ref(),
            venue_label: e.venue.as_ref().map(|v| {
                [&v.name, &v.city, &v.country]
                    .iter()
                    .filter_map(|x| x.as_deref())
                    .collect::<Vec<_>>()
                    .join(", ")
            }),
            timezone: e.timezone.as_deref(),
            hosts: &e.hosts,
            organizers: &e.organizers,
            co_chairs: &e.co_chairs,
            content: &bodies.event.html,
            url: link(Route::root()),
            extra: &e.extra,
        };

        Views {
            site,
            bodies,
            urls,
            site_view,
            event,
            brief: Vec::new(),
            presentation_html: None,
            full_text: site.recommendations.len() <= site.config.listings.full_text_limit,
            counts: Counts {
                sessions: site.sessions.len(),
                presentations: site.presentations.len(),
                outcomes: site.recommendations.len(),
                findings: site
                    .recommendations
                    .iter()
                    .filter(|r| r.doc.front.kind == Some(OutcomeKind::Finding))
                    .count(),
                recommendations: site
                    .recommendations
                    .iter()
                    .filter(|r| r.doc.front.kind != Some(OutcomeKind::Finding))
                    .count(),
            },
        }
    }

    /// Adds the views of every session, which the listing pages need.
    fn with_sessions(mut self) -> Self {
        let n = self.site.sessions.len();
        self.brief = (0..n)
            .into_par_iter()
            .map(|i| self.session_view(i, SessionText::None, false))
            .collect();
        self
    }

    fn theme_links(&self, names: &'a [String]) -> Vec<TermLink<'a>> {
        term_links(names, &self.site.themes, self.urls, routes::theme)
    }

    fn session_link(&self, i: usize) -> SessionLink<'a> {
        let s = &self.site.sessions[i];
        SessionLink {
            slug: &s.doc.slug,
            title: &s.doc.front.title,
            order: s.doc.front.order,
            url: self.urls.link(&routes::session(&s.doc.slug)),
        }
    }

    fn presentation_view(&self, i: usize) -> PresentationView<'a> {
        let p = &self.site.presentations[i];
        let f = &p.doc.front;
        let route = routes::presentation(&p.doc.slug);
        PresentationView {
            slug: &p.doc.slug,
            title: &f.title,
            summary: f.summary.as_deref(),
            date: f.date.as_deref(),
            url: self.urls.link(&route),
            permalink: self.urls.permalink(&route),
            presenters: &f.presenters,
            slides: p.slides.as_ref().map(|s| match s {
                Slides::File { route, bytes } => SlidesView {
                    url: self.urls.link(route),
                    size: Some(human_size(*bytes)),
                    bytes: Some(*bytes),
                    external: false,
                },
                Slides::External(url) => SlidesView {
                    url: url.clone(),
                    size: None,
                    bytes: None,
                    external: true,
                },
            }),
            themes: self.theme_links(&f.themes),
            session: self.session_link(p.session),
            extra: &f.extra,
            draft: f.draft,
        }
    }

    /// An outcome; `full` adds its text and citation (left out of pages
    /// that only list outcomes, which keeps big sites' page data small).
    fn outcome_view(&self, i: usize, full: bool) -> OutcomeView<'a> {
        let r = &self.site.recommendations[i];
        let f = &r.doc.front;
        let route = routes::recommendation(&r.doc.slug);
        let index = routes::section(Section::Recommendations);
        let fragment = format!("#{}", fragment_escape(&r.id.0));
        OutcomeView {
            id: &r.id.0,
            slug: &r.doc.slug,
            title: &f.title,
            summary: f.summary.as_deref(),
            date: f.date.as_deref(),
            kind: f.kind,
            kind_label: match f.kind {
                Some(OutcomeKind::Finding) => "Finding",
                Some(OutcomeKind::Recommendation) => "Recommendation",
                None => "Outcome",
            },
            status: f.status.as_deref(),
            addressees: term_links(
                &f.addressees,
                &self.site.addressees,
                self.urls,
                routes::addressee,
            ),
            themes: self.theme_links(&f.themes),
            url: self.urls.link(&route),
            permalink: self.urls.permalink(&route),
            anchor_url: format!("{}{fragment}", self.urls.link(&index)),
            anchor_permalink: format!("{}{fragment}", self.urls.permalink(&index)),
            session: self.session_link(r.session),
            content: full.then(|| Scoped {
                html: &self.bodies.recommendations[i].html,
                prefix: format!("{}-", r.doc.slug),
            }),
            citation: full
                .then(|| crate::exports::outcome_citation(self.site, self.urls, &r.id.0, &f.title)),
            extra: &f.extra,
            draft: f.draft,
        }
    }

    /// A session with its presentations and outcomes, with its own text
    /// as `text` says and, with `outcome_text`, its outcomes' texts.
    fn session_view(&self, i: usize, text: SessionText, outcome_text: bool) -> SessionView<'a> {
        let s = &self.site.sessions[i];
        let f = &s.doc.front;
        let route = routes::session(&s.doc.slug);
        let body = &self.bodies.sessions[i];
        SessionView {
            slug: &s.doc.slug,
            title: &f.title,
            summary: f.summary.as_deref(),
            order: f.order,
            kind: f.kind,
            kind_label: match f.kind {
                Some(SessionKind::Opening) => "Opening session",
                Some(SessionKind::Thematic) => "Thematic session",
                Some(SessionKind::Closing) => "Closing session",
                None => "Session",
            },
            date: f.date.as_deref(),
            date_label: f.date.as_deref().map(date_label),
            day_label: day_label(f.date.as_deref()),
            first_of_day: i == 0 || self.site.sessions[i - 1].doc.front.date != f.date,
            start: f.start.as_deref(),
            end: f.end.as_deref(),
            time_label: f.start.as_deref().map(|s| match f.end.as_deref() {
                Some(e) => format!("{s}–{e}"),
                None => s.to_string(),
            }),
            facilitators: &f.facilitators,
            rapporteurs: &f.rapporteurs,
            themes: self.theme_links(&f.themes),
            url: self.urls.link(&route),
            permalink: self.urls.permalink(&route),
            outcomes_url: format!(
                "{}#outcomes-{}",
                self.urls.link(&routes::section(Section::Recommendations)),
                s.doc.slug
            ),
            content_scoped: Scoped {
                html: if text == SessionText::Scoped {
                    &body.html
                } else {
                    ""
                },
                prefix: format!("{}-", s.doc.slug),
            },
            headings: &body.headings,
            presentations: s
                .presentations
                .iter()
                .map(|&p| self.presentation_view(p))
                .collect(),
            outcomes: s
                .recommendations
                .iter()
                .map(|&r| self.outcome_view(r, outcome_text))
                .collect(),
            extra: &f.extra,
            draft: f.draft,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn meta(
        &self,
        kind: &'a str,
        title: &'a str,
        summary: Option<&'a str>,
        route: Route,
        breadcrumbs: Vec<Link>,
        source: Option<&std::path::Path>,
        draft: bool,
    ) -> PageMeta<'a> {
        let source = source.map(|p| p.to_string_lossy().replace('\\', "/"));
        PageMeta {
            kind,
            title,
            summary,
            url: self.urls.link(&route),
            permalink: self.urls.permalink(&route),
            breadcrumbs,
            edit_url: match (&self.site.config.repository, &source) {
                (Some(repo), Some(src)) => Some(edit_url(repo, src)),
                _ => None,
            },
            source,
            draft,
        }
    }

    /// `site` and `event`, which every page shows, serialised once for a
    /// run of pages (see [`Templates::render_to`]).
    fn common(&self) -> Lent {
        vec![
            ("site", to_value(&self.site_view)),
            ("event", to_value(&self.event)),
        ]
    }

    fn crumbs(&self, section: Option<Section>) -> Vec<Link> {
        let mut out = vec![Link {
            title: "Home".into(),
            url: self.urls.link(&Route::root()),
        }];
        if let Some(s) = section {
            out.push(Link {
                title: section_title(self.site, s),
                url: self.urls.link(&routes::section(s)),
            });
        }
        out
    }

    fn lists(&'a self) -> Lists<'a> {
        Lists {
            days: self.build_days(),
            report: (0..self.site.sessions.len())
                .into_par_iter()
                .map(|i| self.session_view(i, SessionText::Scoped, false))
                .collect(),
        }
    }

    /// Sessions with their outcomes' texts, for the Outcomes page when it
    /// shows them.
    fn sessions_with_outcome_texts(&self) -> Vec<SessionView<'a>> {
        (0..self.site.sessions.len())
            .into_par_iter()
            .map(|i| self.session_view(i, SessionText::None, true))
            .collect()
    }

    /// Every page in sitemap order: the listing pages with their data, the
    /// pages of documents by kind and index (their data is made when they
    /// are rendered).
    fn plan(&'a self) -> Vec<Planned<'a>> {
        let site = self.site;
        let urls = self.urls;
        let mut jobs = Vec::new();
        let job = |template: &'static str, route: Route, data: PageData<'a>| Job {
            template,
            route,
            data,
            shared: &[],
        };

        // Home.
        let mut d = PageData::new(self.meta(
            "home",
            &site.event.front.title,
            site.event.front.summary.as_deref(),
            Route::root(),
            vec![],
            Some(&site.event.path),
            false,
        ));
        d.content = Some(&self.bodies.event.html);
        d.counts = Some(self.counts);
        d.jsonld = Some(crate::exports::event_json_ld(site, urls));
        if site.pages.len() > FOOTER_PAGES {
            d.pages = Some(
                site.pages
                    .iter()
                    .map(|p| Link {
                        title: p.front.title.clone(),
                        url: urls.link(&routes::page(&p.slug)),
                    })
                    .collect(),
            );
        }
        jobs.push(Planned::Listing(Box::new(job(
            "home.html",
            Route::root(),
            d,
        ))));

        // Programme, by day.
        let d = PageData::new(self.meta(
            "programme",
            "Programme",
            None,
            routes::programme(),
            self.crumbs(None),
            None,
            false,
        ));
        jobs.push(Planned::Listing(Box::new(Job {
            shared: &[Shared::Days],
            ..job("programme.html", routes::programme(), d)
        })));

        // Sections.
        for section in Section::ALL {
            let intro = site.section_intros.get(&section);
            let body = self.bodies.sections.get(&section);
            let title: &'a str = match intro {
                Some(d) => &d.front.title,
                None => default_section_title(section),
            };
            let mut d = PageData::new(self.meta(
                section.dir(),
                title,
                intro.and_then(|d| d.front.summary.as_deref()),
                routes::section(section),
                self.crumbs(None),
                intro.map(|d| d.path.as_path()),
                false,
            ));
            d.content = body.map(|b| b.html.as_str());

            d.counts = Some(self.counts);
            if section == Section::Recommendations {
                d.full_text = Some(self.full_text);
                d.addressees = Some(term_views(&site.addressees, urls, routes::addressee));
                d.themes = Some(term_views(&site.themes, urls, routes::theme));
            }
            jobs.push(Planned::Listing(Box::new(Job {
                shared: if section == Section::Recommendations {
                    &[Shared::OutcomeListing]
                } else {
                    &[Shared::Brief]
                },
                ..job(
                    match section {
                        Section::Sessions => "sessions.html",
                        Section::Presentations => "presentations.html",
                        Section::Recommendations => "recommendations.html",
                    },
                    routes::section(section),
                    d,
                )
            })));
        }

        // Sessions, presentations, and outcomes, each on its own page.
        jobs.extend((0..site.sessions.len()).map(|i| Planned::Doc(DocPage::Session(i))));
        jobs.extend((0..site.presentations.len()).map(|i| Planned::Doc(DocPage::Presentation(i))));
        jobs.extend((0..site.recommendations.len()).map(|i| Planned::Doc(DocPage::Outcome(i))));

        // Outcomes by addressee.
        for t in site.addressees.iter() {
            let mut d = PageData::new(self.meta(
                "addressee",
                &t.name,
                None,
                routes::addressee(&t.slug),
                self.crumbs(Some(Section::Recommendations)),
                None,
                false,
            ));
            d.term = Some(term_view(t, urls, routes::addressee));
            d.term_kind = Some("addressee");
            d.outcomes = Some(self.outcomes_of(t));
            d.full_text = Some(self.full_text);
            d.items = Some(self.term_items(t));
            jobs.push(Planned::Listing(Box::new(job(
                "term.html",
                routes::addressee(&t.slug),
                d,
            ))));
        }

        // Themes.
        let mut d = PageData::new(self.meta(
            "themes",
            "Themes",
            None,
            routes::themes(),
            self.crumbs(None),
            None,
            false,
        ));
        d.themes = Some(term_views(&site.themes, urls, routes::theme));
        jobs.push(Planned::Listing(Box::new(job(
            "terms.html",
            routes::themes(),
            d,
        ))));
        for t in site.themes.iter() {
            let mut crumbs = self.crumbs(None);
            crumbs.push(Link {
                title: "Themes".into(),
                url: urls.link(&routes::themes()),
            });
            let mut d = PageData::new(self.meta(
                "theme",
                &t.name,
                None,
                routes::theme(&t.slug),
                crumbs,
                None,
                false,
            ));
            d.term = Some(term_view(t, urls, routes::theme));
            d.term_kind = Some("theme");
            d.items = Some(self.term_items(t));
            jobs.push(Planned::Listing(Box::new(job(
                "term.html",
                routes::theme(&t.slug),
                d,
            ))));
        }

        // The report.
        let mut d = PageData::new(self.meta(
            "report",
            "Report",
            None,
            routes::report(),
            self.crumbs(None),
            None,
            false,
        ));
        d.content = Some(&self.bodies.event.html);
        d.counts = Some(self.counts);
        d.citation = Some(CitationView {
            text: crate::exports::report_citation(site, urls),
            bibtex: crate::exports::report_bibtex(site, urls),
            bibtex_url: urls.link(&Route::file("report.bib")),
        });
        jobs.push(Planned::Listing(Box::new(Job {
            shared: &[Shared::Report, Shared::Annex],
            ..job("report.html", routes::report(), d)
        })));

        // Search.
        let mut d = PageData::new(self.meta(
            "search",
            "Search",
            None,
            routes::search(),
            self.crumbs(None),
            None,
            false,
        ));
        d.counts = Some(self.counts);
        jobs.push(Planned::Listing(Box::new(job(
            "search.html",
            routes::search(),
            d,
        ))));

        // Plain pages.
        jobs.extend((0..site.pages.len()).map(|i| Planned::Doc(DocPage::Plain(i))));
        jobs
    }

    /// The route of a document's page and the date it was last changed,
    /// for the sitemap (an outcome without a date takes its session's).
    fn doc_route_and_date(&self, page: DocPage) -> (Route, Option<String>) {
        let site = self.site;
        let (route, date) = match page {
            DocPage::Session(i) => {
                let d = &site.sessions[i].doc;
                (routes::session(&d.slug), d.front.date.as_deref())
            }
            DocPage::Presentation(i) => {
                let d = &site.presentations[i].doc;
                (routes::presentation(&d.slug), d.front.date.as_deref())
            }
            DocPage::Outcome(i) => {
                let r = &site.recommendations[i];
                let session = &site.sessions[r.session].doc.front;
                (
                    routes::recommendation(&r.doc.slug),
                    r.doc.front.date.as_deref().or(session.date.as_deref()),
                )
            }
            DocPage::Plain(i) => (routes::page(&site.pages[i].slug), None),
        };
        (route, date.map(str::to_string))
    }

    /// Builds the data of a document's page and hands its job to `f`.
    fn with_doc_job<R>(&self, page: DocPage, f: impl FnOnce(&Job) -> R) -> R {
        match page {
            DocPage::Session(i) => {
                let s = self.session_view(i, SessionText::None, true);
                f(&self.session_job(i, &s))
            }
            DocPage::Presentation(i) => {
                let p = self.presentation_view(i);
                let Some(taken) = self.presentation_html else {
                    return f(&self.presentation_job(i, &p, &self.bodies.presentations[i].html));
                };
                let lock = |m: &'a Mutex<String>| m.lock().unwrap_or_else(|e| e.into_inner());
                let html = std::mem::take(&mut *lock(&taken.html[i]));
                let made = f(&self.presentation_job(i, &p, &html));
                if taken.keep {
                    *lock(&taken.html[i]) = html;
                }
                made
            }
            DocPage::Outcome(i) => {
                let o = self.outcome_view(i, true);
                let session = self.site.recommendations[i].session;
                // `serve` renders one page from views without the sessions.
                let made;
                let s = match self.brief.get(session) {
                    Some(s) => s,
                    None => {
                        made = self.session_view(session, SessionText::None, false);
                        &made
                    }
                };
                f(&self.outcome_job(i, &o, s))
            }
            DocPage::Plain(i) => f(&self.page_job(i)),
        }
    }

    /// A session's page, with links to the sessions before and after it.
    fn session_job(&'a self, i: usize, s: &'a SessionView<'a>) -> Job<'a> {
        let site = self.site;
        let mut d = PageData::new(self.meta(
            "session",
            s.title,
            s.summary,
            routes::session(s.slug),
            self.crumbs(Some(Section::Sessions)),
            Some(&site.sessions[i].doc.path),
            s.draft,
        ));
        d.session = Some(s);
        d.content = Some(&self.bodies.sessions[i].html);
        d.headings = Some(&self.bodies.sessions[i].headings);
        let link = |j: usize| {
            let doc = &site.sessions[j].doc;
            Link {
                title: doc.front.title.clone(),
                url: self.urls.link(&routes::session(&doc.slug)),
            }
        };
        d.prev = i.checked_sub(1).map(link);
        d.next = Some(i + 1).filter(|&j| j < site.sessions.len()).map(link);
        Job {
            template: "session.html",
            route: routes::session(s.slug),
            data: d,
            shared: &[],
        }
    }

    /// A presentation's page, with links to the presentations before and
    /// after it in the same session.
    fn presentation_job(&'a self, i: usize, p: &'a PresentationView<'a>, html: &'a str) -> Job<'a> {
        let site = self.site;
        let mut crumbs = self.crumbs(Some(Section::Sessions));
        crumbs.push(Link {
            title: p.session.title.into(),
            url: p.session.url.clone(),
        });
        let mut d = PageData::new(self.meta(
            "presentation",
            p.title,
            p.summary,
            routes::presentation(p.slug),
            crumbs,
            Some(&site.presentations[i].doc.path),
            p.draft,
        ));
        d.presentation = Some(p);
        d.content = Some(html);
        d.headings = Some(&self.bodies.presentations[i].headings);
        let same_session = |j: &usize| {
            *j < site.presentations.len()
                && site.presentations[*j].session == site.presentations[i].session
        };
        let link = |j: usize| {
            let doc = &site.presentations[j].doc;
            Link {
                title: doc.front.title.clone(),
                url: self.urls.link(&routes::presentation(&doc.slug)),
            }
        };
        d.prev = i.checked_sub(1).filter(same_session).map(link);
        d.next = Some(i + 1).filter(same_session).map(link);
        Job {
            template: "presentation.html",
            route: routes::presentation(p.slug),
            data: d,
            shared: &[],
        }
    }

    /// An outcome's own page.
    fn outcome_job(
        &'a self,
        i: usize,
        o: &'a OutcomeView<'a>,
        session: &'a SessionView<'a>,
    ) -> Job<'a> {
        let mut d = PageData::new(self.meta(
            "recommendation",
            o.title,
            o.summary,
            routes::recommendation(o.slug),
            self.crumbs(Some(Section::Recommendations)),
            Some(self.site.recommendations[i].doc.path.as_path()),
            o.draft,
        ));
        d.outcome = Some(o);
        d.outcome_session = Some(session);
        Job {
            template: "recommendation.html",
            route: routes::recommendation(o.slug),
            data: d,
            shared: &[],
        }
    }

    /// A plain page.
    fn page_job(&'a self, i: usize) -> Job<'a> {
        let p = &self.site.pages[i];
        let mut d = PageData::new(self.meta(
            "page",
            &p.front.title,
            p.front.summary.as_deref(),
            routes::page(&p.slug),
            self.crumbs(None),
            Some(&p.path),
            p.front.draft,
        ));
        d.content = Some(&self.bodies.pages[i].html);
        d.headings = Some(&self.bodies.pages[i].headings);
        Job {
            template: "page.html",
            route: routes::page(&p.slug),
            data: d,
            shared: &[],
        }
    }

    /// The outcomes of a term, with their texts when listings show them.
    fn outcomes_of(&self, term: &Term) -> Vec<OutcomeView<'a>> {
        term.items
            .iter()
            .filter_map(|item| match *item {
                Item::Recommendation(i) => Some(self.outcome_view(i, self.full_text)),
                _ => None,
            })
            .collect()
    }

    fn term_items(&self, term: &'a Term) -> Vec<TermItem<'a>> {
        let site = self.site;
        term.items
            .iter()
            .map(|item| match *item {
                Item::Session(i) => {
                    let d = &site.sessions[i].doc;
                    TermItem {
                        title: &d.front.title,
                        url: self.urls.link(&routes::session(&d.slug)),
                        kind_label: "Session",
                        summary: d.front.summary.as_deref(),
                        id: None,
                    }
                }
                Item::Presentation(i) => {
                    let d = &site.presentations[i].doc;
                    TermItem {
                        title: &d.front.title,
                        url: self.urls.link(&routes::presentation(&d.slug)),
                        kind_label: "Presentation",
                        summary: d.front.summary.as_deref(),
                        id: None,
                    }
                }
                Item::Recommendation(i) => {
                    let r = &site.recommendations[i];
                    TermItem {
                        title: &r.doc.front.title,
                        url: self.urls.link(&routes::recommendation(&r.doc.slug)),
                        kind_label: match r.doc.front.kind {
                            Some(OutcomeKind::Finding) => "Finding",
                            _ => "Recommendation",
                        },
                        summary: r.doc.front.summary.as_deref(),
                        id: Some(&r.id.0),
                    }
                }
                Item::Page(i) => {
                    let d = &site.pages[i];
                    TermItem {
                        title: &d.front.title,
                        url: self.urls.link(&routes::page(&d.slug)),
                        kind_label: "Page",
                        summary: d.front.summary.as_deref(),
                        id: None,
                    }
                }
            })
            .collect()
    }

    /// Every outcome with its text, by id.
    fn all_outcomes_by_id(&self) -> Vec<OutcomeView<'a>> {
        let mut all: Vec<OutcomeView> = (0..self.site.recommendations.len())
            .into_par_iter()
            .map(|i| self.outcome_view(i, true))
            .collect();
        all.sort_by(|a, b| crate::site::natural_cmp(a.id, b.id));
        all
    }
}

fn section_title(site: &Site, section: Section) -> String {
    site.section_intros
        .get(&section)
        .map(|d| d.front.title.clone())
        .unwrap_or_else(|| default_section_title(section).to_string())
}

fn default_section_title(section: Section) -> &'static str {
    match section {
        Section::Sessions => "Sessions",
        Section::Presentations => "Presentations",
        Section::Recommendations => "Findings and recommendations",
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

fn term_view<'a>(t: &'a Term, urls: &Urls, route: fn(&str) -> Route) -> TermView<'a> {
    TermView {
        name: &t.name,
        slug: &t.slug,
        url: urls.link(&route(&t.slug)),
        count: t.items.len(),
    }
}

fn term_views<'a>(terms: &'a [Term], urls: &Urls, route: fn(&str) -> Route) -> Vec<TermView<'a>> {
    terms.iter().map(|t| term_view(t, urls, route)).collect()
}

/// `https://github.com/org/repo/edit/main/<path>/content/x.md`.
fn edit_url(repo: &Repository, source: &str) -> String {
    let mut url = format!("{}/edit/{}/", repo.url.trim_end_matches('/'), repo.branch);
    let prefix = repo.path.trim_matches('/');
    if !prefix.is_empty() {
        url.push_str(prefix);
        url.push('/');
    }
    url.push_str(source);
    url
}

/// Prefixes every `id` and same-page `href="#..."` in rendered Markdown, so
/// several bodies can share one page without duplicate ids.
/// A body that gets its ids prefixed when it is serialised for a page, so
/// that it can sit beside other bodies there; the views hold no copy.
struct Scoped<'a> {
    html: &'a str,
    prefix: String,
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

/// An id as a URL fragment.
pub fn fragment_escape(id: &str) -> String {
    percent_encoding::utf8_percent_encode(id, percent_encoding::NON_ALPHANUMERIC)
        .to_string()
        .replace("%2D", "-")
        .replace("%5F", "_")
        .replace("%2E", ".")
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn date_parts(date: &str) -> Option<(u32, usize, u32)> {
    let y = date.get(0..4)?.parse().ok()?;
    let m: usize = date.get(5..7)?.parse().ok()?;
    let d = date.get(8..10)?.parse().ok()?;
    (1..=12).contains(&m).then_some((y, m, d))
}

/// `2012-06-12` → `12 June 2012`.
fn date_label(date: &str) -> String {
    match date_parts(date) {
        Some((y, m, d)) => format!("{d} {} {y}", MONTHS[m - 1]),
        None => date.to_string(),
    }
}

/// `12–13 June 2012`, `30 June – 1 July 2012`, `12 June 2012`.
/// A day's heading in the programme.
fn day_label(date: Option<&str>) -> String {
    date.map(date_label)
        .unwrap_or_else(|| "Date not yet published".to_string())
}

fn date_range_label(start: Option<&str>, end: Option<&str>) -> Option<String> {
    let start = start?;
    let Some(end) = end.filter(|e| *e != start) else {
        return Some(date_label(start));
    };
    match (date_parts(start), date_parts(end)) {
        (Some((y1, m1, d1)), Some((y2, m2, d2))) if y1 == y2 && m1 == m2 => {
            Some(format!("{d1}–{d2} {} {y1}", MONTHS[m1 - 1]))
        }
        (Some((y1, m1, d1)), Some((y2, m2, d2))) if y1 == y2 => Some(format!(
            "{d1} {} – {d2} {} {y1}",
            MONTHS[m1 - 1],
            MONTHS[m2 - 1]
        )),
        _ => Some(format!("{} – {}", date_label(start), date_label(end))),
    }
}

/// `1.2 MB`, `850 KB`, `312 bytes`.
fn human_size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} bytes"),
        1_000..1_000_000 => format!("{} KB", (bytes + 500) / 1_000),
        _ => format!("{:.1} MB", bytes as f64 / 1_000_000.0),
    }
}

impl<'a> Views<'a> {
    /// Groups sessions by day, in programme order.
    fn build_days(&'a self) -> Vec<Day<'a>> {
        let mut days: Vec<Day<'a>> = Vec::new();
        for s in &self.brief {
            match days.last_mut() {
                Some(day) if day.date == s.date => day.sessions.push(s),
                _ => days.push(Day {
                    date: s.date,
                    label: day_label(s.date),
                    sessions: vec![s],
                }),
            }
        }
        days
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_labels() {
        assert_eq!(date_label("2012-06-12"), "12 June 2012");
        assert_eq!(
            date_range_label(Some("2012-06-12"), Some("2012-06-13")).unwrap(),
            "12–13 June 2012"
        );
        assert_eq!(
            date_range_label(Some("2012-06-30"), Some("2012-07-01")).unwrap(),
            "30 June – 1 July 2012"
        );
        assert_eq!(
            date_range_label(Some("2012-06-12"), None).unwrap(),
            "12 June 2012"
        );
    }

    #[test]
    fn sizes() {
        assert_eq!(human_size(312), "312 bytes");
        assert_eq!(human_size(24_600), "25 KB");
        assert_eq!(human_size(1_234_567), "1.2 MB");
    }

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

    #[test]
    fn edit_urls_include_the_site_folder() {
        let repo = Repository {
            url: "https://github.com/o/r/".into(),
            branch: "main".into(),
            path: "examples/demo".into(),
        };
        assert_eq!(
            edit_url(&repo, "content/a.md"),
            "https://github.com/o/r/edit/main/examples/demo/content/a.md"
        );
    }
}
