"""Conversation: small talk, and follow-ups such as "and in Flanders?" read with the question
they follow. The server keeps no state: the client sends the conversation so far."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
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


_FOLLOWUP_RE = re.compile(
    r"^\s*(?:and|but|also|so)?\s*(?:what|how)\s+about\b|^\s*(?:and|also)\b|^\s*(?:in|for|at)\s+\S",
    re.IGNORECASE,
)
_STARTS_QUESTION_RE = re.compile(
    r"^\s*(?:who|what|when|where|which|why|how|is|are|does|do|did|can|could|was|were|tell)\b", re.I
)
_PLACE_RE = re.compile(r"^(?:in|for|at|on|from)\s+\S", re.I)
_ASKS_RE = re.compile(
    r"^\s*(?:how (?:many|much)|what (?:share|percentage|proportion) of|where|when|who|which \w+|what)\b"
    r"(?:\s+(?:is|are|was|were|does|do|did))?",
    re.I,
)
_FOLLOWUP_PREFIX_RE = re.compile(r"^\s*(?:and|but|also|so)?\s*(?:(?:what|how)\s+about\s+)?", re.I)


def resolve_followup(question: str, history: Sequence[Mapping[str, Any]] | None, analyzer: Analyzer) -> str:
    """A follow-up such as "and in Flanders?" completed with the question it follows.

    The client sends the conversation (the server keeps none); earlier follow-ups are resolved
    in turn, so "and in Flanders?" after "and in Wallonia?" still carries the first topic."""
    if not history:
        return question
    previous: str | None = None
    for turn in history:
        asked = turn.get("question") if isinstance(turn, Mapping) else None
        if isinstance(asked, str) and asked.strip():
            previous = _complete(asked.strip(), previous, analyzer)
    return question if previous is None else _complete(question, previous, analyzer)


def _complete(question: str, previous: str | None, analyzer: Analyzer) -> str:
    if previous is None:
        return question
    content = analyzer.terms(question)
    marked = bool(_FOLLOWUP_RE.match(question))
    short = len(content) <= 2 and not _STARTS_QUESTION_RE.match(question)
    if not (marked or short) or not content:
        return question
    rest = _FOLLOWUP_PREFIX_RE.sub("", question).strip(" ?!.")
    if _PLACE_RE.match(rest):
        # "and in Flanders?": the same question, somewhere else.
        return f"{previous.rstrip(' ?!.')} {rest}"
    # "what about exports?": the same kind of question, about something else.
    asks = _ASKS_RE.match(previous)
    return f"{asks.group(0).strip()} {rest}" if asks else f"{previous.rstrip(' ?!.')} {rest}"


def smalltalk_reply(question: str) -> str | None:
    for pattern, reply in _SMALLTALK:
        if pattern.match(question):
            return reply
    return None
