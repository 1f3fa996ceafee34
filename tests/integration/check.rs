//! `rapporteur check`: links, anchors, rules, and the GitHub format.

use crate::support::SiteTest;

/// `tests/fixtures/links_to_check/`: good links and one of each broken kind.
fn site_with_links() -> SiteTest {
    SiteTest::fixture("links_to_check")
}

#[test]
fn broken_links_and_anchors_are_errors_on_their_line() {
    let t = site_with_links();
    let run = t.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let s = &run.stderr;
    assert!(
        s.contains("content/about.md:8:11: error: link to `@/sessions/closing.md`: no such page"),
        "{s}"
    );
    assert!(s.contains("content/about.md:10:13: error: broken anchor in `@/sessions/opening.md#discusion`: no `#discusion` on that page\n  = help: did you mean `#discussion`?"), "{s}");
    assert!(
        s.contains("content/about.md:12:11: error: broken link `/nowhere/`"),
        "{s}"
    );
    assert!(
        s.contains("content/about.md:14:11: error: broken link `missing.png`"),
        "{s}"
    );
    assert!(!s.contains("#goals"), "same-page anchor resolves: {s}");
    assert!(s.contains("4 errors in 1 file"), "{s}");
}

#[test]
fn check_writes_nothing() {
    let t = site_with_links();
    t.run(&["check"]);
    assert!(!t.path("public").exists());
}

#[test]
fn github_format_is_exact() {
    let t = SiteTest::new();
    t.write(
        "content/about.md",
        "---\ntitle: About\n---\nSee [x](@/nope.md).\n",
    );
    let run = t.run(&["check", "--format", "github"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "::error file=content/about.md,line=4,col=5::link to `@/nope.md`: no such page (help: `nope.md` is not a published file of `content/`; check the name, or whether it is a draft)\n"
    );
}

#[test]
fn github_format_reports_front_matter_errors_too() {
    let t = SiteTest::new();
    t.write(
        "content/presentations/x.md",
        "---\ntitle: X\nsesion: opening\n---\n",
    );
    let run = t.run(&["check", "--format", "github"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "::error file=content/presentations/x.md,line=3,col=1::unknown key `sesion` (help: did you mean `session`?)\n"
    );
}

#[test]
fn rules_are_warnings_and_errors_when_strict() {
    let t = SiteTest::new();
    t.write(
        "config.yaml",
        "title: T\nbase_url: https://example.org/\nrules:\n  findings_per_session: 3\n  session_roles: [facilitators, rapporteurs]\n",
    );
    t.write(
        "content/sessions/data.md",
        "---\ntitle: Data\norder: 2\nkind: thematic\nfacilitators: [Ana]\n---\n",
    );
    t.write(
        "content/recommendations/r1.md",
        "---\ntitle: R\nid: S2-R1\nsession: data\nkind: finding\n---\n",
    );
    let run = t.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("content/sessions/data.md:1:1: warning: session `data` has 1 findings and recommendations (1 findings); the rule `findings_per_session` asks for 3"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: session `data` names no rapporteurs"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("warning: session `opening` names no facilitators"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("session `opening` has"),
        "the opening session is not thematic"
    );
    let strict = t.run(&["check", "--strict"]);
    assert_eq!(strict.code, 1);
    assert!(
        strict
            .stderr
            .contains("error: session `data` names no rapporteurs")
    );
}

#[test]
fn external_links_never_fail_on_a_network_error_alone() {
    let t = SiteTest::new();
    // Port 9 on loopback: nothing listens, the connection is refused.
    t.write(
        "content/about.md",
        "---\ntitle: About\n---\n[x](http://127.0.0.1:9/page)\n",
    );
    let run = t.run(&["check", "--external", "--allow-private-addresses"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("content/about.md:4:1: warning: external link `http://127.0.0.1:9/page` could not be checked"), "{}", run.stderr);
    let quiet = t.run(&["check"]);
    assert!(
        !quiet.stderr.contains("127.0.0.1:9"),
        "external links are not checked by default"
    );
}
