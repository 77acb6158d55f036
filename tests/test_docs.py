"""The README documents every setting and command the code has."""

import json
import shutil
from pathlib import Path

import pytest

from askbio.cli import cli
from askbio.engine import default_corpus_dir, default_index_dir
from askbio.openapi import ERROR_CODES
from askbio.settings import SETTINGS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented_with_its_default(setting):
    assert f"`{setting.env_var}`" in README
    row = next(line for line in README.splitlines() if f"`{setting.env_var}`" in line)
    if setting.default not in (None, ""):
        assert str(int(setting.default) if setting.is_flag else setting.default) in row


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_is_documented(command):
    assert f"askbio {command}" in README


@pytest.mark.parametrize("code", ERROR_CODES)
def test_every_error_code_is_documented(code):
    assert f"`{code}`" in README


def test_the_readme_answer_example_is_a_real_answer(seed_engine):
    """The answer object shown in the README has every field an answer has (and no other), and
    its figures are what askbio answers today, so the example cannot drift from the code."""
    section = README.split("## The answer object", 1)[1]
    example = json.loads(section.split("```json", 1)[1].split("```", 1)[0])
    real = seed_engine.ask(example["question"]).to_dict()
    assert example.keys() == real.keys()
    assert example["citations"][0].keys() == real["citations"][0].keys()
    assert (example["answer"], example["answer_span"]) == (real["answer"], real["answer_span"])
    assert example["confidence"] == real["confidence"]
    assert example["signals"] == real["signals"]
    cited, shown = real["citations"][0], example["citations"][0]
    assert [shown[k] for k in ("passage_id", "score", "start", "end")] == [
        cited[k] for k in ("passage_id", "score", "start", "end")
    ]
    assert shown["highlights"] == cited["highlights"]


def test_the_readme_python_example_runs(seed_engine, tmp_path, monkeypatch, capsys):
    """The Python API example runs as written, with a copy of the bundled corpus as "my-docs"
    (and of the session's index where the engine looks for it, so nothing is rebuilt)."""
    section = README.split("## Python API", 1)[1]
    code = section.split("```python", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)
    shutil.copytree(default_corpus_dir(), "my-docs")
    shutil.copytree(seed_engine.index_dir, default_index_dir(Path("my-docs")))
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - the README's own code
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("over 50,000 direct and indirect jobs ")
    assert printed[1].endswith(" wallonia-life-sciences#3")
    assert namespace["data"] == seed_engine.ask("how many jobs in biomanufacturing").to_dict()
    assert namespace["follow_up"].resolved_question == "how many jobs in biomanufacturing in Flanders?"
    assert len(printed) == 1 + len(namespace["answer"].citations) + 3
    assert namespace["engine"].info()["index_version"] == seed_engine.info()["index_version"]
