//! What a hostile pull request can put in a site, and what the build makes
//! of it (issue #10): links out of the site, output folders that are links,
//! injected calendar events, spreadsheet formulas, script in raw HTML and
//! assets, inputs that cost a build minutes, characters that break XML or a
//! terminal. Each test fails when its protection is removed.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::support::{SiteTest, main_of};

fn read_public(t: &SiteTest, rel: &str) -> String {
    t.read(rel)
}

// ------------------------------------------------------------ symlinks

#[cfg(unix)]
fn symlink(target: &std::path::Path, link: &std::path::Path) {
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[cfg(unix)]
#[test]
fn a_symlink_in_content_is_refused_and_its_target_never_published() {
    let t = SiteTest::new();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "TOKEN=ghp_secret").unwrap();
    t.write(
        "content/presentations/talk.md",
        "---\ntitle: Talk\nsession: opening\nslides: slides/agenda.pdf\n---\n",
    );
    symlink(
        &outside.path().join("secret.txt"),
        &t.path("content/presentations/slides/agenda.pdf"),
    );
    symlink(
        &outside.path().join("secret.txt"),
        &t.path("content/notes.txt"),
    );
    let run = t.build();
    run.assert_error("content/presentations/slides/agenda.pdf: error: `content/presentations/slides/agenda.pdf` is a symbolic link")
        .assert_error("content/notes.txt: error:");
    // No cascade: the slides are not also reported as missing.
    assert!(!run.stderr.contains("not found"), "{}", run.stderr);
    assert!(!t.path("public").exists());
    let check = t.run(&["check"]);
    assert_eq!(check.code, 1, "check must fail too:\n{}", check.stderr);
}

#[cfg(unix)]
#[test]
fn symlinked_folders_and_site_files_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("passwd"), "root:x:0:0").unwrap();
    // A folder of static/ that is a link.
    let t = SiteTest::new();
    symlink(outside.path(), &t.path("static/docs"));
    t.build()
        .assert_error("static/docs: error: `static/docs` is a symbolic link");
    // content/ itself.
    let t = SiteTest::new();
    std::fs::rename(t.path("content"), outside.path().join("content")).unwrap();
    symlink(&outside.path().join("content"), &t.path("content"));
    t.build()
        .assert_error("content: error: `content` is a symbolic link");
    // config.yaml and a template.
    let t = SiteTest::new();
    std::fs::rename(t.path("config.yaml"), outside.path().join("config.yaml")).unwrap();
    symlink(&outside.path().join("config.yaml"), &t.path("config.yaml"));
    t.build()
        .assert_error("config.yaml: error: `config.yaml` is a symbolic link");
    let t = SiteTest::new();
    symlink(
        &outside.path().join("passwd"),
        &t.path("templates/page.html"),
    );
    t.build()
        .assert_error("templates/page.html: error: `templates/page.html` is a symbolic link");
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_blocking_the_build() {
    let t = SiteTest::new();
    let fifo = t.path("content/pipe.md");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    t.build()
        .assert_error("content/pipe.md: error: `content/pipe.md` is not a regular file");
}

// ------------------------------------------------------------ the output folder

