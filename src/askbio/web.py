"""The HTTP API and the demo page: ``create_app(config=None, engine=None)``.

Views are thin shells around the Engine. Every error, whatever raised it, leaves as
``{"error": {"code": ..., "message": ...}}`` with its HTTP status: never an HTML page or a traceback.
"""

from __future__ import annotations

import json
import logging
import math
import re
import threading
import time
from pathlib import Path
from typing import Any

import orjson
from flask import Flask, Response, current_app, request, send_from_directory
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from askbio import __version__
from askbio.admin import WrongTokens
from askbio.collection import Collection, CollectionCache
from askbio.errors import AskbioError, BadRequest, BadSetting
from askbio.settings import Config

log = logging.getLogger("askbio")

MAX_HISTORY_TURNS = 20
STATIC_FILES = {"widget.js", "widget.css", "demo.css", "demo.js", "document.css", "favicon.ico"}

# Security headers on every response; the demo page may load only its own scripts and styles.
_COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "SAMEORIGIN",
}
_PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'"
)
_API_CSP = "default-src 'none'; frame-ancestors 'none'"
# What every response carries, and every /api/ response (`_ResponseHeaders` adds them, and
# `Vary: Origin` besides).
_PAGE_HEADERS = list(_COMMON_HEADERS.items())
_API_HEADERS = [*_PAGE_HEADERS, ("Content-Security-Policy", _API_CSP), ("Cache-Control", "no-store")]
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def web_dir() -> Path:
    """The widget's files: ``web/`` of a source checkout, or the copy inside the package."""
    here = Path(__file__).resolve().parent
    checkout = here.parent.parent / "web"
    return checkout if checkout.is_dir() else here / "web"


def create_app(config: Config | None = None, engine: Any = None) -> Flask:
    """Build the Flask app. Pass an `engine` to share one (tests); otherwise one is made from
    `config`. The index is loaded lazily, once per process, on the first request that needs it."""
    from askbio.engine import Engine

    config = config or Config.from_env()
    app = Flask(__name__, static_folder=None)
    app.config["MAX_CONTENT_LENGTH"] = config.max_body_bytes
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["askbio"] = engine or Engine(config)
    app.extensions["askbio.config"] = config

    app.register_error_handler(Exception, _handle_error)
    app.wsgi_app = _ResponseHeaders(app.wsgi_app, config.allowed_origins)  # type: ignore[method-assign]
    if config.proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=config.proxies, x_proto=config.proxies)  # type: ignore[method-assign]
    app.add_url_rule("/api/chat", view_func=_rate_limited(app, config, chat), methods=["POST"])
    app.add_url_rule("/api/health", view_func=health, methods=["GET"])
    app.add_url_rule("/api/openapi.json", view_func=openapi, methods=["GET"])
    app.add_url_rule("/api/collection", view_func=collection, methods=["GET"])
    app.add_url_rule("/", view_func=demo_page, methods=["GET"])
    app.add_url_rule("/documents/<path:doc_id>", view_func=document_view, methods=["GET"])
    app.add_url_rule("/admin", view_func=admin_page, methods=["GET"])
    app.add_url_rule("/admin/export.yaml", view_func=admin_export, methods=["GET"])
    app.add_url_rule("/admin/login", view_func=admin_login, methods=["POST"])
    app.add_url_rule("/admin/logout", view_func=admin_logout, methods=["POST"])
    app.extensions["askbio.collection"] = CollectionCache(config.title)
    app.extensions["askbio.wrong_tokens"] = WrongTokens()
    # Only the files served have a rule: any other path is 404 whatever the method (a rule
    # for any name made OPTIONS /nope 200 and PUT /nope 405).
    names = ", ".join(f'"{name}"' for name in sorted(STATIC_FILES))
    app.add_url_rule(f"/<any({names}):name>", view_func=static_file, methods=["GET"])
    return app


def _rate_limited(app: Flask, config: Config, view: Any) -> Any:
    """The view behind a per-client limit; counters in memory, or in Redis to share them
    between replicas (falling back to memory if Redis cannot be reached)."""
    _check_rate_limit(config)
    if config.rate_limit.strip().lower() in ("", "off", "none"):
        return view
    from flask_limiter import Limiter
    from flask_limiter.util import get_remote_address

    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri=config.rate_limit_storage,
        headers_enabled=True,
        in_memory_fallback_enabled=True,
        key_prefix="askbio",
    )
    app.extensions["askbio.limiter"] = limiter
    return limiter.limit(config.rate_limit)(view)


