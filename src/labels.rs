//! Labels: every word the engine puts on a page, and every date and size
//! format, in one place.
//!
//! Each label has a key (`menu.programme`); [`label`] gives its text in the
//! site's language. Only English exists today; French and Spanish will be
//! another table beside [`EN`] (a test checks that every key used has a
//! text). Templates reach the same table through the `t(key=...)` function
//! that `templates` registers. Nothing here knows about pages.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The English labels, by key.
pub const EN: &[(&str, &str)] = &[
    // The main menu.
    ("menu.programme", "Programme"),
    ("menu.sessions", "Sessions"),
    ("menu.presentations", "Presentations"),
    ("menu.outcomes", "Outcomes"),
    ("menu.report", "Report"),
    ("menu.themes", "Themes"),
    ("menu.search", "Search"),
    // Breadcrumbs and page titles.
    ("crumb.home", "Home"),
    ("title.programme", "Programme"),
    ("title.themes", "Themes"),
    ("title.report", "Report"),
    ("title.search", "Search"),
    ("title.not_found", "Page not found"),
    ("title.sitemap", "Sitemap"),
    // The listing page of each kind (when it has no introduction).
    ("index.sessions", "Sessions"),
    ("index.presentations", "Presentations"),
    ("index.outcomes", "Findings and recommendations"),
    // One document of a kind.
    ("kind.event", "Event"),
    ("kind.session", "Session"),
    ("kind.presentation", "Presentation"),
    ("kind.outcome", "Outcome"),
    ("kind.page", "Page"),
    ("kind.finding", "Finding"),
    ("kind.recommendation", "Recommendation"),
    ("session.opening", "Opening session"),
    ("session.thematic", "Thematic session"),
    ("session.closing", "Closing session"),
    ("session.plenary", "Plenary"),
    ("session.poster", "Poster session"),
    ("session.break", "Break"),
    // Dates.
    ("date.unknown_day", "Date not yet published"),
    ("date.time_zone", "{zone} time ({offset})"),
    // The footer.
    ("footer.all_pages", "All {n} pages"),
    // Exports, as the footer names them.
    ("export.outcomes_json", "Outcomes as JSON"),
    ("export.outcomes_csv", "Outcomes as CSV (spreadsheet)"),
    ("export.programme_ics", "Programme as a calendar (.ics)"),
    ("export.atom", "Atom feed"),
    // Citations.
    ("cite.report_title", "{title}: proceedings website"),
    ("cite.in", "In"),
    // Sizes.
    ("size.bytes", "{n} bytes"),
    ("size.kb", "{n} KB"),
    ("size.mb", "{n} MB"),
    // Words of the default theme's templates, by what they are on.
    ("cite.this", "Cite this"),
    ("cite.copy", "Copy the citation"),
    ("cite.copy_bibtex", "Copy the BibTeX"),
    ("cite.copied", "Copied"),
    ("common.next", "Next"),
    ("common.not_published", "Not yet published"),
    ("common.previous", "Previous"),
    ("common.themes", "Themes"),
    ("draft.label", "Draft"),
    ("draft.notice", "Draft: this page is not published."),
    ("event.co_chairs", "Co-chairs"),
    ("event.dates", "Dates"),
    ("event.host", "Host"),
    ("event.hosts", "Hosts"),
    ("event.organizers", "Organisers"),
    ("event.venue", "Venue"),
    ("feed.title", "outcomes and pages"),
    ("footer.data", "Data"),
    ("footer.edit", "Edit this page on GitHub"),
    ("footer.made_with", "Made with rapporteur."),
    ("footer.pages", "About the workshop"),
    ("home.all_pages", "All pages"),
    ("home.findings", "findings"),
    ("home.recommendations", "recommendations"),
    ("home.finding", "finding"),
    ("home.recommendation", "recommendation"),
    ("home.presentation", "presentation"),
    ("home.presentations", "presentations and posters"),
    ("home.report_what", "Everything on one printable page"),
    ("home.sessions_in_order", "sessions, in order"),
    ("home.sessions_what", "What each session discussed"),
    ("home.ways", "The proceedings"),
    ("nav.about_site", "About this site"),
    ("nav.breadcrumb", "Breadcrumb"),
    ("nav.main", "Main"),
    ("nav.skip", "Skip to content"),
    (
        "not_found.text",
        "There is no page at this address. It may have moved, or the link may be mistyped.",
    ),
    ("outcome.addressed_to", "Addressed to"),
    ("outcome.full_text_of", "Full text of"),
    ("outcome.id", "Id"),
    ("outcome.merged_into", "Merged into"),
    ("outcome.own_page", "Own page"),
    ("outcome.permalink", "Permalink"),
    ("outcome.permalink_to", "Permalink to"),
    ("outcome.status", "Status"),
    ("outcome.to", "To"),
    ("page.on_this_page", "On this page"),
    ("page.updated", "Last updated"),
    ("frab.main_room", "Main room"),
    ("programme.schedule_apps", "For conference apps:"),
    ("event.planned", "planned"),
    ("event.planned_cover", "As planned"),
    ("home.sessions_planned", "sessions planned"),
    (
        "home.sessions_what_planned",
        "What each session was to cover",
    ),
    ("record.agreed", "Agreed"),
    ("record.draft", "Draft for review"),
    ("record.final", "Final"),
    ("record.label", "Status of this record"),
    ("report.errata", "Errata"),
    ("report.errata_intro", "Corrections made since publication:"),
    ("outcome.withdrawn", "Withdrawn on"),
    ("outcomes.by_addressee", "By addressee"),
    ("outcomes.by_theme", "By theme"),
    ("outcomes.filters", "Filter outcomes"),
    (
        "outcomes.none",
        "No findings or recommendations are published yet.",
    ),
    (
        "outcomes.note_listing",
        "findings and recommendations, this page lists each one's summary; follow its link for the full text, or read them all in the",
    ),
    ("outcomes.note_report", "report"),
    ("outcomes.note_with", "With"),
    ("presentation.download_slides", "Download the slides"),
    ("presentation.in_session", "Presentations in this session"),
    ("presentation.presented_by", "Presented by"),
    ("presentation.slides", "Slides"),
    ("presentation.paper", "Paper"),
    ("presentation.presenters", "Presenters"),
    ("presentation.download_paper", "Download the paper"),
    ("presentation.video", "Video"),
    ("presentation.watch", "Watch the recording"),
    ("presentation.unscheduled", "Poster or other contribution"),
    ("presentations.none", "No presentations are published yet."),
    ("presentations.posters", "Posters and other contributions"),
    ("programme.none", "The programme is not yet published."),
    ("programme.outcomes", "findings and recommendations"),
    ("programme.times_in", "Times are in"),
    (
        "report.annex",
        "Annex: index of findings and recommendations by id",
    ),
    ("report.cite", "Cite this report"),
    ("report.contents", "Contents"),
    ("report.download_bib", "Download report.bib"),
    ("report.download_csl", "Download CSL-JSON"),
    (
        "report.kind",
        "Proceedings: printable edition of the website",
    ),
    ("report.online", "Online"),
    ("report.overview", "Overview"),
    (
        "report.pdf_kind",
        "Proceedings: printable edition of the website",
    ),
    ("report.people", "People named in these proceedings"),
    ("report.download_pdf", "Download the report as PDF"),
    ("search.button", "Search"),
    ("search.all", "All"),
    ("search.kind", "Kind"),
    ("search.session", "Session"),
    ("search.theme", "Theme"),
    ("search.filters", "Filters"),
    ("search.outcomes", "Findings and recommendations"),
    ("search.pages", "Other pages"),
    ("search.loading", "Loading the search index…"),
    ("search.failed", "The search index could not be loaded."),
    ("search.none", "No results for"),
    ("search.one", "result for"),
    ("search.many", "results for"),
    ("search.more", "Show more results"),
    (
        "search.label",
        "Search the findings, recommendations, sessions and pages",
    ),
    (
        "search.label_no_outcomes",
        "Search the sessions, presentations and pages",
    ),
    ("search.no_js_programme", "programme"),
    ("search.no_js_after", ", which has everything on one page."),
    (
        "search.no_js_before",
        "Search needs JavaScript, which is turned off in this browser. Browse the",
    ),
    ("search.no_js_middle", "instead, or use the"),
    ("search.no_js_outcomes", "findings and recommendations"),
    ("search.no_js_report", "report"),
    ("session.facilitation", "Facilitation"),
    ("session.facilitators", "Facilitators"),
    ("session.next", "Next session"),
    ("session.previous", "Previous session"),
    ("session.rapporteurs", "Rapporteurs"),
    ("session.when", "When"),
    ("session.where", "Where"),
    ("session.online", "Online"),
    ("attendance.online", "Online only"),
    ("attendance.hybrid", "In person and online"),
    ("attendance.join", "join"),
    ("attendance.online_at", "Online at"),
    // What is not yet known, listed after "Not yet published:".
    ("unknown.when", "date and time"),
    ("unknown.dates", "dates"),
    ("unknown.venue", "venue"),
    ("unknown.times", "times"),
    ("unknown.facilitators", "facilitators"),
    ("unknown.rapporteurs", "rapporteurs"),
    ("unknown.presentations", "presentations"),
    ("unknown.outcomes", "findings and recommendations"),
    ("unknown.presenters", "presenters"),
    ("unknown.status", "status"),
    ("unknown.addressees", "addressees"),
    ("sessions.none", "No sessions are published yet."),
    ("sessions.outcomes", "outcomes"),
    ("sessions.presentations", "presentations"),
    ("sessions.presentation", "presentation"),
    ("sessions.outcome", "outcome"),
    (
        "term.note",
        "This page lists each outcome's summary; follow its link for the full text.",
    ),
    ("term.theme", "Theme"),
    ("themes.none", "No themes are published yet."),
];

