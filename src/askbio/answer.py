"""From retrieved passages to an Answer: the sentence that answers, its span, highlights,
confidence, and the decision to abstain."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from operator import itemgetter
from typing import Any, NamedTuple

from askbio.models import ABSTAIN_MESSAGE, Answer, AnswerPart, Citation, Document, Hit
from askbio.query import Query
from askbio.text import Analyzer, merge_spans

# --- What a question asks for --------------------------------------------------------------

_TYPE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "percent",
        re.compile(
            r"\b(?:what|which) (?:share|percentage|proportion|part|fraction)\b|\bpercent|\bhow large a share\b|\bshare of\b",
            re.I,
        ),
    ),
    (
        "number",
        re.compile(
            r"\bhow (?:many|much|big|large|high|low)\b|\bnumber of\b|\bamount\b|\bhow many times\b|\bwhat (?:is the )?(?:figure|total|size|value|rate)\b",
            re.I,
        ),
    ),
    ("date", re.compile(r"\bwhen\b|\bwhat (?:year|date|month|day)\b|\bwhich (?:year|date)\b", re.I)),
    ("rank", re.compile(r"\b(?:rank|ranks|ranked|ranking|position|place)\b", re.I)),
    (
        "place",
        re.compile(
            r"\bwhere\b|\bwhich (?:city|town|region|country|countries|location)\b|\bin what (?:city|region|country)\b",
            re.I,
        ),
    ),
    (
        "name",
        re.compile(
            r"\bwho\b|\bwhich (?:company|companies|firm|firms|organi[sz]ations?|partner)\b|\bwhat (?:company|companies)\b|\bname\b",
            re.I,
        ),
    ),
)

_NUM = r"\d+(?:[.,]\d+)*"
_QUALIFIER = r"(?:(?:over|more than|less than|almost|about|around|nearly|up to|below|under|above|at least|some|approximately|roughly)\s+)?"
_UNIT = r"(?:\s?(?:%|percent|per cent)|\s?(?:billion|million|thousand|bn|m)\b|x\b)?"
_CURRENCY = r"(?:(?:EUR|USD|GBP|€|\$|£)\s?)?"
_WORDS_AFTER = r"(?:\s+(?!(?:EUR|USD|GBP)\b)[^\W\d][\w&-]*){0,5}"
_SPANS: dict[str, re.Pattern[str]] = {
    "number": re.compile(rf"\b{_QUALIFIER}{_CURRENCY}{_NUM}{_UNIT}{_WORDS_AFTER}", re.I),
    "percent": re.compile(rf"\b{_QUALIFIER}{_NUM}\s?(?:%|percent|per cent){_WORDS_AFTER}", re.I),
    "date": re.compile(
        r"\b(?:(?:in|on|since|by)\s+)?(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\s+\d{4}|(?:19|20)\d{2})\b"
    ),
    "rank": re.compile(
        r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|top\s+\d+|\d+(?:st|nd|rd|th))\b(?:\s+[\w-]+){0,4}",
        re.I,
    ),
    "place": re.compile(
        r"\b(?:in|at|from|near|between)\s+(?:[A-Z][\w\u00C0-\u017F'-]+(?:\s+(?:and\s+)?[A-Z][\w\u00C0-\u017F'-]+)*)(?:,\s+[A-Z][\w\u00C0-\u017F'-]+)*"
    ),
    "name": re.compile(
        r"\b[A-Z][\w&*'\u00C0-\u017F-]*(?:\s+(?:&\s+)?[A-Z][\w&*'\u00C0-\u017F-]*)+|\b[A-Z]{2,}\b"
    ),
}
_COUNTED_RE = re.compile(r"\bhow (?:many|much)\s+([^\W\d][\w-]*)", re.I)
_TRAILING_STOP = re.compile(
    r"(?:\s+(?:and|or|in|of|the|a|an|to|for|with|by|as|at|on|which|that|is|are|from|its|their))+$", re.I
)


def question_type(question: str) -> str | None:
    """The kind of answer a question asks for, or None when it asks for none in particular."""
    for kind, pattern in _TYPE_PATTERNS:
        if pattern.search(question):
            return kind
    return None


# --- Small talk ----------------------------------------------------------------------------

_SMALLTALK: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"^\s*(?:hi|hello|hey|good (?:morning|afternoon|evening)|greetings|hallo|bonjour)\b[\s!.,]*(?:there)?[\s!.]*$",
            re.I,
        ),
        "Hello! Ask me a question about the documents and I'll answer with the passages that support it.",
    ),
    (
        re.compile(
            r"^\s*(?:thanks?(?: you)?(?: very much| a lot| so much)?|thx|cheers|great,? thanks?)\b[\s!.]*$",
            re.I,
        ),
        "You're welcome! Ask me anything else about the documents.",
    ),
    (
        re.compile(
            r"^\s*(?:what can you do|who are you|what are you|help|how does this work|what do you know)\b[\s?!.]*$",
            re.I,
        ),
        "I answer questions from a fixed collection of documents, and I cite the passages I used. "
        "If the documents don't say, I tell you so instead of guessing.",
    ),
    (re.compile(r"^\s*(?:bye|goodbye|see you)\b[\s!.]*$", re.I), "Goodbye!"),
)


_FOLLOWUP_RE = re.compile(
    r"^\s*(?:and|but|also|so)?\s*(?:what|how)\s+about\b|^\s*(?:and|also)\b|^\s*(?:in|for|at)\s+\S",
    re.IGNORECASE,
)
_STARTS_QUESTION_RE = re.compile(
    r"^\s*(?:who|what|when|where|which|why|how|is|are|does|do|did|can|could|was|were|tell)\b", re.I
)
_PLACE_RE = re.compile(r"^(?:in|for|at|on|from)\s+\S", re.I)
_ASKS_RE = re.compile(
    r"^\s*(?:how (?:many|much)|what (?:share|percentage|proportion) of|where|when|who|which \w+|what)\b"
    r"(?:\s+(?:is|are|was|were|does|do|did))?",
    re.I,
)
_FOLLOWUP_PREFIX_RE = re.compile(r"^\s*(?:and|but|also|so)?\s*(?:(?:what|how)\s+about\s+)?", re.I)


def resolve_followup(question: str, history: Sequence[Mapping[str, Any]] | None, analyzer: Analyzer) -> str:
    """A follow-up such as "and in Flanders?" completed with the question it follows.

    The client sends the conversation (the server keeps none); earlier follow-ups are resolved
    in turn, so "and in Flanders?" after "and in Wallonia?" still carries the first topic."""
    if not history:
        return question
    previous: str | None = None
    for turn in history:
        asked = turn.get("question") if isinstance(turn, Mapping) else None
        if isinstance(asked, str) and asked.strip():
            previous = _complete(asked.strip(), previous, analyzer)
    return question if previous is None else _complete(question, previous, analyzer)


def _complete(question: str, previous: str | None, analyzer: Analyzer) -> str:
    if previous is None:
        return question
    content = analyzer.terms(question)
    marked = bool(_FOLLOWUP_RE.match(question))
    short = len(content) <= 2 and not _STARTS_QUESTION_RE.match(question)
    if not (marked or short) or not content:
        return question
    rest = _FOLLOWUP_PREFIX_RE.sub("", question).strip(" ?!.")
    if _PLACE_RE.match(rest):
        # "and in Flanders?": the same question, somewhere else.
        return f"{previous.rstrip(' ?!.')} {rest}"
    # "what about exports?": the same kind of question, about something else.
    asks = _ASKS_RE.match(previous)
    return f"{asks.group(0).strip()} {rest}" if asks else f"{previous.rstrip(' ?!.')} {rest}"


def smalltalk_reply(question: str) -> str | None:
    for pattern, reply in _SMALLTALK:
        if pattern.match(question):
            return reply
    return None


# --- Composition ---------------------------------------------------------------------------


class _Sentence(NamedTuple):
    start: int  # span within the passage text
    end: int
    text: str
    where: dict[str, tuple[int, ...]]  # each term of the sentence: where it starts in it


class _Reading(NamedTuple):
    """What composing needs of a passage, whatever the question: worked out once per passage."""

    terms: frozenset[str]  # of the text and its heading
    sentences: tuple[_Sentence, ...]
    spans: dict[str, tuple[tuple[int, int], ...]]  # where each term of the text occurs
    in_sentences: dict[str, tuple[int, ...]]  # each term of the text: the sentences holding it


class Candidate(NamedTuple):  # a sentence an answer may quote
    hit: Hit
    start: int  # sentence span within the passage text
    end: int
    score: float
    coverage: float
    span: tuple[int, int] | None  # the answer span within the passage text


# A Candidate's fields as a plain tuple, and its score.
_Row = tuple[Hit, int, int, float, float, tuple[int, int] | None]
_SCORE: Callable[[_Row], float] = itemgetter(3)

# A sentence's score: its coverage of the question, these bonuses when it holds something of the
# answer's type (and that thing counts what the question counts), and half its passage's score.
SPAN_BONUS = 0.35
COUNTS_BONUS = 0.3
# A figure from another document is given beside the best one if its sentence scores this share
# of the best sentence's score, or more.
RIVAL_SHARE = 0.8
_FIGURES = ("number", "percent")


@dataclass(frozen=True)
class Signals:
    """What the confidence is computed from (also used by `askbio eval` to fit it)."""

    coverage: float  # share of the question's weight found in the best passage
    top_score: float  # fused score of the best passage
    tfidf: float  # TF-IDF cosine of the best passage
    margin: float  # best fused score minus the second's
    type_found: float  # 1 when the answer type was asked for and found, 0.5 if not asked

    def to_dict(self) -> dict[str, float]:
        return dict(self.__dict__)


# Logistic confidence: weights fitted on labelled answerable/unanswerable questions
# (`askbio eval --fit-confidence`); see docs/quality.md for the fit and the reliability table.
CONFIDENCE_WEIGHTS = {
    "bias": -3.686,
    "coverage": 7.128,
    "top_score": 0.457,
    "tfidf": 2.318,
    "margin": -1.291,
    "type_found": -0.976,
}


def confidence(signals: Signals, weights: dict[str, float] = CONFIDENCE_WEIGHTS) -> float:
    z = weights["bias"] + sum(weights[name] * getattr(signals, name) for name in weights if name != "bias")
    return 1.0 / (1.0 + math.exp(-z))


class Composer:
    """Builds answers from hits. `term_weight` gives a query term's weight (its idf)."""

    # Sentences that can be neither the best nor a rival are not weighed; False weighs them all
    # (the answers are the same: tests compare the two).
    prune = True

    def __init__(
        self,
        analyzer: Analyzer,
        term_weight: Callable[[str], float | None],
        unknown_weight: float,
        documents: dict[str, Document],
        *,
        word_prior: Callable[[str], float] | None = None,
        top_k: int = 3,
        min_confidence: float = 0.5,
        confidence_weights: dict[str, float] | None = None,
    ) -> None:
        self.analyzer = analyzer
        self.term_weight = term_weight
        self.unknown_weight = unknown_weight
        self.word_prior = word_prior or (lambda word: 1.0)
        self.documents = documents
        self.top_k = top_k
        # How many of the best passages an answer is composed from: sentences are chosen from
        # these, citations from the first top_k of them.
        self.reads = max(top_k, 5)
        self.min_confidence = min_confidence
        self.confidence_weights = confidence_weights or CONFIDENCE_WEIGHTS
        # What depends on a passage alone is kept for the passages that recur across questions.
        self._type_matches = lru_cache(maxsize=8192)(self._find_type_matches)
        self._reading = lru_cache(maxsize=4096)(self._read)

    def weights(self, query: Query) -> dict[str, float]:
        """Weight of each distinct question term: its idf, or `unknown_weight` if unindexed."""
        out: dict[str, float] = {}
        surface: dict[str, str] | None = None  # how the question spells a term, when needed
        asked = [t.term for t in query.tokens]
        for term in dict.fromkeys(asked + list(query.terms)):
            w = self.term_weight(term)
            if term in query.expansions and w is not None:
                continue  # expansions help retrieval; they don't dilute coverage
            if w is None:
                if surface is None:
                    surface = {t.term: query.question[t.start : t.end] for t in query.tokens}
                w = self.unknown_weight * self.word_prior(surface.get(term, term))
            out[term] = w
        # A misspelt word is represented by its correction, not counted twice.
        for wrong in query.corrections:
            for term in self.analyzer.terms(wrong):
                out.pop(term, None)
        return out

    def compose(self, query: Query, hits: Sequence[Hit]) -> Answer:
        weights = self.weights(query)
        total = sum(weights.values())
        if not hits or total <= 0:
            return self.abstain(query, weights)
        qtype = question_type(query.question)
        counted = self._counted(query)
        expansions = frozenset(query.expansions)
        synonym_bonus = 0.5 * self.unknown_weight / total
        # One row per sentence considered, in Candidate's field order: a plain tuple is made
        # several times faster than the named one, which only the chosen sentences become.
        candidates: list[_Row] = []
        readings = []
        # A sentence whose score cannot reach `floor` can be neither the best nor a rival (the
        # share of the best score so far that a rival needs, or all of it): it is not weighed.
        share = RIVAL_SHARE if qtype in _FIGURES else 1.0
        bonuses = SPAN_BONUS + COUNTS_BONUS if qtype else 0.0
        floor = -math.inf
        prune = self.prune
        for hit in hits[: self.reads]:
            passage = hit.passage
            reading = self._reading(passage.text, passage.section, passage.sentences)
            readings.append(reading)
            synonyms = reading.terms & expansions
            prior = 0.5 * hit.score
            # Each sentence's share of the question's weight, summed term by term over the
            # sentences holding the term rather than sentence by sentence over the terms.
            found = [0.0] * len(reading.sentences)
            for t, w in weights.items():
                for i in reading.in_sentences.get(t, ()):
                    found[i] += w
            for sentence, weight in zip(reading.sentences, found, strict=True):
                terms = sentence.where
                cov = weight / total
                if synonyms and not synonyms.isdisjoint(terms):
                    cov += synonym_bonus
                if prune and cov + bonuses + prior + 1e-9 < floor:
                    continue
                span, counts_it = self._span(qtype, sentence, weights, counted) if qtype else (None, False)
                score = cov + (SPAN_BONUS if span else 0.0) + (COUNTS_BONUS if counts_it else 0.0) + prior
                if score * share > floor:
                    floor = score * share
                start = sentence.start
                candidates.append(
                    (
                        hit,
                        start,
                        sentence.end,
                        score,
                        cov,
                        None if span is None else (start + span[0], start + span[1]),
                    )
                )
        top = hits[0]
        top_terms = readings[0].terms
        coverage = sum(w for t, w in weights.items() if t in top_terms) / total
        if not expansions.isdisjoint(top_terms):
            coverage = min(1.0, coverage + synonym_bonus)
        best_row: _Row = max(candidates, key=_SCORE)
        best = Candidate._make(best_row)
        signals = Signals(
            coverage=coverage,
            top_score=top.score,
            tfidf=top.tfidf,
            margin=top.score - (hits[1].score if len(hits) > 1 else 0.0),
            type_found=0.5 if qtype is None else float(best.span is not None),
        )
        conf = confidence(signals, self.confidence_weights)
        if conf < self.min_confidence:
            return replace(self.abstain(query, weights, conf), signals=signals.to_dict())
        chosen = [best, *self._rivals(qtype, best, candidates)]
        cited = self._cited(hits, [c.hit for c in chosen])
        highlight_terms = set(weights) | set(query.terms)
        citations = tuple(self._citation(h, highlight_terms) for h in cited)
        parts = []
        for c in chosen:
            span_text = None if c.span is None else c.hit.passage.text[c.span[0] : c.span[1]].strip()
            number = next(i for i, h in enumerate(cited, start=1) if h is c.hit)
            parts.append(AnswerPart(_tidy(c.hit.passage.text[c.start : c.end]), span_text, number))
        # Figures from different documents are both given, each with the number of its source.
        text = " ".join(f"{p.text} [{p.citation}]" for p in parts) if len(parts) > 1 else parts[0].text
        return Answer(
            question=query.question,
            answer=text,
            abstained=False,
            confidence=conf,
            citations=citations,
            answer_span=parts[0].span,
            kind="answer",
            parts=tuple(parts),
            signals=signals.to_dict(),
        )

    @staticmethod
    def _rivals(qtype: str | None, best: Candidate, candidates: Sequence[_Row]) -> list[Candidate]:
        """For a figure, the best sentence of another document that answers as fully with a
        figure of its own: two sources may count different things, and the reader should see both."""
        if qtype not in _FIGURES or best.span is None:
            return []
        rivals = [
            c
            for c in map(Candidate._make, candidates)
            if c.span is not None
            and c.hit.passage.doc_id != best.hit.passage.doc_id
            and c.coverage >= best.coverage - 1e-9
            and c.score >= RIVAL_SHARE * best.score
        ]
        return [max(rivals, key=lambda c: c.score)] if rivals else []

    def abstain(self, query: Query, weights: dict[str, float], conf: float = 0.0) -> Answer:
        unmatched = _unmatched_words(query, weights, self.term_weight)
        message = ABSTAIN_MESSAGE
        if unmatched:
            message += " These words of your question appear nowhere in them: " + ", ".join(unmatched) + "."
        return Answer(
            question=query.question,
            answer=message,
            abstained=True,
            confidence=conf,
            unmatched_terms=tuple(unmatched),
            kind="abstained",
        )

    def _counted(self, query: Query) -> set[str]:
        """Terms of what a "how many X" question counts (X and its synonyms)."""
        match = _COUNTED_RE.search(query.question)
        if not match:
            return set()
        terms = set(self.analyzer.terms(match.group(1)))
        return terms | {e for e in query.expansions if terms}

    def _span(
        self, qtype: str, sentence: _Sentence, weights: dict[str, float], counted: set[str]
    ) -> tuple[tuple[int, int] | None, bool]:
        """The best match of the answer type in `sentence`, and whether it counts what the
        question counts: one that does wins, then the one nearest the question's words."""
        matches = self._type_matches(qtype, sentence.text)
        if not matches:
            return None, False
        where = sentence.where
        anchors = [start for t in weights if t in where for start in where[t]]
        best: tuple[tuple[bool, float], tuple[int, int]] | None = None
        for start, end, span_terms in matches:
            # A span made only of the question's own words answers nothing.
            if span_terms and span_terms <= weights.keys():
                continue
            distance = min((max(start - a, a - end, 0) for a in anchors), default=len(sentence.text))
            key = (not (span_terms & counted), distance)
            if best is None or key < best[0]:
                best = (key, (start, end))
        if best is None:
            return None, False
        return best[1], not best[0][0]

    def _read(self, text: str, section: str | None, sentences: tuple[tuple[int, int], ...]) -> _Reading:
        tokens = self.analyzer.cached_tokens(text)
        spans: dict[str, list[tuple[int, int]]] = {}
        for t in tokens:
            spans.setdefault(t.term, []).append((t.start, t.end))
        parts = []
        for start, end in sentences or ((0, len(text)),):
            where: dict[str, list[int]] = {}
            for t in tokens:
                if start <= t.start < end:
                    where.setdefault(t.term, []).append(t.start - start)
            parts.append(
                _Sentence(
                    start,
                    end,
                    text[start:end],
                    {term: tuple(starts) for term, starts in where.items()},
                )
            )
        in_sentences: dict[str, list[int]] = {}
        for i, sentence in enumerate(parts):
            for term in sentence.where:
                in_sentences.setdefault(term, []).append(i)
        terms = frozenset(spans)
        if section:
            terms |= self.analyzer.cached_terms(section)
        return _Reading(
            terms,
            tuple(parts),
            {term: tuple(found) for term, found in spans.items()},
            {term: tuple(found) for term, found in in_sentences.items()},
        )

    def _find_type_matches(self, qtype: str, sentence: str) -> tuple[tuple[int, int, frozenset[str]], ...]:
        """Where `sentence` has something of the answer type: spans and their terms (the same
        for every question of that type, so they are kept for recurring sentences)."""
        pattern = _SPANS.get(qtype)
        if pattern is None:
            return ()
        out = []
        for match in pattern.finditer(sentence):
            trimmed = _TRAILING_STOP.sub("", match.group().rstrip(" ,;:"))
            out.append((match.start(), match.start() + len(trimmed), self.analyzer.cached_terms(trimmed)))
        return tuple(out)

    def _cited(self, hits: Sequence[Hit], needed: Sequence[Hit]) -> list[Hit]:
        """Hits worth citing, in rank order: those near the best score, and always the ones the
        answer quotes."""
        floor = 0.5 * hits[0].score
        limit = max(self.top_k, len(needed))
        chosen = {id(n) for n in needed}
        cited = [h for h in hits if id(h) in chosen]
        for h in hits[: self.top_k]:
            if len(cited) >= limit:
                break
            if h.score >= floor and id(h) not in chosen:
                cited.append(h)
                chosen.add(id(h))
        return sorted(cited, key=lambda h: h.rank)

    def _citation(self, hit: Hit, terms: set[str]) -> Citation:
        passage = hit.passage
        document = self.documents.get(passage.doc_id)
        where = self._reading(passage.text, passage.section, passage.sentences).spans
        spans = merge_spans([span for t in terms if t in where for span in where[t]])
        return Citation(
            doc_id=passage.doc_id,
            title=document.title if document else passage.doc_id,
            url=document.url if document else None,
            publisher=document.publisher if document else None,
            passage_id=passage.passage_id,
            text=passage.text,
            score=hit.score,
            highlights=spans,
            start=passage.start,
            end=passage.end,
        )


def _unmatched_words(
    query: Query, weights: dict[str, float], term_weight: Callable[[str], float | None]
) -> list[str]:
    """Words of the question whose terms are in no passage of the collection."""
    out: list[str] = []
    for token in query.tokens:
        if term_weight(token.term) is None and token.term in weights:
            word = query.question[token.start : token.end]
            if word not in out:
                out.append(word)
    return out


_BARE_URL_IN_PARENS = re.compile(r"\s*\((?:https?://|www\.)[^\s)]*\)")


@lru_cache(maxsize=4096)  # sentences recur across questions
def _tidy(text: str) -> str:
    """The sentence as a short answer: whitespace folded, bracketed bare links dropped."""
    return " ".join(_BARE_URL_IN_PARENS.sub("", text).split())
