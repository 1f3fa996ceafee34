//! Outcomes as data: JSON (with its schema), CSV, iCalendar, Atom, JSON-LD,
//! citations and the search index, read back with real parsers.

use crate::support::SiteTest;

/// `tests/fixtures/workshop/` (under `/workshop/`, with a time zone, a
/// venue, two days of timed sessions and eleven outcomes), built.
fn build_workshop() -> SiteTest {
    let t = SiteTest::fixture("workshop");
    t.build().assert_ok();
    t
}

fn read(t: &SiteTest, rel: &str) -> String {
    t.read(rel)
}

fn validate_against_schema(json: &str) -> serde_json::Value {
    let schema: serde_json::Value =
        serde_json::from_str(rapporteur::exports::outcomes::SCHEMA).unwrap();
    let instance: serde_json::Value = serde_json::from_str(json).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    // The schema does reject what it should: an item without its id.
    let mut broken = instance.clone();
    broken["items"] = serde_json::json!([{"title": "no id"}]);
    assert!(
        !validator.is_valid(&broken),
        "the schema accepts an item without an id"
    );
    instance
}

#[test]
fn recommendations_json_validates_against_its_published_schema() {
    let out = build_workshop();
    let json = validate_against_schema(&read(&out, "recommendations.json"));
    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), 11);
    assert_eq!(json["count"], items.len());
    let r10 = items.iter().find(|i| i["id"] == "S3-R10").expect("S3-R10");
    assert!(
        r10["anchor_url"]
            .as_str()
            .unwrap()
            .ends_with("/recommendations/#S3-R10")
    );
    assert!(
        r10["url"]
            .as_str()
            .unwrap()
            .starts_with("https://example.org/workshop/recommendations/")
    );
    assert!(!r10["text"].as_str().unwrap().contains('<'));
    assert_eq!(
        read(&out, "recommendations.schema.json"),
        rapporteur::exports::outcomes::SCHEMA
    );
}

#[test]
fn csv_survives_commas_quotes_and_line_breaks() {
    let t = SiteTest::new();
    t.write(
        "content/recommendations/r.md",
        "---\ntitle: \"Fund it, \\\"now\\\"\\nand later\"\nid: S1-R1\nsession: opening\naddressees: [Governments, GFMD Chair, Côte d’Ivoire]\nthemes: [Data]\n---\nText, with a comma.\n",
    );
    t.build().assert_ok();
    let bytes = std::fs::read(t.path("public/recommendations.csv")).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBFid,"),
        "a UTF-8 byte order mark, for Windows spreadsheets"
    );
    let csv_text = t.read("recommendations.csv");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 1);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    assert_eq!(&rows[0][col("title")], "Fund it, \"now\"\nand later");
    assert_eq!(
        &rows[0][col("addressees")],
        "Governments; GFMD Chair; Côte d’Ivoire"
    );
    assert_eq!(&rows[0][col("session_slug")], "opening");
    assert_eq!(
        &rows[0][col("anchor_url")],
        "https://example.org/recommendations/#S1-R1"
    );
    assert!(csv_text.contains("\r\n"), "RFC 4180 line ends");
    t.write(
        "config.yaml",
        &format!("{}csv_bom: false\n", crate::support::CONFIG),
    );
    t.build().assert_ok();
    assert!(
        std::fs::read(t.path("public/recommendations.csv"))
            .unwrap()
            .starts_with(b"id,")
    );
}

#[test]
fn programme_ics_parses_back_with_stable_uids_and_time_zone() {
    let out = build_workshop();
    let text = read(&out, "programme.ics");
    let unfolded = icalendar::parser::unfold(&text);
    let calendar = icalendar::parser::read_calendar(&unfolded).unwrap();
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .collect();
    assert_eq!(events.len(), 4);
    assert!(calendar.components.iter().any(|c| c.name == "VTIMEZONE"));
    let first = events[0];
    let prop = |name: &str| {
        first
            .properties
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.val.to_string())
    };
    assert_eq!(
        prop("UID").as_deref(),
        Some("session-opening.workshop@example.org")
    );
    assert!(prop("URL").unwrap().ends_with("/sessions/opening/"));
    assert!(prop("LOCATION").unwrap().contains("Port Azure"));
    assert!(text.contains("DTSTART;TZID=Atlantic/Azores:20310310T090000"));
    assert!(text.contains("PRODID:-//rapporteur//"));
    // Stable: a second build writes the same calendar.
    let again = build_workshop();
    assert_eq!(read(&again, "programme.ics"), text);
}

