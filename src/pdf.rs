//! `report.pdf`: the proceedings as a document to circulate, typeset by
//! Typst (not a browser): A4 or Letter, a cover with the record's status,
//! contents with page numbers, bookmarks, running heads and page numbers,
//! each session followed by its findings and recommendations in full,
//! the people named, the outcomes by id, live links, embedded fonts
//! (Libertinus Serif: Latin, Greek and Cyrillic), tagged, and the same
//! bytes from one build to the next.
//!
//! Nothing from a content file is ever Typst markup: the template
//! (`themes/default/report.typ`) reads the proceedings as JSON data, and a
//! string from JSON is set as text. The compiler sees only that template,
//! that data and the site's own images (logo): no other file, no package,
//! no clock.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::bodies::Bodies;
use crate::config::Paper;
use crate::labels::{self, label};
use crate::markdown::blocks::Block;
use crate::model::{DocRef, Kind, Person};
use crate::routes;
use crate::site::Site;
use crate::urls::{Route, Urls};

const TEMPLATE: &str = include_str!("../themes/default/report.typ");

/// What the report page says of the PDF.
#[derive(Debug, Clone, Copy)]
pub struct PdfInfo {
    pub pages: usize,
    pub bytes: usize,
}

/// A typeset report: its bytes and page count.
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// PDF/UA-1 when the document met it, else a tagged PDF (and why).
    pub note: Option<String>,
}

/// Whether `site` gets a PDF: `report.pdf` in config.yaml, or by default
/// when it has at most [`AUTO_LIMIT`] sessions, presentations and outcomes
/// (a larger one would hold every build for the typesetting of a book).
pub fn wanted(site: &Site) -> bool {
    site.config.report.pdf.unwrap_or_else(|| {
        site.sessions.len() + site.presentations.len() + site.outcomes.len() <= AUTO_LIMIT
    })
}

/// See [`wanted`].
pub const AUTO_LIMIT: usize = 250;

/// Typesets the report of `site`.
pub fn typeset(site: &Site, bodies: &Bodies, urls: &Urls) -> Result<Pdf, String> {
    let mut report = report_data(site, bodies, urls);
    let mut images = BTreeMap::new();
    if let Some(route) = &site.identity.logo
        && let Some(source) = asset_source(site, route)
    {
        images.insert(format!("/{}", route.as_str()), source.to_path_buf());
    }
    let compile = |report: &ReportData, images| {
        let data = serde_json::to_vec(report).map_err(|e| e.to_string())?;
        typst::compile::<typst_layout::PagedDocument>(&ReportWorld::new(data, images))
            .output
            .map_err(|errors| {
                errors
                    .iter()
                    .map(|e| e.message.to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            })
    };
    // A logo that cannot be read (not really an image) leaves the cover
    // without it, not the site without a report.
    let mut notes = Vec::new();
    let document = match compile(&report, images.clone()) {
        Ok(d) => d,
        Err(e) if !images.is_empty() => {
            notes.push(format!("logo left out: {e}"));
            report.logo = None;
            compile(&report, BTreeMap::new())?
        }
        Err(e) => return Err(e),
    };
    let options = |standards: typst_pdf::PdfStandards| typst_pdf::PdfOptions {
        ident: Smart::Custom(urls.permalink(&routes::report())),
        creator: Smart::Custom(Some(format!("rapporteur {}", env!("CARGO_PKG_VERSION")))),
        timestamp: None,
        page_ranges: None,
        standards,
        tagged: true,
        pretty: false,
    };
    let ua = typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::Ua_1])
        .map_err(|e| format!("{e:?}"))?;
    let (bytes, note) = match typst_pdf::pdf(&document, &options(ua)) {
        Ok(bytes) => (bytes, None),
        Err(errors) => {
            let why = errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; ");
            let bytes = typst_pdf::pdf(&document, &options(typst_pdf::PdfStandards::default()))
                .map_err(|e| format!("{e:?}"))?;
            (bytes, Some(format!("tagged, but not PDF/UA-1: {why}")))
        }
    };
    notes.extend(note);
    Ok(Pdf {
        bytes,
        pages: document.pages().len(),
        note: (!notes.is_empty()).then(|| notes.join("; ")),
    })
}

