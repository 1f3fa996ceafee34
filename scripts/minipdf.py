"""A small PDF writer for the example sites' slides and papers.

Standard library only: every PDF object is written by hand, with a correct
cross-reference table, and the text uses the standard Type 1 fonts
Helvetica and Helvetica-Bold (which every PDF reader has). The output is
deterministic. Used by scripts/make-demo-pdfs.py and
scripts/make-conference-pdfs.py.
"""


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


def make_pdf(streams, width, height, title, author, producer):
    """The bytes of a PDF with one page per content stream, of width x
    height points, drawn with /F1 (Helvetica) and /F2 (Helvetica-Bold)."""
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
        5: b"<< /Title %s /Author %s /Producer %s >>"
        % (pdf_string(title), pdf_string(author), pdf_string(producer)),
    }
    for pid, stream in zip(page_ids, streams):
        objects[pid] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
            b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>"
            % (width, height, pid + 1)
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
