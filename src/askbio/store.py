"""A built index: what it holds (`IndexBundle`), how it is built from a corpus, and how it is
saved and loaded: JSON plus numpy arrays (never pickle), checksummed, written to a fresh folder
and switched to with one atomic rename of a pointer file."""

from __future__ import annotations

import hashlib
import json
import logging
import mmap
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, overload

import numpy as np
from numpy.typing import NDArray

from askbio import __version__, lexicon
from askbio.corpus import FileState, file_states, fingerprint, read_corpus
from askbio.errors import IndexFileError
from askbio.figures import collection_figures, collection_numbered
from askbio.index import BM25Index, Postings, TfidfIndex, fit_indexes, indexed_text
from askbio.lexicon import Lexicon, english_frequencies
from askbio.models import Document, Passage
from askbio.settings import RetrievalParams
from askbio.text import Analyzer

log = logging.getLogger("askbio")

FORMAT_VERSION = 5
POINTER = "CURRENT"
LOCK = ".lock"  # held by the builder publishing a version (never by readers)
# How long a builder waits for another to publish; that takes seconds, so longer means it hangs.
LOCK_TIMEOUT = 120.0


@dataclass
class IndexBundle:
    """Everything needed to answer: documents, passages, both indexes and the analyser's stems."""

    documents: list[Document]
    passages: Sequence[Passage]
    postings: Postings
    bm25: BM25Index
    tfidf: TfidfIndex
    stems: dict[str, str]
    fingerprint: str
    english: dict[str, float] = field(default_factory=dict)  # Zipf frequencies (lexicon.py)
    file_states: list[FileState] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    synonyms: list[list[str]] = field(default_factory=list)
    # Question terms the collection lacks -> its term for the same word / terms of related words.
    variants: dict[str, str] = field(default_factory=dict)
    bridges: dict[str, list[str]] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)  # terms of its names (`lexicon.collection_names`)
    # A country's one-word name -> the collection's terms for its other names (`lexicon.country_forms`).
    countries: dict[str, list[tuple[list[str], bool]]] = field(default_factory=dict)
    # Each figure term it writes as an amount -> the scale words after it (`figures.collection_figures`).
    figures: dict[str, list[str]] = field(default_factory=dict)
    # Each kind of ordered step -> the numerals it writes after it (`figures.collection_numbered`).
    numbered: dict[str, list[str]] = field(default_factory=dict)
    foreign: list[str] = field(default_factory=list)  # everyday words of other languages (lexicon.py)
    version: str = ""  # the folder name the bundle was saved in or loaded from
    created: float = 0.0

    @property
    def documents_by_id(self) -> dict[str, Document]:
        return {d.doc_id: d for d in self.documents}


