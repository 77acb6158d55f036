"""The collection as the widget and the demo page present it (askbio.collection)."""

from __future__ import annotations

from pathlib import Path

from askbio.collection import (
    SUGGESTIONS,
    CollectionCache,
    collection_title,
    read_questions,
    suggested_questions,
)
from askbio.engine import Engine
from askbio.settings import Config
from conftest import TINY


def test_the_curators_questions_come_first_and_are_not_checked():
    asked: list[str] = []
    chosen = suggested_questions(
        ["How many plants?", "  how many   PLANTS? ", "x" * 201, "Who leads?"],
        ["How many jobs?"],
        ["Exports"],
        lambda q: asked.append(q) or False,
    )
    assert chosen == ("How many plants?", "Who leads?")
    assert asked == []


def test_without_them_questions_are_made_and_kept_when_answered():
    chosen = suggested_questions(
        [],
        ["How many plants?", "How many jobs?"],
        ["Exports", "A heading that is really a whole sentence of words", "Trials"],
        lambda q: q != "How many jobs?",
    )
    assert chosen == ("How many plants?", "Tell me about Exports", "Tell me about Trials")
    many = suggested_questions([], [f"Q{i}?" for i in range(10)], [], lambda q: True)
    assert len(many) == SUGGESTIONS


def test_questions_file(tmp_path: Path):
    path = tmp_path / "questions.txt"
    path.write_text("\ufeff# a comment\nHow many plants?\n\n  Who leads the trial?  \n", encoding="utf-8")
    assert read_questions(path) == ["How many plants?", "Who leads the trial?"]
    path.write_bytes(b"\xff\xfe bad")
    assert read_questions(path) == []


def test_the_title_is_the_setting_else_the_folders_name(tmp_path: Path):
    assert collection_title("  Vaccine   reports ", tmp_path) == "Vaccine reports"
    assert collection_title("", tmp_path / "life-sciences_2024") == "Life sciences 2024"
    (tmp_path / "title.txt").write_text("# the collection's name\nBiotech in the valley\n", encoding="utf-8")
    assert collection_title("", tmp_path) == "Biotech in the valley"


def test_a_collection_with_questions_in_a_file_and_front_matter(make_corpus, tmp_path):
    folder = make_corpus(
        {
            **TINY,
            "questions.txt": "How many vaccine plants are there in Flanders?\n",
            "extra.md": "---\ntitle: Ghent\nquestions:\n  - Who leads the largest trial?\n---\nGhent text here.\n",
        }
    )
    engine = Engine(Config(corpus=folder, index_dir=tmp_path / "index"))
    about = CollectionCache().get(engine)
    assert about.title == "Corpus"
    assert about.suggested_questions == (
        "How many vaccine plants are there in Flanders?",
        "Who leads the largest trial?",
    )
    # questions.txt is the curator's, not a document
    assert "questions.txt" not in [d.path for d in about.documents]
    assert {d.title for d in about.documents} >= {"Vaccines in Flanders", "Brussels biotech"}


def test_a_collection_without_curated_questions_gets_answerable_ones(make_corpus, tmp_path):
    engine = Engine(Config(corpus=make_corpus(TINY), index_dir=tmp_path / "index"))
    about = CollectionCache().get(engine)
    assert about.suggested_questions
    for question in about.suggested_questions:
        assert not engine.ask(question).abstained


def test_bad_front_matter_questions_skip_the_file(make_corpus, tmp_path):
    folder = make_corpus({**TINY, "bad.md": "---\nquestions: {a: 1}\n---\nSome text.\n"})
    engine = Engine(Config(corpus=folder, index_dir=tmp_path / "index"))
    assert any(s["path"] == "bad.md" and "questions" in s["reason"] for s in engine.info()["skipped"])
