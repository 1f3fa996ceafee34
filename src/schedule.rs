//! The schedule: every page of a site rendered, in parallel, into a sink.
//!
//! Runs after `bodies` (and after the exports, which read the bodies' plain
//! text). The pages that list the whole site (report, programme, listings)
//! take far longer than the rest and show big values: they go one after the
//! other, from the start, each big value made once and lent to them in turn
//! ([`Shared`]), while every other page renders in parallel beside them, one
//! task a page (the outcome pages of a session share the session). What the
//! run keeps of the bodies afterwards is its [`Retention`].

use std::sync::Mutex;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::bodies::Bodies;
use crate::diagnostics::Diagnostic;
use crate::model::DocRef;
use crate::output::Sink;
use crate::pages::{self, DocViews, Only, Page, Shared, SitemapPage, SitemapUrl};
use crate::site::Site;
use crate::templates::{Lent, Templates};
use crate::urls::{Route, Urls};
use crate::views::{SessionText, Views};

/// What a run keeps of the rendered bodies once its pages are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retention {
    /// `build`: free what no later step reads: each presentation's HTML as
    /// soon as its page is written (most of a big site's bodies).
    Build,
    /// `check` and `serve`: keep every body, to check links or render a
    /// page again after an edit.
    Preview,
}

/// What [`render_site`] made.
pub struct PagesMade {
    pub pages: usize,
    /// The slowest pages with the time each took, slowest first.
    pub slowest: Vec<(String, Duration)>,
}

/// How many of the slowest pages `--timings` lists.
const SLOWEST_PAGES: usize = 5;

/// One page rendered: its output file, its error if any, its time.
type Made = (String, Option<Diagnostic>, Duration);

/// Renders every page of the site into `sink`. Returns the number of pages
/// and the slowest of them, or one error for each page that failed.
pub fn render_site(
    site: &Site,
    bodies: &mut Bodies,
    templates: &Templates,
    urls: &Urls,
    drafts: bool,
    sink: &dyn Sink,
    retention: Retention,
) -> Result<PagesMade, Vec<Diagnostic>> {
    let presentations = || site.presentations.ixs().map(DocRef::Presentation);
    let taken: Vec<Mutex<String>> = match retention {
        Retention::Build => bodies
            .take_html(presentations())
            .into_iter()
            .map(Mutex::new)
            .collect(),
        Retention::Preview => Vec::new(),
    };
    let v = Views::new(site, bodies, urls, drafts).with_sessions();
    let run = Run {
        v: &v,
        templates,
        sink,
        taken: &taken,
    };
    let plan = pages::plan(&v);
    let (serial, parallel): (Vec<Page>, Vec<Page>) =
        plan.iter().partition(|p| !p.shared().is_empty());
    let groups = tasks(site, parallel);
    let (mut made, made_parallel): (Vec<Made>, Vec<Made>) =
        rayon::join(|| run.serially(&serial), || run.in_parallel(&groups));
    made.extend(made_parallel);
    let mut errors: Vec<Diagnostic> = Vec::new();
    errors.extend(run.closing_pages(&plan));
    let mut slowest: Vec<(String, Duration)> =
        made.iter().map(|(page, _, d)| (page.clone(), *d)).collect();
    slowest.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    slowest.truncate(SLOWEST_PAGES);
    errors.extend(made.into_iter().filter_map(|(_, e, _)| e));
    if errors.is_empty() {
        Ok(PagesMade {
            pages: plan.len() + 1,
            slowest,
        })
    } else {
        Err(errors)
    }
}

/// The parallel pages in tasks: one a page, but the outcome pages of one
/// session, which all show that session, in one task; presentations first,
/// so that a build frees their HTML before the report (near the end of the
/// serial pages) is made.
fn tasks(site: &Site, pages: Vec<Page>) -> Vec<Vec<Page>> {
    let mut groups: Vec<Vec<Page>> = Vec::with_capacity(pages.len());
    let mut group_of_session = std::collections::HashMap::new();
    for page in pages {
        match page {
            Page::Outcome(i) => {
                let g = *group_of_session
                    .entry(site.outcomes[i].session)
                    .or_insert_with(|| {
                        groups.push(Vec::new());
                        groups.len() - 1
                    });
                groups[g].push(page);
            }
            page => groups.push(vec![page]),
        }
    }
    groups.sort_by_key(|g| !matches!(g[0], Page::Presentation(_)));
    groups
}

/// What every page of a run renders with.
struct Run<'r, 'a> {
    v: &'r Views<'a>,
    templates: &'r Templates,
    sink: &'r dyn Sink,
    /// Presentations' HTML, taken out of the bodies to be freed as their
    /// pages are written (empty when the bodies are kept).
    taken: &'r [Mutex<String>],
}

impl Run<'_, '_> {
    /// `site` and `event`, which every page shows, serialised once for a
    /// run of pages (see [`Templates::render_to`]).
    fn common(&self) -> Result<Lent, Diagnostic> {
        Ok(vec![
            ("site", to_value("site", &self.v.site_view)?),
            ("event", to_value("event", &self.v.event)?),
        ])
    }

