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


def corpus_default() -> Path:
    return default_corpus_dir()
