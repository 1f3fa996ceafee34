//! URLs: the one place that turns a page's route into a link.
//!
//! A [`Route`] is a site-relative path made of safe segments (`sessions/opening/`).
//! [`Urls`] knows the configured `base_url` and makes root-relative links
//! (`/gfmd-2012/sessions/opening/`) and absolute permalinks from routes, so a site
//! works when served under a sub-path. [`segment`] makes any user string (a
//! theme named `CMS/other`) into one safe path segment. The output module maps
//! the same routes to files.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use url::Url;

/// Characters escaped when a route goes into an `href`.
const PATH_SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\'')
    .add(b'\\')
    .add(b'^')
    .add(b'|');

/// A site-relative path without a leading slash: `""` for the home page,
/// `sessions/opening/` for a page, `presentations/deck.pdf` for a file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Route(String);

impl Route {
    /// The home page.
    pub fn root() -> Self {
        Route(String::new())
    }

    /// A page at `a/b/` from segments that are already safe.
    pub fn page<S: AsRef<str>>(segments: &[S]) -> Self {
        let mut path = String::new();
        for s in segments {
            path.push_str(s.as_ref());
            path.push('/');
        }
        Route(path)
    }

    /// A file route from a site-relative path (`static/map.png` → `static/map.png`).
    pub fn file(path: &str) -> Self {
        Route(path.trim_start_matches('/').to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this route names a directory page (`.../index.html`).
    pub fn is_page(&self) -> bool {
        self.0.is_empty() || self.0.ends_with('/')
    }

    /// The output file this route is written to, relative to the output root.
    pub fn output_file(&self) -> String {
        if self.is_page() {
            format!("{}index.html", self.0)
        } else {
            self.0.clone()
        }
    }
}

/// Makes links from routes, aware of the base URL's path.
#[derive(Debug, Clone)]
pub struct Urls {
    base: Url,
    base_path: String,
}

impl Urls {
    /// `base` must be an absolute URL; its path gets a trailing slash.
    pub fn new(mut base: Url) -> Self {
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        base.set_query(None);
        base.set_fragment(None);
        let base_path = base.path().to_string();
        Urls { base, base_path }
    }

    /// The base URL's path, with leading and trailing slash (`/` or `/gfmd-2012/`).
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// The absolute base URL, ending in `/`.
    pub fn base(&self) -> &str {
        self.base.as_str()
    }

    /// The root-relative link to a route: `/gfmd-2012/sessions/opening/`.
    pub fn link(&self, route: &Route) -> String {
        let mut out = String::with_capacity(self.base_path.len() + route.0.len());
        out.push_str(&self.base_path);
        out.extend(utf8_percent_encode(&route.0, PATH_SEGMENT));
        out
    }

    /// The absolute permalink of a route: `https://org.github.io/gfmd-2012/sessions/opening/`.
    pub fn permalink(&self, route: &Route) -> String {
        let mut out = String::with_capacity(self.base.as_str().len() + route.0.len());
        out.push_str(self.base.as_str());
        out.extend(utf8_percent_encode(&route.0, PATH_SEGMENT));
        out
    }

    /// A root-relative URL written by a person (`/static/map.png`, `/sessions/x/#a`)
    /// moved under the base path.
    pub fn rebase(&self, root_relative: &str) -> String {
        format!(
            "{}{}",
            self.base_path,
            root_relative.trim_start_matches('/')
        )
    }
}

/// A site-relative path as it goes into a URL or a `Location` header:
/// non-ASCII characters, controls, spaces and URL delimiters percent-encoded.
pub fn encode_path(path: &str) -> String {
    utf8_percent_encode(path, PATH_SEGMENT).to_string()
}

/// One safe URL path segment from any string: lowercase letters and digits
/// (any script) joined by single hyphens. `CMS/other` → `cms-other`,
/// `Gender & Age` → `gender-age`. Returns an empty string when nothing is left.
pub fn segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_hyphen = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.extend(c.to_lowercase());
        } else {
            pending_hyphen = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(base: &str) -> Urls {
        Urls::new(Url::parse(base).unwrap())
    }

    #[test]
    fn links_carry_the_base_path() {
        let u = urls("https://org.github.io/gfmd-2012");
        assert_eq!(u.base_path(), "/gfmd-2012/");
        assert_eq!(
            u.link(&Route::page(&["sessions", "opening"])),
            "/gfmd-2012/sessions/opening/"
        );
        assert_eq!(u.link(&Route::root()), "/gfmd-2012/");
        assert_eq!(
            u.permalink(&Route::page(&["report"])),
            "https://org.github.io/gfmd-2012/report/"
        );
        assert_eq!(u.rebase("/static/map.png"), "/gfmd-2012/static/map.png");
    }

    #[test]
    fn segment_makes_one_safe_segment() {
        assert_eq!(segment("CMS/other"), "cms-other");
        assert_eq!(segment("  Gender & Age  "), "gender-age");
        assert_eq!(segment("../../etc"), "etc");
        assert_eq!(segment("Économie"), "économie");
        assert_eq!(segment("!!!"), "");
    }

    #[test]
    fn non_ascii_segments_are_percent_encoded_in_links() {
        let u = urls("https://example.org/");
        assert_eq!(
            u.link(&Route::page(&["themes", "économie"])),
            "/themes/%C3%A9conomie/"
        );
    }

    #[test]
    fn output_files_of_pages_are_index_html() {
        assert_eq!(Route::root().output_file(), "index.html");
        assert_eq!(Route::page(&["a", "b"]).output_file(), "a/b/index.html");
        assert_eq!(Route::file("x/y.pdf").output_file(), "x/y.pdf");
    }
}
