//! The build pipeline, end to end:
//! config → walk → front matter → site graph → render → write.
//!
//! Each step lives in its own module; this one calls them in order, collects
//! every problem of the run, and times each phase.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::diagnostics::{self, Diagnostic};
use crate::exports;
use crate::front_matter::{self, Parsed};
use crate::markdown::Markdown;
use crate::output::{self, Planned};
use crate::render::{self, Bodies, Contents, Sink};
use crate::site::{self, ResolveInput, Site};
use crate::source;
use crate::templates::{self, Templates};
use crate::urls::Urls;

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

/// How long each phase took, and the process's peak memory at its end.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub phases: Vec<Phase>,
    /// The pages that took longest to render and write, slowest first.
    pub slowest_pages: Vec<(String, Duration)>,
}

/// One phase of a build.
#[derive(Debug, Clone)]
pub struct Phase {
    pub name: &'static str,
    pub took: Duration,
    /// Peak resident memory of the process so far, in bytes, where the
    /// platform tells (Linux).
    pub peak_memory: Option<u64>,
}

impl Timings {
    fn record(&mut self, phase: &'static str, since: Instant) -> Instant {
        let now = Instant::now();
        self.phases.push(Phase {
            name: phase,
            took: now - since,
            peak_memory: peak_memory(),
        });
        now
    }

    pub fn total(&self) -> Duration {
        self.phases.iter().map(|p| p.took).sum()
    }
}

/// The peak resident memory of this process (`VmHWM`), on Linux.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}

/// What rendering made besides the files: the resolved site and its
/// rendered bodies (for `check`), counts, log lines and timings.
pub struct Built {
    pub site: Site,
    pub bodies: Bodies,
    pub templates: Templates,
    pub markdown: Markdown,
    pub urls: Urls,
    pub pages: usize,
    /// Lines for the build log (sessions left out of the calendar, index sizes).
    pub notes: Vec<String>,
    /// Problems that do not stop the build (code shown without
    /// highlighting, raw HTML removed), sorted.
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
}

/// A site rendered in memory, not written.
pub struct Rendered {
    pub site: Site,
    pub bodies: Bodies,
    /// Kept so that `serve` can render one page again without reloading.
    pub templates: Templates,
    pub markdown: Markdown,
    pub urls: Urls,
    pub files: Vec<Planned>,
    pub pages: usize,
    pub notes: Vec<String>,
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
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
    let mut built = sorted(render_to(options, &staging, false))?;
    built.notes.splice(0..0, staging.notes.iter().cloned());
    let start = Instant::now();
    let files = sorted(staging.finish())?;
    built.timings.record("swap", start);
    Ok(BuildReport {
        output,
        pages: built.pages,
        files,
        notes: built.notes,
        warnings: built.warnings,
        timings: built.timings,
    })
}

/// Runs every step but writing: config, walk, front matter, site graph,
/// Markdown, templates and exports, keeping the files in memory. Returns
/// every problem of the run, sorted.
pub fn render_in_memory(options: &BuildOptions) -> Result<Rendered, Vec<Diagnostic>> {
    let memory = output::Memory::default();
    let built = sorted(render_to(options, &memory, true))?;
    let files = sorted(memory.into_files())?;
    Ok(Rendered {
        site: built.site,
        bodies: built.bodies,
        templates: built.templates,
        markdown: built.markdown,
        urls: built.urls,
        files,
        pages: built.pages,
        notes: built.notes,
        warnings: built.warnings,
        timings: built.timings,
    })
}

fn sorted<T>(result: Result<T, Vec<Diagnostic>>) -> Result<T, Vec<Diagnostic>> {
    result.map_err(|mut errors| {
        diagnostics::sort(&mut errors);
        errors
    })
}

