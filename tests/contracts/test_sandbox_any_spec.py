"""Any OpenAPI 3.x spec: routing, request validation, conforming generated answers, generic
stateful resources; and Zuora's real 711-operation spec end to end. Real HTTP on 127.0.0.1."""

from __future__ import annotations

import random

import httpx
import orjson
import pytest
import yaml

from contracts._sandbox._generate import Generator
from contracts._sandbox._schema import SchemaBundler
from tests.fixtures.shared import require

PET = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "name", "kind"],
    "properties": {
        "id": {"type": "integer", "minimum": 1},
        "name": {"type": "string", "minLength": 2, "maxLength": 10, "pattern": "^[a-z]+$"},
        "kind": {"type": "string", "enum": ["cat", "dog"]},
        "born": {"type": "string", "format": "date"},
        "weight": {"type": "number", "exclusiveMinimum": True, "minimum": 0, "maximum": 80, "multipleOf": 0.5},
        "tags": {"type": "array", "minItems": 2, "maxItems": 3, "uniqueItems": True, "items": {"type": "string", "format": "uuid"}},
        "owner": {"nullable": True, "allOf": [{"$ref": "#/components/schemas/Owner"}]},
        "toy": {"oneOf": [{"type": "string", "maxLength": 3}, {"type": "integer", "minimum": 100}]},
    },
}
SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Pets", "version": "1"},
    "security": [{"key": []}],
    "paths": {
        "/pets": {
            "get": {
                "operationId": "listPets",
                "security": [],
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 50}},
                    {"name": "kinds", "in": "query", "explode": False, "schema": {"type": "array", "items": {"type": "string", "enum": ["cat", "dog"]}}},
                    {"name": "X-Flag", "in": "header", "schema": {"type": "boolean"}},
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}}},
                    },
                    "400": {"description": "bad", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                },
            },
            "post": {
                "operationId": "createPet",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewPet"}}}},
                "responses": {"201": {"description": "made", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}, "default": {"description": "err"}},
            },
        },
        "/pets/{petId}": {
            "parameters": [{"name": "petId", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "get": {"operationId": "getPet", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}, "404": {"description": "no"}}},
            "delete": {"operationId": "deletePet", "responses": {"204": {"description": "gone"}, "404": {"description": "no"}}},
        },
        "/pets/{petId}/photo": {
            "get": {
                "operationId": "getPhoto",
                "parameters": [{"name": "petId", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"url": {"type": "string", "format": "uri"}}}}}}, "404": {"description": "no"}},
            }
        },
        "/pets/search": {
            "get": {"operationId": "searchPets", "security": [], "responses": {"200": {"description": "ok", "content": {"application/json": {"example": {"hits": 3}, "schema": {"type": "object", "required": ["hits"], "properties": {"hits": {"type": "integer"}}}}}}}}
        },
    },
    "components": {
        "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}},
        "schemas": {
            "Pet": PET,
            "NewPet": {"type": "object", "required": ["name", "kind"], "properties": {"name": {"type": "string"}, "kind": {"type": "string", "enum": ["cat", "dog"]}}},
            "Owner": {"type": "object", "required": ["email"], "properties": {"email": {"type": "string", "format": "email"}, "friend": {"$ref": "#/components/schemas/Owner"}}},
            "Error": {"type": "object", "properties": {"success": {"type": "boolean"}, "reasons": {"type": "array"}}},
        },
    },
}
KEY = {"X-Api-Key": "k"}


@pytest.fixture(scope="module")
def pets_spec(tmp_path_factory):
    path = tmp_path_factory.mktemp("spec") / "pets.yaml"
    path.write_text(yaml.safe_dump(SPEC))
    return path


@pytest.fixture
def pets(sandbox_factory, pets_spec):
    sandbox = sandbox_factory(pets_spec, seed=3)
    with httpx.Client(base_url=sandbox.base_url, timeout=10) as client:
        yield sandbox, client


def _valid(sandbox, op_id, status, body):
    op = sandbox.app.index.by_id[op_id]
    validator = sandbox.app.bodies.validator(op, status)
    assert validator.errors(body) == []


