//! Front matter: the YAML block at the top of each Markdown file, parsed into
//! the typed front matter of its kind (see `model`).
//!
//! Runs after `source` (which read the file and knows its kind) and before
//! `site` (which resolves references between documents). Everything that can
//! be checked inside one file is checked here: unknown keys, types, dates and
//! times. Line numbers count from the top of the file, not of the YAML block.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Location};
use crate::model::{
    Common, Document, EventFront, Front, INTRO_KEYS, IntroFront, KeyLines, Kind, OutcomeFront,
    PageFront, PresentationFront, SessionFront,
};
use crate::source::{Place, SourceFile};
use crate::yaml;

mod typed;
mod typography;

/// A parsed document of any kind, with its typed front matter.
#[derive(Debug, Clone)]
pub enum Doc {
    Event(Document<EventFront>),
    Intro(Kind, Document<IntroFront>),
    Session(Document<SessionFront>),
    Presentation(Document<PresentationFront>),
    Outcome(Document<OutcomeFront>),
    Page(Document<PageFront>),
}

/// Applies `$f` to the document inside any [`Doc`].
macro_rules! each_doc {
    ($doc:expr, $d:ident => $f:expr) => {
        match $doc {
            Doc::Event($d) => $f,
            Doc::Intro(_, $d) => $f,
            Doc::Session($d) => $f,
            Doc::Presentation($d) => $f,
            Doc::Outcome($d) => $f,
            Doc::Page($d) => $f,
        }
    };
}

impl Doc {
    /// Its kind (an introduction: the kind whose listing it introduces).
    pub fn kind(&self) -> Kind {
        match self {
            Doc::Event(_) => Kind::Event,
            Doc::Intro(k, _) => *k,
            Doc::Session(_) => Kind::Session,
            Doc::Presentation(_) => Kind::Presentation,
            Doc::Outcome(_) => Kind::Outcome,
            Doc::Page(_) => Kind::Page,
        }
    }

    /// Relative to the site root.
    pub fn path(&self) -> &Path {
        each_doc!(self, d => &d.path)
    }

    pub fn slug(&self) -> &str {
        each_doc!(self, d => &d.slug)
    }

    pub fn language(&self) -> Option<&str> {
        each_doc!(self, d => d.language.as_deref())
    }

    pub fn common(&self) -> Common<'_> {
        each_doc!(self, d => d.front.common())
    }

    /// Where `key` is written, or the file's first line.
    pub fn key_location(&self, key: &str) -> Location {
        each_doc!(self, d => d.key_location(key))
    }
}

/// A file parsed: its document and its Markdown body (rendered apart).
#[derive(Debug, Clone)]
pub struct Parsed {
    pub doc: Doc,
    /// The Markdown after the front matter, with `\n` line ends.
    pub body: String,
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
pub fn yaml_as_parsed(yaml: &str) -> std::borrow::Cow<'_, str> {
    if yaml.contains(['\u{85}', '\u{2028}', '\u{2029}']) {
        std::borrow::Cow::Owned(yaml.replace(['\u{85}', '\u{2028}', '\u{2029}'], " "))
    } else {
        std::borrow::Cow::Borrowed(yaml)
    }
}

/// Parses a source file into its typed document. All problems found inside
/// the file are returned together.
pub fn parse_document(file: &SourceFile) -> Result<Parsed, Vec<Diagnostic>> {
    match parse_document_partly(file) {
        (Some(parsed), problems) if problems.is_empty() => Ok(parsed),
        (_, problems) => Err(problems),
    }
}

