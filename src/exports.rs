//! Exports: the outcomes and the programme as data, one list of them.
//!
//! Runs after `bodies` and before the pages, alongside the search index
//! (`search`); the two are the only readers of the bodies' plain text,
//! which a build then frees. [`EXPORTS`] is the one
//! list that the build writes, the footer links (those with a label) and
//! the README documents; adding a format is one entry here and one writer
//! in its own module. Every field is content from a pull request: each
//! writer escapes for its own format (CSV cells that would run as formulas,
//! XML's forbidden characters, BibTeX braces, iCalendar line breaks).
//! Drafts never reach these files: the site graph has left them out unless
//! `--drafts` was asked for.

use rayon::prelude::*;

use crate::bodies::Bodies;
use crate::diagnostics::Diagnostic;
use crate::output::Sink;
use crate::site::Site;
use crate::urls::Urls;

pub mod calendar;
pub mod feed;
pub mod frab;
pub mod ical;
pub mod jsonld;
pub mod outcomes;

pub use outcomes::{csv_cell, write_csv};

/// What every writer reads.
pub struct Input<'a> {
    pub site: &'a Site,
    pub bodies: &'a Bodies,
    pub urls: &'a Urls,
}

/// Writes one export into the writer it is given; returns lines for the
/// build log, or what went wrong.
pub type Writer = fn(&Input, &mut dyn std::io::Write) -> Result<Vec<String>, String>;

/// One file the site exports.
pub struct Export {
    /// Where it is in the output.
    pub path: &'static str,
    /// Its name in the footer (a label key), when readers should see it.
    pub label: Option<&'static str>,
    /// Whether the site has it (the outcome exports only when the
    /// proceedings record outcomes).
    pub when: fn(&Site) -> bool,
    pub write: Writer,
}

fn always(_: &Site) -> bool {
    true
}

/// A calendar only when it has events: a session with a date and a start.
fn with_timed_sessions(site: &Site) -> bool {
    site.sessions
        .iter()
        .any(|s| !s.is_break() && s.doc.front.date.is_some() && s.doc.front.start.is_some())
}

fn with_outcomes(site: &Site) -> bool {
    site.with_outcomes()
}

impl Export {
    /// The exports of `site`, in order.
    pub fn of(site: &Site) -> impl Iterator<Item = &'static Export> + '_ {
        EXPORTS.iter().filter(move |e| (e.when)(site))
    }
}

/// Every export, in the order the footer lists them.
pub const EXPORTS: &[Export] = &[
    Export {
        path: "recommendations.json",
        label: Some("export.outcomes_json"),
        when: with_outcomes,
        write: outcomes::json,
    },
    Export {
        path: "recommendations.csv",
        label: Some("export.outcomes_csv"),
        when: with_outcomes,
        write: outcomes::csv,
    },
    Export {
        path: "programme.ics",
        label: Some("export.programme_ics"),
        when: with_timed_sessions,
        write: calendar::write,
    },
    Export {
        path: "schedule.json",
        label: None,
        when: with_timed_sessions,
        write: frab::json,
    },
    Export {
        path: "schedule.xml",
        label: None,
        when: with_timed_sessions,
        write: frab::xml,
    },
    Export {
        path: "atom.xml",
        label: Some("export.atom"),
        when: always,
        write: feed::write,
    },
    Export {
        path: "recommendations.schema.json",
        label: None,
        when: with_outcomes,
        write: outcomes::schema,
    },
    Export {
        path: "report.bib",
        label: None,
        when: always,
        write: bibtex,
    },
    Export {
        path: "report.csl.json",
        label: None,
        when: always,
        write: csl,
    },
];

/// `report.bib` (see `citation`).
fn bibtex(input: &Input, out: &mut dyn std::io::Write) -> Result<Vec<String>, String> {
    let text = crate::citation::report_bibtex(input.site, input.urls);
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(Vec::new())
}

/// `report.csl.json` (see `citation`).
fn csl(input: &Input, out: &mut dyn std::io::Write) -> Result<Vec<String>, String> {
    let value = crate::citation::report_csl(input.site, input.urls);
    serde_json::to_writer_pretty(out, &value).map_err(|e| e.to_string())?;
    Ok(Vec::new())
}

/// Writes every export into `sink`, in parallel, each streamed into its
/// file. Returns the lines they add to the build log and every error (a
/// failed export does not stop the others, or the pages).
pub fn render_exports(input: &Input, sink: &dyn Sink) -> (Vec<String>, Vec<Diagnostic>) {
    let exports: Vec<&Export> = Export::of(input.site).collect();
    let results: Vec<Result<Vec<String>, Diagnostic>> = exports
        .par_iter()
        .map(|e| {
            let mut notes = Vec::new();
            let mut failure = None;
            let put = sink.put_with(e.path.to_string(), "an export", &mut |w| {
                match (e.write)(input, w) {
                    Ok(n) => notes = n,
                    Err(message) => failure = Some(message),
                }
                Ok(())
            });
            match (put, failure) {
                (Err(d), _) => Err(d),
                (Ok(()), Some(message)) => Err(Diagnostic::general(format!(
                    "cannot write {}: {message}",
                    e.path
                ))),
                (Ok(()), None) => Ok(notes),
            }
        })
        .collect();
    let mut notes = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(n) => notes.extend(n),
            Err(e) => errors.push(e),
        }
    }
    (notes, errors)
}