/// The pipeline, with every file handed to `sink` as soon as it is made.
/// With `keep_bodies`, the rendered bodies are complete afterwards (`check`
/// and `serve` read them); a build frees what it no longer needs as it goes.
fn render_to(
    options: &BuildOptions,
    sink: &dyn Sink,
    keep_bodies: bool,
) -> Result<Built, Vec<Diagnostic>> {
    let root = &options.root;
    let mut timings = Timings::default();
    let mut t = Instant::now();
    if !root.is_dir() {
        return Err(vec![
            Diagnostic::general(format!(
                "no site at `{}`: the folder does not exist",
                root.display()
            ))
            .with_help("pass `--root` with the folder that holds `config.yaml` and `content/`"),
        ]);
    }
    let config = config::load_config(root, options.base_url.as_deref())?;
    let urls = Urls::new(config.base_url.clone());
    let theme_dir = templates::theme_dir(&config.theme);

    let (mut sources, mut errors) =
        source::walk_site(root, &theme_dir, config.limits.max_file_bytes());
    t = timings.record("walk", t);

    // Each source's text is freed once its document is made.
    let parsed: Vec<(PathBuf, Result<Parsed, Vec<Diagnostic>>)> =
        std::mem::take(&mut sources.files)
            .into_par_iter()
            .map(|f| (f.path.clone(), front_matter::parse_document(&f)))
            .collect();
    let mut documents = Vec::with_capacity(parsed.len());
    let mut broken = HashSet::new();
    for (path, r) in parsed {
        match r {
            Ok(d) => documents.push(d),
            Err(ds) => {
                broken.insert(path);
                errors.extend(ds);
            }
        }
    }
    t = timings.record("parse", t);

    let resolved = site::resolve(ResolveInput {
        config: config.clone(),
        documents,
        broken,
        sources,
        include_drafts: options.drafts,
    });
    t = timings.record("resolve", t);

    // Templates are loaded even when content has errors, so that a run
    // reports template mistakes too.
    let templates = Templates::load(root, &config.theme, &urls);
    t = timings.record("templates-load", t);

    let mut site = match resolved {
        Ok(site) if errors.is_empty() => site,
        Ok(_) => {
            if let Err(te) = templates {
                errors.extend(te);
            }
            return Err(errors);
        }
        Err(e) => {
            errors.extend(e);
            if let Err(te) = templates {
                errors.extend(te);
            }
            return Err(errors);
        }
    };
    let templates = templates?;

    let markdown = Markdown::new(&config.markdown, urls.clone());
    let mut bodies = render::render_bodies(&mut site, &markdown, &urls);
    let mut warnings = bodies.take_warnings();
    diagnostics::sort(&mut warnings);
    t = timings.record("markdown", t);

    // Exports first: they are the only readers of the bodies' plain text,
    // which is then freed before the pages are rendered.
    let notes = exports::render_exports(&site, &bodies, &urls, sink)?;
    bodies.drop_texts();
    t = timings.record("exports", t);
    if !keep_bodies {
        bodies.drop_links();
    }
    let made = render::render_site(
        &site,
        &mut bodies,
        &templates,
        &urls,
        options.drafts,
        sink,
        keep_bodies,
    )?;
    timings.slowest_pages = made.slowest;
    let pages = made.pages;
    t = timings.record("templates", t);
    put_assets(&config, &site, &root.join(&theme_dir), sink);
    timings.record("assets", t);
    Ok(Built {
        site,
        bodies,
        templates,
        markdown,
        urls,
        pages,
        notes,
        warnings,
        timings,
    })
}

/// The files that are not rendered: `.nojekyll`, `CNAME`, the site's and the
/// theme's static files (the site's win) and content assets.
fn put_assets(config: &Config, site: &Site, theme_dir: &Path, sink: &dyn Sink) {
    sink.put(
        ".nojekyll".into(),
        Contents::Bytes(Vec::new()),
        "`.nojekyll`",
    );
    if let Some(cname) = &config.cname {
        sink.put(
            "CNAME".into(),
            Contents::Bytes(format!("{cname}\n").into_bytes()),
            "`cname` in config.yaml",
        );
    }
    let mut static_paths = HashSet::new();
    for a in &site.static_assets {
        static_paths.insert(a.route.as_str().to_string());
        sink.put(
            a.route.output_file(),
            Contents::Copy(a.source.clone()),
            &format!("`{}`", a.source.display()),
        );
    }
    if !theme_dir.is_dir() && config.theme == "default" {
        for (name, bytes) in templates::default_theme::STATIC {
            if !static_paths.contains(*name) {
                sink.put(
                    name.to_string(),
                    Contents::Bytes(bytes.to_vec()),
                    &format!("the default theme's `static/{name}`"),
                );
            }
        }
    }
    for a in &site.content_assets {
        sink.put(
            a.route.output_file(),
            Contents::Copy(a.source.clone()),
            &format!("`content/{}`", a.route.as_str()),
        );
    }
}
