"""Question sets and conversation sets: finding and loading them, running them through an
Engine, scoring the answers against thresholds and a saved baseline, and fitting the confidence
model on the question sets."""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
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
# A conversation set's figures: turns right, follow-up turns right, small-talk turns replied
# to, and whole conversations with every turn right.
CONVERSATION_METRICS = ("turn_accuracy", "followup_accuracy", "smalltalk_replied", "conversation_accuracy")
# The turns the widget sends as history (web/widget.js MAX_HISTORY).
HISTORY_TURNS = 10
_EXPECTATION_KEYS = {"question", "doc", "passage", "answer", "abstain"}


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


def below(metrics: dict[str, float], thresholds: dict[str, float]) -> dict[str, tuple[float, float]]:
    """The metrics under their threshold: name -> (value, threshold)."""
    return {m: (metrics.get(m, 0.0), t) for m, t in thresholds.items() if metrics.get(m, 0.0) < t}


class _Graded:
    """What a question-set report and a conversation-set report share: metrics measured against
    the file's thresholds, and outcomes that passed or failed."""

    outcomes: Sequence[Outcome | TurnOutcome]
    metrics: dict[str, float]
    thresholds: dict[str, float]

    @property
    def below(self) -> dict[str, tuple[float, float]]:
        """Metrics under their threshold: name -> (value, threshold)."""
        return below(self.metrics, self.thresholds)

    def _graded(self) -> dict[str, Any]:
        return {
            "metrics": {k: round(v, 4) for k, v in self.metrics.items()},
            "thresholds": self.thresholds,
            "below": {k: {"value": round(v, 4), "threshold": t} for k, (v, t) in self.below.items()},
            "failures": [o.to_dict() for o in self.outcomes if not o.passed],
            "outcomes": [o.to_dict() for o in self.outcomes],
        }


@dataclass
class Report(_Graded):
    name: str
    path: str
    outcomes: list[Outcome]
    metrics: dict[str, float]
    thresholds: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "path": self.path, "questions": len(self.outcomes)} | self._graded()


def question_set_files(paths: Sequence[Path]) -> list[Path]:
    """The question-set files named, and those in the folders named (*.yaml, *.yml)."""
    files = [f for p in paths for f in (sorted([*p.glob("*.yaml"), *p.glob("*.yml")]) if p.is_dir() else [p])]
    if not files:
        raise BadRequest(
            "no question-set or conversation-set files (*.yaml) found in " + ", ".join(map(str, paths)),
            code="question_set",
        )
    return files


def parse_minimums(items: Sequence[str]) -> dict[str, float]:
    """Thresholds from ``METRIC=VALUE`` strings; ValueError names a bad one."""
    return parse_assignments(items, dict.fromkeys((*METRICS, *CONVERSATION_METRICS), "float"), "metric")


def run(
    engine: Any,
    files: Sequence[Path],
    *,
    minimums: dict[str, float] | None = None,
    baseline: Path | None = None,
) -> dict[str, Any]:
    """Run question-set and conversation-set files: ``{"reports": [...], "passed": ...}``, each
    report held to its file's thresholds and to those of `minimums` that are its kind's metrics,
    and compared with `baseline` (a saved ``run`` output)."""
    baselines = load_baseline(baseline) if baseline else {}
    reports = []
    for path in files:
        loaded = load_set(path)
        own = CONVERSATION_METRICS if isinstance(loaded, ConversationSet) else METRICS
        loaded.thresholds.update({k: v for k, v in (minimums or {}).items() if k in own})
        if isinstance(loaded, ConversationSet):
            report = run_conversation_set(engine, loaded).to_dict()
        else:
            report = run_question_set(engine, loaded).to_dict()
        if report["name"] in baselines:
            report["compare"] = compare(report, baselines[report["name"]])
        reports.append(report)
    return {"reports": reports, "passed": not any(r["below"] for r in reports)}


def load_set(path: Path) -> QuestionSet | ConversationSet:
    """A question set (top-level ``questions``) or a conversation set (``conversations``)."""
    data = _read_yaml(path)
    if isinstance(data, dict) and "conversations" in data and "questions" not in data:
        return _conversation_set(path, data)
    return _question_set(path, data)


