"""An opt-in log of the questions askbio could not answer, so curators see what the collection
is missing: one row per distinct (normalised) question, with how often and when it was last
asked, kept for a number of days.

SQLite in WAL mode: one file, shared by the server's worker processes. A refusal is counted in
memory; a thread of each process writes the counts once a second in one transaction, through
the one connection the process keeps (each process has its own: a fork starts afresh).
"""

from __future__ import annotations

import atexit
import logging
import os
import sqlite3
import threading
import time
import weakref
from collections import Counter
from pathlib import Path
from typing import Any

log = logging.getLogger("askbio")

SCHEMA_VERSION = 2  # PRAGMA user_version; 0 is a new file or the first format (a row per asking)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS unanswered_questions (
    normalized TEXT PRIMARY KEY,
    question TEXT NOT NULL,
    unmatched TEXT NOT NULL,
    count INTEGER NOT NULL,
    first_asked REAL NOT NULL,
    last_asked REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS unanswered_questions_last_asked ON unanswered_questions (last_asked);
"""
# The first format's table, folded into one row per question (its unknown words all kept).
_MIGRATE = """
INSERT OR IGNORE INTO unanswered_questions
SELECT normalized, MIN(question), GROUP_CONCAT(unmatched, char(10)), COUNT(*), MIN(asked_at), MAX(asked_at)
FROM unanswered GROUP BY normalized;
DROP TABLE unanswered;
"""
_ADD = """
INSERT INTO unanswered_questions VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (normalized) DO UPDATE SET count = count + excluded.count,
    last_asked = MAX(last_asked, excluded.last_asked),
    unmatched = CASE WHEN unmatched = '' THEN excluded.unmatched ELSE unmatched END
"""

MAX_QUESTION_CHARS = 1000
# New questions each time (an attack, or endless misspellings) are bounded by rows as well as by
# days: past this many, the least recently asked go first.
MAX_ROWS = 100_000
FLUSH_SECONDS = 1.0
PRUNE_EVERY_SECONDS = 3600.0

# Connections a process inherited through a fork: never used, and never closed either, since
# closing one in the child could release the parent's locks on the file (SQLite's how-to-corrupt).
_INHERITED: list[sqlite3.Connection] = []
_OPEN: weakref.WeakSet[UnansweredLog] = weakref.WeakSet()


class UnansweredLog:
    def __init__(self, path: Path, retention_days: int = 90) -> None:
        self.path = path
        self.retention_days = retention_days
        self._connection: sqlite3.Connection | None = None
        self._pruned_at = 0.0
        self._pending: dict[str, list[Any]] = {}  # normalised question -> its row, counts so far
        self._writer: threading.Thread | None = None
        self._failing = False
        self._lock = threading.Lock()  # guards _pending and _writer
        self._write_lock = threading.Lock()  # one writer of the connection at a time
        _OPEN.add(self)

    def record(self, question: str, unmatched: tuple[str, ...] = ()) -> None:
        """Count one unanswered question; it is written within FLUSH_SECONDS (or by flush())."""
        question = question[:MAX_QUESTION_CHARS]
        key, now = normalize_question(question), time.time()
        with self._lock:
            row = self._pending.get(key)
            if row is None:
                self._pending[key] = [key, question, "\n".join(unmatched), 1, now, now]
            else:
                row[3] += 1
                row[5] = now
                row[2] = row[2] or "\n".join(unmatched)
            if self._writer is None:
                self._writer = threading.Thread(
                    target=self._write_every_second, name="askbio-log", daemon=True
                )
                self._writer.start()
                atexit.register(self._flush_quietly)

    def flush(self) -> None:
        """Write the counts recorded so far (errors are the caller's)."""
        with self._lock:
            rows, self._pending = list(self._pending.values()), {}
        if not rows:
            return
        with self._write_lock:
            connection = self._connect()
            if time.time() - self._pruned_at > PRUNE_EVERY_SECONDS:
                self._prune(connection, time.time())
            connection.execute("BEGIN IMMEDIATE")
            try:
                connection.executemany(_ADD, rows)
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise

    def report(self, limit: int = 20) -> list[dict[str, Any]]:
        """The most frequent unanswered questions, with how often and when last asked, and the
        words of them that appear nowhere in the collection."""
        if not self.path.exists() and not self._pending:
            return []
        self.flush()
        with self._write_lock:
            connection = self._connect()
            self._prune(connection, time.time())
            rows = connection.execute(
                "SELECT question, count, last_asked, unmatched FROM unanswered_questions "
                "ORDER BY count DESC, last_asked DESC LIMIT ?",
                (limit,),
            ).fetchall()
        out = []
        for question, count, last, unmatched in rows:
            words = Counter(w for w in unmatched.split("\n") if w)
            out.append(
                {
                    "question": question,
                    "count": count,
                    "last_asked": time.strftime("%Y-%m-%d %H:%M", time.localtime(last)),
                    "unmatched_words": [w for w, _ in words.most_common(5)],
                }
            )
        return out

    def _write_every_second(self) -> None:
        while True:
            time.sleep(FLUSH_SECONDS)
            self._flush_quietly()

    def _flush_quietly(self) -> None:
        """flush(), its failure logged once until it works again: the log never costs an answer."""
        try:
            self.flush()
        except Exception as exc:
            if not self._failing:
                log.warning("could not write to the unanswered-question log %s: %s", self.path, exc)
            self._failing = True
        else:
            self._failing = False

    def _connect(self) -> sqlite3.Connection:
        """This process's connection, opened on first use (the file set up or migrated then)."""
        if self._connection is not None:
            return self._connection
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit (isolation_level=None): transactions are begun and ended here, explicitly.
        connection = sqlite3.connect(self.path, timeout=5.0, isolation_level=None, check_same_thread=False)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")  # in WAL mode: durable but for a power cut
            _set_up(connection)
        except BaseException:
            connection.close()
            raise
        self._connection = connection
        return connection

    def _prune(self, connection: sqlite3.Connection, now: float) -> None:
        """Delete the questions last asked before the retention period, and the least recent
        beyond MAX_ROWS."""
        connection.execute(
            "DELETE FROM unanswered_questions WHERE last_asked < ?", (now - self.retention_days * 86400,)
        )
        connection.execute(
            "DELETE FROM unanswered_questions WHERE normalized IN (SELECT normalized FROM "
            "unanswered_questions ORDER BY last_asked DESC LIMIT -1 OFFSET ?)",
            (MAX_ROWS,),
        )
        self._pruned_at = now

    def _after_fork_in_child(self) -> None:
        """The child starts afresh: the parent writes its own counts, through its own connection."""
        if self._connection is not None:
            _INHERITED.append(self._connection)
        self._connection, self._pending, self._writer = None, {}, None
        self._lock, self._write_lock = threading.Lock(), threading.Lock()  # a parent's thread may hold one


def _after_fork_in_child() -> None:
    for unanswered in list(_OPEN):
        unanswered._after_fork_in_child()


os.register_at_fork(after_in_child=_after_fork_in_child)


def _set_up(connection: sqlite3.Connection) -> None:
    """Create the table, or migrate a log of the first format, once, whoever comes first."""
    if connection.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
        return
    connection.execute("BEGIN IMMEDIATE")  # one process at a time; the others wait, then find it done
    try:
        if connection.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    connection.execute(statement)
            old = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'unanswered'"
            )
            if old.fetchone():
                for statement in _MIGRATE.split(";"):
                    if statement.strip():
                        connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def normalize_question(question: str) -> str:
    from askbio.text import normalize

    return " ".join(normalize(question)[0].strip(" ?!.").split())
