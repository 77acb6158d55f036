"""The one source of settings and parameters.

`Config` holds the settings of a running askbio: each field has a default and help text, and can
be given as an environment variable ``ASKBIO_<NAME>`` (upper case); the command line overrides
the environment. `SETTINGS` lists them for the command line's help and the README's table.
`RetrievalParams` holds the ranking's tunable parameters, for `askbio eval --param`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Config:
    """The resolved settings."""

    corpus: Path | None = _setting(None, "Folder of documents to answer from (default: the bundled corpus).")
    index_dir: Path | None = _setting(
        None, "Folder for the saved index (default: a per-corpus folder under the user cache)."
    )
    follow_symlinks: bool = _setting(
        False, "Read files that symbolic links in the corpus folder lead to outside it (0 or 1)."
    )
    title: str = _setting(
        "",
        "Name of the collection, shown by the widget and the demo page (default: the first line "
        "of the corpus folder's title.txt, else the folder's name).",
    )
    top_k: int = _setting(3, "How many passages an answer cites at most.")
    max_question_chars: int = _setting(1000, "Longest question accepted, in characters.")
    min_confidence: float = _setting(0.25, "Below this confidence askbio abstains instead of answering.")
    host: str = _setting("127.0.0.1", "Address askbio serve listens on.")
    port: int = _setting(8000, "Port askbio serve listens on.")
    workers: int = _setting(2, "Worker processes of askbio serve.")
    # One thread: answering is CPU work under the GIL, and threads would take turns at it out of
    # order of arrival (docs/deploy.md).
    threads: int = _setting(1, "Threads per worker process of askbio serve.")
    cors_origins: str = _setting(
        "", "Comma-separated origins allowed to call the API from a browser (none by default)."
    )
    max_body_bytes: int = _setting(16384, "Largest request body the API accepts, in bytes.")
    rate_limit: str = _setting(
        "60/minute",
        "Questions one client may ask (flask-limiter syntax, e.g. '60/minute;1000/day'; 'off' for none).",
    )
    rate_limit_storage: str = _setting(
        "memory://",
        "Where rate-limit counters live: memory:// (one process) or redis://HOST:PORT to share them.",
    )
    proxies: int = _setting(0, "Reverse proxies in front of askbio serve whose X-Forwarded-For is trusted.")
    unanswered_log: Path | None = _setting(
        None, "SQLite file where questions askbio could not answer are logged (off by default)."
    )
    unanswered_retention_days: int = _setting(
        90, "Days an unanswered question stays in the log after it was last asked."
    )
    admin_token: str = _setting(
        "", "Token that opens the curator's page /admin (the page is off while this is empty)."
    )

    def __post_init__(self) -> None:
        for name, (check, must) in _LIMITS.items():
            if not check(getattr(self, name)):
                shown = "(not shown)" if name in _SECRETS else getattr(self, name)
                _refuse(name, shown, must)
        for origin in self.allowed_origins:
            if not _ORIGIN.fullmatch(origin):
                _refuse("cors_origins", origin, "a list of origins such as https://www.example.org (no path)")

    @classmethod
    def from_env(
        cls, overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
    ) -> Config:
        """Defaults, then ``ASKBIO_*`` environment variables, then non-None overrides."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        types = {f.name: str(f.type) for f in fields(cls)}
        for setting in SETTINGS:
            raw = environ.get(setting.env_var)
            if raw not in (None, ""):
                values[setting.name] = _coerce(setting.name, types[setting.name], raw)
        for name, value in (overrides or {}).items():
            if value is not None:
                values[name] = _coerce(name, types[name], value)
        return cls(**values)

    @property
    def allowed_origins(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]


# What each number must be: a value outside these ranges is a mistake, never a way to turn
# something off (rate_limit 'off' does that).
_LIMITS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "top_k": (lambda v: v >= 1, "at least 1"),
    "max_question_chars": (lambda v: v >= 1, "at least 1"),
    "min_confidence": (lambda v: 0 <= v <= 1, "between 0 and 1"),
    "host": (lambda v: bool(v.strip()), "an address such as 127.0.0.1"),
    "port": (lambda v: 0 <= v <= 65535, "between 0 and 65535"),
    "workers": (lambda v: v >= 1, "at least 1"),
    "threads": (lambda v: v >= 1, "at least 1"),
    "max_body_bytes": (lambda v: v >= 1, "at least 1"),
    "proxies": (lambda v: v >= 0, "0 or more"),
    "unanswered_retention_days": (lambda v: v >= 1, "at least 1"),
    # A short token can be guessed by trying: the page shows what visitors asked.
    "admin_token": (lambda v: v == "" or len(v) >= 16, "empty (the page off) or at least 16 characters"),
}
_SECRETS = {"admin_token"}  # never repeated in a message
# An Origin header is scheme://host[:port]; an entry with a path or a trailing slash never matches one.
_ORIGIN = re.compile(r"[a-z][a-z0-9+.-]*://[^/?#\s]+", re.IGNORECASE)


