"""The Retriever: query-word saturation, RM3 feedback and the ranking it returns."""

import re
from collections import Counter
from pathlib import Path

import pytest

from askbio import retriever as retriever_module
from askbio.retriever import Retriever, rm3, saturate
from askbio.settings import RetrievalParams


def fit(texts, **params):
    return Retriever.fit(texts, params=RetrievalParams(**{"spelling": False, **params}))


TEXTS = [
    "Biomanufacturing plants in Wallonia employ thousands of operators.",
    "Vaccine production in Wallonia relies on biomanufacturing plants and skilled operators.",
    "Operators in vaccine plants are trained in sterile production.",
    "Flanders hosts research institutes working on gene therapy.",
    "Gene therapy start-ups raise venture capital in Flanders.",
    "Sterile production needs clean rooms and trained operators.",
]


@pytest.fixture(scope="module")
def retriever():
    return fit(TEXTS)


def test_repeated_query_words_are_saturated():
    saturated = saturate({1: 1.0, 2: 2.0, 3: 3.0, 4: 0.4}, k3=1.0)
    assert saturated == {1: 1.0, 2: pytest.approx(4 / 3), 3: pytest.approx(1.5), 4: 0.4}
    assert saturate({2: 2.0}, k3=0.0) == {2: 2.0}


def test_saturation_lets_the_other_words_count(retriever):
    # "wallonia" said three times: unsaturated it outweighs "gene therapy" entirely.
    question = "wallonia wallonia wallonia gene therapy"
    plain = fit(TEXTS, query_k3=0.0, feedback_docs=0)
    saturated = fit(TEXTS, feedback_docs=0)
    top_plain = plain.search(plain.query(question), 1)[0].position
    top_saturated = saturated.search(saturated.query(question), 1)[0].position
    assert top_plain in (0, 1) and top_saturated in (3, 4)


def test_feedback_matches_its_definition(retriever):
    """P(t|R) = sum over the feedback passages of score share * tf / length, mixed into the query."""
    params = RetrievalParams(feedback_terms=5)
    qweights = retriever.query("vaccine operators").weights(retriever.postings.vocabulary)
    top = [(s.position, s.score) for s in retriever.search(retriever.query("vaccine operators"), 3)]
    vocabulary = retriever.postings.vocabulary

    def term_shares(position):
        terms = retriever.analyzer.terms(TEXTS[position])
        return [(vocabulary[t], n / len(terms)) for t, n in Counter(terms).items()]

    expanded = rm3(qweights, top, term_shares, params)
    assert expanded is not None

    relevance: Counter[int] = Counter()
    mass_of_top = sum(score for _, score in top)
    for position, score in top:
        terms = retriever.analyzer.terms(TEXTS[position])
        for term, n in Counter(terms).items():
            relevance[vocabulary[term]] += score / mass_of_top * n / len(terms)
    chosen = dict(relevance.most_common(params.feedback_terms))
    total = sum(qweights.values())
    lam = params.feedback_weight * min(1.0, params.feedback_short / total)
    mass = sum(chosen.values())
    expected = {t: (1 - lam) * w for t, w in qweights.items()}
    for t, p in chosen.items():
        expected[t] = expected.get(t, 0.0) + lam * total * p / mass
    assert expanded.keys() == expected.keys()
    assert all(expanded[t] == pytest.approx(expected[t]) for t in expected)


def test_feedback_finds_passages_sharing_no_query_word():
    question = "vaccine"  # passage 5 says "sterile production", not "vaccine"
    with_feedback = fit(TEXTS, feedback_docs=2)
    without = fit(TEXTS, feedback_docs=0)
    assert 5 not in [s.position for s in without.search(without.query(question), 6)]
    assert 5 in [s.position for s in with_feedback.search(with_feedback.query(question), 6)]


def test_search_returns_k_best_first_with_fused_scores_in_range(retriever):
    scored = retriever.search(retriever.query("biomanufacturing operators in Wallonia"), 3)
    assert len(scored) == 3
    assert [s.score for s in scored] == sorted((s.score for s in scored), reverse=True)
    assert all(0.0 < s.score <= 1.0 for s in scored)
    assert scored[0].position in (0, 1)
    assert retriever.search(retriever.query("zebra"), 3) == []


def _corpus_sentences():
    root = Path(__file__).resolve().parent.parent / "corpus"
    text = " ".join(
        p.read_text(encoding="utf-8") for p in sorted(root.glob("*.txt")) if p.name != "synonyms.txt"
    )
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if len(s.split()) > 4]


QUESTIONS = [
    "how many jobs in biomanufacturing",
    "What share of Belgian exports are pharmaceutical?",
    "Where is PDC Line Pharma based?",
    "vaccine vaccine production in Wallonia",
    "research and development investment",
    "What is the capital of Australia?",
    "lung cancer trial results",
]


def test_small_index_lists_and_numpy_rank_alike(monkeypatch):
    """A small index is searched with Python lists; the numpy path must give the same ranking."""
    texts = _corpus_sentences()
    assert len(texts) > 40
    with_lists = fit(texts)
    assert with_lists.small
    monkeypatch.setattr(retriever_module, "SMALL_INDEX", -1)
    with_numpy = fit(texts)
    assert not with_numpy.small
    compared = 0
    for question in QUESTIONS:
        a = with_lists.search(with_lists.query(question), 20)
        b = with_numpy.search(with_numpy.query(question), 20)
        assert len(a) == len(b), question
        for x, y in zip(a, b, strict=True):
            # float32 weights summed in numpy against Python floats: equal up to rounding, so
            # equal ranks except between scores closer than that.
            assert x.score == pytest.approx(y.score, abs=1e-5), question
            assert x.bm25 == pytest.approx(y.bm25, rel=1e-5), question
            assert x.position == y.position or abs(x.score - y.score) < 1e-5, question
            compared += 1
    assert compared > 40
