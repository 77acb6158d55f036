"""Where a request's server CPU goes under load: inside the WSGI app (Flask's dispatch and, for
askbio, the Engine and the answer's JSON) or around it (gunicorn's worker, sockets, the kernel),
for askbio and the load test's trivial endpoint.

    .venv/bin/python benchmarks/experiments/server_split.py --seconds 10 --warm 5

Each server is served as benchmarks/http_load.py serves it (gunicorn, askbio's worker class, 2
workers of one thread, rate limit off) with a WSGI middleware that adds up the thread CPU time
spent inside the app, and wrk sends it the load test's new questions (--unique). The first
--warm seconds of each worker are not counted. The two servers are measured one after the other.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCHMARKS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BENCHMARKS))

from http_load import LUA, free_port, new_questions, run_wrk, wait_ready  # noqa: E402


def serve(kind: str, port: int, out: str, warm: float) -> None:
    """Run `kind` (askbio or trivial) under gunicorn; each worker writes its counts to
    `out`.PID when it exits."""
    from gunicorn.app.base import BaseApplication

    from askbio.server import Worker

    if kind == "askbio":
        from askbio.engine import Engine
        from askbio.settings import Config
        from askbio.web import create_app

        config = Config.from_env()
        engine = Engine(config)
        app = create_app(config, engine)
        engine.warm_up()
    else:
        sys.path.insert(0, str(BENCHMARKS / "experiments"))
        from app_cost import trivial_app

        app = trivial_app(Path(tempfile.mkdtemp()))
    gc.collect()
    gc.freeze()  # as askbio serve does

    counts: dict[str, Any] = {}
    inner = app.wsgi_app

    def timed(environ: dict[str, Any], start_response: Any) -> Any:
        if not counts["counting"] and time.monotonic() - counts["forked"] >= warm:
            counts.update(counting=True, requests=0, app_cpu=0.0, start=os.times()[:2])
        started = time.thread_time()
        try:
            return [b"".join(inner(environ, start_response))]
        finally:
            counts["app_cpu"] += time.thread_time() - started
            counts["requests"] += 1

    app.wsgi_app = timed  # type: ignore[method-assign]

    def post_fork(server: Any, worker: Any) -> None:
        counts.update(forked=time.monotonic(), counting=False, requests=0, app_cpu=0.0, start=os.times()[:2])

    def worker_exit(server: Any, worker: Any) -> None:
        user, system = os.times()[:2]
        stats = {
            "requests": counts["requests"] if counts["counting"] else 0,
            "app_cpu": counts["app_cpu"],
            "user": user - counts["start"][0],
            "sys": system - counts["start"][1],
        }
        Path(f"{out}.{os.getpid()}").write_text(json.dumps(stats), encoding="utf-8")

    options = {
        "bind": f"127.0.0.1:{port}",
        "workers": 2,
        "worker_class": Worker,
        "threads": 1,
        "preload_app": True,
        "keepalive": 5,
        "loglevel": "warning",
        "reuse_port": True,
        "post_fork": post_fork,
        "worker_exit": worker_exit,
    }

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return app

    Server().run()


def measure(kind: str, script: Path, folder: Path, seconds: int, warm: int) -> dict[str, float]:
    port = free_port()
    out = folder / kind
    env = {**os.environ, "ASKBIO_RATE_LIMIT": "off", "ASKBIO_INDEX_DIR": str(folder / "index")}
    command = [sys.executable, __file__, "--serve", kind, str(port), str(out), str(warm)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(port)
        result = run_wrk(port, script, 32, seconds + warm, 1)
    finally:
        server.terminate()
        server.wait(timeout=30)
    workers = [json.loads(p.read_text(encoding="utf-8")) for p in folder.glob(f"{kind}.*")]
    n = sum(w["requests"] for w in workers)
    app, user, system = (sum(w[key] for w in workers) * 1e6 / n for key in ("app_cpu", "user", "sys"))
    return {
        "requests_counted": n,
        "rps": round(result["rps"], 1),
        "app_cpu_us": round(app, 1),
        "around_app_us": round(user + system - app, 1),
        "user_us": round(user, 1),
        "sys_us": round(system, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=10, help="seconds counted")
    parser.add_argument("--warm", type=int, default=5, help="seconds of each worker not counted")
    parser.add_argument("--serve", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        kind, port, out, warm = args.serve
        serve(kind, int(port), out, float(warm))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        subprocess.run(
            [sys.executable, "-m", "askbio", "-q", "--index-dir", tmp + "/index", "index"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        script = folder / "chat.lua"
        questions = (json.dumps(json.dumps(q)) for q in new_questions(30_000))
        script.write_text(LUA % ", ".join(questions), encoding="utf-8")
        results = {
            kind: measure(kind, script, folder, args.seconds, args.warm) for kind in ("askbio", "trivial")
        }
    print(json.dumps({"per_request": results, "settings": vars(args)}, indent=1))


if __name__ == "__main__":
    main()
