"""Reading a corpus folder: files and metadata, cleaning, sentence splitting and passages."""

from __future__ import annotations

import datetime
import hashlib
import logging
import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from askbio.errors import CorpusError
from askbio.models import Document, Passage

log = logging.getLogger("askbio")

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
PDF_SUFFIXES = {".pdf"}
WORD_SUFFIXES = {".docx"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES | WORD_SUFFIXES
SYNONYMS_FILE = "synonyms.txt"  # a curator's file in the corpus folder, not a document
QUESTIONS_FILE = "questions.txt"  # another: questions the widget suggests (collection.py reads it)
TITLE_FILE = "title.txt"  # another: the collection's name, its first line (collection.py reads it)
MAX_QUESTIONS = 20  # front-matter questions kept of one document

MAX_FILE_BYTES = 20 * 1024 * 1024  # a bigger "document" is a dump or a mistake, not an article
MAX_BINARY_BYTES = 100 * 1024 * 1024  # PDF and Word files carry images: a brochure can be this big
# Front matter is a few lines of metadata: the bounds refuse what cannot be that.
MAX_FRONT_MATTER_CHARS = 64 * 1024
MAX_FRONT_MATTER_DEPTH = 10
MAX_META_CHARS = 2000
META_KEYS = ("title", "id", "publisher", "author", "date", "url")  # the front matter askbio reads
PASSAGE_MAX_SENTENCES = 3
PASSAGE_MAX_WORDS = 110

# Abbreviations Punkt should never end a sentence on, whatever the corpus teaches it.
COMMON_ABBREVIATIONS = frozenset(
    [
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "st",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "etc",
        "vs",
        "approx",
        "fig",
        "no",
        "nos",
        "vol",
        "pp",
        "ca",
        "cf",
        "al",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mt",
        "ft",
        "dept",
        "est",
    ]
)

# Web-page chrome that text extraction leaves behind; matched against a whole line.
_CHROME_RE = re.compile(
    r"^(?:high contrast|skip to (?:main )?content|download(?: attachment| pdf)?|print(?: this page)?|"
    r"share(?: this(?: page| article)?)?|back to top|read more|see all\b.*|menu|search|log ?in|"
    r"sign (?:in|up)|subscribe|accept(?: all)? cookies|cookie settings|close|previous|next|"
    r"official information and services\b.*)$",
    re.IGNORECASE,
)
_DOMAIN_RE = re.compile(r"\b(?:www\.|https?://)\S+|\b[\w-]+\.(?:be|com|org|net|eu|gov)\b", re.I)
_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_SENTENCE_END = (".", "!", "?", ":", ";", ")", '"', "\u201d")


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


@dataclass
class Corpus:
    """Documents read from a folder, the passages cut from them, and the files passed over."""

    root: Path
    documents: list[Document] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    synonyms: list[list[str]] = field(default_factory=list)


@dataclass(frozen=True)
class FileState:
    path: str
    size: int
    mtime_ns: int
    sha256: str


def corpus_files(root: Path) -> list[Path]:
    """Every candidate document below `root`, hidden files and folders excluded, sorted.

    Links to folders are listed, not walked into, so that they are reported as skipped."""
    if not root.is_dir():
        raise CorpusError(f"corpus folder not found: {root}", code="corpus_not_found")
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        linked = [d for d in dirnames if (Path(dirpath) / d).is_symlink()]
        for name in sorted(filenames + linked):
            if not name.startswith("."):
                found.append(Path(dirpath) / name)
    return found


def file_states(
    root: Path, previous: dict[str, FileState] | None = None, *, follow_symlinks: bool = False
) -> list[FileState]:
    """Size, mtime and content hash of each file; unchanged size+mtime reuse the old hash.
    A file askbio does not read has the reason instead of a hash."""
    states: list[FileState] = []
    for path in corpus_files(root):
        rel = path.relative_to(root).as_posix()
        try:
            st = _usable_file(path, root, follow_symlinks)
        except _Skip as skip:
            states.append(FileState(rel, 0, 0, f"not read: {skip}"))
            continue
        old = (previous or {}).get(rel)
        if old and old.size == st.st_size and old.mtime_ns == st.st_mtime_ns:
            states.append(old)
            continue
        try:
            digest = _sha256_file(path)
        except (OSError, _Skip):
            digest = "unreadable"
        states.append(FileState(rel, st.st_size, st.st_mtime_ns, digest))
    return states


@dataclass(frozen=True)
class Changes:
    """What changed in a corpus folder between two indexes: files added, changed and removed
    (paths), and the files of the new one that were skipped (path and reason)."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    skipped: tuple[Skipped, ...] = ()

    @classmethod
    def between(
        cls, previous: Iterable[FileState], current: Iterable[FileState], skipped: Iterable[Skipped] = ()
    ) -> Changes:
        old = {s.path: s.sha256 for s in previous}
        new = {s.path: s.sha256 for s in current}
        return cls(
            added=tuple(sorted(p for p in new if p not in old)),
            changed=tuple(sorted(p for p in new if p in old and old[p] != new[p])),
            removed=tuple(sorted(p for p in old if p not in new)),
            skipped=tuple(skipped),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": list(self.added),
            "changed": list(self.changed),
            "removed": list(self.removed),
            "skipped": [{"path": s.path, "reason": s.reason} for s in self.skipped],
        }


def fingerprint(states: Iterable[FileState]) -> str:
    """A content hash of the whole corpus: paths and file hashes."""
    h = hashlib.sha256()
    for s in states:
        h.update(f"{s.path}\0{s.sha256}\n".encode())
    return h.hexdigest()


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with _open_regular(path) as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_corpus(
    root: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    strict: bool = False,
    follow_symlinks: bool = False,
) -> Corpus:
    """Read every supported file below `root` into documents and passages.

    Files that cannot be used are skipped and listed in ``corpus.skipped`` with the reason,
    unless `strict`, when the first one raises a CorpusError. Only regular files are read, and
    symbolic links that lead outside `root` only with `follow_symlinks`.
    """
    corpus = Corpus(root=root)
    paths = corpus_files(root)
    seen_bodies: dict[str, str] = {}
    for i, path in enumerate(paths):
        rel = path.relative_to(root).as_posix()
        if progress:
            progress(i, len(paths))
        try:
            if path.name == SYNONYMS_FILE:
                corpus.synonyms = _read_synonyms(path, root, follow_symlinks)
                continue
            if path.name in (QUESTIONS_FILE, TITLE_FILE) and path.parent == root:
                continue
            document = read_document(path, root, follow_symlinks=follow_symlinks)
            digest = hashlib.sha256(document.text.encode()).hexdigest()
            if digest in seen_bodies:
                raise _Skip(f"duplicate of {seen_bodies[digest]}")
            seen_bodies[digest] = rel
        except _Skip as skip:
            if strict:
                raise CorpusError(f"{rel}: {skip}", code="corpus_file_rejected") from None
            corpus.skipped.append(Skipped(rel, str(skip)))
            continue
        corpus.documents.append(document)
    if progress:
        progress(len(paths), len(paths))
    for file in corpus.skipped:  # before a "no usable documents" error, which they explain
        log.warning("skipped %s: %s", file.path, file.reason)
    _dedupe_ids(corpus.documents)
    corpus.synonyms = corpus.synonyms + mine_acronyms(d.text for d in corpus.documents)
    splitter = SentenceSplitter.train(d.text for d in corpus.documents)
    for document in corpus.documents:
        corpus.passages.extend(split_passages(document, splitter))
    if not corpus.passages:
        count = f"{len(corpus.skipped)} file(s) skipped; " if corpus.skipped else ""
        raise CorpusError(
            f"no usable documents in {root} ({count}supported: {', '.join(sorted(SUPPORTED_SUFFIXES))})",
            code="corpus_empty",
        )
    return corpus


class _Skip(Exception):
    """A file is passed over; the message is the reason shown to the user."""


def read_document(path: Path, root: Path, *, follow_symlinks: bool = False) -> Document:
    """The document in the file `path` below `root`; _Skip says why a file cannot be one."""
    rel = path.relative_to(root).as_posix()
    size = _usable_file(path, root, follow_symlinks).st_size
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise _Skip(f"unsupported file type {suffix or '(none)'}")
    if suffix in PDF_SUFFIXES | WORD_SUFFIXES:
        return _binary_document(path, rel, size)
    raw = _read_file(path, size)
    if b"\0" in raw[:8192]:
        raise _Skip("binary file")
    try:
        source = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _Skip(f"not valid UTF-8 (byte {exc.start})") from None
    meta, body, offset = _split_front_matter(source)
    if suffix in HTML_SUFFIXES:
        html_meta, body = html_to_text(body)
        meta = {**html_meta, **meta}
        offset = 0
    elif suffix in MARKDOWN_SUFFIXES:
        body = markdown_to_text(body)
        offset = 0
    if not body.strip():
        raise _Skip("empty")
    stem = rel.rsplit(".", 1)[0]
    title = _meta_str(meta, "title") or _first_line(body) or stem
    return Document(
        doc_id=_meta_str(meta, "id") or _slug(stem),
        title=title,
        text=body,
        path=rel,
        publisher=_meta_str(meta, "publisher") or _meta_str(meta, "author"),
        date=_meta_str(meta, "date"),
        url=_meta_str(meta, "url"),
        body_offset=offset,
        questions=_meta_questions(meta),
    )


def _binary_document(path: Path, rel: str, size: int) -> Document:
    """A PDF or Word file as a document: its text, its metadata, and its pages for a PDF."""
    from askbio.errors import UnreadableDocument

    raw = _read_file(path, size, MAX_BINARY_BYTES)
    try:
        if path.suffix.lower() in PDF_SUFFIXES:
            from askbio.lexicon import english_frequencies
            from askbio.pdf import read_pdf

            english = english_frequencies()
            extracted = read_pdf(raw, words=english.__contains__)
        else:
            from askbio.word import read_docx

            extracted = read_docx(raw)
    except UnreadableDocument as exc:
        raise _Skip(exc.message) from None
    stem = rel.rsplit(".", 1)[0]
    meta = extracted.meta
    return Document(
        doc_id=_slug(stem),
        title=meta.get("title") or _first_line(extracted.text) or stem,
        text=extracted.text,
        path=rel,
        publisher=meta.get("author"),
        date=meta.get("date"),
        page_starts=extracted.page_starts,
    )


_FILE_KINDS = {
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def _usable_file(path: Path, root: Path, follow_symlinks: bool) -> os.stat_result:
    """The status of `path` if askbio may read it: a regular file, inside `root` unless links
    may lead out; _Skip says why not. Nothing is opened, so a FIFO or a device cannot block."""
    try:
        st = path.stat()
        inside = path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symbolic link loop, on some Pythons
        raise _Skip(f"cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise _Skip("a symbolic link to a folder (links to folders are not followed)")
    if not stat.S_ISREG(st.st_mode):
        raise _Skip(f"not a regular file ({_FILE_KINDS.get(stat.S_IFMT(st.st_mode), 'of an unknown kind')})")
    if not inside and not follow_symlinks:
        raise _Skip("a symbolic link to a file outside the corpus folder (ASKBIO_FOLLOW_SYMLINKS=1 reads it)")
    return st


def _open_regular(path: Path) -> BinaryIO:
    """`path` opened for reading, refused if it is no longer a regular file (swapped since it
    was checked); non-blocking, so a FIFO put in its place cannot hang askbio either."""
    try:
        f = os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY), "rb")
    except PermissionError:
        raise _Skip("permission denied") from None
    except OSError as exc:
        raise _Skip(f"cannot be read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
        f.close()
        raise _Skip("not a regular file")
    return f


def _read_file(path: Path, size: int = 0, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file (`size` as its status said), refused beyond `limit`; a file
    growing while it is read is read no further than that."""
    if size > limit:
        raise _Skip(f"larger than {limit // (1024 * 1024)} MiB")
    with _open_regular(path) as f:
        try:
            raw = f.read(limit + 1)
        except OSError as exc:
            raise _Skip(f"cannot be read ({exc.strerror or exc})") from None
    if len(raw) > limit:
        raise _Skip(f"larger than {limit // (1024 * 1024)} MiB")
    return raw


def _split_front_matter(source: str) -> tuple[dict[str, Any], str, int]:
    match = _FRONT_MATTER_RE.match(source)
    if not match:
        return {}, source, 0
    import yaml

    if len(match.group(1)) > MAX_FRONT_MATTER_CHARS:
        raise _Skip(f"front matter longer than {MAX_FRONT_MATTER_CHARS:,} characters")
    try:
        meta = yaml.load(match.group(1), Loader=_front_matter_loader()) or {}  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark else ""
        raise _Skip(f"front matter is not valid YAML{where}") from None
    if not isinstance(meta, dict):
        raise _Skip("front matter is not a mapping of keys to values")
    for key in META_KEYS:
        value = meta.get(key)
        if not isinstance(value, str | int | float | datetime.date | None):
            raise _Skip(f"front matter: {key} is not a single value")
        if len(str(value)) > MAX_META_CHARS:
            raise _Skip(f"front matter: {key} longer than {MAX_META_CHARS:,} characters")
    return meta, source[match.end() :], match.end()


@lru_cache(maxsize=1)
def _front_matter_loader() -> type:
    import yaml

    class Loader(yaml.SafeLoader):
        """Safe YAML without aliases, whose repeats can blow a few lines up to millions of nodes
        (a "billion laughs"), and without deep nesting, which the composer would recurse into."""

        depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise _Skip(f"front matter uses a YAML alias at line {mark.line + 2} (not accepted)")
            if self.depth >= MAX_FRONT_MATTER_DEPTH:
                raise _Skip(f"front matter nested deeper than {MAX_FRONT_MATTER_DEPTH} levels")
            self.depth += 1
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    return Loader


def _meta_str(meta: dict[str, Any], key: str) -> str | None:
    value = meta.get(key)
    if value is None or value == "":
        return None
    return str(value).strip()


def _meta_questions(meta: dict[str, Any]) -> tuple[str, ...]:
    """Front matter's ``questions``: one question or a list of them, for the widget to suggest."""
    value = meta.get("questions")
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(q, str) for q in items):
        raise _Skip("front matter: questions is not a question or a list of questions")
    if any(len(q) > MAX_META_CHARS for q in items):
        raise _Skip(f"front matter: a question longer than {MAX_META_CHARS:,} characters")
    return tuple(" ".join(q.split()) for q in items if q.strip())[:MAX_QUESTIONS]


