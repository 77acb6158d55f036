"""Saving and loading a built index: JSON plus numpy arrays (never pickle), checksummed,
written to a fresh folder and switched to with one atomic rename of a pointer file."""

from __future__ import annotations

import hashlib
import json
import mmap
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, overload

import numpy as np
from numpy.typing import NDArray

from askbio import __version__
from askbio.corpus import FileState
from askbio.errors import IndexFileError
from askbio.index import BM25Index, Postings, StoredWeights, TfidfIndex
from askbio.models import Document, Passage

FORMAT_VERSION = 2
POINTER = "CURRENT"
# Per posting, the passage id and the term frequency (1 byte, or 2 where a term repeats more
# than 255 times in a passage): the BM25 and TF-IDF weights are worked out from them when read
# (index.StoredWeights), so serving touches 5 bytes a posting instead of 12 with two saved
# weights. Per term the two idfs; per passage its length and its TF-IDF norm.
_ARRAYS = ("indptr", "indices", "tf", "doc_len", "bm25_idf", "tfidf_idf", "tfidf_norms")
# When passages have headings: per posting its term's frequency in the heading, per passage the
# heading's length (BM25F, index.BM25Index).
_FIELD_ARRAYS = ("head_tf", "head_len")


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
    version: str = ""  # the folder name the bundle was saved in or loaded from
    created: float = 0.0

    @property
    def documents_by_id(self) -> dict[str, Document]:
        return {d.doc_id: d for d in self.documents}


