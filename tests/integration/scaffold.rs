//! `rapporteur new` and `rapporteur init`.

use crate::support::SiteTest;

#[test]
fn init_writes_a_site_that_builds_and_checks_clean() {
    let t = SiteTest::empty();
    let dir = t.path("proceedings");
    let run = t.run_here(&["init", "proceedings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for f in [
        "config.yaml",
        "content/_index.md",
        ".github/workflows/pages.yml",
        ".github/workflows/check.yml",
    ] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    let site = SiteTest {
        dir: tempfile::tempdir().unwrap(),
    };
    let check = site.run_here(&["check", "--strict", "--root", dir.to_str().unwrap()]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stderr.contains("no errors, 0 warnings"),
        "{}",
        check.stderr
    );
    let build = site.run_here(&["build", "--root", dir.to_str().unwrap()]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(dir.join("public/sessions/opening/index.html").is_file());
    // Never over an existing site.
    assert_eq!(t.run_here(&["init", "proceedings"]).code, 1);
}

#[test]
fn new_session_takes_the_next_order_and_builds() {
    let t = SiteTest::new();
    let run = t.run_here(&["new", "session", "data-day"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(t.path("content/sessions/data-day.md")).unwrap();
    assert!(text.contains("order: 2\n"), "{text}");
    assert!(text.contains("title: \"Data day\""));
    assert!(
        !text.contains("2030-01-20"),
        "no made-up date for a session"
    );
    t.build().assert_ok();
}

#[test]
fn new_recommendation_takes_the_next_id_of_its_session() {
    let t = SiteTest::new();
    t.write(
        "content/recommendations/a.md",
        "---\ntitle: A\nid: S1-R1\nsession: opening\n---\n",
    );
    t.write(
        "content/recommendations/b.md",
        "---\ntitle: B\nid: S1-R9\nsession: opening\n---\n",
    );
    let run = t.run_here(&["new", "recommendation", "more", "--session", "opening"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(t.path("content/recommendations/more.md")).unwrap();
    assert!(text.contains("id: S1-R10\n"), "{text}");
    assert!(
        text.contains("date: 2030-01-20\n"),
        "today's date where a date belongs"
    );
    t.run_here(&[
        "new",
        "recommendation",
        "f",
        "--session",
        "opening",
        "--finding",
    ]);
    let f = std::fs::read_to_string(t.path("content/recommendations/f.md")).unwrap();
    assert!(
        f.contains("id: S1-F1\n") && f.contains("kind: finding"),
        "{f}"
    );
    let check = t.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn new_presentation_and_page_build_and_check_clean() {
    let t = SiteTest::new();
    assert_eq!(
        t.run_here(&["new", "presentation", "welcome", "--session", "opening"])
            .code,
        0
    );
    assert_eq!(t.run_here(&["new", "page", "venue"]).code, 0);
    let check = t.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    t.build().assert_ok();
}

#[test]
fn new_refuses_to_overwrite_and_explains_missing_session() {
    let t = SiteTest::new();
    let run = t.run_here(&["new", "session", "opening"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("the file already exists"),
        "{}",
        run.stderr
    );
    let run = t.run_here(&["new", "presentation", "x"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("pass `--session` with one of `opening`"),
        "{}",
        run.stderr
    );
    let run = t.run_here(&["new", "presentation", "x", "--session", "openin"]);
    assert!(
        run.stderr.contains("did you mean `opening`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn workflows_parse_and_use_the_pages_actions() {
    for (name, text) in rapporteur::scaffold::INIT_FILES
        .iter()
        .filter(|(n, _)| n.ends_with(".yml"))
    {
        let doc: serde_yaml::Value =
            serde_yaml::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(doc.get("jobs").is_some(), "{name} has jobs");
        assert!(doc.get("on").is_some(), "{name} has triggers");
    }
    let repo_root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in [".github/workflows/pages.yml", ".github/workflows/check.yml"] {
        let text = std::fs::read_to_string(repo_root.join(file)).unwrap();
        let _: serde_yaml::Value =
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
    }
    let pages = rapporteur::scaffold::INIT_FILES
        .iter()
        .find(|(n, _)| n.ends_with("pages.yml"))
        .unwrap()
        .1;
    let doc: serde_yaml::Value = serde_yaml::from_str(pages).unwrap();
    assert_eq!(doc["permissions"]["pages"], "write");
    assert_eq!(doc["permissions"]["id-token"], "write");
    assert_eq!(doc["concurrency"]["group"], "pages");
    for action in [
        "actions/configure-pages@",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
    ] {
        assert!(pages.contains(action), "{action}");
    }
}

/// Every checkout in the repository's workflows and in those `init` writes
/// leaves no token in `.git/config` while content is built (issue #10).
#[test]
fn workflows_check_out_without_persisting_credentials() {
    let repo_root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut workflows: Vec<(String, String)> = rapporteur::scaffold::INIT_FILES
        .iter()
        .filter(|(n, _)| n.ends_with(".yml"))
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    for file in [".github/workflows/pages.yml", ".github/workflows/check.yml"] {
        workflows.push((
            file.into(),
            std::fs::read_to_string(repo_root.join(file)).unwrap(),
        ));
    }
    let mut checkouts = 0;
    for (name, text) in &workflows {
        let doc: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
        for job in doc["jobs"].as_mapping().unwrap().values() {
            for step in job["steps"].as_sequence().unwrap() {
                let uses = step["uses"].as_str().unwrap_or("");
                if uses.starts_with("actions/checkout@") {
                    checkouts += 1;
                    assert_eq!(
                        step["with"]["persist-credentials"],
                        serde_yaml::Value::Bool(false),
                        "{name}: checkout keeps the token"
                    );
                }
            }
        }
    }
    assert_eq!(checkouts, 4);
}
