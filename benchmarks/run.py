"""Side-by-side speed and memory of askbio, tantivy-py, bm25s and rank-bm25 on the synthetic
collections of benchmarks/make_corpus.py (generated on first use): the tables of docs/benchmarks.md.

    .venv/bin/python benchmarks/run.py --sizes 10000,100000,1000000 --markdown
    .venv/bin/python benchmarks/run.py --report --sizes 10000,100000,1000000   # from results.jsonl
    .venv/bin/python benchmarks/run.py --sizes 100000 --profile                 # cProfile of askbio

Systems (--systems, comma-separated; the default is the first six):
  askbio-bm25          askbio.text.Analyzer -> Postings.from_texts -> BM25Index (BM25Plus, k1=1.2,
                       b=0.75); query = Analyzer.terms, Postings.gather of the BM25 weights, top_k
  askbio-hybrid        the same plus TfidfIndex: BM25 and TF-IDF summed over the passages holding a
                       query term (Postings.gather), search.fuse, search.top_k: askbio's ranking
                       without its query builder (spelling, stem variants) and feedback round
  askbio-hybrid-mmap   askbio-hybrid on the index as `askbio serve` loads it: saved by askbio.store
                       and loaded memory-mapped by store.load (opt-in: askbio-bm25-mmap)
  tantivy              tantivy-py: one text field, tokenizer en_stem, term frequencies only (no
                       positions), BM25 (tantivy's k1=1.2, b=0.75), one indexing thread, the index
                       in a folder, memory-mapped; query = the question, lowercased, with every
                       character of query syntax replaced by a space, through Index.parse_query (OR)
  bm25s                bm25s.BM25(method="bm25+"), numpy backend, one thread, its own tokenizer
                       (English stopwords, PyStemmer's Snowball stemmer when installed)
  rank-bm25            rank_bm25.BM25Plus on askbio's tokens (same k1, b, delta), timed on a sample
                       of the queries (--rank-bm25-queries): it is slow
  bm25s-askbio-tokens  (opt-in) bm25s on askbio's tokens: the scoring engines on equal input
  askbio-engine        (opt-in) the whole Engine: a folder of .txt files -> Engine.build() ->
                       Engine.search(); it re-splits passages, so its passage count differs

Every measurement runs in its own subprocess with OPENBLAS/OMP/MKL threads set to 1, one at a
time: a build subprocess per system and repeat (time from raw text, tokenisation included; build
peak = ru_maxrss minus the RSS once the raw texts are loaded), then one serving subprocess per
system (loads the index: askbio's, rank-bm25's and bm25s's from a pickle, the -mmap systems' and
tantivy's memory-mapped from their folders; serving RSS = RSS after the queries minus the
imports-only baseline, mapped pages that queries touched included; --repeat timed passes over the
queries, one query at a time, top 10; a pass stops after --max-seconds and q/s is then
extrapolated from the queries done). askbio-bm25's build figures are a checkpoint of
askbio-hybrid's build (same steps, in order). Each run copies src/askbio once and every
subprocess imports that copy (--no-snapshot: the live tree), so edits made during a run cannot
mix code versions; rows record the commit and a hash of the copied source.

Output: one JSON line per system and size on stdout, appended to benchmarks/results/results.jsonl;
with --markdown, the tables (benchmarks/report.py) at the end and in benchmarks/results/latest.md.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import math
import os
import pickle
import platform
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
RESULTS = HERE / "results"
sys.path.insert(0, str(HERE))

from make_corpus import BENCH_DATA, ensure  # noqa: E402
from report import markdown  # noqa: E402

K1, B, DELTA = 1.2, 0.75, 1.0
K = 10
DEFAULT_SYSTEMS = ["askbio-bm25", "askbio-hybrid", "askbio-hybrid-mmap", "tantivy", "bm25s", "rank-bm25"]
# Which build subprocess produces which system's index.
BUILD_JOB = {
    "askbio-bm25": "askbio",
    "askbio-hybrid": "askbio",
    "askbio-bm25-mmap": "askbio",
    "askbio-hybrid-mmap": "askbio",
    "tantivy": "tantivy",
    "bm25s": "bm25s",
    "rank-bm25": "rank-bm25",
    "bm25s-askbio-tokens": "bm25s-askbio-tokens",
    "askbio-engine": "askbio-engine",
}
SYSTEMS = list(BUILD_JOB)
# From this many passages on, one build per system unless --build-repeat says otherwise.
LARGE = 1_000_000
THREAD_ENV = {
    k: "1"
    for k in (
        "OPENBLAS_NUM_THREADS",
        "OMP_NUM_THREADS",
        "MKL_NUM_THREADS",
        "NUMEXPR_NUM_THREADS",
        "VECLIB_MAXIMUM_THREADS",
        "NUMBA_NUM_THREADS",
    )
}
MB = 1024 * 1024
# Whatever is not a letter or digit: removing it leaves tantivy's query parser nothing to parse
# but words (lowercased, so that AND, OR and NOT are words too).
TANTIVY_SYNTAX = re.compile(r"[\W_]+")


# ----------------------------------------------------------------------------- helpers


def rss() -> int:
    """Current resident set size in bytes."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def peak_rss() -> int:
    """High-water resident set size of this process so far, in bytes (Linux: KiB units)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def read_passages(n: int) -> list[str]:
    with open(DATA / f"passages-{n}.jsonl", encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh]


def read_queries(n: int) -> list[str]:
    with open(DATA / f"queries-{n}.jsonl", encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh]


def index_path(system: str, n: int) -> Path:
    """The pickle a build job saves for a system's serving subprocess."""
    return DATA / f"index-{system}-{n}.pkl"


