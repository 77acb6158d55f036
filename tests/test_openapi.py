"""The OpenAPI description (askbio.openapi) and the route that serves it."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from askbio import __version__
from askbio.openapi import spec
from askbio.settings import Config
from askbio.web import create_app

CONFIG = Config(max_question_chars=200, rate_limit="off")


@pytest.fixture(scope="module")
def app(seed_engine):
    return create_app(CONFIG, engine=seed_engine)


@pytest.fixture(scope="module")
def served(app) -> dict[str, Any]:
    response = app.test_client().get("/api/openapi.json")
    assert response.status_code == 200 and response.is_json
    return response.get_json()


def schema(doc: dict[str, Any], name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}", "components": doc["components"]}


def refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if "$ref" in node else []
        return own + [r for value in node.values() for r in refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in refs(value)]
    return []


def test_the_route_serves_the_description_of_the_apps_settings(served):
    assert served == spec(CONFIG)
    question = served["components"]["schemas"]["ChatRequest"]["properties"]["question"]
    assert question["maxLength"] == 200 and "200 characters" in question["description"]


def test_openapi_is_valid_and_lists_the_routes(served):
    assert served["openapi"] == "3.1.0"
    assert served["info"]["version"] == __version__
    assert {"/api/chat", "/api/health", "/api/openapi.json"} <= set(served["paths"])
    for name in served["components"]["schemas"]:
        jsonschema.Draft202012Validator.check_schema(schema(served, name))


def test_every_reference_resolves(served):
    found = refs(served)
    assert found
    for ref in found:
        node = served
        for key in ref.removeprefix("#/").split("/"):
            assert key in node, ref
            node = node[key]


def test_the_documented_operations_are_the_apps_api_routes(app, served):
    routes = {
        rule.rule: {m.lower() for m in rule.methods or ()} - {"head", "options"}
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
    }
    documented = {path: set(operations) for path, operations in served["paths"].items()}
    assert documented == routes


@pytest.mark.parametrize(
    "body",
    [
        {"question": "how many jobs in biomanufacturing"},
        {"question": "What is the capital of Australia?"},
        {"question": "hello"},
        {"question": "and in Wallonia?", "history": [{"question": "how many jobs in biomanufacturing"}]},
    ],
    ids=["answer", "abstained", "smalltalk", "follow-up"],
)
def test_every_field_of_an_answer_is_described(app, served, body):
    data = app.test_client().post("/api/chat", json=body).get_json()
    jsonschema.validate(data, schema(served, "Answer"))
    schemas = served["components"]["schemas"]
    assert set(data) <= set(schemas["Answer"]["properties"])
    for citation in data["citations"]:
        assert set(citation) <= set(schemas["Citation"]["properties"])
    for part in data["parts"]:
        assert set(part) <= set(schemas["AnswerPart"]["properties"])


def test_every_field_of_health_is_described(app, served):
    data = app.test_client().get("/api/health").get_json()
    jsonschema.validate(data, schema(served, "Health"))
    assert set(data) == set(served["components"]["schemas"]["Health"]["properties"])
