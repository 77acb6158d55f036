"""A Retriever ranks passages for a question: the analyser, the query builder, both indexes
and the fusion, put together. The Engine answers with one; benchmark runs rank with one."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from askbio.index import BM25Index, Postings, TfidfIndex
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
        tfidf_weight: float = TFIDF_WEIGHT,
        analyzer: Analyzer | None = None,
        **kwargs: object,
    ) -> Retriever:
        """Analyse `texts` and fit both indexes over them."""
        analyzer = analyzer or Analyzer()
        postings = Postings.from_texts(texts, analyzer)
        return cls(
            analyzer,
            postings,
            BM25Index(k1=k1, b=b, delta=delta).fit(postings),
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
        candidates, bm25, tfidf, fused = self._scores(qweights)
        if self.feedback_docs and qweights:
            top = top_k(fused, self.feedback_docs)
            expanded = self._feedback(qweights, candidates[top], fused[top])
            if expanded is not None:
                candidates, bm25, tfidf, fused = self._scores(expanded)
        return [
            Scored(int(candidates[i]), float(fused[i]), float(bm25[i]), float(tfidf[i]))
            for i in top_k(fused, k)
        ]

    def _saturate(self, qweights: dict[int, float]) -> dict[int, float]:
        """A term's count in the question, saturated as BM25's k3 does: (k3 + 1) n / (k3 + n).
        Counts of one or less (a word said once, an expansion) are left as they are."""
        k3 = self.query_k3
        if k3 <= 0:
            return qweights
        return {t: (k3 + 1) * w / (k3 + w) if w > 1.0 else w for t, w in qweights.items()}

    def _scores(self, qweights: dict[int, float]) -> _Scores:
        """Candidate passages and their BM25, TF-IDF and fused scores (aligned arrays)."""
        # TF-IDF takes the query's term counts sublinearly, as scikit-learn does for texts.
        tf_weights = {t: 1.0 + math.log(w) if w > 1.0 else w for t, w in qweights.items()}
        candidates, (bm25, tfidf) = self.postings.gather(
            [(self.bm25.weights_, qweights), (self.tfidf.weights_, self.tfidf.query_vector(tf_weights))]
        )
        return candidates, bm25, tfidf, fuse(bm25, tfidf, self.tfidf_weight)

    @lru_cache(maxsize=4096)  # noqa: B019 - the retriever lives as long as its index
    def _term_shares(self, position: int) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """Term ids of an indexed passage and each one's share of its length (tf / length)."""
        terms = self.analyzer.terms(self.texts[position]) if self.texts is not None else []
        vocabulary = self.postings.vocabulary
        counts = Counter(t for t in terms if t in vocabulary)
        ids = np.fromiter((vocabulary[t] for t in counts), dtype=np.int64, count=len(counts))
        shares = np.fromiter(counts.values(), dtype=np.float64, count=len(counts)) / max(len(terms), 1)
        return ids, shares

    def _feedback(
        self, qweights: dict[int, float], top: NDArray[np.int64], top_scores: NDArray[np.floating[Any]]
    ) -> dict[int, float] | None:
        """RM3 pseudo-relevance feedback: mix the query with the terms most likely under the
        best passages (P(t|R) = sum over passages of score share * tf / length)."""
        if top.size == 0 or self.texts is None:
            return None
        share = top_scores / max(float(top_scores.sum()), 1e-9)
        # The best passages are analysed again (a few hundred tokens, memoised) rather than
        # kept in a passage-major copy of every posting, which would double the index in memory.
        parts = [self._term_shares(d) for d in top.tolist()]
        ids = np.concatenate([p[0] for p in parts])
        probs = np.concatenate([p[1] * w for p, w in zip(parts, share.tolist(), strict=True)])
        terms, slot = np.unique(ids, return_inverse=True)
        relevance = np.bincount(slot, probs, minlength=terms.size).astype(np.float64, copy=False)
        best = top_k(relevance, self.feedback_terms)
        chosen = list(zip(terms[best].tolist(), relevance[best].tolist(), strict=True))
        mass = sum(p for _, p in chosen) or 1.0
        total = sum(qweights.values())
        # Feedback helps short queries most; a long query already says what it wants.
        lam = self.feedback_weight * min(1.0, self.feedback_short / max(total, 1.0))
        mixed = {t: (1 - lam) * w / total for t, w in qweights.items()}
        for t, p in chosen:
            mixed[t] = mixed.get(t, 0.0) + lam * p / mass
        return {t: w * total for t, w in mixed.items()}
