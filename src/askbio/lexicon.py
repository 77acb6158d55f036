"""General English word frequencies (wordfreq's tables), for question words a corpus lacks.

The index carries the 50,000 most common English words with their Zipf frequency and their
stems, so answering a question needs neither wordfreq nor NLTK to be imported (each costs a
noticeable part of a second at start-up); a word outside the list is rarer than any in it.
"""

from __future__ import annotations

from functools import lru_cache

ENGLISH_WORDS = 50_000
COMMON_ZIPF = 2.5  # a word at least this frequent is "common English" (the list ends near 2.55)


@lru_cache(maxsize=1)
def english_frequencies(n: int = ENGLISH_WORDS) -> dict[str, float]:
    """The n most common alphabetic English words and their Zipf frequency (built once)."""
    from wordfreq import top_n_list, zipf_frequency

    return {w: round(zipf_frequency(w, "en"), 2) for w in top_n_list("en", n) if w.isalpha()}


class Lexicon:
    """Zipf frequencies of English words: from a stored table, or wordfreq when there is none."""

    def __init__(self, zipf: dict[str, float] | None = None) -> None:
        self.table = zipf or {}

    def zipf(self, word: str) -> float:
        word = word.lower()
        if self.table:
            return self.table.get(word, 0.0)
        from wordfreq import zipf_frequency

        return float(zipf_frequency(word, "en"))

    def is_common(self, word: str) -> bool:
        """Is `word` in common English use? (Misspellings of rare words are not.)"""
        return self.zipf(word) >= COMMON_ZIPF

    def informativeness(self, word: str) -> float:
        """How much a word says about what a question is about, from 0.3 (everyday) to 1.2
        (rare): missing "waffles" says more about a question being off-topic than missing
        "people"."""
        zipf = self.zipf(word)
        if zipf <= 0:
            return 1.2  # unknown to English too: a name, a code or a typo
        return min(1.2, max(0.3, (7.5 - zipf) / 4.5))
