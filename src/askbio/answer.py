"""From retrieved passages to an Answer: the sentence that answers, its span, highlights,
confidence, and the decision to abstain."""

from __future__ import annotations

import datetime
import math
import re
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from itertools import pairwise
from operator import itemgetter
from typing import NamedTuple

from askbio.answer_types import (
    ADDRESSED,
    COMPANY_AFTER,
    COMPANY_NAME,
    DOCUMENT_NOUNS,
    DOCUMENTS,
    FIGURES,
    LACKING,
    NO_COMPANY,
    POINTED_DOCUMENT,
    RIVALLED,
    SPANS,
    TRAILING_STOP,
    asks_compared,
    asks_which,
    checked_kind,
    checks,
    lacks,
    made_pointed,
    puts_claim,
    tells_ahead,
    tells_compared,
)
from askbio.confidence import CONFIDENCE_WEIGHTS, Signals, confidence
from askbio.corpus import byline_passage
from askbio.idioms import contrasted
from askbio.models import ABSTAIN_MESSAGE, UNMENTIONED, Answer, AnswerPart, Citation, Document, Hit, Passage
from askbio.query import (
    NUMBER_WORDS,
    Query,
    address_words,
    fold_word,
    place_terms,
    same_name,
    without_asides,
)
from askbio.text import STOPWORDS, Analyzer, Token, merge_spans

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
    continues: tuple[int, ...]  # sentences that go on about their predecessor's subject ("This ...")


class Candidate(NamedTuple):  # a sentence an answer may quote
    hit: Hit
    start: int  # sentence span within the passage text
    end: int
    score: float
    coverage: float
    span: tuple[int, int] | None  # the answer span within the passage text


_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")  # roughly: enough to find where a document is set

# Kinds of place the gazetteer does not tell apart, which a sentence names a list of places as
# ("the seaports of A and B").
UNTOLD_PLACE_NOUNS = (
    "airport",
    "airports",
    "seaport",
    "seaports",
    "harbour",
    "harbours",
    "harbor",
    "harbors",
)

# A Candidate's fields as a plain tuple, and its score.
_Row = tuple[Hit, int, int, float, float, tuple[int, int] | None]
_SCORE: Callable[[_Row], float] = itemgetter(3)


def _span_counts(
    qtype: str, sentence: _Sentence, span: tuple[int, int], span_terms: frozenset[str], weighing: _Weighing
) -> bool:
    """Whether a span is what the question asks of its kind: a figure counting what it counts,
    an address to write or call (a web page may not reach anyone), a reason for what was asked."""
    if qtype == "contact":
        return _DIRECT_CONTACT.fullmatch(sentence.text[span[0] : span[1]]) is not None
    if qtype == "reason":  # "this growth has flourished thanks to ..."
        return _explains(sentence, *span, weighing)
    return bool(span_terms & weighing.query.counted)


def _explains(sentence: _Sentence, start: int, end: int, weighing: _Weighing) -> bool:
    """Whether the rest of a sentence giving a reason at [start, end) says the weightiest word
    the question asks about (a name or place aside), in any of its forms: what the reason is
    given for ("why has it grown?": "this growth has flourished thanks to ...")."""
    asked = [
        (w, t) for t, w in weighing.weights.items() if t in weighing.asked and t not in weighing.specific
    ]
    if not asked:
        return False
    term = max(asked)[1]
    forms = {term, *weighing.bridges.get(term, (0.0, ()))[1]}
    return any(a < start or a >= end for t in forms for a in sentence.where.get(t, ()))


def _top(rows: Sequence[_Row]) -> Candidate:
    best: _Row = max(rows, key=_SCORE)
    return Candidate._make(best)


# A sentence's score: its coverage of the question, these bonuses when it holds something of the
# answer's type (and that thing counts what the question counts), and half its passage's score.
SPAN_BONUS = 0.35
COUNTS_BONUS = 0.3
# A figure from another document is given beside the best one if its sentence scores and covers
# this share of the best sentence's score and coverage, or more (and counts what it counts).
RIVAL_SHARE = 0.6
# A why-follow-up's own word is met by a sentence's word beginning with it ("grow": "growth"),
# when it has this many letters or more.
STEM_SHARED = 4
# A question about what two documents say, or both: each document's sentence is given, if it
# covers this share of what the best covers.
BOTH_SHARE = 1 / 3
_HOST = re.compile(r"[\w-]+(?:\.[\w-]+)+")
_BOTH_DOCUMENTS_NEEDS = (*DOCUMENTS, "sources", "publications")
_BOTH_DOCUMENTS = re.compile(
    r"\b(?:both|the two|two|each|all (?:the|three|of the)|the various)\s+(?:of the\s+)?"
    rf"(?:{'|'.join(_BOTH_DOCUMENTS_NEEDS)})\b",
    re.I,
)


def _both_documents(question: str) -> bool:
    """Whether the question asks of two documents or more together ("both articles")."""
    return not lacks(question, _BOTH_DOCUMENTS_NEEDS) and _BOTH_DOCUMENTS.search(question) is not None


# "the Wallonia piece", "the article on belgium.be": a document named by its title, publisher or
# address, whose passages alone answer (`named_document`)
_NAMED_DOCUMENT = re.compile(
    rf"\b(?:the|this|that)\s+(?P<before>(?:[\w.&'’/-]+\s+){{0,3}}?)(?P<noun>{'|'.join(DOCUMENT_NOUNS)})\b"
    r"(?:\s+(?:on|about|from|by|of|at)\s+(?P<after>(?:the\s+)?[\w.&'’/-]+(?:\s+[\w.&'’/-]+)?))?",
    re.I,
)
# Words naming a document by how wide a place it is about: a country's, a region's.
_SCOPE_NAMED = re.compile(r"\b(?:(national|federal|nationwide|country-wide|countrywide)|regional)\b", re.I)
# A question about a document itself is answered, whatever its best sentence, when this share
# of its weight is in words the document is about (its title's, those it repeats).
DOCUMENT_NAMED = 0.75
# A question asking what several documents are about is answered for this many at most.
SEVERAL_DOCUMENTS_MAX = 3
_SEVERAL_DOCUMENTS = re.compile(
    rf"\b(?:both|two|three|all|each|every|several)\b|\b(?:{'|'.join(DOCUMENTS)})\b",
    re.I,
)
# A sentence naming the question's places answers it if it covers at least this share of what
# the best sentence not naming them covers of the rest of the question: a third, so that a
# region's figure for a near word ("biomanufacturing jobs" for "biotech jobs") still answers.
PLACE_SHARE = 1 / 3
# The share of the question's words in a sentence that the next one covers too when it goes on
# about the same subject ("This data revealed ...").
CONTINUED_SHARE = 0.5
# A word of the turn before that the question refers to ("they" in "where did they present
# them?") weighs this share of an asked word; all of them together, at most this share of the
# words asked, so that a long answer before does not outweigh the question.
RECALLED_SHARE = 0.3
RECALLED_TOTAL = 1.0
RECALLED_OWN = 2  # a follow-up with more words of its own than this, known to the collection, recalls less
# A follow-up naming only a place is answered by a sentence holding this share of the weight of
# the words recalled, or more.
RECALLED_HELD = 0.5
# A question whose unknown names are more than this share of it has no near miss worth quoting.
NAMES_SHARE_MAX = 0.6
# The share of an asked word's weight that a word general English relates to it covers.
BRIDGE_SHARE = 0.7
# Terms a sentence may hold that the conversation never said, and still say again what it said.
RESTATED_NEW = 1
# The most of a question a passage covers by holding a synonym of its words.
SYNONYM_BONUS_MAX = 0.2
# Words naming a quantity: asked for ("how much money", "the number of"), the figure meets them.
QUANTITY_WORDS = ("money", "amount", "sum", "figure", "number", "total", "value")
# Money a question asks for by what is done with it ("what do they pay?"): the sentence must say that
# too, not only give an amount.
TRANSACTION_WORDS = ("pay", "pays", "paid", "earn", "earns", "earned", "charge", "charges", "charged")
# Events asked for by name ("at which trade show?"): met by the event's name, not by the word
# ("shows an immunological activity").
EVENT_WORDS = (
    "event",
    "events",
    "show",
    "shows",
    "fair",
    "fairs",
    "exhibition",
    "expo",
    "congress",
    "summit",
)
# Institutions asked for by kind ("which hospital runs the trial?"): a name answers only in a
# sentence saying that kind, for a company's name is not a hospital's.
INSTITUTION_WORDS = (
    "hospital",
    "hospitals",
    "clinic",
    "clinics",
    "university",
    "universities",
    "school",
    "schools",
    "institute",
    "institutes",
    "laboratory",
    "laboratories",
    "ministry",
    "ministries",
    "bank",
    "banks",
    "journal",
    "journals",
)
# Currencies: asked for a figure "in euros", the amount meets them, in the currency's code or name.
CURRENCY_WORDS = ("euro", "euros", "eur", "dollar", "dollars", "usd", "pound", "pounds", "gbp", "sterling")
# Characters from a word the question asks within which a rare word answers "which drug?".
SUBSTANCE_REACH = 30
# Letters a name of two words or more has at least to be read as the place a letter away from it.
TYPO_PLACE_MIN = 10
# English words this common (`Lexicon.informativeness` at its floor: "see", "get") say nothing of
# what a follow-up asks.
COMMONEST_PRIOR = 0.35
# How much more the word a "what" or "which" question asks for weighs than its idf.
INFORMER_FACTOR = 2.0
# Two words the question puts side by side, said within this many characters of each other in a
# sentence, add this share of the lighter one's weight to the sentence's score (not its coverage).
PAIR_REACH = 24
PAIR_SHARE = 0.3
# A word of the question in its document's title counts in the score of each of the document's
# sentences as if said there (not in their coverage: the confidence is not raised by it).
TITLE_SHARE = 1.0
# "tell me more" at a document's end goes on after the sentence saying this many of its words.
AFTER_SAYING_WORDS = 3


