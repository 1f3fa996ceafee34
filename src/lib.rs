//! rapporteur: a static site generator for conference and workshop proceedings.
//!
//! The pipeline, one module a step:
//! [`config`] → [`source`] (walk) → [`front_matter`] → [`site`] (graph) →
//! [`markdown`] and [`templates`] via [`render`] → [`output`] (write).
//! [`build`] runs it end to end; [`diagnostics`] carries every problem to
//! the user; [`urls`] makes every link. [`check`], [`serve`] and
//! [`scaffold`] (`new`, `init`) serve the contributors' loop.

pub mod build;
pub mod check;
pub mod config;
pub mod diagnostics;
pub mod exports;
pub mod front_matter;
pub mod markdown;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod source;
pub mod templates;
pub mod text;
pub mod urls;
mod yaml;

pub use build::{BuildOptions, BuildReport, build};
