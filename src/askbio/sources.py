"""Where a citation leads: its document's short title, and a link that opens the document at
the cited passage with the answer sentence highlighted.

A document with its own address is linked there with a text fragment (``#:~:text=``), which
browsers that support it scroll to and highlight; any other is linked to askbio's own view of
it, ``/documents/<doc_id>`` (document_page.py), relative to the API's address.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote, urlsplit, urlunsplit

SHORT_TITLE_CHARS = 36
# A text fragment quotes a long sentence by its first and last words (textStart,textEnd): the
# whole sentence would make a long address that breaks on any difference in its middle.
FRAGMENT_EDGE_WORDS = 5
_TITLE_BREAK = re.compile(r"\s*(?::|\s[|–—-]\s)\s*")


@lru_cache(maxsize=4096)  # a collection has few titles, cited again and again
def short_title(title: str) -> str:
    """A title short enough for a chip: the whole title when short, else the part before its
    first colon or dash when that part is long enough to name it, else its first words."""
    title = " ".join(title.split())
    if len(title) <= SHORT_TITLE_CHARS:
        return title
    head = _TITLE_BREAK.split(title, maxsplit=1)[0]
    if 3 <= len(head) <= SHORT_TITLE_CHARS:
        return head
    cut = title[: SHORT_TITLE_CHARS - 1].rsplit(" ", 1)[0] if " " in title[:SHORT_TITLE_CHARS] else ""
    return (cut or title[: SHORT_TITLE_CHARS - 1]).rstrip(" ,;:–—-") + "…"


def _fragment_part(text: str) -> str:
    # "-", "," and "&" have a meaning in a text fragment; quote() leaves "-" as it is.
    return quote(text, safe="").replace("-", "%2D")


def text_fragment(sentence: str) -> str:
    """``:~:text=`` directive quoting `sentence` (its first and last words when it is long)."""
    words = sentence.split()
    if len(words) <= FRAGMENT_EDGE_WORDS * 2 + 2:
        return ":~:text=" + _fragment_part(" ".join(words))
    start = " ".join(words[:FRAGMENT_EDGE_WORDS])
    end = " ".join(words[-FRAGMENT_EDGE_WORDS:])
    return f":~:text={_fragment_part(start)},{_fragment_part(end)}"


def document_path(doc_id: str) -> str:
    """The path of askbio's view of a document."""
    return "/documents/" + quote(doc_id, safe="/")


def passage_anchor(passage_id: str) -> str:
    """The id of a passage's element in the document view (``p-<passage_id>``)."""
    return "p-" + passage_id


@lru_cache(maxsize=8192)  # the same passages and sentences are cited again and again
def source_url(
    *,
    url: str | None,
    doc_id: str,
    passage_id: str,
    passage_text: str,
    passage_start: int,
    sentence: tuple[int, int] | None,
) -> str:
    """Where a citation opens: `url` with a text fragment quoting the answer sentence (or the
    passage's start when no sentence of it is quoted), else askbio's document view at the
    passage, with the sentence (document offsets) to highlight."""
    quoted = passage_text[sentence[0] : sentence[1]] if sentence else passage_text
    if url and quoted.strip():
        scheme, netloc, path, query, _ = urlsplit(url)
        return urlunsplit((scheme, netloc, path, query, text_fragment(_first_sentence(quoted))))
    query = "passage=" + quote(passage_id, safe="")
    if sentence:
        query += f"&sentence={passage_start + sentence[0]}-{passage_start + sentence[1]}"
    return f"{document_path(doc_id)}?{query}#{quote(passage_anchor(passage_id), safe='')}"


def _first_sentence(text: str) -> str:
    """At most one sentence's worth of text: a fragment must match within one block of the page."""
    words = text.split()
    return " ".join(words[:60])


_WORDS = re.compile(r"\w+")
EDGE_WORDS = 3
_GAP = r"(?:\s*\([^)]*\)\s*|\W)+"  # between two words: spaces, punctuation, a bracketed address


def sentence_in(passage_text: str, sentence: str) -> tuple[int, int] | None:
    """Where `sentence` lies in `passage_text`, as code-point offsets, or None. An answer
    sentence may be the passage's with an address in brackets left out: then it is found by
    its first and last words."""
    sentence = sentence.strip()
    at = passage_text.find(sentence) if sentence else -1
    if at >= 0:
        return at, at + len(sentence)
    words = _WORDS.findall(sentence)
    if len(words) < EDGE_WORDS * 2:
        return None
    start = re.search(r"(?<!\w)" + _GAP.join(map(re.escape, words[:EDGE_WORDS])), passage_text)
    end_words = _GAP.join(map(re.escape, words[-EDGE_WORDS:]))
    end = start and re.compile(end_words + r"\W*?(?=\s|$)").search(passage_text, start.end())
    return (start.start(), end.end()) if start and end else None
