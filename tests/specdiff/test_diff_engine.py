"""The engine end to end on tiny documents: matching, no cascades, fingerprints, ordering."""

from __future__ import annotations

from typing import Any

from specdiff._diff import diff_documents, path_template
from tests.fixtures.specdiff_rules import api, ids, op, run


def test_path_template_ignores_parameter_names() -> None:
    assert path_template("/a/{id}/b") == path_template("/a/{accountId}/b") == "/a/{}/b"


def test_identical_documents_have_no_changes() -> None:
    doc = api({"/a": {"get": op()}})
    assert run(doc, api({"/a": {"get": op()}})) == []


def test_removed_path_is_one_change_per_operation_not_per_response() -> None:
    base = api({"/a": {"get": op(responses={"200": {"description": "x"}, "404": {"description": "y"}}), "post": op()}, "/b": {"get": op()}})
    rev = api({"/b": {"get": op()}})
    changes = run(base, rev)
    assert [(c.id, c.operation) for c in changes] == [
        ("api-path-removed-without-deprecation", "GET /a"),
        ("api-path-removed-without-deprecation", "POST /a"),
    ]
    assert changes[0].base is not None and changes[0].base.pointer == "/paths/~1a/get"


def test_path_parameter_rename_is_not_remove_and_add() -> None:
    param = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    renamed = dict(param, name="accountId")
    base = api({"/a/{id}": {"get": op(parameters=[param])}})
    rev = api({"/a/{accountId}": {"get": op(parameters=[renamed])}})
    found = ids(run(base, rev))
    assert "endpoint-added" not in found and "api-path-removed-without-deprecation" not in found


def test_fingerprints_are_stable_and_ignore_message_and_lines() -> None:
    base = api({"/a": {"get": op(operationId="x")}, "/b": {"get": op()}})
    rev = api({"/b": {"get": op()}})
    first = run(base, rev)
    reordered = api({"/b": {"get": op()}, "/a": {"get": op(operationId="x", summary="changed text")}})
    second = run(reordered, rev)
    assert [c.fingerprint for c in first] == [c.fingerprint for c in second]


def test_unchanged_operations_are_skipped_by_the_differ() -> None:
    shared = {"$ref": "#/components/schemas/S"}
    base = api({"/a": {"get": op()}, "/b": {"get": op(requestBody={"content": {"application/json": {"schema": shared}}})}},
               components={"schemas": {"S": {"type": "string"}}})
    rev = api({"/a": {"get": op()}, "/b": {"get": op(requestBody={"content": {"application/json": {"schema": shared}}})}},
              components={"schemas": {"S": {"type": "integer"}}})
    diff, _ = diff_documents(base, rev)
    # /a is untouched; /b is equal as text but its $ref target changed, so it is compared.
    assert [o.key for o in diff.operations_modified] == ["GET /b"]


# Parseable but malformed documents (tolerant loading lets them through): never a traceback.
WEIRD: list[dict[str, Any]] = [
  {'openapi':'3.0.0','info':{},'paths':None},
  {'openapi':'3.0.0','info':{},'paths':{'/a': None}},
  {'openapi':'3.0.0','info':{},'paths':{'/a': {'get': None, 'parameters': 'x'}}},
  {'openapi':'3.0.0','info':{},'paths':{'/a': {'get': {'parameters': [None, 1, {'name':'x'}], 'responses': None, 'requestBody': 5, 'security': 'x', 'tags': 'x', 'servers': 'x'}}}},
  {'openapi':'3.0.0','info':{},'paths':{'/a': {'$ref': '#/x'}}, 'x': {'get': {'responses': {'200': {'$ref': '#/nope'}}}}},
  {'openapi':'3.0.0','info':{},'paths':{'/a': {'get': {'responses': {'200': {'content': {'a/b': None}, 'headers': {'X': None}}}}}}, 'components': {'securitySchemes': None}, 'security': [None, {'a': None}]},
  {'openapi':'3.0.0','info':{},'paths':{'/a': {'get': {'responses': {200: {'content': {'a/b': {'schema': {'$ref': '#/components/schemas/A'}}}}}}}}, 'components': {'schemas': {'A': {'$ref': '#/components/schemas/A'}}, 'securitySchemes': {'s': {'type': 'oauth2', 'flows': None}}}},
  api({'/a': {'get': op(parameters=[{'$ref': '#/components/parameters/P'}])}}, components={'parameters': {'P': {'$ref': '#/components/parameters/P'}}}),
  api({'/a/{id}': {'get': op(**{'x-sunset': 5, 'deprecated': True, 'x-stability-level': 3})}}),
  {'openapi':'3.0.0','info':{},'paths':{'/a': {'get': {'requestBody': {'content': None, 'required': 'yes'}, 'responses': {'200': {'content': {'application/json': {'schema': None}}, 'headers': None}}}}}, 'components': None, 'webhooks': None, 'servers': [None, {'url': None}]},
  {'openapi':'3.1.0','info':{},'paths':{'/a': {'get': {'requestBody': {'content': {'application/json': {'schema': True}}}, 'responses': {'200': {'content': {'application/json': {'schema': False}}}}}}}, 'webhooks': {'w': None}},
]


def test_malformed_documents_never_crash_the_engine() -> None:
    for base in WEIRD:
        for revision in WEIRD:
            run(base, revision)
