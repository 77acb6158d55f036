"""Question sets: finding and loading them, running them through an Engine, scoring the
answers against thresholds and a saved baseline, and fitting the confidence model on them."""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from askbio.confidence import FEATURES
from askbio.errors import BadRequest
from askbio.settings import parse_assignments

METRICS = (
    "hit@1",
    "hit@3",
    "mrr",
    "answer_accuracy",
    "abstention_precision",
    "abstention_recall",
    "auroc",
)


@dataclass(frozen=True)
class Expected:
    id: str
    question: str
    doc: str | None = None
    passage: str | None = None
    answer: tuple[str, ...] = ()  # what a right answer holds: each of these
    abstain: bool = False
    tags: tuple[str, ...] = ()


@dataclass
class QuestionSet:
    name: str
    path: str
    questions: list[Expected]
    thresholds: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """How one question fared."""

    id: str
    question: str
    expected_abstain: bool
    abstained: bool
    rank: int | None  # 1-based rank of the first citation matching doc/passage, None if none
    answer_ok: bool | None  # None when no answer substring is expected
    confidence: float
    answer: str
    right: bool = False  # the answer askbio gives when it may not abstain is right

    @property
    def passed(self) -> bool:
        if self.expected_abstain:
            return self.abstained
        return not self.abstained and self.rank == 1 and self.answer_ok is not False

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "question": self.question,
            "passed": self.passed,
            "expected_abstain": self.expected_abstain,
            "abstained": self.abstained,
            "rank": self.rank,
            "answer_ok": self.answer_ok,
            "confidence": round(self.confidence, 4),
            "answer": self.answer,
            "right": self.right,
        }


@dataclass
class Report:
    name: str
    path: str
    outcomes: list[Outcome]
    metrics: dict[str, float]
    thresholds: dict[str, float]

    @property
    def below(self) -> dict[str, tuple[float, float]]:
        """Metrics under their threshold: name -> (value, threshold)."""
        return {m: (self.metrics[m], t) for m, t in self.thresholds.items() if self.metrics.get(m, 0.0) < t}

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": self.path,
            "questions": len(self.outcomes),
            "metrics": {k: round(v, 4) for k, v in self.metrics.items()},
            "thresholds": self.thresholds,
            "below": {k: {"value": round(v, 4), "threshold": t} for k, (v, t) in self.below.items()},
            "failures": [o.to_dict() for o in self.outcomes if not o.passed],
            "outcomes": [o.to_dict() for o in self.outcomes],
        }


def question_set_files(paths: Sequence[Path]) -> list[Path]:
    """The question-set files named, and those in the folders named (*.yaml, *.yml)."""
    files = [f for p in paths for f in (sorted([*p.glob("*.yaml"), *p.glob("*.yml")]) if p.is_dir() else [p])]
    if not files:
        raise BadRequest(
            "no question-set files (*.yaml) found in " + ", ".join(map(str, paths)), code="question_set"
        )
    return files


def parse_minimums(items: Sequence[str]) -> dict[str, float]:
    """Thresholds from ``METRIC=VALUE`` strings; ValueError names a bad one."""
    return parse_assignments(items, dict.fromkeys(METRICS, "float"), "metric")


def run(
    engine: Any,
    files: Sequence[Path],
    *,
    minimums: dict[str, float] | None = None,
    baseline: Path | None = None,
) -> dict[str, Any]:
    """Run question-set files: ``{"reports": [...], "passed": ...}``, each report held to its
    file's thresholds and `minimums`, and compared with `baseline` (a saved ``run`` output)."""
    baselines = load_baseline(baseline) if baseline else {}
    reports = []
    for path in files:
        qset = load_question_set(path)
        qset.thresholds.update(minimums or {})
        report = run_question_set(engine, qset).to_dict()
        if report["name"] in baselines:
            report["compare"] = compare(report, baselines[report["name"]])
        reports.append(report)
    return {"reports": reports, "passed": not any(r["below"] for r in reports)}


