//! Markdown: bodies to HTML with comrak, code highlighted by syntect.
//!
//! The one home of comrak and syntect. Called by `render` once per document.
//! Options are made once per build and the syntax set is loaded once, on the
//! first code block that names a language. Besides HTML it returns the body's
//! headings (for anchors and tables of contents) and its links (for `check`).
//! Links are made to work under the base URL here: root-relative links are
//! moved under the base path, relative links are resolved from the source
//! file's folder, and `@/sessions/x.md` or `x.md` links become page URLs.
//! Raw HTML is escaped, sanitised by ammonia (see [`sanitise`]) or trusted,
//! as `markdown.raw_html` says. It knows nothing about templates.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::{self, Write};
use std::path::{Component, Path};
use std::sync::{Mutex, OnceLock};

use comrak::adapters::{HeadingAdapter, HeadingMeta, SyntaxHighlighterAdapter};
use comrak::nodes::{NodeHtmlBlock, NodeValue, Sourcepos};
use comrak::{Anchorizer, Arena, Options, options::Plugins};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::config::{MarkdownConfig, RawHtml};
use crate::diagnostics::{Diagnostic, Location};
use crate::urls::Urls;

mod attribute_lists;
pub mod blocks;
mod math;
pub mod sanitise;

/// The CSS class prefix of highlighted code (`hl-keyword`).
pub const HIGHLIGHT_PREFIX: &str = "hl-";

/// A heading of a rendered body.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link or image written in a body, for checking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// As written.
    pub written: String,
    /// As emitted in the HTML.
    pub href: String,
    /// 1-based line and column in the source file.
    pub line: usize,
    pub column: usize,
    /// For `.md` links: the content path it names (`sessions/x.md`) and fragment,
    /// so `check` can say which page is missing.
    pub page: Option<String>,
}

/// A body rendered to HTML.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// The body as plain text (for exports, feeds and search).
    pub text: String,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    /// What the author should know: code shown without highlighting, raw
    /// HTML removed by the sanitiser.
    pub warnings: Vec<Diagnostic>,
    /// The body as blocks of text, for the PDF report (when it is made).
    pub blocks: Vec<blocks::Block>,
}

/// Code blocks larger than this are shown without highlighting: syntect's
/// cost grows faster than the size of a block, and a hostile file could
/// otherwise hold a build for minutes.
pub const MAX_HIGHLIGHT_BYTES: usize = 256 * 1024;
/// Likewise for a block with a line longer than this (minified code).
pub const MAX_HIGHLIGHT_LINE: usize = 4 * 1024;

/// Whether a code block is small enough to highlight (see
/// [`MAX_HIGHLIGHT_BYTES`]); larger ones are shown as plain text.
pub fn is_highlightable(code: &str) -> bool {
    code.len() <= MAX_HIGHLIGHT_BYTES
        && code
            .split('\n')
            .all(|line| line.len() <= MAX_HIGHLIGHT_LINE)
}

/// Maps a content path (`sessions/opening.md`) to the page's URL.
pub type PageResolver<'a> = dyn Fn(&str) -> Option<String> + Sync + 'a;

/// Renders Markdown with the site's options.
pub struct Markdown {
    options: Options<'static>,
    urls: Urls,
    raw_html: RawHtml,
    /// Whether bodies are also kept as [`blocks`] (for the PDF report).
    with_blocks: bool,
}

impl Markdown {
    /// Also keeps each body as blocks of text, for the PDF report.
    pub fn with_blocks(mut self, on: bool) -> Self {
        self.with_blocks = on;
        self
    }

