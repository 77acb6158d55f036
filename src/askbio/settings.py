"""One declared table of settings: each has a name, a default and help text.

Every setting can be given as an environment variable ``ASKBIO_<NAME>`` (upper case); the
command line overrides the environment. The README's settings table is checked against this one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str

    @property
    def env_var(self) -> str:
        return "ASKBIO_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("corpus", None, "Folder of documents to answer from (default: the bundled corpus)."),
    Setting(
        "index_dir",
        None,
        "Folder for the saved index (default: a per-corpus folder under the user cache).",
    ),
    Setting("top_k", 3, "How many passages an answer cites at most."),
    Setting("max_question_chars", 1000, "Longest question accepted, in characters."),
    Setting(
        "min_confidence",
        0.58,
        "Below this confidence askbio abstains instead of answering.",
    ),
    Setting("host", "127.0.0.1", "Address askbio serve listens on."),
    Setting("port", 8000, "Port askbio serve listens on."),
    Setting("workers", 2, "Worker processes of askbio serve."),
    Setting(
        "cors_origins",
        "",
        "Comma-separated origins allowed to call the API from a browser (none by default).",
    ),
    Setting("max_body_bytes", 16384, "Largest request body the API accepts, in bytes."),
    Setting(
        "rate_limit",
        "60/minute",
        "Questions one client may ask (flask-limiter syntax, e.g. '60/minute;1000/day'; 'off' for none).",
    ),
    Setting(
        "rate_limit_storage",
        "memory://",
        "Where rate-limit counters live: memory:// (one process) or redis://HOST:PORT to share them.",
    ),
    Setting("proxies", 0, "Reverse proxies in front of askbio serve whose X-Forwarded-For is trusted."),
    Setting(
        "unanswered_log",
        None,
        "SQLite file where questions askbio could not answer are logged (off by default).",
    ),
)


@dataclass(frozen=True)
class Config:
    """The resolved settings."""

    corpus: Path | None = None
    index_dir: Path | None = None
    top_k: int = 3
    max_question_chars: int = 1000
    min_confidence: float = 0.58
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2
    cors_origins: str = ""
    max_body_bytes: int = 16384
    rate_limit: str = "60/minute"
    rate_limit_storage: str = "memory://"
    proxies: int = 0
    unanswered_log: Path | None = None

    @classmethod
    def from_env(
        cls, overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
    ) -> Config:
        """Defaults, then ``ASKBIO_*`` environment variables, then non-None overrides."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        types = {f.name: f.type for f in fields(cls)}
        for setting in SETTINGS:
            raw = environ.get(setting.env_var)
            if raw not in (None, ""):
                values[setting.name] = _coerce(setting.name, str(types[setting.name]), raw)
        for name, value in (overrides or {}).items():
            if value is not None:
                values[name] = _coerce(name, str(types[name]), value)
        return cls(**values)

    @property
    def allowed_origins(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]


def _coerce(name: str, type_name: str, value: Any) -> Any:
    from askbio.errors import AskbioError

    try:
        if "Path" in type_name:
            return Path(value).expanduser()
        if type_name == "int":
            return int(value)
        if type_name == "float":
            return float(value)
        return str(value)
    except (TypeError, ValueError):
        raise AskbioError(
            f"setting {name!r}: {value!r} is not a valid {type_name}", code="bad_setting"
        ) from None
