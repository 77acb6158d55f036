"""General English: word frequencies (wordfreq's tables) and related words (WordNet), for
question words a corpus lacks.

The index carries the 50,000 most common English words with their Zipf frequency and their
stems, so answering a question needs neither wordfreq nor NLTK to be imported (each costs a
noticeable part of a second at start-up); a word outside the list is rarer than any in it. It
also carries the bridges from those words to the collection's own (`bridges`), and the names
the collection writes, which English does not use as common words (`collection_names`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from askbio.text import Analyzer

ENGLISH_WORDS = 50_000
COMMON_ZIPF = 2.5  # a word at least this frequent is "common English" (the list ends near 2.55)
RESPELT_ZIPF = 4.0  # a misspelt word is read only as an English word at least this frequent
_POSSESSIVE = re.compile(r"['’]s?$")  # "grandchildren's", "parents'"


@lru_cache(maxsize=1)
def english_frequencies(n: int = ENGLISH_WORDS) -> dict[str, float]:
    """The n most common alphabetic English words and their Zipf frequency (built once)."""
    from wordfreq import top_n_list, zipf_frequency

    return {w: round(zipf_frequency(w, "en"), 2) for w in top_n_list("en", n) if w.isalpha()}


# Languages a visitor may write some words of in an English question ("c'est un peu ambitieux,
# non?"), and how many of each one's commonest words are kept as everyday words.
FOREIGN_LANGUAGES = ("fr", "es", "de", "nl", "it", "pt")
FOREIGN_WORDS_KEPT = 5_000


def foreign_words(n: int = FOREIGN_WORDS_KEPT) -> list[str]:
    """The commonest words of other languages that are no common English word ("essais",
    "ambitieux"): everyday words of a question typed partly in them, not names to look for."""
    from wordfreq import top_n_list

    from askbio.text import fold

    english = english_frequencies()
    found = {
        folded
        for lang in FOREIGN_LANGUAGES
        for w in top_n_list(lang, n)
        if len(w) > 2
        and w.replace("'", "").isalpha()
        and max(english.get(w, 0.0), english.get(folded := fold(w), 0.0)) < COMMON_ZIPF  # "président"
    }
    return sorted(found)


class Lexicon:
    """Zipf frequencies of English words: from a stored table, or wordfreq when there is none;
    and the commonest words of other languages (`foreign_words`), when given."""

    def __init__(self, zipf: dict[str, float] | None = None, foreign: Iterable[str] = ()) -> None:
        self.table = zipf or {}
        self.foreign = frozenset(foreign)
        self._by_initial: dict[str, list[str]] | None = None

    def zipf(self, word: str) -> float:
        word = word.lower()
        if self.table:
            return self.table.get(word, 0.0)
        from wordfreq import zipf_frequency

        return float(zipf_frequency(word, "en"))

    def is_common(self, word: str) -> bool:
        """Is `word` in common English use? (Misspellings of rare words are not.) A possessive
        is as common as its noun ("grandchildren's"), a hyphenated compound as its rarest part
        ("medicine-making")."""
        if self.zipf(word) >= COMMON_ZIPF:
            return True
        bare = _POSSESSIVE.sub("", word)
        if bare != word:
            return self.is_common(bare)
        parts = word.split("-")
        return len(parts) > 1 and all(parts) and all(self.zipf(p) >= COMMON_ZIPF for p in parts)

    def is_everyday(self, word: str) -> bool:
        """Is `word` everyday English, or an everyday word of another language (`foreign_words`)?"""
        if self.is_common(word):
            return True
        from askbio.text import fold

        folded = fold(word.lower()).replace("’", "'")
        if folded in self.foreign or folded.rpartition("'")[2] in self.foreign:  # "c'est": "est"
            return True
        return folded != word.lower() and self.is_common(folded)  # "inversión": "inversion"

    def respelt(self, word: str) -> str | None:
        """The everyday English word a rare, unknown one is most likely a misspelling of ("peple":
        "people", "recieve": "receive"): one letter added, dropped, changed or two swapped, the
        first letter kept; the most frequent such word. None when there is none."""
        word = word.lower()
        if self.zipf(word) > 0 or len(word) < 5:
            return None  # English has it, rare or not: a real word, or a name
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        candidates = [w for w in self._frequent().get(word[0], ()) if abs(len(w) - len(word)) <= 1]
        near = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=1, limit=None)
        # A letter after a whole word more likely makes a term of its own ("capex") than a typo.
        found = [w for w, _, _ in near if not (word.startswith(w) and word[-1] != "s")]
        return max(found, key=self.zipf) if found else None

    def _frequent(self) -> dict[str, list[str]]:
        """The words at least RESPELT_ZIPF frequent, by first letter (worked out once)."""
        if self._by_initial is None:
            table = self.table or english_frequencies()
            self._by_initial = {}
            for w, zipf in table.items():
                if zipf >= RESPELT_ZIPF:
                    self._by_initial.setdefault(w[0], []).append(w)
        return self._by_initial

    def informativeness(self, word: str) -> float:
        """How much a word says about what a question is about, from 0.3 (everyday) to 1.2
        (rare): missing "waffles" says more about a question being off-topic than missing
        "people"."""
        zipf = self.zipf(word)
        if zipf <= 0:
            return 1.2  # unknown to English too: a name, a code or a typo
        return min(1.2, max(0.3, (7.5 - zipf) / 4.5))


@lru_cache(maxsize=1)
def related_words() -> dict[str, tuple[str, ...]]:
    """Common English words and the words WordNet 3.0 relates to them in their most frequent
    senses, synonyms and derived forms, closest first (data/wordnet.tsv.gz, derived by
    scripts/wordnet_table.py; its licence is data/WORDNET-LICENSE)."""
    return _table("data/wordnet.tsv.gz")


@lru_cache(maxsize=1)
def pertainyms() -> dict[str, tuple[str, ...]]:
    """Adjectives and adverbs and the words WordNet 3.0 says they pertain to ("danish" ->
    "denmark", "economic" -> "economy"; data/pertainyms.tsv.gz, derived by
    scripts/wordnet_table.py; its licence is data/WORDNET-LICENSE)."""
    return _table("data/pertainyms.tsv.gz")


@lru_cache(maxsize=1)
def noun_kinds() -> dict[str, tuple[str, ...]]:
    """Common nouns and WordNet 3.0's broad kind of their commonest sense, its lexicographer
    file ("lung", "breast": "08", parts of the body; data/noun-kinds.tsv.gz, derived by
    scripts/wordnet_table.py; its licence is data/WORDNET-LICENSE)."""
    return _table("data/noun-kinds.tsv.gz")


def noun_kind(word: str) -> str | None:
    """The broad kind of thing a noun names ("08" for "lung" and "lungs"), None if unknown."""
    kinds = noun_kinds()
    word = word.lower()
    found = kinds.get(word) or (kinds.get(word[:-1]) if word.endswith("s") else None)
    return found[0] if found else None


def _table(path: str) -> dict[str, tuple[str, ...]]:
    """A table of the package's data: a word and the words it leads to, a line each."""
    import gzip
    from importlib.resources import files

    with files("askbio").joinpath(path).open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
        return {word: tuple(found.split()) for word, found in (line.rstrip("\n").split("\t") for line in f)}


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    """Names of continents, countries, US states and cities of 100,000 people or more, folded
    to lower case without accents (data/places.txt.gz, derived from GeoNames by
    scripts/places_table.py; its licence is data/PLACES-LICENSE)."""
    with _places_file() as f:
        return frozenset(line.split("\t", 1)[0] for line in f)


