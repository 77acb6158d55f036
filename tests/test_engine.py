import json
import logging
import os
from pathlib import Path

import numpy as np
import pytest

from askbio import store
from askbio.engine import Engine
from askbio.settings import Config
from conftest import TINY


def engine_for(folder: Path, index_dir: Path) -> Engine:
    return Engine(Config(corpus=folder, index_dir=index_dir))


def test_index_is_saved_as_json_and_numpy_and_reloaded(make_corpus, tmp_path):
    folder = make_corpus(TINY)
    first = engine_for(folder, tmp_path / "idx")
    built = first.build()
    version = store.current_version(tmp_path / "idx")
    files = {p.name for p in (tmp_path / "idx" / version).iterdir()}
    assert {"manifest.json", "passages.jsonl", "indices.npy", "tf.npy", "tfidf_norms.npy"} <= files
    assert not any(name.endswith((".pkl", ".pickle")) for name in files)
    assert {"head_tf.npy", "head_len.npy"} <= files  # TINY has headings: BM25 weighs them as a field
    second = engine_for(folder, tmp_path / "idx")
    loaded = second.load()
    assert loaded.version == built.version  # reused, not rebuilt
    assert loaded.bm25.fields_ == built.bm25.fields_ is not None
    size = len(built.bm25.weights_)
    assert np.array_equal(loaded.bm25.weights_[0:size], built.bm25.weights_)
    assert (
        second.ask("How many vaccine plants are in Flanders?").answer
        == first.ask("How many vaccine plants are in Flanders?").answer
    )


def test_a_changed_corpus_triggers_a_rebuild(make_corpus, tmp_path, caplog):
    folder = make_corpus(TINY)
    engine_for(folder, tmp_path / "idx").build()
    (folder / "new.txt").write_text("Antwerp has 17 chemical plants making vaccines.\n", encoding="utf-8")
    engine = engine_for(folder, tmp_path / "idx")
    with caplog.at_level(logging.INFO, logger="askbio"):
        answer = engine.ask("How many chemical plants does Antwerp have?")
    assert "17" in answer.answer
    assert "corpus changed" in caplog.text


def test_an_edit_with_the_same_size_and_mtime_is_not_missed_after_a_touch(make_corpus, tmp_path):
    folder = make_corpus(TINY)
    engine_for(folder, tmp_path / "idx").build()
    path = folder / "trials.txt"
    text = path.read_text(encoding="utf-8").replace("300", "301")
    stat = path.stat()
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert (
        "301" in engine_for(folder, tmp_path / "idx").ask("How many clinical trials does Ghent run?").answer
    )


@pytest.mark.parametrize("damage", ["truncate", "garbage", "delete", "manifest"])
def test_a_damaged_index_is_reported_and_rebuilt(make_corpus, tmp_path, caplog, damage):
    folder = make_corpus(TINY)
    engine_for(folder, tmp_path / "idx").build()
    version_dir = tmp_path / "idx" / store.current_version(tmp_path / "idx")
    target = version_dir / ("manifest.json" if damage == "manifest" else "tf.npy")
    if damage == "truncate":
        target.write_bytes(target.read_bytes()[:40])
    elif damage == "garbage":
        data = bytearray(target.read_bytes())
        data[-4:] = b"\xff\xff\xff\x7f"
        target.write_bytes(bytes(data))
    elif damage == "delete":
        target.unlink()
    else:
        target.write_text("{not json", encoding="utf-8")
    engine = engine_for(folder, tmp_path / "idx")
    with caplog.at_level(logging.WARNING, logger="askbio"):
        answer = engine.ask("How many vaccine plants are in Flanders?")
    assert "12" in answer.answer
    assert "rebuilding" in caplog.text
    assert store.load(tmp_path / "idx") is not None  # the rebuilt index is sound


