"""From a question to what is searched and what is asked for: its terms (analysed, spelling
corrected, widened by synonyms) and the kind of answer it wants."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Container, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise

from askbio import idioms
from askbio.answer_types import (
    ADDRESSED,
    CHECK_TAG,
    PROVENANCE_WORDS,
    ROLES,
    asks_ahead,
    asks_for_company,
    asks_for_place_kind,
    asks_for_several,
    asks_provenance,
    asks_which,
    checked_kind,
    checks,
    lacks,
    made_asked,
    place_kind_qualified,
    question_cues,
)
from askbio.figures import ROMAN, SCALES, nearest, numbered, said_figures
from askbio.text import OVERSTEMMED_STEMS, STOPWORDS, Analyzer, Synonyms, Token, any_of, holds_any, normalize

_WORD_RE = re.compile(r"[^\W\d_]{4,}")
_INNER_CAPITAL = re.compile(r"(?<![.!?:]\s)(?<!^)\b[A-Z][^\W\d_]+")


def _terms_where(
    pattern: re.Pattern[str], needs: tuple[str, ...], question: str, tokens: Sequence[Token]
) -> frozenset[str]:
    """Terms of the question's tokens inside the first group of the pattern's matches (a
    question with none of the words it `needs` is not searched)."""
    if lacks(question, needs):
        return frozenset()
    spans = [m.span(1) for m in pattern.finditer(question)]
    return frozenset(t.term for t in tokens if any(a <= t.start < b for a, b in spans))


def _capitalised(question: str) -> set[str]:
    """The question's words written with a capital but not opening a sentence, in lower case."""
    return {w.lower() for w in _INNER_CAPITAL.findall(question.strip())}


# An expansion's weight against a word of the question's own: a curator's synonym, and a word
# that general English relates to an asked word the collection lacks (a bridge).
EXPANSION_WEIGHT = 0.4
BRIDGE_WEIGHT = 0.3
# A word's derived forms in the collection ("growth" for "grow") are searched at this weight:
# less than a synonym's, as they say the word in another part of speech.
DERIVED_WEIGHT = 0.2
# The weight of a place's other form the collection writes ("Walloon" for "Wallonia") in the search.
FORM_WEIGHT = 0.15

# A question asking for an e-mail or web address searches the collection's addresses too, when it
# has few: with many, the question's own words must find the one it means.
ADDRESSES_MAX = 20
ADDRESS_PART_MIN = 4  # shorter words are parts of too many names ("com", "be", "new")
SHORTENED_MIN = 5  # letters a word cut short keeps at least ("pembro"), to name one word
# A word of another language is read as the corpus word it shares this many first letters with
# ("cliniques": "clinical"), or whose spelling is this alike (rapidfuzz's ratio, 0-100).
COGNATE_PREFIX = 5
COGNATE_LIKENESS = 75
_ADDRESS_PARTS = re.compile(r"[^a-z0-9]+")


def address_words(address: str, *, path: bool = False) -> list[str]:
    """The words of an address's name (an e-mail address, or a web address's host), or with
    `path` those of a web address's path: "https://www.a-b.be/success-factors" -> www, a, b, be
    or success, factors."""
    if "@" in address and "://" not in address:
        name, rest = address, ""
    else:
        name, _, rest = address.split("://")[-1].partition("/")
    return [w for w in _ADDRESS_PARTS.split((rest if path else name).lower()) if w]


# Words that say how a question is put, not what it is about ("is there anything on ...", "what
# kinds of ..."): an answer need not hold them.
FILLERS = frozenset(
    {
        "anything", "something", "everything", "nothing", "anyone", "someone", "lot", "lots", "kind",
        "kinds", "sort", "sorts", "type", "types", "thing", "things", "stuff", "please", "tell",
        "exactly", "really", "actually", "know", "like", "somewhere", "anywhere", "apart", "besides",
        "specifically", "particularly", "particular", "especially", "precisely", "ones", "kindly",
        # how a turn is linked to the one before ("can we meet them virtually instead?")
        "instead", "anyway", "anyhow", "perhaps", "maybe", "though",
        # chat interjections ("yo what do they research lol", "or nah"): how it is typed
        "yo", "lol", "lmao", "rofl", "haha", "hahaha", "hehe", "tbh", "ngl", "imo", "imho", "nah", "bruh",
        "omg", "idk", "btw", "jk", "srsly", "hey", "hi", "hello", "um", "uh", "hmm", "ok", "okay",
    }
)  # fmt: skip
# Words written with capitals one after the other: a name ("PDC Line Pharma").
_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*)*")
# "down there", "over there": a place said before (not "are there": there is).
_THERE = re.compile(r"\b(?:down|over|out|up|in|from) there\b", re.I)
# Words pointing to what was said before: "it", "they", "that one".
_POINTS_BACK = re.compile(r"\b(?:it|its|they|them|their|that|this|those|these|one|ones)\b", re.I)
# "one" standing for a thing named before ("is there one for the lungs?", "which one is it?"),
# not counting one ("one company", "number one").
_ONE_FOR_A_THING = re.compile(
    r"(?<!number )(?<!no\. )\bone\b(?=\s+(?:for|of|in|on|at|with|from|that|which|who|to|like|about|is|was)\b|\s*[?.!,]|\s*$)",
    re.I,
)
# "Is it true that ...?": a yes-or-no question put as a check, its opening words about nothing.
_FRAMING = re.compile(
    r"^\W*(?:is|was) (?:it|that|this) (?:really )?(?:true|right|correct|so|the case) (?:that\b)?", re.I
)
# Words of "the whole world", "the developing world": a place, not a field.
_NO_FIELD = (
    r"(?:the|whole|entire|wide|wider|western|eastern|developing|developed|free|outside|real|natural"
    r"|modern|third|old|new)\b"
)
# Asides about who asks and why, hedges ("for my essay", "I need to know", "more or less"), and
# the document as the source ("what does the article say", "is described as"): how a question
# is put, not what it is about.
# What an asker may be working on ("for my essay", "help with a school project"), as alternatives.
TASK_NOUNS = (
    "essay|thesis|dissertation|paper|report|article|project|research|homework|assignment|coursework|class|lesson"
    "|blurb|brochure|speech|novel|book|slides|presentation|pitch|newsletter|podcast|blog post|briefing|talk|lecture"
    "|memo|note"
)
_ASIDES = re.compile(
    rf"\b(?:for (?:my|our|an?) (?:[\w-]+ )?(?:{TASK_NOUNS})"
    r"|for the (?:essay|thesis|report|article|blurb|brochure|speech|novel|book|slides|presentation|newsletter)"
    r"|i(?:'d| would) like to know|i (?:need|want|wanted|have) to know|i(?:'m| am| was) (?:wondering|curious)"
    r"|i(?:'m| am) \d{1,3}(?: years? old)?"  # an age the asker tells
    # "in the biotech world", "in pharma circles": the field, which the rest of the question names
    rf"|\b(?:in|across|throughout) (?:the )?(?!{_NO_FIELD})[\w&-]+(?: (?!{_NO_FIELD})[\w&-]+)? (?:world|circles|scene)"
    r"|(?:can|could) you (?:please )?(?:tell|show) me|do you (?:happen to )?know|more or less|roughly"
    r"|approximately|or so|give or take|in general|overall|by any chance|from (?:a|an|the) [\w-]+ (?:standpoint|perspective|point of view)"
    # the circumstances the asker sets the question in ("now that the blast furnaces are cold")
    r"|now that [^,.;:!?]+|these days|nowadays|as well(?= *[?.!,]| *$)"
    # "which e-mail address shall I use?": which one, the using said of any answer
    r"|(?:shall|should|do|can|could|must|would) (?:i|we) use(?= *[?.!,]| *$)"
    # what the asker will do with the answer ("so that we may benchmark ourselves", "... I can
    # mention on my tours")
    r"|so (?:that )?(?:we|i) (?:can|could|may|might) [^,.;:!?]+"
    r"|(?:that |which )?(?:i|we) (?:can|could|may|might) (?:mention|cite|quote|use|include|tag|talk about|show)"
    r"(?: (?:on|in|at|to|for) (?:my|our) [^,.;:!?]+)?(?= *[,.;:!?]| *$)"
    # "yes or no?", as other languages put it too ("sí o no", "oui ou non")
    r"|yes or no|s[ií] o no|oui ou non|ja oder nein|ja of nee|sim ou não"
    # how the answer should be put ("one word that 14 year olds can note down", "keep it simple")
    r"|(?:in )?(?:one|a single|a few) words?(?: (?:that|which|so) [^.?!:]*)?(?=\s*[:.!?]|\s*$)|keep it (?:simple|short|brief)"
    r"|in (?:simple|plain) (?:terms|words|english)|(?:for|to) (?:a |my )?(?:kids|children|\d+[ -]year[ -]olds)"
    # what a contact is for ("whom do I contact to find out more?", "... for further details")
    r"|to (?:find out|learn|know|hear) more|for (?:more|further) (?:info(?:rmation)?|details)"
    # who else asks: "pupils keep asking", "my boss wants to know"
    r"|(?:[\w'-]+ ){1,2}(?:keeps?|kept) asking(?: me)?|(?:[\w'-]+ ){1,2}(?:wants|wanted|needs) to know"
    # who told the asker what is checked ("my nephew keeps saying that", "I heard", "someone told me")
    r"|(?:my|our) (?:[\w'-]+ ){1,2}?(?:keeps? (?:on )?saying|keeps? telling me|told me|tells me|reckons|swears|insists)(?: that)?"
    r"|(?:someone|somebody|people|everyone|everybody) (?:keeps? saying|says|say|said|told me|tells me)(?: that)?"
    r"|(?:i|we) (?:heard|was told|were told|keep hearing|have heard|['’]ve heard)(?: that)?)\b",
    re.I,
)
# The document as a source ("the federal portal", "this piece"), and what it is said to say: an
# aside, unless the question asks of the document itself ("when was the biopharma article published?").
_AS_SOURCE = re.compile(
    r"\b(?:(?:the|this|that|your|these|those) (?:[\w.'&-]+ ){0,3}?(?:article|piece|portal|text|document|post|story"
    r"|author|writer|blog)s?|says?|said|mentions?|mentioned|describes?|described|credits|credited"
    r"|attributes?|attributed|claims?|claimed|cites?|cited|according to)\b",
    re.I,
)
# Words joined by slashes, one of which will do ("pharma/medtech", "IP/intangible").
_ALTERNATIVES = re.compile(r"(?<![\w/:.])[^\W\d_][\w-]*(?:/[^\W\d_][\w-]*)+(?![\w/])")
_A_YEAR = re.compile(r"(?:1[89]|20)\d\d")
# "when it comes to biotech", "in terms of jobs": what follows is the topic, these words are none.
_TOPIC_OPENER = re.compile(
    r"\bwhen (?:it|we|you) (?:comes?|came) to\b|\bin terms of\b|\bwith (?:regards?|respect) to\b"
    r"|\bas regards\b",
    re.I,
)
_TOPIC_OPENER_NEEDS = (" to", "terms of", "regards")
# A figure given roughly ("600-odd", "50-ish"): its hedge is how the question is put.
_HEDGED = re.compile(r"\d[\d,.]*-(?:odd|ish)", re.I)
# Whom a question is addressed to, between commas or at its ends ("..., mate?", "..., dear - ..."):
# how it is put, not what it asks
_VOCATIVE = re.compile(
    r"(?:^|,)\s*(?:mate|love|luv|dear|pal|buddy|bro|sir|madam|ma'am|darling|sweetheart|hun|chief|boss|guys|folks)"
    r"\s*(?=[,?!.;:–—-]|$)",
    re.I,
)
# How many things the answer is to list ("the 3 big cities", "in the top 5"): a count the question
# puts, not a figure the documents must write.
_COUNT_ASKED = re.compile(
    r"\b(?:the|top|name|list|those|these)\s+(\d{1,2})\s+(?:[^\W\d_][\w'-]*\s+){0,2}?([^\W\d_][\w-]*s)\b"
    r"|\btop\s+(\d{1,2})\b(?!\s*%)",
    re.I,
)
_FIGURE = re.compile(r"\d+(?:\.\d+)?")
# What a question saying a figure holds: a digit, a number word or a fraction (`figures.said_figures`).
_SAYS_FIGURE = re.compile(
    r"\d|\b(?:hundred|thousand|million|billion|half|thirds?|quarters?|fifths?|sixths?|sevenths?|eighths?"
    r"|ninths?|tenths?|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b",
    re.I,
)
_SAYS_FIGURE_NEEDS = (
    *"0123456789", "hundred", "thousand", "million", "billion", "half", "third", "quarter", "fifth", "sixth",
    "seventh", "eighth", "ninth", "tenth", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
    "ninety",
)  # fmt: skip
_DIGITS = tuple("0123456789")
# Words one of which every aside holds: most questions hold none, and are not searched for asides.
_ASIDE_CUES = (
    "for my ", "for our ", "for a ", "for an ", "for the ", "or so", "give or take", "to know", "wondering", "curious", "tell me", "show me",
    "you know", "more or less", "roughly", "approximately", "in general", "overall", "by any chance",
    "standpoint", "perspective", "point of view", "article", "piece", "portal", "text", "document",
    "post", "story", "author", "writer", "blog", "say", "said", "mention", "describe", "credit",
    "attribute", "claim", "cite", "according", "asking", "i am ", "i'm ", "world", "circles", "scene",
    "yes or no", " o no", "ou non", "oder nein", "of nee", "ou não", "so that", "so we", "so i ", "now that",
    "these days", "nowadays", "as well", " use", " more", "further", "i can ", "we can ", "i could ",
    "we could ", " word", "keep it", "simple", "plain", "kids", "children", "year old", "year-old",
    "told", "tell", "reckon", "swear", "insist", "heard", "hearing",
)  # fmt: skip
_ANY_ASIDE_CUE = any_of(_ASIDE_CUES)
# A rank the question asks about: "ranks first", "is the second", not "first proposed".
_RANK_ASKED = re.compile(
    r"(?:\b(?:is|are|was|were|ranks?|ranked|comes?|came|placed?|stands?)|\b(?:who|what|which|that|it)['’]s)\s+(?:the\s+)?"
    r"(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\b",
    re.I,
)
# "is number one", "holds the top spot": a rank in other words.
_NUMBER_RANK = re.compile(
    r"(?:\b(?:is|are|was|were|ranks?|ranked|comes?|came)|\b(?:who|what|which|that|it)['’]?s)\s+(?:the\s+)?"
    r"(?:(?:number|no\.|#)\s?(one|two|three|1|2|3)|no\s?([123]))\b"
    r"|\bthe\s+(top)\s+(?:spot|place|position)\b"
    # "who's top of the table?", "who tops the list?"
    r"|\b(?:who|what|which)(?:['’]s|\s+is|\s+was)\s+(top)\s+of\b|\b(?:who|what|which)\s+(top)s\s+(?:the\s+)?(?:list|table|ranking|league)\b",
    re.I,
)
_ORDINALS = {
    "one": "first",
    "1": "first",
    "top": "first",
    "two": "second",
    "2": "second",
    "three": "third",
    "3": "third",
}
# The words one of which it needs: an ordinal or a digit, or a rank's other words.
_RANK_NEEDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "number", "no.", "top", "ahead", "in front", "outrank", *"0123456789")  # fmt: skip


