//! Every kind of user mistake: exit 1, `path:line:col`, a hint, no panic,
//! and the previous output left untouched.

use crate::support::{SiteTest, main_of};

#[test]
fn unknown_front_matter_key_suggests_closest_key() {
    let t = SiteTest::new();
    t.write(
        "content/presentations/x.md",
        "---\ntitle: X\nsesion: opening\n---\n",
    );
    let run = t.build();
    run.assert_error("content/presentations/x.md:3:1: error: unknown key `sesion`\n  = help: did you mean `session`?");
    assert!(
        run.stderr
            .contains("error: could not build the site: 1 error in 1 file"),
        "{}",
        run.stderr
    );
}

#[test]
fn yaml_syntax_error_points_at_the_line_in_the_file() {
    let t = SiteTest::new();
    t.write(
        "content/about.md",
        "---\ntitle: About\nsummary: a: b\n---\n",
    );
    t.build().assert_error("content/about.md:3:");
}

#[test]
fn missing_session_reference_names_the_key_line() {
    let t = SiteTest::new();
    t.write(
        "content/presentations/talk.md",
        "---\ntitle: Talk\npresenters: [Ana]\nsession: openin\n---\n",
    );
    t.build().assert_error(
        "content/presentations/talk.md:4:1: error: no session `openin`\n  = help: did you mean `opening`?",
    );
}

#[test]
fn duplicate_recommendation_ids_are_reported_at_the_second() {
    let t = SiteTest::new();
    t.write(
        "content/recommendations/a.md",
        "---\ntitle: A\nid: S1-R1\nsession: opening\n---\n",
    );
    t.write(
        "content/recommendations/b.md",
        "---\ntitle: B\nsession: opening\nid: S1-R1\n---\n",
    );
    t.build()
        .assert_error("content/recommendations/b.md:4:1: error: duplicate id `S1-R1`");
}

#[test]
fn bad_date_and_wrong_type_point_at_their_keys() {
    let t = SiteTest::new();
    t.write(
        "content/sessions/s2.md",
        "---\ntitle: S2\norder: 2\n\ndate: 2012-13-01\n---\n",
    );
    t.write(
        "content/sessions/s3.md",
        "---\ntitle: S3\norder: [3]\n---\n",
    );
    let run = t.build();
    run.assert_error("content/sessions/s2.md:5:1: error: `2012-13-01` is not a date");
    run.assert_error("content/sessions/s3.md:3:");
    run.assert_error("wrong type");
}

#[test]
fn all_errors_of_a_run_are_reported_sorted_by_path() {
    let t = SiteTest::new();
    t.write("content/zeta.md", "---\ntitle: Z\nbogus: 1\n---\n");
    t.write("content/alpha.md", "---\nsummary: no title\n---\n");
    t.write(
        "content/presentations/p.md",
        "---\ntitle: P\nsession: nowhere\n---\n",
    );
    let run = t.build();
    assert_eq!(run.code, 1);
    let a = run.stderr.find("content/alpha.md").expect("alpha reported");
    let p = run
        .stderr
        .find("content/presentations/p.md")
        .expect("p reported");
    let z = run.stderr.find("content/zeta.md").expect("zeta reported");
    assert!(a < p && p < z, "not sorted:\n{}", run.stderr);
    assert!(run.stderr.contains("3 errors in 3 files"), "{}", run.stderr);
}

