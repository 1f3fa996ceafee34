//! The search index: split into small files, so that a query downloads only
//! the parts it needs, and read by `themes/default/static/search.js`.
//!
//! Every document worth finding gets a number, in this order: sessions
//! (breaks have no page), presentations, outcomes, pages; so each kind is
//! one range of numbers. The files, all under `search/`:
//!
//! - `meta.json`: the site's language and stop words, the number of
//!   documents, the kinds' ranges, and where each of the other files starts
//!   (the first word of each word file, the first term of each term file,
//!   the first document of each document file); `h` changes whenever any
//!   file does, and the client asks for `?h=…` so a cache never mixes two
//!   builds.
//! - `w/N.json`: folded words as written in the text (`remittances`) and
//!   the stems (`remitt`), sorted, each with the terms it leads to:
//!   `[[words…], [[term ids]…]]`.
//! - `t/N.json`: terms (stems) by id, each with the words that stem to it (to
//!   highlight them) and its postings, documents as gaps from the last one,
//!   each followed by a weight (BM25's term-frequency part, ×10, plus 10
//!   when the word is in the title): `[[words…], gap, weight, gap, weight…]`.
//! - `d/N.json`: documents by number: `[title, url, kind, context, summary,
//!   text]`, the text cut as [`text_limit`] says, for the excerpt.
//! - `filters.json`: the documents of each session and each theme, as gaps,
//!   fetched only when a reader filters.
//!
//! The client never stems: it looks a query word up among the words of the
//! text, which lead to its stem, and so to every other form of it. A word
//! the text never uses is matched as the start of the words it does use
//! (`corrid`, while typing), else by the longest word or stem it starts with
//! when at most three letters follow (`remittances` when the text has only
//! `remittance`).
//! Files are filled in order up to a target size, so the files a query
//! reads stay small however big the site is. Everything is sorted and
//! numbered in document order: two builds of the same site write the same
//! bytes.

pub mod words;

use std::fmt::Write as _;
use std::hash::Hasher;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHasher};

use crate::exports::Input;
use crate::labels::label;
use crate::model::{DocRef, Kind, OutcomeKind};
use crate::output::{Contents, Sink};
use crate::routes;
use words::{Language, fold, for_each_lowercase_word};

/// The size a word, term or document file is filled up to (one term or
/// document bigger than this has a file of its own).
const WORD_FILE: usize = 12 * 1024;
const TERM_FILE: usize = 16 * 1024;
const DOC_FILE: usize = 8 * 1024;

/// A document as the index sees it.
struct Doc<'a> {
    title: &'a str,
    url: String,
    kind: String,
    /// The session a presentation or outcome belongs to.
    context: String,
    summary: Option<&'a str>,
    text: &'a str,
    /// Words counted as in the title: an outcome's id, presenters' names.
    also_title: Vec<&'a str>,
}

/// One document's use of one word.
#[derive(Clone, Copy)]
struct Posting {
    doc: u32,
    count: u16,
    in_title: bool,
}

/// A file of the index, made in parallel and handed to the sink at once.
struct Made {
    hash: u64,
    bytes: usize,
}

/// Writes the index into `sink`; returns the line for the build log.
pub fn write(input: &Input, sink: &dyn Sink) -> String {
    let language = Language::of(&input.site.config.language);
    let (docs, numbers) = documents(input);
    let made = index_files(&docs, &numbers, input, &language, sink);
    format!(
        "search index: {} documents, {} files, {} KB (largest word or term file {} KB; stemming: {})",
        docs.len(),
        made.files,
        (made.bytes + 512) / 1024,
        (made.largest + 512) / 1024,
        if language.code.is_empty() {
            "none"
        } else {
            language.code
        },
    )
}