#[test]
fn sessions_without_a_time_are_left_out_and_logged() {
    let t = SiteTest::new();
    t.write(
        "content/_index.md",
        "---\ntitle: W\nstart_date: 2012-06-12\ntimezone: Indian/Mauritius\n---\n",
    );
    t.write(
        "content/sessions/timed.md",
        "---\ntitle: Timed\norder: 2\ndate: 2012-06-12\nstart: \"09:00\"\n---\n",
    );
    let run = t.build();
    run.assert_ok();
    assert!(
        run.stderr.contains(
            "programme.ics: 1 session without a date and start time is left out: opening"
        ),
        "{}",
        run.stderr
    );
    let ics = t.read("programme.ics");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);
    assert!(ics.contains("DTSTART;TZID=Indian/Mauritius:20120612T090000"));
    assert!(ics.contains("TZOFFSETTO:+0400"));
}

#[test]
fn atom_feed_is_valid_and_newest_first() {
    let out = build_workshop();
    let feed: atom_syndication::Feed = read(&out, "atom.xml").parse().unwrap();
    // Dated outcomes and pages; S2-F1 has no date and no git history, so it
    // is left out rather than given the event's date.
    assert_eq!(feed.entries().len(), 11, "outcomes and pages");
    assert!(
        !feed
            .entries()
            .iter()
            .any(|e| e.title().as_str().starts_with("S2-F1"))
    );
    let dates: Vec<_> = feed.entries().iter().map(|e| *e.updated()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
    assert!(
        feed.links()
            .iter()
            .any(|l| l.rel() == "self" && l.href().ends_with("/atom.xml"))
    );
}

#[test]
fn json_ld_cannot_be_closed_by_a_field() {
    let t = SiteTest::new();
    t.write(
        "content/_index.md",
        "---\ntitle: \"</script><script>alert(1)</script> & <b>\"\nstart_date: 2012-06-12\n---\n",
    );
    t.build().assert_ok();
    let html = t.read("index.html");
    let start = html.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let end = start + html[start..].find("</script>").unwrap();
    let json = &html[start..end];
    assert!(
        !json.contains('<') && !json.contains('>') && !json.contains('&'),
        "{json}"
    );
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(value["@type"], "Event");
    assert_eq!(value["name"], "</script><script>alert(1)</script> & <b>");
    assert!(value["subEvent"].as_array().unwrap().len() == 1);
}

#[test]
fn every_page_has_canonical_and_open_graph_tags() {
    let out = build_workshop();
    for page in [
        "index.html",
        "report/index.html",
        "sessions/opening/index.html",
    ] {
        let html = read(&out, page);
        assert!(
            html.contains("<link rel=\"canonical\" href=\"https://example.org/workshop/"),
            "{page}"
        );
        assert!(html.contains("<meta property=\"og:title\""), "{page}");
        assert!(
            html.contains("<meta name=\"twitter:card\" content=\"summary\">"),
            "{page}"
        );
    }
}

#[test]
fn report_and_outcomes_can_be_cited() {
    let out = build_workshop();
    let report = read(&out, "report/index.html");
    assert!(report.contains("Cite this report"));
    // The site is cited as what it is, by its publisher (here the site,
    // none being set), never as the organisers' report.
    assert!(
        report.contains(
            "Workshop Proceedings (2031). Regional Workshop on Data: proceedings website."
        )
    );
    assert!(!report.contains("Planning Institute; Data Office ("));
    let bib = read(&out, "report.bib");
    assert!(
        bib.starts_with("@misc{")
            && bib.contains("year = {2031}")
            && bib.contains("\\url{https://example.org/workshop/report/}")
    );
    // One entry for the site, then one per outcome, citing its anchor.
    assert_eq!(bib.matches("@misc{").count(), 1 + 11, "{bib}");
    assert!(bib.contains("title = {{S2-F1: "), "{bib}");
    assert!(
        bib.contains("\\url{https://example.org/workshop/recommendations/\\#S2-F1}"),
        "{bib}"
    );
    let csl: serde_json::Value = serde_json::from_str(&read(&out, "report.csl.json")).unwrap();
    assert_eq!(csl[0]["type"], "webpage");
    assert_eq!(csl[0]["author"][0]["literal"], "Workshop Proceedings");
    assert_eq!(csl[0]["issued"]["date-parts"][0][0], 2031);
    assert_eq!(
        csl[1]["URL"],
        "https://example.org/workshop/recommendations/#S2-F1"
    );
    let json: serde_json::Value =
        serde_json::from_str(&read(&out, "recommendations.json")).unwrap();
    let slug_url = json["items"][0]["url"].as_str().unwrap();
    let rel = slug_url
        .strip_prefix("https://example.org/workshop/")
        .unwrap();
    let outcome = read(&out, &format!("{rel}index.html"));
    assert!(outcome.contains("Cite this"));
    assert!(outcome.contains("/recommendations/#S2-F1"));
}

#[test]
fn drafts_stay_out_of_every_export_unless_asked() {
    let t = SiteTest::new();
    t.write(
        "content/recommendations/d.md",
        "---\ntitle: Secret draft\nid: S1-R9\nsession: opening\ndraft: true\ndate: 2030-01-01\n---\nHidden words.\n",
    );
    t.build().assert_ok();
    for file in [
        "recommendations.json",
        "recommendations.csv",
        "atom.xml",
        "sitemap.xml",
    ] {
        assert!(
            !t.read(file).contains("S1-R9") && !t.read(file).contains("Secret draft"),
            "{file}"
        );
    }
    assert!(!search_files(&t).contains("Secret draft"));
    assert!(!search_files(&t).contains("hidden"));
    t.run(&["build", "--drafts"]).assert_ok();
    for file in ["recommendations.json", "recommendations.csv", "atom.xml"] {
        assert!(
            t.read(file).contains("Secret draft"),
            "{file} with --drafts"
        );
    }
    assert!(search_files(&t).contains("Secret draft"));
    assert!(search_files(&t).contains("hidden"));
}

/// Every file of the search index, one after the other.
pub fn search_files(t: &SiteTest) -> String {
    let mut all = String::new();
    for e in walkdir::WalkDir::new(t.path("public/search")).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "json") {
            all.push_str(&std::fs::read_to_string(e.path()).unwrap());
        }
    }
    all
}

