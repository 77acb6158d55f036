"""Reproducible synthetic collections for the performance benchmark (benchmarks/run.py).

Passages are made by recombining real sentences of the SciFact and NFCorpus abstracts
(BEIR's corpus.jsonl and queries.jsonl of each, in ../shared/bench/ next to the repository, or
--data DIR), so word frequencies, lengths and the vocabulary are those of
real biomedical text. Each passage has 2-5 sentences: a run of consecutive sentences from one
abstract (which keeps a topic's words bursty within a passage, as in real passages), topped up
with sentences drawn from random other abstracts.

Queries are the real queries of both datasets plus, to have enough of them, short phrases
sampled from the collection's passages (some turned into "what is ..." questions).

    .venv/bin/python benchmarks/make_corpus.py --sizes 10000,100000
    .venv/bin/python benchmarks/make_corpus.py --sizes 1000000 --data /path/to/bench

writes benchmarks/data/passages-N.jsonl ({"id", "text"}) and benchmarks/data/queries-N.jsonl
({"id", "text", "source"}). Same seed, same files. Caveat: the vocabulary is bounded by the
two source datasets (~9k abstracts), so at 1M passages it does not keep growing as a real
collection's would (Heaps' law); postings are longer and denser than in a real 1M collection.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
# The BEIR downloads, next to the repository: ../shared/bench/{scifact,nfcorpus}.
BENCH_DATA = HERE.parent.parent / "shared" / "bench"
DATASETS = ("scifact", "nfcorpus")

# Cheap sentence splitter: end punctuation, whitespace, then something that starts a sentence.
_SENT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\[])")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9\-]+")
_COMMON = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "in",
        "and",
        "or",
        "to",
        "for",
        "with",
        "by",
        "on",
        "at",
        "from",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "this",
        "that",
        "these",
        "those",
        "as",
        "we",
        "our",
        "it",
        "its",
        "than",
        "which",
        "who",
        "whose",
        "not",
        "no",
        "can",
        "may",
        "has",
        "have",
        "had",
        "there",
        "their",
        "however",
        "also",
        "both",
        "between",
        "into",
        "after",
        "during",
        "using",
        "used",
        "study",
        "studies",
        "results",
    ]
)


def load_abstracts(sources: list[Path]) -> list[list[str]]:
    """Sentences of each abstract (the title is not used: it repeats the abstract's words)."""
    abstracts: list[list[str]] = []
    for src in sources:
        with open(src / "corpus.jsonl", encoding="utf-8") as fh:
            for line in fh:
                doc = json.loads(line)
                text = " ".join(doc.get("text", "").split())
                sents = [s for s in _SENT_RE.split(text) if len(s) >= 20]
                if sents:
                    abstracts.append(sents)
    return abstracts


def load_real_queries(sources: list[Path]) -> list[dict[str, str]]:
    out = []
    for src in sources:
        with open(src / "queries.jsonl", encoding="utf-8") as fh:
            for line in fh:
                q = json.loads(line)
                text = " ".join(q["text"].split())
                if text:
                    out.append({"id": f"{src.name}:{q['_id']}", "text": text, "source": src.name})
    return out


def sources(data: Path) -> list[Path]:
    """The folders of the source datasets under `data`; exits with a message when one is missing."""
    folders = [data / name for name in DATASETS]
    missing = [str(f) for f in folders if not (f / "corpus.jsonl").exists()]
    if missing:
        raise SystemExit(f"no BEIR corpus.jsonl in {', '.join(missing)} (give the folder with --data)")
    return folders


def make_passages(abstracts: list[list[str]], n: int, rng: random.Random) -> Iterator[dict[str, str]]:
    n_abs = len(abstracts)
    for i in range(n):
        want = rng.randint(2, 5)
        anchor = abstracts[rng.randrange(n_abs)]
        run = min(len(anchor), rng.randint(1, want))
        start = rng.randrange(len(anchor) - run + 1)
        sents = anchor[start : start + run]
        while len(sents) < want:
            other = abstracts[rng.randrange(n_abs)]
            sents.append(other[rng.randrange(len(other))])
        yield {"id": f"p{i}", "text": " ".join(sents)}


def phrase_query(text: str, rng: random.Random) -> str | None:
    sents = _SENT_RE.split(text)
    words = _WORD_RE.findall(sents[rng.randrange(len(sents))])  # within one sentence
    if len(words) < 6:
        return None
    length = rng.randint(2, 6)
    start = rng.randrange(len(words) - length + 1)
    phrase = words[start : start + length]

    def content(w: str) -> bool:
        return len(w) > 3 and w.lower() not in _COMMON

    # A phrase starts and ends on a content word, as a typed query would.
    if not (content(phrase[0]) and content(phrase[-1])) or sum(map(content, phrase)) < 2:
        return None
    phrase_text = " ".join(phrase)
    style = rng.random()
    if style < 0.3:
        return f"What is {phrase_text}?"
    if style < 0.45:
        return f"How does {phrase_text} work?"
    return phrase_text


def generate(
    n: int, n_queries: int, seed: int, abstracts: list[list[str]], real_queries: list[dict[str, str]]
) -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"{seed}:{n}")
    passages_path = DATA / f"passages-{n}.jsonl"
    queries_path = DATA / f"queries-{n}.jsonl"
    t0 = time.perf_counter()
    # Keep a reservoir of passage texts to sample phrase queries from, without holding all of them.
    reservoir: list[str] = []
    keep = 5000
    chars = 0
    tmp = passages_path.with_suffix(".jsonl.tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        for i, p in enumerate(make_passages(abstracts, n, rng)):
            chars += len(p["text"])
            if len(reservoir) < keep:
                reservoir.append(p["text"])
            else:
                j = rng.randrange(i + 1)
                if j < keep:
                    reservoir[j] = p["text"]
            out.write(json.dumps(p, ensure_ascii=False) + "\n")
    tmp.replace(passages_path)
    queries = list(real_queries)
    qrng = random.Random(f"{seed}:{n}:queries")
    k = 0
    while len(queries) < n_queries:
        phrase = phrase_query(reservoir[qrng.randrange(len(reservoir))], qrng)
        if phrase:
            queries.append({"id": f"phrase:{k}", "text": phrase, "source": "phrase"})
            k += 1
    qrng.shuffle(queries)
    queries = queries[:n_queries]
    with open(queries_path, "w", encoding="utf-8") as out:
        for q in queries:
            out.write(json.dumps(q, ensure_ascii=False) + "\n")
    print(
        f"wrote {passages_path.name} ({n} passages, {chars / max(n, 1):.0f} chars/passage, "
        f"{passages_path.stat().st_size / 1e6:.0f} MB) and {queries_path.name} ({len(queries)} queries) "
        f"in {time.perf_counter() - t0:.1f}s",
        file=sys.stderr,
    )


def ensure(n: int, n_queries: int = 1000, seed: int = 13, data: Path = BENCH_DATA) -> tuple[Path, Path]:
    """The passages and queries files of size n, generated from `data` if missing."""
    p, q = DATA / f"passages-{n}.jsonl", DATA / f"queries-{n}.jsonl"
    if not (p.exists() and q.exists()):
        folders = sources(data)
        generate(n, n_queries, seed, load_abstracts(folders), load_real_queries(folders))
    return p, q


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated passage counts")
    parser.add_argument("--queries", type=int, default=1000, help="queries per collection")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--data", type=Path, default=BENCH_DATA, help="folder holding scifact/ and nfcorpus/ (BEIR layout)"
    )
    args = parser.parse_args()
    folders = sources(args.data)
    abstracts = load_abstracts(folders)
    real = load_real_queries(folders)
    n_sent = sum(len(a) for a in abstracts)
    print(f"{len(abstracts)} abstracts, {n_sent} sentences, {len(real)} real queries", file=sys.stderr)
    for n in (int(s) for s in args.sizes.split(",") if s.strip()):
        generate(n, args.queries, args.seed, abstracts, real)


if __name__ == "__main__":
    main()
