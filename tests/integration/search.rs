//! The split search index: a reader's query finds other forms of its words,
//! reads only small files, links outcomes to their anchors and can be
//! filtered; two builds write the same bytes. `Index` below answers a query
//! the way `search.js` does, from the built files alone, except that it
//! looks a word up in one word file only (the browser check in CI,
//! `.ci/browser/search.mjs`, tries a word whose forms straddle two).

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use rapporteur::search::words::fold;
use serde_json::Value;

use crate::support::*;

/// The built index of a site, read as the browser reads it.
struct Index {
    dir: PathBuf,
    meta: Value,
    /// Bytes of each file read so far, by path.
    read: std::cell::RefCell<BTreeMap<String, usize>>,
}

impl Index {
    fn open(t: &SiteTest) -> Index {
        let dir = t.path("public/search");
        let index = Index {
            dir,
            meta: Value::Null,
            read: Default::default(),
        };
        let meta = index.json("meta.json");
        Index { meta, ..index }
    }

    fn json(&self, rel: &str) -> Value {
        let bytes = std::fs::read(self.dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        self.read.borrow_mut().insert(rel.to_string(), bytes.len());
        serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn starts(&self, key: &str) -> &Vec<Value> {
        self.meta[key].as_array().unwrap()
    }

    /// The terms of a query word: exactly, else the words it starts.
    fn look_up(&self, word: &str) -> (Vec<u64>, bool) {
        let starts = self.starts("words");
        let n = starts
            .iter()
            .rposition(|s| s.as_str().unwrap() <= word)
            .unwrap_or(0);
        let file = self.json(&format!("w/{n}.json"));
        let words: Vec<&str> = file[0]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap())
            .collect();
        let ids = file[1].as_array().unwrap();
        let ids_of = |i: usize| {
            ids[i]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap())
                .collect::<Vec<_>>()
        };
        match words.binary_search(&word) {
            Ok(i) => (ids_of(i), true),
            Err(i) => {
                let mut starting: Vec<u64> = Vec::new();
                for j in (i..words.len()).take_while(|&j| words[j].starts_with(word)) {
                    if word.chars().count() < 3 || starting.len() >= 40 {
                        break;
                    }
                    starting.extend(ids_of(j));
                }
                if !starting.is_empty() {
                    return (starting, false);
                }
                let within = (0..i)
                    .rev()
                    .take_while(|&j| words[j].get(..3) == word.get(..3))
                    .find(|&j| {
                        words[j].len() >= 4
                            && word.starts_with(words[j])
                            && word.len() - words[j].len() <= 3
                    });
                (within.map(ids_of).unwrap_or_default(), false)
            }
        }
    }

    /// A term's forms and its (document, weight) postings.
    fn term(&self, id: u64) -> (Vec<String>, Vec<(u64, u64)>) {
        let starts = self.starts("terms");
        let n = starts
            .iter()
            .rposition(|s| s.as_u64().unwrap() <= id)
            .unwrap();
        let file = self.json(&format!("t/{n}.json"));
        let entry = file[(id - starts[n].as_u64().unwrap()) as usize]
            .as_array()
            .unwrap()
            .clone();
        let forms = entry[0]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().to_string())
            .collect();
        let mut doc = 0;
        let postings = entry[1..]
            .chunks(2)
            .map(|c| {
                doc += c[0].as_u64().unwrap();
                (doc, c[1].as_u64().unwrap())
            })
            .collect();
        (forms, postings)
    }

    /// Documents matching every word of `query`, best first.
    fn search(&self, query: &str) -> Vec<u64> {
        let stop: Vec<&str> = self.meta["stop"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        let n = self.meta["n"].as_f64().unwrap();
        let mut scores: Option<HashMap<u64, f64>> = None;
        let mut words = Vec::new();
        rapporteur::search::words::for_each_word(query, |w| words.push(fold(w).into_owned()));
        for word in words
            .iter()
            .filter(|w| w.chars().count() >= 2 && !stop.contains(&w.as_str()))
        {
            let (ids, exact) = self.look_up(word);
            let mut mine: HashMap<u64, f64> = HashMap::new();
            for id in ids {
                let (_, postings) = self.term(id);
                let df = postings.len() as f64;
                let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                for (doc, w) in postings {
                    let s = idf * w as f64 * if exact { 1.0 } else { 0.7 };
                    let e = mine.entry(doc).or_insert(0.0);
                    *e = e.max(s);
                }
            }
            scores = Some(match scores {
                None => mine,
                Some(before) => before
                    .into_iter()
                    .filter_map(|(d, s)| mine.get(&d).map(|m| (d, s + m)))
                    .collect(),
            });
        }
        let mut hits: Vec<(u64, f64)> = scores.unwrap_or_default().into_iter().collect();
        hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        hits.into_iter().map(|(d, _)| d).collect()
    }

    /// A document's `[title, url, kind, context, summary, text]`.
    fn record(&self, doc: u64) -> Vec<String> {
        let starts = self.starts("docs");
        let n = starts
            .iter()
            .rposition(|s| s.as_u64().unwrap() <= doc)
            .unwrap();
        let file = self.json(&format!("d/{n}.json"));
        file[(doc - starts[n].as_u64().unwrap()) as usize]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    }

    fn titles(&self, query: &str) -> Vec<String> {
        self.search(query)
            .into_iter()
            .map(|d| self.record(d)[0].clone())
            .collect()
    }

    fn bytes_read(&self) -> usize {
        self.read.borrow().values().sum()
    }
}

