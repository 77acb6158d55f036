"""The built wheel carries what an installed askbio needs: the corpus and the widget."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_bundles_the_corpus_and_the_widget(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    wheel = next(tmp_path.glob("askbio-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (ROOT / "corpus").iterdir():
        assert f"askbio/corpus/{path.name}" in names
    for name in ("widget.js", "widget.css", "index.html", "demo.css"):
        assert f"askbio/web/{name}" in names
    assert "askbio/py.typed" in names
    assert any(n.endswith("entry_points.txt") for n in names)


def test_installed_layout_finds_the_packaged_corpus_and_widget(tmp_path, monkeypatch):
    """Outside a checkout, the corpus and web folders inside the package are used."""
    import askbio.engine
    import askbio.web

    fake_module = tmp_path / "site-packages" / "askbio" / "engine.py"
    fake_module.parent.mkdir(parents=True)
    monkeypatch.setattr(askbio.engine, "__file__", str(fake_module))
    monkeypatch.setattr(askbio.web, "__file__", str(fake_module.parent / "web.py"))
    assert askbio.engine.default_corpus_dir() == fake_module.parent / "corpus"
    assert askbio.web.web_dir() == fake_module.parent / "web"
