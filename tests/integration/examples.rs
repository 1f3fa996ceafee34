//! The sites the repository ships (the bundled proceedings at its root and
//! the examples) build and check clean. Nothing here reads what they say:
//! their content changes with the proceedings, and a new finding must
//! never break a test.

use std::path::Path;
use std::process::Command;

fn sites() -> Vec<std::path::PathBuf> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sites = vec![repo.to_path_buf()];
    for e in std::fs::read_dir(repo.join("examples")).unwrap() {
        let path = e.unwrap().path();
        if path.join("config.yaml").is_file() {
            sites.push(path);
        }
    }
    sites
}

#[test]
fn every_shipped_site_builds_and_checks_clean() {
    for site in sites() {
        let out = tempfile::tempdir().unwrap();
        let build = Command::new(env!("CARGO_BIN_EXE_rapporteur"))
            .args(["build", "--root"])
            .arg(&site)
            .arg("--output-dir")
            .arg(out.path().join("site"))
            .output()
            .unwrap();
        assert!(
            build.status.success(),
            "{}: {}",
            site.display(),
            String::from_utf8_lossy(&build.stderr)
        );
        assert!(out.path().join("site/index.html").is_file());
        let check = Command::new(env!("CARGO_BIN_EXE_rapporteur"))
            .args(["check", "--root"])
            .arg(&site)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&check.stderr);
        assert!(check.status.success(), "{}: {stderr}", site.display());
        assert!(
            stderr.contains("checked: no errors"),
            "{}: {stderr}",
            site.display()
        );
    }
}
