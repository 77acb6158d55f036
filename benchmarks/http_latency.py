"""Latency of a question answered through the full HTTP stack (gunicorn + Flask + Engine).

Starts `askbio serve` on a free loopback port over the bundled corpus, sends a bounded number of
sequential requests over one keep-alive connection (rate limit off), and prints the median and
p99 latency and how many requests did not get 200.

    .venv/bin/python benchmarks/http_latency.py --requests 500
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time

import requests

QUESTIONS = [
    "how many jobs in biomanufacturing",
    "What share of Belgian exports are pharmaceutical?",
    "Where is PDC Line Pharma based?",
    "What is the capital of Australia?",
    "How many biotech companies are there in Belgium?",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=500, help="requests to send (bounded)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    port = free_port()
    with tempfile.TemporaryDirectory() as index_dir:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "askbio",
                "-q",
                "--index-dir",
                index_dir,
                "serve",
                "--port",
                str(port),
                "--workers",
                str(args.workers),
            ],
            env={**os.environ, "ASKBIO_RATE_LIMIT": "off"},  # one client sends every request
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            session = requests.Session()
            for _ in range(300):
                try:
                    session.get(base + "/api/health", timeout=1)
                    break
                except requests.ConnectionError:
                    time.sleep(0.1)
            for q in QUESTIONS:  # warm up every worker's caches
                session.post(base + "/api/chat", json={"question": q}, timeout=10)
            latencies = []
            errors = 0
            for i in range(args.requests):
                q = QUESTIONS[i % len(QUESTIONS)]
                t0 = time.perf_counter()
                r = session.post(base + "/api/chat", json={"question": q}, timeout=10)
                latencies.append((time.perf_counter() - t0) * 1000)
                errors += r.status_code != 200
        finally:
            server.terminate()
            server.wait(timeout=15)
    latencies.sort()
    result = {
        "benchmark": "http_chat_latency",
        "requests": args.requests,
        "errors": errors,
        "median_ms": round(statistics.median(latencies), 2),
        "p99_ms": round(latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))], 2),
        "max_ms": round(latencies[-1], 2),
        "workers": args.workers,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
