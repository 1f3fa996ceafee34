//! Exports: the outcomes and the programme as data.
//!
//! Runs beside `render`, on the same resolved [`Site`] and rendered bodies,
//! and writes `recommendations.json` (with its JSON Schema),
//! `recommendations.csv`, `programme.ics`, `atom.xml`, `report.bib` and the
//! search index. Most formats are written by their library (serde_json,
//! csv, atom_syndication); iCalendar ([`ical`]) and BibTeX are written here,
//! because the libraries for them let content inject lines or entries.
//! Every field is content from a pull request: each writer escapes for its
//! own format (CSV cells that would run as formulas, XML's forbidden
//! characters, BibTeX braces, iCalendar line breaks). Drafts never reach
//! these files: the site graph has already left them out unless `--drafts`
//! was asked for.

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone};

pub mod ical;
use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::front_matter::{OutcomeKind, Person};
use crate::render::{Bodies, Contents, Sink, WriteFn, routes};
use crate::site::Site;
use crate::source::Section;
use crate::urls::Urls;

/// The JSON Schema of `recommendations.json`, published beside it.
pub const RECOMMENDATIONS_SCHEMA: &str = include_str!("recommendations.schema.json");

/// Writes every export of the site into `sink`, each streamed into its file;
/// independent formats are written in parallel. Returns the lines they add
/// to the build log.
pub fn render_exports(
    site: &Site,
    bodies: &Bodies,
    urls: &Urls,
    sink: &dyn Sink,
) -> Result<Vec<String>, Vec<Diagnostic>> {
    let rows = outcome_rows(site, bodies, urls);
    let put =
        |path: &str, make: &mut WriteFn<'_>| sink.put_with(path.to_string(), "an export", make);
    fn fail(path: &'static str) -> impl Fn(String) -> Diagnostic {
        move |e| Diagnostic::general(format!("cannot write {path}: {e}"))
    }
    let ((json, csv), ((ics, atom), index)) = rayon::join(
        || {
            rayon::join(
                || {
                    put("recommendations.json", &mut |w| {
                        let export = OutcomesExport {
                            schema_version: 1,
                            site: SiteRef {
                                title: &site.config.title,
                                url: urls.base(),
                            },
                            event: EventRef {
                                title: &site.event.front.title,
                                start_date: site.event.front.start_date.as_deref(),
                                end_date: site.event.front.end_date.as_deref(),
                            },
                            count: rows.len(),
                            items: &rows,
                        };
                        serde_json::to_writer_pretty(w, &export)
                            .map_err(|e| fail("recommendations.json")(e.to_string()))
                    })
                },
                || {
                    put("recommendations.csv", &mut |w| {
                        outcomes_csv(&rows, w).map_err(fail("recommendations.csv"))
                    })
                },
            )
        },
        || {
            rayon::join(
                || {
                    rayon::join(
                        || programme_ics(site, urls),
                        || {
                            put("atom.xml", &mut |w| {
                                let mut w = crate::text::XmlSafe::new(w);
                                atom_feed(site, bodies, urls, &mut w)
                                    .and_then(|()| {
                                        std::io::Write::flush(&mut w).map_err(|e| e.to_string())
                                    })
                                    .map_err(fail("atom.xml"))
                            })
                        },
                    )
                },
                || {
                    let index = search_index(site, bodies, urls);
                    let mut bytes = 0;
                    put("search/index.json", &mut |w| {
                        let mut w = Counting { inner: w, bytes: 0 };
                        let written = serde_json::to_writer(&mut w, &index)
                            .map_err(|e| fail("the search index")(e.to_string()));
                        bytes = w.bytes;
                        written
                    })
                    .map(|()| (index.len(), bytes))
                },
            )
        },
    );
    let mut errors = Vec::new();
    let mut notes = Vec::new();
    sink.put(
        "recommendations.schema.json".into(),
        Contents::Bytes(RECOMMENDATIONS_SCHEMA.as_bytes().to_vec()),
        "an export",
    );
    let (ics, left_out) = ics;
    sink.put(
        "programme.ics".into(),
        Contents::Bytes(ics.into_bytes()),
        "an export",
    );
    if !left_out.is_empty() {
        let mut names = left_out
            .iter()
            .take(6)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if left_out.len() > 6 {
            names.push_str(&format!(" and {} more", left_out.len() - 6));
        }
        notes.push(match left_out.len() {
            1 => format!(
                "programme.ics: 1 session without a date and start time is left out: {names}"
            ),
            n => format!(
                "programme.ics: {n} sessions without a date and start time are left out: {names}"
            ),
        });
    }
    sink.put(
        "report.bib".into(),
        Contents::Bytes(report_bibtex(site, urls).into_bytes()),
        "an export",
    );
    errors.extend(json.err());
    errors.extend(csv.err());
    errors.extend(atom.err());
    match index {
        Ok((entries, bytes)) => notes.push(format!(
            "search index: {entries} entries, {} KB",
            (bytes + 512) / 1024
        )),
        Err(e) => errors.push(e),
    }
    if errors.is_empty() {
        Ok(notes)
    } else {
        Err(errors)
    }
}