/// Every document worth finding, in index order, and the number of each
/// (by [`crate::site::Site::slot`]; `u32::MAX` for none).
fn documents<'a>(input: &Input<'a>) -> (Vec<Doc<'a>>, Vec<u32>) {
    let (site, bodies, urls) = (input.site, input.bodies, input.urls);
    let mut refs: Vec<DocRef> = site
        .sessions
        .indexed()
        .filter(|(_, s)| !s.is_break())
        .map(|(i, _)| DocRef::Session(i))
        .collect();
    refs.extend(site.presentations.ixs().map(DocRef::Presentation));
    refs.extend(site.outcomes.ixs().map(DocRef::Outcome));
    refs.extend(site.pages.ixs().map(DocRef::Page));
    refs.retain(|&d| site.head(d).is_some());
    let outcomes = routes::index(Kind::Outcome);
    let session_name = |i| site.sessions[i].numbered_title();
    let docs: Vec<Doc> = refs
        .par_iter()
        .filter_map(|&d| {
            let head = site.head(d)?;
            let c = head.common;
            let text = bodies.get(d).map_or("", |b| b.text.as_str());
            let mut doc = Doc {
                title: c.title,
                url: match d {
                    DocRef::Outcome(i) => {
                        let id = site.outcomes[i].id();
                        format!("{}#{}", urls.link(&outcomes), routes::fragment(id))
                    }
                    _ => urls.link(&routes::of(site, d)),
                },
                kind: label(d.kind().info().label).to_string(),
                context: String::new(),
                summary: c.summary,
                text,
                also_title: Vec::new(),
            };
            match d {
                DocRef::Outcome(i) => {
                    let o = &site.outcomes[i];
                    let kind = label(match o.doc.front.kind {
                        Some(OutcomeKind::Finding) => "kind.finding",
                        _ => "kind.recommendation",
                    });
                    doc.kind = format!("{kind} {}", o.id());
                    doc.context = session_name(o.session);
                    doc.also_title.push(o.id());
                }
                DocRef::Presentation(i) => {
                    let p = &site.presentations[i];
                    doc.also_title
                        .extend(p.doc.front.presenters.iter().map(|x| x.name.as_str()));
                    if let Some(s) = p.session {
                        doc.context = session_name(s);
                    }
                }
                _ => {}
            }
            Some(doc)
        })
        .collect();
    let mut numbers = vec![u32::MAX; site.slot_count()];
    for (n, &d) in refs.iter().enumerate() {
        numbers[site.slot(d)] = n as u32;
    }
    (docs, numbers)
}

/// Each lowercase word with its postings, gathered by one thread over
/// consecutive documents (so each list is in document order), and each
/// document's length in words.
#[derive(Default)]
struct Gathered {
    words: FxHashMap<String, Vec<Posting>>,
    lengths: Vec<(u32, u32)>,
}

impl Gathered {
    fn add(mut self, n: u32, doc: &Doc) -> Gathered {
        let mut length = 0u32;
        let words = &mut self.words;
        let mut count = |part: &str, in_title: bool| {
            for_each_lowercase_word(part, |lower| {
                length += 1;
                let list = match words.get_mut(lower.as_ref()) {
                    Some(list) => list,
                    None => words.entry(lower.into_owned()).or_default(),
                };
                match list.last_mut() {
                    Some(p) if p.doc == n => {
                        p.count = p.count.saturating_add(1);
                        p.in_title |= in_title;
                    }
                    _ => list.push(Posting {
                        doc: n,
                        count: 1,
                        in_title,
                    }),
                }
            });
        };
        count(doc.title, true);
        for part in &doc.also_title {
            count(part, true);
        }
        if let Some(s) = doc.summary {
            count(s, false);
        }
        count(doc.text, false);
        self.lengths.push((n, length));
        self
    }

