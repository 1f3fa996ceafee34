//! An authoritative record: who publishes the site, where the record
//! stands, when each page last changed, and the printed report (PDF).

use std::process::Command;

use crate::support::{CONFIG, SiteTest, git};

#[test]
fn the_publisher_logo_favicon_preview_image_and_accent_are_shown() {
    let t = SiteTest::new();
    t.write(
        "config.yaml",
        &format!(
            "{CONFIG}publisher:\n  name: Forum Secretariat\n  url: https://forum.example.org/\nlogo: /emblem.png\nfavicon: /favicon.png\nsocial_image: /card.png\naccent_color: \"#1f4e79\"\n"
        ),
    );
    for f in ["static/emblem.png", "static/favicon.png", "static/card.png"] {
        t.write_bytes(f, b"\x89PNG\r\n\x1a\n");
    }
    t.build().assert_ok();
    let home = t.read("index.html");
    for needle in [
        "<a class=\"site-title\" href=\"/\"><img class=\"logo\" src=\"/emblem.png\" alt=\"\" height=\"48\"><span>Test Proceedings</span></a>",
        "<a href=\"https://forum.example.org/\">Forum Secretariat</a>",
        "<link rel=\"icon\" href=\"/favicon.png\">",
        "<meta property=\"og:image\" content=\"https://example.org/card.png\">",
        "<meta name=\"twitter:card\" content=\"summary_large_image\">",
        "--accent: #1f4e79;",
    ] {
        assert!(home.contains(needle), "{needle}");
    }
    // The accent never overrides the dark scheme's own, readable one.
    assert!(
        home.contains("@media not (prefers-color-scheme: dark) { :root { --accent: #1f4e79; } }")
    );
    // The site is cited by its publisher.
    assert!(
        t.read("report.bib")
            .contains("author = {{Forum Secretariat}}")
    );
}

#[test]
fn a_hard_to_read_accent_or_a_missing_image_is_an_error() {
    let t = SiteTest::new();
    t.write(
        "config.yaml",
        &format!("{CONFIG}accent_color: \"#8cc2ff\"\n"),
    );
    t.build()
        .assert_error("config.yaml:3:1: error: `#8cc2ff` has a contrast of 1.86:1 with white")
        .assert_error("WCAG AA asks for 4.5:1");
    t.write("config.yaml", &format!("{CONFIG}accent_color: blue\n"));
    t.build().assert_error("`blue` is not a colour");
    t.write(
        "config.yaml",
        &format!("{CONFIG}logo: /missing.png\nfavicon: /notes.txt\nsocial_image: https://cdn.example.org/x.png\n"),
    );
    t.write("static/notes.txt", "x");
    t.build()
        .assert_error("`logo`: no file `/missing.png`")
        .assert_error("`favicon` `/notes.txt` is not an image")
        .assert_error("`social_image` must be a file of the site, not an address");
}

#[test]
fn the_record_status_is_on_every_page_and_errata_on_the_report_and_feed() {
    let t = SiteTest::new();
    t.write(
        "config.yaml",
        &format!(
            "{CONFIG}record:\n  status: agreed\n  date: 2012-06-13\n  note: Agreed at the closing session.\nerrata:\n  - date: 2012-07-02\n    change: \"S2-R1: <b>typo</b> corrected.\"\n"
        ),
    );
    t.build().assert_ok();
    for page in [
        "index.html",
        "sessions/opening/index.html",
        "report/index.html",
    ] {
        let html = t.read(page);
        assert!(
            html.contains("<aside class=\"record record-agreed\" aria-label=\"Status of this record\"><div class=\"wrap\"><strong>Agreed</strong> · <time datetime=\"2012-06-13\">13 June 2012</time><span class=\"record-note\"> · Agreed at the closing session.</span></div></aside>"),
            "{page}"
        );
    }
    let report = t.read("report/index.html");
    assert!(report.contains("<h2>Errata</h2>"));
    assert!(report.contains("<time datetime=\"2012-07-02\">2 July 2012</time>: S2-R1: &lt;b&gt;typo&lt;/b&gt; corrected."));
    let feed: atom_syndication::Feed = t.read("atom.xml").parse().unwrap();
    let erratum = feed
        .entries()
        .iter()
        .find(|e| e.id().ends_with("/report/#erratum-1"))
        .unwrap();
    assert_eq!(erratum.updated().to_rfc3339(), "2012-07-02T00:00:00+00:00");
    t.write(
        "config.yaml",
        &format!("{CONFIG}record:\n  status: settled\n"),
    );
    t.build()
        .assert_error("`record.status`: unknown value `settled`")
        .assert_error("use one of `draft`, `agreed`, `final`");
}

