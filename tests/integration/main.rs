//! Integration tests: each builds small fixture sites into temporary folders
//! with the real binary and asserts on its output and diagnostics.

mod build;
mod errors;
mod links;
mod support;
