"""How long `askbio index` takes to rebuild a collection after one of its files changed: the
time of each stage (reading the files, fitting the indexes, saving), for a folder of text
documents and PDFs made from the bundled corpus's paragraphs.

    .venv/bin/python benchmarks/rebuild.py --texts 2000 --pdfs 50

(the PDFs need reportlab, of the test extra). Prints one Markdown table row per run.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))


def make_folder(folder: Path, texts: int, pdfs: int, seed: int = 7) -> None:
    from askbio.engine import default_corpus_dir

    paragraphs = [
        p.strip()
        for path in sorted(default_corpus_dir().glob("*.txt"))
        for p in path.read_text(encoding="utf-8").split("\n\n")
        if len(p.split()) > 20
    ]
    rng = random.Random(seed)
    for i in range(texts):
        body = "\n\n".join(rng.sample(paragraphs, 6))
        (folder / f"doc-{i:05d}.txt").write_text(f"Document {i}\n\n{body}\n", encoding="utf-8")
    if pdfs:
        from make_documents import write_pdf  # type: ignore[import-not-found]  # tests/, a helper

        for i in range(pdfs):
            pages = [
                [("h", f"Report {i} part {n}"), *[("p", p) for p in rng.sample(paragraphs, 4)]]
                for n in range(10)
            ]
            write_pdf(folder / f"report-{i:03d}.pdf", pages, title=f"Report {i}", footer=True)


def timed_build(folder: Path, index_dir: Path) -> dict[str, float]:
    from askbio import store
    from askbio.engine import Engine
    from askbio.settings import Config

    marks: dict[str, float] = {}
    start = time.perf_counter()

    def progress(stage: str, done: int, total: int) -> None:
        marks.setdefault(stage, time.perf_counter())
        if done >= total:
            marks[stage + " done"] = time.perf_counter()

    engine = Engine(Config(corpus=folder, index_dir=index_dir))
    bundle = engine._fit(progress=progress)
    fitted = time.perf_counter()
    store.save(bundle, index_dir)
    saved = time.perf_counter()
    return {
        "reading": marks["reading done"] - start,
        "indexing": fitted - marks["reading done"],
        "saving": saved - fitted,
        "total": saved - start,
        "passages": len(bundle.passages),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--texts", type=int, default=2000)
    parser.add_argument("--pdfs", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder, index_dir = Path(tmp) / "corpus", Path(tmp) / "index"
        folder.mkdir()
        make_folder(folder, args.texts, args.pdfs)
        print("| run | documents | passages | reading s | indexing s | saving s | total s |")
        print("|---|---|---|---|---|---|---|")
        for run in ("first build", "one file changed"):
            if run != "first build":
                (folder / "doc-00000.txt").write_text(
                    "Document 0\n\nChanged: 12 new plants.\n", encoding="utf-8"
                )
            t = timed_build(folder, index_dir)
            print(
                f"| {run} | {args.texts} texts + {args.pdfs} PDFs | {t['passages']:.0f} | {t['reading']:.1f} | "
                f"{t['indexing']:.1f} | {t['saving']:.1f} | {t['total']:.1f} |"
            )


if __name__ == "__main__":
    main()