#[test]
fn a_site_without_outcomes_writes_valid_empty_exports() {
    let t = SiteTest::fixture("no_outcomes");
    // Outcomes to come: the exports exist, empty, for readers' tools.
    t.write(
        "config.yaml",
        "title: Plans\nbase_url: https://example.org/plans/\noutcomes: true\n",
    );
    t.build().assert_ok();
    let json = validate_against_schema(&t.read("recommendations.json"));
    assert_eq!(json["count"], 0);
    let csv_text = t.read("recommendations.csv");
    assert_eq!(csv_text.lines().count(), 1, "header only");
    // No session has a time: no empty calendar is offered.
    assert!(!t.path("public/programme.ics").exists());
    let _: atom_syndication::Feed = t.read("atom.xml").parse().unwrap();
}

#[test]
fn a_conference_without_outcomes_writes_no_outcome_exports() {
    let t = SiteTest::fixture("no_outcomes");
    t.build().assert_ok();
    for file in [
        "recommendations.json",
        "recommendations.csv",
        "recommendations/index.html",
    ] {
        assert!(!t.path("public").join(file).exists(), "{file}");
    }
    for page in [
        "index.html",
        "sessions/opening/index.html",
        "search/index.html",
    ] {
        let html = t.read(page);
        assert!(!html.contains("recommendations"), "{page}: {html}");
        assert!(!html.contains("Outcomes"), "{page}: {html}");
    }
    assert!(
        !t.path("public/programme.ics").exists(),
        "no session has a time"
    );
    let _: atom_syndication::Feed = t.read("atom.xml").parse().unwrap();
}