    pub fn new(config: &MarkdownConfig, urls: Urls) -> Self {
        let mut options = Options::default();
        options.extension.strikethrough = true;
        options.extension.table = true;
        options.extension.autolink = true;
        options.extension.tasklist = true;
        options.extension.footnotes = true;
        options.extension.math_dollars = true;
        options.extension.shortcodes = true;
        options.parse.smart = config.smart_punctuation;
        // `escape`: raw HTML shows as text, so the author sees what was
        // not emitted. `sanitise`: emitted, then cleaned by ammonia.
        options.render.r#unsafe = config.raw_html != RawHtml::Escape;
        options.render.escape = config.raw_html == RawHtml::Escape;
        Markdown {
            options,
            urls,
            raw_html: config.raw_html,
            with_blocks: false,
        }
    }

    /// Renders `body`, which starts on line `body_line` of the file at
    /// `source` (relative to the site root, e.g. `content/sessions/x.md`).
    pub fn render(
        &self,
        body: &str,
        source: &Path,
        body_line: usize,
        pages: &PageResolver,
    ) -> Rendered {
        // Big bodies take their turn, so that their trees are never built
        // all at once (see `source::MAX_MARKUP`).
        let _turn = Turn::take(crate::source::markup_weight(body));
        let arena = Arena::new();
        let root = comrak::parse_document(&arena, body, &self.options);
        let source_dir = source
            .parent()
            .and_then(|p| p.strip_prefix("content").ok())
            .unwrap_or(Path::new(""));

        let text = plain_text(root);
        let keeps_html = self.raw_html != RawHtml::Escape;
        let levels = heading_levels(root, keeps_html);
        let mut raw_headings = sanitise::Relevel::new(&levels);
        let line_of = |pos: Sourcepos| pos.start.line + body_line - 1;
        let mut links = Vec::new();
        let mut warnings = Vec::new();
        let mut has_raw_html = false;
        for node in root.descendants() {
            let mut data = node.data_mut();
            let pos = data.sourcepos;
            let image = matches!(data.value, NodeValue::Image(_));
            match &mut data.value {
                NodeValue::Heading(h) => {
                    h.level = raw_headings.next_level();
                }
                NodeValue::Link(link) | NodeValue::Image(link) => {
                    let (href, page) = self.rewrite(&link.url, source_dir, pages, image);
                    links.push(Link {
                        written: link.url.clone(),
                        href: href.clone(),
                        line: line_of(pos),
                        column: pos.start.column,
                        page,
                    });
                    link.url = href;
                }
                NodeValue::Math(m) => {
                    let at = Location::at(source, line_of(pos), pos.start.column);
                    let mathml = math::to_mathml(&m.literal, m.display_math, at, &mut warnings);
                    data.value = NodeValue::Raw(mathml);
                }
                NodeValue::Text(t) if t.contains("{:") => {
                    if let Some(cleaned) = attribute_lists::remove(t) {
                        warnings.push(
                            Diagnostic::warning(
                                Location::at(source, line_of(pos), pos.start.column),
                                "kramdown attribute list (`{: ... }`) removed",
                            )
                            .with_help("Markdown here has no attribute lists; for a button, write a plain link"),
                        );
                        *t = cleaned.into();
                    }
                }
                NodeValue::CodeBlock(code)
                    if code.fenced
                        && !code.info.trim().is_empty()
                        && !is_highlightable(&code.literal) =>
                {
                    warnings.push(
                        Diagnostic::warning(
                            Location::at(source, line_of(pos), pos.start.column),
                            format!(
                                "code block of {} KB shown without highlighting",
                                code.literal.len().div_ceil(1024)
                            ),
                        )
                        .with_help(format!(
                            "highlighting stops at {} KB a block and {} KB a line; link to a file for long listings",
                            MAX_HIGHLIGHT_BYTES / 1024,
                            MAX_HIGHLIGHT_LINE / 1024
                        )),
                    );
                }
                NodeValue::HtmlBlock(block) => {
                    has_raw_html = true;
                    if self.raw_html == RawHtml::Sanitise {
                        sanitise::warn_removed(
                            &block.literal,
                            source,
                            (line_of(pos), pos.start.column),
                            &mut warnings,
                        );
                        sanitise::map_obsolete(&mut block.literal);
                    }
                    if keeps_html {
                        raw_headings.apply(&mut block.literal);
                    }
                }
                NodeValue::HtmlInline(html) => {
                    has_raw_html = true;
                    if self.raw_html == RawHtml::Sanitise {
                        sanitise::warn_removed(
                            html,
                            source,
                            (line_of(pos), pos.start.column),
                            &mut warnings,
                        );
                        sanitise::map_obsolete(html);
                    }
                    if keeps_html {
                        raw_headings.apply(html);
                    }
                }
                _ => {}
            }
        }

        let blocks = if self.with_blocks {
            let (base, base_path) = (self.urls.base(), self.urls.base_path());
            blocks::blocks(root, &|url: &str| {
                if let Some(rest) = url.strip_prefix(base_path) {
                    Some(format!("{base}{rest}"))
                } else if url.starts_with("https://")
                    || url.starts_with("http://")
                    || url.starts_with("mailto:")
                {
                    Some(url.to_string())
                } else {
                    None
                }
            })
        } else {
            Vec::new()
        };
        let headings = HeadingIds::default();
        let mut plugins = Plugins::default();
        plugins.render.codefence_syntax_highlighter = Some(&Highlighter);
        plugins.render.heading_adapter = Some(&headings);
        let mut html = String::with_capacity(body.len() + body.len() / 2);
        // Writing to a String cannot fail.
        let _ = comrak::format_html_with_plugins(root, &self.options, &mut html, &plugins);
        if has_raw_html && self.raw_html == RawHtml::Sanitise {
            html = sanitise::clean(&html, &|url| {
                if url.starts_with(self.urls.base_path()) {
                    url.to_string()
                } else {
                    self.rewrite(url, source_dir, pages, false).0
                }
            });
        }
        crate::text::strip_forbidden_controls(&mut html);
        // Bodies stay in memory for the whole build: give back the slack.
        html.shrink_to_fit();
        Rendered {
            html,
            text,
            headings: headings.into_headings(),
            links,
            warnings,
            blocks,
        }
    }