def _first_line(body: str) -> str | None:
    for line in body.splitlines():
        line = line.strip().lstrip("#").strip()
        if line and not is_chrome(line):
            return line[:200]
    return None


def _slug(stem: str) -> str:
    return re.sub(r"[^a-z0-9/]+", "-", stem.lower()).strip("-") or "document"


def _dedupe_ids(documents: list[Document]) -> None:
    seen: dict[str, int] = {}
    for i, d in enumerate(documents):
        n = seen.get(d.doc_id, 0)
        seen[d.doc_id] = n + 1
        if n:
            from dataclasses import replace

            documents[i] = replace(d, doc_id=f"{d.doc_id}-{n + 1}")


def _read_synonyms(path: Path, root: Path, follow_symlinks: bool) -> list[list[str]]:
    """One group a line, comma-separated (``jobs, employment, workforce``); # starts a comment."""
    groups: list[list[str]] = []
    size = _usable_file(path, root, follow_symlinks).st_size
    try:
        text = _read_file(path, size).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _Skip(f"not valid UTF-8 (byte {exc.start})") from None
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        words = [w.strip() for w in line.split(",") if w.strip()]
        if len(words) > 1:
            groups.append(words)
    return groups


_ACRONYM_RE = re.compile(r"\(([A-Z][A-Za-z&]{1,9})\)")
_ACRONYM_STOP = {"of", "for", "and", "the", "in", "on", "&", "to", "de", "a", "an"}
_COMPOUND_ACRONYM_RE = re.compile(r"\b([a-z]{3,})\s+([A-Z]{2,6})\b")


