"""The curated question sets (tests/questions) and conversation sets (tests/conversations), their
held-out parts and the sets written later without tuning (tests/later), run through the same
code as `askbio eval`."""

from pathlib import Path

import pytest

from askbio.engine import Engine
from askbio.evaluate import (
    ConversationSet,
    load_question_set,
    load_set,
    run_conversation_set,
    run_question_set,
)
from askbio.settings import Config

HERE = Path(__file__).parent
# Development sets, the held-out sets (reported, never tuned on), the sets written later before
# running them (tests/later), and a second collection's sets.
SETS = (
    sorted(HERE.glob("questions/*.yaml"))
    + sorted(HERE.glob("heldout/*.yaml"))
    + sorted(HERE.glob("later/*.yaml"))
)
QUESTION_SETS = [p for p in SETS if not isinstance(load_set(p), ConversationSet)]
CONVERSATION_SETS = sorted(HERE.glob("conversations/*.yaml")) + [p for p in SETS if p not in QUESTION_SETS]
SCIFACT = HERE / "corpora" / "scifact-questions.yaml"
SCIFACT_CONVERSATIONS = HERE / "corpora" / "scifact-conversations.yaml"


@pytest.fixture(scope="module")
def scifact_engine(tmp_path_factory):
    engine = Engine(Config(corpus=HERE / "corpora" / "scifact", index_dir=tmp_path_factory.mktemp("scifact")))
    engine.load()
    return engine


@pytest.fixture(
    scope="module",
    params=[*QUESTION_SETS, SCIFACT],
    ids=[f"{p.parent.name}/{p.stem}" for p in [*QUESTION_SETS, SCIFACT]],
)
def report(request, seed_engine):
    engine = request.getfixturevalue("scifact_engine") if request.param == SCIFACT else seed_engine
    return run_question_set(engine, load_question_set(request.param))


def test_metrics_meet_the_thresholds_of_the_file(report):
    assert report.thresholds, "a question set should declare thresholds"
    assert not report.below, report.below


def test_off_topic_questions_abstain(report, request):
    qset = load_question_set(Path(report.path))
    offtopic = {q.id for q in qset.questions if "offtopic" in q.tags}
    for outcome in report.outcomes:
        if outcome.id in offtopic:
            assert outcome.abstained, outcome.question


def test_answerable_fact_questions_do_not_abstain(report):
    qset = load_question_set(Path(report.path))
    facts = {q.id for q in qset.questions if "fact" in q.tags}
    abstained = [o.question for o in report.outcomes if o.id in facts and o.abstained]
    assert len(abstained) <= len(facts) // 10, abstained


def test_the_question_sets_pass_through_askbio_eval(tmp_path):
    from click.testing import CliRunner

    from askbio.cli import cli

    folder = Path(__file__).parent / "questions"
    result = CliRunner().invoke(cli, ["-q", "--index-dir", str(tmp_path / "index"), "eval", str(folder)])
    assert result.exit_code == 0, result.output
    assert "hit@1" in result.output


@pytest.mark.parametrize(
    "path",
    [*CONVERSATION_SETS, SCIFACT_CONVERSATIONS],
    ids=[f"{p.parent.name}/{p.stem}" for p in [*CONVERSATION_SETS, SCIFACT_CONVERSATIONS]],
)
def test_conversation_sets_meet_the_thresholds_of_the_file(path, request):
    engine = request.getfixturevalue("scifact_engine" if path == SCIFACT_CONVERSATIONS else "seed_engine")
    cset = load_set(path)
    assert isinstance(cset, ConversationSet) and cset.thresholds, (
        "a conversation set should declare thresholds"
    )
    report = run_conversation_set(engine, cset)
    assert not report.below, report.below


def test_the_conversation_sets_pass_through_askbio_eval(seed_engine):
    from click.testing import CliRunner

    from askbio.cli import cli

    folder = Path(__file__).parent / "conversations"
    result = CliRunner().invoke(cli, ["-q", "--index-dir", str(seed_engine.index_dir), "eval", str(folder)])
    assert result.exit_code == 0, result.output
    for figure in ("turn_accuracy", "followup_accuracy", "smalltalk_replied", "conversation_accuracy"):
        assert figure in result.output
