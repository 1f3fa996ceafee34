//! Output: where the built site goes, all or nothing.
//!
//! Runs as files are made: pages and exports hand each file to a [`Sink`]
//! as soon as it is made. [`Staging`] writes each file at once into a
//! temporary folder beside the output folder, which replaces the old output
//! only when the whole build succeeded; on any error the old output stays
//! byte-for-byte as it was. [`Memory`] keeps the files instead, for `check`
//! and `serve`. Both keep a [`Ledger`] of what made each path, so two sources
//! for one path are an error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::diagnostics::{Diagnostic, Location};
use std::io::Write;

/// What a file of the output holds: bytes made by the build, or a file to copy.
#[derive(Debug, Clone)]
pub enum Contents {
    Bytes(Vec<u8>),
    Copy(PathBuf),
}

/// Where files go as soon as they are made: kept in memory (`check`,
/// `serve`) or written to a staging folder (`build`), so that a build never
/// holds the whole site in memory. `origin` names what made the file, for
/// the error when two things make the same path.
pub trait Sink: Sync {
    fn put(&self, path: String, contents: Contents, origin: &str);

    /// Makes the file at `path` by handing `make` a writer, so that a big
    /// page goes to disk as it is rendered instead of being held whole.
    /// `make`'s error (a template error) is returned; the file is then
    /// incomplete, and the build fails anyway.
    fn put_with(
        &self,
        path: String,
        origin: &str,
        make: &mut WriteFn<'_>,
    ) -> Result<(), Diagnostic> {
        let mut bytes = Vec::new();
        make(&mut bytes)?;
        self.put(path, Contents::Bytes(bytes), origin);
        Ok(())
    }
}

/// Writes a file's contents into the writer it is given.
pub type WriteFn<'a> = dyn FnMut(&mut dyn std::io::Write) -> Result<(), Diagnostic> + 'a;

/// A file of the output, kept in memory: its path relative to the output
/// root, with `/`, and what it holds.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub contents: Contents,
}

/// What made each output path.
#[derive(Default)]
struct Ledger(Mutex<BTreeMap<String, Vec<String>>>);

impl Ledger {
    fn record(&self, path: &str, origin: &str) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(path.to_string())
            .or_default()
            .push(origin.to_string());
    }

    fn len(&self) -> usize {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// One error per path made by two or more things.
    fn collisions(&self) -> Vec<Diagnostic> {
        let map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.iter()
            .filter(|(_, origins)| origins.len() > 1)
            .map(|(path, origins)| {
                let mut origins = origins.clone();
                origins.sort();
                let location = origins
                    .iter()
                    .find_map(|o| o.strip_prefix('`').and_then(|o| o.strip_suffix('`')))
                    .filter(|o| o.starts_with("content/") || o.starts_with("static/"))
                    .map(Location::file)
                    .unwrap_or_else(|| Location::file(path));
                Diagnostic::error(location, format!("two files would be written to `{path}`"))
                    .with_help(format!(
                        "{} all go there; rename one",
                        origins.join(" and ")
                    ))
            })
            .collect()
    }
}

/// Keeps the built files in memory.
#[derive(Default)]
pub struct Memory {
    files: Mutex<Vec<OutputFile>>,
    ledger: Ledger,
}

impl Sink for Memory {
    fn put(&self, path: String, contents: Contents, origin: &str) {
        self.ledger.record(&path, origin);
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(OutputFile { path, contents });
    }
}

impl Memory {
    /// The files, sorted by path, or the paths made twice.
    pub fn into_files(self) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        let collisions = self.ledger.collisions();
        if !collisions.is_empty() {
            return Err(collisions);
        }
        let mut files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }
}

/// The file every output folder made by rapporteur holds: a build
/// replaces only a folder that has it (or any folder with `--force`).
pub const MARKER: &str = ".rapporteur-output";
const MARKER_TEXT: &str = "This folder was written by `rapporteur build`, which replaces it whole at each build.\nDo not keep other files in it.\n";
/// Prefixes of the folders a build makes beside its output.
const STAGING_PREFIX: &str = ".rapporteur-staging-";
const OLD_PREFIX: &str = ".rapporteur-old-";

/// Writes files into a temporary folder beside the output folder as they
/// are made; [`Staging::finish`] swaps it in.
pub struct Staging {
    output: PathBuf,
    dir: tempfile::TempDir,
    /// The staging folder's marker, open and locked while this build runs,
    /// so that another build's clean-up leaves the folder alone.
    _marker: std::fs::File,
    ledger: Ledger,
    errors: Mutex<Vec<Diagnostic>>,
    /// What the build did beside writing (folders of interrupted builds
    /// removed or restored), for the build log.
    pub notes: Vec<String>,
}