def build(
    corpus_dir: Path,
    *,
    params: RetrievalParams | None = None,
    strict: bool = False,
    follow_symlinks: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> IndexBundle:
    """Read the corpus and fit both indexes over its passages; `progress` is told each stage's
    ("reading", "indexing") items done and in all."""
    states = file_states(corpus_dir, follow_symlinks=follow_symlinks)
    corpus = read_corpus(
        corpus_dir,
        strict=strict,
        follow_symlinks=follow_symlinks,
        progress=(lambda i, n: progress("reading", i, n)) if progress else None,
    )
    english = english_frequencies()
    analyzer = Analyzer(lexicon.english_stems())
    for group in corpus.synonyms:
        analyzer.analyze_many(group)
    n = len(corpus.passages)
    indexes = fit_indexes(
        [indexed_text(p.text, p.section) for p in corpus.passages],
        analyzer,
        headings=[p.section or "" for p in corpus.passages],
        params=params,
        progress=(lambda i: progress("indexing", i, n)) if progress else None,
    )
    if progress:
        progress("indexing", n, n)
    vocabulary = indexes.postings.vocabulary
    return IndexBundle(
        documents=corpus.documents,
        passages=corpus.passages,
        postings=indexes.postings,
        bm25=indexes.bm25,
        tfidf=indexes.tfidf,
        stems=analyzer.stem_cache,
        english=english,
        fingerprint=fingerprint(states),
        file_states=states,
        skipped=[asdict(s) for s in corpus.skipped],
        synonyms=corpus.synonyms,
        variants=lexicon.variants(vocabulary),
        bridges=lexicon.bridges(vocabulary, corpus.synonyms),
        names=lexicon.collection_names(
            (text for p in corpus.passages for text in (p.text, p.section or "")),
            analyzer,
            Lexicon(english).zipf,
            lexicon.places(),
        ),
        foreign=lexicon.foreign_words(),
        countries=lexicon.country_forms(vocabulary, analyzer, (p.text for p in corpus.passages)),
        figures=collection_figures((p.text for p in corpus.passages), analyzer),
        numbered=collection_numbered(p.text for p in corpus.passages),
    )


def save(bundle: IndexBundle, index_dir: Path, *, interrupted: Callable[[], bool] | None = None) -> str:
    """Write `bundle` under `index_dir` and make it current; return its version name.

    A reader sees either the previous index or the new one, never a half-written one: the new
    version is complete and fsynced before the pointer file is replaced. If `interrupted()`
    says so just before that, KeyboardInterrupt is raised instead (the interrupt itself may
    have been lost: Python drops an exception raised inside a __del__ method)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    created = time.time()
    version = f"v{int(created * 1000)}-{bundle.fingerprint[:12]}"
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=index_dir))
    try:
        files: dict[str, str] = {}
        bm25_arrays, bm25_meta = bundle.bm25.to_arrays()
        tfidf_arrays, tfidf_meta = bundle.tfidf.to_arrays()
        arrays = (
            bundle.postings.to_arrays()
            | {f"bm25_{name}": a for name, a in bm25_arrays.items()}
            | {f"tfidf_{name}": a for name, a in tfidf_arrays.items()}
        )
        for name, array in arrays.items():
            path = tmp / f"{name}.npy"
            np.save(path, np.ascontiguousarray(array), allow_pickle=False)
            files[path.name] = _sha256(path)
        terms = [""] * len(bundle.postings.vocabulary)
        for term, i in bundle.postings.vocabulary.items():
            terms[i] = term
        documents = [asdict(d) for d in bundle.documents]
        offsets = _write_passages(tmp / "passages.jsonl", bundle.passages)
        files["passages.jsonl"] = _sha256(tmp / "passages.jsonl")
        np.save(tmp / "passage_offsets.npy", offsets, allow_pickle=False)
        files["passage_offsets.npy"] = _sha256(tmp / "passage_offsets.npy")
        for name, obj in (
            ("vocabulary.json", terms),
            ("documents.json", documents),
            ("stems.json", bundle.stems),
            ("english.json", bundle.english),
            (
                "bridges.json",
                {
                    "variants": bundle.variants,
                    "bridges": bundle.bridges,
                    "names": bundle.names,
                    "foreign": bundle.foreign,
                    "countries": bundle.countries,
                    "figures": bundle.figures,
                    "numbered": bundle.numbered,
                },
            ),
        ):
            path = tmp / name
            path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
            files[name] = _sha256(path)
        manifest = {
            "format": FORMAT_VERSION,
            "askbio": __version__,
            "code": build_code_hash(),
            "created": created,
            "fingerprint": bundle.fingerprint,
            "bm25": bm25_meta,
            "tfidf": tfidf_meta,
            "arrays": sorted(arrays),
            "counts": {"documents": len(documents), "passages": len(bundle.passages), "terms": len(terms)},
            "file_states": [asdict(s) for s in bundle.file_states],
            "skipped": bundle.skipped,
            "synonyms": bundle.synonyms,
            "files": files,
        }
        _write_synced(tmp / "manifest.json", json.dumps(manifest, indent=1))
        for path in tmp.iterdir():
            _fsync(path)
        with _publishing(index_dir):
            if interrupted is not None and interrupted():
                raise KeyboardInterrupt
            os.replace(tmp, index_dir / version)
            _write_synced(index_dir / f".{POINTER}.tmp", version)
            os.replace(index_dir / f".{POINTER}.tmp", index_dir / POINTER)
            _fsync(index_dir)
            _remove_old_versions(index_dir, keep=version)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    bundle.version, bundle.created = version, created
    return version


@contextmanager
def _publishing(index_dir: Path) -> Iterator[None]:
    """One builder at a time moves its version in, switches the pointer and removes the old
    versions, so that none removes a version another has just made current."""
    import fcntl

    with (index_dir / LOCK).open("a") as lock:
        deadline = time.monotonic() + LOCK_TIMEOUT
        waiting = False
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise IndexFileError(
                        f"another askbio has been saving an index in {index_dir} for over "
                        f"{LOCK_TIMEOUT:.0f} s; this one was not saved",
                        code="index_locked",
                    ) from None
                if not waiting:
                    log.warning("waiting for another askbio to finish saving an index in %s", index_dir)
                    waiting = True
                time.sleep(0.05)
        yield  # closing the file releases the lock, also when this process dies


@lru_cache(maxsize=1)
def build_code_hash() -> str:
    """A hash of the code that decides what an index holds: this module, every askbio module
    it imports, directly or not, and the package's word tables (data/). An index built by other
    code is stale even if the corpus is not (a changed analyser would silently stop matching)."""
    here = Path(__file__).parent
    h = hashlib.sha256(f"{FORMAT_VERSION}".encode())
    for path in _askbio_imports(Path(__file__), here) + sorted((here / "data").glob("*")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def _askbio_imports(start: Path, package: Path) -> list[Path]:
    """`start` and the askbio modules it imports, transitively, in a stable order. Import lines
    are found by a pattern, not by parsing: parsing every module cost each command a tenth of a
    second."""
    seen: set[Path] = set()
    todo = [start]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for match in _IMPORT.finditer(path.read_text(encoding="utf-8")):
            module, names = (match.group(1) or match.group(3)), match.group(2) or ""
            if module == "askbio":  # "from askbio import sources": the names are modules
                found = [n.split(" as ")[0].strip() for n in names.strip("()").split(",")]
                todo += [package / f"{n}.py" for n in found if (package / f"{n}.py").is_file()]
                todo.append(package / "__init__.py")
            else:
                todo.append(package / f"{module.partition('.')[2].replace('.', '/')}.py")
    return sorted(seen)


_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+(askbio(?:\.[\w.]+)?)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]*)|import[ \t]+(askbio\.[\w.]+))",
    re.M,
)


def current_version(index_dir: Path) -> str | None:
    try:
        return (index_dir / POINTER).read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise IndexFileError(f"cannot read {index_dir / POINTER}: {exc.strerror}") from None


def read_manifest(index_dir: Path, version: str | None = None) -> dict[str, Any] | None:
    """A version's manifest (the current one by default), or None when there is no index yet."""
    version = version or current_version(index_dir)
    if version is None:
        return None
    try:
        manifest = json.loads((index_dir / version / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexFileError(f"index {version} has no manifest", code="index_damaged") from None
    except (OSError, ValueError) as exc:
        raise IndexFileError(f"index {version}: manifest unreadable ({exc})", code="index_damaged") from None
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT_VERSION
        or manifest.get("code") != build_code_hash()
    ):
        raise IndexFileError(f"index {version} was built by another version of askbio", code="index_version")
    return manifest


def saved_file_states(index_dir: Path) -> list[FileState] | None:
    """The corpus files the current index was built from, whichever askbio built it; None when
    there is no index or its manifest cannot be read (what changed since is then unknown)."""
    version = current_version(index_dir)
    if version is None:
        return None
    try:
        manifest = json.loads((index_dir / version / "manifest.json").read_text(encoding="utf-8"))
        return [FileState(**s) for s in manifest["file_states"]]
    except (OSError, ValueError, TypeError, KeyError):
        return None


def load(index_dir: Path, *, verify: bool = True, mmap: bool = True) -> IndexBundle | None:
    """Load the current index, or None when there is none. Damage raises IndexFileError."""
    # The pointer is read once: a rebuild may switch it while this load is under way.
    version = current_version(index_dir)
    if version is None:
        return None
    manifest = read_manifest(index_dir, version)
    if manifest is None:
        return None
    folder = index_dir / version
    try:
        if verify:
            for name, digest in manifest["files"].items():
                if _sha256(folder / name) != digest:
                    raise IndexFileError(
                        f"index file {name} is damaged (checksum mismatch)", code="index_damaged"
                    )
        # Memory-mapped, so worker processes share one copy; viewed as plain arrays, because
        # numpy's memmap subclass makes each small slice several times slower.
        arrays = {
            name: np.load(folder / f"{name}.npy", mmap_mode="r" if mmap else None, allow_pickle=False).view(
                np.ndarray
            )
            for name in manifest["arrays"]
        }
        terms = json.loads((folder / "vocabulary.json").read_text(encoding="utf-8"))
        documents = [
            Document(**d) for d in json.loads((folder / "documents.json").read_text(encoding="utf-8"))
        ]
        offsets = np.load(folder / "passage_offsets.npy", mmap_mode="r" if mmap else None, allow_pickle=False)
        passages = PassageStore(folder / "passages.jsonl", offsets.view(np.ndarray))
        stems = json.loads((folder / "stems.json").read_text(encoding="utf-8"))
        english = json.loads((folder / "english.json").read_text(encoding="utf-8"))
        bridges = json.loads((folder / "bridges.json").read_text(encoding="utf-8"))
        postings = Postings.from_arrays({t: i for i, t in enumerate(terms)}, arrays)
        if postings.n_passages != len(passages):
            raise ValueError("postings for another number of passages")
        bm25 = BM25Index.from_arrays(postings, _prefixed(arrays, "bm25_"), manifest["bm25"])
        tfidf = TfidfIndex.from_arrays(postings, _prefixed(arrays, "tfidf_"), manifest["tfidf"])
    except IndexFileError:
        raise
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise IndexFileError(f"index {version} is damaged: {exc}", code="index_damaged") from None
    return IndexBundle(
        documents=documents,
        passages=passages,
        postings=postings,
        bm25=bm25,
        tfidf=tfidf,
        stems=stems,
        english=english,
        fingerprint=manifest["fingerprint"],
        file_states=[FileState(**s) for s in manifest.get("file_states", [])],
        skipped=manifest.get("skipped", []),
        synonyms=manifest.get("synonyms", []),
        variants=bridges["variants"],
        bridges=bridges["bridges"],
        names=bridges.get("names", []),
        foreign=bridges.get("foreign", []),
        countries={
            t: [(terms, one) for terms, one in found] for t, found in bridges.get("countries", {}).items()
        },
        figures=bridges.get("figures", {}),
        numbered=bridges.get("numbered", {}),
        version=version,
        created=manifest.get("created", 0.0),
    )


class PassageStore(Sequence[Passage]):
    """The passages of a saved index, read from disk when asked for (one JSON line each, found
    through an offsets array), so a large collection's text is not held in memory."""

    def __init__(self, path: Path, offsets: NDArray[np.int64]) -> None:
        self._offsets = offsets
        self._size = len(offsets) - 1
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            self._data: mmap.mmap | bytes = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        if len(offsets) < 1 or int(offsets[-1]) != size:
            raise IndexFileError(f"{path.name} does not match its offsets", code="index_damaged")

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, i: int) -> Passage: ...
    @overload
    def __getitem__(self, i: slice) -> list[Passage]: ...
    def __getitem__(self, i: int | slice) -> Passage | list[Passage]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._size))]
        if i < 0:
            i += self._size
        if not 0 <= i < self._size:
            raise IndexError(i)
        return self._read(i)

    @lru_cache(maxsize=4096)  # noqa: B019 - one store per loaded index; its passages recur
    def _read(self, i: int) -> Passage:
        raw = json.loads(self._data[int(self._offsets[i]) : int(self._offsets[i + 1])])
        return Passage(**{**raw, "sentences": tuple(tuple(s) for s in raw["sentences"])})


def _write_passages(path: Path, passages: Sequence[Passage]) -> NDArray[np.int64]:
    offsets = np.zeros(len(passages) + 1, dtype=np.int64)
    with path.open("wb") as f:
        for i, passage in enumerate(passages):
            line = json.dumps(asdict(passage), ensure_ascii=False).encode("utf-8") + b"\n"
            f.write(line)
            offsets[i + 1] = offsets[i] + len(line)
    return offsets


def _remove_old_versions(index_dir: Path, keep: str) -> None:
    # The current version is spared too, in case a builder without the lock switched to it.
    spared = {keep, current_version(index_dir)}
    for path in index_dir.iterdir():
        if (
            path.is_dir()
            and path.name not in spared
            and (path.name.startswith("v") or path.name.startswith(".tmp-"))
        ):
            # A temp folder younger than an hour may belong to a build still running.
            if path.name.startswith(".tmp-") and time.time() - path.stat().st_mtime < 3600:
                continue
            shutil.rmtree(path, ignore_errors=True)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _write_synced(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())


def _fsync(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _prefixed(arrays: dict[str, NDArray[Any]], prefix: str) -> dict[str, NDArray[Any]]:
    return {name.removeprefix(prefix): a for name, a in arrays.items() if name.startswith(prefix)}
