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
    for (name, text) in rapporteur::scaffold::init_files("2030-01-20")
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
    let files = rapporteur::scaffold::init_files("2030-01-20");
    let pages = &files
        .iter()
        .find(|(n, _)| n.ends_with("pages.yml"))
        .unwrap()
        .1;
    let doc: serde_yaml::Value = serde_yaml::from_str(pages).unwrap();
    assert_eq!(doc["permissions"]["pages"], "write");
    let steps = doc["jobs"]["build"]["steps"].as_sequence().unwrap();
    assert_eq!(
        steps[0]["with"]["fetch-depth"], 0,
        "Last updated needs the history"
    );
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
    let mut workflows: Vec<(String, String)> = rapporteur::scaffold::init_files("2030-01-20")
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

/// The workflows `init` writes install this version of rapporteur (the
/// cache follows it, a comment says how to upgrade), check strictly, and
/// list the outcome ids a pull request changes in the job summary, with
/// read access and no secrets so that pull requests from forks work.
#[test]
fn init_workflows_pin_the_version_check_strictly_and_summarise_outcome_ids() {
    let files = rapporteur::scaffold::init_files("2030-01-20");
    let version = env!("CARGO_PKG_VERSION");
    for (name, text) in files.iter().filter(|(n, _)| n.ends_with(".yml")) {
        let doc: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
        assert_eq!(doc["env"]["RAPPORTEUR_VERSION"], version, "{name}");
        assert!(
            text.contains("To upgrade, set the\n  # new version here"),
            "{name}"
        );
        assert!(
            text.contains("key: rapporteur-${{ runner.os }}-${{ env.RAPPORTEUR_VERSION }}"),
            "{name}"
        );
        assert!(
            text.contains("cargo install --locked --force --git \"$RAPPORTEUR_GIT\" --tag \"v$RAPPORTEUR_VERSION\" --version \"$RAPPORTEUR_VERSION\" rapporteur"),
            "{name}"
        );
        assert!(!text.contains("@RAPPORTEUR_VERSION@"), "{name}");
    }
    let check = &files
        .iter()
        .find(|(n, _)| n.ends_with("check.yml"))
        .unwrap()
        .1;
    let doc: serde_yaml::Value = serde_yaml::from_str(check).unwrap();
    assert_eq!(doc["permissions"]["contents"], "read");
    assert_eq!(doc["permissions"].as_mapping().unwrap().len(), 1);
    assert!(!check.contains("secrets."));
    let steps = doc["jobs"]["check"]["steps"].as_sequence().unwrap();
    let checkout = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/checkout@"))
        })
        .unwrap();
    assert_eq!(checkout["with"]["fetch-depth"], 0);
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(
        runs.iter()
            .any(|r| r.contains("rapporteur check --strict --format github")),
        "{runs:?}"
    );
    let diff = steps.iter().find(|s| s["name"] == "Outcome ids").unwrap();
    assert_eq!(
        diff["env"]["BASE"],
        "${{ github.event.pull_request.base.sha }}"
    );
    let script = diff["run"].as_str().unwrap();
    assert!(script.contains("rapporteur diff --base \"$BASE\" --format markdown"));
    assert!(script.contains(">> \"$GITHUB_STEP_SUMMARY\""));
    assert!(
        script.contains("exit \"$status\""),
        "the step fails when an id breaks"
    );
    assert!(steps.iter().any(|s| {
        s["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("actions/upload-artifact@"))
            && s["with"]["name"] == "site"
    }));
}

/// A new organiser's first steps: `init`, a session, two recommendations, a
/// presentation and a page, each as `new` writes it, pass `check --strict`
/// with no warning, and nothing `new` or `init` wrote is published as a
/// placeholder.
#[test]
fn what_init_and_new_write_passes_the_strict_check() {
    let t = SiteTest::empty();
    assert_eq!(t.run_here(&["init", "site"]).code, 0);
    let site = SiteTest {
        dir: tempfile::tempdir().unwrap(),
    };
    let root = t.path("site");
    let root = root.to_str().unwrap();
    for args in [
        &["new", "session", "water", "--root", root][..],
        &[
            "new",
            "recommendation",
            "r1",
            "--session",
            "water",
            "--root",
            root,
        ],
        &[
            "new",
            "recommendation",
            "r2",
            "--session",
            "water",
            "--root",
            root,
        ],
        &[
            "new",
            "presentation",
            "p1",
            "--session",
            "water",
            "--root",
            root,
        ],
        &["new", "page", "about", "--root", root],
    ] {
        let run = site.run_here(args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    }
    let check = site.run_here(&["check", "--strict", "--root", root]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stderr.contains("no errors, 0 warnings"),
        "{}",
        check.stderr
    );
    // Every content file explains itself in comments.
    for f in [
        "content/_index.md",
        "content/sessions/opening.md",
        "content/sessions/water.md",
        "content/presentations/welcome.md",
        "content/recommendations/s1-f1.md",
        "content/recommendations/r2.md",
    ] {
        let text = std::fs::read_to_string(t.path("site").join(f)).unwrap();
        assert!(
            text.lines().filter(|l| l.starts_with('#')).count() >= 4,
            "{f}:\n{text}"
        );
        assert!(
            !text.contains("\"...\"") && !text.contains(": []"),
            "{f}:\n{text}"
        );
    }
    assert!(
        std::fs::read_to_string(t.path("site/content/recommendations/r2.md"))
            .unwrap()
            .contains("id: S2-R2\n")
    );
    // The guide config.yaml points to is there, without the bundled site's parts.
    assert!(
        std::fs::read_to_string(t.path("site/config.yaml"))
            .unwrap()
            .contains("CONTRIBUTING.md")
    );
    let guide = std::fs::read_to_string(t.path("site/CONTRIBUTING.md")).unwrap();
    assert!(guide.contains(".md"), "{guide}");
    assert!(
        !guide.contains("bundled-site") && !guide.contains("GFMD"),
        "{guide}"
    );
    // Bodies are comments, not text to publish.
    let build = site.run_here(&["build", "--root", root]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let page = std::fs::read_to_string(t.path("site/public/sessions/water/index.html")).unwrap();
    assert!(!page.contains("this line is not published"), "{page}");
    assert!(
        !page.contains("Amina Diallo"),
        "commented examples stay unpublished"
    );
}
