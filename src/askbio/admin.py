"""The curator's page (``GET /admin``): the questions askbio could not answer, most frequent
first, with what the collection holds nearest to each, and their export as a question-set
skeleton for `askbio eval`.

Off unless a token is set (ASKBIO_ADMIN_TOKEN). The token comes in an ``Authorization: Bearer``
header, or once through the login form, which then sets a cookie holding a keyed hash of the
token (never the token itself); both are compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any
from urllib.parse import quote

import yaml

from askbio.document_page import html_page
from askbio.sources import document_path

COOKIE = "askbio_admin"
MAX_ROWS = 200  # questions shown and exported at most
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class Nearest:
    """What the collection holds nearest to an unanswered question: a passage and its document."""

    doc_id: str
    title: str
    passage_id: str
    text: str


class WrongTokens:
    """Wrong admin tokens by client address, counted in this process's memory only: a client
    past `limit` of them in `window` seconds is refused until the window has passed, so that a
    token cannot be guessed at speed. Nothing is written anywhere."""

    def __init__(self, limit: int = 10, window: float = 600.0, clients: int = 10_000) -> None:
        self.limit = limit
        self.window = window
        self.clients = clients  # a bound on memory: the oldest client is forgotten first
        self._seen: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def wait(self, client: str, now: float | None = None) -> float:
        """Seconds before `client` may try again; 0 when it may now."""
        now = time.monotonic() if now is None else now
        with self._lock:
            recent = [t for t in self._seen.get(client, ()) if now - t < self.window]
            if recent:
                self._seen[client] = recent
            else:
                self._seen.pop(client, None)
            return self.window - (now - recent[0]) if len(recent) >= self.limit else 0.0

    def failed(self, client: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            self._seen.setdefault(client, []).append(now)
            if len(self._seen) > self.clients:
                self._seen.pop(next(iter(self._seen)))


def token_matches(given: str | None, token: str) -> bool:
    """Whether `given` is the admin token, compared in constant time."""
    return bool(token) and given is not None and hmac.compare_digest(given.encode(), token.encode())


def session_value(token: str) -> str:
    """The login cookie's value: a keyed hash of the token, so the cookie never holds the token."""
    return hmac.new(token.encode(), b"askbio admin session", hashlib.sha256).hexdigest()


def session_matches(cookie: str | None, token: str) -> bool:
    return (
        bool(token)
        and cookie is not None
        and hmac.compare_digest(cookie.encode(), session_value(token).encode())
    )


def export_question_set(rows: Sequence[dict[str, Any]], nearest: Sequence[Nearest | None]) -> str:
    """A question-set YAML file for `askbio eval`: each unanswered question expected to be
    refused (as it is today), with a comment naming the document nearest to it, to be turned
    into an expected answer (``doc:`` and ``answer:``) where the documents do answer it."""
    lines = [
        "# Questions askbio could not answer, exported from /admin. Each is expected to be refused",
        "# (abstain: true) as it is today. Where the documents do answer one, replace that line with",
        "# the document that should be cited and words the answer must hold, for example:",
        "#     doc: annual-report",
        '#     answer: "1,250"',
        "# then run: askbio eval THIS_FILE",
        yaml.safe_dump(
            {"name": "unanswered", "description": "Questions visitors asked that askbio refused."},
            sort_keys=False,
        ).rstrip(),
        "questions:",
    ]
    for n, (row, near) in enumerate(zip(rows, nearest, strict=True), start=1):
        item = yaml.safe_dump(
            [{"id": f"unanswered-{n}", "question": row["question"]}], allow_unicode=True, width=1000
        )
        lines.append(_indent(item.rstrip()))
        lines.append(f"    # asked {row['count']} time(s), last {row['last_asked']}")
        if near is not None:
            lines.append(f"    # nearest: {_comment(near.doc_id)} ({_comment(near.title)})")
        lines.append("    abstain: true")
    return "\n".join(lines) + "\n"


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


def _comment(text: str) -> str:
    """Text safe inside a YAML comment: one line, at most 120 characters."""
    return _CONTROL.sub(" ", text)[:120]


def render_page(
    rows: Sequence[dict[str, Any]], nearest: Sequence[Nearest | None], *, collection: str, log_on: bool
) -> str:
    """The curator's page: the unanswered questions, each with its count, when it was last
    asked, its words the collection lacks and the passage nearest to it."""
    if not log_on:
        body = (
            "<p>The unanswered-question log is off. Set <code>ASKBIO_UNANSWERED_LOG</code> to a "
            "file (see docs/privacy.md) to see here what visitors ask that the documents do not answer.</p>"
        )
    elif not rows:
        body = "<p>No unanswered questions logged.</p>"
    else:
        items = "\n".join(_row(row, near) for row, near in zip(rows, nearest, strict=True))
        body = (
            '<p><a class="admin-export" href="/admin/export.yaml" download="unanswered.yaml">'
            "Export as a question set</a> (YAML for <code>askbio eval</code>)</p>\n"
            '<table class="admin-table"><thead><tr><th scope="col">Asked</th><th scope="col">Last asked</th>'
            '<th scope="col">Question</th><th scope="col">Nearest in the documents</th></tr></thead>\n'
            f"<tbody>\n{items}\n</tbody></table>"
        )
    logout = '<form method="post" action="/admin/logout"><button type="submit">Log out</button></form>'
    return _page(f"Unanswered questions — {collection}", f"<h1>Unanswered questions</h1>\n{body}\n{logout}")


def _row(row: dict[str, Any], near: Nearest | None) -> str:
    missing = ", ".join(row.get("unmatched_words") or [])
    lacks = f'<br><span class="admin-muted">not in the documents: {escape(missing)}</span>' if missing else ""
    if near is None:
        where = '<span class="admin-muted">nothing</span>'
    else:
        link = escape(f"{document_path(near.doc_id)}?passage={quote(near.passage_id, safe='')}")
        snippet = near.text if len(near.text) <= 200 else near.text[:199] + "…"
        where = (
            f'<a href="{link}">{escape(near.title)}</a><br><span class="admin-muted">{escape(snippet)}</span>'
        )
    return (
        f"<tr><td>{int(row['count'])}</td><td>{escape(str(row['last_asked']))}</td>"
        f"<td>{escape(row['question'])}{lacks}</td><td>{where}</td></tr>"
    )


def login_page(message: str | None = None) -> str:
    note = f'<p class="admin-error" role="alert">{escape(message)}</p>' if message else ""
    form = (
        '<form method="post" action="/admin/login">'
        '<label for="token">Admin token</label> '
        '<input id="token" name="token" type="password" autocomplete="current-password" required> '
        '<button type="submit">Log in</button></form>'
    )
    return _page("askbio admin — log in", f"<h1>Log in</h1>\n{note}\n{form}")


def _page(title: str, main: str) -> str:
    return html_page(title, f'<main class="doc">\n{main}\n</main>', noindex=True)


def to_json_rows(rows: Sequence[dict[str, Any]], nearest: Sequence[Nearest | None]) -> list[dict[str, Any]]:
    """The rows as the API gives them: each with its nearest passage (or null)."""
    return [
        {
            **row,
            "nearest": None
            if near is None
            else {
                "doc_id": near.doc_id,
                "title": near.title,
                "passage_id": near.passage_id,
                "text": near.text,
            },
        }
        for row, near in zip(rows, nearest, strict=True)
    ]
