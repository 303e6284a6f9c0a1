"""Swagger 2.0 is normalised into the OpenAPI 3 layout; `original_version` keeps the input version."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from specdiff import LoadedSpec, load_spec
from specdiff._load._refs import iter_refs


@pytest.fixture
def spec(load_data: Path) -> LoadedSpec:
    return load_spec(str(load_data / "swagger2.yaml"))


@pytest.fixture
def doc(spec: LoadedSpec) -> dict[str, Any]:
    return spec.document


def test_versions(spec: LoadedSpec, doc: dict[str, Any]) -> None:
    assert spec.original_version == "2.0"
    assert spec.is_swagger
    assert doc["openapi"] == "3.0.3"
    assert "swagger" not in doc
    assert (spec.title, spec.version) == ("Shop", "2018-02-27")


def test_servers_from_host_base_path_and_schemes(doc: dict[str, Any]) -> None:
    assert doc["servers"] == [{"url": "https://api.example.com/v1"}, {"url": "http://api.example.com/v1"}]


def test_components(doc: dict[str, Any]) -> None:
    components = doc["components"]
    assert set(components["schemas"]) == {"Order", "Customer", "Error"}
    assert components["parameters"] == {
        "PageSize": {"name": "pageSize", "in": "query", "schema": {"type": "integer", "default": 20}}
    }
    assert components["requestBodies"]["OrderBody"]["content"] == {
        "application/json": {"schema": {"$ref": "#/components/schemas/Order"}}
    }
    assert components["requestBodies"]["OrderBody"]["required"] is True
    assert components["responses"]["NotFound"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    schemes = components["securitySchemes"]
    assert schemes["basicAuth"] == {"type": "http", "scheme": "basic"}
    assert schemes["key"] == {"type": "apiKey", "name": "X-Key", "in": "header"}
    assert schemes["oauth"]["flows"] == {
        "clientCredentials": {"tokenUrl": "https://auth.example.com/token", "scopes": {"read": "read things"}}
    }


def test_every_ref_is_rewritten_and_resolves(spec: LoadedSpec, doc: dict[str, Any]) -> None:
    refs = [ref for _path, _node, ref in iter_refs(doc)]
    assert refs
    assert all(ref.startswith(("#/components/schemas/", "#/components/parameters/", "#/components/requestBodies/", "#/components/responses/")) for ref in refs)
    assert all(spec.resolve({"$ref": ref}) is not None for ref in refs)


def test_parameters_and_bodies(doc: dict[str, Any]) -> None:
    orders = doc["paths"]["/orders"]
    assert orders["parameters"] == [{"name": "X-Trace", "in": "header", "schema": {"type": "string"}}]
    get = orders["get"]
    assert get["parameters"][0] == {"$ref": "#/components/parameters/PageSize"}
    assert get["parameters"][1] == {
        "name": "status",
        "in": "query",
        "style": "form",
        "explode": True,
        "schema": {"type": "array", "items": {"type": "string", "enum": ["open", "closed"]}},
    }
    assert orders["post"]["requestBody"] == {"$ref": "#/components/requestBodies/OrderBody"}
    assert "parameters" not in orders["post"]
    attachment = doc["paths"]["/orders/{id}/attachment"]["put"]
    assert attachment["parameters"] == [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
    form = attachment["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert form == {
        "type": "object",
        "properties": {"file": {"type": "string", "format": "binary"}, "note": {"type": "string"}},
        "required": ["file"],
    }


def test_responses(doc: dict[str, Any]) -> None:
    ok = doc["paths"]["/orders"]["get"]["responses"]["200"]
    assert ok["content"]["application/json"]["schema"]["items"] == {"$ref": "#/components/schemas/Order"}
    assert ok["content"]["application/json"]["example"] == [{"id": 1}]
    assert ok["headers"] == {"X-Total": {"description": "total", "schema": {"type": "integer"}}}
    assert doc["paths"]["/orders"]["get"]["responses"]["404"] == {"$ref": "#/components/responses/NotFound"}
    xml = doc["paths"]["/orders/{id}/attachment"]["put"]["responses"]["200"]
    assert list(xml["content"]) == ["application/xml"]


def test_schema_spellings(doc: dict[str, Any]) -> None:
    order = doc["components"]["schemas"]["Order"]
    assert order["discriminator"] == {"propertyName": "kind"}
    assert order["properties"]["note"] == {"type": "string", "nullable": True}


def test_positions_map_back_to_the_swagger_text(spec: LoadedSpec) -> None:
    lines = spec.text.splitlines()
    line, col = spec.locate("/components/schemas/Customer/properties/orders") or (0, 0)
    assert lines[line - 1][col - 1 :].startswith("orders:")
    line, _ = spec.locate("/paths/~1orders/get/responses/200/content/application~1json/schema") or (0, 0)
    assert lines[line - 1].strip() == "schema:"


@pytest.mark.shared
def test_real_zuora_swagger_converts(zuora_specs: Path) -> None:
    spec = load_spec(str(zuora_specs / "zuora-2018-02-27-netlify-zuora-ruby-client.yml"))
    doc = spec.document
    assert spec.original_version == "2.0"
    assert doc["servers"] == [{"url": "https://rest.zuora.com/"}]
    assert len(doc["components"]["schemas"]) == 561
    dangling = [ref for _p, _n, ref in iter_refs(doc) if spec.resolve({"$ref": ref}) is None]
    assert dangling == []
    post = doc["paths"]["/v1/accounts"]["post"]
    assert post["requestBody"]["content"]["application/json; charset=utf-8"]["schema"] == {
        "$ref": "#/components/schemas/POSTAccountType"
    }
    assert not any(p.get("in") == "body" for op in _operations(doc) for p in op.get("parameters", []))


def _operations(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [op for item in doc["paths"].values() for m, op in item.items() if m in ("get", "put", "post", "delete", "patch")]


def test_dangling_ref_in_swagger_is_located_in_the_swagger_text(load_data: Path) -> None:
    spec = load_spec(str(load_data / "swagger-dangling.yaml"))
    [warning] = spec.located_warnings()
    assert (warning.code, warning.pointer, warning.line, warning.col) == (
        "dangling-ref",
        "/paths/~1a/get/responses/200/schema",
        9,
        11,
    )
    assert spec.locate("/definitions/A") is not None  # native pointers still locate
    assert spec.locate("/components/schemas/A") == spec.locate("/definitions/A")
    assert spec.locate("/components/schemas/Nope") is None
