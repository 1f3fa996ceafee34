//! Outcomes as data: JSON (with its schema), CSV, iCalendar, Atom, JSON-LD,
//! citations and the search index, read back with real parsers.

use std::path::Path;

use crate::support::SiteTest;

fn repo(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

/// Builds the example site into a temp dir; returns the dir.
fn build_example(extra: &[&str]) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("site");
    let mut args = vec!["build", "--root"];
    let root = repo("examples/demo-workshop");
    args.push(&root);
    let dir_s = dir.to_string_lossy().into_owned();
    args.extend(["--output-dir", &dir_s]);
    args.extend(extra);
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .args(&args)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

fn read(dir: &tempfile::TempDir, rel: &str) -> String {
    std::fs::read_to_string(dir.path().join("site").join(rel)).unwrap()
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
    let out = build_example(&[]);
    let json = validate_against_schema(&read(&out, "recommendations.json"));
    let items = json["items"].as_array().unwrap();
    assert!(items.len() >= 15);
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
            .starts_with("https://example.org/demo-workshop/recommendations/")
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
        "---\ntitle: \"Fund it, \\\"now\\\"\\nand later\"\nid: S1-R1\nsession: opening\naddressees: [Governments, GFMD Chair]\nthemes: [Data]\n---\nText, with a comma.\n",
    );
    t.build().assert_ok();
    let csv_text = t.read("recommendations.csv");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 1);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    assert_eq!(&rows[0][col("title")], "Fund it, \"now\"\nand later");
    assert_eq!(&rows[0][col("addressees")], "Governments; GFMD Chair");
    assert_eq!(&rows[0][col("session_slug")], "opening");
    assert!(csv_text.contains("\r\n"), "RFC 4180 line ends");
}

#[test]
fn programme_ics_parses_back_with_stable_uids_and_time_zone() {
    let out = build_example(&[]);
    let text = read(&out, "programme.ics");
    let unfolded = icalendar::parser::unfold(&text);
    let calendar = icalendar::parser::read_calendar(&unfolded).unwrap();
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .collect();
    assert!(events.len() >= 6, "{}", events.len());
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
        Some("session-opening.demo-workshop@example.org")
    );
    assert!(prop("URL").unwrap().ends_with("/sessions/opening/"));
    assert!(prop("LOCATION").unwrap().contains("Port Azure"));
    assert!(text.contains("DTSTART;TZID=Atlantic/Azores:20310310T090000"));
    // Stable: a second build writes the same calendar.
    let again = build_example(&[]);
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
    let out = build_example(&[]);
    let feed: atom_syndication::Feed = read(&out, "atom.xml").parse().unwrap();
    assert!(feed.entries().len() >= 17);
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
    let out = build_example(&[]);
    for page in [
        "index.html",
        "report/index.html",
        "sessions/opening/index.html",
    ] {
        let html = read(&out, page);
        assert!(
            html.contains("<link rel=\"canonical\" href=\"https://example.org/demo-workshop/"),
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
    let out = build_example(&[]);
    let report = read(&out, "report/index.html");
    assert!(report.contains("Cite this report"));
    assert!(report.contains(
        "(2031). Regional Workshop on Migration Data for Local Planning: report of the proceedings."
    ));
    let bib = read(&out, "report.bib");
    assert!(
        bib.starts_with("@misc{")
            && bib.contains("year = {2031}")
            && bib.contains("\\url{https://example.org/demo-workshop/report/}")
    );
    let json: serde_json::Value =
        serde_json::from_str(&read(&out, "recommendations.json")).unwrap();
    let slug_url = json["items"][0]["url"].as_str().unwrap();
    let rel = slug_url
        .strip_prefix("https://example.org/demo-workshop/")
        .unwrap();
    let outcome = read(&out, &format!("{rel}index.html"));
    assert!(outcome.contains("Cite this"));
    assert!(outcome.contains("/recommendations/#S2-F1"));
}

#[test]
fn search_index_links_outcomes_to_their_anchors() {
    let out = build_example(&[]);
    let index: serde_json::Value = serde_json::from_str(&read(&out, "search/index.json")).unwrap();
    let entries = index.as_array().unwrap();
    let outcome = entries
        .iter()
        .find(|e| e["k"].as_str().unwrap().ends_with("S3-R10"))
        .unwrap();
    assert_eq!(outcome["u"], "/demo-workshop/recommendations/#S3-R10");
    assert!(
        outcome["w"]
            .as_str()
            .unwrap()
            .split(' ')
            .any(|w| w == "s3-r10")
    );
    let page = read(&out, "search/index.html");
    assert!(page.contains("<noscript>") && page.contains("Search needs JavaScript"));
    assert!(page.contains("href=\"/demo-workshop/recommendations/\""));
}

#[test]
fn drafts_stay_out_of_every_export_unless_asked() {
    let t = SiteTest::new();
    t.write(
        "content/recommendations/d.md",
        "---\ntitle: Secret draft\nid: S1-R9\nsession: opening\ndraft: true\n---\nHidden words.\n",
    );
    t.build().assert_ok();
    for file in [
        "recommendations.json",
        "recommendations.csv",
        "atom.xml",
        "search/index.json",
        "sitemap.xml",
    ] {
        assert!(
            !t.read(file).contains("S1-R9") && !t.read(file).contains("Secret draft"),
            "{file}"
        );
    }
    t.run(&["build", "--drafts"]).assert_ok();
    for file in [
        "recommendations.json",
        "recommendations.csv",
        "atom.xml",
        "search/index.json",
    ] {
        assert!(
            t.read(file).contains("Secret draft"),
            "{file} with --drafts"
        );
    }
}

#[test]
fn the_bundled_site_writes_valid_empty_exports() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("site");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .args([
            "build",
            "--root",
            &repo(""),
            "--output-dir",
            dir.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json = validate_against_schema(&read(&out, "recommendations.json"));
    assert_eq!(json["count"], 0);
    let csv_text = read(&out, "recommendations.csv");
    assert_eq!(csv_text.lines().count(), 1, "header only");
    let ics = read(&out, "programme.ics");
    let unfolded = icalendar::parser::unfold(&ics);
    let calendar = icalendar::parser::read_calendar(&unfolded).unwrap();
    assert!(calendar.components.iter().all(|c| c.name != "VEVENT"));
    assert!(
        calendar.components.iter().any(|c| c.name == "VTIMEZONE"),
        "a calendar needs one component"
    );
    let _: atom_syndication::Feed = read(&out, "atom.xml").parse().unwrap();
}
