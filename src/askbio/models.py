"""The values askbio passes around: frozen dataclasses, each deciding its own JSON shape (and
Hit, internal to answering, a named tuple)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from askbio import sources


@dataclass(frozen=True)
class ExtractedText:
    """What a reader of a binary format (PDF, Word) made of a file: its text (paragraphs separated
    by blank lines, a heading on a line of its own), metadata such as its title, and the offset
    in the text where each page starts, when the format has pages."""

    text: str
    meta: dict[str, str]
    page_starts: tuple[int, ...] = ()


@dataclass(frozen=True)
class Document:
    """One file of the corpus, with its metadata and its cleaned body text."""

    doc_id: str
    title: str
    text: str  # the body after any front matter; passage offsets index into it
    path: str  # relative to the corpus folder
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    body_offset: int = 0  # characters of front matter before `text` in the source file
    questions: tuple[str, ...] = ()  # front matter's questions for the widget to suggest
    page_starts: tuple[int, ...] = ()  # where each page starts in `text` (PDF); () without pages

    def __post_init__(self) -> None:
        object.__setattr__(self, "questions", tuple(self.questions))  # a list when read from JSON
        object.__setattr__(self, "page_starts", tuple(self.page_starts))

    def page_at(self, offset: int) -> int | None:
        """The page (1-based) the character at `offset` of the text is on, or None without pages."""
        if not self.page_starts:
            return None
        from bisect import bisect_right

        return max(1, bisect_right(self.page_starts, offset))

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "publisher": self.publisher,
            "date": self.date,
            "url": self.url,
            "path": self.path,
        }


@dataclass(frozen=True)
class Passage:
    """A few consecutive sentences of one document; `text == document.text[start:end]`."""

    passage_id: str
    doc_id: str
    position: int  # order of the passage within its document
    start: int
    end: int
    text: str
    section: str | None = None  # the nearest heading above the passage, if any
    sentences: tuple[tuple[int, int], ...] = ()  # sentence spans, relative to `text`
    page: int | None = None  # the page it starts on, in a document with pages (PDF)


class Hit(NamedTuple):
    """A passage retrieved for a query, with the scores that ranked it, and its rank. A named
    tuple: as immutable as a frozen dataclass, and cheaper to make several times a question."""

    passage: Passage
    score: float  # fused score in [0, 1]
    bm25: float
    tfidf: float
    rank: int


@dataclass(frozen=True)
class Citation:
    doc_id: str
    title: str
    url: str | None
    passage_id: str
    text: str
    score: float
    highlights: tuple[tuple[int, int], ...]
    publisher: str | None = None
    start: int = 0
    end: int = 0
    page: int | None = None  # the page of a PDF the passage starts on

    def to_dict(self, sentence: tuple[int, int] | None = None) -> dict[str, Any]:
        """`sentence`: where the answer sentence quoted from this passage lies in its text."""
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "url": self.url,
            "publisher": self.publisher,
            "passage_id": self.passage_id,
            "text": self.text,
            "score": round(self.score, 6),
            "highlights": [list(h) for h in self.highlights],
            "start": self.start,
            "end": self.end,
            "short_title": sources.short_title(self.title),
            "sentence": list(sentence) if sentence else None,
            "page": self.page,
            "source_url": sources.source_url(
                url=self.url,
                doc_id=self.doc_id,
                passage_id=self.passage_id,
                passage_text=self.text,
                passage_start=self.start,
                sentence=sentence,
            ),
        }


@dataclass(frozen=True)
class AnswerPart:
    """One quoted sentence of an answer, its short span, and the number of its citation."""

    text: str
    span: str | None
    citation: int  # 1-based position in Answer.citations
    at: tuple[int, int] | None = None  # where the sentence lies in the cited passage's text

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "span": self.span, "citation": self.citation}


ABSTAIN_MESSAGE = "I couldn't find that in the documents."
# How a near miss on words the collection never mentions begins ("... 2015. The nearest ...").
UNMENTIONED = "The documents don't mention "


@dataclass(frozen=True)
class Answer:
    """What askbio says to a question: a short answer and the passages that support it."""

    question: str
    answer: str
    abstained: bool
    confidence: float
    citations: tuple[Citation, ...] = ()
    answer_span: str | None = None
    unmatched_terms: tuple[str, ...] = ()
    kind: str = "answer"  # "answer", "abstained" or "smalltalk"
    parts: tuple[AnswerPart, ...] = ()
    resolved_question: str | None = None  # a follow-up completed from the conversation
    # Abstained because the documents lack what these say (words of the question they never
    # mention: a place, a name, a year; or the kind of answer asked for: "a phone number"); what
    # they say nearest to the question is quoted and cited instead.
    near_miss: tuple[str, ...] = ()
    answer_type: str | None = None  # the kind of answer the question asks for (answer_types.py)
    # `unmatched_terms` split: names, places, codes and rare words; everyday English words.
    unmatched_specific: tuple[str, ...] = ()
    unmatched_everyday: tuple[str, ...] = ()
    signals: dict[str, float] | None = field(default=None, compare=False)  # what confidence rests on

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "confidence": round(self.confidence, 4),
            "citations": [c.to_dict(self._sentence(n, c)) for n, c in enumerate(self.citations, start=1)],
            "answer_span": self.answer_span,
            "unmatched_terms": list(self.unmatched_terms),
            "kind": self.kind,
            "parts": [p.to_dict() for p in self.parts],
            "resolved_question": self.resolved_question,
            "near_miss": list(self.near_miss),
            "answer_type": self.answer_type,
            "unmatched_specific": list(self.unmatched_specific),
            "unmatched_everyday": list(self.unmatched_everyday),
            "signals": None if self.signals is None else {k: round(v, 4) for k, v in self.signals.items()},
        }

    def _sentence(self, number: int, citation: Citation) -> tuple[int, int] | None:
        """Where the sentence the answer quotes from citation `number` lies in its passage."""
        part = next((p for p in self.parts if p.citation == number), None)
        if part is None:
            return None
        return part.at if part.at is not None else sources.sentence_in(citation.text, part.text)