def test_generated_answers_conform_and_are_deterministic(pets, sandbox_factory, pets_spec):
    sandbox, client = pets
    first = client.get("/pets", params={"limit": 5, "kinds": "cat,dog"}, headers={"X-Flag": "true"})
    assert first.status_code == 200
    _valid(sandbox, "listPets", 200, first.json())
    assert first.json() and all(set(p) <= set(PET["properties"]) for p in first.json())
    assert client.get("/pets").json() == first.json()
    same_seed = sandbox_factory(pets_spec, seed=3)
    other_seed = sandbox_factory(pets_spec, seed=4)
    assert httpx.get(f"{same_seed.base_url}/pets").json() == first.json()
    assert httpx.get(f"{other_seed.base_url}/pets").json() != first.json()


def test_examples_are_used_when_they_conform(pets):
    _, client = pets
    assert client.get("/pets/search").json() == {"hits": 3}  # literal segment beats {petId}


@pytest.mark.parametrize(
    "params, headers",
    [({"limit": "0"}, {}), ({"limit": "ten"}, {}), ({"kinds": "cat,bird"}, {}), ({}, {"X-Flag": "maybe"})],
)
def test_invalid_parameters_get_documented_400(pets, params, headers):
    _, client = pets
    response = client.get("/pets", params=params, headers=headers)
    assert response.status_code == 400
    assert response.json()["success"] is False and response.json()["reasons"][0]["code"]


def test_generic_stateful_create_read_delete(pets):
    sandbox, client = pets
    assert client.post("/pets", json={"name": "rex", "kind": "dog"}).status_code == 401  # apiKey required
    created = client.post("/pets", json={"name": "rex", "kind": "dog"}, headers=KEY)
    assert created.status_code == 201
    pet = created.json()
    _valid(sandbox, "createPet", 201, pet)
    assert pet["name"] == "rex" and pet["kind"] == "dog" and isinstance(pet["id"], int)
    read = client.get(f"/pets/{pet['id']}", headers=KEY)
    assert read.status_code == 200 and read.json()["name"] == "rex"
    assert client.get(f"/pets/{pet['id']}/photo", headers=KEY).status_code == 200
    assert client.delete(f"/pets/{pet['id']}", headers=KEY).status_code == 204
    assert client.get(f"/pets/{pet['id']}", headers=KEY).status_code == 404
    assert client.get(f"/pets/{pet['id']}/photo", headers=KEY).status_code == 404
    assert client.delete(f"/pets/{pet['id']}", headers=KEY).status_code == 404
    bad_id = client.get("/pets/abc", headers=KEY)  # petId is an integer; getPet documents no 400
    assert bad_id.status_code == 404 and "petId" in bad_id.json()["reasons"][0]["message"]


@pytest.mark.parametrize(
    "content, content_type, status",
    [
        (b'{"name": "rex", "kind": ', "application/json", 400),
        (b'{"name": "rex", "kind": "cow"}', "application/json", 400),
        (b'{"name": "rex"}', "application/json", 400),
        (b"name=rex&kind=dog", "application/x-www-form-urlencoded", 415),
        (b"", "application/json", 400),
        (b"[1, 2]", "application/json", 400),
    ],
)
def test_bad_bodies_get_zuora_style_4xx(pets, content, content_type, status):
    _, client = pets
    response = client.post("/pets", content=content, headers={**KEY, "Content-Type": content_type})
    assert response.status_code == status
    assert response.json()["success"] is False


def test_unknown_paths_and_methods(pets):
    _, client = pets
    assert client.get("/nothing/here").status_code == 404
    response = client.patch("/pets", json={})
    assert response.status_code == 405 and "GET" in response.headers["Allow"]


def test_openapi_31_specs_are_served(sandbox_factory, tmp_path):
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/n": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": ["integer", "null"], "exclusiveMinimum": 5}}}}}}}},
    }
    path = tmp_path / "s.json"
    path.write_bytes(orjson.dumps(spec))
    sandbox = sandbox_factory(path)
    value = httpx.get(f"{sandbox.base_url}/n").json()
    assert isinstance(value, int) and value > 5


def test_swagger_2_is_served_through_the_loaders_normalisation(sandbox_factory, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      produces: [application/json]\n"
        "      responses:\n        '200': {description: ok, schema: {type: object, required: [x], properties: {x: {type: integer}}}}\n"
    )
    sandbox = sandbox_factory(path)
    assert isinstance(httpx.get(f"{sandbox.base_url}/a").json()["x"], int)