#[test]
fn last_updated_comes_from_the_last_commit_and_is_left_out_without_history() {
    let t = SiteTest::new();
    t.write("content/about.md", "---\ntitle: About\n---\nText.\n");
    t.build().assert_ok();
    assert!(
        !t.read("about/index.html").contains("Last updated"),
        "no git, no date"
    );
    git(&t, &["init", "-q"], Some("2012-06-14T10:00:00Z"));
    git(&t, &["add", "-A"], Some("2012-06-14T10:00:00Z"));
    git(
        &t,
        &["commit", "-qm", "first"],
        Some("2012-06-14T10:00:00Z"),
    );
    t.write(
        "content/about.md",
        "---\ntitle: About\n---\nText, corrected.\n",
    );
    git(
        &t,
        &["commit", "-qam", "second"],
        Some("2012-07-01T09:00:00Z"),
    );
    t.build().assert_ok();
    assert!(t.read("about/index.html").contains(
        "<p class=\"updated\">Last updated: <time datetime=\"2012-07-01\">1 July 2012</time></p>"
    ));
    assert!(
        t.read("sessions/opening/index.html")
            .contains("<time datetime=\"2012-06-14\">14 June 2012</time>")
    );
    let sitemap = t.read("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/about/</loc><lastmod>2012-07-01</lastmod>"),
        "{sitemap}"
    );
    // The citation's year is the site's own: its last change.
    assert!(
        t.read("report/index.html")
            .contains("Test Proceedings (2012).")
    );
    // A shallow clone would date every file by its one commit: no dates.
    let clone = SiteTest::empty();
    let out = Command::new("git")
        .args(["clone", "-q", "--depth", "1"])
        .arg(format!("file://{}", t.root().display()))
        .arg(clone.path("site"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let run = clone.run_here(&["build", "--root", "site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let about = std::fs::read_to_string(clone.path("site/public/about/index.html")).unwrap();
    assert!(!about.contains("Last updated"));
}

/// The parts of a PDF's text this test reads (Typst writes them
/// uncompressed): page size, page count, bookmarks, tags.
fn pdf_facts(pdf: &[u8]) -> String {
    String::from_utf8_lossy(pdf).into_owned()
}

#[test]
fn the_report_pdf_is_a4_tagged_bookmarked_and_the_same_every_build() {
    let t = SiteTest::fixture("workshop");
    t.build().assert_ok();
    let first = std::fs::read(t.path("public/report.pdf")).expect("report.pdf is built");
    let text = pdf_facts(&first);
    assert!(first.starts_with(b"%PDF-"));
    assert!(text.contains("/MediaBox[0 0 595.2756 841.8898]"), "A4");
    assert!(text.contains("/Outlines"), "bookmarks");
    assert!(
        text.contains("/StructTreeRoot") && text.contains("/MarkInfo"),
        "tagged"
    );
    let pages = pdf_pages(&t);
    assert!(pages > 3, "{pages}");
    let report = t.read("report/index.html");
    assert!(
        report.contains(&format!("Download the report as PDF ({pages} pages, ")),
        "the report page links the PDF with its size"
    );
    // Byte-identical from one build to the next.
    std::fs::remove_dir_all(t.path("public")).unwrap();
    t.build().assert_ok();
    assert!(
        std::fs::read(t.path("public/report.pdf")).unwrap() == first,
        "reproducible"
    );
    // Letter when asked; none when turned off.
    let config = std::fs::read_to_string(t.path("config.yaml")).unwrap();
    t.write(
        "config.yaml",
        &format!("{config}report:\n  paper: letter\n"),
    );
    t.build().assert_ok();
    assert!(
        pdf_facts(&std::fs::read(t.path("public/report.pdf")).unwrap())
            .contains("/MediaBox[0 0 612 792]")
    );
    t.write("config.yaml", &format!("{config}report:\n  pdf: false\n"));
    t.build().assert_ok();
    assert!(!t.path("public/report.pdf").exists());
    assert!(
        !t.read("report/index.html")
            .contains("Download the report as PDF")
    );
}

#[test]
fn a_language_with_a_region_typesets_the_pdf_in_that_language() {
    let t = SiteTest::fixture("workshop");
    let config = std::fs::read_to_string(t.path("config.yaml")).unwrap();
    for (language, lang) in [("en-GB", "en-GB"), ("pt-BR", "pt-BR"), ("fr", "fr")] {
        t.write("config.yaml", &format!("{config}language: {language}\n"));
        t.build().assert_ok();
        let pdf = pdf_facts(&std::fs::read(t.path("public/report.pdf")).unwrap());
        assert!(pdf.contains(&format!("/Lang({lang})")), "{language}");
    }
}

#[test]
fn content_is_never_typst_markup() {
    let t = SiteTest::new();
    t.write(
        "content/recommendations/r.md",
        "---\ntitle: \"#read(\\\"/etc/passwd\\\") $x$ *b* <i>\"\nid: S1-R1\nsession: opening\n---\n#set page(width: 1cm)\n\n#import \"@preview/x:0.1.0\": *\n\n```\n#panic()\n```\n\n| a | #b |\n|---|---|\n| 1 |\n",
    );
    let run = t.build();
    run.assert_ok();
    let pdf = std::fs::read(t.path("public/report.pdf")).unwrap();
    let text = pdf_facts(&pdf);
    // Every page, the body's included, has the template's size.
    let boxes = text.matches("/MediaBox[").count();
    assert!(boxes > 1);
    assert_eq!(
        text.matches("/MediaBox[0 0 595.2756 841.8898]").count(),
        boxes,
        "the page size is the template's"
    );
}

#[test]
fn quotes_lists_and_emphasis_nested_thousands_deep_still_make_the_pdf() {
    let t = SiteTest::new();
    let quotes = format!("{} deep quote\n", ">".repeat(5_000));
    let lists: String = (0..120)
        .map(|i| format!("{}- level {i}\n", "  ".repeat(i)))
        .collect();
    let emphasis = format!("{}deep words{}", "*_".repeat(200), "_*".repeat(200));
    t.write(
        "content/recommendations/r.md",
        &format!(
            "---\ntitle: Deep\nid: S1-R1\nsession: opening\n---\n{quotes}\n{lists}\n{emphasis}\n"
        ),
    );
    t.build().assert_ok();
    assert!(t.path("public/report.pdf").exists());
}

#[test]
fn planned_facts_are_labelled_as_planned() {
    let t = SiteTest::new();
    t.write(
        "content/_index.md",
        "---\ntitle: W\nstart_date: 2012-06-12\nend_date: 2012-06-13\nvenue:\n  city: Port Louis\nco_chairs: [Switzerland]\nplanned: true\n---\n",
    );
    t.build().assert_ok();
    let home = t.read("index.html");
    assert!(home.contains("<dt>Dates (planned)</dt>"), "{home}");
    assert!(home.contains("<dt>Venue (planned)</dt>"));
    assert!(home.contains("<dt>Co-chairs (planned)</dt>"));
    assert!(home.contains("What each session was to cover"));
    assert!(
        t.read("report/index.html")
            .contains("As planned: 12–13 June 2012")
    );
}

#[test]
fn an_empty_calendar_is_neither_written_nor_offered() {
    let t = SiteTest::new();
    t.build().assert_ok();
    assert!(!t.path("public/programme.ics").exists());
    assert!(!t.read("index.html").contains("programme.ics"));
    t.write(
        "content/sessions/opening.md",
        "---\ntitle: Opening\norder: 1\ndate: 2012-06-12\nstart: \"09:00\"\n---\n",
    );
    t.build().assert_ok();
    assert!(t.read("index.html").contains("programme.ics"));
    assert!(t.read("programme.ics").contains("BEGIN:VEVENT"));
}

/// BibTeX reads `and` between authors; each body is kept whole in braces.
#[test]
fn several_authors_are_joined_by_and() {
    let t = SiteTest::new();
    t.write(
        "config.yaml",
        &format!("{CONFIG}citation:\n  author: [\"Swiss Agency for Development and Cooperation\", Government of Mauritius]\n  year: 2013\n"),
    );
    t.build().assert_ok();
    let bib = t.read("report.bib");
    assert!(
        bib.contains("author = {{Swiss Agency for Development and Cooperation} and {Government of Mauritius}},"),
        "{bib}"
    );
    assert!(bib.contains("year = {2013}"));
    let csl: serde_json::Value = serde_json::from_str(&t.read("report.csl.json")).unwrap();
    assert_eq!(csl[0]["author"][1]["literal"], "Government of Mauritius");
}

fn pdf_pages(t: &SiteTest) -> usize {
    let text = pdf_facts(&std::fs::read(t.path("public/report.pdf")).unwrap());
    text.split("/Type/Pages")
        .nth(1)
        .and_then(|rest| rest.split("/Count ").nth(1))
        .and_then(|n| n.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok())
        .unwrap()
}

/// The outcomes' texts are in the PDF in full: a long text takes pages.
#[test]
fn the_pdf_holds_the_texts_in_full() {
    let t = SiteTest::new();
    let outcome =
        |body: &str| format!("---\ntitle: Long\nid: S1-R1\nsession: opening\n---\n{body}");
    t.write("content/recommendations/r.md", &outcome("Short.\n"));
    t.build().assert_ok();
    let short = pdf_pages(&t);
    let long: String = (0..120)
        .map(|i| format!("Paragraph {i} of the agreed text, with *emphasis* and a [link](https://example.org/).\n\n"))
        .collect();
    t.write("content/recommendations/r.md", &outcome(&long));
    t.build().assert_ok();
    assert!(pdf_pages(&t) >= short + 2, "{short} -> {}", pdf_pages(&t));
}
