"""Running the app under gunicorn, a pre-forking production WSGI server.

Gunicorn rather than waitress: its worker processes use both cores (one Python process is bound
to one by the GIL), and with ``preload_app`` the index is loaded once in the master and shared
copy-on-write by every worker through the memory-mapped arrays, instead of once per worker.
"""

from __future__ import annotations

import gc
import json
import logging
import selectors
import socket
import sys
import time
from dataclasses import replace
from functools import partial
from typing import Any

from gunicorn import util
from gunicorn.workers.gthread import TConn, ThreadWorker

from askbio.errors import AddressUnavailable
from askbio.settings import Config

log = logging.getLogger("askbio")

# The time a client has to send a whole request, head and body, once it has sent its first
# byte; a silent new connection waits in the worker's poller as long, without a thread.
READ_TIMEOUT = 10.0
# A head still unfinished at this size goes to a thread anyway, whose parser refuses it (431).
MAX_HEAD_WAIT = 65536


def run(config: Config, *, access_log: bool = False) -> None:
    """Serve the API and demo page until interrupted."""
    config = replace(config, port=check_address(config.host, config.port))
    from gunicorn.app.base import BaseApplication

    from askbio.engine import Engine
    from askbio.web import create_app

    engine = Engine(config)
    app = create_app(config, engine)  # first: it refuses bad settings before any slow work
    engine.warm_up()  # build or load the index before forking: workers inherit it
    # What is loaded now lives as long as the server: out of the garbage collector's sight, a
    # full collection in a worker does not walk it, nor write to the pages shared after the fork.
    gc.collect()
    gc.freeze()
    options: dict[str, Any] = {
        "bind": _address(config.host, config.port),
        "workers": config.workers,
        "worker_class": Worker,
        "threads": config.threads,
        "preload_app": True,
        "timeout": 30,
        "graceful_timeout": 10,
        "keepalive": 5,
        "accesslog": "-" if access_log else None,
        "errorlog": "-",
        "loglevel": "warning",
        "proc_name": "askbio",
        "limit_request_line": 8190,
        # Each worker listens on a socket of its own (SO_REUSEPORT), which Linux spreads new
        # connections over evenly; on one shared socket whichever worker accepts first takes them.
        "reuse_port": sys.platform.startswith("linux"),
    }

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                if value is not None:
                    self.cfg.set(key, value)

        def load(self) -> Any:
            return app

    info = engine.info()
    if not config.proxies and not _is_loopback(config.host):
        log.warning(
            "listening on %s, beyond this machine: put a reverse proxy such as nginx in front "
            "(docs/deploy.md); it reads each request whole, so slow clients cannot hold askbio's workers",
            config.host,
        )
    log.warning(
        "serving %d documents (%d passages) on http://%s:%d with %d worker(s)",
        info["documents"],
        info["passages"],
        config.host,
        config.port,
        config.workers,
    )
    Server().run()


def check_address(host: str, port: int) -> int:
    """The port to listen on at `host` (a free one for port 0), or AddressUnavailable.

    With SO_REUSEPORT the workers' own binds would not fail on a port another server holds (they
    would share its connections), and a failed bind in gunicorn is five retries and a log of
    errors: askbio checks first. Port 0 is resolved here so that every worker listens on the
    same port, and the one announced is the one served."""
    import errno
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As gunicorn's own sockets: a port whose last connections linger in TIME_WAIT is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                reason = "the port is in use (is another server running?); choose another with --port"
            elif exc.errno == errno.EACCES:
                reason = "permission denied (ports below 1024 need privileges); choose another with --port"
            else:
                reason = exc.strerror or str(exc)
            raise AddressUnavailable(f"cannot listen on {_address(host, port)}: {reason}") from None
        return int(probe.getsockname()[1])


