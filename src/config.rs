//! The site's `config.yaml`: title, base URL, language, theme, repository and
//! Markdown options.
//!
//! Runs first. It reads one file and reports problems with their line; it does
//! not look at `content/` (the `source` module walks that next).

use std::path::Path;

use serde::Deserialize;
use url::Url;

use crate::diagnostics::{Diagnostic, Location};
use crate::yaml;

/// The name of the config file at the site root.
pub const CONFIG_FILE: &str = "config.yaml";

/// A site's configuration, validated.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub base_url: Url,
    pub language: String,
    pub theme: String,
    pub repository: Option<Repository>,
    pub cname: Option<String>,
    /// A line shown on every page (e.g. "This is an example site").
    pub notice: Option<String>,
    pub markdown: MarkdownConfig,
    pub rules: Rules,
    pub citation: Citation,
    pub listings: Listings,
    pub limits: Limits,
    pub assets: Assets,
    /// Whether the proceedings record findings and recommendations: `None`
    /// lets the site tell (it does when `content/recommendations/` has
    /// files).
    pub outcomes: Option<bool>,
    pub publisher: Option<Publisher>,
    /// The site's logo or emblem, beside its title in the header.
    pub logo: Option<String>,
    pub favicon: Option<String>,
    /// `#rrggbb`: the header and links; must reach WCAG AA contrast
    /// (4.5:1) with white.
    pub accent_color: Option<String>,
    /// The picture link previews show (`og:image`).
    pub social_image: Option<String>,
    pub record: Option<Record>,
    pub errata: Vec<Erratum>,
    pub report: Report,
    /// Start `recommendations.csv` with a UTF-8 byte order mark.
    pub csv_bom: bool,
}

/// Bounds on what one source file may cost a build.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// The largest Markdown file, template or `config.yaml`, in MB.
    #[serde(default = "default_max_file_mb")]
    pub max_file_mb: u64,
}

impl Limits {
    /// The largest source text, in bytes.
    pub fn max_file_bytes(&self) -> u64 {
        self.max_file_mb.saturating_mul(1_000_000)
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_mb: default_max_file_mb(),
        }
    }
}

fn default_max_file_mb() -> u64 {
    crate::source::DEFAULT_MAX_FILE_BYTES / 1_000_000
}

/// Which files of `content/` may be published.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assets {
    /// Publish files that browsers run as web pages or scripts (`.html`,
    /// `.svg`, `.xml`, `.js`...). Off: such a file in `content/` or named
    /// by `slides` is an error. Turn it on only when every contributor is
    /// trusted (see SECURITY.md).
    #[serde(default)]
    pub allow_active: bool,
}

/// How pages that list outcomes scale with the size of the proceedings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Listings {
    /// The Outcomes page and the pages by addressee show each outcome's
    /// full text when the site has at most this many outcomes; above it
    /// they show each outcome's id, title, summary and a link to its own
    /// page. The report always holds every text.
    #[serde(default = "default_full_text_limit")]
    pub full_text_limit: usize,
}

impl Default for Listings {
    fn default() -> Self {
        Listings {
            full_text_limit: default_full_text_limit(),
        }
    }
}

fn default_full_text_limit() -> usize {
    200
}

/// How to cite the site ("Cite this", `report.bib`, `report.csl.json`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The authors: one name (a body), or a list; defaults to the
    /// publisher, else the site's title. Never the event's organisers: the
    /// site is not their report.
    #[serde(default)]
    pub author: Option<OneOrMany>,
    /// The title to cite; defaults to "<event title>: proceedings website".
    #[serde(default)]
    pub title: Option<String>,
    /// Defaults to the year of the site's last change in git, else of the
    /// event's `start_date`.
    #[serde(default)]
    pub year: Option<i32>,
}

/// A name or a list of names.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn names(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(s) => vec![s.as_str()],
            OneOrMany::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// Who publishes the site: shown in the header and cited as its author.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    pub name: String,
    #[serde(default)]
    pub url: Option<String>,
    /// An image of `static/` (`/logo.svg`) or `content/`.
    #[serde(default)]
    pub logo: Option<String>,
}

/// Where the record stands: a banner on every page and on the report.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub status: RecordStatus,
    /// `YYYY-MM-DD`: when it reached that status.
    #[serde(default)]
    pub date: Option<String>,
    /// One sentence more, e.g. "Transmitted to the GFMD Chair".
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordStatus {
    Draft,
    Agreed,
    Final,
}

/// The printed report (`report.pdf`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Make `report.pdf`: by default when the site has at most
    /// `pdf::AUTO_LIMIT` sessions, presentations and outcomes.
    #[serde(default)]
    pub pdf: Option<bool>,
    #[serde(default)]
    pub paper: Paper,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

