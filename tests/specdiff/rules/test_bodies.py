"""Request bodies and responses (status codes, media types, headers): one pair per rule."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fixtures.specdiff_rules import api, op, run

JSON = "application/json"


def body(required: bool | None = None, *types: str, schema: bool = True) -> dict[str, Any]:
    rb: dict[str, Any] = {"content": {t: ({"schema": {"type": "object"}} if schema else {}) for t in (types or (JSON,))}}
    if required is not None:
        rb["required"] = required
    return rb


def post(**fields: Any) -> dict[str, Any]:
    return api({"/a": {"post": op(**fields)}})


def resp(status: str = "200", media: tuple[str, ...] = (JSON,), headers: dict[str, Any] | None = None, schema: bool = True) -> dict[str, Any]:
    r: dict[str, Any] = {"description": "x"}
    if media:
        r["content"] = {m: ({"schema": {"type": "object"}} if schema else {}) for m in media}
    if headers is not None:
        r["headers"] = headers
    return {status: r}


def responses(*parts: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for p in parts:
        out.update(p)
    return post(responses=out)


H = {"schema": {"type": "string"}}

CASES: list[tuple[str, dict[str, Any], dict[str, Any], list[str], str]] = [
    ("required body added", post(), post(requestBody=body(True)), ["request-body-added-required"], "added required request body"),
    ("optional body added", post(), post(requestBody=body()), ["request-body-added-optional"], "added optional request body"),
    ("body removed", post(requestBody=body()), post(), ["request-body-removed"], "removed the request body"),
    ("body became required", post(requestBody=body(False)), post(requestBody=body(True)), ["request-body-became-required"], "became required"),
    ("body became optional", post(requestBody=body(True)), post(requestBody=body()), ["request-body-became-optional"], "became optional"),
    ("request media type added", post(requestBody=body()), post(requestBody=body(None, JSON, "application/xml")), ["request-body-media-type-added"], "`application/xml`"),
    ("request media type removed", post(requestBody=body(None, JSON, "application/xml")), post(requestBody=body()), ["request-body-media-type-removed"], "removed the media type `application/xml` from the request body"),
    ("request schema added", post(requestBody=body(schema=False)), post(requestBody=body()), ["request-body-media-type-schema-added"], JSON),
    ("request schema removed", post(requestBody=body()), post(requestBody=body(schema=False)), ["request-body-media-type-schema-removed"], JSON),
    ("success status added", responses(resp()), responses(resp(), resp("201")), ["response-success-status-added"], "status `201`"),
    ("success status removed", responses(resp(), resp("201")), responses(resp()), ["response-success-status-removed"], "status `201`"),
    ("error status added", responses(resp()), responses(resp(), resp("404")), ["response-non-success-status-added"], "status `404`"),
    ("error status removed", responses(resp(), resp("default")), responses(resp()), ["response-non-success-status-removed"], "status `default`"),
    ("response media type added", responses(resp()), responses(resp(media=(JSON, "text/csv"))), ["response-media-type-added"], "`text/csv`"),
    ("response media type removed", responses(resp(media=(JSON, "text/csv"))), responses(resp()), ["response-media-type-removed"], "`text/csv`"),
    ("media type specialized", responses(resp()), responses(resp(media=("application/problem+json",))), ["response-media-type-name-specialized"], "more specific media type `application/problem+json`"),
    ("media type generalized", responses(resp(media=("application/problem+json",))), responses(resp()), ["response-media-type-name-generalized"], "more general media type `application/json`"),
    ("response schema added", responses(resp(schema=False)), responses(resp()), ["response-body-media-type-schema-added"], JSON),
    ("response schema removed", responses(resp()), responses(resp(schema=False)), ["response-body-media-type-schema-removed"], JSON),
    ("header added", responses(resp(headers={})), responses(resp(headers={"X-Rate": H})), ["response-header-added"], "`X-Rate`"),
    ("required header removed", responses(resp(headers={"X-Rate": dict(H, required=True)})), responses(resp(headers={})), ["required-response-header-removed"], "mandatory response header `X-Rate`"),
    ("optional header removed", responses(resp(headers={"X-Rate": H})), responses(resp(headers={})), ["optional-response-header-removed"], "optional response header `X-Rate`"),
    ("header became optional", responses(resp(headers={"X-Rate": dict(H, required=True)})), responses(resp(headers={"X-Rate": H})), ["response-header-became-optional"], "became optional"),
    ("header became required", responses(resp(headers={"X-Rate": H})), responses(resp(headers={"X-Rate": dict(H, required=True)})), ["response-header-became-required"], "became required"),
    ("header deprecated", responses(resp(headers={"X-Rate": H})), responses(resp(headers={"X-Rate": dict(H, deprecated=True)})), ["response-header-deprecated"], "deprecated"),
    ("header reactivated", responses(resp(headers={"X-Rate": dict(H, deprecated=True)})), responses(resp(headers={"X-Rate": H})), ["response-header-reactivated"], "no longer deprecated"),
    ("header explode", responses(resp(headers={"X-Rate": H})), responses(resp(headers={"X-Rate": dict(H, explode=True)})), ["response-header-explode-changed"], "from `false` to `true`"),
    ("object header explode", responses(resp(headers={"X-Obj": {"schema": {"type": "object", "properties": {"a": {"type": "integer"}}}}})), responses(resp(headers={"X-Obj": {"schema": {"type": "object", "properties": {"a": {"type": "integer"}}}, "explode": True}})), ["response-header-object-explode-changed"], "object response header `X-Obj` explode changed from `false` to `true`"),
    ("header case only", responses(resp(headers={"X-Rate": H})), responses(resp(headers={"x-rate": H})), []),
]


@pytest.mark.parametrize(("base", "revision", "expected", "fragment"), [(c[1], c[2], c[3], c[4] if len(c) > 4 else "") for c in CASES], ids=[c[0] for c in CASES])
def test_rule(base: dict[str, Any], revision: dict[str, Any], expected: list[str], fragment: str) -> None:
    changes = run(base, revision)
    assert sorted(c.id for c in changes) == sorted(expected)
    if expected:
        first = next(c for c in changes if c.id == expected[0])
        assert fragment in first.message
        assert first.operation == "POST /a"


def test_removed_status_is_one_change_not_one_per_media_type_or_header() -> None:
    base = responses(resp(), resp("201", media=(JSON, "text/csv"), headers={"X-A": H, "X-B": H}))
    assert [c.id for c in run(base, responses(resp()))] == ["response-success-status-removed"]


def test_removed_request_body_is_one_change() -> None:
    assert [c.id for c in run(post(requestBody=body(True, JSON, "text/plain")), post())] == ["request-body-removed"]


def test_media_type_parameters_only_are_not_a_media_type_change() -> None:
    assert run(responses(resp()), responses(resp(media=("application/json; charset=utf-8",)))) == []
    assert run(post(requestBody=body()), post(requestBody=body(None, "application/json;charset=utf-8"))) == []