/// The time zone of the calendar follows daylight saving time through the
/// event's year, and each event is stamped with its file's last change.
#[test]
fn programme_ics_has_daylight_saving_rules_and_stable_stamps() {
    let t = SiteTest::new();
    t.write(
        "content/_index.md",
        "---\ntitle: W\nstart_date: 2012-06-12\nend_date: 2012-06-13\ntimezone: Europe/Zurich\n---\n",
    );
    t.write(
        "content/sessions/opening.md",
        "---\ntitle: Opening\norder: 1\ndate: 2012-06-12\nstart: \"09:00\"\nend: \"10:00\"\nroom: Room B\n---\n",
    );
    t.build().assert_ok();
    let ics = t.read("programme.ics");
    let unfolded = icalendar::parser::unfold(&ics);
    let calendar = icalendar::parser::read_calendar(&unfolded).unwrap();
    let zone = calendar
        .components
        .iter()
        .find(|c| c.name == "VTIMEZONE")
        .unwrap();
    let observances: Vec<(String, String, String, String)> = zone
        .components
        .iter()
        .map(|o| {
            let p = |n: &str| {
                o.properties
                    .iter()
                    .find(|p| p.name == n)
                    .map(|p| p.val.to_string())
                    .unwrap_or_default()
            };
            (
                o.name.to_string(),
                p("DTSTART"),
                p("TZOFFSETFROM"),
                p("TZOFFSETTO"),
            )
        })
        .collect();
    let own = |a: &str, b: &str, c: &str, d: &str| {
        (a.to_string(), b.to_string(), c.to_string(), d.to_string())
    };
    assert_eq!(
        observances,
        vec![
            own("STANDARD", "20120101T010000", "+0100", "+0100"),
            own("DAYLIGHT", "20120325T020000", "+0100", "+0200"),
            own("STANDARD", "20121028T030000", "+0200", "+0100"),
        ]
    );
    assert!(ics.contains("PRODID:-//rapporteur//"));
    assert!(ics.contains("DTSTART;TZID=Europe/Zurich:20120612T090000"));
    assert!(ics.contains("LOCATION:Room B"), "{ics}");
    assert!(
        ics.contains("DTSTAMP:20120612T000000Z"),
        "the session's day without git history: {ics}"
    );
    // An end date in the year 9999 gives the rules of ten years, not of
    // eight thousand (which took every build a long scan).
    t.write(
        "content/_index.md",
        "---\ntitle: W\nstart_date: 2012-06-12\nend_date: 9999-12-31\ntimezone: Europe/Zurich\n---\n",
    );
    t.build().assert_ok();
    let ics = t.read("programme.ics");
    let years: Vec<&str> = ics
        .lines()
        .filter_map(|l| l.strip_prefix("DTSTART:"))
        .map(|d| &d[..4])
        .collect();
    assert_eq!(years.len(), 21, "{ics}");
    assert_eq!(years.last(), Some(&"2021"));
}

/// The home page's `Event` meets schema.org's expectations: name, dates
/// as ISO 8601, a location, status and attendance mode from schema.org's
/// lists; sub-events carry only what is known.
#[test]
fn json_ld_event_has_status_mode_and_only_known_fields() {
    let t = SiteTest::new();
    t.write(
        "content/_index.md",
        "---\ntitle: W\nstart_date: 2012-06-12\nend_date: 2012-06-13\ntimezone: Indian/Mauritius\nvenue:\n  name: Hotel\n  city: Port Louis\n  country: Mauritius\nstatus: postponed\n---\n",
    );
    t.write(
        "content/sessions/timed.md",
        "---\ntitle: Timed\norder: 2\ndate: 2012-06-12\nstart: \"09:00\"\nend: \"10:00\"\n---\n",
    );
    t.build().assert_ok();
    let html = t.read("index.html");
    let start = html.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let end = start + html[start..].find("</script>").unwrap();
    let e: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
    assert_eq!(e["@context"], "https://schema.org");
    assert_eq!(e["@type"], "Event");
    assert!(e["name"].is_string());
    assert_eq!(e["startDate"], "2012-06-12");
    assert_eq!(e["endDate"], "2012-06-13");
    assert_eq!(e["eventStatus"], "https://schema.org/EventPostponed");
    assert_eq!(
        e["eventAttendanceMode"],
        "https://schema.org/OfflineEventAttendanceMode"
    );
    assert_eq!(e["location"]["@type"], "Place");
    assert_eq!(e["location"]["address"]["addressLocality"], "Port Louis");
    let subs = e["subEvent"].as_array().unwrap();
    let by_name = |n: &str| subs.iter().find(|s| s["name"] == n).unwrap();
    let timed = by_name("Timed");
    assert_eq!(timed["startDate"], "2012-06-12T09:00:00+04:00");
    assert_eq!(timed["endDate"], "2012-06-12T10:00:00+04:00");
    // The opening session has no date: no date is made up for it.
    let opening = by_name("Opening");
    let keys: Vec<&str> = opening
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["@type", "name", "url"], "{opening}");
    for s in subs {
        assert_eq!(s["@type"], "Event");
        assert!(
            s["url"]
                .as_str()
                .unwrap()
                .starts_with("https://example.org/sessions/")
        );
    }
}