#[cfg(unix)]
#[test]
fn an_output_folder_that_is_a_symlink_is_never_replaced() {
    // `public -> content` with an empty `content/.nojekyll`: the attack that
    // deleted every content file.
    let t = SiteTest::new();
    t.write("content/.nojekyll", "");
    symlink(&t.path("content"), &t.path("public"));
    t.build().assert_error("the output folder");
    assert!(t.path("content/sessions/opening.md").is_file());
    assert!(t.path("content/_index.md").is_file());

    // `public -> .`
    let t = SiteTest::new();
    symlink(t.root(), &t.path("public"));
    t.build().assert_error("is a symbolic link");
    assert!(t.path("config.yaml").is_file());

    // A link to a web root with other files.
    let t = SiteTest::new();
    let web_root = tempfile::tempdir().unwrap();
    std::fs::write(web_root.path().join("index.html"), "other site").unwrap();
    std::fs::write(web_root.path().join(".rapporteur-output"), "forged").unwrap();
    symlink(web_root.path(), &t.path("public"));
    t.build().assert_error("is a symbolic link");
    assert_eq!(
        std::fs::read_to_string(web_root.path().join("index.html")).unwrap(),
        "other site"
    );
    // Through a linked parent folder: `out -> content`, output `out/public`.
    let t = SiteTest::new();
    symlink(&t.path("content"), &t.path("out"));
    let run = t.run(&[
        "build",
        "--output-dir",
        t.path("out/public").to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("holds its sources"), "{}", run.stderr);
}

#[test]
fn a_folder_with_an_index_but_no_marker_is_not_replaced_without_force() {
    // A user's `org.github.io` checkout: an index.html, a .nojekyll, docs/.
    let t = SiteTest::new();
    t.write("site/index.html", "my home page");
    t.write("site/.nojekyll", "");
    t.write("site/docs/guide.html", "guide");
    let out = t.path("site");
    let run = t.run(&["build", "--output-dir", out.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("was not made by `rapporteur build`"),
        "{}",
        run.stderr
    );
    assert!(t.path("site/docs/guide.html").is_file());
    // With --force it is replaced, and marked as the build's own.
    let run = t.run(&["build", "--output-dir", out.to_str().unwrap(), "--force"]);
    run.assert_ok();
    assert!(!t.path("site/docs/guide.html").exists());
    assert!(t.path("site/.rapporteur-output").is_file());
    // The next build needs no --force.
    t.run(&["build", "--output-dir", out.to_str().unwrap()])
        .assert_ok();
}

#[test]
fn a_folder_holding_a_git_repository_is_never_replaced() {
    let t = SiteTest::new();
    t.write("pages/.git/config", "[core]");
    t.write("pages/.rapporteur-output", "");
    let out = t.path("pages");
    for extra in [&[][..], &["--force"][..]] {
        let mut args = vec!["build", "--output-dir", out.to_str().unwrap()];
        args.extend(extra);
        let run = t.run(&args);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            run.stderr.contains("holds a git repository"),
            "{}",
            run.stderr
        );
    }
    assert!(t.path("pages/.git/config").is_file());
}

#[test]
fn the_output_dir_flag_is_used_and_cannot_hold_the_sources() {
    let t = SiteTest::new();
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("site");
    t.run(&["build", "--output-dir", out.to_str().unwrap()])
        .assert_ok();
    assert!(out.join("index.html").is_file());
    assert!(!t.path("public").exists());
    for inside in ["content/out", "static/out", "."] {
        let run = t.run(&["build", "--output-dir", t.path(inside).to_str().unwrap()]);
        assert_eq!(run.code, 1, "{inside}: {}", run.stderr);
    }
}

/// A folder as a killed build leaves it: the marker, unlocked.
fn leftover(t: &SiteTest, name: &str, page: &str) {
    t.write(&format!("{name}/.rapporteur-output"), "");
    t.write(&format!("{name}/index.html"), page);
}

#[test]
fn folders_of_killed_builds_are_removed_and_a_missing_output_restored() {
    let t = SiteTest::new();
    leftover(&t, ".rapporteur-staging-dead1", "half");
    leftover(&t, ".rapporteur-staging-dead2", "half");
    // Not made by rapporteur: kept.
    t.write(".rapporteur-staging-other/notes.txt", "mine");
    let run = t.build();
    run.assert_ok();
    assert!(
        run.stderr
            .contains("removed 2 folders left by interrupted builds"),
        "{}",
        run.stderr
    );
    assert!(!t.path(".rapporteur-staging-dead1").exists());
    assert!(!t.path(".rapporteur-staging-dead2").exists());
    assert!(t.path(".rapporteur-staging-other/notes.txt").is_file());

    // Killed between the two renames of the swap: no public/, the last good
    // site aside. The next build puts it back, even when it fails itself.
    std::fs::rename(t.path("public"), t.path(".rapporteur-old-x1")).unwrap();
    t.write(
        "content/sessions/opening.md",
        "---\ntitle: Opening\norder: one\n---\n",
    );
    let run = t.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        t.path("public/index.html").is_file(),
        "the last good site is back"
    );
    assert!(!t.path(".rapporteur-old-x1").exists());
}

// ------------------------------------------------------------ exports

#[test]
fn calendar_text_cannot_inject_events_or_properties() {
    let t = SiteTest::fixture("calendar_injection");
    t.build().assert_ok();
    let ics = read_public(&t, "programme.ics");
    // Two sessions, two events, whatever their titles say.
    let lines: Vec<&str> = ics.split("\r\n").collect();
    assert_eq!(
        lines.iter().filter(|l| **l == "BEGIN:VEVENT").count(),
        2,
        "{ics}"
    );
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("UID:")).count(),
        2,
        "{ics}"
    );
    assert!(!lines.iter().any(|l| l.starts_with("X-INJECTED")), "{ics}");
    // Every line ends in CRLF, no bare CR or LF, at most 75 octets.
    for line in ics.split_inclusive('\n') {
        assert!(line.ends_with("\r\n"), "{line:?}");
        let body = line.trim_end_matches("\r\n");
        assert!(!body.contains(['\r', '\n']), "{line:?}");
        assert!(body.len() <= 75, "{} octets: {line:?}", body.len());
    }
    let unfolded = icalendar::parser::unfold(&ics);
    let calendar = icalendar::parser::read_calendar(&unfolded).unwrap();
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .collect();
    assert_eq!(events.len(), 2);
    let summary = events[0]
        .properties
        .iter()
        .find(|p| p.name == "SUMMARY")
        .unwrap();
    assert!(
        summary.val.as_str().contains("Session moved"),
        "the text is kept, as text"
    );
}

