import numpy as np
import pytest

from askbio import search
from askbio.search import fuse, fused_top_k, top_k


@pytest.fixture(params=[0, 10**9], ids=["select", "sort-all"])
def strategy(request, monkeypatch):
    """top_k's two ways: numpy's selection, and one sort of all the scores."""
    monkeypatch.setattr(search, "SORT_ALL", request.param)


def test_top_k_is_best_first_positive_only_and_stable(strategy):
    scores = np.array([0.1, 0.0, 0.5, 0.5, 0.3, 0.0])
    assert list(top_k(scores, 3)) == [2, 3, 4]
    assert list(top_k(scores, 10)) == [2, 3, 4, 0]
    assert list(top_k(np.zeros(4), 3)) == []


def test_top_k_agrees_with_a_full_sort_on_random_scores(strategy):
    rng = np.random.default_rng(7)
    for i in range(20):
        scores = rng.random(1000) * (rng.random(1000) > 0.5)
        if i % 2:
            scores = np.round(scores, 1)  # many ties, at the cut too
        expected = [i for i in np.argsort(-scores, kind="stable") if scores[i] > 0][:10]
        assert list(top_k(scores, 10)) == expected


def test_fuse_is_a_convex_combination_in_unit_range():
    bm25 = np.array([0.0, 2.0, 4.0])
    tfidf = np.array([0.5, 0.0, 1.0])
    fused = fuse(bm25, tfidf, tfidf_weight=0.25)
    assert np.allclose(fused, [0.125, 0.375, 1.0])
    assert np.allclose(fuse(np.zeros(3), np.zeros(3)), 0.0)


def test_sums_of_a_small_index_fuse_and_rank_as_arrays_do():
    """A small index's few dozen scores come as a dict of Python floats: the same numbers and order."""
    rng = np.random.default_rng(3)
    for i in range(50):
        bm25 = np.round(rng.random(40) * (rng.random(40) > 0.3) * 8, 1)
        tfidf = rng.random(40) * (bm25 > 0)
        if i % 2:
            tfidf = np.round(tfidf, 1)  # many ties, at the cut too
        fused = fuse(bm25, tfidf, 0.2)
        sums = {int(d): [bm25[d].item(), tfidf[d].item()] for d in rng.permutation(np.flatnonzero(bm25))}
        expected = [(int(d), fused[d].item(), bm25[d].item(), tfidf[d].item()) for d in top_k(fused, 10)]
        assert fused_top_k(sums, 10, 0.2) == expected  # float64 either way: equal, not just close
    assert fused_top_k({}, 3, 0.2) == [] and fused_top_k({1: [0.0, 0.0]}, 3, 0.2) == []
