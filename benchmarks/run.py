"""Side-by-side performance of askbio, rank-bm25 and bm25s on the synthetic collections of
benchmarks/make_corpus.py (generated on first use).

    .venv/bin/python benchmarks/run.py --markdown                       # 10k and 100k
    .venv/bin/python benchmarks/run.py --sizes 1000000 --repeat 1 --markdown
    .venv/bin/python benchmarks/run.py --sizes 100000 --profile         # cProfile of askbio

Systems (--systems, comma-separated):
  askbio-bm25          askbio.text.Analyzer -> Postings.from_texts (from_tokens in older
                       code) -> BM25Index; query =
                       Analyzer.terms + BM25Index.matched_scores + search.top_k
  askbio-hybrid        the same plus TfidfIndex.scores, search.fuse and top_k over all passages
  rank-bm25            rank_bm25.BM25Plus on the same askbio tokens (same k1, b, delta)
  bm25s                bm25s.BM25(method="bm25+"), numpy backend, one thread, its own tokenizer
                       (bm25s.tokenize, English stopwords, PyStemmer Snowball stemmer if installed)
  bm25s-askbio-tokens  bm25s on askbio's tokens: the scoring engines compared on equal input
  askbio-gather        (opt-in; needs Postings.gather) the same hybrid ranking as Retriever._scores
                       computes it: BM25 and TF-IDF summed over the matching passages only
                       (Postings.gather), fuse, top_k; no query builder, no feedback round
  askbio-bm25-mmap     (opt-in; also askbio-hybrid-mmap, askbio-gather-mmap) the same query path,
                       the index loaded as `askbio serve` loads it: saved by askbio.store and
                       loaded memory-mapped (store.load), instead of unpickled
  askbio-engine        (opt-in) the full Engine: .txt corpus folder -> Engine.build() ->
                       Engine.search(); it re-splits passages, so its passage count differs

Every measurement runs in its own subprocess with OPENBLAS/OMP/MKL threads set to 1, one at a
time (so one core is busy): a build subprocess per system and repeat (time from raw text,
tokenisation included; peak memory = ru_maxrss minus the RSS once the raw texts are loaded),
then one serving subprocess per system (loads the fitted index from a pickle, or for the -mmap
systems from askbio's own index store, memory-mapped; RSS delta over the imports-only baseline,
mapped pages that queries touched included; --repeat timed passes over the queries, one query at a time, top-10;
each pass stops after --max-seconds and then qps is extrapolated from the queries done).
askbio-bm25's build numbers are a checkpoint of askbio-hybrid's build (same steps, in order).
Each run copies src/askbio once and every subprocess imports that copy (--no-snapshot: the live
tree), so edits made to askbio during a run cannot mix code versions; rows record the commit
and a hash of the copied source. --report rebuilds the table from results.jsonl (latest row per
size and system), e.g. after re-running only some systems.

Output: one JSON line per system and size on stdout, appended to benchmarks/results/results.jsonl,
and a Markdown table at the end with --markdown.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import pickle
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
RESULTS = HERE / "results"
sys.path.insert(0, str(HERE))

K1, B, DELTA = 1.2, 0.75, 1.0
K = 10
ALL_SYSTEMS = ["askbio-bm25", "askbio-hybrid", "rank-bm25", "bm25s", "bm25s-askbio-tokens"]
# Which build subprocess produces which system's index.
BUILD_JOB = {
    "askbio-bm25": "askbio",
    "askbio-hybrid": "askbio",
    "askbio-gather": "askbio",
    "askbio-bm25-mmap": "askbio",
    "askbio-hybrid-mmap": "askbio",
    "askbio-gather-mmap": "askbio",
    "rank-bm25": "rank-bm25",
    "bm25s": "bm25s",
    "bm25s-askbio-tokens": "bm25s-askbio-tokens",
    "askbio-engine": "askbio-engine",
}
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


# ----------------------------------------------------------------------------- helpers


def rss() -> int:
    """Current resident set size in bytes."""
    try:
        import psutil

        return int(psutil.Process().memory_info().rss)
    except ImportError:
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


def index_path(system_job: str, n: int) -> Path:
    return DATA / f"index-{system_job}-{n}.pkl"


def store_path(n: int) -> Path:
    """Where the askbio build job saves its index with askbio.store, for the -mmap systems."""
    return DATA / f"store-askbio-{n}"


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
    _rmtree(store_path(n))
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


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for name in ("askbio", "numpy", "scipy", "scikit-learn", "rank-bm25", "bm25s", "PyStemmer", "nltk"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "absent"
    return out


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
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
    texts = read_passages(n)
    out: dict[str, Any] = {"job": job, "n_passages": len(texts)}
    if job in ("askbio", "rank-bm25", "bm25s-askbio-tokens"):
        from nltk.stem.snowball import SnowballStemmer  # noqa: F401  (imported lazily by Analyzer)

        from askbio.text import Analyzer
    if job == "askbio":
        import sklearn.feature_extraction.text  # noqa: F401  (import time is not build time)

        from askbio.index import BM25Index, Postings, TfidfIndex
    elif job == "rank-bm25":
        from rank_bm25 import BM25Plus
    elif job.startswith("bm25s"):
        import bm25s
    gc.collect()
    base = rss()
    out["rss_base_mb"] = base / MB
    t0 = time.perf_counter()

    if job == "askbio":
        analyzer = Analyzer()
        if hasattr(Postings, "from_texts"):
            # As Retriever.fit and Engine.build do: terms go straight into the postings as ids,
            # so analysing and counting are one step (tokenize_s is then their sum).
            tokens = None
            postings = Postings.from_texts(texts, analyzer)
            t1 = t2 = time.perf_counter()
        else:
            tokens = analyzer.analyze_many(texts)
            t1 = time.perf_counter()
            postings = Postings.from_tokens(tokens)
            t2 = time.perf_counter()
        bm25 = BM25Index(k1=K1, b=B, delta=DELTA).fit(postings)
        t3 = time.perf_counter()
        peak_bm25 = peak_rss()
        tfidf = fit_tfidf(TfidfIndex(), postings, tokens)
        t4 = time.perf_counter()
        out.update(
            tokenize_s=t1 - t0,
            postings_s=t2 - t1,
            bm25_fit_s=t3 - t2,
            tfidf_fit_s=t4 - t3,
            build_s_bm25=t3 - t0,
            build_s_hybrid=t4 - t0,
            peak_delta_mb_bm25=(peak_bm25 - base) / MB,
            peak_delta_mb_hybrid=(peak_rss() - base) / MB,
            n_terms=postings.n_terms,
            n_postings=int(postings.indices.size),
            tokenizer="askbio.text.Analyzer",
        )
        if save:
            with open(index_path("askbio", n), "wb") as fh:
                # The BM25 part first (holding the postings), then TF-IDF without its own copy.
                # The analyser is saved as its stem cache, as askbio's own index store does.
                pickle.dump((analyzer.stem_cache, bm25), fh, protocol=5)
                tfidf.postings_ = None
                pickle.dump(tfidf, fh, protocol=5)
            tfidf.postings_ = postings
            save_askbio_store(n, texts, analyzer, postings, bm25, tfidf)
    elif job == "rank-bm25":
        analyzer = Analyzer()
        tokens = analyzer.analyze_many(texts)
        t1 = time.perf_counter()
        model = BM25Plus(tokens, k1=K1, b=B, delta=DELTA)
        t2 = time.perf_counter()
        out.update(stage_figures(t0, t1, t2, base), n_terms=len(model.idf), tokenizer="askbio.text.Analyzer")
        if save:
            with open(index_path("rank-bm25", n), "wb") as fh:
                pickle.dump((analyzer.stem_cache, model), fh, protocol=5)
    elif job in ("bm25s", "bm25s-askbio-tokens"):
        if job == "bm25s":
            stemmer, tok_name = bm25s_stemmer()
            tokens = bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False)
        else:
            analyzer = Analyzer()
            tokens = analyzer.analyze_many(texts)
            tok_name = "askbio.text.Analyzer"
        t1 = time.perf_counter()
        model = bm25s.BM25(k1=K1, b=B, delta=DELTA, method="bm25+", backend="numpy")
        model.index(tokens, show_progress=False)
        t2 = time.perf_counter()
        out.update(
            stage_figures(t0, t1, t2, base),
            n_terms=len(model.vocab_dict),
            n_postings=int(model.scores["data"].size),
            tokenizer=tok_name,
        )
        if save:
            with open(index_path(job, n), "wb") as fh:
                if job == "bm25s":
                    pickle.dump((None, model), fh, protocol=5)
                else:
                    pickle.dump((analyzer.stem_cache, model), fh, protocol=5)
    elif job == "askbio-engine":
        from askbio.engine import Engine
        from askbio.settings import Config

        corpus_dir = engine_corpus(n, texts)
        del texts
        gc.collect()
        base = rss()
        out["rss_base_mb"] = base / MB
        index_dir = DATA / f"engine-index-{n}"
        _rmtree(index_dir)
        t0 = time.perf_counter()
        bundle = Engine(Config(corpus=corpus_dir, index_dir=index_dir)).build()
        t1 = time.perf_counter()
        out.update(
            build_s=t1 - t0,
            peak_delta_mb=(peak_rss() - base) / MB,
            n_passages=len(bundle.passages),
            n_terms=bundle.postings.n_terms,
            n_postings=int(bundle.postings.indices.size),
            tokenizer="askbio Engine (NLTK Punkt passages + Analyzer)",
        )
    else:
        raise SystemExit(f"unknown build job {job}")
    out["peak_rss_mb"] = peak_rss() / MB
    return out


def fit_tfidf(tfidf: Any, postings: Any, tokens: Any) -> Any:
    """TfidfIndex.fit(postings, tokens), or fit(postings) where askbio no longer needs tokens."""
    import inspect

    if len(inspect.signature(tfidf.fit).parameters) >= 2:
        return tfidf.fit(postings, tokens)
    return tfidf.fit(postings)


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


def _rmtree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


# ----------------------------------------------------------------------------- serve workers


class Searcher:
    """One system's query path: question text in, top-10 passage indices (and scores) out."""

    def __init__(self, system: str, n: int) -> None:
        import numpy as np

        self.system = system
        self.kind = system.removesuffix("-mmap")  # the query path; -mmap only changes the loading
        self.np = np
        if system.startswith("askbio") or system in ("rank-bm25", "bm25s-askbio-tokens"):
            from nltk.stem.snowball import SnowballStemmer  # noqa: F401

            import askbio.search
            import askbio.text
        if system.startswith("bm25s"):
            import bm25s  # noqa: F401
        if system == "bm25s":
            self.stemmer, _ = bm25s_stemmer()
        if system == "askbio-engine":
            import askbio.engine  # noqa: F401
        gc.collect()
        self.rss_base = rss()
        t0 = time.perf_counter()
        self._load(n)
        gc.collect()
        self.load_s = time.perf_counter() - t0
        self.rss_loaded = rss()

    def _load(self, n: int) -> None:
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
            self.n_docs = len(bundle.passages)
            return
        if self.system.endswith("-mmap"):
            from askbio import store
            from askbio.text import Analyzer

            self.bundle = store.load(store_path(n))  # verified and memory-mapped, as askbio serve
            assert self.bundle is not None
            self.model = self.bundle.bm25
            self.analyzer = Analyzer(self.bundle.stems)
            if self.kind in ("askbio-hybrid", "askbio-gather"):
                self.tfidf = self.bundle.tfidf
            self.n_docs = self.model.postings_.n_docs
            return
        with open(index_path(BUILD_JOB[self.system], n), "rb") as fh:
            stems, self.model = pickle.load(fh)  # noqa: S301 (our own file)
            if stems is not None:
                from askbio.text import Analyzer

                self.analyzer = Analyzer(stems)
            if self.system in ("askbio-hybrid", "askbio-gather"):
                self.tfidf = pickle.load(fh)  # noqa: S301
                self.tfidf.postings_ = self.model.postings_
        if self.system.startswith("askbio"):
            self.n_docs = self.model.postings_.n_docs
        elif self.system == "rank-bm25":
            self.n_docs = self.model.corpus_size
        else:
            self.n_docs = self.model.scores["num_docs"]

    def terms(self, question: str) -> list[str]:
        if self.system == "bm25s":
            import bm25s

            return bm25s.tokenize(
                [question], stopwords="en", stemmer=self.stemmer, show_progress=False, return_ids=False
            )[0]
        return self.analyzer.terms(question)

    def search(self, question: str) -> Any:
        """The timed path: analyse, score, select the top 10."""
        s = self.kind
        if s == "askbio-bm25":
            from askbio.search import top_k

            return top_k(self.model.matched_scores(self.analyzer.terms(question)), K)
        if s == "askbio-hybrid":
            from askbio.search import fuse, top_k

            terms = self.analyzer.terms(question)
            return top_k(fuse(self.model.matched_scores(terms), self.tfidf.scores(terms)), K)
        if s == "rank-bm25":
            return topk_desc(self.model.get_scores(self.analyzer.terms(question)), K)
        if s == "askbio-gather":
            from askbio.search import fuse, top_k

            p = self.model.postings_
            qweights = {t: float(c) for t, c in p.term_ids(self.analyzer.terms(question)).items()}
            candidates, (bm25, tfidf) = p.gather(
                [(self.model.weights_, qweights), (self.tfidf.weights_, self.tfidf.query_vector(qweights))]
            )
            return candidates[top_k(fuse(bm25, tfidf), K)]
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
        np = self.np
        s = self.system
        terms = self.terms(question)
        if s == "askbio-bm25":
            from askbio.search import top_k

            scores = self.model.matched_scores(terms)
            ids = top_k(scores, K)
            return ids.tolist(), scores[ids].astype(float).tolist()
        if s == "rank-bm25":
            scores = self.model.get_scores(terms)
            constant = sum((self.model.idf.get(t) or 0.0) * DELTA for t in terms)
            ids = topk_desc(scores, K)
        elif s.startswith("bm25s"):
            res = self.model.retrieve(
                [terms], k=K, show_progress=False, n_threads=0, backend_selection="numpy"
            )
            ids, top = res.documents[0], res.scores[0].astype(np.float64)
            tids = self.model.get_tokens_ids(terms)
            na = self.model.nonoccurrence_array
            constant = float(na[np.asarray(tids, dtype=np.int64)].sum()) if (na is not None and tids) else 0.0
            scores = np.zeros(self.n_docs, dtype=np.float64)
            scores[ids] = top
        else:
            return [], []
        matched = scores[ids] - constant
        keep = matched > 1e-4 * max(1.0, abs(constant))
        return [int(i) for i in np.asarray(ids)[keep]], [float(x) for x in matched[keep]]


