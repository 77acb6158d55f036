"""The opt-in log of unanswered questions and `askbio report`."""

import contextlib
import json
import os
import sqlite3
import time
import warnings

import pytest
import requests
from click.testing import CliRunner

from askbio.cli import cli
from askbio.engine import Engine
from askbio.settings import Config
from askbio.unanswered import UnansweredLog
from conftest import start_server, stop_server


def wait_for(path, check, seconds: float = 10.0):
    """The log's rows once `check(rows)` holds: an engine's log writes them within a second."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            rows = rows_in(path) if path.exists() else []
        except sqlite3.OperationalError:  # the file is there, its table not yet
            rows = []
        if check(rows) or time.monotonic() > deadline:
            return rows
        time.sleep(0.1)


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
    wait_for(log_path, lambda rows: sum(n for _, n in rows) == 3)
    rows = UnansweredLog(log_path).report()
    assert [r["count"] for r in rows] == [2, 1]
    assert "Australia" in rows[0]["unmatched_words"]


def test_report_command(tmp_path):
    log_path = tmp_path / "u.db"
    written = UnansweredLog(log_path)
    written.record("Where is the Atomium?", ("Atomium",))
    written.flush()
    runner = CliRunner()
    text = runner.invoke(cli, ["report", "--log", str(log_path)])
    assert text.exit_code == 0 and "Where is the Atomium?" in text.output and "Atomium" in text.output
    data = json.loads(runner.invoke(cli, ["report", "--log", str(log_path), "--json"]).output)
    assert data[0]["count"] == 1
    empty = runner.invoke(cli, ["report", "--log", str(tmp_path / "none.db")])
    assert "No unanswered questions" in empty.output
    assert runner.invoke(cli, ["report"], env={"ASKBIO_UNANSWERED_LOG": ""}).exit_code == 2


def test_a_broken_log_never_costs_an_answer(tmp_path, seed_engine, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    engine = Engine(Config(index_dir=seed_engine.index_dir, unanswered_log=blocker / "log.db"))
    for _ in range(3):
        assert engine.ask("What is the capital of Australia?").abstained
    deadline = time.monotonic() + 10
    while not caplog.records and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1.5)  # another attempt: the failure is said once, not every second
    assert [r.getMessage()[:47] for r in caplog.records] == [
        "could not write to the unanswered-question log "
    ]


def rows_in(path):
    with contextlib.closing(sqlite3.connect(path)) as connection, connection:
        return connection.execute(
            "SELECT question, count FROM unanswered_questions ORDER BY count DESC"
        ).fetchall()


def test_a_question_asked_again_is_counted_not_added(tmp_path, seed_engine):
    """Once each refusal added a row, even for a cached answer: the table grew by thousands of
    rows a minute under repeated questions (issue 18)."""
    log_path = tmp_path / "u.db"
    engine = Engine(Config(index_dir=seed_engine.index_dir, unanswered_log=log_path))
    for _ in range(5):
        engine.ask("What is the capital of Australia?")  # answered from the cache after the first
    engine.ask("what is the capital of australia")
    engine.ask("Who won the 2018 FIFA World Cup?")
    expected = [("What is the capital of Australia?", 6), ("Who won the 2018 FIFA World Cup?", 1)]
    assert wait_for(log_path, lambda rows: rows == expected) == expected


def test_retention_deletes_questions_not_asked_for_longer(tmp_path, monkeypatch):
    log_path = tmp_path / "u.db"
    log = UnansweredLog(log_path, retention_days=30)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now - 31 * 86400)
    log.record("Where is the Atomium?")
    log.record("Who founded UCB?")
    log.flush()
    monkeypatch.setattr(time, "time", lambda: now - 29 * 86400)
    log.record("Who founded UCB?")  # asked again since: kept
    log.flush()
    monkeypatch.setattr(time, "time", lambda: now)
    assert [r["question"] for r in UnansweredLog(log_path, retention_days=30).report()] == [
        "Who founded UCB?"
    ]
    assert rows_in(log_path) == [("Who founded UCB?", 2)]


def test_the_log_is_bounded_in_rows_too(tmp_path, monkeypatch):
    import askbio.unanswered

    monkeypatch.setattr(askbio.unanswered, "MAX_ROWS", 3)
    log_path = tmp_path / "u.db"
    for n in range(5):
        written = UnansweredLog(log_path)  # a new log prunes on its first write
        written.record(f"question number {n}")
        written.flush()
    UnansweredLog(log_path).report()
    assert sorted(q for q, _ in rows_in(log_path)) == [
        "question number 2",
        "question number 3",
        "question number 4",
    ]


def test_one_connection_per_process_reopened_after_a_fork(tmp_path):
    """A forked child (a server worker) writes its own counts through its own connection, and
    not the counts its parent had yet to write."""
    log_path = tmp_path / "u.db"
    log = UnansweredLog(log_path)
    log.record("Where is the Atomium?")
    log.flush()
    opened = log._connection
    assert opened is not None
    log.record("Where is the Atomium?")  # not yet written at the fork
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # Python 3.12 on fork() with threads
        pid = os.fork()
    if pid == 0:  # the child
        try:
            for _ in range(3):
                log.record("Where is the Atomium?")
            log.flush()
            os._exit(0 if log._connection not in (None, opened) else 1)
        except BaseException:
            os._exit(2)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    log.record("Where is the Atomium?")
    log.flush()
    assert log._connection is opened  # kept open between writes
    assert rows_in(log_path) == [("Where is the Atomium?", 6)]
    with contextlib.closing(sqlite3.connect(log_path)) as connection, connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_log_of_the_first_format_is_migrated(tmp_path):
    log_path = tmp_path / "old.db"
    with contextlib.closing(sqlite3.connect(log_path)) as connection, connection:
        connection.executescript(
            """
            CREATE TABLE unanswered (id INTEGER PRIMARY KEY, asked_at REAL NOT NULL, question TEXT NOT NULL,
                normalized TEXT NOT NULL, unmatched TEXT NOT NULL);
            CREATE INDEX unanswered_normalized ON unanswered (normalized);
            """
        )
        now = time.time()
        connection.executemany(
            "INSERT INTO unanswered (asked_at, question, normalized, unmatched) VALUES (?, ?, ?, ?)",
            [
                (now - 60, "Where is the Atomium?", "where is the atomium", "Atomium"),
                (now - 30, "where is the atomium", "where is the atomium", "atomium"),
                (now - 10, "Where is the Atomium?", "where is the atomium", "Atomium"),
                (now, "Who founded UCB?", "who founded ucb", "UCB"),
            ],
        )
    rows = UnansweredLog(log_path).report()
    assert [(r["question"], r["count"]) for r in rows] == [
        ("Where is the Atomium?", 3),
        ("Who founded UCB?", 1),
    ]
    assert rows[0]["unmatched_words"][0] == "Atomium"
    with contextlib.closing(sqlite3.connect(log_path)) as connection, connection:
        tables = {
            name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    assert tables == {"unanswered_questions"}
    written = UnansweredLog(log_path)
    written.record("Who founded UCB?")  # and it goes on counting
    written.flush()
    assert rows_in(log_path)[1] == ("Who founded UCB?", 2)


@pytest.mark.slow
def test_the_server_workers_count_into_one_log(tmp_path):
    """Two gunicorn workers, forked after the master loaded everything, count the same refusal
    into one row, and lose no count when the server stops."""
    log_path = tmp_path / "u.db"
    process, base = start_server(
        "--index-dir",
        str(tmp_path / "index"),
        env={"ASKBIO_UNANSWERED_LOG": str(log_path), "ASKBIO_RATE_LIMIT": "off", "ASKBIO_WORKERS": "2"},
    )
    try:
        for _ in range(20):  # new connections: the kernel spreads them over both workers
            response = requests.post(
                base + "/api/chat", json={"question": "What is the capital of Australia?"}, timeout=10
            )
            assert response.json()["abstained"] is True
    finally:
        stop_server(process)  # at once: what a worker has yet to write, it writes as it stops
    assert rows_in(log_path) == [("What is the capital of Australia?", 20)]


def test_the_log_holds_the_columns_docs_privacy_md_lists_and_no_client_details(tmp_path):
    """A privacy guard: what the log stores is what docs/privacy.md says, no address or agent."""
    log = UnansweredLog(tmp_path / "log.db")
    log.record("Where is the office?", ("office",))
    log.flush()
    with contextlib.closing(sqlite3.connect(tmp_path / "log.db")) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(unanswered_questions)")]
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"unanswered_questions"}
    assert columns == ["normalized", "question", "unmatched", "count", "first_asked", "last_asked"]
    from conftest import ROOT

    privacy = (ROOT / "docs" / "privacy.md").read_text(encoding="utf-8")
    assert all(f"`{c}`" in privacy for c in columns)