#[test]
fn no_cascade_from_a_broken_session() {
    let t = SiteTest::new();
    t.write("content/sessions/broken.md", "---\ntitle: [\n---\n");
    t.write(
        "content/presentations/p.md",
        "---\ntitle: P\nsession: broken\n---\n",
    );
    let run = t.build();
    run.assert_error("content/sessions/broken.md:");
    assert!(
        !run.stderr.contains("content/presentations/p.md"),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_slug_names_the_file() {
    let t = SiteTest::new();
    t.write(
        "content/sessions/Opening Day.md",
        "---\ntitle: X\norder: 2\n---\n",
    );
    t.build()
        .assert_error("content/sessions/Opening Day.md: error: `Opening Day` is not a valid slug\n  = help: rename the file to `opening-day.md`");
}

#[test]
fn alias_bomb_ends_with_an_error_not_a_hang() {
    let t = SiteTest::new();
    let mut yaml = String::from("---\ntitle: Bomb\nextra:\n  a: &a [x, x, x, x, x, x, x, x, x]\n");
    for i in 0..10 {
        let prev = if i == 0 {
            "a".to_string()
        } else {
            format!("b{}", i - 1)
        };
        yaml.push_str(&format!("  b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    yaml.push_str("---\n");
    t.write("content/bomb.md", &yaml);
    t.build().assert_error("content/bomb.md:");
}

#[test]
fn deep_nesting_ends_with_an_error() {
    let t = SiteTest::new();
    let deep = format!(
        "---\ntitle: Deep\nextra:\n  x: {}{}\n---\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    t.write("content/deep.md", &deep);
    t.build()
        .assert_error("content/deep.md:4:")
        .assert_error("nested too deeply");
}

#[test]
fn non_utf8_bytes_point_at_their_line() {
    let t = SiteTest::new();
    t.write_bytes("content/latin1.md", b"---\ntitle: Caf\xe9\n---\n");
    t.build()
        .assert_error("content/latin1.md:2:11: error: the file is not valid UTF-8");
}

#[test]
fn empty_file_and_missing_front_matter() {
    let t = SiteTest::new();
    t.write("content/empty.md", "");
    t.write("content/plain.md", "# Just Markdown\n");
    let run = t.build();
    run.assert_error("content/empty.md:1:1: error: the file is empty");
    run.assert_error("content/plain.md:1:1: error: the file does not start with front matter");
}

#[test]
fn missing_content_folder() {
    let t = SiteTest::empty();
    t.write("config.yaml", crate::support::CONFIG);
    t.build()
        .assert_error("content: error: no `content/` folder at the site root");
}

#[test]
fn missing_config() {
    let t = SiteTest::empty();
    t.build()
        .assert_error("config.yaml: error: no `config.yaml` at the site root");
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_refused_not_followed() {
    let t = SiteTest::new();
    std::fs::create_dir_all(t.path("content/loop")).unwrap();
    std::os::unix::fs::symlink(t.path("content"), t.path("content/loop/back")).unwrap();
    t.build()
        .assert_error("content/loop/back: error: `content/loop/back` is a symbolic link");
}

#[test]
fn template_syntax_error_names_the_template_and_line() {
    let t = SiteTest::new();
    t.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{% if %}\n{% endblock main %}\n",
    );
    t.build()
        .assert_error("templates/page.html:3:")
        .assert_error("template syntax error");
}

#[test]
fn template_errors_and_content_errors_come_together() {
    let t = SiteTest::new();
    t.write("templates/page.html", "{{ oops\n");
    t.write("content/bad.md", "---\ntitle: X\nwat: 1\n---\n");
    let run = t.build();
    run.assert_error("content/bad.md:3:1")
        .assert_error("templates/page.html:2:1: error: template syntax error");
}

#[test]
fn usage_errors_exit_2() {
    let t = SiteTest::new();
    assert_eq!(t.run(&["build", "--no-such-flag"]).code, 2);
    assert_eq!(t.run(&["frobnicate"]).code, 2);
}

#[test]
fn failed_build_leaves_the_output_untouched() {
    let t = SiteTest::new();
    t.build().assert_ok();
    let before = SiteTest::snapshot(&t.path("public"));
    assert!(before.contains_key("index.html"));
    t.write(
        "content/sessions/opening.md",
        "---\ntitle: Opening\norder: one\n---\n",
    );
    t.build().assert_error("content/sessions/opening.md:3:");
    assert_eq!(SiteTest::snapshot(&t.path("public")), before);
    // No staging folders are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(t.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".rapporteur"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_make() {
    let t = SiteTest::new();
    t.write("elsewhere/precious.txt", "keep me");
    let run = t.run(&[
        "build",
        "--output-dir",
        t.path("elsewhere").to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("was not made by `rapporteur build`"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(t.path("elsewhere/precious.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn draft_session_reference_is_explained() {
    let t = SiteTest::new();
    t.write(
        "content/sessions/later.md",
        "---\ntitle: Later\norder: 2\ndraft: true\n---\n",
    );
    t.write(
        "content/presentations/p.md",
        "---\ntitle: P\nsession: later\n---\n",
    );
    t.build()
        .assert_error("content/presentations/p.md:3:1: error: session `later` is a draft");
    let run = t.run(&["build", "--drafts"]);
    run.assert_ok();
    assert!(main_of(&t.read("sessions/later/index.html")).contains("P"));
}

#[test]
fn slides_must_exist_inside_the_site() {
    let t = SiteTest::new();
    t.write(
        "content/presentations/p.md",
        "---\ntitle: P\nsession: opening\nslides: ../../secret.pdf\n---\n",
    );
    t.write(
        "content/presentations/q.md",
        "---\ntitle: Q\nsession: opening\nslides: slides/missing.pdf\n---\n",
    );
    let run = t.build();
    run.assert_error(
        "content/presentations/p.md:4:1: error: slides file `../../secret.pdf` not found",
    );
    run.assert_error(
        "content/presentations/q.md:4:1: error: slides file `slides/missing.pdf` not found",
    );
}

#[test]
fn two_sources_for_one_output_path_are_an_error() {
    let t = SiteTest::new();
    t.write("static/report/index.html", "<p>mine</p>");
    t.build()
        .assert_error("two files would be written to `report/index.html`");
    assert!(!t.path("public").exists(), "nothing written");
}

#[test]
fn a_template_runtime_error_names_each_failing_page_and_the_template_line() {
    let t = SiteTest::new();
    t.write(
        "content/sessions/data.md",
        "---\ntitle: Data\norder: 2\n---\n",
    );
    t.write(
        "templates/session.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ session.title }}</p>\n<p>{{ session.nope }}</p>\n{% endblock main %}\n",
    );
    let run = t.build();
    for source in ["content/sessions/opening.md", "content/sessions/data.md"] {
        run.assert_error(&format!(
            "templates/session.html:4:7: error: template error on `{source}` (page `sessions/"
        ));
    }
    assert_eq!(
        run.stderr.matches("template error on").count(),
        2,
        "{}",
        run.stderr
    );
    run.assert_error("session.nope");
}

#[test]
fn an_addressee_without_letters_is_an_error_on_its_line() {
    let t = SiteTest::new();
    t.write(
        "content/recommendations/r.md",
        "---\ntitle: R\nid: S1-R1\nsession: opening\naddressees: [\"!!!\", Governments]\n---\n",
    );
    t.build().assert_error(
        "content/recommendations/r.md:5:1: error: addressee `!!!` has no letters or digits",
    );
}
