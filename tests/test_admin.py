"""The curator's page: off without a token, refused without it (a login page for a browser, the
API's error shape otherwise), the unanswered log with it, never cached, and an export that
`askbio eval` runs."""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner

from askbio.admin import COOKIE, session_value
from askbio.cli import cli
from askbio.engine import Engine
from askbio.errors import BadSetting
from askbio.settings import Config
from askbio.web import create_app
from test_web import assert_error

TOKEN = "curator-token-0123456789"  # noqa: S105 - a test token
UNANSWERED = ["What is the capital of Australia?", "How many employees does <b>Pfizer</b> have in Puurs?"]


@pytest.fixture()
def logged(tmp_path, seed_engine):
    """An app over the bundled corpus whose log holds two refused questions, one asked twice."""
    log_path = tmp_path / "unanswered.db"
    config = Config(
        index_dir=seed_engine.index_dir, unanswered_log=log_path, admin_token=TOKEN, rate_limit="off"
    )
    engine = Engine(config)
    for question in [UNANSWERED[0], *UNANSWERED]:
        assert engine.ask(question).abstained
    engine._unanswered.flush()
    return create_app(config, engine=engine), tmp_path


@pytest.fixture()
def spec(seed_engine):
    return (
        create_app(Config(rate_limit="off"), engine=seed_engine)
        .test_client()
        .get("/api/openapi.json")
        .get_json()
    )


def test_without_a_token_setting_the_page_does_not_exist(seed_engine, spec):
    client = create_app(Config(rate_limit="off"), engine=seed_engine).test_client()
    for path in ("/admin", "/admin/export.yaml"):
        response = client.get(path, headers={"Authorization": "Bearer anything-at-all-here"})
        assert_error(response.status_code, response.get_json(), 404, "not_found", spec)
    assert client.post("/admin/login", data={"token": "x"}).status_code == 404


def test_without_the_token_an_api_client_gets_401_in_the_error_shape(logged, spec):
    client = logged[0].test_client()
    for headers in (
        {},
        {"Authorization": "Bearer wrong-token-0123456789"},
        {"Authorization": "Basic Zm9vOmJhcg=="},
    ):
        for path in ("/admin", "/admin/export.yaml"):
            response = client.get(path, headers={"Accept": "application/json", **headers})
            assert_error(response.status_code, response.get_json(), 401, "unauthorized", spec)
            assert response.headers["Cache-Control"] == "no-store"
            assert response.headers["WWW-Authenticate"].startswith("Bearer")
            assert "Australia" not in response.get_data(as_text=True)


