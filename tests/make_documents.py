"""PDF and Word files for the tests, generated (reportlab, python-docx) rather than stored."""

from __future__ import annotations

import datetime
import textwrap
import zlib
from io import BytesIO
from pathlib import Path

Block = tuple[str, str]  # ("h", heading) or ("p", paragraph; "\n" forces a line break)

A4 = (595.27, 841.89)


def _lines(block: Block, width: int) -> list[tuple[str, float]]:
    kind, text = block
    if kind == "h":
        return [(text, 16.0)]
    out: list[tuple[str, float]] = []
    for part in text.split("\n"):
        out += [(line, 10.0) for line in textwrap.wrap(part, width)]
    return out


def write_pdf(
    path: Path,
    pages: list[list[Block]],
    *,
    title: str | None = None,
    author: str | None = None,
    header: str | None = None,
    footer: bool = False,
    columns: int = 1,
    encrypt: str | None = None,
) -> Path:
    """A PDF of `pages` drawn line by line. With two columns the lines of a row are drawn left
    then right, so the file's drawing order interleaves the columns and only a reader that
    follows the layout reads them in order. `header` runs on every page, `footer` numbers them."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt, invariant=1)
    if title:
        c.setTitle(title)
    if author:
        c.setAuthor(author)
    width, height = A4
    for number, blocks in enumerate(pages, start=1):
        if header:
            c.setFont("Helvetica", 8)
            c.drawString(50, height - 40, header)
        if footer:
            c.setFont("Helvetica", 8)
            c.drawString(width / 2, 30, f"Page {number} of {len(pages)}")
        lines: list[tuple[str, float]] = []
        for block in blocks:
            lines += _lines(block, 90 if columns == 1 else 42)
            lines.append(("", 10.0))  # the space between paragraphs
        if columns == 1:
            _draw_column(c, lines, 50, height - 80)
        else:
            half = (len(lines) + 1) // 2
            while half < len(lines) and lines[half - 1][0]:  # break the columns between paragraphs
                half += 1
            left, right = lines[:half], lines[half:]
            y = height - 80
            for i in range(max(len(left), len(right))):
                for x, column in ((50, left), (310, right)):
                    if i < len(column) and column[i][0]:
                        c.setFont("Helvetica-Bold" if column[i][1] > 10 else "Helvetica", column[i][1])
                        c.drawString(x, y, column[i][0])
                y -= 14
        c.showPage()
    c.save()
    return path


def _draw_column(c, lines: list[tuple[str, float]], x: float, y: float) -> None:
    for text, size in lines:
        if text:
            c.setFont("Helvetica-Bold" if size > 10 else "Helvetica", size)
            c.drawString(x, y, text)
        y -= size * 1.4


def write_scanned_pdf(path: Path) -> Path:
    """A PDF whose pages are images only, as a scanner makes them: no text layer."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("RGB", (200, 280), "white")
    for x in range(20, 180):  # a few dark "lines of text"
        for y in (40, 60, 80):
            image.putpixel((x, y), (0, 0, 0))
    c = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(2):
        c.drawImage(ImageReader(image), 0, 0, width=A4[0], height=A4[1])
        c.showPage()
    c.save()
    return path


def write_pdf_bomb(path: Path, expanded: int = 96 * 1024 * 1024) -> Path:
    """A small PDF whose one content stream inflates to `expanded` bytes."""
    stream = zlib.compress(b" " * expanded, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    path.write_bytes(out.getvalue())
    return path


def write_docx(
    path: Path,
    blocks: list[Block],
    *,
    title: str | None = None,
    author: str | None = None,
    table: list[list[str]] | None = None,
) -> Path:
    """A Word document: headings in Word's Heading 1 style, paragraphs, and a table at the end."""
    import docx

    document = docx.Document()
    for kind, text in blocks:
        if kind == "h":
            document.add_heading(text, level=1)
        else:
            document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for col, value in enumerate(row):
                grid.cell(r, col).text = value
    section = document.sections[0]
    section.header.paragraphs[0].text = "Running header that is not content"
    if title:
        document.core_properties.title = title
    if author:
        document.core_properties.author = author
    document.core_properties.created = datetime.datetime(2024, 3, 14, tzinfo=datetime.UTC)
    document.save(str(path))
    return path


def write_zip_bomb_docx(path: Path, expanded: int = 64 * 1024 * 1024) -> Path:
    """A .docx-looking archive whose document part inflates to `expanded` bytes."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b" " * expanded)
    return path


def write_encrypted_docx(path: Path) -> Path:
    """What Word saves for a password-protected .docx: an OLE container with an EncryptedPackage."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    path.write_bytes(header + "EncryptedPackage".encode("utf-16-le") + b"\0" * 1024)
    return path
