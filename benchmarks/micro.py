"""Where askbio's time goes, and what faster variants of its hot spots would gain.

Measures, on one thread, against the collection of benchmarks/make_corpus.py:
  * the query path of the hybrid ranking (Engine's), split into analyse / BM25 accumulate /
    TF-IDF accumulate / fuse / top_k, then prototypes of faster query paths (same results checked);
  * numpy memmap-backed postings (what store.load(mmap=True) gives) against plain arrays;
  * the build: the analyser with a memo of raw tokens, a vectorised Postings.from_tokens and
    TF-IDF weights computed from the postings instead of re-counting with scikit-learn.

Every prototype is checked against askbio's own output. Nothing in src/ is changed: prototypes
live here and only read askbio's public objects.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/micro.py --size 100000
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import numpy as np  # noqa: E402

from askbio.index import BM25Index, Postings, TfidfIndex  # noqa: E402
from askbio.search import TFIDF_WEIGHT, fuse, top_k  # noqa: E402
from askbio.text import _TOKEN_RE, Analyzer, normalize  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
K = 10


def timed(fn: Any, *args: Any) -> tuple[Any, float]:
    t0 = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t0


# ----------------------------------------------------------------------------- build prototypes


class MemoAnalyzer(Analyzer):
    """Analyzer.terms with a memo from raw token to its terms: the regex checks and stemming
    of `_terms_for` run once per distinct raw token instead of once per occurrence."""

    def __init__(self) -> None:
        super().__init__()
        self.raw_cache: dict[str, tuple[str, ...]] = {}

    def terms(self, text: str) -> list[str]:
        folded, _ = normalize(text)
        out: list[str] = []
        cache = self.raw_cache
        for raw in _TOKEN_RE.findall(folded):
            terms = cache.get(raw)
            if terms is None:
                terms = cache[raw] = tuple(self._terms_for(raw))
            out.extend(terms)
        return out


class NoMemoAnalyzer(Analyzer):
    """Analyzer.terms running `_terms_for` on every token occurrence (askbio before its memo)."""

    def terms(self, text: str) -> list[str]:
        folded, _ = normalize(text)
        out: list[str] = []
        for raw in _TOKEN_RE.findall(folded):
            out.extend(self._terms_for(raw))
        return out


def postings_loop(corpus_tokens: list[list[str]]) -> Postings:
    """Postings.from_tokens as askbio had it first: a Counter per passage, three Python lists
    of ints (one entry per posting), then a lexsort."""
    vocab_terms = sorted({t for doc in corpus_tokens for t in doc})
    vocabulary = {t: i for i, t in enumerate(vocab_terms)}
    rows: list[int] = []
    cols: list[int] = []
    counts: list[int] = []
    doc_len = np.zeros(len(corpus_tokens), dtype=np.float32)
    for d, doc in enumerate(corpus_tokens):
        doc_len[d] = len(doc)
        for term, n in Counter(doc).items():
            rows.append(d)
            cols.append(vocabulary[term])
            counts.append(n)
    col = np.asarray(cols, dtype=np.int64)
    order = np.lexsort((np.asarray(rows, dtype=np.int64), col))
    indptr = np.zeros(len(vocab_terms) + 1, dtype=np.int64)
    np.cumsum(np.bincount(col, minlength=len(vocab_terms)), out=indptr[1:])
    indices = np.asarray(rows, dtype=np.int32)[order]
    tf = np.asarray(counts, dtype=np.float32)[order]
    return Postings(vocabulary, indptr, indices, tf, doc_len)


def fit_tfidf(postings: Postings, tokens: list[list[str]]) -> TfidfIndex:
    import inspect

    tfidf = TfidfIndex()
    if len(inspect.signature(tfidf.fit).parameters) >= 2:
        return tfidf.fit(postings, tokens)
    return tfidf.fit(postings)


def postings_fast(corpus_tokens: list[list[str]]) -> Postings:
    """Postings.from_tokens without a Python loop over postings: one dict look-up per token,
    then numpy sorts (term, doc) keys and counts them."""
    vocab: dict[str, int] = {}
    flat = [vocab.setdefault(t, len(vocab)) for doc in corpus_tokens for t in doc]
    n = len(corpus_tokens)
    lens = np.fromiter((len(d) for d in corpus_tokens), dtype=np.int64, count=n)
    terms = sorted(vocab)
    rank = np.empty(len(terms), dtype=np.int64)
    rank[np.fromiter((vocab[t] for t in terms), dtype=np.int64, count=len(terms))] = np.arange(len(terms))
    tid = rank[np.asarray(flat, dtype=np.int64)]
    doc = np.repeat(np.arange(n, dtype=np.int64), lens)
    keys, tf = np.unique(tid * n + doc, return_counts=True)  # sorted by term, then passage
    term_of, indices = np.divmod(keys, n)
    indptr = np.zeros(len(terms) + 1, dtype=np.int64)
    np.cumsum(np.bincount(term_of, minlength=len(terms)), out=indptr[1:])
    return Postings(
        {t: i for i, t in enumerate(terms)},
        indptr,
        indices.astype(np.int32),
        tf.astype(np.float32),
        lens.astype(np.float32),
    )


def tfidf_weights_fast(p: Postings) -> tuple[np.ndarray, np.ndarray]:
    """TfidfVectorizer(sublinear_tf, smooth_idf, norm="l2") weights from the postings alone."""
    n = p.n_docs
    df = np.diff(p.indptr).astype(np.float64)
    idf = np.log((1 + n) / (1 + df)) + 1.0
    term_of = np.repeat(np.arange(p.n_terms), np.diff(p.indptr))
    w = (1.0 + np.log(p.tf.astype(np.float64))) * idf[term_of]
    norms = np.sqrt(np.bincount(p.indices, weights=w * w, minlength=n))
    return idf.astype(np.float32), (w / norms[p.indices]).astype(np.float32)


# ----------------------------------------------------------------------------- query prototypes


class FastHybrid:
    """The hybrid ranking of Engine (BM25 max-normalised + TF-IDF cosine, fused, top-k) computed
    on the passages that match a query term only, with reused scratch buffers.

    Identical arithmetic to askbio (float32 scatter-add in the same term order), so the same
    scores; only the O(n_passages) passes (np.zeros, fuse over all passages, scores > 0) go.
    """

    def __init__(self, analyzer: Analyzer, bm25: BM25Index, tfidf: TfidfIndex) -> None:
        self.analyzer, self.bm25, self.tfidf = analyzer, bm25, tfidf
        p = bm25.postings_
        self.vocab, self.indptr, self.indices = p.vocabulary, p.indptr, p.indices
        self.wb, self.wt, self.idf_t = bm25.weights_, tfidf.weights_, tfidf.idf_
        self.buf_b = np.zeros(p.n_docs, dtype=np.float32)
        self.buf_t = np.zeros(p.n_docs, dtype=np.float32)

    def search(self, question: str, candidates: str = "flatnonzero") -> np.ndarray:
        counts = Counter(self.vocab[t] for t in self.analyzer.terms(question) if t in self.vocab)
        if not counts:
            return np.zeros(0, dtype=np.int64)
        qt = {t: (1.0 + math.log(c)) * float(self.idf_t[t]) for t, c in counts.items()}
        qnorm = math.sqrt(sum(w * w for w in qt.values())) or 1.0
        ip, ix, bb, bt = self.indptr, self.indices, self.buf_b, self.buf_t
        spans = []
        for t, c in counts.items():
            lo, hi = int(ip[t]), int(ip[t + 1])
            idx = ix[lo:hi]
            bb[idx] += np.float32(c) * self.wb[lo:hi]
            bt[idx] += np.float32(qt[t] / qnorm) * self.wt[lo:hi]
            spans.append(idx)
        if candidates == "flatnonzero":
            cand = np.flatnonzero(bb)
        else:
            cand = np.unique(np.concatenate(spans)) if len(spans) > 1 else spans[0]
        b, tf = bb[cand], bt[cand]
        bb[cand] = 0.0
        bt[cand] = 0.0
        top = float(b.max())
        fused = ((1.0 - TFIDF_WEIGHT) * (b / top) + TFIDF_WEIGHT * tf).astype(np.float32)
        part = np.argpartition(-fused, K - 1)[:K] if fused.size > K else np.arange(fused.size)
        part = part[fused[part] > 0]
        order = np.lexsort((cand[part], -fused[part]))
        return cand[part][order].astype(np.int64)


def gather_hybrid(analyzer: Analyzer, bm25: BM25Index, tfidf: TfidfIndex, q: str) -> np.ndarray:
    """The hybrid as askbio's Retriever._scores ranks (Postings.gather), without feedback."""
    p = bm25.postings_
    qweights = {t: float(c) for t, c in p.term_ids(analyzer.terms(q)).items()}
    candidates, (b, t) = p.gather([(bm25.weights_, qweights), (tfidf.weights_, tfidf.query_vector(qweights))])
    return candidates[top_k(fuse(b, t), K)]


