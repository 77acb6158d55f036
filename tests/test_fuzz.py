"""Property-based fuzzing of the analyser, the sentence splitter, passage cutting and the answer
composer: arbitrary Unicode in, and the invariants every caller relies on hold (or a clean
BadRequest comes out), whatever the text."""

from __future__ import annotations

import json
import math
import re
from itertools import pairwise

import jsonschema
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from askbio.corpus import SentenceSplitter, split_passages
from askbio.engine import default_corpus_dir
from askbio.errors import BadRequest, QuestionTooLong
from askbio.models import Answer, Document
from askbio.openapi import spec
from askbio.settings import Config
from askbio.text import Analyzer, merge_spans, normalize

# Bounded runs without an example database: the module stays well under a minute on two cores.
# The generated runs are marked slow; the fixed hostile cases below run in the fast loop too.
# The autouse cache fixture of conftest.py is function-scoped but only sets environment
# variables, so sharing it across examples is safe.
FUZZ = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],
)
FEWER = settings(FUZZ, max_examples=60)

MAX_QUESTION = Config().max_question_chars

# Characters that break naive text handling: bidi overrides, zero-width and joiners, BOM,
# combining marks, controls, every line break str.splitlines knows, compatibility forms that
# expand under NFKD, case folds that change length, emoji sequences, look-alike punctuation.
SPECIAL = [
    "\u202e",  # RIGHT-TO-LEFT OVERRIDE
    "\u202d",
    "\u200f",  # RIGHT-TO-LEFT MARK
    "\u200e",
    "\u2066",
    "\u2069",
    "\u200b",  # ZERO WIDTH SPACE
    "\ufeff",  # BOM / ZERO WIDTH NO-BREAK SPACE
    "\u200c",
    "\u200d",
    "\u2060",
    "\u00ad",  # soft hyphen
    "\u0301",  # combining acute
    "\u0300",
    "\u20dd",  # combining enclosing circle
    "\u0489",
    "e\u0301",
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\x85",
    "\r",
    "\n",
    "\r\n",
    "\n\n",
    "\t",
    "\x0b",
    "\x0c",
    "\x1c",
    "\u2028",
    "\u2029",
    "\u00a0",
    "\u202f",
    "\u2009",
    "\u3000",
    "👩\u200d🔬",
    "🧬",
    "🇧🇪",
    "👍🏽",
    "\U0001d400",  # MATHEMATICAL BOLD CAPITAL A
    "\ufb01",  # ligature fi
    "ß",
    "ẞ",
    "İ",
    "ı",
    "ǅ",
    "ŉ",
    "ﷺ",  # one character, four Arabic words under NFKD
    "㍱",
    "½",
    "²",
    "…",
    "\u2019",
    "\u201c",
    "\u2013",
    "\u2212",
    "%",
    "'",
    "-",
    ".",
    ",",
    "*",
    "/",
    "&",
    "+",
    "@",
    "_",
    "?",
    "!",
    "(",
    ")",
    '"',
    "www.",
    "https://",
    " ",
    "  ",
]

# Real words and shapes of the bundled corpus, so that fuzzed text also reaches the code paths
# of matching passages, spans and confident answers, not only abstentions.
_CORPUS_TEXT = " ".join(p.read_text(encoding="utf-8") for p in sorted(default_corpus_dir().glob("*.txt")))
CORPUS_WORDS = sorted(set(re.findall(r"[^\W_]+(?:[-.,'][^\W_]+)*", _CORPUS_TEXT))) or ["biomanufacturing"]
SHAPES = [
    "how many",
    "How many jobs",
    "what share of",
    "when did",
    "where is",
    "who",
    "which companies",
    "and in Flanders?",
    "what about exports?",
    "e.g.",
    "i.e.",
    "Dr.",
    "U.S.",
    "COVID-19",
    "PDC*lung01",
    "NCT03970746",
    "50,000",
    "14.8 %",
    "14,8%",
    "EUR 5.3 billion",
    "€7.5bn",
    "2023",
    "1st",
    "a.b.c.d",
    "x@y.z",
    "https://example.org/a?b=c",
    "www.example.be.",
    "hello",
    "thanks",
    "help",
]

# Text drawn from every codepoint but surrogates (they are not text: see test_api_fuzz.py).
ANY_CHAR = st.characters(codec="utf-8")
ANY_TEXT = st.text(ANY_CHAR, max_size=30)


def _long_token(unit: str, n: int) -> str:
    return unit * n


