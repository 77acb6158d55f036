"""The HTTP API through Flask's test client and, for the same cases, over real HTTP (a real
`askbio serve`: those tests are marked `slow`)."""

from __future__ import annotations

import collections
import contextlib
import http.client
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest
import requests

from askbio.errors import AskbioError
from askbio.openapi import ERROR_CODES
from askbio.settings import Config
from askbio.web import create_app
from conftest import TINY as TINY_DOCS


@pytest.fixture(scope="module")
def app(seed_engine):
    config = Config(cors_origins="https://allowed.example", max_body_bytes=4096, rate_limit="10000/minute")
    return create_app(config, engine=seed_engine)


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def spec(app):
    return app.test_client().get("/api/openapi.json").get_json()


def validate(spec: dict, schema_name: str, data: object) -> None:
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": spec["components"]}
    jsonschema.validate(data, schema)


def assert_error(response_status: int, body: dict, status: int, code: str, spec: dict) -> None:
    """The one error shape: {"error": {"code", "message"}}, nothing else, no internals."""
    assert response_status == status, body
    validate(spec, "Error", body)
    assert body["error"]["code"] == code
    assert code in ERROR_CODES  # the codes the OpenAPI description lists
    text = json.dumps(body)
    assert "Traceback" not in text and "/work/" not in text and "site-packages" not in text


# Each case: method, path, raw body, headers, expected status, expected code.
BAD_REQUESTS = [
    ("POST", "/api/chat", b"", {}, 400, "empty_body"),
    ("POST", "/api/chat", b'{"question": ', {}, 400, "invalid_json"),
    ("POST", "/api/chat", b"not json at all", {}, 400, "invalid_json"),
    ("POST", "/api/chat", b'{"question": "caf\xe9"}', {}, 400, "invalid_utf8"),
    ("POST", "/api/chat", b'["question"]', {}, 400, "invalid_body"),
    ("POST", "/api/chat", b"{}", {}, 400, "missing_question"),
    ("POST", "/api/chat", b'{"question": 42}', {}, 400, "invalid_question"),
    ("POST", "/api/chat", b'{"question": null}', {}, 400, "invalid_question"),
    ("POST", "/api/chat", b'{"question": ""}', {}, 400, "empty_question"),
    ("POST", "/api/chat", b'{"question": "  \\n\\t "}', {}, 400, "empty_question"),
    ("POST", "/api/chat", json.dumps({"question": "jobs " * 400}).encode(), {}, 413, "question_too_long"),
    ("POST", "/api/chat", json.dumps({"question": "x" * 10_000}).encode(), {}, 413, "body_too_large"),
    ("POST", "/api/chat", b'{"question": "jobs", "history": "no"}', {}, 400, "invalid_history"),
    ("POST", "/api/chat", b'{"question": "jobs", "history": [1]}', {}, 400, "invalid_history"),
    ("GET", "/api/chat", None, {}, 405, "method_not_allowed"),
    ("DELETE", "/api/health", None, {}, 405, "method_not_allowed"),
    ("GET", "/api/nope", None, {}, 404, "not_found"),
    ("OPTIONS", "/nope", None, {}, 404, "not_found"),
    ("PUT", "/nope", b"{}", {}, 404, "not_found"),
    ("DELETE", "/api/nope", None, {}, 404, "not_found"),
    # Types a page on any site may POST without a CORS preflight.
    (
        "POST",
        "/api/chat",
        b'{"question": "jobs"}',
        {"Content-Type": "text/plain"},
        415,
        "unsupported_media_type",
    ),
    (
        "POST",
        "/api/chat",
        b"question=jobs",
        {"Content-Type": "application/x-www-form-urlencoded"},
        415,
        "unsupported_media_type",
    ),
    (
        "POST",
        "/api/chat",
        b"--x--",
        {"Content-Type": "multipart/form-data; boundary=x"},
        415,
        "unsupported_media_type",
    ),
    ("GET", "/etc/passwd", None, {}, 404, "not_found"),
    ("GET", "/../../pyproject.toml", None, {}, 404, "not_found"),
]


