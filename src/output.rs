//! Output: where the built site goes, all or nothing.
//!
//! Runs as files are made. [`Staging`] writes each file at once into a
//! temporary folder beside the output folder, which replaces the old output
//! only when the whole build succeeded; on any error the old output stays
//! byte-for-byte as it was. [`Memory`] keeps the files instead, for `check`
//! and `serve`. Both keep a [`Ledger`] of what made each path, so two sources
//! for one path are an error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::diagnostics::{Diagnostic, Location};
pub use crate::render::Contents;
use crate::render::{Sink, WriteFn};
use std::io::Write;

/// A file of the output, relative to the output root, with `/`.
#[derive(Debug, Clone)]
pub struct Planned {
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
    files: Mutex<Vec<Planned>>,
    ledger: Ledger,
}

impl Sink for Memory {
    fn put(&self, path: String, contents: Contents, origin: &str) {
        self.ledger.record(&path, origin);
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Planned { path, contents });
    }
}

impl Memory {
    /// The files, sorted by path, or the paths made twice.
    pub fn into_files(self) -> Result<Vec<Planned>, Vec<Diagnostic>> {
        let collisions = self.ledger.collisions();
        if !collisions.is_empty() {
            return Err(collisions);
        }
        let mut files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }
}

/// Writes files into a temporary folder beside the output folder as they
/// are made; [`Staging::finish`] swaps it in.
pub struct Staging {
    output: PathBuf,
    dir: tempfile::TempDir,
    ledger: Ledger,
    errors: Mutex<Vec<Diagnostic>>,
}

impl Staging {
    /// Creates the staging folder beside `output`.
    pub fn new(output: &Path) -> Result<Staging, Diagnostic> {
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)
            .map_err(|e| io_error(output, "cannot create the output's parent folder", e))?;
        let dir = tempfile::Builder::new()
            .prefix(".rapporteur-staging-")
            .tempdir_in(&parent)
            .map_err(|e| io_error(output, "cannot create a temporary folder", e))?;
        Ok(Staging {
            output: output.to_path_buf(),
            dir,
            ledger: Ledger::default(),
            errors: Mutex::new(Vec::new()),
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
        swap_in(self.dir, &self.output).map_err(|d| vec![d])?;
        Ok(count)
    }
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
                Contents::Copy(src) => std::fs::copy(src, &target).map(|_| ()),
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

/// Checks that `output` is a safe place to replace: not the site root or one
/// of its source folders, and not a folder that rapporteur did not make.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root_abs, out_abs) = (abs(root), abs(output));
    let sources = ["content", "static", "templates", "themes"];
    let is_source = root_abs.starts_with(&out_abs)
        || sources
            .iter()
            .any(|s| out_abs.starts_with(root_abs.join(s)));
    if is_source {
        return Err(Diagnostic::general(format!(
            "refusing to write the site into `{}`, which holds its sources",
            output.display()
        ))
        .with_help("choose another `--output-dir`, e.g. `public`"));
    }
    if output.exists() {
        if !output.is_dir() {
            return Err(Diagnostic::general(format!(
                "`{}` exists and is not a folder",
                output.display()
            ))
            .with_help("remove it or choose another `--output-dir`"));
        }
        let is_empty = std::fs::read_dir(output)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        let looks_built = output.join(".nojekyll").exists() || output.join("index.html").exists();
        if !is_empty && !looks_built {
            return Err(Diagnostic::general(format!(
                "`{}` is not empty and does not look like a built site; it would be replaced",
                output.display()
            ))
            .with_help("remove it or choose another `--output-dir`"));
        }
    }
    Ok(())
}

/// Moves the old output aside, renames the staged folder into its place and
/// removes the old one.
fn swap_in(staging: tempfile::TempDir, output: &Path) -> Result<(), Diagnostic> {
    let fail = |what: &str, e: std::io::Error| io_error(output, what, e);
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let staged = staging.keep();
    let old = if output.exists() {
        let aside = parent.join(format!(
            ".rapporteur-old-{}",
            staged
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
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
