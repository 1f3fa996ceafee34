//! Any bytes as a Markdown file of any kind: splitting and parsing its front
//! matter never panics, and every line it reports is a line of the file.
#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use rapporteur::front_matter::{Doc, parse_document};
use rapporteur::model::Kind;
use rapporteur::source::{Place, SourceFile};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let place = match pick % 6 {
        0 => Place::Doc(Kind::Event),
        1 => Place::Doc(Kind::Page),
        2 => Place::Intro(Kind::Session),
        3 => Place::Doc(Kind::Session),
        4 => Place::Doc(Kind::Presentation),
        _ => Place::Doc(Kind::Outcome),
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    // A file of n line breaks (LF, CRLF or a lone CR) has n + 1 lines;
    // errors at its very end may point one past them.
    let lines = text.replace("\r\n", "\n").matches(['\n', '\r']).count() + 2;
    let file = SourceFile {
        path: PathBuf::from("content/x.md"),
        place,
        slug: "x".into(),
        language: None,
        text,
    };
    match parse_document(&file) {
        Ok(parsed) => {
            let body_line = match &parsed.doc {
                Doc::Event(d) => d.body_line,
                Doc::Intro(_, d) => d.body_line,
                Doc::Session(d) => d.body_line,
                Doc::Presentation(d) => d.body_line,
                Doc::Outcome(d) => d.body_line,
                Doc::Page(d) => d.body_line,
            };
            assert!((1..=lines).contains(&body_line), "body line {body_line} of {lines}");
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            for e in errors {
                let l = e.location.clone().expect("a file error has a location");
                assert_eq!(l.path, PathBuf::from("content/x.md"));
                if let Some(line) = l.line {
                    assert!((1..=lines).contains(&line), "line {line} of {lines}: {}", e.message);
                }
                assert!(!e.to_short_string().contains('\u{1b}'));
            }
        }
    }
});
