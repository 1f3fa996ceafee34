//! Bodies: the Markdown of every document, rendered once.
//!
//! Runs after `site`, which hands over the bodies as [`Texts`]: each is
//! rendered by `markdown` (in parallel) and freed. Links between documents
//! (`@/sessions/x.md`) resolve to their pages here. The exports and the
//! pages read the [`Bodies`]; what a run keeps of them afterwards is the
//! schedule's retention policy, not this module's.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::markdown::{Markdown, Rendered};
use crate::model::DocRef;
use crate::routes;
use crate::site::{Site, Texts};
use crate::urls::Urls;

/// The rendered body of every document of a site, by slot.
#[derive(Debug, Default)]
pub struct Bodies {
    slots: Vec<Rendered>,
    /// The HTML of each summary written over several lines (a Markdown
    /// list, paragraphs); `None` for a one-line summary, shown as text.
    summaries: Vec<Option<String>>,
    /// Where each kind's slots start (see [`Site::slot`]), kept so that a
    /// body can be found by its [`DocRef`] alone.
    layout: Vec<(DocRef, usize)>,
}

/// Renders every body of the site, in parallel; each text is freed as soon
/// as it is rendered (on a big site they are tens of MB).
pub fn render(site: &Site, texts: Texts, markdown: &Markdown, urls: &Urls) -> Bodies {
    let links = page_links(site, urls);
    let resolve = |p: &str| links.get(p).cloned();
    let mut sources: Vec<Option<(&Path, usize)>> = vec![None; site.slot_count()];
    for (doc, path) in site.documents() {
        let line = site.head(doc).map_or(1, |h| h.body_line);
        sources[site.slot(doc)] = Some((path, line));
    }
    let slots = texts
        .0
        .into_par_iter()
        .zip(sources)
        .map(|(text, source)| match source {
            Some((path, line)) => markdown.render(&text, path, line, &resolve),
            None => Rendered::default(),
        })
        .collect();
    let mut summaries = vec![None; site.slot_count()];
    for (doc, path) in site.documents() {
        let summary = site.head(doc).and_then(|h| h.common.summary);
        if let Some(s) = summary.filter(|s| s.trim().contains('\n')) {
            let line = site.head(doc).map_or(1, |h| h.keys_line("summary"));
            summaries[site.slot(doc)] = Some(markdown.render(s, path, line, &resolve).html);
        }
    }
    Bodies {
        slots,
        summaries,
        layout: layout(site),
    }
}

/// Content paths (`sessions/x.md`) to page links, for Markdown links.
fn page_links(site: &Site, urls: &Urls) -> HashMap<String, String> {
    site.documents()
        .into_iter()
        .filter_map(|(doc, path)| {
            let rel = path.strip_prefix("content").ok()?;
            Some((
                rel.to_string_lossy().replace('\\', "/"),
                urls.link(&routes::of(site, doc)),
            ))
        })
        .collect()
}

/// The slot of the first document of each kind, to find slots without the
/// site.
fn layout(site: &Site) -> Vec<(DocRef, usize)> {
    site.documents()
        .into_iter()
        .map(|(d, _)| (d, site.slot(d)))
        .collect()
}

impl Bodies {
    fn slot(&self, doc: DocRef) -> Option<usize> {
        self.layout
            .binary_search_by(|(d, _)| d.cmp(&doc))
            .ok()
            .map(|i| self.layout[i].1)
    }

    /// The rendered body of a document.
    pub fn get(&self, doc: DocRef) -> Option<&Rendered> {
        self.slot(doc).and_then(|s| self.slots.get(s))
    }

    /// A summary written over several lines, as HTML.
    pub fn summary_html(&self, doc: DocRef) -> Option<&str> {
        self.slot(doc)
            .and_then(|s| self.summaries.get(s))
            .and_then(|s| s.as_deref())
    }

    /// The HTML of a document's body, empty when it has none.
    pub fn html(&self, doc: DocRef) -> &str {
        self.get(doc).map_or("", |b| b.html.as_str())
    }

    /// Renders the body of one document again from `text` (the body after
    /// its front matter, as `front_matter` split it), as [`render`] would.
    /// Returns false when the site has no such document.
    pub fn update(
        &mut self,
        site: &Site,
        markdown: &Markdown,
        urls: &Urls,
        doc: DocRef,
        text: &str,
    ) -> bool {
        let (Some(slot), Some(head)) = (self.slot(doc), site.head(doc)) else {
            return false;
        };
        let links = page_links(site, urls);
        let resolve = |p: &str| links.get(p).cloned();
        self.slots[slot] = markdown.render(text, head.path, head.body_line, &resolve);
        true
    }

    /// The warnings of every body, taken out of them.
    pub fn take_warnings(&mut self) -> Vec<Diagnostic> {
        self.slots
            .iter_mut()
            .flat_map(|b| std::mem::take(&mut b.warnings))
            .collect()
    }

    /// Frees the plain text of every body, once the exports (its only
    /// readers) are written.
    pub fn drop_texts(&mut self) {
        for body in &mut self.slots {
            body.text = String::new();
            body.blocks = Vec::new();
        }
    }

    /// Frees the links of every body (only `check` reads them).
    pub fn drop_links(&mut self) {
        for body in &mut self.slots {
            body.links = Vec::new();
        }
    }

    /// Moves the HTML of the given documents out, for a schedule that frees
    /// each as soon as its page is written.
    pub fn take_html(&mut self, docs: impl Iterator<Item = DocRef>) -> Vec<String> {
        docs.map(|d| match self.slot(d) {
            Some(s) => std::mem::take(&mut self.slots[s].html),
            None => String::new(),
        })
        .collect()
    }

    /// Puts HTML taken by [`Bodies::take_html`] back.
    pub fn restore_html(&mut self, docs: impl Iterator<Item = DocRef>, html: Vec<String>) {
        for (d, h) in docs.zip(html) {
            if let Some(s) = self.slot(d) {
                self.slots[s].html = h;
            }
        }
    }
}
