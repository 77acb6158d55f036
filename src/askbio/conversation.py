"""Conversation: small talk, and follow-ups such as "and in Flanders?" read with the question
they follow. The server keeps no state: the client sends the conversation so far."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, NamedTuple

from askbio.answer_types import ADDRESSED, FIGURES, question_type
from askbio.idioms import spelled_out
from askbio.models import UNMENTIONED
from askbio.query import TASK_NOUNS, counted_phrase, informer_span, plural_nouns, without_asides
from askbio.text import STOPWORDS, Analyzer, fold

# --- Follow-ups -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Turn:
    """How a turn of a conversation is read."""

    question: str  # the question to answer: as asked, or completed from the conversation
    # What it asks: a "question", or of the previous answer "more" (what follows it), "why" (the
    # reason given around it), "effect" (what came of it), "source" (where it comes from) or
    # "compared" (what it is compared with: "compared to what?").
    kind: str = "question"
    previous: str | None = None  # the question the turn before was read as
    # Words of the turn before (its question and answer) the question refers to ("where did
    # they present them?"): searched, at a lower weight, but not what the answer must hold.
    context: str = ""
    # The answer before, when the turn asks for the same kind of answer ("how many of them
    # died?" after "how many were registered?"): what it gave is not the answer again.
    given: str = ""
    focus: str = ""  # the words the follow-up brings to the question before ("during the pandemic")
    # The kind of answer the question before asked for, when the follow-up asks the same of
    # another topic ("what vaccines?" then "what about cancer?": examples again).
    asks: str | None = None
    # The places of the question before that a follow-up naming none refers to ("how many jobs
    # are there in it?" after a question about Wallonia): still where it must apply.
    carried: str = ""
    # The name the answer before was about, when the question before asked for one ("which
    # company in Liège ...?": "PDC Line Pharma, a biotech company in Liège, ..."), for a follow-up
    # referring to it ("how many people work there?"): its answer's passage must name it.
    about: str = ""
    # What was said already, which a turn asking for more of a topic ("tell me more about the
    # COVID-19 side of things") does not want again.
    again: str = ""
    # The document the turn asks of, when it points to it ("does the other article give a
    # figure?": the one the answer before did not come from).
    document: str = ""


# "ok, please could you ...", "Do tell me more": how a request for more may open
_MORE_OPENING = (
    r"^(?:and|ok|okay|so|interesting|great|nice|wow|oh)?[\s,!.]*(?:please[\s,]+)?"
    r"(?:(?:do|can you|could you|would you|will you|i'?d like to|i would like to|i want to)[\s,]+)?"
)
_MORE = re.compile(
    # "Do tell me more, please.", "could you tell me a bit more about that?"
    _MORE_OPENING
    + r"(?:tell me (?:a (?:bit|little) )?more|know more|hear more|more|more details?|more info(?:rmation)?|go on"
    r"|continue|keep going|what else|anything else|details|elaborate|say more)"
    r"(?:[\s,]+(?:about|on) (?:it|that|this|them))?(?:[\s,]+please)?[\s?!.]*$",
    re.I,
)
# "tell me more about the COVID-19 side of things": more of a topic, not of "it"
_MORE_ABOUT = re.compile(
    _MORE_OPENING
    + r"(?:tell me (?:a (?:bit|little) )?more|more (?:details?|info(?:rmation)?)|say more|elaborate)\s+(?:about|on)\s+"
    r"(?!(?:it|that|this|them|those|these)\b)(?P<topic>[^?!.]+?)[\s?!.]*$",
    re.I,
)
_WHY = re.compile(r"^(?:and|but|so)?[\s,]*(?:why|how come|for what reason)\b", re.I)
# "why does that matter for a small firm like mine?": why what was just said holds, whoever asks
_WHY_THAT = re.compile(r"^(?:and|but|so)?[\s,]*why (?:does|do|did|is|was|would|should) (?:that|this)\b", re.I)
# "what effect did that have?", "what was the impact?": what came of the previous answer
_EFFECT = re.compile(
    r"^(?:and|but|so|ok|okay)?[\s,]*(?:what (?:effect|impact|consequences?|results?|difference)"
    r" (?:did|does|has|had|will) (?:that|this|it) (?:have|had|make|made)"
    r"|what (?:was|is|were|are) the (?:effect|impact|consequences?|results?)(?: of (?:that|this|it))?"
    r"|what (?:happened|came of it) (?:next|then|after that|as a result)?|with what (?:effect|result)"
    r"|(?:any |the )?(?:results?|outcomes?))[\s?!.]*$",  # "results?"
    re.I,
)
# "compared to what?", "than what?", "relative to whom?": what the previous answer compares with
_COMPARED_TO = re.compile(
    r"^(?:and|but|so|ok|okay)?[\s,]*(?:(?:compared|relative|in comparison)\s+(?:to|with)|(?:more|higher|bigger"
    r"|larger|greater|lower|smaller)?\s*than|versus|vs\.?)\s+(?:what|whom|who)[\s?!.]*$",  # not "which countries?": places
    re.I,
)
_SOURCE_ASKED = (
    r"(?:(?:what(?:'s| is| are) (?:the|your) )?sources?|references?"
    r"|where (?:does|did|do) (?:that|this|it|they|these|those) (?:come|came) from|where is (?:that|this|it) from"
    r"|who says (?:so|that)|says who|who (?:published|wrote|said) (?:that|this|it)|who(?:'s| is) the source"
    r"|how do you know(?: that)?|according to (?:whom|who|what)|can you cite (?:it|that|this))"
)
# "source?", "says who? who published that?": one or more ways of asking where the answer comes from
_SOURCE = re.compile(rf"^(?:and|ok|so)?[\s,]*{_SOURCE_ASKED}(?:[\s?!.,]+{_SOURCE_ASKED})*[\s?!.]*$", re.I)
# "and in Flanders?", "what about exports?", "how about 2020?", "and for vaccines?", "what about in 2010?"
_ELLIPSIS = re.compile(
    r"^(?:and|but|also|so|ok|okay)?[\s,]*(?:(?:what|how)\s+about\s+(?P<about>(?!(?:in|for|at|on|from|during|since)\s).+)"
    r"|(?:(?:what|how)\s+about\s+)?(?P<qualifier>(?:in|for|at|on|from|during|since|across|throughout)\s+(?!(?:which|what|whom)\b).+))$",
    re.I,
)
_AND = re.compile(r"^(?:and|also)\s+(?P<rest>.+)$", re.I)
# "the research is about what?", "it is made where?": a question asked with its subject first
_ASKS_AT_END = re.compile(r"\s(?:what|where|who|whom|which|when|how much|how many|how long)\W*$", re.I)
# "and if we can't make it in person?", "what if I can't travel?": the answer before, on a condition
_CONDITION = re.compile(r"^(?:and|but|so|ok|okay)?[\s,]*(?:what\s+)?if\s+\w", re.I)
# "if I can't travel there, how can I contact them?": the condition, then a question of its own
_THEN_QUESTION = re.compile(
    r",\s*(?:how|what|who|whom|where|when|which|why|can|could|do|does|is|are|should|will|would)\b", re.I
)
# "what about in Wallonia, how many firms are there?": where, then a whole question.
_THEN_ASKS = re.compile(
    r"^(?:and|but|also|so|ok|okay)?[\s,]*(?:(?:what|how)\s+about\s+)?"
    r"(?P<where>(?:in|for|at|on|from|during|since)\s+[^,?]+),\s*(?P<rest>(?:who|what|when|where|which|how)\b.+)$",
    re.I,
)
# "and exports, how much is that worth?": a topic, then a whole question about it.
_TOPIC_THEN_ASKS = re.compile(
    r"^(?:(?:and|but|also|so|ok|okay)[\s,]+(?:(?:what|how)\s+about\s+)?"
    # "going back to the national growth, what drives it?"
    r"|(?:(?:and|but|so|ok|okay)[\s,]+)?(?:going back to|coming back to|back to|returning to|as for|as regards|regarding)\s+)"
    r"(?P<topic>[^\W\d][\w'&-]*(?:\s+[\w'&-]+){0,3})"
    r",\s*(?P<rest>(?:who|what|when|where|which|how)\b.+)$",
    re.I,
)
_PRONOUN = re.compile(r"\b(?:that|it|this|they|them|those|these)\b", re.I)
# "when?", "and where exactly?": the question before, asked with another question word.
_WH_ONLY = re.compile(
    r"^(?:and|so|ok|okay|but)?[\s,]*(?:(?P<wh>when|where|who|which ones?|how many|how much|how long|what year"
    r"|since when)|(?P<when>(?:on|in|at|by) (?:what|which) (?:date|day|year|month|time))"
    r"|(?P<where>(?:in|at) (?:what|which) (?:city|country|place|region|town)))"
    r"(?:\s+(?:exactly|then|precisely))?[\s?!.]*$",
    re.I,
)
# A question word anywhere: "it is more dense than which countries?" is a question, not a bare topic.
_WH_INSIDE = re.compile(r"\b(?:which|what|who|whom|where|when|how)\b", re.I)
# The question word a question opens with, which another replaces ("what did they present" ->
# "when did they present").
_WH_WORD = re.compile(
    r"^\s*(?:how (?:many|much|long|big)|what (?:share|percentage|proportion) of|where|when|who|which \w+"
    r"|what \w+(?= (?:did|does|do|is|are|was|were|has|have|had|will|can|could)\b)|what)\b",
    re.I,
)
# "and how many of them are in Wallonia?": a count of what the question before counted, there
# ("how many of them died?" asks a count of its own).
_OF_THEM = re.compile(
    r"^(?:(?:and|so|but|ok|okay)[\s,]+)?how many of (?:them|those|these)"
    r"(?P<rest>\s+(?:(?:are|were|is|was)\s+)?(?:(?:based|located)\s+)?(?:in|at|from)\b.*)$",
    re.I,
)
# An answer opening with the name it is about: "PDC Line Pharma, a biotech company ...", "UCB is ...".
_ANSWERED_NAME = re.compile(
    r"^((?:[A-Z][\w&'-]*|[A-Z]{2,})(?:\s+(?:[A-Z][\w&'-]*|&))*)(?=,\s+an?\s|\s+(?:is|has|was|makes|develops)\b)"
)
# "these companies", "those grants": a thing the turn before named, pointed at.
_DEMONSTRATIVE = re.compile(r"\b(?:these|those|this|that)\s+([^\W\d_]{3,})\b", re.I)
# "the vaccine", "the trial": a thing the answer before named, when a short question says nothing
# else of its own (`DEFINITE_WORDS`); not a place's kind ("the region": where, carried otherwise)
_DEFINITE = re.compile(
    r"\bthe\s+(?!(?:region|country|city|area|province|town|place|state|nation|world)\b)"
    r"([^\W\d_]{3,})\b(?!\s+(?:of|in|from|for)\s+\w)",
    re.I,
)
DEFINITE_WORDS = 3
# Words of the turns before that a question referring to them is read with, at most.
CONTEXT_CHARS = 600
_REFERS = re.compile(
    r"\b(?:it|its|they|them|their|theirs|that|this|those|these|he|she|his|her|there)\b", re.I
)
# Subjects that stand for someone named before ("what role do they play for smaller companies?"):
# a question holding one refers back even when it says more ("for them" often has its own subject).
_STANDS_FOR = re.compile(r"\b(?:they|he|she)\b", re.I)
# Content words a question referring back may have, with a pronoun standing for a name (`_STANDS_FOR`)
# or only pointing ("how big is that?").
STANDS_FOR_WORDS = 5
POINTS_WORDS = 3
# Content words a request for contact details may have and still be about the turn before.
CONTACT_WORDS = 3
_STARTS_QUESTION = re.compile(
    r"^\s*(?:(?:in|for|at|on|from|during|since|to|with|by)\s+(?:which|what|whom)"  # "for which diseases ..."
    r"|who|what|whats|when|where|which|why|how|is|are|does|do|did|can|could|was|were|has|have|had|will"
    r"|would|should|tell)\b",
    re.I,
)
# A question put as keywords alone: no question word, no verb of asking, no question mark (unlike
# `query.is_keywords`, of any length: what a follow-up's words are asked after).
_KEYWORDS_ONLY = re.compile(
    r"^(?![^?]*\?)(?!.*\b(?:what|which|who|whom|whose|where|when|why|how|is|are|was|were|do|does|did|can|could"
    r"|will|would|should|has|have|tell|give|show|list|any)\b)",
    re.I,
)
# "which ones", "what ones": the things the question before spoke of.
_WHICH_ONES = re.compile(r"\b(?:which|what)\s+(ones)\b", re.I)


def _ones_named(question: str, before: str) -> str:
    """The question with its "ones" named as the last plural noun of the question before
    ("which ones are they?" after "how many ... are close by the airports?": "which airports
    are they?"); as it is when it has none, or the question before names no plural."""
    ones = _WHICH_ONES.search(question)
    if ones is None:
        return question
    found = plural_nouns(before)
    return f"{question[: ones.start(1)]}{found[-1]}{question[ones.end(1) :]}" if found else question


_ASKS = re.compile(
    r"^\s*(?:how (?:many|much)|what (?:share|percentage|proportion) of|where|when|who|which \w+|what)\b"
    r"(?:\s+(?:is|are|was|were|does|do|did))?",
    re.I,
)
# A place or a time a question is about: "in Wallonia", "in the Netherlands", "in 2023".
_QUALIFIER = re.compile(
    # "in the whole of Belgium", "in all of Belgium": the place, as a whole
    r"\b(?:in|for|at|from|during|since|across|throughout)\s+(?:the\s+)?(?:(?:whole|entire|all)\s+of\s+(?:the\s+)?)?"
    r"(?:[A-Z][\w\u00C0-\u017F'-]+(?:\s+[A-Z][\w\u00C0-\u017F'-]+)*|(?:19|20)\d\d)\b"
    r"(?![&/])"  # not the "R" of "for R&D"
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# The same in lower case, kept when the word is a name (`is_name`): "in flanders".
_WORD_AFTER_FIRST = re.compile(r"(?<=\s)[^\W\d][\w\u00C0-\u017F'-]*")
_QUALIFYING_WORD = re.compile(r"^(?:in|for|at|from|across|throughout)\s+", re.I)
_NAMED_QUALIFIER = re.compile(
    r"\b(?:in|for|at|from|during|since|across|throughout)\s+(?:the\s+)?(?:(?:whole|entire|all)\s+of\s+(?:the\s+)?)?([^\W\d][\w\u00C0-\u017F'-]*)"
)


def _placed(text: str, is_name: Callable[[str], bool]) -> list[re.Match[str]]:
    """The places and years `text` is about ("in Wallonia", "in 2023", "in flanders"), in order."""
    found = list(_QUALIFIER.finditer(text))
    found += [
        m
        for m in _NAMED_QUALIFIER.finditer(text)
        if m.group(1)[:1].islower() and is_name(m.group(1)) and not any(f.start() == m.start() for f in found)
    ]
    return sorted(found, key=lambda m: m.start())


def _named_place(question: str, is_name: Callable[[str], bool]) -> re.Match[str] | None:
    """The last word of the question naming a place or a name, other than its first and other
    than an acronym ("does Wallonia have": "Wallonia"); None when there is none."""
    found = None
    for match in _WORD_AFTER_FIRST.finditer(question):
        word = match.group()
        if not word.isupper() and word.lower() not in STOPWORDS and is_name(word):
            found = match
    return found


def _names_a_place(about: str, is_name: Callable[[str], bool]) -> bool:
    """Whether what "what about ...?" names is a place or a year ("Brussels", "brussels", "2020"),
    not a topic ("exports", nor "R&D investment": capitals alone are an acronym's)."""
    first = about.split(maxsplit=1)[0] if about.strip() else ""
    capitalised = first[:1].isupper() and not (len(first) > 1 and first.isupper() and not is_name(first))
    return capitalised or _YEAR.fullmatch(about) is not None or is_name(about)


def read_turn(
    question: str,
    history: Sequence[Mapping[str, Any]] | None,
    analyzer: Analyzer,
    is_name: Callable[[str], bool] = lambda word: word[:1].isupper(),
) -> Turn:
    """How `question` reads after the conversation `history` (oldest first, as the client sends
    it: the server keeps no state). Earlier turns are read in turn, so "and in Flanders?" after
    "and in Wallonia?" still carries the first topic. `is_name` tells whether a word names a
    place or a name, however written ("flanders"; not "Airports?", a message's first word)."""
    previous: Turn | None = None
    answer = ""
    for turn in history or ():
        asked = turn.get("question") if isinstance(turn, Mapping) else None
        if isinstance(asked, str) and asked.strip():
            # its sentences about the asker ("We're moving to Liège.") are no part of what it asked
            read = _read(without_asides(spelled_out(asked.strip())), previous, answer, analyzer, is_name)
            said = turn.get("answer")
            said = _first_part(said) if isinstance(said, str) else ""
            if previous is not None and _brought_unmentioned(asked, said):
                continue  # "what about in 2010?", and no document mentions 2010: not carried on
            previous, answer = read, said
    return _read(question, previous, answer, analyzer, is_name)


def with_turn_before(turn: Turn, asked: str) -> Turn | None:
    """A turn read alone (`asked`, unchanged by the conversation) read again with the question
    before as its context ("at which conference?" after "what did Acme announce?"); None when
    there is no question before or the conversation changed the turn."""
    if (
        turn.kind != "question"
        or turn.previous is None
        or turn.question != asked
        or turn.context
        or turn.given
    ):
        return None
    return Turn(asked, "question", turn.previous, turn.previous)


def asked_why(question: str) -> str | None:
    """A yes-no question asked again as why it holds ("is Belgium a big deal for vaccines?":
    "why is Belgium a big deal for vaccines?"), for "why?" after it went unanswered; None for a
    question of another form."""
    asked = _LAST_SENTENCE.search(question.strip())  # "Next up: vaccines. Is Belgium big in them?"
    question = asked.group(1) if asked else question
    found = _YES_NO_OPENING.match(question)
    if found is None:
        return None
    return f"why {found.group(1).lower()}{question[found.end(1) :].rstrip(' ?!.')}?"


_LAST_SENTENCE = re.compile(r"(?<=[^\W\d_]{2})[.!?:]\s+([^.!?:]+[?.!]*)$")
_YES_NO_OPENING = re.compile(r"^\s*(is|are|was|were|does|do|did|has|have|had|can|could|will|would)\b", re.I)


def _first_part(answer: str) -> str:
    """Of an answer giving figures from two sources ("... [1] ... [2]"), the first: the one for
    what was asked, which a follow-up's "that" refers to."""
    first, marker, _ = answer.partition(" [1] ")
    return first if marker and "[2]" in answer else answer


def _brought_unmentioned(asked: str, answer: str) -> bool:
    """Whether a follow-up brought words the answer says the documents never mention."""
    if not answer.startswith(UNMENTIONED):
        return False
    lacking = answer[len(UNMENTIONED) :].split(".", 1)[0]
    words = [w for w in re.findall(r"[^\W_][\w'-]*", lacking) if w not in ("and", "or")]
    return bool(words) and all(w.lower() in asked.lower() for w in words)


def _read(
    question: str, previous: Turn | None, answer: str, analyzer: Analyzer, is_name: Callable[[str], bool]
) -> Turn:
    """One turn read after the one before it (`previous`, answered with `answer`)."""
    if previous is None:
        return Turn(question)
    turn = _read_after(question, previous, answer, analyzer, is_name)
    if turn.about or not turn.context or turn.kind != "question":
        return turn
    # Read with the turn before ("At which meeting?", "How many employees does it have?"): about
    # the name that turn was about, or the one it asked for and was answered with.
    subject = _ANSWERED_NAME.match(answer)
    asked_name = subject is not None and question_type(_as_asked(previous.question)) == "name"
    about = previous.about or (subject.group(1) if asked_name and subject is not None else "")
    return replace(turn, about=about) if about else turn


def _read_after(
    question: str, previous: Turn, answer: str, analyzer: Analyzer, is_name: Callable[[str], bool]
) -> Turn:
    """`_read` for a turn that has one before it."""
    before = _as_asked(previous.question)
    of_answer = _of_answer_before(question, previous, answer)
    if of_answer is not None:
        return of_answer
    question = _ones_named(question, before)
    asking = without_asides(question)  # "Was X among them? We used to buy their bags.": what it asks
    content = analyzer.terms(asking)
    refers = _REFERS.search(asking) is not None
    # "why?", "why is that?", "why did it grow?"; not a why-question with a subject of its own
    if _WHY.match(question) and (len(content) <= (2 if refers else 1) or _WHY_THAT.match(question)):
        return replace(previous, kind="why", previous=before)
    wh = _WH_ONLY.match(question.strip())
    if wh is not None:
        asks = _WH_WORD.match(before)
        rest = before[asks.end() :] if asks else " " + before[:1].lower() + before[1:]
        word = (wh.group("wh") or ("when" if wh.group("when") else "where")).lower()  # "on what date?": when
        return Turn(f"{word}{rest.rstrip(' ?!.')}?", "question", before, previous.context)
    whole = _THEN_ASKS.match(question.strip())
    if whole is not None and len(analyzer.terms(whole.group("rest"))) >= 3:
        # "what about in Wallonia, how many companies are there?": a question of its own, there
        return Turn(f"{whole.group('rest').rstrip(' ?!.')} {whole.group('where')}?", "question", before)
    topical = _TOPIC_THEN_ASKS.match(question.strip())
    if topical is not None and not _names_a_place(topical.group("topic"), is_name):
        # "and exports, how much is that worth?": how much exports are worth
        rest, topic = topical.group("rest").rstrip(" ?!."), topical.group("topic")
        asked = _PRONOUN.sub(topic, rest, count=1) if _PRONOUN.search(rest) else f"{rest} {topic}"
        return Turn(f"{asked}?", "question", before, before)
    of_them = _OF_THEM.match(question.strip())
    if of_them is not None:
        # "and how many of them are in Wallonia?": of what the question before counted
        counted = next(
            (c for text in (before, previous.context) if text and (c := counted_phrase(text))), None
        ) or _counted_in(answer)
        if counted is not None:
            asked = f"how many {counted}{of_them.group('rest').rstrip(' ?!.')}?"
            context = _context(before, answer, previous.context)
            return Turn(asked, "question", before, context, _given(asked, before, answer))
    ellipsis = _ELLIPSIS.match(question.strip().rstrip("?!. "))
    short = _AND.match(question.strip().rstrip("?!. "))
    if (
        ellipsis is None
        and short is not None
        and (_STARTS_QUESTION.match(short.group("rest")) or _ASKS_AT_END.search(short.group("rest")))
    ):
        # "and how many had HIV?": a question of its own, about what the turn before was about
        # (and "and what is the exports figure?" after a figure: of the figures told beside it).
        asked = short.group("rest").rstrip() + "?"
        told = _figures_told(before, answer) if _asks_a_figure_told(asked, answer, analyzer) else ""
        if not told and _DEMONSTRATIVE.search(asked):  # "and when is this event held?": what the answer named
            told = answer
        context = _context(before, previous.context, told)
        standing = _about(asked, before, answer, previous) if _STANDS_FOR.search(asked) else ""
        return Turn(asked, "question", before, context, _given(asked, before, answer), about=standing)
    if ellipsis is None and short is not None and len(content) <= 3:
        ellipsis = _ELLIPSIS.match("what about " + short.group("rest"))
    if ellipsis is not None and content:
        about = (ellipsis.group("about") or "").strip()
        named = bool(about) and _names_a_place(about, is_name)
        if about and not named and not _ASKS.match(before):
            # "Does Belgium export vaccines?" then "how about cancer drugs?": no question form to
            # carry the new topic, so it is asked with the turn before as its context.
            return Turn(f"{about}?", "question", before, before)
        topic = about and not named
        qualifier = (ellipsis.group("qualifier") or "").strip()
        # What the follow-up brings that is neither a place nor a year ("during the pandemic",
        # "what about exports?"): what the answer is chosen for first.
        focus = about if topic else "" if _placed(qualifier, is_name) else qualifier
        # A new topic replaces the thing the question before asked about ("what vaccines ...?"
        # then "what about cancer?"): the rest of that question is the context.
        context = _context(_without_informer(before), _figures_told(before, answer)) if topic else ""
        kind = question_type(before) if topic else None  # asked again, of the new topic
        asked = _substitute(before, ellipsis, is_name)
        # "and for Belgium as a whole?": the figure just given was for another place
        elsewhere = named or bool(_placed(qualifier, is_name))
        given = _given(asked, before, answer) if elsewhere else ""
        return Turn(asked, "question", before, context, given, focus=focus, asks=kind)
    if not _STARTS_QUESTION.match(question) and 0 < len(content) <= 2:
        return _short(question, before, answer, previous, is_name)
    if refers and len(content) <= (STANDS_FOR_WORDS if _STANDS_FOR.search(question) else POINTS_WORDS):
        # "who makes them?", "how big is that?": about what the turn before asked and answered,
        # and what that turn referred to in its turn ("where is it based?" then "what did they do?").
        context = _context(before, answer, previous.context)
        places = [m.group(0) for m in _placed(before, is_name) if not _YEAR.search(m.group(0))]
        # after "which company in Liège ...?", "they" is the company named, wherever the passage says it is
        asked_name = question_type(before) == "name"
        carried = "" if asked_name or _placed(question, is_name) else " ".join(places)
        return Turn(
            question,
            "question",
            before,
            context,
            _given(question, before, answer),
            carried=carried,
            about=_about(question, before, answer, previous),
        )
    if (len(content) <= CONTACT_WORDS and question_type(question) in ADDRESSED) or (
        len(content) <= 1 and _STARTS_QUESTION.match(question)
    ):
        # "to whom do I write for more details?", "who's first then?": too little of its own to be
        # asked but of what the conversation is about
        context = _context(before, previous.context)
        return Turn(question, "question", before, context)
    definite = (
        set(analyzer.terms(" ".join(_DEFINITE.findall(asking)))) if len(content) <= DEFINITE_WORDS else set()
    )
    if (
        definite
        and not _placed(asking, is_name)
        and definite <= set(analyzer.terms(answer)) - set(analyzer.terms(before))
    ):
        # "What type of cancer is the vaccine for?" after "... announced results of its lung cancer
        # vaccine": the thing the answer before named, not any
        return Turn(question, "question", before, _context(before, answer, previous.context))
    pointed = _DEMONSTRATIVE.findall(asking) if _YES_NO_OPENING.match(asking) is None else []
    if pointed and not set(analyzer.terms(" ".join(pointed))).isdisjoint(
        analyzer.terms(f"{before} {answer}")
    ):
        # "What role do these companies play for smaller firms?" after the companies were named:
        # what it points to is in the turn before, however much else it asks (not a yes-no
        # question: "is that rate guaranteed by ruling?" asks of something new)
        return Turn(question, "question", before, _context(before, answer, previous.context))
    return Turn(question, "question", before)  # read alone, the conversation left as it was


# What a message wanting something says it wants, put as a question ("I need the figure for X":
# "what is the figure for X?", "I'd like to know how much ...": "how much ...?").
_WANTS_TO_KNOW = re.compile(
    r"^\W*(?:so\s+)?(?:i|we)\s*(?:['’]d|\s+would)?\s+(?:like|love|want|need|wanted|needed)\s+to\s+"
    r"(?:know|find out|learn|understand)\s+(?=(?:how|what|which|who|where|when|why|whether|if)\b)",
    re.I,
)
_WANTS = re.compile(
    r"^\W*(?:so\s+)?(?:i|we)\s*(?:['’]m|['’]re|\s+am|\s+are)?\s+(?:need|want|am looking for|looking for|am after|after)\s+"
    r"(?=(?:the|a|an|some)\s)",
    re.I,
)


def _as_asked(message: str) -> str:
    """A message as the question it asks: without its sentences about the asker, and what it
    says it wants put as a question."""
    asked = without_asides(message)
    if "?" in asked or not asked[:1].isalpha() or asked[:2].lower() not in ("i ", "i'", "i’", "we", "so"):
        return asked
    if (wants := _WANTS_TO_KNOW.match(asked)) is not None:
        return asked[wants.end() :].rstrip(" .!") + "?"
    if (wants := _WANTS.match(asked)) is not None:
        return "what is " + asked[wants.end() :].rstrip(" .!") + "?"
    return asked


def _of_answer_before(question: str, previous: Turn, answer: str) -> Turn | None:
    """A turn asking of the answer before, as it was worked out (with the turn before's own
    context): more of it, what came of it, its source, what it compares with, or the question
    again on a condition; None for a turn asking anything else."""
    before = previous.question
    if _MORE.match(question):
        return replace(previous, kind="more", previous=before)
    if (more := _MORE_ABOUT.match(question)) is not None:  # of the topic, with what was asked before
        return Turn(f"more about {more.group('topic')}?", "question", before, before, again=answer)
    if _EFFECT.match(question):
        return replace(previous, kind="effect", previous=before)
    if _SOURCE.match(question):
        return replace(previous, kind="source", previous=before)
    if _COMPARED_TO.match(question.strip()):
        return replace(previous, kind="compared", previous=before)
    if _CONDITION.match(question.strip()) and not _THEN_QUESTION.search(question):
        # "and if I can't travel there?": the question before again, on that condition (its
        # answer may offer another way: "... or virtually by sending us a request at ...")
        return Turn(before, "question", before, _context(question, answer, previous.context))
    return None


def _short(question: str, before: str, answer: str, previous: Turn, is_name: Callable[[str], bool]) -> Turn:
    """A turn of a word or two that does not open as a question does, read after the one before."""
    if _WH_INSIDE.search(question):
        # "it is more dense than which countries?", "compared to what?": asked of what was just said
        context = _context(before, answer, previous.context)
        return Turn(question, "question", before, context)
    # "any airports nearby?": a new topic, asked about what the question before was about
    bare = question.strip(" ?!.")
    first = bare.split()[0]
    if first[:1].isupper() and not first.isupper() and not is_name(first):
        bare = bare[:1].lower() + bare[1:]  # "Airports?": capitalised as a message's first word
    if _KEYWORDS_ONLY.match(before) and not _names_a_place(bare, is_name):
        # "jobs?" after "biotech valley size": keywords after keywords, the new ones asked
        return Turn(f"{bare}?", "question", before, _context(before, _figures_told(before, answer)))
    if question_type(bare) not in (None, question_type(before)):
        # "global rank?" after "% of total exports?": another kind of answer, of the same topic;
        # "wallonia nickname?" after a question on Belgium: of the place it names, a question of its own
        named = [w for w in bare.split() if w.lower() not in STOPWORDS and is_name(w)]
        if named and not any(w.lower() in before.lower() for w in named):
            return Turn(f"{bare}?", "question", before)
        return Turn(f"{bare}?", "question", before, _context(before, previous.context))
    about = _ELLIPSIS.match("what about " + bare)
    return Turn(_substitute(before, about, is_name), "question", before, _without_informer(before))


def _counted_in(answer: str) -> str | None:
    """What the answer before counts first ("More than 600 companies ...": "companies"), for
    "how many of them ...?" after a question that counted nothing."""
    match = _COUNTED.search(answer)
    return " ".join(match.group(1).split()) if match else None


def _context(*parts: str) -> str:
    """The words of the turns before a question is read with: those given, at most `CONTEXT_CHARS`."""
    return " ".join(part for part in parts if part)[:CONTEXT_CHARS]


_DIGIT = re.compile(r"\d")
# Words that ask for a figure without saying of what ("the total value in euros").
_FIGURE_WORDS = (
    "figure figures number numbers total totals value values worth amount amounts sum euros euro eur "
    "dollars overall altogether roughly exactly approximately"
)


def _asks_a_figure_told(asked: str, answer: str, analyzer: Analyzer) -> bool:
    """Whether a question asks for a figure with no words but those of the answer before ("what
    is the exports figure?", "what's the total value in euros?"): one told beside it."""
    terms = set(analyzer.terms(asked))
    figure = analyzer.cached_terms(_FIGURE_WORDS)
    return not terms.isdisjoint(figure) and terms <= figure | set(analyzer.terms(answer))


def _figures_told(before: str, answer: str) -> str:
    """The answer before when it gave a figure: "and exports?" after the R&D spending asks the
    figure its sentence gives beside it, which the sentence's words lead to."""
    kind = question_type(before)
    return answer if kind in FIGURES or (kind is None and _DIGIT.search(answer)) else ""


def _about(question: str, before: str, answer: str, previous: Turn) -> str:
    """The name a question referring back is about: the one the answer before opens with, when
    the question before asked for a name, or named it and "they" stands for it ("Where is PDC
    Line Pharma based?" then "what did they announce?"); else the one the turn before was about."""
    subject = _ANSWERED_NAME.match(answer)
    if subject is not None and (
        question_type(before) == "name" or (subject.group(1) in before and _STANDS_FOR.search(question))
    ):
        return subject.group(1)
    return previous.about


def _without_informer(question: str) -> str:
    """The question without the noun its "what" or "which" asks for (`informer_span`)."""
    span = informer_span(question)
    return question if span is None else f"{question[: span[0]]}{question[span[1] :]}"


def _given(question: str, before: str, answer: str) -> str:
    """The answer before, if the question asks for the same kind of answer as the one before."""
    kind = question_type(question)
    return answer if kind is not None and kind == question_type(before) else ""


def _substitute(before: str, ellipsis: re.Match[str] | None, is_name: Callable[[str], bool]) -> str:
    """The question before, with what the follow-up names in place of the item of its kind: a
    place or a year for its place or year ("and in Flanders?"), a topic for its topic ("what
    about exports?"); what the follow-up names is added when the question had none of its kind."""
    if ellipsis is None:
        return before
    stem = before.rstrip(" ?!.")
    about = (ellipsis.group("about") or "").strip()
    qualifier = (ellipsis.group("qualifier") or "").strip()
    if about and _names_a_place(about, is_name):
        qualifier = f"in {about}"  # "what about Brussels?", "what about 2020?"
    if qualifier:
        year = _YEAR.search(qualifier) is not None
        same = [m for m in _placed(stem, is_name) if bool(_YEAR.search(m.group())) == year]
        if same:
            last = same[-1]
            return f"{stem[: last.start()]}{qualifier}{stem[last.end() :]}?"
        named = _named_place(stem, is_name) if not year and _placed(qualifier, is_name) else None
        if named is not None:  # "how many firms does Wallonia have?" then "and Belgium as a whole?"
            where = _QUALIFYING_WORD.sub("", qualifier, count=1)
            return f"{stem[: named.start()]}{where}{stem[named.end() :]}?"
        return f"{stem} {qualifier}?"
    asks = _ASKS.match(stem)
    places = " ".join(m.group() for m in _placed(stem, is_name))
    head = asks.group(0).strip() if asks else stem
    return " ".join(part for part in (head, about, places) if part) + "?"


# --- small talk ---

# Small talk is recognised by kind, from the words of common phrases (lower case, apostrophes
# dropped), so that "ok thanks", "great, cheers" and "thank you so much!" need no entry of their own.
_PHRASES = {
    "greeting": "hi, hello, hey, hiya, howdy, oi, heya, yo, greetings, hallo, hallo zusammen, hoi, bonjour, salut, good morning, "
    "good afternoon, good evening, good day, morning, afternoon, evening, how are you, how are you doing, "
    "hows it going, nice to meet you, whats up, hola, anyone there, is anyone there, anybody there, "
    "good morning to you, good afternoon to you, good evening to you, good day to you, hope youre well, "
    "hope you are well, hope youre keeping well, hope you are keeping well, hope youre doing well, "
    "hope you are doing well, hope all is well, "
    "hope youre doing fine, hope you are doing fine, hope youre fine, hope you are fine, nice to e meet you, "
    "anyone home, is anyone home, hi again, hello again, "
    "i hope i am not disturbing you, i hope im not disturbing you, hope im not disturbing you, "
    "sorry to bother you, sorry to disturb you, sorry to trouble you, "
    # the courtesies of other languages a visitor writing in English may still use
    "ola, buenos dias, buongiorno, guten tag, goedemorgen, goedendag, konnichiwa, namaste, ni hao, salaam, "
    "dzien dobry, czesc, hej, hei, merhaba, shalom, privet, zdravo, kalimera, annyeong, annyeonghaseyo, "
    "dag, goedemiddag, goedenavond, moin, servus, gruezi, goodday, gday, sup, wassup, whatsup, how are you today, "
    "its me, dear sir, dear madam, dear sir or madam, dear sirs, dear team, dear all, to whom it may concern",
    "thanks": "thanks, thank you, thank u, thankyou, thx, ty, tnx, cheers, merci, danke, much appreciated, "
    "bless you, god bless, god bless you, bless your heart, "
    "appreciated, appreciate it, i appreciate it, many thanks, that helps, that helped, that was helpful, "
    "thats helpful, very helpful, helpful, for the help, for your help, for the info, for the information, "
    "for the answer, for that, for this, for helping, for your time, a million, a bunch, ta, gracias, "
    "for the answers, for your answers, for answering, for taking, for taking the time, for taking the time to answer, "
    "tysm, a ton, heaps, loads, informative, very informative, thats informative, that was informative, "
    "this is informative, great answer, good answer, nice answer, that clears it up, clears it up, "
    "youve answered everything, you have answered everything, youve answered my questions, "
    "you have answered my questions, for your help today, "
    "much obliged, appreciate the help, appreciate your help, youve been helpful, you have been helpful, "
    "you were helpful, youve been very helpful, useful, very useful, thats useful, that was useful, "
    "youre the best, that answers my question, thats what i needed, thats all i needed, helps, helped, "
    "this helps, it helps, that is what i needed, exactly what i needed, just what i needed, "
    "that is exactly what i needed, thats exactly what i needed, you have been very helpful, "
    "youve been so helpful, you have been so helpful, was useful, was helpful, was very useful, "
    "grazie, grazie mille, obrigado, obrigada, arigato, arigatou, arigato gozaimasu, dank je, dank u, dank je wel, "
    "dank u wel, dankjewel, bedankt, youve been a great help, you have been a great help, a great help, "
    "great help, youre a star, you are a star, thats exactly it, that is exactly it, "
    "tack, takk, kiitos, dziekuje, spasibo, shukran, xie xie, mahalo, danke schon, muchas gracias, merci beaucoup, "
    "valeu, tesekkurler, tesekkur ederim, thank you anyway, thanks anyway, legend, cheers mate, lifesaver, life saver, "
    "youre a lifesaver, you are a lifesaver, a lifesaver, a life saver, youre a legend, you are a legend, "
    "a mil, a million, you rock, you are the best, youre the best, great info, good info, useful info, helpful info, "
    "your the best, your a star, your a lifesaver, your a legend",  # "ur the best", typed
    "goodbye": "bye, goodbye, bye bye, peace, peace out, byebye, see you, see ya, see you later, farewell, take care, "
    "have a nice day, have a good day, good night, ciao, au revoir, thats all, that is all, thats it, "
    "im done, i am done, all done, later, catch you later, talk later, talk to you later, have a good one, "
    "have a great day, have a great one, thats it from me, thats all from me, "
    "have a nice evening, have a good evening, have a nice weekend, have a good weekend, bye for now, "
    "see you soon, until next time, thats it for now, thats all for now, cheerio, ta ta, tata, toodles, "
    "toodle pip, so long, adios, bye now, cya, ttyl, thats enough, that is enough, enough for now, "
    "thats enough for now, thats all for today, that is all for today, thats it for today, talk soon, laters, night night, nighty night, adieu, "
    "have a great weekend, have a lovely day, have a lovely weekend, have a pleasant day, have a pleasant evening, "
    "catch ya, catch you, bonne journee, bonne soiree, a plus, tchau, hoscakal, ill be off, i will be off, im off, i am off, "
    "kind regards, best regards, regards, warm regards, best wishes, all the best, ta ra, tara, "
    "i think thats all, i think that is all, i think thats it, i think thats everything, "
    "tschuss, tschüss, adeus, sayonara, arrivederci, tot ziens, hasta luego, hasta la vista, a bientot",
    "acknowledgement": "ok, okay, okey, k, kk, alright, all right, great, good, cool, nice, perfect, "
    "excellent, awesome, fine, sure, got it, gotcha, i see, understood, right, makes sense, "
    "that makes sense, interesting, wow, brilliant, fantastic, lovely, noted, fair enough, sounds good, "
    "great stuff, good to know, amazing, yes, yeah, yep, no, nope, thats great, thats good, very good, "
    "nice one, great job, good job, well done, nice work, good work, lol, haha, sounds great, super, "
    "wonderful, cool beans, okey dokey, nothing else, no more questions, no worries, very clear, thats clear, "
    "clear, that answers it, thats everything, that is everything, didnt know that, i didnt know that, "
    "no further questions, exactly, i understand, omg, daccord, d accord, "
    "you are very kind, youre very kind, you are kind, youre kind, that is kind, thats kind, "
    "i will tell him, i will tell her, i will tell them, ill tell him, ill tell her, ill tell them, "
    "great to know, thats great to know, nice to know, ill look into it, i will look into it, ill pass that on, "
    "i will pass that on, ill pass it on, i will pass it on, ill check it out, i will check it out, "
    "grand, thats grand, sweet, top stuff, magic, champion, spot on, will do, roger, roger that, okie dokie, aight, "
    "fab, fabulous, marvellous, marvelous, splendid, superb, terrific, brill, good to hear, glad to hear, "
    "thats exactly what i was looking for, that is exactly what i was looking for, what i was looking for",
    # a question announced, not yet asked ("hey! quick q for a podcast episode")
    "announcement": "quick question, quick q, a quick question, a question, one question, a few questions, "
    "some questions, question for you, a question for you, i have a question, i have a quick question, "
    "i have a few questions, i have some questions, ive got a question, got a question, "
    "can i ask you something, can i ask something, can i ask a question, may i ask a question, "
    "another question, another quick question, one more question, a further question, more questions, "
    "quick one, a quick one, last question, one last question, one last thing, one more thing, me again, its me again, "
    "hope you can help, can you help, can you help me, could you help me, i need some help, i need help, "
    "i hope you can help, i hope you can help me, hope you can help me, i hope someone can help, "
    "i hope someone can help me, hope someone can help, hope someone can help me, can someone help, "
    "can someone help me, can anyone help, can anyone help me, can somebody help me, "
    "may i ask, can i ask",
    "capabilities": "what can you do, what can you do for me, what can you do for us, what you can do, "
    "what you can do for me, what you can do for us, what can i ask, what can i ask you, what should i ask, "
    "what do you know, what do you know about, what can you tell me, what can you tell me about, "
    "what do you cover, what topics do you cover, what topics, what questions can i ask, help, help me, "
    "how does this work, how do i use this, who are you, what are you, what is this, whats this, "
    "what is this about, what are you about, what can you help with, what can you help me with, "
    "what can you help us with, how can you help, how can you help me, what all can you do, "
    "what all can you help with, what all can you help me with, what else can you do, "
    "what information do you have, what information can you give, what information can you provide, "
    "what kind of information do you have, what kind of information can you provide, "
    "what kind of information you can provide, what kind of information you are able to provide, "
    "what information you are able to provide, what information you can provide, "
    # what the asker is talking to
    "are you a bot, are you a robot, are you the bot, are you the robot, you a bot, you a robot, you the bot, "
    "you the robot, is this a bot, is this a robot, are you human, are you a human, are you real, "
    "are you a real person, are you a person, are you ai, are you an ai, am i talking to a bot, "
    "am i talking to a robot, am i talking to a human, am i talking to a person, am i talking to a real person",
}
_KINDS = {tuple(phrase.split()): kind for kind, phrases in _PHRASES.items() for phrase in phrases.split(", ")}
# Good wishes, in the words they come in ("I hope you're having a lovely day").
_KINDS |= {
    (*i, "hope", *you, "having", "a", good, time): "greeting"
    for i in ((), ("i",))
    for you in (("youre",), ("you", "are"))
    for good in ("good", "nice", "lovely", "great", "wonderful", "fine", "pleasant", "beautiful")
    for time in ("day", "morning", "afternoon", "evening", "week", "weekend")
}
_LONGEST = max(map(len, _KINDS))
_OPENERS = frozenset(phrase[0] for phrase in _KINDS)  # the words a phrase can begin with
# Words that only soften or join the phrases above ("thanks so much", "hello there").
_FILLERS = frozenset(
    re.findall(
        r"\w+",
        "there so very much ever really again indeed well oh ah um hmm just all then now a lot anyway anyhow "
        # the verbs of an acknowledgement ("that is very helpful", "you have been great")
        "is was are were been has have "
        "you guys everyone folks team mate and but that this thats its too most kindly bot chatbot "
        # how a visitor addresses the bot or qualifies the help ("thank you dear", "for your kind assistance")
        "dear dearie dearest sir madam friend buddy pal partner love luv darling hun honey sweetie dude bro "
        "your kind assistance support patience "
        # what it helped with ("this really helps with my essay")
        "with for my our questions question essay report project homework thesis assignment presentation class "
        "novel book article story blog paper podcast speech script the a an brochure leaflet flyer slides deck "
        "notes note newsletter briefing memo piece post",
    )
)
# A message opening with small talk goes on to its question after one of these, or punctuation.
_GOES_ON = frozenset(
    re.findall(
        r"\w+",
        "and so but now also then what how who whom whose where when which why can could "
        "is are was were do does did tell please i give show list",
    )
)
# Small talk a message may open or close with (not "what can you do?": that is a question).
_TALK = frozenset(phrase for phrase, kind in _KINDS.items() if kind != "capabilities")
_TALK_REVERSED = frozenset(phrase[::-1] for phrase in _TALK)
_TALK_FIRST = frozenset(phrase[0] for phrase in _TALK)
_TALK_LAST = frozenset(phrase[-1] for phrase in _TALK)
_RUN = re.compile(r"(\w)\1+")


def _squeezed(word: str) -> str:
    """A word with each run of one letter written once: "heyyy" and "hey", "helo" and "hello" meet."""
    return _RUN.sub(r"\1", word)


_TALK_WORDS = frozenset({word for phrase in _KINDS for word in phrase} | _FILLERS | _GOES_ON)
_SQUEEZES: dict[str, set[str]] = {}
for _word in _TALK_WORDS:
    _SQUEEZES.setdefault(_squeezed(_word), set()).add(_word)
# Only a squeezed form that stands for one word ("to" could be "too" or "to": neither).
_BY_SQUEEZE = {key: next(iter(words)) for key, words in _SQUEEZES.items() if len(words) == 1}


def _opens_with_talk(names: Sequence[str], *, reverse: bool = False) -> bool:
    """Whether the words open with a small-talk phrase or filler (`reverse`: given backwards)."""
    phrases, first = (_TALK_REVERSED, _TALK_LAST) if reverse else (_TALK, _TALK_FIRST)
    return names[0] in _FILLERS or (
        names[0] in first and any(tuple(names[:n]) in phrases for n in range(1, _LONGEST + 1))
    )


_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# not "-": "top-k" is one word; an emoji is a pause ("hi there 👋 im raj")
_PAUSE = re.compile(r"[,.!?;:…–—\u2600-\u27bf\U0001f300-\U0001faff]")


class Overview(NamedTuple):
    """What a collection covers, for "what can you do?": topics and example questions."""

    documents: int
    topics: tuple[str, ...]
    examples: tuple[str, ...]


def smalltalk_kinds(text: str) -> frozenset[str]:
    """The kinds of small talk a message is made of ("greeting", "thanks", "goodbye",
    "acknowledgement", "announcement", "capabilities"); empty when any of its words is more than small talk.
    What it helped with ("... helpful for my chapter!") is part of the thanks."""
    kinds = _parse(_names(text))
    if kinds is None and (helped := _HELPED_WITH.search(text)) is not None:
        kinds = _parse(_names(text[: helped.start()]))
    if kinds is None and (asked := _FOR_QUESTIONS.search(text)) is not None:
        # "you the robot for biotech questions?": what askbio is, asked with what it is for
        kinds = _parse(_names(text[: asked.start()]))
        kinds = kinds if kinds and "capabilities" in kinds else None
    if kinds is None and (task := _HELP_WITH_TASK.search(text)) is not None:
        # "can you help me with a school project on Belgian biotech?": help asked, nothing yet
        kinds = _parse(_names(text[: task.start()]))
        kinds = kinds if kinds and "announcement" in kinds else None
    if kinds is None and (topic := _ANNOUNCED_TOPIC.search(text)) is not None:
        # "I have a few questions about logistics.", not "a question about jobs": asked as keywords
        before = text[: topic.start()]
        kinds = _parse(_names(before)) if before.lower().endswith("questions") else None
        kinds = kinds if kinds and "announcement" in kinds else None
    return kinds or frozenset()


# "... for my chapter", "... with our bid": what the thanks were for, at the message's end.
_HELPED_WITH = re.compile(r"\s+(?:for|with|in) (?:my|our|the|a|an|this) [\w'-]+(?: [\w'-]+)?\W*$", re.I)
# "... for biotech questions?": what a bot asked about is for
_FOR_QUESTIONS = re.compile(r"\s+for (?:[\w'-]+ ){0,2}(?:questions|answers|info|information)\W*$", re.I)
# "... with a school project on biotech?": the task help is asked with, and what it is about
_HELP_WITH_TASK = re.compile(
    rf"\s+(?:with|for) (?:my|our|a|an|the|this|some) (?:[\w'-]+ ){{0,2}}?(?:{TASK_NOUNS})\b"
    r"(?:\s+(?:on|about|regarding|concerning)\s+[^?]*)?\W*$",
    re.I,
)
# "... about logistics in Belgium.": what questions announced will be about, asking nothing yet.
_ANNOUNCED_TOPIC = re.compile(r"\s+(?:about|on|regarding|concerning|related to)\s+[^?]*$", re.I)
# A message telling who the asker is ("I'm a student writing a thesis on ..."), asking nothing.
_INTRODUCTION = re.compile(
    r"^\W*(?:i'm|im|i am|we're|we are|my name is|this is"
    r"|(?:my|our)\s+(?!question|query|request)[a-z]+\s+[a-z]+"  # "my daughter set up this computer"
    # "I volunteer for a patient group": what the asker does, not what they want to know
    r"|(?:i|we)\s+(?!(?:need|want|would|wonder|was|were|have|had|do|did|don't|dont|can|could|will|should|might"
    r"|may|must|like|love|hope|think|heard|hear|read|saw|see|understand|believe|guess|wanted|needed)\b)[a-z]+"
    # "greetings from Ghana", "hello from Singapore"
    r"|(?:greetings|hello|hi|hey|good (?:morning|afternoon|evening|day))\s+from\s+[a-z'-]+(?:\s+[a-z'-]+){0,2}(?=\W*$)"
    # "Just browsing after work.", "Working as a recruiter for pharma companies.": what the asker does
    r"|(?:just\s+)?(?:browsing|looking around|having a look|passing by)\b"
    r"|(?:currently\s+)?(?:working|work) (?:as|at|for|in)\b"
    # "visiting Liège from Ohio!", "just moved to Namur": where the asker is
    r"|(?:just\s+)?(?:visiting|staying in|living in|based in|moving to|moved to|relocating to|travell?ing (?:in|to|through|around))\s+[a-z'-]+"
    # "public health grad from Accra here"
    r"|(?!(?:what|which|who|whom|where|when|why|how|is|are|was|were|do|does|did|can|could|any|anything|anyone)\b)"
    r"(?:[a-z'-]+\s+){1,6}here(?:\s*,\s*(?:thinking|planning|considering|hoping)\b[^?]*)?(?=\W*$))\b(?!.*\?)"
    # (nothing asked or wanted after it: "... and I'd love to know ...", "quick one: how much ...")
    r"(?!.*\b(?:looking for|need|want|wondering|curious|interested in"
    r"|trying to (?!understand (?:the|this|a|an|it|more)\b)|like to understand"
    r"|would (?:really |also )?(?:like|love|appreciate)|['’]d (?:really |also )?(?:like|love|appreciate)"
    r"|know|after (?:the|some|any|a|an|info|information|details|numbers|figures)"
    r"|how (?:much|many)|what|which|where|when|why)\b)",
    re.I,
)


def introduces_only(text: str) -> bool:
    """Whether a message only says who is asking, with nothing asked or requested."""
    return _INTRODUCTION.match(text) is not None


# (not after a title: "My name is Dr. Henrik Lindqvist")
_SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bMrs\.)(?<!\bProf\.)\s+")


def talk_of(message: str) -> str | None:
    """The small talk of a message made of small talk and sentences saying who is asking ("Hi -
    I work for an agency abroad. What can you help me with?"), or None when it says more."""
    talk = []
    remarks = False
    for part in _SENTENCE_END.split(message.strip()):
        if smalltalk_kinds(part):
            talk.append(part)
            continue
        rest = without_smalltalk(part)
        if not introduces_only(rest):
            if "?" in message or _ASKS_ANYTHING.search(part) is not None:
                return None
            remarks = True  # "I will tell my daughter all about it.": said, not asked
        if rest != part:
            talk.append(part.replace(rest, " "))
        elif smalltalk_kinds(opening := rest.split()[0]):  # "Hello from Tokyo!": the greeting it opens with
            talk.append(opening)
    kinds = smalltalk_kinds(" ".join(talk))
    if talk and not kinds:  # "Thank you, this is great for my students. Goodbye": each part's kind
        each = [(p, k) for p in talk if (k := smalltalk_kinds(p))]
        talk = [p if "capabilities" in k else _PLAIN.get(min(k, key=_KINDS_FIRST.index), p) for p, k in each]
        kinds = smalltalk_kinds(" ".join(talk))
    # a remark goes with thanks or a goodbye ("Thank you. I will send an email today. Goodbye.")
    if remarks and not kinds & {"thanks", "goodbye"}:
        return None
    return " ".join(talk) if talk else None


# Small talk's kinds, the one a reply answers first; and each said plainly.
_KINDS_FIRST = ("capabilities", "goodbye", "thanks", "announcement", "greeting", "acknowledgement")
_PLAIN = {
    "goodbye": "goodbye.",
    "thanks": "thanks.",
    "announcement": "a question.",
    "greeting": "hello.",
    "acknowledgement": "ok.",
}


# What asks, in a sentence of a message ending with thanks or a goodbye: a question word, a request.
_ASKS_ANYTHING = re.compile(
    r"^\W*list\b|\blist (?:them|the|all|me|us|some|those|these)\b"  # "list them"; not "a useful list"
    r"|\b(?:what|whats|which|who|whom|whose|where|when|why|how|tell me|give me|show me|send me|can you"
    r"|could you|would you|please|need|want|looking for|wondering|do you|does|is there|are there)\b",
    re.I,
)


# A message asking nothing: no question mark, no question word or opening, no request ("give me ..."), no
# claim to check ("i heard belgium makes vaccines").
_TELLS_ONLY = re.compile(
    r"^(?![^?]*\?)(?!.*\b(?:what|whats|which|who|whom|whose|where|when|why|how|tell|give|show|list|send"
    r"|name|explain|heard|hear|read|think|believe|understand|guess|saw|told|say|says|said)\b)",
    re.I | re.S,
)


def tells_only(text: str) -> bool:
    """Whether a message asks nothing ("writing a brochure and need a few numbers"): greeted with
    it, and with nothing the documents answer, it is greeted back rather than refused."""
    asked = _JOINED.sub("", text)  # "hey so do they help start-ups or nah": the question after "so"
    return _TELLS_ONLY.match(text) is not None and _STARTS_QUESTION.match(asked) is None


_JOINED = re.compile(r"^\W*(?:(?:so|and|but|well|ok|okay|then)\b[\s,]*)+", re.I)


@lru_cache(maxsize=8)  # a message is looked at twice: is it small talk, is there any around it
def _names(text: str) -> tuple[str, ...]:
    """The words of a message in lower case, without apostrophes or accents ("buenos días")."""
    if text.isascii() and "'" not in text:  # most messages: folded whole, the same words
        words = _WORD.findall(text.lower())
    else:
        words = list(map(_folded_word, _WORD.findall(text)))
    return tuple(map(_talk_word, words))


@lru_cache(maxsize=8192)  # messages reuse words: each is folded once
def _folded_word(word: str) -> str:
    return fold(word).replace("'", "").replace("’", "")


# Words as typed in a hurry ("can u help"), in full.
_TEXTING = {"u": "you", "ur": "your", "ya": "you", "pls": "please", "plz": "please", "thnx": "thanks"}


@lru_cache(maxsize=8192)  # messages reuse words: each is read once
def _talk_word(word: str) -> str:
    """The small-talk word a word stands for: in full when typed in a hurry ("u", "pls"), with
    its letters drawn out or a double letter typed once ("heyyy", "helo", "byeee"); otherwise
    the word itself."""
    texting = _TEXTING.get(word)
    if texting is not None:
        return texting
    if word in _TALK_WORDS or len(word) < 3:
        return word
    return _BY_SQUEEZE.get(_squeezed(word), word)


def _parse(words: Sequence[str]) -> frozenset[str] | None:
    """The kinds of phrase `words` is made of, longest phrase first; None if a word is not small talk."""
    kinds: set[str] = set()
    i = 0
    while i < len(words):
        # Phrases are looked up only at a word one can begin with.
        longest = min(_LONGEST, len(words) - i) if words[i] in _OPENERS else 0
        for n in range(longest, 0, -1):
            kind = _KINDS.get(tuple(words[i : i + n]))
            if kind is not None:
                kinds.add(kind)
                i += n
                break
        else:
            if words[i] not in _FILLERS:
                return None
            i += 1
    return frozenset(kinds) if kinds else None


def smalltalk_reply(question: str, overview: Callable[[], Overview] | None = None) -> str | None:
    """A short reply when the message is only small talk, else None. "What can you do?" is
    answered from `overview()` (called only then) when it is given."""
    kinds = smalltalk_kinds(question)
    if not kinds:
        return None
    if "capabilities" in kinds:
        return describe(overview()) if overview else _CAPABILITIES
    if "goodbye" in kinds:
        return "Goodbye! Come back any time you have a question about the documents."
    if "thanks" in kinds:
        return "You're welcome! Ask me anything else about the documents."
    if "announcement" in kinds:
        return "Sure, go ahead: ask me your question about the documents."
    if "greeting" in kinds:
        return (
            "Hello! Ask me a question about the documents and I'll answer with the passages that support it."
        )
    return "Glad to help. Ask me anything else about the documents."


_CAPABILITIES = (
    "I answer questions from a fixed collection of documents, and I cite the passages I used. "
    "If the documents don't say, I tell you so instead of guessing."
)


def without_smalltalk(question: str) -> str:
    """The question without the small talk around it: "thanks! and how many jobs?" -> "and how
    many jobs?", "how many jobs? thanks" -> "how many jobs?". A question that is only small
    talk, or none, is returned as it is."""
    names = _names(question)
    if len(names) < 2 or not (_opens_with_talk(names) or _opens_with_talk(names[::-1], reverse=True)):
        return question  # most questions neither open nor close with small talk: said at once
    words = tuple(_WORD.finditer(question))  # where each word is, needed only now
    start, end = 0, len(question)
    for k in range(min(_LONGEST * 2, len(words) - 1), 0, -1):
        kinds = _parse(names[:k])
        gap = question[words[k - 1].end() : words[k].start()]
        if names[k - 1] in _GOES_ON:  # "thanks and how many?": the "and" belongs to the question
            continue
        if (
            kinds
            and "capabilities" not in kinds
            and (_PAUSE.search(gap) or names[k] in _GOES_ON or names[k] in _INTRODUCING)
        ):
            start = words[k].start()
            break
    first = next((i for i, m in enumerate(words) if m.start() >= start), 0)
    for j in range(max(first + 1, len(words) - _LONGEST * 2), len(words)):
        kinds = _parse(names[j:])
        if (
            kinds
            and "capabilities" not in kinds
            and _PAUSE.search(question[words[j - 1].end() : words[j].start()])
            and not (question.rstrip().endswith("?") and set(names[j:]) <= _CHECKING)  # "..., right?"
        ):
            end = len(question[: words[j].start()].rstrip(" ,;:–—"))
            break
    return question[start:end].strip() or question


# Words opening an introduction straight after a greeting ("hello im kenji from osaka").
_INTRODUCING = frozenset({"im", "i'm", "i’m", "my", "this", "we're", "we’re"})


# Words closing a claim put to be checked ("... 30% of exports, right?"): the asking, not small talk.
_CHECKING = frozenset({"right", "true", "correct", "yes", "no"})


def without_smalltalk_turns(history: Sequence[Mapping[str, Any]] | None) -> list[Mapping[str, Any]]:
    """The conversation without its small-talk turns, and each question without the small talk
    around it: "ok, thanks!" is no question for a follow-up to be read with."""
    turns: list[Mapping[str, Any]] = []
    for turn in history or ():
        asked = turn.get("question") if isinstance(turn, Mapping) else None
        if not isinstance(asked, str):
            turns.append(turn)
        elif not smalltalk_kinds(asked) and not introduces_only(rest := without_smalltalk(asked)):
            turns.append({**turn, "question": rest})
    return turns


# --- what the collection covers ---

# A figure then what it counts ("more than 350 life science companies"): the makings of an
# example question. Years, percentages and amounts are left out: "how many" does not ask them.
_COUNTED = re.compile(
    r"(?<![\d.,])(?!(?:1[89]|20)\d\d\b)\d[\d,.]*\s+"
    r"((?:(?!(?:in|of|the|to|for|a|an|on|at|by|with|billion|million|thousand|percent)\b)[a-z][a-z&-]*\s+){0,3}"
    r"[a-z][a-z-]*[^s\W]s)\b"
)
TOPICS = 6
EXAMPLES = 3


def overview(
    titles: Iterable[str],
    headings: Iterable[str],
    sentences: Iterable[tuple[str, str]],
    answers: Callable[[str, str], bool],
    documents: int,
) -> Overview:
    """Topics (titles, then section headings, without repeats) and example questions: "how
    many ...?" made from sentences with a figure (`(passage id, sentence)`), kept when
    `answers(question, passage id)` says the question is answered from that passage."""
    topics: list[str] = []
    seen: set[str] = set()
    for topic in (*titles, *headings):
        key = " ".join(topic.casefold().split())
        if key and key not in seen:
            seen.add(key)
            topics.append(" ".join(topic.split()))
    examples: list[str] = []
    used: set[str] = set()
    for passage_id, sentence in sentences:
        if len(examples) >= EXAMPLES:
            break
        for match in _COUNTED.finditer(sentence):
            question = f"How many {' '.join(match[1].split())}?"
            if passage_id not in used and question not in examples and answers(question, passage_id):
                examples.append(question)
                used.add(passage_id)
                break
    return Overview(documents, tuple(topics[:TOPICS]), tuple(examples))


def describe(about: Overview) -> str:
    """The reply to "what can you do?": what the collection covers, and questions to try."""
    documents = "one document" if about.documents == 1 else f"{about.documents} documents"
    reply = (
        f"I answer questions from {documents} and cite the passages I used; if they don't say, "
        "I tell you so instead of guessing."
    )
    if about.topics:
        reply += " They cover: " + "; ".join(about.topics) + "."
    if about.examples:
        quoted = [f"“{q}”" for q in about.examples]
        reply += (
            " You could ask: " + (", ".join(quoted[:-1]) + " or " if len(quoted) > 1 else "") + quoted[-1]
        )
    return reply