def top_k_argpartition(scores: np.ndarray, k: int) -> np.ndarray:
    """top_k with one argpartition over all passages (no scores > 0 mask, no gather first)."""
    n = scores.size
    idx = np.argpartition(scores, n - k)[n - k :] if n > k else np.arange(n)
    idx = idx[scores[idx] > 0]
    return idx[np.lexsort((idx, -scores[idx]))].astype(np.int64)


def top_k_blockmax(scores: np.ndarray, k: int, block: int = 1024) -> np.ndarray:
    """top_k reading the array once for per-block maxima (SIMD-fast), then selecting among the
    k blocks with the highest maxima only: the k best passages lie in those blocks."""
    n = scores.size
    nb = n // block
    if nb <= 4 * k:
        return top_k(scores, k)
    maxima = scores[: nb * block].reshape(nb, block).max(axis=1)
    best = np.sort(np.argpartition(maxima, nb - k)[nb - k :])
    cand = (best[:, None] * block + np.arange(block)).ravel()
    if nb * block < n:
        cand = np.concatenate([cand, np.arange(nb * block, n)])
    return cand[top_k(scores[cand], k)]


def fuse_inplace(bm25: np.ndarray, tfidf: np.ndarray, w: float = TFIDF_WEIGHT) -> np.ndarray:
    """fuse() into bm25's own buffer: no temporaries of n_passages floats (each a fresh, page-
    faulting allocation at 1M passages). Overwrites both inputs."""
    top = float(bm25.max()) if bm25.size else 0.0
    if top <= 0:
        bm25[:] = 0
    else:
        np.multiply(bm25, np.float32((1.0 - w) / top), out=bm25)
    np.multiply(tfidf, np.float32(w), out=tfidf)
    np.add(bm25, tfidf, out=bm25)
    return bm25


