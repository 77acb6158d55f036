"""Derive askbio's table of related English words from WordNet 3.0.

For each common English word (the list askbio's lexicon keeps, from wordfreq), the table lists
the words WordNet relates to it in its most frequent senses: the other words of the same synset
(synonyms) and the forms derived from it ("employ" -> "employment"), most frequent sense first.
askbio reads it to bridge a question's everyday word to the words of a collection
(src/askbio/lexicon.py); the table is small enough to ship in the package, and WordNet is not
needed at run time.

    apt-get install wordnet-base
    .venv/bin/python scripts/wordnet_table.py            # writes src/askbio/data/wordnet.tsv.gz

WordNet's licence asks that its notice go with every copy: src/askbio/data/WORDNET-LICENSE.
"""

from __future__ import annotations

import argparse
import gzip
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "askbio" / "data"
POS = ("noun", "verb", "adj", "adv")
# Senses of a word whose relations are kept, most frequent first: the rarer senses of everyday
# words ("work" as "ferment") would bring unrelated words.
SENSES = 3
# Related words kept for one word at most.
LIMIT = 12


Pointer = tuple[str, str, int, int]


def synsets(folder: Path, pos: str) -> dict[str, tuple[list[str], list[Pointer]]]:
    """Each synset of a part of speech by offset: its words, and its pointers between two words
    that derive one from the other, as (symbol, target offset + pos letter, source word number,
    target word number): "+" a derived form, "\\" what an adjective pertains to ("Danish" ->
    "Denmark") or the adjective an adverb comes from."""
    out: dict[str, tuple[list[str], list[Pointer]]] = {}
    with (folder / f"data.{pos}").open(encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue  # the licence at the top of the file
            fields = line.split(" | ", 1)[0].split()
            offset, count = fields[0], int(fields[3], 16)
            words = [fields[4 + 2 * i].lower() for i in range(count)]
            at = 4 + 2 * count
            pointers: list[Pointer] = []
            for i in range(int(fields[at])):
                symbol, target, target_pos, ends = fields[at + 1 + 4 * i : at + 5 + 4 * i]
                if symbol in ("+", "\\"):
                    pointers.append((symbol, target + target_pos[0], int(ends[:2], 16), int(ends[2:], 16)))
            out[offset + _letter(pos)] = (words, pointers)
    return out


def senses(folder: Path, pos: str) -> Iterator[tuple[str, list[str]]]:
    """Each word of a part of speech and its synsets, most frequent sense first."""
    with (folder / f"index.{pos}").open(encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            fields = line.split()
            n_synsets, n_pointers = int(fields[2]), int(fields[3])
            offsets = fields[4 + n_pointers + 2 :][:n_synsets]
            yield fields[0].lower(), [o + _letter(pos) for o in offsets]


def _letter(pos: str) -> str:
    return {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}[pos]


def table(folder: Path, words: set[str]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Each word of `words` that WordNet knows, with its related words among `words`; and each
    adjective or adverb with the words it pertains to ("Danish" -> "Denmark")."""
    data: dict[str, tuple[list[str], list[Pointer]]] = {}
    for pos in POS:
        data |= synsets(folder, pos)
    related: dict[str, list[str]] = {}
    pertains: dict[str, list[str]] = {}
    for pos in POS:
        for word, offsets in senses(folder, pos):
            if word not in words:
                continue
            found = related.setdefault(word, [])
            for offset in offsets[:SENSES]:
                members, pointers = data[offset]
                found += members
                number = members.index(word) + 1 if word in members else 0
                for symbol, target, source, target_number in pointers:
                    if source == number and target in data:
                        other = data[target][0][target_number - 1]
                        (found if symbol == "+" else pertains.setdefault(word, [])).append(other)
    return _kept(related, words, LIMIT), _kept(pertains, words, LIMIT)


def noun_kinds(folder: Path, words: set[str]) -> dict[str, str]:
    """Each noun of `words` and the lexicographer file of its commonest sense, WordNet's broad
    kind of thing ("08": a part of the body, "26": a state such as a disease)."""
    kinds = {}
    with (folder / "data.noun").open(encoding="latin-1") as f:
        for line in f:
            if not line.startswith("  "):
                fields = line.split(maxsplit=2)
                kinds[fields[0] + "n"] = fields[1]
    return {word: kinds[offsets[0]] for word, offsets in senses(folder, "noun") if word in words and offsets}


def _kept(found: dict[str, list[str]], words: set[str], limit: int) -> dict[str, list[str]]:
    """The words found for each word, among `words`, without repeats or the word itself."""
    return {
        word: kept
        for word, others in found.items()
        if (kept := [w for w in dict.fromkeys(others) if w != word and w in words][:limit])
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--wordnet", type=Path, default=Path("/usr/share/wordnet"), help="WordNet 3.0's dict folder"
    )
    parser.add_argument("--out", type=Path, default=OUT, help="where the table and the licence go")
    args = parser.parse_args()
    from askbio.lexicon import english_frequencies

    words = set(english_frequencies())
    related, pertains = table(args.wordnet, words)
    kinds = {word: [kind] for word, kind in noun_kinds(args.wordnet, words).items()}
    args.out.mkdir(parents=True, exist_ok=True)
    for name, rows in (
        ("wordnet.tsv.gz", related),
        ("pertainyms.tsv.gz", pertains),
        ("noun-kinds.tsv.gz", kinds),
    ):
        with gzip.open(args.out / name, "wt", encoding="utf-8", compresslevel=9) as f:
            for word in sorted(rows):
                f.write(word + "\t" + " ".join(rows[word]) + "\n")
        print(f"{len(rows):,} words -> {args.out / name}")
    licence = Path("/usr/share/doc/wordnet-base/copyright")
    notice = licence.read_text(encoding="utf-8").split("License: WordNet3.0\n", 1)[1].split("\nFiles:", 1)[0]
    (args.out / "WORDNET-LICENSE").write_text(
        "The tables wordnet.tsv.gz, pertainyms.tsv.gz and noun-kinds.tsv.gz are derived from WordNet 3.0 by\n"
        "scripts/wordnet_table.py, and place-aliases.tsv.gz (with GeoNames' country names) by\n"
        "scripts/places_table.py.\n\n"
        + "\n".join(line[1:] if line != " ." else "" for line in notice.splitlines())
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
