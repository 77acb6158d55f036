"""Dump what askbio answers, to check that a change which should not change answers does not.

Each line holds one question's answer object (`Answer.to_dict()`) and its ranked passages with
their scores; two dumps of the same questions compare with `cmp`. The questions are the load
test's pool of new questions (benchmarks/http_load.py) and every question set in
tests/questions/. With --numpy the seed corpus is searched through numpy (`Postings.gather`)
instead of a small index's Python lists; with --beir DIR, a BEIR collection's test queries are
ranked to depth 100 instead.

    .venv/bin/python benchmarks/experiments/answers.py before.jsonl       # on the old code
    .venv/bin/python benchmarks/experiments/answers.py after.jsonl        # on the new code
    cmp before.jsonl after.jsonl

Run the old code from a copy (``git worktree add /tmp/old REV``, then ``PYTHONPATH=/tmp/old/src``).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def dump_answers(out: Path, n: int, numpy: bool) -> int:
    import yaml

    from askbio import retriever
    from askbio.engine import Engine
    from askbio.settings import Config

    sys.path.insert(0, str(HERE.parent))
    from http_load import new_questions

    if numpy:
        retriever.SMALL_INDEX = -1
    questions = new_questions(n)
    for path in sorted((ROOT / "tests" / "questions").glob("*.yaml")):
        questions += [q["question"] for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]]
    with tempfile.TemporaryDirectory() as index_dir:
        config = Config(corpus=ROOT / "corpus", index_dir=Path(index_dir))
        Engine(config).load()
        engine = Engine(config)  # answers from the saved index, as a server does
        with out.open("w", encoding="utf-8") as f:
            for question in questions:
                hits = [
                    (h.passage.passage_id, h.score, h.bm25, h.tfidf, h.rank) for h in engine.search(question)
                ]
                f.write(json.dumps([engine.ask(question).to_dict(), hits], ensure_ascii=False) + "\n")
    return len(questions)


def dump_ranking(out: Path, folder: Path) -> int:
    from askbio import beir
    from askbio.lexicon import Lexicon, english_frequencies
    from askbio.retriever import Retriever

    dataset = beir.load_dataset(folder)
    ranker = Retriever.fit(
        dataset.texts, headings=dataset.titles, is_english=Lexicon(english_frequencies()).is_common
    )
    with out.open("w", encoding="utf-8") as f:
        for qid, text in dataset.queries.items():
            ranked = [tuple(s) for s in ranker.search(ranker.query(text), 100)]
            f.write(json.dumps([qid, ranked]) + "\n")
    return len(dataset.queries)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path, help="the JSON-lines file to write")
    parser.add_argument("--n", type=int, default=6000, help="new questions from the load test's pool")
    parser.add_argument("--numpy", action="store_true", help="search the seed corpus through numpy")
    parser.add_argument("--beir", type=Path, metavar="DIR", help="rank a BEIR collection's test queries")
    args = parser.parse_args()
    count = dump_ranking(args.out, args.beir) if args.beir else dump_answers(args.out, args.n, args.numpy)
    print(f"{count} questions -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
