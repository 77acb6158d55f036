"""Figures as visitors say them: "about 40 thousand", "close to a hundred billion", "300-odd",
"5bn", "a fifth", "two thirds". Each is read as a value and the range of values it means, so
the collection's own figure within that range ("39,000", "98", "350", "20 %") is the one meant.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from askbio.answer_types import lacks

if TYPE_CHECKING:
    from askbio.text import Analyzer

# A figure said roughly ("about 15", "15 or so") or rounded ("40 thousand", "a fifth") means any
# value within this share of it.
ROUGHLY = 0.1

SCALES = {
    "k": "thousand", "thousand": "thousand", "thousands": "thousand",
    "m": "million", "mn": "million", "mln": "million", "million": "million", "millions": "million",
    "b": "billion", "bn": "billion", "bln": "billion", "billion": "billion", "billions": "billion",
    "trillion": "trillion",
}  # fmt: skip
SCALE_VALUES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_UNITS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}  # fmt: skip
WORD_VALUES = {w: n for n, w in enumerate(_UNITS)} | _TENS | {"a": 1, "an": 1}
_DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
    "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9,
    "ninths": 9, "tenth": 10, "tenths": 10,
}  # fmt: skip

_ROUGH_BEFORE = (
    r"(?:\b(?:about|around|roughly|approximately|approx\.?|nearly|almost|circa|some|close to|near|"
    r"something like|in the region of|ballpark)\s+|~\s*)"
)
_WORD = "|".join(sorted(WORD_VALUES.keys() - {"a", "an"}, key=len, reverse=True))
_SCALE = "|".join(sorted(SCALES, key=len, reverse=True))
_CURRENCY = r"(?:(?:eur|usd|gbp|€|\$|£)\s*)?"
# digits, or number words ("forty", "forty-five", "a hundred"), then a scale word
_AMOUNT = re.compile(
    rf"(?P<rough>{_ROUGH_BEFORE})?{_CURRENCY}"
    rf"(?:(?P<digits>(?<![\w.,/-])\d[\d,]*(?:\.\d+)?(?=[^\w/-]|$|(?:{_SCALE})\b|-(?:odd|ish)\b))"
    rf"|(?P<words>\b(?:(?:{_WORD}|an?)(?:[\s-]+(?:{_WORD}|hundred|and))*[\s-]+hundred|(?:{_WORD})(?:-(?:{_WORD}))?)\b))"
    rf"(?:\s?(?P<scale>(?:{_SCALE}))\b)?"
    r"(?P<odd>-?odd\b|\s+odd\b|\s+or so\b|\s+give or take\b|-ish\b)?",
    re.I,
)
# "a fifth", "two thirds", "half of": a share
_FRACTION = re.compile(
    r"(?<!\bthe )\b(?P<count>a|an|one|two|three|four|five|six|seven|eight|nine)\s+"
    r"(?P<part>halves|half|thirds?|quarters?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)\b"
    # (not a bound: "more than half of the patients" is a majority, no figure)
    r"|(?<!\bthan )(?<!\bover )(?<!\bunder )(?<!\bleast )\b(?P<half>half)\b"
    r"(?=\s+(?:of|the|its|their|what|all|our|your|my)\b|\s*[?.!,]|\s*$)",
    re.I,
)


_YEAR = re.compile(r"(?:19|20)\d\d")


class SaidFigure(NamedTuple):
    """A figure of a question: where it is (from its first digit or number word), its value as
    said before any scale word, the scale word's name ("billion") and the values it means, in
    the same units as `value`."""

    start: int
    end: int
    value: float
    scale: str | None
    low: float
    high: float
    share: bool  # a fraction said in words, meaning a percentage
    hedged: bool = False  # said to be rough ("about", "-odd", "or so"), not only rounded


def said_figures(question: str) -> list[SaidFigure]:
    """The figures of a question that it says roughly: after "about" and the like, "-odd", in
    words, as a fraction, or rounded to one significant digit. Figures said exactly ("39,512",
    "14.8 %") are not among them: the collection writes them so or not at all."""
    out: list[SaidFigure] = []
    taken: list[tuple[int, int]] = []
    for m in _FRACTION.finditer(question):
        if m.group("half"):
            value = 50.0
        else:
            count = WORD_VALUES[m.group("count").lower()]
            part = m.group("part").lower()
            value = 100.0 * count / _DENOMINATORS[part]
            if count > 1 and not part.endswith("s") and part != "half":
                continue  # "two fifth"? not a share said plainly
        out.append(
            SaidFigure(m.start(), m.end(), value, None, value * (1 - ROUGHLY), value * (1 + ROUGHLY), True)
        )
        taken.append(m.span())
    for m in _AMOUNT.finditer(question):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        value = _value(m.group("digits"), m.group("words")) or 0.0
        if value <= 0:
            continue
        scale = SCALES[m.group("scale").lower()] if m.group("scale") else None
        words = m.group("words") is not None
        if words and scale is None and value < 100:
            continue  # "one", "two": numerals the collection's own forms already meet
        if m.group("scale") and m.group("scale").lower() in ("m", "b") and not m.group("digits"):
            continue  # "a m...": no figure
        if scale is None and m.group("digits") and _YEAR.fullmatch(m.group("digits")):
            continue  # "about 2020": a year, not an amount
        odd = (m.group("odd") or "").strip(" -").lower()
        if odd == "odd":
            low, high = value, value + 10 ** math.floor(math.log10(value))  # "300-odd": 300 to 399
        elif m.group("rough") or odd or words or _rounded(m.group("digits") or ""):
            low, high = value * (1 - ROUGHLY), value * (1 + ROUGHLY)
        else:
            continue
        start = m.start("digits") if m.group("digits") else m.start("words")
        hedged = bool(m.group("rough") or odd)
        out.append(SaidFigure(start, m.end(), value, scale, low, high, False, hedged))
    return sorted(out)


def _value(digits: str | None, words: str | None) -> float | None:
    """The value of a figure written in digits ("39,000", "5.3") or words ("a hundred", "forty")."""
    if digits is not None:
        try:
            return float(digits.replace(",", ""))
        except ValueError:
            return None
    value = 0.0
    for word in re.split(r"[\s-]+", (words or "").lower()):
        if word == "hundred":
            value = (value or 1.0) * 100  # "a hundred", "two hundred"
        elif word in WORD_VALUES:
            value += WORD_VALUES[word]
        elif word != "and":
            return None
    return value


def _rounded(digits: str) -> bool:
    """Whether a figure in digits has one significant digit ("40", "300", "5"): a round figure,
    said as one rather than read off a page."""
    plain = digits.replace(",", "")
    if "." in plain:
        return False
    return len(plain.rstrip("0")) == 1


def nearest(
    figure: SaidFigure, collection: Sequence[tuple[float, str]], scaled: Callable[[str, str], bool]
) -> tuple[str, bool] | None:
    """The collection's figure term (`collection`: value and term) that `figure` stands for,
    within its range and nearest to its value, and whether it was compared as written before
    the scale word, which the collection writes after it too (`scaled(term, scale)`: "98" of "98
    billion"), rather than as a whole value ("40 thousand": "39000")."""
    found = []
    for value, term in collection:
        ways = [(SCALE_VALUES[figure.scale], False)] if figure.scale is not None else [(1.0, False)]
        if figure.scale is not None and scaled(term, figure.scale):
            ways.append((1.0, True))
        for factor, before_scale in ways:
            if figure.low * factor <= value <= figure.high * factor:
                found.append(
                    (abs(value - figure.value * factor) / (figure.value * factor), term, before_scale)
                )
    if not found:
        return None
    _, term, before_scale = min(found)
    return term, before_scale


# A figure of a text, not part of a code ("PDC-LUNG-101"), and the scale word after it.
_WRITTEN = re.compile(
    rf"(?<![\w.,*/-])(\d[\d,]*(?:\.\d+)?)(?![\w*/-]|[.,]\d)(?:\s?({_SCALE})\b)?",
    re.I,
)


def collection_figures(texts: Iterable[str], analyzer: Analyzer) -> dict[str, list[str]]:
    """Each figure term a collection writes as an amount (not part of a code), and the scale
    words it writes after it ("98": ["billion"]), for `nearest`."""
    out: dict[str, list[str]] = {}
    for text in texts:
        if not any(c.isdigit() for c in text):
            continue
        for m in _WRITTEN.finditer(text):
            terms = analyzer.cached_terms(m.group(1))
            if len(terms) != 1:
                continue
            scales = out.setdefault(next(iter(terms)), [])
            scale = SCALES[m.group(2).lower()] if m.group(2) else None
            if scale is not None and scale not in scales:
                scales.append(scale)
    return out


# "phase 2", "stage IV", "phases 1 or 2": the numbers of an ordered step, which a text may write in
# Roman numerals ("phase I/II") where a question writes digits, or the other way round
# The ordered steps a numeral follows: a text naming none numbers none.
NUMBERED_STEPS = ("phase", "stage", "grade", "cohort", "tier", "step", "level")
_NUMBERED = re.compile(
    rf"\b({'|'.join(NUMBERED_STEPS)})s?\s+"
    r"((?:\d{1,2}|[ivx]{1,4})(?:\s*(?:,|/|or|and|-|to)\s*(?:\d{1,2}|[ivx]{1,4}))*)\b",
    re.I,
)
ROMAN = {"1": "i", "2": "ii", "3": "iii", "4": "iv", "5": "v", "6": "vi", "7": "vii", "8": "viii", "9": "ix", "10": "x"}  # fmt: skip
ROMAN |= {roman: digits for digits, roman in ROMAN.items()}


def numbered(text: str) -> Iterator[tuple[str, str]]:
    """Each ordered step a text numbers ("phase I/II": ("phase", "i"), ("phase", "ii")), its
    numerals in lower case."""
    if lacks(text, NUMBERED_STEPS):
        return
    for match in _NUMBERED.finditer(text):
        for number in re.findall(r"\d+|[ivx]+", match.group(2).lower()):
            yield match.group(1).lower(), number


def collection_numbered(texts: Iterable[str]) -> dict[str, list[str]]:
    """The numerals a collection writes after each kind of ordered step ("phase": ["i", "ii"]),
    for a question numbering it otherwise."""
    out: dict[str, list[str]] = {}
    for text in texts:
        for step, number in numbered(text):
            found = out.setdefault(step, [])
            if number not in found:
                found.append(number)
    return out
