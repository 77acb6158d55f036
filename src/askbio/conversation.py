"""Conversation: small talk, and follow-ups such as "and in Flanders?" read with the question
they follow. The server keeps no state: the client sends the conversation so far."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from askbio.text import Analyzer

_SMALLTALK: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"^\s*(?:hi|hello|hey|good (?:morning|afternoon|evening)|greetings|hallo|bonjour)\b[\s!.,]*(?:there)?[\s!.]*$",
            re.I,
        ),
        "Hello! Ask me a question about the documents and I'll answer with the passages that support it.",
    ),
    (
        re.compile(
            r"^\s*(?:thanks?(?: you)?(?: very much| a lot| so much)?|thx|cheers|great,? thanks?)\b[\s!.]*$",
            re.I,
        ),
        "You're welcome! Ask me anything else about the documents.",
    ),
    (
        re.compile(
            r"^\s*(?:what can you do|who are you|what are you|help|how does this work|what do you know)\b[\s?!.]*$",
            re.I,
        ),
        "I answer questions from a fixed collection of documents, and I cite the passages I used. "
        "If the documents don't say, I tell you so instead of guessing.",
    ),
    (re.compile(r"^\s*(?:bye|goodbye|see you)\b[\s!.]*$", re.I), "Goodbye!"),
)


# --- Follow-ups -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Turn:
    """How a turn of a conversation is read."""

    question: str  # the question to answer: as asked, or completed from the conversation
    # What it asks: a "question", or of the previous answer "more" (what follows it), "why" (the
    # reason given around it) or "source" (where it comes from).
    kind: str = "question"
    previous: str | None = None  # the question the turn before was read as
    # Words of the turn before (its question and answer) the question refers to ("where did
    # they present them?"): searched, at a lower weight, but not what the answer must hold.
    context: str = ""


_MORE = re.compile(
    r"^(?:and|ok|okay|so)?[\s,]*(?:tell me more|more|more details?|more info(?:rmation)?|go on|continue|keep going"
    r"|what else|anything else|details|(?:can you )?elaborate|say more|more about (?:it|that|this))"
    r"(?:[\s,]+please)?[\s?!.]*$",
    re.I,
)
_WHY = re.compile(r"^(?:and|but|so)?[\s,]*(?:why|how come|for what reason)\b", re.I)
_SOURCE = re.compile(
    r"^(?:and|ok|so)?[\s,]*(?:(?:what(?:'s| is| are) (?:the|your) )?sources?|references?"
    r"|where (?:does|did|do) (?:that|this|it|they|these|those) (?:come|came) from|where is (?:that|this|it) from"
    r"|who says (?:so|that)|how do you know(?: that)?|according to (?:whom|who|what)|can you cite (?:it|that|this))"
    r"[\s?!.]*$",
    re.I,
)
# "and in Flanders?", "what about exports?", "how about 2020?", "and for vaccines?"
_ELLIPSIS = re.compile(
    r"^(?:and|but|also|so|ok|okay)?[\s,]*(?:(?:what|how)\s+about\s+(?P<about>.+)|(?P<qualifier>(?:in|for|at|on|from|during|since)\s+.+))$",
    re.I,
)
_AND = re.compile(r"^(?:and|also)\s+(?P<rest>.+)$", re.I)
_REFERS = re.compile(
    r"\b(?:it|its|they|them|their|theirs|that|this|those|these|he|she|his|her|there)\b", re.I
)
_STARTS_QUESTION = re.compile(
    r"^\s*(?:who|what|when|where|which|why|how|is|are|does|do|did|can|could|was|were|tell)\b", re.I
)
_ASKS = re.compile(
    r"^\s*(?:how (?:many|much)|what (?:share|percentage|proportion) of|where|when|who|which \w+|what)\b"
    r"(?:\s+(?:is|are|was|were|does|do|did))?",
    re.I,
)
# A place or a time a question is about: "in Wallonia", "in the Netherlands", "in 2023".
_QUALIFIER = re.compile(
    r"\b(?:in|for|at|from|during|since)\s+(?:the\s+)?(?:[A-Z][\w\u00C0-\u017F'-]*(?:\s+[A-Z][\w\u00C0-\u017F'-]*)*|(?:19|20)\d\d)\b"
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def read_turn(question: str, history: Sequence[Mapping[str, Any]] | None, analyzer: Analyzer) -> Turn:
    """How `question` reads after the conversation `history` (oldest first, as the client sends
    it: the server keeps no state). Earlier turns are read in turn, so "and in Flanders?" after
    "and in Wallonia?" still carries the first topic."""
    previous: Turn | None = None
    answer = ""
    for turn in history or ():
        asked = turn.get("question") if isinstance(turn, Mapping) else None
        if isinstance(asked, str) and asked.strip():
            previous = _read(asked.strip(), previous, answer, analyzer)
            said = turn.get("answer")
            answer = said if isinstance(said, str) else ""
    return _read(question, previous, answer, analyzer)


def _read(question: str, previous: Turn | None, answer: str, analyzer: Analyzer) -> Turn:
    """One turn read after the one before it (`previous`, answered with `answer`)."""
    if previous is None:
        return Turn(question)
    before = previous.question
    if _MORE.match(question):
        return Turn(before, "more", before)
    if _SOURCE.match(question):
        return Turn(before, "source", before)
    content = analyzer.terms(question)
    refers = _REFERS.search(question) is not None
    if _WHY.match(question) and (refers or len(content) <= 1):
        return Turn(before, "why", before)
    ellipsis = _ELLIPSIS.match(question.strip().rstrip("?!. "))
    if ellipsis is None and (short := _AND.match(question.strip().rstrip("?!. "))) and len(content) <= 3:
        ellipsis = _ELLIPSIS.match("what about " + short.group("rest"))
    if ellipsis is not None and content:
        return Turn(_substitute(before, ellipsis), "question", before)
    if not _STARTS_QUESTION.match(question) and 0 < len(content) <= 2:
        return Turn(
            _substitute(before, _ELLIPSIS.match("what about " + question.strip(" ?!."))), "question", before
        )
    if refers and len(content) <= 3:
        # "who makes them?", "how big is that?": about what the turn before asked and answered.
        return Turn(question, "question", before, f"{before} {answer}".strip())
    return Turn(question)


def _substitute(before: str, ellipsis: re.Match[str] | None) -> str:
    """The question before, with what the follow-up names in place of the item of its kind: a
    place or a year for its place or year ("and in Flanders?"), a topic for its topic ("what
    about exports?"); what the follow-up names is added when the question had none of its kind."""
    if ellipsis is None:
        return before
    stem = before.rstrip(" ?!.")
    about = (ellipsis.group("about") or "").strip()
    qualifier = (ellipsis.group("qualifier") or "").strip()
    if about and (_YEAR.fullmatch(about) or about[:1].isupper()):
        qualifier = f"in {about}"  # "what about Brussels?", "what about 2020?"
    if qualifier:
        kind = _YEAR if _YEAR.search(qualifier) else _QUALIFIER
        same = [m for m in _QUALIFIER.finditer(stem) if bool(_YEAR.search(m.group())) == (kind is _YEAR)]
        if same:
            last = same[-1]
            return f"{stem[: last.start()]}{qualifier}{stem[last.end() :]}?"
        return f"{stem} {qualifier}?"
    asks = _ASKS.match(stem)
    places = " ".join(m.group() for m in _QUALIFIER.finditer(stem))
    head = asks.group(0).strip() if asks else stem
    return " ".join(part for part in (head, about, places) if part) + "?"


def smalltalk_reply(question: str) -> str | None:
    for pattern, reply in _SMALLTALK:
        if pattern.match(question):
            return reply
    return None
