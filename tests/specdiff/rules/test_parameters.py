"""Request parameters: one tiny base/revision pair per rule, exact IDs and message text."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fixtures.specdiff_rules import api, op, run

FUTURE = "2099-01-01"


def q(name: str = "limit", **extra: Any) -> dict[str, Any]:
    p: dict[str, Any] = {"name": name, "in": "query", "schema": {"type": "string"}}
    p.update(extra)
    return p


def with_params(*params: dict[str, Any], path: str = "/a", **op_fields: Any) -> dict[str, Any]:
    return api({path: {"get": op(parameters=list(params), **op_fields)}})


ARR = {"type": "array", "items": {"type": "string"}}

CASES: list[tuple[str, dict[str, Any], dict[str, Any], list[str], str, dict[str, Any]]] = [
    ("required added", with_params(), with_params(q(required=True)), ["new-required-request-parameter"], "new required `query` request parameter `limit`", {}),
    ("optional added", with_params(), with_params(q()), ["new-optional-request-parameter"], "new optional `query` request parameter `limit`", {}),
    ("path parameter declared", api({"/a/{id}": {"get": op()}}), api({"/a/{id}": {"get": op(parameters=[{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}])}}),
     ["new-request-path-parameter"], "path request parameter `id`", {}),
    ("path-level required added", api({"/a": {"get": op()}}), api({"/a": {"parameters": [q(required=True)], "get": op()}}),
     ["new-required-request-default-parameter-to-existing-path"], "to all path's operations", {}),
    ("path-level optional added", api({"/a": {"get": op()}}), api({"/a": {"parameters": [q()], "get": op()}}),
     ["new-optional-request-default-parameter-to-existing-path"], "new optional `query`", {}),
    ("removed", with_params(q()), with_params(), ["request-parameter-removed"], "deleted the `query` request parameter `limit`", {}),
    ("deprecated removed", with_params(q(deprecated=True)), with_params(), ["request-parameter-removed-with-deprecation"], "deprecated", {}),
    ("removed before sunset", with_params(q(deprecated=True, **{"x-sunset": FUTURE})), with_params(), ["request-parameter-removed-before-sunset"], FUTURE, {}),
    ("became required", with_params(q()), with_params(q(required=True)), ["request-parameter-became-required"], "became required", {}),
    ("became optional", with_params(q(required=True)), with_params(q()), ["request-parameter-became-optional"], "became optional", {}),
    ("path parameter renamed", api({"/a/{id}": {"get": op(parameters=[{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}])}}),
     api({"/a/{key}": {"get": op(parameters=[{"name": "key", "in": "path", "required": True, "schema": {"type": "string"}}])}}),
     ["request-path-parameter-renamed"], "`id` to `key`", {}),
    ("style changed", with_params(q(schema=ARR)), with_params(q(schema=ARR, style="pipeDelimited")), ["request-parameter-style-changed"], "from `form` to `pipeDelimited`", {}),
    ("explode changed", with_params(q(schema=ARR)), with_params(q(schema=ARR, explode=False)), ["request-parameter-explode-changed"], "from `true` to `false`", {}),
    ("explode of a scalar", with_params(q()), with_params(q(explode=False)), [], "", {}),
    ("allowEmptyValue removed", with_params(q(allowEmptyValue=True)), with_params(q()), ["request-parameter-allow-empty-value-removed"], "no longer allows empty values", {}),
    ("deprecated", with_params(q()), with_params(q(deprecated=True)), ["request-parameter-deprecated"], "`query` request parameter `limit` was deprecated", {}),
    ("deprecated with sunset and stability", with_params(q(), **{"x-stability-level": "beta"}), with_params(q(deprecated=True, **{"x-sunset": FUTURE}), **{"x-stability-level": "beta"}),
     ["request-parameter-deprecated"], f"(sunset: {FUTURE}, stability: beta)", {}),
    ("reactivated", with_params(q(deprecated=True)), with_params(q()), ["request-parameter-reactivated"], "reactivated", {}),
    ("bad sunset", with_params(q()), with_params(q(deprecated=True, **{"x-sunset": "nope"})), ["request-parameter-sunset-parse"], "nope", {}),
    ("sunset missing under a policy", with_params(q()), with_params(q(deprecated=True)), ["request-parameter-deprecated-sunset-missing"], "without sunset date", {"deprecation_days_stable": 10}),
    ("sunset too soon under a policy", with_params(q()), with_params(q(deprecated=True, **{"x-sunset": "2026-01-16"})), ["request-parameter-sunset-date-too-small"], "is too small", {"deprecation_days_stable": 10}),
    ("sunset deleted", with_params(q(deprecated=True, **{"x-sunset": FUTURE})), with_params(q(deprecated=True)), ["request-parameter-sunset-deleted"], "sunset date deleted", {}),
    ("sunset moved earlier", with_params(q(deprecated=True, **{"x-sunset": FUTURE})), with_params(q(deprecated=True, **{"x-sunset": "2026-01-16"})), ["request-parameter-sunset-date-changed-too-small"], "to earlier date", {"deprecation_days_stable": 10}),
    ("description only", with_params(q(description="a")), with_params(q(description="b")), [], "", {}),
    ("header names are case-insensitive", with_params({"name": "X-Id", "in": "header", "schema": {"type": "string"}}), with_params({"name": "x-id", "in": "header", "schema": {"type": "string"}}), [], "", {}),
]


@pytest.mark.parametrize(("base", "revision", "expected", "fragment", "options"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule(base: dict[str, Any], revision: dict[str, Any], expected: list[str], fragment: str, options: dict[str, Any]) -> None:
    changes = run(base, revision, **options)
    assert sorted(c.id for c in changes) == sorted(expected)
    if expected:
        first = next(c for c in changes if c.id == expected[0])
        assert fragment in first.message
        assert first.operation == "GET " + next(iter(revision["paths"]))


def test_parameter_in_a_shared_component_names_the_component() -> None:
    comps = {"parameters": {"Limit": q()}}
    base = api({"/a": {"get": op(parameters=[{"$ref": "#/components/parameters/Limit"}])}}, components=comps)
    rev = api({"/a": {"get": op(parameters=[{"$ref": "#/components/parameters/Limit"}])}}, components={"parameters": {"Limit": q(required=True)}})
    (change,) = run(base, rev)
    assert change.id == "request-parameter-became-required"
    assert change.component == "#/components/parameters/Limit"
    assert change.revision is not None and change.revision.pointer == "/components/parameters/Limit"
