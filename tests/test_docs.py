"""The README documents every setting and command the code has."""

import json
from pathlib import Path

import pytest

from askbio.cli import cli
from askbio.openapi import ERROR_CODES
from askbio.settings import SETTINGS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented_with_its_default(setting):
    assert f"`{setting.env_var}`" in README
    row = next(line for line in README.splitlines() if f"`{setting.env_var}`" in line)
    if setting.default not in (None, ""):
        assert str(setting.default) in row


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
