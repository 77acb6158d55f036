"""The opt-in log of unanswered questions and `askbio report`."""

import json

from click.testing import CliRunner

from askbio.cli import cli
from askbio.engine import Engine
from askbio.settings import Config
from askbio.unanswered import UnansweredLog


def test_abstentions_are_logged_only_when_asked(tmp_path, seed_engine):
    log_path = tmp_path / "unanswered.db"
    silent = Engine(Config(index_dir=seed_engine.index_dir))
    silent.ask("What is the capital of Australia?")
    assert not log_path.exists()
    engine = Engine(Config(index_dir=seed_engine.index_dir, unanswered_log=log_path))
    engine.ask("What is the capital of Australia?")
    engine.ask("what is the capital of australia")
    engine.ask("Who won the 2018 FIFA World Cup?")
    engine.ask("how many jobs in biomanufacturing")  # answered: not logged
    rows = UnansweredLog(log_path).report()
    assert [r["count"] for r in rows] == [2, 1]
    assert "Australia" in rows[0]["unmatched_words"]


def test_report_command(tmp_path):
    log_path = tmp_path / "u.db"
    UnansweredLog(log_path).record("Where is the Atomium?", ("Atomium",))
    runner = CliRunner()
    text = runner.invoke(cli, ["report", "--log", str(log_path)])
    assert text.exit_code == 0 and "Where is the Atomium?" in text.output and "Atomium" in text.output
    data = json.loads(runner.invoke(cli, ["report", "--log", str(log_path), "--json"]).output)
    assert data[0]["count"] == 1
    empty = runner.invoke(cli, ["report", "--log", str(tmp_path / "none.db")])
    assert "No unanswered questions" in empty.output
    assert runner.invoke(cli, ["report"], env={"ASKBIO_UNANSWERED_LOG": ""}).exit_code == 2


def test_a_broken_log_never_costs_an_answer(tmp_path, seed_engine):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    engine = Engine(Config(index_dir=seed_engine.index_dir, unanswered_log=blocker / "log.db"))
    answer = engine.ask("What is the capital of Australia?")
    assert answer.abstained
