//! Outcome ids never silently change: `rapporteur diff` against a git
//! commit, and tombstones (`withdrawn:`, `merged_into:`) that keep an
//! old id's anchor alive.

use crate::support::{SiteTest, git};

fn outcome(id: &str, title: &str, extra: &str) -> String {
    format!(
        "---\ntitle: {title}\nid: {id}\nsession: opening\nkind: recommendation\n{extra}---\nThe text of {title}.\n"
    )
}

/// A site with five outcomes in a git repository, committed as `base`.
fn committed_site() -> SiteTest {
    let t = SiteTest::new();
    for (file, id, title) in [
        ("keep.md", "S1-R1", "Kept"),
        ("edit.md", "S1-R2", "Edited"),
        ("withdraw.md", "S1-R3", "Withdrawn later"),
        ("renumber.md", "S1-R4", "Renumbered"),
        ("delete.md", "S1-R5", "Deleted"),
    ] {
        t.write(
            &format!("content/recommendations/{file}"),
            &outcome(id, title, "status: Agreed\n"),
        );
    }
    git(&t, &["init", "-q"], None);
    git(&t, &["add", "-A"], None);
    git(&t, &["commit", "-qm", "base"], None);
    git(&t, &["tag", "base"], None);
    t
}

#[test]
fn diff_lists_added_changed_withdrawn_renumbered_and_removed_ids() {
    let t = committed_site();
    t.write(
        "content/recommendations/edit.md",
        &outcome("S1-R2", "Edited", "status: For follow-up\n"),
    );
    t.write(
        "content/recommendations/withdraw.md",
        &outcome(
            "S1-R3",
            "Withdrawn later",
            "status: Agreed\nwithdrawn: 2012-07-01\n",
        ),
    );
    t.write(
        "content/recommendations/renumber.md",
        &outcome("S1-R9", "Renumbered and retitled", "status: Agreed\n"),
    );
    t.remove("content/recommendations/delete.md");
    t.write(
        "content/recommendations/new.md",
        &outcome("S1-R6", "A | new <b>one</b>", "status: Agreed\n"),
    );
    let run = t.run(&["diff", "--base", "base", "--format", "markdown"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let md = &run.stdout;
    assert!(md.contains("### Outcome ids compared with `base ("), "{md}");
    assert!(
        md.contains("1 added, 1 changed, 1 withdrawn, 1 renumbered, 1 removed; 1 unchanged."),
        "{md}"
    );
    assert!(md.contains("| changed | S1-R2 | Edited | status |"), "{md}");
    assert!(md.contains("| withdrawn | S1-R3 |"), "{md}");
    assert!(md.contains("withdrawn on 2012-07-01"), "{md}");
    assert!(
        md.contains("| **renumbered (error)** | S1-R9 | Renumbered and retitled | was S1-R4"),
        "{md}"
    );
    assert!(
        md.contains("| **removed (error)** | S1-R5 | Deleted |"),
        "{md}"
    );
    // A title from a pull request cannot break the table or add HTML.
    assert!(
        md.contains("| added | S1-R6 | A &#124; new &lt;b&gt;one&lt;/b&gt; |"),
        "{md}"
    );
    run.assert_error("content/recommendations/renumber.md:3:1: error: id `S1-R9` was `S1-R4` in base; a published id must never change")
        .assert_error("help: put back `id: S1-R4`")
        .assert_error("content/recommendations/delete.md: error: outcome `S1-R5` is removed")
        .assert_error("add `withdrawn: 2030-01-20` (or `merged_into: <id>`)");

    // Kept as tombstones, the same changes pass.
    t.write(
        "content/recommendations/renumber.md",
        &outcome(
            "S1-R4",
            "Renumbered",
            "status: Agreed\nmerged_into: S1-R9\n",
        ),
    );
    t.write(
        "content/recommendations/renumbered.md",
        &outcome("S1-R9", "Renumbered again", "status: Agreed\n"),
    );
    t.write(
        "content/recommendations/delete.md",
        &outcome(
            "S1-R5",
            "Deleted",
            "status: Agreed\nwithdrawn: 2012-07-02\n",
        ),
    );
    let run = t.run(&["diff", "--base", "base"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("merged     S1-R4"), "{}", run.stdout);
    assert!(run.stdout.contains("(merged into S1-R9)"), "{}", run.stdout);
    t.build().assert_ok();
}

#[test]
fn diff_refuses_refs_that_are_not_commits_and_says_what_git_needs() {
    let t = committed_site();
    t.run(&["diff", "--base=--output=/tmp/x"])
        .assert_error("is not a git ref");
    SiteTest::new()
        .run(&["diff", "--base", "main"])
        .assert_error("git knows no commit `main`");
    t.run(&["diff", "--base", "no-such-branch"])
        .assert_error("git knows no commit `no-such-branch`")
        .assert_error("fetch-depth: 0");
    let clean = t.run(&["diff", "--base", "HEAD"]);
    assert_eq!(clean.code, 0, "{}", clean.stderr);
    assert!(
        clean
            .stdout
            .contains("no outcome added, changed or removed; 5 unchanged"),
        "{}",
        clean.stdout
    );
}

#[test]
fn a_tombstone_keeps_its_anchor_with_a_note_and_a_link() {
    let t = SiteTest::new();
    t.write(
        "content/recommendations/a.md",
        &outcome("S1-R1", "Standing", ""),
    );
    t.write(
        "content/recommendations/b.md",
        &outcome("S1-R2", "Gone", "withdrawn: 2012-07-01\n"),
    );
    t.write(
        "content/recommendations/c.md",
        &outcome("S1-R3", "Folded in", "merged_into: S1-R1\n"),
    );
    t.build().assert_ok();
    let list = t.read("recommendations/index.html");
    let gone = list.split("id=\"S1-R2\"").nth(1).expect("the old anchor");
    assert!(
        gone.split("</article>")
            .next()
            .unwrap()
            .contains("Withdrawn on 1 July 2012."),
        "{gone}"
    );
    let merged = list.split("id=\"S1-R3\"").nth(1).expect("the old anchor");
    assert!(
        merged
            .split("</article>")
            .next()
            .unwrap()
            .contains("Merged into <a href=\"/recommendations/#S1-R1\">S1-R1</a>."),
        "{merged}"
    );
    assert!(
        t.read("recommendations/c/index.html")
            .contains("Merged into")
    );
    let json = t.read("recommendations.json");
    assert!(json.contains("\"withdrawn\": \"2012-07-01\""), "{json}");
    assert!(json.contains("\"merged_into\": \"S1-R1\""), "{json}");

    // A tombstone does not count towards the rule of findings per session.
    t.write(
        "config.yaml",
        &format!(
            "{}rules:\n  findings_per_session: 1\n",
            crate::support::CONFIG
        ),
    );
    t.write(
        "content/sessions/opening.md",
        "---\ntitle: Opening\norder: 1\nkind: thematic\n---\n",
    );
    let strict = t.run(&["check", "--strict"]);
    assert_eq!(strict.code, 0, "{}", strict.stderr);
}

#[test]
fn a_tombstone_must_point_at_an_outcome_that_exists() {
    let t = SiteTest::new();
    t.write(
        "content/recommendations/c.md",
        &outcome("S1-R3", "Folded in", "merged_into: S1-R8\n"),
    );
    t.write(
        "content/recommendations/d.md",
        &outcome(
            "S1-R4",
            "Both",
            "merged_into: S1-R3\nwithdrawn: 2012-13-01\n",
        ),
    );
    t.build()
        .assert_error("content/recommendations/c.md:6:1: error: no outcome has the id `S1-R8`")
        .assert_error("content/recommendations/d.md:7:")
        .assert_error("`2012-13-01` is not a date")
        .assert_error("either withdrawn or merged into another, not both");
}