def selection(
    bm25: BM25Index, tfidf: TfidfIndex, analyzer: Analyzer, queries: list[str], repeat: int
) -> dict:
    """fuse and top_k against the variants above, on the score arrays of real queries."""
    arrays = []
    for q in queries:
        terms = analyzer.terms(q)
        arrays.append((bm25.matched_scores(terms), tfidf.scores(terms)))
    out: dict[str, Any] = {}

    def bench(name: str, fn: Any, copy: bool = False) -> list[Any]:
        runs, results = [], []
        for _ in range(repeat):
            inputs = [(b.copy(), t.copy()) for b, t in arrays] if copy else arrays
            t0 = time.perf_counter()
            results = [fn(b, t) for b, t in inputs]
            runs.append((time.perf_counter() - t0) / len(arrays) * 1e6)
        out[name + "_us"] = statistics.median(runs)
        return results

    fused = bench("fuse", fuse)
    fused_ip = bench("fuse_inplace", fuse_inplace, copy=True)
    out["fuse_inplace_equal"] = all(
        np.allclose(a, b, rtol=1e-6, atol=1e-7) for a, b in zip(fused, fused_ip, strict=True)
    )
    arrays = [(f, None) for f in fused]
    ref = bench("top_k", lambda f, _: top_k(f, K))
    ok = {}
    for name, fn in (("top_k_argpartition", top_k_argpartition), ("top_k_blockmax", top_k_blockmax)):
        got = bench(name, lambda f, _, fn=fn: fn(f, K))
        ok[name + "_same"] = sum(
            set(a.tolist()) == set(b.tolist()) or np.allclose(np.sort(f[a]), np.sort(f[b]))
            for a, b, f in zip(ref, got, fused, strict=True)
        ) / len(fused)
    out.update(ok)
    return out


