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

/// An Atom feed of outcomes and pages, newest first. Entries without a
/// `date` take the event's start date.
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
    let fallback = site
        .event
        .front
        .start_date
        .as_deref()
        .or(site.event.front.end_date.as_deref())
        .unwrap_or("2000-01-01");
    let when = |d: Option<&str>| {
        let date = d
            .and_then(super::calendar::parse_date)
            .or_else(|| super::calendar::parse_date(fallback))
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
        entries.push(entry(
            urls.permalink(&routes::of_kind(Kind::Outcome, &r.doc.slug)),
            format!("{}: {}", r.id(), f.title),
            f.date.as_deref(),
            f.summary.as_ref(),
            bodies.html(DocRef::Outcome(i)),
        ));
    }
    for (i, p) in site.pages.indexed() {
        entries.push(entry(
            urls.permalink(&routes::of_kind(Kind::Page, &p.slug)),
            p.front.title.clone(),
            p.front.date.as_deref(),
            p.front.summary.as_ref(),
            bodies.html(DocRef::Page(i)),
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
