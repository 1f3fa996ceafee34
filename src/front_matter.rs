//! Front matter: the YAML block at the top of each Markdown file, parsed into
//! one typed struct per kind of document.
//!
//! Runs after `source` (which read the file and knows its kind) and before
//! `site` (which resolves references between documents). Everything that can
//! be checked inside one file is checked here: unknown keys, types, dates and
//! times. Line numbers count from the top of the file, not of the YAML block.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Location};
use crate::source::{Section, SourceFile, SourceKind};
use crate::yaml;

/// A person (or an organisation, where a list takes either): written as a
/// plain name or as `{name, role, organization, country}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Person {
    pub name: String,
    pub role: Option<String>,
    pub organization: Option<String>,
    pub country: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonFields {
    name: String,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    organization: Option<String>,
    #[serde(default)]
    country: Option<String>,
}

impl<'de> Deserialize<'de> for Person {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PersonVisitor;
        impl<'de> Visitor<'de> for PersonVisitor {
            type Value = Person;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a name, or a mapping with `name`, `role`, `organization`, `country`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Person, E> {
                Ok(Person {
                    name: v.to_string(),
                    ..Person::default()
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Person, A::Error> {
                let f = PersonFields::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Person {
                    name: f.name,
                    role: f.role,
                    organization: f.organization,
                    country: f.country,
                })
            }
        }
        deserializer.deserialize_any(PersonVisitor)
    }
}

/// A session's place in the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SessionKind {
    Opening,
    Thematic,
    Closing,
}

/// What an outcome is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutcomeKind {
    Finding,
    Recommendation,
}

/// Where the event takes place.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Venue {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
}