def store_path(n: int) -> Path:
    """Where the askbio build job saves its index with askbio.store, for the -mmap systems."""
    return DATA / f"store-askbio-{n}"


def tantivy_path(n: int) -> Path:
    return DATA / f"tantivy-{n}"


def save_askbio_store(n: int, texts: list[str], analyzer: Any, postings: Any, bm25: Any, tfidf: Any) -> None:
    """Save the fitted index as `askbio index` does (askbio.store), one passage per text. The
    product's documents.json holds every document's full text and is loaded into memory when
    serving; here one placeholder document stands for them (the peers hold no texts either)."""
    from askbio import store
    from askbio.models import Document, Passage

    passages = [
        Passage(passage_id=f"p{i}", doc_id="bench", position=i, start=0, end=len(t), text=t)
        for i, t in enumerate(texts)
    ]
    bundle = store.IndexBundle(
        documents=[Document(doc_id="bench", title="bench", text="", path="bench.txt")],
        passages=passages,
        postings=postings,
        bm25=bm25,
        tfidf=tfidf,
        stems=analyzer.stem_cache,
        fingerprint=f"bench-{n}",
    )
    shutil.rmtree(store_path(n), ignore_errors=True)
    store.save(bundle, store_path(n))


def bm25s_stemmer() -> tuple[Any, str]:
    try:
        import Stemmer  # PyStemmer

        return Stemmer.Stemmer("english"), "bm25s.tokenize + PyStemmer(english) + stopwords=en"
    except ImportError:
        return None, "bm25s.tokenize, no stemmer (PyStemmer not installed) + stopwords=en"


def topk_desc(scores: Any, k: int) -> Any:
    """Indices of the k largest scores, best first (what a user of rank-bm25 would write)."""
    import numpy as np

    if scores.size <= k:
        return np.argsort(-scores, kind="stable")
    part = np.argpartition(-scores, k - 1)[:k]
    return part[np.argsort(-scores[part], kind="stable")]


