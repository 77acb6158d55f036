"""Public benchmarks in BEIR's layout: ranking their queries and scoring the runs with
trec_eval's definitions (nDCG@10 with linear gain, Recall@100, MRR@10)."""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from askbio.errors import BadRequest
from askbio.index import indexed_text
from askbio.settings import RetrievalParams

Run = dict[str, dict[str, float]]  # query id -> document id -> score
Qrels = dict[str, dict[str, int]]  # query id -> document id -> relevance


@dataclass
class Dataset:
    name: str
    doc_ids: list[str]
    texts: list[str]  # what each document is indexed under: its title and text (index.indexed_text)
    queries: dict[str, str]
    qrels: Qrels
    titles: list[str] | None = None


def load_dataset(folder: Path, split: str = "test") -> Dataset:
    """Read corpus.jsonl, and the split's queries.jsonl and qrels.tsv (``test`` is at the top
    level, other splits in a subfolder of their name)."""
    split_dir = folder if split == "test" else folder / split
    for path in (folder / "corpus.jsonl", split_dir / "queries.jsonl", split_dir / "qrels.tsv"):
        if not path.is_file():
            raise BadRequest(f"{path} not found: not a BEIR folder, or no {split!r} split", code="beir")
    doc_ids: list[str] = []
    texts: list[str] = []
    titles: list[str] = []
    for line in _lines(folder / "corpus.jsonl"):
        doc = json.loads(line)
        doc_ids.append(str(doc["_id"]))
        titles.append(str(doc.get("title") or ""))
        texts.append(indexed_text(str(doc.get("text") or ""), titles[-1]))
    qrels: Qrels = {}
    for n, line in enumerate(_lines(split_dir / "qrels.tsv")):
        parts = line.split("\t")
        if n == 0 and parts[0] == "query-id":
            continue
        qrels.setdefault(parts[0], {})[parts[1]] = int(float(parts[2]))
    queries = {
        str(q["_id"]): str(q["text"])
        for q in (json.loads(line) for line in _lines(split_dir / "queries.jsonl"))
        if str(q["_id"]) in qrels
    }
    return Dataset(folder.name, doc_ids, texts, queries, qrels, titles)


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def rank(
    dataset: Dataset,
    retriever: Any,
    *,
    depth: int = 100,
    progress: Callable[[int, int], None] | None = None,
) -> Run:
    run: Run = {}
    items = list(dataset.queries.items())
    for i, (qid, text) in enumerate(items):
        if progress and i % 10 == 0:
            progress(i, len(items))
        scored = retriever.search(retriever.query(text), depth)
        run[qid] = {dataset.doc_ids[s.position]: s.score for s in scored}
    if progress:
        progress(len(items), len(items))
    return run


def _ranked(docs: Mapping[str, float]) -> list[str]:
    # trec_eval's order: score descending, ties by document id descending.
    return [d for d, _ in sorted(docs.items(), key=lambda item: (-item[1], _neg(item[0])))]


class _neg(str):
    def __lt__(self, other: str) -> bool:
        return str.__gt__(self, other)


def evaluate_run(run: Run, qrels: Qrels) -> dict[str, dict[str, float]]:
    """Per-query nDCG@10, Recall@100 and MRR@10, as trec_eval computes them."""
    out: dict[str, dict[str, float]] = {}
    for qid, judged in qrels.items():
        relevant = {d: r for d, r in judged.items() if r > 0}
        ranked = _ranked(run.get(qid, {}))
        dcg = sum(relevant.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked[:10]))
        ideal = sorted(relevant.values(), reverse=True)[:10]
        idcg = sum(r / math.log2(i + 2) for i, r in enumerate(ideal))
        recall = sum(1 for d in ranked[:100] if d in relevant) / len(relevant) if relevant else 0.0
        mrr = next((1.0 / (i + 1) for i, d in enumerate(ranked[:10]) if d in relevant), 0.0)
        out[qid] = {"ndcg@10": dcg / idcg if idcg else 0.0, "recall@100": recall, "mrr@10": mrr}
    return out


def summarize(name: str, per_query: Mapping[str, Mapping[str, float]], seconds: float) -> dict[str, Any]:
    n = len(per_query)
    means = {
        m: sum(q[m] for q in per_query.values()) / n if n else 0.0
        for m in ("ndcg@10", "recall@100", "mrr@10")
    }
    return {
        "dataset": name,
        "queries": n,
        **{k: round(v, 4) for k, v in means.items()},
        "seconds": round(seconds, 1),
    }


def run_benchmark(
    folder: Path,
    split: str = "test",
    *,
    params: RetrievalParams | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, Any]:
    """Index a BEIR collection, rank a split's queries and score them."""
    from askbio.retriever import Retriever

    started = time.perf_counter()
    dataset = load_dataset(folder, split)
    if progress:
        progress("indexing", 0, len(dataset.texts))
    from askbio.lexicon import Lexicon, english_frequencies

    english = Lexicon(english_frequencies())
    retriever = Retriever.fit(
        dataset.texts,
        headings=dataset.titles,
        params=params,
        is_english=english.is_common,
        respelt=english.respelt,
    )
    if progress:
        progress("indexing", len(dataset.texts), len(dataset.texts))
    run = rank(dataset, retriever, progress=(lambda i, n: progress("ranking", i, n)) if progress else None)
    result = summarize(dataset.name, evaluate_run(run, dataset.qrels), time.perf_counter() - started)
    result["split"] = split
    return result