def current_hybrid(analyzer: Analyzer, bm25: BM25Index, tfidf: TfidfIndex, q: str) -> np.ndarray:
    terms = analyzer.terms(q)
    return top_k(fuse(bm25.matched_scores(terms), tfidf.scores(terms)), K)


def breakdown(analyzer: Analyzer, bm25: BM25Index, tfidf: TfidfIndex, queries: list[str]) -> dict[str, float]:
    """Mean microseconds per query of each stage of the current hybrid path."""
    tot = Counter()
    for q in queries:
        t0 = time.perf_counter()
        terms = analyzer.terms(q)
        t1 = time.perf_counter()
        b = bm25.matched_scores(terms)
        t2 = time.perf_counter()
        t = tfidf.scores(terms)
        t3 = time.perf_counter()
        f = fuse(b, t)
        t4 = time.perf_counter()
        top_k(f, K)
        t5 = time.perf_counter()
        tot["analyse"] += t1 - t0
        tot["bm25 matched_scores"] += t2 - t1
        tot["tfidf scores"] += t3 - t2
        tot["fuse"] += t4 - t3
        tot["top_k"] += t5 - t4
    return {k: v / len(queries) * 1e6 for k, v in tot.items()}


def qps(fn: Any, queries: list[str], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for q in queries:
            fn(q)
        runs.append(len(queries) / (time.perf_counter() - t0))
    return statistics.median(runs)


def same_top(a: np.ndarray, b: np.ndarray, sa: np.ndarray, sb: np.ndarray) -> bool:
    return set(a.tolist()) == set(b.tolist()) or np.allclose(np.sort(sa[a]), np.sort(sb[b]), rtol=1e-5)


# ----------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=100000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--queries", type=int, default=1000, help="use the first N queries")
    parser.add_argument("--selection-only", action="store_true", help="only the fuse/top_k variants")
    parser.add_argument(
        "--no-build-variants",
        action="store_true",
        help="skip the analyser/postings variants (for 1M: query path only)",
    )
    parser.add_argument("--out", default=str(HERE / "results" / "micro.jsonl"))
    args = parser.parse_args()
    from make_corpus import DATA, ensure

    ensure(args.size)
    with open(DATA / f"passages-{args.size}.jsonl", encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh]
    with open(DATA / f"queries-{args.size}.jsonl", encoding="utf-8") as fh:
        queries = [json.loads(line)["text"] for line in fh][: args.queries]
    from run import git_state, src_hash

    import askbio

    res: dict[str, Any] = {
        "size": args.size,
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "askbio_code": {**git_state(), "src_hash": src_hash(Path(askbio.__file__).parent)},
        "askbio_imported_from": askbio.__file__,
    }

    def say(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    # --- build
    from nltk.stem.snowball import SnowballStemmer  # noqa: F401  (import is not analysis time)

    analyzer = Analyzer()
    tokens, res["analyse_s"] = timed(analyzer.analyze_many, texts)
    if args.no_build_variants or args.selection_only:
        return query_part(args, res, analyzer, tokens, queries, say)
    nomemo_tokens, res["analyse_nomemo_s"] = timed(NoMemoAnalyzer().analyze_many, texts)
    res["analyse_nomemo_identical"] = nomemo_tokens == tokens
    del nomemo_tokens
    memo = MemoAnalyzer()
    memo_tokens, res["analyse_memo_s"] = timed(memo.analyze_many, texts)
    res["analyse_memo_identical"] = memo_tokens == tokens
    res["distinct_raw_tokens"] = len(memo.raw_cache)
    del memo_tokens
    say(
        f"analyse {res['analyse_s']:.1f}s (askbio now), without a memo {res['analyse_nomemo_s']:.1f}s, "
        f"with this file's memo {res['analyse_memo_s']:.1f}s ({res['analyse_memo_identical']})"
    )

    postings, res["postings_s"] = timed(Postings.from_tokens, tokens)
    _, res["postings_loop_s"] = timed(postings_loop, tokens)
    fast_p, res["postings_fast_s"] = timed(postings_fast, tokens)
    res["postings_fast_identical"] = bool(
        fast_p.vocabulary == postings.vocabulary
        and np.array_equal(fast_p.indptr, postings.indptr)
        and np.array_equal(fast_p.indices, postings.indices)
        and np.array_equal(fast_p.tf, postings.tf)
        and np.array_equal(fast_p.doc_len, postings.doc_len)
    )
    del fast_p
    say(
        f"postings {res['postings_s']:.2f}s (askbio now), loop version {res['postings_loop_s']:.2f}s, "
        f"this file's vectorised {res['postings_fast_s']:.2f}s ({res['postings_fast_identical']})"
    )

    return query_part(args, res, analyzer, tokens, queries, say, postings)


def query_part(
    args: Any,
    res: dict[str, Any],
    analyzer: Analyzer,
    tokens: Any,
    queries: list[str],
    say: Any,
    postings: Any = None,
) -> None:
    from make_corpus import DATA

    if postings is None:
        postings, res["postings_s"] = timed(Postings.from_tokens, tokens)
    bm25, res["bm25_fit_s"] = timed(BM25Index().fit, postings)
    tfidf, res["tfidf_fit_s"] = timed(fit_tfidf, postings, tokens)
    (idf_f, w_f), res["tfidf_fast_s"] = timed(tfidf_weights_fast, postings)
    res["tfidf_fast_close"] = bool(
        np.allclose(w_f, tfidf.weights_, atol=1e-6) and np.allclose(idf_f, tfidf.idf_, rtol=1e-6)
    )
    del tokens, idf_f, w_f
    say(
        f"tfidf fit {res['tfidf_fit_s']:.2f}s, from postings {res['tfidf_fast_s']:.2f}s ({res['tfidf_fast_close']})"
    )

    if args.selection_only:
        res["selection"] = selection(bm25, tfidf, analyzer, queries[:300], args.repeat)
        say(f"fuse/top_k variants (us per query): {json.dumps(res['selection'])}")
        with open(args.out, "a") as fh:
            fh.write(json.dumps(res) + "\n")
        return
    # --- query path
    for q in queries[:20]:
        current_hybrid(analyzer, bm25, tfidf, q)
    res["breakdown_us"] = breakdown(analyzer, bm25, tfidf, queries)
    res["n_terms_per_query"] = statistics.mean(len(postings.term_ids(analyzer.terms(q))) for q in queries)
    res["postings_per_query"] = statistics.mean(
        int(sum(postings.df()[t] for t in postings.term_ids(analyzer.terms(q)))) for q in queries
    )
    say(f"breakdown (us/query): {json.dumps({k: round(v) for k, v in res['breakdown_us'].items()})}")

    fast = FastHybrid(analyzer, bm25, tfidf)
    mism = 0
    for q in queries:
        a = current_hybrid(analyzer, bm25, tfidf, q)
        b = fast.search(q)
        if set(a.tolist()) != set(b.tolist()):
            terms = analyzer.terms(q)
            f = fuse(bm25.matched_scores(terms), tfidf.scores(terms))
            if not np.allclose(np.sort(f[a]), np.sort(f[b]), rtol=1e-5):
                mism += 1
    res["fast_hybrid_mismatches"] = mism
    res["selection"] = selection(bm25, tfidf, analyzer, queries[:300], args.repeat)
    say(f"fuse/top_k variants (us per query): {json.dumps(res['selection'])}")
    res["qps_hybrid_current"] = qps(lambda q: current_hybrid(analyzer, bm25, tfidf, q), queries, args.repeat)
    res["qps_hybrid_fast_flatnonzero"] = qps(fast.search, queries, args.repeat)
    res["qps_hybrid_fast_unique"] = qps(lambda q: fast.search(q, "unique"), queries, args.repeat)
    if hasattr(postings, "gather") and hasattr(tfidf, "query_vector"):
        res["qps_hybrid_gather"] = qps(
            lambda q: gather_hybrid(analyzer, bm25, tfidf, q), queries, args.repeat
        )
        say(f"hybrid q/s via Postings.gather (Retriever's path, no feedback): {res['qps_hybrid_gather']:.0f}")
    res["qps_bm25_current"] = qps(
        lambda q: top_k(bm25.matched_scores(analyzer.terms(q)), K), queries, args.repeat
    )
    say(
        f"hybrid q/s: current {res['qps_hybrid_current']:.0f}, candidates-only "
        f"{res['qps_hybrid_fast_flatnonzero']:.0f} (unique: {res['qps_hybrid_fast_unique']:.0f}), "
        f"mismatches {mism}; bm25-only current {res['qps_bm25_current']:.0f}"
    )

    # accumulate alternatives for one BM25 query (scores over all passages)
    p = postings

    def acc_bincount(q: str) -> np.ndarray:
        c = p.term_ids(analyzer.terms(q))
        if not c:
            return np.zeros(p.n_docs)
        sl = [(int(p.indptr[t]), int(p.indptr[t + 1]), n) for t, n in c.items()]
        idx = np.concatenate([p.indices[lo:hi] for lo, hi, _ in sl])
        w = np.concatenate([bm25.weights_[lo:hi] * np.float32(n) for lo, hi, n in sl])
        return np.bincount(idx, weights=w, minlength=p.n_docs)

    res["qps_bm25_bincount"] = qps(lambda q: top_k(acc_bincount(q), K), queries, args.repeat)
    say(f"bm25 q/s with one np.bincount over the gathered postings: {res['qps_bm25_bincount']:.0f}")

    # memmap-backed arrays, as store.load(mmap=True) returns them
    with tempfile.TemporaryDirectory(dir=DATA) as tmp:
        arrays = {
            "indptr": p.indptr,
            "indices": p.indices,
            "tf": p.tf,
            "doc_len": p.doc_len,
            "w": bm25.weights_,
        }
        for name, arr in arrays.items():
            np.save(Path(tmp) / f"{name}.npy", arr)
        mm = {name: np.load(Path(tmp) / f"{name}.npy", mmap_mode="r") for name in arrays}

        def index_from(a: dict[str, np.ndarray]) -> BM25Index:
            idx = BM25Index()
            idx.postings_ = Postings(p.vocabulary, a["indptr"], a["indices"], a["tf"], a["doc_len"])
            idx.idf_, idx.weights_, idx.avgdl_ = bm25.idf_, a["w"], bm25.avgdl_
            return idx

        on_mm = index_from(mm)
        on_views = index_from({k: v.view(np.ndarray) for k, v in mm.items()})
        for q in queries[:50]:
            on_mm.matched_scores(analyzer.terms(q))
            on_views.matched_scores(analyzer.terms(q))
        res["qps_bm25_memmap"] = qps(
            lambda q: top_k(on_mm.matched_scores(analyzer.terms(q)), K), queries, args.repeat
        )
        res["qps_bm25_memmap_as_ndarray"] = qps(
            lambda q: top_k(on_views.matched_scores(analyzer.terms(q)), K), queries, args.repeat
        )
    say(
        f"bm25 q/s on np.memmap postings {res['qps_bm25_memmap']:.0f}, on the same memmaps viewed as "
        f"ndarray {res['qps_bm25_memmap_as_ndarray']:.0f}"
    )
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "a") as fh:
        fh.write(json.dumps(res) + "\n")
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
