"""Fuzzing the HTTP API: schemathesis requests for every operation of the served OpenAPI document,
then generated garbage (bytes, JSON, content types, methods, paths). Whatever comes in, no 5xx
goes out, every error has the one JSON shape, and every success conforms to the schema.

Volume goes through the WSGI app (Flask's test client); a smaller number of requests go over
real HTTP to `askbio serve` on 127.0.0.1. The generated cases are marked `slow` (hundreds of
examples each); the fixed cases at the end run in the fast loop too.
"""

from __future__ import annotations

import json
import string
from typing import Any
from urllib.parse import quote

import jsonschema
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from askbio.settings import Config
from askbio.web import create_app

HEALTH_CHECKS = list(HealthCheck)  # conftest's autouse fixture is function-scoped; examples share it
WSGI = settings(max_examples=500, deadline=None, database=None, suppress_health_check=HEALTH_CHECKS)
LIVE = settings(max_examples=100, deadline=None, database=None, suppress_health_check=HEALTH_CHECKS)

# Schemathesis: positive and negative cases, its coverage phase (boundaries, missing and
# wrong-typed fields, undocumented methods) and its fuzzing phase. Status expectations that the
# API documents on purpose: a blank question is valid for the schema (minLength 1) but rejected
# with 400 empty_question, and a schema-valid body can still exceed max_body_bytes (413).
ST_CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {"mode": "all", "max-examples": 400, "database": "none"},
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2XX", "400", "413"]},
            "negative_data_rejection": {"expected-statuses": ["400", "404", "405", "413", "415", "422"]},
        },
    }
)


class _SpecOnlyEngine:
    """The engine of the app the schema is loaded from at import time: serving the OpenAPI
    document never touches it; requests go to the `app` fixture, around the session's engine."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the spec-only app was asked for engine.{name}")


# Loaded at import time for `SCHEMA.parametrize()`: schemathesis' lazy `from_fixture` loader sets
# `request.node._nodeid`, which pytest 9.2 no longer has, so it cannot be used here.
SCHEMA = schemathesis.openapi.from_wsgi(
    "/api/openapi.json",
    create_app(Config(rate_limit="off"), engine=_SpecOnlyEngine()),
    config=ST_CONFIG,
)


@pytest.fixture(scope="module")
def app(seed_engine):
    return create_app(Config(rate_limit="off"), engine=seed_engine)


@pytest.fixture(scope="module")
def openapi_doc(app) -> dict[str, Any]:
    return app.test_client().get("/api/openapi.json").get_json()


def check_reply(doc: dict[str, Any], method: str, path: str, response: Any, body: bytes) -> None:
    """check_response for an HTTP client's response (status and Content-Type read from it)."""
    check_response(doc, method, path, response.status_code, response.headers.get("Content-Type"), body)


def check_response(
    doc: dict[str, Any], method: str, path: str, status: int, content_type: str | None, body: bytes
) -> None:
    """No 5xx; 4xx (and any 5xx) bodies are exactly {"error": {"code": str, "message": str}} as application/json;
    2xx bodies of the API conform to the OpenAPI schema."""
    where = f"{method} {path} -> {status}: {body[:300]!r}"
    assert status < 500, where
    mimetype = (content_type or "").split(";")[0].strip().lower()
    if status >= 400:
        assert mimetype == "application/json", (content_type, where)
        if method.upper() == "HEAD":
            return  # no body to look at
        data = json.loads(body)
        assert isinstance(data, dict) and set(data) == {"error"}, where
        error = data["error"]
        assert isinstance(error, dict) and set(error) == {"code", "message"}, where
        assert isinstance(error["code"], str) and error["code"], where
        assert isinstance(error["message"], str) and error["message"], where
        assert "Traceback" not in error["message"] and "site-packages" not in error["message"], where
        return
    name = SUCCESS_SCHEMAS.get((method.upper(), path.split("?")[0]))
    if 200 <= status < 300 and name is not None:
        assert mimetype == "application/json", (content_type, where)
        jsonschema.validate(json.loads(body), {"$ref": f"#/components/schemas/{name}", **doc})