/// Declares a front matter struct with the keys every kind shares, plus its
/// own, and the list of its keys (for suggestions).
macro_rules! front_matter {
    ($(#[$doc:meta])* $name:ident, $keys:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            pub title: String,
            #[serde(default)]
            pub summary: Option<String>,
            /// YYYY-MM-DD: a session's day; for other pages the date published.
            #[serde(default)]
            pub date: Option<String>,
            #[serde(default)]
            pub weight: Option<i64>,
            #[serde(default)]
            pub themes: Vec<String>,
            #[serde(default)]
            pub draft: bool,
            /// Free data for templates.
            #[serde(default)]
            pub extra: serde_json::Map<String, serde_json::Value>,
            $($(#[$fmeta])* pub $field: $ty,)*
        }

        /// The keys of this kind of front matter.
        pub const $keys: &[&str] = &[
            "title", "summary", "date", "weight", "themes", "draft", "extra",
            $(stringify!($field)),*
        ];
    };
}

front_matter! {
    /// `content/_index.md`: the event itself.
    EventFront, EVENT_KEYS {
        #[serde(default)] subtitle: Option<String>,
        #[serde(default)] start_date: Option<String>,
        #[serde(default)] end_date: Option<String>,
        #[serde(default)] venue: Option<Venue>,
        /// An IANA time zone name, e.g. `Indian/Mauritius`.
        #[serde(default)] timezone: Option<String>,
        #[serde(default)] hosts: Vec<Person>,
        #[serde(default)] organizers: Vec<Person>,
        #[serde(default)] co_chairs: Vec<Person>,
    }
}

front_matter! {
    /// `content/<section>/_index.md`: a section's introduction.
    SectionFront, SECTION_KEYS {}
}

front_matter! {
    /// `content/<slug>.md`: a plain page.
    PageFront, PAGE_KEYS {}
}

front_matter! {
    /// `content/sessions/<slug>.md`.
    SessionFront, SESSION_KEYS {
        order: i64,
        /// "HH:MM"
        #[serde(default)] start: Option<String>,
        #[serde(default)] end: Option<String>,
        #[serde(default)] kind: Option<SessionKind>,
        #[serde(default)] facilitators: Vec<Person>,
        #[serde(default)] rapporteurs: Vec<Person>,
    }
}

front_matter! {
    /// `content/presentations/<slug>.md`.
    PresentationFront, PRESENTATION_KEYS {
        session: String,
        #[serde(default)] presenters: Vec<Person>,
        #[serde(default)] order: Option<i64>,
        /// A path to a file inside the site, relative to this file or from the site root.
        #[serde(default)] slides: Option<String>,
    }
}

front_matter! {
    /// `content/recommendations/<slug>.md`: a finding or a recommendation.
    RecommendationFront, RECOMMENDATION_KEYS {
        id: String,
        session: String,
        #[serde(default)] kind: Option<OutcomeKind>,
        #[serde(default)] addressees: Vec<String>,
        #[serde(default)] status: Option<String>,
    }
}

/// The 1-based line and column of each top-level front matter key.
#[derive(Debug, Clone, Default)]
pub struct KeyLines(HashMap<String, (usize, usize)>);

/// A Markdown file with its typed front matter.
#[derive(Debug, Clone)]
pub struct Document<F> {
    /// Relative to the site root.
    pub path: PathBuf,
    pub slug: String,
    pub language: Option<String>,
    pub front: F,
    /// The Markdown after the front matter, with `\n` line ends.
    pub body: String,
    /// The line of the file where `body` starts (1-based).
    pub body_line: usize,
    pub keys: KeyLines,
    /// The front matter as written, so that `serve` can tell an edit of the
    /// body alone from one that may change the site graph.
    pub yaml: String,
}

impl<F> Document<F> {
    /// Where `key` is written, or the file's first line.
    pub fn key_location(&self, key: &str) -> Location {
        match self.keys.0.get(key) {
            Some(&(line, column)) => Location::at(&self.path, line, column),
            None => Location::at(&self.path, 1, 1),
        }
    }
}

/// A parsed document of any kind.
#[derive(Debug, Clone)]
pub enum Parsed {
    Event(Document<EventFront>),
    SectionIndex(Section, Document<SectionFront>),
    Session(Document<SessionFront>),
    Presentation(Document<PresentationFront>),
    Recommendation(Document<RecommendationFront>),
    Page(Document<PageFront>),
}

/// The YAML block and the body of a file.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// Lines of the file before the YAML (the opening fence, a BOM line).
    pub yaml_line_offset: usize,
    pub body: &'a str,
    /// 1-based line where the body starts.
    pub body_line: usize,
}

/// Splits `---\n<yaml>\n---\n<body>`. `text` must have `\n` line ends and
/// no BOM.
pub fn split_front_matter<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Diagnostic> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        let message = if text.trim().is_empty() {
            "the file is empty"
        } else {
            "the file does not start with front matter"
        };
        return Err(
            Diagnostic::error(Location::at(path, 1, 1), message).with_help(
                "start the file with a line `---`, then `title: ...`, then a closing line `---`",
            ),
        );
    }
    let yaml_start = (first_line_end + 1).min(text.len());
    let mut offset = yaml_start;
    for (line, l) in (2..).zip(text[yaml_start..].split_inclusive('\n')) {
        let trimmed = l.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let body_start = offset + l.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line_offset: 1,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err(
        Diagnostic::error(Location::at(path, 1, 1), "the front matter is never closed")
            .with_help("add a line `---` after the last front matter key"),
    )
}

/// A file's text as the rest of the pipeline reads it: without a byte order
/// mark, and with every line break (`\r\n`, or a lone `\r` as old Mac
/// editors write) as `\n`, so that YAML, Markdown and diagnostics count
/// the same lines.
pub fn normalize(text: &str) -> std::borrow::Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// YAML 1.1 (serde_yaml's) also breaks lines at U+0085, U+2028 and U+2029,
/// which Markdown and editors do not: in front matter they become spaces,
/// so that line numbers stay those of the file.
fn yaml_breaks_as_spaces(yaml: &str) -> std::borrow::Cow<'_, str> {
    if yaml.contains(['\u{85}', '\u{2028}', '\u{2029}']) {
        std::borrow::Cow::Owned(yaml.replace(['\u{85}', '\u{2028}', '\u{2029}'], " "))
    } else {
        std::borrow::Cow::Borrowed(yaml)
    }
}