class _Weighing:
    """One question's weights, and what follows from them for every passage read."""

    def __init__(
        self,
        query: Query,
        weights: dict[str, float],
        unknown_weight: float,
        unknown: Sequence[str],
        everyday: Sequence[str] = (),
    ) -> None:
        self.query = query
        self.weights = weights
        self.total = sum(weights.values())
        # shares of what was asked, not of the words recalled from the turn before or told about
        # the asker, which the collection has: "how many medtech firms are there?" lacks as much after a turn
        recalled = {*query.recalled, *query.told}
        own = sum(w for t, w in weights.items() if t not in recalled) or self.total
        self.unknown = sum(weights[t] for t in unknown) / own  # share the collection lacks
        self.everyday = sum(weights[t] for t in everyday) / own  # of which everyday words
        self._own = own
        self._unknown_terms = tuple(unknown)
        self._everyday_terms = frozenset(everyday)
        self.expansions = frozenset(query.expansions)
        self.specific = weighed_specific(query)
        # the names a comparison is made with ("against Germany"): part of what is asked, not where
        self.compared = (
            frozenset(
                query.named.get(t.term, t.term)
                for t in query.tokens
                if _POSSESSIVE.sub("", query.question[t.start : t.end]) in query.compared
            )
            if query.compared
            else frozenset()
        )
        # The words asked, not those recalled from the turn before: a span made only of them
        # answers nothing.
        self.asked = weights.keys() - set(query.recalled) if query.recalled else weights.keys()
        # A follow-up naming only a place ("and are there any in Brussels?") asks about what the
        # turns before were about: its answer names something of that too.
        self.only_where = bool(query.recalled) and self.asked <= query.places
        self.recalled = {t: weights[t] for t in query.recalled if t in weights}
        # A sentence holding only words recalled from the turn before answers nothing asked,
        # unless no sentence read holds any ("what are they working on?": its own word is nowhere).
        self.needs_asked = bool(query.recalled)
        # A passage holding a synonym of the question's words covers a little more of it: a
        # little, even when the question is two words long.
        self.synonym_bonus = min(0.5 * unknown_weight / self.total, SYNONYM_BONUS_MAX)
        # An asked word the collection lacks is partly covered by a word it is bridged to, and a
        # name wholly by its other forms ("Belgian" for "Belgium").
        self.bridges = (
            {t: (BRIDGE_SHARE * weights[t], found) for t, found in query.derived.items() if t in weights}
            | {t: (BRIDGE_SHARE * weights[t], found) for t, found in query.bridges.items() if t in weights}
            | {t: (weights[t], found) for t, found in query.forms.items() if t in weights}
        )
        self.phrases = {t: (weights[t], found) for t, found in query.phrases.items() if t in weights}
        # Words the question puts side by side ("the dominant activity"), each with the forms a
        # sentence may say it in: a sentence saying them close together says what they say together.
        forms = {t: {t, *self.bridges.get(t, (0.0, ()))[1]} for t in weights}
        replaced = query.replaced
        order = [r for tok in query.tokens if (r := replaced.get(tok.term, tok.term)) in weights]
        # The informer said beside its word ("the biggest activity": "the most prevalent activity")
        # is what is asked, said as asked: the lighter word's whole weight.
        informer = query.informer
        self.pairs = [
            (
                forms[a],
                forms[b],
                (1.0 if a in informer or b in informer else PAIR_SHARE) * min(weights[a], weights[b]),
            )
            for a, b in pairwise(order)
            if a != b and a not in self.specific and b not in self.specific
        ]

    def coverages(self, reading: _Reading) -> list[float]:
        """Each sentence's share of the question's weight, summed term by term over the
        sentences holding the term rather than sentence by sentence over the terms."""
        found = [0.0] * len(reading.sentences)
        for t, w in self.weights.items():
            for i in reading.in_sentences.get(t, ()):
                found[i] += w
        for t, (w, alternatives) in self.bridges.items():
            own = reading.in_sentences.get(t, ())  # a sentence naming the asked form has it counted
            for i in {i for a in alternatives for i in reading.in_sentences.get(a, ())}:
                if i not in own:
                    found[i] += w
        for t, (w, phrases) in self.phrases.items():  # "research and development" for "R&D"
            own = reading.in_sentences.get(t, ())
            for phrase in phrases:
                holding = set.intersection(*(set(reading.in_sentences.get(p, ())) for p in phrase))
                for i in holding.difference(own):
                    found[i] += w
                own = (*own, *holding)
        for i in reading.continues:  # "This trial ...": its subject is the sentence before's
            for t, w in self.weights.items():
                where = reading.in_sentences.get(t, ())
                if i - 1 in where and i not in where:
                    found[i] += CONTINUED_SHARE * w
        total = self.total
        synonyms = reading.terms & self.expansions
        if not synonyms:
            return [weight / total for weight in found]
        bonus = self.synonym_bonus
        return [
            weight / total + (bonus if not synonyms.isdisjoint(sentence.where) else 0.0)
            for sentence, weight in zip(reading.sentences, found, strict=True)
        ]

    def together(self, reading: _Reading) -> list[float]:
        """Each sentence's share of the question's weight in words it says close together as the
        question does ("the dominant activity": "the most prevalent activity"): a score for
        choosing the sentence, not what it covers of the question."""
        found = [0.0] * len(reading.sentences)
        terms = reading.terms
        for first, second, extra in self.pairs:
            if terms.isdisjoint(first) or terms.isdisjoint(second):
                continue  # most passages hold neither word of most pairs
            holding = {i for t in first for i in reading.in_sentences.get(t, ())}
            holding &= {i for t in second for i in reading.in_sentences.get(t, ())}
            for i in holding:
                said = reading.sentences[i].where
                starts = [p for t in first if t in said for p in said[t]]
                if any(
                    abs(p - q) <= PAIR_REACH for t in second if t in said for p in said[t] for q in starts
                ):
                    found[i] += extra / self.total
        return found

    def holds_recalled(self, sentence: _Sentence) -> bool:
        """Whether the sentence holds half the weight, or more, of the words recalled from the
        turns before."""
        held = sum(w for t, w in self.recalled.items() if t in sentence.where)
        return held >= RECALLED_HELD * sum(self.recalled.values())

    def holds_asked(self, sentence: _Sentence) -> bool:
        """Whether the sentence holds a word the question asks, itself, bridged or as a synonym
        (not only words recalled from the turn before)."""
        where = sentence.where
        return (
            any(t in where for t in self.asked)
            or any(a in where for _, alternatives in self.bridges.values() for a in alternatives)
            or any(t in where for t in self.expansions)
        )

    def signals(
        self, hits: Sequence[Hit], top_terms: frozenset[str], best: Candidate, said: Container[str] = ()
    ) -> Signals:
        """What the confidence rests on, for the best sentence (whose terms are `said`) of the
        best passage (`top_terms`)."""
        top = hits[0]
        covered = sum(w for t, w in self.weights.items() if t in top_terms)
        covered += sum(
            w
            for t, (w, alternatives) in self.bridges.items()
            if t not in top_terms and not top_terms.isdisjoint(alternatives)
        )
        covered += sum(
            w
            for t, (w, phrases) in self.phrases.items()
            if t not in top_terms and any(top_terms.issuperset(p) for p in phrases)
        )
        coverage = covered / self.total
        if not self.expansions.isdisjoint(top_terms):
            coverage = min(1.0, coverage + self.synonym_bonus)
        qtype = self.query.answer_type
        # A word the collection lacks, met in the sentence by one it is bridged to ("situated":
        # "location"), is lacking only for the share a bridge does not cover.
        unknown, everyday = self.unknown, self.everyday
        for t in self._unknown_terms:
            if t in self.bridges and any(b in said for b in self.bridges[t][1]):
                met = BRIDGE_SHARE * self.weights[t] / self._own
                unknown -= met
                everyday -= met if t in self._everyday_terms else 0.0
        return Signals(
            coverage=coverage,
            top_score=top.score,
            tfidf=top.tfidf,
            margin=top.score - (hits[1].score if len(hits) > 1 else 0.0),
            type_found=0.5 if qtype is None else float(best.span is not None),
            unknown=unknown,
            everyday=everyday,
        )


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
        places: Container[str] = (),
        place_kinds: Callable[[], Mapping[str, frozenset[str]]] | None = None,
        word_prior: Callable[[str], float] | None = None,
        is_everyday: Callable[[str], bool] | None = None,
        noun_kind: Callable[[str], str | None] | None = None,
        top_k: int = 3,
        min_confidence: float = 0.25,
        confidence_weights: dict[str, float] | None = None,
        passages_of: Callable[[str], Sequence[Passage]] | None = None,
    ) -> None:
        self.analyzer = analyzer
        self._quantity = frozenset(analyzer.terms(" ".join(QUANTITY_WORDS)))
        self._figure_words = self._quantity | frozenset(analyzer.terms(" ".join(CURRENCY_WORDS)))
        self._transactions = frozenset(analyzer.terms(" ".join(TRANSACTION_WORDS)))
        self._events = frozenset(analyzer.terms(" ".join(EVENT_WORDS)))
        self._institutions = frozenset(analyzer.terms(" ".join(INSTITUTION_WORDS)))
        self._worldwide = frozenset(analyzer.terms(" ".join(WORLDWIDE_WORDS)))
        self._untold_place_nouns = frozenset(analyzer.terms(" ".join(UNTOLD_PLACE_NOUNS)))
        self._comparing = frozenset(analyzer.terms(" ".join(COMPARING_WORDS)))
        # Asked again and again for the same terms: kept, as the index they come from is fixed.
        self.term_weight = lru_cache(maxsize=65536)(term_weight)
        self.unknown_weight = unknown_weight
        self.word_prior = word_prior or (lambda word: 1.0)
        self.is_everyday = is_everyday or (lambda word: False)
        self.noun_kind = noun_kind or (lambda word: None)
        self.documents = documents
        self.passages_of = passages_of or (lambda doc_id: ())
        self.places = places
        # A place's kinds ("city", "country", ...), read when a question first asks for one.
        self._place_kinds = place_kinds or dict
        self.top_k = top_k
        # How many of the best passages an answer is composed from: sentences are chosen from
        # these, citations from the first top_k of them.
        self.reads = max(top_k, 5)
        # Before a near miss is said, this many passages are read: the answer may be further down.
        self.reads_before_near_miss = 2 * self.reads
        self.min_confidence = min_confidence
        self.confidence_weights = confidence_weights or CONFIDENCE_WEIGHTS
        # What depends on a passage alone is kept for the passages that recur across questions.
        self._type_matches = lru_cache(maxsize=8192)(self._find_type_matches)
        self._reading = lru_cache(maxsize=4096)(self._read)
        self._scope = lru_cache(maxsize=1024)(self._find_scope)
        self._title_terms = lru_cache(maxsize=1024)(self._find_title_terms)
        self._naming: dict[str, frozenset[str]] | None = None  # term -> documents it names, when first asked
        self._place_name = lru_cache(maxsize=8192)(self._find_place_name)
        self._named_parts = lru_cache(maxsize=8192)(self._find_named_parts)
        self._long_places: list[str] | None = None  # place names of two words or more, when first needed
        self._unmet_seen: dict[tuple[tuple[str, ...], tuple[str, ...], str, int], list[str]] = {}

    def weights(self, query: Query) -> dict[str, float]:
        """Weight of each distinct question term: its idf, or `unknown_weight` if unindexed.
        When the asking sentence says only what kind of answer is wanted ("I wish to request a
        meeting with the agency. Which e-mail shall I use?"), what the others told is asked."""
        out = self._weights(query)
        if not out and query.told:
            told = frozenset(query.told)
            return self._weights(replace(query, fillers=query.fillers - told, told=()))
        if not out and query.answer_type in ADDRESSED:
            # "who do I contact?" and nothing else: the addresses the collection gives are asked
            out = {t: w for t in query.expansions if (w := self.term_weight(t)) is not None}
        return out

    def _weights(self, query: Query) -> dict[str, float]:
        out: dict[str, float] = {}
        surface: dict[str, str] | None = None  # how the question spells a term, when needed
        asked = [t.term for t in query.tokens if t.term not in query.replaced]
        # "contact ... for a meeting": "meeting" is asked itself, though "contact" is bridged to it
        itself = set(asked)
        bridged = {b for found in query.bridges.values() for b in found}
        recalled = set(query.recalled)
        for asked_term in dict.fromkeys(asked + list(query.terms)):
            if asked_term in query.fillers:
                continue
            if asked_term in recalled:  # what a pronoun stands for: an answer may name it
                out[asked_term] = RECALLED_SHARE * (self.term_weight(asked_term) or 0.0)
                continue
            term = query.named.get(asked_term, asked_term)  # a name in the collection's form
            w = self.term_weight(term)
            if (term in query.expansions or term in bridged) and w is not None and asked_term not in itself:
                continue  # expansions help retrieval; they don't dilute coverage (unless asked too)
            if w is None:
                if surface is None:
                    surface = query.spelt()
                w = self.unknown_weight * self.word_prior(surface.get(term, term))
            out[term] = w
        if recalled:
            asked_total = sum(w for t, w in out.items() if t not in recalled)
            recalled_total = sum(w for t, w in out.items() if t in recalled)
            # a follow-up saying much of its own ("and what's Belgium's total R&D spend?") needs less of the turn before
            own = sum(1 for t in out if t not in recalled and self.term_weight(t) is not None)
            cap = RECALLED_TOTAL * min(1.0, RECALLED_OWN / own) if own else RECALLED_TOTAL
            if recalled_total > cap * asked_total > 0:
                scale = cap * asked_total / recalled_total
                out = {t: w * scale if t in recalled else w for t, w in out.items()}
        # The thing a "what" or "which" question asks for: the answer's sentence should name it.
        for term in query.informer:
            if term in out and term not in recalled and self.term_weight(term) is not None:
                out[term] *= INFORMER_FACTOR
        for term in query.excluded:  # set aside ("not just Europe"): not asked
            out.pop(query.named.get(term, term), None)
        # A misspelt word is represented by its correction, not counted twice.
        for wrong in query.corrections:
            for term in self.analyzer.terms(wrong):
                out.pop(term, None)
        # Words asking for the kind of answer ("contact", "email") are met by its span, not the
        # text; those asking for a share ("what proportion") are met by it even where the text has
        # them. Not what a person did ("who founded"): the sentence must say it of them.
        doings = query.answer_type == "person"
        for term in query.cues - query.specific:  # a name inside "where does X rank" asks nothing
            if (query.answer_type == "name" and term in self._events) or (
                (self.term_weight(term) is None and not doings and term not in self._transactions)
                or query.answer_type == "percent"
                or term in self._quantity
            ):
                out.pop(term, None)
            # "nickname" read as "known": met by the name the sentence gives, as the cue is
            if query.answer_type == "alias" and term in query.replaced:
                out.pop(query.replaced[term], None)
        # "the total export value in euros", "close to a hundred billion euros?": the figure's own
        # words, when the question asks something besides them
        if query.answer_type in FIGURES or query.rounded:
            said = self._figure_words & out.keys()
            if said and any(t not in said and t not in recalled for t in out):
                for term in said:
                    out.pop(term)
        return out

    def compose(
        self,
        query: Query,
        hits: Sequence[Hit],
        *,
        min_confidence: float | None = None,
        again: str = "",
        document: str = "",
    ) -> Answer:
        """The answer the hits give to the query; an abstention when its confidence is below
        `min_confidence` (the composer's own threshold unless given), or a near miss when the
        question names something the documents never mention. Sentences `again` holds (said
        already) are not the answer while another may be."""
        weights = self.weights(query)
        if not hits or sum(weights.values()) <= 0:
            if query.provenance in ("title", "about") and len(self.documents) <= SEVERAL_DOCUMENTS_MAX:
                return self._described(query, weights, (), None, 1.0, None)  # "what are the articles about?"
            return self.abstain(query, weights)
        hits, weights = self._in_named_document(query, hits, weights, document)
        unknown = [t for t in weights if self.term_weight(t) is None]
        weighing = _Weighing(
            query, weights, self.unknown_weight, unknown, self._everyday_terms(query, unknown)
        )
        named = query.named
        # Where and when the answer must apply: the places and the years asked about, and for a
        # count the names it is asked of.
        asked = [
            *query.places,
            *query.exclusive,
            *(t for t in query.specific if _YEAR.fullmatch(t)),
            *query.qualifiers,
        ]
        if query.counted and query.answer_type == "number":  # "how many people does GSK employ?": GSK
            asked += [t for t in weighed_specific(query) if t not in query.counted]
        places = list(
            dict.fromkeys(p for t in asked if (p := named.get(t, t)) in weights and p not in unknown)
        )
        prune = self.prune and not places and not _both_documents(query.question)
        rows = self._candidates(weighing, hits[: self.reads], prune=prune and not again)
        if weighing.needs_asked and not any(r[4] or r[5] for r in rows):
            weighing.needs_asked = False
            rows = self._candidates(weighing, hits[: self.reads], prune=prune and not again)
        if again:  # another sentence saying as much of the topic, if one does
            rows = self._not_again(weighing, rows, again)
        best, candidates, unmet = self._best(weighing, rows, places)
        if self._uncounted(query, best):  # "how many companies?": a sentence counting them first
            counting = [
                r for r in rows if r[5] is not None and not self._uncounted(query, Candidate._make(r))
            ]
            if counting:
                counted = self._best(weighing, counting, places)
                if not counted[2]:
                    best, candidates, unmet = counted
        if len(hits) > self.reads and self._falls_short(query, best, unmet):
            rows += self._candidates(weighing, hits[self.reads : self.reads_before_near_miss], prune=prune)
            further = self._best(weighing, rows, places)
            if not self._falls_short(query, further[0], further[2]):
                best, candidates, unmet = further
        signals = weighing.signals(hits, self._terms(best.hit), best, self._sentence(best).where)
        if signals.type_found == 0.0 and not signals.unknown and self._compares_as_asked(query, best):
            # "a higher density compared to Germany": how they compare, all asked being known
            signals = replace(signals, type_found=1.0)
        conf = confidence(signals, self.confidence_weights)
        threshold = self.min_confidence if min_confidence is None else min_confidence
        if query.provenance is not None and conf < threshold:
            # "who put out the article about Wallonia leading the charge?": sure of the document
            # its title and words name, whichever sentence was best
            sure = self._document_named(weights, self._document_asked(query, weights, hits, best))
            if sure >= DOCUMENT_NAMED:
                return self._provenance(query, weights, hits, best, sure, signals)
        without = (
            self._confidence_without_names(query, weights, unknown, signals) if conf < threshold else conf
        )
        if without < threshold:
            return replace(self.abstain(query, weights, conf), signals=signals.to_dict())
        if query.provenance is not None:
            return self._provenance(query, weights, hits, best, conf, signals)
        miss = self._miss(query, weights, unknown, best, unmet)
        if miss is not None:
            lacking, said, share = miss
            return self._near_miss(query, weights, hits, best, lacking, said, conf * max(0.0, share), signals)
        conf = max(conf, without)  # the names it lacks were no reason to miss ("a Namur company, isn't it?")
        if best.span is None and (query.answer_type == "kinds" or self._next_says_more(best, weighing)):
            best = self._with_next(best)  # "excels in cancer treatments." then which ones
        chosen = [best, *self._rivals(weighing, best, candidates)]
        # "Is that more than what goes to Germany?": a comparison needs what it compares with too
        uncompared = [n for n in query.compared if not any(self._compares_with(query, c, n) for c in chosen)]
        if uncompared:
            said = f"The documents don't give this for {_join(uncompared)}"
            return self._near_miss(query, weights, hits, best, uncompared, said, 0.5 * conf, signals)
        return self._answer(query, weights, hits, chosen, conf, signals)

    def _not_again(self, weighing: _Weighing, rows: list[_Row], again: str) -> list[_Row]:
        """The rows but those of sentences said already (`again`), when another says as much of
        what the turn itself asks (not of the words recalled from the turns before)."""

        def asked(row: _Row) -> float:
            where = self._sentence(Candidate._make(row)).where
            return sum(w for t, w in weighing.weights.items() if t in weighing.asked and t in where)

        said = [r for r in rows if _tidy(r[0].passage.text[r[1] : r[2]]) in again]
        most = max(map(asked, said), default=0.0)
        others = [r for r in rows if r not in said and asked(r) >= most]
        return others or rows

    def _confidence_without_names(
        self, query: Query, weights: dict[str, float], unknown: Sequence[str], signals: Signals
    ) -> float:
        """The confidence the answer would have without the names the documents never mention
        (0 when there are none): a question answered well but for them is a near miss worth
        explaining ("The documents don't mention 2015. The nearest they come: ...")."""
        names = [t for t in unknown if t in query.specific and t not in query.named]
        missing = sum(weights[t] for t in names)
        share = missing / sum(weights.values())
        if not missing or share > NAMES_SHARE_MAX:
            return 0.0  # mostly about things the documents never mention: nothing near
        rest = 1.0 - share
        without = replace(
            signals,
            coverage=min(1.0, signals.coverage / rest),
            unknown=(signals.unknown - share) / rest,
            everyday=signals.everyday / rest,
        )
        return confidence(without, self.confidence_weights)

    def _undated(self, query: Query, weights: dict[str, float], best: Candidate) -> bool:
        """Whether the sentence says none of what a "when" question asks happened ("founded",
        "expire"), in any of its forms: the date it gives is another event's."""
        # the words of a name the sentence writes ("when was pdc line pharma founded?") are whom it is about
        text = best.hit.passage.text[best.start : best.end]
        named = {t for m in _CAPITALISED.finditer(text) for t in self.analyzer.cached_terms(m.group())}
        if _BEGINNING_ASKED.search(query.question) and not _BEGINNING_SAID.search(text):
            return True  # "what year did they start producing vaccines?": a date of what began
        events = [t for t in weights if t not in query.specific and t not in query.cues and t not in named]
        return bool(events) and not self._says(query, best, events)

    def _placed_apart(self, query: Query, weights: dict[str, float], best: Candidate) -> list[str]:
        """The question's places the best sentence names only in another clause, after "in" or
        the like, with a figure of that clause's own and none of the question's other words:
        "ranks fourth globally in exports and second in Europe for trials" gives no rank in
        Europe for exports."""
        text = best.hit.passage.text[best.start : best.end]
        start, end = best.span[0] - best.start, best.span[1] - best.start  # type: ignore[index]
        cuts = [0, *(m.end() for m in _CLAUSE_BREAK.finditer(text)), len(text)]
        if len(cuts) < 3:
            return []
        clauses = list(pairwise(cuts))
        own = next((c for c in clauses if c[0] <= start < c[1]), None)
        if own is None or end > own[1]:
            return []
        own_terms = self.analyzer.cached_terms(text[own[0] : own[1]])
        other_words = weights.keys() - query.places - query.cues
        apart = []
        for place in query.places:
            if _names(own_terms, place):
                continue
            for a, b in clauses:
                clause = text[a:b]
                if (
                    (a, b) != own
                    and _names(self.analyzer.cached_terms(" ".join(_SCOPED.findall(clause))), place)
                    and self._type_matches(query.answer_type or "", clause)
                    and other_words.isdisjoint(self.analyzer.cached_terms(clause))
                ):
                    apart.append(place)
                    break
        return apart

    def _ranked_for_else(self, query: Query, weights: dict[str, float], best: Candidate) -> list[str] | None:
        """The question's words a rank is asked for, or its places, that the sentence says but not
        in the clause giving the rank: "which place in Europe for pharmaceutical exports?" and
        "fourth globally in pharmaceutical exports and ... a second place in Europe for clinical
        trials"."""
        if query.answer_type != "rank" or best.span is None:
            return None
        said = self._sentence(best).where.keys()
        within = self.analyzer.cached_terms(_span_clause(best))
        asked = [t for t in weights if t in said and t not in query.specific and t not in query.cues]
        if asked and not any(t in within for t in asked):
            return _words_of(query, asked)
        elsewhere = [p for p in query.places if p in said and p not in within]  # "in Europe", said of another
        return _words_of(query, elsewhere) if asked and elsewhere else None

    def _ranked_otherwise(
        self, query: Query, weights: dict[str, float], best: Candidate
    ) -> tuple[list[str], str, float] | None:
        """A near miss on where something stands: a figure or rank asked worldwide and given for
        a region ("second in Europe"), a count asked ("the 4 regions") and given otherwise ("the
        three regions"), or a rank asked ("which is first?") that the sentence does not give."""
        if query.ranks:
            sentence = best.hit.passage.text[best.start : best.end].lower()
            ranks = [r for r in query.ranks if not re.search(rf"\b{r}\b", sentence)]
            if ranks:
                return ranks, f"The documents don't say what is {_join(ranks)}", 0.5
        if best.span is not None and (region := self._regional(query, best)):
            return [region], f"The documents give this for {region}, not worldwide", 0.5
        if query.whole and (part := self._of_a_part(best, query)):  # asked whole, given for a part
            return [part], f"The documents give this for {part} only", 0.5
        if (unranked := self._ranked_for_else(query, weights, best)) is not None:
            return unranked, f"The documents don't give this for {_join(unranked)}", 0.5
        if (miscount := self._miscounted(query, best)) is not None:
            return [miscount], f"{UNMENTIONED}{miscount}", 0.5
        return None

    def _miscounted(self, query: Query, best: Candidate) -> str | None:
        """The count the question asks for ("the 4 regions") when the sentence counts the same
        things otherwise ("the three regions"); None otherwise."""
        if not query.counts:
            return None
        sentence = best.hit.passage.text[best.start : best.end]
        said = {m.lower() for m in re.findall(r"\b\w+\b", sentence)}
        for number, noun in query.counts:
            if str(number) in said or (number < len(NUMBER_WORDS) and NUMBER_WORDS[number] in said):
                continue  # "8 of the 10 top airports" gives the 8 asked for
            for match in _COUNTED_NOUN.finditer(sentence):
                count = match.group(1).lower()
                value = int(count) if count.isdigit() else NUMBER_WORDS.index(count)
                if value != number and noun in self.analyzer.cached_terms(match.group(2)):
                    return str(number)
        return None

    def _regional(self, query: Query, best: Candidate) -> str | None:
        """The place the answer's clause gives a figure or a rank for ("second in Europe"), when
        the question asks worldwide ("world rank?") and the clause says nothing global."""
        asked = _FIELD_WORLD.sub(" ", query.question)  # "the medicine world": the field, not the globe
        if query.answer_type not in (*FIGURES, "rank") or not _WORLDWIDE.search(asked):
            return None
        # "and for clinical trials?" after "world rank in exports?": a new topic, not its scope
        if query.focus:
            return None
        clause = _span_clause(best)
        if _WORLDWIDE.search(clause):
            return None
        return next((p for p in _SCOPED.findall(clause) if fold_word(p) in self.places), None)

    def _unsaid_brought(self, query: Query, weights: dict[str, float], best: Candidate) -> list[str]:
        """The words a follow-up brought (`Query.brought`), if the best sentence says none of them
        in any form, says nothing the conversation had not said already, and its answer is the
        one just given to a question of the same kind, or the follow-up asks no kind of answer
        and points back at what was said ("those jobs") rather than at whom ("they")."""
        framing = _ASKS_OF_SAID.search(query.question)
        frame = self.analyzer.cached_terms(framing.group(1)) if framing else ()
        brought = [
            t
            for t in query.brought
            if t in weights
            and t not in query.cues
            and t not in query.fillers
            and t not in self._comparing
            and t not in frame
        ]
        if not brought or not query.recalled or query.compared:  # "is that more than X?" compares
            return []
        if query.answer_type is None:
            # "are those grants taxable?": of the things just said, not of whom ("what are they working on?")
            if not _POINTS_BACK.search(query.question) or _PERSONAL.search(query.question):
                return []
        elif best.span is None or best.hit.passage.text[best.span[0] : best.span[1]] not in query.given:
            return []
        said = self._sentence(best).where
        known = set(query.recalled) | (weights.keys() - query.brought)
        others = query.other_forms()
        for first, second in _OFFERED.findall(query.question):  # "gross or net?": either is said of it
            one, other = self.analyzer.cached_terms(first), self.analyzer.cached_terms(second)
            others |= {t: (*others.get(t, ()), *other) for t in one} | {
                t: (*others.get(t, ()), *one) for t in other
            }
        if any(
            t in said
            or any(o in said for o in others.get(t, ()))
            or any(all(w in said for w in phrase) for phrase in query.phrases.get(t, ()))
            for t in brought
        ):
            return []
        return brought if len(said.keys() - known) <= RESTATED_NEW else []

    def _brought_unknown(self, query: Query, weights: dict[str, float], best: Candidate) -> list[str]:
        """The words a yes-no follow-up brought (`Query.brought`), if the collection has none of
        them and the sentence says none in a word general English relates to them; not two
        offered to choose from ("gross or net?"), one of which the answer may give."""
        if query.answer_type is not None or asks_which(query.question) or _OFFERED.search(query.question):
            return []
        brought = [
            t for t in query.brought if t in weights and t not in query.cues and t not in query.fillers
        ]
        if not brought or not query.recalled or any(self.term_weight(t) is not None for t in brought):
            return []
        spelt = query.spelt()  # "can I see them?": a verb that common says nothing of what is asked
        brought = [t for t in brought if self.word_prior(spelt.get(t, t)) > COMMONEST_PRIOR]
        # "any event where we can meet them?": a kind of thing, which the sentence may name
        if not brought or any(_KIND_NOUN.fullmatch(spelt.get(t, t)) for t in brought):
            return []
        return [] if self._says(query, best, brought) else sorted(brought)

    def _said_otherwise(self, query: Query, best: Candidate) -> tuple[list[str], str, float] | None:
        """What the question is about or qualifies its figure with that the sentence does not
        say: the name the conversation is about, which its passage must name ("how many people
        work there?" after "PDC Line Pharma, a biotech company ..."); a word it narrows itself
        to, all of which must be said ("spend specifically on vaccine research", and the figure
        is for research at large); a qualifier the sentence says another of ("the standard tax
        rate", and the sentence gives the effective one); a time before the asking ("last year")
        the sentence dates nothing in."""
        if query.about and not _mentions(best.hit.passage.text, query.about):
            return [query.about], f"The documents don't give this for {query.about}", 0.5
        if query.narrowed and (unsaid := query.narrowed - self._sentence(best).where.keys()):
            words = _words_of(query, sorted(unsaid))
            return words, f"The documents don't give this for {_join(words)} specifically", 0.5
        sentence = best.hit.passage.text[best.start : best.end]
        qualifiers = contrasted(query.question, sentence)
        if qualifiers is not None:
            yours, theirs = qualifiers
            return [yours], f"The documents give the {theirs} one, not the {yours} one", 0.5
        if (kind := self._another_kind(query, best.hit.passage.text, sentence)) is not None:
            yours, theirs, noun = kind
            return [yours], f"The documents speak of {theirs} {noun}, not {yours} {noun}", 0.5
        # "founded last year": a year before the asking, which a sentence dating nothing does not give
        # (not in a sentence about the asker: "My sister was treated last year. What ...?")
        last = None if lacks(query.question, _LAST_YEAR_NEEDS) else _LAST_YEAR.search(query.question)
        if last is not None:
            last = _LAST_YEAR.search(without_asides(query.question))
        if last is not None and not SPANS["date"].search(sentence):
            return [last.group(0)], f"The documents don't give this for {last.group(0)}", 0.5
        return None

    def _another_kind(self, query: Query, passage: str, sentence: str) -> tuple[str, str, str] | None:
        """A word the collection lacks that qualifies a noun of the question ("breast cancer"),
        when the sentence qualifies that noun with another word of the same kind ("lung
        cancer"): the two words and the noun; None otherwise."""
        tokens = query.tokens
        for word, noun in pairwise(tokens):
            if self.term_weight(word.term) is not None or noun.start - word.end != 1:
                continue
            if self.term_weight(noun.term) is None or noun.term not in self.analyzer.cached_terms(sentence):
                continue
            yours = query.question[word.start : word.end].lower()
            kind = self.noun_kind(yours) if yours not in STOPWORDS else None
            if kind not in CONTRASTED_KINDS or re.search(rf"\b{re.escape(yours)}\b", passage, re.I):
                continue
            said = list(self.analyzer.tokens(sentence))
            for before, at in pairwise(said):
                theirs = sentence[before.start : before.end].lower()
                if at.term == noun.term and at.start - before.end == 1 and self.noun_kind(theirs) == kind:
                    return yours, theirs, sentence[at.start : at.end]
        return None

    def _falls_short(self, query: Query, best: Candidate, unmet: list[str]) -> bool:
        """Whether the best sentence is not about the places asked, lacks the kind of answer
        asked for, counts something else or dates the past for a question about the future:
        what `_miss` would call a near miss."""
        lacks = (
            (query.answer_type in LACKING or query.place_kind is not None)
            and best.span is None
            and not self._compares_as_asked(query, best)
        )
        partial = query.whole and self._of_a_part(best, query) is not None
        return (
            bool(unmet)
            or lacks
            or partial
            or self._uninformed(query, best)
            or self._uncounted(query, best)
            or self._past(query, best)
        )

    def _uninformed(self, query: Query, best: Candidate) -> bool:
        """Whether the sentence says nothing of what a "what" or "which" question asks for (its
        informer, in any form): "what is the main activity?" and the sentence names no activity.
        Not asked of a kind of answer, whose span names it ("which cities?": "Paris")."""
        if not query.informer or query.recalled or query.answer_type is not None:
            return False
        return not self._says(query, best, query.informer)

    def _says(self, query: Query, candidate: Candidate, terms: Iterable[str]) -> bool:
        """Whether the sentence says any of these terms of the question, in any of its forms
        (`Query.other_forms`: bridged, derived, a name's other forms)."""
        said = self._sentence(candidate).where
        others = query.other_forms()
        return any(t in said or any(o in said for o in others.get(t, ())) for t in terms)

    def _unmade(self, query: Query, best: Candidate) -> list[str]:
        """What a company is asked to make, when the sentence (and the one it goes on from)
        says none of it in any form: the names it gives make something else, or nothing said."""
        if not query.made:
            return []
        said = self._said_near(best)
        others = query.other_forms()
        if any(t in said or any(o in said for o in others.get(t, ())) for t in query.made):
            return []
        return sorted(query.made)

    def _put_otherwise(self, query: Query, best: Candidate, terms: Sequence[str]) -> bool:
        """Whether a yes-or-no check says of a name the sentence gives ("PDC Line Pharma is a
        Namur company, isn't it?") a place the sentence gives otherwise ("in Liège"): the check's
        place is its claim, not where the answer must apply, and the sentence answers it."""
        if not checks(without_asides(query.question)):
            return False
        spelt = query.spelt()
        words = [spelt.get(t, t) for t in terms]
        # places only, and named as places are ("Namur"), not everyday words that are places too ("tours")
        if not all(
            fold_word(w) in self.places and (w[:1].isupper() or not self.is_everyday(w)) for w in words
        ):
            return False
        said = self._said_near(best)
        # the names it checks the place against: others than places, or the places it lists with
        # it that the sentence lists too ("between Amsterdam, Paris and London, yes?")
        named = {t for t in query.specific - query.places - set(terms) if not any(c.isdigit() for c in t)}
        named |= {p for p in query.places - set(terms) if p in said} if len(query.places) > 2 else set()
        sentence = best.hit.passage.text[best.start : best.end]
        return bool(named) and named <= said and self._places_in(sentence) > 0

    def _unsaid(self, query: Query, best: Candidate) -> tuple[list[str], str, float] | None:
        """A near miss on what the question says of its answer: made by a company, or a figure
        to check, that the best sentence says nothing of."""
        # "Which companies make flu vaccines?" and the sentence names companies, but makes nothing
        if (unmade := self._unmade(query, best)) and (words := _words_of(query, unmade)):
            return words, f"The documents don't say which company makes {_join(words)}", 0.5
        # "which companies make them?" after vaccines, and the sentence says nothing of the turn before
        if (pointed := self._unmade_before(query, best)) is not None:
            return [pointed], f"The documents don't say which company makes {pointed}", 0.5
        # "Is it 500 companies?" and the sentence gives no figure of the kind to check it against
        if (unchecked := self._unchecked(query, best)) is not None:
            return [unchecked], f"{UNMENTIONED}{unchecked}", 0.5
        return None

    def _unchecked(self, query: Query, best: Candidate) -> str | None:
        """The figure a yes-or-no check puts (`Query.checked`) that the sentence gives nothing to
        check against: no figure of its kind (a share, an amount, a rank), or for a count, no
        count of what it counts ("500 companies": the sentence must count companies)."""
        if not query.checked:  # most questions put no figure to check
            return None
        sentence = best.hit.passage.text[best.start : best.end]
        said = self._said_near(best)
        others = query.other_forms()
        for figure in query.checked:
            kind = checked_kind(query.question, figure)
            if kind == "number":
                at = query.question.find(figure)
                after = query.question[at + len(figure) : at + len(figure) + 30]
                words = [w for w in re.findall(r"[^\W\d_][\w'-]*", after)[:3] if w.lower() not in STOPWORDS]
                plural = [w for w in words if w.lower().endswith("s")]  # "20 biotech incubators": incubators
                counted = next(iter(self.analyzer.terms((plural or words or [""])[0])), None)
                if (
                    counted is not None
                    and counted not in said
                    and not any(o in said for o in others.get(counted, ()))
                ):
                    return figure
            if not SPANS[kind].search(sentence):
                return figure
        return None

    def _unmade_before(self, query: Query, best: Candidate) -> str | None:
        """What a follow-up asking which company makes something points back to it with ("who
        makes them?"), when the sentence (and the one it goes on from) says no word of the turn
        before other than its places: the names it gives make something else, or nothing said."""
        if not query.recalled or (pointed := made_pointed(query.question)) is None:
            return None
        recalled = set(query.recalled) - query.places
        return None if recalled & self._said_near(best) else pointed

    def _past(self, query: Query, best: Candidate) -> bool:
        """Whether a question about what will happen ("when will the trial end?") has for its
        best sentence one that speaks only of what has happened."""
        return query.ahead and not tells_ahead(best.hit.passage.text[best.start : best.end])

    def _uncounted(self, query: Query, best: Candidate) -> bool:
        """Whether a "how many" question's figure counts something the question does not ("how
        many students?" answered with companies), or a "what share of" question's is a share of
        something else: neither its sentence nor its heading names what is counted."""
        if query.answer_type not in ("number", "percent") or not query.counted or best.span is None:
            return False
        if query.answer_type == "number" and "how many" not in query.question.lower():
            return False
        counted = query.counted | {b for t in query.counted for b in query.bridges.get(t, ())}
        near = self._sentence(best).where.keys() | self.analyzer.cached_terms(best.hit.passage.section or "")
        return counted.isdisjoint(near)

    def _miss(
        self,
        query: Query,
        weights: dict[str, float],
        unknown: Sequence[str],
        best: Candidate,
        unmet: list[str],
    ) -> tuple[list[str], str, float] | None:
        """What the best sentence cannot answer of the question, if anything: what it lacks,
        how to say so, and the share of the confidence a near miss keeps (that of the question's
        specific words it can be about)."""
        return self._elsewhere(query, weights, unknown, best, unmet) or self._otherwise(query, weights, best)

    def _elsewhere(
        self,
        query: Query,
        weights: dict[str, float],
        unknown: Sequence[str],
        best: Candidate,
        unmet: list[str],
    ) -> tuple[list[str], str, float] | None:
        """A near miss on what or where the question is about: a name the documents never
        mention, or a place, a letter or an exclusion the best sentence does not meet."""
        # "outside Europe", and the sentence gives it for Europe: not for what was asked
        if query.excluded:
            said = self._sentence(best).where
            aside = [t for t in query.excluded if _names(said, t)]
            if aside:
                words = _words_of(query, aside)
                return words, f"The documents give this for {_join(words)} only", 0.5
        # A name, place, code or year the documents never mention: what they say cannot be about it.
        registry = query.cues if query.answer_type == "identifier" else ()  # "the ClinicalTrials.gov number"
        checked = self.analyzer.cached_terms(" ".join(query.checked)) if query.checked else frozenset()
        missing = [
            t
            for t in unknown
            if t in query.specific
            and t not in query.named
            and t not in query.excluded
            and t not in registry
            and t not in checked
        ]
        if (missing or unmet) and self._put_otherwise(query, best, [*missing, *unmet]):
            return None  # "PDC Line Pharma is a Namur company, isn't it?": "... in Liège" answers it
        if missing or unmet:
            specific = len((weighed_specific(query) | query.qualifiers) & weights.keys())
        if missing:
            words = _words_of(query, missing)
            return words, f"{UNMENTIONED}{_join(words)}", 1.0 - len(missing) / specific
        # "hepatitis D" and the document speaks of hepatitis C: what it says is about another
        unnamed = [n for n in query.lettered if not self._mentioned(best.hit.passage, n)]
        if unnamed and not _lettered_otherwise(query, best.hit.passage.text[best.start : best.end], unnamed):
            return unnamed, f"The documents don't give this for {_join(unnamed)}", 0.5
        if not unmet and best.span is not None and query.places and query.answer_type:
            unmet = self._placed_apart(query, weights, best)  # "fourth globally ... second in Europe"
            if unmet:
                specific = len((weighed_specific(query) | query.qualifiers) & weights.keys())
        if unmet:  # a place the documents name, but not for what was asked
            asked = {form: t for t, form in query.named.items()}
            words = _words_of(query, [asked.get(t, t) for t in unmet]) or self._carried_words(query, unmet)
            return words, f"The documents don't give this for {_join(words)}", 1.0 - len(unmet) / specific
        return None

    def _otherwise(
        self, query: Query, weights: dict[str, float], best: Candidate
    ) -> tuple[list[str], str, float] | None:
        """A near miss on what the best sentence says of it: another rank, scope, count, time or
        measure than the one asked for, or no answer of the kind asked."""
        if (ranked := self._ranked_otherwise(query, weights, best)) is not None:
            return ranked
        # "How many are direct only?" and the figure counts "direct and indirect jobs" together.
        sentence = best.hit.passage.text[best.start : best.end]
        joined = [w for w in query.alone if _joined(sentence, w)]
        if joined:
            return joined, f"The documents don't give this for {_join(joined)} alone", 0.5
        joined = [w for w in query.without if _joined(sentence, w)]
        if joined:
            return joined, f"The documents don't give this without {_join(joined)}", 0.5
        # "When will the trial end?" and the nearest sentence tells of what has happened.
        if self._past(query, best):
            if query.answer_type == "duration":
                return ["a length of time to come"], "The documents don't say how long this will take", 0.5
            return ["a date to come"], "The documents don't say when this will happen", 0.5
        # "When was X founded?" and the sentence dates something else it did: none of what happened
        # (a follow-up's "when?" asks of the sentence the conversation was on, unless it asks when
        # something began: "when did the trial start?")
        if (
            query.answer_type == "date"
            and best.span is not None
            and (not query.recalled or _BEGINNING_ASKED.search(query.question))
            and self._undated(query, weights, best)
        ):
            return ["a date"], "The documents don't give a date for this", 0.5
        otherwise = self._said_otherwise(query, best)
        if otherwise is not None:
            return otherwise
        # "how many of those are nursing jobs?" and the sentence is the one given before, without
        # anything the follow-up brought: it says nothing more
        if (unbrought := self._unsaid_brought(query, weights, best)) and (
            words := _words_of(query, unbrought)
        ):
            return words, f"The documents say nothing more on {_join(words)}", 0.5
        # "is the rent cheap there for students?": nothing the follow-up brings is in the
        # documents, so what the sentence says comes from the conversation alone
        if (unknown := self._brought_unknown(query, weights, best)) and (words := _words_of(query, unknown)):
            return words, f"{UNMENTIONED}{_join(words)}", 0.5
        # "How many students ...?" and the nearest figure counts something else: none counts them
        # (or "what share of GDP?" and the nearest is a share of exports).
        if self._uncounted(query, best) and (words := _words_of(query, sorted(query.counted))):
            what = "the share" if query.answer_type == "percent" else "the number"
            if query.answer_type == "percent" and "rate" in query.question.lower():
                what = "the rate"  # "the annual growth rate": the rate of growth
            return words, f"The documents don't give {what} of {_join(words)}", 0.5
        if (unsaid := self._unsaid(query, best)) is not None:
            return unsaid
        # "Which airports?" and the nearest sentence names none of them
        if (
            query.answer_type == "place"
            and query.several
            and best.span is None
            and _WHICH.search(query.question)
        ):
            return ["the places"], "The documents don't name the places asked for", 0.5
        # "Which town had the factory?" and the nearest sentence names no town at all
        if (
            query.answer_type == "place"
            and query.place_kind is not None
            and best.span is None
            and not self._places_in(sentence, query.place_kind)
            and (words := _words_of(query, sorted(query.cues)))
        ):
            return words, f"The documents don't name the {_join(words)} asked for", 0.5
        # "which one has the most jobs?" and the sentence says nothing is most: no comparison given
        if (
            not lacks(query.question, _MOST_NEEDS)
            and _WHICH_MOST.search(query.question)
            and not _singles_out(sentence)
            and not _figures_to_compare(query.question, sentence)
        ):
            return ["the most"], "The documents don't say which has the most", 0.5
        # "what do those jobs pay?" and the documents never say "pay" (nor a word for it): the
        # amounts they give are not what is paid
        if query.answer_type == "money" and (unpaid := self._unsaid_transactions(query, best)):
            done = _join(sorted({_PARTICIPLES.get(w.lower(), w) for w in unpaid}))
            return unpaid, f"The documents don't say how much is {done}", 0.5
        # "Which hospital runs the trial?" and the sentence names a company, and no hospital
        kinds = query.informer & self._institutions if query.answer_type == "name" else frozenset()
        if kinds and not self._says(query, best, kinds) and (words := _words_of(query, sorted(kinds))):
            return words, f"The documents don't name the {_join(words)} asked for", 0.5
        # Asked for a figure, a date or an address, and the nearest sentence has none.
        lacking = LACKING.get(query.answer_type or "")
        if lacking is not None and best.span is None and not self._compares_as_asked(query, best):
            return [lacking], f"The documents don't give {lacking} for this", 0.5
        return None

    def _unsaid_transactions(self, query: Query, best: Candidate) -> list[str]:
        """The words asking for money by what is done with it ("pay", "earn") that the collection
        never says, nor the sentence in a word general English relates to them, as asked."""
        if _EARNED_FROM.search(query.question):  # "earn from exports": the money exports bring
            return []
        said = self._sentence(best).where
        unsaid = [
            t
            for t in query.cues & self._transactions
            if self.term_weight(t) is None and not any(b in said for b in query.bridges.get(t, ()))
        ]
        return _words_of(query, sorted(unsaid)) if unsaid else []

    @staticmethod
    def _compares_as_asked(query: Query, best: Candidate) -> bool:
        """Whether a yes-no question comparing amounts ("is it more packed than Germany?") has a
        sentence saying how the two compare ("a higher density compared to Germany"): an answer
        without a figure."""
        return asks_compared(query.question) and tells_compared(best.hit.passage.text[best.start : best.end])

    def _near_miss(
        self,
        query: Query,
        weights: dict[str, float],
        hits: Sequence[Hit],
        best: Candidate,
        lacking: Sequence[str],
        said: str,
        conf: float,
        signals: Signals,
    ) -> Answer:
        """An abstention that says what the documents lack (`said`: words of the question they
        never mention, the kind of answer asked for) and quotes, cited, what they say nearest."""
        unmatched = _unmatched_words(query, weights, self.term_weight)
        sentence = _tidy(best.hit.passage.text[best.start : best.end])
        cited = self._cited(hits, [best.hit])
        terms = set(weights) | set(query.terms)
        return Answer(
            question=query.question,
            answer=f"{said}. The nearest they come: {sentence} [1]",
            abstained=True,
            confidence=conf,
            citations=tuple(self._citation(h, terms) for h in cited),
            unmatched_terms=tuple(unmatched),
            kind="abstained",
            unmatched_specific=tuple(w for w in unmatched if not self._everyday(query, w)),
            unmatched_everyday=tuple(w for w in unmatched if self._everyday(query, w)),
            parts=(AnswerPart(sentence, None, 1, _stripped(best.hit.passage.text, best.start, best.end)),),
            signals=signals.to_dict(),
            near_miss=tuple(lacking),
            answer_type=query.answer_type,
        )

    def _best(
        self, weighing: _Weighing, rows: list[_Row], places: Sequence[str]
    ) -> tuple[Candidate, list[_Row], list[str]]:
        """The best sentence of the rows (`_candidates`), the rows it was chosen from, and the
        question's places it does not name (`_unmet`). The answer is a sentence that names them
        all, unless such sentences cover under `PLACE_SHARE` of what another covers of the rest
        of the question: that one is then quoted as a near miss."""
        if weighing.query.whole:  # "in the whole of Belgium?": not a sentence on one of its regions
            rows = [r for r in rows if not self._of_a_part(Candidate._make(r), weighing.query)] or rows
        elif self._country_asked(weighing.query):
            # "how many firms does Belgium have?": not first a sentence on one region alone, which
            # may still be given beside it
            country = [r for r in rows if not self._of_one_part(Candidate._make(r), weighing.query)]
            if country and len(country) < len(rows):
                first, _, missing = self._best(weighing, country, places)
                return first, rows, missing
        if not places:
            return _top(rows), rows, []
        asked = tuple(places)
        own = tuple(p for p in asked if p in weighing.query.exclusive)
        unmet = {(id(r[0]), r[1]): self._unmet(asked, Candidate._make(r), own) for r in rows}
        others = [r for r in rows if unmet[id(r[0]), r[1]]]
        if not others:
            return _top(rows), rows, []
        nearest = _top(others)
        meeting = [r for r in rows if not unmet[id(r[0]), r[1]]]
        if weighing.query.qualifiers:  # one naming only a follow-up's conditions says nothing asked
            conditions = weighing.specific | weighing.query.qualifiers
            weighed = weighing.weights.keys()
            meeting = [
                r
                for r in meeting
                if not self._sentence(Candidate._make(r)).where.keys() & weighed <= conditions
            ]
        if meeting:
            best = self._top_in_scope(meeting, weighing)
            # what it answers counts too: a span of the kind asked where the other has none
            if self._rest(best, weighing) + self._listed(best, nearest, weighing) >= PLACE_SHARE * self._rest(
                nearest, weighing
            ):
                return best, rows, []
        return nearest, others, unmet[id(nearest.hit), nearest.start]

    def _country_asked(self, query: Query) -> bool:
        """Whether a figure is asked of one country and of no part of it ("how many companies
        does Belgium have?"): of the country as a whole."""
        if query.answer_type not in FIGURES or len(query.places) != 1:
            return False
        kinds = self._place_kinds()
        return all("country" in kinds.get(p, frozenset()) for p in (*query.places, *query.named.values()))

    def _of_a_part(self, candidate: Candidate, query: Query) -> str | None:
        """The region or city the sentence names that the question does not ask about, in any
        form ("the Walloon region"), as written: what it gives is for that part, not a country
        as a whole. None if it names none."""
        return next(self._parts(candidate, query), None)

    def _of_one_part(self, candidate: Candidate, query: Query) -> bool:
        """Whether the sentence names one region or city the question does not ask about, and
        no other: "its three regions (Wallonia, Flanders and Brussels)" speak of the whole."""
        parts = self._parts(candidate, query)
        return next(parts, None) is not None and next(parts, None) is None

    def _parts(self, candidate: Candidate, query: Query) -> Iterator[str]:
        """The regions and cities the sentence names that the question does not ask about, as written."""
        text = candidate.hit.passage.text[candidate.start : candidate.end]
        asked = (*query.places, *query.named.values())
        for written, place in self._named_parts(text, candidate.hit.passage.doc_id):
            if not any(p == place or same_name(p, place) for p in asked):
                yield written

    def _find_named_parts(self, text: str, doc_id: str) -> tuple[tuple[str, str], ...]:
        """The regions and cities a sentence of a document names: each as written, and its name
        in the gazetteer."""
        kinds = self._place_kinds()
        found = []
        for match in _CAPITALISED.finditer(text):
            for a, b in _name_spans(match):
                if text[a:b].lower() in STOPWORDS:  # "The" of "The Walloon region": a town's name too
                    continue
                place = self._place_name(text[a:b]) or self._place_formed(text[a:b], doc_id)
                if place is not None and kinds.get(place, frozenset()) & PART_KINDS:
                    found.append((text[a:b], place))
        return tuple(found)

    def _place_formed(self, word: str, doc_id: str) -> str | None:
        """The region or city a word is another form of ("Walloon": Wallonia), among the names its
        document is about (`_find_scope`): "Valley" is no form of a town of Valle it never names."""
        folded = fold_word(word)
        kinds = self._place_kinds()
        return next(
            (
                p
                for p in self._scope(doc_id).get(folded[:4], ())
                if same_name(folded, p) and kinds.get(p, frozenset()) & PART_KINDS
            ),
            None,
        )

    @staticmethod
    def _listed(candidate: Candidate, other: Candidate, weighing: _Weighing) -> float:
        """`SPAN_BONUS` when the question asks for several things or places of a kind ("which
        cities?"), and the candidate lists them where the other does not."""
        query = weighing.query
        listing = query.several or query.place_kind is not None
        return SPAN_BONUS if listing and candidate.span is not None and other.span is None else 0.0

    def _top_in_scope(self, rows: Sequence[_Row], weighing: _Weighing) -> Candidate:
        """The best of the sentences meeting the question's places, when others do not: the names
        their document is about count as named in each ("the region" of a document about Wallonia)."""
        top = max(r[3] for r in rows)
        # what the names can add at most: only sentences within that of the top are looked at
        reach = sum(w for t, w in weighing.weights.items() if t in weighing.specific) / weighing.total
        near = [Candidate._make(r) for r in rows if r[3] >= top - reach]
        return max(near, key=lambda c: c.score + self._in_scope(c, weighing))

    def _with_next(self, candidate: Candidate) -> Candidate:
        """The candidate with the sentence after it in its passage, if there is one: a sentence
        naming the kind asked for without examples is often followed by them."""
        passage = candidate.hit.passage
        sentences = self._reading(passage.text, passage.section, passage.sentences).sentences
        after = [s for s in sentences if s.start >= candidate.end]
        return candidate._replace(end=after[0].end) if after else candidate

    def _next_says_more(self, candidate: Candidate, weighing: _Weighing) -> bool:
        """Whether the sentence after the candidate's, in its passage, says a word the question
        asks (itself or bridged) that the candidate does not ("was it safe?": "PDC Line Pharma
        ... announced ... results." then "This data revealed ... a mild safety profile.")."""
        reading, i = self._located(candidate)
        if i + 1 >= len(reading.sentences):
            return False
        said, after = reading.sentences[i].where, reading.sentences[i + 1].where
        asked: list[tuple[str, ...]] = [(t,) for t in weighing.weights if t not in weighing.recalled]
        asked += [alternatives for _, alternatives in weighing.bridges.values()]
        return any(any(a in after for a in forms) and not any(a in said for a in forms) for forms in asked)

    def _located(self, candidate: Candidate) -> tuple[_Reading, int]:
        """The reading of the candidate's passage, and which of its sentences the candidate is."""
        passage = candidate.hit.passage
        reading = self._reading(passage.text, passage.section, passage.sentences)
        return reading, next(i for i, s in enumerate(reading.sentences) if s.start == candidate.start)

    def _sentence(self, candidate: Candidate) -> _Sentence:
        reading, i = self._located(candidate)
        return reading.sentences[i]

    def _said_near(self, candidate: Candidate) -> set[str]:
        """The terms of the candidate's sentence and, when it goes on about the sentence before
        ("This data revealed ..."), of that one too."""
        reading, i = self._located(candidate)
        said = set(reading.sentences[i].where)
        if i in reading.continues:
            said |= reading.sentences[i - 1].where.keys()
        return said

    def _rest(self, candidate: Candidate, weighing: _Weighing) -> float:
        """What a sentence covers of the question besides its names and places (a place it
        compares with among them)."""
        sentence = self._sentence(candidate)
        where = sentence.where
        # places compared with, in a sentence that compares too ("a higher density compared to France")
        compared = weighing.compared if weighing.compared and _COMPARES.search(sentence.text) else frozenset()
        named = sum(
            w
            for t, w in weighing.weights.items()
            if t in weighing.specific and t in where and t not in compared
        )
        return candidate.coverage - named / weighing.total

    def _terms(self, hit: Hit) -> frozenset[str]:
        """The terms of a hit's passage and its heading."""
        passage = hit.passage
        return self._reading(passage.text, passage.section, passage.sentences).terms

    def _unmet(self, places: tuple[str, ...], candidate: Candidate, own: tuple[str, ...] = ()) -> list[str]:
        """The places that neither the sentence, its passage's heading nor its document's scope
        name, in any form ("Walloon" for "Wallonia"): one named in passing in another sentence
        of the passage is not where the sentence applies. Those of `own`, which the question
        insists on ("Wallonia's own exports"), the sentence or heading must name."""
        passage = candidate.hit.passage
        key = (places, own, passage.passage_id, candidate.start)
        found = self._unmet_seen.get(key)
        if found is None:
            if len(self._unmet_seen) > 65536:  # sentences and places recur; a bound all the same
                self._unmet_seen.clear()
            near = self._said_near(candidate)  # "This data revealed ...": of the trial in Liège
            if passage.section:
                near |= self.analyzer.cached_terms(passage.section)
            scope = self._scope(passage.doc_id)
            found = self._unmet_seen[key] = [
                p
                for p in places
                if p not in near
                and (p in own or not any(p == c or same_name(p, c) for c in scope.get(p[:4], ())))
                and not _names(near, p)
            ]
        return found

    def _compares_with(self, query: Query, candidate: Candidate, name: str) -> bool:
        """Whether the candidate's passage names what the question compares with: as written, or
        in the collection's form of it ("the French": France, "the Germans": Germany)."""
        if self._mentioned(candidate.hit.passage, name, anywhere=False):
            return True
        said = self._terms(candidate.hit)
        for term in self.analyzer.cached_terms(name):
            form = query.named.get(term, term)
            if form in said or any(same_name(form, t) for t in said if t[:4] == form[:4]):
                return True
        return False

    def _mentioned(self, passage: Passage, name: str, *, anywhere: bool = True) -> bool:
        """Whether the passage, its heading or its document names `name` ("hepatitis D"): its
        title, and unless not `anywhere`, its text."""
        document = self.documents.get(passage.doc_id)
        whole = (document.title, document.text if anywhere else "") if document else ()
        return any(_mentions(text, name) for text in (passage.text, passage.section or "", *whole))

    def _find_title_terms(self, doc_id: str) -> frozenset[str]:
        """The terms of a document's title, if it says what the document is about: not its first
        sentence standing in for one (a plain text's first line when it has no title)."""
        document = self.documents.get(doc_id)
        if document is None:
            return frozenset()
        title = document.title.strip()
        if title.endswith(".") and document.text.lstrip().startswith(title):
            return frozenset()
        return self.analyzer.cached_terms(title)

    def _find_scope(self, doc_id: str) -> dict[str, tuple[str, ...]]:
        """What a whole document is about: the terms of its title, those it uses more than once
        (a place named once is an aside, not where all it says applies), and the places of the
        first sentence of its first paragraph that names one (where it is set: "a study in
        Copenhagen, Denmark"), by their first four letters (as `same_name` compares them)."""
        document = self.documents.get(doc_id)
        if document is None:
            return {}
        tokens = self.analyzer.tokens(document.text)
        counts = Counter(t.term for t in tokens)
        terms = {t for t, n in counts.items() if n > 1} | self.analyzer.cached_terms(document.title)
        terms |= self._setting(document.text, tokens)
        out: dict[str, list[str]] = {}
        for t in sorted(terms):
            out.setdefault(t[:4], []).append(t)
        return {prefix: tuple(found) for prefix, found in out.items()}

    def _setting(self, text: str, tokens: Sequence[Token]) -> frozenset[str]:
        """The terms of the places named in the first sentence of the first paragraph of `text`
        that names one."""
        at = 0
        lead = text.strip().split("\n\n", 1)[0]
        offset = text.find(lead)
        for match in _SENTENCE.finditer(text, offset, offset + len(lead)):
            start, end = match.span()
            inside = []
            while at < len(tokens) and tokens[at].start < end:
                if tokens[at].start >= start:
                    inside.append(
                        tokens[at]._replace(start=tokens[at].start - start, end=tokens[at].end - start)
                    )
                at += 1
            found = place_terms(match.group(), inside, self.places, self.is_everyday)
            if found:
                return found
        return frozenset()

    def _candidates(self, weighing: _Weighing, hits: Sequence[Hit], *, prune: bool) -> list[_Row]:
        """A row per sentence of the hits that may answer (`prune`: those that may be the best
        or a rival)."""
        query = weighing.query
        # A sentence whose score cannot reach `floor` can be neither the best nor a rival (the
        # share of the best score so far that a rival needs, or all of it): it is not weighed.
        share = RIVAL_SHARE if query.answer_type in RIVALLED else 1.0
        bonuses = SPAN_BONUS + COUNTS_BONUS if query.answer_type else 0.0
        if query.answer_type == "web":
            bonuses += 1.0  # what a web address's path may add to its sentence (`_paged`), at most
        floor = -math.inf
        rows: list[_Row] = []
        for hit in hits:
            passage = hit.passage
            reading = self._reading(passage.text, passage.section, passage.sentences)
            together = weighing.together(reading) if weighing.pairs else None
            # not its names: where a sentence applies has rules of its own (`_unmet`, `_in_scope`)
            titled = (weighing.weights.keys() - weighing.specific) & self._title_terms(passage.doc_id)
            for i, (sentence, cov) in enumerate(
                zip(reading.sentences, weighing.coverages(reading), strict=True)
            ):
                prior = 0.5 * hit.score + (together[i] if together else 0.0)
                if titled:  # what its document is about holds in each of its sentences
                    unsaid = sum(weighing.weights[t] for t in titled if t not in sentence.where)
                    prior += TITLE_SHARE * unsaid / weighing.total
                if prune and cov + bonuses + prior + 1e-9 < floor:
                    continue
                row = self._row(hit, sentence, cov, prior, weighing)
                floor = max(floor, row[3] * share)
                rows.append(row)
        return rows

    def _row(self, hit: Hit, sentence: _Sentence, cov: float, prior: float, weighing: _Weighing) -> _Row:
        """A sentence weighed: its coverage, the type bonuses it earns, its passage's prior."""
        query = weighing.query
        span, counts_it = (
            self._span(query.answer_type, sentence, weighing, query.several)
            if query.answer_type
            else (None, False)
        )
        if weighing.needs_asked and (span is None or query.focus) and not weighing.holds_asked(sentence):
            # only the turn before's words: nothing of what the follow-up asks (a figure of the kind
            # asked will do, unless it brings a topic of its own: "and exports?")
            cov = 0.0
        elif weighing.only_where and not weighing.holds_recalled(sentence):
            cov = 0.0  # the place, and too little of what the conversation is about
        if span is not None and query.answer_type == "web":  # ".../skilled-talent": what the page is about
            cov += self._paged(sentence.text[span[0] : span[1]], sentence, weighing)
        score = cov + (SPAN_BONUS if span else 0.0) + (COUNTS_BONUS if counts_it else 0.0) + prior
        start = sentence.start
        return (
            hit,
            start,
            sentence.end,
            score,
            cov,
            None if span is None else (start + span[0], start + span[1]),
        )

    def _paged(self, address: str, sentence: _Sentence, weighing: _Weighing) -> float:
        """The share of the question's weight in words of a web address's path that its sentence
        does not say: the words a page is named with tell what it is about."""
        known = self.analyzer.stem_cache  # words whose stem is known: no stemmer to load for a link
        said = " ".join(w for w in address_words(address, path=True) if w in known)
        replaced = weighing.query.replaced
        words = {replaced.get(t, t) for t in self.analyzer.cached_terms(said)}
        return (
            sum(w for t, w in weighing.weights.items() if t in words and t not in sentence.where)
            / weighing.total
        )

    def _answer(
        self,
        query: Query,
        weights: dict[str, float],
        hits: Sequence[Hit],
        chosen: Sequence[Candidate],
        conf: float,
        signals: Signals,
    ) -> Answer:
        """The chosen sentences as an answer, with the passages cited."""
        cited = self._cited(hits, [c.hit for c in chosen])
        highlight_terms = set(weights) | set(query.terms)
        citations = tuple(self._citation(h, highlight_terms) for h in cited)
        parts = []
        for c in chosen:
            span_text = None if c.span is None else c.hit.passage.text[c.span[0] : c.span[1]].strip()
            number = next(i for i, h in enumerate(cited, start=1) if h is c.hit)
            at = _stripped(c.hit.passage.text, c.start, c.end)
            said = c.hit.passage.text[c.start : c.end]
            parts.append(AnswerPart(_tidy(said, links=query.answer_type in ADDRESSED), span_text, number, at))
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
            answer_type=query.answer_type,
        )

    def _carried_words(self, query: Query, terms: Sequence[str]) -> list[str]:
        """The words of the places a follow-up carried from the question before (`Query.carried`)
        for these terms, as written there; the terms themselves when none is."""
        wanted = set(terms)
        found = [
            query.carried[t.start : t.end] for t in self.analyzer.tokens(query.carried) if t.term in wanted
        ]
        return list(dict.fromkeys(found)) or list(terms)

    def _provenance(
        self,
        query: Query,
        weights: dict[str, float],
        hits: Sequence[Hit],
        best: Candidate,
        conf: float,
        signals: Signals,
    ) -> Answer:
        """Who published the document the question is about, or when, from its metadata (front
        matter), citing its passage that says so if one was read; a near miss when it does not say."""
        if query.provenance in ("title", "about"):
            return self._described(query, weights, hits, best, conf, signals)
        document = self.documents.get(self._document_asked(query, weights, hits, best))
        publisher = document.publisher if document else None
        date = _written_date(document.date) if document else None
        said = publisher if query.provenance == "publisher" else date
        if document is None or not said:
            lacking = "a publisher" if query.provenance == "publisher" else "a publication date"
            return self._near_miss(
                query,
                weights,
                hits,
                best,
                [lacking],
                f"The documents don't give {lacking} for this",
                0.5 * conf,
                signals,
            )
        text = f"“{document.title}” was published{f' by {publisher}' if publisher else ''}{f' on {date}' if date else ''}."
        # cited: the byline saying it, else a passage saying it, else one of the document
        of_document = [h for h in hits if h.passage.doc_id == document.doc_id]
        score = of_document[0].score if of_document else 0.0
        byline = byline_passage(document)
        hit = next((h for h in of_document if said in h.passage.text), None)
        if byline is not None and said in byline.text:
            hit = Hit(byline, score, 0.0, 0.0, 1)
        elif hit is None:
            saying = next((p for p in self.passages_of(document.doc_id) if said in p.text), None)
            hit = Hit(saying, score, 0.0, 0.0, 1) if saying else of_document[0] if of_document else best.hit
        return Answer(
            question=query.question,
            answer=text,
            abstained=False,
            confidence=conf,
            citations=(self._citation(hit, set(weights) | set(query.terms)),),
            answer_span=said,
            kind="answer",
            parts=(AnswerPart(text, said, 1, None),),
            signals=signals.to_dict(),
            answer_type=query.answer_type,
        )

    def _described(
        self,
        query: Query,
        weights: dict[str, float],
        hits: Sequence[Hit],
        best: Candidate | None,
        conf: float,
        signals: Signals | None,
    ) -> Answer:
        """A document's title, or what it is about: its title, who published it and its opening
        sentence, citing its first passage; of each document hit when the question asks of
        several ("what are the two articles about?"), or of every document when none is hit."""
        if best is None:
            doc_ids = list(self.documents)
        elif _SEVERAL_DOCUMENTS.search(query.question):
            doc_ids = list(dict.fromkeys(h.passage.doc_id for h in hits))[:SEVERAL_DOCUMENTS_MAX]
        else:
            doc_ids = [self._document_asked(query, weights, hits, best)]
        parts: list[AnswerPart] = []
        citations: list[Citation] = []
        for doc_id in doc_ids:
            document, passages = self.documents.get(doc_id), self.passages_of(doc_id)
            if document is None or not passages:
                continue
            lead = passages[0]
            start, end = _sentence_spans(lead)[0]
            opening = _tidy(lead.text[start:end])
            by = ", ".join(filter(None, (document.publisher, _written_date(document.date))))
            if query.provenance == "title":
                text = f"The title is “{document.title}”{f' ({by})' if by else ''}."
                span = document.title
            else:
                text = f"“{document.title}”{f' ({by})' if by else ''}: {opening}"
                span = opening
            score = next((h.score for h in hits if h.passage.doc_id == doc_id), 0.0)
            citations.append(self._citation(Hit(lead, score, 0.0, 0.0, 1), set(weights) | set(query.terms)))
            parts.append(AnswerPart(text, span, len(citations), (start, end)))
        if not parts:
            return self.abstain(query, weights, conf)
        return Answer(
            question=query.question,
            answer=" ".join(f"{p.text} [{p.citation}]" for p in parts) if len(parts) > 1 else parts[0].text,
            abstained=False,
            confidence=conf,
            citations=tuple(citations),
            answer_span=parts[0].span,
            kind="answer",
            parts=tuple(parts),
            signals=signals.to_dict() if signals else None,
            answer_type=query.answer_type,
        )

    def _in_named_document(
        self, query: Query, hits: Sequence[Hit], weights: dict[str, float], document: str = ""
    ) -> tuple[Sequence[Hit], dict[str, float]]:
        """For a question naming one document ("what does the Wallonia piece say about jobs?"),
        or pointing to one (`document`: "the other article", "that page"), that document's hits and the
        weights of all but the words naming it; else both as given."""
        named: tuple[str, frozenset[str]] | None = None
        if document:
            pointing = POINTED_DOCUMENT.search(query.question)
            named = (document, self.analyzer.cached_terms(pointing.group()) if pointing else frozenset())
        elif query.provenance is None:
            named = self.named_document(query.question)
        if named is None:
            return hits, weights
        doc_id, naming = named
        own = [h for h in hits if h.passage.doc_id == doc_id]
        rest = {t: w for t, w in weights.items() if t not in naming}
        return (own, rest) if own and rest else (hits, weights)

    def named_document(self, question: str) -> tuple[str, frozenset[str]] | None:
        """The one document a question names ("the Wallonia piece", "the article on belgium.be")
        by words of its title, publisher, address or file name that name no other, and the
        terms of the phrase naming it."""
        if len(self.documents) < 2 or lacks(question, DOCUMENT_NOUNS):
            return None
        if self._naming is None:
            naming: dict[str, set[str]] = {}
            for doc_id, document in self.documents.items():
                said = " ".join((document.title, document.publisher or "", document.url or "", doc_id))
                for term in self.analyzer.cached_terms(said.replace("/", " ")):
                    naming.setdefault(term, set()).add(doc_id)
            self._naming = {t: frozenset(d) for t, d in naming.items()}
        for match in _NAMED_DOCUMENT.finditer(question):
            # the words before the noun name it ("the Wallonia piece about jobs"), else those after
            for words, end in (
                (match.group("before"), match.end("noun")),
                (match.group("after"), match.end()),
            ):
                found = self._documents_named(words or "", self._naming)
                if len(found) == 1:
                    return found.pop(), self.analyzer.cached_terms(question[match.start() : end])
        return None

    def _documents_named(self, words: str, naming: Mapping[str, frozenset[str]]) -> set[str]:
        """The documents words name by a term of their title, publisher, address or file name
        naming no other (`naming`: each such term's documents), or by the publisher's or
        address's host written whole ("belgium.be")."""
        terms = self.analyzer.cached_terms(words.replace("/", " "))
        found = {d for t in terms if len(docs := naming.get(t, ())) == 1 for d in docs}
        found |= {
            doc_id
            for host in _HOST.findall(words.lower())
            for doc_id, document in self.documents.items()
            if host in f"{document.publisher or ''} {document.url or ''}".lower()
        }
        if not found and (scope := _SCOPE_NAMED.search(words)) is not None:
            # "the national article", "the regional piece": the one whose title names a place that wide
            kind = "region" if scope.group(1) is None else "country"
            found = {d for d, document in self.documents.items() if self._title_kind(document.title) == kind}
        return found

    def _title_kind(self, title: str) -> str | None:
        """The narrowest kind of place a title names ("Wallonia/Belgium: ...": a region)."""
        kinds = self._place_kinds()
        named: set[str] = set()
        title = title.replace("/", " / ")  # "Wallonia/Belgium": two names
        for match in _CAPITALISED.finditer(title):
            for a, b in _name_spans(match):
                if (place := self._place_name(title[a:b])) is not None:
                    named |= kinds.get(place, frozenset())
        return "region" if named & PART_KINDS else "country" if "country" in named else None

    def _document_named(self, weights: dict[str, float], doc_id: str) -> float:
        """The share of the question's weight in words the document's title or whole is about
        (`_find_scope`)."""
        total = sum(weights.values())
        scope = self._scope(doc_id)
        named = sum(
            w for t, w in weights.items() if any(t == c or same_name(t, c) for c in scope.get(t[:4], ()))
        )
        return named / total if total > 0 else 0.0

    def _document_asked(
        self, query: Query, weights: dict[str, float], hits: Sequence[Hit], best: Candidate
    ) -> str:
        """The document a question about a document ("who published the piece on Wallonia?") is
        about: of those hit, the one whose whole is about most of the question's weight
        (`_find_scope`: a sentence naming Wallonia once in passing does not make its document
        the one on Wallonia); the best sentence's, when none is more."""
        if (named := self.named_document(query.question)) is not None:
            return named[0]  # "who wrote the belgium.be article?": the one its title or publisher names

        def about(doc_id: str) -> float:
            scope = self._scope(doc_id)
            return sum(
                w for t, w in weights.items() if any(t == c or same_name(t, c) for c in scope.get(t[:4], ()))
            )

        return max(
            dict.fromkeys(h.passage.doc_id for h in hits),
            key=lambda d: (about(d), d == best.hit.passage.doc_id),
        )

    def _rivals(self, weighing: _Weighing, best: Candidate, candidates: Sequence[_Row]) -> list[Candidate]:
        """For a figure, the best sentence of another document that answers nearly as fully with
        a figure of its own: two sources may count different things (a region and the whole
        country, two publishers), and the reader should see both. When the best figure counts
        what the question counts ("jobs"), so must the other. The names a document is about
        count as covered by each of its sentences."""
        query = weighing.query
        if _both_documents(query.question) and not query.provenance:
            return self._other_documents(weighing, best, candidates)
        # A follow-up is about the document the conversation is in: another's figure is an aside.
        if query.answer_type not in RIVALLED or best.span is None or query.recalled:
            return []
        counts = self._counts(best, query.counted)
        # "how many in Belgium and how many in Wallonia?": each figure answers for one of the
        # places asked, so what they score besides the places is compared
        places = (
            {query.named.get(t, t) for t in query.places} & weighing.weights.keys()
            if _places_named(query) > 1
            else set()
        )

        def placed(c: Candidate) -> float:
            said = self._sentence(c).where
            return sum(weighing.weights[p] for p in places if p in said) / weighing.total

        coverage = best.coverage + self._in_scope(best, weighing) - placed(best)
        score = best.score - placed(best)
        rivals = [
            c
            for c in map(Candidate._make, candidates)
            if c.span is not None
            and c.hit.passage.doc_id != best.hit.passage.doc_id
            and c.coverage + self._in_scope(c, weighing) - placed(c) >= RIVAL_SHARE * coverage - 1e-9
            and c.score - placed(c) >= RIVAL_SHARE * score
            and (not counts or self._counts(c, query.counted))
        ]
        return [max(rivals, key=lambda c: c.score)] if rivals else []

    def _other_documents(
        self, weighing: _Weighing, best: Candidate, candidates: Sequence[_Row]
    ) -> list[Candidate]:
        """For a question asking what two documents say ("what do the two articles say about
        cancer?"), the best sentence of each other document that answers part of it as well."""
        coverage = best.coverage + self._in_scope(best, weighing)
        found: dict[str, Candidate] = {}
        for c in map(Candidate._make, candidates):
            doc = c.hit.passage.doc_id
            if (
                doc == best.hit.passage.doc_id
                or c.coverage + self._in_scope(c, weighing) < BOTH_SHARE * coverage
            ):
                continue
            if doc not in found or c.score > found[doc].score:
                found[doc] = c
        return sorted(found.values(), key=lambda c: -c.score)[: SEVERAL_DOCUMENTS_MAX - 1]

    def _in_scope(self, candidate: Candidate, weighing: _Weighing) -> float:
        """The share of the question's weight in names the sentence lacks but its document is
        about (`_find_scope`)."""
        reading, i = self._located(candidate)
        where = reading.sentences[i].where
        if i in reading.continues:  # "This data revealed ...": the names before count there, not again
            where = {**reading.sentences[i - 1].where, **where}
        scope = self._scope(candidate.hit.passage.doc_id)
        found = sum(
            w
            for t, w in weighing.weights.items()
            if t in weighing.specific
            and not any(t == c or (c[:4] == t[:4] and same_name(t, c)) for c in where)
            and any(t == c or same_name(t, c) for c in scope.get(t[:4], ()))
        )
        return found / weighing.total

    def _counts(self, candidate: Candidate, counted: frozenset[str]) -> bool:
        """Whether a candidate's figure counts what the question counts ("39,000 direct jobs")."""
        span = candidate.span
        text = candidate.hit.passage.text[span[0] : span[1]] if span else ""
        return not self.analyzer.cached_terms(text).isdisjoint(counted)

    def follow(self, previous: Answer, kind: str, passages: Sequence[Passage], asked: str = "") -> Answer:
        """What a follow-up asks of the previous answer: the sentences that follow it ("tell me
        more"), the reason given around it ("why?"), or where it comes from ("source?").
        `passages` are those of the document it quotes, in order; `asked`, the follow-up."""
        question = previous.resolved_question or previous.question
        if previous.abstained or not previous.citations or not previous.parts:
            return Answer(question, _NOTHING_BEFORE, True, 0.0, kind="abstained")
        cited = previous.citations[0]
        if kind == "source":
            return self._source(previous, cited, asked)
        at = next((i for i, p in enumerate(passages) if p.passage_id == cited.passage_id), None)
        if at is None:
            return Answer(question, _NOTHING_BEFORE, True, 0.0, kind="abstained")
        passage = passages[at]
        sentences = _sentence_spans(passage)
        quoted = next(
            (i for i, (a, b) in enumerate(sentences) if _tidy(passage.text[a:b]) == previous.parts[0].text), 0
        )
        if kind == "effect":  # what came of it: said in its own sentence, or one after it
            following = [(passage, span) for span in sentences[quoted + 1 :]]
            if at + 1 < len(passages):
                following += [(passages[at + 1], span) for span in _sentence_spans(passages[at + 1])[:2]]
            # "results?" of a study: what it showed, as well as what it led to
            came = _FINDINGS if _RESULTS_ASKED.search(asked) else _EFFECT
            found = [
                (p, span)
                for p, span in [(passage, sentences[quoted]), *following]
                if came.search(p.text[slice(*span)])
            ][:1]
            empty = "The documents don't say what came of it."
        elif kind == "compared":  # "compared to what?": the sentence saying how it compares
            order = [quoted, *range(quoted + 1, len(sentences)), *range(quoted - 1, -1, -1)]
            found = [
                (passage, sentences[i]) for i in order if tells_compared(passage.text[slice(*sentences[i])])
            ][:1]
            empty = "The documents don't say what it is compared with."
        elif kind == "why":
            order = [quoted, *range(quoted + 1, len(sentences)), *range(quoted - 1, -1, -1)]
            # "why does it matter?" asks what makes it important; "why?", what caused it
            reason = _IMPORTANCE if _MATTERS.search(asked) else _REASON
            found = [
                (passage, sentences[i]) for i in order if reason.search(passage.text[slice(*sentences[i])])
            ]
            # "why is it growing so fast?": the reason for the growth, here or in the next passage
            own = self._why_words(asked, f"{question} {previous.answer}")
            if own:
                following = (
                    [(passages[at + 1], span) for span in _sentence_spans(passages[at + 1])]
                    if at + 1 < len(passages)
                    else []
                )
                telling = [
                    (p, span)
                    for p, span in [*found, *following]
                    if reason.search(p.text[slice(*span)])
                    and _holds_stem(self.analyzer.cached_terms(p.text[slice(*span)]), own)
                ]
                found = telling or found
            found = found[:1]
            if not found and at + 1 < len(passages) and reason is _REASON:  # it may open the next passage
                after = passages[at + 1]
                opening = _sentence_spans(after)[:1]
                found = [(after, span) for span in opening if _CAUSE.search(after.text[slice(*span)])]
            empty = "The documents don't say why."
        else:  # "more": the next sentences, or the start of the next passage
            found = [(passage, span) for span in sentences[quoted + 1 : quoted + 3]]
            if not found and at + 1 < len(passages):
                found = [(passages[at + 1], span) for span in _sentence_spans(passages[at + 1])[:2]]
            if not found:  # the document's end: what follows where it says the same before
                found = self._after_saying(previous.parts[0].text, [p for p in passages if p is not passage])
            empty = "That is all the documents say about it."
        if not found:
            return Answer(question, empty, True, 0.0, citations=(cited,), kind="abstained")
        source = found[0][0]
        text = " ".join(_tidy(source.text[a:b]) for _, (a, b) in found)
        return Answer(
            question=question,
            answer=text,
            abstained=False,
            confidence=previous.confidence,
            citations=(self._citation(Hit(source, cited.score, 0.0, 0.0, 1), set()),),
            kind="answer",
            parts=(AnswerPart(text, None, 1, _stripped(source.text, found[0][1][0], found[-1][1][1])),),
        )

    def _why_words(self, asked: str, said: str) -> list[str]:
        """The terms of a why-follow-up that the question and answer before lack ("growing" in
        "why is it growing so fast?"): what the reason must be a reason for."""
        before = self.analyzer.cached_terms(said)
        return [t for t in self.analyzer.cached_terms(asked) if t not in before and len(t) >= STEM_SHARED]

    def _after_saying(self, said: str, passages: Sequence[Passage]) -> list[tuple[Passage, tuple[int, int]]]:
        """The two sentences after the passages' sentence sharing the most words with `said` (three
        at least), if any follow it."""
        terms = self.analyzer.cached_terms(said)
        best: tuple[int, list[tuple[Passage, tuple[int, int]]]] | None = None
        for passage in passages:
            sentences = _sentence_spans(passage)
            for i, (a, b) in enumerate(sentences[:-1]):
                shared = len(terms & self.analyzer.cached_terms(passage.text[a:b]))
                if shared >= AFTER_SAYING_WORDS and (best is None or shared > best[0]):
                    best = (shared, [(passage, span) for span in sentences[i + 1 : i + 3]])
        return [] if best is None else best[1]

    def _source(self, previous: Answer, cited: Citation, asked: str = "") -> Answer:
        """The previous answer, said as where it comes from: its document and what it says.
        Asked who published it ("says who?"), the byline saying so is cited first."""
        document = self.documents.get(cited.doc_id)
        where = f'"{cited.title}"' + (f" ({cited.publisher})" if cited.publisher else "")
        if document is not None and document.url:
            where += f", {document.url}"
        byline = byline_passage(document) if document is not None and _WHO_SAYS.search(asked) else None
        if byline is None or not cited.publisher or cited.publisher not in byline.text:
            said = f"It comes from {where}, which says: {previous.parts[0].text} [1]"
            return replace(
                previous, answer=said, citations=(cited,), parts=(replace(previous.parts[0], citation=1),)
            )
        by = self._citation(Hit(byline, cited.score, 0.0, 0.0, 1), set(self.analyzer.terms(cited.publisher)))
        said = f"It comes from {where} [1], which says: {previous.parts[0].text} [2]"
        return replace(
            previous, answer=said, citations=(by, cited), parts=(replace(previous.parts[0], citation=2),)
        )

    def abstain(self, query: Query, weights: dict[str, float], conf: float = 0.0) -> Answer:
        """The refusal, naming the question's specific words the documents lack (an everyday
        word they lack is no reason to refuse worth naming)."""
        unmatched = _unmatched_words(query, weights, self.term_weight)
        specific = [w for w in unmatched if not self._everyday(query, w)]
        message = ABSTAIN_MESSAGE
        if specific:
            message += " These words of your question appear nowhere in them: " + ", ".join(specific) + "."
        return Answer(
            question=query.question,
            answer=message,
            abstained=True,
            confidence=conf,
            unmatched_terms=tuple(unmatched),
            kind="abstained",
            unmatched_specific=tuple(specific),
            unmatched_everyday=tuple(w for w in unmatched if w not in specific),
            answer_type=query.answer_type,
        )

    def _everyday_terms(self, query: Query, terms: Sequence[str]) -> list[str]:
        """Those of the terms that stand for everyday English words in the question, but for what
        it asks about (its informer: "what is the average salary ..."), which no answer can lack."""
        if not terms:
            return []
        surface = query.spelt()
        return [
            t for t in terms if t in surface and t not in query.informer and self._everyday(query, surface[t])
        ]

    def _everyday(self, query: Query, word: str) -> bool:
        """An everyday English word, not a name, place, code or rare word."""
        terms = self.analyzer.terms(word)
        return bool(terms) and terms[0] not in query.specific and self.is_everyday(word)

    def _span(
        self,
        qtype: str,
        sentence: _Sentence,
        weighing: _Weighing,
        several: bool = False,
    ) -> tuple[tuple[int, int] | None, bool]:
        """The best match of the answer type in `sentence`, and whether it counts what the
        question counts (for contact details, whether it is an e-mail address or a phone
        number): one that does wins, then the one nearest the question's words. Asked
        for several names, only a list of them is a span, and it counts."""
        if several and qtype == "name":  # a name alone does not answer "which companies?"
            places = weighing.query.places  # nor places, among them one asked about ("in Wallonia")
            lists = [
                m
                for m in self._type_matches("names", sentence.text)
                if not m[2] & places
                and self._places_in(text := sentence.text[m[0] : m[1]]) < len(_LIST_ITEM.split(text))
            ]
            if not lists:
                return None, False
            start, end, _ = max(lists, key=lambda m: m[1] - m[0])
            return (start, end), True
        matches = self._typed(qtype, sentence.text, weighing.query.counted)
        if (
            not matches and qtype == "kinds"
        ):  # "what kind of society?": "a sustainable, digital and healthy society"
            before = _listed_before(sentence, weighing.query.informer)
            return (before, True) if before else (None, False)
        if qtype == "substance":  # a rare word is a medicine's name only said with what is asked of it
            own = [a for t in weighing.asked - weighing.query.cues for a in sentence.where.get(t, ())]
            matches = tuple(
                m for m in matches if any(-SUBSTANCE_REACH <= m[0] - a <= SUBSTANCE_REACH for a in own)
            )
        if qtype in ("person", "expansion"):
            matches = self._of_kind_asked(qtype, matches, sentence.text, weighing.weights)
        if not matches:
            return None, False
        kind = weighing.query.place_kind if qtype == "place" else None
        if kind is not None:  # "which cities?": a place of that kind ("Europe" is none)
            matches = tuple(m for m in matches if self._places_in(sentence.text[m[0] : m[1]], kind))
            if not matches:
                return None, False
        if several and qtype == "place":  # "which cities?": places listed together count
            listed = [
                (_PREPOSITION.match(sentence.text, m[0]).end(), *m[1:])  # type: ignore[union-attr]
                for m in matches
                if self._places_in(sentence.text[m[0] : m[1]], kind) >= 2
            ]
            listed += _runs(sentence.text, sorted(m[:2] for m in matches))
            # "which airports?": places of a kind the gazetteer does not tell are named as such,
            # the list right after the noun or just before it ("the seaports of A and B")
            nouns = (weighing.query.cues | weighing.query.informer) & self._untold_place_nouns
            if nouns:
                # "harbours" said as "seaports": another of these when the sentence lacks the one asked
                at = [a for t in nouns for a in sentence.where.get(t, ())] or [
                    a for t in self._untold_place_nouns for a in sentence.where.get(t, ())
                ]
                listed = [m for m in listed if any(0 <= m[0] - a <= 40 or 0 <= a - m[1] <= 15 for a in at)]
                if not listed:
                    return None, False
            if not listed and kind is not None:
                return None, False  # one city does not answer "which cities?"
            if listed:  # the list nearest the question's words ("seaports of A and B"), or the longest
                near = [start for t in weighing.weights if t in sentence.where for start in sentence.where[t]]
                start, end, _ = min(
                    listed,
                    key=lambda m: (min((max(m[0] - a, a - m[1], 0) for a in near), default=0), m[0] - m[1]),
                )
                return (start, end), True
        where = sentence.where
        anchors = self._anchors(qtype, where, weighing)
        best: tuple[tuple[bool, bool, int], tuple[int, int]] | None = None
        company = weighing.query.company and qtype == "name"
        given = weighing.query.given
        # The span nearest the follow-up's own words is what it asks, even if the answer before
        # holds it too ("and how much goes into R&D?" after the exports of the same sentence).
        # (not when the question is the one before with a place put in: its words are that one's)
        nearest_own = (
            self._nearest_own(matches, where, weighing) if given and weighing.query.recalled else None
        )
        for start, end, span_terms in matches:
            # A span made only of the question's own words answers nothing, nor one whose figures
            # the question states ("how many of the 50,000 jobs ...?"; not guesses, "about 50
            # thousand?"), nor one just given. An
            # address the question names only in part ("awex's e-mail") does answer.
            figures = {t for t in span_terms if t[:1].isdigit()}
            guessed = bool(figures) and figures <= weighing.query.rounded
            if (
                span_terms
                and span_terms <= weighing.asked
                and not guessed
                and not (qtype in ADDRESSED and _named_in_part(sentence.text[start:end], weighing.query))
            ):
                continue
            if figures and figures <= weighing.asked and not guessed:
                continue
            if given and sentence.text[start:end] in given and (start, end) != nearest_own:
                continue
            distance = min((max(start - a, a - end, 0) for a in anchors), default=len(sentence.text))
            first = _span_counts(qtype, sentence, (start, end), span_terms, weighing)
            # "which company?": a name that reads as a company's before others
            other = company and not self._company(sentence.text, start, end)
            key = (not first, other, distance)
            if best is None or key < best[0]:
                best = (key, (start, end))
        if best is None or (company and best[0][1]):
            return None, False  # "which company?", and no name here reads as a company's
        return best[1], not best[0][0]

    def _of_kind_asked(
        self, qtype: str, matches: Sequence[tuple[int, int, frozenset[str]]], text: str, asked: Container[str]
    ) -> tuple[tuple[int, int, frozenset[str]], ...]:
        """The matches that are what was asked: a person's name that is no place ("San Diego" is
        written as a name is), the spelt-out form of the abbreviation asked about (not another's
        in the same sentence: "what does NSCLC stand for?")."""
        if qtype == "person":
            return tuple(m for m in matches if fold_word(text[m[0] : m[1]]) not in self.places)
        return tuple(
            m
            for m in matches
            if (abbr := _BRACKETED.match(text, m[1])) is not None
            and any(t in asked for t in self.analyzer.cached_terms(abbr.group(1)))
        )

    def _anchors(self, qtype: str, where: dict[str, tuple[int, ...]], weighing: _Weighing) -> list[int]:
        """Where in a sentence a span is looked for near: the question's words, not those asking
        for the kind or the scope ("world rank?" by "ranks fourth globally"); for a rank, what a
        follow-up brought, if the sentence says it ("and for clinical trials?")."""
        if qtype == "rank" and (focus := [a for t in weighing.query.focus for a in where.get(t, ())]):
            return focus
        return [
            start
            for t in weighing.weights.keys() - weighing.query.cues - self._worldwide
            if t in where
            for start in where[t]
        ]

    def _company(self, text: str, start: int, end: int) -> bool:
        """Whether the name at text[start:end] reads as a company's: a corporate word in it,
        capitals alone, or said to be one right after it; not a place."""
        name = text[start:end]
        if (
            fold_word(name) in self.places
            or name.startswith("The ")
            or text[start - 1 : start] == "("
            or NO_COMPANY.search(name)
        ):
            return False  # a place, a sentence's opening, an abbreviation of the name before, a cluster
        return COMPANY_NAME.search(name) is not None or COMPANY_AFTER.match(text, end) is not None

    @staticmethod
    def _nearest_own(
        matches: Sequence[tuple[int, int, frozenset[str]]],
        where: dict[str, tuple[int, ...]],
        weighing: _Weighing,
    ) -> tuple[int, int] | None:
        """The span of the matches nearest the words the question itself asks (not those recalled
        from the turn before, and the phrases its words stand for), if the sentence has any."""
        phrased = (p for _, phrases in weighing.phrases.values() for phrase in phrases for p in phrase)
        own = [
            start
            for t in (*weighing.asked, *phrased)
            if t in where and t not in weighing.recalled
            for start in where[t]
        ]
        if not own:
            return None
        start, end, _ = min(matches, key=lambda m: min(max(m[0] - a, a - m[1], 0) for a in own))
        return start, end

    def _places_in(self, text: str, kind: str | None = None) -> int:
        """How many places the gazetteer knows a text names, capitalised (of `kind` only, if given:
        "city", "country", ...)."""
        kinds = self._place_kinds() if kind is not None else None

        def known(name: str | None) -> bool:
            if name is None:
                return False
            return name in self.places if kinds is None else kind in kinds.get(name, ())

        return sum(
            any(
                known(self._place_name(text[a:b]))
                for a, b in _name_spans(match)
                if text[a:b].lower() not in STOPWORDS  # "The" opening a sentence: a town's name too
            )
            for match in _CAPITALISED.finditer(text)
        )

    def _find_place_name(self, name: str) -> str | None:
        """The gazetteer's name for a capitalised name: itself, or for a name of two words or more,
        the one place a letter away from it ("United Sates": "united states"), which is a typo."""
        folded = fold_word(name)
        if folded in self.places:
            return folded
        if " " not in folded or len(folded) < TYPO_PLACE_MIN:
            return None
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        if self._long_places is None:
            names = self.places if isinstance(self.places, Iterable) else ()  # a list of them, as passed
            self._long_places = [p for p in names if " " in p and len(p) >= TYPO_PLACE_MIN - 1]
        near = [p for p in self._long_places if p[0] == folded[0] and abs(len(p) - len(folded)) <= 1]
        found = process.extract(folded, near, scorer=Levenshtein.distance, score_cutoff=1, limit=2)
        return str(found[0][0]) if len(found) == 1 else None

    def _read(self, text: str, section: str | None, sentences: tuple[tuple[int, int], ...]) -> _Reading:
        tokens = self.analyzer.cached_tokens(text)
        spans: dict[str, list[tuple[int, int]]] = {}
        for t in tokens:
            spans.setdefault(t.term, []).append((t.start, t.end))
        parts = []
        for start, end in _answered_questions(text, sentences or ((0, len(text)),)):
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
            tuple(i for i, sentence in enumerate(parts) if i and _CONTINUES.match(sentence.text)),
        )

    def _typed(
        self, qtype: str, sentence: str, counted: frozenset[str]
    ) -> tuple[tuple[int, int, frozenset[str]], ...]:
        """The sentence's matches of the answer type; for a count, with counts spelt out ("the
        three regions") of what the question counts."""
        matches = self._type_matches(qtype, sentence)
        if qtype != "number" or not counted:
            return matches
        return matches + tuple(m for m in self._type_matches("spelt count", sentence) if m[2] & counted)

    def _find_type_matches(self, qtype: str, sentence: str) -> tuple[tuple[int, int, frozenset[str]], ...]:
        """Where `sentence` has something of the answer type: spans and their terms (the same
        for every question of that type, so they are kept for recurring sentences)."""
        if qtype == "substance":  # no pattern tells a medicine's name from English: a rare word
            return tuple(
                (m.start(), m.end(), self.analyzer.cached_terms(m.group()))
                for m in _LOWER_WORD.finditer(sentence)
                if not self.is_everyday(m.group())
            )
        pattern = SPANS.get(qtype)
        if pattern is None:
            return ()
        out = []
        if qtype == "place":  # a place the gazetteer knows, wherever the sentence names it
            for match in _CAPITALISED.finditer(sentence):
                for start, end in _name_spans(match):
                    name = sentence[start:end]
                    terms = self.analyzer.cached_terms(name)
                    # not "The" opening a sentence, nor a company's initials ("UCB")
                    if terms and not name.isupper() and self._place_name(name) is not None:
                        out.append((start, end, terms))
                        break
        group = "span" if "span" in pattern.groupindex else 0  # the part that answers, when not all
        for match in pattern.finditer(sentence):
            if qtype == "name" and match.group().isupper() and _no_name(sentence, *match.span()):
                continue  # "messenger RNA", "PDC-LUNG-101": capitals that are no one's name
            if qtype == "person" and self._place_name(_LEADING_THE.sub("", match.group())) is not None:
                continue  # "the United Sates": a place, however spelt, is no one's name
            trimmed = TRAILING_STOP.sub("", match.group(group).rstrip(" ,;:"))
            start = match.start(group)
            # as many words as the abbreviation has capitals: "foreign direct investment"
            if qtype == "expansion":
                letters = sum(c.isupper() for c in match.group("abbr"))
                words = trimmed.split()
                kept = " ".join(words[-letters:]) if letters < len(words) else trimmed
                start, trimmed = start + len(trimmed) - len(kept), kept
            out.append((start, start + len(trimmed), self.analyzer.cached_terms(trimmed)))
        return tuple(out)

    def _cited(self, hits: Sequence[Hit], needed: Sequence[Hit]) -> list[Hit]:
        """Hits worth citing: always the ones the answer quotes, in the order it quotes them, the
        first as citation [1]; then those near the best score, in rank order."""
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
        order = {id(n): i for i, n in enumerate(needed)}
        return sorted(cited, key=lambda h: (order.get(id(h), len(order)), h.rank))

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
            page=passage.page,
        )


