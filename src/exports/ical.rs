//! iCalendar (RFC 5545) text, written by hand because every field of a
//! calendar is content from a pull request: a title with a line break must
//! not become a second event.
//!
//! Text values are escaped as section 3.3.11 says (`\`, `;`, `,` and line
//! breaks), every other control character is dropped, and content lines are
//! folded at 75 octets without splitting a character (section 3.1). The
//! `exports` module fills the [`Calendar`]; this one only writes it.

use std::fmt::Write;

/// A date and time as a calendar property takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Local time in the calendar's time zone (`TZID`).
    Zoned(chrono::NaiveDateTime),
    /// Local time wherever the reader is (no time zone known).
    Floating(chrono::NaiveDateTime),
}

/// One `VEVENT`.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    pub uid: String,
    /// `DTSTAMP`, in UTC.
    pub stamp: chrono::NaiveDateTime,
    pub start: When,
    pub end: Option<When>,
    pub summary: &'a str,
    pub description: Option<String>,
    pub location: Option<String>,
    pub url: Option<String>,
}

/// A whole `VCALENDAR`.
#[derive(Debug, Clone)]
pub struct Calendar<'a> {
    /// `PRODID`, e.g. `-//rapporteur//0.1.0//EN`.
    pub product: String,
    /// The calendar's name (`NAME`, `X-WR-CALNAME`).
    pub name: &'a str,
    /// The IANA name of the time zone of [`When::Zoned`] times.
    pub tzid: Option<&'a str>,
    /// A `VTIMEZONE` block, already written (see [`content_line`]).
    pub vtimezone: Option<String>,
    pub events: Vec<Event<'a>>,
}

impl Calendar<'_> {
    /// The calendar as iCalendar text, with CRLF line ends.
    pub fn to_ics(&self) -> String {
        let mut out = String::with_capacity(256 + self.events.len() * 512);
        out.push_str("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
        content_line(&mut out, "PRODID", &text(&self.product));
        content_line(&mut out, "CALSCALE", "GREGORIAN");
        content_line(&mut out, "NAME", &text(self.name));
        content_line(&mut out, "X-WR-CALNAME", &text(self.name));
        if let Some(tzid) = self.tzid {
            content_line(&mut out, "X-WR-TIMEZONE", &text(tzid));
        }
        for e in &self.events {
            out.push_str("BEGIN:VEVENT\r\n");
            content_line(&mut out, "UID", &text(&e.uid));
            content_line(
                &mut out,
                "DTSTAMP",
                &format!("{}Z", e.stamp.format("%Y%m%dT%H%M%S")),
            );
            self.when(&mut out, "DTSTART", e.start);
            if let Some(end) = e.end {
                self.when(&mut out, "DTEND", end);
            }
            content_line(&mut out, "SUMMARY", &text(e.summary));
            if let Some(d) = &e.description {
                content_line(&mut out, "DESCRIPTION", &text(d));
            }
            if let Some(l) = &e.location {
                content_line(&mut out, "LOCATION", &text(l));
            }
            if let Some(u) = &e.url {
                content_line(&mut out, "URL", &uri(u));
            }
            out.push_str("END:VEVENT\r\n");
        }
        if let Some(block) = &self.vtimezone {
            out.push_str(block);
        }
        out.push_str("END:VCALENDAR\r\n");
        out
    }

    fn when(&self, out: &mut String, name: &str, when: When) {
        match (when, self.tzid) {
            (When::Zoned(t), Some(tzid)) => content_line(
                out,
                &format!("{name};TZID={}", param(tzid)),
                &t.format("%Y%m%dT%H%M%S").to_string(),
            ),
            (When::Zoned(t) | When::Floating(t), _) => {
                content_line(out, name, &t.format("%Y%m%dT%H%M%S").to_string())
            }
        }
    }
}

/// A TEXT value (RFC 5545, 3.3.11): backslash, semicolon, comma and line
/// breaks escaped; other control characters dropped.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                // CRLF and a lone CR are both one line break.
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Reads a TEXT value back: the inverse of [`text`] (for tests and tools
/// that read calendars; the icalendar crate's parser reads `\\n` wrongly).
pub fn read_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A URI value: controls, spaces and quotes are percent-encoded, so that the
/// value stays one value.
fn uri(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() || c == ' ' || c == '"' {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A parameter value: quoted when it holds `:`, `;` or `,`; controls and
/// double quotes (which a parameter cannot hold) dropped.
fn param(s: &str) -> String {
    let clean: String = s.chars().filter(|c| !c.is_control() && *c != '"').collect();
    if clean.contains([':', ';', ',']) {
        format!("\"{clean}\"")
    } else {
        clean
    }
}

/// Writes `NAME:VALUE` folded at 75 octets (a fold is CRLF and one space,
/// never inside a character), then CRLF. `value` must already be escaped.
pub fn content_line(out: &mut String, name: &str, value: &str) {
    const LIMIT: usize = 75;
    let line = format!("{name}:{value}");
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > LIMIT {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_start_a_new_property_or_event() {
        assert_eq!(
            text("a\r\nEND:VEVENT\rBEGIN:VEVENT\nb;c,d\\e\u{1b}\u{0}"),
            "a\\nEND:VEVENT\\nBEGIN:VEVENT\\nb\\;c\\,d\\\\e"
        );
    }

    #[test]
    fn text_reads_back() {
        let s = "a\\n; b, c\nd\\";
        assert_eq!(read_text(&text(s)), s);
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut out = String::new();
        let value = "é".repeat(100);
        content_line(&mut out, "SUMMARY", &value);
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{value}\r\n"));
    }
}