fn asset_source<'a>(site: &'a Site, route: &Route) -> Option<&'a std::path::Path> {
    site.static_assets
        .iter()
        .chain(&site.content_assets)
        .find(|a| &a.route == route)
        .map(|a| a.source.as_path())
}

/// What the compiler may read: the template, the data and the images
/// named, nothing else.
struct ReportWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    data: Bytes,
    images: BTreeMap<String, PathBuf>,
}

impl ReportWorld {
    fn new(data: Vec<u8>, images: BTreeMap<String, PathBuf>) -> Self {
        let fonts: Vec<Font> = typst_assets::fonts()
            .flat_map(|d| Font::iter(Bytes::new(d)))
            .collect();
        let id = file_id("/main.typ");
        ReportWorld {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            main: Source::new(id, TEMPLATE.to_string()),
            data: Bytes::new(data),
            images,
        }
    }
}

fn file_id(path: &str) -> FileId {
    RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).expect("a valid virtual path"),
    )
    .intern()
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let path = id.get();
        if !matches!(path.root(), VirtualRoot::Project) {
            return Err(FileError::AccessDenied);
        }
        let name = path.vpath().get_with_slash();
        if name == "/data.json" {
            return Ok(self.data.clone());
        }
        match self.images.get(name) {
            Some(file) => crate::source::read_limited(file, crate::source::DEFAULT_MAX_FILE_BYTES)
                .map(Bytes::new)
                .map_err(|_| FileError::AccessDenied),
            None => Err(FileError::AccessDenied),
        }
    }
    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }
    fn today(&self, _: Option<typst::foundations::Duration>) -> Option<Datetime> {
        None
    }
}

#[derive(Serialize)]
struct Fact {
    label: &'static str,
    value: String,
}

#[derive(Serialize)]
struct ReportData {
    lang: String,
    region: Option<String>,
    paper: &'static str,
    title: String,
    subtitle: Option<String>,
    site_title: String,
    kind: &'static str,
    authors: Vec<String>,
    publisher: Option<String>,
    logo: Option<String>,
    record: Option<Fact>,
    record_note: Option<String>,
    /// The event's facts are those planned (`EventFront::planned`).
    planned: bool,
    facts: Vec<Fact>,
    url: String,
    updated: Option<String>,
    labels: BTreeMap<&'static str, &'static str>,
    overview: Vec<Block>,
    sessions: Vec<SessionData>,
    posters: Vec<PresentationData>,
    people: Vec<PersonData>,
    annex: Vec<AnnexEntry>,
    errata: Vec<Fact2>,
    citation: String,
}

#[derive(Serialize)]
struct Fact2 {
    date: String,
    change: String,
}

#[derive(Serialize)]
struct SessionData {
    title: String,
    kind: &'static str,
    when: Option<String>,
    facts: Vec<Fact>,
    body: Vec<Block>,
    presentations: Vec<PresentationData>,
    outcomes: Vec<OutcomeData>,
    url: String,
}

#[derive(Serialize)]
struct PresentationData {
    title: String,
    by: Option<String>,
    url: String,
}

#[derive(Serialize)]
struct OutcomeData {
    id: String,
    kind: &'static str,
    title: String,
    facts: Vec<Fact>,
    tombstone: Option<String>,
    body: Vec<Block>,
    url: String,
}

#[derive(Serialize)]
struct PersonData {
    name: String,
    detail: Option<String>,
    roles: Vec<String>,
}

#[derive(Serialize)]
struct AnnexEntry {
    id: String,
    title: String,
    session: String,
}

fn person_line(p: &Person) -> (String, Option<String>) {
    let detail: Vec<&str> = [&p.role, &p.organization, &p.country]
        .iter()
        .filter_map(|x| x.as_deref())
        .collect();
    (
        p.name.clone(),
        (!detail.is_empty()).then(|| detail.join(", ")),
    )
}

