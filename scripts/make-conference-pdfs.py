#!/usr/bin/env python3
"""Writes the slide and paper PDFs of the example conference site.

The conference site (examples/conference/) is fictional; its presentations
link to small slide and paper files kept beside the Markdown, so that a build
copies real PDFs. Like scripts/make-demo-pdfs.py, this script uses the Python
standard library only: every PDF object is written by hand, with a correct
cross-reference table, and the text uses the standard Type 1 fonts Helvetica
and Helvetica-Bold (which every PDF reader has); the writer is
scripts/minipdf.py.

Usage, from the repository root:

    python3 scripts/make-conference-pdfs.py [--out DIR]

The default output folder is examples/conference/content/presentations/;
slides go to its slides/ folder and papers to its papers/ folder.
The output is deterministic: running the script twice gives the same bytes.
"""

import argparse
import sys
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from minipdf import make_pdf, text_lines  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
PRODUCER = "rapporteur scripts/make-conference-pdfs.py"
DEFAULT_OUT = REPO / "examples" / "conference" / "content" / "presentations"

EVENT = "Examplia Conference on Open Data and Computation 2025"
PLACE = "Port Azure, Examplia, 18-19 September 2025"
NOTICE = ("Fictional example for the rapporteur conference site: "
          "the people, organisations and work described are invented.")

# A4 landscape for slides, A4 portrait for papers, in points.
SLIDE_W, SLIDE_H = 842, 595
PAPER_W, PAPER_H = 595, 842

# slug -> (title, presenter line, bullet points for a second page or None)
SLIDES = {
    "keynote-open-by-default": (
        "Keynote: Open by Default, Careful by Design",
        "Prof. Marisol Ekwueme-Larsen, Port Azure Institute of Computation",
        [
            "Publishing is the easy part; keeping data useful is the work",
            "Openness and privacy are design choices made together",
            "Three habits: document, version, listen",
        ],
    ),
    "catalogue-of-catalogues": (
        "A Catalogue of Catalogues: Federating Municipal Open Data Portals",
        "Tobias Nakamura-Reyes, Coastal Cities Data Alliance",
        [
            "Fourteen portals, one search box",
            "Harvesting metadata every night, not the data",
        ],
    ),
    "notebooks-are-not-enough": (
        "Notebooks Are Not Enough: Reproducible Pipelines in Practice",
        "Dr. Ingrid Osei-Lindqvist, University of Port Azure",
        [
            "Hidden state: cells run out of order",
            "Pipelines with declared inputs and outputs",
            "Pinning versions, recording seeds",
        ],
    ),
    "data-stewardship-in-small-ministries": (
        "Data Stewardship in Small Ministries",
        "Halima Brandt-Okoro, Ministry of Digital Affairs of Examplia",
        None,
    ),
    "differential-privacy-for-a-small-census": (
        "Differential Privacy for a Census of 40,000 People",
        "Dr. Arjun Vasquez-Holm, Examplia Statistics Office",
        [
            "Small populations, large risks",
            "A privacy budget spent table by table",
        ],
    ),
    "bus-timetables-as-open-data": (
        "Bus Timetables as Open Data: Five Years in Port Azure",
        "Clara Mbatha-Sorensen, Port Azure Transit Authority",
        [
            "From PDF timetables to a live feed",
            "Who used the data: apps, researchers, residents",
        ],
    ),
    "validating-csv-at-scale": (
        "Validating CSV at Scale",
        "Mateus Okafor-Lind, Examplia Open Data Society",
        [
            "A schema for every file",
            "Fail early, explain clearly",
        ],
    ),
    "prime-triplets-on-a-laptop": (
        "Prime Triplets on a Laptop: Open Code for Counting Constellations",
        "Dr. Yusuf Albrecht-Mendes, Port Azure Institute of Computation",
        [
            "A segmented sieve in 300 lines",
            "Checking the count against published tables",
        ],
    ),
}