def _answered_questions(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans, a question the text asks joined to the sentence after it, which answers
    it ("Would you like to meet us? Write to ..."): quoted alone, it answers nothing."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and text[out[-1][0] : out[-1][1]].rstrip().endswith("?"):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of `text[start:end]` without the white space around it."""
    quoted = text[start:end]
    return start + len(quoted) - len(quoted.lstrip()), end - len(quoted) + len(quoted.rstrip())


def _names(terms: Iterable[str], name: str) -> bool:
    """Whether the terms name `name` in any of its forms ("walloon" for "wallonia", `same_name`)."""
    return any(t[:4] == name[:4] and same_name(name, t) for t in terms)


def _places_named(query: Query) -> int:
    """How many places the question names: runs of its place words ("United States" one)."""
    runs, end = 0, None
    for token in query.tokens:
        if token.term not in query.places:
            end = None
            continue
        runs += end is None or bool(query.question[end : token.start].strip(" -"))
        end = token.end
    return runs


def _holds_stem(terms: Iterable[str], stems: Sequence[str]) -> bool:
    """Whether a term begins with one of the stems ("growth" with "grow")."""
    return any(t.startswith(s) for t in terms for s in stems)


def _sentence_spans(passage: Passage) -> tuple[tuple[int, int], ...]:
    """A passage's sentence spans as answers quote them (`_answered_questions`); the whole
    passage when it has none."""
    return tuple(_answered_questions(passage.text, passage.sentences or ((0, len(passage.text)),)))


def weighed_specific(query: Query) -> frozenset[str]:
    """The question's specific terms as weighed: a name in the collection's form where it has one."""
    return frozenset(query.named.get(t, t) for t in query.specific)


def _written_date(iso: str | None) -> str | None:
    """A front matter's date as people write it ("2024-05-22": "May 22, 2024")."""
    if not iso:
        return None
    try:
        day = datetime.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day:%B} {day.day}, {day.year}"


