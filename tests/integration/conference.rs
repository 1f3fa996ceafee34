//! A conference: rooms, parallel sessions, breaks, timed talks, posters,
//! online and hybrid sessions, and no outcomes (`tests/fixtures/conference`).

use crate::support::{SiteTest, main_of};

/// The text between `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in:\n{text}"));
    let rest = &text[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

fn built() -> SiteTest {
    let t = SiteTest::fixture("conference");
    t.build().assert_ok();
    t
}

#[test]
fn parallel_sessions_stand_side_by_side_by_room() {
    let t = built();
    let programme = t.read("programme/index.html");
    let main = main_of(&programme);
    let slot = between(main, "<li class=\"slot parallel rooms-3\">", "</li>\n");
    assert!(slot.contains("<p class=\"time\">10:15–12:00</p>"), "{slot}");
    let rooms: Vec<usize> = ["Room A", "Room B", "Room C"]
        .iter()
        .map(|r| slot.find(&format!("<p class=\"room\">{r}</p>")).expect(r))
        .collect();
    assert!(rooms[0] < rooms[1] && rooms[1] < rooms[2], "{slot}");
    for s in [
        "/conf/sessions/data/",
        "/conf/sessions/computation/",
        "/conf/sessions/policy/",
    ] {
        assert!(slot.contains(s), "{s} in the parallel slot: {slot}");
    }
    // Each session keeps its own time beside the slot's.
    assert!(slot.contains("10:30–12:00"), "{slot}");
    // The plenaries are slots of their own, not parallel.
    let keynote = between(main, "<p class=\"time\">09:00–09:45</p>", "</li>");
    assert!(keynote.contains("Main hall") && !keynote.contains("class=\"room\""));
    assert_eq!(main.matches("class=\"slot parallel").count(), 1, "{main}");
}

#[test]
fn each_day_has_its_weekday_and_the_time_zone_is_named_once() {
    let t = built();
    let programme = t.read("programme/index.html");
    let main = main_of(&programme);
    assert!(
        main.contains("<h2 id=\"day-1\">Thursday 18 September 2025</h2>"),
        "{main}"
    );
    assert_eq!(main.matches("Europe/Lisbon").count(), 1, "{main}");
    assert!(
        main.contains("Times are in Europe/Lisbon time (UTC+01:00)."),
        "{main}"
    );
}

#[test]
fn breaks_are_in_the_timetable_without_a_page_of_their_own() {
    let t = built();
    let programme = t.read("programme/index.html");
    let slot = between(main_of(&programme), "<li class=\"slot break\">", "</li>");
    assert!(
        slot.contains("09:45–10:15") && slot.contains("Coffee break"),
        "{slot}"
    );
    assert!(!slot.contains("href"), "a break links nowhere: {slot}");
    assert!(!t.path("public/sessions/coffee").exists());
    for file in ["sessions/index.html", "sitemap.xml", "programme.ics"] {
        assert!(!t.read(file).contains("coffee"), "{file}");
    }
    assert!(
        !crate::exports::search_files(&t)
            .to_lowercase()
            .contains("coffee")
    );
    // The pager steps over the break.
    let keynote = t.read("sessions/keynote/index.html");
    assert!(
        main_of(&keynote).contains("<a rel=\"next\" href=\"/conf/sessions/data/\">"),
        "{keynote}"
    );
    // Breaks do not count as sessions.
    assert!(t.read("index.html").contains("5 sessions, in order"));
}

#[test]
fn without_order_the_programme_follows_date_start_and_room() {
    let t = built();
    let sessions = t.read("sessions/index.html");
    let at = |slug: &str| {
        sessions
            .find(&format!("/conf/sessions/{slug}/"))
            .unwrap_or_else(|| panic!("{slug}"))
    };
    let order = ["keynote", "data", "computation", "policy", "closing"].map(at);
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{sessions}");
}

#[test]
fn a_session_without_order_needs_a_date_and_start() {
    let t = SiteTest::new();
    t.write("content/sessions/loose.md", "---\ntitle: Loose\n---\n");
    t.build()
        .assert_error("content/sessions/loose.md:1:1: error: missing required key `order`")
        .assert_error("or give the session a `date` and a `start`");
}

#[test]
fn an_hour_of_one_digit_is_read_as_two() {
    let t = built();
    let keynote = t.read("sessions/keynote/index.html");
    assert!(
        main_of(&keynote).contains("18 September 2025, 09:00–09:45"),
        "{keynote}"
    );
    assert!(
        t.read("programme.ics")
            .contains("DTSTART;TZID=Europe/Lisbon:20250918T090000")
    );
}

#[test]
fn a_talk_carries_its_time_paper_video_and_doi() {
    let t = built();
    let page = t.read("presentations/budgets/index.html");
    let main = main_of(&page);
    assert!(
        main.contains("<dd>18 September 2025, 10:15–10:35</dd>"),
        "{main}"
    );
    assert!(
        main.contains(
            "<a href=\"/conf/presentations/papers/budgets.pdf\">Download the paper (19 bytes)</a>"
        ),
        "{main}"
    );
    assert!(t.path("public/presentations/papers/budgets.pdf").is_file());
    assert!(
        main.contains("<a href=\"https://video.example.org/budgets\">"),
        "{main}"
    );
    assert!(
        main.contains("<a href=\"https://doi.org/10.5555/12345\">10.5555/12345</a>"),
        "{main}"
    );
    // The session and the programme list the talk with its time.
    let session = t.read("sessions/data/index.html");
    assert!(
        main_of(&session).contains("<span class=\"time\">10:15–10:35</span>"),
        "{session}"
    );
}

#[test]
fn a_talk_without_a_session_is_a_poster_listed_and_in_the_report() {
    let t = built();
    let listing = t.read("presentations/index.html");
    let posters = between(main_of(&listing), "<h2 id=\"posters\">", "</section>");
    assert!(
        posters.contains("Posters and other contributions"),
        "{posters}"
    );
    assert!(posters.contains("/conf/presentations/poster/"), "{posters}");
    let report = t.read("report/index.html");
    let section = between(&report, "<section id=\"posters\"", "</section>");
    assert!(section.contains("A poster on open registers"), "{section}");
    let page = t.read("presentations/poster/index.html");
    assert!(
        main_of(&page)
            .contains("<a href=\"/conf/presentations/#posters\">Poster or other contribution</a>"),
        "{page}"
    );
}

#[test]
fn affiliation_is_read_as_the_organization() {
    let t = built();
    let page = t.read("presentations/budgets/index.html");
    assert!(
        main_of(&page).contains("Ana Lima</span>, University of Porto (PT)"),
        "{page}"
    );
}

#[test]
fn affiliation_and_organization_together_are_an_error() {
    let t = SiteTest::new();
    t.write(
        "content/presentations/x.md",
        "---\ntitle: X\nsession: opening\npresenters:\n  - name: Ana\n    organization: IOM\n    affiliation: UN\n---\n",
    );
    t.build()
        .assert_error("content/presentations/x.md:5:")
        .assert_error("`organization` and `affiliation` name the same thing");
}

#[test]
fn a_site_without_outcomes_says_nothing_of_them_nor_of_unknowns() {
    let t = built();
    for e in walkdir::WalkDir::new(t.path("public")) {
        let e = e.unwrap();
        let name = e.path().to_string_lossy().to_string();
        if !name.ends_with(".html") {
            continue;
        }
        let html = std::fs::read_to_string(e.path()).unwrap();
        for word in [
            "Not yet published",
            "Outcomes",
            "recommendations",
            "Facilitation",
            "Rapporteurs",
        ] {
            assert!(!html.contains(word), "{name} says {word:?}");
        }
    }
    assert!(!t.path("public/recommendations.json").exists());
}

#[test]
fn online_and_hybrid_sessions_reach_the_pages_the_calendar_and_json_ld() {
    let t = built();
    let home = t.read("index.html");
    assert!(
        main_of(&home)
            .contains("In person and online: <a href=\"https://stream.example.org/live\">join</a>"),
        "{home}"
    );
    // The programme names a session's mode only where it differs.
    let programme = t.read("programme/index.html");
    assert_eq!(
        main_of(&programme).matches("class=\"online\"").count(),
        1,
        "{programme}"
    );
    assert!(
        programme.contains("Online only: <a href=\"https://meet.example.org/policy\">join</a>")
    );

    let ics = t.read("programme.ics");
    let unfolded = icalendar::parser::unfold(&ics);
    let calendar = icalendar::parser::read_calendar(&unfolded).unwrap();
    let event = |summary: &str| {
        calendar
            .components
            .iter()
            .find(|c| {
                c.find_prop("SUMMARY")
                    .is_some_and(|p| p.val.as_str() == summary)
            })
            .unwrap_or_else(|| panic!("no {summary}"))
    };
    let prop =
        |c: &icalendar::parser::Component, name: &str| c.find_prop(name).map(|p| p.val.to_string());
    let data = event("Data session");
    assert_eq!(
        prop(data, "LOCATION").as_deref(),
        Some("Room A, Congress Hall, Porto, PT")
    );
    assert_eq!(
        prop(data, "URL").as_deref(),
        Some("https://example.org/conf/sessions/data/")
    );
    assert!(
        prop(data, "DESCRIPTION")
            .unwrap()
            .contains("https://stream.example.org/live")
    );
    let policy = event("Policy session");
    assert_eq!(
        prop(policy, "LOCATION").as_deref(),
        Some("https://meet.example.org/policy")
    );
    assert_eq!(
        prop(policy, "URL").as_deref(),
        Some("https://meet.example.org/policy")
    );
    assert!(!ics.contains("LOCATION:\r\n"), "no empty LOCATION");

    let json = between(&home, "<script type=\"application/ld+json\">", "</script>");
    let json: serde_json::Value =
        serde_json::from_str(&json["<script type=\"application/ld+json\">".len()..]).unwrap();
    assert_eq!(
        json["eventAttendanceMode"],
        "https://schema.org/MixedEventAttendanceMode"
    );
    assert_eq!(json["location"][0]["name"], "Congress Hall");
    assert_eq!(json["location"][1]["@type"], "VirtualLocation");
    assert_eq!(
        json["location"][1]["url"],
        "https://stream.example.org/live"
    );
    let sub = json["subEvent"].as_array().unwrap();
    assert_eq!(sub.len(), 5, "breaks are no sub-events");
    assert_eq!(sub[1]["location"]["name"], "Room A");
    assert_eq!(sub[3]["location"]["@type"], "VirtualLocation");
    assert_eq!(
        sub[3]["eventAttendanceMode"],
        "https://schema.org/OnlineEventAttendanceMode"
    );
}

#[test]
fn an_online_event_has_no_postal_address_and_no_empty_location() {
    let t = SiteTest::new();
    t.write(
        "content/_index.md",
        "---\ntitle: Webinar\nstart_date: 2012-06-12\nattendance: online\njoin_url: https://meet.example.org/w\ntimezone: UTC\nvenue:\n  city: Geneva\n---\n",
    );
    t.write(
        "content/sessions/opening.md",
        "---\ntitle: Opening\ndate: 2012-06-12\nstart: \"10:00\"\n---\n",
    );
    t.build().assert_ok();
    let home = t.read("index.html");
    assert!(!home.contains("PostalAddress") && !home.contains("OfflineEventAttendanceMode"));
    assert!(home.contains("OnlineEventAttendanceMode"));
    assert!(
        !main_of(&home).contains("venue"),
        "an online event has no venue to miss"
    );
    let ics = t.read("programme.ics");
    assert!(ics.contains("LOCATION:https://meet.example.org/w"), "{ics}");
    assert!(ics.contains("URL:https://meet.example.org/w"), "{ics}");
}

#[test]
fn body_headings_are_shifted_so_no_level_is_skipped() {
    let t = built();
    let page = t.read("presentations/budgets/index.html");
    let main = main_of(&page);
    assert!(main.contains("<h2 id=\"method\">Method</h2>"), "{main}");
    assert!(main.contains("<h3 id=\"detail\">Detail</h3>"), "{main}");
    assert!(!main.contains("<h4"), "{main}");
}

#[test]
fn math_becomes_mathml_and_dollar_amounts_stay_text() {
    let t = built();
    let sums = t.read("presentations/sums/index.html");
    let main = main_of(&sums);
    assert!(
        main.contains("<math display=\"inline\"><msub><mi>P</mi><mi>N</mi></msub>"),
        "{main}"
    );
    assert!(main.contains("<math display=\"block\">"), "{main}");
    assert!(!main.contains('$'), "{main}");
    assert!(!sums.contains("<script"), "no JavaScript for math");
    let budgets = t.read("presentations/budgets/index.html");
    assert!(
        main_of(&budgets).contains("<td>$19,000</td>\n<td>$9,000</td>"),
        "{budgets}"
    );
    assert!(!budgets.contains("<math"), "{budgets}");
}

#[test]
fn emoji_shortcodes_are_rendered() {
    let t = built();
    let sums = t.read("presentations/sums/index.html");
    assert!(main_of(&sums).contains("✔️"), "{sums}");
    assert!(!sums.contains(":heavy_check_mark:"));
}

#[test]
fn a_summary_over_several_lines_is_markdown_on_the_page_and_one_line_elsewhere() {
    let t = built();
    let page = t.read("sessions/keynote/index.html");
    assert!(
        main_of(&page)
            .contains("<div class=\"summary\"><p>Two questions:</p>\n<ul>\n<li>what to count</li>"),
        "{page}"
    );
    let description = between(&page, "<meta name=\"description\" content=\"", "\">");
    assert!(!description.contains('\n'), "{description}");
    assert!(
        description.contains("Two questions: - what to count - whom to ask"),
        "{description}"
    );
    let ics = t.read("programme.ics");
    assert!(
        ics.contains("DESCRIPTION:Two questions: - what to count - whom to ask"),
        "{ics}"
    );
}

#[test]
fn themes_whose_slugs_collide_are_an_error_naming_both() {
    let t = SiteTest::new();
    t.write(
        "content/sessions/opening.md",
        "---\ntitle: Opening\norder: 1\nthemes: [C++]\n---\n",
    );
    t.write(
        "content/sessions/second.md",
        "---\ntitle: Second\norder: 2\nthemes:\n  - C#\n---\n",
    );
    t.build()
        .assert_error("content/sessions/opening.md:4:1: error: theme `C++` would share a page (`c`) with `C#` of `content/sessions/second.md`")
        .assert_error("spell both the same way if they are one theme, or rename one");
    // The same spelling twice is one theme, as before.
    t.write(
        "content/sessions/second.md",
        "---\ntitle: Second\norder: 2\nthemes: [C++]\n---\n",
    );
    t.build().assert_ok();
}

#[test]
fn addressees_whose_slugs_collide_are_an_error() {
    let t = SiteTest::new();
    t.write(
        "content/recommendations/a.md",
        "---\ntitle: A\nid: S1-R1\nsession: opening\naddressees: [Data/Analysis]\n---\n",
    );
    t.write(
        "content/recommendations/b.md",
        "---\ntitle: B\nid: S1-R2\nsession: opening\naddressees: [data analysis]\n---\n",
    );
    t.build().assert_error(
        "addressee `data analysis` would share a page (`data-analysis`) with `Data/Analysis`",
    );
}

#[test]
fn two_talks_with_one_order_in_a_session_are_an_error() {
    let t = SiteTest::new();
    t.write(
        "content/presentations/a.md",
        "---\ntitle: A\nsession: opening\norder: 1\n---\n",
    );
    t.write(
        "content/presentations/b.md",
        "---\ntitle: B\nsession: opening\norder: 1\n---\n",
    );
    t.build()
        .assert_error("content/presentations/b.md:4:")
        .assert_error(
            "`order: 1` is also used by `content/presentations/a.md` in the same session",
        );
}

#[test]
fn a_file_name_with_accents_gets_a_transliterated_hint() {
    let t = SiteTest::new();
    t.write(
        "content/presentations/klöwer-talk.md",
        "---\ntitle: K\nsession: opening\n---\n",
    );
    t.build()
        .assert_error("`klöwer-talk` is not a valid slug")
        .assert_error("rename the file to `klower-talk.md`");
}

#[test]
fn outcomes_false_with_outcome_files_is_an_error() {
    let t = SiteTest::new();
    t.write(
        "config.yaml",
        "title: T\nbase_url: https://example.org/\noutcomes: false\n",
    );
    t.write(
        "content/recommendations/r.md",
        "---\ntitle: R\nid: S1-R1\nsession: opening\ndraft: true\n---\n",
    );
    t.build()
        .assert_error("content/recommendations/r.md: error: config.yaml says `outcomes: false`");
}
