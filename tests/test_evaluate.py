"""askbio eval over question sets: metrics, thresholds, comparisons, bad files."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from askbio.cli import cli
from askbio.confidence import CONFIDENCE_WEIGHTS, FEATURES
from askbio.errors import BadRequest
from askbio.evaluate import Outcome, compute_metrics, load_question_set

SMALL = """
name: small
thresholds: {hit@1: 0.5}
questions:
  - id: jobs
    question: how many jobs in biomanufacturing
    doc: wallonia-life-sciences
    answer: "50,000"
  - id: australia
    question: What is the capital of Australia?
    abstain: true
"""


@pytest.fixture()
def run(seed_engine):
    """`askbio eval` on the bundled corpus, with the session's index (built once)."""
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(cli, ["-q", "--index-dir", str(seed_engine.index_dir), "eval", *args])

    return invoke


def write(tmp_path: Path, text: str, name: str = "set.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_metrics_from_outcomes():
    outcomes = [
        Outcome("a", "q", False, False, 1, True, 0.9, ""),
        Outcome("b", "q", False, False, 2, False, 0.8, ""),
        Outcome("c", "q", False, True, None, False, 0.1, ""),
        Outcome("d", "q", True, True, None, None, 0.1, ""),
        Outcome("e", "q", True, False, None, None, 0.7, ""),
    ]
    m = compute_metrics(outcomes)
    assert m["hit@1"] == pytest.approx(1 / 3) and m["hit@3"] == pytest.approx(2 / 3)
    assert m["mrr"] == pytest.approx((1 + 0.5) / 3)
    assert m["answer_accuracy"] == pytest.approx(1 / 3)
    assert m["abstention_precision"] == pytest.approx(0.5) and m["abstention_recall"] == pytest.approx(0.5)


def test_eval_prints_metrics_and_passes(run, tmp_path):
    result = run(str(write(tmp_path, SMALL)))
    assert result.exit_code == 0, result.output
    assert "hit@1" in result.output and "1.000" in result.output


def test_eval_json_and_threshold_failure_exit_code(run, tmp_path):
    path = write(tmp_path, SMALL)
    result = run(str(path), "--json", "--min", "abstention_recall=1.01")
    assert result.exit_code == 6
    data = json.loads(result.output)
    assert data["passed"] is False
    assert "abstention_recall" in data["reports"][0]["below"]


def test_eval_compare_lists_better_and_worse(run, tmp_path):
    path = write(tmp_path, SMALL)
    baseline = json.loads(run(str(path), "--json").output)
    baseline["reports"][0]["outcomes"][0]["passed"] = False  # pretend "jobs" used to fail
    baseline["reports"][0]["outcomes"][1]["passed"] = True
    saved = tmp_path / "baseline.json"
    saved.write_text(json.dumps(baseline), encoding="utf-8")
    result = run(str(path), "--compare", str(saved), "--json")
    compare = json.loads(result.output)["reports"][0]["compare"]
    assert compare == {"better": ["jobs"], "worse": []}
    text = run(str(path), "--compare", str(saved))
    assert "better: jobs" in text.output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("questions: [", "not valid YAML"),
        ("- just a list", "expected a mapping"),
        ("questions:\n  - doc: x", "no 'question'"),
        ("questions:\n  - question: q", "needs 'doc'"),
        ("questions:\n  - question: q\n    abstain: true\n    colour: red", "unknown keys"),
        ("thresholds: {hit@7: 1}\nquestions: []", "unknown threshold"),
    ],
)
def test_malformed_question_sets_are_clear_errors(tmp_path, run, text, message):
    path = write(tmp_path, text)
    with pytest.raises(BadRequest, match=message):
        load_question_set(path)
    result = run(str(path))
    assert result.exit_code == 3 and message in result.output


def test_eval_needs_paths_or_beir(run):
    assert run().exit_code == 2