/// Parses a source file, and returns with its problems the document that
/// its readable keys make (the faulty ones left out), so that the checks
/// between files can report their errors in the same run. `None` when the
/// file cannot be read as its kind at all (a YAML syntax error, a missing
/// required key).
pub fn parse_document_partly(file: &SourceFile) -> (Option<Parsed>, Vec<Diagnostic>) {
    let text = normalize(&file.text);
    let mut split = match split_front_matter(&text, &file.path) {
        Ok(s) => s,
        Err(d) => return (None, vec![d]),
    };
    let yaml = yaml_as_parsed(split.yaml);
    split.yaml = &yaml;
    let keys = KeyLines(yaml::top_level_keys(split.yaml, split.yaml_line_offset));
    let mut problems = typography::check(split.yaml, split.yaml_line_offset, &file.path);
    macro_rules! read {
        ($variant:expr, $known:expr) => {{
            let (front, found) =
                typed::typed(file, split.yaml, split.yaml_line_offset, &keys, $known);
            problems.extend(found);
            front.map(|front| {
                $variant(Document {
                    path: file.path.clone(),
                    slug: file.slug.clone(),
                    language: file.language.clone(),
                    front,
                    body_line: split.body_line,
                    keys: keys.clone(),
                    yaml: split.yaml.to_string(),
                })
            })
        }};
    }
    let doc = match file.place {
        Place::Intro(kind) => read!(|d| Doc::Intro(kind, d), INTRO_KEYS),
        Place::Doc(kind) => {
            let known = kind.info().keys;
            match kind {
                Kind::Event => read!(Doc::Event, known),
                Kind::Session => read!(Doc::Session, known),
                Kind::Presentation => read!(Doc::Presentation, known),
                Kind::Outcome => read!(Doc::Outcome, known),
                Kind::Page => read!(Doc::Page, known),
            }
        }
    };
    let Some(mut doc) = doc else {
        return (None, problems);
    };
    normalize_times(&mut doc);
    problems.extend(check_values(&doc));
    let parsed = Parsed {
        doc,
        body: split.body.to_string(),
    };
    (Some(parsed), problems)
}

/// The most themes a document may name, and addressees an outcome may
/// have. Every theme and addressee gets a page that lists what carries it,
/// with their other themes or addressees: without a bound, one file with
/// thousands of them would make a build write gigabytes.
pub const MAX_TERMS: usize = 50;
/// The most persons a list (presenters, facilitators, hosts...) may hold.
pub const MAX_PERSONS: usize = 200;

/// `9:00` as `09:00`: the hour may be written with one digit.
fn normalize_times(doc: &mut Doc) {
    fn pad(t: &mut Option<String>) {
        if let Some(v) = t
            && v.len() == 4
            && v.as_bytes()[1] == b':'
            && is_time(&format!("0{v}"))
        {
            v.insert(0, '0');
        }
    }
    match doc {
        Doc::Session(d) => {
            pad(&mut d.front.start);
            pad(&mut d.front.end);
        }
        Doc::Presentation(d) => {
            pad(&mut d.front.start);
            pad(&mut d.front.end);
        }
        _ => {}
    }
}

/// Checks the values that one file can check alone.
fn check_values(doc: &Doc) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    each_doc!(doc, d => check_common(d, &mut out));
    match doc {
        Doc::Event(d) => check_event(d, &mut out),
        Doc::Session(d) => check_session(d, &mut out),
        Doc::Presentation(d) => check_presentation(d, &mut out),
        Doc::Outcome(d) => check_outcome(d, &mut out),
        Doc::Intro(..) | Doc::Page(_) => {}
    }
    out
}

/// The keys every kind has.
fn check_common<F: Front>(doc: &Document<F>, out: &mut Vec<Diagnostic>) {
    let c = doc.front.common();
    check_text(doc, "title", c.title, out);
    check_date(doc, "date", c.date, out);
    check_count(doc, "themes", c.themes.len(), MAX_TERMS, out);
    check_names(doc, "themes", c.themes, out);
}

/// Each name of a list that makes pages (themes, addressees) has a letter
/// or digit, so that it makes a URL.
fn check_names<F>(doc: &Document<F>, key: &str, names: &[String], out: &mut Vec<Diagnostic>) {
    for name in names {
        if let Some((c, what)) = typography::invisible(name) {
            out.push(invisible_error(doc, key, name, c, what));
        } else if crate::urls::segment(name).is_empty() {
            let what = if key == "themes" {
                "theme"
            } else {
                "addressee"
            };
            out.push(
                Diagnostic::error(
                    doc.key_location(key),
                    format!("{what} `{name}` has no letters or digits"),
                )
                .with_help(format!(
                    "name {key} with words, e.g. `{}`",
                    if key == "themes" {
                        "remittances"
                    } else {
                        "Governments"
                    }
                )),
            );
        }
    }
}