def test_index_built_by_other_code_is_rebuilt(make_corpus, tmp_path):
    folder = make_corpus(TINY)
    engine_for(folder, tmp_path / "idx").build()
    before = store.current_version(tmp_path / "idx")
    manifest_path = tmp_path / "idx" / before / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["code"] = "something-else"
    manifest_path.write_text(json.dumps(manifest))
    assert engine_for(folder, tmp_path / "idx").load().version != before
    assert store.read_manifest(tmp_path / "idx")["code"] == store.build_code_hash()


@pytest.mark.slow
def test_the_code_hash_covers_the_modules_the_store_imports_and_no_others(tmp_path):
    """An edit to the analyser (imported by the store through the index) makes saved indexes
    stale; an edit to answer composition (which the store does not import) does not."""
    import shutil
    import subprocess
    import sys

    source = Path(store.__file__).parent

    def code_hash(edited: str | None) -> str:
        copy = tmp_path / (edited or "none") / "askbio"
        shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__"))
        if edited:
            (copy / edited).write_text((copy / edited).read_text() + "\n# an edit\n")
        program = "from askbio.store import build_code_hash; print(build_code_hash())"
        env = {**os.environ, "PYTHONPATH": str(copy.parent)}
        return subprocess.run(
            [sys.executable, "-c", program], env=env, capture_output=True, text=True, check=True
        ).stdout.strip()

    unchanged = code_hash(None)
    assert unchanged == store.build_code_hash()
    assert code_hash("text.py") != unchanged
    assert code_hash("lexicon.py") != unchanged
    assert code_hash("sources.py") != unchanged  # imported as "from askbio import sources"
    assert code_hash("answer.py") == unchanged


def test_info_reports_counts(seed_engine):
    info = seed_engine.info()
    assert info["documents"] == 2 and info["passages"] > 10 and info["index_version"]


@pytest.mark.slow
def test_answering_from_a_saved_index_imports_neither_nltk_nor_scikit_learn(tmp_path):
    import subprocess
    import sys

    index_dir = tmp_path / "idx"
    subprocess.run(
        [sys.executable, "-m", "askbio", "--index-dir", str(index_dir), "index"],
        check=True,
        capture_output=True,
    )
    code = (
        "import sys; from askbio.cli import main; index = sys.argv[1]\n"
        # everyday words side by side ("plants nowadays") are not stemmed as one word, nor the
        # words of a link's path
        "for q in ('How many people are employed in biomanufacturing plants nowadays?',\n"
        '          "what\'s the website for the press release"):\n'
        "    sys.argv = ['askbio', '--index-dir', index, q]\n"
        "    try:\n        main()\n    except SystemExit:\n        pass\n"
        "heavy = [m for m in ('nltk', 'sklearn', 'wordfreq', 'scipy') if m in sys.modules]\n"
        "print('HEAVY', heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(index_dir)], capture_output=True, text=True, check=True
    )
    assert "50,000" in out.stdout
    assert "HEAVY []" in out.stdout


def test_a_loaded_engine_follows_an_index_rebuilt_elsewhere(make_corpus, tmp_path, monkeypatch):
    import askbio.engine

    monkeypatch.setattr(askbio.engine, "RELOAD_CHECK_SECONDS", 0.0)
    folder = make_corpus(TINY)
    serving = engine_for(folder, tmp_path / "idx")
    assert "12" in serving.ask("How many vaccine plants are in Flanders?").answer
    (folder / "vaccines.md").write_text("Flanders hosts 14 vaccine plants.\n", encoding="utf-8")
    engine_for(folder, tmp_path / "idx").build()  # another process rebuilding
    assert "14" in serving.ask("How many vaccine plants are in Flanders?").answer