#[test]
fn csv_cells_that_would_run_as_formulas_are_neutralised() {
    let t = SiteTest::fixture("csv_formulas");
    t.build().assert_ok();
    let csv = read_public(&t, "recommendations.csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 7);
    for row in &rows {
        for cell in row.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a cell a spreadsheet would run: {cell:?}"
            );
        }
    }
    let titles: Vec<&str> = rows.iter().map(|r| &r[col("title")]).collect();
    assert_eq!(
        titles,
        [
            "'=HYPERLINK(\"https://evil.example\",\"Click\")",
            "'+cmd|' /C calc'!A0",
            "'-2+3",
            "'@SUM(1,2)",
            "'\tTabbed",
            "'\rReturn",
            "Plain, with \"quotes\"",
        ]
    );
    assert_eq!(&rows[0][col("addressees")], "'=Governments");
    assert_eq!(&rows[0][col("session_order")], "2");
}

#[test]
fn bibtex_fields_cannot_close_their_braces() {
    let t = SiteTest::fixture("bibtex_injection");
    t.build().assert_ok();
    let bib = read_public(&t, "report.bib");
    // BibTeX counts braces (backslashes do not escape them): the depth
    // never goes below zero and is zero only at the end of the one entry.
    let mut depth = 0i32;
    let mut closed_at = Vec::new();
    for (i, c) in bib.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                assert!(depth >= 0, "unbalanced at {i}: {bib}");
                if depth == 0 {
                    closed_at.push(i);
                }
            }
            _ => {}
        }
    }
    assert_eq!(closed_at.len(), 1, "one entry, closed once:\n{bib}");
    assert_eq!(bib.trim_end().len() - 1, closed_at[0], "{bib}");
    assert_eq!(bib.matches('@').count(), 3, "the @ signs stay text: {bib}");
}

#[test]
fn control_characters_never_reach_xml_or_html() {
    let t = SiteTest::fixture("control_characters");
    t.build().assert_ok();
    let forbidden = |c: char| c.is_control() && !matches!(c, '\n' | '\r' | '\t');
    for file in [
        "atom.xml",
        "sitemap.xml",
        "index.html",
        "about/index.html",
        "recommendations/index.html",
        "report/index.html",
    ] {
        let text = read_public(&t, file);
        assert!(
            !text.chars().any(forbidden),
            "{file} has a control character"
        );
    }
    let feed = atom_syndication::Feed::read_from(read_public(&t, "atom.xml").as_bytes());
    assert!(feed.is_ok(), "atom.xml is valid XML: {:?}", feed.err());
    // The terminal never gets content's escape sequences either.
    let t = SiteTest::new();
    t.write(
        "content/bad.md",
        "---\ntitle: x\n\"k\\u001b]0;owned\\u0007\\u001b[2J\": 1\n---\n",
    );
    let run = t.build();
    assert_eq!(run.code, 1);
    assert!(
        !run.stderr.contains('\u{1b}') && !run.stderr.contains('\u{7}'),
        "{:?}",
        run.stderr
    );
    assert!(run.stderr.contains("\\u{1b}"), "{}", run.stderr);
}

// ------------------------------------------------------------ config values

#[test]
fn urls_and_host_names_in_config_must_be_what_they_say() {
    let t = SiteTest::new();
    t.write(
        "config.yaml",
        "title: T\nbase_url: https://example.org/\nrepository:\n  url: \"javascript:alert(document.cookie)//\"\n",
    );
    t.build().assert_error(
        "`repository.url` `javascript:alert(document.cookie)//` is not an http(s) address",
    );
    t.write(
        "config.yaml",
        "title: T\nbase_url: https://example.org/\ncname: \"proceedings.example.org\\nevil.example\"\n",
    );
    t.build().assert_error("is not a host name");
    t.write(
        "config.yaml",
        "title: T\nbase_url: \"javascript:alert(1)\"\n",
    );
    t.build().assert_error("is not an absolute http(s) URL");
    t.write(
        "config.yaml",
        "title: T\nbase_url: https://example.org/\nmarkdown:\n  unsafe_html: true\n",
    );
    t.build()
        .assert_error("`markdown.unsafe_html` is replaced by `markdown.raw_html`");
}