def mine_acronyms(texts: Iterable[str]) -> list[list[str]]:
    """Abbreviations defined in the texts themselves, as synonym groups.

    "foreign direct investment (FDI)": the initials of the words before a bracketed
    abbreviation spell it. "messenger RNA": a lower-case word before an acronym gives the
    compound acronym ("mRNA") that questions use for it.
    """
    groups: dict[str, list[str]] = {}
    for text in texts:
        for match in _ACRONYM_RE.finditer(text):
            abbr = match.group(1)
            letters = [c for c in abbr if c.isupper()]
            words = text[max(0, match.start() - 200) : match.start()].split()
            picked: list[str] = []
            content = 0
            while words and content < len(letters):
                word = words.pop()
                picked.insert(0, word)
                if word.lower() not in _ACRONYM_STOP:
                    content += 1
            initials = [w[0].upper() for w in picked if w.lower() not in _ACRONYM_STOP]
            if content == len(letters) and initials == letters:
                groups.setdefault(abbr.lower(), [abbr, " ".join(w.strip(",;:") for w in picked)])
        for match in _COMPOUND_ACRONYM_RE.finditer(text):
            word, acronym = match.groups()
            if word in _ACRONYM_STOP:
                continue
            compound = word[0] + acronym
            groups.setdefault(compound.lower(), [compound, f"{word} {acronym}"])
    return list(groups.values())


