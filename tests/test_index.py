import math

import numpy as np
import pytest
from rank_bm25 import BM25Plus

from askbio.corpus import read_corpus
from askbio.errors import NotFittedError
from askbio.index import BM25Index, Postings, StoredWeights, TfidfIndex
from askbio.text import Analyzer
from conftest import ROOT

QUERIES = [
    "how many jobs in biomanufacturing",
    "pharmaceutical exports exports",  # a repeated term counts twice, as in rank-bm25
    "PDC*lung01 pembrolizumab NCT03970746",
    "vaccines messenger RNA adjuvants",
    "unknownword",
    "Belgium",
]


@pytest.fixture(scope="module")
def tokens():
    analyzer = Analyzer()
    return [analyzer.terms(p.text) for p in read_corpus(ROOT / "corpus").passages], analyzer


def test_postings_from_texts_equal_postings_from_tokens():
    texts = [p.text for p in read_corpus(ROOT / "corpus").passages] + ["", "the of", "Jobs jobs JOBS"]
    expected = Postings.from_tokens(Analyzer().analyze_many(texts))
    found = Postings.from_texts(texts, Analyzer())
    assert found.vocabulary == expected.vocabulary
    for name in ("indptr", "indices", "tf", "passage_len"):
        a, b = getattr(found, name), getattr(expected, name)
        assert a.dtype == b.dtype and np.array_equal(a, b), name


def test_postings_count_terms_per_passage():
    postings = Postings.from_tokens([["b", "a", "b"], [], ["a", "c", "a", "a"]])
    assert postings.vocabulary == {"a": 0, "b": 1, "c": 2}
    assert postings.indptr.tolist() == [0, 2, 3, 4]
    assert postings.indices.tolist() == [0, 2, 0, 2]
    assert postings.tf.tolist() == [1.0, 3.0, 2.0, 1.0]
    assert postings.passage_len.tolist() == [3.0, 0.0, 4.0]
    empty = Postings.from_tokens([])
    assert empty.n_passages == 0 and empty.n_terms == 0 and empty.indices.size == 0


@pytest.mark.parametrize(("k1", "b", "delta"), [(1.2, 0.75, 1.0), (0.9, 0.4, 0.5), (1.5, 1.0, 0.0)])
def test_bm25_scores_equal_rank_bm25(tokens, k1, b, delta):
    corpus_tokens, analyzer = tokens
    ours = BM25Index(k1=k1, b=b, delta=delta).fit(Postings.from_tokens(corpus_tokens))
    reference = BM25Plus(corpus_tokens, k1=k1, b=b, delta=delta)
    for q in QUERIES:
        query = analyzer.terms(q)
        assert np.allclose(ours.scores(query), reference.get_scores(query), rtol=1e-5, atol=1e-5), q


def test_bm25_ranking_matches_rank_bm25_top_k(tokens):
    corpus_tokens, analyzer = tokens
    ours = BM25Index().fit(Postings.from_tokens(corpus_tokens))
    reference = BM25Plus(corpus_tokens, k1=1.2, b=0.75, delta=1.0)
    for q in QUERIES[:4]:
        query = analyzer.terms(q)
        ref = reference.get_scores(query)
        mine = ours.scores(query)
        assert list(np.argsort(-ref, kind="stable")[:5]) == list(np.argsort(-mine, kind="stable")[:5])


def test_tfidf_scores_equal_scikit_learn(tokens):
    corpus_tokens, analyzer = tokens
    postings = Postings.from_tokens(corpus_tokens)
    ours = TfidfIndex().fit(postings)
    vectorizer = ours.make_vectorizer()
    matrix = vectorizer.fit_transform(corpus_tokens)
    for q in QUERIES:
        query = analyzer.terms(q)
        expected = (vectorizer.transform([query]) @ matrix.T).toarray().ravel()
        assert np.allclose(ours.scores(query), expected, atol=1e-6), q


def test_tfidf_query_weights_are_the_query_vector_before_its_l2_norm(tokens):
    corpus_tokens, analyzer = tokens
    postings = Postings.from_tokens(corpus_tokens)
    index = TfidfIndex().fit(postings)
    counts = postings.term_ids(analyzer.terms("vaccine production in Wallonia, vaccine exports"))
    assert len(counts) >= 3
    tf = {t: 1.0 + math.log(n) for t, n in counts.items()}
    weights, norm = index.query_weights(tf, index.idf_.tolist())
    assert weights == pytest.approx({t: w * float(index.idf_[t]) for t, w in tf.items()})
    assert norm == pytest.approx(math.sqrt(sum(w * w for w in weights.values())))
    vector = index.query_vector(tf)
    assert vector == {t: w / norm for t, w in weights.items()}
    assert math.fsum(v * v for v in vector.values()) == pytest.approx(1.0)


