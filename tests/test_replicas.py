"""Two `askbio serve` replicas behind nginx, sharing one index folder and one Redis.

Shows that (1) killing one replica mid-load loses no request (nginx retries it on the other) and
(2) the per-client rate limit is counted once across replicas (counters in Redis). Everything is
bound to 127.0.0.1 on free ports and runs from a temporary folder; every process started here is
stopped at the end, whatever happens.

Needs the `nginx` and `redis-server` binaries (Debian packages of the same names, which
scripts/test.sh installs when run as root). Without them the module is skipped, unless the
environment variable CI is set, in which case it fails.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from conftest import free_port


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for folder in ("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"):
        path = Path(folder) / name
        if os.access(path, os.X_OK):
            return str(path)
    return None


NGINX = _binary("nginx")
REDIS = _binary("redis-server")
MISSING = [name for name, path in (("nginx", NGINX), ("redis-server", REDIS)) if path is None]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        bool(MISSING) and not os.environ.get("CI"),
        reason=f"needs {' and '.join(MISSING)} (Debian packages; CI installs them)",
    ),
]

ANSWERED = [
    "how many jobs in biomanufacturing",
    "What share of Belgian exports are pharmaceutical?",
    "Where is PDC Line Pharma based?",
    "How many biotech companies are there in Belgium?",
]
ABSTAINED = ["What is the capital of Australia?"]
UPSTREAM_HEADER = "X-Askbio-Upstream"  # added by the test's nginx: which replica(s) answered


def _require_binaries() -> None:
    if MISSING:  # only reached with CI set: there the test must run
        pytest.fail(
            f"{' and '.join(MISSING)} not installed (scripts/test.sh installs nginx and redis-server as root)"
        )


def _clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without any ASKBIO_* setting, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASKBIO_")}
    env.update(extra)
    return env


def _kill_group(process: subprocess.Popen[bytes], sig: int = signal.SIGKILL) -> None:
    """Signal the process group `process` leads (it was started in a new session)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)