def _runs(text: str, spans: Sequence[tuple[int, ...]]) -> list[tuple[int, int, frozenset[str]]]:
    """The runs of two spans or more that only commas and "and" or "or" separate ("Germany and
    France"), as spans."""
    runs: list[list[int]] = []
    for start, end in spans:
        if runs and runs[-1][1] <= start and _LIST_GAP.fullmatch(text[runs[-1][1] : start]):
            runs[-1][1:] = [end, runs[-1][2] + 1]
        else:
            runs.append([start, end, 1])
    return [(a, b, frozenset()) for a, b, n in runs if n >= 2]


_PREPOSITION = re.compile(r"(?:(?:in|at|from|near|between)\s+(?:the\s+)?)?")  # before a list of places
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)")


def _listed_before(sentence: _Sentence, terms: Iterable[str]) -> tuple[int, int] | None:
    """Where the sentence lists words right before one of the terms ("a sustainable, digital and
    healthy society" before "society"): the kinds of it the sentence names."""
    for t in terms:
        for start in sentence.where.get(t, ()):
            found = _LIST_BEFORE.search(sentence.text, 0, start)
            if found is not None:
                return found.span(1)
    return None


_LIST_BEFORE = re.compile(r"((?:[^\W\d][\w-]*,\s+)+[^\W\d][\w-]*,?\s+(?:and|or)\s+[^\W\d][\w-]*)\s+$")


