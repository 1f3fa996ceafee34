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

/// The report's title: "<event>: report of the proceedings".
pub fn report_title(site: &Site) -> String {
    labels::fill("cite.report_title", &[("title", &site.event.front.title)])
}

/// The authoring body: `citation.author` or the event's organisers.
pub fn author(site: &Site) -> String {
    if let Some(a) = &site.config.citation.author {
        return a.clone();
    }
    let names: Vec<&str> = site
        .event
        .front
        .organizers
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    if names.is_empty() {
        site.config.title.clone()
    } else {
        names.join("; ")
    }
}

/// The year of the proceedings: `citation.year` or the event's start year.
pub fn year(site: &Site) -> Option<i32> {
    site.config.citation.year.or_else(|| {
        site.event
            .front
            .start_date
            .as_deref()
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
        "{}{year}. {id}: {title}. {}: {}. {}#{}",
        author(site),
        labels::label("cite.in"),
        site.event.front.title,
        urls.permalink(&routes::index(Kind::Outcome)),
        routes::fragment(id)
    )
}

/// `report.bib`: one `@misc` entry for the whole report.
pub fn report_bibtex(site: &Site, urls: &Urls) -> String {
    let year = year(site);
    let key: String = format!(
        "{}{}",
        crate::urls::segment(&site.event.front.title)
            .split('-')
            .take(4)
            .collect::<Vec<_>>()
            .join(""),
        year.map(|y| y.to_string()).unwrap_or_default()
    );
    let mut out = format!("@misc{{{key},\n");
    out.push_str(&format!(
        "  author = {{{{{}}}}},\n",
        bibtex_escape(&author(site))
    ));
    out.push_str(&format!(
        "  title = {{{{{}}}}},\n",
        bibtex_escape(&report_title(site))
    ));
    if let Some(y) = year {
        out.push_str(&format!("  year = {{{y}}},\n"));
    }
    out.push_str(&format!(
        "  howpublished = {{\\url{{{}}}}},\n",
        urls.permalink(&routes::report())
    ));
    out.push_str(&format!(
        "  note = {{{}}}\n",
        bibtex_escape(&site.config.title)
    ));
    out.push_str("}\n");
    out
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