def _exited(process: subprocess.Popen[bytes]) -> bool:
    """Whether the process has exited, without reaping it: until it is reaped, its pid (and so
    its process group id) cannot be given to another process."""
    if process.returncode is not None:
        return True
    try:
        return os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a process started here and everything it forked: SIGTERM, then SIGKILL."""
    if process.returncode is None:  # not reaped: the group id is still this process's
        if not _exited(process):
            _kill_group(process, signal.SIGTERM)
            deadline = time.monotonic() + 10
            while not _exited(process) and time.monotonic() < deadline:
                time.sleep(0.05)
        _kill_group(process, signal.SIGKILL)  # whatever is left of the group
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _wait_http(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited ({process.returncode}):\n{_tail(log)}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s:\n{_tail(log)}")


@dataclass
class Replica:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Cluster:
    url: str  # nginx
    replicas: list[Replica]
    nginx_log: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)


NGINX_CONF = """\
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    # Bodies and answers stay in memory: no temporary files (nginx's workers may run as nobody).
    client_max_body_size 64k;
    client_body_buffer_size 64k;
    proxy_max_temp_file_size 0;

    upstream askbio {{
{servers}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://askbio;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_connect_timeout 1s;
            proxy_send_timeout 10s;
            proxy_read_timeout 10s;
            proxy_next_upstream error timeout http_502 http_503 non_idempotent;
            proxy_next_upstream_tries 2;
            proxy_next_upstream_timeout 10s;
            add_header {header} $upstream_addr always;
        }}
    }}
}}
"""


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("replicas")


@pytest.fixture(scope="module")
def index_dir(workdir: Path) -> Path:
    """One index, built once by `askbio index`, read by every replica."""
    _require_binaries()
    folder = workdir / "index"
    subprocess.run(
        [sys.executable, "-m", "askbio", "-q", "--index-dir", str(folder), "index"],
        env=_clean_env(),
        check=True,
        capture_output=True,
        timeout=120,
    )
    return folder


@pytest.fixture(scope="module")
def redis_port(workdir: Path) -> Iterator[int]:
    _require_binaries()
    import redis

    assert REDIS is not None
    port = free_port()
    folder = workdir / "redis"
    folder.mkdir()
    log = folder / "redis.log"
    with log.open("w") as out:
        options = ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"]
        process = subprocess.Popen(
            [REDIS, "--port", str(port), "--dir", str(folder), *options],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=2)
        deadline = time.monotonic() + 20
        while True:
            try:
                client.ping()
                break
            except redis.RedisError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not start:\n{_tail(log)}") from None
                time.sleep(0.05)
        client.close()
        yield port
    finally:
        _stop(process)


@pytest.fixture()
def start_cluster(workdir: Path, index_dir: Path, redis_port: int) -> Iterator[Callable[[str], Cluster]]:
    """start_cluster(rate_limit) -> two replicas (2 workers each) and nginx in front of them."""
    started: list[subprocess.Popen[bytes]] = []

    def start(rate_limit: str) -> Cluster:
        folder = Path(tempfile.mkdtemp(prefix="cluster", dir=workdir))
        env = _clean_env(
            ASKBIO_RATE_LIMIT=rate_limit,
            ASKBIO_RATE_LIMIT_STORAGE=f"redis://127.0.0.1:{redis_port}",
            ASKBIO_PROXIES="1",
            ASKBIO_WORKERS="2",
        )
        replicas = []
        for n in range(2):
            port = free_port()
            log = folder / f"replica{n}.log"
            with log.open("w") as out:
                serve = ["serve", "--host", "127.0.0.1", "--port", str(port), "--threads", "4"]
                process = subprocess.Popen(
                    [sys.executable, "-m", "askbio", "--index-dir", str(index_dir), *serve],
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its own process group: master and workers die together
                )
            started.append(process)
            replicas.append(Replica(process, port, log))
        for replica in replicas:  # both start at once; wait for each
            _wait_http(replica.url + "/api/health", replica.process, replica.log)

        assert NGINX is not None
        port = free_port()
        servers = "\n".join(
            f"        server 127.0.0.1:{r.port} max_fails=1 fail_timeout=10s;" for r in replicas
        )
        conf = folder / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(prefix=folder, servers=servers, port=port, header=UPSTREAM_HEADER),
            encoding="utf-8",
        )
        nginx_log = folder / "error.log"
        process = subprocess.Popen(
            [NGINX, "-e", str(nginx_log), "-p", str(folder), "-c", str(conf), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        started.append(process)
        url = f"http://127.0.0.1:{port}"
        _wait_http(url + "/api/health", process, nginx_log, timeout=20)
        return Cluster(url, replicas, nginx_log, [*(r.process for r in replicas), process])

    try:
        yield start
    finally:
        for process in reversed(started):
            _stop(process)


def _upstream_ports(response: requests.Response) -> list[int]:
    """The replica ports nginx tried for this response, in order (more than one: a retry)."""
    value = response.headers.get(UPSTREAM_HEADER, "")
    return [int(part.rsplit(":", 1)[1]) for part in value.split(",") if ":" in part]


@dataclass
class Outcome:
    status: int  # the HTTP status, or 0 for a connection error
    started: float
    finished: float
    upstreams: list[int]  # the replica ports nginx tried, in order
    error: str = ""


def _kill_under_load(cluster: Cluster) -> tuple[list[Outcome], dict[str, float], float]:
    """600 questions from 4 clients while the first replica is frozen, then killed."""
    victim = cluster.replicas[0]
    total, threads, time_limit, kill_after = 600, 4, 30.0, 150

    lock = threading.Lock()
    outcomes: list[Outcome] = []
    events: dict[str, float] = {}
    issued = 0
    deadline = time.monotonic() + time_limit

    def client(n: int) -> None:
        nonlocal issued
        questions = ANSWERED + ABSTAINED
        with requests.Session() as session:
            while time.monotonic() < deadline:
                with lock:
                    if issued >= total:
                        return
                    i = issued
                    issued += 1
                started = time.monotonic()
                try:
                    r = session.post(
                        cluster.url + "/api/chat",
                        json={"question": questions[(i + n) % len(questions)]},
                        timeout=15,
                    )
                    status = r.status_code
                    if status == 200 and "answer" not in r.json():
                        status = -200  # a 200 that is not an answer
                    outcome = Outcome(status, started, time.monotonic(), _upstream_ports(r))
                except (requests.RequestException, ValueError) as exc:
                    outcome = Outcome(0, started, time.monotonic(), [], f"{type(exc).__name__}: {exc}")
                with lock:
                    outcomes.append(outcome)

    def killer() -> None:
        while time.monotonic() < deadline:
            with lock:
                done = len(outcomes)
            if done >= kill_after:
                # Freeze the victim first so that it surely holds requests when it dies (nginx keeps
                # sending it its share meanwhile), then SIGKILL its master and workers at once.
                events["stopped"] = time.monotonic()
                _kill_group(victim.process, signal.SIGSTOP)
                time.sleep(0.5)
                _kill_group(victim.process, signal.SIGKILL)
                events["killed"] = time.monotonic()
                return
            time.sleep(0.005)

    workers = [threading.Thread(target=client, args=(n,)) for n in range(threads)]
    workers.append(threading.Thread(target=killer))
    began = time.monotonic()
    for t in workers:
        t.start()
    for t in workers:
        t.join(timeout=time_limit + 30)
    elapsed = time.monotonic() - began

    return outcomes, events, elapsed


def test_killing_a_replica_under_load_loses_no_request(start_cluster):
    for attempt in range(3):
        cluster = start_cluster("100000/minute")  # one client address (nginx's): keep this phase unlimited
        victim, survivor = cluster.replicas
        outcomes, events, elapsed = _kill_under_load(cluster)
        failures = [o for o in outcomes if o.status != 200]
        # The one known way to lose a request (docs/reliability.md): the freeze fell between
        # gunicorn's header and body writes. Rare; seen again, it is tried on a new cluster.
        if failures and attempt < 2 and all("IncompleteRead" in o.error for o in failures):
            print(f"\nattempt {attempt + 1}: {len(failures)} truncated response(s); trying again")
            continue
        break
    assert "killed" in events, f"the load ended before the kill ({len(outcomes)} requests in {elapsed:.1f} s)"
    assert victim.process.wait(timeout=10) == -signal.SIGKILL
    assert not failures, (
        f"{len(failures)} of {len(outcomes)} requests failed, e.g. {failures[:5]}\n"
        f"nginx:\n{_tail(cluster.nginx_log)}"
    )
    before = [o for o in outcomes if o.finished < events["stopped"]]
    in_flight = [o for o in outcomes if o.started < events["killed"] < o.finished]
    after = [o for o in outcomes if o.started > events["killed"]]
    # All 600 unless the machine is very slow; a good share of them after the kill.
    assert len(outcomes) >= 400 and len(after) >= 100, (len(outcomes), len(after), elapsed)
    # Both replicas answered before the kill; the requests the victim held when it died were
    # sent again to the survivor by nginx and answered.
    assert {o.upstreams[-1] for o in before} == {victim.port, survivor.port}
    assert in_flight and any(o.upstreams == [victim.port, survivor.port] for o in in_flight), in_flight
    assert all(o.upstreams[-1] == survivor.port for o in after)
    retried = sum(len(o.upstreams) > 1 for o in outcomes)
    print(
        f"\n{len(outcomes)} requests in {elapsed:.1f} s, all 200: {len(before)} before the kill, "
        f"{len(in_flight)} in flight across it, {len(after)} after; {retried} retried by nginx"
    )

    # The victim is gone; the survivor answers directly and through nginx.
    with pytest.raises(requests.ConnectionError):
        requests.get(victim.url + "/api/health", timeout=2)
    assert requests.get(survivor.url + "/api/health", timeout=5).status_code == 200
    for question in ANSWERED:
        r = requests.post(cluster.url + "/api/chat", json={"question": question}, timeout=10)
        assert r.status_code == 200 and not r.json()["abstained"], r.text
        assert _upstream_ports(r)[-1] == survivor.port


def test_the_rate_limit_is_shared_between_replicas(start_cluster, redis_port):
    import redis

    cluster = start_cluster("5/minute")
    ports = {r.port for r in cluster.replicas}
    responses = []
    with requests.Session() as session:
        for _ in range(6):
            responses.append(
                session.post(cluster.url + "/api/chat", json={"question": ANSWERED[0]}, timeout=10)
            )
        # A client-supplied X-Forwarded-For does not make a new client: with ASKBIO_PROXIES=1
        # only the address nginx appended is trusted.
        spoofed = session.post(
            cluster.url + "/api/chat",
            json={"question": ANSWERED[0]},
            headers={"X-Forwarded-For": "203.0.113.7"},
            timeout=10,
        )
    statuses = [r.status_code for r in responses]
    served_by = [_upstream_ports(r)[-1] for r in responses]
    # Per-replica counters would allow 5 per replica (the 11th request would be the first 429).
    assert statuses == [200, 200, 200, 200, 200, 429], (statuses, served_by)
    assert set(served_by[:5]) == ports, served_by  # nginx spread the five over both replicas
    assert [r.headers.get("X-RateLimit-Remaining") for r in responses[:5]] == ["4", "3", "2", "1", "0"]
    limited = responses[5].json()
    assert limited["error"]["code"] == "rate_limited" and responses[5].headers["Retry-After"]
    assert spoofed.status_code == 429 and spoofed.json()["error"]["code"] == "rate_limited"
    assert {served_by[5], _upstream_ports(spoofed)[-1]} == ports  # both replicas refuse the client
    # The counters are in Redis.
    client = redis.Redis(host="127.0.0.1", port=redis_port, socket_timeout=2)
    try:
        keys: list[bytes] = client.keys("*")  # type: ignore[assignment]
        assert any(b"askbio" in key for key in keys), keys
    finally:
        client.close()