def test_a_damaged_new_index_is_not_followed(make_corpus, tmp_path, monkeypatch, caplog):
    import askbio.engine

    monkeypatch.setattr(askbio.engine, "RELOAD_CHECK_SECONDS", 0.0)
    folder = make_corpus(TINY)
    serving = engine_for(folder, tmp_path / "idx")
    old = serving.load().version
    (folder / "vaccines.md").write_text("Flanders hosts 14 vaccine plants.\n", encoding="utf-8")
    engine_for(folder, tmp_path / "idx").build()
    new_dir = tmp_path / "idx" / store.current_version(tmp_path / "idx")
    (new_dir / "passages.jsonl").write_text("[]\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="askbio"):
        answer = serving.ask("How many vaccine plants are in Flanders?")
    assert serving.load().version == old and "12" in answer.answer
    assert "cannot be used" in caplog.text


@pytest.mark.slow
def test_killing_askbio_index_at_any_moment_leaves_the_previous_index_in_service(make_corpus, tmp_path):
    import random
    import signal
    import subprocess
    import sys
    import time

    folder = make_corpus(TINY)
    index_dir = tmp_path / "idx"
    engine_for(folder, index_dir).build()
    rng = random.Random(5)
    for attempt in range(8):
        (folder / "vaccines.md").write_text(
            f"Flanders hosts {20 + attempt} vaccine plants.\n", encoding="utf-8"
        )
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "askbio",
                "-q",
                "--corpus",
                str(folder),
                "--index-dir",
                str(index_dir),
                "index",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.05, 2.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        bundle = store.load(index_dir)  # whatever moment it died at, a sound index is current
        assert bundle is not None and bundle.passages
    answer = engine_for(folder, index_dir).ask("How many vaccine plants are in Flanders?")
    assert "27" in answer.answer  # and the next reader is never answered from a stale index


def test_repeated_questions_are_answered_from_the_cache_until_the_index_changes(
    make_corpus, tmp_path, monkeypatch
):
    import askbio.engine

    monkeypatch.setattr(askbio.engine, "RELOAD_CHECK_SECONDS", 0.0)
    folder = make_corpus(TINY)
    engine = engine_for(folder, tmp_path / "idx")
    first = engine.ask("How many vaccine plants are in Flanders?")
    assert engine.ask("How many vaccine plants are in Flanders?") is first
    (folder / "vaccines.md").write_text("Flanders hosts 15 vaccine plants.\n", encoding="utf-8")
    engine_for(folder, tmp_path / "idx").build()
    assert "15" in engine.ask("How many vaccine plants are in Flanders?").answer


def test_build_reports_progress_while_it_analyses(make_corpus, tmp_path, monkeypatch):
    from askbio.text import Analyzer

    monkeypatch.setattr(Analyzer, "ID_BATCH", 2)  # report after every 2 passages
    folder = make_corpus(TINY)
    calls: list[tuple[str, int, int]] = []
    bundle = engine_for(folder, tmp_path / "idx").build(progress=lambda *call: calls.append(call))
    n = len(bundle.passages)
    indexing = [(done, total) for stage, done, total in calls if stage == "indexing"]
    assert n > 2
    done = [d for d, _ in indexing]
    assert done[0] == 2 and done == sorted(done)  # reported along the way, not only at the end
    assert indexing[-1] == (n, n) and all(total == n for _, total in indexing)


def test_a_question_is_still_answered_when_the_index_cannot_be_saved(
    make_corpus, tmp_path, monkeypatch, caplog
):
    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    engine = engine_for(make_corpus(TINY), tmp_path / "idx")
    with caplog.at_level(logging.WARNING, logger="askbio"):
        answer = engine.ask("How many vaccine plants are in Flanders?")
    assert "12" in answer.answer
    assert "could not save the index" in caplog.text and "answering from memory" in caplog.text


def test_a_file_outside_the_corpus_is_quoted_only_when_links_may_be_followed(make_corpus, tmp_path):
    folder = make_corpus(TINY)
    outside = tmp_path / "secret.txt"
    outside.write_text("Namur hosts 77 secret laboratories.\n", encoding="utf-8")
    (folder / "secret.txt").symlink_to(outside)
    question = "How many secret laboratories does Namur host?"
    assert "77" not in engine_for(folder, tmp_path / "idx").ask(question).answer
    following = Engine(Config(corpus=folder, index_dir=tmp_path / "idx", follow_symlinks=True))
    assert "77" in following.ask(question).answer  # the changed setting made the index stale