def _read_yaml(path: Path) -> Any:
    import yaml

    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BadRequest(f"{path}: cannot be read ({exc.strerror})", code="question_set") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise BadRequest(f"{path}: not valid YAML ({exc})", code="question_set") from None


def load_question_set(path: Path) -> QuestionSet:
    """Read a question-set YAML file; BadRequest names the file and the problem."""
    return _question_set(path, _read_yaml(path))


def _question_set(path: Path, data: Any) -> QuestionSet:
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise BadRequest(
            f"{path}: expected a mapping with a 'questions' list (or a 'conversations' list)",
            code="question_set",
        )
    questions = [
        _expected(path, f"question {n}", item, n, _EXPECTATION_KEYS | {"id", "tags"})
        for n, item in enumerate(data["questions"], start=1)
    ]
    return QuestionSet(
        name=str(data.get("name") or path.stem),
        path=str(path),
        questions=questions,
        thresholds=_thresholds(path, data, METRICS),
    )


def _expected(path: Path, where: str, item: Any, n: int, keys: set[str], *, reply: bool = False) -> Expected:
    """One question's expectations; `reply` when a small-talk reply may stand for doc/passage."""
    if not isinstance(item, dict) or not isinstance(item.get("question"), str):
        raise BadRequest(f"{path}: {where} has no 'question' text", code="question_set")
    unknown = set(item) - keys
    if unknown:
        raise BadRequest(
            f"{path}: {where} has unknown keys: {', '.join(sorted(unknown))}", code="question_set"
        )
    abstain = bool(item.get("abstain", False))
    if not abstain and not (item.get("doc") or item.get("passage")) and not reply:
        needs = "'doc', 'passage', 'abstain: true'" + (" or 'smalltalk: true'" if "smalltalk" in keys else "")
        raise BadRequest(f"{path}: {where} needs {needs}", code="question_set")
    return Expected(
        id=str(item.get("id") or f"q{n}"),
        question=item["question"],
        doc=item.get("doc"),
        passage=item.get("passage"),
        answer=_strings(item.get("answer")),
        abstain=abstain,
        tags=tuple(item.get("tags") or ()),
    )


def _thresholds(path: Path, data: dict[str, Any], metrics: Sequence[str]) -> dict[str, float]:
    thresholds = data.get("thresholds") or {}
    bad = set(thresholds) - set(metrics)
    if bad:
        raise BadRequest(f"{path}: unknown threshold(s): {', '.join(sorted(bad))}", code="question_set")
    return {k: float(v) for k, v in thresholds.items()}


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
    qsets = [
        s for s in map(load_set, files) if isinstance(s, QuestionSet)
    ]  # conversations are not labelled alone
    for qset in qsets:
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


# --- conversation sets ---


@dataclass(frozen=True)
class Turn:
    """One turn of a conversation: what its answer should be, and what kind of turn it is."""

    expected: Expected
    followup: bool = False  # read with the turns before it ("and in Flanders?", "why?")
    smalltalk: bool = False  # a greeting, thanks, goodbye or "what can you do?": a reply is expected


@dataclass(frozen=True)
class Conversation:
    id: str
    turns: tuple[Turn, ...]


@dataclass
class ConversationSet:
    name: str
    path: str
    conversations: list[Conversation]
    thresholds: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class TurnOutcome:
    """How one turn fared, asked with the history of the turns before it."""

    id: str  # "<conversation id>/<turn number>"
    question: str
    followup: bool
    smalltalk: bool
    passed: bool
    kind: str
    abstained: bool
    rank: int | None
    answer_ok: bool | None
    answer: str
    resolved_question: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "question": self.question,
            "followup": self.followup,
            "smalltalk": self.smalltalk,
            "passed": self.passed,
            "kind": self.kind,
            "abstained": self.abstained,
            "rank": self.rank,
            "answer_ok": self.answer_ok,
            "answer": self.answer,
            "resolved_question": self.resolved_question,
        }


@dataclass
class ConversationReport(_Graded):
    name: str
    path: str
    conversations: int
    outcomes: list[TurnOutcome]
    metrics: dict[str, float]
    thresholds: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        head = {"name": self.name, "path": self.path, "kind": "conversations"}
        return head | {"conversations": self.conversations, "turns": len(self.outcomes)} | self._graded()