MAX_QUESTION = Config().max_question_chars
SUCCESS_SCHEMAS = {("POST", "/api/chat"): "Answer", ("GET", "/api/health"): "Health"}


# --- schemathesis, through the WSGI app ----------------------------------------------------


def validate(case, response, doc: dict[str, Any]) -> None:
    """Schemathesis' checks (server errors, status codes, content types, response schemas,
    negative data rejected, positive data accepted, undocumented methods), then ours."""
    case.validate_response(response)
    check_response(
        doc,
        case.method,
        case.formatted_path,
        response.status_code,
        (response.headers.get("content-type") or [None])[0],
        response.content,
    )


@pytest.mark.slow
@SCHEMA.parametrize()
@settings(WSGI, max_examples=400)
def test_schemathesis_every_operation_wsgi(case, app, openapi_doc):
    validate(case, case.call(app=app), openapi_doc)


# --- schemathesis, over real HTTP ----------------------------------------------------------


@pytest.fixture(scope="module")
def live_schema(live_server):
    return schemathesis.openapi.from_url(f"{live_server}/api/openapi.json", config=ST_CONFIG)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_schemathesis_every_operation_over_http(live_server, live_schema, openapi_doc, mode):
    strategy = live_schema.as_strategy(generation_mode=schemathesis.GenerationMode(mode))
    session = requests.Session()

    @LIVE
    @given(case=strategy)
    def run(case):
        validate(case, case.call(session=session, timeout=30), openapi_doc)

    try:
        run()
    finally:
        session.close()


# --- generated garbage ---------------------------------------------------------------------

ANY_CHAR = st.characters(codec="utf-8")  # lone surrogates have their own test below
JSON_SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(ANY_CHAR, max_size=40),
)
JSON_VALUE = st.recursive(
    JSON_SCALAR,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(
            st.one_of(st.sampled_from(["question", "history", "answer"]), st.text(ANY_CHAR)),
            children,
            max_size=5,
        ),
    ),
    max_leaves=30,
)
QUESTIONS = st.one_of(
    st.text(ANY_CHAR, max_size=60),
    st.sampled_from(["how many jobs in biomanufacturing?", "and in Flanders?", "hello", "\u202e\u200b", " "]),
    st.text(ANY_CHAR, min_size=995, max_size=1010),
)
HISTORY = st.one_of(
    JSON_VALUE,
    st.lists(
        st.dictionaries(
            st.sampled_from(["question", "answer", "x"]), st.one_of(QUESTIONS, JSON_SCALAR), max_size=3
        ),
        max_size=22,
    ),
)
CHAT_OBJECT = st.fixed_dictionaries(
    {}, optional={"question": st.one_of(QUESTIONS, JSON_VALUE), "history": HISTORY, "extra": JSON_VALUE}
)
HEADER_TEXT = st.text(
    st.sampled_from(string.ascii_letters + string.digits + " /;=+-.*_,\"'()"), max_size=60
).map(str.strip)
CONTENT_TYPES = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "application/json",
            "application/json; charset=utf-8",
            "application/json; charset=latin-1",
            "text/plain",
            "text/html",
            "application/xml",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
            "multipart/form-data; boundary=xyz",
            "application/octet-stream",
            "*/*",
            "",
        ]
    ),
    HEADER_TEXT,
)
METHODS = st.one_of(
    st.sampled_from(
        ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT", "PROPFIND", "QUERY"]
    ),
    st.text(st.sampled_from(string.ascii_uppercase), min_size=3, max_size=12),
)
KNOWN_PATHS = [
    "/api/chat",
    "/api/health",
    "/api/openapi.json",
    "/",
    "/widget.js",
    "/widget.css",
    "/demo.css",
    "/index.html",
]
SEGMENT = st.one_of(
    st.sampled_from(
        [
            "api",
            "chat",
            "health",
            "openapi.json",
            "..",
            ".",
            "",
            "%2e%2e",
            "%00",
            "widget.js",
            "etc",
            "passwd",
        ]
    ),
    st.text(ANY_CHAR, max_size=12).map(lambda s: quote(s, safe="")),
    st.text(st.sampled_from(string.ascii_letters + string.digits + "-._~!$&'()*+,;=:@"), max_size=12),
)
PATHS = st.one_of(
    st.sampled_from(KNOWN_PATHS),
    # Not "//...": the test client would read it as a host name (real HTTP sends it as a path).
    st.lists(SEGMENT, min_size=1, max_size=5).map(lambda parts: "/" + "/".join(parts).lstrip("/")),
    st.tuples(
        st.sampled_from(KNOWN_PATHS), st.text(st.sampled_from(string.ascii_letters + "=&%+/"), max_size=20)
    ).map("?".join),
)
LIVE_PATHS = st.one_of(
    PATHS, st.lists(SEGMENT, min_size=1, max_size=5).map(lambda parts: "/" + "/".join(parts))
)
BODIES = st.one_of(
    st.binary(max_size=2048),
    JSON_VALUE.map(lambda v: json.dumps(v).encode()),
    CHAT_OBJECT.map(lambda v: json.dumps(v, ensure_ascii=False).encode()),
    st.binary(min_size=16_000, max_size=17_000),
)


