"""askbio's view of one document (``GET /documents/<doc_id>``): its cleaned text as an HTML
page, each passage anchored ``#p-<passage_id>`` (who published it and when ``#p-<doc_id>#byline``),
the cited passage and the answer sentence highlighted when a citation links to them; in a PDF,
where each page begins (``#page-<n>``).

Every piece of text from the document is escaped: a document is data, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from askbio.corpus import BYLINE
from askbio.models import Document, Passage
from askbio.sources import passage_anchor


def render(
    document: Document,
    passages: Sequence[Passage],
    *,
    cited: str | None = None,
    sentence: tuple[int, int] | None = None,
    collection: str = "askbio",
) -> str:
    """The page for `document`, its passages in order; `cited` names the passage a citation
    links to and `sentence` the answer sentence's character range in the document's text."""
    meta = ", ".join(escape(x) for x in (document.publisher, document.date) if x)
    # who published it and when: what a citation of the document's byline links to
    byline = f"{document.doc_id}#{BYLINE}"
    meta_kind = "doc-meta passage--cited" if cited == byline else "doc-meta"
    original = (
        f' <a href="{escape(document.url)}" rel="noopener noreferrer">Read the original</a>'
        if document.url and document.url.startswith(("http://", "https://"))
        else ""
    )
    body: list[str] = []
    section: str | None = None
    page: int | None = None
    for passage in passages:
        if passage.page is not None and passage.page != page:
            body.append(f'<p class="doc-page" id="page-{passage.page}">Page {passage.page}</p>')
            page = passage.page
        if passage.section and passage.section != section and passage.section != document.title:
            body.append(f"<h2>{escape(passage.section)}</h2>")
        section = passage.section
        is_cited = passage.passage_id == cited
        kind = 'passage passage--cited" tabindex="-1' if is_cited else "passage"
        body.append(
            f'<p id="{escape(passage_anchor(passage.passage_id))}" class="{kind}">'
            f"{_text(passage, sentence if is_cited else None)}</p>"
        )
    note = (
        '<p class="doc-note">The passage the answer quotes is highlighted; its sentence is marked.</p>'
        if cited and any(p.passage_id == cited for p in passages)
        else ""
    )
    return html_page(
        f"{document.title} — {collection}",
        f"""<header class="doc-header"><a href="/">{escape(collection)}</a></header>
<main class="doc">
<article>
<h1>{escape(document.title)}</h1>
<p id="{escape(passage_anchor(byline))}" class="{meta_kind}">{meta}{original}</p>
{note}
{chr(10).join(body)}
</article>
</main>""",
    )


def html_page(title: str, body: str, *, noindex: bool = False) -> str:
    """One of askbio's own pages (a document, the curator's): `body` (markup, escaped by the
    caller) under the shared head and style sheet; `noindex` keeps search engines out."""
    robots = '<meta name="robots" content="noindex">\n' if noindex else ""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{robots}<meta name="color-scheme" content="light dark">
<title>{escape(title)}</title>
<link rel="icon" href="/favicon.ico">
<link rel="stylesheet" href="/document.css">
</head>
<body>
{body}
</body>
</html>
"""


def _text(passage: Passage, sentence: tuple[int, int] | None) -> str:
    """The passage's text, escaped, the part of `sentence` (document offsets) inside it marked."""
    text = passage.text
    if sentence is None:
        return escape(text)
    start = max(0, min(len(text), sentence[0] - passage.start))
    end = max(start, min(len(text), sentence[1] - passage.start))
    if end == start:
        return escape(text)
    return (
        f'{escape(text[:start])}<mark class="sentence">{escape(text[start:end])}</mark>{escape(text[end:])}'
    )
