//! Schema.org JSON-LD for the home page, safe inside `<script>`.

use chrono::{NaiveDateTime, TimeZone};
use serde::Serialize;

use crate::model::{Attendance, EventStatus, Kind, Venue};
use crate::routes;
use crate::site::Site;
use crate::text::one_line;
use crate::urls::Urls;

/// Schema.org `Event` JSON-LD for the home page, with sessions as
/// `subEvent`s. Serialised by serde_json; `<`, `>` and `&` are then written
/// as `\u003c`, `\u003e`, `\u0026` so that no value can close the script.
pub fn event(site: &Site, urls: &Urls) -> String {
    use serde_json::{Map, Value, json};
    let e = &site.event.front;
    let tz: Option<chrono_tz::Tz> = e.timezone.as_deref().and_then(|t| t.parse().ok());
    let when = |date: Option<&str>, time: Option<&str>| -> Option<String> {
        let d = super::calendar::parse_date(date?)?;
        match time.and_then(super::calendar::parse_time) {
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
        event.insert("description".into(), json!(one_line(s)));
    }
    if let Some(d) = when(e.start_date.as_deref(), None) {
        event.insert("startDate".into(), json!(d));
    }
    if let Some(d) = when(e.end_date.as_deref(), None) {
        event.insert("endDate".into(), json!(d));
    }
    let mode = e.attendance.unwrap_or_default();
    event.insert("eventAttendanceMode".into(), json!(attendance_mode(mode)));
    event.insert(
        "eventStatus".into(),
        json!(match e.status.unwrap_or_default() {
            EventStatus::Scheduled => "https://schema.org/EventScheduled",
            EventStatus::Postponed => "https://schema.org/EventPostponed",
            EventStatus::Rescheduled => "https://schema.org/EventRescheduled",
            EventStatus::Cancelled => "https://schema.org/EventCancelled",
            EventStatus::MovedOnline => "https://schema.org/EventMovedOnline",
        }),
    );
    let venue = e
        .venue
        .as_ref()
        .filter(|_| mode != Attendance::Online)
        .and_then(place);
    let join = e
        .join_url
        .as_deref()
        .filter(|_| mode != Attendance::InPerson);
    if let Some(location) = location(venue, join) {
        event.insert("location".into(), location);
    }
    let orgs = |list: &[crate::model::Person]| -> Value {
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
        .filter(|s| !s.is_break())
        .map(|s| {
            let f = &s.doc.front;
            let mut m = Map::new();
            m.insert("@type".into(), json!("Event"));
            m.insert("name".into(), json!(f.title));
            m.insert(
                "url".into(),
                json!(urls.permalink(&routes::of_kind(Kind::Session, &s.doc.slug))),
            );
            if let Some(d) = when(f.date.as_deref(), f.start.as_deref()) {
                m.insert("startDate".into(), json!(d));
            }
            if let Some(d) = when(f.date.as_deref(), f.end.as_deref()).filter(|_| f.end.is_some()) {
                m.insert("endDate".into(), json!(d));
            }
            let (mode, join) = site.attendance(s);
            if f.attendance.is_some() {
                m.insert("eventAttendanceMode".into(), json!(attendance_mode(mode)));
            }
            let room = f
                .room
                .as_deref()
                .filter(|_| mode != Attendance::Online)
                .map(|r| json!({"@type": "Place", "name": r}));
            let join = join.filter(|_| f.join_url.is_some() || f.attendance.is_some());
            if let Some(location) = location(room, join) {
                m.insert("location".into(), location);
            }
            Value::Object(m)
        })
        .collect();
    if !sub.is_empty() {
        event.insert("subEvent".into(), Value::Array(sub));
    }
    script_safe_json(&Value::Object(event))
}

/// Schema.org's name for how people take part.
fn attendance_mode(mode: Attendance) -> &'static str {
    match mode {
        Attendance::InPerson => "https://schema.org/OfflineEventAttendanceMode",
        Attendance::Online => "https://schema.org/OnlineEventAttendanceMode",
        Attendance::Hybrid => "https://schema.org/MixedEventAttendanceMode",
    }
}

/// A venue as a `Place`, with a `PostalAddress` only when it has a city or
/// country; `None` for a venue with nothing in it.
fn place(v: &Venue) -> Option<serde_json::Value> {
    use serde_json::{Map, json};
    let mut address = Map::new();
    if let Some(c) = &v.city {
        address.insert("addressLocality".into(), json!(c));
    }
    if let Some(c) = &v.country {
        address.insert("addressCountry".into(), json!(c));
    }
    let mut place = Map::new();
    place.insert("@type".into(), json!("Place"));
    if let Some(n) = &v.name {
        place.insert("name".into(), json!(n));
    }
    if !address.is_empty() {
        address.insert("@type".into(), json!("PostalAddress"));
        place.insert("address".into(), address.into());
    }
    (place.len() > 1).then(|| place.into())
}

/// `location`: a place, a `VirtualLocation` with the join address, both
/// (a hybrid event), or none.
fn location(place: Option<serde_json::Value>, join: Option<&str>) -> Option<serde_json::Value> {
    use serde_json::{Value, json};
    let virtual_location = join.map(|u| json!({"@type": "VirtualLocation", "url": u}));
    match (place, virtual_location) {
        (Some(p), Some(v)) => Some(Value::Array(vec![p, v])),
        (p, v) => p.or(v),
    }
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
}
