"""A Retriever ranks passages for a question: the analyser, the query builder, both indexes
and the fusion, put together. The Engine answers with one; benchmark runs rank with one."""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from itertools import pairwise
from operator import itemgetter
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from askbio.index import HEAD_B, HEAD_WEIGHT, BM25Index, Postings, TfidfIndex
from askbio.query import Query, QueryBuilder
from askbio.search import TFIDF_WEIGHT, fuse, top_k
from askbio.text import Analyzer

# Pseudo-relevance feedback (RM3) and BM25 settings, tuned on the SciFact train and NFCorpus dev
# splits (docs/quality.md): feedback from the 10 best passages, 20 terms, weight 0.3 for queries
# of up to 3 terms and less for longer ones.
FEEDBACK_DOCS = 10
FEEDBACK_TERMS = 20
FEEDBACK_WEIGHT = 0.3
FEEDBACK_SHORT = 3.0
# Saturation of a query term's count (BM25's k3): a word said twice in a long question counts
# 4/3 of once, not twice. Tuned on the SciFact train and NFCorpus dev splits (docs/quality.md).
QUERY_K3 = 1.0
# An index of at most this many postings is also kept as Python lists and searched with them:
# on a small collection a question touches a few dozen postings, where numpy's cost per call
# (and its releasing and re-taking the GIL, which convoys a threaded server's workers) exceeds
# the work. Larger indexes are searched with numpy only. The crossover measured on 4 threads
# (benchmarks/small_index.py, docs/benchmarks.md) is about 20,000 postings.
SMALL_INDEX = 20_000


# Candidate passage ids, and their BM25, TF-IDF and fused scores.
_Scores = tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.float64], NDArray[np.float32]]


