"""What one /api/chat request costs in one process, without a server: askbio's Flask app and the
load test's trivial app called as WSGI functions on the same new questions, and `Engine.ask`
alone and in its parts (query analysis; analysis and retrieval; the rest is answer composition).

It shows where a change to the cache-miss path lands before the load test
(benchmarks/http_load.py) measures it through gunicorn. Each question is asked once (the load test's pool of new questions), so no answer
comes from the answer cache.

    .venv/bin/python benchmarks/experiments/app_cost.py --runs 8
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

BENCHMARKS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BENCHMARKS))

from askbio.settings import Config  # noqa: E402
from askbio.web import create_app  # noqa: E402
from http_load import TRIVIAL_FLASK_APP, new_questions  # noqa: E402


def trivial_app(folder: Path) -> Any:
    """The load test's trivial Flask app (without its gunicorn runner), imported from a file."""
    path = folder / "trivial_app.py"
    path.write_text(TRIVIAL_FLASK_APP, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("trivial_app", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.app


def environ(question: str) -> dict[str, Any]:
    body = json.dumps({"question": question}).encode()
    return {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/api/chat",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": "application/json",
    }


def per_item(fn: Callable[[Any], Any], items: Sequence[Any]) -> float:
    """Microseconds per item of `fn` over `items`."""
    started = time.perf_counter()
    for item in items:
        fn(item)
    return (time.perf_counter() - started) / len(items) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=8, help="batches of new questions per measurement")
    parser.add_argument("--batch", type=int, default=1500, help="questions per batch")
    args = parser.parse_args()

    app = create_app(replace(Config.from_env(), rate_limit="off"))
    engine = app.extensions["askbio"]
    with tempfile.TemporaryDirectory() as tmp:
        trivial = trivial_app(Path(tmp))
    questions = new_questions(args.batch * (args.runs + 1) * 2)

    def call(wsgi: Any) -> Callable[[dict[str, Any]], bytes]:
        return lambda env: b"".join(wsgi(env, lambda status, headers, exc_info=None: None))

    for wsgi in (app, trivial):  # warm up: imports, the index, the composer's caches
        per_item(call(wsgi), [environ(q) for q in questions[: args.batch]])

    fresh = iter(questions[args.batch :])  # every measurement asks questions not asked before
    times: dict[str, list[float]] = {}
    for _ in range(args.runs):
        batch = [next(fresh) for _ in range(args.batch)]
        times.setdefault("askbio app", []).append(per_item(call(app), [environ(q) for q in batch]))
        times.setdefault("trivial app", []).append(per_item(call(trivial), [environ(q) for q in batch]))
        batch = [next(fresh) for _ in range(args.batch)]
        times.setdefault("Engine.ask", []).append(per_item(engine.ask, batch))
        times.setdefault("  Engine.query", []).append(per_item(engine.query, batch))
        times.setdefault("  Engine.search", []).append(per_item(engine.search, batch))

    print(f"{'':24s} {'best':>9s} {'median':>9s}   (µs a request, {args.runs} batches of {args.batch})")
    times["  the rest (composition)"] = [
        a - s for a, s in zip(times["Engine.ask"], times["  Engine.search"], strict=True)
    ]
    for name, values in times.items():
        print(f"{name:24s} {min(values):9.1f} {statistics.median(values):9.1f}")
    ratio = [t / a for a, t in zip(times["askbio app"], times["trivial app"], strict=True)]
    print(f"trivial ÷ askbio app: median of pairs {statistics.median(ratio):.3f}")


if __name__ == "__main__":
    main()
