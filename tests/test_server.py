"""`askbio serve` (gunicorn) under attacks made below HTTP's happy path, over raw sockets:
malformed bodies and requests, and connections that stay silent. Every answer has the API's one
JSON error shape and the server log holds one line at most per attack, never a traceback."""

from __future__ import annotations

import json
import socket
import time

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


def exchange(
    server, data: bytes, *, then: bytes = b"", half_close: bool = False, timeout: float = 10.0
) -> bytes:
    """Send `data` on a new connection (and `then` a moment later), and read until the server
    closes the connection (or `timeout`)."""
    host, port, _ = server
    with socket.create_connection((host, port), timeout=timeout) as connection:
        connection.sendall(data)
        if then:
            time.sleep(0.2)
            connection.sendall(then)
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
    """The body follows the head a moment later, as most clients send them. (A long chunk
    extension that arrives in one read with the head is read as a legal one by gunicorn, which
    checks its 8,190-byte line limit only across reads: the body `{}` is then 400 missing_question.)"""
    before = len(server[2].read_text())
    response = exchange(server, CHUNKED, then=body, half_close=half_close)
    assert_json_error(response, 400, "invalid_body")
    logged = log_lines(server, before)
    assert len(logged) <= 1 and not any("Traceback" in line for line in logged), logged


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        # Once gunicorn's page quoted Python's "use sys.set_int_max_str_digits()" here.
        (b"POST /api/chat HTTP/1.1\r\nHost: a\r\nContent-Length: " + b"9" * 5000 + b"\r\n\r\n", 400),
        (b"get /api/health HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        (b"GET /api/health HTTP/9.9\r\nHost: a\r\n\r\n", 400),
        (b"GET /api/health HTTP/1.1\r\nHost: a\r\nBad Header: x\r\n\r\n", 400),
        (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: a\r\n\r\n", 414),
        (b"GET / HTTP/1.1\r\nHost: a\r\n" + b"X-Big: " + b"b" * 9000 + b"\r\n\r\n", 431),
        (b"GET / HTTP/1.1\r\nHost: a\r\n" + b"X-A: b\r\n" * 200 + b"\r\n", 431),
        (b"POST /api/chat HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: brotli\r\n\r\n", 501),
    ],
    ids=[
        "huge-length",
        "lowercase-method",
        "bad-version",
        "bad-header",
        "long-uri",
        "long-header",
        "many-headers",
        "unknown-coding",
    ],
)
def test_requests_gunicorn_refuses_get_the_json_error_shape(server, request_bytes, status):
    before = len(server[2].read_text())
    response = exchange(server, request_bytes)
    assert_json_error(response, status, "bad_request")
    assert b"<html" not in response and b"set_int_max_str_digits" not in response
    assert request_bytes.split(b"\r\n")[0][-40:] not in response.split(b"\r\n\r\n", 1)[1]
    logged = log_lines(server, before)
    assert len(logged) <= 1 and not any("Traceback" in line for line in logged), logged


@pytest.mark.parametrize(
    "first_bytes", [b"", b"POST /api/chat HTTP/1.1\r\nHost: a\r\n"], ids=["silent", "half-sent"]
)
def test_idle_connections_do_not_hold_up_other_clients(server, first_bytes):
    """Two connections that send nothing (or half a request head) and wait; a question asked
    meanwhile is answered within a few seconds (with one thread per worker, it waited
    for them without end)."""
    host, port, _ = server
    idle = [socket.create_connection((host, port), timeout=30) for _ in range(2)]
    try:
        for connection in idle:
            connection.sendall(first_bytes)
        time.sleep(0.5)
        body = b'{"question": "vaccines"}'
        started = time.monotonic()
        for _ in range(6):  # over new connections, which the kernel spreads over both workers
            response = exchange(
                server,
                b"POST /api/chat HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Type: application/json\r\n"
                b"Content-Length: %d\r\n\r\n%s" % (len(body), body),
                timeout=30,
            )
            assert parse(response)[0] == 200
        # Generous (the answers take milliseconds), not a speed test: gunicorn alone made the first
        # wait 5 s behind two silent connections, and without end behind two half-sent heads.
        assert time.monotonic() - started < 4
    finally:
        for connection in idle:
            connection.close()


def test_a_client_that_stops_sending_is_let_go(server):
    """A request head left half-sent is given up after the read timeout: the connection closes."""
    host, port, _ = server
    with socket.create_connection((host, port), timeout=60) as connection:
        connection.sendall(b"POST /api/chat HTTP/1.1\r\nHost: a\r\n")
        assert connection.recv(100) == b""  # closed by the server, with nothing to say


def test_a_server_beyond_this_machine_is_told_to_sit_behind_a_proxy():
    from askbio.server import _is_loopback

    assert all(_is_loopback(host) for host in ("127.0.0.1", "::1", "[::1]", "localhost", "127.0.0.2"))
    assert not any(_is_loopback(host) for host in ("0.0.0.0", "::", "10.0.0.11", "example.org"))
