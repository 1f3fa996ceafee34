//! What every page shows: the site (menu, footer, exports), the event, and
//! the page's own `page` data (title, links, breadcrumbs, edit link).

use serde::Serialize;

use crate::bodies::Bodies;
use crate::config::Repository;
use crate::labels::{self, label};
use std::borrow::Cow;

use crate::model::{Attendance, DocRef, Kind, Person, Venue};
use crate::routes;
use crate::site::Site;
use crate::text::one_line;
use crate::urls::{Route, Urls};

/// How many plain pages the footer of every page lists; with more, it
/// links to the list of all of them on the home page, so that the footers
/// do not grow with the square of the site.
pub const FOOTER_PAGES: usize = 20;

#[derive(Serialize, Clone)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// `site`: what every page shows of the site.
#[derive(Serialize)]
pub struct SiteView<'a> {
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
    /// Whether the proceedings record outcomes at all (see
    /// `Site::with_outcomes`): without, no page speaks of them.
    with_outcomes: bool,
    drafts: bool,
    notice: Option<&'a str>,
    feed_url: String,
    search_index_url: String,
    outcomes_url: String,
    /// The exports readers may download (see `exports::EXPORTS`).
    exports: Vec<Link>,
    publisher: Option<PublisherView<'a>>,
    logo_url: Option<String>,
    favicon_url: Option<String>,
    /// Absolute, as link previews need it.
    social_image_url: Option<String>,
    accent_color: Option<&'a str>,
    record: Option<RecordView<'a>>,
    errata: Vec<ErratumView<'a>>,
    /// "Download the report as PDF (12 pages, 240 KB)".
    report_pdf: Option<Link>,
    /// The programme as files for calendars and conference apps, when
    /// some session has a time.
    schedule_files: Vec<Link>,
}

#[derive(Serialize)]
pub struct PublisherView<'a> {
    name: &'a str,
    url: Option<&'a str>,
    logo_url: Option<String>,
}

/// Where the record stands, for the banner.
#[derive(Serialize)]
pub struct RecordView<'a> {
    status: crate::config::RecordStatus,
    /// "Draft for review", "Agreed", "Final".
    status_label: &'static str,
    date: Option<&'a str>,
    date_label: Option<String>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
pub struct ErratumView<'a> {
    date: &'a str,
    date_label: String,
    change: &'a str,
}

/// `page.updated`: when the page's source last changed, from git.
#[derive(Serialize)]
pub struct Updated {
    pub iso: String,
    pub label: String,
}

impl Updated {
    pub fn new(date: &str) -> Updated {
        Updated {
            iso: date.to_string(),
            label: labels::date(date),
        }
    }
}

/// `event`: what every page shows of the event.
#[derive(Serialize)]
pub struct EventView<'a> {
    title: &'a str,
    subtitle: Option<&'a str>,
    summary: Option<Cow<'a, str>>,
    start_date: Option<&'a str>,
    end_date: Option<&'a str>,
    dates: Option<String>,
    /// In person, online or hybrid.
    attendance: Attendance,
    join_url: Option<&'a str>,
    /// How the programme names its time zone.
    timezone_label: Option<String>,
    venue: Option<&'a Venue>,
    venue_label: Option<String>,
    timezone: Option<&'a str>,
    hosts: &'a [Person],
    organizers: &'a [Person],
    co_chairs: &'a [Person],
    content: &'a str,
    url: String,
    extra: &'a serde_json::Map<String, serde_json::Value>,
    /// See `EventFront::planned`.
    planned: bool,
}

/// `page`: what every page says of itself.
#[derive(Serialize)]
pub struct PageMeta<'a> {
    /// `home`, `session`, `presentation`... (the template's name).
    pub kind: &'a str,
    pub title: &'a str,
    /// On one line (for meta tags).
    pub summary: Option<Cow<'a, str>>,
    /// A summary written over several lines, rendered for the page.
    pub summary_html: Option<&'a str>,
    pub url: String,
    pub permalink: String,
    pub breadcrumbs: Vec<Link>,
    pub edit_url: Option<String>,
    pub source: Option<String>,
    pub draft: bool,
    /// From the source's last commit; none without git history.
    pub updated: Option<Updated>,
}