fn site_in(language: &str, pages: &[(&str, &str)]) -> SiteTest {
    let t = SiteTest::new();
    t.write(
        "config.yaml",
        &format!("title: Actas\nbase_url: https://example.org/sub/\nlanguage: {language}\n"),
    );
    for (i, (title, body)) in pages.iter().enumerate() {
        t.write(
            &format!("content/p{i}.md"),
            &format!("---\ntitle: \"{title}\"\n---\n{body}\n"),
        );
    }
    t.build().assert_ok();
    t
}

#[test]
fn a_query_finds_the_other_forms_of_its_words_in_english_french_and_spanish() {
    let en = site_in(
        "en-GB",
        &[
            (
                "Money sent home",
                "Remittances grew, and the agencies agreed.",
            ),
            ("Other", "A remittance corridor."),
            ("Unrelated", "Nothing to see; remit is another word."),
        ],
    );
    let index = Index::open(&en);
    assert_eq!(index.meta["lang"], "en");
    let mut found = index.titles("remittance");
    found.sort();
    assert_eq!(found, ["Money sent home", "Other"]);
    assert_eq!(index.titles("agency agree"), ["Money sent home"]);
    // Every word must match: a word found nowhere empties the results.
    assert!(index.titles("remittance zebra").is_empty());
    // A word the text never uses finds the words it starts (typing), or
    // the word it is a longer form of.
    assert_eq!(index.titles("corrid"), ["Other"]);
    assert_eq!(index.titles("corridors"), ["Other"]);
    // ...but not a word that merely starts the same way.
    assert!(index.titles("corridorsxyz").is_empty());

    let fr = site_in(
        "fr",
        &[
            (
                "Développement local",
                "Les migrations façonnent le développement.",
            ),
            ("Autre", "Rien."),
        ],
    );
    let index = Index::open(&fr);
    assert_eq!(index.titles("migration"), ["Développement local"]);
    // Accents are optional in a query, and a plural the text never uses
    // finds the singular it does.
    assert_eq!(index.titles("developpements"), ["Développement local"]);
    assert_eq!(index.titles("DÉVELOPPEMENT"), ["Développement local"]);
    // French function words are not indexed.
    assert!(index.look_up("les").0.is_empty());

    let es = site_in(
        "es",
        &[
            ("Migración y desarrollo", "Las migraciones internacionales."),
            ("Otra", "Nada."),
        ],
    );
    let index = Index::open(&es);
    assert_eq!(index.titles("migraciones"), ["Migración y desarrollo"]);
    assert_eq!(
        index.titles("MIGRACION internacional"),
        ["Migración y desarrollo"]
    );
}

#[test]
fn results_are_ranked_title_first_and_carry_the_text_for_an_excerpt() {
    // Without the title's weight, the short page that mentions the word
    // once would rank first; with it, the page whose title holds it does.
    let t = site_in(
        "en",
        &[
            (
                "A page",
                "Diaspora bonds are mentioned once here, in passing, among other words.",
            ),
            (
                "Diaspora investment",
                "How to invest: small tickets, visible projects, shares that can be sold after a \
                 fixed period, reports every year, and a fund manager chosen by the investors.",
            ),
        ],
    );
    let index = Index::open(&t);
    assert_eq!(index.titles("diaspora"), ["Diaspora investment", "A page"]);
    let d = index.search("diaspora")[1];
    let record = index.record(d);
    assert_eq!(record[1], "/sub/p0/");
    assert!(
        record[5].contains("Diaspora bonds are mentioned once"),
        "{record:?}"
    );
}

