"""A bounded soak of the HTTP stack: does `askbio serve` stay up, answer, and hold its memory?

Starts `askbio serve` (gunicorn, 2 worker processes by default) over the bundled corpus on a free
loopback port, with the rate limit off, and drives POST /api/chat from a few client threads with a
mix of questions: answered ones, ones askbio abstains on, small talk, follow-ups with history, and
bad input (empty, malformed JSON, over-long, wrong type) that must get a 4xx; each client opens
a new keep-alive connection every `--reconnect-every` requests, so that the load reaches every
worker (the kernel gives each new connection to one of them). It stops after
`--seconds` or `--requests`, whichever comes first. After `--warmup-seconds` of that load, and
then every `--sample-every` seconds, it records the memory of the gunicorn master and its workers
(psutil when installed, else /proc): RSS summed over the processes (shared pages, such as the
memory-mapped index, are counted once per process) and PSS (shared pages divided between the
processes that map them). Growth is from the first sample after the warm-up to the last. It
prints one JSON object: requests, errors (5xx and connection errors), the expected 4xx answers
to bad input, unexpected statuses, requests per second, latency and memory.

    .venv/bin/python benchmarks/soak.py --seconds 120
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import requests

# (kind, body) pairs; kind "bad" must get a 4xx, every other kind a 200. A "novel" question
# carries two made-up words, new each time (users misspell in endless ways): it goes through
# spelling correction and shows whether per-word caches grow without bound.
NOVEL = "novel"
GOOD: list[tuple[str, dict[str, Any] | None]] = [
    ("answered", {"question": "how many jobs in biomanufacturing"}),
    ("answered", {"question": "What share of Belgian exports are pharmaceutical?"}),
    ("answered", {"question": "Where is PDC Line Pharma based?"}),
    ("answered", {"question": "How many biotech companies are there in Belgium?"}),
    ("answered", {"question": "how many jobs in biomanufaturing"}),  # misspelt on purpose
    ("abstained", {"question": "What is the capital of Australia?"}),
    ("abstained", {"question": "Who won the football world cup in 1998?"}),
    (NOVEL, None),
    ("smalltalk", {"question": "hello"}),
    (
        "followup",
        {
            "question": "and in Flanders?",
            "history": [{"question": "how many jobs in biomanufacturing", "answer": "over 50,000"}],
        },
    ),
]
BAD: list[tuple[str, bytes]] = [
    ("bad", b""),
    ("bad", b'{"question": '),
    ("bad", b'{"question": ""}'),
    ("bad", b'{"question": 42}'),
    ("bad", b"{}"),
    ("bad", json.dumps({"question": "jobs " * 400}).encode()),  # over max_question_chars
    ("bad", json.dumps({"question": "jobs", "history": "no"}).encode()),
]
# The request cycle: each good request four times, one bad one after every four good ones
# (40 good and 10 bad in every 50 requests).
MIX: list[tuple[str, bytes]] = []
for _i in range(4 * len(GOOD)):
    _kind, _body = GOOD[_i % len(GOOD)]
    MIX.append((_kind, json.dumps(_body).encode() if _body is not None else b""))
    if _i % 4 == 3:
        MIX.append(BAD[(_i // 4) % len(BAD)])


GOOD_BODIES = [(kind, body) for kind, body in MIX if kind not in (NOVEL, "bad")]


def novel_question(rng: random.Random) -> bytes:
    def word() -> str:
        return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(6, 11)))

    return json.dumps({"question": f"how many {word()} {word()} are there in Wallonia?"}).encode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- memory of the server's process tree ------------------------------------------------------


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants."""
    try:
        import psutil

        try:
            root = psutil.Process(pid)
            return [pid, *(c.pid for c in root.children(recursive=True))]
        except psutil.Error:
            return []
    except ImportError:
        pass
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            parents.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(parents.get(p, []))
    return out


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in bytes; PSS is 0 where it cannot be read."""
    try:
        import psutil

        try:
            info = psutil.Process(pid).memory_full_info()
            return int(info.rss), int(getattr(info, "pss", 0))
        except psutil.Error:
            return 0, 0
    except ImportError:
        pass
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1]) * 1024
            elif line.startswith("Pss:"):
                pss = int(line.split()[1]) * 1024
    except OSError:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1]) * 1024
        except OSError:
            pass
    return rss, pss


def sample(master: int) -> dict[str, Any]:
    pids = sorted(_tree(master))
    per_pid = {pid: _memory(pid) for pid in pids}
    return {
        "t": time.monotonic(),
        "pids": pids,
        "rss": sum(r for r, _ in per_pid.values()),
        "pss": sum(p for _, p in per_pid.values()),
        "rss_by_pid": {pid: r for pid, (r, _) in per_pid.items()},
    }


# --- the run ----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=600, help="stop after this long (default 600)")
    parser.add_argument("--requests", type=int, default=100_000, help="or after this many (default 100000)")
    parser.add_argument("--threads", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    parser.add_argument(
        "--novel",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="include questions with made-up words, new each time (default: yes)",
    )
    parser.add_argument(
        "--reconnect-every",
        type=int,
        default=100,
        help="each client opens a new connection after this many requests (default 100)",
    )
    parser.add_argument("--sample-every", type=float, default=5.0, help="seconds between memory samples")
    parser.add_argument(
        "--warmup-seconds",
        type=float,
        default=15.0,
        help="seconds of load before the 'start' memory sample (default 15)",
    )
    args = parser.parse_args()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASKBIO_")}
    env["ASKBIO_RATE_LIMIT"] = "off"  # one client address drives all the load
    with tempfile.TemporaryDirectory(prefix="askbio-soak-") as tmp:
        subprocess.run(
            [sys.executable, "-m", "askbio", "-q", "--index-dir", tmp, "index"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,  # standard output is the JSON result only
        )
        log_path = Path(tmp) / "server.log"
        with log_path.open("w") as log:
            serve = ["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(args.workers)]
            server = subprocess.Popen(
                [sys.executable, "-m", "askbio", "-q", "--index-dir", tmp, *serve],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: the master and its workers
            )
        try:
            result = run(args, base, server)
        finally:
            try:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=5)
        server_errors = [
            line for line in log_path.read_text(errors="replace").splitlines() if "Traceback" in line
        ]
        result["server_log_tracebacks"] = len(server_errors)
    print(json.dumps(result))


def run(args: argparse.Namespace, base: str, server: subprocess.Popen[bytes]) -> dict[str, Any]:
    session = requests.Session()
    for _ in range(600):
        if server.poll() is not None:
            raise SystemExit(f"askbio serve exited with {server.returncode}")
        try:
            if session.get(base + "/api/health", timeout=1).status_code == 200:
                break
        except requests.ConnectionError:
            time.sleep(0.1)
    headers = {"Content-Type": "application/json"}
    session.close()

    lock = threading.Lock()
    stop = threading.Event()
    counts = {"requests": 0, "ok": 0, "bad_input_4xx": 0, "errors": 0, "unexpected": 0}
    kinds: dict[str, int] = {}
    error_samples: list[str] = []
    latencies: list[float] = []
    issued = 0

    def client(n: int) -> None:
        nonlocal issued
        rng = random.Random(n)  # the same made-up words on every run
        s = requests.Session()
        sent = 0
        while not stop.is_set():
            with lock:
                if issued >= args.requests:
                    stop.set()
                    break
                i = issued
                issued += 1
            # A new connection now and then: the kernel hands each new connection to one worker,
            # so a few long-lived keep-alive connections could all land on the same one.
            sent += 1
            if sent % args.reconnect_every == 0:
                s.close()
                s = requests.Session()
            kind, body = MIX[(i * 7 + n) % len(MIX)]
            if kind == NOVEL:
                if not args.novel:
                    kind, body = GOOD_BODIES[i % len(GOOD_BODIES)]
                else:
                    body = novel_question(rng)
            t0 = time.perf_counter()
            try:
                r = s.post(base + "/api/chat", data=body, headers=headers, timeout=30)
                status, error = r.status_code, ""
                if status == 200:
                    r.json()
            except (requests.RequestException, ValueError) as exc:
                status, error = 0, f"{type(exc).__name__}: {exc}"
            ms = (time.perf_counter() - t0) * 1000
            with lock:
                counts["requests"] += 1
                kinds[kind] = kinds.get(kind, 0) + 1
                latencies.append(ms)
                if status == 0 or status >= 500:
                    counts["errors"] += 1
                    if len(error_samples) < 10:
                        error_samples.append(error or f"HTTP {status}")
                elif kind == "bad":
                    counts["bad_input_4xx" if 400 <= status < 500 else "unexpected"] += 1
                elif status == 200:
                    counts["ok"] += 1
                else:
                    counts["unexpected"] += 1
                    if len(error_samples) < 10:
                        error_samples.append(f"{kind}: HTTP {status}")
        s.close()

    cold = sample(server.pid)  # loaded, before any question
    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(args.threads)]
    started = time.monotonic()
    for t in threads:
        t.start()
    deadline = started + args.seconds
    # Warm-up: every worker thread's caches and the allocator's arenas fill in the first seconds;
    # growth is measured from the first sample after it, under the same load.
    stop.wait(max(0.0, min(args.warmup_seconds, args.seconds / 4)))
    samples = [sample(server.pid)]
    while not stop.is_set() and time.monotonic() < deadline:
        stop.wait(min(args.sample_every, max(0.0, deadline - time.monotonic())))
        samples.append(sample(server.pid))
    stop.set()
    for t in threads:
        t.join(timeout=60)
    elapsed = time.monotonic() - started
    samples.append(sample(server.pid))

    mb = 1024 * 1024
    first, last = samples[0], samples[-1]
    worker_pids = {p for s in [cold, *samples] for p in s["pids"]}
    latencies.sort()

    def growth(key: str) -> float | None:
        return round(100.0 * (last[key] - first[key]) / first[key], 2) if first[key] else None

    def memory_summary(key: str) -> dict[str, float | None]:
        """MB before the load, at the first and last samples, the most, and the growth."""
        return {
            "before_load": round(cold[key] / mb, 1),
            "start": round(first[key] / mb, 1),
            "end": round(last[key] / mb, 1),
            "max": round(max(s[key] for s in samples) / mb, 1),
            "growth_percent": growth(key),
        }

    return {
        "benchmark": "soak",
        "seconds": round(elapsed, 1),
        "requests": counts["requests"],
        "rps": round(counts["requests"] / elapsed, 1),
        "ok": counts["ok"],
        "bad_input_4xx": counts["bad_input_4xx"],
        "errors": counts["errors"],
        "unexpected": counts["unexpected"],
        "error_samples": error_samples,
        "by_kind": kinds,
        "latency_ms": {
            "p50": round(statistics.median(latencies), 2) if latencies else None,
            "p99": round(latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))], 2)
            if latencies
            else None,
            "max": round(latencies[-1], 2) if latencies else None,
        },
        "server_alive": server.poll() is None,
        "processes_seen": len(worker_pids),  # master + workers; more would mean worker restarts
        "processes": len(last["pids"]),
        "rss_mb": memory_summary("rss"),
        "pss_mb": memory_summary("pss"),
        "rss_by_process_mb": {
            "start": [round(v / mb, 1) for v in first["rss_by_pid"].values()],
            "end": [round(v / mb, 1) for v in last["rss_by_pid"].values()],
        },
        "samples": len(samples),
        "sample_every_s": args.sample_every,
        "warmup_s": round(samples[0]["t"] - started, 1),
        "rss_series_mb": [round(s["rss"] / mb, 1) for s in samples],
        "novel": args.novel,
        "threads": args.threads,
        "workers": args.workers,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }


if __name__ == "__main__":
    main()
