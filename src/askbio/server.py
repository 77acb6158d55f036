"""Running the app under gunicorn, a pre-forking production WSGI server.

Gunicorn rather than waitress: its worker processes use both cores (one Python process is bound
to one by the GIL), and with ``preload_app`` the index is loaded once in the master and shared
copy-on-write by every worker through the memory-mapped arrays, instead of once per worker.
"""

from __future__ import annotations

import gc
import logging
from typing import Any

from askbio.settings import Config

log = logging.getLogger("askbio")


# Threads per worker. A question is CPU work under the GIL, so threads only overlap the waits on
# the network; 4 keep the tail latency of a loaded server lower than 8 at the same throughput
# (docs/benchmarks.md: p99 45 ms against 63 ms for new questions at 32 connections).
THREADS = 4


def run(config: Config, *, threads: int = THREADS, access_log: bool = False) -> None:
    """Serve the API and demo page until interrupted."""
    from gunicorn.app.base import BaseApplication

    from askbio.engine import Engine
    from askbio.web import create_app

    engine = Engine(config)
    engine.warm_up()  # build or load the index before forking: workers inherit it
    app = create_app(config, engine)
    # What is loaded now lives as long as the server: moved out of the garbage collector's
    # sight, a full collection in a worker no longer walks the index's ~100,000 objects (an
    # 80-100 ms pause that showed as the load test's tail latency), and the shared pages are
    # not written to by the collector's bookkeeping after the fork.
    gc.collect()
    gc.freeze()
    options: dict[str, Any] = {
        "bind": f"[{config.host}]:{config.port}" if ":" in config.host else f"{config.host}:{config.port}",
        "workers": config.workers,
        "worker_class": "gthread",
        "threads": threads,
        "preload_app": True,
        "timeout": 30,
        "graceful_timeout": 10,
        "keepalive": 5,
        "accesslog": "-" if access_log else None,
        "errorlog": "-",
        "loglevel": "warning",
        "proc_name": "askbio",
        "limit_request_line": 8190,
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