def load_question_set(path: Path) -> QuestionSet:
    """Read a question-set YAML file; BadRequest names the file and the problem."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BadRequest(f"{path}: cannot be read ({exc.strerror})", code="question_set") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise BadRequest(f"{path}: not valid YAML ({exc})", code="question_set") from None
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise BadRequest(f"{path}: expected a mapping with a 'questions' list", code="question_set")
    questions: list[Expected] = []
    for n, item in enumerate(data["questions"], start=1):
        if not isinstance(item, dict) or not isinstance(item.get("question"), str):
            raise BadRequest(f"{path}: question {n} has no 'question' text", code="question_set")
        unknown = set(item) - {"id", "question", "doc", "passage", "answer", "abstain", "tags"}
        if unknown:
            raise BadRequest(
                f"{path}: question {n} has unknown keys: {', '.join(sorted(unknown))}", code="question_set"
            )
        abstain = bool(item.get("abstain", False))
        if not abstain and not (item.get("doc") or item.get("passage")):
            raise BadRequest(
                f"{path}: question {n} needs 'doc', 'passage' or 'abstain: true'", code="question_set"
            )
        questions.append(
            Expected(
                id=str(item.get("id") or f"q{n}"),
                question=item["question"],
                doc=item.get("doc"),
                passage=item.get("passage"),
                answer=_strings(item.get("answer")),
                abstain=abstain,
                tags=tuple(item.get("tags") or ()),
            )
        )
    thresholds = data.get("thresholds") or {}
    bad = set(thresholds) - set(METRICS)
    if bad:
        raise BadRequest(f"{path}: unknown threshold(s): {', '.join(sorted(bad))}", code="question_set")
    return QuestionSet(
        name=str(data.get("name") or path.stem),
        path=str(path),
        questions=questions,
        thresholds={k: float(v) for k, v in thresholds.items()},
    )


def run_question_set(
    engine: Any,
    qset: QuestionSet,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    outcomes: list[Outcome] = []
    for i, q in enumerate(qset.questions):
        if progress:
            progress(i, len(qset.questions))
        answer = engine.ask(q.question)
        # Confidence is judged on what askbio would answer were it not allowed to abstain.
        forced = engine.ask(q.question, min_confidence=0.0) if answer.abstained else answer
        outcomes.append(
            Outcome(
                q.id,
                q.question,
                q.abstain,
                answer.abstained,
                _rank(q, answer),
                _holds(q, answer),
                answer.confidence,
                answer.answer,
                is_right(q, forced),
            )
        )
    return Report(qset.name, qset.path, outcomes, compute_metrics(outcomes), dict(qset.thresholds))


def compute_metrics(outcomes: Sequence[Outcome]) -> dict[str, float]:
    answerable = [o for o in outcomes if not o.expected_abstain]
    with_answer = [o for o in answerable if o.answer_ok is not None]
    abstained = [o for o in outcomes if o.abstained]
    should = [o for o in outcomes if o.expected_abstain]

    def share(items: Sequence[Any], pred: Callable[[Any], bool], empty: float = 1.0) -> float:
        return sum(1 for x in items if pred(x)) / len(items) if items else empty

    score = auroc([o.confidence for o in outcomes], [o.right for o in outcomes])

    return {
        "hit@1": share(answerable, lambda o: o.rank == 1),
        "hit@3": share(answerable, lambda o: o.rank is not None and o.rank <= 3),
        "mrr": sum(1.0 / o.rank for o in answerable if o.rank) / len(answerable) if answerable else 1.0,
        "answer_accuracy": share(with_answer, lambda o: bool(o.answer_ok)),
        "abstention_precision": share(abstained, lambda o: o.expected_abstain),
        "abstention_recall": share(should, lambda o: o.abstained),
    } | ({} if score is None else {"auroc": score})


def auroc(scores: Sequence[float], labels: Sequence[bool]) -> float | None:
    """The area under the ROC curve of `scores` for telling true labels from false: the chance
    that a true one scores above a false one (ties count half). None without both kinds."""
    positives = [s for s, y in zip(scores, labels, strict=True) if y]
    negatives = sorted(s for s, y in zip(scores, labels, strict=True) if not y)
    if not positives or not negatives:
        return None
    # Each positive beats the negatives below it and ties half of those equal to it.
    wins = sum((bisect_left(negatives, s) + bisect_right(negatives, s)) / 2 for s in positives)
    return wins / (len(positives) * len(negatives))


def is_right(q: Expected, answer: Any) -> bool:
    """An answer to an answerable question that cites the expected passage first and holds
    the expected text."""
    return not q.abstain and not answer.abstained and _rank(q, answer) == 1 and _holds(q, answer) is not False


def _rank(q: Expected, answer: Any) -> int | None:
    """The 1-based rank of the first citation of the expected document and passage."""
    for r, c in enumerate(answer.citations, start=1):
        if (q.doc is None or c.doc_id == q.doc) and (q.passage is None or _norm(q.passage) in _norm(c.text)):
            return r
    return None


def _holds(q: Expected, answer: Any) -> bool | None:
    """Whether the answer holds each expected text (None when none is expected)."""
    if not q.answer or q.abstain:
        return None
    text = _norm(answer.answer)
    return not answer.abstained and all(_norm(a) in text for a in q.answer)


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(str(v) for v in value) if isinstance(value, list) else (str(value),)


def compare(report: dict[str, Any], baseline: dict[str, Any]) -> dict[str, list[str]]:
    """Questions that got better or worse than in a baseline report (by id, by pass/fail)."""
    before = {o["id"]: o["passed"] for o in baseline.get("outcomes", [])}
    better: list[str] = []
    worse: list[str] = []
    for o in report["outcomes"]:
        if o["id"] in before and before[o["id"]] != o["passed"]:
            (better if o["passed"] else worse).append(o["id"])
    return {"better": better, "worse": worse}


def load_baseline(path: Path) -> dict[str, dict[str, Any]]:
    """A saved `askbio eval --json` output: reports by question-set name."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BadRequest(f"{path}: not a readable JSON report ({exc})", code="baseline") from None
    reports = data.get("reports", []) if isinstance(data, dict) else []
    return {r["name"]: r for r in reports if isinstance(r, dict) and "name" in r}


def _norm(text: str) -> str:
    from askbio.text import normalize

    return " ".join(normalize(text)[0].split())


def fit_confidence(engine: Any, files: Sequence[Path], *, folds: int = 10) -> dict[str, Any]:
    """Fit the confidence model (`confidence.fit`) on labelled questions.

    Every question is answered without abstaining on confidence; the label is whether that
    answer is right (`is_right`)."""
    from askbio import confidence

    rows: list[list[float]] = []
    labels: list[int] = []
    for qset in map(load_question_set, files):
        for q in qset.questions:
            answer = engine.ask(q.question, min_confidence=0.0)
            if answer.signals is None:
                continue  # small talk
            right = is_right(q, answer)
            rows.append([answer.signals[f] for f in FEATURES])
            labels.append(int(right))
    try:
        return confidence.fit(rows, labels, folds=folds)
    except ValueError as exc:
        raise BadRequest(str(exc), code="fit") from None
