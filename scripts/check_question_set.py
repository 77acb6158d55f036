"""Check question-set and conversation-set files against the collection they are written for.

Every expected document must exist, every expected passage must lie inside one of that
document's passages (as `askbio eval` looks for it in a citation's text: not a heading, nor the
page's furniture), and every expected answer text must be in a document. Whoever writes a new set runs it before running askbio on the set,
so that a mistyped expectation is not later read as askbio's failure.

    .venv/bin/python scripts/check_question_set.py tests/later/new-writer-visitors.yaml
    .venv/bin/python scripts/check_question_set.py --corpus tests/corpora/scifact tests/corpora/scifact-questions.yaml

Exit status 0 when every file checks out, 1 otherwise (each problem printed on a line).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from askbio.corpus import byline_passage, read_corpus
from askbio.engine import default_corpus_dir
from askbio.evaluate import ConversationSet, Expected, load_set, question_set_files
from askbio.text import normalize


def _norm(text: str) -> str:
    """As `askbio eval` compares texts: normalised, spaces collapsed."""
    return " ".join(normalize(text)[0].split())


def check(paths: Sequence[Path], corpus_dir: Path) -> list[str]:
    """The problems found in the set files below `paths`, one line each."""
    corpus = read_corpus(corpus_dir)
    documents = {d.doc_id: _norm(d.text) for d in corpus.documents}
    passages: dict[str, list[str]] = {}
    for passage in corpus.passages:
        passages.setdefault(passage.doc_id, []).append(_norm(passage.text))
    for document in corpus.documents:
        if (byline := byline_passage(document)) is not None:
            passages.setdefault(document.doc_id, []).append(_norm(byline.text))
    problems = []
    for path in question_set_files(list(paths)):
        for expected in _expectations(path):
            where = f"{path}: {expected.id}"
            if expected.doc is not None and expected.doc not in documents:
                problems.append(f"{where}: no document {expected.doc!r}")
                continue
            docs = [expected.doc] if expected.doc else list(documents)
            if expected.passage and not any(
                _norm(expected.passage) in text for doc in docs for text in passages.get(doc, ())
            ):
                problems.append(
                    f"{where}: passage not in any passage of {'/'.join(docs)}: {expected.passage!r}"
                )
            # (an answer may quote two documents: "EUR 98 billion" and "14.8 %")
            for answer in expected.answer:
                if not any(_norm(answer) in text for text in documents.values()):
                    problems.append(f"{where}: answer in no document: {answer!r}")
    return problems


def _expectations(path: Path) -> Iterator[Expected]:
    loaded = load_set(path)
    if isinstance(loaded, ConversationSet):
        for conversation in loaded.conversations:
            yield from (turn.expected for turn in conversation.turns if not turn.smalltalk)
    else:
        yield from loaded.questions


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path, help="set files, or folders of them")
    parser.add_argument(
        "--corpus", type=Path, default=None, help="the collection's folder (default: the bundled corpus)"
    )
    args = parser.parse_args(argv)
    problems = check(args.paths, args.corpus or default_corpus_dir())
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