    /// Makes a written URL work from the output page; returns the new URL
    /// and, for links to Markdown files, the content path they name.
    fn rewrite(
        &self,
        url: &str,
        source_dir: &Path,
        pages: &PageResolver,
        image: bool,
    ) -> (String, Option<String>) {
        let trimmed = url.trim();
        if is_dangerous(trimmed) || (has_scheme(trimmed) && !is_allowed_scheme(trimmed, image)) {
            return (String::new(), None);
        }
        if trimmed.is_empty()
            || trimmed.starts_with('#')
            || trimmed.starts_with('?')
            || has_scheme(trimmed)
        {
            return (trimmed.to_string(), None);
        }
        if trimmed.starts_with("//") {
            return (trimmed.to_string(), None);
        }
        let (path, fragment) = match trimmed.find(['#', '?']) {
            Some(i) => trimmed.split_at(i),
            None => (trimmed, ""),
        };
        // A page by source path: `@/sessions/x.md` from the content root, or
        // a relative `x.md`.
        let content_path = if let Some(rest) = path.strip_prefix("@/") {
            Some(rest.to_string())
        } else if !path.starts_with('/') {
            join_normal(source_dir, path)
        } else {
            None
        };
        if let Some(cp) = &content_path
            && (cp.ends_with(".md") || path.starts_with("@/"))
        {
            let page = format!("{cp}{fragment}");
            return match pages(cp) {
                Some(href) => (format!("{href}{fragment}"), Some(page)),
                None => (trimmed.to_string(), Some(page)),
            };
        }
        if path.starts_with('/') {
            return (self.urls.rebase(trimmed), None);
        }
        match content_path {
            Some(cp) => (format!("{}{fragment}", self.urls.rebase(&cp)), None),
            // Climbs out of `content/`: leave it for `check` to report.
            None => (trimmed.to_string(), None),
        }
    }
}

