"""The collection askbio serves, as the widget and the demo page present it: its title, its
documents, and questions to suggest (``GET /api/collection``).

Suggested questions are the curator's where there are any (``questions.txt`` in the corpus
folder, one a line, or a document's front-matter ``questions``), else made from the collection
itself: the example questions of the "what can you do?" overview (conversation.Overview), then
"Tell me about ..." a section heading or title, each kept only when askbio answers it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from askbio.corpus import QUESTIONS_FILE, TITLE_FILE
from askbio.models import Document
from askbio.sources import document_path, short_title

log = logging.getLogger("askbio")

SUGGESTIONS = 4  # chips beyond four crowd the widget's empty state
MAX_SUGGESTION_CHARS = 200
MAX_TOPIC_WORDS = 6  # a longer heading is a sentence, and "Tell me about <sentence>" reads badly


@dataclass(frozen=True)
class Collection:
    title: str
    documents: tuple[Document, ...]
    suggested_questions: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "documents": [
                {
                    "doc_id": d.doc_id,
                    "title": d.title,
                    "short_title": short_title(d.title),
                    "publisher": d.publisher,
                    "date": d.date,
                    "url": d.url,
                    "view_url": document_path(d.doc_id),
                }
                for d in self.documents
            ],
            "suggested_questions": list(self.suggested_questions),
        }


def collection_title(title: str, corpus_dir: Path) -> str:
    """The collection's name: the `title` setting, else the first line of a ``title.txt`` in
    its folder, else its folder's name in words ("life-sciences" -> "Life sciences")."""
    if title.strip():
        return " ".join(title.split())
    title_file = corpus_dir / TITLE_FILE
    named = read_questions(title_file)[:1] if title_file.is_file() else []
    if named:
        return " ".join(named[0].split())[:MAX_SUGGESTION_CHARS]
    words = corpus_dir.resolve().name.replace("_", " ").replace("-", " ").split()
    name = " ".join(words) or "the documents"
    return name[0].upper() + name[1:]


def read_questions(path: Path) -> list[str]:
    """The lines of a curator's file (``questions.txt``, ``title.txt``): one a line; blank lines
    and ``#`` comments skipped. A file that cannot be read has none (and a warning)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("%s not read: %s", path, exc)
        return []
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def suggested_questions(
    curated: Iterable[str],
    examples: Iterable[str],
    topics: Iterable[str],
    answers: Callable[[str], bool],
) -> tuple[str, ...]:
    """The curator's questions when there are any; else `examples` and "Tell me about <topic>",
    each kept when `answers(question)`. At most SUGGESTIONS, without repeats."""
    chosen = _distinct(q for q in curated if len(q) <= MAX_SUGGESTION_CHARS)
    if chosen:
        return tuple(chosen[:SUGGESTIONS])
    made = (*examples, *(f"Tell me about {t}" for t in topics if len(t.split()) <= MAX_TOPIC_WORDS))
    for question in _distinct(made):
        if len(chosen) >= SUGGESTIONS:
            break
        if answers(question):
            chosen.append(question)
    return tuple(chosen)


def _distinct(questions: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for question in questions:
        question = " ".join(question.split())
        if question and question.casefold() not in seen:
            seen.add(question.casefold())
            out.append(question)
    return out


class CollectionCache:
    """The Collection of an engine's current index, worked out once per index; `title` is
    the setting (collection_title says what an empty one means)."""

    def __init__(self, title: str = "") -> None:
        self.title = title
        self._lock = threading.Lock()
        self._for: object = None
        self._collection: Collection | None = None

    def get(self, engine: Any) -> Collection:
        bundle = engine.load()
        with self._lock:
            if self._for is not bundle or self._collection is None:
                self._collection = _describe(engine, bundle.documents, self.title)
                self._for = bundle
            return self._collection


def _describe(engine: Any, documents: Sequence[Document], title: str) -> Collection:
    corpus_dir: Path = engine.corpus_dir
    questions_file = corpus_dir / QUESTIONS_FILE
    curated = read_questions(questions_file) if questions_file.is_file() else []
    curated += [q for d in documents for q in d.questions]

    def answers(question: str) -> bool:
        return not engine.ask(question).abstained

    def topics() -> Iterable[str]:
        overview = engine.overview()
        return (*overview.topics, *(d.title for d in documents))

    suggestions = suggested_questions(
        curated,
        () if curated else engine.overview().examples,
        () if curated else topics(),
        answers,
    )
    return Collection(
        title=collection_title(title, corpus_dir),
        documents=tuple(documents),
        suggested_questions=suggestions,
    )