/// Parses a source file into its typed document. All problems found inside
/// the file are returned together.
pub fn parse_document(file: &SourceFile) -> Result<Parsed, Vec<Diagnostic>> {
    let text = normalize(&file.text);
    let mut split = split_front_matter(&text, &file.path).map_err(|d| vec![d])?;
    let yaml = yaml_breaks_as_spaces(split.yaml);
    split.yaml = &yaml;
    let keys = KeyLines(yaml::top_level_keys(split.yaml, split.yaml_line_offset));
    fn typed<F: serde::de::DeserializeOwned>(
        file: &SourceFile,
        split: &Split,
        keys: KeyLines,
        known: &[&str],
    ) -> Result<Document<F>, Vec<Diagnostic>> {
        let yaml = if split.yaml.trim().is_empty() {
            "{}"
        } else {
            split.yaml
        };
        let front: F =
            yaml::from_str(yaml, split.yaml_line_offset, &file.path, known).map_err(|d| vec![d])?;
        Ok(Document {
            path: file.path.clone(),
            slug: file.slug.clone(),
            language: file.language.clone(),
            front,
            body: split.body.to_string(),
            body_line: split.body_line,
            keys,
            yaml: split.yaml.to_string(),
        })
    }
    let parsed = match file.kind {
        SourceKind::Event => Parsed::Event(typed(file, &split, keys, EVENT_KEYS)?),
        SourceKind::SectionIndex(s) => {
            Parsed::SectionIndex(s, typed(file, &split, keys, SECTION_KEYS)?)
        }
        SourceKind::Page => Parsed::Page(typed(file, &split, keys, PAGE_KEYS)?),
        SourceKind::Member(Section::Sessions) => {
            Parsed::Session(typed(file, &split, keys, SESSION_KEYS)?)
        }
        SourceKind::Member(Section::Presentations) => {
            Parsed::Presentation(typed(file, &split, keys, PRESENTATION_KEYS)?)
        }
        SourceKind::Member(Section::Recommendations) => {
            Parsed::Recommendation(typed(file, &split, keys, RECOMMENDATION_KEYS)?)
        }
    };
    let problems = check_values(&parsed);
    if problems.is_empty() {
        Ok(parsed)
    } else {
        Err(problems)
    }
}

/// The most themes a document may name, and addressees an outcome may
/// have. Every theme and addressee gets a page that lists what carries it,
/// with their other themes or addressees: without a bound, one file with
/// thousands of them would make a build write gigabytes.
pub const MAX_TERMS: usize = 50;
/// The most persons a list (presenters, facilitators, hosts...) may hold.
pub const MAX_PERSONS: usize = 200;

/// Checks the values that one file can check alone.
fn check_values(parsed: &Parsed) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    macro_rules! common {
        ($doc:expr) => {{
            let doc = $doc;
            check_text(doc, "title", &doc.front.title, &mut out);
            check_date(doc, "date", doc.front.date.as_deref(), &mut out);
            check_count(doc, "themes", doc.front.themes.len(), MAX_TERMS, &mut out);
            for theme in &doc.front.themes {
                if crate::urls::segment(theme).is_empty() {
                    out.push(
                        Diagnostic::error(
                            doc.key_location("themes"),
                            format!("theme `{theme}` has no letters or digits"),
                        )
                        .with_help("name themes with words, e.g. `remittances`"),
                    );
                }
            }
        }};
    }
    match parsed {
        Parsed::Event(d) => {
            common!(d);
            check_date(d, "start_date", d.front.start_date.as_deref(), &mut out);
            check_date(d, "end_date", d.front.end_date.as_deref(), &mut out);
            if let (Some(s), Some(e)) = (&d.front.start_date, &d.front.end_date)
                && is_date(s)
                && is_date(e)
                && e < s
            {
                out.push(
                    Diagnostic::error(
                        d.key_location("end_date"),
                        format!("`end_date` {e} is before `start_date` {s}"),
                    )
                    .with_help("swap the two dates"),
                );
            }
            for (key, list) in [
                ("hosts", &d.front.hosts),
                ("organizers", &d.front.organizers),
                ("co_chairs", &d.front.co_chairs),
            ] {
                check_count(d, key, list.len(), MAX_PERSONS, &mut out);
            }
            if let Some(tz) = &d.front.timezone
                && tz.parse::<chrono_tz::Tz>().is_err()
            {
                out.push(
                    Diagnostic::error(
                        d.key_location("timezone"),
                        format!("`{tz}` is not a time zone name"),
                    )
                    .with_help("use an IANA name such as `Indian/Mauritius` or `Europe/Zurich`"),
                );
            }
        }
        Parsed::SectionIndex(_, d) => common!(d),
        Parsed::Page(d) => common!(d),
        Parsed::Session(d) => {
            common!(d);
            check_count(
                d,
                "facilitators",
                d.front.facilitators.len(),
                MAX_PERSONS,
                &mut out,
            );
            check_count(
                d,
                "rapporteurs",
                d.front.rapporteurs.len(),
                MAX_PERSONS,
                &mut out,
            );
            check_time(d, "start", d.front.start.as_deref(), &mut out);
            check_time(d, "end", d.front.end.as_deref(), &mut out);
            if let (Some(s), Some(e)) = (&d.front.start, &d.front.end)
                && is_time(s)
                && is_time(e)
                && e <= s
            {
                out.push(
                    Diagnostic::error(
                        d.key_location("end"),
                        format!("session ends at {e}, not after it starts at {s}"),
                    )
                    .with_help("write times as 24-hour `HH:MM`"),
                );
            }
            if d.front.end.is_some() && d.front.start.is_none() {
                out.push(
                    Diagnostic::error(d.key_location("end"), "`end` without `start`")
                        .with_help("add `start: \"HH:MM\"` or remove `end`"),
                );
            }
        }
        Parsed::Presentation(d) => {
            common!(d);
            check_count(
                d,
                "presenters",
                d.front.presenters.len(),
                MAX_PERSONS,
                &mut out,
            );
            check_slug_ref(d, "session", &d.front.session, &mut out);
        }
        Parsed::Recommendation(d) => {
            common!(d);
            check_count(
                d,
                "addressees",
                d.front.addressees.len(),
                MAX_TERMS,
                &mut out,
            );
            check_slug_ref(d, "session", &d.front.session, &mut out);
            let id = &d.front.id;
            if id.trim().is_empty() || id.chars().any(char::is_whitespace) {
                out.push(
                    Diagnostic::error(d.key_location("id"), format!("`{id}` is not a valid id"))
                        .with_help("ids are one word without spaces, e.g. `S2-R1`"),
                );
            }
        }
    }
    out
}

