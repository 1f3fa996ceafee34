//! Any text in any field of a calendar: the file has exactly the events it
//! was given, each field reads back as written (less control characters),
//! and every line is CRLF-ended and at most 75 octets. The oracle is the
//! icalendar crate's parser, an implementation independent of the writer.
#![no_main]

use chrono::NaiveDate;
use icalendar::parser::{read_calendar, unfold};
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use rapporteur::exports::ical::{Calendar, Event, When};

#[derive(Arbitrary, Debug)]
struct Input {
    name: String,
    tzid: Option<String>,
    events: Vec<(String, Option<String>, Option<String>, Option<String>)>,
}

/// What a text field should read back as.
fn expected(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect()
}


fuzz_target!(|input: Input| {
    let at = NaiveDate::from_ymd_opt(2012, 6, 12).unwrap().and_hms_opt(9, 0, 0).unwrap();
    let events: Vec<Event> = input
        .events
        .iter()
        .take(20)
        .enumerate()
        .map(|(i, (summary, description, location, url))| Event {
            uid: format!("e{i}@example.org"),
            stamp: at,
            start: When::Zoned(at),
            end: None,
            summary,
            description: description.clone(),
            location: location.clone(),
            url: url.clone(),
        })
        .collect();
    let count = events.len();
    let calendar = Calendar {
        product: "-//rapporteur//fuzz//EN".into(),
        name: &input.name,
        tzid: input.tzid.as_deref(),
        vtimezone: None,
        events,
    };
    let ics = calendar.to_ics();
    for line in ics.split_inclusive('\n') {
        assert!(line.ends_with("\r\n"), "{line:?}");
        let body = &line[..line.len() - 2];
        assert!(!body.contains(['\r', '\n']), "{line:?}");
        assert!(body.len() <= 75, "{} octets: {line:?}", body.len());
    }
    let unfolded = unfold(&ics);
    let parsed = read_calendar(&unfolded).expect("the calendar parses");
    let vevents: Vec<_> = parsed.components.iter().filter(|c| c.name == "VEVENT").collect();
    assert_eq!(vevents.len(), count, "{ics}");
    // Values are read from the unfolded text: the parser's own unescaping
    // reads `\\n` (a backslash, then a line break) wrongly.
    let values = |name: &str| -> Vec<String> {
        unfolded
            .split("\r\n")
            .filter_map(|l| l.strip_prefix(&format!("{name}:")))
            .map(rapporteur::exports::ical::read_text)
            .collect()
    };
    assert_eq!(values("X-WR-CALNAME"), vec![expected(&input.name)]);
    let summaries: Vec<String> = input.events.iter().take(20).map(|e| expected(&e.0)).collect();
    assert_eq!(values("SUMMARY"), summaries);
});
