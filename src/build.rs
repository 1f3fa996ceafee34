//! `rapporteur build` and the in-memory run that `check` and `serve` use.
//!
//! [`build`] runs the [`Pipeline`] into a staging folder beside the output,
//! which replaces the output only when everything succeeded (see `output`);
//! [`render_in_memory`] runs it into memory and keeps every body.

use std::path::PathBuf;
use std::time::Instant;

use crate::diagnostics::Diagnostic;
use crate::output::{self, OutputFile};
use crate::pipeline::{Pipeline, Run, Timings};
use crate::schedule::Retention;

/// What to build and where.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site root (holds `config.yaml` and `content/`).
    pub root: PathBuf,
    /// Defaults to `<root>/public`.
    pub output_dir: Option<PathBuf>,
    /// Overrides `base_url` of `config.yaml`.
    pub base_url: Option<String>,
    /// Include `draft: true` documents.
    pub drafts: bool,
    /// Replace an output folder that rapporteur did not make.
    pub force: bool,
}

impl BuildOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output_dir
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub output: PathBuf,
    pub pages: usize,
    pub files: usize,
    pub notes: Vec<String>,
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
}

/// Builds the site and writes it to the output folder, all or nothing:
/// files are written to a staging folder as they are made, and the staging
/// folder replaces the output only when everything succeeded.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    let output = options.output_dir();
    let staging =
        output::Staging::new(&options.root, &output, options.force).map_err(|d| vec![d])?;
    let (_, mut run) = Pipeline::full(options, &staging, Retention::Build)?;
    run.notes.splice(0..0, staging.notes.iter().cloned());
    let start = Instant::now();
    let files = staging.finish().map_err(|mut e| {
        crate::diagnostics::sort(&mut e);
        e
    })?;
    run.timings.record("swap", start);
    Ok(BuildReport {
        output,
        pages: run.pages,
        files,
        notes: run.notes,
        warnings: run.warnings,
        timings: run.timings,
    })
}

/// A site rendered in memory, not written: the pipeline (site, bodies,
/// templates) with every file it made, sorted by path.
pub struct Rendered {
    pub pipeline: Pipeline,
    pub files: Vec<OutputFile>,
    pub run: Run,
}

/// Runs every step but writing, keeping the files and every body in
/// memory. Returns every problem of the run, sorted.
pub fn render_in_memory(options: &BuildOptions) -> Result<Rendered, Vec<Diagnostic>> {
    let memory = output::Memory::default();
    let (pipeline, run) = Pipeline::full(options, &memory, Retention::Preview)?;
    let files = memory.into_files().map_err(|mut e| {
        crate::diagnostics::sort(&mut e);
        e
    })?;
    Ok(Rendered {
        pipeline,
        files,
        run,
    })
}
