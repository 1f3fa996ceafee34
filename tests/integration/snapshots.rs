//! The `<main>` of every kind of page, as snapshots reviewed as files
//! (`tests/integration/snapshots/`). A change to a page shows as a diff to
//! review like code: `cargo insta review`, or `INSTA_UPDATE=always cargo
//! test` and read the diff.

use crate::support::{SiteTest, main_of};

/// Each kind of page of `tests/fixtures/full_site/`, by snapshot name.
const PAGES: &[(&str, &str)] = &[
    ("home", "index.html"),
    ("programme", "programme/index.html"),
    ("sessions", "sessions/index.html"),
    ("session", "sessions/data/index.html"),
    ("presentations", "presentations/index.html"),
    ("presentation", "presentations/talk/index.html"),
    ("outcomes", "recommendations/index.html"),
    ("outcome", "recommendations/s2-r1/index.html"),
    ("addressee", "recommendations/to/governments/index.html"),
    ("themes", "themes/index.html"),
    ("theme", "themes/data/index.html"),
    ("report", "report/index.html"),
    ("search", "search/index.html"),
    ("page", "about/index.html"),
    ("not_found", "404.html"),
];

#[test]
fn the_main_of_every_page_kind() {
    let t = SiteTest::fixture("full_site");
    t.build().assert_ok();
    let root = t.root().to_string_lossy().into_owned();
    for (name, file) in PAGES {
        let html = t.read(file);
        let main = main_of(&html).replace(&root, "[ROOT]");
        insta::assert_snapshot!(*name, main);
    }
}

#[test]
fn the_sitemap_lists_every_page_once() {
    let t = SiteTest::fixture("full_site");
    t.build().assert_ok();
    insta::assert_snapshot!("sitemap", t.read("sitemap.xml"));
}