# --- HTML and Markdown ---------------------------------------------------------------------

_BLOCK_TAGS = [
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "table",
    "tr",
    "td",
    "th",
    "blockquote",
    "pre",
    "figcaption",
    "dt",
    "dd",
    "header",
    "footer",
    "br",
    "hr",
]
_DROP_TAGS = [
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "aside",
    "form",
    "button",
    "svg",
    "iframe",
    "head",
]


def html_to_text(html: str) -> tuple[dict[str, Any], str]:
    """Text and metadata of an HTML page, extracted with a real HTML parser."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    meta: dict[str, Any] = {}

    def content(**attrs: str) -> str | None:
        tag = soup.find("meta", attrs=dict(attrs))
        value = tag.get("content") if tag else None
        return str(value).strip() if value else None

    title_tag = soup.find("title")
    h1 = soup.find("h1")
    meta["title"] = (
        content(property="og:title")
        or (title_tag.get_text(" ", strip=True) if title_tag else None)
        or (h1.get_text(" ", strip=True) if h1 else None)
    )
    meta["publisher"] = content(property="og:site_name") or content(name="author")
    meta["date"] = content(property="article:published_time") or content(name="date")
    canonical = soup.find("link", rel="canonical")
    meta["url"] = content(property="og:url") or (canonical.get("href") if canonical else None)
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    text = soup.get_text()
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return {k: v for k, v in meta.items() if v}, re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPH = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")


def markdown_to_text(md: str) -> str:
    """Markdown to plain text: headings, emphasis, links and list markers reduced to their words."""
    out: list[str] = []
    in_fence = False
    for line in md.splitlines():
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
            continue
        if not in_fence:
            line = re.sub(r"^\s{0,3}#{1,6}\s*", "", line)
            line = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line)
            line = re.sub(r"^\s*>\s?", "", line)
            line = _MD_LINK.sub(r"\1", line)
            line = _MD_EMPH.sub(r"\2", line)
        out.append(line.rstrip())
    return "\n".join(out)


# --- Cleaning and splitting ----------------------------------------------------------------


def is_chrome(line: str) -> bool:
    """Is this line page furniture rather than content? (UI labels, image names, banners)"""
    s = line.strip()
    if not s:
        return True
    if _CHROME_RE.match(s):
        return True
    words = s.split()
    ends_sentence = s.endswith(_SENTENCE_END)
    # Image alt texts and file names: a few lower-case words, no sentence punctuation.
    if len(words) <= 3 and s == s.lower() and not ends_sentence and any(c.isalpha() for c in s):
        return True
    # Site banners: a short unpunctuated line carrying a domain name.
    return len(words) <= 8 and not ends_sentence and bool(_DOMAIN_RE.search(s))


_BYLINE_RE = re.compile(
    r"^(?:(?:posted|written|published|updated)(?: by| on)?|by)\b.{0,80}$"
    r"|^(?:\w+ \d{1,2},? \d{4}|\d{1,2} \w+ \d{4}|\d{4}-\d{2}-\d{2})$",
    re.IGNORECASE,
)


def is_byline(line: str) -> bool:
    """A "Posted by ..." line or a bare date: metadata, neither content nor a heading."""
    return bool(_BYLINE_RE.match(line.strip()))


def is_heading(line: str) -> bool:
    s = line.strip()
    words = s.split()
    return (
        not is_byline(s)
        and 0 < len(words) <= 14
        and not s.endswith((*_SENTENCE_END[:-3], ","))
        and s[:1].isupper()
        and sum(c.isalpha() for c in s) >= 3
    )


class SentenceSplitter:
    """NLTK's Punkt, trained on the corpus itself and seeded with common abbreviations."""

    def __init__(self, tokenizer: Any) -> None:
        self._tokenizer = tokenizer

    @classmethod
    def train(cls, texts: Iterable[str], sample_chars: int = 4_000_000) -> SentenceSplitter:
        from nltk.tokenize.punkt import PunktSentenceTokenizer, PunktTrainer

        sample: list[str] = []
        size = 0
        for text in texts:
            # Cut within a text too: Punkt holds a token object per word of what it trains on.
            sample.append(text[: sample_chars - size])
            size += len(sample[-1])
            if size >= sample_chars:
                break
        joined = "\n\n".join(sample)
        trainer = PunktTrainer()
        trainer.train(joined, finalize=True)
        params = trainer.get_params()
        lowered = joined.lower()
        # Punkt on a small corpus takes acronyms ending a sentence ("RNA.") for abbreviations;
        # keep only learned ones with an inner period or seen in lower case before a period.
        params.abbrev_types = {
            a for a in params.abbrev_types if "." in a or (a + "." in lowered and a + "." in joined)
        } | set(COMMON_ABBREVIATIONS)
        return cls(PunktSentenceTokenizer(params))

    def spans(self, text: str) -> list[tuple[int, int]]:
        return list(self._tokenizer.span_tokenize(text))