def _refuse(name: str, value: Any, must: str) -> None:
    from askbio.errors import BadSetting

    raise BadSetting(f"setting {name!r}: {value!r} is not valid; it must be {must}")


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str

    @property
    def is_flag(self) -> bool:
        return isinstance(self.default, bool)

    @property
    def env_var(self) -> str:
        return "ASKBIO_" + self.name.upper()

    def option_help(self, what: str | None = None) -> str:
        """Help for the command-line option of this setting: what it is, its variable, its default."""
        default = (
            "none" if self.default in (None, "") else int(self.default) if self.is_flag else self.default
        )
        return f"{what or self.help.rstrip('.')} [env: {self.env_var}; default: {default}]."


SETTINGS: tuple[Setting, ...] = tuple(Setting(f.name, f.default, f.metadata["help"]) for f in fields(Config))
SETTING = {s.name: s for s in SETTINGS}


def _param(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class RetrievalParams:
    """How passages are ranked. The defaults were chosen on the SciFact train and NFCorpus dev
    splits (docs/quality.md)."""

    k1: float = _param(1.2, "BM25's term-frequency saturation.")
    b: float = _param(0.75, "BM25's length normalisation of a passage's body.")
    delta: float = _param(1.0, "BM25+'s lower bound of a matched term's weight.")
    fields: bool = _param(True, "Weigh a passage's heading as a field of its own (BM25F).")
    head_weight: float = _param(1.5, "BM25F: weight of a term in the heading against one in the body.")
    head_b: float = _param(0.3, "BM25F: length normalisation of the heading.")
    tfidf_weight: float = _param(0.2, "Share of the TF-IDF cosine in the fused score (the rest is BM25).")
    feedback_docs: int = _param(10, "RM3 feedback: how many of the best passages (0 for none).")
    feedback_terms: int = _param(20, "RM3 feedback: how many of their terms are added.")
    feedback_weight: float = _param(0.3, "RM3 feedback: weight of the added terms in a short query.")
    feedback_short: float = _param(3.0, "RM3 feedback: queries of up to this many terms get the full weight.")
    query_k3: float = _param(1.0, "Saturation of a word repeated in the question (BM25's k3; 0 for none).")
    spelling: bool = _param(True, "Correct misspelt question words to words of the corpus.")
    bridges: bool = _param(
        True, "Reach question words the corpus lacks through general English (spellings, lemmas, WordNet)."
    )
    stem_variants: bool = _param(True, "Read an unindexed stem as the indexed one it begins.")

    @classmethod
    def parse(cls, items: Iterable[str]) -> RetrievalParams:
        """Parameters from ``NAME=VALUE`` strings (flags as 0 or 1); ValueError names a bad one."""
        return cls(**parse_assignments(items, {f.name: str(f.type) for f in fields(cls)}, "parameter"))


def _flag(value: str) -> bool:
    if value not in ("0", "1"):
        raise ValueError(value)
    return value == "1"


# How a value of each kind is read from text, and what it must look like.
_KINDS: dict[str, tuple[Callable[[str], Any], str]] = {
    "bool": (_flag, "0 or 1"),
    "int": (int, "a whole number"),
    "float": (float, "a number"),
}


def parse_assignments(items: Iterable[str], kinds: Mapping[str, str], what: str) -> dict[str, Any]:
    """``NAME=VALUE`` strings as a dict, each value read as its name's kind ("bool", "int",
    "float"); ValueError names an unknown name (`what` says what names are) or a bad value."""
    values: dict[str, Any] = {}
    for item in items:
        name, _, value = item.partition("=")
        if name not in kinds:
            raise ValueError(f"unknown {what} {name!r} (one of {', '.join(kinds)})")
        read, looks = _KINDS[kinds[name]]
        try:
            values[name] = read(value)
        except ValueError:
            raise ValueError(f"{item!r}: {name} must be {looks}") from None
    return values


def _coerce(name: str, type_name: str, value: Any) -> Any:
    from askbio.errors import BadSetting

    try:
        if "Path" in type_name:
            return Path(value).expanduser()
        if type_name == "bool":
            return value if isinstance(value, bool) else _flag(str(value).strip())
        if type_name == "int":
            return int(value)
        if type_name == "float":
            return float(value)
        return str(value)
    except (TypeError, ValueError):
        looks = "0 or 1" if type_name == "bool" else f"a valid {type_name}"
        raise BadSetting(f"setting {name!r}: {value!r} is not {looks}") from None