def _joined(text: str, word: str) -> bool:
    """Whether `text` puts `word` together with another ("direct and indirect jobs")."""
    w = re.escape(word)
    return (
        re.search(rf"\b{w}\s+(?:and|or|&|plus)\s+[\w-]+|[\w-]+\s+(?:and|or|&|plus)\s+{w}\b", text, re.I)
        is not None
    )


def _mentions(text: str, name: str) -> bool:
    """Whether `text` names `name` ("hepatitis D"), in any case, spaced or hyphenated."""
    parts = [re.escape(p) for p in re.split(r"[\s-]+", name)]
    return re.search(r"\b" + r"[\s-]*".join(parts) + r"\b", text, re.I) is not None


def _span_clause(best: Candidate) -> str:
    """The clause of the best sentence its span is in ("it holds a second place in Europe for
    clinical trials" of "... fourth globally in exports and it holds ...")."""
    text = best.hit.passage.text[best.start : best.end]
    start = best.span[0] - best.start  # type: ignore[index]
    cuts = [0, *(m.end() for m in _CLAUSE_BREAK.finditer(text)), len(text)]
    a, b = next((c for c in pairwise(cuts) if c[0] <= start < c[1]), (0, len(text)))
    return text[a:b]


def _words_of(query: Query, terms: Sequence[str]) -> list[str]:
    """The question's own words for these terms, in the order asked; neighbours as one name
    ("South Africa")."""
    wanted = set(terms)
    spans: list[list[int]] = []
    previous = -2
    for i, t in enumerate(query.tokens):
        if t.term in wanted:
            if i == previous + 1 and spans:
                spans[-1][1] = t.end
            else:
                spans.append([t.start, t.end])
            previous = i
    return list(dict.fromkeys(_POSSESSIVE.sub("", query.question[a:b]) for a, b in spans))


