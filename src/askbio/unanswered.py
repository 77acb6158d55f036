"""An opt-in log of the questions askbio could not answer, so curators see what the collection
is missing. SQLite by default: one file, safe to share between server workers."""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS unanswered (
    id INTEGER PRIMARY KEY,
    asked_at REAL NOT NULL,
    question TEXT NOT NULL,
    normalized TEXT NOT NULL,
    unmatched TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS unanswered_normalized ON unanswered (normalized);
"""

MAX_QUESTION_CHARS = 1000


class UnansweredLog:
    def __init__(self, path: Path) -> None:
        self.path = path

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=5.0)
        connection.executescript(_SCHEMA)
        return connection

    def record(self, question: str, unmatched: tuple[str, ...] = ()) -> None:
        """Append one unanswered question (errors are the caller's to ignore or report)."""
        question = question[:MAX_QUESTION_CHARS]
        with self._connect() as connection:
            connection.execute(
                "INSERT INTO unanswered (asked_at, question, normalized, unmatched) VALUES (?, ?, ?, ?)",
                (time.time(), question, normalize_question(question), "\n".join(unmatched)),
            )
        connection.close()

    def report(self, limit: int = 20) -> list[dict[str, Any]]:
        """The most frequent unanswered questions, with how often and when last asked, and the
        words of them that appear nowhere in the collection."""
        if not self.path.exists():
            return []
        with self._connect() as connection:
            rows = connection.execute(
                "SELECT normalized, COUNT(*), MAX(asked_at), MIN(question), GROUP_CONCAT(unmatched, char(10)) "
                "FROM unanswered GROUP BY normalized ORDER BY COUNT(*) DESC, MAX(asked_at) DESC LIMIT ?",
                (limit,),
            ).fetchall()
        connection.close()
        out = []
        for _normalized, count, last, example, unmatched in rows:
            words = Counter(w for w in (unmatched or "").split("\n") if w)
            out.append(
                {
                    "question": example,
                    "count": count,
                    "last_asked": time.strftime("%Y-%m-%d %H:%M", time.localtime(last)),
                    "unmatched_words": [w for w, _ in words.most_common(5)],
                }
            )
        return out


def normalize_question(question: str) -> str:
    from askbio.text import normalize

    return " ".join(normalize(question)[0].strip(" ?!.").split())