def test_non_openapi_documents_are_refused_in_one_line(tmp_path):
    from contracts.sandbox import build_app
    from specdiff import SpecdiffError

    path = tmp_path / "s.yaml"
    path.write_text("openapi: '3.0.0'\ninfo: {title: t, version: '1'}\n")
    with pytest.raises(SpecdiffError, match="paths"):
        build_app(path)


def test_server_base_paths_are_optional(sandbox_factory, tmp_path):
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "servers": [{"url": "https://{host}/api/{version}", "variables": {"host": {"default": "x.com"}, "version": {"default": "v2"}}}],
        "paths": {"/ping": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "required": ["ok"], "properties": {"ok": {"type": "boolean"}}}}}}}}}},
    }
    path = tmp_path / "s.json"
    path.write_bytes(orjson.dumps(spec))
    sandbox = sandbox_factory(path)
    assert httpx.get(f"{sandbox.base_url}/ping").status_code == 200
    assert httpx.get(f"{sandbox.base_url}/api/v2/ping").status_code == 200
    assert httpx.get(f"{sandbox.base_url}/api/v3/ping").status_code == 404


def test_generator_satisfies_tricky_schemas():
    bundler = SchemaBundler(SPEC, "3.0.3")
    validator = bundler.validator({"$ref": "#/components/schemas/Pet"})
    for seed in range(200):
        value = Generator(validator.schema, random.Random(seed)).value()
        assert validator.errors(value) == [], (seed, value)


@pytest.mark.shared
def test_zuora_711_operations_served_and_conforming(zuora_specs, sandbox_factory):
    path = zuora_specs / "zuora-2025-12-12-full-compact-davealexenglish-payments.yaml"
    require(path.exists(), f"{path} missing")
    sandbox = sandbox_factory(path)
    app = sandbox.app
    assert len(app.index.operations) == 711
    token = sandbox.token()
    rng = random.Random(0)
    operations = [op for op in app.index.operations if op.method == "GET" and not op.item_param]
    sample = rng.sample(operations, 60)
    statuses = []
    with httpx.Client(base_url=sandbox.base_url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:
        for op in sample:
            path_ = op.template
            for p in op.params:
                if p.location == "path":
                    value = Generator(app.index.bundler.validator(p.schema).schema, random.Random(1)).value()
                    path_ = path_.replace("{" + p.name + "}", str(value))
            response = client.get(path_)
            statuses.append(response.status_code)
            assert response.status_code < 500, (op.key, response.text)
            if response.status_code == 200 and response.headers.get("content-type", "").startswith("application/json"):
                assert app.bodies.validator(op, 200).errors(response.json()) == [], op.key
        run = client.post("/v1/bill-runs", json={"targetDate": "2026-01-01"})
        assert run.status_code == 200 and run.json()["status"] == "Completed"  # Zuora's enum has no Draft
        assert client.put(f"/v1/bill-runs/{run.json()['id']}/cancel", json={}).json()["status"] == "Canceled"
    assert statuses.count(200) > 40


def test_created_ids_appear_under_the_names_clients_use(sandbox_factory, tmp_path):
    item = {"type": "object", "properties": {"invoiceId": {"type": "string"}, "total": {"type": "number"}}}
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/v1/sales-invoices": {"post": {"requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}}, "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"salesInvoiceId": {"type": "string"}}}}}}}}},
            "/v1/sales-invoices/{invoiceKey}": {"get": {"parameters": [{"name": "invoiceKey", "in": "path", "required": True, "schema": {"type": "string"}}], "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": item}}}, "404": {"description": "no"}}}},
        },
    }
    path = tmp_path / "s.json"
    path.write_bytes(orjson.dumps(spec))
    sandbox = sandbox_factory(path)
    created = httpx.post(f"{sandbox.base_url}/v1/sales-invoices", json={"total": 12.5}).json()
    key = created["salesInvoiceId"]
    read = httpx.get(f"{sandbox.base_url}/v1/sales-invoices/{key}")
    assert read.status_code == 200 and read.json()["total"] == 12.5
