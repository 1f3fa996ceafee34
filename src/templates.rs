//! Templates: the one home of Tera.
//!
//! Loads the theme's templates once per build, lets the site's `templates/`
//! override them by file name, and renders serialisable page data with
//! autoescaping on. The default theme is built into the binary, so a site
//! without a `themes/` folder still builds; a `themes/default/` folder on disk
//! wins over the built-in copy. Syntax errors name the template file and line.
//! It knows nothing about the site graph: `render` hands it plain data.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::Tera;

use crate::diagnostics::{Diagnostic, Location};
use crate::urls::Urls;

/// The built-in copy of `themes/default/`.
pub mod default_theme {
    /// Templates, by file name.
    pub const TEMPLATES: &[(&str, &str)] = &[
        (
            "base.html",
            include_str!("../themes/default/templates/base.html"),
        ),
        (
            "macros.html",
            include_str!("../themes/default/templates/macros.html"),
        ),
        (
            "home.html",
            include_str!("../themes/default/templates/home.html"),
        ),
        (
            "programme.html",
            include_str!("../themes/default/templates/programme.html"),
        ),
        (
            "sessions.html",
            include_str!("../themes/default/templates/sessions.html"),
        ),
        (
            "session.html",
            include_str!("../themes/default/templates/session.html"),
        ),
        (
            "presentations.html",
            include_str!("../themes/default/templates/presentations.html"),
        ),
        (
            "presentation.html",
            include_str!("../themes/default/templates/presentation.html"),
        ),
        (
            "outcomes.html",
            include_str!("../themes/default/templates/outcomes.html"),
        ),
        (
            "outcome.html",
            include_str!("../themes/default/templates/outcome.html"),
        ),
        (
            "term.html",
            include_str!("../themes/default/templates/term.html"),
        ),
        (
            "terms.html",
            include_str!("../themes/default/templates/terms.html"),
        ),
        (
            "report.html",
            include_str!("../themes/default/templates/report.html"),
        ),
        (
            "page.html",
            include_str!("../themes/default/templates/page.html"),
        ),
        (
            "search.html",
            include_str!("../themes/default/templates/search.html"),
        ),
        (
            "404.html",
            include_str!("../themes/default/templates/404.html"),
        ),
        (
            "sitemap.xml",
            include_str!("../themes/default/templates/sitemap.xml"),
        ),
        (
            "robots.txt",
            include_str!("../themes/default/templates/robots.txt"),
        ),
    ];

    /// Static files, by path under `static/`.
    pub const STATIC: &[(&str, &[u8])] = &[
        (
            "style.css",
            include_bytes!("../themes/default/static/style.css"),
        ),
        (
            "highlight.css",
            include_bytes!("../themes/default/static/highlight.css"),
        ),
        (
            "search.css",
            include_bytes!("../themes/default/static/search.css"),
        ),
        (
            "search.js",
            include_bytes!("../themes/default/static/search.js"),
        ),
        (
            "copy.js",
            include_bytes!("../themes/default/static/copy.js"),
        ),
    ];
}