class Scored(NamedTuple):
    position: int  # of the passage in the indexed collection
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
        synonyms: list[list[str]] | None = None,
        is_english: Callable[[str], bool] | None = None,
        tfidf_weight: float = TFIDF_WEIGHT,
        feedback_docs: int = FEEDBACK_DOCS,
        feedback_terms: int = FEEDBACK_TERMS,
        feedback_weight: float = FEEDBACK_WEIGHT,
        feedback_short: float = FEEDBACK_SHORT,
        spelling: bool = True,
        stem_variants: bool = True,
        query_k3: float = QUERY_K3,
        texts: Sequence[str] | None = None,
    ) -> None:
        self.texts = texts  # the indexed text of each passage, read back for feedback
        self.feedback_short = feedback_short
        self.query_k3 = query_k3
        self.analyzer = analyzer
        self.feedback_docs = feedback_docs
        self.feedback_terms = feedback_terms
        self.feedback_weight = feedback_weight
        self.postings = postings
        self.bm25 = bm25
        self.tfidf = tfidf
        self.tfidf_weight = tfidf_weight
        # Each term's postings as (passage, BM25 weight, TF-IDF weight), and the terms' idf.
        self._lists: tuple[list[tuple[tuple[int, float, float], ...]], list[float]] | None = None
        if postings.indices.size <= SMALL_INDEX:
            indptr, indices = postings.indptr.tolist(), postings.indices.tolist()
            bm25_weights, tfidf_weights = bm25.weights_.tolist(), tfidf.weights_.tolist()
            self._lists = (
                [
                    tuple(zip(indices[lo:hi], bm25_weights[lo:hi], tfidf_weights[lo:hi], strict=True))
                    for lo, hi in pairwise(indptr)
                ],
                tfidf.idf_.tolist(),
            )
        self.queries = QueryBuilder(
            analyzer,
            postings.vocabulary,
            synonyms,
            is_english=is_english,
            spelling=spelling,
            stem_variants=stem_variants,
        )

    @classmethod
    def fit(
        cls,
        texts: Sequence[str],
        *,
        k1: float = 1.2,
        b: float = 0.75,
        delta: float = 1.0,
        head_weight: float = HEAD_WEIGHT,
        head_b: float = HEAD_B,
        tfidf_weight: float = TFIDF_WEIGHT,
        analyzer: Analyzer | None = None,
        headings: Sequence[str] | None = None,
        fields: bool = True,
        **kwargs: object,
    ) -> Retriever:
        """Analyse `texts` and fit both indexes over them. With `headings` (each text's heading
        or title, which the text begins with), BM25 weighs the heading as a field of its own
        (BM25F), unless `fields` is false."""
        analyzer = analyzer or Analyzer()
        postings = Postings.from_texts(texts, analyzer)
        if headings is not None and fields:
            postings = postings.with_headings(headings, analyzer)
        return cls(
            analyzer,
            postings,
            BM25Index(k1=k1, b=b, delta=delta, head_weight=head_weight, head_b=head_b).fit(postings),
            TfidfIndex().fit(postings),
            tfidf_weight=tfidf_weight,
            texts=texts,
            **kwargs,  # type: ignore[arg-type]
        )

    def query(self, question: str) -> Query:
        return self.queries.build(question)

    def search(self, query: Query, k: int) -> list[Scored]:
        """The k best passages for `query`, best first."""
        qweights = self._saturate(query.weights(self.postings.vocabulary))
        if self._lists is not None:
            return self._search_lists(qweights, k)
        candidates, bm25, tfidf, fused = self._scores(qweights)
        if self.feedback_docs and qweights:
            top = top_k(fused, self.feedback_docs)
            expanded = self._feedback(
                qweights, list(zip(candidates[top].tolist(), fused[top].tolist(), strict=True))
            )
            if expanded is not None:
                candidates, bm25, tfidf, fused = self._scores(expanded)
        return [
            Scored(int(candidates[i]), float(fused[i]), float(bm25[i]), float(tfidf[i]))
            for i in top_k(fused, k)
        ]

    def _search_lists(self, qweights: dict[int, float], k: int) -> list[Scored]:
        """`search` over the Python lists of a small index: the same scores, no numpy."""
        scores = self._list_scores(qweights)
        if self.feedback_docs and qweights:
            top = _best(scores, self.feedback_docs)
            expanded = self._feedback(qweights, [(d, scores[d][0]) for d in top])
            if expanded is not None:
                scores = self._list_scores(expanded)
        return [Scored(d, *scores[d]) for d in _best(scores, k)]

    def _list_scores(self, qweights: dict[int, float]) -> dict[int, tuple[float, float, float]]:
        """Fused, BM25 and TF-IDF score of each passage holding a query term (as `_scores`)."""
        by_term, idf = self._lists or ([], [])
        tfidf_query, norm = self.tfidf.query_weights(_sublinear(qweights), idf)
        sums: dict[int, list[float]] = {}  # passage: [BM25, TF-IDF]
        for t, q in qweights.items():
            v = tfidf_query[t] / norm
            for d, w, x in by_term[t]:
                pair = sums.get(d)
                if pair is None:
                    sums[d] = [q * w, v * x]
                else:
                    pair[0] += q * w
                    pair[1] += v * x
        top = max((b for b, _ in sums.values()), default=0.0)
        scale = (1.0 - self.tfidf_weight) / top if top > 0 else 0.0
        weight = self.tfidf_weight
        return {d: (scale * b + weight * x, b, x) for d, (b, x) in sums.items()}

    def _saturate(self, qweights: dict[int, float]) -> dict[int, float]:
        """A term's count in the question, saturated as BM25's k3 does: (k3 + 1) n / (k3 + n).
        Counts of one or less (a word said once, an expansion) are left as they are."""
        k3 = self.query_k3
        if k3 <= 0 or max(qweights.values(), default=0.0) <= 1.0:
            return qweights
        return {t: (k3 + 1) * w / (k3 + w) if w > 1.0 else w for t, w in qweights.items()}

    def _scores(self, qweights: dict[int, float]) -> _Scores:
        """Candidate passages and their BM25, TF-IDF and fused scores (aligned arrays)."""
        candidates, (bm25, tfidf) = self.postings.gather(
            [
                (self.bm25.weights_, qweights),
                (self.tfidf.weights_, self.tfidf.query_vector(_sublinear(qweights))),
            ]
        )
        return candidates, bm25, tfidf, fuse(bm25, tfidf, self.tfidf_weight)

    @lru_cache(maxsize=4096)  # noqa: B019 - the retriever lives as long as its index
    def _term_shares(self, position: int) -> tuple[tuple[int, float], ...]:
        """Term ids of an indexed passage and each one's share of its length (tf / length)."""
        terms = self.analyzer.terms(self.texts[position]) if self.texts is not None else []
        vocabulary = self.postings.vocabulary
        counts = Counter(t for t in terms if t in vocabulary)
        length = max(len(terms), 1)
        return tuple((vocabulary[t], n / length) for t, n in counts.items())

    def _feedback(self, qweights: dict[int, float], top: list[tuple[int, float]]) -> dict[int, float] | None:
        """RM3 pseudo-relevance feedback: mix the query with the terms most likely under the
        best passages `top` (position, score): P(t|R) = sum of score share * tf / length."""
        if not top or self.texts is None:
            return None
        mass_of_top = max(sum(map(itemgetter(1), top)), 1e-9)
        # The best passages are analysed again (a few hundred tokens, memoised) rather than
        # kept in a passage-major copy of every posting, which would double the index in memory.
        # A passage holds each of its terms once: the first one's are taken as they are.
        (position, score), *rest = top
        share = score / mass_of_top
        relevance = {t: share * p for t, p in self._term_shares(position)}
        for position, score in rest:
            share = score / mass_of_top
            for t, p in self._term_shares(position):
                relevance[t] = relevance.get(t, 0.0) + share * p
        # Most likely first; between equals, the term met first (in the best passage): the sort
        # is stable (and, over a few hundred terms, cheaper in C than heapq.nlargest).
        chosen = sorted(relevance.items(), key=itemgetter(1), reverse=True)[: self.feedback_terms]
        mass = sum(map(itemgetter(1), chosen)) or 1.0
        total = sum(qweights.values())
        # Feedback helps short queries most; a long query already says what it wants.
        lam = self.feedback_weight * min(1.0, self.feedback_short / max(total, 1.0))
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


def _best(scores: Mapping[int, tuple[float, ...]], k: int) -> list[int]:
    """The k passages with the best positive first score, ties by passage order (as top_k)."""
    positive = [(-s[0], d) for d, s in scores.items() if s[0] > 0]
    # heapq.nsmallest equals sorted()[:k]; over a few dozen candidates the sort, all in C, is
    # cheaper than the heap's Python loop.
    best = sorted(positive)[:k] if len(positive) <= 64 else heapq.nsmallest(k, positive)
    return [d for _, d in best]
