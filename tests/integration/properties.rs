//! Properties that hold for any input (proptest): the front-matter splitter
//! never panics and its lines are the file's; every internal URL starts
//! with the base path; the CSV and iCalendar writers read back through an
//! independent parser.

use std::borrow::Cow;
use std::path::Path;

use proptest::prelude::*;
use rapporteur::exports::ical::{Calendar, Event, When};
use rapporteur::exports::write_csv;
use rapporteur::front_matter::split_front_matter;
use rapporteur::urls::{Route, Urls};

/// Strings with the characters that break formats: line breaks, controls,
/// quotes, separators, non-ASCII, and plain text.
fn messy() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("\r\n".to_string()),
            Just("\r".to_string()),
            Just("\n".to_string()),
            Just("---\n".to_string()),
            prop::sample::select(vec![
                "\t",
                "\u{0}",
                "\u{1b}",
                "\u{c}",
                ",",
                ";",
                "\\",
                "\"",
                "'",
                "=",
                "+",
                "-",
                "@",
                ":",
                "é",
                "Ω",
                "\u{202e}",
                "日本",
                " ",
                "END:VEVENT",
                "title: x",
            ])
            .prop_map(str::to_string),
            "[a-zA-Z0-9 ]{0,8}",
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn front_matter_split_never_panics_and_keeps_file_lines(bytes in prop::collection::vec(any::<u8>(), 0..300), text in messy()) {
        for input in [String::from_utf8_lossy(&bytes).into_owned(), format!("---\n{text}"), text.clone()] {
            let lines = input.matches('\n').count() + 1;
            match split_front_matter(&input, Path::new("x.md")) {
                Ok(split) => {
                    prop_assert!(input.ends_with(split.body));
                    prop_assert!(input.contains(split.yaml));
                    let before = &input[..input.len() - split.body.len()];
                    prop_assert_eq!(split.body_line, before.matches('\n').count() + 1);
                    prop_assert!(split.body_line <= lines + 1);
                }
                Err(d) => {
                    let line = d.location.unwrap().line.unwrap();
                    prop_assert!((1..=lines).contains(&line));
                }
            }
        }
    }

    #[test]
    fn every_internal_url_starts_with_the_base_path(
        base in prop::collection::vec("[a-z0-9é-]{1,6}", 0..3),
        segments in prop::collection::vec(".{0,12}", 0..4),
        written in messy(),
    ) {
        let base_url = format!("https://example.org/{}", base.join("/"));
        let urls = Urls::new(url::Url::parse(&base_url).unwrap());
        let safe: Vec<String> = segments.iter().map(|s| rapporteur::urls::segment(s)).collect();
        for s in &safe {
            prop_assert!(s.chars().all(|c| c.is_alphanumeric() || c == '-'));
            prop_assert!(!s.starts_with('-') && !s.ends_with('-'));
        }
        for route in [Route::page(&safe), Route::file(&segments.join("/")), Route::root()] {
            let link = urls.link(&route);
            prop_assert!(link.starts_with(urls.base_path()), "{} not under {}", link, urls.base_path());
            prop_assert!(!link.contains(|c: char| c.is_control() || c == ' ' || c == '"' || c == '<'));
            prop_assert!(urls.permalink(&route).starts_with(urls.base()));
        }
        // Root-relative links written in Markdown land under the base path too.
        let markdown = rapporteur::markdown::Markdown::new(&Default::default(), urls.clone());
        let body = format!("[a](/{}) ![b](/static/{})", written.replace(['(', ')', '\n', '\r', ' ', '<', '>'], ""), segments.join("/").replace(['(', ')', '\n', '\r', ' ', '<', '>', '[', ']'], ""));
        let html = markdown.render(&body, Path::new("content/x.md"), 1, &|_| None).html;
        for attr in ["href=\"", "src=\""] {
            for part in html.split(attr).skip(1) {
                let value = &part[..part.find('"').unwrap()];
                prop_assert!(value.starts_with(urls.base_path()), "{} in {}", value, html);
            }
        }
    }

    #[test]
    fn csv_reads_back_for_any_cells(rows in prop::collection::vec((messy(), messy()), 0..8)) {
        let mut out = Vec::new();
        write_csv(&mut out, &["a", "b"], rows.iter().map(|(a, b)| [Cow::Borrowed(a.as_str()), Cow::Borrowed(b.as_str())])).unwrap();
        let mut reader = csv::Reader::from_reader(out.as_slice());
        let back: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        prop_assert_eq!(back.len(), rows.len());
        for (read, (a, b)) in back.iter().zip(&rows) {
            for (cell, original) in read.iter().zip([a, b]) {
                let neutralised = original.starts_with(['=', '+', '-', '@', '\t', '\r']) && original.parse::<i64>().is_err();
                if neutralised {
                    prop_assert_eq!(cell, format!("'{original}"));
                } else {
                    prop_assert_eq!(cell, original.as_str());
                }
            }
        }
    }

    #[test]
    fn ical_reads_back_for_any_text(summary in messy(), description in messy(), name in messy()) {
        let at = chrono::NaiveDate::from_ymd_opt(2012, 6, 12).unwrap().and_hms_opt(9, 0, 0).unwrap();
        let calendar = Calendar {
            product: "-//test//EN".into(),
            name: &name,
            tzid: Some("Indian/Mauritius"),
            vtimezone: None,
            events: vec![Event {
                uid: "a@example.org".into(),
                stamp: at,
                start: When::Zoned(at),
                end: None,
                summary: &summary,
                description: Some(description.clone()),
                location: Some(name.clone()),
                url: Some(format!("https://example.org/{name}")),
            }],
        };
        let ics = calendar.to_ics();
        for line in ics.split_inclusive('\n') {
            prop_assert!(line.ends_with("\r\n"));
            prop_assert!(line.len() <= 77);
        }
        let unfolded = icalendar::parser::unfold(&ics);
        let parsed = icalendar::parser::read_calendar(&unfolded).unwrap();
        let events: Vec<_> = parsed.components.iter().filter(|c| c.name == "VEVENT").collect();
        prop_assert_eq!(events.len(), 1);
        // Values are read from the unfolded text: the parser's own
        // unescaping reads `\\n` (a backslash, then a line break) wrongly.
        let value = |name: &str| {
            unfolded
                .split("\r\n")
                .find_map(|l| l.strip_prefix(&format!("{name}:")))
                .map(rapporteur::exports::ical::read_text)
        };
        prop_assert_eq!(value("SUMMARY"), Some(expected(&summary)));
        prop_assert_eq!(value("DESCRIPTION"), Some(expected(&description)));
    }
}

/// A text value as it should read back: line breaks as `\n`, other
/// control characters gone.
fn expected(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect()
}