// ------------------------------------------------------------ active content

#[test]
fn files_that_run_scripts_are_not_published_unless_allowed() {
    let t = SiteTest::new();
    t.write("content/notes.html", "<script>alert(1)</script>");
    t.write(
        "content/presentations/slides/x.svg",
        "<svg onload=\"alert(1)\"/>",
    );
    t.write("static/deck.SVG", "<svg onload=\"alert(1)\"/>");
    t.write(
        "content/presentations/talk.md",
        "---\ntitle: Talk\nsession: opening\nslides: /deck.SVG\n---\n",
    );
    let run = t.build();
    run.assert_error("content/notes.html: error: `content/notes.html` would be published as active content: GitHub Pages serves it as a web page")
        .assert_error("content/presentations/slides/x.svg: error:")
        .assert_error("content/presentations/talk.md:4:1: error: `/deck.SVG` would be published as active content");
    assert_eq!(t.run(&["check"]).code, 1);
    t.write(
        "config.yaml",
        &format!("{}assets:\n  allow_active: true\n", crate::support::CONFIG),
    );
    t.build().assert_ok();
    assert!(t.path("public/notes.html").is_file());
}

// ------------------------------------------------------------ raw HTML

#[test]
fn raw_html_is_sanitised_and_check_names_what_was_removed() {
    let t = SiteTest::fixture("raw_html");
    t.build().assert_ok();
    let html = read_public(&t, "notes/index.html");
    let main = main_of(&html).to_lowercase();
    for gone in [
        "<script",
        "alert(",
        "javascript",
        "onerror",
        "onclick",
        "style=",
        "<center",
    ] {
        assert!(!main.contains(gone), "{gone} in {main}");
    }
    for kept in [
        // Kept, and made the page's first heading level under its title.
        "<h2 class=\"section-title\">description</h2>",
        "<img src=\"/map.png\" alt=\"map\">",
        "<a href=\"mailto:secretariat@example.org\" class=\"button\">",
        "<th>a<br>b</th>",
        "<div class=\"center\">centred</div>",
    ] {
        assert!(main.contains(kept), "{kept} missing from {main}");
    }
    let run = t.run(&["check"]);
    for line in [
        "content/notes.md:6:1: warning: raw HTML `<script>` removed with its content",
        "content/notes.md:8:1: warning: attribute `onerror` of raw HTML `<img>` removed",
        "content/notes.md:10:1: warning: `href` of raw HTML `<a>` with a `javascript:` address removed",
        "content/notes.md:10:53: warning: `href` of raw HTML `<a>`",
        "content/notes.md:11:60: warning: `href` of raw HTML `<a>`",
        "content/notes.md:20:1: warning: attribute `onclick` of raw HTML `<div>` removed",
    ] {
        assert!(run.stderr.contains(line), "{line}\n{}", run.stderr);
    }
    assert_eq!(t.run(&["check", "--strict"]).code, 1);
    // `escape` shows it as text; `trust` passes it through (documented as unsafe).
    t.write(
        "config.yaml",
        &format!("{}markdown:\n  raw_html: escape\n", crate::support::CONFIG),
    );
    t.build().assert_ok();
    assert!(main_of(&read_public(&t, "notes/index.html")).contains("&lt;script&gt;"));
    t.write(
        "config.yaml",
        &format!("{}markdown:\n  raw_html: trust\n", crate::support::CONFIG),
    );
    t.build().assert_ok();
    assert!(
        main_of(&read_public(&t, "notes/index.html"))
            .contains("<script>alert(\"script\")</script>")
    );
}

// ------------------------------------------------------------ bounded cost

#[test]
fn a_huge_code_block_is_shown_plain_with_a_warning() {
    let t = SiteTest::new();
    let line = "int x = 1; ".repeat(30_000);
    t.write(
        "content/code.md",
        &format!("---\ntitle: Code\n---\nIntro.\n\n```c\n{line}\n```\n\n```c\nint small;\n```\n"),
    );
    let run = t.build();
    run.assert_ok();
    assert!(
        run.stderr.contains(
            "content/code.md:6:1: warning: code block of 323 KB shown without highlighting"
        ),
        "{}",
        run.stderr
    );
    let html = read_public(&t, "code/index.html");
    let main = main_of(&html);
    let small = main.rfind("small").unwrap();
    assert!(
        !main[..small - 200].contains("class=\"hl-"),
        "the big block is plain"
    );
    assert!(
        main[small - 200..].contains("class=\"hl-"),
        "the small one is highlighted"
    );
}