# "direct only", "only direct jobs", "without the indirect ones": a figure for part of a whole.
_ALONE = re.compile(
    r"\b([^\W\d_][\w-]*)(?:\s+([^\W\d_][\w-]*))?\s+only\b|\bonly\s+(?:the\s+)?([^\W\d_][\w-]*)",
    re.I,
)
_WITHOUT = re.compile(
    r"\b(?:without|excluding|not counting|not including)\s+(?:the\s+)?([^\W\d_][\w-]*)"
    r"|\(not\s+(?:the\s+)?([^\W\d_][\w-]*)(?:\s+ones?)?\)",  # "direct jobs (not indirect)"
    re.I,
)
_FIGURES = ("number", "money", "percent")
# "the whole of Belgium", "Belgium as a whole", "the entire country" (not "the whole world":
# worldwide, nor "not the whole of Belgium": set aside).
_WHOLE = re.compile(
    r"(?<!\bnot )(?<!\bnot the )\b(?:whole|entire)\s+(?:of\s+)?(?:the\s+)?(?!world\b|globe\b|planet\b|time\b|thing\b)"
    r"(?:(?:country|nation|state)\b|(?=[^\W\d_]))"
    r"|\bas a whole\b|\ball of (?:the )?(?:country|nation)\b|\ball of (?-i:[A-Z])[a-z]",
    re.I,
)


# "in all belgium", a learner's "all of Belgium" (the word after it must be a place the question names).
_ALL_PLACE = re.compile(r"\b(?:in|for|across|of|throughout)\s+all\s+([^\W\d_][\w-]*)", re.I)