    /// Renders one page into its file, with `lent` values in its context.
    fn render(&self, page: Page, session_lent: bool, lent: &mut Lent) -> Made {
        let start = Instant::now();
        let v = self.v;
        let route = page.route(v);
        let file = route.output_file();
        let what = page_name(page, v, &file);
        let error = match page {
            Page::Session(i) => {
                let s = v.session(i, SessionText::None, true);
                self.put(
                    &file,
                    &what,
                    page,
                    &page.context(
                        v,
                        DocViews {
                            session: Some(&s),
                            ..DocViews::default()
                        },
                        None,
                    ),
                    lent,
                )
            }
            Page::Presentation(i) => {
                let p = v.presentation(i);
                let html = self
                    .taken
                    .get(i.get())
                    .map(|m| std::mem::take(&mut *m.lock().unwrap_or_else(|e| e.into_inner())));
                let views = DocViews {
                    presentation: Some(&p),
                    ..DocViews::default()
                };
                let context = page.context(v, views, html.as_deref());
                self.put(&file, &what, page, &context, lent)
            }
            Page::Outcome(i) => {
                let o = v.outcome(i, true);
                if !session_lent {
                    let session = &v.brief[v.site.outcomes[i].session.get()];
                    match to_value("session", session) {
                        Ok(s) => lent.push(("session", s)),
                        Err(e) => return (file, Some(e), start.elapsed()),
                    }
                }
                let made = self.put(
                    &file,
                    &what,
                    page,
                    &page.context(
                        v,
                        DocViews {
                            outcome: Some(&o),
                            ..DocViews::default()
                        },
                        None,
                    ),
                    lent,
                );
                if !session_lent {
                    lent.pop();
                }
                made
            }
            page => self.put(
                &file,
                &what,
                page,
                &page.context(v, DocViews::default(), None),
                lent,
            ),
        };
        (file, error, start.elapsed())
    }

    fn put(
        &self,
        file: &str,
        what: &str,
        page: Page,
        context: &pages::Context,
        lent: &mut Lent,
    ) -> Option<Diagnostic> {
        self.sink
            .put_with(file.to_string(), "a page", &mut |w| {
                self.templates
                    .render_to(page.template(), what, context, lent, w)
            })
            .err()
    }

    /// The listing pages, one after the other, each with the big values it
    /// shows lent to it.
    fn serially(&self, pages: &[Page]) -> Vec<Made> {
        let mut lent = match self.common() {
            Ok(l) => l,
            Err(e) => return vec![(String::new(), Some(e), Duration::ZERO)],
        };
        let mut shared = SharedValues::new(self.v);
        let mut out = Vec::with_capacity(pages.len());
        for (n, &page) in pages.iter().enumerate() {
            let mut failed = None;
            for &s in page.shared() {
                match shared.take(s) {
                    Ok(value) => lent.push((s.key(), value)),
                    Err(e) => failed = Some(e),
                }
            }
            let made = match failed {
                Some(e) => (page.route(self.v).output_file(), Some(e), Duration::ZERO),
                None => self.render(page, false, &mut lent),
            };
            out.push(made);
            for &s in page.shared().iter().rev() {
                if let Some((key, value)) = lent.pop_if(|(k, _)| *k == s.key()) {
                    debug_assert_eq!(key, s.key());
                    shared.give_back(s, value);
                }
            }
            shared.drop_unused(&pages[n + 1..]);
        }
        out
    }

    /// Every other page, a task a group, in parallel.
    fn in_parallel(&self, groups: &[Vec<Page>]) -> Vec<Made> {
        // `site` and `event`: one copy per task running at a time, handed
        // from page to page.
        let spare: Mutex<Vec<Lent>> = Mutex::default();
        groups
            .par_iter()
            .with_max_len(1)
            .flat_map_iter(|group| {
                let pooled = spare.lock().unwrap_or_else(|e| e.into_inner()).pop();
                let mut lent = match pooled.map_or_else(|| self.common(), Ok) {
                    Ok(l) => l,
                    Err(e) => return vec![(String::new(), Some(e), Duration::ZERO)],
                };
                // The outcome pages of a session share its view.
                let session = match group[0] {
                    Page::Outcome(i) => {
                        let s = &self.v.brief[self.v.site.outcomes[i].session.get()];
                        to_value("session", s).ok()
                    }
                    _ => None,
                };
                let lends_session = session.is_some();
                lent.extend(session.map(|s| ("session", s)));
                let made: Vec<Made> = group
                    .iter()
                    .map(|&page| self.render(page, lends_session, &mut lent))
                    .collect();
                if lends_session {
                    lent.pop();
                }
                spare.lock().unwrap_or_else(|e| e.into_inner()).push(lent);
                made
            })
            .collect()
    }

