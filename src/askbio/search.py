"""Fusion and top-k selection: pure functions over per-passage scores, given as numpy arrays
or, for the few dozen candidates of a small collection, as Python lists (same numbers: the
arithmetic is float64 either way)."""

from __future__ import annotations

import heapq
from typing import overload

import numpy as np
from numpy.typing import NDArray

from askbio.settings import RetrievalParams


@overload
def fuse(bm25: list[float], tfidf: list[float], tfidf_weight: float = ...) -> list[float]: ...
@overload
def fuse(
    bm25: NDArray[np.floating], tfidf: NDArray[np.floating], tfidf_weight: float = ...
) -> NDArray[np.float64]: ...
def fuse(
    bm25: list[float] | NDArray[np.floating],
    tfidf: list[float] | NDArray[np.floating],
    tfidf_weight: float = RetrievalParams.tfidf_weight,
) -> list[float] | NDArray[np.float64]:
    """Convex combination of BM25 divided by its best score and the TF-IDF cosine (both 0..1).

    Score fusion rather than reciprocal-rank fusion: it keeps how far apart passages are, which
    the answer's confidence needs, and on a corpus of a few dozen passages ranks are too coarse.
    """
    if isinstance(bm25, list):
        top = max(bm25, default=0.0)
        scale = (1.0 - tfidf_weight) / top if top > 0 else 0.0
        return [scale * b + tfidf_weight * x for b, x in zip(bm25, tfidf, strict=True)]
    top = float(bm25.max()) if bm25.size else 0.0
    scale = (1.0 - tfidf_weight) / top if top > 0 else 0.0
    fused: NDArray[np.float64] = scale * bm25.astype(np.float64, copy=False) + tfidf_weight * np.asarray(
        tfidf
    )
    return fused


# Up to this many scores, one stable sort of them all costs less than numpy's selection calls.
SORT_ALL = 1024


@overload
def top_k(scores: list[float], k: int) -> list[int]: ...
@overload
def top_k(scores: NDArray[np.floating], k: int) -> NDArray[np.int64]: ...
def top_k(scores: list[float] | NDArray[np.floating], k: int) -> list[int] | NDArray[np.int64]:
    """Indices of the k best positive scores, best first, without sorting the whole array.

    Ties are broken by passage order, at the cut too, so results are stable."""
    if isinstance(scores, list):
        ranked = [(-s, i) for i, s in enumerate(scores) if s > 0]
        # Over a few dozen scores one sort, in C, is cheaper than the heap's Python loop.
        best = sorted(ranked)[:k] if len(ranked) <= 64 else heapq.nsmallest(k, ranked)
        return [i for _, i in best]
    if k <= 0 or scores.size == 0:
        return np.zeros(0, dtype=np.int64)
    if scores.size <= SORT_ALL:
        order = np.argsort(-scores, kind="stable")[:k]  # stable: ties in passage order
        return order[scores[order] > 0].astype(np.int64, copy=False)
    positive = np.flatnonzero(scores > 0)
    if positive.size > k:
        # The k-th best score; all above it, then the first of those equal to it, so which tied
        # passages make the cut does not depend on how the partition happened to fall.
        values = scores[positive]
        kth = np.partition(values, positive.size - k)[positive.size - k]
        above = positive[values > kth]
        positive = np.concatenate([above, positive[values == kth][: k - above.size]])
    order = np.lexsort((positive, -scores[positive]))
    return positive[order].astype(np.int64)