def test_idf_stays_positive_on_a_tiny_corpus():
    corpus = [["belgium", "vaccine"], ["belgium", "export"], ["belgium", "job"]]
    index = BM25Index().fit(Postings.from_tokens(corpus))
    assert (index.idf_ > 0).all()
    postings = index.postings_
    assert (postings.dense(index.weights_, {postings.vocabulary["belgium"]: 1.0}) > 0).all()


def test_unfitted_indexes_raise_a_clear_error():
    with pytest.raises(NotFittedError, match="not fitted"):
        BM25Index().scores(["x"])
    with pytest.raises(NotFittedError, match="not fitted"):
        TfidfIndex().scores(["x"])


@pytest.mark.parametrize("sparse_share", [0, 10**9])  # always the dense pass; always the sort
@pytest.mark.parametrize("by_position", [0, 10**9])  # postings always by slices; always by position
def test_gather_equals_the_reference_sum(tokens, monkeypatch, sparse_share, by_position):
    corpus_tokens, analyzer = tokens
    postings = Postings.from_tokens(corpus_tokens)
    bm25 = BM25Index().fit(postings)
    monkeypatch.setattr(Postings, "SPARSE_SHARE", sparse_share)
    monkeypatch.setattr(Postings, "GATHER_BY_POSITION", by_position)
    for q in QUERIES:
        # Unequal weights, so a weight applied to the wrong term's postings shows.
        qweights = {t: n + 0.25 * i for i, (t, n) in enumerate(postings.term_ids(analyzer.terms(q)).items())}
        dense = accumulate(postings, bm25.weights_, qweights)
        candidates, (scores,) = postings.gather([(bm25.weights_, qweights)])
        assert list(candidates) == list(np.flatnonzero(dense > 0)), q
        assert np.allclose(scores, dense[candidates], atol=1e-6)


