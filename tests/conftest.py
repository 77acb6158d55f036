from __future__ import annotations

from pathlib import Path

import pytest

from askbio.engine import Engine, default_corpus_dir
from askbio.settings import Config

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test writes to the real user cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))
    for name in ("ASKBIO_CORPUS", "ASKBIO_INDEX_DIR", "ASKBIO_TOP_K", "ASKBIO_MIN_CONFIDENCE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def seed_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """An engine over the bundled corpus, its index built once for the session."""
    engine = Engine(Config(index_dir=tmp_path_factory.mktemp("seed-index")))
    engine.load()
    return engine


@pytest.fixture()
def make_corpus(tmp_path: Path):
    """Write a small corpus: make_corpus({"name.txt": "text", ...}) -> folder."""

    def make(files: dict[str, str | bytes]) -> Path:
        folder = tmp_path / "corpus"
        folder.mkdir(exist_ok=True)
        for name, content in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return folder

    return make


TINY = {
    "vaccines.md": (
        "---\ntitle: Vaccines in Flanders\npublisher: Test Office\nurl: https://example.org/vaccines\n---\n"
        "# Vaccines in Flanders\n\nFlanders hosts 12 vaccine plants. The plants employ 4,200 people.\n\n"
        "## Exports\n\nVaccine exports reached EUR 7.5 billion in 2023.\n"
    ),
    "trials.txt": (
        "Clinical trials in Ghent\n\nGhent runs 300 clinical trials a year. Dr. Peeters leads the "
        "largest one, e.g. the NCT01234567 study of a lung cancer drug.\n"
    ),
    "page.html": (
        "<html><head><title>Brussels biotech</title><meta property='og:site_name' content='Brussels Office'>"
        "<style>p{color:red}</style><script>var secret = 'do not index';</script></head><body>"
        "<nav>Home | About</nav><h1>Brussels biotech</h1><p>Brussels counts 90 biotech firms.</p>"
        "<p>Their revenue grew by 8&nbsp;% in 2023.</p><footer>Cookie settings</footer></body></html>"
    ),
}


@pytest.fixture()
def make_engine(make_corpus, tmp_path: Path):
    """An engine over a small corpus: make_engine({"name.txt": "text", ...}) -> Engine."""

    def make(files: dict[str, str | bytes]) -> Engine:
        return Engine(Config(corpus=make_corpus(files), index_dir=tmp_path / "index"))

    return make


def corpus_default() -> Path:
    return default_corpus_dir()


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(*args: str, env: dict[str, str] | None = None, timeout: float = 60.0, stderr=None):
    """Start `askbio serve` in a subprocess on a free loopback port; return (process, base URL).
    Its standard error is a pipe, or the open file `stderr`."""
    import os
    import subprocess
    import sys
    import time
    import urllib.request

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "askbio", *args, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE if stderr is None else stderr,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"askbio serve exited: {process.stderr.read() if process.stderr else ''}")
        try:
            with urllib.request.urlopen(base + "/api/health", timeout=2) as response:
                if response.status == 200:
                    return process, base
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("askbio serve did not start in time")


def stop_server(process) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except Exception:
        process.kill()
    if process.stderr:
        process.stderr.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory):
    """A real `askbio serve` (gunicorn) over the bundled corpus; yields its base URL."""
    index_dir = tmp_path_factory.mktemp("live-index")
    process, base = start_server(
        "--index-dir",
        str(index_dir),
        env={
            "ASKBIO_WORKERS": "2",
            "ASKBIO_CORS_ORIGINS": "https://allowed.example",
            "ASKBIO_RATE_LIMIT": "10000/minute",
        },
    )
    yield base
    stop_server(process)