def test_fit_confidence_reports_weights_threshold_and_reliability(run, tmp_path):
    result = run("--fit-confidence", "--json", str(Path(__file__).parent / "questions"))
    assert result.exit_code == 0, result.output
    fit = json.loads(result.output)
    assert set(fit["weights"]) == {"bias", *FEATURES} == set(CONFIDENCE_WEIGHTS)
    assert fit["weights"]["coverage"] > 0  # covering more of the question means more often right
    assert 0 < fit["threshold"] < 1 and fit["questions"] > 40
    assert sum(row["questions"] for row in fit["reliability"]) == fit["questions"]


def test_auroc_is_the_chance_a_right_answer_outranks_a_wrong_one():
    from askbio.evaluate import auroc

    assert auroc([0.9, 0.8, 0.3, 0.1], [True, True, False, False]) == 1.0
    assert auroc([0.1, 0.3, 0.8, 0.9], [True, True, False, False]) == 0.0
    assert auroc([0.9, 0.5, 0.5, 0.1], [True, True, False, False]) == pytest.approx((2 + 1.5) / 4)
    assert auroc([0.9, 0.2], [True, True]) is None  # no wrong answer to tell apart
    outcomes = [
        Outcome("a", "q", False, False, 1, True, 0.9, "", right=True),
        Outcome("b", "q", True, True, None, None, 0.2, "", right=False),
    ]
    assert compute_metrics(outcomes)["auroc"] == 1.0
    assert "auroc" not in compute_metrics(outcomes[:1])


def test_an_answer_given_as_a_list_needs_each_part(run, tmp_path):
    path = tmp_path / "two.yaml"
    path.write_text(
        "thresholds: {answer_accuracy: 1.0}\n"
        "questions:\n"
        "  - question: how many jobs in biomanufacturing\n"
        "    doc: wallonia-life-sciences\n"
        "    answer: ['50,000', 'direct and indirect']\n",
        encoding="utf-8",
    )
    assert run(str(path)).exit_code == 0
    path.write_text(path.read_text().replace("'direct and indirect'", "'in Flanders'"), encoding="utf-8")
    assert run(str(path)).exit_code == 6


def test_the_confidence_is_judged_on_the_answer_askbio_would_give(seed_engine, tmp_path):
    """A question askbio abstains on still gets a right/wrong label: its unthresholded answer."""
    from askbio.evaluate import run_question_set

    path = tmp_path / "set.yaml"
    path.write_text(
        "thresholds: {}\n"
        "questions:\n"
        "  - question: how many jobs in biomanufacturing\n"
        "    doc: wallonia-life-sciences\n"
        "    answer: '50,000'\n"
        "  - question: What is the capital of Australia?\n"
        "    abstain: true\n",
        encoding="utf-8",
    )
    report = run_question_set(seed_engine, load_question_set(path))
    right, wrong = report.outcomes
    assert right.right and not wrong.right and wrong.abstained
    assert report.metrics["auroc"] == 1.0
    forced = seed_engine.ask("What is the capital of Australia?", min_confidence=0.0)
    assert forced.confidence == wrong.confidence


CONVERSATIONS = """
name: chat
thresholds: {turn_accuracy: 0.5}
conversations:
  - id: jobs
    turns:
      - question: hello
        smalltalk: true
      - question: how many jobs in biomanufacturing
        doc: wallonia-life-sciences
        answer: "50,000"
      - question: What is the capital of Australia?
        followup: true
        abstain: true
      - question: how many jobs in biomanufacturing
        smalltalk: true
"""


def test_conversation_sets_report_turns_followups_and_smalltalk(run, tmp_path):
    result = run(str(write(tmp_path, CONVERSATIONS)), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)["reports"][0]
    assert report["kind"] == "conversations" and (report["conversations"], report["turns"]) == (1, 4)
    assert report["metrics"] == {
        "turn_accuracy": 0.75,  # the last turn is a question, not small talk
        "followup_accuracy": 1.0,
        "smalltalk_replied": 0.5,
        "conversation_accuracy": 0.0,
    }
    assert [f["id"] for f in report["failures"]] == ["jobs/4"]