_POSSESSIVE = re.compile(r"['’]s$")
# "which one has the most jobs?", "which of those regions has the most start-ups?": which of
# several comes first for something, which a sentence says with a superlative.
_WHICH_MOST = re.compile(
    r"\b(?:which|what)\b[^?.!]{0,40}?\b(?:has|have|had|is|are|was|were|gets?|makes?|employs?|hosts?|counts?)\s+"
    r"(?:the\s+)?(?:most|biggest|largest|greatest|highest|closest|nearest|smallest|closer|nearer|bigger|larger)\b",
    re.I,
)
_MOST_NEEDS = ("most", "biggest", "largest", "greatest", "highest", "closest", "nearest", "smallest", "closer", "nearer", "bigger", "larger")  # fmt: skip
_SAYS_MOST = re.compile(
    r"\b(?:most|biggest|largest|greatest|highest|closest|nearest|smallest|closer|nearer|bigger|larger|top"
    r"|leading|first|main|primary|principal|chief|dominant|predominant|prevalent|foremost|number one|by far)\b"
    r"((?:\s+[\w'-]+){0,3})",
    re.I,
)
_PLURAL_HEAD = re.compile(
    r"^(?:\s+(?!(?:of|in|for|with|to|at|and|than|as)\b)[\w'-]+){0,2}?\s+[a-z][\w'-]*[^s\W]s\b"
)