def _address(host: str, port: int) -> str:
    """`host:port` as gunicorn binds it (an IPv6 address in brackets)."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _is_loopback(host: str) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


class Worker(ThreadWorker):  # type: ignore[misc]
    """gunicorn's threaded worker, with two changes. A connection takes a thread only once its
    request head has arrived whole (gunicorn's waits in a thread for the rest of it, so two
    clients sending half a head held both workers of the default server without end), and
    then has READ_TIMEOUT to send the rest. gunicorn's own error responses (a malformed request
    line or header) are in the API's JSON error shape, never an HTML page quoting the client."""

    def init_process(self) -> None:
        util.write_error = _write_json_error  # gunicorn writes every error page of its own through it
        super().init_process()

    def accept(self, listener: socket.socket) -> None:
        try:
            client, address = listener.accept()
        except (BlockingIOError, ConnectionAbortedError):
            return  # another worker took it, or the client gave up (as gunicorn's accept)
        self.nr_conns += 1
        self._await_head(_Conn(self.cfg, _Deadline.wrap(client), address, listener.getsockname()))

    def on_client_socket_readable(self, conn: _Conn, client: socket.socket) -> None:
        """A kept-alive connection's next request has begun: wait for its head as for a new one's."""
        self.poller.unregister(client)
        self.keepalived_conns.remove(conn)
        self._await_head(conn)

    def _await_head(self, conn: _Conn) -> None:
        conn.timeout = time.monotonic() + READ_TIMEOUT  # gunicorn's murder_pending closes it then
        self.pending_conns.append(conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._read_head, conn))
        self._read_head(conn, conn.sock)  # most requests are there already: no round through the poller

    def _read_head(self, conn: _Conn, client: socket.socket) -> None:
        try:
            data = socket.socket.recv(conn.sock, 65536)  # the plain read: no request deadline yet
        except BlockingIOError:
            return
        except OSError:
            data = b""
        conn.head += data
        if data and b"\r\n\r\n" not in conn.head and len(conn.head) < MAX_HEAD_WAIT:
            return
        self.poller.unregister(client)
        self.pending_conns.remove(conn)
        if not data:  # the client went away
            self.nr_conns -= 1
            conn.close()
            return
        conn.data_ready = True
        self.enqueue_req(conn)

    def handle(self, conn: _Conn) -> Any:
        conn.sock.deadline = time.monotonic() + READ_TIMEOUT
        return super().handle(conn)


class _Conn(TConn):  # type: ignore[misc]
    """A connection with the bytes of a request head read before a thread took it up."""

    head = b""

    def init(self) -> None:
        super().init()
        if self.head:
            self.parser.unreader.unread(self.head)
            self.head = b""


class _Deadline(socket.socket):
    """A client socket whose reads end at a deadline: past it, the client is taken to have
    gone (an empty read), which gunicorn answers by closing the connection."""

    deadline: float | None = None

    @classmethod
    def wrap(cls, sock: socket.socket) -> _Deadline:
        return cls(sock.family, sock.type, sock.proto, fileno=sock.detach())

    def recv(self, size: int, flags: int = 0) -> bytes:
        if self.deadline is None:
            return super().recv(size, flags)
        left = self.deadline - time.monotonic()
        if left <= 0:
            return b""
        previous = self.gettimeout()  # None: blocking; 0.0: non-blocking; else a caller's bound
        self.settimeout(left if previous is None else min(previous, left))
        try:
            return super().recv(size, flags)
        except TimeoutError:
            if previous is not None and previous < left:
                raise  # the caller's own, shorter bound
            return b""
        finally:
            self.settimeout(previous)


# gunicorn's statuses for requests it cannot parse, with what the API says about each.
_GUNICORN_ERRORS = {
    400: "the HTTP request is malformed",
    403: "the request is forbidden",
    414: "the request line is too long",
    417: "the Expect header cannot be met",
    431: "the request headers are too large",
    501: "the request's transfer coding is not supported",
}


def _write_json_error(sock: socket.socket, status: int, reason: str, message: str) -> None:
    """gunicorn's error page as the API's JSON error; the detail gunicorn would quote stays in its log."""
    code = "internal_error" if status >= 500 and status != 501 else "bad_request"
    text = _GUNICORN_ERRORS.get(status, "the server could not answer; try again later")
    body = json.dumps({"error": {"code": code, "message": text}}).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nX-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\n\r\n"
    )
    util.write_nonblock(sock, head.encode("latin-1") + body)