@lru_cache(maxsize=1)
def place_kinds() -> dict[str, frozenset[str]]:
    """Each of `places()` and its kinds: "continent", "country", "state" or "city" (read only
    when a question asks for a kind of place: it takes as long again as the names)."""
    with _places_file() as f:
        rows = [line.rstrip("\n").split("\t") for line in f]
    shared: dict[str, frozenset[str]] = {}  # a handful of distinct kinds, shared by the 63,000 names
    return {name: shared.setdefault(kinds, frozenset(kinds.split())) for name, kinds in rows}


@lru_cache(maxsize=1)
def place_aliases() -> dict[str, str]:
    """Other names of countries ("america", "the states", "us", "holland"), each with the name
    in `places()` ("united states"), folded as they are (data/place-aliases.tsv.gz, derived from
    WordNet by scripts/places_table.py; its licence is data/WORDNET-LICENSE)."""
    import gzip
    from importlib.resources import files

    with (
        files("askbio").joinpath("data/place-aliases.tsv.gz").open("rb") as raw,
        gzip.open(raw, "rt", encoding="utf-8") as f,
    ):
        return dict(line.rstrip("\n").split("\t", 1) for line in f)


@contextmanager
def _places_file() -> Iterator[TextIO]:
    import gzip
    from importlib.resources import files

    with (
        files("askbio").joinpath("data/places.txt.gz").open("rb") as raw,
        gzip.open(raw, "rt", encoding="utf-8") as f,
    ):
        yield f