impl Staging {
    /// Creates the staging folder beside `output`, after checking that
    /// `output` may be replaced (see [`check_output_dir`]) and tidying up
    /// after builds that were killed: their staging folders are removed,
    /// and an output folder left aside is put back.
    pub fn new(root: &Path, output: &Path, force: bool) -> Result<Staging, Diagnostic> {
        let parent = parent_of(output);
        std::fs::create_dir_all(&parent)
            .map_err(|e| io_error(output, "cannot create the output's parent folder", e))?;
        let notes = {
            let _lock = ParentLock::take(&parent);
            let notes = recover(&parent, output);
            check_output_dir(root, output, force)?;
            notes
        };
        let dir = tempfile::Builder::new()
            .prefix(STAGING_PREFIX)
            .tempdir_in(&parent)
            .map_err(|e| io_error(output, "cannot create a temporary folder", e))?;
        let marker = write_marker(dir.path())
            .map_err(|e| io_error(output, "cannot write into the temporary folder", e))?;
        Ok(Staging {
            output: output.to_path_buf(),
            dir,
            _marker: marker,
            ledger: Ledger::default(),
            errors: Mutex::new(Vec::new()),
            notes,
        })
    }

    /// Checks that no path was made twice and that every write worked, then
    /// replaces the output folder with the staging folder. On error the
    /// staging folder is removed and the output is untouched.
    /// Returns the number of files written.
    pub fn finish(self) -> Result<usize, Vec<Diagnostic>> {
        let mut errors = self.errors.into_inner().unwrap_or_else(|e| e.into_inner());
        errors.extend(self.ledger.collisions());
        if !errors.is_empty() {
            return Err(errors);
        }
        let count = self.ledger.len();
        let _lock = ParentLock::take(&parent_of(&self.output));
        swap_in(self.dir, &self.output).map_err(|d| vec![d])?;
        Ok(count)
    }
}

/// Writes the marker into a new folder and keeps it open and locked.
fn write_marker(dir: &Path) -> std::io::Result<std::fs::File> {
    let mut file = std::fs::OpenOptions::new()
        .create_new(true)
        .write(true)
        .open(dir.join(MARKER))?;
    file.write_all(MARKER_TEXT.as_bytes())?;
    // Another build's clean-up tries this lock: held, the folder is in use.
    let _ = file.try_lock();
    Ok(file)
}

/// Whether `dir` is a real folder (not a link) holding a marker that no
/// running build holds: a folder left by a build that was killed.
fn is_abandoned(dir: &Path) -> bool {
    let is_real_dir = std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir());
    if !is_real_dir || !has_marker(dir) {
        return false;
    }
    match std::fs::File::open(dir.join(MARKER)) {
        Ok(f) => f.try_lock().is_ok(),
        Err(_) => false,
    }
}