@pytest.mark.parametrize(("method", "path", "body", "headers", "status", "code"), BAD_REQUESTS)
def test_bad_requests_get_the_json_error_shape(client, spec, method, path, body, headers, status, code):
    response = client.open(
        path, method=method, data=body, headers={"Content-Type": "application/json", **headers}
    )
    assert response.is_json
    assert_error(response.status_code, response.get_json(), status, code, spec)


@pytest.mark.slow
@pytest.mark.parametrize(("method", "path", "body", "headers", "status", "code"), BAD_REQUESTS)
def test_bad_requests_over_real_http(live_server, live_spec, method, path, body, headers, status, code):
    if code == "body_too_large":
        body = json.dumps({"question": "x" * 40_000}).encode()  # the live server keeps the default cap
    response = requests.request(
        method,
        live_server + path,
        data=body,
        headers={"Content-Type": "application/json", **headers},
        timeout=10,
    )
    assert response.headers["Content-Type"].startswith("application/json")
    assert_error(response.status_code, response.json(), status, code, live_spec)


@pytest.mark.slow
def test_chunked_bodies_over_real_http(live_server, live_spec):
    """A body sent without a Content-Length (chunked) is read, and held to the size limit,
    as one with a length is."""

    def chunks(data: bytes, size: int = 7):
        for i in range(0, len(data), size):
            yield data[i : i + size]

    body = json.dumps({"question": "how many jobs in biomanufacturing"}).encode()
    response = requests.post(
        live_server + "/api/chat", data=chunks(body), headers={"Content-Type": "application/json"}, timeout=10
    )
    assert response.request.headers.get("Transfer-Encoding") == "chunked"
    assert response.status_code == 200
    assert "50,000" in response.json()["answer"]

    huge = json.dumps({"question": "x" * 40_000}).encode()
    response = requests.post(
        live_server + "/api/chat",
        data=chunks(huge, 4096),
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert_error(response.status_code, response.json(), 413, "body_too_large", live_spec)


@pytest.fixture(scope="module")
def live_spec(live_server):
    return requests.get(live_server + "/api/openapi.json", timeout=10).json()


def test_chat_answers_with_the_documented_shape(client, spec):
    response = client.post("/api/chat", json={"question": "how many jobs in biomanufacturing"})
    assert response.status_code == 200
    data = response.get_json()
    validate(spec, "Answer", data)
    assert "50,000" in data["answer"] and not data["abstained"]
    assert data["citations"][0]["doc_id"] == "wallonia-life-sciences"


@pytest.mark.slow
def test_chat_over_real_http_matches_the_cli_answer(live_server, live_spec, seed_engine):
    question = "how many jobs in biomanufacturing"
    response = requests.post(
        live_server + "/api/chat", json={"question": question, "history": []}, timeout=10
    )
    assert response.status_code == 200
    validate(live_spec, "Answer", response.json())
    assert response.json()["answer"] == seed_engine.ask(question).answer


def test_abstention_over_http(client, spec):
    data = client.post("/api/chat", json={"question": "What is the capital of Australia?"}).get_json()
    validate(spec, "Answer", data)
    assert data["abstained"] is True and data["citations"] == []


def assert_health(data: dict, spec: dict) -> None:
    validate(spec, "Health", data)
    assert data["status"] == "ok" and data["documents"] == 2 and data["passages"] > 10
    assert data["index_version"]


def test_health_reports_counts_and_version(client, spec):
    assert_health(client.get("/api/health").get_json(), spec)


@pytest.mark.slow
def test_health_over_real_http(live_server, live_spec):
    assert_health(requests.get(live_server + "/api/health", timeout=10).json(), live_spec)


def test_cors_allows_only_configured_origins(client):
    allowed = client.post(
        "/api/chat", json={"question": "vaccines"}, headers={"Origin": "https://allowed.example"}
    )
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://allowed.example"
    other = client.post(
        "/api/chat", json={"question": "vaccines"}, headers={"Origin": "https://evil.example"}
    )
    assert "Access-Control-Allow-Origin" not in other.headers


@pytest.mark.slow
def test_cors_preflight_over_real_http(live_server):
    preflight = requests.options(
        live_server + "/api/chat",
        headers={
            "Origin": "https://allowed.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
        timeout=10,
    )
    assert preflight.status_code in (200, 204)
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://allowed.example"
    assert "content-type" in preflight.headers["Access-Control-Allow-Headers"].lower()


def test_no_cors_by_default(seed_engine):
    client = create_app(Config(), engine=seed_engine).test_client()
    response = client.post(
        "/api/chat", json={"question": "vaccines"}, headers={"Origin": "https://allowed.example"}
    )
    assert "Access-Control-Allow-Origin" not in response.headers


def test_widget_files_are_served_with_their_types(client):
    for name, kind in (("widget.js", "javascript"), ("widget.css", "css"), ("demo.css", "css")):
        response = client.get("/" + name)
        assert response.status_code == 200 and kind in response.headers["Content-Type"]
        response.close()


@pytest.mark.slow
def test_demo_page_is_served_with_security_headers_over_real_http(live_server):
    page = requests.get(live_server + "/", timeout=10)
    assert page.status_code == 200 and "widget.js" in page.text
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.slow
def test_serve_refuses_an_address_in_use_with_one_line(live_server):
    """A second server on a port already served exits at once with a usage error, instead of
    sharing the first one's connections (its workers listen with SO_REUSEPORT)."""
    port = live_server.rsplit(":", 1)[1]
    done = subprocess.run(
        [sys.executable, "-m", "askbio", "serve", "--host", "127.0.0.1", "--port", port],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == f"askbio: error: cannot listen on 127.0.0.1:{port}: " + (
        "the port is in use (is another server running?); choose another with --port"
    )
    # The first one still serves.
    assert requests.get(live_server + "/api/health", timeout=10).status_code == 200


@pytest.mark.slow
def test_serve_on_port_zero_announces_the_port_it_serves(tmp_path):
    """`--port 0` takes a free port, the same for every worker, and says which."""
    log = tmp_path / "serve.log"
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "askbio", "--index-dir", str(tmp_path / "index"), "serve", "--port", "0"],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        deadline = time.monotonic() + 60
        while not (found := re.search(r"on http://127\.0\.0\.1:(\d+) ", log.read_text())):
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        base = f"http://127.0.0.1:{found[1]}"
        assert found[1] != "0"
        for _ in range(300):
            with contextlib.suppress(requests.ConnectionError):
                assert requests.get(base + "/api/health", timeout=10).json()["passages"] > 0
                break
            time.sleep(0.1)
        else:
            pytest.fail(f"nothing answers on {base}")
    finally:
        process.terminate()
        process.wait(timeout=15)


def _server_connections(port: int) -> collections.Counter[int]:
    """How many established TCP connections to local `port` each process holds (Linux /proc)."""
    owners: dict[str, int] = {}
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        with contextlib.suppress(OSError):
            for fd in fd_dir.iterdir():
                link = os.readlink(fd)
                if link.startswith("socket:["):
                    owners[link[8:-1]] = int(fd_dir.parent.name)
    held: collections.Counter[int] = collections.Counter()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local_port, state, inode = int(fields[1].rsplit(":", 1)[1], 16), fields[3], fields[9]
        if local_port == port and state == "01" and inode in owners:  # 01: ESTABLISHED
            held[owners[inode]] += 1
    return held


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SO_REUSEPORT spreads connections on Linux")
def test_kept_alive_connections_are_spread_over_the_workers(live_server):
    """32 connections opened at once and kept alive land on both workers, not mostly on one."""
    host, port = live_server.removeprefix("http://").rsplit(":", 1)
    connections = [http.client.HTTPConnection(host, int(port), timeout=10) for _ in range(32)]
    try:
        for connection in connections:
            connection.request("GET", "/api/health")
        for connection in connections:
            response = connection.getresponse()
            assert response.status == 200
            response.read()  # the connection stays open (HTTP/1.1 keep-alive)
        held = _server_connections(int(port))
        # Two workers (the fixture's ASKBIO_WORKERS) hold them; each at least 6 of 32, which an
        # even random spread misses once in 10,000 runs and one shared socket often did.
        assert len(held) == 2 and min(held.values()) >= 6, held
    finally:
        for connection in connections:
            connection.close()


SECURITY_HEADERS = ("X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options", "Content-Security-Policy")


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "csp"),
    [
        ("POST", "/api/chat", {"question": "vaccines"}, 200, "default-src 'none'"),
        ("POST", "/api/chat", {"question": ""}, 400, "default-src 'none'"),
        ("GET", "/api/nope", None, 404, "default-src 'none'"),
        ("GET", "/api/health", None, 200, "default-src 'none'"),
        ("GET", "/", None, 200, "default-src 'self'"),
    ],
)
def test_every_response_carries_each_security_header_once(client, method, path, body, status, csp):
    response = client.open(path, method=method, json=body, headers={"Origin": "https://allowed.example"})
    assert response.status_code == status
    for name in SECURITY_HEADERS:
        assert len(response.headers.getlist(name)) == 1, name
    assert response.headers["Content-Security-Policy"].startswith(csp)
    assert response.headers.getlist("Vary") == ["Origin"]
    api = path.startswith("/api/")
    assert (response.headers.get("Cache-Control") == "no-store") is api
    assert (response.headers.get("Access-Control-Allow-Origin") == "https://allowed.example") is api
    response.close()