/// A correction made after publication.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Erratum {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// What changed, in one sentence.
    pub change: String,
}

/// Proceedings rules that `rapporteur check` enforces (warnings, errors with `--strict`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Each thematic session (or session without `kind`) has this many
    /// findings and recommendations.
    #[serde(default)]
    pub findings_per_session: Option<usize>,
    /// Roles every session names at least one person for.
    #[serde(default)]
    pub session_roles: Vec<SessionRole>,
}

/// A session role a rule can require.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SessionRole {
    Facilitators,
    Rapporteurs,
}

impl SessionRole {
    pub fn key(self) -> &'static str {
        match self {
            SessionRole::Facilitators => "facilitators",
            SessionRole::Rapporteurs => "rapporteurs",
        }
    }
}

/// Where the site's sources live, for "edit this page" links.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Repository {
    /// `https://github.com/org/repo`
    pub url: String,
    #[serde(default = "default_branch")]
    pub branch: String,
    /// The site's folder inside the repository, when it is not the top level.
    #[serde(default)]
    pub path: String,
}

fn default_branch() -> String {
    "main".to_string()
}

/// Markdown options a site may change.
#[derive(Debug, Clone, Default)]
pub struct MarkdownConfig {
    /// What happens to HTML written inside Markdown.
    pub raw_html: RawHtml,
    /// Curly quotes and dashes.
    pub smart_punctuation: bool,
}

/// `markdown:` as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    #[serde(default)]
    raw_html: RawHtml,
    #[serde(default)]
    smart_punctuation: bool,
    /// Replaced by `raw_html`; kept only to explain the change.
    #[serde(default)]
    unsafe_html: Option<bool>,
}

/// What happens to HTML written inside Markdown (`markdown.raw_html`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Shown as text, as written.
    Escape,
    /// Kept where it is safe (headings, tables, links, images...); scripts,
    /// styles, event attributes and script URLs are removed.
    #[default]
    #[serde(alias = "sanitize")]
    Sanitise,
    /// Passed through unchanged: any contributor can then run scripts in
    /// readers' browsers. Only for sites whose every contributor is trusted.
    Trust,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: String,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    repository: Option<Repository>,
    #[serde(default)]
    cname: Option<String>,
    #[serde(default)]
    notice: Option<String>,
    #[serde(default)]
    markdown: RawMarkdown,
    #[serde(default)]
    rules: Rules,
    #[serde(default)]
    citation: Citation,
    #[serde(default)]
    listings: Listings,
    #[serde(default)]
    limits: Limits,
    #[serde(default)]
    assets: Assets,
    #[serde(default)]
    outcomes: Option<bool>,
    #[serde(default)]
    publisher: Option<Publisher>,
    #[serde(default)]
    logo: Option<String>,
    #[serde(default)]
    favicon: Option<String>,
    #[serde(default)]
    accent_color: Option<String>,
    #[serde(default)]
    social_image: Option<String>,
    #[serde(default)]
    record: Option<Record>,
    #[serde(default)]
    errata: Vec<Erratum>,
    #[serde(default)]
    report: Report,
    #[serde(default = "yes")]
    csv_bom: bool,
}

fn yes() -> bool {
    true
}

/// The keys of `config.yaml`, for suggestions.
const KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "theme",
    "repository",
    "cname",
    "notice",
    "markdown",
    "rules",
    "citation",
    "listings",
    "limits",
    "assets",
    "outcomes",
    "publisher",
    "logo",
    "favicon",
    "accent_color",
    "social_image",
    "record",
    "errata",
    "report",
    "csv_bom",
];