def askbio_query(postings: Any, terms: list[str]) -> dict[int, float]:
    """A query's known terms, by id, weighted by how often each occurs in it (plain BM25)."""
    return {t: float(c) for t, c in postings.term_ids(terms).items()}


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for name in (
        "askbio",
        "numpy",
        "scipy",
        "scikit-learn",
        "rank-bm25",
        "bm25s",
        "PyStemmer",
        "tantivy",
        "nltk",
    ):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "absent"
    return out


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "affinity": len(os.sched_getaffinity(0)),
        "platform": platform.platform(),
    }
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as fh:
            info["mem_gib"] = round(int(fh.readline().split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return info


# ----------------------------------------------------------------------------- build workers


def stage_figures(t0: float, t1: float, t2: float, base: int) -> dict[str, float]:
    """Times of a peer's two build stages (tokenise from t0 to t1, fit to t2) and its peak."""
    return {
        "tokenize_s": t1 - t0,
        "fit_s": t2 - t1,
        "build_s": t2 - t0,
        "peak_delta_mb": (peak_rss() - base) / MB,
    }


def build_worker(job: str, n: int, save: bool) -> dict[str, Any]:
    """Build one system's index from raw text; time and memory of each stage."""
    builders: dict[str, Callable[[list[str], int, bool], dict[str, Any]]] = {
        "askbio": build_askbio,
        "tantivy": build_tantivy,
        "rank-bm25": build_rank_bm25,
        "bm25s": build_bm25s,
        "bm25s-askbio-tokens": lambda texts, n, save: build_bm25s(texts, n, save, own_tokens=False),
        "askbio-engine": build_engine,
    }
    if job not in builders:
        raise SystemExit(f"unknown build job {job}")
    texts = read_passages(n)
    out: dict[str, Any] = {"job": job, "n_passages": len(texts)}
    out.update(builders[job](texts, n, save))
    out["peak_rss_mb"] = peak_rss() / MB
    return out


def baseline() -> int:
    """RSS once the texts and the libraries are loaded: the zero of a build's peak."""
    gc.collect()
    return rss()


def build_askbio(texts: list[str], n: int, save: bool) -> dict[str, Any]:
    import sklearn.feature_extraction.text  # noqa: F401  (import time is not build time)
    from nltk.stem.snowball import SnowballStemmer  # noqa: F401  (imported lazily by Analyzer)

    from askbio.index import BM25Index, Postings, TfidfIndex
    from askbio.text import Analyzer

    base = baseline()
    t0 = time.perf_counter()
    analyzer = Analyzer()
    # As Retriever.fit and Engine.build do: terms go straight into the postings as ids.
    postings = Postings.from_texts(texts, analyzer)
    t1 = time.perf_counter()
    bm25 = BM25Index(k1=K1, b=B, delta=DELTA).fit(postings)
    t2 = time.perf_counter()
    peak_bm25 = peak_rss()
    tfidf = TfidfIndex().fit(postings)
    t3 = time.perf_counter()
    out = {
        "rss_base_mb": base / MB,
        "postings_s": t1 - t0,
        "bm25_fit_s": t2 - t1,
        "tfidf_fit_s": t3 - t2,
        "build_s_bm25": t2 - t0,
        "build_s_hybrid": t3 - t0,
        "peak_delta_mb_bm25": (peak_bm25 - base) / MB,
        "peak_delta_mb_hybrid": (peak_rss() - base) / MB,
        "n_terms": postings.n_terms,
        "n_postings": int(postings.indices.size),
        "tokenizer": "askbio.text.Analyzer",
    }
    if save:
        # The analyser is saved as its stem cache, as askbio's own index store does.
        with open(index_path("askbio-bm25", n), "wb") as fh:
            pickle.dump((analyzer.stem_cache, bm25), fh, protocol=5)
        with open(index_path("askbio-hybrid", n), "wb") as fh:
            pickle.dump((analyzer.stem_cache, bm25, tfidf), fh, protocol=5)
        save_askbio_store(n, texts, analyzer, postings, bm25, tfidf)
    return out


def build_tantivy(texts: list[str], n: int, save: bool) -> dict[str, Any]:
    import tantivy

    folder = tantivy_path(n) if save else Path(tempfile.mkdtemp(prefix="tantivy-", dir=DATA))
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    base = baseline()
    t0 = time.perf_counter()
    schema = (
        tantivy.SchemaBuilder()
        .add_text_field("body", tokenizer_name="en_stem", index_option="freq")
        .add_integer_field("id", fast=True)
        .build()
    )
    index = tantivy.Index(schema, path=str(folder))
    writer = index.writer(num_threads=1)  # tantivy-py's default memory budget, 128 MB
    for i, text in enumerate(texts):
        writer.add_document(tantivy.Document(body=text, id=i))
    writer.commit()
    writer.wait_merging_threads()
    t1 = time.perf_counter()
    index.reload()
    searcher = index.searcher()
    out = {
        "rss_base_mb": base / MB,
        "build_s": t1 - t0,
        "peak_delta_mb": (peak_rss() - base) / MB,
        "segments": searcher.num_segments,
        "tokenizer": "tantivy en_stem",
    }
    if not save:
        shutil.rmtree(folder, ignore_errors=True)
    return out


def build_rank_bm25(texts: list[str], n: int, save: bool) -> dict[str, Any]:
    from nltk.stem.snowball import SnowballStemmer  # noqa: F401
    from rank_bm25 import BM25Plus

    from askbio.text import Analyzer

    base = baseline()
    t0 = time.perf_counter()
    analyzer = Analyzer()
    tokens = analyzer.analyze_many(texts)
    t1 = time.perf_counter()
    model = BM25Plus(tokens, k1=K1, b=B, delta=DELTA)
    t2 = time.perf_counter()
    out = {
        "rss_base_mb": base / MB,
        **stage_figures(t0, t1, t2, base),
        "n_terms": len(model.idf),
        "tokenizer": "askbio.text.Analyzer",
    }
    if save:
        with open(index_path("rank-bm25", n), "wb") as fh:
            pickle.dump((analyzer.stem_cache, model), fh, protocol=5)
    return out


def build_bm25s(texts: list[str], n: int, save: bool, own_tokens: bool = True) -> dict[str, Any]:
    """bm25s with its own tokenizer, or on askbio's tokens."""
    import bm25s
    from nltk.stem.snowball import SnowballStemmer  # noqa: F401

    from askbio.text import Analyzer

    base = baseline()
    t0 = time.perf_counter()
    stems = None
    if own_tokens:
        stemmer, tok_name = bm25s_stemmer()
        tokens = bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False)
    else:
        analyzer = Analyzer()
        tokens = analyzer.analyze_many(texts)
        tok_name, stems = "askbio.text.Analyzer", analyzer.stem_cache
    t1 = time.perf_counter()
    model = bm25s.BM25(k1=K1, b=B, delta=DELTA, method="bm25+", backend="numpy")
    model.index(tokens, show_progress=False)
    t2 = time.perf_counter()
    out = {
        "rss_base_mb": base / MB,
        **stage_figures(t0, t1, t2, base),
        "n_terms": len(model.vocab_dict),
        "n_postings": int(model.scores["data"].size),
        "tokenizer": tok_name,
    }
    if save:
        with open(index_path("bm25s" if own_tokens else "bm25s-askbio-tokens", n), "wb") as fh:
            pickle.dump((stems, model), fh, protocol=5)
    return out


def build_engine(texts: list[str], n: int, save: bool) -> dict[str, Any]:
    from askbio.engine import Engine
    from askbio.settings import Config

    corpus_dir = engine_corpus(n, texts)
    texts.clear()
    base = baseline()
    index_dir = DATA / f"engine-index-{n}"
    shutil.rmtree(index_dir, ignore_errors=True)
    t0 = time.perf_counter()
    bundle = Engine(Config(corpus=corpus_dir, index_dir=index_dir)).build()
    t1 = time.perf_counter()
    return {
        "rss_base_mb": base / MB,
        "build_s": t1 - t0,
        "peak_delta_mb": (peak_rss() - base) / MB,
        "n_passages": len(bundle.passages),
        "n_terms": bundle.postings.n_terms,
        "n_postings": int(bundle.postings.indices.size),
        "tokenizer": "askbio Engine (NLTK Punkt passages + Analyzer)",
    }


def engine_corpus(n: int, texts: list[str]) -> Path:
    """A folder of .txt files, 100 passages each as paragraphs, for Engine.build()."""
    folder = DATA / f"engine-corpus-{n}"
    marker = folder / ".complete"
    if marker.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    per_file = 100
    for f in range(0, len(texts), per_file):
        sub = folder / f"{f // 10000:04d}"
        sub.mkdir(exist_ok=True)
        (sub / f"doc-{f // per_file:06d}.txt").write_text("\n\n".join(texts[f : f + per_file]) + "\n")
    marker.write_text("ok\n")
    return folder


def src_hash(root: Path) -> str:
    import hashlib

    h = hashlib.sha256()
    for f in sorted(root.rglob("*.py")):
        h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:12]


