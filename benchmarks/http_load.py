"""Throughput and tail latency of /api/chat under load, against a trivial Flask endpoint served
the same way (gunicorn, same workers and threads), measured side by side with wrk on loopback.

    apt-get install wrk
    .venv/bin/python benchmarks/http_load.py --connections 32 --seconds 10 --runs 3
    .venv/bin/python benchmarks/http_load.py --unanswered-log --runs 5   # refusals, log on vs off

Both servers run at once on free loopback ports and are measured in turn (ABBA order); wrk is
bounded by --seconds. With --unanswered-log the two are askbio itself, with and without
ASKBIO_UNANSWERED_LOG, asked only questions it refuses.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from contextlib import closing
from pathlib import Path
from typing import Any

from askbio.settings import Config

QUESTIONS = [
    "how many jobs in biomanufacturing",
    "What share of Belgian exports are pharmaceutical?",
    "Where is PDC Line Pharma based?",
    "What is the capital of Australia?",
]
# Questions askbio refuses (each is logged when the unanswered log is on).
REFUSED = [
    "What is the capital of Australia?",
    "Who won the 2018 FIFA World Cup?",
    "How tall is Mount Everest?",
    "What is the boiling point of mercury?",
]

# The trivial endpoint (also imported by benchmarks/experiments/app_cost.py), and how it is served here: as
# `askbio serve` serves askbio (its gthread worker, keep-alive, a listening socket per worker).
TRIVIAL_FLASK_APP = """
from flask import Flask, jsonify, request

app = Flask(__name__)

@app.post("/api/chat")
def chat():
    body = request.get_json()
    return jsonify({"question": body["question"], "answer": "ok", "abstained": False, "confidence": 1.0, "citations": []})
"""
TRIVIAL_APP = (
    TRIVIAL_FLASK_APP
    + """
from gunicorn.app.base import BaseApplication
import sys

class Server(BaseApplication):
    def load_config(self):
        for k, v in {"bind": f"127.0.0.1:{sys.argv[1]}", "workers": int(sys.argv[2]), "worker_class": "askbio.server.Worker",
                     "threads": int(sys.argv[3]), "loglevel": "warning", "keepalive": 5, "reuse_port": True}.items():
            self.cfg.set(k, v)
    def load(self):
        return app

Server().run()
"""
)

# The script sends questions[start + 1], questions[start + 2], ... (wrapping round); `start`
# is the script's first argument, so that each run continues where the previous one stopped.
LUA = """
local questions = {%s}
local i = 0
init = function(args)
  i = tonumber(args[1]) or 0
