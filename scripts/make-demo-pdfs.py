#!/usr/bin/env python3
"""Writes the slide PDFs of the demo workshop site.

The demo site (examples/demo-workshop/) is fictional; its presentations link
to small slide files so that a build copies real PDFs. This script writes
them with the Python standard library only: every PDF object is written by
hand, with a correct cross-reference table, and the text uses the standard
Type 1 fonts Helvetica and Helvetica-Bold (which every PDF reader has).

Usage, from the repository root:

    python3 scripts/make-demo-pdfs.py [--out DIR]

The default output folder is examples/demo-workshop/content/presentations/slides/.
The output is deterministic: running the script twice gives the same bytes.
"""

import argparse
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
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


def pdf_string(text):
    """A PDF literal string: Latin-1, with \\, ( and ) escaped."""
    raw = text.encode("latin-1", "replace")
    out = bytearray(b"(")
    for b in raw:
        if b in b"\\()":
            out += b"\\" + bytes([b])
        elif b < 32 or b > 126:
            out += b"\\%03o" % b
        else:
            out.append(b)
    out += b")"
    return bytes(out)


def text_lines(lines):
    """A content stream drawing (font, size, x, y, text) lines."""
    parts = [b"BT"]
    for font, size, x, y, text in lines:
        parts.append(b"/%s %d Tf" % (font.encode(), size))
        parts.append(b"1 0 0 1 %d %d Tm" % (x, y))
        parts.append(pdf_string(text) + b" Tj")
    parts.append(b"ET")
    return b"\n".join(parts) + b"\n"


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
    n = len(streams)
    # Object numbers: 1 catalog, 2 pages, 3 Helvetica, 4 Helvetica-Bold,
    # 5 info, then per page: page object, content stream.
    first_page = 6
    page_ids = [first_page + 2 * i for i in range(n)]
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % p for p in page_ids), n),
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        5: b"<< /Title %s /Author %s /Producer (rapporteur scripts/make-demo-pdfs.py) >>"
        % (pdf_string(title), pdf_string(presenter)),
    }
    for pid, stream in zip(page_ids, streams):
        objects[pid] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
            b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>"
            % (PAGE_W, PAGE_H, pid + 1)
        )
        objects[pid + 1] = b"<< /Length %d >>\nstream\n%sendstream" % (len(stream), stream)

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, objects[num])
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n" % size
    out += b"0000000000 65535 f \n"
    for num in range(1, size):
        out += b"%010d 00000 n \n" % offsets[num]
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%EOF\n" % (size, xref)
    return bytes(out)


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