/// Counts the bytes written through it.
struct Counting<W> {
    inner: W,
    bytes: usize,
}

impl<W: std::io::Write> std::io::Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

// ------------------------------------------------------------ outcomes

#[derive(Serialize)]
struct OutcomesExport<'a> {
    schema_version: u32,
    site: SiteRef<'a>,
    event: EventRef<'a>,
    count: usize,
    items: &'a [OutcomeRow<'a>],
}

#[derive(Serialize)]
struct SiteRef<'a> {
    title: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct EventRef<'a> {
    title: &'a str,
    start_date: Option<&'a str>,
    end_date: Option<&'a str>,
}

#[derive(Serialize)]
struct SessionRef<'a> {
    slug: &'a str,
    title: &'a str,
    order: i64,
}

/// One finding or recommendation, as exported.
#[derive(Serialize)]
pub struct OutcomeRow<'a> {
    id: &'a str,
    kind: Option<OutcomeKind>,
    session: SessionRef<'a>,
    addressees: &'a [String],
    themes: &'a [String],
    status: Option<&'a str>,
    title: &'a str,
    summary: Option<&'a str>,
    date: Option<&'a str>,
    html: &'a str,
    text: &'a str,
    url: String,
    anchor_url: String,
}

/// The outcomes in programme order.
fn outcome_rows<'a>(site: &'a Site, bodies: &'a Bodies, urls: &Urls) -> Vec<OutcomeRow<'a>> {
    let index = routes::section(Section::Recommendations);
    site.recommendations
        .iter()
        .zip(&bodies.recommendations)
        .map(|(r, body)| {
            let s = &site.sessions[r.session].doc;
            let f = &r.doc.front;
            OutcomeRow {
                id: &r.id.0,
                kind: f.kind,
                session: SessionRef {
                    slug: &s.slug,
                    title: &s.front.title,
                    order: s.front.order,
                },
                addressees: &f.addressees,
                themes: &f.themes,
                status: f.status.as_deref(),
                title: &f.title,
                summary: f.summary.as_deref(),
                date: f.date.as_deref(),
                html: &body.html,
                text: &body.text,
                url: urls.permalink(&routes::recommendation(&r.doc.slug)),
                anchor_url: format!(
                    "{}#{}",
                    urls.permalink(&index),
                    crate::render::fragment_escape(&r.id.0)
                ),
            }
        })
        .collect()
}

/// RFC 4180 CSV, one row per outcome; lists joined with "; ".
fn outcomes_csv(rows: &[OutcomeRow], out: &mut dyn std::io::Write) -> Result<(), String> {
    let header = [
        "id",
        "kind",
        "session_order",
        "session_slug",
        "session_title",
        "title",
        "summary",
        "addressees",
        "themes",
        "status",
        "date",
        "url",
        "text",
    ];
    let cells = rows.iter().map(|r| {
        let kind = match r.kind {
            Some(OutcomeKind::Finding) => "finding",
            Some(OutcomeKind::Recommendation) => "recommendation",
            None => "",
        };
        [
            r.id.into(),
            kind.into(),
            r.session.order.to_string().into(),
            r.session.slug.into(),
            r.session.title.into(),
            r.title.into(),
            r.summary.unwrap_or("").into(),
            r.addressees.join("; ").into(),
            r.themes.join("; ").into(),
            r.status.unwrap_or("").into(),
            r.date.unwrap_or("").into(),
            r.url.as_str().into(),
            r.text.into(),
        ]
    });
    write_csv(out, &header, cells)
}