#[test]
fn outcome_results_link_to_their_anchor_and_filters_know_each_kind_session_and_theme() {
    let t = SiteTest::fixture("workshop");
    t.build().assert_ok();
    let index = Index::open(&t);
    // "S3-R10" is two words, both in the outcome's id.
    let hits = index.search("S3-R10");
    let record = index.record(hits[0]);
    assert_eq!(record[1], "/workshop/recommendations/#S3-R10");
    assert_eq!(record[2], "Recommendation S3-R10");
    assert_eq!(record[3], "Session 3: Money and plans");
    // The excerpt's text is the body's plain text: raw HTML left out.
    assert_eq!(record[5], "The text of outcome 10, with markup as text.");

    let kinds = &index.meta["kinds"];
    let outcomes = kinds["outcome"].as_array().unwrap();
    let (lo, hi) = (outcomes[0].as_u64().unwrap(), outcomes[1].as_u64().unwrap());
    assert_eq!(hi - lo, 11, "{kinds}");
    assert!((lo..hi).contains(&hits[0]));
    let sessions = kinds["session"].as_array().unwrap();
    assert_eq!(
        sessions[1].as_u64().unwrap() - sessions[0].as_u64().unwrap(),
        4
    );
    assert!(
        kinds.get("presentation").is_none(),
        "no presentations: {kinds}"
    );

    let filters = index.json("filters.json");
    let docs = |list: &Value| {
        let mut n = 0;
        list.as_array()
            .unwrap()
            .iter()
            .map(|g| {
                n += g.as_u64().unwrap();
                index.record(n)[0].clone()
            })
            .collect::<Vec<_>>()
    };
    // The third session's documents: the session and its ten outcomes.
    let money = docs(&filters["sessions"][2]);
    assert_eq!(money.len(), 11, "{money:?}");
    assert!(
        money.contains(&"Money and plans".to_string())
            && money.contains(&"Outcome number 10".to_string())
    );
    // Themes are in the order of the themes page; "Budgets" carries S3-R10.
    let page = t.read("search/index.html");
    let option = page
        .split("<option value=\"")
        .find(|o| o.contains(">Budgets<"))
        .expect("a theme option for Budgets");
    let theme: usize = option.split('"').next().unwrap().parse().unwrap();
    assert!(docs(&filters["themes"][theme]).contains(&"Outcome number 10".to_string()));
    // The page offers the filters, and keeps its no-JavaScript way out.
    assert!(
        page.contains("<option value=\"outcome\">Findings and recommendations</option>"),
        "{page}"
    );
    assert!(
        page.contains("<option value=\"2\">Session 3: Money and plans</option>"),
        "{page}"
    );
    assert!(
        page.contains("data-index=\"/workshop/search/meta.json\""),
        "{page}"
    );
    assert!(page.contains("<noscript>") && page.contains("Search needs JavaScript"));
    assert!(page.contains("href=\"/workshop/search.css\""));
}

#[test]
fn a_query_reads_a_few_small_files_however_big_the_site_is() {
    let t = SiteTest::new();
    // 600 pages of 250 words each, from a vocabulary of 4,000 words.
    let vocabulary: Vec<String> = (0..4000u32)
        .map(|i| {
            let letters = b"bcdfghjklmnprstvz";
            let mut w = String::new();
            let mut n = i + 17;
            while n > 0 {
                w.push(letters[(n % 17) as usize] as char);
                w.push(['a', 'e', 'i', 'o', 'u'][(n % 5) as usize]);
                n /= 17;
            }
            w
        })
        .collect();
    let mut seed = 7u64;
    for p in 0..600 {
        let mut body = String::new();
        for _ in 0..250 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            // Skewed: low word numbers are common, as in real text.
            let r = (seed >> 33) as usize % 4000;
            body.push_str(&vocabulary[r * r / 4000]);
            body.push(' ');
        }
        t.write(
            &format!("content/p{p}.md"),
            &format!("---\ntitle: Page {p}\n---\n{body}\n"),
        );
    }
    t.build().assert_ok();
    let total: u64 = SiteTest::snapshot(&t.path("public/search"))
        .values()
        .map(|b| b.len() as u64)
        .sum();
    // A rare word, a common one, and both.
    for query in [
        vocabulary[3000].as_str(),
        vocabulary[2].as_str(),
        &format!("{} {}", vocabulary[2], vocabulary[40]),
    ] {
        let index = Index::open(&t);
        let hits = index.search(query);
        assert!(!hits.is_empty(), "{query}");
        for &d in hits.iter().take(10) {
            index.record(d);
        }
        let read = index.bytes_read();
        assert!(
            read < 160_000 && (read as u64) * 5 < total,
            "{query}: read {read} bytes of an index of {total}: {:?}",
            index.read.borrow()
        );
    }
}

#[test]
fn the_index_is_the_same_bytes_whatever_the_number_of_threads() {
    // Enough pages that the words are gathered in several runs, merged in
    // a different order by one thread and by four.
    let t = SiteTest::fixture("workshop");
    for i in 0..400 {
        t.write(
            &format!("content/page-{i}.md"),
            &format!(
                "---\ntitle: Page {i}\n---\nShared words, word {i}, budgets and plans number {i}, Budget{}.\n",
                i % 7
            ),
        );
    }
    let files = |threads: &str| {
        t.run_with_env(&["build"], &[("RAYON_NUM_THREADS", threads)])
            .assert_ok();
        SiteTest::snapshot(&t.path("public/search"))
    };
    let one = files("1");
    let four = files("4");
    assert!(one.len() >= 6);
    assert!(one == four, "the index differs between 1 and 4 threads");
}