def bridges(vocabulary: Mapping[str, int], synonyms: Sequence[Sequence[str]] = ()) -> dict[str, list[str]]:
    """For the term of each common English word, the collection's terms it is bridged to: those
    of the words WordNet relates to it and of those words' curator synonyms (`synonyms`, groups
    of words), closest first. A question's everyday word reaches passages that word it otherwise."""
    from askbio.text import Synonyms

    groups = Synonyms(_analyzer(), synonyms)
    out: dict[str, list[str]] = {}
    for key, related in _related_terms().items():
        targets: list[str] = []
        for term in related:
            for target in (term, *groups.of(term)):
                if target != key and target in vocabulary and target not in targets:
                    targets.append(target)
        if targets:
            out[key] = targets
    return out


# A word a collection only ever capitalises is one of its names when English rarely uses it
# (below this Zipf frequency) or it names a place: "Flanders", not the "Trade" of "Wallonia Trade".
NAME_ZIPF = 3.5
_NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_MID_SENTENCE = re.compile(r"[^\s\"'“‘(.!?:][\s\"'“‘(]*\Z")  # what comes before a word inside a sentence


def collection_names(
    texts: Iterable[str], analyzer: Analyzer, zipf: Callable[[str], float], places: Container[str] = ()
) -> list[str]:
    """Terms of the names a collection writes: words it capitalises inside sentences and never
    writes in lower case, rare in English or places (`places`, folded as `places()` is). A
    visitor typing them in lower case ("in flanders") still names them."""
    from askbio.text import fold

    capitalised: set[str] = set()
    lower: set[str] = set()
    for text in texts:
        for match in _NAME_WORD.finditer(text):
            word = match.group()
            if not word[:1].isupper():
                lower.add(word.lower())
            elif not word.isupper() and _MID_SENTENCE.search(text, max(0, match.start() - 16), match.start()):
                capitalised.add(word.lower())
    names = {
        t
        for word in capitalised - lower
        if zipf(word) < NAME_ZIPF or fold(word).replace("-", " ") in places
        for t in analyzer.terms(word)
    }
    return sorted(names)


# A country's other name is found spelt a letter apart only when it has this many letters
# ("United Sates"; not "PRC" as "PDC").
ALIAS_TYPO_MIN = 5