fn has_marker(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

/// Removes the staging folders of killed builds beside `output`, and puts
/// back an output folder that a killed build had moved aside (it dies
/// between the two renames of the swap). Returns what it did, for the log.
fn recover(parent: &Path, output: &Path) -> Vec<String> {
    let Some(output_name) = output.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut stale: Vec<PathBuf> = Vec::new();
    let mut aside: Vec<(std::time::SystemTime, PathBuf)> = Vec::new();
    for e in entries.filter_map(|e| e.ok()) {
        let name = e.file_name().to_string_lossy().into_owned();
        let path = e.path();
        if name.starts_with(STAGING_PREFIX) && is_abandoned(&path) {
            stale.push(path);
        } else if name.starts_with(OLD_PREFIX) && is_abandoned(&path) {
            let when = e
                .metadata()
                .and_then(|m| m.modified())
                .unwrap_or(std::time::UNIX_EPOCH);
            aside.push((when, path));
        }
    }
    let mut notes = Vec::new();
    let output_missing = std::fs::symlink_metadata(output).is_err();
    aside.sort();
    if output_missing && let Some((_, newest)) = aside.pop() {
        match std::fs::rename(&newest, output) {
            Ok(()) => notes.push(format!(
                "restored `{output_name}` from `{}`, left aside by an interrupted build",
                newest.file_name().unwrap_or_default().to_string_lossy()
            )),
            Err(_) => aside.push((std::time::UNIX_EPOCH, newest)),
        }
    }
    stale.extend(aside.into_iter().map(|(_, p)| p));
    if !stale.is_empty() {
        for p in &stale {
            remove_tree(p);
        }
        notes.push(format!(
            "removed {} folder{} left by interrupted builds",
            stale.len(),
            if stale.len() == 1 { "" } else { "s" }
        ));
    }
    notes
}

/// An exclusive lock on the folder that holds the output, taken while a
/// build tidies up, checks and swaps, so that two builds never rename the
/// same folders at once. Released when dropped. Where folders cannot be
/// locked (not Unix), builds simply do not wait for each other.
struct ParentLock {
    _file: Option<std::fs::File>,
}

impl ParentLock {
    fn take(parent: &Path) -> ParentLock {
        let file = std::fs::File::open(parent).ok();
        if let Some(f) = &file {
            let _ = f.lock();
        }
        ParentLock { _file: file }
    }
}

fn parent_of(output: &Path) -> PathBuf {
    match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Copies a file of the site without following a symbolic link (see
/// [`crate::source::open_regular`]).
fn copy_regular(source: &Path, target: &Path) -> std::io::Result<()> {
    let mut from = crate::source::open_regular(source)?;
    let mut to = std::fs::File::create(target)?;
    std::io::copy(&mut from, &mut to)?;
    Ok(())
}

impl Sink for Staging {
    fn put(&self, path: String, contents: Contents, origin: &str) {
        self.ledger.record(&path, origin);
        let target = self.dir.path().join(&path);
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| match &contents {
                Contents::Bytes(b) => std::fs::write(&target, b),
                Contents::Copy(src) => copy_regular(src, &target),
            });
        if let Err(e) = written {
            self.failed(&path, e);
        }
    }

    fn put_with(
        &self,
        path: String,
        origin: &str,
        make: &mut WriteFn<'_>,
    ) -> Result<(), Diagnostic> {
        self.ledger.record(&path, origin);
        let target = self.dir.path().join(&path);
        let file = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::File::create(&target));
        let file = match file {
            Ok(f) => f,
            Err(e) => {
                self.failed(&path, e);
                return Ok(());
            }
        };
        let mut w = Recording {
            inner: std::io::BufWriter::with_capacity(64 * 1024, file),
            error: None,
        };
        let made = make(&mut w);
        let flushed = w.flush();
        match (w.error.take(), made) {
            // The disk failed, not the template.
            (Some(e), _) => self.failed(&path, e),
            (None, Err(d)) => return Err(d),
            (None, Ok(())) => {
                if let Err(e) = flushed {
                    self.failed(&path, e);
                }
            }
        }
        Ok(())
    }
}

impl Staging {
    fn failed(&self, path: &str, e: std::io::Error) {
        let d = io_error(&self.output, &format!("cannot write `{path}`"), e);
        self.errors
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(d);
    }
}

/// A writer that keeps the first error of the file it writes, so that a
/// full disk is reported as such and not as the template's fault.
struct Recording<W> {
    inner: W,
    error: Option<std::io::Error>,
}

impl<W: Write> Write for Recording<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf).inspect_err(|e| {
            self.error
                .get_or_insert_with(|| std::io::Error::new(e.kind(), e.to_string()));
        })
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush().inspect_err(|e| {
            self.error
                .get_or_insert_with(|| std::io::Error::new(e.kind(), e.to_string()));
        })
    }
}

fn io_error(output: &Path, what: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(Location::file(output), format!("{what}: {e}"))
        .with_help("check that the folder is writable and the disk has space")
}

