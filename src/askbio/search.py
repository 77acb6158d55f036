"""Fusion and top-k selection: pure functions over per-passage score arrays."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

# Share of the TF-IDF cosine in the fused score (the rest is max-normalised BM25).
# Chosen on the SciFact train and NFCorpus dev splits; see docs/quality.md.
TFIDF_WEIGHT = 0.2


def fuse(
    bm25: NDArray[np.floating], tfidf: NDArray[np.floating], tfidf_weight: float = TFIDF_WEIGHT
) -> NDArray[np.float32]:
    """Convex combination of BM25 divided by its best score and the TF-IDF cosine (both 0..1).

    Score fusion rather than reciprocal-rank fusion: it keeps how far apart passages are, which
    the answer's confidence needs, and on a corpus of a few dozen passages ranks are too coarse.
    """
    top = float(bm25.max()) if bm25.size else 0.0
    bm25_part = bm25 / top if top > 0 else np.zeros_like(bm25)
    return ((1.0 - tfidf_weight) * bm25_part + tfidf_weight * tfidf).astype(np.float32)


def top_k(scores: NDArray[np.floating], k: int) -> NDArray[np.int64]:
    """Indices of the k best positive scores, best first, without sorting the whole array.

    Ties are broken by passage order, at the cut too, so results are stable."""
    if k <= 0 or scores.size == 0:
        return np.zeros(0, dtype=np.int64)
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