/// Reads and validates `<root>/config.yaml`. `base_url_override` is the
/// `--base-url` flag, which wins over the file.
pub fn load_config(
    root: &Path,
    base_url_override: Option<&str>,
) -> Result<Config, Vec<Diagnostic>> {
    let text = read_config_text(root).map_err(|d| vec![d])?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let raw: RawConfig =
        yaml::from_str(text, 0, Path::new(CONFIG_FILE), KEYS).map_err(|d| vec![d])?;
    let keys = yaml::top_level_keys(text, 0);
    let at = |key: &str| {
        keys.get(key)
            .map(|&(l, c)| Location::at(CONFIG_FILE, l, c))
            .unwrap_or_else(|| Location::file(CONFIG_FILE))
    };

    let mut errors = Vec::new();
    let base_url_text = base_url_override.unwrap_or(&raw.base_url);
    let base_url = match Url::parse(base_url_text) {
        Ok(u) if u.scheme() == "http" || u.scheme() == "https" => Some(u),
        _ => {
            let location = if base_url_override.is_some() {
                Location::file("--base-url")
            } else {
                at("base_url")
            };
            errors.push(
                Diagnostic::error(location, format!("`{base_url_text}` is not an absolute http(s) URL"))
                    .with_help("write the full address the site is served at, e.g. `https://org.github.io/gfmd-2012/`"),
            );
            None
        }
    };
    let language = raw.language.clone().unwrap_or_else(|| "en".to_string());
    let theme = raw.theme.clone().unwrap_or_else(|| "default".to_string());
    check_values(&raw, &language, &theme, &at, &mut errors);
    match (base_url, errors.is_empty()) {
        (Some(base_url), true) => Ok(Config {
            title: raw.title,
            base_url,
            language,
            theme,
            repository: raw.repository,
            cname: raw.cname,
            notice: raw.notice,
            markdown: MarkdownConfig {
                raw_html: raw.markdown.raw_html,
                smart_punctuation: raw.markdown.smart_punctuation,
            },
            rules: raw.rules,
            citation: raw.citation,
            listings: raw.listings,
            limits: raw.limits,
            assets: raw.assets,
            outcomes: raw.outcomes,
            publisher: raw.publisher,
            logo: raw.logo,
            favicon: raw.favicon,
            accent_color: raw.accent_color,
            social_image: raw.social_image,
            record: raw.record,
            errata: raw.errata,
            report: raw.report,
            csv_bom: raw.csv_bom,
        }),
        _ => Err(errors),
    }
}

/// `config.yaml` as text: never through a link, at most 10 MB, UTF-8.
fn read_config_text(root: &Path) -> Result<String, Diagnostic> {
    let path = root.join(CONFIG_FILE);
    let rel = Path::new(CONFIG_FILE);
    let max = crate::source::DEFAULT_MAX_FILE_BYTES;
    let bytes = match crate::source::read_limited(&path, max) {
        Ok(bytes) => bytes,
        Err(_) if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_symlink()) => {
            return Err(crate::source::symlink_error(rel));
        }
        Err(crate::source::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Diagnostic::error(Location::file(CONFIG_FILE), "no `config.yaml` at the site root")
                .with_help(format!(
                    "create {} with at least `title:` and `base_url:`, or pass `--root` to point at a site",
                    path.display()
                )));
        }
        Err(e) => return Err(e.to_diagnostic(rel, max)),
    };
    String::from_utf8(bytes).map_err(|e| {
        let (line, column) = crate::diagnostics::line_column(
            &String::from_utf8_lossy(e.as_bytes()),
            e.utf8_error().valid_up_to(),
        );
        Diagnostic::error(
            Location::at(CONFIG_FILE, line, column),
            "the file is not valid UTF-8",
        )
        .with_help("save the file with UTF-8 encoding")
    })
}

