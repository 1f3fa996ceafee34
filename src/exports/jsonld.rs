//! Schema.org JSON-LD for the home page, safe inside `<script>`.

use chrono::{NaiveDateTime, TimeZone};
use serde::Serialize;

use crate::model::Kind;
use crate::routes;
use crate::site::Site;
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
}
