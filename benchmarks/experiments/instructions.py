"""Instructions per /api/chat request, counted by valgrind: a measure of what a change to the
request path costs that this machine's changes of speed do not move (wall-clock figures here
drift by 10-25 % from one run to the next; these repeat to within 0.1 %).

Each target is run twice under ``valgrind --tool=cachegrind``: once warming up only, once
warming up and then answering N new questions (the load test's pool, benchmarks/http_load.py).
The difference, divided by N, is what one question costs.

    apt-get install valgrind
    .venv/bin/python benchmarks/experiments/instructions.py                 # askbio app, trivial app, Engine.ask
    .venv/bin/python benchmarks/experiments/instructions.py --targets ask,search --n 500

Runs are made repeatable by fixing what would otherwise vary: string hashing
(PYTHONHASHSEED=0), address-space layout (``setarch -R``), OpenBLAS's worker threads, which
spin for a while after a numpy call and add instructions in proportion to wall time
(OPENBLAS_NUM_THREADS=1), and the index, built once beforehand in its own folder so that no
run rebuilds it. Warm-up asks enough questions (2,500) to fill the answer cache, so that what
is counted includes an old answer leaving it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BENCHMARKS = HERE.parent
TARGETS = ("app", "trivial", "ask", "search", "query")


def child(target: str, n: int, warm: int, pool: int) -> None:
    """Warm up, then answer `n` new questions through `target` (run under valgrind). Both runs
    of a target make the same `pool` of questions, so that making them is not counted."""
    sys.path[:0] = [str(HERE), str(BENCHMARKS)]
    from dataclasses import replace

    from app_cost import environ, trivial_app

    from askbio.settings import Config
    from askbio.web import create_app
    from http_load import new_questions

    app = create_app(replace(Config.from_env(), rate_limit="off"))
    engine = app.extensions["askbio"]
    engine.warm_up()
    questions = new_questions(pool)[: warm + n]

    def wsgi(application: Any) -> Any:
        return lambda q: b"".join(application(environ(q), lambda status, headers, exc_info=None: None))

    if target == "app":
        fn = wsgi(app)
    elif target == "trivial":
        with tempfile.TemporaryDirectory() as tmp:
            fn = wsgi(trivial_app(Path(tmp)))
    else:
        fn = {"ask": engine.ask, "search": engine.search, "query": engine.query}[target]
    for question in questions:  # the first `warm` of them warm up; the rest are counted
        fn(question)


def count(target: str, n: int, warm: int, pool: int, env: dict[str, str]) -> int:
    """Instructions of a child process that warms up and answers `n` questions."""
    command = [
        "setarch", "-R", "valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
        sys.executable, __file__, "--child", target, "--n", str(n), "--warm", str(warm), "--pool", str(pool),
    ]  # fmt: skip
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stderr
    match = re.search(r"I\s+refs:\s+([\d,]+)", out)
    if not match:
        raise SystemExit(f"valgrind printed no instruction count:\n{out[-2000:]}")
    return int(match.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--targets", default="app,trivial,ask", help=f"comma-separated, of {', '.join(TARGETS)}"
    )
    parser.add_argument("--n", type=int, default=1000, help="questions counted")
    parser.add_argument("--warm", type=int, default=2500, help="questions asked first, not counted")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--pool", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.n, args.warm, args.pool)
        return
    targets = args.targets.split(",")
    if unknown := set(targets) - set(TARGETS):
        parser.error(f"unknown targets: {', '.join(sorted(unknown))}")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "PYTHONHASHSEED": "0",
            "OPENBLAS_NUM_THREADS": "1",
            "ASKBIO_INDEX_DIR": tmp + "/index",
            "ASKBIO_RATE_LIMIT": "off",
        }
        subprocess.run(
            [sys.executable, "-m", "askbio", "-q", "index"], env=env, check=True, stdout=subprocess.DEVNULL
        )
        for target in targets:
            print(f"counting {target} ...", file=sys.stderr)
            base, full = _both(target, args.n, args.warm, env)
            results[target] = round((full - base) / args.n)
    print(json.dumps({"instructions_per_question": results, "n": args.n, "warm": args.warm}, indent=1))


def _both(target: str, n: int, warm: int, env: dict[str, str]) -> tuple[int, int]:
    """The two runs of a target, side by side (one per core): warm-up only, and warm-up and n."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as threads:
        base = threads.submit(count, target, 0, warm, warm + n, env)
        full = threads.submit(count, target, n, warm, warm + n, env)
        return base.result(), full.result()


if __name__ == "__main__":
    main()