def asked_alone(question: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words a figure is asked for on their own ("direct only"), and those it is asked for
    without ("without the indirect ones"): not stopwords (`Query.alone`, `Query.without`)."""
    if lacks(question, ("only", "without", "excluding", "not counting", "not including", "of th", "(not")):
        return (), ()

    def words(*patterns: re.Pattern[str]) -> tuple[str, ...]:
        found = (w for pattern in patterns for m in pattern.finditer(question) for w in m.groups() if w)
        return tuple(dict.fromkeys(w for w in found if w.lower() not in STOPWORDS))

    return words(_ALONE, _PART_OF), words(_WITHOUT)


# "how many of those are direct jobs?": a part of what was counted, asked for on its own
# ("how many of those are only direct jobs?", "and how many of those are direct?")
_PART_OF = re.compile(
    r"\bhow many of (?:those|them|these|the \w+)\s+are\s+(?:only\s+|just\s+)?([^\W\d_][\w-]*)(?:\s+[^\W\d_]|\s*[?.!]|\s*$)",
    re.I,
)


def ranks_asked(question: str) -> tuple[str, ...]:
    """The ranks a question asks about ("which is first?", "who is number one?"), as ordinals."""
    found = [m.lower() for m in _RANK_ASKED.findall(question)]
    found += [_ORDINALS["".join(m).lower()] for m in _NUMBER_RANK.findall(question)]
    if _AHEAD_OF.search(question):  # "which country is ahead of it?": the one ranked first
        found.append("first")
    return tuple(dict.fromkeys(found))


_AHEAD_OF = re.compile(
    r"\b(?:is|are|was|were|comes?|came|ranks?|ranked)\s+(?:ahead of|in front of)\b|\boutranks?\b", re.I
)


# What "how many" counts: the noun phrase after it, before a verb, a preposition or the end
# ("how many biotech jobs are there"); `_counted_head` finds its head.
_COUNTED_RE = re.compile(
    r"\bhow (?:many|much)\s+(?:of\s+(?:the|these|those|its|their)\s+)?((?:[^\W\d][\w'-]*\s+){0,3}?[^\W\d][\w-]*)"
    r"(?=\s+(?:are|is|was|were|do|does|did|have|has|had|will|would|can|could|in|of|at|for|from|on|there|work"
    r"|live|study|make|made|take|took|get|got|go|went|come|came|\w+ed"
    r"|it|they|we|you|he|she)\b|\s*[?.!,]|\s*$)",  # "how many jobs it makes?": a clause of its own
    re.I,
)
_COUNTED_NEEDS = ("how many", "how much")
# "what share of Belgian GDP comes from pharma?": what the share is of, which its figure must be of too
_SHARE_OF_RE = re.compile(
    r"\b(?:what|which)\s+(?:share|percentage|proportion|fraction|percent)\s+of\s+(?:the\s+|all\s+|its\s+|their\s+)?"
    r"((?:[^\W\d][\w'-]*\s+){0,3}?[^\W\d][\w-]*)"
    r"(?=\s+(?:is|are|was|were|do|does|did|comes?|came|goes|go|went|in|of|at|for|from|on|by|to|represents?"
    r"|accounts?|makes?|belongs?|consists?|comprises?|includes?|\w+ing\s+(?:from|to|into|in|out|through|by))\b"
    r"|\s*[?.!,]|\s*$)",  # "of income coming from innovation": income
    re.I,
)
# "what is the annual growth rate of exports?": what the rate is of, which its figure must be of too
_RATE_RE = re.compile(
    r"\b(?:what|which)(?:'s|’s| is| was| are| were)?\s+(?:the\s+|its\s+|their\s+)?"
    r"(?:[^\W\d][\w-]*\s+)?([^\W\d][\w-]*)\s+rates?\b",  # "the objective response rate": of response
    re.I,
)
_SHARE_OF_NEEDS = ("share of", "percentage of", "proportion of", "fraction of", "percent of")


def counted_phrase(question: str) -> str | None:
    """The words of what "how many" counts in a question ("how many biotech companies are
    there?": "biotech companies"), if it asks how many of something it names."""
    match = None if lacks(question, ("how many",)) else _COUNTED_RE.search(question)
    if match is None or not match.group(0).lower().startswith("how many"):
        return None
    words = match.group(1)
    return None if _POINTING.match(words) or words.split()[0].lower() in _AUXILIARIES else words


_POINTING = re.compile(r"^(?:of\s+)?(?:them|those|these|it|they)\b", re.I)
_AUXILIARIES = frozenset(("had", "have", "has", "were", "was", "are", "is", "did", "do", "does"))
_NOT_PLURAL = frozenset(("does", "goes", "this", "thus", "always", "perhaps"))
_PLURAL_WORD = re.compile(r"\b[^\W\d]{2,}[^\W\dsS'’][sS]\b")


def plural_nouns(text: str) -> list[str]:
    """The words of a text that read as plural nouns, in order ("the airports"), but "ones",
    which stands for one of them."""
    return [w for w in _PLURAL_WORD.findall(text) if w.lower() not in _NOT_PLURAL and w.lower() != "ones"]


def _counted_head(words: Sequence[str]) -> str:
    """The head of the noun phrase after "how many" (its names left out): its last plural ("how
    many life sciences companies operate"), or its last word when it has none."""
    plural = [
        w
        for w in words
        if len(w) > 3 and w[-1] in "sS" and w[-2] not in "sS'’" and w.lower() not in _NOT_PLURAL
    ]
    return plural[-1] if plural else words[-1]


# What a "what" or "which" question asks for, in its own words: the last word of the noun phrase
# after it ("which ports can ...", "what is the dominant activity of ..."), Krishnan et al.'s
# informer span.
_INFORMER_RE = re.compile(
    r"\b(?:what|which)\s+(?!(?:is|are|was|were|do|does|did|can|could|will|would|should|has|have|had)\b)"
    r"(?:(?:kinds?|types?|sorts?)\s+of\s+)?((?:[^\W\d][\w'-]*\s+){0,2}?[^\W\d][\w-]*)"
    r"(?=\s+(?:is|are|was|were|do|does|did|can|could|will|would|should|has|have|had)\b)"
    r"|\bwhat(?:'s|\s+is|\s+are|\s+was|\s+were)\s+(?:the|a|an|its|their)\s+"
    r"((?:[^\W\d][\w'-]*\s+){0,2}?[^\W\d][\w-]*)(?=\s+(?:of|in|for|at|behind|that|which|to)\b|\s*[?.!]|\s*$)",
    re.I,
)
_INFORMER_NEEDS = ("what", "which")
# A yes-no question on what something is ("is the lung vaccine safe?", "that vaccine, is it safe
# tho?"): the word it ends on is what is asked of it. Not when a preposition or "there" comes
# between ("is Belgium good at cancer drugs?", "are there internships at ...?"): a thing, not a quality.
_PREDICATE = re.compile(
    r"^(?:[^?.!,;:]*[,;:]\s*)?\W*(?i:is|are|was|were)\s+(?!there\b)"
    r"(?:(?!(?:in|at|for|of|on|to|from|with|by|about|there|than|as)\b)[\w'’*-]+\s+){1,7}?([a-z][a-z-]{2,})"
    r"(?:\s+(?:tho|though|really|at all|enough))?\s*(?:[?!.]+|$|(?=\s*,?\s+or\b))"
)
_PREDICATE_NEEDS = ("is ", "are ", "was ", "were ")
# A question ending on its verb's preposition ("what was it combined with in the trial?", "who
# did they partner with?"): what it asks for is said after that verb, which a sentence must say.
_STRANDED = re.compile(
    r"^\W*(?:and\s+|but\s+|so\s+)?(?:what|who|whom|which)\b[^?]*?\b([a-z]{4,})"
    r"(?:\s+(?:it|them|this|that|these|those))?\s+(?:with|to|by|from|against|into)\b"
    r"(?:\s+(?:in|at|during|for|on|over)\b[^?]*)?\s*[?!.]*\s*$",
    re.I,
)
_STRANDED_NEEDS = (" with", " to", " by", " from", " against", " into")
_INNER_PREPOSITION = re.compile(r"\s+(?:in|of|for|at|from|on|with|near|across)\s", re.I)
# A question put as keywords opens with what it asks about, then says of what or where.
_TOPIC_FIRST = re.compile(
    r"^\W*(?!(?:who|what|whats|when|where|which|why|how|is|are|was|were|do|does|did|can|could|will|would"
    r"|should|has|have|had|tell|give|show|list|any|i|we|my|our|please|and|but|so)\b)"
    r"((?:[^\W\d][\w'&-]*\s+){0,2}[^\W\d][\w'&-]*)\s+(?:for|of|in|at|on|to|from|by|near)\s",
    re.I,
)
# A sentence of a message that tells about the one asking ("We're a US firm.", "my dad has lung
# cancer"): why they ask, not what. Only beside a sentence that asks, with a question mark.
# A dash between spaces ends one too: "We're a delegation from Ohio - where can we meet them?"
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|(?<=\s)[-–—]{1,2}(?=\s)|:(?=\s)")
_INNER_END = re.compile(r"[.!?:]\s|\s[-–—]{1,2}\s")  # a sentence ending before the message does
_NOT_AN_END = frozenset(("vs", "e.g", "i.e", "etc", "approx", "no", "nr", "st", "dr", "mr", "mrs", "ms"))
# A label a message opens with, saying what the asking is for ("For a release: how much ...?",
# "Quick question: ..."), not what it is about.
_LABEL = re.compile(
    r"^\W*(?:for (?:a|an|my|our|the|this|tomorrow's|today's) (?:[\w'’-]+\s+){0,2}?[\w'’-]+"
    r"|(?:(?:a )?quick |one )?(?:question|quiz|trivia|fact[- ]check)(?: (?:round|time|please))?"
    r"|fill in the blanks?|true or false)\s*:\s+",
    re.I,
)
_ABOUT_ASKER = re.compile(
    r"\b(?:i|i'm|im|i've|i'd|we|we're|we've|we'd|my|mine|myself|our|ours|us|me|please)\b"
    r"|\b(?:trying|hoping|planning|looking|aiming|wanting) to\b|\basking (?:for|because|since|as|bc)\b",  # "trying to size the market"
    re.I,
)
_ASKER_SAYS = re.compile(r"\b(?:i|i['’]m|im|we|we['’]re|my|our)\b", re.I)
# A sentence saying what the asker is doing, its "I'm" left out ("Thinking about switching to
# bioprocessing.", "Planning a lab in Namur.").
_DOING = re.compile(
    r"\W*(?:thinking|planning|considering|looking|working|writing|preparing|researching|hoping|moving|want|need"
    r"|relocating|switching|studying|visiting|wondering|pitching|scouting|exploring|weighing|starting"
    r"|applying|searching|setting up)\s+(?:a|an|about|on|to|for|at|into|from|my|our|some|up|out|over)\b",
    re.I,
)
# A sentence introducing the asker without "I": "Belgian here, living in Montreal.", "Hi, student here."
_INTRODUCED = re.compile(
    r"\W*(?:(?:hi|hello|hey|bonjour|hola)\b\W*)?(?:an?\s+|the\s+)?[\w'-]+(?:\s+[\w'-]+)?\s+here\b"
    # "Hello from Tokyo!", "greetings from the tourist office,": where the asker writes from
    r"|\W*(?:greetings|hello|hi|hey|good (?:morning|afternoon|evening|day))\s+from\b",
    re.I,
)
# A message opening with who the asker is, in the sentence that goes on to ask ("I'm a retired
# teacher from Aberdeen and I've always been curious which ...", "As an analyst at a fund in
# Toronto I'm comparing clusters, and I'd like to know how ..."): the opening is about the asker.
_INTRO_NEEDS = (
    "m ",
    "i am",
    "as a",
    "we are",
    "we're",
    "we’re",
)  # looked for first: most questions have none
_INTRO_NEEDS_RE = re.compile(r"\b(?:i['’]?m|i am|as an?|we are|we['’]re)\b")
_INTRODUCED_ASKING = re.compile(
    r"(\W*(?:(?:hi|hello|hey|good (?:morning|afternoon|evening)|bonjour|hola)(?:\s+there)?[\s,!.]+)?"
    r"(?:i['’]?m|i am|as|we are|we['’]re)\s+(?:an?|the)\s[^?.!;:]*?)"
    r"(?:,\s*(?:(?:and|so|but)\s+)?|\s+(?:and|so|but)\s+)(?:[\w'’]+\s+){0,4}?"
    r"(?:(?:i|we)(?:['’]d| would) (?:really |also )?(?:like|love) to (?:know|understand|learn|ask|find out)"
    r"|(?:i|we)(?:['’]ve| have)? (?:always )?been (?:curious|wondering)|(?:i['’]m|i am|we['’]re|we are) (?:curious|wondering)"
    r"|(?:i|we) (?:was|were) wondering|i wonder|(?:could|can) you (?:please )?tell (?:me|us))\b",
    re.I,
)
# A sentence asking without a question mark: "Kindly let me know how many ...", "Please tell us which ...".
_REQUEST = re.compile(
    r"\s*(?:(?:kindly|please|so)\s+)?(?:(?:could|can|would) you\s+)?(?:please\s+)?"
    r"(?:let (?:me|us) know|tell (?:me|us)|advise (?:me|us)?|inform (?:me|us))\b",
    re.I,
)
# In a message with no question mark, a sentence saying what is wanted asks it ("I need the
# figure for ...", "I'd like to know how ...", "I'm trying to find out which ...").
_WANTED = re.compile(
    r"\s*(?:(?:so|and|but)\s+)?(?:i|we)\s*(?:['’]m|['’]re|\s+am|\s+are)?\s*(?:(?:also|really|just|now)\s+)?"
    r"(?:need|want|would (?:like|love|appreciate)|['’]d (?:like|love|appreciate)|looking for|searching for|after"
    r"|trying to find(?: out)?|(?:was )?wondering)\b",
    re.I,
)
# A sentence opening with a question word, its question mark left out ("... in europe. what
# position does belgium hold"): a message asking.
_WH_SENTENCE = re.compile(r"[.!:;]\s+(?:how|what|which|who|where|when|why)\b", re.I)
# A clause after a comma that asks ("..., how many jobs are there"), and a clause's opening that asks.
_CLAUSE_ASKS = re.compile(
    r",\s*(?:(?:so|and|but)\s+)?(?:(?:tell|show) (?:me|us),?\s+)?(?:how|what|which|who|where|when|why|is there|are there"
    r"|(?:between|among) (?:which|what))\b",
    re.I,
)  # ("..., but tell me, between which cities ...": the asking clause)  # ("..., so what do they work on?": a conjunction may come first)
_COMMA = re.compile(r",\s")
# A sentence after the question that says more of what it asks ("I mean for IP income.").
_CLARIFIES = re.compile(
    r"[\s,]*(?:i mean|i\.e\.|that is|specifically|especially|in particular|particularly|not|only|just|as in"
    r"|e\.g\.|for|in|on|at|about|of|from|during|since|with|without|including|excluding|compared|versus|vs)\b",
    re.I,
)
_OPENS_ASKING = re.compile(
    r"[\s,]*(?:(?:so|and|but)\s+)?(?:(?:tell|show) (?:me|us),?\s+)?(?:how|what|whats|which|who|whom|where|when|why"
    r"|is (?:that|there|it)|are (?:there|they)|(?:between|among) (?:which|what))\b",
    re.I,
)
# An asking clause opening with a word for what the clauses before said ("..., what is that called?").
_ASKS_BACK = re.compile(r"(?:[\w']+\s+){0,3}?(?:it|that|this|they|them|those|these)\b", re.I)


def _clauses(question: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses between commas of question[start:end], when one after the first asks; a
    clause asking of what the one before says ("..., what is that called?") is one with it."""
    if _CLAUSE_ASKS.search(question, start, end) is None and not _OPENS_ASKING.match(question, start, end):
        return [(start, end)]
    parts: list[tuple[int, int]] = []
    for match in [*_COMMA.finditer(question, start, end), None]:
        stop = match.start() + 1 if match else end
        clause = question[start:stop].lstrip(" ,")
        if parts and _OPENS_ASKING.match(question, start, stop) and _ASKS_BACK.match(clause):
            parts[-1] = (parts[-1][0], stop)
        else:
            parts.append((start, stop))
        if match:
            start = match.end()
    return parts


# A noun of a verb and its particle, run together ("startups", "spinoffs", "followups").
_PARTICLE_NOUN = re.compile(r"([a-z]{3,}?)(ups?|offs?|outs?|overs?|downs?)")
# "What role do they play for start-ups?", "what part did Belgium play?": what they do, in any words.
_ROLE_PLAYED = re.compile(
    r"\b(?:what|which|a|an|any|the)\s+(?:[\w-]+\s+)?(roles?|part)\s+(?:[\w'-]+\s+){0,4}?(play|plays|played|playing)\b",
    re.I,
)

# A follow-up's words that put a condition on the question before ("during the pandemic").
_QUALIFYING = re.compile(r"(?:in|for|at|on|from|during|since)\s", re.I)


def about_asker(question: str) -> list[tuple[int, int]]:
    """Where the sentences of a message that tell about the one asking are (`_ABOUT_ASKER`), and
    the label it opens with, if any (`_LABEL`). A sentence asking between commas ("my grandson
    finishes school, how many jobs are there, more or less?") is told apart from its clauses."""
    label = _LABEL.match(question) if ":" in question else None
    if label is not None:
        return [label.span()]
    opening = question[:40].lower()
    introduced = (
        _INTRODUCED_ASKING.match(question)
        if holds_any(opening, _INTRO_NEEDS) and _INTRO_NEEDS_RE.search(opening)
        else None
    )
    if introduced is not None:  # "I'm a teacher from Aberdeen and I've always been curious which ..."
        return [introduced.span(1)]
    # "which sea port serves it, we ship from Shanghai": a clause after the asking one may tell
    opens = "?" not in question and _OPENS_ASKING.match(question) is not None
    clauses = "," in question and (opens or _CLAUSE_ASKS.search(question) is not None)
    # "... Kindly let me know how many ...", "... I need the figure for ..."
    wanted = "?" not in question and (
        _WANTED.search(question) is not None or _WH_SENTENCE.search(question) is not None
    )
    asks = "?" in question or wanted or opens or _REQUEST.search(question) is not None
    if not clauses and (not asks or _INNER_END.search(question.rstrip()) is None):
        return []  # no sentence, or one only: most questions
    sentences = []
    start = 0
    for match in _SENTENCE_END.finditer(question):
        before = question[start : match.start()].rsplit(None, 1)
        word = before[-1].lower() if before else ""
        if len(word) == 1 or word in _NOT_AN_END:  # "vs." or "U.S." ends no sentence
            continue
        sentences.append((start, match.end()))
        start = match.end()
    if start < len(question.rstrip()):
        sentences.append((start, len(question)))
    if clauses:
        sentences = [part for a, b in sentences for part in _clauses(question, a, b)]
    if len(sentences) < 2:
        return []
    telling = [
        (a, b)
        for a, b in sentences
        if not question[a:b].rstrip().endswith("?")
        and (
            _ABOUT_ASKER.search(question, a, b)
            or _DOING.match(question, a, b)
            or _INTRODUCED.match(question, a, b)
        )
        and not _OPENS_ASKING.match(question, a, b)
        and not _REQUEST.match(question, a, b)
        and not (wanted and _WANTED.search(question, a, b))  # "... and I need to know what ..."
        and not (opens and _ASKER_SAYS.search(question, a, b) is None)  # "..., percent please"
    ]
    # "Does it have a nickname? Tourists love nicknames.": a remark after the last question
    asked = [b for a, b in sentences if question[a:b].rstrip().endswith("?")]
    telling += [
        (a, b)
        for a, b in sentences
        if asked
        and a >= asked[-1]
        and (a, b) not in telling
        and not question[a:b].rstrip().endswith("?")
        and not _OPENS_ASKING.match(question, a, b)
        and not _REQUEST.match(question, a, b)
        and not _CLARIFIES.match(question, a, b)
    ]
    # "I keep hearing a nickname for it. What is it?": the asking says nothing without them
    asking = blanked(question, telling)
    if not any(w.lower() not in STOPWORDS for w in _WORD_RE.findall(asking)) or CHECK_TAG.fullmatch(
        asking.strip()
    ):
        return []  # ("Someone told me X. True or not?": X is what is asked)
    return telling


def blanked(question: str, spans: Sequence[tuple[int, int]]) -> str:
    """The question with these spans blanked out: every other word where it was."""
    for a, b in spans:
        question = question[:a] + " " * (b - a) + question[b:]
    return question


def without_asides(question: str) -> str:
    """The question without its sentences about the one asking (`about_asker`)."""
    spans = about_asker(question)
    return " ".join(blanked(question, spans).split()) if spans else question


def informer_span(question: str) -> tuple[int, int] | None:
    """Where the head noun a "what" or "which" question asks for is (`_INFORMER_RE`)."""
    match = None if lacks(question, _INFORMER_NEEDS) else _INFORMER_RE.search(question)
    if match is None:
        return None
    group = 1 if match.group(1) else 2
    words = match.group(group)
    # "which universities in Wallonia do ...": the noun before the preposition
    inner = _INNER_PREPOSITION.search(words)
    if inner is not None:
        words = words[: inner.start()]
    end = match.start(group) + len(words)
    if words.rsplit(None, 1)[-1].lower() in _KIND_WORDS and (of := _KIND_OF.match(question, end)):
        return of.span(1)  # "the most common type of activity in ...": the activity
    return end - len(words.rsplit(None, 1)[-1]), end


_KIND_WORDS = frozenset(("kind", "kinds", "type", "types", "sort", "sorts"))
# The noun phrase after "type of", up to a preposition, a verb of the question or its end: its last word.
_KIND_OF = re.compile(
    r"\s+of\s+(?:[^\W\d][\w'-]*\s+){0,2}?([^\W\d][\w-]*)"
    r"(?=\s+(?:of|in|for|at|on|from|that|which|done|is|are|do|does|did|to|with)\b|\s*[?.!,;:]|\s*$)",
    re.I,
)


# The parts of a compound word: its runs of letters and digits.
_WORD_PARTS = re.compile(r"[^\W_]+")


def _part_spelling(word: str, term: str) -> str:
    """The part of a compound ("author/publisher") a term of it comes from ("publish":
    "publisher"); the word itself when it is no compound."""
    if word.isalnum():
        return word
    parts = _WORD_PARTS.findall(word)
    if len(parts) < 2 or not _WORD_PARTS.fullmatch(term):  # "r&d" is the compound's own term
        return word

    def shared(part: str) -> int:  # letters it opens with as the term does
        part = part.lower()
        return next(
            (i for i, (a, b) in enumerate(zip(part, term, strict=False)) if a != b), min(len(part), len(term))
        )

    return str(max(parts, key=shared))


def same_name(a: str, b: str) -> bool:
    """Whether two terms name the same thing in two forms ("belgian" and "belgium", "europ" and
    "european", "asia" and "asian"): they share all but the last two letters of the shorter, and
    five letters at least, or all of a shorter one of four ("franc" is not "frankfurt")."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    size = min(len(short), max(5, len(short) - 2))
    return len(short) >= 4 and long_[:size] == short[:size]


def lettered(question: str) -> tuple[str, ...]:
    """The names a question tells apart from their kin by a letter or a numeral after them
    ("hepatitis D", "phase III", "HIV-2"; not "I" or "A" opening a clause)."""
    if question[1:].islower():  # no capital after the first letter: no letter or name to tell apart
        return ()
    found = [
        m.group(0)
        for m in _LETTERED.finditer(question)
        if m.group(2) not in ("I", "A") and m.group(1).lower() not in STOPWORDS  # not "for R"
    ]
    if "-" in question:
        found += [m.group(0) for m in _NUMBERED.finditer(question)]
    return tuple(dict.fromkeys(found))


# "most" right before a word ("the most common"), searched up to the word.
_AFTER_MOST = re.compile(r"\bmost\s+$", re.I)
# Someone's age ("for 14 year olds", "my 16-year-old"): no figure the documents give.
_AGE = re.compile(r"(?<![\d.,])\d{1,3}(?=[\s-]*(?:years?|yrs?)[\s-]*olds?\b)", re.I)


_SENTENCE_OPENING = re.compile(r"[.!?]\s+[\"'“‘(]*")


def specific_terms(
    question: str, tokens: Sequence[Token], is_english: Callable[[str], bool] = lambda word: False
) -> frozenset[str]:
    """Terms of the question's specific words: a capitalised word after the first (a name, a
    place, an organisation), a word in capitals ("UK", "CEO"), a word with a digit (a year, a
    code), and roles (`ROLES`); with its places (`place_terms`), general English cannot stand in
    for them."""
    out: set[str] = set()
    first_start = len(question) - len(question.lstrip(" \t\n\"'“‘([¿¡"))
    ages = set() if lacks(question, _DIGITS) else {m.start() for m in _AGE.finditer(question)}
    openings = {m.end() for m in _SENTENCE_OPENING.finditer(question)}
    shared = Counter((t.start, t.end) for t in tokens)  # the parts of a hyphenated word
    part_at: dict[tuple[int, int], int] = {}
    for token in tokens:
        word = question[token.start : token.end]
        if shared[token.start, token.end] > 1:  # "Belgium-wide": "wide" is no name
            parts = [p for p in word.split("-") if p]
            at = part_at.get((token.start, token.end), 0)
            part_at[token.start, token.end] = at + 1
            if len(parts) == shared[token.start, token.end] and parts[at][:1].islower():
                continue
        if word.lower() in ROLES:
            out.add(token.term)
        # capitalised as any first word is: a later sentence's too, unless no English word ("Bierset")
        first = token.start == first_start or (token.start in openings and is_english(word.lower()))
        if (
            (word[:1].isupper() and not first)
            or (len(word) > 1 and word.isupper())
            or (not word.isalpha() and any(c.isdigit() for c in word) and token.start not in ages)
        ):
            out.add(token.term)
    return frozenset(out)


# Small numbers as words, for a figure a question gives in digits and a text spells out.
NUMBER_WORDS = tuple(
    re.findall(
        r"\w+",
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty",
    )
)
# Each way: a question writes "3" where a text says "three", or "ten" where it says "10".
_NUMERALS: dict[str, str] = {str(n): w for n, w in enumerate(NUMBER_WORDS) if n}
_NUMERALS |= {w: n for n, w in _NUMERALS.items()}
# A word cut short this long or longer stands for the one indexed term it begins.
CLIPPED_MIN = 7
# The first parts of compounds that make a kind of what follows ("biologistics", "nanomedicine"):
# the word without one stands for the compound when the collection has only that.
COMBINING_FORMS = (
    "bio", "geo", "eco", "agro", "agri", "nano", "micro", "neuro", "immuno", "radio", "cyber", "tele",
)  # fmt: skip


def place_terms(
    question: str,
    tokens: Sequence[Token],
    places: Container[str] = (),
    is_common: Callable[[str], bool] = lambda word: False,
    names: Container[str] = (),
) -> frozenset[str]:
    """Terms of the places a question names: a place name however written ("ghent", "new york",
    from `places`; a short word in lower case only if it is no common word, `is_common`), and a
    capitalised word after "in", "at", "from" or "near" ("in Flanders").
    Places it compares with or leaves out ("more than in Germany", "excluding Brussels") are
    not among them (`_CONTRAST`)."""
    contrast = None if lacks(question, _CONTRAST_NEEDS) else _CONTRAST.search(question)
    if contrast is not None:
        tokens = [t for t in tokens if t.start < contrast.start()]
    out: set[str] = set()
    folded = [fold_word(question[t.start : t.end]) for t in tokens]
    n = len(folded)
    for i, name in enumerate(folded):
        for j in range(i + 1, min(i + 3, n) + 1):  # names of up to three words
            if name in places:
                word = question[tokens[i].start : tokens[i].end]
                # "got" and "nice" name places too, but written so they are short common words
                if j > i + 1 or not word.islower() or len(word) > 4 or not is_common(word):
                    out.update(t.term for t in tokens[i:j])
            if j < n:
                name += " " + folded[j]
    if names and any(t.term in names for t in tokens):
        if is_keywords(question):  # "biotech jobs wallonia": every name is where or whom it is about
            out.update(t.term for t in tokens if t.term in names)
        # "in flanders": a collection's name, lower case
        for match in _NAMED_AFTER.finditer(question):
            out.update(t.term for t in tokens if match.start(1) <= t.start < match.end(1) and t.term in names)
    if question[1:].islower():  # no capital after the first letter, so no "in Flanders"
        return frozenset(out)
    for match in _PLACE_AFTER.finditer(question):
        out.update(t.term for t in tokens if match.start(1) <= t.start < match.end(1))
    return frozenset(out)


# Where a question turns to what it compares with or leaves out ("more than in Germany", "as
# distinct from the Belgian total"): places named after it are not where the answer must apply.
_CONTRAST_NEEDS = ("than", "as distinct from", "as opposed to", "excluding", "not counting", "not including", "apart from", "except")  # fmt: skip
_CONTRAST = re.compile(
    r"\s(?:than|as distinct from|as opposed to|excluding|not counting|not including|apart from|except)\s",
    re.I,
)
# A comparison, up to what it compares with: "more jobs than", "bigger than".
_COMPARISON = re.compile(
    r"\b(?:more|less|fewer|better|worse|(?!(?:other|rather|either|neither|whether|under|over|after|ever|never)\b)[a-z]{2,}er)\b"
    r"(?:\s+[\w'-]+){0,6}?\s+than\b"
    # "how does it stack up against Germany?", "compared with France", "versus Flanders"
    r"|\b(?:stacks?|stacking|measures?|measuring) up (?:against|to|with)\b|\bcompared (?:to|with)\b|\bversus\b|\bvs\.?(?=\s)",
    re.I,
)
_COMPARISON_NEEDS = ("than", " up ", "compared", "versus", "vs")
_CLAUSE_END = re.compile(r"[,;:?!]|\.(?:\s|$)")
# A name the question insists on ("Wallonia on its own", "Wallonia's own exports", "in Wallonia
# alone"): the answer's own sentence must name it, not only its document.
_EXCLUSIVE = re.compile(
    r"\b([^\W\d][\w-]*)(?:'s|’s)? (?:own|alone|on its own|by itself|itself|specifically|in particular)\b",
    re.I,
)
_EXCLUSIVE_NEEDS = ("own", "alone", "itself", "specifically", "in particular")
# A name set aside: "not just Europe", "(not EU)", "outside Europe", "other than the US".
_EXCLUDING = re.compile(
    r"(?:(?:^|[(,;]|\band|\bbut)\s*not|\bnot\s+(?:just|only|merely)|\b(?:rather|other) than|\boutside(?:\s+of)?"
    r"|\bexcluding|\bexcept(?:\s+for)?|\bapart from|\bbesides|\bbeyond)"
    r"\s+(?:(?:just|only|merely|in|for|the|of|within)\s+)*([^\W\d][\w'-]*(?:\s+[A-Z][\w'-]*)?)",
    re.I,
)
# A place a yes-no question asks whether something is limited to ("are they only sold in Europe?",
# "do they only supply Europe or further afield?"): what it doubts, not where the answer must apply.
_ONLY_ASKED = re.compile(
    r"^\W*(?:are|is|was|were|do|does|did|can|will)\b[^?]*?\b(?:only|just|solely|exclusively)\s+"
    r"(?:(?:in|to|within|across|inside|supply|supplies|serve|serves|sell|sells|ship|ships|go|goes)\s+)*"
    r"(?:the\s+)?([^\W\d][\w'-]*(?:\s+[A-Z][\w'-]*)?)",
    re.I,
)
_ONLY_NEEDS = ("only", "just", "solely", "exclusively")
# What a question sets aside by saying which of two it does not mean, names or not: "the tax rate,
# not the one for intangible assets".
_NOT_THE_ONE = re.compile(
    r"\bnot\s+(?:the\s+)?(?:one|ones|figure|number|rate|share)\s+(?:for|of|on|in|from|about)\s+(?:the\s+)?"
    r"((?:[\w-]+\s+){0,2}?[\w-]+)(?=\s*[?.!,;)]|\s*$)",
    re.I,
)
# What a question narrows itself to: "specifically on vaccine research", "solely for exports".
_NARROWED = re.compile(
    r"(?<!not )\b(?:specifically|exclusively|solely|just)\s+(?:on|for|in|to|into|at)\s+(?:the\s+)?((?:[\w-]+\s+){0,2}?[\w-]+)(?=\s*[?.!,]|\s*$)",
    re.I,
)
_NARROWED_NEEDS = ("specifically", "exclusively", "solely", "just")
_EXCLUDING_NEEDS = ("not", "than", "outside", "exclud", "except", "apart from", "besides", "beyond")
# A part the question counts in ("the whole country, Flanders included", "including Flanders"):
# inside what is asked, not where the answer must apply.
_INCLUDING = re.compile(r"\b(?:including|inclusive of)\s+(?:the\s+)?([^\W\d][\w'-]*)", re.I)
_INCLUDED = re.compile(r"\b([^\W\d][\w'-]*)\s+(?:included|inclusive)\b", re.I)
_INCLUDED_NEEDS = ("includ", "inclusive")
# A name told apart from its kin by a letter or a numeral after it ("hepatitis D", "phase III",
# "HIV-2"): the letter is too short to be indexed, yet it is what the question is about.
_LETTERED = re.compile(r"\b([^\W\d_]{3,})[ -]((?:[A-Z]|[IVX]{2,4})(?![\w'’&/.-]))")
_NUMBERED = re.compile(r"\b([A-Z]{2,})-(\d{1,2})\b")
# A capitalised word, not an abbreviation ("from TB patients"), after a preposition of place.
_PLACE_AFTER = re.compile(r"\b(?:in|at|from|near)\s+(?:the\s+)?([A-Z][a-z\u00C0-\u017F][\w\u00C0-\u017F'-]*)")
_NAMED_AFTER = re.compile(r"\b(?:in|at|from|near)\s+(?:the\s+)?([a-z\u00C0-\u017F][\w\u00C0-\u017F'-]*)")


# A question put as keywords: no question word or verb to say what its names are
# ("biotech jobs wallonia", "PDC Line Pharma location").
def is_keywords(question: str) -> bool:
    """Whether a question is put as a few keywords, without a question word ("biotech valley size")."""
    return _KEYWORDS.match(question) is not None


_KEYWORDS = re.compile(
    r"^(?!.*\b(?:who|whom|whose|what|whats|when|where|which|why|how|is|are|was|were|do|does|did|can|could"
    r"|will|would|should|has|have|had|there|tell|give|show|list|i|we|you)\b)\W*(?:[\w&'’.-]+\W*){1,6}$",
    re.I,
)


_HEARD = (
    ("ph", "f"),
    ("ck", "k"),
    ("ch", "k"),
    ("qu", "kw"),
    ("c", "k"),
    ("q", "k"),
    ("x", "ks"),
    ("y", "i"),
    ("z", "s"),
)


def _as_heard(word: str) -> str:
    """A word folded to how it sounds, roughly: letters that spell the same sound as one
    ("pharma" and "farma", "biotech" and "biotek"), doubled letters as one."""
    for written, heard in _HEARD:
        word = word.replace(written, heard)
    return re.sub(r"(.)\1+", r"\1", word)


def _as_american(compound: str) -> str:
    """A hyphenated compound as one word in American spelling ("anti-tumour": "antitumor")."""
    from breame.spelling import get_american_spelling

    return "".join(get_american_spelling(part) for part in compound.split("-"))


def fold_word(word: str) -> str:
    """A word as the place list has it: lower case, no accents, hyphens as spaces."""
    if word.endswith(("'s", "’s")):  # "Belgium's"
        word = word[:-2]
    return (word.lower() if word.isascii() else normalize(word)[0]).replace("-", " ")


@dataclass(frozen=True)
class Query:
    question: str
    tokens: tuple[Token, ...]  # analysed tokens of the question as asked
    terms: tuple[str, ...]  # what is searched: tokens, corrected, plus expansions
    corrections: dict[str, str] = field(default_factory=dict)  # misspelt word -> corpus word
    # A word neither the corpus nor English has -> the everyday word it misspells, which the
    # question is read with (its `question` is the question mended).
    respelt: dict[str, str] = field(default_factory=dict)
    expansions: tuple[str, ...] = ()  # terms added from synonyms and acronyms
    # An asked word -> the terms of the curator's phrases it stands for ("r&d": research and
    # development): a sentence holding all of one holds the word.
    phrases: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    answer_type: str | None = None  # what kind of answer it asks for (`question_type`)
    cues: frozenset[str] = frozenset()  # terms of the words that ask for it ("contact", "email")
    counted: frozenset[str] = frozenset()  # terms of what "how many X" counts: X and its synonyms
    # Terms of what "what/which X" asks for (`_INFORMER_RE`), or of what a follow-up brought.
    informer: frozenset[str] = frozenset()
    focus: frozenset[str] = frozenset()  # terms of what a follow-up brought ("and for clinical trials?")
    # Terms of a condition a follow-up put on the question before ("during the pandemic"): like
    # places and years, the answer's sentence, heading or document must name them.
    qualifiers: frozenset[str] = frozenset()
    # An asked term the collection lacks -> the indexed term searched for it (its other
    # spelling, its lemma, the indexed stem it begins), which counts as the asked word.
    replaced: dict[str, str] = field(default_factory=dict)
    # The collection's figures the question says roughly ("about 40 thousand": "39000"): a guess
    # put to be checked, not a figure it states as known.
    rounded: frozenset[str] = frozenset()
    # An asked term the collection lacks -> the indexed terms general English relates to it.
    bridges: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Terms of specific words: names, places, codes, figures (`specific_terms`). Never bridged.
    specific: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()  # terms of the places it names (`place_terms`)
    # Names told apart by a letter or numeral ("hepatitis D", `_LETTERED`), as written: the
    # answer's passage must name them.
    lettered: tuple[str, ...] = ()
    # The names a comparison sets the answer against ("is that more than what goes to
    # Germany?"), as asked: the answer's passage must give them too.
    compared: tuple[str, ...] = ()
    # Words a figure is asked for alone ("direct jobs only") or without ("without the indirect
    # ones"), as asked: a figure for them together with another is no answer.
    alone: tuple[str, ...] = ()
    without: tuple[str, ...] = ()
    # What it asks of a document itself, rather than of what documents say: "publisher" or
    # "date" ("who published the article on X?", `answer_types.asks_provenance`).
    provenance: str | None = None
    # The places of the question before that a follow-up refers to ("in it"), as written there:
    # their terms are among `qualifiers`.
    carried: str = ""
    # Terms of names it insists on (`_EXCLUSIVE`): a place the answer's own sentence must name.
    exclusive: frozenset[str] = frozenset()
    # Terms of what it narrows the question to ("spend specifically on vaccine research"): the
    # answer's sentence must say them all.
    narrowed: frozenset[str] = frozenset()
    # Terms of names it sets aside ("not just Europe", "outside Europe", `_EXCLUDING`): not asked,
    # and an answer given for them is not one for what is asked.
    excluded: frozenset[str] = frozenset()
    # It asks of a country or place as a whole ("the whole of Belgium", "the whole country"): a
    # sentence giving it for a region or city within is no answer, when another gives it whole.
    whole: bool = False
    ranks: tuple[str, ...] = ()  # ranks it asks about ("which is first?"), in lower case
    # How many it asks for, and of what ("the 3 big cities": ("3", "citi")): no figure to find,
    # but a sentence counting them otherwise ("the three regions" for "the 4 regions") is no answer.
    counts: tuple[tuple[int, str], ...] = ()
    several: bool = False  # it asks for a list of names ("which companies")
    place_kind: str | None = None  # the kind of place it asks for ("which cities": "city")
    company: bool = False  # it asks which company or firm ("who makes them?")
    made: frozenset[str] = frozenset()  # terms of what that company makes ("the flu vaccines")
    ahead: bool = False  # it asks when something will happen, or how long it will last
    fillers: frozenset[str] = frozenset()  # terms of its words that say how it is put (`FILLERS`)
    # The figures a yes-or-no check puts ("is it 500 companies?", "about 30%, right?"), as written:
    # the documents' own figure answers it, whatever it is; none of them need be said.
    checked: tuple[str, ...] = ()
    # A term the collection has -> its derived forms there ("grow" -> "growth"): a sentence
    # holding one says the word in another form. Not searched: the passage has the word's own.
    derived: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # A specific term the collection has -> its other forms there ("belgium" -> "belgian").
    forms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # A specific term the collection lacks -> its form in the collection ("european" -> "europ").
    named: dict[str, str] = field(default_factory=dict)
    # Terms of the conversation the question refers to ("where did they present them?"):
    # searched, weighed as bridges, but not what an answer must hold.
    recalled: tuple[str, ...] = ()
    # Terms of the message's sentences about the asker (`about_asker`), not of the question:
    # searched, weighed as bridges, but not what an answer must hold.
    told: tuple[str, ...] = ()
    given: str = ""  # the answer before, for a follow-up asking the same kind: not given again
    # Terms a follow-up asks that the turn before never said ("how many of those are nursing
    # jobs?": nursing): an answer saying again what was said, without them, is no answer.
    brought: frozenset[str] = frozenset()
    # The name the conversation is about ("PDC Line Pharma", `Turn.about`), as written: the
    # answer's passage must name it.
    about: str = ""

    def other_forms(self) -> dict[str, tuple[str, ...]]:
        """Each asked term and the collection's terms that say it otherwise: the words it is
        bridged to, its derived forms, a name's other forms."""
        return {**self.bridges, **self.derived, **self.forms}

    def spelt(self) -> dict[str, str]:
        """Each term of the question's tokens and the word the question spells it with (or the
        word a misspelling of it stands for)."""
        return {t.term: _part_spelling(self.question[t.start : t.end], t.term) for t in self.tokens}

    def weights(self, vocabulary: dict[str, int]) -> dict[int, float]:
        """Weight of each indexed term id: its count in the question; an expansion counts less,
        so a synonym helps a passage that lacks the asked word more than it outranks one that has it."""
        out: dict[int, float] = {}
        expansions = set(self.expansions)
        bridged = {t for terms in self.bridges.values() for t in terms} | set(self.recalled) | set(self.told)
        derived = {t for terms in self.derived.values() for t in terms}
        for term in self.terms:
            tid = vocabulary.get(term)
            if tid is not None:
                if term in derived:
                    weight = DERIVED_WEIGHT
                else:
                    weight = (
                        EXPANSION_WEIGHT if term in expansions else BRIDGE_WEIGHT if term in bridged else 1.0
                    )
                out[tid] = out.get(tid, 0.0) + weight
        for place in self.places:  # "Wallonia": passages saying "Walloon" too, lightly
            for form in self.forms.get(place, ()):
                tid = vocabulary.get(form)
                if tid is not None and form not in self.terms:
                    out[tid] = out.get(tid, 0.0) + FORM_WEIGHT
        return out


class QueryBuilder:
    """Analyses questions against a fitted vocabulary.

    Spelling: a word of four letters or more whose stem is not in the vocabulary is replaced by
    the closest word of the corpus with the same first letter (Levenshtein, rapidfuzz), if one is
    close enough; what a word corrects to is worked out once. Words the corpus knows are never
    touched. Synonyms: curator groups and acronyms found in the corpus add their other members'
    terms.
    """

    def __init__(
        self,
        analyzer: Analyzer,
        vocabulary: dict[str, int],
        synonyms: list[list[str]] | None = None,
        is_english: Callable[[str], bool] | None = None,
        *,
        respelt: Callable[[str], str | None] | None = None,
        variants: Mapping[str, str] | None = None,
        bridges: Mapping[str, Sequence[str]] | None = None,
        places: Container[str] = (),
        names: Container[str] = (),
        pertains: Mapping[str, Sequence[str]] | None = None,
        countries: Mapping[str, Sequence[tuple[Sequence[str], bool]]] | None = None,
        figures: Mapping[str, Sequence[str]] | None = None,
        numbered: Mapping[str, Sequence[str]] | None = None,
        spelling: bool = True,
        stem_variants: bool = True,
    ) -> None:
        self.variants = variants or {}
        # A country's one-word name -> the collection's terms for its other names, each with
        # whether it is one word ("usa": "United Sates"; `lexicon.country_forms`).
        self.countries = countries or {}
        # The figures the collection writes as amounts and the scale words after each ("98":
        # "billion"; `figures.collection_figures`); None: every figure of the vocabulary, scale unknown.
        self.figures = figures
        # The numerals it writes after each kind of ordered step ("phase": "i", "ii";
        # `figures.collection_numbered`); None: unknown.
        self.numbered = numbered
        self.bridges = bridges or {}
        self.places = places
        self.names = names  # the collection's names (`lexicon.collection_names`)
        self.pertains = pertains or {}
        self.spelling = spelling
        self.stem_variants = stem_variants
        self.analyzer = analyzer
        self.is_english = is_english or (lambda word: False)
        # The English word a typo stands for ("peple": "people"), worked out once a word.
        self._respelt = lru_cache(maxsize=8192)(respelt or (lambda word: None))
        self.vocabulary = vocabulary
        # Surface words seen in the corpus whose stem is indexed: the speller's dictionary.
        self._words = sorted(w for w, s in analyzer.stem_cache.items() if s in vocabulary and w.isalpha())
        self._known = frozenset(self._words)
        self._terms = sorted(vocabulary)
        # Questions reuse words: what a word corrects to is worked out once.
        self._correction = lru_cache(maxsize=8192)(self._find_correction)
        self._name_form = lru_cache(maxsize=8192)(self._find_name_form)
        self._forms = lru_cache(maxsize=8192)(self._find_forms)
        self._derived = lru_cache(maxsize=8192)(self._find_derived)
        self._address_terms: dict[str, tuple[str, ...]] | None = None  # worked out when first asked
        self._figures: list[tuple[float, str]] | None = None  # the collection's figures, when first asked
        self._address_named = lru_cache(maxsize=8192)(self._find_address_named)
        self._workforce = [t for w in idioms.WORKFORCE for t in analyzer.terms(w) if t in vocabulary]
        # Stems of words the analyser has met (stemming others would import NLTK for nothing).
        self._stand_for = tuple(
            (
                asked,
                after_most,
                tuple(
                    dict.fromkeys(t for w in sorted(said) if (t := analyzer.stem_cache.get(w)) in vocabulary)
                ),
            )
            for asked, after_most, said in idioms.STAND_FOR
        )
        self._prominence = tuple(
            dict.fromkeys(t for w in idioms.PROMINENCE for t in analyzer.terms(w) if t in vocabulary)
        )
        self._trade = tuple(
            dict.fromkeys(t for w in idioms.TRADE for t in analyzer.terms(w) if t in vocabulary)
        )
        self._synonyms = Synonyms(analyzer, synonyms or [])

    def build(
        self,
        question: str,
        context: str = "",
        given: str = "",
        focus: str = "",
        asks: str | None = None,
        carried: str = "",
        about: str = "",
    ) -> Query:
        """The question analysed: the terms searched (asked, replaced, widened) and what it asks.
        `context`: words of the conversation it refers to (`Query.recalled`); `given`, the
        answer before (`Query.given`); `focus`, the words a follow-up brought to the question
        before, which stand for its informer; `asks`, the kind of answer the question before
        asked for, when the question does not say; `carried`, the places of the question before
        that a follow-up refers to ("in it"), conditions on the answer; `about`, the name the
        conversation is about, which the answer's passage must name."""
        asides = about_asker(question)
        text = blanked(question, asides)  # what is asked: not the sentences about the asker
        corrections, tokens, asked = self._asked(text)
        respelt = self._respellings(text, tokens, corrections) if self.spelling else {}
        if respelt:  # "email adress": read as "email address", its cues, idioms and bridges
            for wrong, right in respelt.items():
                question = re.sub(rf"\b{re.escape(wrong)}\b", right, question, flags=re.IGNORECASE)
            mended = self.build(question, context, given, focus, asks, carried, about)
            return replace(mended, respelt=respelt)
        places = place_terms(text, tokens, self.places, self.is_english, self.names)
        # "in walonia": a place misspelt is still where the answer must apply
        places |= {
            t
            for right in corrections.values()
            if fold_word(right) in self.places
            for t in self.analyzer.terms(right)
        }
        specific = (
            specific_terms(text, tokens, self.is_english)
            | places
            | {t.term for t in tokens if t.term in self.names}
        )
        answer_type, cues = question_cues(text)
        count_asked = () if lacks(text, _DIGITS) else tuple(_COUNT_ASKED.finditer(text))
        made = made_asked(text)
        provenance = asks_provenance(text)
        answer_type = answer_type or asks
        replaced = {t: r for t in asked if t not in self.vocabulary and (r := self._replacement(t)) != t}
        rounded, guessed = self._rounded(text)
        replaced |= rounded
        replaced |= self._renumbered(text)
        for first, second in pairwise(tokens):  # "sea ports": "seaports"; "new york": "newyork@..."
            if second.start - first.end > 1 or (
                first.term in self.vocabulary and second.term in self.vocabulary
            ):
                continue
            words = normalize(text[first.start : second.end])[0].lower().replace(" ", "")
            if first.start == second.start and words not in self._known:  # parts of one word
                words = _as_american(words)  # "anti-tumour": "antitumor"
            # a word the collection writes (its stem known: no stemmer to load), or an address's name
            as_one = self.analyzer.terms(words) if words in self._known else []
            joined = as_one[0] if len(as_one) == 1 else self._address_naming(words)
            if joined is not None:
                replaced |= {first.term: joined, second.term: joined}
        idiomatic: set[str] = set()
        for (a, b), phrase in idioms.phrases(text):  # "sells abroad": the word documents use for it
            said = next((t for t in self.analyzer.terms(phrase.word) if t in self.vocabulary), None)
            # a capitalised word of an idiom the collection lacks is no name ("Yank firms", "Corona")
            within = [
                t.term
                for t in tokens
                if a <= t.start < b and (t.term not in specific or t.term not in self.vocabulary)
            ]
            if said is not None and not (phrase.unless_said and all(t in self.vocabulary for t in within)):
                replaced |= dict.fromkeys(within, said)
                idiomatic.update(within)
        specific -= idiomatic
        alone, without = asked_alone(text) if answer_type in _FIGURES else ((), ())
        named, pertained = self._named(text, tokens, specific, replaced)
        checked = self._checked(text, tokens, {**named, **replaced}, count_asked)
        answer_type = self._checked_type(text, tokens, answer_type, checked)
        places |= pertained  # "Danish" asks about Denmark: where the answer must apply
        excluded = self._excluded(text, tokens, specific)
        places -= excluded  # "not just Europe": no place the answer must name
        terms = [replaced.get(t, t) for t in asked]
        expansions = self._expansions(terms)
        working = None if lacks(text, idioms.WORKFORCE_NEEDS) else idioms.WORKFORCE_ASKED.search(text)
        workforce = working is not None
        if working is not None:  # "how many people work in X?" asks how many jobs X has
            expansions += [t for t in self._workforce if t not in terms and t not in expansions]
            terms = self._as_workforce(text, working, tokens, terms, replaced)
        if answer_type in ADDRESSED:  # "which e-mail do I write to?": the addresses it has
            expansions += [a for a in self._addresses(answer_type) if a not in terms and a not in expansions]
        lacking = [t for t in dict.fromkeys(terms) if t not in self.vocabulary and t not in specific]
        bridges = {t: found for t in lacking if (found := self._bridge(t))}
        prominent = [] if lacks(text, idioms.PROMINENT_NEEDS) else list(idioms.PROMINENT.finditer(text))
        if prominent and self._prominence:  # "got noticed": "stood out", "on the center stage"
            for token in tokens:
                if token.term in specific or not any(m.start() <= token.start < m.end() for m in prominent):
                    continue
                bridges[token.term] = tuple(t for t in self._prominence if t != token.term)
        if self._trade:  # "who is the biggest buyer": the partners a country trades with
            bridges |= {
                token.term: self._trade
                for token in tokens
                if token.term in lacking and text[token.start : token.end].lower() in idioms.BUYERS
            }
        # "the main activity", "the most common activity": "the most prevalent activity"
        for standing, after_most, stems in self._stand_for:
            for token in tokens:
                word = text[token.start : token.end].lower()
                if stems and (
                    word in standing or (word in after_most and _AFTER_MOST.search(text, 0, token.start))
                ):
                    found = bridges.get(token.term, ())
                    bridges[token.term] = found + tuple(
                        t for t in stems if t != token.term and t not in found
                    )
        derived = {
            t: found
            for t in dict.fromkeys(terms)
            if t not in bridges and t not in specific and (found := self._derived(t))
        }
        # "what helped it grow?": passages saying "growth" are searched too, lightly
        expansions += [
            d for found in derived.values() for d in found if d not in terms and d not in expansions
        ]
        bridged = [b for found in bridges.values() for b in found if b not in terms and b not in expansions]
        searched = terms + expansions + list(dict.fromkeys(bridged))
        # Historical query expansion, as in TREC CAsT's baselines: the turn before, weighed less.
        said_before = self.analyzer.terms(context) if context else []
        recalled = [t for t in dict.fromkeys(said_before) if t in self.vocabulary and t not in searched]
        # The sentences about the asker may say what the question is about: searched, lightly.
        told = (
            [
                t
                for t in dict.fromkeys(self.analyzer.terms(" ".join(question[a:b] for a, b in asides)))
                if t in self.vocabulary and t not in searched and t not in recalled
            ]
            if asides
            else []
        )
        if told and _POINTS_BACK.search(text):
            # "... likened to an American hub. Which one is it compared with?": what the asking
            # points to is in the sentences before it, which count as a turn before would; the
            # names they give, not places nor English words, are whom it asks about ("My grandson
            # works at PDC Line Pharma. What are they making there?")
            organisations = self._names_told(" ".join(question[a:b] for a, b in asides))
            names_told = [t for t in told if t in organisations]
            searched += names_told
            recalled, told = recalled + [t for t in told if t not in names_told], []
        elif told and _THERE.search(text):
            # "He lives in Wallonia. How many jobs are there in making medicines down there?": the
            # place the other sentence names is where the answer must apply
            said = " ".join(question[a:b] for a, b in asides)
            there = place_terms(said, self.analyzer.tokens(said), self.places, self.is_english, self.names)
            places |= there & set(told)
            specific |= places
            recalled, told = recalled + told, []
        focused = [r for t in self.analyzer.terms(focus) if (r := replaced.get(t, t)) in self.vocabulary]
        wholes = self._wholes(text, answer_type, places)
        return Query(
            question,
            tokens,
            tuple(searched + recalled + told),
            corrections=corrections,
            expansions=tuple(expansions),
            phrases={
                t: stood
                for t in dict.fromkeys(terms)
                if (
                    stood := tuple(
                        p for p in self._synonyms.phrases_of(t) if all(w in self.vocabulary for w in p)
                    )
                    + (self._alias_phrases(t) if t in specific else ())
                )
            },
            answer_type=answer_type,
            cues=frozenset(self.analyzer.terms(" ".join(cues))) if cues else frozenset(),
            counted=self._counted(
                text, expansions, workforce, corrections, replaced, answer_type == "percent"
            ),
            informer=frozenset(focused) if focus else self._informer(text, corrections, replaced),
            focus=frozenset(focused),
            # "and during the pandemic?": what the question before asked, under that condition
            qualifiers=(frozenset(focused) if _QUALIFYING.match(focus) else frozenset())
            | (
                frozenset(t for t in self.analyzer.terms(carried) if t in self.vocabulary)
                if carried
                else frozenset()
            ),
            replaced=replaced,
            rounded=guessed,
            bridges=bridges,
            # "what helped it grow?": a sentence saying "growth" says it in another form of the word
            derived=derived,
            specific=specific,
            places=places,
            exclusive=self._exclusive(text, tokens, specific),
            narrowed=self._narrowed(text, tokens),
            excluded=excluded,
            provenance=provenance,
            carried=carried,
            lettered=lettered(text),
            compared=self._compared(text, tokens),
            alone=alone,
            without=without,
            # "which is first?" asks for what holds a rank; "is it first?" is answered by the one it holds
            ranks=() if lacks(text, _RANK_NEEDS) or not asks_which(text) else ranks_asked(text),
            whole=bool(wholes),
            several=asks_for_several(text),
            place_kind=asks_for_place_kind(text),
            company=asks_for_company(text),
            made=frozenset(
                t.term
                for t in tokens
                if made is not None and made[0] <= t.start < made[1] and t.term not in places
            ),
            ahead=answer_type in ("date", "duration") and asks_ahead(text),
            # "who published ...?": asked of the document, which need not say "published"
            counts=tuple(
                (int(m.group(1)), self.analyzer.terms(m.group(2))[-1]) for m in count_asked if m.group(1)
            ),
            checked=tuple(dict.fromkeys(text[t.start : t.end] for t in checked if t.term[:1].isdigit())),
            fillers=self._fillers(text, tokens, count_asked, provenance)
            | frozenset(t.term for t in checked)
            | frozenset(told)
            | self._place_qualifiers(text, tokens, specific)
            | frozenset(t.term for t in tokens if any(a <= t.start < b for a, b in wholes))
            | frozenset(
                t.term for t in tokens if provenance and text[t.start : t.end].lower() in PROVENANCE_WORDS
            ),
            # "american" however written: the name of a place it pertains to, as specific ones are
            forms={
                t: found
                for t in specific | {t.term for t in tokens if self._of_place(t.term)}
                if t in self.vocabulary and (found := self._forms(t))
            },
            named=named,
            recalled=tuple(recalled),
            told=tuple(told),
            given=given,
            brought=frozenset(terms).difference(said_before) if context else frozenset(),
            about=about,
        )

    def _wholes(self, text: str, answer_type: str | None, places: AbstractSet[str]) -> list[tuple[int, int]]:
        """Where the question says it asks of a place as a whole: "the whole of Belgium", "the
        whole country", "in all belgium" (not "which regions ... the whole country?": its parts
        are what is asked)."""
        if answer_type == "place":
            return []
        wholes = (
            [] if lacks(text, ("whole", "entire", "all of")) else [m.span() for m in _WHOLE.finditer(text)]
        )
        if places and "all " in text.lower():  # "in all belgium", a learner's
            wholes += [
                (m.start(), m.start(1) + 1)
                for m in _ALL_PLACE.finditer(text)
                if set(self.analyzer.terms(m.group(1))) <= places
            ]
        return wholes

    def _compared(self, question: str, tokens: Sequence[Token]) -> tuple[str, ...]:
        """The names after the "than" of a comparison (`Query.compared`)."""
        if lacks(question, _COMPARISON_NEEDS) or (match := _COMPARISON.search(question)) is None:
            return ()
        stop = _CLAUSE_END.search(question, match.end())  # "more to us than to X, so ... Y": X only
        end = stop.start() if stop else len(question)
        words = [
            re.sub(r"['’]s$", "", question[t.start : t.end]) for t in tokens if match.end() <= t.start < end
        ]
        # "against Germany": places, not "vs. European cities"
        if not match.group(0).lower().endswith("than"):
            return tuple(w for w in words if fold_word(w) in self.places)
        return tuple(w for w in words if (w[:1].isupper() and not w.isupper()) or self.is_name(w))

    @staticmethod
    def _narrowed(question: str, tokens: Sequence[Token]) -> frozenset[str]:
        """Terms of what the question narrows itself to (`_NARROWED`)."""
        return _terms_where(_NARROWED, _NARROWED_NEEDS, question, tokens)

    @staticmethod
    def _excluded(question: str, tokens: Sequence[Token], specific: frozenset[str]) -> frozenset[str]:
        """Terms of the specific names the question sets aside (`_EXCLUDING`), and of whatever it
        says it does not mean (`_NOT_THE_ONE`)."""
        return (
            (_terms_where(_EXCLUDING, _EXCLUDING_NEEDS, question, tokens) & specific)
            | (_terms_where(_ONLY_ASKED, _ONLY_NEEDS, question, tokens) & specific)
            | (_terms_where(_INCLUDING, _INCLUDED_NEEDS, question, tokens) & specific)
            | (_terms_where(_INCLUDED, _INCLUDED_NEEDS, question, tokens) & specific)
            | _terms_where(_NOT_THE_ONE, ("not",), question, tokens)
        )

    def _place_qualifiers(
        self, question: str, tokens: Sequence[Token], specific: frozenset[str]
    ) -> frozenset[str]:
        """Terms of the names and the adjectives of names qualifying the kind of place asked for
        ("what American city"): a sentence saying "American" names no American city by it, so
        they are not looked for."""
        qualified = place_kind_qualified(question) if not lacks(question, ("which", "what")) else None
        if qualified is None:
            return frozenset()
        start, end = qualified
        return frozenset(
            t.term
            for t in tokens
            if start <= t.start < end
            and (t.term in specific or question[t.start : t.end].lower() in self.pertains)  # "american"
        )

    def _exclusive(self, question: str, tokens: Sequence[Token], specific: frozenset[str]) -> frozenset[str]:
        """Terms of the specific names the question insists on (`_EXCLUSIVE`)."""
        return _terms_where(_EXCLUSIVE, _EXCLUSIVE_NEEDS, question, tokens) & specific

    def _names_told(self, said: str) -> set[str]:
        """Terms of the names a text writes with capitals that are neither places nor English
        words ("PDC Line Pharma", not "My" or "Liège")."""
        found: set[str] = set()
        for run in _CAPITALISED_RUN.findall(said):
            if fold_word(run) not in self.places and not all(map(self.is_english, run.lower().split())):
                found.update(self.analyzer.terms(run))
        return found

    def is_name(self, word: str) -> bool:
        """Whether a word is a place (the gazetteer's) or one of the collection's names."""
        return fold_word(word) in self.places or any(t in self.names for t in self.analyzer.terms(word))

    def _fillers(
        self,
        question: str,
        tokens: Sequence[Token],
        count_asked: Sequence[re.Match[str]],
        provenance: str | None = None,
    ) -> frozenset[str]:
        """Terms of the words saying how the question is put (`FILLERS`, "is it true that", the
        counts of `count_asked`)."""
        opening = question.lstrip(" \t\"'“‘(¿¡")[:4].lower()
        framed = _FRAMING.match(question) if opening.startswith(("is ", "was ")) else None
        end = framed.end() if framed else 0
        lower = question.lower()
        asides = []
        if _ANY_ASIDE_CUE.search(lower):
            asides = [m.span() for m in _ASIDES.finditer(question)]
            if not provenance:
                asides += [m.span() for m in _AS_SOURCE.finditer(question)]
        counts = {m.span(g) for m in count_asked for g in (1, 3) if m.group(g)}
        if "," in question or lower.startswith(("mate", "dear", "sir", "madam")):
            asides += [m.span() for m in _VOCATIVE.finditer(question)]
        if holds_any(lower, _TOPIC_OPENER_NEEDS):
            asides += [m.span() for m in _TOPIC_OPENER.finditer(question)]
        if (tag := CHECK_TAG.search(question, max(0, len(question) - 48))) is not None:
            asides.append(tag.span())  # "..., right?": how the claim is put
        if "play" in lower:
            asides += [m.span(g) for m in _ROLE_PLAYED.finditer(question) for g in (1, 2)]
        # "pharma/medtech", "IP/intangible": alternatives, one the corpus has said for all of them
        offered = set()
        if "/" in question:
            for match in _ALTERNATIVES.finditer(question):
                within = [t for t in tokens if match.start() <= t.start < match.end()]
                if any(t.term in self.vocabulary for t in within):
                    offered |= {t.term for t in within if t.term not in self.vocabulary}
        return frozenset(
            t.term
            for t in tokens
            if t.term in offered
            or t.end <= end
            or question[t.start : t.end].lower() in FILLERS
            or (t.term == "one" and _ONE_FOR_A_THING.match(question, t.start) is not None)
            or (t.term.isdigit() and _AGE.match(question, t.start) is not None)  # "for 14 year olds"
            or any(a <= t.start < b for a, b in asides)
            or (not t.term.isdigit() and _HEDGED.fullmatch(question, t.start, t.end) is not None)
            or (t.start, t.end) in counts
        )

    def _asked(self, question: str) -> tuple[dict[str, str], tuple[Token, ...], list[str]]:
        """Spelling corrections, the question's tokens, and the terms asked (corrected)."""
        corrections = self._corrections(question) if self.spelling else {}
        tokens = tuple(self.analyzer.tokens(question))
        if not corrections:
            return corrections, tokens, [t.term for t in tokens]
        text = question
        for wrong, right in corrections.items():
            text = re.sub(rf"\b{re.escape(wrong)}\b", right, text, flags=re.IGNORECASE)
        return corrections, tokens, [t.term for t in self.analyzer.tokens(text)]

    def _addresses(self, kind: str) -> tuple[str, ...]:
        """The collection's e-mail addresses or web addresses (`kind` "email" or "contact", "web"),
        none when it has more than `ADDRESSES_MAX` of them: a contact is written to, not read."""
        found = self._address_kinds()["web" if kind == "web" else "email"]
        return found if len(found) <= ADDRESSES_MAX else ()

    def _address_kinds(self) -> dict[str, tuple[str, ...]]:
        """The collection's e-mail addresses and web addresses, found when first asked for."""
        if self._address_terms is None:
            self._address_terms = {
                "email": tuple(t for t in self._terms if "@" in t and "://" not in t),
                "web": tuple(t for t in self._terms if t.startswith(("http://", "https://", "www."))),
            }
        return self._address_terms

    def _address_naming(self, word: str) -> str | None:
        """The collection's one e-mail or web address with the word as a part of its name (not
        of a page's path), or joined to another word ("york": "newyork@..."), if there is
        exactly one."""
        if len(word) < ADDRESS_PART_MIN or not word.isalpha():
            return None
        return self._address_named(word)

    def _find_address_named(self, word: str) -> str | None:
        found = [
            address
            for addresses in self._address_kinds().values()
            for address in addresses
            if any(p.startswith(word) or p.endswith(word) for p in address_words(address))
        ]
        return found[0] if len(found) == 1 else None

    def _expansions(self, terms: list[str]) -> list[str]:
        """The curator synonyms and abbreviation expansions of the terms, in the collection."""
        expansions: list[str] = []
        present = set(terms)
        for term in dict.fromkeys(terms):
            for other in self._synonyms.of(term, present):
                if other in self.vocabulary and other not in terms and other not in expansions:
                    expansions.append(other)
        return expansions

    def _named(
        self, question: str, tokens: Sequence[Token], specific: frozenset[str], replaced: Mapping[str, str]
    ) -> tuple[dict[str, str], frozenset[str]]:
        """Specific words the collection has in another form: not searched as it, but not
        missing; and those of them that name what they pertain to ("Danish": Denmark)."""
        named = {}
        pertained = set()
        for token in tokens:
            t = token.term
            if t in specific and t not in self.vocabulary and t not in replaced:
                word = normalize(question[token.start : token.end])[0].lower()
                form = self._name_form(t, word)
                if form == t and (other := self._pertained(word)) is not None:
                    form = other
                    pertained.add(t)
                if form != t:
                    named[t] = form
        return named, frozenset(pertained)

    @staticmethod
    def _checked_type(
        question: str, tokens: Sequence[Token], asked: str | None, checked: Sequence[Token]
    ) -> str | None:
        """The kind of answer a check of a figure asks: the figure's own ("Grants cover up to 50%
        of costs, yes?": a share, not the money "costs" would ask), else `asked`."""
        if asked not in (None, "money", "number", "percent"):
            return asked
        if checked:
            return checked_kind(question, question[checked[0].start : checked[0].end])
        # a share the collection writes, checked ("up to 50% of R&D costs?"): not the money "costs" asks
        figure = next((t for t in tokens if t.term[:1].isdigit()), None) if asked == "money" else None
        if figure is None or not checks(without_asides(question)):
            return asked
        kind = checked_kind(question, question[figure.start : figure.end])
        return kind if kind == "percent" else asked

    def _checked(
        self,
        question: str,
        tokens: Sequence[Token],
        named: Mapping[str, str],
        counts: Sequence[re.Match[str]],
    ) -> list[Token]:
        """The tokens of the figures a yes-or-no check puts ("Is it 500 life science companies?",
        `Query.checked`): figures the collection lacks, not a year (when), nor one it writes in
        another form ("39k": "39,000", "about 15 percent": its 14.8 %), nor how many the answer is
        to list ("in the top 5?")."""
        listed = {m.start(1) for m in counts if m.group(1)}
        checked = [
            t
            for t in tokens
            if not t.term.isalpha()
            and t.start not in listed
            and not question[max(0, t.start - 4) : t.start]
            .lower()
            .endswith(("top ", "#"))  # "in the top 5?": a rank
            and t.term not in self.vocabulary
            and t.term not in named
            and any(c.isdigit() for c in t.term)
            and not _A_YEAR.fullmatch(t.term)
        ]
        if not checked or not checks(without_asides(question)):
            return []
        return checked + [  # "4th": "th" too
            t for t in tokens if t not in checked and any(c.start <= t.start < c.end for c in checked)
        ]

    def _pertained(self, word: str) -> str | None:
        """The collection's term for the name an adjective pertains to ("danish" -> "denmark")."""
        for other in self.pertains.get(word, ()):
            terms = self.analyzer.terms(other)
            if len(terms) == 1 and terms[0] in self.vocabulary:
                return terms[0]
        return None

    def _bridge(self, term: str) -> tuple[str, ...]:
        """The indexed terms a term the collection lacks is bridged to: its curator synonyms,
        then the words general English relates to it."""
        synonyms = [t for t in self._synonyms.of(term) if t in self.vocabulary]
        return tuple(dict.fromkeys([*synonyms, *self.bridges.get(term, ())]))

    def _find_forms(self, term: str) -> tuple[str, ...]:
        """The collection's terms for the same name in another form ("belgian" for "belgium",
        `same_name`), the term itself left out."""
        i = bisect.bisect_left(self._terms, term[:4])
        near = []
        while i < len(self._terms) and self._terms[i].startswith(term[:4]):
            if self._terms[i] != term and same_name(term, self._terms[i]):
                near.append(self._terms[i])
            i += 1
        # "American": America, which WordNet also calls the US ("major US companies")
        for place in self.pertains.get(term, ()):
            for other in self.bridges.get(place, ()):
                if other != term and other not in near and other in self.vocabulary:
                    near.append(other)
        # "US": "USA", "America", the country's other one-word names the collection writes
        for names, one_word in self._country_names(term):
            if one_word and names[0] != term and names[0] not in near:
                near.append(names[0])
        return tuple(near)

    def _of_place(self, term: str) -> bool:
        """Whether a term is an adjective of a country known by another name ("american": America,
        the US)."""
        return any(place in self.countries for place in self.pertains.get(term, ()))

    def _alias_phrases(self, term: str) -> tuple[tuple[str, ...], ...]:
        """The collection's terms for the country's names of several words that one-word name
        of it stands for ("US": "United Sates", a typo of "United States")."""
        return tuple(tuple(names) for names, one_word in self._country_names(term) if not one_word)

    def _country_names(self, term: str) -> Sequence[tuple[Sequence[str], bool]]:
        """The collection's terms for the other names of the country a one-word name of it stands
        for ("usa": "united sates", "american"), each with whether it is one word."""
        return self.countries.get(term, ())

    def _find_name_form(self, term: str, word: str) -> str:
        """The collection's form of a specific word it lacks: the same name in another form
        ("European" for "Europe", `same_name`), or the same name spelt one letter apart."""
        near = self._forms(term)
        if near:
            return min(near, key=lambda t: (abs(len(t) - len(term)), t))
        if term[:-1].isdigit() and term[-1] == "k":  # "39k people": "39,000"
            thousands = str(int(term[:-1]) * 1000)
            return thousands if thousands in self.vocabulary else term
        if not self.spelling or not word.isalpha():
            return term
        found = self._closest(word, limit=1)
        terms = self.analyzer.terms(found) if found else []
        return terms[0] if len(terms) == 1 and terms[0] in self.vocabulary else term

    def _replacement(self, term: str) -> str:
        """The indexed term that stands for an unindexed one: its other spelling or lemma
        (`variants`), the one address written with it, or the indexed stem it begins."""
        found = self.variants.get(term)
        if found is not None:
            return found
        numeral = _NUMERALS.get(term)
        if numeral is not None and numeral in self.vocabulary:  # "the 3 regions": "the three regions"
            return numeral
        address = self._address_naming(term)
        if address is not None:  # "awex": the only address written with it, "newyork@awex-wallonia.com"
            return address
        return self._stem_variant(term) if self.stem_variants else term

    def _rounded(self, question: str) -> tuple[dict[str, str], frozenset[str]]:
        """For each figure the question says roughly and the collection never writes ("about
        40 thousand", "300-odd", "a fifth"), the collection's figure it stands for (`figures`),
        each of its terms read as that figure's term; and the collection's figures the question
        guesses at (those, and the ones it writes as said: "350 or so")."""
        if lacks(question, _SAYS_FIGURE_NEEDS) or not _SAYS_FIGURE.search(question):
            return {}, frozenset()
        out: dict[str, str] = {}
        guessed: set[str] = set()
        for figure in said_figures(question):
            terms = self.analyzer.terms(question[figure.start : figure.end])
            if not terms:
                continue
            if all(t in self.vocabulary for t in terms):
                if figure.hedged:
                    guessed |= {t for t in terms if t[:1].isdigit()}
                continue
            if self._figures is None:
                written = self.vocabulary if self.figures is None else self.figures
                self._figures = sorted((float(t), t) for t in written if _FIGURE.fullmatch(t))
            near = nearest(figure, self._figures, self._scaled)
            if near is None:
                continue
            found, before_scale = near
            guessed.add(found)
            if found in terms:
                continue  # "600-odd" and the collection's "600": the figure as it writes it
            # "98 billion": the scale word stays, written as the collection writes it ("bn": "billion")
            kept = figure.scale if before_scale else None
            for term in terms:
                if kept is not None and SCALES.get(term) == kept:
                    if term != kept:
                        out[term] = kept
                elif term not in self.vocabulary or term[:1].isdigit():
                    out[term] = found
        return out, frozenset(guessed)

    def _as_workforce(
        self,
        question: str,
        match: re.Match[str],
        tokens: Sequence[Token],
        terms: list[str],
        replaced: dict[str, str],
    ) -> list[str]:
        """The terms of a question asking how many people work somewhere (`match`, of
        `idioms.WORKFORCE_ASKED`), the everyday words it says it with that the collection lacks
        ("folks", "earn a wage") read as the collection's word for jobs (`replaced` records it)."""
        if not self._workforce:
            return terms
        spans = [match.span(g) for g in ("who", "doing") if match.group(g)]
        for token in tokens:
            word = question[token.start : token.end].lower()
            if (
                token.term not in self.vocabulary
                and word not in idioms.WORKFORCE_PLAIN  # "people work": weighed as they always were
                and any(a <= token.start < b for a, b in spans)
            ):
                replaced[token.term] = self._workforce[0]
        return [replaced.get(t, t) for t in terms]

    def _renumbered(self, question: str) -> dict[str, str]:
        """The numbers of a phase or stage ("phase 2", "stage IV") the collection writes only in
        the other numerals after the same word (`numbered`), each read as it writes it ("ii")."""
        out: dict[str, str] = {}
        for step, number in numbered(question):
            other = ROMAN.get(number)
            if other is None:
                continue
            if self.numbered is None:  # what it writes after the word unknown: what it writes at all
                written: Container[str] = () if number in self.vocabulary else self.vocabulary
            else:
                written = () if number in self.numbered.get(step, ()) else self.numbered.get(step, ())
            if other in written and other in self.vocabulary:
                out[number] = other
        return out

    def _scaled(self, term: str, scale: str) -> bool:
        """Whether the collection writes a scale word ("billion") after a figure ("98")."""
        if self.figures is None:
            return scale in self.vocabulary
        return scale in self.figures.get(term, ())

    def _counted(
        self,
        question: str,
        expansions: list[str],
        workforce: bool,
        corrections: Mapping[str, str],
        replaced: Mapping[str, str],
        share: bool = False,
    ) -> frozenset[str]:
        """What "how many" counts, or for a `share`, what "what share of" is of: the head of the noun phrase
        after it (spelling corrected, in the collection's form), with its own synonyms (not those
        of the question's other words); for "how many people work", the jobs."""
        extra = frozenset(self._workforce) if workforce else frozenset()
        if share:
            match = None if lacks(question, _SHARE_OF_NEEDS) else _SHARE_OF_RE.search(question)
            if match is None and "rate" in question.lower():
                match = _RATE_RE.search(question)  # "the annual growth rate": a rate of growth
        else:
            match = None if lacks(question, _COUNTED_NEEDS) else _COUNTED_RE.search(question)
        if not match:
            return extra
        words = match.group(1).split()
        if words[0].lower() not in _AUXILIARIES:  # not "how many had HIV?", where HIV is what is asked
            words = [w for w in words if not self.is_name(w)] or words
        head = _counted_head(words)
        if head.lower() == "ones":  # "the airports, how many of the big ones?": the airports
            named = plural_nouns(question[: match.start()])
            if not named:
                return extra  # what the ones are is said before the question
            head = named[-1]
        head = corrections.get(normalize(head)[0].lower(), head)
        terms = {replaced.get(t, t) for t in self.analyzer.terms(head)}
        return extra | frozenset(
            terms | {e for e in expansions if any(e in self._synonyms.of(t, terms) for t in terms)}
        )

    def _informer(
        self, question: str, corrections: Mapping[str, str], replaced: Mapping[str, str]
    ) -> frozenset[str]:
        """The terms of the head noun a "what" or "which" question asks for, or of the words a
        question put as keywords opens with, in the collection's form."""
        span = informer_span(question)
        # not "Belgium is compared to which hub?": a question, whose first words are no topic
        if span is None and not asks_which(question) and (topic := _TOPIC_FIRST.match(question)):
            span = topic.span(1)  # "tax breaks for start-ups": all of what a keyword query asks about
        if span is None and not lacks(question, _STRANDED_NEEDS) and (stranded := _STRANDED.match(question)):
            span = stranded.span(1)  # "what was it combined with?": what it was combined with
        if (
            span is None
            and not lacks(question, _PREDICATE_NEEDS)
            and (predicate := _PREDICATE.match(question))
        ):
            span = predicate.span(1)  # "is the lung vaccine safe?": whether it is safe
        if span is None:
            return frozenset()
        head = question[span[0] : span[1]]
        head = corrections.get(normalize(head)[0].lower(), head)
        return frozenset(replaced.get(t, t) for t in self.analyzer.terms(head))

    def _find_derived(self, term: str) -> tuple[str, ...]:
        """The collection's terms for other forms of a word it has: derived forms the stemmer
        keeps apart ("grow": "growth", from the related words sharing its first four letters) and
        compounds of it ("therapi": "immunotherapi")."""
        related = [b for b in self.bridges.get(term, ()) if b[:4] == term[:4] != b]
        if len(term) >= 5 and term.isalpha():
            related += self._compounds(term)
        return tuple(related)

    def _compounds(self, term: str) -> list[str]:
        """The collection's terms made of a combining form and `term` ("biologist" for "logist")."""
        return [p + term for p in COMBINING_FORMS if p + term in self.vocabulary]

    def _stem_variant(self, term: str) -> str:
        """An unindexed stem that begins an indexed one stands for it: the stemmer cuts
        "producing" to "produc" but "production" to "product"."""
        if term in self.vocabulary or len(term) < 5 or not term.isalpha():
            return term
        # a compound the question asks without its first part: "logistics" for "biologistics"
        compounds = self._compounds(term)
        if compounds:
            return compounds[0]
        i = bisect.bisect_left(self._terms, term)
        if i < len(self._terms) and self._terms[i].startswith(term):
            if self._terms[i] in OVERSTEMMED_STEMS:  # "import" is not a cut "importan(t)"
                return term
            if len(self._terms[i]) - len(term) <= 3:
                return self._terms[i]
            # a long word cut short ("radiopharma"): the one indexed term it begins
            unique = i + 1 == len(self._terms) or not self._terms[i + 1].startswith(term)
            if len(term) >= CLIPPED_MIN and unique:
                return self._terms[i]
        return term

    def _corrections(self, question: str) -> dict[str, str]:
        if not self._words:
            return {}
        folded, _ = normalize(question)
        out: dict[str, str] = {}
        for word in _WORD_RE.findall(folded):
            best = self._correction(word)
            if best is not None:
                out[word] = best
        return out

    def _respellings(
        self, question: str, tokens: Sequence[Token], corrections: Mapping[str, str]
    ) -> dict[str, str]:
        """The everyday English word each uncorrected word unknown to the corpus and to English
        misspells ("peple": "people"): not searched, but no more a rare word than it. A word
        written with a capital inside the question is left alone: a name English lacks."""
        out = {}
        for t in tokens:
            word = question[t.start : t.end].lower()
            if t.term in self.vocabulary or word in corrections or not word.isalpha():
                continue
            if (right := self._respelt(word)) is not None:
                out[word] = right
        if out:
            names = _capitalised(question)
            out = {word: right for word, right in out.items() if word not in names}
        return out

    def _find_correction(self, word: str) -> str | None:
        terms = self.analyzer.terms(word)
        if not terms or all(t in self.vocabulary for t in terms):
            return None  # a stopword, or a word the corpus knows
        if self.is_english(word):  # a real word the corpus lacks: correcting it would change the question
            return self._particle_split(word)  # but "startups" may be what it writes "start-ups"
        return self._split(word) or self._closest(word) or self._shortened(word) or self._cognate(word)

    def _cognate(self, word: str) -> str | None:
        """The corpus word another language's word is a cognate of ("tratamentos": "treatments",
        "cliniques": "clinical"): one beginning as it does for `COGNATE_PREFIX` letters or more,
        or spelt alike (`COGNATE_LIKENESS`), with the same first two letters."""
        if len(word) < COGNATE_PREFIX or not word.isalpha() or self._address_naming(word) is not None:
            return None  # "ligurebio": the address named with it
        from rapidfuzz.fuzz import ratio

        i = bisect.bisect_left(self._words, word[:2])
        best: tuple[int, float, str] | None = None
        while i < len(self._words) and self._words[i].startswith(word[:2]):
            w = self._words[i]
            i += 1
            if len(w) < COGNATE_PREFIX or w in STOPWORDS or w.startswith(word):
                continue  # a word cut short is `_shortened`'s
            shared = next(
                (k for k, (a, b) in enumerate(zip(w, word, strict=False)) if a != b), min(len(w), len(word))
            )
            alike = ratio(w, word)
            if (shared >= COGNATE_PREFIX or alike >= COGNATE_LIKENESS) and (
                best is None or (shared, alike) > best[:2]
            ):
                best = (shared, alike, w)
        return None if best is None else best[2]

    def _shortened(self, word: str) -> str | None:
        """The one rare word of the corpus a word cut short begins ("pembro": "pembrolizumab"),
        as clinicians and traders shorten a long name: not an English word it begins, which
        the cut could as well be ("immuno": "immunology" or "immunotherapy")."""
        if len(word) < SHORTENED_MIN or not word.isalpha():
            return None
        i = bisect.bisect_left(self._words, word)
        longer = []
        while i < len(self._words) and self._words[i].startswith(word):
            if len(self._words[i]) >= len(word) + 3:
                longer.append(self._words[i])
            i += 1
        if not longer or any(self.is_english(w) for w in longer):
            return None
        stems = {self.analyzer.stem_cache.get(w) for w in longer}
        return min(longer, key=len) if len(stems) == 1 else None

    def _split(self, word: str) -> str | None:
        """Two everyday words of the corpus run together ("lifescience"), as two words: not a
        technical word that happens to begin with one ("hyperglycemia")."""
        for i in range(3, len(word) - 2):
            left, right = word[:i], word[i:]
            if (
                left in self._known
                and right in self._known
                and self.is_english(left)
                and self.is_english(right)
            ):
                return f"{left} {right}"
        return None

    def _particle_split(self, word: str) -> str | None:
        """A noun made of a verb and its particle ("startups", "spinoffs", "followups") as two
        words, when the corpus writes both (as "start-ups")."""
        parts = _PARTICLE_NOUN.fullmatch(word)
        if parts is None or parts[1] not in self._known or parts[2] not in self._known:
            return None
        return f"{parts[1]} {parts[2]}" if self.is_english(parts[1]) else None

    def _closest(self, word: str, limit: int | None = None) -> str | None:
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        if limit is None:
            limit = 1 if len(word) < 7 else 2
        # Only words with the same first letter: typists rarely get the first letter wrong, and
        # a word the corpus lacks (a drug or gene name) otherwise turns into an unrelated one
        # ("nexin" into "kexin", "dulse" into "pulse") instead of being named as unknown.
        candidates = [w for w in self._words if w[0] == word[0] and abs(len(w) - len(word)) <= limit]
        match = process.extractOne(word, candidates, scorer=Levenshtein.distance, score_cutoff=limit)
        if match is not None:
            return str(match[0])
        # Spelt as it sounds ("biotek", "farma"): the same comparison between the words as heard.
        heard = _as_heard(word)
        sounds = {
            folded: w
            for w in self._words
            if abs(len(w) - len(word)) <= limit + 1 and (folded := _as_heard(w))[0] == heard[0]
        }
        match = process.extractOne(heard, list(sounds), scorer=Levenshtein.distance, score_cutoff=limit - 1)
        return None if match is None else sounds[match[0]]