def serve_worker(
    system: str, n: int, repeat: int, max_seconds: float, max_queries: int | None, profile: bool
) -> dict[str, Any]:
    import numpy as np

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
    warm = queries[: min(20, len(queries))]
    for q in warm:  # stems of new words, lazy imports, caches
        searcher.search(q)
    if profile:
        import cProfile
        import io
        import pstats

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
        buf = io.StringIO()
        stats = pstats.Stats(prof, stream=buf)
        buf.write(f"# {system}, {n} passages, {done} queries, cProfile (adds overhead)\n")
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(25)
        out["profile"] = buf.getvalue()
        return out
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
            break  # the time guard hit: one bounded pass is all this system gets
    out["serve_rss_mb"] = (rss() - searcher.rss_base) / MB
    out["passes"] = passes
    out["queries_timed"] = passes[0]["done"]
    out["extrapolated"] = passes[0]["done"] < n_file
    out["hit_time_guard"] = passes[0]["done"] < len(queries)
    for key in ("qps", "p50_ms", "p99_ms", "mean_ms"):
        out[key] = statistics.median(p[key] for p in passes)
    out["qps_runs"] = [round(p["qps"], 2) for p in passes]
    if system.startswith("bm25s"):
        # bm25s's intended use: all queries in one call (still one thread, numpy backend).
        import bm25s

        done = passes[0]["done"]
        batch_q = queries[:done]
        t0 = time.perf_counter()
        if system == "bm25s":
            toks = bm25s.tokenize(
                batch_q, stopwords="en", stemmer=searcher.stemmer, show_progress=False, return_ids=False
            )
        else:
            toks = [searcher.analyzer.terms(q) for q in batch_q]
        searcher.model.retrieve(toks, k=K, show_progress=False, n_threads=0, backend_selection="numpy")
        out["batch_qps"] = len(batch_q) / (time.perf_counter() - t0)
    # Top-10 of the timed queries, for the agreement check (done after timing).
    if system in ("askbio-bm25", "rank-bm25", "bm25s-askbio-tokens"):
        ranked = [searcher.ranked(q) for q in queries[: passes[0]["done"]]]
        with open(DATA / f"top10-{system}-{n}.json", "w") as fh:
            json.dump(ranked, fh)
    return out


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
    result = json.loads(out_path.read_text())
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


