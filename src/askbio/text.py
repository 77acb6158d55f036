"""The one analyser: normalising, tokenising, stopwords and stemming, shared by both indexes,
by queries and by highlighting, so that what is indexed and what is asked always agree."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Container, Iterable, Iterator
from functools import lru_cache
from itertools import chain
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

# A token is a run of letters/digits, optionally joined by connectors inside it:
# "PDC*lung01", "COVID-19", "50,000", "14.8", "e.g", "Wallonia's", "start-ups".
# Links and e-mail addresses are single tokens: their parts would match unrelated questions.
_LINK = r"(?:https?://|www\.)[^\s()<>\"']+[^\s()<>\"'.,;:!?]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_TOKEN_RE = re.compile(_LINK + r"|\w+(?:[*\-/.,'+&]\w+)*|%")
_LINK_RE = re.compile(_LINK)
# The same tokens where no link can start (no "://", "www." or "@"): cheaper to scan.
_WORD_RE = re.compile(r"\w+(?:[*\-/.,'+&]\w+)*|%")
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
_PART_RE = re.compile(r"[^\W_]+")
_LETTERS_RE = re.compile(r"[^\W\d_]{2,}")
_THOUSANDS_RE = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_NUMBER_RE = re.compile(r"^\d+(?:[.,]\d+)?$")

# Characters folded to ASCII look-alikes before tokenising (NFKD handles accents).
_PUNCT_FOLD = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u02bc": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",
}

# A general English stopword list (the Snowball project's list, abridged), so no NLTK data
# files are needed. Question words are stopwords for retrieval; answer typing reads the raw text.
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "aren't",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "can't",
        "cannot",
        "could",
        "couldn't",
        "did",
        "didn't",
        "do",
        "does",
        "doesn't",
        "doing",
        "don't",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "hadn't",
        "has",
        "hasn't",
        "have",
        "haven't",
        "having",
        "he",
        "he'd",
        "he'll",
        "he's",
        "her",
        "here",
        "here's",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "how's",
        "i",
        "i'd",
        "i'll",
        "i'm",
        "i've",
        "if",
        "in",
        "into",
        "is",
        "isn't",
        "it",
        "it's",
        "its",
        "itself",
        "let's",
        "me",
        "more",
        "most",
        "mustn't",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "ought",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "shan't",
        "she",
        "she'd",
        "she'll",
        "she's",
        "should",
        "shouldn't",
        "so",
        "some",
        "such",
        "than",
        "that",
        "that's",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "there's",
        "these",
        "they",
        "they'd",
        "they'll",
        "they're",
        "they've",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "wasn't",
        "we",
        "we'd",
        "we'll",
        "we're",
        "we've",
        "were",
        "weren't",
        "what",
        "what's",
        "when",
        "when's",
        "where",
        "where's",
        "which",
        "while",
        "who",
        "who's",
        "whom",
        "why",
        "why's",
        "with",
        "won't",
        "would",
        "wouldn't",
        "you",
        "you'd",
        "you'll",
        "you're",
        "you've",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "also",
        "tell",
        "give",
        "many",
        "much",
        "please",
        "s",
        "t",
        "us",
    ]
)

# Contractions typed without their apostrophe ("whats", "doesnt") are stopwords too, but for
# those that spell another word ("well", "shell", "ill").
STOPWORDS |= frozenset(w.replace("'", "") for w in STOPWORDS if "'" in w) - frozenset(
    ["cant", "hed", "hell", "id", "ill", "lets", "shed", "shell", "wed", "well", "wont"]
)

# Symbols and spellings that mean the same thing are folded to one term before stemming.
_SYNONYM_FOLD = {"%": "percent", "percentage": "percent", "pct": "percent", "u.s": "usa", "u.s.a": "usa"}
# Words the stemmer cuts to an unrelated word's stem ("important" to "import", "university" to
# "univers"), with a stem of their own: a question about imports is not one about importance.
_OVERSTEMMED = {
    **dict.fromkeys(("important", "importance", "importantly", "unimportant"), "importan"),
    **dict.fromkeys(("international", "internationally", "internationals"), "internation"),
    **dict.fromkeys(("university", "universities"), "universit"),
    **dict.fromkeys(
        (
            "organization",
            "organizations",
            "organisation",
            "organisations",
            "organizational",
            "organisational",
        ),
        "organiz",
    ),
    **dict.fromkeys(("experience", "experiences", "experienced"), "experienc"),
    **dict.fromkeys(("authority", "authorities"), "authorit"),
    **dict.fromkeys(("business", "businesses"), "business"),
    **dict.fromkeys(("personal", "personally"), "personal"),
    **dict.fromkeys(("relative", "relatives", "relatively"), "relativ"),
    "several": "several",
}
OVERSTEMMED_STEMS = frozenset(_OVERSTEMMED.values())
# A word whose capitals name what its lower case does not: "US" is the country, "us" a stopword.
_CAPITALS = {"US": "usa"}
_CAPITALS_RE = re.compile(r"\bUS\b")


class Token(NamedTuple):
    term: str  # the indexed form: folded, stemmed
    start: int  # character span in the original text
    end: int


def fold_char(ch: str) -> str:
    """Fold one character: punctuation look-alikes, accents and case."""
    if ch in _PUNCT_FOLD:
        return _PUNCT_FOLD[ch]
    decomposed = unicodedata.normalize("NFKD", ch)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    if unicodedata.category(ch) in {"Cc", "Cf"} and ch not in "\t\n\r":
        return " " if kept else ""
    return kept.casefold()


_FOLD_CACHE: dict[str, str] = {}


def _fold_table(text: str) -> tuple[dict[int, str], bool]:
    """The folding of each non-ASCII character of `text`, and whether all fold to one character."""
    table: dict[int, str] = {}
    same_length = True
    for ch in set(_NON_ASCII_RE.findall(text)):
        folded = _FOLD_CACHE.get(ch)
        if folded is None:
            folded = _FOLD_CACHE.setdefault(ch, fold_char(ch))
        table[ord(ch)] = folded
        same_length = same_length and len(folded) == 1
    return table, same_length


_ASCII_LOWER = {i: chr(i).lower() for i in range(ord("A"), ord("Z") + 1)}


def fold(text: str) -> str:
    """``normalize(text)[0]`` without the offset map: the folded text alone."""
    if "US" in text and _CAPITALS_RE.search(text):
        return normalize(text)[0]
    if text.isascii():
        return text.lower()
    table, same_length = _fold_table(text)
    if not same_length:
        # What normalize() builds character by character: folded non-ASCII, lowered ASCII.
        return text.translate(table | _ASCII_LOWER)
    return _fold_same_length(text, table)


def _fold_same_length(text: str, table: dict[int, str]) -> str:
    changed = {k: v for k, v in table.items() if chr(k) != v}
    if changed.keys().isdisjoint(ord(v) for v in changed.values()):
        # A few replaces beat translate(), which looks up every character of the text; they
        # equal it when no replacement is itself replaced later.
        for k, v in changed.items():
            text = text.replace(chr(k), v)
        return text.lower()
    return text.translate(table).lower()


def _token_re(folded: str) -> re.Pattern[str]:
    """The pattern of a folded text's raw tokens: ``_TOKEN_RE``, or the cheaper ``_WORD_RE``,
    which finds the same tokens where no link can be."""
    if "@" in folded or "://" in folded or "www." in folded:
        return _TOKEN_RE
    return _WORD_RE


def _findall(folded: str) -> list[str]:
    """The raw tokens of a folded text (``_TOKEN_RE.findall``)."""
    return _token_re(folded).findall(folded)


def normalize(text: str) -> tuple[str, list[int] | None]:
    """Fold `text` for matching; return it and, when lengths differ, a map to source offsets.

    The map holds, for each character of the folded text, the index of the source character it
    came from (plus one final entry for the end). ``None`` means offsets are unchanged.
    """
    if "US" in text and _CAPITALS_RE.search(text):
        return _normalize_capitals(text)
    if text.isascii():
        return text.lower(), None
    table, same_length = _fold_table(text)
    if same_length:
        return _fold_same_length(text, table), None
    parts: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        folded = table.get(ord(ch), ch.lower())
        parts.append(folded)
        offsets.extend([i] * len(folded))
    offsets.append(len(text))
    return "".join(parts), offsets


def _normalize_capitals(text: str) -> tuple[str, list[int]]:
    """`normalize` for a text holding words of `_CAPITALS`: each folded to what it names."""
    parts: list[str] = []
    offsets: list[int] = []

    def plain(a: int, b: int) -> None:
        folded, within = normalize(text[a:b])
        parts.append(folded)
        offsets.extend(a + i for i in (within[:-1] if within else range(len(folded))))

    start = 0
    for match in _CAPITALS_RE.finditer(text):
        plain(start, match.start())
        folded = _CAPITALS[match.group()]
        parts.append(folded)
        offsets.extend(min(match.start() + i, match.end() - 1) for i in range(len(folded)))
        start = match.end()
    plain(start, len(text))
    offsets.append(len(text))
    return "".join(parts), offsets


class Analyzer:
    """Turns text into index terms. Stems are memoised; NLTK is imported on the first miss only,
    so a process that answers from a saved index (whose stems are preloaded) need not import it."""

    # Distinct raw tokens whose terms are memoised; past this, new ones are analysed each time.
    MEMO_LIMIT = 500_000

    def __init__(self, stem_cache: dict[str, str] | None = None) -> None:
        self.stem_cache: dict[str, str] = dict(stem_cache or {})
        # New stems are remembered up to a bound, so a long-running server's memory stays flat.
        self._stem_limit = len(self.stem_cache) + 100_000
        self._stemmer: Any = None
        self._memo: dict[str, tuple[str, ...]] = {}
        # Passages recur across questions: their analysis is kept for the most recent ones.
        self.cached_tokens = lru_cache(maxsize=8192)(self._tokens_tuple)
        self.cached_terms = lru_cache(maxsize=8192)(self._terms_set)

    def _tokens_tuple(self, text: str) -> tuple[Token, ...]:
        return tuple(self.tokens(text))

    def _terms_set(self, text: str) -> frozenset[str]:
        return frozenset(self.terms(text))

    def raw_terms(self, raw: str) -> tuple[str, ...]:
        """Index terms of one raw (folded) token, memoised: most tokens of a text recur."""
        found = self._memo.get(raw)
        if found is None:
            found = tuple(self._terms_for(raw))
            if len(self._memo) < self.MEMO_LIMIT:
                self._memo[raw] = found
        return found

    def load_stemmer(self) -> None:
        """Import NLTK's stemmer now (before a server forks its workers, so they share it)."""
        if self._stemmer is None:
            from nltk.stem.snowball import SnowballStemmer

            self._stemmer = SnowballStemmer("english")

    def stem(self, word: str) -> str:
        cached = self.stem_cache.get(word)
        if cached is not None:
            return cached
        stemmed = _OVERSTEMMED.get(word)
        if stemmed is None:
            self.load_stemmer()
            stemmed = str(self._stemmer.stem(word))
        if len(self.stem_cache) < self._stem_limit:
            self.stem_cache[word] = stemmed
        return stemmed

    def _terms_for(self, raw: str) -> Iterator[str]:
        """Index terms for one raw (already folded) token."""
        if raw in _SYNONYM_FOLD:
            yield _SYNONYM_FOLD[raw]
            return
        if _LINK_RE.fullmatch(raw):
            yield raw
            return
        if _THOUSANDS_RE.match(raw):
            yield raw.replace(",", "")
            return
        if _NUMBER_RE.match(raw):
            yield raw.replace(",", ".") if raw.count(",") == 1 and len(raw.split(",")[1]) != 3 else raw
            return
        parts = _PART_RE.findall(raw)
        if len(parts) > 1 and "'" not in raw:
            # A compound is indexed as its parts ("covid-19": covid, 19; "pdc*lung01": pdc,
            # lung01, lung), as Lucene's standard tokenizer does: the compound as one more term
            # counted its parts twice and made a rare exact spelling outweigh everything else.
            # One whose parts are all too short to index ("r&d", "e.g") stays whole.
            found = [
                term
                for part in parts
                if (len(part) > 1 or part.isdigit()) and part not in STOPWORDS
                for term in self._word_and_letters(part)
            ]
            yield from found or [raw]
            return
        word = raw.replace("'", "")
        if raw.endswith("'s"):
            word = raw[:-2]
        if raw in STOPWORDS or word in STOPWORDS or (len(word) < 2 and not word.isdigit()):
            return
        yield from self._word_and_letters(word)

    def _word_and_letters(self, word: str) -> Iterator[str]:
        """The term of a word and, for a code mixing letters and digits ("il6", "lung01"),
        also its runs of two letters or more: "il6" then matches "IL-6" and "IL 6"."""
        yield self._word(word)
        if not word.isalpha() and not word.isdigit() and word.isalnum():
            for run in _LETTERS_RE.findall(word):
                yield self._word(run)

    def _word(self, word: str) -> str:
        if word.isalpha():
            return _SYNONYM_FOLD.get(word) or self.stem(word)
        return word  # codes and numbers are kept as they are

    def tokens(self, text: str) -> list[Token]:
        """Index terms with their character spans in `text`."""
        folded, offsets = normalize(text)
        out: list[Token] = []
        for match in _token_re(folded).finditer(folded):
            start, end = match.span()
            if offsets is not None:
                start, end = offsets[start], offsets[end - 1] + 1
            for term in self.raw_terms(match.group()):
                out.append(Token(term, start, end))
        return out

    def terms(self, text: str) -> list[str]:
        """Index terms of `text`, in order (repeats kept: they are term frequencies)."""
        out: list[str] = []
        memo = self._memo
        for raw in _findall(fold(text)):
            found = memo.get(raw)
            out.extend(found if found is not None else self.raw_terms(raw))
        return out

    def analyze_many(self, texts: Iterable[str]) -> list[list[str]]:
        return [self.terms(t) for t in texts]

    # Texts whose term ids are gathered in a Python list before they go into a 4-byte array.
    ID_BATCH = 1024

    def term_ids_many(
        self, texts: Iterable[str], progress: Callable[[int], None] | None = None
    ) -> tuple[list[str], NDArray[np.int32], list[int]]:
        """The terms of many texts as ids, without a list of strings per text (for indexing).

        Returns the terms by id (numbered as first met), the ids of every text's terms in order,
        all texts one after another (4 bytes a term), and the number of terms of each text.
        ``[terms[i] for i in ids]``, cut by those lengths, is ``analyze_many(texts)``.
        `progress` is called with the number of texts analysed so far, every batch of texts."""
        import numpy as np

        terms: dict[str, int] = {}
        lengths: list[int] = []
        chunks: list[NDArray[np.int32]] = []
        batch: list[int] = []
        # The term ids of each whitespace-separated chunk of folded text ("cells," "(pdc-1)"),
        # analysed on first sight: no token spans whitespace, so a text's tokens are its chunks'
        # tokens one after another, and splitting on whitespace is twice as fast as the regex.
        lookup = _ChunkTermIds(_RawTermIds(self, terms)).__getitem__
        for i, text in enumerate(texts, 1):
            before = len(batch)
            # All in C but the first sight of a chunk: split, map, chain and list.extend.
            batch.extend(chain.from_iterable(map(lookup, fold(text).split())))
            lengths.append(len(batch) - before)
            if i % self.ID_BATCH == 0:
                chunks.append(np.array(batch, dtype=np.int32))
                batch.clear()
                if progress:
                    progress(i)
        chunks.append(np.array(batch, dtype=np.int32))
        ids = np.concatenate(chunks)
        return list(terms), ids, lengths