fn check_count<F>(
    doc: &Document<F>,
    key: &str,
    count: usize,
    max: usize,
    out: &mut Vec<Diagnostic>,
) {
    if count > max {
        out.push(
            Diagnostic::error(
                doc.key_location(key),
                format!("`{key}` has {count} entries; at most {max} are allowed"),
            )
            .with_help(match key {
                "themes" => "keep the few themes that matter most; a theme groups many pages",
                "addressees" => {
                    "name the few bodies it is addressed to; group the rest (e.g. `Governments`)"
                }
                _ => "list the people who took part in this role; the rest belong in the text",
            }),
        );
    }
}

fn check_text<F>(doc: &Document<F>, key: &str, value: &str, out: &mut Vec<Diagnostic>) {
    if value.trim().is_empty() {
        out.push(
            Diagnostic::error(doc.key_location(key), format!("`{key}` is empty"))
                .with_help(format!("write a {key}")),
        );
    }
}

fn check_date<F>(doc: &Document<F>, key: &str, value: Option<&str>, out: &mut Vec<Diagnostic>) {
    if let Some(v) = value
        && !is_date(v)
    {
        out.push(
            Diagnostic::error(doc.key_location(key), format!("`{v}` is not a date")).with_help(
                format!("write `{key}: YYYY-MM-DD`, e.g. `{key}: 2012-06-12`"),
            ),
        );
    }
}

fn check_time<F>(doc: &Document<F>, key: &str, value: Option<&str>, out: &mut Vec<Diagnostic>) {
    if let Some(v) = value
        && !is_time(v)
    {
        out.push(
            Diagnostic::error(doc.key_location(key), format!("`{v}` is not a time")).with_help(
                format!("write `{key}: \"HH:MM\"` in 24-hour time, e.g. `{key}: \"09:30\"`"),
            ),
        );
    }
}

fn check_slug_ref<F>(doc: &Document<F>, key: &str, value: &str, out: &mut Vec<Diagnostic>) {
    if !crate::source::is_slug(value) {
        out.push(
            Diagnostic::error(doc.key_location(key), format!("`{value}` is not a slug")).with_help(
                format!("`{key}` names a file of `content/sessions/` without `.md`"),
            ),
        );
    }
}