    fn merge(mut self, other: Gathered) -> Gathered {
        // `other` holds later documents: its postings go after.
        if self.words.len() >= other.words.len() {
            for (word, list) in other.words {
                self.words.entry(word).or_default().extend(list);
            }
        } else {
            let mut words = other.words;
            for (word, mut list) in std::mem::take(&mut self.words) {
                let later = words.entry(word).or_default();
                list.append(later);
                *later = list;
            }
            self.words = words;
        }
        self.lengths.extend(other.lengths);
        self
    }
}

/// A term: a stem, the folded words that stem to it, where it is used.
struct Term {
    key: String,
    forms: Vec<String>,
    postings: Vec<Posting>,
}

/// What [`index_files`] wrote.
struct Written {
    files: usize,
    bytes: usize,
    largest: usize,
}

/// Makes every file of the index and hands each to `sink`.
fn index_files(
    docs: &[Doc],
    numbers: &[u32],
    input: &Input,
    language: &Language,
    sink: &dyn Sink,
) -> Written {
    let put = |path: String, bytes: Vec<u8>| -> Made {
        let mut h = FxHasher::default();
        h.write(path.as_bytes());
        h.write(&bytes);
        let made = Made {
            hash: h.finish(),
            bytes: bytes.len(),
        };
        sink.put(path, Contents::Bytes(bytes), "the search index");
        made
    };
    // A few big runs of documents per thread: each run learns the
    // vocabulary once.
    let run = (docs.len() / (4 * rayon::current_num_threads())).max(64);
    let gathered = docs
        .par_chunks(run)
        .enumerate()
        .map(|(k, chunk)| {
            chunk
                .iter()
                .enumerate()
                .fold(Gathered::default(), |g, (i, d)| {
                    g.add((k * run + i) as u32, d)
                })
        })
        .reduce(Gathered::default, Gathered::merge);
    let mut lengths = vec![0u32; docs.len()];
    for (n, l) in &gathered.lengths {
        lengths[*n as usize] = *l;
    }
    let terms = terms(gathered.words, language);
    let mut made: Vec<Made> = Vec::new();

    // Word files: every folded form, and every stem, with the terms it
    // leads to.
    let mut forms: Vec<(&str, u32)> = terms
        .iter()
        .enumerate()
        .flat_map(|(id, t)| {
            let stem = (!t.forms.contains(&t.key)).then_some(t.key.as_str());
            t.forms
                .iter()
                .map(String::as_str)
                .chain(stem)
                .map(move |f| (f, id as u32))
        })
        .collect();
    forms.sort_unstable_by(|a, b| utf16_cmp(a.0, b.0).then(a.1.cmp(&b.1)));
    forms.dedup();
    let mut word_starts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < forms.len() {
        let start = i;
        let mut words = String::from("[[");
        let mut ids = String::from("[");
        while i < forms.len() && (i == start || words.len() + ids.len() < WORD_FILE) {
            let form = forms[i].0;
            if i > start {
                words.push(',');
                ids.push(',');
            }
            push_json_str(&mut words, form);
            ids.push('[');
            let mut first = true;
            while i < forms.len() && forms[i].0 == form {
                if !first {
                    ids.push(',');
                }
                first = false;
                let _ = write!(ids, "{}", forms[i].1);
                i += 1;
            }
            ids.push(']');
        }
        words.push_str("],");
        words.push_str(&ids);
        words.push_str("]]");
        made.push(put(
            format!("search/w/{}.json", word_starts.len()),
            words.into_bytes(),
        ));
        word_starts.push(forms[start].0.to_string());
    }
    let largest_word = made.iter().map(|m| m.bytes).max().unwrap_or(0);

    // Term files: forms and postings with weights. A file ends once its
    // estimated size (about six bytes a posting) reaches the target.
    let average =
        (lengths.iter().map(|&l| f64::from(l)).sum::<f64>() / docs.len().max(1) as f64).max(1.0);
    let term_starts = starts(&terms, TERM_FILE, |t| {
        t.forms.iter().map(|f| f.len() + 3).sum::<usize>() + t.postings.len() * 6
    });
    let term_files: Vec<Made> = ranges(&term_starts, terms.len())
        .into_par_iter()
        .enumerate()
        .map(|(f, (lo, hi))| {
            let mut s = String::from("[");
            for (k, t) in terms[lo..hi].iter().enumerate() {
                s.push_str(if k > 0 { ",[[" } else { "[[" });
                for (j, form) in t.forms.iter().enumerate() {
                    if j > 0 {
                        s.push(',');
                    }
                    push_json_str(&mut s, form);
                }
                s.push(']');
                let mut last = 0;
                for p in &t.postings {
                    let w = weight(p, lengths[p.doc as usize], average);
                    let _ = write!(s, ",{},{w}", p.doc - last);
                    last = p.doc;
                }
                s.push(']');
            }
            s.push(']');
            put(format!("search/t/{f}.json"), s.into_bytes())
        })
        .collect();
    let largest = term_files
        .iter()
        .map(|m| m.bytes)
        .max()
        .unwrap_or(0)
        .max(largest_word);
    made.extend(term_files);
    drop(forms);
    drop(terms);

    // Document files: what a result shows.
    let limit = text_limit(docs.len());
    let doc_starts = starts(docs, DOC_FILE, |d| {
        d.title.len()
            + d.url.len()
            + d.kind.len()
            + d.context.len()
            + d.summary.map_or(0, str::len)
            + d.text.len().min(limit)
            + 16
    });
    let doc_files: Vec<Made> = ranges(&doc_starts, docs.len())
        .into_par_iter()
        .enumerate()
        .map(|(f, (lo, hi))| {
            let mut s = String::from("[");
            for (k, d) in docs[lo..hi].iter().enumerate() {
                s.push_str(if k > 0 { ",[" } else { "[" });
                let fields = [
                    d.title,
                    &d.url,
                    &d.kind,
                    &d.context,
                    d.summary.unwrap_or(""),
                    cut(d.text, limit),
                ];
                for (j, field) in fields.into_iter().enumerate() {
                    if j > 0 {
                        s.push(',');
                    }
                    push_json_str(&mut s, field);
                }
                s.push(']');
            }
            s.push(']');
            put(format!("search/d/{f}.json"), s.into_bytes())
        })
        .collect();
    made.extend(doc_files);

    made.push(put(
        "search/filters.json".to_string(),
        filters(input, numbers),
    ));

    let mut hash = FxHasher::default();
    for m in &made {
        hash.write_u64(m.hash);
    }
    let mut meta = serde_json::Map::new();
    meta.insert("v".into(), 1.into());
    meta.insert("h".into(), format!("{:016x}", hash.finish()).into());
    meta.insert("lang".into(), language.code.into());
    meta.insert("n".into(), docs.len().into());
    meta.insert("stop".into(), language.stop_words().into());
    meta.insert("words".into(), word_starts.into());
    meta.insert("terms".into(), term_starts.into());
    meta.insert("docs".into(), doc_starts.into());
    meta.insert("kinds".into(), kind_ranges(input, numbers));
    let meta = serde_json::to_vec(&serde_json::Value::Object(meta)).unwrap_or_default();
    made.push(put("search/meta.json".to_string(), meta));
    Written {
        files: made.len(),
        bytes: made.iter().map(|m| m.bytes).sum(),
        largest,
    }
}