class _RawTermIds(dict[str, tuple[int, ...]]):
    """Raw token -> ids of its terms; a missing token is analysed (and its terms numbered) once.
    Looked up through ``dict.__getitem__``, so a token seen before costs no Python call."""

    def __init__(self, analyzer: Analyzer, term_ids: dict[str, int]) -> None:
        super().__init__()
        self.analyzer = analyzer
        self.term_ids = term_ids

    def __missing__(self, raw: str) -> tuple[int, ...]:
        ids = self.term_ids
        found = tuple(ids.setdefault(t, len(ids)) for t in self.analyzer._terms_for(raw))
        self[raw] = found
        return found


class _ChunkTermIds(dict[str, tuple[int, ...]]):
    """Whitespace-free chunk of folded text -> ids of its terms, in order; memoised up to a bound."""

    LIMIT = 2_000_000

    def __init__(self, raw_ids: _RawTermIds) -> None:
        super().__init__()
        self.raw_ids = raw_ids

    def __missing__(self, chunk: str) -> tuple[int, ...]:
        found = tuple(chain.from_iterable(map(self.raw_ids.__getitem__, _findall(chunk))))
        if len(self) < self.LIMIT:
            self[chunk] = found
        return found


class Synonyms:
    """Groups of synonyms, words or phrases. A member found among a question's terms, all of its
    terms, brings the terms of the group's other members: "companies" alone does not bring the
    "start-ups" of "young companies", nor "cancer" the "AACR" of "American Association for
    Cancer Research"."""

    def __init__(self, analyzer: Analyzer, groups: Iterable[Iterable[str]]) -> None:
        self._members: dict[str, list[tuple[tuple[str, ...], frozenset[str]]]] = {}
        # A one-word member -> its group's phrases ("r&d": "research and development").
        self._phrases: dict[str, list[tuple[str, ...]]] = {}
        for group in groups:
            term_sets = [tuple(analyzer.terms(w)) for w in group]
            for terms in term_sets:
                if terms:
                    others = frozenset(t for ts in term_sets if ts != terms for t in ts)
                    self._members.setdefault(terms[0], []).append((terms, others))
            for terms in term_sets:
                if len(terms) == 1:
                    self._phrases.setdefault(terms[0], []).extend(ts for ts in term_sets if len(ts) > 1)

    def phrases_of(self, term: str) -> list[tuple[str, ...]]:
        """The terms of the phrases a one-word member stands for ("r&d": research, development):
        a text holding all of one says what the word says."""
        return self._phrases.get(term, [])

    def of(self, term: str, present: Container[str] = ()) -> list[str]:
        """The other members' terms, sorted, of the members that begin with `term` and whose
        other terms are all `present` (a single word needs none)."""
        out: set[str] = set()
        for terms, others in self._members.get(term, ()):
            if all(t in present for t in terms[1:]):
                out |= others
        return sorted(out)


def merge_spans(spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Sort and merge overlapping or touching character ranges."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged)


def holds_any(text: str, words: Iterable[str]) -> bool:
    """Whether the text holds any of the words (as substrings)."""
    for word in words:  # noqa: SIM110 - a plain loop: cheaper than any() over a generator
        if word in text:
            return True
    return False


def any_of(words: Iterable[str]) -> re.Pattern[str]:
    """One pattern finding any of the words, branching letter by letter as a trie does: at each
    position the regex engine tries only the words beginning with its letter, not every word."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def branches(node: dict[str, Any]) -> str:
        if "" in node:  # a word ends here: it is found whatever follows
            return ""
        alternatives = [re.escape(ch) + branches(child) for ch, child in sorted(node.items())]
        return alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"

    return re.compile(branches(trie))