    /// `404.html` (at the root, whatever the base path), `sitemap.xml` and
    /// `robots.txt`.
    fn closing_pages(&self, plan: &[Page]) -> Vec<Diagnostic> {
        let v = self.v;
        let mut errors = Vec::new();
        let mut lent = match self.common() {
            Ok(l) => l,
            Err(e) => return vec![e],
        };
        let not_found = Route::file("404.html");
        let page = Only {
            page: v.meta(
                "404",
                crate::labels::label("title.not_found"),
                &not_found,
                None,
            ),
        };
        errors.extend(self.put_plain("404.html", &page, &mut lent));
        let sitemap = Route::file("sitemap.xml");
        let page = SitemapPage {
            page: v.meta(
                "sitemap",
                crate::labels::label("title.sitemap"),
                &sitemap,
                None,
            ),
            urls: plan
                .iter()
                .map(|p| SitemapUrl {
                    loc: v.urls.permalink(&p.route(v)),
                    lastmod: p.lastmod(v),
                })
                .collect(),
        };
        for name in ["sitemap.xml", "robots.txt"] {
            errors.extend(self.put_plain(name, &page, &mut lent));
        }
        errors
    }

    fn put_plain<T: serde::Serialize>(
        &self,
        name: &str,
        context: &T,
        lent: &mut Lent,
    ) -> Option<Diagnostic> {
        self.sink
            .put_with(name.to_string(), "a page", &mut |w| {
                self.templates.render_to(name, name, context, lent, w)
            })
            .err()
    }
}

/// How a page is named in errors: its source file when it has one.
fn page_name(page: Page, v: &Views, file: &str) -> String {
    match page.source(v) {
        Some(p) => format!("`{}` (page `{file}`)", p.display()),
        None => format!("page `{file}`"),
    }
}

/// Serialises view data for templates, or says which value failed.
fn to_value<T: serde::Serialize + ?Sized>(
    what: &str,
    data: &T,
) -> Result<serde_json::Value, Diagnostic> {
    serde_json::to_value(data).map_err(|e| {
        Diagnostic::general(format!(
            "internal error: cannot serialise `{what}` for templates: {e}"
        ))
    })
}

/// The shared values of a run of listing pages, made on first use.
struct SharedValues<'v, 'a> {
    views: &'v Views<'a>,
    values: [Option<serde_json::Value>; Shared::ALL.len()],
}

impl<'v, 'a> SharedValues<'v, 'a> {
    fn new(views: &'v Views<'a>) -> Self {
        SharedValues {
            views,
            values: Default::default(),
        }
    }

    /// The value that stands for `s` (the outcomes page lists brief
    /// sessions on big sites).
    fn alias(&self, s: Shared) -> Shared {
        match s {
            Shared::OutcomeListing if !self.views.full_text => Shared::Brief,
            s => s,
        }
    }

    /// Moves `s`'s value out (making it if needed).
    fn take(&mut self, s: Shared) -> Result<serde_json::Value, Diagnostic> {
        let s = self.alias(s);
        let v = self.views;
        if let Some(value) = self.values[s as usize].take() {
            return Ok(value);
        }
        match s {
            Shared::Brief => to_value("sessions", &v.brief),
            Shared::OutcomeListing => to_value("sessions", &v.sessions_with_outcome_texts()),
            Shared::Days => to_value("days", &v.days()),
            Shared::Report => to_value("sessions", &v.report_sessions()),
            Shared::Annex => to_value("outcomes", &v.all_outcomes_by_id()),
        }
    }

    fn give_back(&mut self, s: Shared, value: serde_json::Value) {
        let s = self.alias(s);
        self.values[s as usize] = Some(value);
    }

    /// Drops the values no page in `rest` shows.
    fn drop_unused(&mut self, rest: &[Page]) {
        for s in Shared::ALL {
            let used = rest
                .iter()
                .any(|p| p.shared().iter().any(|&t| self.alias(t) == s));
            if !used {
                self.values[s as usize] = None;
            }
        }
    }
}

/// Renders only the page made from the document at `path`, as a full run
/// would. `None` when no page comes from that document.
pub fn render_one(
    site: &Site,
    bodies: &Bodies,
    templates: &Templates,
    urls: &Urls,
    drafts: bool,
    doc: DocRef,
) -> Result<crate::output::OutputFile, Diagnostic> {
    let page = Page::of(doc);
    // The home page and the listings show every session.
    let v = if matches!(page, Page::Home | Page::Index(_)) {
        Views::new(site, bodies, urls, drafts).with_sessions()
    } else {
        Views::new(site, bodies, urls, drafts)
    };
    let memory = crate::output::Memory::default();
    let run = Run {
        v: &v,
        templates,
        sink: &memory,
        taken: &[],
    };
    let made = match page {
        Page::Outcome(i) => {
            let s = v.session(site.outcomes[i].session, SessionText::None, false);
            let mut lent = run.common()?;
            lent.push(("session", to_value("session", &s)?));
            run.render(page, true, &mut lent)
        }
        _ => run.serially(&[page]).pop().unwrap_or_default(),
    };
    if let Some(e) = made.1 {
        return Err(e);
    }
    memory
        .into_files()
        .map_err(|mut e| e.remove(0))?
        .pop()
        .ok_or_else(|| Diagnostic::general("internal error: the page was not made"))
}