pub(super) fn site_view<'a>(site: &'a Site, urls: &'a Urls, drafts: bool) -> SiteView<'a> {
    let link = |r: Route| urls.link(&r);
    let entry = |key: &str, route: Route| Link {
        title: label(key).into(),
        url: link(route),
    };
    let mut menu = vec![
        entry("menu.programme", routes::programme()),
        entry("menu.sessions", routes::index(Kind::Session)),
    ];
    if !site.presentations.is_empty() {
        menu.push(entry(
            "menu.presentations",
            routes::index(Kind::Presentation),
        ));
    }
    if site.with_outcomes() {
        // The menu says what the page's title says: the introduction's
        // title when the site gives one, else the short label.
        menu.push(match site.intros.get(&Kind::Outcome) {
            Some(intro) => Link {
                title: intro.front.title.clone(),
                url: link(routes::index(Kind::Outcome)),
            },
            None => entry("menu.outcomes", routes::index(Kind::Outcome)),
        });
    }
    menu.push(entry("menu.report", routes::report()));
    if !site.themes.is_empty() {
        menu.push(entry("menu.themes", routes::themes()));
    }
    menu.push(entry("menu.search", routes::search()));
    let page_link = |p: &crate::model::Document<crate::model::PageFront>| Link {
        title: p.front.title.clone(),
        url: link(routes::of_kind(Kind::Page, &p.slug)),
    };
    SiteView {
        title: &site.config.title,
        base_url: urls.base(),
        base_path: urls.base_path(),
        language: &site.config.language,
        repository: site.config.repository.as_ref(),
        pages: site
            .pages
            .iter()
            .take(FOOTER_PAGES)
            .map(page_link)
            .collect(),
        more_pages: (site.pages.len() > FOOTER_PAGES).then(|| Link {
            title: labels::fill("footer.all_pages", &[("n", &site.pages.len().to_string())]),
            url: format!("{}#pages", link(Route::root())),
        }),
        menu,
        home_url: link(Route::root()),
        has_outcomes: !site.outcomes.is_empty(),
        with_outcomes: site.with_outcomes(),
        drafts,
        notice: site.config.notice.as_deref(),
        feed_url: link(Route::file("atom.xml")),
        search_index_url: link(Route::file("search/meta.json")),
        outcomes_url: link(routes::index(Kind::Outcome)),
        exports: crate::exports::Export::of(site)
            .filter_map(|e| {
                e.label.map(|key| Link {
                    title: label(key).into(),
                    url: link(Route::file(e.path)),
                })
            })
            .collect(),
        publisher: site.config.publisher.as_ref().map(|p| PublisherView {
            name: &p.name,
            url: p.url.as_deref(),
            logo_url: site.identity.publisher_logo.as_ref().map(|r| urls.link(r)),
        }),
        logo_url: site.identity.logo.as_ref().map(|r| urls.link(r)),
        favicon_url: site.identity.favicon.as_ref().map(|r| urls.link(r)),
        social_image_url: site
            .identity
            .social_image
            .as_ref()
            .map(|r| urls.permalink(r)),
        accent_color: site.config.accent_color.as_deref(),
        record: site.config.record.as_ref().map(|r| RecordView {
            status: r.status,
            status_label: label(match r.status {
                crate::config::RecordStatus::Draft => "record.draft",
                crate::config::RecordStatus::Agreed => "record.agreed",
                crate::config::RecordStatus::Final => "record.final",
            }),
            date: r.date.as_deref(),
            date_label: r.date.as_deref().map(labels::date),
            note: r.note.as_deref(),
        }),
        schedule_files: crate::exports::Export::of(site)
            .filter(|e| matches!(e.path, "schedule.xml" | "schedule.json" | "programme.ics"))
            .map(|e| Link {
                title: e.path.to_string(),
                url: link(Route::file(e.path)),
            })
            .collect(),
        report_pdf: site.report_pdf.map(|pdf| Link {
            title: format!(
                "{} ({} {}, {})",
                label("report.download_pdf"),
                pdf.pages,
                if pdf.pages == 1 { "page" } else { "pages" },
                size_label(pdf.bytes)
            ),
            url: link(Route::file("report.pdf")),
        }),
        errata: site
            .config
            .errata
            .iter()
            .map(|e| ErratumView {
                date: &e.date,
                date_label: labels::date(&e.date),
                change: &e.change,
            })
            .collect(),
    }
}

pub(super) fn event_view<'a>(site: &'a Site, bodies: &'a Bodies, urls: &Urls) -> EventView<'a> {
    let e = &site.event.front;
    EventView {
        title: &e.title,
        subtitle: e.subtitle.as_deref(),
        summary: e.summary.as_deref().map(one_line),
        start_date: e.start_date.as_deref(),
        end_date: e.end_date.as_deref(),
        dates: labels::date_range(e.start_date.as_deref(), e.end_date.as_deref()),
        attendance: e.attendance.unwrap_or_default(),
        join_url: e.join_url.as_deref(),
        timezone_label: e
            .timezone
            .as_deref()
            .and_then(|tz| labels::time_zone(tz, e.start_date.as_deref())),
        venue: e.venue.as_ref(),
        venue_label: e.venue.as_ref().map(venue_label),
        timezone: e.timezone.as_deref(),
        hosts: &e.hosts,
        organizers: &e.organizers,
        co_chairs: &e.co_chairs,
        content: bodies.html(DocRef::Event),
        url: urls.link(&Route::root()),
        extra: &e.extra,
        planned: e.planned,
    }
}

/// `240 KB`, `1.2 MB`.
fn size_label(bytes: usize) -> String {
    if bytes < 1024 * 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

/// `name, city, country`, with what is known.
pub fn venue_label(v: &Venue) -> String {
    [&v.name, &v.city, &v.country]
        .iter()
        .filter_map(|x| x.as_deref())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `https://github.com/org/repo/edit/main/<path>/content/x.md`.
pub(super) fn edit_url(repo: &Repository, source: &str) -> String {
    let mut url = format!("{}/edit/{}/", repo.url.trim_end_matches('/'), repo.branch);
    let prefix = repo.path.trim_matches('/');
    if !prefix.is_empty() {
        url.push_str(prefix);
        url.push('/');
    }
    url.push_str(source);
    url
}

#[cfg(test)]
mod tests {
    use super::*;

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
