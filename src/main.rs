//! The `rapporteur` command: parses arguments, calls the library, prints
//! diagnostics and turns the result into an exit code (0 ok, 1 content,
//! config or template errors, 2 usage errors).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use rapporteur::check::{CheckOptions, check};
use rapporteur::diagnostics::{self, Diagnostic};
use rapporteur::model::Kind;
use rapporteur::scaffold::{self, NewOptions};
use rapporteur::serve::{ServeOptions, serve};
use rapporteur::{BuildOptions, build};

#[derive(Parser)]
#[command(
    name = "rapporteur",
    version,
    about = "Static sites for conference and workshop proceedings"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder
    Build {
        /// The site's folder (holds config.yaml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: <root>/public]
        #[arg(long)]
        output_dir: Option<PathBuf>,
        /// The address the site is served at, overriding config.yaml
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Print the time of each phase
        #[arg(long)]
        timings: bool,
        /// Replace the output folder even if rapporteur did not make it
        #[arg(long)]
        force: bool,
    },
    /// Check the site without writing anything: front matter, links, anchors, rules
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// `github` prints workflow commands that annotate pull requests
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat rule warnings as errors
        #[arg(long)]
        strict: bool,
        /// Also request external links (never fails on a network error alone)
        #[arg(long)]
        external: bool,
        /// With --external: also request loopback, private and link-local addresses
        #[arg(long)]
        allow_private_addresses: bool,
        #[arg(long)]
        base_url: Option<String>,
        #[arg(long)]
        drafts: bool,
    },
    /// Compare the outcomes with a git commit: ids added, changed, withdrawn,
    /// renumbered or removed (the last two are errors)
    Diff {
        /// The commit to compare with: a branch, tag or commit id
        #[arg(long)]
        base: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// `markdown` writes a summary for a pull request
        #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
        format: DiffFormat,
    },
    /// Preview the site on loopback, rebuilding and reloading on every change
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, default_value = "127.0.0.1")]
        interface: String,
        /// 0 picks a free port
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the site in a browser
        #[arg(long)]
        open: bool,
        #[arg(long)]
        drafts: bool,
    },
    /// Write a new content file with commented front matter
    New {
        /// session, presentation, recommendation (a finding with --finding) or page
        #[arg(value_parser = parse_kind)]
        kind: Kind,
        /// The file name without .md: lowercase letters, digits, hyphens
        slug: String,
        /// The session (for a presentation or recommendation)
        #[arg(long)]
        session: Option<String>,
        /// For a recommendation: make it a finding (id S<n>-F<k>)
        #[arg(long)]
        finding: bool,
        #[arg(long)]
        title: Option<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Write a new site, with GitHub workflows, into a new folder
    Init {
        /// The folder to create
        dir: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Human,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Github,
}

/// A kind of content file, by the noun its users say (see the kind table).
fn parse_kind(s: &str) -> Result<Kind, String> {
    rapporteur::model::KINDS
        .iter()
        .find(|k| k.kind != Kind::Event && k.noun == s)
        .map(|k| k.kind)
        .ok_or_else(|| {
            let nouns: Vec<&str> = rapporteur::model::KINDS
                .iter()
                .filter(|k| k.kind != Kind::Event)
                .map(|k| k.noun)
                .collect();
            format!("expected one of: {}", nouns.join(", "))
        })
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Build {
            root,
            output_dir,
            base_url,
            drafts,
            timings,
            force,
        } => run_build(
            &BuildOptions {
                root,
                output_dir,
                base_url,
                drafts,
                force,
            },
            timings,
        ),
        Command::Check {
            root,
            format,
            strict,
            external,
            allow_private_addresses,
            base_url,
            drafts,
        } => run_check(
            &CheckOptions {
                build: BuildOptions {
                    root,
                    output_dir: None,
                    base_url,
                    drafts,
                    force: false,
                },
                strict,
                external,
                allow_private: allow_private_addresses,
            },
            format,
        ),
        Command::Diff { base, root, format } => run_diff(&root, &base, format),
        Command::Serve {
            root,
            interface,
            port,
            open,
            drafts,
        } => match serve(&ServeOptions {
            root,
            interface,
            port,
            drafts,
            open,
        }) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(&[e], "serve the site"),
        },
        Command::New {
            kind,
            slug,
            session,
            finding,
            title,
            root,
        } => {
            let options = NewOptions {
                root,
                kind,
                slug,
                session,
                finding,
                title,
                today: scaffold::today(),
            };
            match scaffold::new_file(&options) {
                Ok(path) => {
                    println!("wrote {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&[e], "write the file"),
            }
        }
        Command::Init { dir } => match scaffold::init(&dir) {
            Ok(files) => {
                for f in &files {
                    println!("wrote {}", f.display());
                }
                println!("next: cd {} && rapporteur serve", dir.display());
                ExitCode::SUCCESS
            }
            Err(e) => fail(&[e], "create the site"),
        },
    }
}

/// `rapporteur build`: the warnings, then a line of what was built, the
/// log's notes and, with `--timings`, each phase.
fn run_build(options: &BuildOptions, timings: bool) -> ExitCode {
    let report = match build(options) {
        Ok(report) => report,
        Err(errors) => return fail(&errors, "build the site"),
    };
    for w in &report.warnings {
        eprintln!("{}", w.to_short_string());
    }
    eprintln!(
        "built {} pages ({} files) into {} in {} ms",
        report.pages,
        report.files,
        report.output.display(),
        report.timings.total().as_millis()
    );
    for note in &report.notes {
        eprintln!("  {note}");
    }
    if timings {
        for p in &report.timings.phases {
            let peak = p
                .peak_memory
                .map(|b| format!("  (peak memory {} MiB)", b >> 20))
                .unwrap_or_default();
            let name = match p.during {
                Some(during) => format!("  {} (alongside {during})", p.name),
                None => p.name.to_string(),
            };
            eprintln!(
                "  {name:<15} {:>8.1} ms{peak}",
                p.took.as_secs_f64() * 1000.0
            );
        }
        if !report.timings.slowest_pages.is_empty() {
            eprintln!("  slowest pages:");
            for (page, d) in &report.timings.slowest_pages {
                eprintln!("    {:>8.1} ms  {page}", d.as_secs_f64() * 1000.0);
            }
        }
    }
    ExitCode::SUCCESS
}

/// `rapporteur check`: every problem, in the format asked for.
fn run_check(options: &CheckOptions, format: Format) -> ExitCode {
    let found = check(options);
    let errors = found.iter().filter(|d| d.is_error()).count();
    let warnings = found.len() - errors;
    match format {
        Format::Human => {
            for d in &found {
                eprintln!("{}", d.to_short_string());
            }
            if errors > 0 {
                eprintln!("{}", diagnostics::summary("check the site", &found));
            } else {
                eprintln!("checked: no errors, {warnings} warnings");
            }
        }
        Format::Github => {
            for d in &found {
                println!("{}", d.to_github_string());
            }
            eprintln!("checked: {errors} errors, {warnings} warnings");
        }
    }
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `rapporteur diff`: the comparison on stdout, its errors on stderr.
fn run_diff(root: &std::path::Path, base: &str, format: DiffFormat) -> ExitCode {
    let report = match rapporteur::diff::diff(root, base) {
        Ok(report) => report,
        Err(errors) => return fail(&errors, "compare the outcomes"),
    };
    let (entries, unchanged) = (&report.entries, report.unchanged);
    print!(
        "{}",
        match format {
            DiffFormat::Human => rapporteur::diff::human(entries, &report.base, unchanged),
            DiffFormat::Markdown => rapporteur::diff::markdown(entries, &report.base, unchanged),
        }
    );
    if report.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        fail(&report.errors, "keep the outcome ids")
    }
}

fn fail(list: &[Diagnostic], action: &str) -> ExitCode {
    for d in list {
        eprintln!("{}", d.to_short_string());
    }
    eprintln!("{}", diagnostics::summary(action, list));
    ExitCode::from(1)
}

/// mimalloc: a build allocates and frees millions of small strings and maps
/// (page data for the templates); with it a 10,000-page build spends less
/// CPU time and memory than with glibc's malloc (see bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
