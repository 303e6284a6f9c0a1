"""schemathesis's built-in response checks, registered with the predicates that say when each
can judge a call (schemathesis itself returns silently both on "held" and on "did not apply")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi import checks as oas

from contracts._checks._registry import CallInfo, register

if TYPE_CHECKING:
    from schemathesis import Response
    from schemathesis.checks import CheckContext

    from contracts._engine._types import AnyCase


def _definition(call: CallInfo):  # type: ignore[no-untyped-def]
    return call.case.operation.responses.find_by_status_code(call.response.status_code)


def _is_shape_probe(call: CallInfo) -> bool:
    return oas.is_unexpected_http_status_case(call.case)


def _credential_less(call: CallInfo) -> bool:
    """A 401/403 to a request sent without credentials on purpose (a negative case dropped them,
    or the ignored-auth probe): the auth convention answered, which specs rarely list per operation."""
    request = getattr(call.response, "request", None)
    headers = getattr(request, "headers", None) or {}
    if call.response.status_code not in (401, 403) or call.auth_kind == "none":
        return False
    # A negative header case that generated its own Authorization value sends no real credentials.
    return "Authorization" not in headers or not call.own_credentials


def _documented_status(call: CallInfo) -> bool:
    codes = call.case.operation.responses.status_codes
    return bool(codes) and "default" not in codes and not _is_shape_probe(call) and not _credential_less(call)


def _has_content_types(call: CallInfo) -> bool:
    if _is_shape_probe(call) or _definition(call) is None:
        return False
    schema = call.case.operation.schema
    return bool(schema.get_content_types(call.case.operation, call.response))


def _has_headers(call: CallInfo) -> bool:
    definition = _definition(call)
    return definition is not None and bool(definition.headers) and not _is_shape_probe(call)


def _has_body_schema(call: CallInfo) -> bool:
    if _is_shape_probe(call) or not call.response.content:
        return False
    # A Zuora rejection of invalid input is an error body under a 2XX code: judged by the
    # Zuora checks, not against the success schema.
    if call.negative and call.zuora_rejected:
        return False
    definition = _definition(call)
    if definition is None:
        return False
    return any(isinstance(m, dict) and m.get("schema") for m in (definition.definition.get("content") or {}).values())


register(
    "not_a_server_error",
    applies=lambda call: True,
    source="schemathesis",
    description="The response is not a 5XX server error.",
)(not_a_server_error)
register(
    "status_code_conformance",
    applies=_documented_status,
    source="schemathesis",
    description="The status code is one the operation documents.",
)(oas.status_code_conformance)
register(
    "content_type_conformance",
    applies=_has_content_types,
    source="schemathesis",
    description="The Content-Type is one documented for this status.",
)(oas.content_type_conformance)
register(
    "response_headers_conformance",
    applies=_has_headers,
    source="schemathesis",
    description="Documented response headers are present and match their schemas.",
)(oas.response_headers_conformance)
register(
    "response_schema_conformance",
    applies=_has_body_schema,
    source="schemathesis",
    description="The body matches the documented schema for its status and media type.",
)(oas.response_schema_conformance)


@register(
    "negative_data_rejection",
    applies=lambda call: call.negative and call.case.meta is not None and not _is_shape_probe(call),
    source="schemathesis",
    description="Invalid requests are rejected; Zuora's 200 + success:false counts as a rejection.",
)
def negative_data_rejection(ctx: CheckContext, response: Response, case: AnyCase) -> None:
    call = CallInfo(case, response, "")
    if call.zuora_rejected:
        return
    oas.negative_data_rejection(ctx, response, case)


def _judges_acceptance(call: CallInfo) -> bool:
    # A state change on a reused resource may be refused for its state (post a canceled bill
    # run), which no schema can express: stateful follow-ups are judged by their flows instead.
    if call.phase == "stateful" and call.case.operation.method.upper() not in {"GET", "HEAD", "OPTIONS"}:
        return False
    return call.positive and call.case.meta is not None and not _is_shape_probe(call)


@register(
    "positive_data_acceptance",
    applies=_judges_acceptance,
    source="schemathesis",
    description="Valid requests are accepted; Zuora's 200 + success:false counts as a refusal.",
)
def positive_data_acceptance(ctx: CheckContext, response: Response, case: AnyCase) -> None:
    from contracts._checks._zuora import ZuoraRejectedValidData, reasons_text, zuora_not_found

    call = CallInfo(case, response, "")
    if 400 <= response.status_code < 500 and zuora_not_found(call.body):
        return  # Zuora's not-found under the operation's documented 4xx: as a 404 would be
    if call.zuora_rejected and not zuora_not_found(call.body):
        raise ZuoraRejectedValidData(
            operation=case.operation.label,
            message=f"Received: {response.status_code} with success: false ({reasons_text(call.body)})\n"
            "Documented: valid input is accepted with success: true",
        )
    oas.positive_data_acceptance(ctx, response, case)
