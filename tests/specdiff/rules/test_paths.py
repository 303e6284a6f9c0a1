"""Paths and operations, lifecycle (deprecation, sunset, stability), servers and webhooks:
one tiny base/revision pair per rule, asserting the exact IDs and the message."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fixtures.specdiff_rules import api, op, run

FUTURE = "2099-01-01"
PAST = "2020-01-01"


def one_op(**fields: Any) -> dict[str, Any]:
    return api({"/a": {"get": op(**fields)}, "/keep": {"get": op()}})


def two_ops(get: dict[str, Any] | None = None) -> dict[str, Any]:
    return api({"/a": {"get": get or op(), "post": op()}, "/keep": {"get": op()}})


KEEP = api({"/keep": {"get": op()}})

CASES: list[tuple[str, dict[str, Any], dict[str, Any], list[str], str, dict[str, Any]]] = [
    # (name, base, revision, exact ids, message fragment of the first, options)
    ("endpoint-added", KEEP, one_op(), ["endpoint-added"], "endpoint added", {}),
    ("path removed", one_op(), KEEP, ["api-path-removed-without-deprecation"], "api path removed without deprecation", {}),
    ("path removed, deprecated", one_op(deprecated=True), KEEP, ["api-path-removed-with-deprecation"], "with deprecation", {}),
    ("path removed, deprecated, sunset passed", one_op(deprecated=True, **{"x-sunset": PAST}), KEEP, ["api-path-removed-with-deprecation"], "", {}),
    ("path removed before sunset", one_op(deprecated=True, **{"x-sunset": FUTURE}), KEEP, ["api-path-removed-before-sunset"], f"sunset date `{FUTURE}`", {}),
    ("path removed, bad sunset", one_op(deprecated=True, **{"x-sunset": "soon"}), KEEP, ["api-path-sunset-parse"], "failed to parse sunset date", {}),
    ("draft operation removed", one_op(**{"x-stability-level": "draft"}), KEEP, [], "", {}),
    ("operation removed", two_ops(), api({"/a": {"post": op()}, "/keep": {"get": op()}}), ["api-removed-without-deprecation"], "api removed without deprecation", {}),
    ("deprecated operation removed", two_ops(op(deprecated=True)), api({"/a": {"post": op()}, "/keep": {"get": op()}}), ["api-removed-with-deprecation"], "", {}),
    ("operation removed before sunset", two_ops(op(deprecated=True, **{"x-sunset": FUTURE})), api({"/a": {"post": op()}, "/keep": {"get": op()}}), ["api-removed-before-sunset"], FUTURE, {}),
    ("operationId added", one_op(), one_op(operationId="getA"), ["api-operation-id-added"], "`getA` was added", {}),
    ("operationId changed", one_op(operationId="getA"), one_op(operationId="fetchA"), ["api-operation-id-removed"], "`getA` removed and replaced with `fetchA`", {}),
    ("tag added", one_op(tags=["x"]), one_op(tags=["x", "y"]), ["api-tag-added"], "api tag `y` added", {}),
    ("tag removed", one_op(tags=["x", "y"]), one_op(tags=["x"]), ["api-tag-removed"], "api tag `y` removed", {}),
    # lifecycle
    ("deprecated", one_op(), one_op(deprecated=True), ["endpoint-deprecated"], "endpoint deprecated", {}),
    ("deprecated with sunset", one_op(), one_op(deprecated=True, **{"x-sunset": FUTURE}), ["endpoint-deprecated-with-sunset"], FUTURE, {}),
    ("reactivated", one_op(deprecated=True), one_op(), ["endpoint-reactivated"], "endpoint reactivated", {}),
    ("deprecated, bad sunset", one_op(), one_op(deprecated=True, **{"x-sunset": "2099-13-45"}), ["api-deprecated-sunset-parse"], "2099-13-45", {}),
    ("deprecated without sunset under a policy", one_op(), one_op(deprecated=True), ["api-deprecated-sunset-missing"], "without sunset date", {"deprecation_days_stable": 30}),
    ("sunset too soon under a policy", one_op(), one_op(deprecated=True, **{"x-sunset": "2026-01-20"}), ["api-sunset-date-too-small"], "at least `30` days", {"deprecation_days_stable": 30}),
    ("sunset deleted", one_op(deprecated=True, **{"x-sunset": FUTURE}), one_op(deprecated=True), ["sunset-deleted"], "deprecated=true kept", {}),
    ("sunset moved earlier", one_op(deprecated=True, **{"x-sunset": FUTURE}), one_op(deprecated=True, **{"x-sunset": "2026-01-20"}), ["api-sunset-date-changed-too-small"], "`2099-01-01` to `2026-01-20`", {"deprecation_days_stable": 30}),
    ("sunset changed to garbage", one_op(deprecated=True, **{"x-sunset": FUTURE}), one_op(deprecated=True, **{"x-sunset": "later"}), ["api-path-sunset-parse"], "later", {}),
    ("stability decreased", one_op(**{"x-stability-level": "beta"}), one_op(**{"x-stability-level": "alpha"}), ["api-stability-decreased"], "from `beta` to `alpha`", {}),
    ("stability increased", one_op(**{"x-stability-level": "alpha"}), one_op(**{"x-stability-level": "stable"}), ["api-stability-increased"], "from `alpha` to `stable`", {}),
    ("invalid stability", one_op(**{"x-stability-level": "beta"}), one_op(**{"x-stability-level": "ga"}), ["api-invalid-stability-level"], '"ga"', {}),
    # servers and webhooks
    ("server added", api({"/keep": {"get": op()}}, servers=[{"url": "https://a"}]), api({"/keep": {"get": op()}}, servers=[{"url": "https://a"}, {"url": "https://b"}]), ["api-server-added"], "`https://b`", {}),
    ("server removed", api({"/keep": {"get": op()}}, servers=[{"url": "https://a"}]), api({"/keep": {"get": op()}}), ["api-server-removed"], "`https://a`", {}),
    ("webhook added", api({}, openapi="3.1.0"), api({}, openapi="3.1.0", webhooks={"ping": {"post": op()}}), ["webhook-added"], "`ping`", {}),
    ("webhook removed", api({}, openapi="3.1.0", webhooks={"ping": {"post": op()}}), api({}, openapi="3.1.0"), ["webhook-removed"], "`ping`", {}),
]


@pytest.mark.parametrize(("base", "revision", "expected", "fragment", "options"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule(base: dict[str, Any], revision: dict[str, Any], expected: list[str], fragment: str, options: dict[str, Any]) -> None:
    changes = run(base, revision, **options)
    assert sorted(c.id for c in changes) == sorted(expected)
    if expected:
        first = next(c for c in changes if c.id == expected[0])
        assert fragment in first.message
        assert first.why


def test_removed_path_reports_each_operation_once_with_base_location() -> None:
    changes = run(two_ops(), KEEP)
    assert [(c.id, c.operation) for c in changes] == [
        ("api-path-removed-without-deprecation", "GET /a"),
        ("api-path-removed-without-deprecation", "POST /a"),
    ]
    assert changes[0].base is not None and changes[0].base.pointer == "/paths/~1a/get"
    assert changes[0].revision is None


def test_path_level_servers_are_reported_once_per_path() -> None:
    base = api({"/a": {"servers": [{"url": "https://x"}], "get": op(), "post": op()}})
    rev = api({"/a": {"servers": [{"url": "https://y"}], "get": op(), "post": op()}})
    assert sorted(c.id for c in run(base, rev)) == ["api-server-added", "api-server-removed"]


def test_description_only_edits_are_not_reported() -> None:
    base = one_op(description="old", summary="old")
    rev = one_op(description="new words", summary="new")
    assert run(base, rev) == []


def test_moved_operation_is_still_a_removal_but_says_where_it_went() -> None:
    base = api({"/v1/things": {"get": op(operationId="listThings")}})
    rev = api({"/things": {"get": op(operationId="listThings")}})
    removed = next(c for c in run(base, rev) if c.id == "api-path-removed-without-deprecation")
    assert removed.operation == "GET /v1/things"
    assert removed.message == "api path removed without deprecation (operationId `listThings` is now `GET /things`)"
    assert removed.details["moved_to"] == "GET /things"


def test_draft_and_alpha_operations_only_report_lifecycle_changes() -> None:
    base = one_op(**{"x-stability-level": "alpha"}, parameters=[{"name": "q", "in": "query", "schema": {"type": "string"}}])
    rev = one_op(**{"x-stability-level": "alpha"})
    assert run(base, rev) == []
    base = one_op(parameters=[{"name": "q", "in": "query", "schema": {"type": "string"}}])
    rev = one_op(**{"x-stability-level": "draft"})
    assert [c.id for c in run(base, rev)] == ["api-stability-decreased"]


def test_no_stability_level_means_stable() -> None:
    (change,) = run(one_op(), one_op(**{"x-stability-level": "beta"}))
    assert change.id == "api-stability-decreased"
    assert "from `stable` to `beta`" in change.message
    assert run(one_op(), one_op(**{"x-stability-level": "stable"})) == []
