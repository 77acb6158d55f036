"""Where the Python-list query path of a small index stops paying: the crossover behind
`askbio.retriever.SMALL_INDEX`.

For collections of growing size (the first N passages of benchmarks/make_corpus.py's 10k
collection), the same Retriever ranks the same questions once over Python lists and once with
numpy, on one thread and on the threads of one `askbio serve` worker (4). Rankings
are checked to be the same; the figure is the median time per question over several runs.

    .venv/bin/python benchmarks/make_corpus.py --sizes 10000
    .venv/bin/python benchmarks/small_index.py --sizes 50,100,200,400,800,1600,3200
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

from askbio import retriever as retriever_module  # noqa: E402
from askbio.retriever import Retriever  # noqa: E402
from askbio.server import THREADS  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"


def per_question_ms(retriever: Retriever, questions: list[str], threads: int) -> float:
    queries = [retriever.query(q) for q in questions]  # analysis is the same on both paths
    start = time.perf_counter()
    if threads == 1:
        for query in queries:
            retriever.search(query, 10)
    else:
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(lambda query: retriever.search(query, 10), queries))
    return (time.perf_counter() - start) / len(queries) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="50,100,200,400,800,1600,3200")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--questions", type=int, default=1000)
    args = parser.parse_args()

    texts = [json.loads(line)["text"] for line in (DATA / "passages-10000.jsonl").open(encoding="utf-8")]
    questions = [json.loads(line)["text"] for line in (DATA / "queries-10000.jsonl").open(encoding="utf-8")]
    questions = (questions * (args.questions // len(questions) + 1))[: args.questions]
    print(f"| passages | postings | lists, 1 thread | numpy, 1 thread | lists, {THREADS} threads | numpy, {THREADS} threads |")
    print("|---:|---:|---:|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        retriever_module.SMALL_INDEX = 10**12
        lists = Retriever.fit(texts[:size], spelling=False)
        retriever_module.SMALL_INDEX = -1
        numpy = Retriever.fit(texts[:size], spelling=False)
        assert lists._lists is not None and numpy._lists is None
        for q in questions[:200]:
            a, b = lists.search(lists.query(q), 10), numpy.search(numpy.query(q), 10)
            assert [s.position for s in a] == [s.position for s in b], q
        row = [size, numpy.postings.indices.size]
        for threads in (1, THREADS):
            for r in (lists, numpy):
                row.append(
                    statistics.median(per_question_ms(r, questions, threads) for _ in range(args.runs))
                )
        print(
            f"| {row[0]:,} | {row[1]:,} | " + " | ".join(f"{ms:.3f} ms" for ms in row[2:]) + " |", flush=True
        )


if __name__ == "__main__":
    main()
