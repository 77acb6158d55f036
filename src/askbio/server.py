"""Running the app under gunicorn, a pre-forking production WSGI server.

Gunicorn rather than waitress: its worker processes use both cores (one Python process is bound
to one by the GIL), and with ``preload_app`` the index is loaded once in the master and shared
copy-on-write by every worker through the memory-mapped arrays, instead of once per worker.
"""

from __future__ import annotations

import gc
import logging
import sys
from dataclasses import replace
from typing import Any

from askbio.errors import AddressUnavailable
from askbio.settings import Config

log = logging.getLogger("askbio")


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
        "worker_class": "gthread",
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