/// Where each file starts when `items` are filled into files in order, each
/// up to `target` bytes as `size` estimates them (an item bigger than the
/// target has a file of its own).
fn starts<T>(items: &[T], target: usize, size: impl Fn(&T) -> usize) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut filled = target;
    for (i, item) in items.iter().enumerate() {
        let s = size(item);
        if filled + s > target && filled > 0 {
            starts.push(i);
            filled = 0;
        }
        filled += s;
    }
    starts
}

/// `[start, end)` of each file, from the starts.
fn ranges(starts: &[usize], len: usize) -> Vec<(usize, usize)> {
    starts
        .iter()
        .enumerate()
        .map(|(k, &lo)| (lo, starts.get(k + 1).copied().unwrap_or(len)))
        .collect()
}

/// How much of each document's text is kept for excerpts: all of it up to
/// 16 KB, on a site whose texts fit in about 16 MB; less on a bigger site,
/// but never under 2 KB.
fn text_limit(docs: usize) -> usize {
    (16_000_000 / docs.max(1)).clamp(2_000, 16_000)
}

/// The terms of the gathered words, sorted by key (as JavaScript compares
/// strings), each with its forms and its postings in document order. Words
/// of one letter and the language's stop words are left out.
fn terms(words: FxHashMap<String, Vec<Posting>>, language: &Language) -> Vec<Term> {
    let mut stemmed: Vec<(String, String, Vec<Posting>)> = words
        .into_par_iter()
        .filter_map(|(word, postings)| {
            let form = fold(&word);
            if form.chars().nth(1).is_none() || language.is_stop(&form) {
                return None;
            }
            let form = form.into_owned();
            Some((language.term(&word), form, postings))
        })
        .collect();
    stemmed.par_sort_unstable_by(|a, b| utf16_cmp(&a.0, &b.0).then_with(|| a.1.cmp(&b.1)));
    let mut terms: Vec<Term> = Vec::new();
    for (key, form, postings) in stemmed {
        match terms.last_mut() {
            Some(t) if t.key == key => {
                if t.forms.last() != Some(&form) {
                    t.forms.push(form);
                }
                t.postings.extend(postings);
            }
            _ => terms.push(Term {
                key,
                forms: vec![form],
                postings,
            }),
        }
    }
    // Several words of a term (or of one folded form) bring lists of
    // their own: one list, in document order, one posting a document.
    terms.par_iter_mut().for_each(|t| {
        t.postings.sort_by_key(|p| p.doc);
        t.postings.dedup_by(|later, kept| {
            if later.doc == kept.doc {
                kept.count = kept.count.saturating_add(later.count);
                kept.in_title |= later.in_title;
                true
            } else {
                false
            }
        });
    });
    terms
}