def load_conversation_set(path: Path) -> ConversationSet:
    """Read a conversation-set YAML file; BadRequest names the file and the problem."""
    return _conversation_set(path, _read_yaml(path))


def _conversation_set(path: Path, data: Any) -> ConversationSet:
    if not isinstance(data, dict) or not isinstance(data.get("conversations"), list):
        raise BadRequest(f"{path}: expected a mapping with a 'conversations' list", code="question_set")
    conversations = []
    for c, item in enumerate(data["conversations"], start=1):
        if not isinstance(item, dict) or not isinstance(item.get("turns"), list) or not item["turns"]:
            raise BadRequest(f"{path}: conversation {c} has no 'turns' list", code="question_set")
        unknown = set(item) - {"id", "turns", "tags"}
        if unknown:
            raise BadRequest(
                f"{path}: conversation {c} has unknown keys: {', '.join(sorted(unknown))}",
                code="question_set",
            )
        cid = str(item.get("id") or f"c{c}")
        turns = []
        for n, turn in enumerate(item["turns"], start=1):
            smalltalk = isinstance(turn, dict) and bool(turn.get("smalltalk", False))
            where = f"conversation {cid} turn {n}"
            keys = _EXPECTATION_KEYS | {"followup", "smalltalk"}
            expected = _expected(path, where, turn, n, keys, reply=smalltalk)
            turns.append(
                Turn(replace(expected, id=f"{cid}/{n}"), bool(turn.get("followup", False)), smalltalk)
            )
        conversations.append(Conversation(cid, tuple(turns)))
    return ConversationSet(
        name=str(data.get("name") or path.stem),
        path=str(path),
        conversations=conversations,
        thresholds=_thresholds(path, data, CONVERSATION_METRICS),
    )


def run_conversation_set(engine: Any, cset: ConversationSet) -> ConversationReport:
    """Ask each conversation's turns in order, each with the history of the turns before it as
    the widget sends it (question and answer text, the last `HISTORY_TURNS`)."""
    outcomes: list[TurnOutcome] = []
    for conversation in cset.conversations:
        history: list[dict[str, Any]] = []
        for turn in conversation.turns:
            q = turn.expected
            answer = engine.ask(q.question, history[-HISTORY_TURNS:])
            history.append({"question": q.question, "answer": answer.answer})
            outcomes.append(
                TurnOutcome(
                    q.id,
                    q.question,
                    turn.followup,
                    turn.smalltalk,
                    _turn_right(turn, answer),
                    answer.kind,
                    answer.abstained,
                    _rank(q, answer),
                    _holds(q, answer),
                    answer.answer,
                    answer.resolved_question,
                )
            )
    by_conversation: dict[str, list[bool]] = {}
    for o in outcomes:
        by_conversation.setdefault(o.id.rsplit("/", 1)[0], []).append(o.passed)
    metrics = conversation_metrics(outcomes, [all(v) for v in by_conversation.values()])
    return ConversationReport(
        cset.name, cset.path, len(cset.conversations), outcomes, metrics, dict(cset.thresholds)
    )


def _turn_right(turn: Turn, answer: Any) -> bool:
    """A small-talk turn is right when it is replied to as small talk (holding any expected
    text); another turn as a question of a question set is (`Outcome.passed`)."""
    q = turn.expected
    if turn.smalltalk:
        text = _norm(answer.answer)
        return answer.kind == "smalltalk" and all(_norm(a) in text for a in q.answer)
    if answer.kind == "smalltalk":
        return False
    if q.abstain:
        return bool(answer.abstained)
    return not answer.abstained and _rank(q, answer) == 1 and _holds(q, answer) is not False


def conversation_metrics(outcomes: Sequence[TurnOutcome], conversations: Sequence[bool]) -> dict[str, float]:
    def share(items: Sequence[TurnOutcome]) -> float:
        return sum(o.passed for o in items) / len(items) if items else 1.0

    return {
        "turn_accuracy": share(outcomes),
        "followup_accuracy": share([o for o in outcomes if o.followup]),
        "smalltalk_replied": share([o for o in outcomes if o.smalltalk]),
        "conversation_accuracy": sum(conversations) / len(conversations) if conversations else 1.0,
    }