@pytest.mark.parametrize("sublinear_tf", [True, False])
@pytest.mark.parametrize("chunk", [7, 1 << 20])  # many small chunks of postings; one
def test_tfidf_weights_equal_scikit_learn(tokens, monkeypatch, sublinear_tf, chunk):
    corpus = [*tokens[0], []]  # a passage without terms has no norm to divide by
    monkeypatch.setattr(TfidfIndex, "CHUNK", chunk)
    ours = TfidfIndex(sublinear_tf=sublinear_tf).fit(Postings.from_tokens(corpus))
    vectorizer = ours.make_vectorizer()
    matrix = vectorizer.fit_transform(corpus).tocsc()
    matrix.sort_indices()
    assert np.allclose(ours.idf_, vectorizer.idf_, rtol=1e-6)
    assert np.allclose(ours.weights_, matrix.data, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("repeat", [1, 300])  # frequencies that fit a byte; ones that need two
def test_stored_weights_are_the_fitted_weights(tokens, repeat):
    corpus = [doc * repeat if i == 0 else doc for i, doc in enumerate(tokens[0])]
    postings = Postings.from_tokens(corpus)
    for index in (BM25Index().fit(postings), TfidfIndex().fit(postings)):
        loaded = Postings.from_arrays(postings.vocabulary, postings.to_arrays())
        assert loaded.tf.dtype == (np.uint8 if repeat == 1 else np.uint16)
        stored = type(index).from_arrays(loaded, *index.to_arrays()).weights_
        assert isinstance(stored, StoredWeights)
        fitted = index.weights_
        assert len(stored) == fitted.size
        assert np.array_equal(stored[0 : fitted.size], fitted)  # across terms
        assert stored.tolist() == fitted.tolist()
        for t in range(0, postings.n_terms, 7):  # within one term, as search reads them
            lo, hi = postings.indptr[t], postings.indptr[t + 1]
            assert np.array_equal(stored[lo:hi], fitted[lo:hi])
        positions = np.array([0, 3, fitted.size - 1, 5, 5], dtype=np.int64)
        assert np.array_equal(stored[positions], fitted[positions])
        assert stored[fitted.size : fitted.size].size == 0 and stored[np.zeros(0, dtype=np.int64)].size == 0


def _fielded(corpus):
    """Postings of (heading, body) passages indexed as "heading\\nbody", told their headings."""
    analyzer = Analyzer()
    texts = [f"{head}\n{body}" if head else body for head, body in corpus]
    return Postings.from_texts(texts, analyzer).with_headings([h for h, _ in corpus], analyzer), analyzer


def test_postings_know_how_often_each_term_is_in_the_heading():
    corpus = [
        ("Vaccine plants", "vaccines made in Wallonia"),
        ("", "plants and vaccines"),
        ("Jobs", "jobs jobs"),
    ]
    postings, analyzer = _fielded(corpus)
    for doc, (head, _) in enumerate(corpus):
        head_terms = analyzer.terms(head)
        assert postings.head_len[doc] == len(head_terms)
        for term, tid in postings.vocabulary.items():
            lo, hi = postings.indptr[tid], postings.indptr[tid + 1]
            at = np.flatnonzero(postings.indices[lo:hi] == doc)
            found = float(postings.head_tf[lo:hi][at[0]]) if at.size else 0.0
            assert found == head_terms.count(term), (doc, term)
    assert postings.head_tf.shape == postings.tf.shape and np.all(postings.head_tf <= postings.tf)


def test_postings_without_any_heading_stay_plain_bm25(tokens):
    texts = [p.text for p in read_corpus(ROOT / "corpus").passages]
    postings = Postings.from_texts(texts, Analyzer()).with_headings([""] * len(texts), Analyzer())
    assert postings.head_tf is None
    plain = BM25Index().fit(Postings.from_texts(texts, Analyzer()))
    assert np.array_equal(BM25Index().fit(postings).weights_, plain.weights_)
    with pytest.raises(ValueError, match="headings"):
        Postings.from_texts(texts, Analyzer()).with_headings(["one"], Analyzer())


def test_bm25f_weights_follow_the_formula(tokens):
    passages = read_corpus(ROOT / "corpus").passages
    corpus = [(p.section or "", p.text) for p in passages]
    postings, analyzer = _fielded(corpus)
    index = BM25Index(k1=1.1, b=0.7, head_weight=2.0, head_b=0.4).fit(postings)
    heads = [analyzer.terms(h) for h, _ in corpus]
    bodies = [analyzer.terms(b) for _, b in corpus]
    avg_head = np.mean([len(h) for h in heads])
    avg_body = np.mean([len(b) for b in bodies])
    n = len(corpus)
    for term, tid in list(postings.vocabulary.items())[::5]:
        df = sum(1 for h, b in zip(heads, bodies, strict=True) if term in h or term in b)
        idf = np.log((n + 1) / df)
        lo, hi = postings.indptr[tid], postings.indptr[tid + 1]
        for doc, weight in zip(postings.indices[lo:hi], index.weights_[lo:hi], strict=True):
            h, b = heads[doc], bodies[doc]
            pseudo = 2.0 * h.count(term) / (1 - 0.4 + 0.4 * len(h) / avg_head) + b.count(term) / (
                1 - 0.7 + 0.7 * len(b) / avg_body
            )
            assert weight == pytest.approx(idf * pseudo * 2.1 / (1.1 + pseudo), rel=1e-5), (term, doc)


def test_a_word_in_the_heading_counts_more_than_in_the_body():
    corpus = [
        ("", "exports of medicines grew again this year"),
        ("Exports", "of medicines grew again this year"),
    ]
    postings, analyzer = _fielded(corpus)
    index = BM25Index().fit(postings)
    scores = postings.dense(index.weights_, {postings.vocabulary[t]: 1.0 for t in analyzer.terms("exports")})
    assert scores[1] > scores[0] > 0


def test_stored_bm25f_weights_are_the_fitted_weights():
    corpus = [(p.section or "", p.text) for p in read_corpus(ROOT / "corpus").passages]
    postings, _ = _fielded(corpus)
    index = BM25Index().fit(postings)
    arrays = postings.to_arrays()
    assert arrays["head_tf"].dtype == np.uint8
    stored = BM25Index.from_arrays(
        Postings.from_arrays(postings.vocabulary, arrays), *index.to_arrays()
    ).weights_
    assert np.array_equal(stored[0 : index.weights_.size], index.weights_)
    for t in range(postings.n_terms):
        lo, hi = postings.indptr[t], postings.indptr[t + 1]
        assert np.array_equal(stored[lo:hi], index.weights_[lo:hi])


def accumulate(postings, weights, qweights):
    """The reference for `Postings.gather`: ``qweight * weight`` summed over each query term's
    postings, one term at a time, into one score a passage."""
    scores = np.zeros(postings.n_passages, dtype=np.float64)
    for term_id, qw in qweights.items():
        lo, hi = postings.indptr[term_id], postings.indptr[term_id + 1]
        scores[postings.indices[lo:hi]] += qw * weights[lo:hi]
    return scores
