//! Output: writing the built site to disk, all or nothing.
//!
//! Runs last. Files are written (in parallel) into a temporary folder beside
//! the output folder, which replaces the old output only once everything is
//! written; on any error the old output stays byte-for-byte as it was.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Location};

/// A file to write: its bytes in memory, or a file to copy.
#[derive(Debug, Clone)]
pub enum Contents {
    Bytes(Vec<u8>),
    Copy(PathBuf),
}

/// A file of the output, relative to the output root, with `/`.
#[derive(Debug, Clone)]
pub struct Planned {
    pub path: String,
    pub contents: Contents,
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

/// Writes `files` into a fresh folder and swaps it in for `output`.
pub fn write_atomically(output: &Path, files: &[Planned]) -> Result<(), Diagnostic> {
    let fail = |what: &str, e: std::io::Error| {
        Diagnostic::error(Location::file(output), format!("{what}: {e}"))
            .with_help("check that the folder is writable and the disk has space")
    };
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .map_err(|e| fail("cannot create the output's parent folder", e))?;
    let staging = tempfile::Builder::new()
        .prefix(".rapporteur-staging-")
        .tempdir_in(&parent)
        .map_err(|e| fail("cannot create a temporary folder", e))?;

    let dirs: BTreeSet<&str> = files
        .iter()
        .filter_map(|f| f.path.rsplit_once('/').map(|(d, _)| d))
        .collect();
    for dir in dirs {
        std::fs::create_dir_all(staging.path().join(dir))
            .map_err(|e| fail("cannot create a folder", e))?;
    }
    files.par_iter().try_for_each(|f| {
        let target = staging.path().join(&f.path);
        match &f.contents {
            Contents::Bytes(b) => std::fs::write(&target, b),
            Contents::Copy(src) => std::fs::copy(src, &target).map(|_| ()),
        }
        .map_err(|e| fail(&format!("cannot write `{}`", f.path), e))
    })?;

    // Swap: the old output moves aside, the new one takes its name.
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
        let _ = std::fs::remove_dir_all(aside);
    }
    Ok(())
}