def test_without_the_token_a_browser_gets_a_login_page(logged):
    client = logged[0].test_client()
    response = client.get("/admin", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 401 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert '<form method="post" action="/admin/login">' in html and 'type="password"' in html
    assert "Australia" not in html and response.headers["Cache-Control"] == "no-store"
    wrong = client.post("/admin/login", data={"token": "not-the-token-at-all"})
    assert wrong.status_code == 401 and "not the admin token" in wrong.get_data(as_text=True)
    assert COOKIE not in wrong.headers.get("Set-Cookie", "")


def test_the_login_form_sets_a_cookie_without_the_token_that_opens_the_page(logged):
    client = logged[0].test_client()
    response = client.post("/admin/login", data={"token": TOKEN})
    assert response.status_code == 303 and response.headers["Location"] == "/admin"
    cookie = response.headers["Set-Cookie"]
    assert TOKEN not in cookie and session_value(TOKEN) in cookie
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/admin" in cookie
    page = client.get("/admin", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "What is the capital of Australia?" in page.get_data(as_text=True)
    client.post("/admin/logout")
    assert client.get("/admin", headers={"Accept": "text/html"}).status_code == 401


def test_with_the_token_the_page_shows_the_log_escaped_and_never_cached(logged):
    client = logged[0].test_client()
    response = client.get("/admin", headers={"Authorization": f"Bearer {TOKEN}", "Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert "<b>Pfizer</b>" not in html and "&lt;b&gt;Pfizer&lt;/b&gt;" in html
    first = html.index("What is the capital of Australia?")
    assert first < html.index("Pfizer")  # the most frequent first
    assert "<td>2</td>" in html and "not in the documents: capital, Australia" in html
    assert '<a href="/documents/wallonia-life-sciences?passage=wallonia-life-sciences%231">' in html
    assert 'href="/admin/export.yaml"' in html
    data = client.get(
        "/admin", headers={"Authorization": f"Bearer {TOKEN}", "Accept": "application/json"}
    ).get_json()
    assert [q["question"] for q in data["questions"]] == UNANSWERED
    assert data["questions"][0]["count"] == 2 and data["questions"][0]["nearest"] is None
    assert data["questions"][1]["nearest"]["passage_id"] == "wallonia-life-sciences#1"


def test_the_export_is_a_question_set_that_askbio_eval_runs(logged, seed_engine):
    app, tmp_path = logged
    client = app.test_client()
    response = client.get("/admin/export.yaml", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    data = yaml.safe_load(text)
    assert [q["question"] for q in data["questions"]] == UNANSWERED
    assert all(q["abstain"] is True for q in data["questions"])
    assert "# nearest: " in text
    path = tmp_path / "unanswered.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--index-dir", str(seed_engine.index_dir), "eval", str(path)])
    assert result.exit_code == 0, result.output
    assert "unanswered" in result.output and "2 questions" in result.output
    # The curator fills in an answer: the file still runs, now expecting it.
    filled = text.replace("    abstain: true", "    doc: wallonia-life-sciences\n    answer: Canberra", 1)
    path.write_text(filled, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--index-dir", str(seed_engine.index_dir), "eval", str(path)])
    assert result.exit_code == 0 and "unanswered-1" in result.output  # listed as failing


def test_the_page_says_when_the_log_is_off(seed_engine):
    config = Config(admin_token=TOKEN, rate_limit="off")
    client = create_app(config, engine=seed_engine).test_client()
    html = client.get("/admin", headers={"Authorization": f"Bearer {TOKEN}"}).get_data(as_text=True)
    assert "log is off" in html and "ASKBIO_UNANSWERED_LOG" in html


def test_a_short_token_is_refused_without_being_repeated():
    with pytest.raises(BadSetting) as error:
        Config(admin_token="short-secret")  # noqa: S106 - a test token
    assert "short-secret" not in error.value.message and "16 characters" in error.value.message


def test_wrong_tokens_at_speed_are_refused_for_a_while(logged, spec):
    """Ten wrong tokens from one client (form or header) and it waits, even with the right one;
    another client is not held up. Counted in memory only."""
    app, _ = logged
    client = app.test_client()
    for i in range(5):
        assert client.post("/admin/login", data={"token": f"guess-{i}"}).status_code == 401
    for i in range(5):
        assert client.get("/admin", headers={"Authorization": f"Bearer guess-{i}"}).status_code == 401
    held = client.get("/admin", headers={"Authorization": f"Bearer {TOKEN}"})
    assert_error(held.status_code, held.get_json(), 429, "rate_limited", spec)
    assert 0 < int(held.headers["Retry-After"]) <= 600 and held.headers["Cache-Control"] == "no-store"
    other = app.test_client().get(
        "/admin", headers={"Authorization": f"Bearer {TOKEN}"}, environ_base={"REMOTE_ADDR": "10.0.0.9"}
    )
    assert other.status_code == 200


def test_wrong_tokens_are_forgotten_after_their_window():
    from askbio.admin import WrongTokens

    tokens = WrongTokens(limit=2, window=60.0)
    tokens.failed("a", now=0.0)
    tokens.failed("a", now=1.0)
    assert tokens.wait("a", now=2.0) == 58.0 and tokens.wait("b", now=2.0) == 0.0
    assert tokens.wait("a", now=60.5) == 0.0  # the first is out of the window