/// The programme for conference apps: `schedule.json` meets the schedule
/// format's requirements (tests/schemas/schedule.schema.json restates
/// them), `schedule.xml` has what the format's XSD requires, and both say
/// the same; the programme page links them.
#[test]
fn schedule_json_and_xml_for_conference_apps() {
    let t = SiteTest::fixture("conference");
    t.build().assert_ok();
    let json: serde_json::Value = serde_json::from_str(&t.read("schedule.json")).unwrap();
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../schemas/schedule.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let conference = &json["schedule"]["conference"];
    let days = conference["days"].as_array().unwrap();
    assert_eq!(conference["daysCount"], days.len());
    let json_events: Vec<&serde_json::Value> = days
        .iter()
        .flat_map(|d| d["rooms"].as_object().unwrap().values())
        .flat_map(|events| events.as_array().unwrap())
        .collect();
    assert!(!json_events.is_empty());
    // Talks carry their speakers and files.
    assert!(
        json_events
            .iter()
            .any(|e| e["type"] == "talk" && !e["persons"].as_array().unwrap().is_empty())
    );

    let xml = t.read("schedule.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "schedule");
    fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
        n.children().find(|c| c.has_tag_name(name))
    }
    assert!(child(root, "version").is_some());
    let conf = child(root, "conference").unwrap();
    let acronym = child(conf, "acronym").unwrap().text().unwrap();
    assert!(
        acronym.len() >= 4
            && acronym
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
    );
    let tz_pattern =
        |s: &str| s.len() == 25 && (s.ends_with("Z") || s[19..].starts_with(['+', '-']));
    let mut xml_events = 0;
    for day in root.children().filter(|c| c.has_tag_name("day")) {
        for attr in ["index", "date", "start", "end"] {
            assert!(day.attribute(attr).is_some(), "day@{attr}");
        }
        assert!(tz_pattern(day.attribute("start").unwrap()));
        for room in day.children().filter(|c| c.has_tag_name("room")) {
            assert!(room.attribute("name").is_some());
            for event in room.children().filter(|c| c.has_tag_name("event")) {
                xml_events += 1;
                assert!(event.attribute("id").unwrap().parse::<u32>().unwrap() > 0);
                assert_eq!(event.attribute("guid").unwrap().len(), 36);
                for required in [
                    "room", "title", "type", "date", "start", "duration", "abstract", "track",
                ] {
                    assert!(child(event, required).is_some(), "event/{required}");
                }
                assert!(tz_pattern(child(event, "date").unwrap().text().unwrap()));
                let duration = child(event, "duration").unwrap().text().unwrap();
                assert!(
                    duration.len() == 5 && duration.as_bytes()[2] == b':',
                    "{duration}"
                );
            }
        }
    }
    assert_eq!(xml_events, json_events.len(), "the same events in both");
    let programme = t.read("programme/index.html");
    assert!(
        programme.contains("<a href=\"/conf/schedule.xml\">schedule.xml</a>"),
        "linked from the programme"
    );
}