# slug -> (title, authors line, abstract)
PAPERS = {
    "persistent-identifiers-for-changing-datasets": (
        "Persistent Identifiers for Datasets That Change Every Night",
        "Leena Fairweather-Adjei, Examplia National Library",
        "Datasets published by public bodies are often replaced in place. "
        "We describe a scheme that gives each published version its own "
        "identifier while keeping one identifier for the dataset as a whole, "
        "and report on two years of use at a national library.",
    ),
    "notebooks-are-not-enough": (
        "Notebooks Are Not Enough: Reproducible Pipelines in Practice",
        "Ingrid Osei-Lindqvist and Pavel Nwosu-Carter, University of Port Azure",
        "We reran 120 notebooks published with articles in one field and "
        "obtained the published figures for 41 of them. We describe what "
        "failed and a small set of practices that would have prevented most "
        "failures.",
    ),
    "licences-nobody-reads": (
        "Licences Nobody Reads: A Survey of Open Data Terms",
        "Sofia Adebayo-Kowalski, Examplia Law and Technology Centre",
        "We collected the terms of use of 600 open data portals and "
        "classified them. One in four portals publishes terms that contradict "
        "the open licence it claims to use.",
    ),
    "differential-privacy-for-a-small-census": (
        "Differential Privacy for a Census of 40,000 People",
        "Arjun Vasquez-Holm and Noor Castellano-Feng, Examplia Statistics Office",
        "We report on the use of differential privacy for the tables of a "
        "census of a small island population, where traditional suppression "
        "removed most of the useful detail.",
    ),
    "provenance-graphs-for-everyday-datasets": (
        "Provenance Graphs for Everyday Datasets",
        "Emeka Lindgren-Soto, Port Azure Institute of Computation",
        "Provenance models are rarely used outside research projects. We "
        "propose a minimal profile that a spreadsheet user can fill in, and "
        "a tool that draws the resulting graph.",
    ),
    "metadata-linter-for-portals": (
        "A Metadata Linter for Open Data Portals",
        "Ana Kowalczyk-Boateng, Examplia Open Data Society",
        "A command-line tool that checks dataset descriptions against a "
        "profile and explains each problem it finds in plain language.",
    ),
}


def rule(y, width):
    """A thin coloured line across the page at height y."""
    return b"0.1 0.45 0.45 RG 3 w 60 %d m %d %d l S\n" % (y, width - 60, y)


def slide_title_page(title, presenter):
    lines = []
    y = SLIDE_H - 200
    for line in textwrap.wrap(title, 52):
        lines.append(("F2", 28, 60, y, line))
        y -= 36
    y -= 24
    lines.append(("F1", 16, 60, y, presenter))
    lines.append(("F1", 14, 60, y - 26, EVENT))
    lines.append(("F1", 14, 60, y - 46, PLACE))
    lines.append(("F1", 10, 60, 40, NOTICE))
    return rule(SLIDE_H - 150, SLIDE_W) + text_lines(lines)


def slide_bullet_page(title, bullets):
    lines = [("F2", 24, 60, SLIDE_H - 90, textwrap.shorten(title, 60, placeholder="..."))]
    y = SLIDE_H - 160
    for b in bullets:
        for i, line in enumerate(textwrap.wrap(b, 62)):
            lines.append(("F1", 20, 60, y, ("- " if i == 0 else "  ") + line))
            y -= 30
        y -= 12
    lines.append(("F1", 10, 60, 40, NOTICE))
    return text_lines(lines)


def paper_page(title, authors, abstract):
    lines = [("F1", 9, 60, PAPER_H - 50, NOTICE)]
    y = PAPER_H - 130
    for line in textwrap.wrap(title, 40):
        lines.append(("F2", 20, 60, y, line))
        y -= 26
    y -= 10
    for line in textwrap.wrap(authors, 70):
        lines.append(("F1", 12, 60, y, line))
        y -= 16
    lines.append(("F1", 11, 60, y - 4, EVENT + ", " + PLACE))
    y -= 50
    lines.append(("F2", 12, 60, y, "Abstract"))
    y -= 20
    for line in textwrap.wrap(abstract, 82):
        lines.append(("F1", 11, 60, y, line))
        y -= 15
    y -= 20
    for line in textwrap.wrap(
        "This paper is a placeholder made for an example site. It reports no "
        "real research; any resemblance to real work is accidental.", 82):
        lines.append(("F1", 11, 60, y, line))
        y -= 15
    return rule(PAPER_H - 80, PAPER_W) + text_lines(lines)


def slides_pdf(title, presenter, bullets):
    streams = [slide_title_page(title, presenter)]
    if bullets:
        streams.append(slide_bullet_page(title, bullets))
    return make_pdf(streams, SLIDE_W, SLIDE_H, title, presenter, PRODUCER)


def paper_pdf(title, authors, abstract):
    return make_pdf([paper_page(title, authors, abstract)], PAPER_W, PAPER_H, title, authors, PRODUCER)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="output folder (gets slides/ and papers/)")
    args = parser.parse_args(argv)
    jobs = [("slides", slug, slides_pdf(*spec)) for slug, spec in SLIDES.items()]
    jobs += [("papers", slug, paper_pdf(*spec)) for slug, spec in PAPERS.items()]
    for folder, slug, data in jobs:
        path = args.out / folder / f"{slug}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        shown = path.relative_to(REPO) if path.is_relative_to(REPO) else path
        print(f"wrote {shown} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
