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
use crate::markdown::Link;
use crate::model::{Kind, OutcomeKind, SessionKind};
use crate::output::Contents;
use crate::routes;
use crate::urls::{Route, Urls};

/// What to check.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub build: BuildOptions,
    /// Rules not met are errors.
    pub strict: bool,
    /// Also request external links.
    pub external: bool,
    /// Let external links reach loopback, private and link-local
    /// addresses (off: such links are reported and not requested).
    pub allow_private: bool,
}

/// Checks a site. Returns every diagnostic (errors and warnings), sorted.
pub fn check(options: &CheckOptions) -> Vec<Diagnostic> {
    let rendered = match render_in_memory(&options.build) {
        Ok(r) => r,
        Err(errors) => return errors,
    };
    let urls = rendered.pipeline.urls.clone();
    let mut out = rendered.run.warnings.clone();
    out.extend(check_links(&rendered, &urls));
    out.extend(check_rules(&rendered));
    if options.strict {
        for d in &mut out {
            d.severity = Severity::Error;
        }
    }
    if options.external {
        out.extend(check_external(&rendered, options.allow_private));
    }
    diagnostics::sort(&mut out);
    out
}

/// Every Markdown body of the site with its source path and page route.
fn documents(r: &Rendered) -> Vec<(&Path, Route, &[Link])> {
    let site = &r.pipeline.site;
    site.documents()
        .into_iter()
        .filter_map(|(doc, path)| {
            let body = r.pipeline.bodies.get(doc)?;
            Some((path, routes::of(site, doc), body.links.as_slice()))
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
    let site = &r.pipeline.site;
    let rules = &site.config.rules;
    let mut out = Vec::new();
    for s in &site.sessions {
        let f = &s.doc.front;
        if let Some(n) = rules.findings_per_session {
            let applies = matches!(f.kind, None | Some(SessionKind::Thematic));
            let standing = || {
                s.outcomes
                    .iter()
                    .filter(|&&i| !site.outcomes[i].is_tombstone())
            };
            let count = standing().count();
            if applies && count != n {
                let findings = standing()
                    .filter(|&&i| site.outcomes[i].doc.front.kind == Some(OutcomeKind::Finding))
                    .count();
                out.push(
                    Diagnostic::warning(
                        Location::at(&s.doc.path, 1, 1),
                        format!(
                            "session `{}` has {count} findings and recommendations ({findings} findings); the rule `findings_per_session` asks for {n}",
                            s.doc.slug
                        ),
                    )
                    .with_help(if count < n {
                        format!(
                            "add {} more to `content/{}/` with `session: {}`, or change `findings_per_session` in config.yaml",
                            n - count,
                            Kind::Outcome.info().folder.unwrap_or(""),
                            s.doc.slug
                        )
                    } else {
                        format!(
                            "there are {} too many: merge or move some to another session, or change `findings_per_session` in config.yaml",
                            count - n
                        )
                    }),
                );
            }
        }
        for role in rules.session_roles.iter().filter(|_| !s.is_break()) {
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
                        "add `{}:` with at least one name (a list: `{}:` on its own line, then `  - name: ...` lines), or take `{}` out of `session_roles` in config.yaml",
                        role.key(),
                        role.key(),
                        role.key()
                    )),
                );
            }
        }
    }
    out
}

/// Requests each external link once. Failures are warnings; a network error
/// alone is only reported. Unless `allow_private`, no request reaches a
/// loopback, private or link-local address, not even through a redirect or
/// a name that changes its address: a link in a pull request must not make
/// the check runner probe its own network.
fn check_external(r: &Rendered, allow_private: bool) -> Vec<Diagnostic> {
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
    let mut agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(10))
        .redirects(5)
        .user_agent("rapporteur-link-check");
    if !allow_private {
        agent = agent.resolver(PublicOnly);
    }
    let agent = agent.build();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(8).build();
    let run = |(url, location): &(&str, Location)| -> Option<Diagnostic> {
        if !allow_private && let Some(host) = private_host(url) {
            return Some(
                Diagnostic::warning(
                    location.clone(),
                    format!("external link `{url}` points to a private or loopback address (`{host}`); not requested"),
                )
                .with_help("readers cannot reach it either; link to a public address, or pass `--allow-private-addresses`"),
            );
        }
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

/// The host of `url` when it names, or resolves only to, addresses that are
/// not public.
fn private_host(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host_str()?.to_string();
    let port = parsed.port_or_known_default().unwrap_or(80);
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<std::net::IpAddr>() {
        Ok(ip) => (!is_public(ip)).then_some(host),
        Err(_) if bare.eq_ignore_ascii_case("localhost") || bare.ends_with(".localhost") => {
            Some(host)
        }
        Err(_) => {
            let addrs: Vec<std::net::SocketAddr> =
                std::net::ToSocketAddrs::to_socket_addrs(&(bare, port))
                    .map(|a| a.collect())
                    .unwrap_or_default();
            (!addrs.is_empty() && addrs.iter().all(|a| !is_public(a.ip()))).then_some(host)
        }
    }
}

/// Resolves names to their public addresses only, for every connection
/// the link check makes (redirects included).
struct PublicOnly;

impl ureq::Resolver for PublicOnly {
    fn resolve(&self, netloc: &str) -> std::io::Result<Vec<std::net::SocketAddr>> {
        let all: Vec<std::net::SocketAddr> =
            std::net::ToSocketAddrs::to_socket_addrs(netloc)?.collect();
        let public: Vec<_> = all.into_iter().filter(|a| is_public(a.ip())).collect();
        if public.is_empty() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                format!("`{netloc}` has no public address"),
            ));
        }
        Ok(public)
    }
}

/// Whether an address is on the public internet: not loopback, private,
/// link-local, shared (CGNAT), documentation, multicast or reserved.
pub fn is_public(ip: std::net::IpAddr) -> bool {
    use std::net::IpAddr;
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || a >= 240
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0 && c == 0)
                || (a == 198 && (18..20).contains(&b)))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let s = v6.segments();
            if s[0] == 0x64 && s[1] == 0xff9b {
                // NAT64: the IPv4 address is in the last 32 bits.
                let [.., a, b, c, d] = v6.octets();
                return is_public(IpAddr::V4(std::net::Ipv4Addr::new(a, b, c, d)));
            }
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00
                || (s[0] & 0xffc0) == 0xfe80
                || (s[0] == 0x2001 && s[1] == 0xdb8))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_are_public() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "::",
            "fc00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "64:ff9b::a00:1",
            "224.0.0.1",
            "255.255.255.255",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in ["93.184.216.34", "2606:4700::6810:85e5", "8.8.8.8"] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
        assert_eq!(
            private_host("http://127.0.0.1:9/x").as_deref(),
            Some("127.0.0.1")
        );
        assert_eq!(private_host("http://[::1]/").as_deref(), Some("[::1]"));
        assert_eq!(
            private_host("http://localhost/").as_deref(),
            Some("localhost")
        );
    }

    #[test]
    fn ids_are_collected_unescaped() {
        let ids = ids_of("<h2 id=\"a\">x</h2><article id=\"S2-R1\"><p id=\"q&amp;a\">");
        assert!(ids.contains("a") && ids.contains("S2-R1") && ids.contains("q&a"));
    }
}