/// A posting's weight: BM25's term-frequency part (k1 = 1.2, b = 0.75)
/// times 10, plus 10 for a word of the title; at least 1.
fn weight(p: &Posting, length: u32, average: f64) -> u32 {
    let tf = f64::from(p.count);
    let norm = 1.2 * (0.25 + 0.75 * f64::from(length) / average);
    let w = (10.0 * tf * 2.2 / (tf + norm)).round() as u32 + if p.in_title { 10 } else { 0 };
    w.max(1)
}

/// The documents of each session and each theme, as gaps.
fn filters(input: &Input, numbers: &[u32]) -> Vec<u8> {
    let site = input.site;
    let list = |docs: &mut dyn Iterator<Item = DocRef>| -> Vec<u32> {
        let mut ns: Vec<u32> = docs
            .map(|d| numbers[site.slot(d)])
            .filter(|&n| n != u32::MAX)
            .collect();
        ns.sort_unstable();
        ns.dedup();
        let mut last = 0;
        ns.into_iter()
            .map(|n| {
                let gap = n - last;
                last = n;
                gap
            })
            .collect()
    };
    let sessions: Vec<Vec<u32>> = site
        .sessions
        .indexed()
        .filter(|(_, s)| !s.is_break())
        .map(|(i, s)| {
            let mut docs = std::iter::once(DocRef::Session(i))
                .chain(s.presentations.iter().map(|&p| DocRef::Presentation(p)))
                .chain(s.outcomes.iter().map(|&o| DocRef::Outcome(o)));
            list(&mut docs)
        })
        .collect();
    let themes: Vec<Vec<u32>> = site
        .themes
        .iter()
        .map(|t| list(&mut t.items.iter().copied()))
        .collect();
    serde_json::to_vec(&serde_json::json!({ "sessions": sessions, "themes": themes }))
        .unwrap_or_default()
}