/// Month names, January first.
const MONTHS_EN: [&str; 12] = [
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

fn table() -> &'static HashMap<&'static str, &'static str> {
    static TABLE: OnceLock<HashMap<&str, &str>> = OnceLock::new();
    TABLE.get_or_init(|| EN.iter().copied().collect())
}

/// The text of a label; the key itself when no text exists (a test keeps
/// every key the engine uses in the table).
pub fn label(key: &str) -> &str {
    table().get(key).copied().unwrap_or(key)
}

/// Whether a label exists.
pub fn has(key: &str) -> bool {
    table().contains_key(key)
}

/// A label with `{name}` placeholders filled.
pub fn fill(key: &str, values: &[(&str, &str)]) -> String {
    let mut text = label(key).to_string();
    for (name, value) in values {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

fn date_parts(date: &str) -> Option<(u32, usize, u32)> {
    let y = date.get(0..4)?.parse().ok()?;
    let m: usize = date.get(5..7)?.parse().ok()?;
    let d = date.get(8..10)?.parse().ok()?;
    (1..=12).contains(&m).then_some((y, m, d))
}

/// `2012-06-12` → `12 June 2012`.
pub fn date(date: &str) -> String {
    match date_parts(date) {
        Some((y, m, d)) => format!("{d} {} {y}", MONTHS_EN[m - 1]),
        None => date.to_string(),
    }
}

/// A day's heading in the programme.
pub fn day(date_text: Option<&str>) -> String {
    date_text
        .map(date)
        .unwrap_or_else(|| label("date.unknown_day").to_string())
}

/// A day's heading with its weekday: `Tuesday 12 June 2012`.
pub fn day_with_weekday(date_text: Option<&str>) -> String {
    use chrono::Datelike;
    match date_text.and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
        Some(d) => format!(
            "{} {}",
            WEEKDAYS_EN[d.weekday().num_days_from_monday() as usize],
            date(date_text.unwrap_or_default())
        ),
        None => day(date_text),
    }
}

/// How the programme names its time zone: `Atlantic/Azores (UTC−01:00)`,
/// with the offset on the event's first day.
pub fn time_zone(tz: &str, on: Option<&str>) -> Option<String> {
    use chrono::{Offset, TimeZone};
    let zone: chrono_tz::Tz = tz.parse().ok()?;
    let day = on
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .unwrap_or_default();
    let noon = day.and_hms_opt(12, 0, 0)?;
    let secs = zone.offset_from_utc_datetime(&noon).fix().local_minus_utc();
    let sign = if secs < 0 { '−' } else { '+' };
    let (h, m) = (secs.abs() / 3600, secs.abs() % 3600 / 60);
    Some(fill(
        "date.time_zone",
        &[("zone", tz), ("offset", &format!("UTC{sign}{h:02}:{m:02}"))],
    ))
}

const WEEKDAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// `12–13 June 2012`, `30 June – 1 July 2012`, `12 June 2012`.
pub fn date_range(start: Option<&str>, end: Option<&str>) -> Option<String> {
    let start = start?;
    let Some(end) = end.filter(|e| *e != start) else {
        return Some(date(start));
    };
    match (date_parts(start), date_parts(end)) {
        (Some((y1, m1, d1)), Some((y2, m2, d2))) if y1 == y2 && m1 == m2 => {
            Some(format!("{d1}–{d2} {} {y1}", MONTHS_EN[m1 - 1]))
        }
        (Some((y1, m1, d1)), Some((y2, m2, d2))) if y1 == y2 => Some(format!(
            "{d1} {} – {d2} {} {y1}",
            MONTHS_EN[m1 - 1],
            MONTHS_EN[m2 - 1]
        )),
        _ => Some(format!("{} – {}", date(start), date(end))),
    }
}

/// `1.2 MB`, `850 KB`, `312 bytes`.
pub fn size(bytes: u64) -> String {
    match bytes {
        0..1_000 => fill("size.bytes", &[("n", &bytes.to_string())]),
        1_000..1_000_000 => fill("size.kb", &[("n", &((bytes + 500) / 1_000).to_string())]),
        _ => fill(
            "size.mb",
            &[("n", &format!("{:.1}", bytes as f64 / 1_000_000.0))],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_labels() {
        assert_eq!(date("2012-06-12"), "12 June 2012");
        assert_eq!(
            date_range(Some("2012-06-12"), Some("2012-06-13")).unwrap(),
            "12–13 June 2012"
        );
        assert_eq!(
            date_range(Some("2012-06-30"), Some("2012-07-01")).unwrap(),
            "30 June – 1 July 2012"
        );
        assert_eq!(
            date_range(Some("2012-06-12"), None).unwrap(),
            "12 June 2012"
        );
        assert_eq!(day(None), "Date not yet published");
        assert_eq!(day_with_weekday(Some("2012-06-12")), "Tuesday 12 June 2012");
        assert_eq!(
            time_zone("Atlantic/Azores", Some("2031-03-10")).unwrap(),
            "Atlantic/Azores time (UTC−01:00)"
        );
        assert_eq!(
            time_zone("Europe/Zurich", Some("2031-07-10")).unwrap(),
            "Europe/Zurich time (UTC+02:00)"
        );
    }

    #[test]
    fn sizes() {
        assert_eq!(size(312), "312 bytes");
        assert_eq!(size(24_600), "25 KB");
        assert_eq!(size(1_234_567), "1.2 MB");
    }

    #[test]
    fn every_key_the_kind_table_names_has_a_text() {
        for k in &crate::model::KINDS {
            assert!(has(k.label), "{}", k.label);
            if let Some(l) = k.index_label {
                assert!(has(l), "{l}");
            }
        }
        let keys: Vec<&str> = EN.iter().map(|(k, _)| *k).collect();
        let mut unique = keys.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), keys.len(), "a key is defined twice");
    }

    /// Labels go into templates as they are (see `templates`): none may
    /// hold template syntax or break an HTML attribute.
    #[test]
    fn labels_are_plain_text() {
        for (key, text) in EN {
            // Braces only around a placeholder name.
            let without_placeholders: String = text
                .split('{')
                .enumerate()
                .map(|(i, part)| match (i, part.split_once('}')) {
                    (0, _) => part.to_string(),
                    (_, Some((name, rest))) if name.chars().all(|c| c.is_ascii_lowercase()) => {
                        rest.to_string()
                    }
                    _ => format!("{{{part}"),
                })
                .collect();
            assert!(
                !without_placeholders.contains(['{', '}', '"', '<', '>']),
                "{key}: {text}"
            );
        }
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(fill("footer.all_pages", &[("n", "30")]), "All 30 pages");
    }
}