/// Writes an RFC 4180 table (CRLF line ends, a header row), every cell
/// made safe for spreadsheets by [`csv_cell`].
pub fn write_csv<'a, const N: usize>(
    out: &mut dyn std::io::Write,
    header: &[&str; N],
    rows: impl Iterator<Item = [std::borrow::Cow<'a, str>; N]>,
) -> Result<(), String> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(header).map_err(|e| e.to_string())?;
    for row in rows {
        w.write_record(row.iter().map(|c| csv_cell(c).into_owned()))
            .map_err(|e| e.to_string())?;
    }
    w.flush().map_err(|e| e.to_string())
}

/// A cell that spreadsheet software will not run: a cell that starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula
/// (`=HYPERLINK(...)`, `+cmd|...`), so it gets a leading `'`, which
/// spreadsheets show as text (OWASP's advice for CSV injection). A plain
/// number (`-3`) is left as it is: it is data, not a formula.
pub fn csv_cell(s: &str) -> std::borrow::Cow<'_, str> {
    let is_number = s.parse::<i64>().is_ok();
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_number {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

// ------------------------------------------------------------ calendar

fn parse_date(d: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()
}

fn parse_time(t: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(t, "%H:%M").ok()
}

/// One VEVENT per session with a date and start time, in the event's time
/// zone. Returns the calendar and the slugs of sessions left out.
fn programme_ics(site: &Site, urls: &Urls) -> (String, Vec<String>) {
    use ical::{Calendar, Event, When};
    let event = &site.event.front;
    let tz: Option<chrono_tz::Tz> = event.timezone.as_deref().and_then(|t| t.parse().ok());
    let host = site
        .config
        .base_url
        .host_str()
        .unwrap_or("localhost")
        .to_string();
    let path_part = urls.base_path().trim_matches('/').replace('/', ".");
    let venue = event.venue.as_ref().map(|v| {
        [&v.name, &v.city, &v.country]
            .iter()
            .filter_map(|x| x.as_deref())
            .collect::<Vec<_>>()
            .join(", ")
    });

    let mut left_out = Vec::new();
    let mut first_date: Option<NaiveDate> = None;
    let mut events = Vec::new();
    for s in &site.sessions {
        let f = &s.doc.front;
        let (Some(date), Some(start)) = (
            f.date.as_deref().and_then(parse_date),
            f.start.as_deref().and_then(parse_time),
        ) else {
            left_out.push(s.doc.slug.clone());
            continue;
        };
        first_date = first_date.or(Some(date));
        let at = |t: NaiveTime| -> When {
            let local = NaiveDateTime::new(date, t);
            match tz {
                Some(_) => When::Zoned(local),
                None => When::Floating(local),
            }
        };
        let uid = if path_part.is_empty() {
            format!("session-{}@{host}", s.doc.slug)
        } else {
            format!("session-{}.{path_part}@{host}", s.doc.slug)
        };
        events.push(Event {
            uid,
            // A fixed stamp keeps builds byte-identical.
            stamp: NaiveDateTime::new(date, NaiveTime::MIN),
            start: at(start),
            end: f.end.as_deref().and_then(parse_time).map(at),
            summary: &f.title,
            description: f.summary.as_deref(),
            location: venue.clone().filter(|v| !v.is_empty()),
            url: Some(urls.permalink(&routes::session(&s.doc.slug))),
        });
    }
    let zone_date = event
        .start_date
        .as_deref()
        .and_then(parse_date)
        .or(first_date);
    let calendar = Calendar {
        product: format!("-//rapporteur//{}//EN", env!("CARGO_PKG_VERSION")),
        name: &event.title,
        tzid: tz.map(|t| t.name()),
        vtimezone: tz.zip(zone_date).and_then(|(tz, date)| vtimezone(tz, date)),
        events,
    };
    (calendar.to_ics(), left_out)
}

/// A VTIMEZONE with the zone's offset on the event's first day (enough for
/// a two-day event). It also keeps a calendar without sessions valid: a
/// VCALENDAR needs at least one component.
fn vtimezone(tz: chrono_tz::Tz, date: NaiveDate) -> Option<String> {
    let noon = NaiveDateTime::new(date, NaiveTime::from_hms_opt(12, 0, 0)?);
    let offset: FixedOffset = tz.offset_from_utc_datetime(&noon).fix();
    let secs = offset.local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let (h, m) = (secs.abs() / 3600, (secs.abs() % 3600) / 60);
    let abbreviation = tz.offset_from_utc_datetime(&noon).to_string();
    let abbreviation: String = abbreviation
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-'))
        .collect();
    Some(format!(
        "BEGIN:VTIMEZONE\r\nTZID:{}\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:{sign}{h:02}{m:02}\r\nTZOFFSETTO:{sign}{h:02}{m:02}\r\nTZNAME:{abbreviation}\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n",
        tz.name()
    ))
}

// ------------------------------------------------------------ feed

/// An Atom feed of outcomes and pages, newest first. Entries without a
/// `date` take the event's start date.
fn atom_feed(
    site: &Site,
    bodies: &Bodies,
    urls: &Urls,
    out: &mut dyn std::io::Write,
) -> Result<(), String> {
    use atom_syndication::{
        ContentBuilder, EntryBuilder, FeedBuilder, LinkBuilder, PersonBuilder, TextBuilder,
    };
    let fallback = site
        .event
        .front
        .start_date
        .as_deref()
        .or(site.event.front.end_date.as_deref())
        .unwrap_or("2000-01-01");
    let when = |d: Option<&str>| {
        let date = d
            .and_then(parse_date)
            .or_else(|| parse_date(fallback))
            .unwrap_or_default();
        FixedOffset::east_opt(0)
            .expect("0 is a valid offset")
            .from_utc_datetime(&NaiveDateTime::new(date, NaiveTime::MIN))
    };
    let entry =
        |url: String, title: String, date: Option<&str>, summary: Option<&String>, html: &str| {
            EntryBuilder::default()
                .id(url.clone())
                .title(TextBuilder::default().value(title).build())
                .updated(when(date))
                .links(vec![
                    LinkBuilder::default()
                        .href(url)
                        .rel("alternate".to_string())
                        .build(),
                ])
                .summary(summary.map(|s| TextBuilder::default().value(s.clone()).build()))
                .content(Some(
                    ContentBuilder::default()
                        .value(Some(html.to_string()))
                        .content_type(Some("html".to_string()))
                        .build(),
                ))
                .build()
        };
    let mut entries = Vec::new();
    for (r, body) in site.recommendations.iter().zip(&bodies.recommendations) {
        let f = &r.doc.front;
        entries.push(entry(
            urls.permalink(&routes::recommendation(&r.doc.slug)),
            format!("{}: {}", r.id.0, f.title),
            f.date.as_deref(),
            f.summary.as_ref(),
            &body.html,
        ));
    }
    for (p, body) in site.pages.iter().zip(&bodies.pages) {
        entries.push(entry(
            urls.permalink(&routes::page(&p.slug)),
            p.front.title.clone(),
            p.front.date.as_deref(),
            p.front.summary.as_ref(),
            &body.html,
        ));
    }
    entries.sort_by(|a, b| {
        b.updated()
            .cmp(a.updated())
            .then_with(|| a.id().cmp(b.id()))
    });
    let updated = entries
        .iter()
        .map(|e| *e.updated())
        .max()
        .unwrap_or_else(|| when(None));
    let author = citation_author(site);
    FeedBuilder::default()
        .id(urls.base().to_string())
        .title(
            TextBuilder::default()
                .value(site.config.title.clone())
                .build(),
        )
        .updated(updated)
        .authors(vec![PersonBuilder::default().name(author).build()])
        .links(vec![
            LinkBuilder::default()
                .href(urls.permalink(&crate::urls::Route::file("atom.xml")))
                .rel("self".to_string())
                .build(),
            LinkBuilder::default()
                .href(urls.base().to_string())
                .rel("alternate".to_string())
                .build(),
        ])
        .entries(entries)
        .build()
        .write_to(out)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

// ------------------------------------------------------------ citations

/// The authoring body: `citation.author` or the event's organisers.
pub fn citation_author(site: &Site) -> String {
    if let Some(a) = &site.config.citation.author {
        return a.clone();
    }
    let names: Vec<&str> = site
        .event
        .front
        .organizers
        .iter()
        .map(|p: &Person| p.name.as_str())
        .collect();
    if names.is_empty() {
        site.config.title.clone()
    } else {
        names.join("; ")
    }
}

/// The year of the proceedings: `citation.year` or the event's start year.
pub fn citation_year(site: &Site) -> Option<i32> {
    site.config.citation.year.or_else(|| {
        site.event
            .front
            .start_date
            .as_deref()
            .and_then(|d| d.get(0..4)?.parse().ok())
    })
}

/// "Author (Year). Title. Site. URL" for the report.
pub fn report_citation(site: &Site, urls: &Urls) -> String {
    let year = citation_year(site)
        .map(|y| format!(" ({y})"))
        .unwrap_or_default();
    format!(
        "{}{year}. {}: report of the proceedings. {}. {}",
        citation_author(site),
        site.event.front.title,
        site.config.title,
        urls.permalink(&routes::report())
    )
}

/// The same for one outcome, citing its stable anchor.
pub fn outcome_citation(site: &Site, urls: &Urls, id: &str, title: &str) -> String {
    let year = citation_year(site)
        .map(|y| format!(" ({y})"))
        .unwrap_or_default();
    format!(
        "{}{year}. {id}: {title}. In: {}. {}#{}",
        citation_author(site),
        site.event.front.title,
        urls.permalink(&routes::section(Section::Recommendations)),
        crate::render::fragment_escape(id)
    )
}

/// `report.bib`: one `@misc` entry for the whole report.
pub fn report_bibtex(site: &Site, urls: &Urls) -> String {
    let year = citation_year(site);
    let key: String = format!(
        "{}{}",
        crate::urls::segment(&site.event.front.title)
            .split('-')
            .take(4)
            .collect::<Vec<_>>()
            .join(""),
        year.map(|y| y.to_string()).unwrap_or_default()
    );
    let mut out = format!("@misc{{{key},\n");
    out.push_str(&format!(
        "  author = {{{{{}}}}},\n",
        bibtex_escape(&citation_author(site))
    ));
    out.push_str(&format!(
        "  title = {{{{{}: report of the proceedings}}}},\n",
        bibtex_escape(&site.event.front.title)
    ));
    if let Some(y) = year {
        out.push_str(&format!("  year = {{{y}}},\n"));
    }
    out.push_str(&format!(
        "  howpublished = {{\\url{{{}}}}},\n",
        urls.permalink(&routes::report())
    ));
    out.push_str(&format!(
        "  note = {{{}}}\n",
        bibtex_escape(&site.config.title)
    ));
    out.push_str("}\n");
    out
}

/// Escapes BibTeX's special characters in a field value.
fn bibtex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            // BibTeX counts braces even after a backslash, so `\}` would
            // close the field: braces are written as commands.
            '{' => out.push_str("\\textbraceleft{}"),
            '}' => out.push_str("\\textbraceright{}"),
            '%' | '&' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

// ------------------------------------------------------------ search

/// One searchable page. Short keys keep the index small.
#[derive(Serialize)]
pub struct SearchEntry<'a> {
    /// title
    t: String,
    /// link (outcomes link to their anchor on the recommendations page)
    u: String,
    /// kind, e.g. "Recommendation S2-R1"
    k: String,
    /// summary or the start of the text
    s: String,
    /// the distinct lowercase words of title and text
    w: String,
    #[serde(skip)]
    _site: std::marker::PhantomData<&'a ()>,
}

/// A search entry; `text` is the page's text in parts, read as if joined by
/// spaces (so that no part is copied to join them).
fn search_entry(
    title: &str,
    url: String,
    kind: String,
    summary: Option<&str>,
    text: &[&str],
) -> SearchEntry<'static> {
    let snippet = match summary {
        Some(s) => s.to_string(),
        None => {
            let joined = text.join(" ");
            let mut s: String = joined.chars().take(180).collect();
            if joined.chars().count() > 180 {
                s.push('…');
            }
            s.replace('\n', " ")
        }
    };
    // Each word's first occurrence, lowercase; most words already are, and
    // are used as they stand.
    let size: usize = text.iter().map(|t| t.len()).sum();
    let mut seen: rustc_hash::FxHashSet<std::borrow::Cow<str>> =
        rustc_hash::FxHashSet::with_capacity_and_hasher(size / 16, Default::default());
    let mut words = String::new();
    for part in std::iter::once(title).chain(text.iter().copied()) {
        for_each_word(part, |w| {
            let w = w.trim_matches('-');
            if w.len() < 2 {
                return;
            }
            let w: std::borrow::Cow<str> = if w.is_ascii() {
                if w.bytes().any(|b| b.is_ascii_uppercase()) {
                    w.to_ascii_lowercase().into()
                } else {
                    w.into()
                }
            } else if w.chars().any(char::is_uppercase) {
                w.to_lowercase().into()
            } else {
                w.into()
            };
            if w.len() >= 2 && (w.len() > 2 || w.chars().count() >= 2) && seen.insert(w.clone()) {
                if !words.is_empty() {
                    words.push(' ');
                }
                words.push_str(&w);
            }
        });
    }
    SearchEntry {
        t: title.to_string(),
        u: url,
        k: kind,
        s: snippet,
        w: words,
        _site: std::marker::PhantomData,
    }
}

