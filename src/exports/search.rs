//! `search/index.json`: the search index, title, link (outcomes link to
//! their anchor), kind, summary and the distinct words of each page.

use std::io::Write;

use rayon::prelude::*;
use serde::Serialize;

use super::Input;
use crate::bodies::Bodies;
use crate::labels::label;
use crate::model::{DocRef, Kind, OutcomeKind};
use crate::routes;
use crate::site::Site;
use crate::urls::Urls;

/// One searchable page. Short keys keep the index small.
#[derive(Serialize)]
pub struct SearchEntry<'a> {
    /// title
    t: String,
    /// link (outcomes link to their anchor on the recommendations page)
    u: String,
    /// kind, e.g. "Recommendation S2-R1"
    k: String,
    /// summary or the start of the text
    s: String,
    /// the distinct lowercase words of title and text
    w: String,
    #[serde(skip)]
    _site: std::marker::PhantomData<&'a ()>,
}

/// A search entry; `text` is the page's text in parts, read as if joined by
/// spaces (so that no part is copied to join them).
fn search_entry(
    title: &str,
    url: String,
    kind: String,
    summary: Option<&str>,
    text: &[&str],
) -> SearchEntry<'static> {
    let snippet = match summary {
        Some(s) => crate::text::one_line(s).into_owned(),
        None => {
            let joined = text.join(" ");
            let mut s: String = joined.chars().take(180).collect();
            if joined.chars().count() > 180 {
                s.push('…');
            }
            s.replace('\n', " ")
        }
    };
    // Each word's first occurrence, lowercase; most words already are, and
    // are used as they stand.
    let size: usize = text.iter().map(|t| t.len()).sum();
    let mut seen: rustc_hash::FxHashSet<std::borrow::Cow<str>> =
        rustc_hash::FxHashSet::with_capacity_and_hasher(size / 16, Default::default());
    let mut words = String::new();
    for part in std::iter::once(title).chain(text.iter().copied()) {
        for_each_word(part, |w| {
            let w = w.trim_matches('-');
            if w.len() < 2 {
                return;
            }
            let w: std::borrow::Cow<str> = if w.is_ascii() {
                if w.bytes().any(|b| b.is_ascii_uppercase()) {
                    w.to_ascii_lowercase().into()
                } else {
                    w.into()
                }
            } else if w.chars().any(char::is_uppercase) {
                w.to_lowercase().into()
            } else {
                w.into()
            };
            if w.len() >= 2 && (w.len() > 2 || w.chars().count() >= 2) && seen.insert(w.clone()) {
                if !words.is_empty() {
                    words.push(' ');
                }
                words.push_str(&w);
            }
        });
    }
    SearchEntry {
        t: title.to_string(),
        u: url,
        k: kind,
        s: snippet,
        w: words,
        _site: std::marker::PhantomData,
    }
}

/// Calls `f` with each run of letters, digits and `-` in `text`; plain
/// ASCII text (most of it) is scanned byte by byte.
fn for_each_word<'a>(text: &'a str, mut f: impl FnMut(&'a str)) {
    if !text.is_ascii() {
        text.split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .for_each(f);
        return;
    }
    let mut start = None;
    for (i, b) in text.bytes().enumerate() {
        if b.is_ascii_alphanumeric() || b == b'-' {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            f(&text[s..i]);
        }
    }
    if let Some(s) = start {
        f(&text[s..]);
    }
}

/// Every page worth finding by a word.
/// `search/index.json`; its note gives the number of entries and the size.
pub fn write(input: &Input, out: &mut dyn Write) -> Result<Vec<String>, String> {
    let index = search_index(input.site, input.bodies, input.urls);
    let mut w = Counting {
        inner: out,
        bytes: 0,
    };
    serde_json::to_writer(&mut w, &index).map_err(|e| e.to_string())?;
    Ok(vec![format!(
        "search index: {} entries, {} KB",
        index.len(),
        (w.bytes + 512) / 1024
    )])
}

/// Counts the bytes written through it.
struct Counting<W> {
    inner: W,
    bytes: usize,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn search_index(site: &Site, bodies: &Bodies, urls: &Urls) -> Vec<SearchEntry<'static>> {
    let index = routes::index(Kind::Outcome);
    let text = |d: DocRef| bodies.get(d).map_or("", |b| b.text.as_str());
    // Outcomes first, then sessions (breaks have no page to find),
    // presentations and pages.
    let mut docs: Vec<DocRef> = site.outcomes.ixs().map(DocRef::Outcome).collect();
    docs.extend(
        site.sessions
            .indexed()
            .filter(|(_, s)| !s.is_break())
            .map(|(i, _)| DocRef::Session(i)),
    );
    docs.extend(site.presentations.ixs().map(DocRef::Presentation));
    docs.extend(site.pages.ixs().map(DocRef::Page));
    docs.into_par_iter()
        .filter_map(|d| {
            let head = site.head(d)?;
            let c = head.common;
            Some(match d {
                DocRef::Outcome(i) => {
                    let o = &site.outcomes[i];
                    let kind = label(match o.doc.front.kind {
                        Some(OutcomeKind::Finding) => "kind.finding",
                        _ => "kind.recommendation",
                    });
                    search_entry(
                        c.title,
                        format!("{}#{}", urls.link(&index), routes::fragment(o.id())),
                        format!("{kind} {}", o.id()),
                        c.summary,
                        &[o.id(), text(d)],
                    )
                }
                DocRef::Presentation(i) => {
                    let presenters: Vec<&str> = site.presentations[i]
                        .doc
                        .front
                        .presenters
                        .iter()
                        .map(|x| x.name.as_str())
                        .collect();
                    search_entry(
                        c.title,
                        urls.link(&routes::of(site, d)),
                        label(d.kind().info().label).to_string(),
                        c.summary,
                        &[&presenters.join(" "), text(d)],
                    )
                }
                _ => search_entry(
                    c.title,
                    urls.link(&routes::of(site, d)),
                    label(d.kind().info().label).to_string(),
                    c.summary,
                    &[text(d)],
                ),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_words_are_distinct_and_lowercase() {
        let e = search_entry(
            "Data Data",
            "/x".into(),
            "Page".into(),
            None,
            &["data, Planning-cycle a", "DATA Ünïcode-Wörter ü"],
        );
        assert_eq!(e.w, "data planning-cycle ünïcode-wörter");
        let mut ascii = Vec::new();
        for_each_word("-a b-c,  d9 -", |w| ascii.push(w.to_string()));
        let mut unicode = Vec::new();
        for_each_word("-a b-c,  d9 - é", |w| unicode.push(w.to_string()));
        assert_eq!(ascii, ["-a", "b-c", "d9", "-"]);
        assert_eq!(unicode, ["-a", "b-c", "d9", "-", "é"]);
    }
}