def _blocks(text: str) -> Iterable[tuple[int, int]]:
    """Spans of the non-empty lines of `text`."""
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            start = pos + (len(line) - len(line.lstrip()))
            yield start, start + len(stripped)
        pos += len(line)


# The passage id a document's byline is cited by, after the document's id and "#".
BYLINE = "byline"


def split_passages(document: Document, splitter: SentenceSplitter) -> list[Passage]:
    """Cut a document into passages of a few whole sentences, never across a paragraph break.

    Page furniture is dropped; a short unpunctuated line of one sentence becomes the section of
    what follows.
    """

    def heading(line: str) -> bool:
        # One sentence: "... 140 companies. click" (a paragraph ending in link text) is none.
        return is_heading(line) and len(splitter.spans(line)) == 1

    text = document.text
    passages: list[Passage] = []
    section: str | None = None
    # Consecutive non-blank lines form a paragraph; each line is judged on its own first.
    paragraphs: list[list[tuple[int, int]]] = []
    last_end = -1
    for start, end in _blocks(text):
        line = text[start:end]
        if is_chrome(line) or is_byline(line) or (line == document.title and is_heading(line)):
            last_end = -1
            continue
        gap = text[last_end:start] if last_end >= 0 else "\n\n"
        if paragraphs and "\n\n" not in gap.replace("\r", "") and not heading(line):
            paragraphs[-1].append((start, end))
        else:
            paragraphs.append([(start, end)])
        last_end = end
    for paragraph in paragraphs:
        p_start, p_end = paragraph[0][0], paragraph[-1][1]
        chunk = text[p_start:p_end]
        if len(paragraph) == 1 and heading(chunk):
            section = chunk
            continue
        sentences = [(p_start + s, p_start + e) for s, e in splitter.spans(chunk)]
        group: list[tuple[int, int]] = []
        words = 0
        for s, e in sentences:
            n = len(text[s:e].split())
            if group and (len(group) >= PASSAGE_MAX_SENTENCES or words + n > PASSAGE_MAX_WORDS):
                passages.append(_passage(document, len(passages), group, section))
                group, words = [], 0
            group.append((s, e))
            words += n
        if group:
            passages.append(_passage(document, len(passages), group, section))
    return passages


