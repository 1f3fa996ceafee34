//! Successful builds: pages written, content escaped, output deterministic.

use crate::support::{SiteTest, main_of};

/// A site with one of everything: `tests/fixtures/full_site/`.
fn full_site() -> SiteTest {
    SiteTest::fixture("full_site")
}

#[test]
fn writes_every_page_type() {
    let t = full_site();
    t.build().assert_ok();
    for page in [
        "index.html",
        "programme/index.html",
        "sessions/index.html",
        "sessions/data/index.html",
        "presentations/index.html",
        "presentations/talk/index.html",
        "recommendations/index.html",
        "recommendations/s2-r1/index.html",
        "recommendations/to/governments/index.html",
        "themes/index.html",
        "themes/data/index.html",
        "themes/cms-other/index.html",
        "report/index.html",
        "about/index.html",
        "404.html",
        ".nojekyll",
        "sitemap.xml",
        "robots.txt",
        "style.css",
        "highlight.css",
        "map.png",
        "presentations/slides/talk.pdf",
    ] {
        assert!(t.path("public").join(page).is_file(), "missing {page}");
    }
    assert!(!t.path("public/CNAME").exists());
}

#[test]
fn recommendations_page_anchors_each_outcome_by_id_in_programme_order() {
    let t = full_site();
    t.build().assert_ok();
    let html = t.read("recommendations/index.html");
    let main = main_of(&html);
    let r1 = main.find("id=\"S2-R1\"").expect("anchor S2-R1");
    let r2 = main.find("id=\"S2-R2\"").expect("anchor S2-R2");
    let r10 = main.find("id=\"S2-R10\"").expect("anchor S2-R10");
    assert!(r1 < r2 && r2 < r10, "natural id order");
}

#[test]
fn session_page_lists_roles_presentations_and_outcomes() {
    let t = full_site();
    t.build().assert_ok();
    let html = t.read("sessions/data/index.html");
    let main = main_of(&html);
    assert!(main.contains("Ana Lima"));
    assert!(main.contains("(no)"), "country code stays a string");
    assert!(main.contains("11:00–12:30"));
    assert!(main.contains("/presentations/talk/"));
    assert!(main.contains("id=\"S2-R1\""));
    assert!(main.contains("<h2 id=\"discussion\">Discussion</h2>"));
    let talk = t.read("presentations/talk/index.html");
    assert!(main_of(&talk).contains("/presentations/slides/talk.pdf"));
    assert!(main_of(&talk).contains("13 bytes"), "slides size shown");
}

#[test]
fn programme_groups_sessions_by_day_in_order() {
    let t = full_site();
    t.build().assert_ok();
    let html = t.read("programme/index.html");
    let main = main_of(&html);
    assert!(main.contains("Date not yet published"));
    assert!(main.contains("12 June 2012"));
    assert!(main.find("Opening").unwrap() < main.find("Data for planning").unwrap());
}

#[test]
fn the_report_groups_its_programme_by_day() {
    let t = full_site();
    t.build().assert_ok();
    let html = t.read("report/index.html");
    let programme = &html[html.find("<section id=\"programme\"").unwrap()..];
    let programme = &programme[..programme.find("</section>").unwrap()];
    assert_eq!(
        programme
            .matches("<ol class=\"programme compact\">")
            .count(),
        2,
        "one list per day:\n{programme}"
    );
    assert_eq!(programme.matches("</ol>").count(), 2);
    let undated = programme.find("<h3>Date not yet published</h3>").unwrap();
    let opening = programme.find("#session-opening").unwrap();
    let day = programme.find("<h3>Tuesday 12 June 2012</h3>").unwrap();
    let data = programme.find("#session-data").unwrap();
    assert!(
        undated < opening && opening < day && day < data,
        "{programme}"
    );
}

#[test]
fn outcome_listings_show_full_texts_up_to_the_limit() {
    let text = "Governments should use it.";
    // Three outcomes, default limit (200): every listing has the texts.
    let t = full_site();
    t.build().assert_ok();
    for page in [
        "recommendations/index.html",
        "recommendations/to/governments/index.html",
    ] {
        let html = t.read(page);
        assert!(main_of(&html).contains(text), "{page} shows the text");
        assert!(!main_of(&html).contains("class=\"note\""), "{page}");
    }

    // Above `listings.full_text_limit`: summaries and links, same anchors;
    // the report and the session and outcome pages keep the texts.
    let t = full_site();
    t.write(
        "config.yaml",
        &format!(
            "{}listings:\n  full_text_limit: 2\n",
            crate::support::CONFIG
        ),
    );
    t.build().assert_ok();
    for page in [
        "recommendations/index.html",
        "recommendations/to/governments/index.html",
    ] {
        let html = t.read(page);
        let main = main_of(&html);
        assert!(!main.contains(text), "{page} leaves the text out");
        assert!(main.contains("id=\"S2-R1\""), "{page} keeps the anchor");
        assert!(
            main.contains("href=\"/recommendations/s2-r1/\">Full text of S2-R1</a>"),
            "{page} links to the text:\n{main}"
        );
        assert!(main.contains("class=\"note\""), "{page} says why");
    }
    for page in [
        "report/index.html",
        "sessions/data/index.html",
        "recommendations/s2-r1/index.html",
    ] {
        assert!(
            main_of(&t.read(page)).contains(text),
            "{page} shows the text"
        );
    }
}

