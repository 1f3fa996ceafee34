//! Citations: how to cite the proceedings and each outcome, as text
//! ("Cite this") and as BibTeX (`report.bib`).
//!
//! Read by the report and outcome pages and by the `report.bib` export;
//! it knows the site, its URLs and the labels, nothing of templates.

use crate::labels;
use crate::model::Kind;
use crate::routes;
use crate::site::Site;
use crate::urls::Urls;

/// The title to cite: `citation.title`, else "<event>: proceedings
/// website" (the site, not a report that someone else was to write).
pub fn report_title(site: &Site) -> String {
    match &site.config.citation.title {
        Some(t) => t.clone(),
        None => labels::fill("cite.report_title", &[("title", &site.event.front.title)]),
    }
}

/// The authors: `citation.author`, else the publisher, else the site's
/// title. Never the event's organisers: the site is not their report.
pub fn authors(site: &Site) -> Vec<String> {
    if let Some(a) = &site.config.citation.author {
        return a.names().into_iter().map(str::to_string).collect();
    }
    match &site.config.publisher {
        Some(p) => vec![p.name.clone()],
        None => vec![site.config.title.clone()],
    }
}

/// The authors as one line of text.
pub fn author(site: &Site) -> String {
    authors(site).join("; ")
}

/// The year: `citation.year`, else that of the site's last change (its
/// git history), else of the event's `start_date`.
pub fn year(site: &Site) -> Option<i32> {
    site.config.citation.year.or_else(|| {
        site.history
            .last_change()
            .or(site.event.front.start_date.as_deref())
            .and_then(|d| d.get(0..4)?.parse().ok())
    })
}

/// "Author (Year). Title. Site. URL" for the report.
pub fn report(site: &Site, urls: &Urls) -> String {
    let year = year(site).map(|y| format!(" ({y})")).unwrap_or_default();
    format!(
        "{}{year}. {}. {}. {}",
        author(site),
        report_title(site),
        site.config.title,
        urls.permalink(&routes::report())
    )
}

/// The same for one outcome, citing its stable anchor.
pub fn outcome(site: &Site, urls: &Urls, id: &str, title: &str) -> String {
    let year = year(site).map(|y| format!(" ({y})")).unwrap_or_default();
    format!(
        "{}{year}. {id}: {title}. {}: {}. {}",
        author(site),
        labels::label("cite.in"),
        report_title(site),
        outcome_url(urls, id)
    )
}

fn outcome_url(urls: &Urls, id: &str) -> String {
    format!(
        "{}#{}",
        urls.permalink(&routes::index(Kind::Outcome)),
        routes::fragment(id)
    )
}

/// A BibTeX key: letters and digits of `text`, and the year.
fn bibtex_key(text: &str, year: Option<i32>) -> String {
    let stem: String = crate::urls::segment(text)
        .split('-')
        .take(4)
        .collect::<Vec<_>>()
        .join("");
    format!("{stem}{}", year.map(|y| y.to_string()).unwrap_or_default())
}

/// One `@misc` entry. Each author is a body, kept whole in braces, and
/// authors are separated by `and`, as BibTeX reads them.
fn bibtex_entry(site: &Site, key: &str, title: &str, url: &str, note: &str) -> String {
    let authors: Vec<String> = authors(site)
        .iter()
        .map(|a| format!("{{{}}}", bibtex_escape(a)))
        .collect();
    let mut out = format!("@misc{{{key},\n");
    out.push_str(&format!("  author = {{{}}},\n", authors.join(" and ")));
    out.push_str(&format!("  title = {{{{{}}}}},\n", bibtex_escape(title)));
    if let Some(y) = year(site) {
        out.push_str(&format!("  year = {{{y}}},\n"));
    }
    out.push_str(&format!(
        "  howpublished = {{\\url{{{}}}}},\n",
        bibtex_url(url)
    ));
    out.push_str(&format!("  note = {{{}}}\n", bibtex_escape(note)));
    out.push_str("}\n");
    out
}