def country_forms(
    vocabulary: Mapping[str, int], analyzer: Analyzer, texts: Iterable[str] = ()
) -> dict[str, list[tuple[list[str], bool]]]:
    """For the term of each one-word name of a country ("usa", "america", "belgium";
    `place_aliases`), the collection's terms for its other names, each with whether that name is
    one word: spelt as the collection spells them, a letter apart at most for a word of
    `ALIAS_TYPO_MIN` letters or more ("states": "Sates"), a name of several words as `texts`
    write it together ("United Sates", not "United Stages"); the names it does not write left
    out. Worked out when the index is built (the analyser stems every name then)."""
    from itertools import product

    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    by_initial: dict[str, list[str]] = {}
    for w, stem in analyzer.stem_cache.items():
        if stem in vocabulary and w.isalpha():
            by_initial.setdefault(w[0], []).append(w)
    written = " ".join(" ".join(t.lower().split()) for t in texts)

    def spellings(word: str) -> list[str]:
        terms = analyzer.terms(word)
        if terms and all(t in vocabulary for t in terms):
            return [word]
        if len(word) < ALIAS_TYPO_MIN:
            return []
        near = process.extract(
            word, by_initial.get(word[0], []), scorer=Levenshtein.distance, score_cutoff=1, limit=None
        )
        return sorted(str(w) for w, _, _ in near)

    def said(name: str) -> list[str] | None:
        words = [w for w in name.split() if analyzer.terms(w)]  # not "of"
        options = [spellings(w) for w in words]
        if not words or not all(options):
            return None
        if len(words) == 1:
            return [t for t in analyzer.terms(options[0][0]) if t in vocabulary] or None
        for choice in product(*options):
            if " ".join(choice) in written or not written:
                return [t for w in choice for t in analyzer.terms(w) if t in vocabulary]
        return None

    groups: dict[str, list[str]] = {}
    for alias, country in place_aliases().items():
        groups.setdefault(country, [country]).append(alias)
    out: dict[str, list[tuple[list[str], bool]]] = {}
    for names in groups.values():
        spelt = [(name, said(name)) for name in names]
        for name in names:
            own = analyzer.terms(name)
            if len(own) != 1 or " " in name:  # "usa", "america"; not "the states"
                continue
            found = [
                (terms, " " not in other)
                for other, terms in spelt
                if other != name and terms and terms != own and (" " not in other or len(terms) > 1)
            ]
            for f in found:
                if f not in (known := out.setdefault(own[0], [])):
                    known.append(f)
    return out


def variants(vocabulary: Mapping[str, int]) -> dict[str, str]:
    """For the term of each common English word that the collection lacks, the collection's
    term for the same word in another form: its other spelling (British or American, breame's
    tables) or its lemma ("biggest" -> "big", lemminflect's)."""
    out: dict[str, str] = {}
    for term, forms in _forms():
        if term in vocabulary or term in out:
            continue
        found = next((form for form in forms if form in vocabulary), None)
        if found is not None:
            out[term] = found
    return out


@lru_cache(maxsize=1)
def english_stems() -> dict[str, str]:
    """Stems of the common English words, worked out once a process (NLTK's stemmer is slow)."""
    from askbio.text import Analyzer

    analyzer = Analyzer()
    for word in english_frequencies():
        analyzer.stem(word)
    return analyzer.stem_cache


def _analyzer() -> Analyzer:
    from askbio.text import Analyzer

    return Analyzer(english_stems())


@lru_cache(maxsize=1)
def _related_terms() -> dict[str, list[str]]:
    """`related_words` as terms: each word's term and its related words' terms, closest first."""
    analyzer = _analyzer()
    out: dict[str, list[str]] = {}
    for word, related in related_words().items():
        for key in analyzer.terms(word):
            terms = out.setdefault(key, [])
            terms += [t for other in related for t in analyzer.terms(other) if t not in terms]
    return out


@lru_cache(maxsize=1)
def _forms() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each common English word's term, and the terms of its other spelling and its lemmas."""
    from breame.spelling import get_american_spelling, get_british_spelling
    from lemminflect import getAllLemmas

    analyzer = _analyzer()
    out = []
    for word in english_frequencies():
        terms = analyzer.terms(word)
        if len(terms) != 1:
            continue
        lemmas = [lemma for pos in ("NOUN", "VERB", "ADJ") for lemma in getAllLemmas(word).get(pos, ())]
        forms = [get_american_spelling(word), get_british_spelling(word)]
        if word not in lemmas:  # a base form stands for itself: "found" (a firm) is not "find"
            forms += lemmas
        found = [analyzer.terms(form) for form in forms if form != word]
        out.append((terms[0], tuple(f[0] for f in found if len(f) == 1)))
    return tuple(out)
