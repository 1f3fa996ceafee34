//! The pipeline, end to end: config → walk → front matter → site graph →
//! bodies → exports and search index → pages → a sink.
//!
//! Each step lives in its own module; [`Pipeline::full`] calls them in
//! order, collects every problem of the run and times each phase. The
//! pipeline it returns keeps what a preview needs to redo part of the work:
//! [`Pipeline::update_body`] after an edit of a page's text, and
//! [`Pipeline::rerender_templates`] after an edit of a template. `build`,
//! `check` and `serve` drive it; none of them calls a step on its own.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::bodies::{self, Bodies};
use crate::build::BuildOptions;
use crate::config::{self, Config};
use crate::diagnostics::{self, Diagnostic};
use crate::exports;
use crate::front_matter::{self, Parsed};
use crate::markdown::Markdown;
use crate::output::{Contents, OutputFile, Sink};
use crate::schedule::{self, Retention};
use crate::site::{self, ResolveInput, Site};
use crate::source;
use crate::templates::{self, Templates};
use crate::urls::Urls;

/// How long each phase took, and the process's peak memory at its end.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub phases: Vec<Phase>,
    /// The pages that took longest to render and write, slowest first.
    pub slowest_pages: Vec<(String, Duration)>,
}

/// One phase of a run.
#[derive(Debug, Clone)]
pub struct Phase {
    pub name: &'static str,
    pub took: Duration,
    /// Peak resident memory of the process so far, in bytes, where the
    /// platform tells (Linux).
    pub peak_memory: Option<u64>,
    /// The phase it ran alongside, when it did.
    pub during: Option<&'static str>,
}

impl Timings {
    pub fn record(&mut self, phase: &'static str, since: Instant) -> Instant {
        let now = Instant::now();
        self.phases.push(Phase {
            name: phase,
            took: now - since,
            peak_memory: peak_memory(),
            during: None,
        });
        now
    }

    /// A phase that ran during the last one recorded (and is part of its
    /// time), with the peak memory so far.
    pub fn record_alongside(&mut self, phase: &'static str, took: Duration) {
        let during = self.phases.last().map_or("", |p| p.name);
        self.phases.push(Phase {
            name: phase,
            took,
            peak_memory: peak_memory(),
            during: Some(during),
        });
    }