def _figures_to_compare(question: str, sentence: str) -> bool:
    """Whether a question weighs two things against each other ("which is bigger, its exports or
    its R&D spending?") and the sentence gives a figure for each: the reader compares them."""
    if _ALTERNATIVES_ASKED.search(question) is None:
        return False
    return len(SPANS["number"].findall(sentence)) >= 2


# "..., X or Y?": two things offered to choose between
_ALTERNATIVES_ASKED = re.compile(r"\b\w+\s+or\s+(?:the\s+|its\s+|their\s+|what\s+)?\w+[^?]*\?*\s*$", re.I)


def _singles_out(sentence: str) -> bool:
    """Whether a sentence says which one thing is most ("by far the most important partner",
    "the most prevalent activity"), not of several ("the main seaports", "the 10 top airports")."""
    return any(not _PLURAL_HEAD.match(m.group(1)) for m in _SAYS_MOST.finditer(sentence))


# TRANSACTION_WORDS as "how much is ...?" says them.
_PARTICIPLES = {
    **dict.fromkeys(("pay", "pays", "paid"), "paid"),
    **dict.fromkeys(("earn", "earns", "earned"), "earned"),
    **dict.fromkeys(("charge", "charges", "charged"), "charged"),
}
# "earn from exports": the money something brings; not "pay on average", what a job pays
_EARNED_FROM = re.compile(
    r"\b(?:earn|earns|earned|paid|pays|pay)\s+(?:from|on(?!\s+(?:average|a\b|an\b))|through|for|by)\b", re.I
)
_COMPARES = re.compile(r"\b(?:than|compared (?:to|with)|versus|vs\.?|relative to|against)\b", re.I)
# When something began, asked ("when did they start making ...?") and said ("since 1990", "founded in").
_BEGINNING_ASKED = re.compile(
    r"\b(?:start|starts|started|begin|begins|began|commence|commences|commenced|first start)\b", re.I
)
_BEGINNING_SAID = re.compile(
    r"\b(?:start\w*|began|begun|begin\w*|since|first|found(?:ed|ing)|launch\w*|establish\w*|open(?:ed|ing)"
    r"|creat\w*|introduc\w*|set up|commenc\w*|inaugurat\w*)\b",
    re.I,
)