def test_widget_files_keep_their_cache_lifetime(client):
    response = client.get("/widget.js")
    assert response.headers.getlist("Cache-Control") == ["public, max-age=300"]
    assert len(response.headers.getlist("X-Content-Type-Options")) == 1
    assert "Access-Control-Allow-Origin" not in response.headers
    response.close()


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        # JSON that orjson refuses and the standard library reads: the body is still used.
        (b'{"question": "vaccines", "note": NaN}', 200, None),
        (b'{"question": "vaccines", "n": 123456789012345678901234567890}', 200, None),
        (b'{"question": 123456789012345678901234567890}', 400, "invalid_question"),
        (b'{"question": "vaccines", "n": Infinity}', 200, None),
    ],
)
def test_json_bodies_are_read_as_the_standard_library_reads_them(client, spec, body, status, code):
    response = client.post("/api/chat", data=body, headers={"Content-Type": "application/json"})
    if code is None:
        assert response.status_code == status
        validate(spec, "Answer", response.get_json())
    else:
        assert_error(response.status_code, response.get_json(), status, code, spec)


def test_internal_errors_leak_nothing(seed_engine, spec, monkeypatch):
    app = create_app(Config(), engine=seed_engine)

    def broken(*args, **kwargs):
        raise RuntimeError("secret detail /work/main/src/askbio/engine.py")

    monkeypatch.setattr(seed_engine, "ask", broken)
    response = app.test_client().post("/api/chat", json={"question": "jobs"})
    body = response.get_json()
    assert_error(response.status_code, body, 500, "internal_error", spec)
    assert "secret" not in json.dumps(body)