/// Calls `f` with each run of letters, digits and `-` in `text`; plain
/// ASCII text (most of it) is scanned byte by byte.
fn for_each_word<'a>(text: &'a str, mut f: impl FnMut(&'a str)) {
    if !text.is_ascii() {
        text.split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .for_each(f);
        return;
    }
    let mut start = None;
    for (i, b) in text.bytes().enumerate() {
        if b.is_ascii_alphanumeric() || b == b'-' {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            f(&text[s..i]);
        }
    }
    if let Some(s) = start {
        f(&text[s..]);
    }
}

/// Every page worth finding by a word.
fn search_index(site: &Site, bodies: &Bodies, urls: &Urls) -> Vec<SearchEntry<'static>> {
    use rayon::prelude::*;
    let index = routes::section(Section::Recommendations);
    let outcomes = site
        .recommendations
        .par_iter()
        .zip(&bodies.recommendations)
        .map(|(r, body)| {
            let f = &r.doc.front;
            let kind = match f.kind {
                Some(OutcomeKind::Finding) => "Finding",
                _ => "Recommendation",
            };
            search_entry(
                &f.title,
                format!(
                    "{}#{}",
                    urls.link(&index),
                    crate::render::fragment_escape(&r.id.0)
                ),
                format!("{kind} {}", r.id.0),
                f.summary.as_deref(),
                &[&r.id.0, &body.text],
            )
        });
    let sessions = site
        .sessions
        .par_iter()
        .zip(&bodies.sessions)
        .map(|(s, body)| {
            search_entry(
                &s.doc.front.title,
                urls.link(&routes::session(&s.doc.slug)),
                "Session".to_string(),
                s.doc.front.summary.as_deref(),
                &[&body.text],
            )
        });
    let presentations = site
        .presentations
        .par_iter()
        .zip(&bodies.presentations)
        .map(|(p, body)| {
            let presenters: Vec<&str> = p
                .doc
                .front
                .presenters
                .iter()
                .map(|x| x.name.as_str())
                .collect();
            search_entry(
                &p.doc.front.title,
                urls.link(&routes::presentation(&p.doc.slug)),
                "Presentation".to_string(),
                p.doc.front.summary.as_deref(),
                &[&presenters.join(" "), &body.text],
            )
        });
    let pages = site.pages.par_iter().zip(&bodies.pages).map(|(p, body)| {
        search_entry(
            &p.front.title,
            urls.link(&routes::page(&p.slug)),
            "Page".to_string(),
            p.front.summary.as_deref(),
            &[&body.text],
        )
    });
    outcomes
        .chain(sessions)
        .chain(presentations)
        .chain(pages)
        .collect()
}

