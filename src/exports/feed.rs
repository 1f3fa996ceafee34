//! `atom.xml`: an Atom feed of outcomes and pages, written by
//! atom_syndication through a writer that drops what XML forbids.

use std::io::Write;

use chrono::{FixedOffset, NaiveDateTime, NaiveTime, TimeZone};

use super::Input;
use crate::bodies::Bodies;
use crate::model::{DocRef, Kind};
use crate::routes;
use crate::site::Site;
use crate::urls::Urls;

/// An Atom feed of outcomes, pages and errata, newest first. Each entry is
/// dated by its file's last commit, else its front matter `date`; an entry
/// with neither is left out rather than given a made-up date.
pub fn write(input: &Input, out: &mut dyn Write) -> Result<Vec<String>, String> {
    let mut w = crate::text::XmlSafe::new(out);
    atom_feed(input.site, input.bodies, input.urls, &mut w)?;
    w.flush().map_err(|e| e.to_string())?;
    Ok(Vec::new())
}

fn atom_feed(site: &Site, bodies: &Bodies, urls: &Urls, out: &mut dyn Write) -> Result<(), String> {
    use atom_syndication::{
        ContentBuilder, EntryBuilder, FeedBuilder, LinkBuilder, PersonBuilder, TextBuilder,
    };
    let when = |d: &str| {
        let date = super::calendar::parse_date(d)?;
        Some(
            FixedOffset::east_opt(0)
                .expect("0 is a valid offset")
                .from_utc_datetime(&NaiveDateTime::new(date, NaiveTime::MIN)),
        )
    };
    let dated = |path: &std::path::Path, date: Option<&str>| {
        site.history.date(path).or(date).and_then(when)
    };
    let entry = |url: String,
                 title: String,
                 updated: chrono::DateTime<FixedOffset>,
                 summary: Option<&String>,
                 html: &str| {
        EntryBuilder::default()
            .id(url.clone())
            .title(TextBuilder::default().value(title).build())
            .updated(updated)
            .links(vec![
                LinkBuilder::default()
                    .href(url)
                    .rel("alternate".to_string())
                    .build(),
            ])
            .summary(summary.map(|s| {
                TextBuilder::default()
                    .value(crate::text::one_line(s).into_owned())
                    .build()
            }))
            .content(Some(
                ContentBuilder::default()
                    .value(Some(html.to_string()))
                    .content_type(Some("html".to_string()))
                    .build(),
            ))
            .build()
    };
    let mut entries = Vec::new();
    for (i, r) in site.outcomes.indexed() {
        let f = &r.doc.front;
        let Some(updated) = dated(&r.doc.path, f.date.as_deref()) else {
            continue;
        };
        entries.push(entry(
            urls.permalink(&routes::of_kind(Kind::Outcome, &r.doc.slug)),
            format!("{}: {}", r.id(), f.title),
            updated,
            f.summary.as_ref(),
            bodies.html(DocRef::Outcome(i)),
        ));
    }
    for (i, p) in site.pages.indexed() {
        let Some(updated) = dated(&p.path, p.front.date.as_deref()) else {
            continue;
        };
        entries.push(entry(
            urls.permalink(&routes::of_kind(Kind::Page, &p.slug)),
            p.front.title.clone(),
            updated,
            p.front.summary.as_ref(),
            bodies.html(DocRef::Page(i)),
        ));
    }
    let report = urls.permalink(&routes::report());
    for (n, e) in site.config.errata.iter().enumerate() {
        let Some(updated) = when(&e.date) else {
            continue;
        };
        let text = crate::templates::escape_html(&e.change);
        entries.push(entry(
            format!("{report}#erratum-{}", n + 1),
            format!(
                "{}: {}",
                crate::labels::label("report.errata"),
                crate::labels::date(&e.date)
            ),
            updated,
            Some(&e.change),
            &format!("<p>{text}</p>"),
        ));
    }
    entries.sort_by(|a, b| {
        b.updated()
            .cmp(a.updated())
            .then_with(|| a.id().cmp(b.id()))
    });
    // The feed's own date: its newest entry, else the site's last commit,
    // else the event's first day (Atom requires one).
    let updated = entries
        .iter()
        .map(|e| *e.updated())
        .max()
        .or_else(|| site.history.last_change().and_then(when))
        .or_else(|| site.event.front.start_date.as_deref().and_then(when))
        .or_else(|| when("2000-01-01"))
        .expect("a valid date");
    let author = crate::citation::author(site);
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
