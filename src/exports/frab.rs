//! `schedule.json` and `schedule.xml`: the programme in the schedule format
//! that conference companion apps (Giggity, EventFahrplan, Fahrplan) and
//! conference systems (frab, pretalx, osem) exchange, as the C3VOC
//! validator describes it (https://c3voc.de/wiki/schedule).
//!
//! Days, rooms and events come from the same sessions and presentations as
//! the programme: a session with timed talks gives one event per talk, a
//! session without gives one event for itself. Sessions without a date
//! and a start, and breaks, are left out. Event ids and GUIDs are derived
//! from the pages' addresses, so they stay the same from one build to the
//! next.

use std::collections::BTreeMap;
use std::io::Write;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use serde_json::{Value, json};

use super::Input;
use super::calendar::{parse_date, parse_time};
use crate::model::{Kind, SessionKind};
use crate::routes;
use crate::site::{Site, Slides};
use crate::templates::escape_html as x;
use crate::urls::Urls;

/// One talk or session of the schedule.
struct Event {
    date: NaiveDate,
    start: NaiveTime,
    minutes: i64,
    room: String,
    track: Option<String>,
    kind: &'static str,
    title: String,
    abstract_: String,
    slug: String,
    url: String,
    persons: Vec<String>,
    /// (type, url, title)
    links: Vec<(&'static str, String, String)>,
}

/// The events of `site`, in time order.
fn events(site: &Site, urls: &Urls) -> Vec<Event> {
    let fallback_room = site
        .event
        .front
        .venue
        .as_ref()
        .and_then(|v| v.name.clone())
        .unwrap_or_else(|| crate::labels::label("frab.main_room").to_string());
    let mut out = Vec::new();
    for s in site.sessions.iter() {
        let f = &s.doc.front;
        if s.is_break() {
            continue;
        }
        let (Some(date), Some(start)) = (
            f.date.as_deref().and_then(parse_date),
            f.start.as_deref().and_then(parse_time),
        ) else {
            continue;
        };
        let end = f.end.as_deref().and_then(parse_time);
        let room = f.room.clone().unwrap_or_else(|| fallback_room.clone());
        let talks: Vec<_> = s
            .presentations
            .iter()
            .map(|&p| &site.presentations[p])
            .filter_map(|p| Some((p, p.doc.front.start.as_deref().and_then(parse_time)?)))
            .collect();
        if talks.is_empty() {
            out.push(Event {
                date,
                start,
                minutes: end.map_or(0, |e| (e - start).num_minutes().max(0)),
                room,
                track: f.track.clone(),
                kind: match f.kind {
                    Some(SessionKind::Plenary | SessionKind::Opening | SessionKind::Closing) => {
                        "plenary"
                    }
                    Some(SessionKind::Poster) => "poster",
                    _ => "session",
                },
                title: f.title.clone(),
                abstract_: f
                    .summary
                    .as_deref()
                    .map(crate::text::one_line)
                    .unwrap_or_default()
                    .into_owned(),
                slug: s.doc.slug.clone(),
                url: urls.permalink(&routes::of_kind(Kind::Session, &s.doc.slug)),
                persons: f.facilitators.iter().map(|p| p.name.clone()).collect(),
                links: Vec::new(),
            });
            continue;
        }
        for (i, (p, talk_start)) in talks.iter().enumerate() {
            let pf = &p.doc.front;
            // A talk without an end runs to the next talk, or the session's end.
            let talk_end = pf
                .end
                .as_deref()
                .and_then(parse_time)
                .or_else(|| talks.get(i + 1).map(|(_, s)| *s))
                .or(end);
            let mut links = Vec::new();
            for (kind, file) in [("slides", &p.slides), ("paper", &p.paper)] {
                match file {
                    Some(Slides::File { route, .. }) => {
                        links.push((kind, urls.permalink(route), kind.to_string()))
                    }
                    Some(Slides::External(url)) => {
                        links.push((kind, url.clone(), kind.to_string()))
                    }
                    None => {}
                }
            }
            if let Some(video) = &pf.video {
                links.push(("media", video.clone(), "video".to_string()));
            }
            out.push(Event {
                date,
                start: *talk_start,
                minutes: talk_end.map_or(0, |e| (e - *talk_start).num_minutes().max(0)),
                room: room.clone(),
                track: f.track.clone(),
                kind: "talk",
                title: pf.title.clone(),
                abstract_: pf
                    .summary
                    .as_deref()
                    .map(crate::text::one_line)
                    .unwrap_or_default()
                    .into_owned(),
                slug: p.doc.slug.clone(),
                url: urls.permalink(&routes::of_kind(Kind::Presentation, &p.doc.slug)),
                persons: pf.presenters.iter().map(|x| x.name.clone()).collect(),
                links,
            });
        }
    }
    out.sort_by(|a, b| {
        (a.date, a.start, &a.room, &a.slug).cmp(&(b.date, b.start, &b.room, &b.slug))
    });
    out
}

/// The conference's short name: lowercase letters, digits and `_`, at
/// least four (as the format asks).
fn acronym(site: &Site) -> String {
    let mut a: String = deunicode::deunicode(&site.event.front.title)
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect::<String>()
        .split('_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_")
        .chars()
        .take(32)
        .collect();
    a = a.trim_matches('_').to_string();
    while a.len() < 4 {
        a.push('_');
    }
    a
}

/// A UUID (version 5) from an address: the same page, the same GUID.
fn guid(url: &str) -> String {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, url.as_bytes()).to_string()
}

/// `2025-09-18T09:00:00+02:00` in the event's time zone (UTC without one).
fn date_time(site: &Site, date: NaiveDate, time: NaiveTime) -> String {
    let local = NaiveDateTime::new(date, time);
    let tz: Option<chrono_tz::Tz> = site
        .event
        .front
        .timezone
        .as_deref()
        .and_then(|t| t.parse().ok());
    match tz.and_then(|tz| tz.from_local_datetime(&local).earliest()) {
        Some(t) => t.fixed_offset().to_rfc3339(),
        None => format!("{}+00:00", local.format("%Y-%m-%dT%H:%M:%S")),
    }
}

fn hhmm(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The schedule as a JSON value (`schedule.json`).
fn schedule_json(site: &Site, urls: &Urls) -> Value {
    let events = events(site, urls);
    let acronym = acronym(site);
    let mut rooms: Vec<String> = Vec::new();
    let mut days: BTreeMap<NaiveDate, BTreeMap<String, Vec<Value>>> = BTreeMap::new();
    let mut bounds: BTreeMap<NaiveDate, (NaiveTime, NaiveTime)> = BTreeMap::new();
    for (n, e) in events.iter().enumerate() {
        if !rooms.contains(&e.room) {
            rooms.push(e.room.clone());
        }
        let end = e.start + chrono::Duration::minutes(e.minutes);
        let b = bounds.entry(e.date).or_insert((e.start, end));
        b.0 = b.0.min(e.start);
        b.1 = b.1.max(end);
        days.entry(e.date).or_default().entry(e.room.clone()).or_default().push(json!({
            "guid": guid(&e.url),
            "id": n + 1,
            "date": date_time(site, e.date, e.start),
            "start": e.start.format("%H:%M").to_string(),
            "duration": hhmm(e.minutes),
            "room": e.room,
            "slug": format!("{acronym}-{}", e.slug),
            "url": e.url,
            "title": e.title,
            "subtitle": Value::Null,
            "track": e.track,
            "type": e.kind,
            "language": site.config.language,
            "abstract": e.abstract_,
            "description": Value::Null,
            "persons": e.persons.iter().map(|p| json!({ "name": p })).collect::<Vec<_>>(),
            "links": e.links.iter().map(|(t, u, title)| json!({ "type": t, "url": u, "title": title })).collect::<Vec<_>>(),
        }));
    }
    let day_list: Vec<Value> = days
        .iter()
        .enumerate()
        .map(|(i, (date, rooms))| {
            let (start, end) = bounds[date];
            json!({
                "index": i + 1,
                "date": date.to_string(),
                "day_start": date_time(site, *date, start),
                "day_end": date_time(site, *date, end),
                "rooms": rooms,
            })
        })
        .collect();
    let e = &site.event.front;
    let first = e
        .start_date
        .clone()
        .or_else(|| days.keys().next().map(|d| d.to_string()));
    let last = e
        .end_date
        .clone()
        .or_else(|| days.keys().last().map(|d| d.to_string()))
        .or(first.clone());
    let mut conference = json!({
        "acronym": acronym,
        "title": e.title,
        "start": first.unwrap_or_default(),
        "end": last.unwrap_or_default(),
        "daysCount": day_list.len(),
        "timeslot_duration": "00:05",
        "url": urls.base(),
        "rooms": rooms.iter().map(|r| json!({ "name": r, "guid": guid(&format!("{}#room-{r}", urls.base())) })).collect::<Vec<_>>(),
        "days": day_list,
    });
    if let Some(tz) = &e.timezone {
        conference["time_zone_name"] = json!(tz);
    }
    json!({
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": { "name": "rapporteur", "version": env!("CARGO_PKG_VERSION") },
        "schedule": {
            "version": site.history.last_change().unwrap_or(env!("CARGO_PKG_VERSION")),
            "base_url": urls.base(),
            "conference": conference,
        }
    })
}

/// `schedule.json`.
pub fn json(input: &Input, out: &mut dyn Write) -> Result<Vec<String>, String> {
    serde_json::to_writer_pretty(out, &schedule_json(input.site, input.urls))
        .map_err(|e| e.to_string())?;
    Ok(Vec::new())
}

/// `schedule.xml`: the same schedule in its XML form.
pub fn xml(input: &Input, out: &mut dyn Write) -> Result<Vec<String>, String> {
    let value = schedule_json(input.site, input.urls);
    let s = &value["schedule"];
    let c = &s["conference"];
    let str_of = |v: &Value| v.as_str().unwrap_or("").to_string();
    let mut w = String::new();
    w.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<schedule>\n");
    w.push_str(&format!(
        "  <generator name=\"rapporteur\" version=\"{}\"/>\n  <version>{}</version>\n  <conference>\n",
        env!("CARGO_PKG_VERSION"),
        x(&str_of(&s["version"]))
    ));
    for key in ["acronym", "title", "start", "end"] {
        w.push_str(&format!("    <{key}>{}</{key}>\n", x(&str_of(&c[key]))));
    }
    w.push_str(&format!("    <days>{}</days>\n", c["daysCount"]));
    w.push_str("    <timeslot_duration>00:05</timeslot_duration>\n");
    w.push_str(&format!(
        "    <base_url>{}</base_url>\n",
        x(&str_of(&s["base_url"]))
    ));
    if let Some(tz) = c["time_zone_name"].as_str() {
        w.push_str(&format!("    <time_zone_name>{}</time_zone_name>\n", x(tz)));
    }
    w.push_str("  </conference>\n");
    for day in c["days"].as_array().into_iter().flatten() {
        w.push_str(&format!(
            "  <day index=\"{}\" date=\"{}\" start=\"{}\" end=\"{}\">\n",
            day["index"],
            x(&str_of(&day["date"])),
            x(&str_of(&day["day_start"])),
            x(&str_of(&day["day_end"]))
        ));
        for (room, events) in day["rooms"].as_object().into_iter().flatten() {
            w.push_str(&format!("    <room name=\"{}\">\n", x(room)));
            for e in events.as_array().into_iter().flatten() {
                w.push_str(&format!(
                    "      <event id=\"{}\" guid=\"{}\">\n",
                    e["id"],
                    x(&str_of(&e["guid"]))
                ));
                for key in [
                    "date", "start", "duration", "room", "title", "type", "abstract", "language",
                    "url",
                ] {
                    w.push_str(&format!("        <{key}>{}</{key}>\n", x(&str_of(&e[key]))));
                }
                w.push_str(&format!(
                    "        <track>{}</track>\n",
                    x(&str_of(&e["track"]))
                ));
                w.push_str("        <persons>\n");
                for p in e["persons"].as_array().into_iter().flatten() {
                    w.push_str(&format!(
                        "          <person>{}</person>\n",
                        x(&str_of(&p["name"]))
                    ));
                }
                w.push_str("        </persons>\n        <links>\n");
                for l in e["links"].as_array().into_iter().flatten() {
                    w.push_str(&format!(
                        "          <link href=\"{}\" type=\"{}\">{}</link>\n",
                        x(&str_of(&l["url"])),
                        x(&str_of(&l["type"])),
                        x(&str_of(&l["title"]))
                    ));
                }
                w.push_str("        </links>\n      </event>\n");
            }
            w.push_str("    </room>\n");
        }
        w.push_str("  </day>\n");
    }
    w.push_str("</schedule>\n");
    let mut safe = crate::text::XmlSafe::new(out);
    safe.write_all(w.as_bytes()).map_err(|e| e.to_string())?;
    safe.flush().map_err(|e| e.to_string())?;
    Ok(Vec::new())
}