end
request = function()
  i = i + 1
  local body = '{"question": ' .. questions[(i %% #questions) + 1] .. '}'
  return wrk.format("POST", "/api/chat", {["Content-Type"] = "application/json"}, body)
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%d %%f %%f %%f\\n", summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.duration, latency:percentile(50), latency:percentile(99), latency.max))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(port: int) -> None:
    for _ in range(600):
        try:
            body = json.dumps({"question": QUESTIONS[0]}).encode()
            req = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/chat", body, {"Content-Type": "application/json"}
            )
            with urllib.request.urlopen(req, timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


OPENERS = ["", "What about", "How many", "Tell me about", "Who", "Where", "When", "What share of", "Why"]
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9,.%'-]*")


def new_questions(n: int, seed: int = 1) -> list[str]:
    """`n` different questions made from the seed corpus's passages: a question opener and a
    run of 2-6 consecutive words of a passage, so they ask about what the corpus says (most are
    answered, some abstain) with different words each, as new visitors do. Same seed, same list."""
    import random

    from askbio.corpus import read_corpus
    from askbio.engine import default_corpus_dir

    rng = random.Random(seed)
    passages = [_WORD_RE.findall(p.text) for p in read_corpus(default_corpus_dir()).passages]
    passages = [words for words in passages if len(words) >= 6]
    seen: dict[str, None] = {}
    misses = 0
    while len(seen) < n:
        if misses > 100_000:  # the corpus has no more different questions of this shape
            raise SystemExit(
                f"the seed corpus yields about {len(seen):,} different questions; asked for {n:,}"
            )
        words = rng.choice(passages)
        size = rng.randint(2, 6)
        at = rng.randrange(len(words) - size + 1)
        question = " ".join([rng.choice(OPENERS), *words[at : at + size]]).strip().rstrip(",.") + "?"
        misses = misses + 1 if question in seen else 0
        seen.setdefault(question, None)
    return list(seen)


def server_cpu(pid: int) -> tuple[float, float]:
    """User and system CPU seconds used so far by a server: its master process `pid` and the
    workers it forked (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    user = system = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        # After the command name: state, ppid, ... utime is field 14 of stat, stime field 15.
        if int(entry) == pid or int(fields[1]) == pid:
            user += int(fields[11]) / tick
            system += int(fields[12]) / tick
    return user, system


def run_wrk(
    port: int, script: Path, connections: int, seconds: int, threads: int, start: int = 0
) -> dict[str, float]:
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
            "--",
            str(start),
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        check=True,
    ).stdout
    match = re.search(r"RESULT (\d+) (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+)", out)
    if not match:
        raise RuntimeError(out)
    requests, errors, duration_us, p50, p99, peak = match.groups()
    return {
        "requests": int(requests),
        "errors": int(errors),
        "rps": int(requests) / (int(duration_us) / 1e6),
        "p50_ms": float(p50) / 1000,
        "p99_ms": float(p99) / 1000,
        "max_ms": float(peak) / 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--threads", type=int, default=Config().threads, help="threads per worker (default: askbio serve's)"
    )
    parser.add_argument("--wrk-threads", type=int, default=1)
    parser.add_argument(
        "--unique",
        action="store_true",
        help="ask a different question every time (from a pool of --pool questions made from the corpus), "
        "so no answer comes from askbio's answer cache",
    )
    parser.add_argument(
        "--pool", type=int, default=30_000, help="how many different questions --unique cycles through"
    )
    parser.add_argument(
        "--unanswered-log",
        action="store_true",
        help="measure askbio with the unanswered log on against askbio with it off, on refused questions",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "chat.lua"
        # The answer cache keeps 2,048 answers: a pool of 30,000 questions comes round again
        # long after a question's answer has left it.
        questions = REFUSED if args.unanswered_log else new_questions(args.pool) if args.unique else QUESTIONS
        # Each question is a Lua string holding its JSON encoding.
        lua_strings = (json.dumps(json.dumps(q)) for q in questions)
        script.write_text(LUA % ", ".join(lua_strings), encoding="utf-8")
        trivial = Path(tmp) / "trivial.py"
        trivial.write_text(textwrap.dedent(TRIVIAL_APP), encoding="utf-8")
        env = {**os.environ, "ASKBIO_RATE_LIMIT": "off"}
        subprocess.run(
            [sys.executable, "-m", "askbio", "-q", "--index-dir", tmp + "/index", "index"],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        # Both servers stay up for the whole series and are measured alternately, in ABBA order
        # (askbio first in even pairs, the trivial app first in odd ones), so that a drift of the
        # machine's speed between runs falls on both alike.
        askbio = [
            sys.executable,
            "-m",
            "askbio",
            "-q",
            "--index-dir",
            tmp + "/index",
            "serve",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--port",
        ]
        # The first server is measured against the second.
        if args.unanswered_log:
            first, second = "log_on", "log_off"
            commands = {first: askbio, second: askbio}
            envs = {first: {**env, "ASKBIO_UNANSWERED_LOG": tmp + "/unanswered.db"}, second: env}
        else:
            first, second = "askbio", "trivial"
            commands = {first: askbio, second: [sys.executable, str(trivial)]}
            envs = {first: env, second: env}
        ports = {name: free_port() for name in commands}
        servers = {}
        try:
            for name, cmd in commands.items():
                if cmd is askbio:
                    cmd = [*cmd, str(ports[name])]
                else:
                    cmd = [*cmd, str(ports[name]), str(args.workers), str(args.threads)]
                servers[name] = subprocess.Popen(
                    cmd, env=envs[name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                )
            sent = dict.fromkeys(commands, 0)  # where each server's next run starts in the questions
            for name in commands:
                wait_ready(ports[name])
                warm_up = run_wrk(ports[name], script, args.connections, 1, args.wrk_threads)
                sent[name] += int(warm_up["requests"]) + 64
            results: dict[str, list[dict[str, float]]] = {first: [], second: []}
            for i in range(args.runs):
                for name in (first, second) if i % 2 == 0 else (second, first):
                    cpu_before = server_cpu(servers[name].pid)
                    result = run_wrk(
                        ports[name], script, args.connections, args.seconds, args.wrk_threads, sent[name]
                    )
                    cpu_after = server_cpu(servers[name].pid)
                    # The server's CPU per request (its processes only, not wrk's), in µs: what a
                    # request costs on the server, whatever the machine's speed did to the rate.
                    for key, i in (("user_us_per_request", 0), ("sys_us_per_request", 1)):
                        result[key] = (cpu_after[i] - cpu_before[i]) * 1e6 / max(result["requests"], 1)
                    sent[name] += int(result["requests"]) + 64  # and the few still in flight at the end
                    results[name].append(result)
        finally:
            for server in servers.values():
                server.terminate()
                server.wait(timeout=15)
        log_rows = None
        if args.unanswered_log:
            with closing(sqlite3.connect(Path(tmp) / "unanswered.db")) as log:
                try:
                    log_rows = log.execute("SELECT COUNT(*), SUM(count) FROM unanswered_questions").fetchone()
                except (
                    sqlite3.OperationalError
                ):  # the first format (askbio before dc180da+1): a row per asking
                    log_rows = log.execute(
                        "SELECT COUNT(DISTINCT normalized), COUNT(*) FROM unanswered"
                    ).fetchone()
    summary: dict[str, Any] = {}
    for name, runs in results.items():
        summary[name] = {
            "rps_median": round(statistics.median(r["rps"] for r in runs), 1),
            "p50_ms_median": round(statistics.median(r["p50_ms"] for r in runs), 2),
            "p99_ms_median": round(statistics.median(r["p99_ms"] for r in runs), 2),
            "errors": sum(int(r["errors"]) for r in runs),
            "user_us_per_request_median": round(statistics.median(r["user_us_per_request"] for r in runs), 1),
            "sys_us_per_request_median": round(statistics.median(r["sys_us_per_request"] for r in runs), 1),
            "requests": sum(int(r["requests"]) for r in runs),
            "runs": runs,
        }
    summary[f"ratio_rps_{first}_to_{second}"] = round(
        summary[first]["rps_median"] / summary[second]["rps_median"], 3
    )
    # The two runs of a pair are measured back to back: the ratio within a pair is less exposed
    # to the machine's speed drifting between runs than the ratio of the medians.
    pairs = [a["rps"] / t["rps"] for a, t in zip(results[first], results[second], strict=True)]
    summary["ratio_rps_pairs"] = [round(r, 3) for r in pairs]
    summary["ratio_rps_pairs_median"] = round(statistics.median(pairs), 3)
    # This machine switches between a fast and a slow speed every few seconds, so a pair can
    # straddle a switch; the ratio of the best runs compares the two when both ran undisturbed.
    best = {name: max(r["rps"] for r in runs) for name, runs in results.items()}
    summary["ratio_rps_best"] = round(best[first] / best[second], 3)
    summary["settings"] = vars(args)
    if log_rows is not None:
        summary["log_rows"], summary["log_count"] = log_rows  # distinct questions; refusals counted
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