def send(
    client, openapi_doc, method: str, path: str, body: bytes | None, content_type: str | None, **headers: str
):
    if content_type is not None:
        headers["Content-Type"] = content_type
    response = client.open(path, method=method, data=body, headers=headers)
    try:
        check_reply(openapi_doc, method, path, response, response.data)
    finally:
        response.close()  # a static file's response holds the file open until closed
    return response


@pytest.mark.slow
@WSGI
@given(body=st.binary(max_size=4096), content_type=CONTENT_TYPES)
@example(body=b"", content_type=None)
@example(body=b"\xff\xfe\x00{", content_type="application/json")
@example(body=b'{"question": "caf\xe9"}', content_type="application/json")
@example(body=b"\xef\xbb\xbf" + b'{"question": "jobs"}', content_type="application/json")
@example(body=b"1" * 4400, content_type="application/json")
def test_random_bytes_bodies(app, openapi_doc, body, content_type):
    send(app.test_client(), openapi_doc, "POST", "/api/chat", body, content_type)


@pytest.mark.slow
@WSGI
@given(value=JSON_VALUE, ensure_ascii=st.booleans(), content_type=CONTENT_TYPES)
@example(
    value={"question": "how many jobs?", "history": [{"question": "and in Flanders?"}]},
    ensure_ascii=True,
    content_type=None,
)
@example(value=[{"question": "jobs"}], ensure_ascii=True, content_type=None)
def test_random_json_bodies(app, openapi_doc, value, ensure_ascii, content_type):
    body = json.dumps(value, ensure_ascii=ensure_ascii).encode()
    send(app.test_client(), openapi_doc, "POST", "/api/chat", body, content_type)


@pytest.mark.slow
@WSGI
@given(value=CHAT_OBJECT, ensure_ascii=st.booleans())
@example(value={"question": float("nan")}, ensure_ascii=True)
@example(value={"question": "jobs", "history": [{"question": float("inf")}]}, ensure_ascii=True)
@example(value={"question": "x" * 1001}, ensure_ascii=True)
@example(value={"question": "é" * 1000}, ensure_ascii=True)  # 6 bytes each escaped: within the body limit
def test_random_chat_objects(app, openapi_doc, value, ensure_ascii):
    """Objects shaped like a chat request, with any JSON for the question and history."""
    body = json.dumps(value, ensure_ascii=ensure_ascii).encode()
    response = send(app.test_client(), openapi_doc, "POST", "/api/chat", body, "application/json")
    question = value.get("question")
    if response.status_code == 200:
        assert isinstance(question, str) and 1 <= len(question.strip()) <= MAX_QUESTION


