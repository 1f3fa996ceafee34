//! The `rapporteur` command: parses arguments, calls the library, prints
//! diagnostics and turns the result into an exit code (0 ok, 1 content,
//! config or template errors, 2 usage errors).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use rapporteur::diagnostics::{self, Diagnostic};
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
    },
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
        } => {
            let options = BuildOptions {
                root,
                output_dir,
                base_url,
                drafts,
            };
            match build(&options) {
                Ok(report) => {
                    eprintln!(
                        "built {} pages ({} files) into {} in {} ms",
                        report.pages,
                        report.files,
                        report.output.display(),
                        report.timings.total().as_millis()
                    );
                    if timings {
                        for (phase, d) in &report.timings.phases {
                            eprintln!("  {phase:<15} {:>8.1} ms", d.as_secs_f64() * 1000.0);
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(errors) => {
                    print_diagnostics(&errors, "build the site");
                    ExitCode::from(1)
                }
            }
        }
    }
}

fn print_diagnostics(list: &[Diagnostic], action: &str) {
    for d in list {
        eprintln!("{}", d.to_short_string());
    }
    eprintln!("{}", diagnostics::summary(action, list));
}
