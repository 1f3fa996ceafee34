//! The URL scheme: where each page of a site is.
//!
//! A document's page follows its kind's `route` pattern in the kind table
//! (`sessions/{slug}/`); the pages the site makes itself (programme,
//! listings, themes, report, search) have fixed routes here. `urls` turns
//! routes into links; `output` turns them into files. Plain pages may not
//! take a slug that one of these routes uses.

use crate::model::{DocRef, Kind};
use crate::site::Site;
use crate::urls::Route;

/// The route of a document's page, from its kind's pattern.
pub fn of_kind(kind: Kind, slug: &str) -> Route {
    let pattern = kind.info().route;
    let segments: Vec<&str> = pattern
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| if s == "{slug}" { slug } else { s })
        .collect();
    Route::page(&segments)
}

/// The route of the page made from a document (an introduction's is its
/// kind's listing).
pub fn of(site: &Site, doc: DocRef) -> Route {
    match doc {
        DocRef::Event => Route::root(),
        DocRef::Intro(k) => index(k),
        _ => of_kind(doc.kind(), site.head(doc).map_or("", |h| h.slug)),
    }
}

/// The page that lists a kind's documents (`/sessions/`).
pub fn index(kind: Kind) -> Route {
    Route::page(&[kind.info().folder.unwrap_or("")])
}

pub fn programme() -> Route {
    Route::page(&[PROGRAMME])
}

pub fn report() -> Route {
    Route::page(&[REPORT])
}

pub fn themes() -> Route {
    Route::page(&[THEMES])
}

pub fn theme(slug: &str) -> Route {
    Route::page(&[THEMES, slug])
}

/// The outcomes addressed to one body: `/recommendations/to/<slug>/`.
pub fn addressee(slug: &str) -> Route {
    Route::page(&[Kind::Outcome.info().folder.unwrap_or(""), "to", slug])
}

pub fn search() -> Route {
    Route::page(&[SEARCH])
}

/// The anchor of an outcome on the outcomes page, as a URL fragment.
pub fn fragment(id: &str) -> String {
    percent_encoding::utf8_percent_encode(id, percent_encoding::NON_ALPHANUMERIC)
        .to_string()
        .replace("%2D", "-")
        .replace("%5F", "_")
        .replace("%2E", ".")
}

const PROGRAMME: &str = "programme";
const REPORT: &str = "report";
const THEMES: &str = "themes";
const SEARCH: &str = "search";
/// The not-found page is `404.html` at the output's root.
const NOT_FOUND: &str = "404";

/// Whether a plain page's slug is taken by a page the site makes itself.
pub fn is_reserved(slug: &str) -> bool {
    [PROGRAMME, REPORT, THEMES, SEARCH, NOT_FOUND].contains(&slug)
        || Kind::with_folders().any(|k| k.info().folder == Some(slug))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_follow_their_kind_pattern() {
        assert_eq!(
            of_kind(Kind::Session, "opening").as_str(),
            "sessions/opening/"
        );
        assert_eq!(
            of_kind(Kind::Outcome, "s2-r1").as_str(),
            "recommendations/s2-r1/"
        );
        assert_eq!(of_kind(Kind::Page, "about").as_str(), "about/");
        assert_eq!(of_kind(Kind::Event, "").as_str(), "");
        assert_eq!(
            addressee("governments").as_str(),
            "recommendations/to/governments/"
        );
    }

    #[test]
    fn reserved_slugs_are_the_sites_own_pages() {
        for slug in [
            "programme",
            "sessions",
            "presentations",
            "recommendations",
            "themes",
            "report",
            "404",
            "search",
        ] {
            assert!(is_reserved(slug), "{slug}");
        }
        assert!(!is_reserved("about"));
    }

    #[test]
    fn ids_become_fragments() {
        assert_eq!(fragment("S2-R1"), "S2-R1");
        assert_eq!(fragment("a b/é"), "a%20b%2F%C3%A9");
    }
}