@pytest.mark.slow
@WSGI
@given(
    method=METHODS,
    path=PATHS,
    body=st.one_of(st.none(), BODIES),
    content_type=CONTENT_TYPES,
    origin=st.one_of(st.none(), st.just("https://allowed.example"), HEADER_TEXT),
)
@example(method="GET", path="/../../pyproject.toml", body=None, content_type=None, origin=None)
@example(method="GET", path="/api/%2e%2e/%2e%2e/pyproject.toml", body=None, content_type=None, origin=None)
@example(method="DELETE", path="/api/chat", body=b"{}", content_type="application/json", origin="null")
@example(method="HEAD", path="/api/nope", body=None, content_type=None, origin=None)
@example(method="POST", path="/api/chat", body=b"x" * 17_000, content_type="application/json", origin=None)
def test_random_methods_paths_and_bodies(app, openapi_doc, method, path, body, content_type, origin):
    headers = {} if origin is None else {"Origin": origin}
    response = send(app.test_client(), openapi_doc, method, path, body, content_type, **headers)
    if 300 <= response.status_code < 400:
        assert response.headers.get("Location"), (method, path)


# --- garbage over real HTTP ----------------------------------------------------------------
# Only well-formed HTTP: gunicorn answers a malformed request line (a lower-case method, bytes
# outside the URL grammar, a line over 8190 bytes) itself, before the app, with an HTML 400/414.


@pytest.fixture(scope="module")
def http():
    with requests.Session() as session:
        yield session


@pytest.mark.slow
@LIVE
@given(method=METHODS, path=LIVE_PATHS, body=st.one_of(st.none(), BODIES), content_type=CONTENT_TYPES)
@example(method="GET", path="//api//health", body=None, content_type=None)
@example(method="POST", path="/api/chat", body=b"\xff" * 100, content_type="application/json")
@example(method="POST", path="/api/chat", body=b"x" * 17_000, content_type="application/json")
def test_random_requests_over_http(live_server, http, openapi_doc, method, path, body, content_type):
    headers = {} if content_type is None else {"Content-Type": content_type}
    response = http.request(
        method, live_server + path, data=body, headers=headers, timeout=30, allow_redirects=False
    )
    check_reply(openapi_doc, method, path, response, response.content)


@pytest.mark.slow
@LIVE
@given(value=st.one_of(CHAT_OBJECT, JSON_VALUE), ensure_ascii=st.booleans())
def test_random_json_over_http(live_server, http, openapi_doc, value, ensure_ascii):
    body = json.dumps(value, ensure_ascii=ensure_ascii).encode()
    response = http.post(
        live_server + "/api/chat", data=body, headers={"Content-Type": "application/json"}, timeout=30
    )
    check_reply(openapi_doc, "POST", "/api/chat", response, response.content)


# --- known bugs ----------------------------------------------------------------------------

SURROGATES = [
    b'{"question": "\\ud800"}',
    b'{"question": "how many jobs \\udfff?"}',
    b'{"question": "jobs", "history": [{"question": "\\ud83d"}]}',
]


@pytest.mark.parametrize("body", SURROGATES, ids=["question", "in-a-word", "in-history"])
def test_lone_surrogates_in_the_json_body_are_a_client_error(app, openapi_doc, body):
    send(app.test_client(), openapi_doc, "POST", "/api/chat", body, "application/json")


DEEP = [
    b"[" * 2000 + b"]" * 2000,
    b'{"question": "jobs", "history": ' + b"[" * 1500 + b"]" * 1500 + b"}",
    b'{"question": ' + b'{"a": ' * 1200 + b"1" + b"}" * 1200 + b"}",
    b"[" * 10_000,
]


@pytest.mark.parametrize("body", DEEP, ids=["array", "history", "object", "unclosed"])
def test_deeply_nested_json_is_a_client_error(app, openapi_doc, body):
    assert len(body) < Config().max_body_bytes  # within the body limit: the app must parse it
    send(app.test_client(), openapi_doc, "POST", "/api/chat", body, "application/json")


@pytest.mark.parametrize("question", ["jobs" + " " * 1000, "\n" * 600 + "how many jobs?" + "\t" * 600])
def test_the_server_and_the_schema_agree_on_the_question_length(app, openapi_doc, question):
    body = {"question": question}
    request_schema = {"$ref": "#/components/schemas/ChatRequest", **openapi_doc}
    valid = jsonschema.Draft202012Validator(request_schema).is_valid(body)
    response = send(
        app.test_client(), openapi_doc, "POST", "/api/chat", json.dumps(body).encode(), "application/json"
    )
    assert (response.status_code == 200) == valid, (valid, response.status_code)
