//! `SiteTest`: a fixture site in a temporary folder, built with the binary.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct SiteTest {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    #[track_caller]
    pub fn assert_ok(&self) -> &Self {
        assert_eq!(self.code, 0, "build failed:\n{}", self.stderr);
        self
    }

    #[track_caller]
    pub fn assert_error(&self, needle: &str) -> &Self {
        assert_eq!(
            self.code, 1,
            "expected exit 1, got {}:\n{}",
            self.code, self.stderr
        );
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
        self
    }
}

pub const CONFIG: &str = "title: Test Proceedings\nbase_url: https://example.org/\n";
pub const EVENT: &str =
    "---\ntitle: Test Workshop\nstart_date: 2012-06-12\nend_date: 2012-06-13\n---\nOverview.\n";

impl SiteTest {
    /// An empty folder.
    pub fn empty() -> Self {
        SiteTest {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    /// A copy of the fixture site `tests/fixtures/<name>/`, in a temporary
    /// folder of its own.
    pub fn fixture(name: &str) -> Self {
        let t = SiteTest::empty();
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        assert!(from.is_dir(), "no fixture {}", from.display());
        for e in walkdir::WalkDir::new(&from) {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(&from).unwrap();
            let to = t.path(&rel.to_string_lossy());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(e.path(), &to).unwrap();
            }
        }
        t
    }

    /// A minimal valid site: config, event, one session.
    pub fn new() -> Self {
        let t = SiteTest::empty();
        t.write("config.yaml", CONFIG);
        t.write("content/_index.md", EVENT);
        t.write(
            "content/sessions/opening.md",
            "---\ntitle: Opening\norder: 1\nkind: opening\n---\nWelcome.\n",
        );
        t
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        self.write_bytes(rel, text.as_bytes())
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
        self
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path(rel)).unwrap();
    }

    /// Runs `rapporteur <args>` with `--root` set to this site.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_rapporteur"));
        cmd.args(args).arg("--root").arg(self.root());
        self.run_command(cmd)
    }

    /// Runs `rapporteur <args> --root <site>` with extra environment variables.
    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_rapporteur"));
        cmd.args(args).arg("--root").arg(self.root());
        cmd.envs(env.iter().copied());
        self.run_command(cmd)
    }

    /// Runs `rapporteur <args>` in this site's folder, without `--root`.
    pub fn run_here(&self, args: &[&str]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_rapporteur"));
        cmd.args(args).current_dir(self.root());
        self.run_command(cmd)
    }

    fn run_command(&self, mut cmd: Command) -> Run {
        cmd.env("NO_COLOR", "1")
            .env("RAPPORTEUR_TODAY", "2030-01-20");
        let out = cmd.output().expect("the binary runs");
        let root = self.root().to_string_lossy().into_owned();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).replace(&root, "[ROOT]"),
            stderr: String::from_utf8_lossy(&out.stderr).replace(&root, "[ROOT]"),
        }
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    /// A file of the default output folder, as text.
    pub fn read(&self, rel: &str) -> String {
        let p = self.path("public").join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
    }

    /// Every file under `dir`, relative path → bytes.
    pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        let mut out = BTreeMap::new();
        for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let e = e.unwrap();
            if e.file_type().is_file() {
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(e.path()).unwrap());
            }
        }
        out
    }
}

/// The `<main>` element of a page.
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main> element");
    let end = html.find("</main>").expect("a </main>");
    &html[start..end]
}

/// Runs git in the site's folder with a fixed identity and no user or
/// system configuration; `date` sets the author and committer dates.
pub fn git(t: &SiteTest, args: &[&str], date: Option<&str>) {
    let mut cmd = Command::new("git");
    cmd.args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(t.root())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null");
    if let Some(date) = date {
        cmd.env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date);
    }
    let out = cmd.output().expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
