//! Links work when the site is served under a sub-path.

use std::collections::BTreeSet;

use crate::support::SiteTest;

/// Every `href="..."` and `src="..."` value of a page.
fn urls_of(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            let after = &rest[i + attr.len()..];
            let end = after.find('"').unwrap();
            out.push(after[..end].replace("&amp;", "&"));
            rest = &after[end..];
        }
    }
    out
}

#[test]
fn every_internal_link_of_a_sub_path_build_resolves_to_a_written_file() {
    let t = SiteTest::fixture("links_under_a_sub_path");
    let out = t.path("site");
    t.run(&[
        "build",
        "--base-url",
        "https://org.github.io/gfmd-2012/",
        "--output-dir",
        out.to_str().unwrap(),
    ])
    .assert_ok();

    let files = SiteTest::snapshot(&out);
    let mut checked = BTreeSet::new();
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for url in urls_of(&html) {
            if url.starts_with("https://") || url.starts_with("http://") {
                assert!(
                    !url.starts_with("https://org.github.io/")
                        || url.starts_with("https://org.github.io/gfmd-2012/"),
                    "{path}: {url}"
                );
                continue;
            }
            if url.starts_with('#') {
                continue;
            }
            let rest = url
                .strip_prefix("/gfmd-2012/")
                .unwrap_or_else(|| panic!("{path}: link {url} is outside the base path"));
            let (target, fragment) = match rest.split_once('#') {
                Some((a, b)) => (a, Some(b)),
                None => (rest, None),
            };
            let target = percent_decode(target);
            let file = if target.is_empty() || target.ends_with('/') {
                format!("{target}index.html")
            } else {
                target.clone()
            };
            let bytes = files
                .get(&file)
                .unwrap_or_else(|| panic!("{path}: link {url} has no file {file}"));
            if let Some(f) = fragment {
                let page = String::from_utf8_lossy(bytes);
                assert!(
                    page.contains(&format!("id=\"{}\"", percent_decode(f))),
                    "{path}: anchor #{f} missing in {file}"
                );
            }
            checked.insert(url);
        }
    }
    assert!(checked.len() > 20, "only {} links", checked.len());
    assert!(checked.contains("/gfmd-2012/static/map.png"));
    assert!(checked.contains("/gfmd-2012/themes/cms-other/"));
    assert!(checked.contains("/gfmd-2012/sessions/data/#key-points"));
    assert!(checked.contains("/gfmd-2012/about/#goals"));
    assert!(
        checked
            .iter()
            .any(|u| u.starts_with("/gfmd-2012/themes/%C3%A9conomie/"))
    );
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}
