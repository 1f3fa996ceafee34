//! `recommendations.json` (with its JSON Schema) and `recommendations.csv`:
//! every finding and recommendation as data, in programme order.

use std::io::Write;

use serde::Serialize;

use super::Input;
use crate::bodies::Bodies;
use crate::model::{DocRef, Kind, OutcomeKind};
use crate::routes;
use crate::site::Site;
use crate::urls::Urls;

/// The JSON Schema of `recommendations.json`, published beside it.
pub const SCHEMA: &str = include_str!("../recommendations.schema.json");

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
    /// Tombstones: the date withdrawn, or the id merged into.
    #[serde(skip_serializing_if = "Option::is_none")]
    withdrawn: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    merged_into: Option<&'a str>,
    title: &'a str,
    summary: Option<std::borrow::Cow<'a, str>>,
    date: Option<&'a str>,
    html: &'a str,
    text: &'a str,
    url: String,
    anchor_url: String,
}

/// The outcomes in programme order.
fn outcome_rows<'a>(site: &'a Site, bodies: &'a Bodies, urls: &Urls) -> Vec<OutcomeRow<'a>> {
    let index = routes::index(Kind::Outcome);
    site.outcomes
        .indexed()
        .map(|(i, r)| {
            let body = bodies.get(DocRef::Outcome(i));
            let session = &site.sessions[r.session];
            let s = &session.doc;
            let f = &r.doc.front;
            OutcomeRow {
                id: r.id(),
                kind: f.kind,
                session: SessionRef {
                    slug: &s.slug,
                    title: &s.front.title,
                    order: session.number,
                },
                addressees: &f.addressees,
                themes: &f.themes,
                status: f.status.as_deref(),
                withdrawn: f.withdrawn.as_deref(),
                merged_into: f.merged_into.as_deref(),
                title: &f.title,
                summary: f.summary.as_deref().map(crate::text::one_line),
                date: f.date.as_deref(),
                html: body.map_or("", |b| b.html.as_str()),
                text: body.map_or("", |b| b.text.as_str()),
                url: urls.permalink(&routes::of_kind(Kind::Outcome, &r.doc.slug)),
                anchor_url: format!("{}#{}", urls.permalink(&index), routes::fragment(r.id())),
            }
        })
        .collect()
}

/// RFC 4180 CSV, one row per outcome; lists joined with "; ".
/// `recommendations.json`: every outcome, for other tools.
pub fn json(input: &Input, out: &mut dyn Write) -> Result<Vec<String>, String> {
    let rows = outcome_rows(input.site, input.bodies, input.urls);
    let export = OutcomesExport {
        schema_version: 1,
        site: SiteRef {
            title: &input.site.config.title,
            url: input.urls.base(),
        },
        event: EventRef {
            title: &input.site.event.front.title,
            start_date: input.site.event.front.start_date.as_deref(),
            end_date: input.site.event.front.end_date.as_deref(),
        },
        count: rows.len(),
        items: &rows,
    };
    serde_json::to_writer_pretty(out, &export).map_err(|e| e.to_string())?;
    Ok(Vec::new())
}

/// `recommendations.schema.json`: the JSON Schema of [`json`].
pub fn schema(_: &Input, out: &mut dyn Write) -> Result<Vec<String>, String> {
    out.write_all(SCHEMA.as_bytes())
        .map_err(|e| e.to_string())?;
    Ok(Vec::new())
}

/// `recommendations.csv`: the same rows, for spreadsheets. UTF-8 with a
/// byte order mark (unless `csv_bom: false`), without which spreadsheet
/// software on Windows reads the file as a legacy code page and garbles
/// "Côte d’Ivoire".
pub fn csv(input: &Input, out: &mut dyn Write) -> Result<Vec<String>, String> {
    if input.site.config.csv_bom {
        out.write_all("\u{feff}".as_bytes())
            .map_err(|e| e.to_string())?;
    }
    let rows = outcome_rows(input.site, input.bodies, input.urls);
    outcomes_csv(&rows, out)?;
    Ok(Vec::new())
}

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
        "anchor_url",
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
            r.summary.as_deref().unwrap_or("").into(),
            r.addressees.join("; ").into(),
            r.themes.join("; ").into(),
            r.status.unwrap_or("").into(),
            r.date.unwrap_or("").into(),
            r.url.as_str().into(),
            r.anchor_url.as_str().into(),
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
