//! rapporteur: a static site generator for conference and workshop proceedings.
//!
//! The pipeline, one module a step, driven by [`pipeline`]:
//! [`config`] → [`source`] (walk) → [`front_matter`] → [`site`] (graph) →
//! [`bodies`] (Markdown, through [`markdown`]) → [`exports`] and
//! [`schedule`] (pages: [`pages`] plans them and builds their contexts from
//! [`views`], [`templates`] renders them) → [`output`] (write).
//! [`model`] is the one table of the kinds of document; [`routes`] the URL
//! scheme, [`urls`] makes links; [`labels`] holds every word and date
//! format; [`citation`] says how to cite; [`diagnostics`] carries every
//! problem to the user. [`build`], [`check`], [`diff`], [`serve`] and
//! [`scaffold`] (`new`, `init`) are the commands.

pub mod bodies;
pub mod build;
pub mod check;
pub mod citation;
pub mod config;
pub mod diagnostics;
pub mod diff;
pub mod exports;
pub mod front_matter;
pub mod history;
pub mod labels;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pages;
pub mod pdf;
pub mod pipeline;
pub mod routes;
pub mod scaffold;
pub mod schedule;
pub mod search;
pub mod serve;
pub mod site;
pub mod source;
pub mod templates;
pub mod text;
pub mod urls;
pub mod views;
mod yaml;

pub use build::{BuildOptions, BuildReport, build};