/// Where a template came from, for error messages.
#[derive(Debug, Clone)]
enum Origin {
    File(PathBuf),
    BuiltIn(&'static str),
}

impl Origin {
    fn location(&self) -> PathBuf {
        match self {
            Origin::File(p) => p.clone(),
            Origin::BuiltIn(name) => PathBuf::from(format!("themes/default/templates/{name}")),
        }
    }
}

/// Values lent to a page's context by name (see [`Templates::render_to`]).
pub type Lent = Vec<(&'static str, serde_json::Value)>;

/// The loaded templates of a build.
pub struct Templates {
    tera: Tera,
    origins: HashMap<String, Origin>,
    /// Each template's text, to find the line of a runtime error.
    texts: HashMap<String, String>,
}

/// The theme's folder, relative to the site root.
pub fn theme_dir(theme: &str) -> PathBuf {
    Path::new("themes").join(theme)
}

impl Templates {
    /// Loads the theme and the site's overrides. `root` is the site root.
    pub fn load(root: &Path, theme: &str, urls: &Urls) -> Result<Templates, Vec<Diagnostic>> {
        let mut sources: BTreeMap<String, (Origin, String)> = BTreeMap::new();
        let mut errors = Vec::new();
        let theme_templates = theme_dir(theme).join("templates");
        let has_theme = crate::source::check_site_dir(root, &theme_templates)
            .inspect_err(|d| errors.push(d.clone()))
            .unwrap_or(true);
        if has_theme {
            read_dir_into(root, &theme_templates, &mut sources, &mut errors);
        } else if theme == "default" {
            for (name, text) in default_theme::TEMPLATES {
                sources.insert(name.to_string(), (Origin::BuiltIn(name), text.to_string()));
            }
        } else {
            errors.push(
                Diagnostic::error(
                    Location::file("config.yaml"),
                    format!("theme `{theme}` not found"),
                )
                .with_help(format!(
                    "create `themes/{theme}/templates/` or remove `theme:` to use the default theme"
                )),
            );
        }
        match crate::source::check_site_dir(root, Path::new("templates")) {
            Ok(true) => read_dir_into(root, Path::new("templates"), &mut sources, &mut errors),
            Ok(false) => {}
            Err(d) => errors.push(d),
        }
        if !errors.is_empty() {
            return Err(errors);
        }

        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        let base_path = urls.base_path().to_string();
        tera.register_function("url", move |args: &HashMap<String, tera::Value>| {
            let path = args.get("path").and_then(|v| v.as_str()).ok_or_else(|| {
                tera::Error::msg("`url` needs `path`, e.g. url(path=\"style.css\")")
            })?;
            Ok(tera::Value::String(format!(
                "{base_path}{}",
                path.trim_start_matches('/')
            )))
        });
        tera.register_function("t", |args: &HashMap<String, tera::Value>| {
            let key = args.get("key").and_then(|v| v.as_str()).ok_or_else(|| {
                tera::Error::msg("`t` needs `key`, e.g. t(key=\"menu.programme\")")
            })?;
            if !crate::labels::has(key) {
                return Err(tera::Error::msg(format!("no label `{key}`")));
            }
            Ok(tera::Value::String(crate::labels::label(key).to_string()))
        });
        let origins: HashMap<String, Origin> = sources
            .iter()
            .map(|(n, (o, _))| (n.clone(), o.clone()))
            .collect();
        let all: Vec<(String, String)> = sources
            .iter()
            .map(|(n, (_, t))| (n.clone(), resolve_labels(t).into_owned()))
            .collect();
        if let Err(e) = tera.add_raw_templates(all) {
            // Parse each template alone to report every syntax error with its file.
            let mut each = Vec::new();
            for (name, (origin, text)) in &sources {
                if let Err(e) = Tera::default().add_raw_template(name, text)
                    && chain(&e).contains("--> ")
                {
                    each.push(syntax_error(origin, &e));
                }
            }
            if each.is_empty() {
                let name = failing_template(&chain(&e)).unwrap_or_default();
                let location = origins
                    .get(&name)
                    .map(Origin::location)
                    .unwrap_or_else(|| PathBuf::from("templates"));
                each.push(
                    Diagnostic::error(Location::file(location), format!("template error: {}", chain(&e)))
                        .with_help("check that every `{% extends %}`, `{% include %}` and `{% import %}` names an existing template"),
                );
            }
            return Err(each);
        }
        let texts = sources.into_iter().map(|(n, (_, t))| (n, t)).collect();
        Ok(Templates {
            tera,
            origins,
            texts,
        })
    }

    /// Whether a template of that name exists.
    pub fn has(&self, name: &str) -> bool {
        self.origins.contains_key(name)
    }

    /// Renders template `name` into `out`, for the page `page` (named in
    /// errors). Its variables are the fields of `data` (which must
    /// serialise to a map) and the `lent` values, which are moved into the
    /// context for this page and moved back after it: data that many pages
    /// show is serialised once, not once per page.
    pub fn render_to<T: Serialize>(
        &self,
        name: &str,
        page: &str,
        data: &T,
        lent: &mut Lent,
        out: &mut dyn std::io::Write,
    ) -> Result<(), Diagnostic> {
        let internal = |e: &dyn std::fmt::Display| {
            Diagnostic::general(format!(
                "internal error: the data of {page} is not a map: {e}"
            ))
        };
        let mut map = match serde_json::to_value(data) {
            Ok(serde_json::Value::Object(map)) => map,
            Ok(other) => return Err(internal(&format!("{other:.40}"))),
            Err(e) => return Err(internal(&e)),
        };
        let keys: Vec<&'static str> = lent.iter().map(|(k, _)| *k).collect();
        for (key, value) in lent.drain(..) {
            map.insert(key.to_string(), value);
        }
        // Cannot fail: the value is an object.
        let mut context =
            tera::Context::from_value(serde_json::Value::Object(map)).map_err(|e| internal(&e))?;
        let rendered = self.tera.render_to(name, &context, out);
        for key in keys {
            let value = context.remove(key).unwrap_or(serde_json::Value::Null);
            lent.push((key, value));
        }
        rendered.map_err(|e| self.runtime_error(name, page, &e))
    }

    /// A template error while rendering a page: in the template that failed
    /// (the last one Tera names), at the line that uses the name the error
    /// is about, and naming the page.
    fn runtime_error(&self, name: &str, page: &str, e: &tera::Error) -> Diagnostic {
        let message = chain(e);
        let culprit = failing_template(&message).unwrap_or_else(|| name.to_string());
        let path = self
            .origins
            .get(&culprit)
            .map(Origin::location)
            .unwrap_or_else(|| PathBuf::from(format!("templates/{culprit}")));
        let location = match self
            .texts
            .get(&culprit)
            .and_then(|text| line_of_name(text, &message))
        {
            Some((line, column)) => Location::at(path, line, column),
            None => Location::file(path),
        };
        Diagnostic::error(location, format!("template error on {page}: {message}"))
            .with_help("check the variable names against the page data documented in README.md")
    }
}

/// Replaces each `{{ t(key="...") }}` whose key is written out with its
/// label, once, when the templates load: a page may show fifty labels, and
/// a Tera function call for each would cost a few percent of a big build.
/// Labels are the engine's own text, inserted as they are. A key that
/// does not exist, or one computed at render time, is left to the `t`
/// function (which reports a missing label as a template error).
fn resolve_labels(text: &str) -> std::borrow::Cow<'_, str> {
    const OPEN: &str = "t(key=\"";
    if !text.contains(OPEN) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let inner_start = start + 2;
        let Some(len) = rest[inner_start..].find("}}") else {
            break;
        };
        let inner = rest[inner_start..inner_start + len].trim();
        let key = inner
            .strip_prefix(OPEN)
            .and_then(|k| k.strip_suffix("\")"))
            .filter(|k| !k.contains(['"', '\\']) && crate::labels::has(k));
        out.push_str(&rest[..start]);
        match key {
            Some(k) => out.push_str(crate::labels::label(k)),
            None => out.push_str(&rest[start..inner_start + len + 2]),
        }
        rest = &rest[inner_start + len + 2..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Where a template uses the first name a Tera message quotes in
/// backticks (`Variable \`session.foo\` not found`).
fn line_of_name(text: &str, message: &str) -> Option<(usize, usize)> {
    let name = message.split('`').nth(1).filter(|n| !n.is_empty())?;
    let at = text.find(name)?;
    Some(crate::diagnostics::line_column(text, at))
}

/// Escapes text for HTML and XML text and quoted attributes. Unlike Tera's
/// default it leaves `/` alone, so links stay readable in the source, and
/// it drops the control characters that XML 1.0 forbids and HTML reports
/// as errors (a form feed pasted from a PDF would make `atom.xml` or
/// `sitemap.xml` unreadable).
pub fn escape_html(input: &str) -> String {
    let bytes = input.as_bytes();
    let mut out = String::with_capacity(input.len() + 16);
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            b if crate::text::is_forbidden_control(b) => "",
            _ => continue,
        };
        out.push_str(&input[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&input[start..]);
    out
}

/// Reads every template of `root/dir` (`dir` relative to the root).
/// Symbolic links and special files are refused, not followed.
fn read_dir_into(
    root: &Path,
    dir: &Path,
    sources: &mut BTreeMap<String, (Origin, String)>,
    errors: &mut Vec<Diagnostic>,
) {
    let mut entries: Vec<(String, std::fs::FileType)> = match std::fs::read_dir(root.join(dir)) {
        Ok(rd) => rd
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let kind = e.file_type().ok()?;
                Some((e.file_name().to_string_lossy().into_owned(), kind))
            })
            .filter(|(name, kind)| !name.starts_with('.') && !kind.is_dir())
            .collect(),
        Err(e) => {
            errors.push(Diagnostic::error(
                Location::file(dir),
                format!("cannot read the folder: {e}"),
            ));
            return;
        }
    };
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let max = crate::source::DEFAULT_MAX_FILE_BYTES;
    for (name, kind) in entries {
        let rel = dir.join(&name);
        if kind.is_symlink() {
            errors.push(crate::source::symlink_error(&rel));
            continue;
        }
        match crate::source::read_limited(&root.join(&rel), max).map(String::from_utf8) {
            Ok(Ok(text)) => {
                sources.insert(name, (Origin::File(rel), text));
            }
            Ok(Err(_)) => errors.push(
                Diagnostic::error(Location::file(rel), "the template is not valid UTF-8")
                    .with_help("save it with UTF-8 encoding"),
            ),
            Err(e) => errors.push(e.to_diagnostic(&rel, max)),
        }
    }
}

/// Tera's error and all its causes, on one line each joined by `: `.
fn chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// The template named last in a Tera message (`... while rendering 'x.html'`).
fn failing_template(message: &str) -> Option<String> {
    let mut found = None;
    let mut rest = message;
    while let Some(i) = rest.find('\'') {
        let after = &rest[i + 1..];
        let Some(j) = after.find('\'') else { break };
        let candidate = &after[..j];
        if candidate.contains('.') && !candidate.contains(' ') {
            found = Some(candidate.to_string());
        }
        rest = &after[j + 1..];
    }
    found
}

/// A pest parse error from Tera: ` --> L:C` then an `= expected ...` line.
fn syntax_error(origin: &Origin, e: &tera::Error) -> Diagnostic {
    let text = chain(e);
    let mut line = None;
    let mut column = None;
    if let Some(i) = text.find("--> ") {
        let pos: String = text[i + 4..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ':')
            .collect();
        let mut it = pos.split(':');
        line = it.next().and_then(|l| l.parse().ok());
        column = it.next().and_then(|c| c.parse().ok());
    }
    let expected = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("= "))
        .unwrap_or("syntax error")
        .to_string();
    Diagnostic::error(
        Location {
            path: origin.location(),
            line,
            column,
        },
        format!("template syntax error: {expected}"),
    )
    .with_help("check that every `{{`, `{%` and `{#` is closed and that tags are balanced")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_the_five_html_specials_and_keeps_slashes() {
        assert_eq!(
            escape_html("a/b <c> & \"d\" 'e' é"),
            "a/b &lt;c&gt; &amp; &quot;d&quot; &#39;e&#39; é"
        );
    }