#[test]
fn listings_limit_is_checked_like_every_config_key() {
    let t = SiteTest::new();
    t.write(
        "config.yaml",
        &format!("{}listings:\n  full_text_limt: 2\n", crate::support::CONFIG),
    );
    t.build()
        .assert_error("config.yaml:4:")
        .assert_error("full_text_limit");
}

#[test]
fn timings_name_each_phase_and_the_slowest_pages() {
    let t = full_site();
    let run = t.run(&["build", "--timings"]);
    run.assert_ok();
    for phase in [
        "walk",
        "parse",
        "resolve",
        "markdown",
        "exports",
        "templates",
        "swap",
    ] {
        assert!(
            run.stderr
                .lines()
                .any(|l| l.trim_start().starts_with(phase)),
            "no {phase} line:\n{}",
            run.stderr
        );
    }
    let slowest: Vec<&str> = run
        .stderr
        .lines()
        .skip_while(|l| !l.contains("slowest pages:"))
        .skip(1)
        .collect();
    assert_eq!(slowest.len(), 5, "{}", run.stderr);
    assert!(
        slowest
            .iter()
            .all(|l| l.contains(" ms  ") && l.ends_with(".html")),
        "{}",
        run.stderr
    );
    if cfg!(target_os = "linux") {
        assert!(run.stderr.contains("MiB)"), "{}", run.stderr);
    }
}

#[test]
fn bom_and_crlf_are_accepted() {
    let t = SiteTest::new();
    t.write("content/about.md", "\u{feff}---\r\ntitle: About us\r\nsummary: Who we are\r\n---\r\nLine one\r\n\r\n## Part\r\n");
    t.build().assert_ok();
    let html = t.read("about/index.html");
    assert!(main_of(&html).contains("About us"));
    assert!(main_of(&html).contains("<h2 id=\"part\">Part</h2>"));
}

#[test]
fn two_builds_are_byte_identical() {
    let t = full_site();
    t.run(&["build", "--output-dir", t.path("out1").to_str().unwrap()])
        .assert_ok();
    t.run(&["build", "--output-dir", t.path("out2").to_str().unwrap()])
        .assert_ok();
    let a = SiteTest::snapshot(&t.path("out1"));
    let b = SiteTest::snapshot(&t.path("out2"));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(v == &b[k], "{k} differs between builds");
    }
}

#[test]
fn rebuild_replaces_the_previous_output() {
    let t = full_site();
    t.build().assert_ok();
    t.remove("content/about.md");
    t.build().assert_ok();
    assert!(!t.path("public/about").exists(), "stale page removed");
}

#[test]
fn xss_strings_are_escaped_in_every_output_file() {
    let t = SiteTest::new();
    let evil = "<script>alert(1)</script>\\\"><img src=x onerror=alert(2)>";
    t.write(
        "content/sessions/evil.md",
        &format!("---\ntitle: \"{evil}\"\nsummary: \"{evil}\"\norder: 2\nthemes: [\"{evil}\"]\nfacilitators:\n  - name: \"{evil}\"\n---\nBody <script>alert(3)</script>\n\n[x](javascript:alert(4))\n"),
    );
    t.write(
        "content/presentations/p.md",
        &format!("---\ntitle: \"{evil}\"\nsession: evil\npresenters:\n  - name: \"{evil}\"\n    organization: \"{evil}\"\n---\n"),
    );
    t.write(
        "content/recommendations/r.md",
        &format!("---\ntitle: \"{evil}\"\nsummary: \"{evil}\"\nid: '\"><img/src=x/onerror=alert(5)>'\nsession: evil\naddressees: [\"{evil}\"]\n---\n"),
    );
    t.build().assert_ok();
    let files = SiteTest::snapshot(&t.path("public"));
    let mut checked = 0;
    for (path, bytes) in &files {
        if !(path.ends_with(".html") || path.ends_with(".xml") || path.ends_with(".txt")) {
            continue;
        }
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        let scripts_ok = text.match_indices("<script").all(|(i, _)| {
            text[i..].starts_with("<script type=\"application/ld+json\">")
                || text[i..].starts_with("<script src=")
        });
        assert!(scripts_ok, "{path} has a raw <script>");
        assert!(
            !text.contains("alert(1)</script>"),
            "{path} has the title's script"
        );
        assert!(!text.contains("<img"), "{path} has a raw <img>");
        assert!(
            !text.contains("javascript:"),
            "{path} has a javascript: URL"
        );
        checked += 1;
    }
    assert!(checked > 10, "checked {checked} files");
    let session = t.read("sessions/evil/index.html");
    assert!(
        session.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "title shown as text"
    );
}