def byline_passage(document: Document) -> Passage | None:
    """The byline opening a document ("May 22, 2024", "Posted by ..."), which its passages leave
    out, as a passage of its own: what an answer saying who published it, or when, cites."""
    text = document.text
    found: list[tuple[int, int]] = []
    before: tuple[int, int] | None = None  # the block before the byline
    for start, end in _blocks(text):
        line = text[start:end]
        if is_byline(line):
            found.append((start, end))
        elif found or not (is_chrome(line) or is_heading(line)):
            break  # the body has begun
        else:
            before = (start, end)
    if not found:
        return None
    # the title shown above it, as a page shows it: "Title / May 22, 2024 / Posted by ..."
    if before is not None and " ".join(text[before[0] : before[1]].split()) == " ".join(
        document.title.split()
    ):
        found.insert(0, before)
    start, end = found[0][0], found[-1][1]
    return Passage(
        passage_id=f"{document.doc_id}#{BYLINE}",
        doc_id=document.doc_id,
        position=-1,
        start=start,
        end=end,
        text=text[start:end],
        section=None,
        sentences=tuple((s - start, e - start) for s, e in found),
        page=document.page_at(start),
    )


def _passage(
    document: Document, position: int, sentences: list[tuple[int, int]], section: str | None
) -> Passage:
    start, end = sentences[0][0], sentences[-1][1]
    return Passage(
        passage_id=f"{document.doc_id}#{position}",
        doc_id=document.doc_id,
        position=position,
        start=start,
        end=end,
        text=document.text[start:end],
        section=section,
        sentences=tuple((s - start, e - start) for s, e in sentences),
        page=document.page_at(start),
    )
