//! `programme.ics`: the programme as an iCalendar file, written by
//! [`super::ical`].

use std::io::Write;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone};

use super::Input;
use super::ical;
use crate::labels::label;
use crate::model::{Attendance, Kind};
use crate::routes;
use crate::site::Site;
use crate::text::one_line;
use crate::urls::Urls;

pub(super) fn parse_date(d: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()
}

pub(super) fn parse_time(t: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(t, "%H:%M").ok()
}

/// `programme.ics`: one event per session with a date and start time, in
/// the event's time zone. Sessions without are left out, and the build log
/// names them; breaks are left out silently (they are no one's to attend).
///
/// `LOCATION` is where to go: the room and the venue, or the join address
/// of an online session; never empty. `URL` is the session's page, or the
/// join address of an online session, whose page is then in the
/// description.
pub fn write(input: &Input, out: &mut dyn Write) -> Result<Vec<String>, String> {
    let (ics, left_out) = programme_ics(input.site, input.urls);
    out.write_all(ics.as_bytes()).map_err(|e| e.to_string())?;
    let mut notes = Vec::new();
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
    Ok(notes)
}

/// The calendar, and the slugs of the sessions left out.
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
    let venue = event.venue.as_ref().map(crate::views::venue_label);

    let mut left_out = Vec::new();
    let mut first_date: Option<NaiveDate> = None;
    let mut last_session: Option<NaiveDate> = None;
    let mut events = Vec::new();
    for s in site.sessions.iter().filter(|s| !s.is_break()) {
        let f = &s.doc.front;
        let (Some(date), Some(start)) = (
            f.date.as_deref().and_then(parse_date),
            f.start.as_deref().and_then(parse_time),
        ) else {
            left_out.push(s.doc.slug.clone());
            continue;
        };
        first_date = first_date.or(Some(date));
        last_session = last_session.max(Some(date));
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
        let page = urls.permalink(&routes::of_kind(Kind::Session, &s.doc.slug));
        let summary = f.summary.as_deref().map(one_line);
        let (mode, join) = site.attendance(s);
        let place = || {
            let parts: Vec<&str> = [f.room.as_deref(), venue.as_deref()]
                .into_iter()
                .flatten()
                .filter(|p| !p.trim().is_empty())
                .collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        };
        let (location, url, description) = match (mode, join) {
            (Attendance::Online, Some(join)) => (
                Some(join.to_string()),
                join.to_string(),
                Some(match summary {
                    Some(s) => format!("{s}\n\n{page}"),
                    None => page,
                }),
            ),
            (Attendance::Hybrid, Some(join)) => (
                place().or_else(|| Some(join.to_string())),
                page,
                Some(match summary {
                    Some(s) => format!("{s}\n\n{}: {join}", label("attendance.online_at")),
                    None => format!("{}: {join}", label("attendance.online_at")),
                }),
            ),
            (Attendance::Online, None) => (None, page, summary.map(String::from)),
            _ => (place(), page, summary.map(String::from)),
        };
        events.push(Event {
            uid,
            // The session file's last commit, else its day: never the
            // build's time, so that builds stay byte-identical.
            stamp: NaiveDateTime::new(
                site.history
                    .date(&s.doc.path)
                    .and_then(parse_date)
                    .unwrap_or(date),
                NaiveTime::MIN,
            ),
            start: at(start),
            end: f.end.as_deref().and_then(parse_time).map(at),
            summary: &f.title,
            description,
            location,
            url: Some(url),
        });
    }
    let zone_date = event
        .start_date
        .as_deref()
        .and_then(parse_date)
        .or(first_date);
    let last_date = event
        .end_date
        .as_deref()
        .and_then(parse_date)
        .into_iter()
        .chain(last_session)
        .max();
    let calendar = Calendar {
        product: format!("-//rapporteur//{}//EN", env!("CARGO_PKG_VERSION")),
        name: &event.title,
        tzid: tz.map(|t| t.name()),
        vtimezone: tz
            .zip(zone_date)
            .and_then(|(tz, date)| vtimezone(tz, date, last_date.unwrap_or(date).max(date))),
        events,
    };
    (calendar.to_ics(), left_out)
}

/// A VTIMEZONE for the years of the event (ten at most: an `end_date` in
/// the year 9999 would otherwise cost every build a long scan): the offset
/// on the first of January, then every change of offset (daylight saving
/// time) in those years, found from the time zone database. It also keeps a calendar
/// without sessions valid: a VCALENDAR needs at least one component.
fn vtimezone(tz: chrono_tz::Tz, first: NaiveDate, last: NaiveDate) -> Option<String> {
    use chrono::{Datelike, Duration};
    let offset_at = |utc: NaiveDateTime| -> (i32, String) {
        let o = tz.offset_from_utc_datetime(&utc);
        let name: String = o
            .to_string()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-'))
            .collect();
        (o.fix().local_minus_utc(), name)
    };
    let hhmm = |secs: i32| {
        let sign = if secs < 0 { '-' } else { '+' };
        format!(
            "{sign}{:02}{:02}",
            secs.abs() / 3600,
            (secs.abs() % 3600) / 60
        )
    };
    let from = NaiveDate::from_ymd_opt(first.year(), 1, 1)?.and_hms_opt(0, 0, 0)?;
    let last_year = last.year().min(first.year() + 9);
    let to = NaiveDate::from_ymd_opt(last_year + 1, 1, 1)?.and_hms_opt(0, 0, 0)?;
    let (start_offset, start_name) = offset_at(from);
    let mut out = format!("BEGIN:VTIMEZONE\r\nTZID:{}\r\n", tz.name());
    let observance = |kind: &str, local: NaiveDateTime, before: i32, after: i32, name: &str| {
        format!(
            "BEGIN:{kind}\r\nDTSTART:{}\r\nTZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\nTZNAME:{name}\r\nEND:{kind}\r\n",
            local.format("%Y%m%dT%H%M%S"),
            hhmm(before),
            hhmm(after)
        )
    };
    // Day by day through the years (zones change offset at most once a
    // day): a change of offset is a transition, found to the minute.
    let offset = |utc: NaiveDateTime| tz.offset_from_utc_datetime(&utc).fix().local_minus_utc();
    let mut changes = Vec::new();
    let (mut previous, mut t) = (start_offset, from);
    while t < to {
        let next = t + Duration::days(1);
        if offset(next) != previous {
            let mut at = t;
            while offset(at + Duration::hours(1)) == previous {
                at += Duration::hours(1);
            }
            while offset(at) == previous {
                at += Duration::minutes(1);
            }
            let (now, name) = offset_at(at);
            changes.push((at, previous, now, name));
            previous = now;
        }
        t = next;
    }
    let standard = changes
        .iter()
        .map(|c| c.2)
        .chain([start_offset])
        .min()
        .unwrap_or(start_offset);
    let kind = |offset: i32| {
        if offset > standard {
            "DAYLIGHT"
        } else {
            "STANDARD"
        }
    };
    out.push_str(&observance(
        kind(start_offset),
        from + Duration::seconds(i64::from(start_offset)),
        start_offset,
        start_offset,
        &start_name,
    ));
    for (at, before, after, name) in changes {
        // DTSTART is the local time before the change.
        out.push_str(&observance(
            kind(after),
            at + Duration::seconds(i64::from(before)),
            before,
            after,
            &name,
        ));
    }
    out.push_str("END:VTIMEZONE\r\n");
    Some(out)
}