fn names(list: &[Person]) -> String {
    list.iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn report_data(site: &Site, bodies: &Bodies, urls: &Urls) -> ReportData {
    let e = &site.event.front;
    let body = |doc: DocRef| {
        bodies
            .get(doc)
            .map(|b| b.blocks.clone())
            .unwrap_or_default()
    };
    let outcome_index = urls.permalink(&routes::index(Kind::Outcome));
    let mut facts = Vec::new();
    if let Some(d) = labels::date_range(e.start_date.as_deref(), e.end_date.as_deref()) {
        facts.push(Fact {
            label: label("event.dates"),
            value: d,
        });
    }
    if let Some(v) = &e.venue {
        facts.push(Fact {
            label: label("event.venue"),
            value: crate::views::venue_label(v),
        });
    }
    for (key, list) in [
        ("event.co_chairs", &e.co_chairs),
        ("event.organizers", &e.organizers),
        ("event.hosts", &e.hosts),
    ] {
        if !list.is_empty() {
            facts.push(Fact {
                label: label(key),
                value: names(list),
            });
        }
    }
    let mut people: BTreeMap<String, PersonData> = BTreeMap::new();
    let mut met = |p: &Person, role: String| {
        let (name, detail) = person_line(p);
        let entry = people.entry(name.to_lowercase()).or_insert(PersonData {
            name,
            detail,
            roles: Vec::new(),
        });
        if !entry.roles.contains(&role) {
            entry.roles.push(role);
        }
    };
    let mut sessions = Vec::new();
    for (i, s) in site.sessions.indexed() {
        if s.is_break() {
            continue;
        }
        let f = &s.doc.front;
        for p in &f.facilitators {
            met(p, format!("{}, {}", label("session.facilitators"), f.title));
        }
        for p in &f.rapporteurs {
            met(p, format!("{}, {}", label("session.rapporteurs"), f.title));
        }
        let when: Vec<String> = [
            f.date.as_deref().map(labels::date),
            match (f.start.as_deref(), f.end.as_deref()) {
                (Some(a), Some(b)) => Some(format!("{a}–{b}")),
                (Some(a), None) => Some(a.to_string()),
                _ => None,
            },
            f.room.clone(),
        ]
        .into_iter()
        .flatten()
        .collect();
        let mut sfacts = Vec::new();
        if !f.facilitators.is_empty() {
            sfacts.push(Fact {
                label: label("session.facilitators"),
                value: names(&f.facilitators),
            });
        }
        if !f.rapporteurs.is_empty() {
            sfacts.push(Fact {
                label: label("session.rapporteurs"),
                value: names(&f.rapporteurs),
            });
        }
        let presentations = s
            .presentations
            .iter()
            .map(|&p| {
                let pr = &site.presentations[p];
                for person in &pr.doc.front.presenters {
                    met(
                        person,
                        format!("{}, {}", label("presentation.presenters"), f.title),
                    );
                }
                presentation_data(site, urls, p)
            })
            .collect();
        let outcomes = s
            .outcomes
            .iter()
            .map(|&o| {
                let out = &site.outcomes[o];
                let of = &out.doc.front;
                let mut ofacts = Vec::new();
                if let Some(st) = &of.status {
                    ofacts.push(Fact {
                        label: label("outcome.status"),
                        value: st.clone(),
                    });
                }
                if !of.addressees.is_empty() {
                    ofacts.push(Fact {
                        label: label("outcome.addressed_to"),
                        value: of.addressees.join(", "),
                    });
                }
                OutcomeData {
                    id: out.id().to_string(),
                    kind: outcome_kind(of.kind),
                    title: of.title.clone(),
                    facts: ofacts,
                    tombstone: of
                        .withdrawn
                        .as_deref()
                        .map(|d| format!("{} {}.", label("outcome.withdrawn"), labels::date(d)))
                        .or_else(|| {
                            of.merged_into
                                .as_deref()
                                .map(|id| format!("{} {id}.", label("outcome.merged_into")))
                        }),
                    body: body(DocRef::Outcome(o)),
                    url: format!("{outcome_index}#{}", routes::fragment(out.id())),
                }
            })
            .collect();
        sessions.push(SessionData {
            title: f.title.clone(),
            kind: session_kind(site, i),
            when: (!when.is_empty()).then(|| when.join(" · ")),
            facts: sfacts,
            body: body(DocRef::Session(i)),
            presentations,
            outcomes,
            url: urls.permalink(&routes::of_kind(Kind::Session, &s.doc.slug)),
        });
    }
    let posters = site
        .presentations
        .indexed()
        .filter(|(_, p)| p.session.is_none())
        .map(|(i, _)| presentation_data(site, urls, i))
        .collect();
    let annex = site
        .outcomes
        .iter()
        .map(|o| AnnexEntry {
            id: o.id().to_string(),
            title: o.doc.front.title.clone(),
            session: site.sessions[o.session].doc.front.title.clone(),
        })
        .collect();
    let mut annex: Vec<AnnexEntry> = annex;
    annex.sort_by(|a, b| crate::site::natural_cmp(&a.id, &b.id));
    let config = &site.config;
    ReportData {
        // Typst takes the language (`en`) and the region (`GB`) apart.
        lang: config
            .language
            .split(['-', '_'])
            .next()
            .unwrap_or("en")
            .to_ascii_lowercase(),
        region: config
            .language
            .split(['-', '_'])
            .nth(1)
            .filter(|r| r.len() == 2 && r.bytes().all(|b| b.is_ascii_alphabetic()))
            .map(str::to_ascii_uppercase),
        paper: match config.report.paper {
            Paper::A4 => "a4",
            Paper::Letter => "us-letter",
        },
        title: e.title.clone(),
        subtitle: e.subtitle.clone(),
        site_title: config.title.clone(),
        kind: label("report.pdf_kind"),
        authors: crate::citation::authors(site),
        publisher: config.publisher.as_ref().map(|p| p.name.clone()),
        logo: site
            .identity
            .logo
            .as_ref()
            .map(|r| format!("/{}", r.as_str())),
        record: config.record.as_ref().map(|r| Fact {
            label: label(match r.status {
                crate::config::RecordStatus::Draft => "record.draft",
                crate::config::RecordStatus::Agreed => "record.agreed",
                crate::config::RecordStatus::Final => "record.final",
            }),
            value: r.date.as_deref().map(labels::date).unwrap_or_default(),
        }),
        record_note: config.record.as_ref().and_then(|r| r.note.clone()),
        planned: e.planned,
        facts,
        url: urls.permalink(&routes::report()),
        updated: site.history.last_change().map(labels::date),
        labels: [
            "report.contents",
            "report.overview",
            "title.programme",
            "report.annex",
            "report.people",
            "report.errata",
            "report.cite",
            "report.online",
            "index.presentations",
            "index.outcomes",
            "presentations.posters",
            "page.updated",
            "record.label",
            "event.planned",
        ]
        .into_iter()
        .map(|k| (k, label(k)))
        .collect(),
        overview: body(DocRef::Event),
        sessions,
        posters,
        people: people.into_values().collect(),
        annex,
        errata: config
            .errata
            .iter()
            .map(|e| Fact2 {
                date: labels::date(&e.date),
                change: e.change.clone(),
            })
            .collect(),
        citation: crate::citation::report(site, urls),
    }
}

fn presentation_data(
    site: &Site,
    urls: &Urls,
    i: crate::model::PresentationIx,
) -> PresentationData {
    let p = &site.presentations[i];
    let f = &p.doc.front;
    PresentationData {
        title: f.title.clone(),
        by: (!f.presenters.is_empty()).then(|| {
            f.presenters
                .iter()
                .map(|x| {
                    let (n, d) = person_line(x);
                    match d {
                        Some(d) => format!("{n} ({d})"),
                        None => n,
                    }
                })
                .collect::<Vec<_>>()
                .join("; ")
        }),
        url: urls.permalink(&routes::of_kind(Kind::Presentation, &p.doc.slug)),
    }
}

fn outcome_kind(kind: Option<crate::model::OutcomeKind>) -> &'static str {
    label(match kind {
        Some(crate::model::OutcomeKind::Finding) => "kind.finding",
        Some(crate::model::OutcomeKind::Recommendation) => "kind.recommendation",
        None => "kind.outcome",
    })
}

fn session_kind(site: &Site, i: crate::model::SessionIx) -> &'static str {
    crate::views::session_kind_label(site.sessions[i].doc.front.kind)
}