LONG_TOKEN = st.builds(
    _long_token,
    st.sampled_from(["a", "é", "7", "x-", "ab.", "a'", "1,", "\u0301", "e\u0301", "ß", "ﷺ", "🧬", "_"]),
    st.integers(min_value=100, max_value=3000),
)
CHUNK = st.one_of(
    ANY_TEXT,
    st.sampled_from(SPECIAL),
    st.sampled_from(CORPUS_WORDS),
    st.sampled_from(SHAPES),
)
TEXT = st.one_of(
    st.lists(CHUNK, max_size=40).map("".join),
    st.lists(st.one_of(CHUNK, CHUNK, LONG_TOKEN), max_size=8).map("".join),
    st.text(ANY_CHAR, max_size=200),
)
# Document-like text: sentences and lines, with hostile characters sprinkled in.
SENTENCE = st.lists(st.one_of(st.sampled_from(CORPUS_WORDS), CHUNK), min_size=1, max_size=15).map(" ".join)
LINE_BREAK = st.sampled_from(
    ["\n", "\n\n", "\r\n", "\r\n\r\n", "\n \n", "\u2028", "\x0c", "\x85", ". ", "? "]
)
DOCUMENT_TEXT = st.one_of(
    st.lists(st.tuples(SENTENCE, LINE_BREAK).map("".join), min_size=1, max_size=25).map("".join),
    TEXT,
)

ANALYZER = Analyzer()


# --- analyser ------------------------------------------------------------------------------


def check_tokens(analyzer: Analyzer, text: str) -> None:
    tokens = analyzer.tokens(text)
    for token in tokens:
        assert isinstance(token.term, str) and token.term, (text, token)
        assert 0 <= token.start < token.end <= len(text), (text, token)
    # Tokens come in reading order.
    starts = [t.start for t in tokens]
    assert starts == sorted(starts), (text, tokens)
    assert analyzer.terms(text) == [t.term for t in tokens], text


@pytest.mark.slow
@FUZZ
@given(TEXT)
@example("")
@example("\u202eWallonia\u200b's bio\ufefftech jobs\u0301 \x00 \x1b[31m 🧬 ﷺ ½ 14,8 %")
@example("ﬁﬁﬁ x\u200by ß-ẞ İstanbul ǅ")
@example("a" * 100_000)
@example("é" * 20_000 + " " + "\u0301" * 5_000)
def test_analyser_tokens_lie_inside_the_text(text):
    check_tokens(ANALYZER, text)


@pytest.mark.slow
@FUZZ
@given(TEXT)
def test_analyser_fresh_and_warm_memo_agree(text):
    """A fresh analyser (nothing memoised) and a long-lived one give the same terms and spans."""
    assert Analyzer().tokens(text) == ANALYZER.tokens(text)
    assert Analyzer().terms(text) == ANALYZER.terms(text)


@pytest.mark.slow
@FUZZ
@given(TEXT)
def test_normalize_offsets_map_back_to_the_source(text):
    folded, offsets = normalize(text)
    assert isinstance(folded, str)
    if offsets is None:
        assert len(folded) == len(text)
    else:
        assert len(offsets) == len(folded) + 1
        assert offsets[-1] == len(text)
        assert all(0 <= o <= len(text) for o in offsets)
        assert offsets == sorted(offsets)


SPANS = st.lists(
    st.tuples(st.integers(0, 200), st.integers(0, 50)).map(lambda p: (p[0], p[0] + p[1])), max_size=30
)


@pytest.mark.slow
@FUZZ
@given(SPANS)
def test_merge_spans_is_sorted_disjoint_and_covers_the_same_characters(spans):
    merged = merge_spans(spans)
    for (_, e1), (s2, _) in pairwise(merged):
        assert e1 < s2  # touching ranges are merged too
    covered = {i for s, e in spans for i in range(s, e)}
    assert {i for s, e in merged for i in range(s, e)} == covered
    assert all(s <= e for s, e in merged)


# --- sentence splitter and passages ----------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_splitter() -> SentenceSplitter:
    """The splitter as the engine trains it: on the bundled corpus."""
    return SentenceSplitter.train(
        p.read_text(encoding="utf-8") for p in sorted(default_corpus_dir().glob("*.txt"))
    )


def check_spans(spans: list[tuple[int, int]], text: str) -> None:
    previous_end = 0
    for start, end in spans:
        assert 0 <= start < end <= len(text), (text, spans)
        assert start >= previous_end, (text, spans)  # increasing, never overlapping
        previous_end = end


