"""Errors answered the way the operation documents them, for any spec: a documented status (404,
4XX, default, else Zuora's 200 + success:false in the success schema), documented header
schemas, format checks, multipart validation and lenient request reading. Real HTTP on 127.0.0.1."""

from __future__ import annotations

import base64
import re

import httpx
import pytest
import yaml

from contracts.sandbox import RunningSandbox
from tests.fixtures.sandbox import token_for

OK_BODY = {
    "type": "object",
    "properties": {
        "success": {"type": "boolean"},
        "id": {"type": "string"},
        "reasons": {"type": "array", "items": {"type": "object", "properties": {"code": {"type": "integer"}, "message": {"type": "string"}}}},
    },
}
UUID_ID = {"type": "object", "properties": {"id": {"type": "string", "format": "uuid"}, "success": {"type": "boolean"}}}
PLAIN_OK = {"200": {"description": "ok", "content": {"application/json": {"schema": OK_BODY}}}}
SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Documented errors", "version": "1"},
    "security": [{"bearer": []}],
    "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}, "basic": {"type": "http", "scheme": "basic"}}},
    "paths": {
        # Only 200 documented: errors become 200 + success: false with integer reason codes.
        "/things": {
            "get": {
                "operationId": "listThings",
                "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}},
                               {"name": "Zuora-Track-Id", "in": "header", "schema": {"type": "string", "maxLength": 64}}],
                "responses": PLAIN_OK,
            },
            "post": {
                "operationId": "createThing",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object",
                    "required": ["ref"],
                    "properties": {
                        "ref": {"type": "string", "format": "uuid"},
                        "count": {"type": "integer"},
                        "shape": {"oneOf": [{"type": "object", "properties": {"a": {"type": "string"}}},
                                            {"type": "object", "properties": {"b": {"type": "string"}}}]},
                    },
                }}}},
                "responses": PLAIN_OK,
            },
        },
        "/things/{thingId}": {"get": {"operationId": "getThing", "parameters": [{"name": "thingId", "in": "path", "required": True, "schema": {"type": "string"}}], "responses": PLAIN_OK}},
        # 404 documented: an unknown id gets it.
        "/widgets": {"post": {"operationId": "createWidget", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": UUID_ID}}}}}},
        "/widgets/{widgetId}": {
            "get": {
                "operationId": "getWidget",
                "parameters": [{"name": "widgetId", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}],
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": UUID_ID}}},
                    "400": {"description": "bad", "content": {"application/json": {"schema": OK_BODY}}},
                    "404": {"description": "none", "content": {"application/json": {"schema": OK_BODY}}},
                    "401": {
                        "description": "who",
                        "headers": {"WWW-Authenticate": {"schema": {"type": "string", "enum": ["Bearer realm=Example API"]}}},
                        "content": {"application/json": {"schema": OK_BODY}},
                    },
                },
            }
        },
        # A success schema that cannot say success: false (an array): the error keeps its 4xx.
        "/batch": {
            "post": {
                "operationId": "batch",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}}}}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "string"}}}}}},
            }
        },
        # A list of results with their own `Success` flags (Zuora's /v1/action/create).
        "/results": {
            "post": {
                "operationId": "saveAll",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}}}}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {
                    "type": "object",
                    "properties": {"Id": {"type": "string"}, "Success": {"type": "boolean"},
                                   "Errors": {"type": "array", "items": {"type": "object", "properties": {"Code": {"type": "string"}, "Message": {"type": "string"}}}}},
                }}}}}},
            }
        },
        # `default` documented: used before the 200 fallback.
        "/defaulted": {"get": {"operationId": "defaulted", "parameters": [{"name": "n", "in": "query", "schema": {"type": "integer"}}],
                               "responses": {"200": PLAIN_OK["200"], "default": {"description": "err", "content": {"application/json": {"schema": OK_BODY}}}}}},
        "/uploads": {
            "post": {
                "operationId": "upload",
                "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                    "type": "object",
                    "required": ["file", "kind"],
                    "properties": {"file": {"type": "string", "format": "binary"}, "kind": {"type": "string", "enum": ["csv", "pdf"]}, "pages": {"type": "integer"}},
                }}}},
                "responses": PLAIN_OK,
            }
        },
        "/metrics": {"get": {"operationId": "metrics", "security": [{"basic": []}], "responses": PLAIN_OK}},
    },
}


@pytest.fixture
def served(sandbox_factory, tmp_path) -> tuple[RunningSandbox, httpx.Client]:
    path = tmp_path / "errors.yaml"
    path.write_text(yaml.safe_dump(SPEC))
    sandbox = sandbox_factory(path)
    client = httpx.Client(base_url=sandbox.base_url, timeout=10)
    client.headers["Authorization"] = f"Bearer {token_for(sandbox, client)}"
    yield sandbox, client
    client.close()


def _rejected_in_200(response: httpx.Response) -> list[dict]:
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["success"] is False
    assert body["reasons"], body
    assert all(isinstance(r["code"], int) for r in body["reasons"]), body  # documented as integer
    return body["reasons"]


