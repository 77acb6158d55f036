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


def synsets(folder: Path, pos: str) -> dict[str, tuple[list[str], list[tuple[str, int, int]]]]:
    """Each synset of a part of speech by offset: its words, and its derivation pointers as
    (target offset + pos letter, source word number, target word number)."""
    out: dict[str, tuple[list[str], list[tuple[str, int, int]]]] = {}
    with (folder / f"data.{pos}").open(encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue  # the licence at the top of the file
            fields = line.split(" | ", 1)[0].split()
            offset, count = fields[0], int(fields[3], 16)
            words = [fields[4 + 2 * i].lower() for i in range(count)]
            at = 4 + 2 * count
            pointers: list[tuple[str, int, int]] = []
            for i in range(int(fields[at])):
                symbol, target, target_pos, ends = fields[at + 1 + 4 * i : at + 5 + 4 * i]
                if symbol == "+":  # derivationally related form, between two words
                    pointers.append((target + target_pos[0], int(ends[:2], 16), int(ends[2:], 16)))
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


def table(folder: Path, words: set[str]) -> dict[str, list[str]]:
    """Each word of `words` that WordNet knows, with its related words among `words`."""
    data: dict[str, tuple[list[str], list[tuple[str, int, int]]]] = {}
    for pos in POS:
        data |= synsets(folder, pos)
    related: dict[str, list[str]] = {}
    for pos in POS:
        for word, offsets in senses(folder, pos):
            if word not in words:
                continue
            found = related.setdefault(word, [])
            for offset in offsets[:SENSES]:
                members, pointers = data[offset]
                found += members
                number = members.index(word) + 1 if word in members else 0
                for target, source, target_number in pointers:
                    if source == number:
                        found.append(data.get(target, ([], []))[0][target_number - 1])
    return {
        word: kept
        for word, found in related.items()
        if (kept := [w for w in dict.fromkeys(found) if w != word and w in words][:LIMIT])
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

    rows = table(args.wordnet, set(english_frequencies()))
    args.out.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out / "wordnet.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as f:
        for word in sorted(rows):
            f.write(word + "\t" + " ".join(rows[word]) + "\n")
    licence = Path("/usr/share/doc/wordnet-base/copyright")
    notice = licence.read_text(encoding="utf-8").split("License: WordNet3.0\n", 1)[1].split("\nFiles:", 1)[0]
    (args.out / "WORDNET-LICENSE").write_text(
        "The table wordnet.tsv.gz is derived from WordNet 3.0 by scripts/wordnet_table.py.\n\n"
        + "\n".join(line[1:] if line != " ." else "" for line in notice.splitlines())
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(rows):,} words -> {args.out / 'wordnet.tsv.gz'}")


if __name__ == "__main__":
    main()