def check_passages(document: Document, splitter: SentenceSplitter) -> None:
    passages = split_passages(document, splitter)
    previous_end = 0
    for i, p in enumerate(passages):
        assert document.text[p.start : p.end] == p.text, (document.text, p)
        assert 0 <= p.start < p.end <= len(document.text)
        assert p.start >= previous_end  # passages do not overlap and come in order
        previous_end = p.end
        assert p.position == i and p.doc_id == document.doc_id
        assert p.sentences, p
        check_spans(list(p.sentences), p.text)
        # The passage runs from its first sentence to its last.
        assert p.sentences[0][0] == 0 and p.sentences[-1][1] == len(p.text)


@pytest.mark.slow
@FUZZ
@given(DOCUMENT_TEXT)
@example("")
@example("\u202e\u200b\ufeff")
@example("Dr. Peeters said so. The U.S. agreed!\u2028Next line.\x85Another one.\r\n\r\nNew paragraph.")
@example("a." * 2000)
def test_splitter_spans_are_increasing_and_inside_the_text(corpus_splitter, text):
    check_spans(corpus_splitter.spans(text), text)


@pytest.mark.slow
@FUZZ
@given(DOCUMENT_TEXT, st.one_of(st.none(), SENTENCE))
@example("Title\n\nDr. Peeters said so. The U.S. agreed!\n\nHeading\nBody text here.", "Title")
@example("\ufeff\u202e Some text.\x0cMore text\x85and more.", None)
def test_passages_map_back_to_the_document_exactly(corpus_splitter, text, title):
    document = Document(doc_id="fuzz", title=title or "fuzz", text=text, path="fuzz.txt")
    check_passages(document, corpus_splitter)


@pytest.mark.slow
@FEWER
@given(st.lists(DOCUMENT_TEXT, min_size=1, max_size=3), DOCUMENT_TEXT)
def test_a_splitter_trained_on_any_text_keeps_the_invariants(training, text):
    splitter = SentenceSplitter.train(training)
    check_spans(splitter.spans(text), text)
    check_passages(Document(doc_id="d", title="d", text=text, path="d.txt"), splitter)


# --- answers -------------------------------------------------------------------------------

ANSWER_SCHEMA = {"$ref": "#/components/schemas/Answer", **spec(Config())}


def check_answer(answer: Answer, engine) -> None:
    assert isinstance(answer, Answer)
    assert math.isfinite(answer.confidence) and 0.0 <= answer.confidence <= 1.0, answer.confidence
    if answer.abstained:
        assert answer.kind == "abstained"
        assert bool(answer.citations) == bool(answer.near_miss)  # only a near miss quotes a passage
    else:
        assert answer.kind in ("answer", "smalltalk") and answer.answer
    documents = engine.load().documents_by_id
    for c in answer.citations:
        assert math.isfinite(c.score) and -1e-6 <= c.score <= 1 + 1e-6, c.score
        assert documents[c.doc_id].text[c.start : c.end] == c.text  # the quote is the source's
        previous_end = -1
        for start, end in c.highlights:
            assert 0 <= start < end <= len(c.text), (c.highlights, len(c.text))
            assert start > previous_end, c.highlights  # sorted, disjoint (touching ones merged)
            previous_end = end
    for part in answer.parts:
        assert 1 <= part.citation <= len(answer.citations)
    data = answer.to_dict()
    encoded = json.dumps(data, allow_nan=False, ensure_ascii=False)
    encoded.encode("utf-8")  # what the web layer sends
    assert json.loads(encoded) == data
    jsonschema.validate(data, ANSWER_SCHEMA)


def _valid(question: str) -> bool:
    return 1 <= len(question.strip()) <= MAX_QUESTION


QUESTION = st.one_of(
    st.lists(CHUNK, min_size=1, max_size=20).map(" ".join),
    st.lists(st.sampled_from(CORPUS_WORDS + SHAPES), min_size=1, max_size=12).map(" ".join),
    st.text(ANY_CHAR, min_size=1, max_size=300),
    st.lists(st.one_of(CHUNK, LONG_TOKEN), min_size=1, max_size=3).map("".join),
).filter(_valid)
HISTORY = st.one_of(
    st.none(),
    st.lists(
        st.fixed_dictionaries(
            {"question": st.one_of(QUESTION, st.sampled_from(SPECIAL + SHAPES))},
            optional={"answer": ANY_TEXT},
        ),
        max_size=4,
    ),
)