    #[test]
    fn escaping_drops_characters_xml_forbids() {
        assert_eq!(escape_html("a\u{c}b\u{1}c\td\ne\u{7f}"), "abc\td\ne");
    }

    #[test]
    fn failing_template_is_the_last_quoted_file_name() {
        assert_eq!(
            failing_template(
                "Failed to render 'session.html': Variable `x` not found in context while rendering 'base.html'"
            ),
            Some("base.html".to_string())
        );
    }

    #[test]
    fn labels_written_out_are_resolved_when_templates_load() {
        assert_eq!(
            resolve_labels(
                "<a>{{ t(key=\"crumb.home\") }}</a>{{t(key=\"menu.search\")}} {{ t(key=k) }} {{ t(key=\"no.such\") }} {{ x }}"
            ),
            "<a>Home</a>Search {{ t(key=k) }} {{ t(key=\"no.such\") }} {{ x }}"
        );
        assert_eq!(resolve_labels("no labels {{ x }}"), "no labels {{ x }}");
    }

    #[test]
    fn every_label_the_default_theme_uses_exists() {
        for (name, text) in default_theme::TEMPLATES {
            for part in text.split("t(key=\"").skip(1) {
                let key = part.split('"').next().unwrap_or("");
                assert!(
                    crate::labels::has(key),
                    "{name} uses the missing label `{key}`"
                );
            }
        }
    }