#[test]
fn lists_that_make_pages_of_pages_are_bounded() {
    let t = SiteTest::new();
    let many: Vec<String> = (0..60).map(|i| format!("\"Body {i}\"")).collect();
    t.write(
        "content/recommendations/s1-r1.md",
        &format!(
            "---\ntitle: R\nid: S1-R1\nsession: opening\naddressees: [{}]\nthemes: [{}]\n---\n",
            many.join(", "),
            many.join(", ")
        ),
    );
    t.build()
        .assert_error("content/recommendations/s1-r1.md:5:1: error: `addressees` has 60 entries; at most 50 are allowed")
        .assert_error("content/recommendations/s1-r1.md:6:1: error: `themes` has 60 entries; at most 50 are allowed");
}

#[test]
fn the_footer_lists_a_bounded_number_of_pages() {
    let t = SiteTest::new();
    for i in 0..30 {
        t.write(
            &format!("content/page-{i:02}.md"),
            &format!("---\ntitle: Page {i:02}\n---\n"),
        );
    }
    t.build().assert_ok();
    let html = read_public(&t, "page-00/index.html");
    let footer = &html[html.find("<footer").unwrap()..];
    assert_eq!(footer.matches("/page-").count(), 20, "{footer}");
    assert!(footer.contains("All 30 pages"), "{footer}");
    let home = read_public(&t, "index.html");
    assert_eq!(main_of(&home).matches("/page-").count(), 30);
}

#[test]
fn files_over_the_size_limit_are_refused_with_their_size() {
    let t = SiteTest::new();
    t.write(
        "config.yaml",
        &format!("{}limits:\n  max_file_mb: 1\n", crate::support::CONFIG),
    );
    t.write(
        "content/big.md",
        &format!("---\ntitle: Big\n---\n{}", "word ".repeat(300_000)),
    );
    t.build()
        .assert_error("content/big.md: error: the file is 2 MB, more than the limit of 1 MB");
}

// ------------------------------------------------------------ serve

#[test]
fn serve_answers_only_its_own_host_and_encodes_redirects() {
    let t = SiteTest::new();
    t.write(
        "content/about.md",
        "---\ntitle: About\nthemes: [Économie]\n---\n",
    );
    let server = crate::serve::start(&t, 0);
    let port = server.port;
    let raw = |host: &str, path: &str| {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        String::from_utf8_lossy(&buf).into_owned()
    };
    let rebound = raw(&format!("evil.example:{port}"), "/");
    assert!(rebound.starts_with("HTTP/1.1 403"), "{rebound}");
    assert!(!rebound.contains("Test Workshop"), "{rebound}");
    assert!(raw(&format!("localhost:{port}"), "/").starts_with("HTTP/1.1 200"));
    let redirect = raw(&format!("127.0.0.1:{port}"), "/themes/%C3%A9conomie");
    assert!(redirect.starts_with("HTTP/1.1 301"), "{redirect}");
    assert!(
        redirect.contains("Location: /themes/%C3%A9conomie/\r\n"),
        "{redirect}"
    );
}

// ------------------------------------------------------------ check --external

#[test]
fn external_checks_do_not_request_private_addresses() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let t = SiteTest::new();
    t.write(
        "content/about.md",
        &format!("---\ntitle: About\n---\n[admin](http://127.0.0.1:{port}/admin) [meta](http://169.254.169.254/latest/)\n"),
    );
    let run = t.run(&["check", "--external"]);
    assert!(run.stderr.contains(&format!("external link `http://127.0.0.1:{port}/admin` points to a private or loopback address (`127.0.0.1`); not requested")), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`http://169.254.169.254/latest/` points to a private"),
        "{}",
        run.stderr
    );
    assert!(
        listener.accept().is_err(),
        "no request reached the loopback server"
    );
    // Allowed, it is requested.
    let run = t.run(&["check", "--external", "--allow-private-addresses"]);
    assert!(!run.stderr.contains("not requested"), "{}", run.stderr);
    assert!(listener.accept().is_ok(), "the loopback server was asked");
}

#[test]
fn a_page_with_more_markup_than_a_build_can_hold_is_refused() {
    let t = SiteTest::new();
    // 400,000 rows of one-letter cells: 1.6 million marks, 2.4 MB.
    t.write(
        "content/table.md",
        &format!(
            "---\ntitle: Table\n---\n| a | b |\n|---|---|\n{}",
            "|x|y|\n".repeat(400_000)
        ),
    );
    t.build().assert_error(
        "content/table.md: error: the file holds too much markup to render: 1600023 marks, more than the limit of 1500000",
    );
}