/// Schema.org `Event` JSON-LD for the home page, with sessions as
/// `subEvent`s. Serialised by serde_json; `<`, `>` and `&` are then written
/// as `\u003c`, `\u003e`, `\u0026` so that no value can close the script.
pub fn event_json_ld(site: &Site, urls: &Urls) -> String {
    use serde_json::{Map, Value, json};
    let e = &site.event.front;
    let tz: Option<chrono_tz::Tz> = e.timezone.as_deref().and_then(|t| t.parse().ok());
    let when = |date: Option<&str>, time: Option<&str>| -> Option<String> {
        let d = parse_date(date?)?;
        match time.and_then(parse_time) {
            None => Some(d.to_string()),
            Some(t) => {
                let local = NaiveDateTime::new(d, t);
                Some(match tz {
                    Some(tz) => tz
                        .from_local_datetime(&local)
                        .single()?
                        .fixed_offset()
                        .to_rfc3339(),
                    None => local.format("%Y-%m-%dT%H:%M").to_string(),
                })
            }
        }
    };
    let mut event = Map::new();
    event.insert("@context".into(), json!("https://schema.org"));
    event.insert("@type".into(), json!("Event"));
    event.insert("name".into(), json!(e.title));
    event.insert("url".into(), json!(urls.base()));
    if let Some(s) = &e.summary {
        event.insert("description".into(), json!(s));
    }
    if let Some(d) = when(e.start_date.as_deref(), None) {
        event.insert("startDate".into(), json!(d));
    }
    if let Some(d) = when(e.end_date.as_deref(), None) {
        event.insert("endDate".into(), json!(d));
    }
    event.insert(
        "eventAttendanceMode".into(),
        json!("https://schema.org/OfflineEventAttendanceMode"),
    );
    if let Some(v) = &e.venue {
        let mut address = Map::new();
        address.insert("@type".into(), json!("PostalAddress"));
        if let Some(c) = &v.city {
            address.insert("addressLocality".into(), json!(c));
        }
        if let Some(c) = &v.country {
            address.insert("addressCountry".into(), json!(c));
        }
        event.insert(
            "location".into(),
            json!({"@type": "Place", "name": v.name.clone().unwrap_or_default(), "address": Value::Object(address)}),
        );
    }
    let orgs = |list: &[Person]| -> Value {
        Value::Array(
            list.iter()
                .map(|p| json!({"@type": "Organization", "name": p.name}))
                .collect(),
        )
    };
    if !e.organizers.is_empty() {
        event.insert("organizer".into(), orgs(&e.organizers));
    }
    let sub: Vec<Value> = site
        .sessions
        .iter()
        .map(|s| {
            let f = &s.doc.front;
            let mut m = Map::new();
            m.insert("@type".into(), json!("Event"));
            m.insert("name".into(), json!(f.title));
            m.insert(
                "url".into(),
                json!(urls.permalink(&routes::session(&s.doc.slug))),
            );
            if let Some(d) = when(f.date.as_deref(), f.start.as_deref()) {
                m.insert("startDate".into(), json!(d));
            }
            if let Some(d) = when(f.date.as_deref(), f.end.as_deref()).filter(|_| f.end.is_some()) {
                m.insert("endDate".into(), json!(d));
            }
            Value::Object(m)
        })
        .collect();
    if !sub.is_empty() {
        event.insert("subEvent".into(), Value::Array(sub));
    }
    script_safe_json(&Value::Object(event))
}