def orchestrate(args: argparse.Namespace) -> list[dict[str, Any]]:
    from make_corpus import ensure

    global SNAPSHOT
    import shutil

    RESULTS.mkdir(parents=True, exist_ok=True)
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
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
    stemmer_note = bm25s_stemmer()[1]
    rows: list[dict[str, Any]] = []
    t_all = time.perf_counter()
    for n in sizes:
        ensure(n, n_queries=args.queries)
        jobs = sorted({BUILD_JOB[s] for s in systems}, key=lambda j: list(BUILD_JOB.values()).index(j))
        for system in systems:
            (DATA / f"top10-{system}-{n}.json").unlink(missing_ok=True)
        builds: dict[str, list[dict[str, Any]]] = {}
        for job in jobs:
            builds[job] = []
            # The full Engine build (Punkt, saving) is slow: one run.
            build_repeat = 1 if job == "askbio-engine" else (args.build_repeat or args.repeat)
            for r in range(build_repeat):
                log(f"build {job} n={n} run {r + 1}/{build_repeat}")
                res = run_sub(
                    ["--worker", "build", "--job", job, "--size", str(n)] + (["--save"] if r == 0 else []),
                    timeout=args.build_max_seconds,
                )
                builds[job].append(res)
                if res["status"] != "ok":
                    log(f"  {job}: {res['status']}")
                    break
                log(f"  {job}: {res.get('build_s', res.get('build_s_hybrid')):.1f}s")
        serves: dict[str, dict[str, Any]] = {}
        for system in systems:
            if builds[BUILD_JOB[system]][0]["status"] != "ok":
                serves[system] = {"status": "skipped (build failed)"}
                continue
            max_q = args.rank_bm25_queries if system == "rank-bm25" else None
            log(f"serve {system} n={n}")
            serves[system] = run_sub(
                [
                    "--worker",
                    "serve",
                    "--system",
                    system,
                    "--size",
                    str(n),
                    "--repeat",
                    str(args.repeat),
                    "--max-seconds",
                    str(args.max_seconds),
                ]
                + (["--max-queries", str(max_q)] if max_q else []),
                timeout=args.max_seconds * (args.repeat + 2) + args.build_max_seconds,
            )
            s = serves[system]
            if s["status"] == "ok":
                log(
                    f"  {system}: {s['qps']:.1f} q/s, p50 {s['p50_ms']:.2f} ms, rss {s['serve_rss_mb']:.0f} MB"
                )
            if args.profile and system.startswith("askbio"):
                p = run_sub(
                    [
                        "--worker",
                        "serve",
                        "--system",
                        system,
                        "--size",
                        str(n),
                        "--repeat",
                        "1",
                        "--max-seconds",
                        str(args.max_seconds),
                        "--profile",
                    ],
                    timeout=args.max_seconds * 3 + args.build_max_seconds,
                )
                if p["status"] == "ok":
                    path = RESULTS / f"profile-query-{system}-{n}.txt"
                    path.write_text(p["profile"])
                    log(f"  profile written to {path.relative_to(ROOT)}")
        if args.profile and "askbio" in jobs:
            p = run_sub(["--worker", "profile-build", "--size", str(n)], timeout=args.build_max_seconds * 3)
            if p["status"] == "ok":
                path = RESULTS / f"profile-build-askbio-{n}.txt"
                path.write_text(p["profile"])
                log(f"  profile written to {path.relative_to(ROOT)}")
        agree = {
            "rank-bm25": agreement(DATA / f"top10-askbio-bm25-{n}.json", DATA / f"top10-rank-bm25-{n}.json")
            if {"askbio-bm25", "rank-bm25"} & set(systems)
            else None,
            "bm25s-askbio-tokens": agreement(
                DATA / f"top10-askbio-bm25-{n}.json", DATA / f"top10-bm25s-askbio-tokens-{n}.json"
            )
            if {"askbio-bm25", "bm25s-askbio-tokens"} & set(systems)
            else None,
        }
        for system in systems:
            b_runs = [r for r in builds[BUILD_JOB[system]] if r["status"] == "ok"]
            suffix = {"askbio-bm25": "_bm25", "askbio-hybrid": "_hybrid", "askbio-gather": "_hybrid"}.get(
                system.removesuffix("-mmap"), ""
            )
            s = serves[system]
            row: dict[str, Any] = {
                "size": n,
                "system": system,
                "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S"),
                "tokenizer": (b_runs[0]["tokenizer"] if b_runs else None)
                if system != "bm25s"
                else stemmer_note,
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
                if system.startswith("askbio-") and system != "askbio-engine":
                    for key in ("postings_s", "bm25_fit_s", "tfidf_fit_s"):
                        row[key] = statistics.median(r[key] for r in b_runs)
            row["loadavg_1m_build"] = [r.get("loadavg_1m") for r in b_runs]
            row["askbio_imported_from"] = s.get("askbio_file") or (
                b_runs[0].get("askbio_file") if b_runs else None
            )
            row["loadavg_1m_serve"] = s.get("loadavg_1m")
            row["serve_status"] = s["status"]
            if s["status"] == "ok":
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
                    if key in s:
                        row[key] = s[key]
            if agree.get(system):
                row["agreement_vs_askbio_bm25"] = agree[system]
            row.update(meta)
            rows.append(row)
            line = json.dumps(row)
            print(line, flush=True)
            with open(RESULTS / "results.jsonl", "a") as fh:
                fh.write(line + "\n")
        if not args.keep_indexes:
            for job in jobs:
                index_path(job, n).unlink(missing_ok=True)
            _rmtree(store_path(n))
            _rmtree(DATA / f"engine-index-{n}")
        log(f"size {n} done; {time.perf_counter() - t_all:.0f}s so far")
    if SNAPSHOT is not None:
        shutil.rmtree(SNAPSHOT, ignore_errors=True)
    return rows