def save(bundle: IndexBundle, index_dir: Path) -> str:
    """Write `bundle` under `index_dir` and make it current; return its version name.

    A reader sees either the previous index or the new one, never a half-written one: the new
    version is complete and fsynced before the pointer file is replaced."""
    index_dir.mkdir(parents=True, exist_ok=True)
    created = time.time()
    version = f"v{int(created * 1000)}-{bundle.fingerprint[:12]}"
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=index_dir))
    try:
        files: dict[str, str] = {}
        arrays = {
            "indptr": bundle.postings.indptr,
            "indices": bundle.postings.indices,
            "tf": _compact_counts(bundle.postings.term_frequencies()),
            "doc_len": bundle.postings.doc_len,
            "bm25_idf": bundle.bm25.idf_,
            "tfidf_idf": bundle.tfidf.idf_,
            "tfidf_norms": bundle.tfidf.norms_,
        }
        postings = bundle.postings
        if postings.head_tf is not None and postings.head_len is not None:
            arrays |= {"head_tf": _compact_counts(postings.head_tf), "head_len": postings.head_len}
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
            "bm25": bundle.bm25.params() | {"avgdl": bundle.bm25.avgdl_, "fields": bundle.bm25.fields_},
            "tfidf": bundle.tfidf.params(),
            "counts": {"documents": len(documents), "passages": len(bundle.passages), "terms": len(terms)},
            "file_states": [asdict(s) for s in bundle.file_states],
            "skipped": bundle.skipped,
            "synonyms": bundle.synonyms,
            "files": files,
        }
        _write_synced(tmp / "manifest.json", json.dumps(manifest, indent=1))
        for path in tmp.iterdir():
            _fsync(path)
        os.replace(tmp, index_dir / version)
        _write_synced(index_dir / f".{POINTER}.tmp", version)
        os.replace(index_dir / f".{POINTER}.tmp", index_dir / POINTER)
        _fsync(index_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _remove_old_versions(index_dir, keep=version)
    bundle.version, bundle.created = version, created
    return version


def build_code_hash() -> str:
    """A hash of the code that decides what an index holds: an index built by other code is
    stale even if the corpus is not (a changed analyser would silently stop matching)."""
    here = Path(__file__).parent
    h = hashlib.sha256(f"{FORMAT_VERSION}".encode())
    for name in ("text.py", "corpus.py", "index.py", "store.py", "lexicon.py"):
        h.update((here / name).read_bytes())
    return h.hexdigest()[:16]


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
            for name in _ARRAYS + (_FIELD_ARRAYS if manifest["bm25"].get("fields") else ())
        }
        terms = json.loads((folder / "vocabulary.json").read_text(encoding="utf-8"))
        documents = [
            Document(**d) for d in json.loads((folder / "documents.json").read_text(encoding="utf-8"))
        ]
        offsets = np.load(folder / "passage_offsets.npy", mmap_mode="r" if mmap else None, allow_pickle=False)
        passages = PassageStore(folder / "passages.jsonl", offsets.view(np.ndarray))
        stems = json.loads((folder / "stems.json").read_text(encoding="utf-8"))
        english = json.loads((folder / "english.json").read_text(encoding="utf-8"))
    except IndexFileError:
        raise
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise IndexFileError(f"index {version} is damaged: {exc}", code="index_damaged") from None
    postings = Postings(
        {t: i for i, t in enumerate(terms)},
        arrays["indptr"],
        arrays["indices"],
        None,
        arrays["doc_len"],
        arrays.get("head_tf"),
        arrays.get("head_len"),
    )
    if postings.n_docs != len(passages) or postings.n_terms != len(terms):
        raise IndexFileError(f"index {version} is inconsistent", code="index_damaged")
    if (
        arrays["tf"].shape != arrays["indices"].shape
        or arrays["tfidf_norms"].shape != arrays["doc_len"].shape
        or ("head_tf" in arrays and arrays["head_tf"].shape != arrays["indices"].shape)
        or ("head_len" in arrays and arrays["head_len"].shape != arrays["doc_len"].shape)
    ):
        raise IndexFileError(f"index {version} is inconsistent", code="index_damaged")
    bm25 = BM25Index(**{k: manifest["bm25"][k] for k in ("k1", "b", "delta", "head_weight", "head_b")})
    bm25.idf_, bm25.postings_, bm25.avgdl_ = arrays["bm25_idf"], postings, manifest["bm25"]["avgdl"]
    bm25.fields_ = manifest["bm25"]["fields"]
    bm25.weights_ = StoredWeights(postings, arrays["tf"], bm25.posting_weights, arrays.get("head_tf"))
    tfidf = TfidfIndex(**manifest["tfidf"])
    tfidf.idf_, tfidf.norms_, tfidf.postings_ = arrays["tfidf_idf"], arrays["tfidf_norms"], postings
    tfidf.weights_ = StoredWeights(postings, arrays["tf"], tfidf.posting_weights)
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
        version=version,
        created=manifest.get("created", 0.0),
    )


class PassageStore(Sequence[Passage]):
    """The passages of a saved index, read from disk when asked for (one JSON line each, found
    through an offsets array), so a large collection's text is not held in memory."""

    def __init__(self, path: Path, offsets: NDArray[np.int64]) -> None:
        self._offsets = offsets
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            self._data: mmap.mmap | bytes = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        if len(offsets) < 1 or int(offsets[-1]) != size:
            raise IndexFileError(f"{path.name} does not match its offsets", code="index_damaged")

    def __len__(self) -> int:
        return len(self._offsets) - 1

    @overload
    def __getitem__(self, i: int) -> Passage: ...
    @overload
    def __getitem__(self, i: slice) -> list[Passage]: ...
    def __getitem__(self, i: int | slice) -> Passage | list[Passage]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
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
    for path in index_dir.iterdir():
        if (
            path.is_dir()
            and path.name != keep
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


def _compact_counts(tf: NDArray[np.float32]) -> NDArray[np.unsignedinteger[Any]]:
    """Term frequencies in the smallest unsigned integer type that holds them all."""
    top = float(tf.max()) if tf.size else 0.0
    dtype = np.uint8 if top <= 0xFF else np.uint16 if top <= 0xFFFF else np.uint32
    return tf.astype(dtype)