/// JSON that can sit inside `<script>`: `<`, `>` and `&` as unicode escapes.
pub fn script_safe_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "{}".to_string())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_for_scripts_cannot_close_the_tag() {
        let s = script_safe_json(
            &serde_json::json!({"name": "</script><script>alert(1)</script> & co"}),
        );
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["name"], "</script><script>alert(1)</script> & co");
    }

    #[test]
    fn bibtex_specials_are_escaped() {
        assert_eq!(
            bibtex_escape("A & B {x} 50% $1 #2 a_b"),
            "A \\& B \\textbraceleft{}x\\textbraceright{} 50\\% \\$1 \\#2 a\\_b"
        );
        let injected = bibtex_escape("x}}, @misc{evil, title={y");
        let depth = injected.chars().try_fold(0i32, |d, c| {
            let d = d + i32::from(c == '{') - i32::from(c == '}');
            (d >= 0).then_some(d)
        });
        assert_eq!(depth, Some(0), "{injected}");
    }

    #[test]
    fn search_words_are_distinct_and_lowercase() {
        let e = search_entry(
            "Data Data",
            "/x".into(),
            "Page".into(),
            None,
            &["data, Planning-cycle a", "DATA Ünïcode-Wörter ü"],
        );
        assert_eq!(e.w, "data planning-cycle ünïcode-wörter");
        let mut ascii = Vec::new();
        for_each_word("-a b-c,  d9 -", |w| ascii.push(w.to_string()));
        let mut unicode = Vec::new();
        for_each_word("-a b-c,  d9 - é", |w| unicode.push(w.to_string()));
        assert_eq!(ascii, ["-a", "b-c", "d9", "-"]);
        assert_eq!(unicode, ["-a", "b-c", "d9", "-", "é"]);
    }
}
