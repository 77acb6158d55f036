"""Reading a PDF's text layer (pypdf): lines in reading order across columns, paragraphs,
headings by font size, running headers, footers and page numbers dropped, words hyphenated at a
line's end mended, and where each page starts in the text.

pypdf bounds what a stream may decompress to, so a "PDF bomb" is refused rather than expanded.
Where each piece of text lies on the page comes from pypdf's layout-mode text operations (its
glyph widths and positions), which its visitor callbacks do not give.
"""

from __future__ import annotations

import logging
import re
import statistics
import time
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from askbio.errors import UnreadableDocument
from askbio.models import ExtractedText

MAX_PAGES = 5000
MAX_SECONDS = 120.0  # a file slower than this to read is hostile or broken; it is passed over
MAX_CHARS = 20_000_000
HEADING_RATIO = 1.2  # a line this much taller than the body text is a heading
PARAGRAPH_GAP = 1.45  # a gap between lines this many line heights tall starts a paragraph
GUTTER_MIN_WIDTH = 6.0  # points: the narrowest space between two columns
COLUMN_MIN_CHARS = 15  # a side of a gutter whose lines are shorter is a table column, read by rows
RUNNING_SHARE = 0.5  # a top or bottom line on this share of the pages is a running header/footer
_PAGE_NUMBER = re.compile(
    r"(?:page|p\.|seite|pagina)?\s*[-–—]?\s*(?:\d{1,4}|(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3}))\s*[-–—]?\s*(?:(?:of|/|van|sur)\s*\d{1,4})?",
    re.IGNORECASE,
)
_JUNK_TITLE = re.compile(
    r"^(?:untitled|\(unspecified\)|microsoft (?:word|powerpoint) - .*|.*\.(?:docx?|pdf))$", re.I
)


@dataclass
class _Line:
    """A line of text on a page: its left and right edge, baseline and height (points)."""

    x0: float
    x1: float
    y: float
    height: float
    text: str


def read_pdf(raw: bytes, *, words: Callable[[str], bool] | None = None) -> ExtractedText:
    """The text of a PDF file, its metadata and where each page starts; UnreadableDocument says
    why a file cannot be read (encrypted, no text layer, damaged, too large or too slow).
    `words(w)` says whether w is a word, to mend "produc-tion" but keep "well-known"."""
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its notes on a damaged file are not the user's
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _read(raw, words)