    #[test]
    fn runtime_errors_name_the_page_and_the_line() {
        let mut tera = Tera::default();
        let text = "<p>\n{{ page.title }}\n{{ session.nope }}</p>\n";
        tera.add_raw_template("x.html", text).unwrap();
        let templates = Templates {
            tera,
            origins: [(
                "x.html".to_string(),
                Origin::File("templates/x.html".into()),
            )]
            .into(),
            texts: [("x.html".to_string(), text.to_string())].into(),
        };
        let data = serde_json::json!({"page": {"title": "T"}, "session": {}});
        let e = templates
            .render_to(
                "x.html",
                "`content/a.md`",
                &data,
                &mut Vec::new(),
                &mut Vec::new(),
            )
            .unwrap_err();
        let l = e.location.unwrap();
        assert_eq!(
            (l.path.as_path(), l.line, l.column),
            (Path::new("templates/x.html"), Some(3), Some(4))
        );
        assert!(
            e.message.starts_with("template error on `content/a.md`: "),
            "{}",
            e.message
        );
        assert!(e.message.contains("session.nope"), "{}", e.message);
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let e = Tera::default()
            .add_raw_template("x.html", "a\n{% if %}\n")
            .unwrap_err();
        let d = syntax_error(&Origin::File("templates/x.html".into()), &e);
        let l = d.location.unwrap();
        assert_eq!(l.path, PathBuf::from("templates/x.html"));
        assert_eq!(l.line, Some(2));
    }

