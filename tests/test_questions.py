"""The curated question sets in tests/questions run through the same code as `askbio eval`."""

from pathlib import Path

import pytest

from askbio.evaluate import load_question_set, run_question_set

SETS = sorted((Path(__file__).parent / "questions").glob("*.yaml"))


@pytest.fixture(scope="module", params=SETS, ids=[p.stem for p in SETS])
def report(request, seed_engine):
    return run_question_set(seed_engine, load_question_set(request.param))


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