/// Checks that `output` is a safe place to replace with a new site:
/// - not a symbolic link (replacing it would delete what it points to);
/// - not the site root, a folder that holds it, one of its source folders
///   or `.git`, the file system's root, the home folder or one that holds
///   the working folder;
/// - not a folder holding a git repository (`.git`), even with `force`;
/// - empty, or made by rapporteur (it holds [`MARKER`]), unless `force`.
pub fn check_output_dir(root: &Path, output: &Path, force: bool) -> Result<(), Diagnostic> {
    let refuse = |why: String, help: &str| Err(Diagnostic::general(why).with_help(help));
    let shown = output.display();
    let meta = std::fs::symlink_metadata(output).ok();
    if meta.as_ref().is_some_and(|m| m.file_type().is_symlink()) {
        return refuse(
            format!(
                "the output folder `{shown}` is a symbolic link; a build would delete the files it points to"
            ),
            "remove the link, or choose another `--output-dir`",
        );
    }
    if meta.as_ref().is_some_and(|m| !m.is_dir()) {
        return refuse(
            format!("`{shown}` exists and is not a folder"),
            "remove it or choose another `--output-dir`",
        );
    }
    let canonical = |p: &Path| std::fs::canonicalize(p).ok();
    let out_abs = match (&meta, output.file_name()) {
        (Some(_), _) => canonical(output),
        (None, Some(name)) => canonical(&parent_of(output)).map(|p| p.join(name)),
        (None, None) => None,
    };
    let Some(out_abs) = out_abs else {
        return refuse(
            format!("cannot tell where `{shown}` is"),
            "choose an `--output-dir` inside an existing folder",
        );
    };
    let root_abs = canonical(root).unwrap_or_else(|| root.to_path_buf());
    let holds_sources = root_abs.starts_with(&out_abs)
        || ["content", "static", "templates", "themes", ".git"]
            .iter()
            .any(|s| out_abs.starts_with(root_abs.join(s)));
    if holds_sources {
        return refuse(
            format!("refusing to write the site into `{shown}`, which holds its sources"),
            "choose another `--output-dir`, e.g. `public`",
        );
    }
    let home = std::env::var_os("HOME").and_then(|h| canonical(Path::new(&h)));
    let cwd = std::env::current_dir().ok().and_then(|d| canonical(&d));
    if out_abs.parent().is_none()
        || home.as_deref() == Some(out_abs.as_path())
        || cwd.is_some_and(|d| d.starts_with(&out_abs))
    {
        return refuse(
            format!("refusing to replace `{shown}`, which holds your files"),
            "choose a new folder for the site, e.g. `public`",
        );
    }
    if meta.is_none() {
        return Ok(());
    }
    if std::fs::symlink_metadata(out_abs.join(".git")).is_ok() {
        return refuse(
            format!("`{shown}` holds a git repository (`.git`); a build would replace it"),
            "build into another folder and copy the site into the repository yourself",
        );
    }
    let is_empty = std::fs::read_dir(output)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false);
    if !is_empty && !has_marker(output) && !force {
        return refuse(
            format!(
                "`{shown}` was not made by `rapporteur build` (it has no `{MARKER}` file) and would be replaced"
            ),
            "choose another `--output-dir`; if it is an older build of this site, delete it or pass `--force` once",
        );
    }
    Ok(())
}

/// Moves the old output aside, renames the staged folder into its place and
/// removes the old one.
fn swap_in(staging: tempfile::TempDir, output: &Path) -> Result<(), Diagnostic> {
    let fail = |what: &str, e: std::io::Error| io_error(output, what, e);
    let parent = parent_of(output);
    // The output may have been replaced by a link while the site was built.
    if std::fs::symlink_metadata(output).is_ok_and(|m| !m.is_dir()) {
        return Err(Diagnostic::general(format!(
            "the output folder `{}` became a symbolic link or a file during the build",
            output.display()
        ))
        .with_help("remove it and build again"));
    }
    let staged = staging.keep();
    let old = if std::fs::symlink_metadata(output).is_ok() {
        let aside = parent.join(format!(
            "{OLD_PREFIX}{}",
            staged
                .file_name()
                .map(|n| n
                    .to_string_lossy()
                    .trim_start_matches(STAGING_PREFIX)
                    .to_string())
                .unwrap_or_default()
        ));
        if let Err(e) = std::fs::rename(output, &aside) {
            let _ = std::fs::remove_dir_all(&staged);
            return Err(fail("cannot move the old output aside", e));
        }
        Some(aside)
    } else {
        None
    };
    if let Err(e) = std::fs::rename(&staged, output) {
        if let Some(aside) = &old {
            let _ = std::fs::rename(aside, output);
        }
        let _ = std::fs::remove_dir_all(&staged);
        return Err(fail("cannot move the new output into place", e));
    }
    if let Some(aside) = old {
        remove_tree(&aside);
    }
    Ok(())
}

/// Removes a folder and everything in it, best effort, with the folders two
/// levels down removed in parallel (a big site's old output holds tens of
/// thousands of files, and unlinking them is most of the time of a swap).
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    // Never follow a link out of the tree: remove the link itself.
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            let _ = std::fs::remove_file(dir);
            return;
        }
        Err(_) => return,
    }
    let children = |d: &Path| -> Vec<PathBuf> {
        std::fs::read_dir(d)
            .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default()
    };
    let is_dir = |p: &Path| p.symlink_metadata().is_ok_and(|m| m.is_dir());
    let grandchildren: Vec<PathBuf> = children(dir)
        .into_iter()
        .flat_map(|c| if is_dir(&c) { children(&c) } else { vec![c] })
        .collect();
    grandchildren.par_iter().for_each(|p| {
        let _ = if is_dir(p) {
            std::fs::remove_dir_all(p)
        } else {
            std::fs::remove_file(p)
        };
    });
    let _ = std::fs::remove_dir_all(dir);
}
