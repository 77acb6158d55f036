"""`askbio serve` (gunicorn) under attacks made below HTTP's happy path, over raw sockets:
malformed bodies and requests, and connections that stay silent. Every answer has the API's one
JSON error shape and the server log holds one line at most per attack, never a traceback."""

from __future__ import annotations

import json
import socket

import pytest

from askbio.openapi import ERROR_CODES
from conftest import start_server, stop_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A real `askbio serve` with its log in a file; yields (host, port, log path)."""
    folder = tmp_path_factory.mktemp("server")
    log = folder / "serve.log"
    with log.open("w") as stderr:
        process, base = start_server(
            "--index-dir", str(folder / "index"), env={"ASKBIO_RATE_LIMIT": "off"}, stderr=stderr
        )
    host, port = base.removeprefix("http://").rsplit(":", 1)
    yield host, int(port), log
    stop_server(process)


def exchange(server, data: bytes, *, half_close: bool = False, timeout: float = 10.0) -> bytes:
    """Send `data` on a new connection and read until the server closes it (or `timeout`)."""
    host, port, _ = server
    with socket.create_connection((host, port), timeout=timeout) as connection:
        connection.sendall(data)
        if half_close:
            connection.shutdown(socket.SHUT_WR)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    return received


def parse(response: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = response.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, body


def assert_json_error(response: bytes, status: int, code: str) -> None:
    got, headers, body = parse(response)
    assert got == status, response[:300]
    assert headers["content-type"].startswith("application/json")
    data = json.loads(body)
    assert set(data) == {"error"} and set(data["error"]) == {"code", "message"}
    assert data["error"]["code"] == code and code in ERROR_CODES


def log_lines(server, since: int) -> list[str]:
    return server[2].read_text()[since:].splitlines()


CHUNKED = (
    b"POST /api/chat HTTP/1.1\r\nHost: askbio\r\nContent-Type: application/json\r\n"
    b"Transfer-Encoding: chunked\r\n\r\n"
)


@pytest.mark.parametrize(
    ("body", "half_close"),
    [
        (b"zz\r\n{}\r\n0\r\n\r\n", False),  # a chunk size that is not hexadecimal
        (b"2\r\n{}XX0\r\n\r\n", False),  # a chunk without its CRLF terminator
        (b"2;" + b"x" * 20_000 + b"\r\n{}\r\n0\r\n\r\n", False),  # a 20 KB chunk extension
        (b'10\r\n{"question', True),  # the connection half-closed in the middle of a chunk
    ],
    ids=["bad-size", "no-terminator", "long-extension", "half-closed"],
)
def test_a_malformed_chunked_body_is_400_invalid_body_with_one_log_line_at_most(server, body, half_close):
    before = len(server[2].read_text())
    assert_json_error(exchange(server, CHUNKED + body, half_close=half_close), 400, "invalid_body")
    logged = log_lines(server, before)
    assert len(logged) <= 1 and not any("Traceback" in line for line in logged), logged