    #[test]
    fn the_default_theme_is_small_and_loads_nothing_from_other_hosts() {
        let size = |file: &str| {
            default_theme::STATIC
                .iter()
                .find(|(n, _)| *n == file)
                .map_or(0, |(_, b)| b.len())
        };
        // The hand-written style, and the colours syntect generates.
        assert!(
            size("style.css") < 15_000,
            "style.css is {} bytes",
            size("style.css")
        );
        assert!(
            size("highlight.css") < 20_000,
            "highlight.css is {} bytes",
            size("highlight.css")
        );
        for (name, text) in default_theme::TEMPLATES {
            for needle in [
                "<script src=\"http",
                "<script src=\"//",
                "rel=\"stylesheet\" href=\"http",
                "@import",
                "fonts.googleapis",
            ] {
                assert!(
                    !text.contains(needle),
                    "{name} loads from another host: {needle}"
                );
            }
        }
        for (name, bytes) in default_theme::STATIC {
            let text = String::from_utf8_lossy(bytes);
            assert!(
                !text.contains("url(http") && !text.contains("@import"),
                "{name}"
            );
        }
    }

    #[test]
    fn the_built_in_theme_lists_every_file_of_themes_default() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir.join("templates"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let mut built_in: Vec<String> = default_theme::TEMPLATES
            .iter()
            .map(|(n, _)| n.to_string())
            .collect();
        built_in.sort();
        assert_eq!(on_disk, built_in);
        let mut statics: Vec<String> = std::fs::read_dir(dir.join("static"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        statics.sort();
        let mut built_in: Vec<String> = default_theme::STATIC
            .iter()
            .map(|(n, _)| n.to_string())
            .collect();
        built_in.sort();
        assert_eq!(statics, built_in);
    }
}