fn check_event(d: &Document<EventFront>, out: &mut Vec<Diagnostic>) {
    check_date(d, "start_date", d.front.start_date.as_deref(), out);
    check_date(d, "end_date", d.front.end_date.as_deref(), out);
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
    check_web_url(d, "join_url", d.front.join_url.as_deref(), out);
    for (key, list) in [
        ("hosts", &d.front.hosts),
        ("organizers", &d.front.organizers),
        ("co_chairs", &d.front.co_chairs),
    ] {
        check_count(d, key, list.len(), MAX_PERSONS, out);
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

fn check_session(d: &Document<SessionFront>, out: &mut Vec<Diagnostic>) {
    check_count(
        d,
        "facilitators",
        d.front.facilitators.len(),
        MAX_PERSONS,
        out,
    );
    check_count(
        d,
        "rapporteurs",
        d.front.rapporteurs.len(),
        MAX_PERSONS,
        out,
    );
    check_times(d, d.front.start.as_deref(), d.front.end.as_deref(), out);
    check_web_url(d, "join_url", d.front.join_url.as_deref(), out);
}

fn check_presentation(d: &Document<PresentationFront>, out: &mut Vec<Diagnostic>) {
    let f = &d.front;
    check_count(d, "presenters", f.presenters.len(), MAX_PERSONS, out);
    if let Some(session) = &f.session {
        check_slug_ref(d, "session", session, out);
    }
    check_times(d, f.start.as_deref(), f.end.as_deref(), out);
    check_web_url(d, "video", f.video.as_deref(), out);
    if let Some(doi) = &f.doi
        && !is_doi(doi)
    {
        out.push(
            Diagnostic::error(d.key_location("doi"), format!("`{doi}` is not a DOI"))
                .with_help("write the DOI itself, e.g. `doi: 10.1234/abcd.5678`"),
        );
    }
}

/// `10.<registrant>/<suffix>`.
fn is_doi(s: &str) -> bool {
    s.strip_prefix("10.")
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(registrant, suffix)| {
            !registrant.is_empty()
                && registrant.chars().all(|c| c.is_ascii_digit() || c == '.')
                && !suffix.is_empty()
                && !suffix.chars().any(|c| c.is_whitespace() || c.is_control())
        })
}

/// A key that must hold an http(s) address.
fn check_web_url<F>(doc: &Document<F>, key: &str, value: Option<&str>, out: &mut Vec<Diagnostic>) {
    if let Some(v) = value
        && !crate::config::is_web_url(v)
    {
        out.push(
            Diagnostic::error(
                doc.key_location(key),
                format!("`{key}` `{v}` is not an http(s) address"),
            )
            .with_help(format!(
                "write the full address, e.g. `{key}: https://example.org/...`"
            )),
        );
    }
}

/// `start` and `end`: times, the end after the start, no end alone.
fn check_times<F>(
    doc: &Document<F>,
    start: Option<&str>,
    end: Option<&str>,
    out: &mut Vec<Diagnostic>,
) {
    check_time(doc, "start", start, out);
    check_time(doc, "end", end, out);
    if let (Some(s), Some(e)) = (start, end)
        && is_time(s)
        && is_time(e)
        && e <= s
    {
        out.push(
            Diagnostic::error(
                doc.key_location("end"),
                format!("it ends at {e}, not after it starts at {s}"),
            )
            .with_help("write times as 24-hour `HH:MM`"),
        );
    }
    if end.is_some() && start.is_none() {
        out.push(
            Diagnostic::error(doc.key_location("end"), "`end` without `start`")
                .with_help("add `start: \"HH:MM\"` or remove `end`"),
        );
    }
}

fn check_outcome(d: &Document<OutcomeFront>, out: &mut Vec<Diagnostic>) {
    check_count(d, "addressees", d.front.addressees.len(), MAX_TERMS, out);
    check_names(d, "addressees", &d.front.addressees, out);
    check_slug_ref(d, "session", &d.front.session, out);
    check_date(d, "withdrawn", d.front.withdrawn.as_deref(), out);
    if d.front.withdrawn.is_some() && d.front.merged_into.is_some() {
        out.push(
            Diagnostic::error(
                d.key_location("merged_into"),
                "an outcome is either withdrawn or merged into another, not both",
            )
            .with_help(
                "keep `merged_into:` when its text lives on in another outcome, else `withdrawn:`",
            ),
        );
    }
    let id = &d.front.id;
    if let Some((c, what)) = typography::invisible(id) {
        out.push(invisible_error(d, "id", id, c, what));
    } else if id.trim().is_empty() || id.chars().any(char::is_whitespace) {
        out.push(
            Diagnostic::error(d.key_location("id"), format!("`{id}` is not a valid id"))
                .with_help("ids are one word without spaces, e.g. `S2-R1`"),
        );
    }
}

/// A name or id that holds a character no one sees: two names that look
/// the same would make two pages, an id would not match its links.
fn invisible_error<F>(
    doc: &Document<F>,
    key: &str,
    value: &str,
    c: char,
    what: &str,
) -> Diagnostic {
    Diagnostic::error(
        doc.key_location(key),
        format!(
            "`{}` in `{key}` holds an invisible character ({what}, U+{:04X})",
            value.trim(),
            u32::from(c)
        ),
    )
    .with_help("delete it and type it again, without copying it from a word processor")
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

    use std::path::PathBuf;

    fn source(path: &str, place: Place, text: &str) -> SourceFile {
        SourceFile {
            path: PathBuf::from(path),
            place,
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
            Place::Doc(Kind::Page),
            "\u{feff}---\r\ntitle: About\r\n---\r\nHello\r\n",
        );
        let parsed = parse_document(&f).unwrap();
        let Doc::Page(d) = &parsed.doc else { panic!() };
        assert_eq!(d.front.title, "About");
        assert_eq!(parsed.body, "Hello\n");
    }

    /// Found by the `front_matter` fuzz target: YAML counts a lone CR as a
    /// line break, and errors pointed past the end of the file.
    #[test]
    fn lone_carriage_returns_and_yaml_only_breaks_keep_file_lines() {
        let f = source(
            "content/about.md",
            Place::Doc(Kind::Page),
            "---\rtitle: \"A\r\r\rB\"\rbad: 1\r---\rBody\r",
        );
        let e = parse_document(&f).unwrap_err();
        assert_eq!(e[0].location.as_ref().unwrap().line, Some(6), "{e:?}");
        let f = source(
            "content/about.md",
            Place::Doc(Kind::Page),
            "---\ntitle: \"A\u{2028}B\u{85}C\"\nbad: 1\n---\n",
        );
        let e = parse_document(&f).unwrap_err();
        assert_eq!(e[0].location.as_ref().unwrap().line, Some(3), "{e:?}");
    }

    #[test]
    fn persons_are_names_or_mappings() {
        let f = source(
            "content/presentations/x.md",
            Place::Doc(Kind::Presentation),
            "---\ntitle: T\nsession: s\npresenters:\n  - Ana\n  - name: Bo\n    country: no\n---\n",
        );
        let Doc::Presentation(d) = parse_document(&f).unwrap().doc else {
            panic!()
        };
        assert_eq!(d.front.presenters[0].name, "Ana");
        assert_eq!(d.front.presenters[1].country.as_deref(), Some("no"));
    }

    #[test]
    fn unknown_person_key_suggests_the_closest() {
        let f = source(
            "content/presentations/x.md",
            Place::Doc(Kind::Presentation),
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
            Place::Doc(Kind::Session),
            "---\ntitle: T\norder: 1\ndate: 2012-02-30\nstart: \"9:75\"\n---\n",
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
                (Some(5), "`9:75` is not a time")
            ]
        );
    }

    #[test]
    fn an_hour_of_one_digit_is_read_as_two() {
        let f = source(
            "content/sessions/x.md",
            Place::Doc(Kind::Session),
            "---\ntitle: T\norder: 1\nstart: \"9:00\"\nend: 9:30\n---\n",
        );
        let Doc::Session(d) = parse_document(&f).unwrap().doc else {
            panic!()
        };
        assert_eq!(d.front.start.as_deref(), Some("09:00"));
        assert_eq!(d.front.end.as_deref(), Some("09:30"));
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
