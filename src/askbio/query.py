"""From a question to the terms searched: analysis, spelling correction and synonyms."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from askbio.text import Analyzer, Token, normalize

_WORD_RE = re.compile(r"[^\W\d_]{4,}")


EXPANSION_WEIGHT = 0.4


@dataclass(frozen=True)
class Query:
    question: str
    tokens: tuple[Token, ...]  # analysed tokens of the question as asked
    terms: tuple[str, ...]  # what is searched: tokens, corrected, plus expansions
    corrections: dict[str, str] = field(default_factory=dict)  # misspelt word -> corpus word
    expansions: tuple[str, ...] = ()  # terms added from synonyms and acronyms

    def weights(self, vocabulary: dict[str, int]) -> dict[int, float]:
        """Weight of each indexed term id: its count in the question; an expansion counts less,
        so a synonym helps a passage that lacks the asked word more than it outranks one that has it."""
        out: dict[int, float] = {}
        expansions = set(self.expansions)
        for term in self.terms:
            tid = vocabulary.get(term)
            if tid is not None:
                out[tid] = out.get(tid, 0.0) + (EXPANSION_WEIGHT if term in expansions else 1.0)
        return out


class QueryBuilder:
    """Analyses questions against a fitted vocabulary.

    Spelling: a word of four letters or more whose stem is not in the vocabulary is replaced by
    the closest word of the corpus with the same first letter (Levenshtein, rapidfuzz), if one is
    close enough; what a word corrects to is worked out once. Words the corpus knows are never
    touched. Synonyms: curator groups and acronyms found in the corpus add their other members'
    terms.
    """

    def __init__(
        self,
        analyzer: Analyzer,
        vocabulary: dict[str, int],
        synonyms: list[list[str]] | None = None,
        is_english: Callable[[str], bool] | None = None,
        *,
        spelling: bool = True,
        stem_variants: bool = True,
    ) -> None:
        self.spelling = spelling
        self.stem_variants = stem_variants
        self.analyzer = analyzer
        self.is_english = is_english or (lambda word: False)
        self.vocabulary = vocabulary
        # Surface words seen in the corpus whose stem is indexed: the speller's dictionary.
        self._words = sorted(w for w, s in analyzer.stem_cache.items() if s in vocabulary and w.isalpha())
        self._terms = sorted(vocabulary)
        # Questions reuse words: what a word corrects to is worked out once.
        self._correction = lru_cache(maxsize=8192)(self._find_correction)
        self._synonyms: dict[str, set[str]] = {}
        for group in synonyms or []:
            term_sets = [tuple(self.analyzer.terms(w)) for w in group]
            for terms in term_sets:
                for term in terms:
                    others = {t for ts in term_sets if ts != terms for t in ts}
                    self._synonyms.setdefault(term, set()).update(others)

    def build(self, question: str) -> Query:
        corrections = self._corrections(question) if self.spelling else {}
        text = question
        for wrong, right in corrections.items():
            text = re.sub(rf"\b{re.escape(wrong)}\b", right, text, flags=re.IGNORECASE)
        tokens = tuple(self.analyzer.tokens(question))
        terms = [t.term for t in self.analyzer.tokens(text)] if corrections else [t.term for t in tokens]
        if self.stem_variants:
            terms = [self._stem_variant(t) for t in terms]
        expansions: list[str] = []
        for term in dict.fromkeys(terms):
            for other in sorted(self._synonyms.get(term, ())):
                if other in self.vocabulary and other not in terms and other not in expansions:
                    expansions.append(other)
        return Query(question, tokens, tuple(terms + expansions), corrections, tuple(expansions))

    def _stem_variant(self, term: str) -> str:
        """An unindexed stem that begins an indexed one stands for it: the stemmer cuts
        "producing" to "produc" but "production" to "product"."""
        if term in self.vocabulary or len(term) < 5 or not term.isalpha():
            return term
        i = bisect.bisect_left(self._terms, term)
        if i < len(self._terms) and self._terms[i].startswith(term) and len(self._terms[i]) - len(term) <= 3:
            return self._terms[i]
        return term

    def _corrections(self, question: str) -> dict[str, str]:
        if not self._words:
            return {}
        folded, _ = normalize(question)
        out: dict[str, str] = {}
        for word in _WORD_RE.findall(folded):
            best = self._correction(word)
            if best is not None:
                out[word] = best
        return out

    def _find_correction(self, word: str) -> str | None:
        terms = self.analyzer.terms(word)
        if not terms or all(t in self.vocabulary for t in terms):
            return None  # a stopword, or a word the corpus knows
        if self.is_english(word):
            return None  # a real word the corpus lacks: correcting it would change the question
        return self._closest(word)

    def _closest(self, word: str) -> str | None:
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        limit = 1 if len(word) < 7 else 2
        # Only words with the same first letter: typists rarely get the first letter wrong, and
        # a word the corpus lacks (a drug or gene name) otherwise turns into an unrelated one
        # ("nexin" into "kexin", "dulse" into "pulse") instead of being named as unknown.
        candidates = [w for w in self._words if w[0] == word[0] and abs(len(w) - len(word)) <= limit]
        match = process.extractOne(word, candidates, scorer=Levenshtein.distance, score_cutoff=limit)
        return None if match is None else str(match[0])
