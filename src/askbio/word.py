"""Reading a Word document (.docx, python-docx): its paragraphs and tables in order, headings
(Word's Title and Heading styles) on lines of their own, and the title, author and date of its
properties. Running headers and footers live in parts of their own and are never read.

A .docx is a zip archive: its entries' sizes are checked before anything is decompressed, so a
"zip bomb" is refused rather than expanded.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from typing import Any

from askbio.errors import UnreadableDocument
from askbio.models import ExtractedText

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # the entries together, as the archive declares them
MAX_RATIO = 200  # an entry over 1 MiB that grows more than this is a bomb, not a document
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE container: an old .doc, or an encrypted .docx
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def read_docx(raw: bytes) -> ExtractedText:
    """The text of a .docx file and its metadata; UnreadableDocument says why a file cannot be read."""
    if raw.startswith(_CFB_MAGIC):
        if _ENCRYPTED_PACKAGE in raw:
            raise UnreadableDocument("encrypted (it needs a password)")
        raise UnreadableDocument("not a .docx file (an older Word .doc? save it as .docx)")
    _check_archive(raw)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(BytesIO(raw))
        paragraphs = list(_blocks(document))
        meta = _metadata(document.core_properties)
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise UnreadableDocument(f"damaged Word document ({type(exc).__name__})") from None
    except Exception as exc:  # lxml's syntax errors and the like: a broken part
        raise UnreadableDocument(f"damaged Word document ({type(exc).__name__}: {str(exc)[:120]})") from None
    text = "\n\n".join(p for p in paragraphs if p)
    if not text.strip():
        raise UnreadableDocument("no text")
    return ExtractedText(text=text, meta=meta)


def _check_archive(raw: bytes) -> None:
    try:
        with zipfile.ZipFile(BytesIO(raw)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise UnreadableDocument("damaged Word document (not a zip archive)") from None
    total = sum(e.file_size for e in entries)
    if total > MAX_UNCOMPRESSED:
        raise UnreadableDocument(
            f"expands to more than {MAX_UNCOMPRESSED // (1024 * 1024)} MiB (a zip bomb?)"
        )
    for e in entries:
        if e.file_size > 1024 * 1024 and e.file_size > MAX_RATIO * max(1, e.compress_size):
            raise UnreadableDocument(
                f"{e.filename} expands {e.file_size // max(1, e.compress_size)} times (a zip bomb?)"
            )
    if "word/document.xml" not in {e.filename for e in entries}:
        raise UnreadableDocument("damaged Word document (no word/document.xml)")


def _blocks(document: Any) -> Any:
    """Each paragraph's text (a heading's too, on its own), and each table row as one line."""
    from docx.table import Table

    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:
                    value = " ".join(cell.text.split())
                    if value and (not cells or cells[-1] != value):  # merged cells repeat their text
                        cells.append(value)
                if cells:
                    yield "; ".join(cells)
            continue
        yield " ".join(block.text.split())


def _metadata(properties: Any) -> dict[str, str]:
    meta: dict[str, str] = {}
    title = " ".join((properties.title or "").split())
    if title:
        meta["title"] = title[:300]
    author = " ".join((properties.author or "").split())
    if author:
        meta["author"] = author[:300]
    if properties.created is not None:
        meta["date"] = properties.created.date().isoformat()
    return meta