/// The BibTeX entry of the site (the report page shows it).
pub fn site_bibtex(site: &Site, urls: &Urls) -> String {
    bibtex_entry(
        site,
        &bibtex_key(&site.event.front.title, year(site)),
        &report_title(site),
        &urls.permalink(&routes::report()),
        &site.config.title,
    )
}

/// `report.bib`: the site's entry, then one for each outcome (keyed by its
/// id), citing its anchor.
pub fn report_bibtex(site: &Site, urls: &Urls) -> String {
    let key = bibtex_key(&site.event.front.title, year(site));
    let mut out = site_bibtex(site, urls);
    for o in site.outcomes.iter() {
        out.push('\n');
        let okey = format!("{key}-{}", crate::urls::segment(o.id()));
        out.push_str(&bibtex_entry(
            site,
            &okey,
            &format!("{}: {}", o.id(), o.doc.front.title),
            &outcome_url(urls, o.id()),
            &format!("{} {}", labels::label("cite.in"), report_title(site)),
        ));
    }
    out
}

/// A URL inside `\url{...}`: braces and backslashes, which would end the
/// field or the command, are percent-encoded (a URL is ours, but its
/// fragment is an id from a file); `%` and `#` are escaped for LaTeX.
fn bibtex_url(url: &str) -> String {
    url.chars()
        .map(|c| match c {
            '{' | '}' | '\\' => format!("%{:02X}", c as u32),
            c if c.is_control() || c == ' ' => format!("%{:02X}", c as u32),
            '%' | '#' => format!("\\{c}"),
            c => c.to_string(),
        })
        .collect()
}

/// `report.csl.json`: the same entries as CSL-JSON, which Zotero, Pandoc
/// and citation managers read.
pub fn report_csl(site: &Site, urls: &Urls) -> serde_json::Value {
    let authors: Vec<serde_json::Value> = authors(site)
        .iter()
        .map(|a| serde_json::json!({ "literal": a }))
        .collect();
    let issued = year(site).map(|y| serde_json::json!({ "date-parts": [[y]] }));
    let key = bibtex_key(&site.event.front.title, year(site));
    let entry = |id: String, title: String, url: String, container: Option<String>| {
        let mut e = serde_json::json!({
            "id": id,
            "type": "webpage",
            "title": title,
            "author": authors,
            "URL": url,
        });
        if let Some(i) = &issued {
            e["issued"] = i.clone();
        }
        if let Some(c) = container {
            e["container-title"] = c.into();
        }
        e
    };
    let mut items = vec![entry(
        key.clone(),
        report_title(site),
        urls.permalink(&routes::report()),
        Some(site.config.title.clone()),
    )];
    for o in site.outcomes.iter() {
        items.push(entry(
            format!("{key}-{}", crate::urls::segment(o.id())),
            format!("{}: {}", o.id(), o.doc.front.title),
            outcome_url(urls, o.id()),
            Some(report_title(site)),
        ));
    }
    serde_json::Value::Array(items)
}

/// Escapes BibTeX's special characters in a field value.
fn bibtex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            // BibTeX counts braces even after a backslash, so `\}` would
            // close the field: braces are written as commands.
            '{' => out.push_str("\\textbraceleft{}"),
            '}' => out.push_str("\\textbraceright{}"),
            '%' | '&' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bibtex_specials_are_escaped() {
        assert_eq!(
            bibtex_escape("A & B {x} 50% $1 #2 a_b"),
            "A \\& B \\textbraceleft{}x\\textbraceright{} 50\\% \\$1 \\#2 a\\_b"
        );
        let injected = bibtex_escape("x}}, @misc{evil, title={y");
        let depth = injected.chars().try_fold(0i32, |d, c| {
            let d = d + i32::from(c == '{') - i32::from(c == '}');
            (d >= 0).then_some(d)
        });
        assert_eq!(depth, Some(0), "{injected}");
    }
}