def _read(raw: bytes, words: Callable[[str], bool] | None) -> ExtractedText:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PyPdfError

    started = time.monotonic()
    try:
        reader = PdfReader(BytesIO(raw), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableDocument("encrypted (it needs a password)")
        count = len(reader.pages)
        if count > MAX_PAGES:
            raise UnreadableDocument(f"more than {MAX_PAGES} pages")
        pages: list[list[_Line]] = []
        images = False
        for page in reader.pages:
            pages.append(_page_lines(page))
            images = images or (not pages[-1] and _has_images(page))
            if time.monotonic() - started > MAX_SECONDS:
                raise UnreadableDocument(f"took longer than {MAX_SECONDS:.0f} s to read")
        meta = _metadata(reader)
    except UnreadableDocument:
        raise
    except FileNotDecryptedError:
        raise UnreadableDocument("encrypted (it needs a password)") from None
    except DependencyError:
        raise UnreadableDocument("encrypted with AES, which needs the 'cryptography' package") from None
    except LimitReachedError:
        raise UnreadableDocument("a stream decompresses to more than pypdf's limit (a PDF bomb?)") from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise UnreadableDocument(f"damaged PDF ({type(exc).__name__}: {str(exc)[:120]})") from None
    except MemoryError:
        raise UnreadableDocument("too large to read") from None
    if not any(pages):
        if images:
            raise UnreadableDocument("no text layer: scanned images only (askbio reads no text in images)")
        raise UnreadableDocument("no text")
    _drop_running_lines(pages)
    return _assemble(pages, meta, words or (lambda w: True))


def _page_lines(page: Any) -> list[_Line]:
    """The page's pieces of text, those on one baseline close together joined into a line."""
    from pypdf._text_extraction import _layout_mode  # the only source of text positions and widths
    from pypdf.generic import ContentStream

    contents = page.get("/Contents")
    if contents is None:
        return []
    ops = iter(ContentStream(contents.get_object(), page.pdf, "bytes").operations)
    groups = _layout_mode.text_show_operations(ops, page._layout_mode_fonts(), True, None)
    pieces = sorted(
        (
            _Line(g["tx"], max(g["displaced_tx"], g["tx"]), g["ty"], abs(g["font_height"]) or 1.0, g["text"])
            for g in groups
            if g["text"].strip()
        ),
        key=lambda p: (-round(p.y), p.x0),
    )
    lines: list[_Line] = []
    for piece in pieces:
        last = lines[-1] if lines else None
        if (
            last is not None
            and abs(last.y - piece.y) < 0.3 * piece.height
            and -0.1 * piece.height <= piece.x0 - last.x1 < piece.height
        ):
            gap = " " if piece.x0 - last.x1 > 0.15 * piece.height else ""
            last.text = last.text.rstrip() + gap + piece.text.lstrip() if gap else last.text + piece.text
            last.x1, last.height = piece.x1, max(last.height, piece.height)
        else:
            lines.append(piece)
    for line in lines:
        line.text = " ".join(line.text.split())
    return [line for line in lines if line.text]


def _has_images(page: Any) -> bool:
    try:
        xobjects = page["/Resources"].get_object().get("/XObject")
        return bool(xobjects) and any(
            xobjects[name].get_object().get("/Subtype") == "/Image" for name in xobjects
        )
    except Exception:  # any doubt about a damaged page's resources: say no images
        return False


def _metadata(reader: Any) -> dict[str, str]:
    """Title, author and creation date from the document information, where they say something."""
    info = reader.metadata
    meta: dict[str, str] = {}
    if info is None:
        return meta
    title = " ".join(str(info.title or "").split())
    if title and not _JUNK_TITLE.match(title):
        meta["title"] = title[:300]
    author = " ".join(str(info.author or "").split())
    if author:
        meta["author"] = author[:300]
    try:
        created = info.creation_date
    except ValueError:  # a malformed date string: no date
        created = None
    if created is not None:
        meta["date"] = created.date().isoformat()
    return meta


def _drop_running_lines(pages: list[list[_Line]]) -> None:
    """Remove page numbers and the lines repeated at the top or bottom of many pages."""
    edges: Counter[str] = Counter()
    for lines in pages:
        edges.update({_shape(line.text) for line in _edge_lines(lines)})
    running = {
        shape for shape, n in edges.items() if len(pages) >= 2 and n >= max(2, RUNNING_SHARE * len(pages))
    }
    for i, lines in enumerate(pages):
        edge = {id(line) for line in _edge_lines(lines)}
        pages[i] = [
            line
            for line in lines
            if id(line) not in edge
            or (_shape(line.text) not in running and not _PAGE_NUMBER.fullmatch(line.text))
        ]


def _edge_lines(lines: Sequence[_Line]) -> list[_Line]:
    """The two highest and two lowest lines of a page."""
    by_height = sorted(lines, key=lambda line: -line.y)
    return by_height[:2] + by_height[2:][-2:]


def _shape(text: str) -> str:
    """A line with its numbers blanked: "Annual report 2024 · 3" repeats as "annual report # · #"."""
    return re.sub(r"\d+", "#", text.lower())


# --- reading order -----------------------------------------------------------------------------


def _reading_order(lines: list[_Line]) -> list[_Line]:
    """Lines top to bottom, a column at a time: where a gutter runs between columns, the lines
    crossing it (a title, a wide figure's caption) separate stretches read left then right."""
    lines = sorted(lines, key=lambda line: (-line.y, line.x0))
    gutter = _gutter(lines)
    if gutter is None:
        return lines
    left_edge, right_edge = gutter
    out: list[_Line] = []
    left: list[_Line] = []
    right: list[_Line] = []
    for line in lines:
        if line.x0 < right_edge and line.x1 > left_edge:  # crosses the gutter
            out += _reading_order(left) + _reading_order(right) + [line]
            left, right = [], []
        elif line.x1 <= left_edge:
            left.append(line)
        else:
            right.append(line)
    return out + _reading_order(left) + _reading_order(right)


def _gutter(lines: Sequence[_Line]) -> tuple[float, float] | None:
    """The widest vertical strip that few lines cross and that has text columns (not a table's
    short cells) on both sides, or None."""
    if len(lines) < 4:
        return None
    x_min, x_max = min(line.x0 for line in lines), max(line.x1 for line in lines)
    width = int(x_max - x_min) + 1
    if width < 3 * GUTTER_MIN_WIDTH:
        return None
    crossing = [0] * width
    for line in lines:
        for x in range(int(line.x0 - x_min), min(width, int(line.x1 - x_min) + 1)):
            crossing[x] += 1
    # A gutter no line crosses; failing that, one that only a few (titles, wide lines) cross.
    for allowed in (0, max(1, len(lines) // 5)):
        best = _widest_free_strip(lines, crossing, x_min, allowed)
        if best is not None:
            return best
    return None


def _widest_free_strip(
    lines: Sequence[_Line], crossing: list[int], x_min: float, allowed: int
) -> tuple[float, float] | None:
    width = len(crossing)
    best: tuple[float, float] | None = None
    start: int | None = None
    for x in range(width + 1):
        free = x < width and crossing[x] <= allowed
        if free and start is None:
            start = x
        elif not free and start is not None:
            a, b = x_min + start, x_min + x
            wider = best is None or b - a > best[1] - best[0]
            inside = start > 0 and x < width  # a strip at the edge of the text is a margin
            if inside and wider and b - a >= GUTTER_MIN_WIDTH and _columns_on_both_sides(lines, a, b):
                best = (a, b)
            start = None
    return best


def _columns_on_both_sides(lines: Sequence[_Line], a: float, b: float) -> bool:
    left = [len(line.text) for line in lines if line.x1 <= a]
    right = [len(line.text) for line in lines if line.x0 >= b]
    return (
        len(left) >= 2
        and len(right) >= 2
        and statistics.median(left) >= COLUMN_MIN_CHARS
        and statistics.median(right) >= COLUMN_MIN_CHARS
    )


# --- paragraphs and text -------------------------------------------------------------------------


def _assemble(pages: list[list[_Line]], meta: dict[str, str], words: Callable[[str], bool]) -> ExtractedText:
    """The document's text: paragraphs separated by blank lines, headings on their own, a
    paragraph running on from one page to the next kept whole; and each page's start in it."""
    heights = [line.height for lines in pages for line in lines for _ in range(len(line.text))]
    body = statistics.median(heights) if heights else 10.0
    text = ""
    starts: list[int] = []
    for lines in pages:
        paragraphs = _paragraphs(_reading_order(lines), body, words)
        if paragraphs and text and _runs_on(text, paragraphs[0]):
            starts.append(len(text) + 1)
            text += " " + paragraphs.pop(0)
        else:
            starts.append(len(text) + 2 if text else 0)
        for paragraph in paragraphs:
            text = f"{text}\n\n{paragraph}" if text else paragraph
        if len(text) > MAX_CHARS:
            raise UnreadableDocument(f"more than {MAX_CHARS:,} characters of text")
    return ExtractedText(text=text, meta=meta, page_starts=tuple(min(s, len(text)) for s in starts))


def _runs_on(text: str, paragraph: str) -> bool:
    """Does `paragraph`, first on a page, continue the sentence the page before ended in?"""
    return not text.endswith((".", "!", "?", ":", '"', "\u201d")) and paragraph[:1].islower()


def _paragraphs(lines: Sequence[_Line], body: float, words: Callable[[str], bool]) -> list[str]:
    """Lines in reading order grouped into paragraphs (a gap, a step back up to another column or
    a change of size ends one), each as one line of text; a heading is a paragraph of its own."""
    paragraphs: list[str] = []
    current: list[_Line] = []

    def flush() -> None:
        if current:
            paragraphs.append(_join([line.text for line in current], words))
            current.clear()

    for line in lines:
        if current:
            last = current[-1]
            drop = last.y - line.y
            same_size = abs(line.height - last.height) <= 0.15 * max(line.height, last.height)
            if not (0 < drop <= PARAGRAPH_GAP * max(line.height, last.height) and same_size):
                flush()
        current.append(line)
        if line.height >= HEADING_RATIO * body and len(line.text.split()) <= 14:
            flush()  # a heading's lines are not run into the text after it
    flush()
    return paragraphs


_HYPHENATED = re.compile(r"(\w+)-$")


def _join(lines: list[str], words: Callable[[str], bool]) -> str:
    """Lines of one paragraph as one, a word hyphenated at a line's end made whole again
    ("produc-" + "tion") unless both halves are words and the whole is not ("well-" + "known")."""
    out = lines[0]
    for line in lines[1:]:
        match = _HYPHENATED.search(out)
        if match and line[:1].islower():
            head, tail = match.group(1), re.match(r"\w+", line)
            whole = head + (tail.group(0) if tail else "")
            if words(whole.lower()) or not (words(head.lower()) and tail and words(tail.group(0).lower())):
                out = out[:-1] + line
                continue
            out += line
            continue
        out += " " + line
    return out