def test_undocumented_4xx_becomes_200_with_success_false(served) -> None:
    _, client = served
    reasons = _rejected_in_200(client.get("/things", params={"limit": "many"}))
    assert "limit" in reasons[0]["message"]


def test_unknown_id_without_404_is_a_zuora_not_found(served) -> None:
    _, client = served
    reasons = _rejected_in_200(client.get("/things/nope"))
    assert str(reasons[0]["code"]).endswith("40")  # Zuora category 40: object not found


def test_unknown_id_gets_documented_404_and_bad_id_400(served) -> None:
    _, client = served
    assert client.get("/widgets/123e4567-e89b-42d3-a456-426614174000").status_code == 404
    assert client.get("/widgets/not-a-uuid").status_code == 400  # format: uuid is checked


def test_created_id_in_documented_uuid_shape_is_readable(served) -> None:
    _, client = served
    created = client.post("/widgets")
    assert created.status_code == 200
    rid = created.json()["id"]
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", rid)
    again = client.get(f"/widgets/{rid}")
    assert again.status_code == 200 and again.json()["id"] == rid


def test_default_is_used_before_the_200_fallback(served) -> None:
    _, client = served
    response = client.get("/defaulted", params={"n": "x"})
    assert response.status_code == 400 and response.json()["success"] is False


def test_array_success_schema_keeps_the_4xx(served) -> None:
    _, client = served
    response = client.post("/batch", json={"n": "x"})
    assert response.status_code == 400 and response.json()["success"] is False
    assert client.post("/batch", json={"n": 1}).status_code == 200


def test_uuid_format_enforced_on_request_bodies(served) -> None:
    _, client = served
    _rejected_in_200(client.post("/things", json={"ref": "not-a-uuid"}))
    ok = client.post("/things", json={"ref": "123e4567-e89b-42d3-a456-426614174000"})
    assert ok.status_code == 200 and ok.json()["success"] is True


def test_requests_read_leniently_oneof_and_integral_numbers(served) -> None:
    _, client = served
    body = {"ref": "123e4567-e89b-42d3-a456-426614174000", "count": 8.0e20, "shape": {"a": "x"}}  # shape fits both branches
    response = client.post("/things", json=body)
    assert response.status_code == 200 and response.json()["success"] is True
    _rejected_in_200(client.post("/things", json={**body, "count": 1.5}))


def test_documented_response_header_schema_wins(served) -> None:
    _, client = served
    response = client.get("/widgets/123e4567-e89b-42d3-a456-426614174000", headers={"Authorization": ""})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer realm=Example API"


def test_bad_track_id_answered_in_documented_shape(served) -> None:
    _, client = served
    reasons = _rejected_in_200(client.get("/things", headers={"Zuora-Track-Id": "x" * 65}))
    assert "Track-Id" in reasons[0]["message"]


def test_multipart_bodies_are_validated(served) -> None:
    _, client = served
    ok = client.post("/uploads", files={"file": ("a.csv", b"x,y\n")}, data={"kind": "csv", "pages": "2"})
    assert ok.status_code == 200 and ok.json()["success"] is True
    _rejected_in_200(client.post("/uploads", files={"file": ("a.csv", b"x")}, data={"kind": "doc"}))
    _rejected_in_200(client.post("/uploads", files={"other": ("a.csv", b"x")}, data={"kind": "csv"}))
    _rejected_in_200(client.post("/uploads", content=b"no boundary", headers={"Content-Type": "multipart/form-data"}))
    empty = _rejected_in_200(client.post("/uploads", content=b"--b1--\r\n", headers={"Content-Type": "multipart/form-data; boundary=b1"}))
    assert "required" in empty[0]["message"]


def test_multipart_idempotent_replay_ignores_the_boundary(served) -> None:
    _, client = served
    headers = {"Idempotency-Key": "upload-1"}
    first = client.post("/uploads", files={"file": ("a.csv", b"x")}, data={"kind": "csv"}, headers=headers)
    second = client.post("/uploads", files={"file": ("a.csv", b"x")}, data={"kind": "csv"}, headers=headers)
    assert first.status_code == second.status_code == 200
    assert second.headers.get("Idempotent-Replayed") == "true"


def test_basic_only_operation_accepts_this_tenants_token(served) -> None:
    sandbox, client = served
    assert client.get("/metrics").status_code == 200
    basic = base64.b64encode(f"{sandbox.client_id}:{sandbox.client_secret}".encode()).decode()
    assert client.get("/metrics", headers={"Authorization": f"Basic {basic}"}).status_code == 200
    assert client.get("/metrics", headers={"Authorization": "Bearer forged"}).status_code == 401
    assert client.get("/metrics", headers={"Authorization": ""}).status_code == 401


def test_list_of_results_answers_one_failed_result(served) -> None:
    _, client = served
    response = client.post("/results", json={"n": "x"})
    assert response.status_code == 200
    [item] = response.json()
    assert item["Success"] is False
    assert item["Errors"][0]["Code"].endswith("20") and "n" in item["Errors"][0]["Message"]
    ok = client.post("/results", json={"n": 1}).json()
    assert all(result.get("Success") is not False for result in ok)