/// A share of the markup that may be in trees at once, across threads:
/// at most [`crate::source::MAX_MARKUP`] marks (any one body may take it
/// all, alone). Ordinary bodies weigh a few hundred marks and never wait.
struct Turn(usize);

static IN_FLIGHT: Mutex<usize> = Mutex::new(0);
static TURN_FREED: std::sync::Condvar = std::sync::Condvar::new();

impl Turn {
    fn take(weight: usize) -> Turn {
        let limit = crate::source::MAX_MARKUP;
        let weight = weight.min(limit);
        let mut used = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
        while *used > 0 && *used + weight > limit {
            used = TURN_FREED.wait(used).unwrap_or_else(|e| e.into_inner());
        }
        *used += weight;
        Turn(weight)
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        let mut used = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
        *used -= self.0;
        drop(used);
        TURN_FREED.notify_all();
    }
}

/// The level of each heading of a body, in order, such that the body's
/// highest heading is an `h2` (the page's title is its `h1`) and no heading
/// is more than one level below the one before it: a page never skips a
/// level, whatever level the body starts at.
fn heading_levels<'a>(root: comrak::nodes::Node<'a>, raw_html: bool) -> Vec<u8> {
    let mut written = Vec::new();
    for n in root.descendants() {
        match &n.data().value {
            NodeValue::Heading(h) => written.push(h.level),
            NodeValue::HtmlBlock(NodeHtmlBlock { literal: raw, .. })
            | NodeValue::HtmlInline(raw)
                if raw_html =>
            {
                written.extend(sanitise::heading_levels(raw))
            }
            _ => {}
        }
    }
    let Some(&top) = written.iter().min() else {
        return written;
    };
    let mut out = Vec::with_capacity(written.len());
    let mut previous = 1u8;
    for level in written {
        let shifted = (level + 2).saturating_sub(top).clamp(2, 6);
        let level = shifted.min(previous + 1);
        out.push(level);
        previous = level;
    }
    out
}

