"""Retrieval-quality ablations on the public BEIR collections, for docs/quality.md.

Each row switches one mechanism on top of the row before (or varies the full system), and is
measured on the tuning splits (SciFact train, NFCorpus dev) and the test splits. Every row is also
one `askbio eval --beir DIR --split S --param NAME=VALUE ...` command, printed with it.

    .venv/bin/python benchmarks/quality.py --bench ../shared/bench > docs/quality-ablation.md
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from askbio.beir import run_benchmark
from askbio.settings import RetrievalParams

BASE: dict[str, Any] = {
    "tfidf_weight": 0.0,
    "feedback_docs": 0,
    "spelling": False,
    "stem_variants": False,
    "query_k3": 0.0,
    "fields": False,
}
ROWS: list[tuple[str, dict[str, Any]]] = [
    ("BM25 alone (BM25Plus formula, k1=1.2, b=0.75)", BASE),
    ("+ TF-IDF fusion (weight 0.2)", {**BASE, "tfidf_weight": 0.2}),
    ("+ stem variants", {**BASE, "tfidf_weight": 0.2, "stem_variants": True}),
    ("+ spelling correction", {**BASE, "tfidf_weight": 0.2, "stem_variants": True, "spelling": True}),
    ("+ RM3 feedback, adaptive", {"query_k3": 0.0, "fields": False}),
    ("+ repeated query words saturated, k3=1", {"fields": False}),
    ("+ title as a BM25F field, weight 1.5, b=0.3 (= askbio's defaults)", {}),
    ("defaults, title field weight 1 (own length normalisation only)", {"head_weight": 1.0}),
    ("defaults, title field b=0.75 (as the body's)", {"head_b": 0.75}),
    ("defaults, feedback not adaptive to query length", {"feedback_short": 1000.0}),
    ("defaults, TF-IDF weight 0.4", {"tfidf_weight": 0.4}),
    ("defaults, k1=0.9 b=0.4 (Pyserini's)", {"k1": 0.9, "b": 0.4}),
    ("defaults, k1=1.5 b=0.75 (bm25s's)", {"k1": 1.5}),
]
SPLITS = [("scifact", "train"), ("nfcorpus", "dev"), ("scifact", "test"), ("nfcorpus", "test")]


def command(params: dict[str, Any]) -> str:
    flags = " ".join(f"--param {k}={int(v) if isinstance(v, bool) else v}" for k, v in params.items())
    return f"askbio eval --beir DIR --split SPLIT {flags}".strip()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--bench", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "bench"
    )
    args = parser.parse_args()
    print("| system | SciFact train | NFCorpus dev | SciFact test | NFCorpus test | command |")
    print("|---|---|---|---|---|---|")
    for label, params in ROWS:
        scores = [
            run_benchmark(args.bench / name, split, params=RetrievalParams(**params))["ndcg@10"]
            for name, split in SPLITS
        ]
        cells = " | ".join(f"{s:.4f}" for s in scores)
        print(f"| {label} | {cells} | `{command(params)}` |", flush=True)


if __name__ == "__main__":
    main()