/// Checks the values of `config.yaml` that serde does not.
fn check_values(
    raw: &RawConfig,
    language: &str,
    theme: &str,
    at: &dyn Fn(&str) -> Location,
    errors: &mut Vec<Diagnostic>,
) {
    if !is_language_tag(language) {
        errors.push(
            Diagnostic::error(
                at("language"),
                format!("`{language}` is not a language code"),
            )
            .with_help("use a BCP 47 code such as `en`, `fr` or `pt-BR`"),
        );
    }
    if crate::urls::segment(theme) != theme.to_lowercase() || theme.is_empty() {
        errors.push(
            Diagnostic::error(at("theme"), format!("`{theme}` is not a theme folder name"))
                .with_help("name a folder of `themes/` using letters, digits and hyphens"),
        );
    }
    if let Some(cname) = &raw.cname
        && !is_host_name(cname)
    {
        errors.push(
            Diagnostic::error(
                at("cname"),
                format!(
                    "`{}` is not a host name",
                    crate::diagnostics::visible(cname)
                ),
            )
            .with_help("write only the domain, e.g. `proceedings.example.org`"),
        );
    }
    if let Some(url) = raw.publisher.as_ref().and_then(|p| p.url.as_ref())
        && !is_web_url(url)
    {
        errors.push(
            Diagnostic::error(
                at("publisher"),
                format!(
                    "`publisher.url` `{}` is not an http(s) address",
                    crate::diagnostics::visible(url)
                ),
            )
            .with_help("write the publisher's web address, e.g. `https://www.gfmd.org/`"),
        );
    }
    if let Some(color) = &raw.accent_color {
        match accent_contrast(color) {
            None => errors.push(
                Diagnostic::error(at("accent_color"), format!("`{}` is not a colour", crate::diagnostics::visible(color)))
                    .with_help("write it as `#rrggbb`, e.g. `#1f4e79`"),
            ),
            Some(ratio) if ratio < 4.5 => errors.push(
                Diagnostic::error(
                    at("accent_color"),
                    format!("`{color}` has a contrast of {ratio:.2}:1 with white; text in it would be hard to read"),
                )
                .with_help("WCAG AA asks for 4.5:1: choose a darker shade"),
            ),
            Some(_) => {}
        }
    }
    let dates = raw
        .record
        .iter()
        .filter_map(|r| r.date.as_deref().map(|d| ("record", d)));
    let dates = dates.chain(raw.errata.iter().map(|e| ("errata", e.date.as_str())));
    for (key, date) in dates {
        if !crate::front_matter::is_date(date) {
            errors.push(
                Diagnostic::error(
                    at(key),
                    format!("`{}` is not a date", crate::diagnostics::visible(date)),
                )
                .with_help("write dates as YYYY-MM-DD, e.g. `2012-06-13`"),
            );
        }
    }
    if let Some(repo) = &raw.repository {
        if !is_web_url(&repo.url) {
            errors.push(
                Diagnostic::error(
                    at("repository"),
                    format!(
                        "`repository.url` `{}` is not an http(s) address",
                        crate::diagnostics::visible(&repo.url)
                    ),
                )
                .with_help(
                    "write the repository's web address, e.g. `https://github.com/org/proceedings`",
                ),
            );
        }
        for (key, value) in [("branch", &repo.branch), ("path", &repo.path)] {
            if value
                .chars()
                .any(|c| c.is_control() || c.is_whitespace() || matches!(c, '?' | '#' | '\\'))
                || value.split('/').any(|seg| seg == "..")
            {
                errors.push(
                    Diagnostic::error(
                        at("repository"),
                        format!(
                            "`repository.{key}` `{}` is not a {key} name",
                            crate::diagnostics::visible(value)
                        ),
                    )
                    .with_help(format!(
                        "write the {key} as it appears on GitHub, without spaces"
                    )),
                );
            }
        }
    }
    if raw.markdown.unsafe_html.is_some() {
        errors.push(
            Diagnostic::error(at("markdown"), "`markdown.unsafe_html` is replaced by `markdown.raw_html`")
                .with_help("write `raw_html: sanitise` (HTML kept where safe, the default), `escape` (shown as text) or `trust` (unsafe: see SECURITY.md)"),
        );
    }
    if raw.limits.max_file_mb == 0 {
        errors.push(
            Diagnostic::error(at("limits"), "`limits.max_file_mb` must be at least 1")
                .with_help("remove the key to keep the default of 10 MB"),
        );
    }
}

fn is_language_tag(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The contrast of `#rrggbb` with white, as WCAG 2 computes it; `None`
/// when it is not such a colour.
pub fn accent_contrast(color: &str) -> Option<f64> {
    let hex = color.strip_prefix('#')?;
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| {
        let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).ok()?) / 255.0;
        Some(if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        })
    };
    let l = 0.2126 * channel(0)? + 0.7152 * channel(2)? + 0.0722 * channel(4)?;
    Some(1.05 / (l + 0.05))
}

/// An absolute `http:` or `https:` address with a host.
pub fn is_web_url(s: &str) -> bool {
    Url::parse(s).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
        && !s.chars().any(|c| c.is_control())
}

/// A DNS host name as GitHub Pages' `CNAME` takes it: ASCII labels of
/// letters, digits and hyphens, at least two of them.
pub fn is_host_name(s: &str) -> bool {
    let labels: Vec<&str> = s.split('.').collect();
    s.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            (1..=63).contains(&l.len())
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names() {
        assert!(is_host_name("proceedings.example.org"));
        assert!(is_host_name("xn--bcher-kva.example"));
        assert!(!is_host_name("example.org\nevil.org"));
        assert!(!is_host_name("example.org\n"));
        assert!(!is_host_name("localhost"));
        assert!(!is_host_name("a..b"));
        assert!(!is_host_name("-a.org"));
        assert!(!is_host_name("https://a.org"));
    }

    #[test]
    fn web_urls() {
        assert!(is_web_url("https://github.com/o/r"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url("JaVaScRiPt:alert(1)"));
        assert!(!is_web_url("data:text/html,x"));
        assert!(!is_web_url("//github.com/o/r"));
        assert!(!is_web_url("github.com/o/r"));
    }

    #[test]
    fn language_tags() {
        assert!(is_language_tag("en"));
        assert!(is_language_tag("pt-BR"));
        assert!(!is_language_tag("English"));
        assert!(!is_language_tag(""));
    }
}
