"""A Retriever ranks passages for a question: the analyser, the query builder, both indexes
and the fusion, put together. The Engine answers with one; benchmark runs rank with one."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from functools import lru_cache
from itertools import pairwise
from operator import itemgetter
from typing import NamedTuple

from askbio import lexicon
from askbio.index import BM25Index, Postings, TfidfIndex, fit_indexes
from askbio.query import Query, QueryBuilder
from askbio.search import fuse, fused_top_k, top_k
from askbio.settings import RetrievalParams
from askbio.text import Analyzer

# An index of at most this many postings is also kept as Python lists, whose sums are taken
# in Python: on a small collection a question touches a few dozen postings, fewer than numpy's
# cost per call is worth (benchmarks/results/HISTORY.md).
SMALL_INDEX = 20_000


class ScoredPosition(NamedTuple):
    """A passage as the retriever knows it, by its position in the index, with its scores. The
    Engine turns it into a `models.Hit`: the passage itself, and its rank."""

    position: int
    score: float  # fused, 0..1
    bm25: float
    tfidf: float


class Retriever:
    def __init__(
        self,
        analyzer: Analyzer,
        postings: Postings,
        bm25: BM25Index,
        tfidf: TfidfIndex,
        *,
        params: RetrievalParams | None = None,
        synonyms: list[list[str]] | None = None,
        is_english: Callable[[str], bool] | None = None,
        respelt: Callable[[str], str | None] | None = None,
        texts: Sequence[str] | None = None,
        variants: Mapping[str, str] | None = None,
        bridges: Mapping[str, Sequence[str]] | None = None,
        names: Collection[str] = (),
        countries: Mapping[str, Sequence[tuple[Sequence[str], bool]]] | None = None,
        figures: Mapping[str, Sequence[str]] | None = None,
        numbered: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.params = params or RetrievalParams()
        self.texts = texts  # the indexed text of each passage, read back for feedback
        self.analyzer = analyzer
        self.postings = postings
        self.bm25 = bm25
        self.tfidf = tfidf
        # Each term's postings as (passage, BM25 weight, TF-IDF weight), on a small index.
        self._lists: list[tuple[tuple[int, float, float], ...]] | None = None
        self._idf: list[float] = []
        if postings.indices.size <= SMALL_INDEX:
            indptr, indices = postings.indptr.tolist(), postings.indices.tolist()
            bm25_weights, tfidf_weights = bm25.weights_.tolist(), tfidf.weights_.tolist()
            self._lists = [
                tuple(zip(indices[lo:hi], bm25_weights[lo:hi], tfidf_weights[lo:hi], strict=True))
                for lo, hi in pairwise(indptr)
            ]
            self._idf = tfidf.idf_.tolist()
        self.queries = QueryBuilder(
            analyzer,
            postings.vocabulary,
            synonyms,
            is_english=is_english,
            respelt=respelt if self.params.spelling else None,
            variants=variants if self.params.bridges else None,
            bridges=bridges if self.params.bridges else None,
            places=lexicon.places() if self.params.bridges else (),
            names=frozenset(names),
            pertains=lexicon.pertainyms() if self.params.bridges else None,
            countries=countries if self.params.bridges else None,
            figures=figures,
            numbered=numbered,
            spelling=self.params.spelling,
            stem_variants=self.params.stem_variants,
        )

    @classmethod
    def fit(
        cls,
        texts: Sequence[str],
        *,
        headings: Sequence[str] | None = None,
        params: RetrievalParams | None = None,
        analyzer: Analyzer | None = None,
        synonyms: list[list[str]] | None = None,
        is_english: Callable[[str], bool] | None = None,
        respelt: Callable[[str], str | None] | None = None,
    ) -> Retriever:
        """Analyse passages' indexed texts (`index.indexed_text`) and fit both indexes over them;
        with `headings`, BM25 weighs each heading as a field of its own (BM25F)."""
        analyzer = analyzer or Analyzer()
        postings, bm25, tfidf = fit_indexes(texts, analyzer, headings=headings, params=params)
        variants: dict[str, str] = {}
        bridges: dict[str, list[str]] = {}
        if (params or RetrievalParams()).bridges:
            variants = lexicon.variants(postings.vocabulary)
            bridges = lexicon.bridges(postings.vocabulary, synonyms or [])
        return cls(
            analyzer,
            postings,
            bm25,
            tfidf,
            params=params,
            synonyms=synonyms,
            is_english=is_english,
            respelt=respelt,
            texts=texts,
            variants=variants,
            bridges=bridges,
        )

    @property
    def small(self) -> bool:
        """Whether the index is summed from Python lists (a small index) rather than numpy arrays."""
        return self._lists is not None

    def query(self, question: str) -> Query:
        return self.queries.build(question)

    def search(self, query: Query, k: int) -> list[ScoredPosition]:
        """The k best passages for `query`, best first."""
        params = self.params
        qweights = saturate(query.weights(self.postings.vocabulary), params.query_k3)
        if params.feedback_docs and qweights and self.texts is not None:
            best = [(position, score) for position, score, _, _ in self._best(qweights, params.feedback_docs)]
            expanded = rm3(qweights, best, self._term_shares, params)
            if expanded is not None:
                qweights = expanded
        return [ScoredPosition._make(best) for best in self._best(qweights, k)]

    def _best(self, qweights: dict[int, float], k: int) -> list[tuple[int, float, float, float]]:
        """The k best passages for these query weights, best first, with their scores (position,
        fused, BM25, TF-IDF: a `ScoredPosition`'s fields, made one only for the passages returned)."""
        tf_weights = _sublinear(qweights)
        weight = self.params.tfidf_weight
        if self._lists is not None:
            return fused_top_k(self._list_sums(qweights, tf_weights), k, weight)
        candidates, (bm25, tfidf) = self.postings.gather(
            [(self.bm25.weights_, qweights), (self.tfidf.weights_, self.tfidf.query_vector(tf_weights))]
        )
        fused = fuse(bm25, tfidf, weight)
        return [
            (int(candidates[i]), float(fused[i]), float(bm25[i]), float(tfidf[i])) for i in top_k(fused, k)
        ]

    def _list_sums(self, qweights: dict[int, float], tf_weights: dict[int, float]) -> dict[int, list[float]]:
        """`Postings.gather`'s sums for a small index, taken over its Python lists: passage ->
        [BM25, TF-IDF]."""
        lists = self._lists or []
        tfidf_query, norm = self.tfidf.query_weights(tf_weights, self._idf)
        sums: dict[int, list[float]] = {}
        for t, q in qweights.items():
            v = tfidf_query[t] / norm
            for d, w, x in lists[t]:
                pair = sums.get(d)
                if pair is None:
                    sums[d] = [q * w, v * x]
                else:
                    pair[0] += q * w
                    pair[1] += v * x
        return sums

    @lru_cache(maxsize=4096)  # noqa: B019 - the retriever lives as long as its index
    def _term_shares(self, position: int) -> tuple[tuple[int, float], ...]:
        """Term ids of an indexed passage and each one's share of its length (tf / length)."""
        # The best passages are analysed again (a few hundred tokens, memoised) rather than
        # kept in a passage-major copy of every posting, which would double the index in memory.
        terms = self.analyzer.terms(self.texts[position]) if self.texts is not None else []
        vocabulary = self.postings.vocabulary
        counts = Counter(t for t in terms if t in vocabulary)
        length = max(len(terms), 1)
        return tuple((vocabulary[t], n / length) for t, n in counts.items())


def saturate(qweights: dict[int, float], k3: float) -> dict[int, float]:
    """A term's count in the question, saturated as BM25's k3 does: (k3 + 1) n / (k3 + n), so a
    word said twice in a long question counts 4/3 of once. Counts of one or less (a word said
    once, an expansion) are left as they are."""
    if k3 <= 0 or max(qweights.values(), default=0.0) <= 1.0:
        return qweights
    return {t: (k3 + 1) * w / (k3 + w) if w > 1.0 else w for t, w in qweights.items()}


def rm3(
    qweights: dict[int, float],
    top: list[tuple[int, float]],
    term_shares: Callable[[int], Sequence[tuple[int, float]]],
    params: RetrievalParams,
) -> dict[int, float] | None:
    """RM3 pseudo-relevance feedback: the query mixed with the terms most likely under the best
    passages `top` (position, score): P(t|R) = sum of score share * tf / length, where
    `term_shares(position)` gives each term's tf / length in that passage."""
    if not top:
        return None
    mass_of_top = max(sum(map(itemgetter(1), top)), 1e-9)
    # A passage holds each of its terms once: the first one's are taken as they are.
    (position, score), *rest = top
    share = score / mass_of_top
    relevance = {t: share * p for t, p in term_shares(position)}
    for position, score in rest:
        share = score / mass_of_top
        for t, p in term_shares(position):
            if t in relevance:
                relevance[t] += share * p
            else:
                relevance[t] = share * p
    # Most likely first; between equals, the term met first (in the best passage): sorted() is stable.
    chosen = sorted(relevance.items(), key=itemgetter(1), reverse=True)[: params.feedback_terms]
    mass = sum(map(itemgetter(1), chosen)) or 1.0
    total = sum(qweights.values())
    # Feedback helps short queries most; a long query already says what it wants.
    lam = params.feedback_weight * min(1.0, params.feedback_short / max(total, 1.0))
    mixed = {t: (1 - lam) * w / total for t, w in qweights.items()}
    for t, p in chosen:
        mixed[t] = mixed.get(t, 0.0) + lam * p / mass
    return {t: w * total for t, w in mixed.items()}


def _sublinear(qweights: dict[int, float]) -> dict[int, float]:
    # TF-IDF takes the query's term counts sublinearly, as scikit-learn does for texts. Most
    # queries count no term more than once: they are taken as they are, without a copy.
    if max(qweights.values(), default=0.0) <= 1.0:
        return qweights
    return {t: 1.0 + math.log(w) if w > 1.0 else w for t, w in qweights.items()}