@pytest.mark.slow
@FUZZ
@given(question=QUESTION, history=HISTORY)
@example(question="How many jobs in biomanufacturing?", history=None)
@example(question="and in Flanders?", history=[{"question": "How many jobs are in Wallonia?"}])
@example(question="what about \u202eexports\u200b?", history=[{"question": "\ufeff"}])
@example(question="hello", history=None)
def test_any_valid_question_is_answered_or_abstained(seed_engine, question, history):
    try:
        answer = seed_engine.ask(question, history=history)
    except BadRequest:  # the only error a caller may get; a valid-length question never should
        pytest.fail(f"BadRequest for a valid question {question!r}")
    check_answer(answer, seed_engine)


@pytest.mark.slow
@FUZZ
@given(st.text(st.sampled_from(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u00a0\u2028\u2029\u3000"), max_size=50))
def test_blank_questions_are_bad_requests(seed_engine, blank):
    with pytest.raises(BadRequest) as raised:
        seed_engine.ask(blank)
    assert raised.value.code == "empty_question"


@pytest.mark.slow
@FEWER
@given(
    st.integers(min_value=MAX_QUESTION + 1, max_value=5 * MAX_QUESTION),
    st.sampled_from(["x", "é", "🧬", "a "]),
)
def test_too_long_questions_are_rejected(seed_engine, length, unit):
    question = (unit * length)[:length]
    assume(len(question.strip()) > MAX_QUESTION)
    with pytest.raises(QuestionTooLong):
        seed_engine.ask(question)


@pytest.mark.parametrize("question", [None, 42, 4.2, True, [], ["jobs"], {}, {"question": "jobs"}, b"jobs"])
def test_non_string_questions_are_bad_requests(seed_engine, question):
    with pytest.raises(BadRequest) as raised:
        seed_engine.ask(question)
    assert raised.value.code == "invalid_question"


# --- hostile strings -----------------------------------------------------------------------

HOSTILE = [
    "'; DROP TABLE passages; --",
    '" OR 1=1 --',
    "1; SELECT * FROM sqlite_master; /*",
    "Robert'); DROP TABLE students;--",
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(document.cookie)",
    '"><svg/onload=alert(1)>',
    "{{7*7}} ${7*7} <%= 7*7 %> #{7*7}",
    "../../../../etc/passwd",
    "%00%0d%0a%25",
    "\\u0000 \\x00 \\n",
    "\u202ehow many jobs\u202c in Wallonia?",
    "how\u200b many\u200b jobs\ufeff in\u2060 biomanufacturing?",
    "\u200f\u200e\u2066\u2067\u2068\u2069",
    "\x00\x01\x02\x03\x1b[2J\x7f",
    "jobs\x00jobs\x00jobs",
    "Z\u0351\u0364\u0300a\u0334\u0489l\u035fg\u0338o\u0315 jobs",
    "🧬🦠💉 vaccines 👩\u200d🔬 in 🇧🇪?",
    "ﷺ" * 300,
    "\U0001d407\U0001d428\U0001d430 \U0001d426\U0001d41a\U0001d427\U0001d432 jobs?",
    "ǅ ß İ ı ŉ \ufb01 ㍱ ½",
    "é" * 1000,
    "\u0301" * 1000,
    "a." * 500,
    "-" * 1000,
    "a-" * 500,
    "x@" * 500,
    "www." * 250,
    "https://" + "a" * 990,
    "how many " * 111,
]


@pytest.mark.parametrize("question", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_questions_are_answered_or_abstained(seed_engine, question):
    assert _valid(question)
    check_answer(seed_engine.ask(question), seed_engine)


@pytest.mark.parametrize("question", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_questions_as_follow_ups(seed_engine, question):
    history = [{"question": question, "answer": question}, {"question": "how many jobs?"}]
    check_answer(seed_engine.ask("and in Flanders?", history=history), seed_engine)
    check_answer(seed_engine.ask("what about exports?", history=[{"question": question}]), seed_engine)


def test_a_ten_thousand_word_question_is_too_long(seed_engine):
    question = " ".join(["biomanufacturing"] * 10_000)
    with pytest.raises(QuestionTooLong) as raised:
        seed_engine.ask(question)
    assert raised.value.status == 413 and raised.value.code == "question_too_long"


def test_a_single_hundred_thousand_character_token_is_too_long(seed_engine):
    with pytest.raises(QuestionTooLong):
        seed_engine.ask("a" * 100_000)
    with pytest.raises(QuestionTooLong):
        seed_engine.ask("\u0301" * 100_000)


def test_the_analyser_handles_a_hundred_thousand_character_token():
    text = "x" * 100_000
    check_tokens(ANALYZER, text)
    assert [(t.start, t.end) for t in ANALYZER.tokens(text)] == [(0, 100_000)]
    check_tokens(ANALYZER, "é" * 100_000)
    check_tokens(ANALYZER, "a-" * 50_000)