/// `YYYY-MM-DD`, a real calendar day.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| {
        s.get(r)
            .filter(|x| x.bytes().all(|c| c.is_ascii_digit()))
            .and_then(|x| x.parse::<u32>().ok())
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// `HH:MM`, 24-hour.
pub fn is_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 5
        && b[2] == b':'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 2 || c.is_ascii_digit())
        && s[0..2].parse::<u32>().is_ok_and(|h| h < 24)
        && s[3..5].parse::<u32>().is_ok_and(|m| m < 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(path: &str, kind: SourceKind, text: &str) -> SourceFile {
        SourceFile {
            path: PathBuf::from(path),
            kind,
            slug: "x".into(),
            language: None,
            text: text.into(),
        }
    }

    #[test]
    fn split_counts_body_lines_from_the_file() {
        let s = split_front_matter("---\ntitle: a\n---\nbody\n", Path::new("x")).unwrap();
        assert_eq!(s.yaml, "title: a\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn split_rejects_missing_and_unclosed_front_matter() {
        assert_eq!(
            split_front_matter("", Path::new("x")).unwrap_err().message,
            "the file is empty"
        );
        assert_eq!(
            split_front_matter("# Title\n", Path::new("x"))
                .unwrap_err()
                .message,
            "the file does not start with front matter"
        );
        assert_eq!(
            split_front_matter("---\ntitle: a\n", Path::new("x"))
                .unwrap_err()
                .message,
            "the front matter is never closed"
        );
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let f = source(
            "content/about.md",
            SourceKind::Page,
            "\u{feff}---\r\ntitle: About\r\n---\r\nHello\r\n",
        );
        let Parsed::Page(d) = parse_document(&f).unwrap() else {
            panic!()
        };
        assert_eq!(d.front.title, "About");
        assert_eq!(d.body, "Hello\n");
    }

    /// Found by the `front_matter` fuzz target: YAML counts a lone CR as a
    /// line break, and errors pointed past the end of the file.
    #[test]
    fn lone_carriage_returns_and_yaml_only_breaks_keep_file_lines() {
        let f = source(
            "content/about.md",
            SourceKind::Page,
            "---\rtitle: \"A\r\r\rB\"\rbad: 1\r---\rBody\r",
        );
        let e = parse_document(&f).unwrap_err();
        assert_eq!(e[0].location.as_ref().unwrap().line, Some(6), "{e:?}");
        let f = source(
            "content/about.md",
            SourceKind::Page,
            "---\ntitle: \"A\u{2028}B\u{85}C\"\nbad: 1\n---\n",
        );
        let e = parse_document(&f).unwrap_err();
        assert_eq!(e[0].location.as_ref().unwrap().line, Some(3), "{e:?}");
    }

    #[test]
    fn persons_are_names_or_mappings() {
        let f = source(
            "content/presentations/x.md",
            SourceKind::Member(Section::Presentations),
            "---\ntitle: T\nsession: s\npresenters:\n  - Ana\n  - name: Bo\n    country: no\n---\n",
        );
        let Parsed::Presentation(d) = parse_document(&f).unwrap() else {
            panic!()
        };
        assert_eq!(d.front.presenters[0].name, "Ana");
        assert_eq!(d.front.presenters[1].country.as_deref(), Some("no"));
    }

    #[test]
    fn unknown_person_key_suggests_the_closest() {
        let f = source(
            "content/presentations/x.md",
            SourceKind::Member(Section::Presentations),
            "---\ntitle: T\nsession: s\npresenters:\n  - name: Bo\n    organisation: X\n---\n",
        );
        let e = parse_document(&f).unwrap_err();
        assert_eq!(e[0].help.as_deref(), Some("did you mean `organization`?"));
        assert_eq!(e[0].location.as_ref().unwrap().line, Some(6));
    }

    #[test]
    fn value_errors_point_at_their_key() {
        let f = source(
            "content/sessions/x.md",
            SourceKind::Member(Section::Sessions),
            "---\ntitle: T\norder: 1\ndate: 2012-02-30\nstart: \"9:00\"\n---\n",
        );
        let e = parse_document(&f).unwrap_err();
        let lines: Vec<_> = e
            .iter()
            .map(|d| (d.location.as_ref().unwrap().line, d.message.as_str()))
            .collect();
        assert_eq!(
            lines,
            vec![
                (Some(4), "`2012-02-30` is not a date"),
                (Some(5), "`9:00` is not a time")
            ]
        );
    }

    #[test]
    fn dates_and_times() {
        assert!(is_date("2012-06-12"));
        assert!(is_date("2012-02-29"));
        assert!(!is_date("2011-02-29"));
        assert!(!is_date("2012-6-12"));
        assert!(!is_date("2012-13-01"));
        assert!(is_time("09:30"));
        assert!(!is_time("24:00"));
        assert!(!is_time("9:30"));
    }
}
