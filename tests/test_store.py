"""Saving and loading an index: what is saved comes back equal, a new version replaces the old
one atomically, and damage or another version's index is refused."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from askbio import store
from askbio.engine import Engine
from askbio.errors import IndexFileError
from askbio.settings import Config
from conftest import TINY


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> store.IndexBundle:
    """The index of the tiny corpus (headings, so BM25F arrays too; a synonyms file)."""
    folder = tmp_path_factory.mktemp("corpus")
    for name, text in {**TINY, "synonyms.txt": "plants, factories\n"}.items():
        (folder / name).write_text(text, encoding="utf-8")
    return Engine(Config(corpus=folder, index_dir=tmp_path_factory.mktemp("index"))).build()


@pytest.fixture(scope="module")
def saved(built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder `built` was saved in (tests that change it work on a copy)."""
    index_dir = tmp_path_factory.mktemp("saved")
    store.save(built, index_dir)
    return index_dir


@pytest.fixture()
def copy(saved, tmp_path) -> Path:
    return Path(shutil.copytree(saved, tmp_path / "index"))


def versions(index_dir: Path) -> list[str]:
    return sorted(p.name for p in index_dir.iterdir() if p.is_dir())


QUESTIONS = [["vaccin", "plant"], ["ghent", "trial", "trial"], ["brussel", "biotech", "revenu"], ["nowher"]]


def test_save_then_load_gives_back_the_same_index(built, saved):
    loaded = store.load(saved)
    assert loaded is not None
    assert loaded.version == store.current_version(saved) == versions(saved)[0]
    assert loaded.documents == built.documents
    assert list(loaded.passages) == list(built.passages)
    for name in ("stems", "english", "synonyms", "fingerprint", "file_states", "skipped"):
        assert getattr(loaded, name) == getattr(built, name), name
    assert built.synonyms and built.postings.head_tf is not None  # both are exercised

    before, after = built.postings, loaded.postings
    assert after.vocabulary == before.vocabulary
    for name in ("indptr", "indices", "tf", "passage_len", "head_tf", "head_len"):
        assert np.array_equal(getattr(after, name), getattr(before, name)), name

    for index in ("bm25", "tfidf"):
        old, new = getattr(built, index), getattr(loaded, index)
        assert new.params() == old.params()
        assert np.array_equal(new.idf_, old.idf_), index
        # The loaded weights are worked out from the saved term frequencies.
        assert np.array_equal(new.weights_[0 : len(old.weights_)], old.weights_), index
    assert np.array_equal(loaded.tfidf.norms_, built.tfidf.norms_)
    assert (loaded.bm25.avg_len_, loaded.bm25.fields_) == (built.bm25.avg_len_, built.bm25.fields_)

    for terms in QUESTIONS:
        assert np.array_equal(loaded.bm25.scores(terms), built.bm25.scores(terms)), terms
        assert np.array_equal(loaded.tfidf.scores(terms), built.tfidf.scores(terms)), terms
    assert loaded.bm25.scores(QUESTIONS[0]).max() > 0  # the questions do match something


def test_loaded_passages_are_read_on_demand_and_equal_the_built_ones(built, saved):
    passages = store.load(saved).passages
    assert isinstance(passages, Sequence) and not isinstance(passages, list)
    assert len(passages) == len(built.passages) > 1
    for i, passage in enumerate(built.passages):
        assert passages[i] == passage
    assert passages[-1] == built.passages[-1]
    assert passages[1:3] == list(built.passages[1:3])
    with pytest.raises(IndexError):
        passages[len(passages)]


def test_a_new_version_is_complete_before_the_pointer_switches_to_it(built, copy, monkeypatch):
    tmp_path = copy
    first = store.current_version(tmp_path)
    replace = os.replace
    switched: list[str] = []

    def checked_replace(src, dst):
        if Path(dst).name == store.POINTER:
            new = Path(src).read_text(encoding="utf-8").strip()
            assert store.current_version(tmp_path) == first  # readers still get the old one
            manifest = store.read_manifest(tmp_path, new)
            assert all((tmp_path / new / name).is_file() for name in manifest["files"])
            switched.append(new)
        replace(src, dst)

    monkeypatch.setattr(os, "replace", checked_replace)
    second = store.save(built, tmp_path)
    monkeypatch.undo()
    assert switched == [second] and second != first
    assert store.current_version(tmp_path) == second
    assert versions(tmp_path) == [second]  # the old version is gone, no temporary folder left
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([second, store.POINTER, store.LOCK])


