"""The Engine: the one object the command line, the web app and evaluation use."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from askbio import store
from askbio.answer import Composer
from askbio.answer_types import POINTED_DOCUMENT, abbreviations, asked_what_is
from askbio.conversation import (
    CONTEXT_CHARS,
    Overview,
    Turn,
    asked_why,
    introduces_only,
    overview,
    read_turn,
    smalltalk_reply,
    talk_of,
    tells_only,
    with_turn_before,
    without_smalltalk,
    without_smalltalk_turns,
)
from askbio.corpus import file_states, fingerprint
from askbio.errors import BadRequest, IndexFileError, QuestionTooLong
from askbio.idioms import in_english, spelled_out, unshouted
from askbio.index import indexed_text
from askbio.lexicon import Lexicon, noun_kind, place_kinds
from askbio.models import Answer, Document, Hit, Passage
from askbio.query import Query
from askbio.retriever import Retriever
from askbio.settings import Config, RetrievalParams
from askbio.text import Analyzer

log = logging.getLogger("askbio")

# How many passages `Engine.search` returns unless asked for another number.
CANDIDATES = 10
# Answers kept for questions asked again (per index version; oldest dropped first).
ANSWER_CACHE_SIZE = 2048
# How often a loaded engine looks for an index rebuilt by another process (a stat and a read).
RELOAD_CHECK_SECONDS = 1.0


def default_corpus_dir() -> Path:
    """The bundled corpus: ``corpus/`` of a source checkout, or the copy inside the package."""
    here = Path(__file__).resolve().parent
    checkout = here.parent.parent / "corpus"
    if checkout.is_dir() and (here.parent.parent / "pyproject.toml").is_file():
        return checkout
    return here / "corpus"


def user_cache_dir() -> Path:
    """askbio's folder in the user cache: ``$XDG_CACHE_HOME/askbio``, else ``~/.cache/askbio``."""
    import os

    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "askbio"


def default_index_dir(corpus_dir: Path) -> Path:
    """A per-corpus folder in the user cache, so an installed corpus needs no write access."""
    base = user_cache_dir()
    key = hashlib.sha256(str(corpus_dir.resolve()).encode()).hexdigest()[:16]
    return base / f"{corpus_dir.resolve().name}-{key}"