def test_conversation_turns_are_asked_with_the_turns_before_them():
    from askbio.evaluate import load_conversation_set, run_conversation_set
    from askbio.models import Answer

    class Recorder:
        def __init__(self):
            self.calls = []

        def ask(self, question, history=None):
            self.calls.append((question, list(history or [])))
            return Answer(question=question, answer=f"re: {question}", abstained=True, confidence=0.0)

    path = Path(__file__).parent / "conversations" / "visitors.yaml"
    cset = load_conversation_set(path)
    cset.conversations = cset.conversations[:1]
    engine = Recorder()
    run_conversation_set(engine, cset)
    questions = [t.expected.question for t in cset.conversations[0].turns]
    assert [q for q, _ in engine.calls] == questions
    assert engine.calls[-1][1] == [{"question": q, "answer": f"re: {q}"} for q in questions[:-1]]


def test_eval_mixes_question_and_conversation_sets_and_fails_below_their_floors(run, tmp_path):
    write(tmp_path, SMALL, "a-questions.yaml")
    write(tmp_path, CONVERSATIONS, "b-conversations.yaml")
    result = run(str(tmp_path), "--min", "smalltalk_replied=0.9", "--min", "hit@1=0.5")
    assert result.exit_code == 6, result.output
    assert "2 questions" in result.output and "1 conversations, 4 turns" in result.output
    assert "smalltalk_replied     0.500  (min 0.90)  BELOW" in result.output
    assert "no small-talk reply: how many jobs in biomanufacturing" in result.output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("conversations: [{id: a}]", "has no 'turns' list"),
        (
            "conversations: [{turns: [{question: hi}]}]",
            "needs 'doc', 'passage', 'abstain: true' or 'smalltalk: true'",
        ),
        ("conversations: [{turns: [{question: hi, smalltalk: true, bogus: 1}]}]", "unknown keys: bogus"),
        (
            "thresholds: {hit@1: 0.5}\nconversations: [{turns: [{question: hi, smalltalk: true}]}]",
            "unknown threshold",
        ),
    ],
)
def test_bad_conversation_sets_are_named(tmp_path, text, message):
    from askbio.evaluate import load_set

    with pytest.raises(BadRequest, match=message):
        load_set(write(tmp_path, text))


def _checker():
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "scripts" / "check_question_set.py"
    spec = importlib.util.spec_from_file_location("check_question_set", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_set_is_checked_against_its_collection_before_it_is_run(make_corpus, tmp_path):
    """scripts/check_question_set.py: a document that does not exist, a passage no passage holds
    and an answer no document holds are each a problem; a set written from the text passes."""
    corpus = make_corpus(
        {
            "genoa.txt": "# Genoa port\n\nGenoa ships medicines to 40 countries.\n\nIts airport handles cargo.\n"
        }
    )
    good = tmp_path / "good.yaml"
    good.write_text(
        "questions:\n- id: q1\n  question: how many countries?\n  doc: genoa\n"
        "  passage: ships medicines to 40 countries\n  answer: '40'\n"
        "- id: nm\n  question: how many ports?\n  abstain: true\n"
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "conversations:\n- id: c1\n  turns:\n  - question: hi\n    smalltalk: true\n"
        "  - question: how many countries?\n    doc: genoa\n    passage: ships vaccines to 40\n    answer: '41'\n"
        "  - question: and flights?\n    doc: savona\n"
    )
    checker = _checker()
    assert checker.check([good], corpus) == []
    problems = checker.check([bad], corpus)
    assert len(problems) == 3
    assert "passage not in any passage" in problems[0] and "'ships vaccines to 40'" in problems[0]
    assert "answer in no document: '41'" in problems[1]
    assert "no document 'savona'" in problems[2]
    assert checker.main([str(good), "--corpus", str(corpus)]) == 0