@pytest.mark.parametrize("failing", ["version folder", "pointer"])
def test_a_failed_save_leaves_the_previous_index_in_service(built, copy, monkeypatch, failing):
    tmp_path = copy
    before = store.current_version(tmp_path)
    replace = os.replace

    def full_disk(src, dst):
        if (Path(dst).name == store.POINTER) == (failing == "pointer"):
            raise OSError(28, "No space left on device")
        replace(src, dst)

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError):
        store.save(built, tmp_path)
    monkeypatch.undo()
    assert store.current_version(tmp_path) == before
    assert store.load(tmp_path).version == before
    assert not [name for name in versions(tmp_path) if name.startswith(".tmp-")]


def test_builders_saving_together_never_leave_current_naming_a_removed_version(built, copy, monkeypatch):
    """The first builder stops between its pointer switch and its cleanup while a second one
    saves: without the lock, the first one's cleanup removed the version the second made current."""
    import threading

    paused, resume, waiting = threading.Event(), threading.Event(), threading.Event()
    remove, log = store._remove_old_versions, store.log
    cleanups: list[str] = []

    def pausing_remove(index_dir, keep):
        cleanups.append(keep)
        if len(cleanups) == 1:
            paused.set()
            resume.wait(10)
        remove(index_dir, keep)

    class Log:
        def warning(self, message, *args):
            waiting.set()
            log.warning(message, *args)

    monkeypatch.setattr(store, "_remove_old_versions", pausing_remove)
    monkeypatch.setattr(store, "log", Log())
    saved: dict[str, str] = {}
    errors: list[BaseException] = []

    def builder(name: str) -> None:
        try:
            saved[name] = store.save(built, copy)
        except BaseException as exc:
            errors.append(exc)

    first = threading.Thread(target=builder, args=("first",))
    first.start()
    assert paused.wait(10)
    second = threading.Thread(target=builder, args=("second",))
    second.start()
    said_so = waiting.wait(3)  # the second builder waits for the lock and says so
    resume.set()
    first.join(10)
    second.join(10)
    assert not errors
    current = store.current_version(copy)
    assert (copy / current).is_dir(), "CURRENT names a removed version"
    assert store.load(copy).version == current == saved["second"]
    assert versions(copy) == [current]
    assert said_so


def test_a_builder_that_cannot_get_the_lock_gives_up_clearly(built, copy, monkeypatch):
    import fcntl

    before = store.current_version(copy)
    monkeypatch.setattr(store, "LOCK_TIMEOUT", 0.2)
    with (copy / store.LOCK).open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(IndexFileError) as caught:
            store.save(built, copy)
    assert caught.value.code == "index_locked" and "another askbio" in caught.value.message
    assert store.current_version(copy) == before and versions(copy) == [before]


def test_a_damaged_file_is_detected(copy):
    tmp_path, version = copy, store.current_version(copy)
    files = store.read_manifest(tmp_path)["files"]
    assert {"passages.jsonl", "indices.npy", "tf.npy", "vocabulary.json"} <= set(files)
    for name in files:
        path = tmp_path / version / name
        data = path.read_bytes()
        flipped = bytearray(data)
        flipped[len(data) // 2] ^= 0x01
        path.write_bytes(bytes(flipped))
        with pytest.raises(IndexFileError) as caught:
            store.load(tmp_path)
        assert caught.value.code == "index_damaged", name
        assert name in caught.value.message
        path.write_bytes(data)
    assert store.load(tmp_path) is not None  # restored, it loads again


@pytest.mark.parametrize(("key", "value"), [("format", store.FORMAT_VERSION + 1), ("code", "other-code")])
def test_an_index_built_by_another_version_is_refused(copy, key, value):
    tmp_path, version = copy, store.current_version(copy)
    path = tmp_path / version / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    assert manifest[key] != value
    path.write_text(json.dumps({**manifest, key: value}), encoding="utf-8")
    for read in (store.read_manifest, store.load):
        with pytest.raises(IndexFileError) as caught:
            read(tmp_path)
        assert caught.value.code == "index_version"


def test_a_missing_manifest_is_damage(copy):
    (copy / store.current_version(copy) / "manifest.json").unlink()
    with pytest.raises(IndexFileError) as caught:
        store.load(copy)
    assert caught.value.code == "index_damaged"


@pytest.mark.parametrize("folder", ["empty", "missing"])
def test_no_index_yet_is_none(tmp_path, folder):
    index_dir = tmp_path / "index"
    if folder == "empty":
        index_dir.mkdir()
    assert store.current_version(index_dir) is None
    assert store.read_manifest(index_dir) is None
    assert store.load(index_dir) is None