def _check_rate_limit(config: Config) -> None:
    """BadSetting for a limit or a counter storage flask-limiter cannot read: it would log an
    error on each request and let every request through."""
    from limits import parse_many
    from limits.errors import ConfigurationError
    from limits.storage import storage_from_string

    limit = config.rate_limit.strip()
    if limit.lower() not in ("", "off", "none"):
        try:
            parse_many(limit)
        except ValueError:
            raise BadSetting(
                f"setting 'rate_limit': {limit!r} is not valid; it must be like '60/minute' or "
                "'10/second;1000/day' (second, minute, hour, day, month or year), or 'off'"
            ) from None
    try:
        storage_from_string(config.rate_limit_storage)  # connects on first use, not here
    except ConfigurationError:
        raise BadSetting(
            f"setting 'rate_limit_storage': {config.rate_limit_storage!r} is not valid; it must be "
            "memory:// or a Redis address such as redis://HOST:PORT"
        ) from None


def _engine() -> Any:
    return current_app.extensions["askbio"]


# --- views ---------------------------------------------------------------------------------


def chat() -> Response:
    if request.mimetype != "application/json":
        # Other types are "simple" requests a page on any site may send without asking (CORS).
        raise _UnsupportedMediaType()
    body = _json_body()
    if "question" not in body:
        raise BadRequest("the body needs a 'question' field", code="missing_question")
    history = body.get("history", [])
    if (
        not isinstance(history, list)
        or len(history) > MAX_HISTORY_TURNS
        or not all(
            isinstance(turn, dict) and all(isinstance(v, str) for v in turn.values()) for turn in history
        )
    ):
        raise BadRequest(
            f"'history' must be a list of at most {MAX_HISTORY_TURNS} objects with string values",
            code="invalid_history",
        )
    answer = _engine().ask(body["question"], history=history)
    return _json(answer.to_dict())


def health() -> Response:
    info = _engine().info()
    return _json(
        {
            "status": "ok",
            "version": __version__,
            "documents": info["documents"],
            "passages": info["passages"],
            "index_version": info["index_version"],
        }
    )


def openapi() -> Response:
    from askbio.openapi import spec

    config: Config = current_app.extensions["askbio.config"]
    return _json(spec(config))


def _collection() -> Collection:
    cache: CollectionCache = current_app.extensions["askbio.collection"]
    return cache.get(_engine())


def collection() -> Response:
    config: Config = current_app.extensions["askbio.config"]
    return _json({**_collection().to_dict(), "max_question_chars": config.max_question_chars})


