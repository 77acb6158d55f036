"""Throughput and tail latency of /api/chat under load, against a trivial Flask endpoint served
the same way (gunicorn, same workers and threads), measured side by side with wrk on loopback.

    apt-get install wrk
    .venv/bin/python benchmarks/http_load.py --connections 32 --seconds 10 --runs 3

Both servers run one after the other on free loopback ports; wrk is bounded by --seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path

QUESTIONS = [
    "how many jobs in biomanufacturing",
    "What share of Belgian exports are pharmaceutical?",
    "Where is PDC Line Pharma based?",
    "What is the capital of Australia?",
]

TRIVIAL_APP = '''
from flask import Flask, jsonify, request
from gunicorn.app.base import BaseApplication
import sys

app = Flask(__name__)

@app.post("/api/chat")
def chat():
    body = request.get_json()
    return jsonify({"question": body["question"], "answer": "ok", "abstained": False, "confidence": 1.0, "citations": []})

class Server(BaseApplication):
    def load_config(self):
        for k, v in {"bind": f"127.0.0.1:{sys.argv[1]}", "workers": int(sys.argv[2]), "worker_class": "gthread",
                     "threads": int(sys.argv[3]), "loglevel": "warning", "keepalive": 5}.items():
            self.cfg.set(k, v)
    def load(self):
        return app

Server().run()
'''

LUA = """
local questions = {%s}
local i = 0
request = function()
  i = i + 1
  local body = '{"question": "' .. questions[(i %% #questions) + 1] .. %s .. '"}'
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
            req = urllib.request.Request(f"http://127.0.0.1:{port}/api/chat", body, {"Content-Type": "application/json"})
            with urllib.request.urlopen(req, timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def run_wrk(port: int, script: Path, connections: int, seconds: int, threads: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "-s", str(script), f"http://127.0.0.1:{port}"],
        capture_output=True, text=True, timeout=seconds + 30, check=True,
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
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--wrk-threads", type=int, default=1)
    parser.add_argument(
        "--unique",
        action="store_true",
        help="make every question different (a request number is appended), so no answer comes from askbio's cache",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "chat.lua"
        suffix = "' ' .. tostring(i) .. math.random(1000000)" if args.unique else "''"
        script.write_text(LUA % (", ".join(json.dumps(q) for q in QUESTIONS), suffix), encoding="utf-8")
        trivial = Path(tmp) / "trivial.py"
        trivial.write_text(textwrap.dedent(TRIVIAL_APP), encoding="utf-8")
        env = {**os.environ, "ASKBIO_RATE_LIMIT": "off"}
        subprocess.run(
            [sys.executable, "-m", "askbio", "-q", "--index-dir", tmp + "/index", "index"],
            check=True, env=env, stdout=subprocess.DEVNULL,
        )
        results: dict[str, list[dict[str, float]]] = {"askbio": [], "trivial": []}
        for _ in range(args.runs):
            for name in ("askbio", "trivial"):
                port = free_port()
                if name == "askbio":
                    cmd = [sys.executable, "-m", "askbio", "-q", "--index-dir", tmp + "/index", "serve", "--port", str(port),
                           "--workers", str(args.workers), "--threads", str(args.threads)]
                else:
                    cmd = [sys.executable, str(trivial), str(port), str(args.workers), str(args.threads)]
                server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                try:
                    wait_ready(port)
                    results[name].append(run_wrk(port, script, args.connections, args.seconds, args.wrk_threads))
                finally:
                    server.terminate()
                    server.wait(timeout=15)
    summary = {}
    for name, runs in results.items():
        summary[name] = {
            "rps_median": round(statistics.median(r["rps"] for r in runs), 1),
            "p50_ms_median": round(statistics.median(r["p50_ms"] for r in runs), 2),
            "p99_ms_median": round(statistics.median(r["p99_ms"] for r in runs), 2),
            "errors": sum(int(r["errors"]) for r in runs),
            "requests": sum(int(r["requests"]) for r in runs),
            "runs": runs,
        }
    summary["ratio_rps_askbio_to_trivial"] = round(summary["askbio"]["rps_median"] / summary["trivial"]["rps_median"], 3)
    # Each askbio run is measured right before its trivial run: the ratio within a pair is less
    # exposed to the machine's load drifting between runs than the ratio of the medians.
    pairs = [a["rps"] / t["rps"] for a, t in zip(results["askbio"], results["trivial"], strict=True)]
    summary["ratio_rps_pairs"] = [round(r, 3) for r in pairs]
    summary["ratio_rps_pairs_median"] = round(statistics.median(pairs), 3)
    summary["settings"] = vars(args)
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