def fmt(x: Any, spec: str = ".1f") -> str:
    return "–" if x is None else format(x, spec)


def markdown(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return ""
    meta = rows[0]
    v = meta["versions"]
    m = meta["machine"]
    lines = [
        f"Machine: {m.get('cpu', '?')}, nproc={m['nproc']}, {m.get('mem_gib', '?')} GiB; Python {v['python']}; "
        f"numpy {v['numpy']}, scipy {v['scipy']}, scikit-learn {v['scikit-learn']}, rank-bm25 {v['rank-bm25']}, "
        f"bm25s {v['bm25s']}, PyStemmer {v['PyStemmer']}, nltk {v['nltk']}. One thread; medians of "
        f"{meta['repeat']} runs unless noted. Query = analyse + score + top-10, one query at a time.",
        "",
        "| passages | system | build s (tokenise) | build peak MB | serving RSS MB | q/s | p50 ms | p99 ms "
        "| top-10 = askbio (ties) / overlap@10 |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        qps = fmt(r.get("qps"))
        if r.get("extrapolated"):
            qps += f" (†{r['queries_timed']} q{', guard' if r.get('hit_time_guard') else ''})"
        if r.get("batch_qps"):
            qps += f"; batch {r['batch_qps']:.0f}"
        ag = r.get("agreement_vs_askbio_bm25")
        ag_s = (
            f"{ag['identical_top10']:.3f} ({ag['identical_up_to_ties']:.3f}) / {ag['overlap_at_10']:.4f} "
            f"[{ag['queries']} q]"
            if ag
            else ""
        )
        build = fmt(r.get("build_s"))
        if r.get("tokenize_s") is not None:
            build += f" ({r['tokenize_s']:.1f})"
        if r.get("build_status") != "ok":
            build = r.get("build_status", "?")
        lines.append(
            f"| {r['size']:,} | {r['system']} | {build} | {fmt(r.get('build_peak_delta_mb'), '.0f')} "
            f"| {fmt(r.get('serve_rss_mb'), '.0f')} | {qps} | {fmt(r.get('p50_ms'), '.2f')} "
            f"| {fmt(r.get('p99_ms'), '.2f')} | {ag_s} |"
        )
    lines += [
        "",
        "Ratios (askbio ÷ other; q/s > 1 = askbio faster; build time and memory < 1 = askbio better):",
        "",
    ]
    lines += [
        "| passages | askbio | vs | q/s | build time | build peak | serving RSS |",
        "|---:|---|---|---:|---:|---:|---:|",
    ]
    by = {(r["size"], r["system"]): r for r in rows}
    for n in sorted({r["size"] for r in rows}):
        for mine in (
            "askbio-bm25",
            "askbio-bm25-mmap",
            "askbio-hybrid",
            "askbio-hybrid-mmap",
            "askbio-gather",
            "askbio-gather-mmap",
        ):
            for other in ("bm25s", "rank-bm25", "bm25s-askbio-tokens"):
                a, o = by.get((n, mine)), by.get((n, other))
                if not a or not o:
                    continue

                def ratio(key: str, a: dict = a, o: dict = o) -> str:
                    x, y = a.get(key), o.get(key)
                    return f"{x / y:.2f}" if x and y else "–"

                lines.append(
                    f"| {n:,} | {mine} | {other} | {ratio('qps')} | {ratio('build_s')} "
                    f"| {ratio('build_peak_delta_mb')} | {ratio('serve_rss_mb')} |"
                )
    lines += [
        "",
        "build peak MB = peak RSS of the build subprocess minus its RSS once the raw texts were loaded; "
        "serving RSS = RSS after the timed queries minus the imports-only baseline, index loaded from a pickle "
        "(-mmap rows: from askbio's index store, memory-mapped as `askbio serve` loads it; the mapped pages "
        "the queries touched count). "
        "† n q = timed on only n of the queries (rank-bm25's sample cap; 'guard': the pass hit "
        "--max-seconds), q/s extrapolated from them. "
        "Agreement: fraction of queries whose top-10 passage sets are identical to askbio-bm25's (in "
        "parentheses: identical or differing only by tied scores at the cut), and mean overlap@10.",
    ]
    runs: dict[int, set[int]] = {}
    for r in rows:
        if r.get("build_runs") and r["system"] != "askbio-engine":
            runs.setdefault(r["size"], set()).add(r["build_runs"])
    lines.append(
        "Builds per system: "
        + ", ".join(f"{n:,}: {'/'.join(map(str, sorted(b)))}" for n, b in sorted(runs.items()))
        + " (askbio-engine: 1); build figures are medians of those."
    )
    codes: dict[tuple[Any, Any, Any], list[str]] = {}
    for r in rows:
        c = r.get("askbio_code") or {}
        codes.setdefault((c.get("head", "?"), c.get("src_hash", "?"), c.get("src_dirty")), []).append(
            r["timestamp"][:16]
        )
    lines.append(
        "askbio code measured: "
        + "; ".join(
            f"commit {h}{' + uncommitted src' if d else ''} (src hash {sh}, run {min(ts)})"
            for (h, sh, d), ts in codes.items()
        )
        + "."
    )
    return "\n".join(lines)


def profile_build_worker(n: int) -> dict[str, Any]:
    import cProfile
    import io
    import pstats

    import sklearn.feature_extraction.text  # noqa: F401  (imports are not build time)
    from nltk.stem.snowball import SnowballStemmer  # noqa: F401

    from askbio.index import BM25Index, Postings, TfidfIndex
    from askbio.text import Analyzer

    texts = read_passages(n)
    prof = cProfile.Profile()
    prof.enable()
    analyzer = Analyzer()
    if hasattr(Postings, "from_texts"):
        tokens = None
        postings = Postings.from_texts(texts, analyzer)
    else:
        tokens = analyzer.analyze_many(texts)
        postings = Postings.from_tokens(tokens)
    BM25Index(k1=K1, b=B, delta=DELTA).fit(postings)
    fit_tfidf(TfidfIndex(), postings, tokens)
    prof.disable()
    buf = io.StringIO()
    buf.write(f"# askbio build (hybrid), {n} passages, cProfile (adds overhead)\n")
    stats = pstats.Stats(prof, stream=buf)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(25)
    return {"profile": buf.getvalue()}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000", help="passage counts (1000000 only when asked)")
    parser.add_argument("--systems", default=",".join(ALL_SYSTEMS), help="also: askbio-engine")
    parser.add_argument("--repeat", type=int, default=3, help="timed query passes / builds; medians reported")
    parser.add_argument("--build-repeat", type=int, default=0, help="builds per system (default: --repeat)")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="time guard of one query pass")
    parser.add_argument(
        "--build-max-seconds", type=float, default=1200.0, help="a build subprocess is killed after"
    )
    parser.add_argument(
        "--rank-bm25-queries", type=int, default=200, help="query sample for rank-bm25 (slow)"
    )
    parser.add_argument("--queries", type=int, default=1000, help="queries generated per collection")
    parser.add_argument("--profile", action="store_true", help="also cProfile askbio's query path and build")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table at the end")
    parser.add_argument(
        "--report", action="store_true", help="no run: the Markdown table of the latest results.jsonl rows"
    )
    parser.add_argument("--no-snapshot", action="store_true", help="import askbio from src/ as it changes")
    parser.add_argument(
        "--keep-indexes", action="store_true", help="keep the pickled indexes in benchmarks/data"
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
        return

    if args.report:
        sizes = {int(x) for x in args.sizes.split(",") if x.strip()}
        order = [
            *ALL_SYSTEMS,
            "askbio-gather",
            "askbio-bm25-mmap",
            "askbio-hybrid-mmap",
            "askbio-gather-mmap",
            "askbio-engine",
        ]
        latest: dict[tuple[int, str], dict[str, Any]] = {}
        with open(RESULTS / "results.jsonl") as fh:
            for line in fh:
                r = json.loads(line)
                if r["size"] in sizes:
                    latest[(r["size"], r["system"])] = r
        rows = sorted(latest.values(), key=lambda r: (r["size"], order.index(r["system"])))
        for r in rows:
            # Rows of systems run apart (e.g. askbio again at 1M): agreement from the saved top-10s.
            if r["system"] in ("rank-bm25", "bm25s-askbio-tokens") and not r.get("agreement_vs_askbio_bm25"):
                r["agreement_vs_askbio_bm25"] = agreement(
                    DATA / f"top10-askbio-bm25-{r['size']}.json",
                    DATA / f"top10-{r['system']}-{r['size']}.json",
                )
        print(markdown(rows))
        return
    rows = orchestrate(args)
    if args.markdown:
        table = markdown(rows)
        print("\n" + table)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        (RESULTS / f"table-{stamp}.md").write_text(table + "\n")


if __name__ == "__main__":
    main()