#[test]
fn messy_real_content_renders_as_text() {
    let t = SiteTest::new();
    let long = "Migration ".repeat(20);
    t.write(
        "content/messy.md",
        &format!("---\ntitle: \"Django <3 Airflow\"\nsummary: \"Costs $19,000\tper year\"\n---\n{{% raw %}} {{{{ page.title }}}} {{% endraw %}}\n\n# {long}\n\nPrice: $19,000\n"),
    );
    t.build().assert_ok();
    let html = t.read("messy/index.html");
    assert!(html.contains("<title>Django &lt;3 Airflow"), "{html}");
    assert!(html.contains("{% raw %} {{ page.title }} {% endraw %}"));
    assert!(html.contains("$19,000"));
    assert!(
        main_of(&html).matches("<h1").count() == 1,
        "one h1 per page"
    );
}

#[test]
fn site_templates_override_the_theme_by_file_name() {
    let t = SiteTest::new();
    t.write("content/about.md", "---\ntitle: About\n---\nHi\n");
    t.write(
        "templates/page.html",
        "<!DOCTYPE html><title>{{ page.title }}</title><main>CUSTOM {{ content | safe }}</main>\n",
    );
    t.build().assert_ok();
    assert!(t.read("about/index.html").contains("CUSTOM <p>Hi</p>"));
    assert!(
        t.read("index.html").contains("Skip to content"),
        "other templates stay the theme's"
    );
}

#[test]
fn drafts_are_left_out_unless_asked() {
    let t = SiteTest::new();
    t.write(
        "content/wip.md",
        "---\ntitle: Work in progress\ndraft: true\n---\n",
    );
    t.build().assert_ok();
    assert!(!t.path("public/wip").exists());
    assert!(!t.read("sitemap.xml").contains("/wip/"));
    t.run(&["build", "--drafts"]).assert_ok();
    assert!(t.read("wip/index.html").contains("Draft"));
}

#[test]
fn cname_and_sitemap_follow_the_config() {
    let t = SiteTest::new();
    t.write(
        "config.yaml",
        "title: T\nbase_url: https://org.github.io/gfmd-2012\ncname: proceedings.example.org\n",
    );
    t.build().assert_ok();
    assert_eq!(t.read("CNAME"), "proceedings.example.org\n");
    let sitemap = t.read("sitemap.xml");
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap())
        .collect();
    assert!(locs.len() > 5);
    for loc in locs {
        assert!(loc.starts_with("https://org.github.io/gfmd-2012/"), "{loc}");
    }
    assert!(
        t.read("robots.txt")
            .contains("Sitemap: https://org.github.io/gfmd-2012/sitemap.xml")
    );
}

#[test]
fn code_blocks_are_highlighted_with_classes() {
    let t = SiteTest::new();
    t.write(
        "content/code.md",
        "---\ntitle: Code\n---\n```rust\nfn main() {}\n```\n",
    );
    t.build().assert_ok();
    let html = t.read("code/index.html");
    assert!(html.contains("class=\"hl-"), "{html}");
    assert!(!main_of(&html).contains("style="));
}

#[test]
fn reserved_page_slugs_are_refused() {
    let t = SiteTest::new();
    for slug in [
        "report",
        "sessions",
        "recommendations",
        "search",
        "themes",
        "programme",
    ] {
        t.write(&format!("content/{slug}.md"), "---\ntitle: Clash\n---\n");
        t.build().assert_error(&format!(
            "content/{slug}.md: error: `{slug}` is a page the site makes itself"
        ));
        t.remove(&format!("content/{slug}.md"));
    }
    t.build().assert_ok();
}

/// The build is the same whatever the number of threads renders it.
#[test]
fn builds_on_one_or_two_threads_are_byte_identical() {
    let t = full_site();
    for (threads, out) in [("1", "one"), ("2", "two")] {
        let run = t.run_with_env(
            &["build", "--output-dir", t.path(out).to_str().unwrap()],
            &[("RAYON_NUM_THREADS", threads)],
        );
        run.assert_ok();
    }
    let one = SiteTest::snapshot(&t.path("one"));
    let two = SiteTest::snapshot(&t.path("two"));
    assert!(one.len() > 20);
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        two.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &one {
        assert!(two[path] == *bytes, "{path} differs");
    }
}

#[test]
fn the_menu_leads_to_every_main_page() {
    let t = SiteTest::new();
    t.write(
        "content/sessions/opening.md",
        "---\ntitle: Opening\norder: 1\nthemes: [Data]\n---\n",
    );
    t.write(
        "content/recommendations/r1.md",
        "---\ntitle: Plan\nid: S1-R1\nsession: opening\n---\n",
    );
    t.write(
        "content/presentations/talk.md",
        "---\ntitle: Talk\nsession: opening\n---\n",
    );
    t.build().assert_ok();
    let home = t.read("index.html");
    let menu = &home[home.find("aria-label=\"Main\"").unwrap()..];
    let menu = &menu[..menu.find("</nav>").unwrap()];
    for href in [
        "/programme/",
        "/sessions/",
        "/presentations/",
        "/recommendations/",
        "/report/",
        "/themes/",
        "/search/",
    ] {
        assert!(
            menu.contains(&format!("href=\"{href}\"")),
            "menu lacks {href}"
        );
    }
}