/// The text of a document: inline text joined, one line per block.
fn plain_text<'a>(root: comrak::nodes::Node<'a>) -> String {
    let mut out = String::new();
    for node in root.descendants() {
        match &node.data().value {
            NodeValue::Text(t) => out.push_str(t),
            NodeValue::Code(c) => out.push_str(&c.literal),
            NodeValue::Math(m) => out.push_str(&m.literal),
            NodeValue::CodeBlock(c) => {
                out.push_str(&c.literal);
            }
            NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
            NodeValue::Paragraph
            | NodeValue::Heading(_)
            | NodeValue::Item(_)
            | NodeValue::TableRow(_)
                if !out.is_empty() && !out.ends_with('\n') =>
            {
                out.push('\n');
            }
            NodeValue::TableCell => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// `a/b` + `../c.pdf` → `a/c.pdf`; `None` when it leaves the root.
fn join_normal(dir: &Path, rel: &str) -> Option<String> {
    let mut parts: Vec<String> = dir
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s.to_string()),
        }
    }
    let mut out = parts.join("/");
    if rel.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(i) => {
            let scheme = &url[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Whether a URL with a scheme may be published: web and mail addresses
/// and telephone numbers; for images also inline PNG, JPEG, GIF and WebP.
/// Anything else (`javascript:`, `data:` pages and SVG, `file:`, `vbscript:`)
/// is removed, and `check` reports it.
fn is_allowed_scheme(url: &str, image: bool) -> bool {
    let lower = url.get(..16).unwrap_or(url).to_ascii_lowercase();
    let scheme = lower.split(':').next().unwrap_or("");
    matches!(scheme, "http" | "https" | "mailto" | "tel")
        || (image
            && [
                "data:image/png",
                "data:image/jpeg",
                "data:image/gif",
                "data:image/webp",
            ]
            .iter()
            .any(|p| lower.starts_with(p)))
}

/// Schemes that run code when followed, however spaced.
fn is_dangerous(url: &str) -> bool {
    let compact: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    compact.starts_with("javascript:")
        || compact.starts_with("vbscript:")
        || compact.starts_with("data:text/html")
}

/// Gives every heading a unique id and records it.
#[derive(Default)]
struct HeadingIds {
    state: Mutex<(Anchorizer, Vec<Heading>)>,
}

impl HeadingIds {
    fn into_headings(self) -> Vec<Heading> {
        self.state.into_inner().map(|s| s.1).unwrap_or_default()
    }
}

impl HeadingAdapter for HeadingIds {
    fn enter(
        &self,
        output: &mut dyn Write,
        heading: &HeadingMeta,
        _: Option<Sourcepos>,
    ) -> fmt::Result {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let mut id = state.0.anchorize(&heading.content);
        if id.is_empty() {
            id = state.0.anchorize("section");
        }
        write!(output, "<h{} id=\"", heading.level)?;
        comrak::html::escape(output, &id)?;
        output.write_str("\">")?;
        state.1.push(Heading {
            level: heading.level,
            id,
            title: heading.content.clone(),
        });
        Ok(())
    }

    fn exit(&self, output: &mut dyn Write, heading: &HeadingMeta) -> fmt::Result {
        write!(output, "</h{}>", heading.level)
    }
}

/// The syntax set, loaded on first use.
fn syntaxes() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Highlights fenced code with CSS classes (`hl-keyword`); the theme ships
/// the colours.
struct Highlighter;

impl SyntaxHighlighterAdapter for Highlighter {
    fn write_highlighted(
        &self,
        output: &mut dyn Write,
        lang: Option<&str>,
        code: &str,
    ) -> fmt::Result {
        let lang = lang
            .map(|l| l.split([',', ' ']).next().unwrap_or(""))
            .unwrap_or("");
        if lang.is_empty() || !is_highlightable(code) {
            return comrak::html::escape(output, code);
        }
        let set = syntaxes();
        let Some(syntax) = set.find_syntax_by_token(lang) else {
            return comrak::html::escape(output, code);
        };
        let mut generator = ClassedHTMLGenerator::new_with_class_style(
            syntax,
            set,
            ClassStyle::SpacedPrefixed {
                prefix: HIGHLIGHT_PREFIX,
            },
        );
        for line in LinesWithEndings::from(code) {
            if generator
                .parse_html_for_line_which_includes_newline(line)
                .is_err()
            {
                return comrak::html::escape(output, code);
            }
        }
        output.write_str(&generator.finalize())
    }

    fn write_pre_tag(
        &self,
        output: &mut dyn Write,
        attributes: HashMap<&'static str, Cow<'_, str>>,
    ) -> fmt::Result {
        write_tag(output, "pre", attributes)
    }

    fn write_code_tag(
        &self,
        output: &mut dyn Write,
        attributes: HashMap<&'static str, Cow<'_, str>>,
    ) -> fmt::Result {
        write_tag(output, "code", attributes)
    }
}

/// Writes an opening tag with its attributes sorted, so output is deterministic.
fn write_tag(
    output: &mut dyn Write,
    tag: &str,
    attributes: HashMap<&'static str, Cow<'_, str>>,
) -> fmt::Result {
    let mut attributes: Vec<_> = attributes.into_iter().collect();
    attributes.sort();
    comrak::html::write_opening_tag(output, tag, attributes)
}

/// The stylesheet for highlighted code, light and dark, from syntect themes.
pub fn highlight_css() -> String {
    use syntect::highlighting::ThemeSet;
    use syntect::html::css_for_theme_with_class_style;
    let themes = ThemeSet::load_defaults();
    let style = ClassStyle::SpacedPrefixed {
        prefix: HIGHLIGHT_PREFIX,
    };
    let light =
        css_for_theme_with_class_style(&themes.themes["InspiredGitHub"], style).unwrap_or_default();
    let dark = css_for_theme_with_class_style(&themes.themes["base16-ocean.dark"], style)
        .unwrap_or_default();
    format!("{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use url::Url;

    fn md(base: &str) -> Markdown {
        Markdown::new(
            &MarkdownConfig::default(),
            Urls::new(Url::parse(base).unwrap()),
        )
    }

    fn html(body: &str) -> String {
        md("https://x.org/sub/")
            .render(body, Path::new("content/sessions/a.md"), 1, &|p: &str| {
                (p == "sessions/b.md").then(|| "/sub/sessions/b/".to_string())
            })
            .html
    }

    #[test]
    fn root_relative_links_go_under_the_base_path() {
        assert!(html("![map](/static/map.png)").contains("src=\"/sub/static/map.png\""));
    }

    #[test]
    fn relative_links_resolve_from_the_source_folder() {
        assert!(html("[s](slides/x.pdf)").contains("href=\"/sub/sessions/slides/x.pdf\""));
        assert!(html("[b](b.md#top)").contains("href=\"/sub/sessions/b/#top\""));
        assert!(html("[b](@/sessions/b.md)").contains("href=\"/sub/sessions/b/\""));
    }

    /// Found by the `markdown` fuzz target: a link to a `data:` SVG page.
    #[test]
    fn only_web_mail_and_phone_schemes_are_linked() {
        let out = html(
            "[d](data:image/svgdata:ztext/html,<script>alert(1)</script>) [f](file:///etc/passwd) [v](VBScript:x) [w](https://a.org/) [m](mailto:a@b.org) [t](tel:+1) ![p](data:image/png;base64,iVBO) [p](data:image/png;base64,iVBO)",
        );
        assert!(
            !out.contains("data:image/svg")
                && !out.contains("file:")
                && !out.to_lowercase().contains("vbscript"),
            "{out}"
        );
        assert!(
            out.contains("href=\"https://a.org/\"")
                && out.contains("href=\"mailto:a@b.org\"")
                && out.contains("href=\"tel:+1\""),
            "{out}"
        );
        assert!(
            out.contains("src=\"data:image/png;base64,iVBO\""),
            "inline images stay: {out}"
        );
        assert_eq!(
            out.matches("data:image/png").count(),
            1,
            "but not as links: {out}"
        );
    }

    #[test]
    fn script_links_are_never_emitted() {
        let out = html("[x](javascript:alert(1)) [y]( JaVaScRiPt:alert(1))");
        assert!(!out.to_lowercase().contains("javascript"), "{out}");
    }

    #[test]
    fn raw_html_is_escaped_by_default() {
        let out = html("<script>alert(1)</script>\n\nDjango <3 Airflow");
        assert!(!out.contains("<script>"), "{out}");
        assert!(out.contains("&lt;3"), "{out}");
    }

    #[test]
    fn plain_text_has_one_line_per_block() {
        let r = md("https://x.org/").render(
            "# Title\n\nSome *em* text\nnext.\n\n- a\n- b\n",
            Path::new("content/a.md"),
            1,
            &|_| None,
        );
        assert_eq!(r.text, "Title\nSome em text next.\na\nb");
    }

    #[test]
    fn template_syntax_stays_text() {
        assert!(html("{% raw %} {{ x }}").contains("{% raw %} {{ x }}"));
    }

    #[test]
    fn headings_get_unique_ids_and_h1_is_demoted() {
        let r =
            md("https://x.org/").render("# A\n\n## A\n", Path::new("content/a.md"), 1, &|_| None);
        assert!(r.html.contains("<h2 id=\"a\">A</h2>"), "{}", r.html);
        assert!(r.html.contains("<h3 id=\"a-1\">A</h3>"), "{}", r.html);
        assert_eq!(r.headings.len(), 2);
    }

    #[test]
    fn math_becomes_mathml_and_dollar_amounts_stay_text() {
        let out = html("The gap $P_N-P_{N-2}$ on $(0,\\infty)$.\n\n$$\\frac{a}{b}$$\n");
        assert!(out.contains("<math display=\"inline\"><msub>"), "{out}");
        assert!(out.contains("display=\"block\""), "{out}");
        assert!(!out.contains("$"), "{out}");
        let prices = html(
            "| Fee | Discount |\n|---|---|\n| $19,000 | $9,000 |\n\nCosts $5 and $10 a day.\n",
        );
        assert!(!prices.contains("<math"), "{prices}");
        assert!(
            prices.contains("$19,000")
                && prices.contains("$9,000")
                && prices.contains("$5 and $10"),
            "{prices}"
        );
    }

    #[test]
    fn emoji_shortcodes_become_emoji() {
        let out = html("Done :heavy_check_mark: and `:smile:` in code");
        assert!(out.contains("✔"), "{out}");
        assert!(out.contains("<code>:smile:</code>"), "{out}");
    }

    #[test]
    fn no_page_skips_a_heading_level() {
        let levels = |body: &str| {
            md("https://x.org/")
                .render(body, Path::new("content/a.md"), 1, &|_| None)
                .headings
                .iter()
                .map(|h| h.level)
                .collect::<Vec<_>>()
        };
        assert_eq!(levels("### A\n\n#### B\n\n### C"), vec![2, 3, 2]);
        assert_eq!(levels("## A\n\n#### B\n\n###### C"), vec![2, 3, 4]);
        assert_eq!(levels("# A\n\n## B"), vec![2, 3]);
        assert_eq!(levels("#### Only"), vec![2]);
    }

    #[test]
    fn raw_html_headings_take_their_place_among_the_levels() {
        let out = html(
            "<h3 class=\"t\">Description</h3>\n\n#### Details\n\nText <h5>inline</h5>\n\n<h4>x</h4>",
        );
        assert!(out.contains("<h2 class=\"t\">Description</h2>"), "{out}");
        assert!(out.contains("<h3 id=\"details\">Details</h3>"), "{out}");
        assert!(out.contains("<h4>inline</h4>"), "{out}");
        assert!(out.contains("<h3>x</h3>"), "{out}");
        // Escaped HTML is text: its headings are not headings.
        let escaped = Markdown::new(
            &MarkdownConfig {
                raw_html: RawHtml::Escape,
                ..MarkdownConfig::default()
            },
            Urls::new(Url::parse("https://x.org/").unwrap()),
        )
        .render("<h1>a</h1>\n\n### B", Path::new("content/a.md"), 1, &|_| {
            None
        });
        assert!(
            escaped.html.contains("&lt;h1&gt;a&lt;/h1&gt;"),
            "{}",
            escaped.html
        );
        assert!(
            escaped.html.contains("<h2 id=\"b\">B</h2>"),
            "{}",
            escaped.html
        );
    }

    #[test]
    fn kramdown_attribute_lists_are_removed_with_a_warning() {
        let r = md("https://x.org/").render(
            "[Register](https://a.org/){: class=\"button\" }\n",
            Path::new("content/a.md"),
            1,
            &|_| None,
        );
        assert!(!r.html.contains("{:"), "{}", r.html);
        assert_eq!(r.warnings.len(), 1);
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let out = html("```rust\nfn main() {}\n```\n");
        assert!(out.contains("class=\"hl-"), "{out}");
        assert!(!out.contains("style="), "{out}");
    }

    /// The theme ships the stylesheet; regenerate it with
    /// `RAPPORTEUR_BLESS=1 cargo test highlight_css`.
    #[test]
    fn highlight_css_in_the_theme_is_current() {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/highlight.css");
        let css = highlight_css();
        if std::env::var_os("RAPPORTEUR_BLESS").is_some() {
            std::fs::write(&path, &css).unwrap();
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap_or_default(), css);
    }

    #[test]
    fn link_lines_count_from_the_file() {
        let r =
            md("https://x.org/").render("\n[x](y.md)\n", Path::new("content/a.md"), 5, &|_| None);
        assert_eq!((r.links[0].line, r.links[0].column), (6, 1));
        assert_eq!(r.links[0].page.as_deref(), Some("y.md"));
    }
}
