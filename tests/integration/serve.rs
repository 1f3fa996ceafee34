//! `rapporteur serve` over real HTTP on a free loopback port.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::SiteTest;

/// A running `rapporteur serve`, stopped on drop.
pub struct Server {
    child: Child,
    pub port: u16,
    /// What the server prints, line by line.
    log: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn start(t: &SiteTest, port: u16) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(t.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve starts");
    let (tx, rx) = mpsc::channel();
    let mut server = Server {
        child,
        port: 0,
        log: rx,
    };
    let stdout = server.child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let line = server
            .log
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("serve prints its address");
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            let port = rest
                .trim_end_matches(|c: char| !c.is_ascii_digit())
                .split('/')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            server.port = port;
            return server;
        }
    }
}

/// A raw GET: (status, body).
fn get(port: u16, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Lines of the event stream, read on a thread.
fn events(port: u16) -> mpsc::Receiver<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET /__rapporteur/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(s).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    rx
}

/// Waits for an event line starting with `prefix`; returns the next data line.
fn wait_for(rx: &mpsc::Receiver<String>, prefix: &str, within: Duration) -> String {
    let deadline = Instant::now() + within;
    loop {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .unwrap_or_else(|_| panic!("no `{prefix}` event within {within:?}"));
        if line.starts_with(prefix) {
            return rx.recv_timeout(Duration::from_secs(1)).unwrap_or_default();
        }
    }
}

#[test]
fn serves_reloads_on_edit_and_keeps_the_last_good_site_on_error() {
    let t = SiteTest::new();
    let server = start(&t, 0);
    let (status, home) = get(server.port, "/");
    assert_eq!(status, 200);
    assert!(home.contains("Test Workshop"));
    assert!(home.contains("EventSource"), "live reload script injected");
    let (_, page) = get(server.port, "/sessions/opening/");
    assert!(page.contains("Opening"));

    let rx = events(server.port);
    wait_for(&rx, ": connected", Duration::from_secs(5));
    let edited = Instant::now();
    t.write(
        "content/sessions/opening.md",
        "---\ntitle: Opening plenary\norder: 1\n---\nNew text.\n",
    );
    wait_for(&rx, "event: reload", Duration::from_secs(2));
    let (_, page) = get(server.port, "/sessions/opening/");
    assert!(page.contains("Opening plenary"), "new content served");
    assert!(
        edited.elapsed() < Duration::from_secs(2),
        "reload within 2 s, took {:?}",
        edited.elapsed()
    );

    t.write(
        "content/sessions/opening.md",
        "---\ntitle: Broken\norder: [\n---\n",
    );
    let data = wait_for(&rx, "event: build-error", Duration::from_secs(2));
    assert!(data.contains("content/sessions/opening.md:"), "{data}");
    let (status, page) = get(server.port, "/sessions/opening/");
    assert_eq!(status, 200);
    assert!(
        page.contains("Opening plenary"),
        "the last good site stays served"
    );
    assert!(
        page.contains("<div id=\"rapporteur-error\"")
            && page.contains("content/sessions/opening.md:"),
        "overlay shows the error"
    );

    t.write(
        "content/sessions/opening.md",
        "---\ntitle: Fixed again\norder: 1\n---\n",
    );
    wait_for(&rx, "event: reload", Duration::from_secs(2));
    let (_, page) = get(server.port, "/sessions/opening/");
    assert!(
        page.contains("Fixed again") && !page.contains("<div id=\"rapporteur-error\""),
        "the next good save clears the error"
    );
}

#[test]
fn traversal_attempts_and_missing_pages() {
    let t = SiteTest::new();
    t.write("secret.txt", "top secret");
    let server = start(&t, 0);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/..%5csecret.txt",
        "/sessions/../../secret.txt",
    ] {
        let (status, body) = get(server.port, path);
        // Refused as a bad request, not looked up (a 404 would mean the
        // path reached the lookup).
        assert_eq!(status, 400, "{path}");
        assert!(!body.contains("top secret"), "{path}");
    }
    let (status, body) = get(server.port, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "the theme's 404 page");
    let (status, _) = get(server.port, "/style.css");
    assert_eq!(status, 200);
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let t = SiteTest::new();
    let out = Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(t.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("port {port} is in use")),
        "{stderr}"
    );
}

/// The HTML a build would write: the served page without the live-reload
/// script that only serve adds.
fn without_reload_script(html: &str) -> String {
    match html.find("<script>(function(){var s=new EventSource") {
        Some(start) => {
            let end = start + html[start..].find("</script>").unwrap() + "</script>".len();
            format!("{}{}", &html[..start], &html[end..])
        }
        None => html.to_string(),
    }
}

/// A page of a cold build of the same tree with serve's base URL.
fn cold_page(t: &SiteTest, port: u16, page: &str) -> String {
    let out = t.path(&format!("cold-{port}"));
    let _ = std::fs::remove_dir_all(&out);
    let run = t.run(&[
        "build",
        "--base-url",
        &format!("http://127.0.0.1:{port}/"),
        "--output-dir",
        out.to_str().unwrap(),
    ]);
    run.assert_ok();
    std::fs::read_to_string(out.join(page)).unwrap()
}

