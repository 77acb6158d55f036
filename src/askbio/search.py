"""Fusion and top-k selection: pure functions over per-passage scores, given as numpy arrays
or, for the few dozen candidates of a small collection, as a dict of Python floats (same
numbers: the arithmetic is float64 either way)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from askbio.settings import RetrievalParams


def fuse(
    bm25: NDArray[np.floating],
    tfidf: NDArray[np.floating],
    tfidf_weight: float = RetrievalParams.tfidf_weight,
) -> NDArray[np.float64]:
    """Convex combination of BM25 divided by its best score and the TF-IDF cosine (both 0..1).

    Score fusion rather than reciprocal-rank fusion: it keeps how far apart passages are, which
    the answer's confidence needs, and on a corpus of a few dozen passages ranks are too coarse.
    """
    top = float(bm25.max()) if bm25.size else 0.0
    scale = (1.0 - tfidf_weight) / top if top > 0 else 0.0
    fused: NDArray[np.float64] = scale * bm25.astype(np.float64, copy=False) + tfidf_weight * np.asarray(
        tfidf
    )
    return fused


def fused_top_k(
    sums: Mapping[int, Sequence[float]], k: int, tfidf_weight: float = RetrievalParams.tfidf_weight
) -> list[tuple[int, float, float, float]]:
    """`top_k` of `fuse` for a few dozen passages, given as passage: (BM25, TF-IDF) sums: the k
    best as (passage, fused, BM25, TF-IDF), best first, ties in passage order. The same numbers
    as through numpy (float64 either way), in one pass over the sums."""
    top = max((b for b, _ in sums.values()), default=0.0)
    scale = (1.0 - tfidf_weight) / top if top > 0 else 0.0
    ranked = sorted((-(scale * b + tfidf_weight * x), d, b, x) for d, (b, x) in sums.items())
    return [(d, -s, b, x) for s, d, b, x in ranked[:k] if s < 0]


# Up to this many scores, one stable sort of them all costs less than numpy's selection calls.
SORT_ALL = 1024


def top_k(scores: NDArray[np.floating], k: int) -> NDArray[np.int64]:
    """Indices of the k best positive scores, best first, without sorting the whole array.

    Ties are broken by passage order, at the cut too, so results are stable."""
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
