//! What contributors who have never used git get wrong, caught in one run
//! with a fix: every error of a file at once, files that are not pages,
//! ids that name the wrong session, word-processor typography.

use crate::support::SiteTest;

#[test]
fn every_error_of_a_file_is_reported_in_one_run() {
    let t = SiteTest::new();
    t.write(
        "content/recommendations/r.md",
        "---\ntitle: R\nid: S1-R1\nsession: openin\nadressees: [Governments]\nstatus: [1, 2]\n---\n",
    );
    let run = t.build();
    run.assert_error("content/recommendations/r.md:5:1: error: unknown key `adressees`")
        .assert_error("did you mean `addressees`?")
        .assert_error("content/recommendations/r.md:6:")
        .assert_error("content/recommendations/r.md:4:1: error: no session `openin`");
    // The problems of another file come in the same run, as before.
    t.write("content/about.md", "---\ntitle: [About]\n---\n");
    t.build()
        .assert_error("unknown key `adressees`")
        .assert_error("content/about.md:2:");
}

#[test]
fn a_faulty_key_that_links_files_is_not_reported_again_as_missing() {
    let t = SiteTest::new();
    t.write(
        "content/sessions/second.md",
        "---\ntitle: Second\norder: two\ntitel: x\n---\n",
    );
    let run = t.build();
    run.assert_error("content/sessions/second.md:3:")
        .assert_error("unknown key `titel`");
    assert!(
        !run.stderr.contains("missing required key `order`"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_empty_list_followed_by_items_gets_a_hint_about_the_brackets() {
    let t = SiteTest::new();
    t.write(
        "content/sessions/opening.md",
        "---\ntitle: Opening\norder: 1\nfacilitators: []\n  - name: Ana Lima\n---\n",
    );
    t.build()
        .assert_error("content/sessions/opening.md:")
        .assert_error("`facilitators: []` says the list is empty, so the items under it do not belong to it: write `facilitators:` alone on its line");
}

#[test]
fn a_file_that_is_not_a_page_is_never_silently_published() {
    let t = SiteTest::new();
    t.write(
        "content/recommendations/s1-f2",
        "---\ntitle: F\nid: S1-F2\nsession: opening\n---\n",
    );
    t.write("content/about.markdown", "---\ntitle: About\n---\n");
    t.write("content/notes.MD", "---\ntitle: Notes\n---\n");
    t.write("content/odd.xyz", "?");
    // Documents, images and data are published as they are.
    t.write("content/data.csv", "a,b\n");
    t.write_bytes("content/photo.jpg", b"\xff\xd8\xff");
    let run = t.build();
    run.assert_error(
        "content/recommendations/s1-f2: error: `content/recommendations/s1-f2` has no extension",
    )
    .assert_error("if it is a page, rename it to `s1-f2.md` (GitHub's web editor adds no extension")
    .assert_error("`content/about.markdown` is not read as a page: pages end in `.md`")
    .assert_error("rename it to `about.md`")
    .assert_error("`content/notes.MD` is not read as a page")
    .assert_error("`content/odd.xyz` is neither a page (`.md`) nor a kind of file published");
    assert!(
        !run.stderr.contains("data.csv") && !run.stderr.contains("photo.jpg"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("4 errors in 4 files"), "{}", run.stderr);
}

#[test]
fn an_outcome_id_must_name_its_session() {
    let t = SiteTest::new();
    t.write(
        "content/sessions/data.md",
        "---\ntitle: Data\norder: 2\n---\n",
    );
    t.write(
        "content/recommendations/a.md",
        "---\ntitle: A\nid: S2-F1\nsession: data\n---\n",
    );
    t.write(
        "content/recommendations/b.md",
        "---\ntitle: B\nid: S1-F1\nsession: data\n---\n",
    );
    t.build()
        .assert_error("content/recommendations/b.md:3:1: error: id `S1-F1` names session 1, but `data` is session 2 of the programme")
        .assert_error("use `id: S2-F2`");
    t.write(
        "content/recommendations/b.md",
        "---\ntitle: B\nid: S2-F2\nsession: data\n---\n",
    );
    t.build().assert_ok();
    // Ids of another form are the site's own business.
    t.write(
        "content/recommendations/b.md",
        "---\ntitle: B\nid: REC-7\nsession: data\n---\n",
    );
    t.build().assert_ok();
}

#[test]
fn curly_quotes_from_a_word_processor_are_reported_with_the_fix() {
    let t = SiteTest::new();
    t.write(
        "content/recommendations/r.md",
        "---\ntitle: “Migration data”\nid: S1-R1\nsession: opening\naddressees: [“Governments”]\n---\n",
    );
    t.build()
        .assert_error(
            "content/recommendations/r.md:2:8: error: this value starts with a curly quote",
        )
        .assert_error("use straight quotes: `title: \"Migration data\"`")
        .assert_error("content/recommendations/r.md:5:14:")
        .assert_error("use straight quotes: `addressees: [\"Governments\"]`");
}

#[test]
fn invisible_characters_in_keys_ids_and_names_are_reported() {
    let t = SiteTest::new();
    t.write(
        "content/recommendations/r.md",
        "---\ntitle: R\nid: S1-R1\u{200b}\nsession: opening\naddressees: [\"Governments\u{a0}\"]\n---\n",
    );
    t.write("content/about.md", "---\ntitle\u{a0}: About\n---\n");
    t.build()
        .assert_error("content/recommendations/r.md:3:1: error: `S1-R1")
        .assert_error("holds an invisible character (zero-width space, U+200B)")
        .assert_error("content/recommendations/r.md:5:1: error: `Governments` in `addressees` holds an invisible character (no-break space, U+00A0)")
        .assert_error("content/about.md:2:1: error: the key `title")
        .assert_error("delete the key and type it again");
}

#[test]
fn the_rust_version_is_declared_and_named_in_the_readme() {
    let version = env!("CARGO_PKG_RUST_VERSION");
    assert!(!version.is_empty(), "Cargo.toml declares no rust-version");
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let setup = &readme[readme.find("## Set-up").unwrap()..];
    let setup = &setup[..setup.find("```").unwrap()];
    assert!(
        setup.contains(&format!("Rust {version} or later")),
        "{setup}"
    );
    // No locked dependency (for this machine's platform) needs a newer Rust.
    let rustc = std::process::Command::new(std::env::var("RUSTC").unwrap_or("rustc".into()))
        .arg("-vV")
        .output()
        .unwrap();
    let rustc = String::from_utf8(rustc.stdout).unwrap();
    let host = rustc
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .unwrap();
    let meta = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--offline", "--locked"])
        .args(["--filter-platform", host])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        meta.status.success(),
        "{}",
        String::from_utf8_lossy(&meta.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&meta.stdout).unwrap();
    let parse = |v: &str| -> Vec<u32> { v.split('.').map(|n| n.parse().unwrap()).collect() };
    let (newest, by) = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| Some((parse(p["rust_version"].as_str()?), p["name"].as_str()?)))
        .max()
        .unwrap();
    assert!(
        parse(version) >= newest,
        "rust-version {version} is older than {by}'s {newest:?}"
    );
}

/// Values left as placeholders are warned about, and are errors under
/// `--strict`, so that `name: "..."` is never published as "...".
#[test]
fn placeholders_are_warnings_and_strict_errors() {
    let t = SiteTest::new();
    t.write(
        "content/presentations/p.md",
        "---\ntitle: TBD\nsession: opening\npresenters:\n  - name: \"...\"\n    organization: Ministry\n  - name: \"\"\n---\n",
    );
    let check = t.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    for needle in [
        "content/presentations/p.md:2:1: warning: `title` is a placeholder (`TBD`), not yet the real text",
        "content/presentations/p.md:4:1: warning: `presenters[0].name` is a placeholder (`...`)",
        "`presenters[1].name` is empty",
        "help: write the real value, or remove the key",
    ] {
        assert!(check.stderr.contains(needle), "{needle}\n{}", check.stderr);
    }
    t.run(&["check", "--strict"])
        .assert_error("content/presentations/p.md:2:1: error: `title` is a placeholder");
    // Real text that merely contains the words is not one.
    t.write(
        "content/presentations/p.md",
        "---\ntitle: \"To do: data... and TBD items\"\nsession: opening\npresenters: [Ana Lima]\n---\n",
    );
    let strict = t.run(&["check", "--strict"]);
    assert_eq!(strict.code, 0, "{}", strict.stderr);
}

/// The rule of findings per session says whether to add or remove, and by
/// how many; the roles rule says how to write the list, and skips breaks.
#[test]
fn rules_say_too_many_or_too_few_and_how_to_fix_it() {
    let t = SiteTest::new();
    t.write(
        "config.yaml",
        &format!(
            "{}rules:\n  findings_per_session: 2\n  session_roles: [rapporteurs]\n",
            crate::support::CONFIG
        ),
    );
    t.write(
        "content/sessions/opening.md",
        "---\ntitle: Opening\norder: 1\nkind: thematic\nrapporteurs: [Ana Lima]\n---\n",
    );
    t.write(
        "content/sessions/lunch.md",
        "---\ntitle: Lunch\norder: 2\nkind: break\n---\n",
    );
    t.write(
        "content/sessions/two.md",
        "---\ntitle: Two\norder: 3\n---\n",
    );
    for (file, id, session) in [
        ("a", "S1-R1", "opening"),
        ("b", "S1-R2", "opening"),
        ("c", "S1-R3", "opening"),
        ("d", "S3-R1", "two"),
    ] {
        t.write(
            &format!("content/recommendations/{file}.md"),
            &format!("---\ntitle: {file}\nid: {id}\nsession: {session}\n---\n"),
        );
    }
    let run = t.run(&["check", "--strict"]);
    run.assert_error("there are 1 too many: merge or move some to another session, or change `findings_per_session` in config.yaml")
        .assert_error("add 1 more to `content/recommendations/` with `session: two`")
        .assert_error("session `two` names no rapporteurs")
        .assert_error("(a list: `rapporteurs:` on its own line, then `  - name: ...` lines), or take `rapporteurs` out of `session_roles`");
    assert!(!run.stderr.contains("`lunch` names no"), "{}", run.stderr);
}
