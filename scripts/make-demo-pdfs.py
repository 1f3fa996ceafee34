#!/usr/bin/env python3
"""Writes the slide PDFs of the demo workshop site.

The demo site (examples/demo-workshop/) is fictional; its presentations link
to small slide files so that a build copies real PDFs. This script writes
them with the Python standard library only: every PDF object is written by
hand, with a correct cross-reference table, and the text uses the standard
Type 1 fonts Helvetica and Helvetica-Bold (which every PDF reader has); the writer is
scripts/minipdf.py.

Usage, from the repository root:

    python3 scripts/make-demo-pdfs.py [--out DIR]

The default output folder is examples/demo-workshop/content/presentations/slides/.
The output is deterministic: running the script twice gives the same bytes.
"""

import argparse
import sys
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import minipdf  # noqa: E402
from minipdf import text_lines  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
PRODUCER = "rapporteur scripts/make-demo-pdfs.py"
DEFAULT_OUT = REPO / "examples" / "demo-workshop" / "content" / "presentations" / "slides"

# A4 landscape, in points.
PAGE_W, PAGE_H = 842, 595

NOTICE = "Fictional example slides for the rapporteur demo site."

# slug -> (title, presenter line, bullet points for a second page or None)
SLIDES = {
    "keynote-planning-with-people-on-the-move": (
        "Keynote: Planning with People on the Move",
        "Odile Marchetti-Fenn, Port Azure University (Examplia)",
        [
            "One in five residents of Port Azure was born elsewhere",
            "Plans drawn for yesterday's population fail tomorrow's",
            "Three asks: count, consult, budget",
        ],
    ),
    "census-and-survey-sources": (
        "What the 2030 Census Can and Cannot Tell a City Planner",
        "Rafael Okonkwo-Lind, Examplia Statistics Office",
        [
            "Census: complete but once a decade",
            "Labour force survey: quarterly but thin at city level",
            "Small-area estimates bridge the gap",
        ],
    ),
    "linking-administrative-records": (
        "Linking Administrative Records Without Losing Trust",
        "Mei-Ling Abara, Examplia Statistics Office",
        None,
    ),
    "data-loves-planning": (
        'Data <3 Planning: "What works" & what doesn\'t',
        "Jonas Pereira-Holm and Fatou Delacroix-Ng, Coastal Cities Network",
        [
            "A dashboard that cost $19,000 and one that cost nothing",
            "What planners opened, and what they ignored",
            "Lessons (and a few confessions)",
        ],
    ),
    "port-azure-city-plan": (
        "Port Azure's 2030-2040 City Plan: Counting Everyone Who Lives Here",
        "Councillor Ines Thorvaldsen-Baptiste, City of Port Azure",
        [
            "Population projections that include newcomers",
            "Neighbourhood consultations in five languages",
        ],
    ),
    "mainstreaming-migration-in-municipal-plans": (
        "From Pilot to Practice: Mainstreaming Migration and Displacement "
        "Considerations into Municipal Development Plans, Medium-Term Budgets "
        "and Service Delivery Standards in Secondary Cities of Examplia and "
        "Demoland, 2026-2030",
        "Kwame Ashdown-Reyes, Ministry of Planning of Examplia",
        [
            "Twelve municipalities, four planning cycles",
            "What changed in budgets, not just in documents",
        ],
    ),
    "remittance-costs-corridor-study": (
        "Sending $200 Home: A Corridor Study of Remittance Costs",
        "Priya Vandermeer, Remittance Observatory of Demoland",
        [
            "Average cost of sending $200: 6.8 per cent",
            "Digital channels cost half as much, where they exist",
        ],
    ),
    "women-migrant-workers-in-local-data": (
        "Where Are the Women? Migrant Workers in Local Data",
        "Aylin Castellanos-Berg, Women on the Move Collective",
        [
            "Sex-disaggregated data exist but are rarely published locally",
            "Domestic work is invisible in establishment surveys",
        ],
    ),
    "care-work-and-mobility": (
        "Care Work and Mobility: Lessons from Two Coastal Regions",
        "Sigrid Halvorsen-Amadi, Nordic Placeholder Institute (NO)",
        [
            "Care chains cross borders and municipal lines",
            "Local services can follow families, not only addresses",
        ],
    ),
    "peer-learning-between-coastal-cities": (
        "Peer Learning Between Coastal Cities",
        "Tomasz Elvebakk-Moreau, Coastal Cities Network",
        [
            "Twinning arrangements: eight cities, three years",
            "What travels well between cities, and what does not",
        ],
    ),
    "joint-programming-for-development-partners": (
        "Joint Programming for Development Partners",
        "Nadia Farrow-Kimura, Examplia Partners Forum",
        None,
    ),
}


def title_page(title, presenter):
    lines = []
    y = PAGE_H - 200
    for line in textwrap.wrap(title, 52):
        lines.append(("F2", 28, 60, y, line))
        y -= 36
    y -= 24
    lines.append(("F1", 16, 60, y, presenter))
    lines.append(("F1", 14, 60, y - 26,
                  "Regional Workshop on Migration Data for Local Planning"))
    lines.append(("F1", 14, 60, y - 46, "Port Azure, 10-11 March 2031"))
    lines.append(("F1", 10, 60, 40, NOTICE))
    # A thin rule above the title.
    rule = b"0.2 0.35 0.6 RG 3 w 60 %d m %d %d l S\n" % (PAGE_H - 150, PAGE_W - 60, PAGE_H - 150)
    return rule + text_lines(lines)


def bullet_page(title, bullets):
    lines = [("F2", 24, 60, PAGE_H - 90, textwrap.shorten(title, 60, placeholder="..."))]
    y = PAGE_H - 160
    for b in bullets:
        for i, line in enumerate(textwrap.wrap(b, 62)):
            lines.append(("F1", 20, 60, y, ("- " if i == 0 else "  ") + line))
            y -= 30
        y -= 12
    lines.append(("F1", 10, 60, 40, NOTICE))
    return text_lines(lines)


def make_pdf(title, presenter, bullets):
    """The bytes of a one- or two-page PDF."""
    streams = [title_page(title, presenter)]
    if bullets:
        streams.append(bullet_page(title, bullets))
    return minipdf.make_pdf(streams, PAGE_W, PAGE_H, title, presenter, PRODUCER)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for slug, (title, presenter, bullets) in SLIDES.items():
        path = args.out / f"{slug}.pdf"
        data = make_pdf(title, presenter, bullets)
        path.write_bytes(data)
        print(f"wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
