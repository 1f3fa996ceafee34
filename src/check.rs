//! `rapporteur check`: everything `build` validates, plus links, anchors and
//! the proceedings rules of `config.yaml`.
//!
//! Runs the whole pipeline in memory (templates included) through
//! `build::render_in_memory`, then looks at what it produced; it writes
//! nothing. Broken links and anchors are errors; rules not met are warnings,
//! errors with `--strict`. External links are checked only when asked, and a
//! network failure alone is never an error.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use rayon::prelude::*;

use crate::build::{BuildOptions, Rendered, render_in_memory};
use crate::config::SessionRole;
use crate::diagnostics::{self, Diagnostic, Location, Severity};
use crate::front_matter::{OutcomeKind, SessionKind};
use crate::markdown::Link;
use crate::output::Contents;
use crate::render::route_of;
use crate::source::Section;
use crate::urls::{Route, Urls};

/// What to check.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub build: BuildOptions,
    /// Rules not met are errors.
    pub strict: bool,
    /// Also request external links.
    pub external: bool,
}

/// Checks a site. Returns every diagnostic (errors and warnings), sorted.
pub fn check(options: &CheckOptions) -> Vec<Diagnostic> {
    let rendered = match render_in_memory(&options.build) {
        Ok(r) => r,
        Err(errors) => return errors,
    };
    let urls = Urls::new(rendered.site.config.base_url.clone());
    let mut out = check_links(&rendered, &urls);
    out.extend(check_rules(&rendered));
    if options.strict {
        for d in &mut out {
            d.severity = Severity::Error;
        }
    }
    if options.external {
        out.extend(check_external(&rendered));
    }
    diagnostics::sort(&mut out);
    out
}

/// Every Markdown body of the site with its source path and page route.
fn documents(r: &Rendered) -> Vec<(&Path, Route, &[Link])> {
    r.site
        .documents()
        .into_iter()
        .filter_map(|(doc, path)| {
            let body = r.bodies.get(doc)?;
            Some((path, route_of(&r.site, doc), body.links.as_slice()))
        })
        .collect()
}

/// The ids of each HTML page of the output, computed when first asked.
struct Anchors<'a> {
    files: HashMap<&'a str, &'a Contents>,
    ids: Mutex<HashMap<String, HashSet<String>>>,
}

impl<'a> Anchors<'a> {
    fn new(r: &'a Rendered) -> Self {
        Anchors {
            files: r
                .files
                .iter()
                .map(|f| (f.path.as_str(), &f.contents))
                .collect(),
            ids: Mutex::new(HashMap::new()),
        }
    }