    pub fn total(&self) -> Duration {
        self.phases
            .iter()
            .filter(|p| p.during.is_none())
            .map(|p| p.took)
            .sum()
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

/// A site resolved and rendered, with what it takes to render parts of it
/// again.
pub struct Pipeline {
    options: BuildOptions,
    pub site: Site,
    pub bodies: Bodies,
    markdown: Markdown,
    templates: Templates,
    pub urls: Urls,
}

/// What a run made besides its files.
#[derive(Debug, Default)]
pub struct Run {
    pub pages: usize,
    /// Lines for the build log (sessions left out of the calendar, index sizes).
    pub notes: Vec<String>,
    /// Problems that do not stop the build (code shown without
    /// highlighting, raw HTML removed), sorted.
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
}

/// A site's documents, parsed and resolved.
struct Resolved {
    config: Config,
    urls: Urls,
    site: Site,
    texts: site::Texts,
    templates: Templates,
}

impl Pipeline {
    /// Runs every step, handing each file to `sink` as soon as it is made.
    /// Returns every problem of the run, sorted.
    pub fn full(
        options: &BuildOptions,
        sink: &dyn Sink,
        retention: Retention,
    ) -> Result<(Pipeline, Run), Vec<Diagnostic>> {
        let mut run = Run::default();
        let mut r = resolve(options, &mut run.timings).map_err(sorted)?;
        let mut t = Instant::now();
        let with_pdf = crate::pdf::wanted(&r.site);
        let markdown = Markdown::new(&r.config.markdown, r.urls.clone()).with_blocks(with_pdf);
        let mut bodies = bodies::render(&r.site, r.texts, &markdown, &r.urls);
        run.warnings = bodies.take_warnings();
        run.warnings.extend(site::placeholders::warnings(&r.site));
        diagnostics::sort(&mut run.warnings);
        t = run.timings.record("markdown", t);

        let input = exports::Input {
            site: &r.site,
            bodies: &bodies,
            urls: &r.urls,
        };
        // The exports are a few files, each written by one thread: the
        // search index is made alongside them.
        let ((notes, mut errors), (search, search_took)) = rayon::join(
            || exports::render_exports(&input, sink),
            || {
                let start = Instant::now();
                (crate::search::write(&input, sink), start.elapsed())
            },
        );
        run.notes = notes;
        run.notes.push(search);
        t = run.timings.record("exports", t);
        run.timings.record_alongside("search", search_took);
        if with_pdf {
            match crate::pdf::typeset(&r.site, &bodies, &r.urls) {
                Ok(pdf) => {
                    let info = crate::pdf::PdfInfo {
                        pages: pdf.pages,
                        bytes: pdf.bytes.len(),
                    };
                    run.notes.push(format!(
                        "report.pdf: {} pages, {} KB{}",
                        info.pages,
                        info.bytes.div_ceil(1024),
                        pdf.note.map(|n| format!(" ({n})")).unwrap_or_default()
                    ));
                    sink.put("report.pdf".into(), Contents::Bytes(pdf.bytes), "the PDF report");
                    r.site.report_pdf = Some(info);
                }
                Err(e) => errors.push(
                    Diagnostic::general(format!("could not typeset report.pdf: {e}"))
                        .with_help("set `report: {pdf: false}` in config.yaml to build without it, and report this as a bug"),
                ),
            }
        }
        // The exports were the only readers of the plain text.
        bodies.drop_texts();
        if retention == Retention::Build {
            bodies.drop_links();
        }
        t = run.timings.record("pdf", t);

        let made = schedule::render_site(
            &r.site,
            &mut bodies,
            &r.templates,
            &r.urls,
            options.drafts,
            sink,
            retention,
        );
        match made {
            Ok(made) => {
                run.pages = made.pages;
                run.timings.slowest_pages = made.slowest;
            }
            Err(e) => errors.extend(e),
        }
        t = run.timings.record("templates", t);
        put_assets(
            &r.config,
            &r.site,
            &options.root.join(templates::theme_dir(&r.config.theme)),
            sink,
        );
        run.timings.record("assets", t);
        if !errors.is_empty() {
            return Err(sorted(errors));
        }
        let pipeline = Pipeline {
            options: options.clone(),
            site: r.site,
            bodies,
            markdown,
            templates: r.templates,
            urls: r.urls,
        };
        Ok((pipeline, run))
    }

    /// After an edit of `rel` (a file of the site, relative to its root):
    /// when only the text of a page changed (its front matter is as
    /// before), renders that body and its own page again and returns the
    /// page. `None` when this fast path does not apply (another file, a
    /// front matter edit, an unreadable file): a full run must follow.
    pub fn update_body(&mut self, rel: &Path) -> Option<Result<OutputFile, Diagnostic>> {
        let doc = self.site.find(rel)?;
        let head = self.site.head(doc)?;
        let max = self.site.config.limits.max_file_bytes();
        let path = self.options.root.join(rel);
        let text = String::from_utf8(source::read_limited(&path, max).ok()?).ok()?;
        let text = front_matter::normalize(&text);
        let split = front_matter::split_front_matter(&text, rel).ok()?;
        if front_matter::yaml_as_parsed(split.yaml) != head.yaml {
            return None;
        }
        let updated = self
            .bodies
            .update(&self.site, &self.markdown, &self.urls, doc, split.body);
        if !updated {
            return None;
        }
        Some(schedule::render_one(
            &self.site,
            &self.bodies,
            &self.templates,
            &self.urls,
            self.options.drafts,
            doc,
        ))
    }

    /// After an edit of a template: loads the templates again and renders
    /// every page from the site and bodies in memory (not the Markdown, the
    /// exports or the assets). On error the old templates stay.
    pub fn rerender_templates(&mut self, sink: &dyn Sink) -> Result<usize, Vec<Diagnostic>> {
        let templates = Templates::load(&self.options.root, &self.site.config.theme, &self.urls)?;
        let made = schedule::render_site(
            &self.site,
            &mut self.bodies,
            &templates,
            &self.urls,
            self.options.drafts,
            sink,
            Retention::Preview,
        )?;
        self.templates = templates;
        Ok(made.pages)
    }
}

fn sorted(mut errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics::sort(&mut errors);
    errors
}

/// Config, walk, front matter and site graph; templates are loaded even
/// when content has errors, so that a run reports template mistakes too.
fn resolve(options: &BuildOptions, timings: &mut Timings) -> Result<Resolved, Vec<Diagnostic>> {
    let root = &options.root;
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
    // A document with problems still goes on, less its faulty keys, so
    // that the checks between files report their errors in the same run.
    let parsed: Vec<(PathBuf, Option<Parsed>, Vec<Diagnostic>)> =
        std::mem::take(&mut sources.files)
            .into_par_iter()
            .map(|f| {
                let (doc, problems) = front_matter::parse_document_partly(&f);
                (f.path.clone(), doc, problems)
            })
            .collect();
    let mut documents = Vec::with_capacity(parsed.len());
    let mut broken = HashSet::new();
    for (path, doc, problems) in parsed {
        match doc {
            Some(d) => documents.push(d),
            None => {
                broken.insert(path);
            }
        }
        errors.extend(problems);
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
    let templates = Templates::load(root, &config.theme, &urls);
    timings.record("templates-load", t);
    match (resolved, templates) {
        (Ok((mut site, texts)), Ok(templates)) if errors.is_empty() => Ok(Resolved {
            config,
            urls,
            site: {
                site.history = crate::history::History::read(root);
                site
            },
            texts,
            templates,
        }),
        (resolved, templates) => {
            errors.extend(resolved.err().unwrap_or_default());
            errors.extend(templates.err().unwrap_or_default());
            Err(errors)
        }
    }
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