def demo_page() -> Response:
    """The demo page, made from the collection served: its documents, its suggested questions,
    and the embed snippet with this server's address."""
    about = _collection().to_dict()
    html = _templates().get_template("index.html").render(collection=about, host=request.host_url.rstrip("/"))
    response = Response(html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = _PAGE_CSP
    response.headers["Cache-Control"] = "no-cache"
    return response


def document_view(doc_id: str) -> Response:
    """askbio's view of one document; `passage` and `sentence` (``START-END`` in the document's
    text) say what a citation links to, to be highlighted."""
    from askbio.document_page import render

    found = _engine().document(doc_id)
    if found is None:
        raise _NotFound(f"no document {doc_id!r} in this collection")
    document, passages = found
    page = render(
        document,
        passages,
        cited=request.args.get("passage"),
        sentence=_range_arg("sentence"),
        collection=_collection().title,
    )
    response = Response(page, mimetype="text/html")
    response.headers["Content-Security-Policy"] = _PAGE_CSP
    response.headers["Cache-Control"] = "no-cache"
    return response


# --- the curator's page ------------------------------------------------------------------------


def admin_page() -> Response:
    """The unanswered questions (HTML, or JSON for a client that asks for it), behind the token."""
    refused = _admin_refusal()
    if refused is not None:
        return refused
    rows, nearest = _unanswered()
    if _wants_json():
        from askbio.admin import to_json_rows

        return _no_store(_json({"questions": to_json_rows(rows, nearest)}))
    from askbio.admin import render_page

    config: Config = current_app.extensions["askbio.config"]
    page = render_page(
        rows, nearest, collection=_collection().title, log_on=config.unanswered_log is not None
    )
    return _admin_html(page)


def admin_export() -> Response:
    """The unanswered questions as a question-set YAML skeleton for `askbio eval`."""
    refused = _admin_refusal()
    if refused is not None:
        return refused
    from askbio.admin import export_question_set

    rows, nearest = _unanswered()
    response = Response(export_question_set(rows, nearest), mimetype="application/yaml")
    response.headers["Content-Disposition"] = 'attachment; filename="unanswered.yaml"'
    return _no_store(response)


def admin_login() -> Response:
    """The login form's token, checked; a cookie holding its keyed hash opens the page after."""
    from askbio.admin import COOKIE, login_page, session_value, token_matches

    token = _admin_token()
    refused = _too_many_wrong_tokens()
    if refused is not None:
        return refused
    if not token_matches(request.form.get("token"), token):
        current_app.extensions["askbio.wrong_tokens"].failed(request.remote_addr or "")
        return _admin_html(login_page("That is not the admin token."), 401)
    response = Response(status=303, headers={"Location": "/admin"})
    response.set_cookie(
        COOKIE,
        session_value(token),
        httponly=True,
        samesite="Strict",
        secure=request.is_secure,
        path="/admin",
    )
    return _no_store(response)


def admin_logout() -> Response:
    from askbio.admin import COOKIE

    _admin_token()
    response = Response(status=303, headers={"Location": "/admin"})
    response.delete_cookie(COOKIE, path="/admin", httponly=True, samesite="Strict")
    return _no_store(response)


def _admin_token() -> str:
    """The admin token; without one the curator's pages do not exist (404)."""
    config: Config = current_app.extensions["askbio.config"]
    if not config.admin_token:
        raise _NotFound()
    return config.admin_token


def _admin_refusal() -> Response | None:
    """None when the request carries the token (header or login cookie); else a login page for
    a browser, or the API's error shape (401) for any other client."""
    from askbio.admin import COOKIE, login_page, session_matches, token_matches

    token = _admin_token()
    refused = _too_many_wrong_tokens()
    if refused is not None:
        return refused
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token_matches(given.strip(), token):
        return None
    if scheme:
        current_app.extensions["askbio.wrong_tokens"].failed(request.remote_addr or "")
    if not scheme and session_matches(request.cookies.get(COOKIE), token):
        return None
    if scheme or _wants_json() or not request.accept_mimetypes.accept_html:
        response = _no_store(
            _error(401, "unauthorized", "this page needs the admin token (Authorization: Bearer TOKEN)")
        )
        response.headers["WWW-Authenticate"] = 'Bearer realm="askbio admin"'
        return response
    return _admin_html(login_page(), 401)


def _too_many_wrong_tokens() -> Response | None:
    """A 429 for a client that gave too many wrong admin tokens lately, else None."""
    wait = current_app.extensions["askbio.wrong_tokens"].wait(request.remote_addr or "")
    if not wait:
        return None
    response = _no_store(_error(429, "rate_limited", "too many wrong admin tokens; try again later"))
    response.headers["Retry-After"] = str(math.ceil(wait))
    return response


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def _unanswered() -> tuple[list[dict[str, Any]], list[Any]]:
    """The logged unanswered questions, most frequent first, and the passage nearest each."""
    from askbio.admin import MAX_ROWS, Nearest

    config: Config = current_app.extensions["askbio.config"]
    if config.unanswered_log is None:
        return [], []
    log_ = current_app.extensions.get("askbio.admin_log")
    if log_ is None:
        from askbio.unanswered import UnansweredLog

        log_ = UnansweredLog(config.unanswered_log, config.unanswered_retention_days)
        current_app.extensions["askbio.admin_log"] = log_
    rows = log_.report(MAX_ROWS)
    engine = _engine()
    nearest: list[Any] = []
    for row in rows:
        try:
            hits = engine.search(row["question"], k=1)
        except AskbioError:  # a question the log kept that is no longer acceptable
            hits = []
        if not hits:
            nearest.append(None)
            continue
        passage = hits[0].passage
        found = engine.document(passage.doc_id)
        title = found[0].title if found else passage.doc_id
        nearest.append(Nearest(passage.doc_id, title, passage.passage_id, passage.text))
    return rows, nearest


def _admin_html(page: str, status: int = 200) -> Response:
    response = Response(page, status=status, mimetype="text/html")
    response.headers["Content-Security-Policy"] = _PAGE_CSP
    return _no_store(response)


def _no_store(response: Response) -> Response:
    """Never cached, by the browser or a proxy: the page shows what visitors asked."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response


def _range_arg(name: str) -> tuple[int, int] | None:
    """A ``START-END`` query argument as two offsets, or None when absent; BadRequest if malformed."""
    raw = request.args.get(name)
    if raw is None:
        return None
    match = re.fullmatch(r"(\d{1,9})-(\d{1,9})", raw)
    if not match or int(match[1]) > int(match[2]):
        raise BadRequest(
            f"'{name}' must be two character offsets START-END, START no greater than END",
            code="invalid_parameter",
        )
    return int(match[1]), int(match[2])


def _templates() -> Any:
    env = current_app.extensions.get("askbio.templates")
    if env is None:
        from jinja2 import Environment, FileSystemLoader, select_autoescape

        env = Environment(loader=FileSystemLoader(web_dir()), autoescape=select_autoescape(["html"]))
        current_app.extensions["askbio.templates"] = env
    return env


def static_file(name: str) -> Response:
    return send_from_directory(web_dir(), name, max_age=300)


# --- plumbing ------------------------------------------------------------------------------


class _NotFound(AskbioError):
    code = "not_found"
    status = 404

    def __init__(self, message: str = "no such resource") -> None:
        super().__init__(message)


class _UnsupportedMediaType(AskbioError):
    code = "unsupported_media_type"
    status = 415

    def __init__(self) -> None:
        super().__init__("send the question as JSON, with the header Content-Type: application/json")


def _json_body() -> dict[str, Any]:
    """The request body as a JSON object; BadRequest says exactly what is wrong with it."""
    raw = _read_body()
    if not raw.strip():
        raise BadRequest("the request body is empty; send a JSON object", code="empty_body")
    try:
        # orjson reads strict UTF-8 JSON with no lone surrogates in a tenth of the standard
        # library's time; what it refuses, the standard library reads or says what is wrong.
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        data = _parse_refused(raw)
    if not isinstance(data, dict):
        raise BadRequest("the body must be a JSON object", code="invalid_body")
    return data


def _parse_refused(raw: bytes) -> Any:
    """A body orjson refused, read by the standard library: the JSON it also accepts (NaN,
    Infinity, integers of more than 64 bits), or a BadRequest saying what is wrong."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"the body is not valid UTF-8 (byte {exc.start})", code="invalid_utf8") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise BadRequest(f"the body is not valid JSON ({exc})", code="invalid_json") from None
    except RecursionError:
        raise BadRequest("the body is nested too deeply", code="invalid_json") from None
    try:
        # JSON escapes can spell lone surrogates ("\ud800"), which are not text; only a body
        # with such an escape needs the (full) check.
        if _SURROGATE_ESCAPE.search(text):
            json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise BadRequest(
            "the body contains invalid Unicode (a lone surrogate)", code="invalid_unicode"
        ) from None
    return data


def _read_body() -> bytes:
    """The raw request body, at most MAX_CONTENT_LENGTH bytes (413 beyond).

    Read straight from the server's stream: werkzeug's limited stream costs more than parsing
    the question, and it cuts a chunked body at the limit without saying so."""
    environ = request.environ
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    length = request.content_length
    if length is not None and limit is not None and length > limit:
        raise RequestEntityTooLarge()
    if length is None and not environ.get("wsgi.input_terminated"):
        return b""  # no length, and a server that does not end the stream: nothing is safe to read
    try:
        if length is not None:
            return bytes(environ["wsgi.input"].read(length))
        raw = bytes(environ["wsgi.input"].read() if limit is None else environ["wsgi.input"].read(limit + 1))
    except Exception:  # the server's stream raises its own errors for a malformed or cut-off body
        raise BadRequest(
            "the request body could not be read (malformed chunked encoding, or the connection "
            "closed before its end)",
            code="invalid_body",
        ) from None
    if limit is not None and len(raw) > limit:
        raise RequestEntityTooLarge()
    return raw


def _json(data: Any, status: int = 200) -> Response:
    # orjson: an answer's JSON (a few kilobytes of cited text) in a fifth of json.dumps's time,
    # as UTF-8, never NaN or Infinity (they become null).
    return Response(orjson.dumps(data), status=status, mimetype="application/json")


def _handle_error(exc: Exception) -> Response:
    if isinstance(exc, AskbioError):
        if exc.status >= 500:
            log.error("%s: %s", exc.code, exc.message)
            return _error(exc.status, exc.code, "the server could not answer; try again later")
        return _error(exc.status, exc.code, exc.message)
    if isinstance(exc, HTTPException):
        status = exc.code or 500
        code = {
            404: "not_found",
            405: "method_not_allowed",
            413: "body_too_large",
            429: "rate_limited",
        }.get(status, (exc.name or "error").lower().replace(" ", "_"))
        message = {
            429: "too many questions from this address; wait a little and try again",
            404: "no such resource",
            405: f"method {request.method} is not allowed here",
            413: f"the request body is larger than {current_app.config['MAX_CONTENT_LENGTH']} bytes",
        }.get(status, exc.description or exc.name)
        response = _error(status, code, str(message))
        if status == 429:
            response.headers["Retry-After"] = "60"
        if status == 405 and hasattr(exc, "valid_methods") and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response
    log.exception("internal error on %s %s", request.method, request.path)
    return _error(500, "internal_error", "the server could not answer; try again later")


def _error(status: int, code: str, message: str) -> Response:
    return _json({"error": {"code": code, "message": message}}, status)


class _ResponseHeaders:
    """WSGI middleware adding the security headers to every response, and the CORS headers to
    /api/ responses for an allowed Origin: one list extension a response, in one place for
    views, errors and static files alike (werkzeug's Headers would check each header again)."""

    def __init__(self, app: Any, allowed_origins: list[str]) -> None:
        self.app = app
        self.allowed_origins = frozenset(allowed_origins)
        self.refused = RefusedOrigins()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        api = environ.get("PATH_INFO", "").startswith("/api/")
        added = _API_HEADERS if api else _PAGE_HEADERS
        origin = environ.get("HTTP_ORIGIN")
        if api and origin in self.allowed_origins:
            added = [
                *added,
                ("Access-Control-Allow-Origin", origin),
                ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
                ("Access-Control-Allow-Headers", "Content-Type"),
                ("Access-Control-Expose-Headers", "Retry-After"),
                ("Access-Control-Max-Age", "600"),
            ]
        elif api and origin and not _same_origin(origin, environ):
            self.refused.note(origin)

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            present = {name.lower() for name, _ in headers}  # a view's own header wins
            headers.extend(h for h in added if h[0].lower() not in present)
            headers.append(("Vary", "Origin"))  # added to any Vary already there
            return start_response(status, headers, exc_info)

        return self.app(environ, start)


def _same_origin(origin: str, environ: dict[str, Any]) -> bool:
    """Whether an Origin header names this server (browsers send one on same-origin POSTs too)."""
    host = str(environ.get("HTTP_HOST") or environ.get("SERVER_NAME", ""))
    return origin.partition("://")[2] == host


class RefusedOrigins:
    """Logs a page origin the API refused (not in cors_origins), once per origin every
    REPEAT_SECONDS, so a busy page that is refused cannot flood the log."""

    REPEAT_SECONDS = 600.0
    REMEMBERED = 1000  # origins remembered at most; beyond, the memory starts again

    def __init__(self) -> None:
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def note(self, origin: str) -> bool:
        """Log `origin` unless it was logged lately; whether it was logged."""
        now = time.monotonic()
        with self._lock:
            last = self._last.get(origin)
            if last is not None and now - last < self.REPEAT_SECONDS:
                return False
            if len(self._last) >= self.REMEMBERED:
                self._last.clear()
            self._last[origin] = now
        log.warning(
            "refused a browser request from %s: the origin is not in cors_origins (ASKBIO_CORS_ORIGINS); "
            "add it there if that page may use the API",
            _printable(origin),
        )
        return True


def _printable(origin: str) -> str:
    """An Origin header as it may be logged: control characters escaped, at most 200 characters."""
    return origin[:200].encode("unicode_escape").decode("ascii")