    fn exists(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    fn has_id(&self, path: &str, id: &str) -> bool {
        let mut cache = self.ids.lock().unwrap_or_else(|e| e.into_inner());
        let ids = cache
            .entry(path.to_string())
            .or_insert_with(|| match self.files.get(path) {
                Some(Contents::Bytes(b)) => ids_of(&String::from_utf8_lossy(b)),
                _ => HashSet::new(),
            });
        ids.contains(id)
    }

    fn closest_id(&self, path: &str, id: &str) -> Option<String> {
        let cache = self.ids.lock().unwrap_or_else(|e| e.into_inner());
        let ids = cache.get(path)?;
        diagnostics::closest(id, ids.iter().map(String::as_str)).map(str::to_string)
    }

    /// The published page or file closest to `path` (pages compared
    /// without their `index.html`).
    fn closest_path(&self, path: &str) -> Option<String> {
        fn page(p: &str) -> &str {
            p.strip_suffix("index.html").unwrap_or(p)
        }
        diagnostics::closest(page(path), self.files.keys().map(|p| page(p))).map(str::to_string)
    }
}

/// Every `id="..."` value of an HTML page.
fn ids_of(html: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut rest = html;
    while let Some(i) = rest.find(" id=\"") {
        let after = &rest[i + 5..];
        let Some(end) = after.find('"') else { break };
        out.insert(unescape(&after[..end]));
        rest = &after[end..];
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn check_links(r: &Rendered, urls: &Urls) -> Vec<Diagnostic> {
    let anchors = Anchors::new(r);
    let mut out = Vec::new();
    for (path, route, links) in documents(r) {
        for link in links {
            let location = Location::at(path, link.line, link.column);
            if let Some(d) = check_link(link, &route, urls, &anchors, location) {
                out.push(d);
            }
        }
    }
    out
}

fn check_link(
    link: &Link,
    page: &Route,
    urls: &Urls,
    anchors: &Anchors,
    location: Location,
) -> Option<Diagnostic> {
    let href = link.href.as_str();
    if let Some(target) = &link.page
        && href == link.written.trim()
    {
        let path = target.split('#').next().unwrap_or(target);
        return Some(
                Diagnostic::error(location, format!("link to `{}`: no such page", link.written))
                    .with_help(format!("`{path}` is not a published file of `content/`; check the name, or whether it is a draft")),
            );
    }
    if href.is_empty() {
        return Some(
            Diagnostic::error(location, format!("link `{}` was removed", link.written))
                .with_help("links that run scripts (`javascript:`) are not allowed"),
        );
    }
    if let Some(fragment) = href.strip_prefix('#') {
        let file = page.output_file();
        let id = percent_decode(fragment);
        return (!id.is_empty() && !anchors.has_id(&file, &id))
            .then(|| anchor_error(&link.written, &id, &file, anchors, location));
    }
    let Some(rest) = href.strip_prefix(urls.base_path()) else {
        if href.starts_with('/') {
            return Some(
                Diagnostic::error(
                    location,
                    format!("link `{}` points outside the site", link.written),
                )
                .with_help(format!("the site lives under `{}`", urls.base_path())),
            );
        }
        if href.contains("://")
            || href.starts_with("mailto:")
            || href.starts_with("tel:")
            || href.starts_with("//")
        {
            return None;
        }
        return Some(
            Diagnostic::error(location, format!("link `{}` leaves the site's folders", link.written))
                .with_help("link to files inside `content/` or `static/`, or to pages with `@/sessions/<slug>.md`"),
        );
    };
    let (path, fragment) = match rest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (rest, None),
    };
    let path = percent_decode(path.split('?').next().unwrap_or(path));
    let file = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else if !anchors.exists(&path) && anchors.exists(&format!("{path}/index.html")) {
        format!("{path}/index.html")
    } else {
        path.clone()
    };
    if !anchors.exists(&file) {
        let help = match anchors.closest_path(&file) {
            Some(p) => format!("did you mean `/{p}`?"),
            None => "check the address; pages end with `/`".to_string(),
        };
        return Some(
            Diagnostic::error(
                location,
                format!(
                    "broken link `{}`: nothing is published at `/{path}`",
                    link.written
                ),
            )
            .with_help(help),
        );
    }
    let id = fragment.map(percent_decode).filter(|f| !f.is_empty())?;
    (!anchors.has_id(&file, &id))
        .then(|| anchor_error(&link.written, &id, &file, anchors, location))
}

fn anchor_error(
    written: &str,
    id: &str,
    file: &str,
    anchors: &Anchors,
    location: Location,
) -> Diagnostic {
    let help = match anchors.closest_id(file, id) {
        Some(c) => format!("did you mean `#{c}`?"),
        None => "headings get ids from their text: `## Key findings` → `#key-findings`".to_string(),
    };
    Diagnostic::error(
        location,
        format!("broken anchor in `{written}`: no `#{id}` on that page"),
    )
    .with_help(help)
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// The proceedings rules of `config.yaml`, as warnings.
fn check_rules(r: &Rendered) -> Vec<Diagnostic> {
    let site = &r.site;
    let rules = &site.config.rules;
    let mut out = Vec::new();
    for s in &site.sessions {
        let f = &s.doc.front;
        if let Some(n) = rules.findings_per_session {
            let applies = matches!(f.kind, None | Some(SessionKind::Thematic));
            let count = s.recommendations.len();
            if applies && count != n {
                let findings = s
                    .recommendations
                    .iter()
                    .filter(|&&i| {
                        site.recommendations[i].doc.front.kind == Some(OutcomeKind::Finding)
                    })
                    .count();
                out.push(
                    Diagnostic::warning(
                        Location::at(&s.doc.path, 1, 1),
                        format!(
                            "session `{}` has {count} findings and recommendations ({findings} findings); the rule `findings_per_session` asks for {n}",
                            s.doc.slug
                        ),
                    )
                    .with_help(format!("add files to `content/{}/` with `session: {}`", Section::Recommendations.dir(), s.doc.slug)),
                );
            }
        }
        for role in &rules.session_roles {
            let people = match role {
                SessionRole::Facilitators => &f.facilitators,
                SessionRole::Rapporteurs => &f.rapporteurs,
            };
            if people.is_empty() {
                out.push(
                    Diagnostic::warning(
                        s.doc.key_location(role.key()),
                        format!("session `{}` names no {}", s.doc.slug, role.key()),
                    )
                    .with_help(format!(
                        "add `{}:` with at least one name; the rule `session_roles` asks for it",
                        role.key()
                    )),
                );
            }
        }
    }
    out
}

/// Requests each external link once. Failures are warnings; a network error
/// alone is only reported.
fn check_external(r: &Rendered) -> Vec<Diagnostic> {
    let mut first_use: HashMap<&str, Location> = HashMap::new();
    for (path, _, links) in documents(r) {
        for l in links {
            if l.href.starts_with("http://") || l.href.starts_with("https://") {
                first_use
                    .entry(l.href.as_str())
                    .or_insert_with(|| Location::at(path, l.line, l.column));
            }
        }
    }
    let mut targets: Vec<(&str, Location)> = first_use.into_iter().collect();
    targets.sort_by(|a, b| a.0.cmp(b.0));
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(10))
        .redirects(5)
        .user_agent("rapporteur-link-check")
        .build();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(8).build();
    let run = |(url, location): &(&str, Location)| -> Option<Diagnostic> {
        // Some servers refuse HEAD; ask again with GET before reporting.
        let response = match agent.head(url).call() {
            Ok(r) => Ok(r),
            Err(_) => agent.get(url).call(),
        };
        match response {
            Ok(_) => None,
            Err(ureq::Error::Status(code, _)) => Some(
                Diagnostic::warning(
                    location.clone(),
                    format!("external link `{url}` answers {code}"),
                )
                .with_help("update or remove the link"),
            ),
            Err(e) => Some(Diagnostic::warning(
                location.clone(),
                format!("external link `{url}` could not be checked: {}", e.kind()),
            )),
        }
    };
    match pool {
        Ok(pool) => pool.install(|| targets.par_iter().filter_map(run).collect()),
        Err(_) => targets.iter().filter_map(run).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_collected_unescaped() {
        let ids = ids_of("<h2 id=\"a\">x</h2><article id=\"S2-R1\"><p id=\"q&amp;a\">");
        assert!(ids.contains("a") && ids.contains("S2-R1") && ids.contains("q&a"));
    }
}
