//! The build pipeline, end to end:
//! config → walk → front matter → site graph → render → write.
//!
//! Each step lives in its own module; this one calls them in order, collects
//! every problem of the run, and times each phase.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::diagnostics::{self, Diagnostic, Location};
use crate::exports;
use crate::front_matter::{self, Parsed};
use crate::markdown::Markdown;
use crate::output::{self, Contents, Planned};
use crate::render::{self, Bodies};
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
}

impl BuildOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output_dir
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// How long each phase took.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub phases: Vec<(&'static str, Duration)>,
}

impl Timings {
    fn record(&mut self, phase: &'static str, since: Instant) -> Instant {
        let now = Instant::now();
        self.phases.push((phase, now - since));
        now
    }

    pub fn total(&self) -> Duration {
        self.phases.iter().map(|(_, d)| *d).sum()
    }
}

/// A site rendered in memory, not yet written.
pub struct Rendered {
    pub site: Site,
    pub bodies: Bodies,
    pub files: Vec<Planned>,
    pub pages: usize,
    /// Lines for the build log (sessions left out of the calendar, index sizes).
    pub notes: Vec<String>,
    pub timings: Timings,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub output: PathBuf,
    pub pages: usize,
    pub files: usize,
    pub notes: Vec<String>,
    pub timings: Timings,
}

/// Builds the site and writes it to the output folder, all or nothing.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    let output = options.output_dir();
    output::check_output_dir(&options.root, &output).map_err(|d| vec![d])?;
    let mut rendered = render_in_memory(options)?;
    let start = Instant::now();
    output::write_atomically(&output, &rendered.files).map_err(|d| vec![d])?;
    rendered.timings.record("write", start);
    Ok(BuildReport {
        output,
        pages: rendered.pages,
        files: rendered.files.len(),
        notes: rendered.notes,
        timings: rendered.timings,
    })
}

/// Runs every step but writing: config, walk, front matter, site graph,
/// Markdown and templates. Returns every problem of the run, sorted.
pub fn render_in_memory(options: &BuildOptions) -> Result<Rendered, Vec<Diagnostic>> {
    let result = render_unsorted(options);
    result.map_err(|mut errors| {
        diagnostics::sort(&mut errors);
        errors
    })
}

fn render_unsorted(options: &BuildOptions) -> Result<Rendered, Vec<Diagnostic>> {
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
    let theme_dir = templates::theme_dir(root, &config.theme);

    let (sources, mut errors) = source::walk_site(root, &theme_dir);
    t = timings.record("walk", t);

    let parsed: Vec<(PathBuf, Result<Parsed, Vec<Diagnostic>>)> = sources
        .files
        .par_iter()
        .map(|f| (f.path.clone(), front_matter::parse_document(f)))
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

    let site = match resolved {
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
    let bodies = render::render_bodies(&site, &markdown, &urls);
    t = timings.record("markdown", t);

    let mut pages = render::render_site(&site, &bodies, &templates, &urls, options.drafts)?;
    t = timings.record("templates", t);
    let exports = exports::render_exports(&site, &bodies, &urls)?;
    pages.extend(exports.files);
    t = timings.record("exports", t);

    let page_count = pages.iter().filter(|f| f.path.ends_with(".html")).count();
    let files = plan_files(&config, &site, &theme_dir, pages)?;
    timings.record("plan", t);
    Ok(Rendered {
        site,
        bodies,
        files,
        pages: page_count,
        notes: exports.notes,
        timings,
    })
}

/// Every file of the output: pages, extras, theme and site static files and
/// content assets. Two sources for one output path are an error.
fn plan_files(
    config: &Config,
    site: &Site,
    theme_dir: &Path,
    pages: Vec<render::OutputFile>,
) -> Result<Vec<Planned>, Vec<Diagnostic>> {
    let mut planned: Vec<(Planned, String)> = Vec::new();
    for p in pages {
        let origin = format!("the page `{}`", p.path);
        planned.push((
            Planned {
                path: p.path,
                contents: Contents::Bytes(p.bytes),
            },
            origin,
        ));
    }
    planned.push((
        Planned {
            path: ".nojekyll".into(),
            contents: Contents::Bytes(Vec::new()),
        },
        "`.nojekyll`".into(),
    ));
    if let Some(cname) = &config.cname {
        planned.push((
            Planned {
                path: "CNAME".into(),
                contents: Contents::Bytes(format!("{cname}\n").into_bytes()),
            },
            "`cname` in config.yaml".into(),
        ));
    }
    // Site static files first: they win over the theme's.
    let mut static_paths = HashSet::new();
    for a in &site.static_assets {
        static_paths.insert(a.route.as_str().to_string());
        planned.push((
            Planned {
                path: a.route.output_file(),
                contents: Contents::Copy(a.source.clone()),
            },
            format!("`{}`", a.source.display()),
        ));
    }
    if !theme_dir.is_dir() && config.theme == "default" {
        for (name, bytes) in templates::default_theme::STATIC {
            if !static_paths.contains(*name) {
                planned.push((
                    Planned {
                        path: name.to_string(),
                        contents: Contents::Bytes(bytes.to_vec()),
                    },
                    format!("the default theme's `static/{name}`"),
                ));
            }
        }
    }
    for a in &site.content_assets {
        planned.push((
            Planned {
                path: a.route.output_file(),
                contents: Contents::Copy(a.source.clone()),
            },
            format!("`content/{}`", a.route.as_str()),
        ));
    }

    let mut seen: HashMap<String, String> = HashMap::new();
    let mut errors = Vec::new();
    for (p, origin) in &planned {
        if let Some(first) = seen.insert(p.path.clone(), origin.clone()) {
            let location = if origin.starts_with("`content/") {
                Location::file(origin.trim_matches('`'))
            } else {
                Location::file(&p.path)
            };
            errors.push(
                Diagnostic::error(
                    location,
                    format!("two files would be written to `{}`", p.path),
                )
                .with_help(format!("{first} and {origin} both go there; rename one")),
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut files: Vec<Planned> = planned.into_iter().map(|(p, _)| p).collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
