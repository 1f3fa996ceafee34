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

/// How to cite the proceedings ("Cite this", `report.bib`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The authoring body; defaults to the event's organisers.
    #[serde(default)]
    pub author: Option<String>,
    /// Defaults to the year of the event's `start_date`.
    #[serde(default)]
    pub year: Option<i32>,
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
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Emit raw HTML written in Markdown (off by default: it is escaped).
    #[serde(default)]
    pub unsafe_html: bool,
    /// Curly quotes and dashes.
    #[serde(default)]
    pub smart_punctuation: bool,
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
    markdown: MarkdownConfig,
    #[serde(default)]
    rules: Rules,
    #[serde(default)]
    citation: Citation,
    #[serde(default)]
    listings: Listings,
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
];

/// Reads and validates `<root>/config.yaml`. `base_url_override` is the
/// `--base-url` flag, which wins over the file.
pub fn load_config(
    root: &Path,
    base_url_override: Option<&str>,
) -> Result<Config, Vec<Diagnostic>> {
    let path = root.join(CONFIG_FILE);
    let location = Location::file(CONFIG_FILE);
    let text = match std::fs::read(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let (line, column) = crate::diagnostics::line_column(
                    &String::from_utf8_lossy(e.as_bytes()),
                    e.utf8_error().valid_up_to(),
                );
                return Err(vec![
                    Diagnostic::error(
                        Location::at(CONFIG_FILE, line, column),
                        "the file is not valid UTF-8",
                    )
                    .with_help("save the file with UTF-8 encoding"),
                ]);
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(vec![Diagnostic::error(location, "no `config.yaml` at the site root")
                .with_help(format!(
                    "create {} with at least `title:` and `base_url:`, or pass `--root` to point at a site",
                    path.display()
                ))]);
        }
        Err(e) => {
            return Err(vec![Diagnostic::error(
                location,
                format!("cannot read the file: {e}"),
            )]);
        }
    };
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
    let language = raw.language.unwrap_or_else(|| "en".to_string());
    if !is_language_tag(&language) {
        errors.push(
            Diagnostic::error(
                at("language"),
                format!("`{language}` is not a language code"),
            )
            .with_help("use a BCP 47 code such as `en`, `fr` or `pt-BR`"),
        );
    }
    let theme = raw.theme.unwrap_or_else(|| "default".to_string());
    if crate::urls::segment(&theme) != theme.to_lowercase() || theme.is_empty() {
        errors.push(
            Diagnostic::error(at("theme"), format!("`{theme}` is not a theme folder name"))
                .with_help("name a folder of `themes/` using letters, digits and hyphens"),
        );
    }
    if let Some(cname) = &raw.cname
        && (cname.is_empty() || cname.contains(['/', ':', ' ']))
    {
        errors.push(
            Diagnostic::error(at("cname"), format!("`{cname}` is not a host name"))
                .with_help("write only the domain, e.g. `proceedings.example.org`"),
        );
    }
    match (base_url, errors.is_empty()) {
        (Some(base_url), true) => Ok(Config {
            title: raw.title,
            base_url,
            language,
            theme,
            repository: raw.repository,
            cname: raw.cname,
            notice: raw.notice,
            markdown: raw.markdown,
            rules: raw.rules,
            citation: raw.citation,
            listings: raw.listings,
        }),
        _ => Err(errors),
    }
}

fn is_language_tag(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        assert!(is_language_tag("en"));
        assert!(is_language_tag("pt-BR"));
        assert!(!is_language_tag("English"));
        assert!(!is_language_tag(""));
    }
}