/// Each kind's range of document numbers, `[first, end)`.
fn kind_ranges(input: &Input, numbers: &[u32]) -> serde_json::Value {
    let site = input.site;
    let mut ranges = serde_json::Map::new();
    let mut range = |name: &str, docs: &mut dyn Iterator<Item = DocRef>| {
        let ns: Vec<u32> = docs
            .map(|d| numbers[site.slot(d)])
            .filter(|&n| n != u32::MAX)
            .collect();
        if let (Some(first), Some(last)) = (ns.iter().min(), ns.iter().max()) {
            ranges.insert(name.into(), serde_json::json!([first, last + 1]));
        }
    };
    range("session", &mut site.sessions.ixs().map(DocRef::Session));
    range(
        "presentation",
        &mut site.presentations.ixs().map(DocRef::Presentation),
    );
    range("outcome", &mut site.outcomes.ixs().map(DocRef::Outcome));
    range("page", &mut site.pages.ixs().map(DocRef::Page));
    serde_json::Value::Object(ranges)
}

/// Compares as JavaScript's `<` does (by UTF-16 code units), which the
/// client's binary search relies on.
fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

/// `text` cut to at most `limit` bytes, at the end of a word.
fn cut(text: &str, limit: usize) -> &str {
    if text.len() <= limit {
        return text;
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind(char::is_whitespace) {
        Some(space) if space > limit / 2 => &text[..space],
        _ => &text[..end],
    }
}

/// Appends `s` as a JSON string.
fn push_json_str(out: &mut String, s: &str) {
    out.push('"');
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let escaped = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\t' => "\\t",
            b'\r' => "\\r",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        if escaped.is_empty() {
            let _ = write!(out, "\\u{b:04x}");
        } else {
            out.push_str(escaped);
        }
        from = i + 1;
    }
    out.push_str(&s[from..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_text_ends_at_a_word_within_the_limit() {
        assert_eq!(cut("short", 10), "short");
        assert_eq!(cut("one two three four", 12), "one two");
        assert_eq!(cut("ééééé", 5), "éé");
    }

    #[test]
    fn json_strings_escape_quotes_backslashes_and_control_characters() {
        for s in [
            "plain",
            "a \"quote\" and \\ back",
            "tab\tnew\nline\r\u{1}\u{1f}",
            "é ✓ </script>",
        ] {
            let mut out = String::new();
            push_json_str(&mut out, s);
            assert_eq!(serde_json::from_str::<String>(&out).unwrap(), s, "{out}");
        }
    }

    #[test]
    fn files_are_filled_up_to_the_target() {
        assert_eq!(starts(&[5, 5, 5, 20, 1], 10, |&s| s), [0, 2, 3, 4]);
        assert_eq!(ranges(&[0, 2, 3, 4], 5), [(0, 2), (2, 3), (3, 4), (4, 5)]);
        assert!(starts(&[0usize; 0], 10, |&s| s).is_empty());
    }

    #[test]
    fn utf16_order_is_javascripts() {
        // U+FF5E sorts after U+1F600 in UTF-8 but before it in UTF-16.
        assert_eq!(
            utf16_cmp("\u{FF5E}", "\u{1F600}"),
            std::cmp::Ordering::Greater
        );
        assert_eq!(utf16_cmp("ab", "b"), std::cmp::Ordering::Less);
    }

    #[test]
    fn title_words_weigh_more_and_long_texts_less() {
        let p = |count, in_title| Posting {
            doc: 0,
            count,
            in_title,
        };
        assert!(weight(&p(1, true), 100, 100.0) > weight(&p(1, false), 100, 100.0));
        assert!(weight(&p(2, false), 100, 100.0) > weight(&p(2, false), 1000, 100.0));
        assert!(weight(&p(1, false), 100_000, 1.0) >= 1);
    }
}