def test_rate_limit_answers_429_in_the_error_shape(seed_engine, spec):
    app = create_app(Config(rate_limit="3/minute"), engine=seed_engine)
    client = app.test_client()
    statuses = [client.post("/api/chat", json={"question": "vaccines"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    limited = client.post("/api/chat", json={"question": "vaccines"})
    assert_error(limited.status_code, limited.get_json(), 429, "rate_limited", spec)
    assert limited.headers["Retry-After"]
    # Another client is not limited; health checks never are.
    other = client.post("/api/chat", json={"question": "vaccines"}, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200
    assert client.get("/api/health").status_code == 200


def test_forwarded_client_address_is_trusted_only_behind_configured_proxies(seed_engine):
    for proxies, expected in ((0, 429), (1, 200)):
        client = create_app(Config(rate_limit="1/minute", proxies=proxies), engine=seed_engine).test_client()
        client.post("/api/chat", json={"question": "vaccines"}, headers={"X-Forwarded-For": "203.0.113.1"})
        second = client.post(
            "/api/chat", json={"question": "vaccines"}, headers={"X-Forwarded-For": "203.0.113.2"}
        )
        assert second.status_code == expected


def test_rate_limit_can_be_switched_off(seed_engine):
    client = create_app(Config(rate_limit="off"), engine=seed_engine).test_client()
    assert all(client.post("/api/chat", json={"question": "x"}).status_code == 200 for _ in range(5))


@pytest.mark.parametrize(
    ("name", "value"),
    [("rate_limit", "60/min"), ("rate_limit", "60"), ("rate_limit", "lots"), ("rate_limit_storage", "redis")],
)
def test_a_rate_limit_flask_limiter_cannot_read_is_refused(seed_engine, name, value):
    """Once such a value turned the limit off without a word (issue 18)."""
    with pytest.raises(AskbioError) as caught:
        create_app(Config(**{name: value}), engine=seed_engine)
    assert caught.value.code == "bad_setting" and caught.value.exit_code == 2
    assert f"setting {name!r}: {value!r} is not valid" in caught.value.message


@pytest.mark.slow
def test_serve_refuses_an_invalid_rate_limit_at_start_up(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "askbio", "--index-dir", str(tmp_path), "serve", "--port", "0"],
        env={**os.environ, "ASKBIO_RATE_LIMIT": "60/min"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("askbio: error: setting 'rate_limit': '60/min' is not valid")
    assert len(done.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.iterdir())  # refused before building an index


class _CutStream:
    """A server's request stream whose body cannot be read (gunicorn raises its own errors)."""

    def read(self, *args: object) -> bytes:
        raise OSError("No more data after: None")


def test_a_body_the_server_cannot_read_is_invalid_body(client, spec, caplog):
    response = client.post(
        "/api/chat",
        headers={"Content-Type": "application/json"},
        environ_overrides={"wsgi.input": _CutStream(), "wsgi.input_terminated": True, "CONTENT_LENGTH": ""},
    )
    assert_error(response.status_code, response.get_json(), 400, "invalid_body", spec)
    assert not [r for r in caplog.records if r.levelno >= 30]  # a client's fault: no log


# --- the collection, the document view, the demo page, refused origins ----------------------


def test_the_collection_has_its_documented_shape(client, spec):
    data = client.get("/api/collection").get_json()
    validate(spec, "Collection", data)
    assert data["title"] == "Belgium's biopharma and life sciences"
    assert len(data["suggested_questions"]) == 4
    assert {d["doc_id"] for d in data["documents"]} == {"belgium-biopharma", "wallonia-life-sciences"}
    assert data["max_question_chars"] == 1000


def test_each_citation_opens_the_document_view_at_its_passage(client, spec):
    data = client.post("/api/chat", json={"question": "how many jobs in biomanufacturing"}).get_json()
    validate(spec, "Answer", data)
    citation = data["citations"][0]
    page = client.get(citation["source_url"])
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert page.headers["Content-Security-Policy"].startswith("default-src 'self'")
    html = page.get_data(as_text=True)
    anchor = f'id="p-{citation["passage_id"]}" class="passage passage--cited"'
    assert anchor in html
    start, end = citation["sentence"]
    marked = html.split('<mark class="sentence">', 1)[1].split("</mark>", 1)[0]
    assert marked == citation["text"][start:end]
    assert html.count('class="passage') == len(seed_passages(client, citation["doc_id"]))


def test_a_citation_of_who_published_opens_the_document_view_at_its_byline(client, spec):
    data = client.post("/api/chat", json={"question": "Who published the Wallonia article?"}).get_json()
    validate(spec, "Answer", data)
    citation = data["citations"][0]
    assert citation["passage_id"] == "wallonia-life-sciences#byline"
    page = client.get(citation["source_url"])
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="p-wallonia-life-sciences#byline" class="doc-meta passage--cited"' in html


def seed_passages(client, doc_id):
    engine = client.application.extensions["askbio"]
    return engine.document(doc_id)[1]


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/documents/no-such-document", 404, "not_found"),
        ("/documents/belgium-biopharma?sentence=10", 400, "invalid_parameter"),
        ("/documents/belgium-biopharma?sentence=20-10", 400, "invalid_parameter"),
        ("/documents/belgium-biopharma?sentence=-1-3", 400, "invalid_parameter"),
    ],
)
def test_a_bad_document_address_gets_the_error_shape(client, spec, path, status, code):
    response = client.get(path)
    assert_error(response.status_code, response.get_json(), status, code, spec)


def test_the_document_view_escapes_the_document(make_corpus, tmp_path, seed_engine):
    from askbio.engine import Engine

    hostile = (
        '---\ntitle: "<script>alert(1)</script> Report"\npublisher: "<b>Office</b>"\n'
        'url: "javascript:alert(2)"\n---\n'
        "Vaccines <img src=x onerror=alert(3)> are made in Flanders by 12 plants.\n"
    )
    folder = make_corpus({"evil.md": hostile, **TINY_DOCS})
    engine = Engine(Config(corpus=folder, index_dir=tmp_path / "index"))
    client = create_app(Config(corpus=folder, rate_limit="off"), engine=engine).test_client()
    html = client.get("/documents/evil?passage=evil%230&sentence=0-9999").get_data(as_text=True)
    for raw in ("<script>", "<img", "<b>", "javascript:"):
        assert raw not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Report" in html
    assert "&lt;img src=x onerror=alert(3)&gt;" in html


def test_the_demo_page_is_made_from_the_served_collection(make_corpus, tmp_path):
    from askbio.engine import Engine

    folder = make_corpus({**TINY_DOCS, "questions.txt": "How many vaccine plants are there?\n"})
    config = Config(corpus=folder, rate_limit="off", title="Flemish <vaccines>")
    engine = Engine(Config(corpus=folder, index_dir=tmp_path / "index"))
    client = create_app(config, engine=engine).test_client()
    html = client.get("/", base_url="https://ask.example.org").get_data(as_text=True)
    assert "Wallonia" not in html and "Health &amp; Biotech Valley" not in html
    assert "Flemish &lt;vaccines&gt;" in html
    assert "Vaccines in Flanders" in html and "Test Office" in html
    assert 'data-question="How many vaccine plants are there?"' in html
    assert '&lt;script src="https://ask.example.org/widget.js" data-api="https://ask.example.org"' in html


def test_the_favicon_and_page_files_are_served(client):
    for name, kind in (("favicon.ico", "icon"), ("demo.js", "javascript"), ("document.css", "css")):
        response = client.get("/" + name)
        assert response.status_code == 200 and kind in response.headers["Content-Type"], name
        response.close()


def test_a_refused_origin_is_logged_once_in_a_while(client, caplog):
    caplog.set_level("WARNING", logger="askbio")
    for _ in range(3):
        client.post("/api/chat", json={"question": "vaccines"}, headers={"Origin": "https://refused.example"})
    client.post("/api/chat", json={"question": "vaccines"}, headers={"Origin": "https://allowed.example"})
    client.post("/api/chat", json={"question": "vaccines"}, headers={"Origin": "http://localhost"})  # itself
    refused = [r.getMessage() for r in caplog.records if "refused a browser request" in r.getMessage()]
    assert len(refused) == 1 and "https://refused.example" in refused[0] and "cors_origins" in refused[0]


def test_an_allowed_origin_may_read_retry_after(client):
    response = client.post(
        "/api/chat", json={"question": "vaccines"}, headers={"Origin": "https://allowed.example"}
    )
    assert response.headers["Access-Control-Expose-Headers"] == "Retry-After"