def git_state() -> dict[str, Any]:
    """HEAD and whether src/ has uncommitted changes (read-only git commands)."""

    def git(*a: str) -> str:
        try:
            return subprocess.run(
                ["git", *a], cwd=ROOT, capture_output=True, text=True, timeout=20
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    return {
        "head": git("rev-parse", "--short", "HEAD"),
        "src_dirty": bool(git("status", "--porcelain", "src")),
    }


# ----------------------------------------------------------------------------- serve workers


class Searcher:
    """One system's query path: question text in, top-10 passage indices out."""

    # Each system's own objects, typed loosely: the peers' libraries are optional.
    analyzer: Any
    postings: Any
    bm25: Any
    tfidf: Any
    model: Any

    def __init__(self, system: str, n: int) -> None:
        self.system = system
        self.kind = system.removesuffix("-mmap")  # the query path; -mmap only changes the loading
        if system.startswith("askbio") or system in ("rank-bm25", "bm25s-askbio-tokens"):
            from nltk.stem.snowball import SnowballStemmer  # noqa: F401

            import askbio.search
            import askbio.text
        if system.startswith("bm25s"):
            import bm25s  # noqa: F401
        if system == "bm25s":
            self.stemmer, _ = bm25s_stemmer()
        if system == "tantivy":
            import tantivy  # noqa: F401
        if system == "askbio-engine":
            import askbio.engine  # noqa: F401
        gc.collect()
        self.rss_base = rss()
        t0 = time.perf_counter()
        self.n_docs = self._load(n)
        gc.collect()
        self.load_s = time.perf_counter() - t0
        self.rss_loaded = rss()

    def _load(self, n: int) -> int:
        """Load the index; the number of passages it holds."""
        if self.system == "askbio-engine":
            from askbio import store
            from askbio.engine import Engine
            from askbio.settings import Config

            index_dir = DATA / f"engine-index-{n}"
            before = store.current_version(index_dir)
            self.engine = Engine(Config(corpus=DATA / f"engine-corpus-{n}", index_dir=index_dir))
            bundle = self.engine.load()
            # If askbio's code changed since the build (its code hash is part of the index
            # version), load() rebuilds: then load_s is a build, not a load.
            self.engine_rebuilt = bundle.version != before
            return len(bundle.passages)
        if self.system == "tantivy":
            import tantivy

            self.index = tantivy.Index.open(str(tantivy_path(n)))
            self.searcher = self.index.searcher()
            return int(self.searcher.num_docs)
        from askbio.text import Analyzer

        if self.system.endswith("-mmap"):
            from askbio import store

            saved = store.load(store_path(n))  # verified and memory-mapped, as askbio serve
            assert saved is not None
            self.analyzer = Analyzer(saved.stems)
            self.bm25, self.tfidf, self.postings = saved.bm25, saved.tfidf, saved.postings
            return int(self.postings.n_passages)
        with open(index_path(self.system, n), "rb") as fh:
            stems, self.model, *rest = pickle.load(fh)  # noqa: S301 (our own file)
        if stems is not None:
            self.analyzer = Analyzer(stems)
        if self.system.startswith("askbio"):
            self.bm25 = self.model
            self.tfidf = rest[0] if rest else None
            self.postings = self.bm25.postings_
            return int(self.postings.n_passages)
        if self.system == "rank-bm25":
            return int(self.model.corpus_size)
        return int(self.model.scores["num_docs"])

    def terms(self, question: str) -> list[str]:
        if self.system == "bm25s":
            import bm25s

            return list(
                bm25s.tokenize(
                    [question], stopwords="en", stemmer=self.stemmer, show_progress=False, return_ids=False
                )[0]
            )
        return list(self.analyzer.terms(question))

    def search(self, question: str) -> Any:
        """The timed path: analyse, score, select the top 10."""
        from askbio.search import fuse, top_k

        s = self.kind
        if s == "askbio-bm25":
            query = askbio_query(self.postings, self.analyzer.terms(question))
            candidates, (bm25,) = self.postings.gather([(self.bm25.weights_, query)])
            return candidates[top_k(bm25, K)]
        if s == "askbio-hybrid":
            # As askbio ranks: BM25 on the terms' counts, TF-IDF's cosine on their sublinear counts.
            query = askbio_query(self.postings, self.analyzer.terms(question))
            tfidf_query = self.tfidf.query_vector({t: 1.0 + math.log(c) for t, c in query.items()})
            candidates, (bm25, tfidf) = self.postings.gather(
                [(self.bm25.weights_, query), (self.tfidf.weights_, tfidf_query)]
            )
            return candidates[top_k(fuse(bm25, tfidf), K)]
        if s == "tantivy":
            text = TANTIVY_SYNTAX.sub(" ", question.lower()).strip()
            if not text:
                return []
            # count=False: the top 10 only, as every other system here (counting every match
            # would stop tantivy from skipping postings that cannot make the top 10).
            hits = self.searcher.search(self.index.parse_query(text, ["body"]), K, count=False).hits
            return self.searcher.fast_field_values("id", [address for _, address in hits])
        if s == "rank-bm25":
            return topk_desc(self.model.get_scores(self.analyzer.terms(question)), K)
        if s.startswith("bm25s"):
            return self.model.retrieve(
                [self.terms(question)], k=K, show_progress=False, n_threads=0, backend_selection="numpy"
            ).documents[0]
        if s == "askbio-engine":
            return [h.rank for h in self.engine.search(question, k=K)]
        raise ValueError(s)

    def ranked(self, question: str) -> tuple[list[int], list[float]]:
        """Top-10 passages that match at least one query term, with their matched-only BM25
        score (rank-bm25's and bm25s's BM25+ add idf*delta to every passage; it is removed), for
        the agreement check. Not timed."""
        import numpy as np

        from askbio.search import top_k

        s = self.system
        terms = self.terms(question)
        if s == "askbio-bm25":
            candidates, (scores,) = self.postings.gather(
                [(self.bm25.weights_, askbio_query(self.postings, terms))]
            )
            top = top_k(scores, K)
            return candidates[top].tolist(), scores[top].astype(float).tolist()
        if s == "rank-bm25":
            scores = self.model.get_scores(terms)
            constant = sum((self.model.idf.get(t) or 0.0) * DELTA for t in terms)
            ids = topk_desc(scores, K)
        elif s.startswith("bm25s"):
            res = self.model.retrieve(
                [terms], k=K, show_progress=False, n_threads=0, backend_selection="numpy"
            )
            ids, top_scores = res.documents[0], res.scores[0].astype(np.float64)
            tids = self.model.get_tokens_ids(terms)
            na = self.model.nonoccurrence_array
            constant = float(na[np.asarray(tids, dtype=np.int64)].sum()) if (na is not None and tids) else 0.0
            scores = np.zeros(self.n_docs, dtype=np.float64)
            scores[ids] = top_scores
        else:
            return [], []
        matched = scores[ids] - constant
        keep = matched > 1e-4 * max(1.0, abs(constant))
        return [int(i) for i in np.asarray(ids)[keep]], [float(x) for x in matched[keep]]


def timed_passes(
    searcher: Searcher, queries: list[str], repeat: int, max_seconds: float
) -> list[dict[str, Any]]:
    """Up to `repeat` passes over the queries, one at a time; a pass stops after `max_seconds`,
    and then it is the only one."""
    import numpy as np

    passes: list[dict[str, Any]] = []
    for _ in range(repeat):
        lat: list[float] = []
        t_start = time.perf_counter()
        for q in queries:
            t0 = time.perf_counter()
            searcher.search(q)
            lat.append(time.perf_counter() - t0)
            if time.perf_counter() - t_start > max_seconds:
                break
        total = time.perf_counter() - t_start
        lat_a = np.asarray(lat)
        passes.append(
            {
                "done": len(lat),
                "qps": len(lat) / total,
                "p50_ms": float(np.percentile(lat_a, 50) * 1e3),
                "p99_ms": float(np.percentile(lat_a, 99) * 1e3),
                "mean_ms": float(lat_a.mean() * 1e3),
            }
        )
        if len(lat) < len(queries):
            break
    return passes


def profile_queries(searcher: Searcher, queries: list[str], max_seconds: float, title: str) -> str:
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    done = 0
    prof.enable()
    for q in queries:
        searcher.search(q)
        done += 1
        if time.perf_counter() - t0 > max_seconds:
            break
    prof.disable()
    return profile_report(prof, f"{title}, {done} queries")


def profile_report(prof: cProfile.Profile, title: str) -> str:
    """The 25 costliest functions by own time, then by cumulative time."""
    buf = io.StringIO()
    buf.write(f"# {title}, cProfile (adds overhead)\n")
    stats = pstats.Stats(prof, stream=buf)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(25)
    return buf.getvalue()


def bm25s_batch_qps(searcher: Searcher, queries: list[str]) -> float:
    """bm25s's intended use: all queries in one call (still one thread, numpy backend)."""
    import bm25s

    t0 = time.perf_counter()
    if searcher.system == "bm25s":
        toks = bm25s.tokenize(
            queries, stopwords="en", stemmer=searcher.stemmer, show_progress=False, return_ids=False
        )
    else:
        toks = [searcher.analyzer.terms(q) for q in queries]
    searcher.model.retrieve(toks, k=K, show_progress=False, n_threads=0, backend_selection="numpy")
    return len(queries) / (time.perf_counter() - t0)


def serve_worker(
    system: str, n: int, repeat: int, max_seconds: float, max_queries: int | None, profile: bool
) -> dict[str, Any]:
    queries = read_queries(n)
    n_file = len(queries)
    if max_queries:
        queries = queries[:max_queries]
    searcher = Searcher(system, n)
    out: dict[str, Any] = {
        "system": system,
        "n_passages": searcher.n_docs,
        "load_s": searcher.load_s,
        "serve_rss_loaded_mb": (searcher.rss_loaded - searcher.rss_base) / MB,
        "queries_total": n_file,
    }
    if system == "askbio-engine":
        out["engine_rebuilt_on_load"] = searcher.engine_rebuilt
    for q in queries[:20]:  # stems of new words, lazy imports, caches
        searcher.search(q)
    if profile:
        out["profile"] = profile_queries(searcher, queries, max_seconds, f"{system}, {n} passages")
        return out
    passes = timed_passes(searcher, queries, repeat, max_seconds)
    out["serve_rss_mb"] = (rss() - searcher.rss_base) / MB
    out["passes"] = passes
    done = passes[0]["done"]
    out["queries_timed"] = done
    out["extrapolated"] = done < n_file
    out["hit_time_guard"] = done < len(queries)
    for key in ("qps", "p50_ms", "p99_ms", "mean_ms"):
        out[key] = statistics.median(p[key] for p in passes)
    out["qps_runs"] = [round(p["qps"], 2) for p in passes]
    if system.startswith("bm25s"):
        out["batch_qps"] = bm25s_batch_qps(searcher, queries[:done])
    # Top-10 of the timed queries, for the agreement check (done after timing).
    if system in ("askbio-bm25", "rank-bm25", "bm25s-askbio-tokens"):
        ranked = [searcher.ranked(q) for q in queries[:done]]
        with open(DATA / f"top10-{system}-{n}.json", "w") as fh:
            json.dump(ranked, fh)
    return out


def profile_build_worker(n: int) -> dict[str, Any]:
    import sklearn.feature_extraction.text  # noqa: F401  (imports are not build time)
    from nltk.stem.snowball import SnowballStemmer  # noqa: F401

    from askbio.index import fit_indexes
    from askbio.text import Analyzer

    texts = read_passages(n)
    prof = cProfile.Profile()
    prof.enable()
    fit_indexes(texts, Analyzer())  # askbio's defaults are K1, B and DELTA
    prof.disable()
    return {"profile": profile_report(prof, f"askbio build (hybrid), {n} passages")}


# ----------------------------------------------------------------------------- orchestration


SNAPSHOT: Path | None = None  # a copy of src/askbio that every subprocess of a run imports


def run_sub(args: list[str], timeout: float) -> dict[str, Any]:
    env = {**os.environ, **THREAD_ENV, "PYTHONHASHSEED": "0"}
    if SNAPSHOT is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(SNAPSHOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    with tempfile.NamedTemporaryFile(prefix="askbio-bench-", suffix=".tmp", dir=RESULTS, delete=False) as tmp:
        out_path = Path(tmp.name)
    cmd = [sys.executable, str(Path(__file__).resolve()), *args, "--out", str(out_path)]
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, env=env, timeout=timeout, capture_output=True, text=True)
    except subprocess.TimeoutExpired:
        out_path.unlink(missing_ok=True)
        return {"status": "timeout", "wall_s": time.perf_counter() - t0}
    if proc.returncode != 0:
        out_path.unlink(missing_ok=True)
        sys.stderr.write(proc.stderr[-4000:])
        return {"status": "error", "returncode": proc.returncode, "stderr": proc.stderr[-2000:]}
    result: dict[str, Any] = json.loads(out_path.read_text())
    out_path.unlink(missing_ok=True)
    result["status"] = "ok"
    result["wall_s"] = time.perf_counter() - t0
    return result


def agreement(a_path: Path, b_path: Path) -> dict[str, Any] | None:
    """Top-10 agreement of two systems on the queries both ranked."""
    if not (a_path.exists() and b_path.exists()):
        return None
    a_all, b_all = json.loads(a_path.read_text()), json.loads(b_path.read_text())
    n = min(len(a_all), len(b_all))
    identical = ties = 0
    overlaps = []
    for (a_ids, a_sc), (b_ids, b_sc) in zip(a_all[:n], b_all[:n], strict=True):
        sa, sb = set(a_ids), set(b_ids)
        if sa == sb:
            identical += 1
            ties += 1
        elif len(a_sc) == len(b_sc) and all(
            abs(x - y) <= 1e-4 * max(1.0, abs(x)) for x, y in zip(sorted(a_sc), sorted(b_sc), strict=True)
        ):
            ties += 1  # same scores, other passages: a tie at the cut broken differently
        denom = max(len(sa), len(sb))
        overlaps.append(1.0 if denom == 0 else len(sa & sb) / denom)
    return {
        "queries": n,
        "identical_top10": identical / n if n else None,
        "identical_up_to_ties": ties / n if n else None,
        "overlap_at_10": sum(overlaps) / n if n else None,
    }


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def run_builds(args: argparse.Namespace, jobs: list[str], n: int) -> dict[str, list[dict[str, Any]]]:
    """Each build job, --build-repeat times (once for the Engine and from LARGE passages on)."""
    builds: dict[str, list[dict[str, Any]]] = {}
    for job in jobs:
        builds[job] = []
        # The full Engine build (Punkt, saving) is slow: once.
        repeat = 1 if job == "askbio-engine" else args.build_repeat or (1 if n >= LARGE else args.repeat)
        for r in range(repeat):
            log(f"build {job} n={n} run {r + 1}/{repeat}")
            res = run_sub(
                ["--worker", "build", "--job", job, "--size", str(n)] + (["--save"] if r == 0 else []),
                timeout=args.build_max_seconds,
            )
            builds[job].append(res)
            if res["status"] != "ok":
                log(f"  {job}: {res['status']}")
                break
            log(f"  {job}: {res.get('build_s', res.get('build_s_hybrid')):.1f}s")
    return builds


def run_serves(
    args: argparse.Namespace, systems: list[str], n: int, builds: dict[str, list[dict[str, Any]]]
) -> dict[str, dict[str, Any]]:
    serves: dict[str, dict[str, Any]] = {}
    for system in systems:
        if builds[BUILD_JOB[system]][0]["status"] != "ok":
            serves[system] = {"status": "skipped (build failed)"}
            continue
        max_q = args.rank_bm25_queries if system == "rank-bm25" else None
        log(f"serve {system} n={n}")
        common = ["--worker", "serve", "--system", system, "--size", str(n)]
        common += ["--max-seconds", str(args.max_seconds)]
        serves[system] = s = run_sub(
            [*common, "--repeat", str(args.repeat)] + (["--max-queries", str(max_q)] if max_q else []),
            timeout=args.max_seconds * (args.repeat + 2) + args.build_max_seconds,
        )
        if s["status"] == "ok":
            log(f"  {system}: {s['qps']:.1f} q/s, p50 {s['p50_ms']:.2f} ms, rss {s['serve_rss_mb']:.0f} MB")
        if args.profile and system.startswith("askbio"):
            p = run_sub(
                [*common, "--repeat", "1", "--profile"], timeout=args.max_seconds * 3 + args.build_max_seconds
            )
            if p["status"] == "ok":
                path = RESULTS / f"profile-query-{system}-{n}.txt"
                path.write_text(p["profile"])
                log(f"  profile written to {path.relative_to(ROOT)}")
    return serves


def result_row(
    system: str, n: int, builds: dict[str, list[dict[str, Any]]], serve: dict[str, Any]
) -> dict[str, Any]:
    """One row of results.jsonl: a system's build figures (medians) and serving figures."""
    b_runs = [r for r in builds[BUILD_JOB[system]] if r["status"] == "ok"]
    suffix = {"askbio-bm25": "_bm25", "askbio-hybrid": "_hybrid"}.get(system.removesuffix("-mmap"), "")
    row: dict[str, Any] = {
        "size": n,
        "system": system,
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "tokenizer": b_runs[0]["tokenizer"] if b_runs else None,
        "n_passages": b_runs[0]["n_passages"] if b_runs else None,
        "n_terms": b_runs[0].get("n_terms") if b_runs else None,
        "n_postings": b_runs[0].get("n_postings") if b_runs else None,
        "build_status": builds[BUILD_JOB[system]][-1]["status"],
        "build_runs": len(b_runs),
    }
    if b_runs:
        row["build_s"] = statistics.median(r[f"build_s{suffix}"] for r in b_runs)
        row["build_s_runs"] = [round(r[f"build_s{suffix}"], 2) for r in b_runs]
        if "tokenize_s" in b_runs[0]:
            row["tokenize_s"] = statistics.median(r["tokenize_s"] for r in b_runs)
        row["build_peak_delta_mb"] = statistics.median(r[f"peak_delta_mb{suffix}"] for r in b_runs)
        for key in ("postings_s", "bm25_fit_s", "tfidf_fit_s", "segments"):
            if key in b_runs[0]:
                row[key] = statistics.median(r[key] for r in b_runs)
    row["loadavg_1m_build"] = [r.get("loadavg_1m") for r in b_runs]
    row["askbio_imported_from"] = serve.get("askbio_file") or (
        b_runs[0].get("askbio_file") if b_runs else None
    )
    row["loadavg_1m_serve"] = serve.get("loadavg_1m")
    row["serve_status"] = serve["status"]
    if serve["status"] == "ok":
        for key in (
            "qps",
            "qps_runs",
            "p50_ms",
            "p99_ms",
            "mean_ms",
            "queries_timed",
            "queries_total",
            "extrapolated",
            "hit_time_guard",
            "load_s",
            "serve_rss_loaded_mb",
            "serve_rss_mb",
            "batch_qps",
            "engine_rebuilt_on_load",
        ):
            if key in serve:
                row[key] = serve[key]
    return row


def orchestrate(args: argparse.Namespace) -> list[dict[str, Any]]:
    global SNAPSHOT

    RESULTS.mkdir(parents=True, exist_ok=True)
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    if unknown := set(systems) - set(SYSTEMS):
        raise SystemExit(f"unknown systems: {', '.join(sorted(unknown))} (known: {', '.join(SYSTEMS)})")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    src = ROOT / "src" / "askbio"
    code: dict[str, Any] = {**git_state(), "src_hash": src_hash(src), "snapshot": not args.no_snapshot}
    if not args.no_snapshot:
        # askbio's source may be edited while a run goes on: every subprocess of this run imports
        # one frozen copy, so builds and queries measure the same code.
        SNAPSHOT = Path(tempfile.mkdtemp(prefix="askbio-src-"))
        shutil.copytree(src, SNAPSHOT / "askbio", ignore=shutil.ignore_patterns("__pycache__"))
    meta = {"machine": machine(), "versions": versions(), "repeat": args.repeat, "askbio_code": code}
    log(f"askbio code: {code}")
    rows: list[dict[str, Any]] = []
    t_all = time.perf_counter()
    for n in sizes:
        ensure(n, n_queries=args.queries, data=args.data)
        jobs = list(dict.fromkeys(BUILD_JOB[s] for s in SYSTEMS if s in systems))
        for system in systems:
            (DATA / f"top10-{system}-{n}.json").unlink(missing_ok=True)
        builds = run_builds(args, jobs, n)
        serves = run_serves(args, systems, n, builds)
        if args.profile and "askbio" in jobs:
            p = run_sub(["--worker", "profile-build", "--size", str(n)], timeout=args.build_max_seconds * 3)
            if p["status"] == "ok":
                path = RESULTS / f"profile-build-askbio-{n}.txt"
                path.write_text(p["profile"])
                log(f"  profile written to {path.relative_to(ROOT)}")
        for system in systems:
            row = result_row(system, n, builds, serves[system])
            if system in ("rank-bm25", "bm25s-askbio-tokens"):
                row["agreement_vs_askbio_bm25"] = agreement(
                    DATA / f"top10-askbio-bm25-{n}.json", DATA / f"top10-{system}-{n}.json"
                )
            row.update(meta)
            rows.append(row)
            line = json.dumps(row)
            print(line, flush=True)
            with open(RESULTS / "results.jsonl", "a") as fh:
                fh.write(line + "\n")
        if not args.keep_indexes:
            for system in systems:
                index_path(system, n).unlink(missing_ok=True)
            shutil.rmtree(store_path(n), ignore_errors=True)
            shutil.rmtree(tantivy_path(n), ignore_errors=True)
            shutil.rmtree(DATA / f"engine-index-{n}", ignore_errors=True)
        log(f"size {n} done; {time.perf_counter() - t_all:.0f}s so far")
    if SNAPSHOT is not None:
        shutil.rmtree(SNAPSHOT, ignore_errors=True)
    return rows


def latest_rows(sizes: set[int], systems: list[str]) -> list[dict[str, Any]]:
    """The latest row of results.jsonl for each of these sizes and systems, in the order of SYSTEMS."""
    latest: dict[tuple[int, str], dict[str, Any]] = {}
    with open(RESULTS / "results.jsonl") as fh:
        for line in fh:
            r = json.loads(line)
            if r["size"] in sizes and r["system"] in systems:
                latest[(r["size"], r["system"])] = r
    return sorted(latest.values(), key=lambda r: (r["size"], SYSTEMS.index(r["system"])))


def worker_main(args: argparse.Namespace) -> None:
    load_before = os.getloadavg()
    if args.worker == "build":
        result = build_worker(args.job, args.size, args.save)
    elif args.worker == "serve":
        result = serve_worker(
            args.system, args.size, args.repeat, args.max_seconds, args.max_queries, args.profile
        )
    else:
        result = profile_build_worker(args.size)
    result["loadavg_1m"] = [load_before[0], os.getloadavg()[0]]
    if "askbio" in sys.modules:
        result["askbio_file"] = sys.modules["askbio"].__file__
    Path(args.out).write_text(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000", help="passage counts, comma-separated")
    parser.add_argument("--systems", default=",".join(DEFAULT_SYSTEMS), help=f"of {', '.join(SYSTEMS)}")
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed query passes and builds; medians reported"
    )
    parser.add_argument(
        "--build-repeat", type=int, default=0, help=f"builds per system (default: --repeat; 1 from {LARGE:,})"
    )
    parser.add_argument("--max-seconds", type=float, default=60.0, help="time guard of one query pass")
    parser.add_argument(
        "--build-max-seconds", type=float, default=1200.0, help="a build subprocess is killed after"
    )
    parser.add_argument(
        "--rank-bm25-queries", type=int, default=200, help="query sample for rank-bm25 (slow)"
    )
    parser.add_argument("--queries", type=int, default=1000, help="queries generated per collection")
    parser.add_argument(
        "--data", type=Path, default=BENCH_DATA, help="the BEIR folders the collections are made from"
    )
    parser.add_argument("--profile", action="store_true", help="also cProfile askbio's query path and build")
    parser.add_argument("--markdown", action="store_true", help="print the Markdown tables at the end")
    parser.add_argument(
        "--report",
        action="store_true",
        help="no run: the tables of the latest results.jsonl rows of --sizes and --systems",
    )
    parser.add_argument("--no-snapshot", action="store_true", help="import askbio from src/ as it changes")
    parser.add_argument(
        "--keep-indexes", action="store_true", help="keep the saved indexes in benchmarks/data"
    )
    # internal: subprocess workers
    parser.add_argument("--worker", choices=["build", "serve", "profile-build"], help=argparse.SUPPRESS)
    parser.add_argument("--job", help=argparse.SUPPRESS)
    parser.add_argument("--system", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--save", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--max-queries", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        worker_main(args)
        return
    if args.report:
        sizes = {int(x) for x in args.sizes.split(",") if x.strip()}
        print(markdown(latest_rows(sizes, [s.strip() for s in args.systems.split(",")])))
        return
    rows = orchestrate(args)
    if args.markdown:
        table = markdown(rows)
        print("\n" + table)
        (RESULTS / "latest.md").write_text(table + "\n")


if __name__ == "__main__":
    main()