class Engine:
    """Answers questions from a corpus, through an index it keeps in step with the corpus.

    The index is loaded on first use, not at construction, so creating an Engine is cheap.
    """

    def __init__(self, config: Config | None = None, params: RetrievalParams | None = None) -> None:
        self.config = config or Config.from_env()
        self.params = params or RetrievalParams()
        self.corpus_dir = self.config.corpus or default_corpus_dir()
        self.index_dir = self.config.index_dir or default_index_dir(self.corpus_dir)
        self._bundle: store.IndexBundle | None = None
        self._lock = threading.Lock()
        self._checked = time.monotonic()
        self._unanswered: Any = None  # the UnansweredLog, opened on the first refusal
        self._overview: Overview | None = None  # for "what can you do?", worked out when first asked
        self._by_document: dict[str, list[Passage]] | None = None  # for follow-ups, when first asked
        self._abbreviations: frozenset[str] | None = None  # for "what is X?", when first asked
        self._lexicon = Lexicon()  # English word frequencies: the index's, once it is loaded

    # --- index lifecycle ---

    def build(
        self,
        *,
        strict: bool = False,
        progress: Callable[[str, int, int], None] | None = None,
        interrupted: Callable[[], bool] | None = None,
    ) -> store.IndexBundle:
        """Read the corpus, fit both indexes and save them; return the new index.

        IndexFileError when it cannot be saved (a full disk, a read-only folder), and
        KeyboardInterrupt when `interrupted()` is true before it is made current: either way
        the index in service, if any, stays current."""
        bundle = self._fit(strict=strict, progress=progress)
        self._save(bundle, interrupted)
        self._set(bundle)
        return bundle

    def _fit(
        self, *, strict: bool = False, progress: Callable[[str, int, int], None] | None = None
    ) -> store.IndexBundle:
        return store.build(
            self.corpus_dir,
            params=self.params,
            strict=strict,
            follow_symlinks=self.config.follow_symlinks,
            progress=progress,
        )

    def _save(self, bundle: store.IndexBundle, interrupted: Callable[[], bool] | None = None) -> None:
        try:
            store.save(bundle, self.index_dir, interrupted=interrupted)
        except OSError as exc:
            raise IndexFileError(
                f"could not save the index in {self.index_dir}: {exc.strerror or exc}", code="index_not_saved"
            ) from None

    def load(self) -> store.IndexBundle:
        """The index to answer from: the saved one if it matches the corpus, else a new build.

        Once loaded, an index rebuilt by another process (`askbio index`) is picked up within a
        second: requests in flight finish on the old one, the next ones use the new one."""
        bundle = self._bundle
        if bundle is not None:
            now = time.monotonic()
            if now - self._checked >= RELOAD_CHECK_SECONDS:
                self._checked = now
                self._follow_rebuilds(bundle)
            return self._bundle or bundle
        with self._lock:
            if self._bundle is not None:  # another thread loaded it while this one waited
                return self._bundle
            try:
                bundle = store.load(self.index_dir)
            except IndexFileError as exc:
                log.warning("%s; rebuilding the index", exc.message)
                bundle = None
            if bundle is not None and not self._is_fresh(bundle):
                log.warning("the corpus changed since the index was built; rebuilding")
                bundle = None
            if bundle is None:
                log.info("building the index of %s in %s", self.corpus_dir, self.index_dir)
                bundle = self._fit()
                try:
                    self._save(bundle)
                except IndexFileError as exc:  # answering still works; only the next start pays again
                    log.warning("%s; answering from memory", exc.message)
            self._set(bundle)
            return bundle

    def _follow_rebuilds(self, bundle: store.IndexBundle) -> None:
        if not bundle.version or not self._lock.acquire(blocking=False):
            return
        try:
            version = store.current_version(self.index_dir)
            if version and version != bundle.version:
                fresh = store.load(self.index_dir)
                if fresh is not None:
                    self._set(fresh)
                    log.info("now answering from index %s", fresh.version)
        except IndexFileError as exc:
            log.warning("kept index %s: the new one cannot be used (%s)", bundle.version, exc.message)
        finally:
            self._lock.release()

    def warm_up(self) -> None:
        """Load the index and what rare questions need (NLTK's stemmer), so that a server's
        workers, forked after this, share them instead of each paying for them on a visitor's time."""
        self.load()
        self._analyzer.load_stemmer()

    def reload(self) -> store.IndexBundle:
        """Drop the loaded index and load the current one again (after `askbio index`)."""
        with self._lock:
            self._bundle = None
        return self.load()

    def _is_fresh(self, bundle: store.IndexBundle) -> bool:
        previous = {s.path: s for s in bundle.file_states}
        states = file_states(self.corpus_dir, previous, follow_symlinks=self.config.follow_symlinks)
        return fingerprint(states) == bundle.fingerprint

    def _set(self, bundle: store.IndexBundle) -> None:
        analyzer = Analyzer(bundle.stems)
        lexicon = Lexicon(bundle.english, bundle.foreign)
        self._analyzer = analyzer
        self._lexicon = lexicon
        self._retriever = Retriever(
            analyzer,
            bundle.postings,
            bundle.bm25,
            bundle.tfidf,
            params=self.params,
            synonyms=bundle.synonyms,
            variants=bundle.variants,
            bridges=bundle.bridges,
            names=bundle.names,
            countries=bundle.countries,
            figures=bundle.figures,
            numbered=bundle.numbered,
            is_english=lexicon.is_common,
            respelt=lexicon.respelt,
            texts=IndexedTexts(bundle.passages),
        )
        self._composer = Composer(
            analyzer,
            bundle.bm25.term_idf,
            unknown_weight=bundle.bm25.max_idf(),
            places=self._retriever.queries.places,
            place_kinds=place_kinds if self._retriever.queries.places else None,
            word_prior=lexicon.informativeness,
            is_everyday=lexicon.is_everyday,
            noun_kind=noun_kind,
            documents=bundle.documents_by_id,
            top_k=self.config.top_k,
            min_confidence=self.config.min_confidence,
            passages_of=self._passages_of,
        )
        self._cache: dict[str, Answer] = {}  # a new index starts a new cache
        self._overview = None
        self._by_document = None
        self._abbreviations = None
        self._bundle = bundle

    # --- questions ---

    def validate(self, question: Any) -> str:
        """The question, stripped; BadRequest when it is not a usable question."""
        if not isinstance(question, str):
            raise BadRequest("the question must be a string", code="invalid_question")
        if len(question) > self.config.max_question_chars:
            raise QuestionTooLong(
                f"the question is {len(question)} characters long; the limit is {self.config.max_question_chars}"
            )
        text: str = question.strip()
        if not text:
            raise BadRequest("the question is empty", code="empty_question")
        return text

    def query(self, question: str) -> Query:
        self.load()
        return self._retriever.query(question)

    def search(self, question: str, k: int = CANDIDATES) -> list[Hit]:
        """The k passages that best match the question, best first."""
        return self._search(self.query(self.validate(question)), k)

    def _search(self, query: Query, k: int) -> list[Hit]:
        passages = self.load().passages
        return [
            Hit._make((passages[position], score, bm25, tfidf, rank))
            for rank, (position, score, bm25, tfidf) in enumerate(self._retriever.search(query, k), start=1)
        ]

    def ask(
        self,
        question: Any,
        history: Sequence[dict[str, Any]] | None = None,
        *,
        min_confidence: float | None = None,
    ) -> Answer:
        """Answer one question from the corpus (abstaining when the corpus does not say).

        `history` is the conversation so far, oldest first (``{"question": ..., "answer": ...}``);
        a follow-up such as "and in Flanders?" is read with the question before it.
        `min_confidence` replaces the setting for this question: 0 gives the answer askbio
        would give if it never abstained on confidence (evaluation labels those)."""
        question = self.validate(question)
        reply = smalltalk_reply(question, self.overview)
        if reply is not None:
            return Answer(question=question, answer=reply, abstained=False, confidence=1.0, kind="smalltalk")
        self.load()
        # "thanks! and in Flanders?" is the follow-up "and in Flanders?" to the last real question.
        rest = without_smalltalk(question)
        # "Hi! I'm a student writing a thesis.", "Hello from Tokyo!"
        talk = talk_of(question) if rest != question or introduces_only(question) else None
        reply = smalltalk_reply(talk, self.overview) if talk else None
        if reply is not None:
            return Answer(question=question, answer=reply, abstained=False, confidence=1.0, kind="smalltalk")
        zipf = self._lexicon.zipf
        # "how many ppl ...": people; "combien de ...": how many
        asked = spelled_out(in_english(unshouted(rest, zipf)))
        turns = [  # "AND IN FLANDERS?" after "HOW MANY JOBS IN WALLONIA?"
            {**t, "question": in_english(unshouted(q, zipf))}
            if isinstance(q := t.get("question"), str)
            else t
            for t in without_smalltalk_turns(history)
        ]
        if (abbreviation := self._as_abbreviation(asked)) != asked:  # "whats nsclc": asked of itself
            asked, turns = abbreviation, []
        turn = read_turn(asked, turns, self._analyzer, self._retriever.queries.is_name)
        pointed = POINTED_DOCUMENT.search(turn.question) if turn.kind == "question" and turns else None
        if pointed is not None:  # "the other article", "that page": a document of the turn before
            turn = replace(
                turn, document=self._pointed_document(turns[-1], other=bool(pointed.group("other")))
            )
        if turn.kind == "question":
            answer = self._answer(turn, min_confidence)
            again = with_turn_before(turn, asked) if answer.abstained else None
            if again is not None and not answer.near_miss:
                # "at which conference?", read alone and unanswered: about the turn before
                second = self._answer(again, min_confidence)
                if not second.abstained:
                    turn, answer = again, second
        else:  # asks of the previous answer: more of it, its reason, its source
            previous = self._answer(turn)
            why = asked_why(turn.question) if turn.kind == "why" and previous.abstained else None
            if why is not None:  # "is it a big deal?", unanswered, then "why?": why it is one
                answer = self._answer(Turn(why, "question", turn.previous), min_confidence)
            elif turn.kind == "why" and previous.abstained and asked.strip(" ?!.").lower() != "why":
                # "why has it grown so much?" after a turn unanswered: asked itself, with that turn as context
                turn = Turn(asked, "question", turn.previous, f"{turn.question} {turn.context}".strip())
                answer = self._answer(turn, min_confidence)
            else:
                document = previous.citations[0].doc_id if previous.citations else ""
                answer = self._composer.follow(previous, turn.kind, self._passages_of(document), asked)
                if answer.abstained and turn.kind == "effect" and not previous.abstained:
                    # "what were the results?" and no sentence says what came of it: asked itself,
                    # about the answer before ("... promising interim clinical results ...")
                    context = f"{turn.question} {previous.answer}"[:CONTEXT_CHARS]
                    again = Turn(asked, "question", turn.previous, context)
                    second = self._answer(again, min_confidence)
                    if not second.abstained:
                        turn, answer = again, second
        if answer.abstained and not answer.near_miss and rest != question and tells_only(rest):
            # "hi! writing a brochure and need a few numbers", with nothing found: a greeting
            reply = smalltalk_reply(question.replace(rest, " "))
            if reply is not None:
                return Answer(
                    question=question, answer=reply, abstained=False, confidence=1.0, kind="smalltalk"
                )
        # How the turn was understood, when the conversation changed it.
        if turn.kind != "question" or (turn.context and turn.question == asked):
            resolved: str | None = f"{asked} (after: {turn.previous})"
        else:
            resolved = turn.question if turn.question != asked else None
        if turn.document and (pointed_to := self.load().documents_by_id.get(turn.document)) is not None:
            resolved = f"{resolved or turn.question} (in: “{pointed_to.title}”)"  # "the other article"
        if resolved is not None or answer.question != question:
            answer = replace(answer, question=question, resolved_question=resolved)
        log_path = self.config.unanswered_log
        if answer.abstained and log_path is not None:
            self._log_unanswered(log_path, answer)
        return answer

    def _log_unanswered(self, path: Path, answer: Answer) -> None:
        from askbio.unanswered import UnansweredLog

        try:
            if self._unanswered is None:
                self._unanswered = UnansweredLog(path, self.config.unanswered_retention_days)
            self._unanswered.record(answer.question, answer.unmatched_terms)
        except Exception as exc:  # the log helps curators; it never costs anyone an answer
            log.warning("could not log an unanswered question in %s: %s", path, exc)

    def _answer(self, turn: Turn, min_confidence: float | None = None) -> Answer:
        """The answer to a turn read as a question (`Turn`: its words of the conversation, the
        answer before, what a follow-up brought), from the cache of recent answers when it can
        be: a website's visitors ask the same things again and again."""
        if min_confidence is not None:  # another threshold than the cached answers'
            return self._compose(turn, min_confidence)
        cache = self._cache
        key = "\x00".join(
            (
                turn.question,
                turn.context,
                turn.given,
                turn.focus,
                turn.asks or "",
                turn.carried,
                turn.about,
                turn.again,
                turn.document,
            )
        )
        answer = cache.get(key)
        if answer is None:
            answer = self._compose(turn)
            cache[key] = answer
            if len(cache) > ANSWER_CACHE_SIZE:
                with contextlib.suppress(RuntimeError, KeyError, StopIteration):  # another thread was first
                    cache.pop(next(iter(cache)))
        return answer

    def _compose(self, turn: Turn, min_confidence: float | None = None) -> Answer:
        self.load()
        query = self._retriever.queries.build(
            turn.question, turn.context, turn.given, turn.focus, turn.asks, turn.carried, turn.about
        )
        hits = self._search(query, self._composer.reads_before_near_miss)
        return self._composer.compose(
            query, hits, min_confidence=min_confidence, again=turn.again, document=turn.document
        )

    def _pointed_document(self, before: Mapping[str, Any], *, other: bool) -> str:
        """The document a turn points to in the turn `before` (its question and answer): the one
        that question named ("the belgium.be page"), else the one its answer came from (its best
        passage's); with `other`, of two documents, the one it is not. "" when none is found."""
        documents = self.load().documents
        asked, answer = before.get("question"), before.get("answer")
        found = ""
        if isinstance(asked, str) and asked.strip():
            named = self._composer.named_document(asked[:CONTEXT_CHARS])
            found = named[0] if named else ""
        if not found and isinstance(answer, str) and answer.strip():
            hits = self._search(self._retriever.queries.build(answer[:CONTEXT_CHARS]), 1)
            found = hits[0].passage.doc_id if hits else ""
        if not other or not found:
            return found
        return next((d.doc_id for d in documents if d.doc_id != found), "") if len(documents) == 2 else ""

    def _as_abbreviation(self, asked: str) -> str:
        """ "whats nsclc", "what is FDI?": a word the collection writes in capitals, asked as what it
        stands for (a near miss when the collection never spells it out)."""
        word = asked_what_is(asked)
        if word is None:
            return asked
        if self._abbreviations is None:  # once per index, on the first such question
            self._abbreviations = frozenset(
                w.lower() for p in self.load().passages for w in abbreviations(p.text)
            )
        return f"what does {word.upper()} stand for?" if word.lower() in self._abbreviations else asked

    def _passages_of(self, doc_id: str) -> Sequence[Passage]:
        """A document's passages, in order (the index keeps each document's together)."""
        if self._by_document is None:
            by_document: dict[str, list[Passage]] = {}
            for passage in self.load().passages:
                by_document.setdefault(passage.doc_id, []).append(passage)
            self._by_document = by_document
        return self._by_document.get(doc_id, ())

    def overview(self) -> Overview:
        """What the collection covers, for "what can you do?": its titles and headings, and
        example questions made from its figures that askbio answers from the passage they came
        from. Worked out on the first such question, once per index."""
        about = self._overview
        if about is None:
            bundle = self.load()
            sentences = (
                (p.passage_id, p.text[start:end]) for p in bundle.passages for start, end in p.sentences
            )

            def answered_from(question: str, passage_id: str) -> bool:
                answer = self._answer(Turn(question))
                return not answer.abstained and answer.citations[0].passage_id == passage_id

            about = overview(
                (d.title for d in bundle.documents),
                (p.section for p in bundle.passages if p.section),
                sentences,
                answered_from,
                len(bundle.documents),
            )
            self._overview = about
        return about

    def document(self, doc_id: str) -> tuple[Document, Sequence[Passage]] | None:
        """A document of the collection and its passages in order, or None if it has no such id."""
        document = self.load().documents_by_id.get(doc_id)
        return None if document is None else (document, self._passages_of(doc_id))

    def info(self) -> dict[str, Any]:
        bundle = self.load()
        return {
            "documents": len(bundle.documents),
            "passages": len(bundle.passages),
            "terms": bundle.postings.n_terms,
            "index_version": bundle.version or None,
            "corpus": str(self.corpus_dir),
            "index_dir": str(self.index_dir),
            "skipped": bundle.skipped,
        }


class IndexedTexts(Sequence[str]):
    """The text each passage was indexed under, read from the passages on demand."""

    def __init__(self, passages: Sequence[Passage]) -> None:
        self._passages = passages

    def __len__(self) -> int:
        return len(self._passages)

    def __getitem__(self, i: int) -> str:  # type: ignore[override]
        passage = self._passages[i]
        return indexed_text(passage.text, passage.section)


__all__ = ["Engine", "default_corpus_dir", "default_index_dir", "user_cache_dir"]