def _named_in_part(address: str, query: Query) -> bool:
    """Whether the question names an address only in part ("awex's e-mail"), not as written."""
    return address.lower() not in query.question.lower()


def _join(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


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


# Contact details that reach someone: an e-mail address or a phone number.
_DIRECT_CONTACT = re.compile(f"{SPANS['email'].pattern}|{SPANS['phone'].pattern}")
# What separates the items of a list of names ("A, B and C").
_LIST_ITEM = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
# Runs of capitalised words, where a place's name may be.
# Where a sentence's clauses meet ("exports and it holds", "; "), and a place a clause is set in.
_CLAUSE_BREAK = re.compile(
    r";\s+|,?\s+(?:and|but|while|whereas)\s+(?=(?:it|they|he|she|its|their|this|these|the)\s)"
)
# Nouns naming a kind of thing a sentence may give without the noun ("an event": "BIO San Diego").
_KIND_NOUN = re.compile(
    r"(?:event|conference|congress|fair|meeting|company|firm|business|place|city|town|country|person|people"
    r"|date|day|year|figure|number|amount|name)s?",
    re.I,
)
_OFFERED = re.compile(r"\b([^\W\d][\w-]*) or ([^\W\d][\w-]*)\b")  # "gross or net": two offered, one to choose
_LAST_YEAR = re.compile(
    r"\b(?:last|past|previous) (?:year|12 months|decade)\b|\bin the (?:last|past) (?:\d+|few|two|three|five) years\b"
    r"|\b(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|twenty|a few|several) (?:years?|decades?) ago\b",
    re.I,
)
_LAST_YEAR_NEEDS = ("last", "past", "previous", " ago")
_POINTS_BACK = re.compile(r"\b(?:those|these|that|this)\b", re.I)
_PERSONAL = re.compile(r"\b(?:they|them|their|it|its|he|she|his|her)\b", re.I)
# A follow-up asking what the thing just said covers ("what does that exemption apply to?"): its
# verb asks of what was said, and the sentence saying it answers.
_ASKS_OF_SAID = re.compile(
    r"\bwhat\s+(?:does|do|did|would|will)\s+(?:that|this|it|they|those|these|the\s+[\w-]+)(?:\s+[\w-]+)?\s+"
    r"(apply|refer|relate|mean|include|involve|concern|cover|entail)\b",
    re.I,
)
# A count of things a sentence gives ("the three regions", "8 airports"): the number and its noun.
_COUNTED_NOUN = re.compile(
    rf"\b(\d{{1,2}}|{'|'.join(NUMBER_WORDS)})\s+(?:[^\W\d_][\w'-]*\s+){{0,2}}?([^\W\d_][\w-]*s)\b", re.I
)
# A source asked as who says it ("says who?", "who published that?"): the publisher is asked.
_WHO_SAYS = re.compile(r"\bwho\b|\bpublisher\b|\bauthor\b", re.I)
# Words asking how two things compare ("how does that compare with exports?"): what is compared
# is what a sentence must say, not these.
COMPARING_WORDS = ("compare", "compared", "compares", "comparing", "comparison", "versus", "vs")
# WordNet's kinds of things of which one named in place of another is another thing: animals,
# parts of the body, foods, plants, states such as diseases, substances ("breast" cancer is
# not "lung" cancer; a "freight" airport may be a "cargo" one, and a "total" is no kind of thing).
CONTRASTED_KINDS = frozenset({"05", "08", "13", "20", "26", "27"})
# Words asking worldwide, or saying it ("world rank?", "ranks fourth globally").
WORLDWIDE_WORDS = ("world", "worldwide", "global", "globally", "international", "internationally")
_WORLDWIDE = re.compile(rf"\b(?:{'|'.join(WORLDWIDE_WORDS)})\b", re.I)
_FIELD_WORLD = re.compile(
    r"\b(?:the|this|that)\s+(?!(?:whole|entire|wide|western|developed|developing|third|first|real|modern|outside|free)\b)"
    r"[a-z-]+\s+world\b|\bworld of (?!the\b)[a-z-]+",
    re.I,
)
_SCOPED = re.compile(r"\b(?:in|within|across|throughout|for|at)\s+(?:the\s+)?([A-Z][\w\u00C0-\u017F'-]*)")
_LEADING_THE = re.compile(r"^(?:The|the)\s+")
# Kinds of place that are parts of a country: what a question asking of the whole is not about.
PART_KINDS = frozenset({"region", "city", "state"})
# Capitals right after a lowercase word that is no function word ("messenger RNA", "viral DNA").
_MODIFIED_CAPITALS = re.compile(rf"\b(?!(?:{'|'.join(sorted(STOPWORDS))})\b)[a-z][a-z-]+\s+[A-Z]{{2,}}$")


def _lettered_otherwise(query: Query, sentence: str, names: Sequence[str]) -> bool:
    """Whether the names told apart by a letter or numeral of a claim put to be checked ("...
    in stage III NSCLC - correct?", `puts_claim`) are each given with another in the sentence
    ("stage IV NSCLC"): it answers them."""
    if not puts_claim(without_asides(query.question)):
        return False
    return all(
        re.search(rf"\b{re.escape(name.split()[0])}[\s-]+[A-Z0-9]+\b", sentence, re.I) is not None
        for name in names
    )


def _no_name(sentence: str, start: int, end: int) -> bool:
    """Whether the capitals at sentence[start:end] are no one's name: a common noun's word
    qualifies them ("messenger RNA"), they are part of a code ("PDC-LUNG-101") or a figure's unit
    ("EUR 98 billion")."""
    after = sentence[end : end + 2]
    return (
        after[:1] in ("-", "*")
        or (after[:1] == " " and after[1:].isdigit())
        or _MODIFIED_CAPITALS.search(sentence, 0, end) is not None
    )


# A word in lower case of six letters or more, not part of a code ("PDC*lung01"): a medicine's name may be one.
_LOWER_WORD = re.compile(r"(?<![\w*-])[a-z]{6,}(?![\w*-])")
_CAPITALISED = re.compile(r"\b[A-Z][\w\u00C0-\u017F'-]*(?:\s+[A-Z][\w\u00C0-\u017F'-]*){0,2}")


def _name_spans(match: re.Match[str]) -> list[tuple[int, int]]:
    """The runs of words of a match of capitalised words, longest and leftmost first."""
    words = [(m.start() + match.start(), m.end() + match.start()) for m in re.finditer(r"\S+", match.group())]
    return [
        (words[i][0], words[i + size - 1][1])
        for size in range(len(words), 0, -1)
        for i in range(len(words) - size + 1)
    ]


# "which" or "what": a question asking for one or more things of a kind ("which airports?").
_WHICH = re.compile(r"\b(?:which|what)\b", re.I)
# A sentence opening with a pronoun or a demonstrative goes on about the sentence before.
_CONTINUES = re.compile(r"\s*(?:this|these|that|those|it|its|they|their|such|he|she|his|her)\b", re.I)
_NOTHING_BEFORE = "There is no earlier answer from the documents to go on from: ask me a question about them."
# Words that say outright what something rests on ("With skilled staff and ..., Belgium provides
# ..."): a sentence opening the next passage with them answers "why?" too.
_CAUSE_WORDS = r"^\W*With\b|\b(?:because|thanks to|due to|owing to|as a result|driven by|fuell?ed by)\b"
_CAUSE = re.compile(_CAUSE_WORDS, re.I)
# A sentence that gives a reason or a means.
_REASON = re.compile(
    _CAUSE_WORDS
    + r"|\b(?:since|so that|which is why|the reason|by means of|through|enabl\w*|allow\w*|help\w*)\b",
    re.I,
)
# What says what came of something: "thus stimulating", "which has accentuated", "This has led to".
_EFFECT = re.compile(
    r"\b(?:thus|therefore|hence|as a result|consequently|resulting in|leading to|which (?:has|have|had)\s+\w+ed)\b"
    r"|^\W*(?:This|These|That|It) (?:has|have|had|led|leads|means|meant)\b",
)
_BRACKETED = re.compile(r"\s*\(([^\W\d_][\w&-]*)\)")  # "(FDI)" after the words it abbreviates
_RESULTS_ASKED = re.compile(r"\b(?:results?|outcomes?|findings?)\b", re.I)
_FINDINGS = re.compile(
    rf"{_EFFECT.pattern}|\b(?:revealed|reveals|showed|shows|shown|demonstrated|demonstrates|found that)\b"
)
_MATTERS = re.compile(r"\b(?:matters?|important|importance|significant|relevant)\b", re.I)
_IMPORTANCE = re.compile(
    r"\b(?:importan\w*|key|crucial|essential|strategic\w*|vital|significan\w*|driving force|pillar|backbone|major)\b",
    re.I,
)
_BARE_URL_IN_PARENS = re.compile(r"\s*\((?:https?://|www\.)[^\s)]*\)")


@lru_cache(maxsize=4096)  # sentences recur across questions
def _tidy(text: str, *, links: bool = False) -> str:
    """The sentence as a short answer: whitespace folded, bracketed bare links dropped (unless
    `links`: an address was asked for)."""
    return " ".join((text if links else _BARE_URL_IN_PARENS.sub("", text)).split())