#[test]
fn a_text_edit_updates_its_page_at_once_and_the_rest_matches_a_cold_build() {
    let t = SiteTest::new();
    let outcome = "---\ntitle: Use the data\nid: S1-R1\nsession: opening\n---\nFirst wording.\n";
    t.write("content/recommendations/r1.md", outcome);
    let server = start(&t, 0);
    let rx = events(server.port);
    wait_for(&rx, ": connected", Duration::from_secs(5));

    t.write(
        "content/recommendations/r1.md",
        &outcome.replace("First wording.", "Second wording."),
    );
    wait_for(&rx, "event: reload", Duration::from_secs(2));
    let (_, page) = get(server.port, "/recommendations/r1/");
    assert!(
        page.contains("Second wording."),
        "the edited page is served"
    );
    assert_eq!(
        without_reload_script(&page),
        cold_page(&t, server.port, "recommendations/r1/index.html"),
        "the quickly updated page is byte-identical to a cold build's"
    );

    // The pages that show the outcome's text catch up from the background rebuild.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (_, index) = get(server.port, "/recommendations/");
        if index.contains("Second wording.") {
            assert_eq!(
                without_reload_script(&index),
                cold_page(&t, server.port, "recommendations/index.html")
            );
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the recommendations page never caught up"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let (_, json) = get(server.port, "/recommendations.json");
    assert_eq!(json, cold_page(&t, server.port, "recommendations.json"));
}

#[test]
fn presentation_pages_stay_whole_across_quick_edits_and_rebuilds() {
    let t = SiteTest::new();
    let talk = "---\ntitle: A talk\nsession: opening\n---\nFirst slide notes.\n";
    t.write("content/presentations/talk.md", talk);
    t.write(
        "content/presentations/other.md",
        "---\ntitle: Another talk\nsession: opening\n---\nOther notes.\n",
    );
    let server = start(&t, 0);
    let rx = events(server.port);
    wait_for(&rx, ": connected", Duration::from_secs(5));
    let (_, page) = get(server.port, "/presentations/other/");
    assert!(page.contains("Other notes."), "served with its text");

    // A quick edit of one presentation, then the background rebuild: every
    // presentation page keeps its text and matches a cold build.
    t.write(
        "content/presentations/talk.md",
        &talk.replace("First", "Second"),
    );
    wait_for(&rx, "event: reload", Duration::from_secs(2));
    let (_, page) = get(server.port, "/presentations/talk/");
    assert!(page.contains("Second slide notes."));
    assert_eq!(
        without_reload_script(&page),
        cold_page(&t, server.port, "presentations/talk/index.html")
    );
    // Once the background rebuild has run (the server says so), every
    // presentation page still matches a cold build.
    wait_for(&server.log, "rebuilt ", Duration::from_secs(10));
    for slug in ["talk", "other"] {
        let (_, page) = get(server.port, &format!("/presentations/{slug}/"));
        assert_eq!(
            without_reload_script(&page),
            cold_page(&t, server.port, &format!("presentations/{slug}/index.html")),
            "{slug} after the rebuild"
        );
    }
    // And a second quick edit still finds every text.
    t.write(
        "content/presentations/other.md",
        "---\ntitle: Another talk\nsession: opening\n---\nOther notes, revised.\n",
    );
    wait_for(&rx, "event: reload", Duration::from_secs(2));
    let (_, page) = get(server.port, "/presentations/talk/");
    assert!(page.contains("Second slide notes."), "{page}");
}

#[test]
fn a_template_edit_renders_the_pages_again_as_a_cold_build_would() {
    let t = SiteTest::new();
    t.write("content/about.md", "---\ntitle: About\n---\nAbout text.\n");
    let server = start(&t, 0);
    let rx = events(server.port);
    wait_for(&rx, ": connected", Duration::from_secs(5));

    let custom = "{% extends \"base.html\" %}{% block main %}<p class=\"custom\">{{ page.title }}: {{ content | safe }}</p>{% endblock main %}";
    t.write("templates/page.html", custom);
    wait_for(&rx, "event: reload", Duration::from_secs(5));
    let (_, page) = get(server.port, "/about/");
    assert!(page.contains("<p class=\"custom\">About: "), "{page}");
    for file in [
        "about/index.html",
        "sessions/opening/index.html",
        "atom.xml",
    ] {
        let (_, served) = get(server.port, &format!("/{file}"));
        assert_eq!(
            without_reload_script(&served),
            cold_page(&t, server.port, file),
            "{file} as a cold build makes it"
        );
    }

    // A broken template is reported, with its file, and the last good site stays.
    t.write("templates/page.html", "{% if %}");
    let data = wait_for(&rx, "event: build-error", Duration::from_secs(5));
    assert!(data.contains("templates/page.html"), "{data}");
    let (status, page) = get(server.port, "/about/");
    assert_eq!(status, 200);
    assert!(
        page.contains("<p class=\"custom\">"),
        "last good page served"
    );
}
