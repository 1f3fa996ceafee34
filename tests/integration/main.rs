//! Integration tests: each builds small fixture sites into temporary folders
//! with the real binary and asserts on its output and diagnostics.

mod build;
mod check;
mod conference;
mod contributors;
mod errors;
mod examples;
mod exports;
mod links;
mod outcome_ids;
mod properties;
mod record;
mod scaffold;
mod search;
mod security;
mod serve;
mod snapshots;
mod support;
