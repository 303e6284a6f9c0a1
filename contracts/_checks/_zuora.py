"""Zuora's conventions as registered checks.

Zuora answers many errors with HTTP 200, `"success": false` and `reasons[]`; sends a 36-char
`Zuora-Request-Id`, echoes `Zuora-Track-Id`, reports `RateLimit-*`, replays `Idempotency-Key`
requests without a second effect, and gzips bodies over 1000 bytes when asked to. Each check is
also registered with schemathesis (`@schemathesis.check`) so custom pytest suites get them from
`case.validate_response()`; there they return silently when they do not apply.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import TYPE_CHECKING, Any, ClassVar

import schemathesis
from schemathesis.core.failures import Failure, Severity

from contracts._checks._registry import CallInfo, register

if TYPE_CHECKING:
    from schemathesis import Response
    from schemathesis.checks import CheckContext

    from contracts._engine._types import AnyCase

GZIP_THRESHOLD = 1000
REQUEST_ID_LENGTH = 36
RATE_LIMIT_HEADERS = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")


class ZuoraConventionFailure(Failure):
    """A response broke one of Zuora's documented conventions."""

    code: ClassVar[str] = "SP101"
    kind_title: ClassVar[str] = "Zuora convention violated"

    def __init__(self, *, operation: str | None, message: str, title: str | None = None) -> None:
        super().__init__(operation=operation, title=title, message=message, severity=Severity.MEDIUM)


class ZuoraRejectedValidData(ZuoraConventionFailure):
    """Valid input answered with HTTP 2XX and `success: false`."""

    code: ClassVar[str] = "SP102"
    kind_title: ClassVar[str] = "Valid data rejected with 200 + success: false"


class IdempotencyViolation(ZuoraConventionFailure):
    code: ClassVar[str] = "SP103"
    kind_title: ClassVar[str] = "Idempotency-Key replay had a second effect"


class IgnoredAuthentication(ZuoraConventionFailure):
    code: ClassVar[str] = "SP104"
    kind_title: ClassVar[str] = "Request without credentials was accepted"


_LEADING_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:[;,].*)?$")


def rate_limit_number(raw: str | None) -> float | None:
    """The leading quota/number of a RateLimit-* value ("100", "100;w=60", "5.0"), else None."""
    if raw is None:
        return None
    match = _LEADING_NUMBER.match(raw)
    return float(match.group(1)) if match else None


def reasons_text(body: Any) -> str:
    reasons = body.get("reasons") if isinstance(body, dict) else None
    if isinstance(reasons, list) and reasons:
        return "; ".join(
            f"{r.get('code')}: {r.get('message')}" if isinstance(r, dict) else str(r) for r in reasons[:3]
        )
    return "no reasons given"


def zuora_not_found(body: Any) -> bool:
    """Zuora's 404: `success: false` whose every reason code is in category 40 (object not found;
    the last two digits of a Zuora error code name its category). A valid request for an id that
    does not exist is refused this way, as a 404 would be, and that is no failure."""
    reasons = body.get("reasons") if isinstance(body, dict) else None
    if not isinstance(reasons, list) or not reasons:
        return False
    codes = [str(r.get("code")) if isinstance(r, dict) else "" for r in reasons]
    return all(len(code) >= 3 and code.isdigit() and code.endswith("40") for code in codes)


def _call(case: AnyCase, response: Response) -> CallInfo:
    return CallInfo(case, response, "")


def _sent(response: Response, name: str) -> str | None:
    request = getattr(response, "request", None)
    headers = getattr(request, "headers", None) or {}
    value = headers.get(name)
    return None if value is None else str(value)


def _got(response: Response, name: str) -> str | None:
    values = response.headers.get(name.lower())
    return values[0] if values else None


def _documented_headers(call: CallInfo) -> set[str]:
    definition = call.case.operation.responses.find_by_status_code(call.response.status_code)
    if definition is None:
        return set()
    return {name.lower() for name in (definition.definition.get("headers") or {})}


def _documents_success(call: CallInfo) -> bool:
    definition = call.case.operation.responses.find_by_status_code(call.response.status_code)
    if definition is None:
        return False
    try:
        schema = definition.get_schema("application/json").schema
    except Exception:
        return False
    return isinstance(schema, dict) and "success" in (schema.get("properties") or {})


def _documented_object(call: CallInfo) -> dict[str, Any] | None:
    """The documented JSON body schema for this response, `$ref`s and `allOf` flattened one
    level deep: enough to see which top-level properties it declares and whether it is closed."""
    definition = call.case.operation.responses.find_by_status_code(call.response.status_code)
    if definition is None:
        return None
    content = definition.definition.get("content") or {}
    media = next((m for name, m in content.items() if "json" in name and isinstance(m, dict)), None)
    raw: Any = getattr(call.case.operation.schema, "raw_schema", {})

    def resolve(node: Any, depth: int = 0) -> Any:
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/") and depth < 20:
            target: Any = raw
            for part in node["$ref"][2:].split("/"):
                target = target.get(part.replace("~1", "/").replace("~0", "~")) if isinstance(target, dict) else None
            node, depth = target, depth + 1
        return node

    schema = resolve(media.get("schema")) if media is not None else None
    if not isinstance(schema, dict):
        return None
    merged: dict[str, Any] = {"properties": dict(schema.get("properties") or {})}
    if "additionalProperties" in schema:
        merged["additionalProperties"] = schema["additionalProperties"]
    for part in schema.get("allOf") or []:
        part = resolve(part)
        if isinstance(part, dict):
            merged["properties"].update(part.get("properties") or {})
            if part.get("additionalProperties") is False:
                merged["additionalProperties"] = False
    merged["properties"] = {k: resolve(v) for k, v in merged["properties"].items()}
    return merged


def _documented_differently(call: CallInfo, name: str) -> bool:
    """The spec gives property `name` its own shape (or forbids it): the documented schema, which
    response_schema_conformance checks, wins over the Zuora convention for that property."""
    documented = _documented_object(call)
    if documented is None:
        return False
    prop = documented["properties"].get(name)
    if prop is None:
        return documented.get("additionalProperties") is False
    if not isinstance(prop, dict):
        return False
    kind = prop.get("type")
    if name == "success":
        return kind is not None and kind != "boolean" and "boolean" not in (kind if isinstance(kind, list) else [])
    items = prop.get("items")
    return kind not in (None, "array") or (isinstance(items, dict) and items.get("type") not in (None, "object"))


# --- success flag and reasons[] -------------------------------------------------------------------


def _success_applies(call: CallInfo) -> bool:
    body = call.body
    return isinstance(body, dict) and ("success" in body or "reasons" in body or _documents_success(call))


@register(
    "zuora_success_flag",
    applies=_success_applies,
    source="zuora",
    description="`success` is a boolean; `success: false` comes with reasons[] of {code, message}.",
)
@schemathesis.check
def zuora_success_flag(ctx: CheckContext, response: Response, case: AnyCase) -> bool | None:
    call = _call(case, response)
    if not _success_applies(call):
        return None
    body = call.body
    label = case.operation.label
    if _documented_differently(call, "success"):
        return None
    if "success" not in body:
        documented = _documented_object(call)
        if 200 <= response.status_code < 300 and (documented is None or "success" in documented["properties"]):
            raise ZuoraConventionFailure(
                operation=label,
                title="Missing `success` flag",
                message="Received: a JSON body without `success`\nDocumented: every response carries `success`",
            )
        return None
    success = body["success"]
    if not isinstance(success, bool):
        raise ZuoraConventionFailure(
            operation=label,
            title="`success` is not a boolean",
            message=f"Received: success = {json.dumps(success)[:80]}\nDocumented: true or false",
        )
    if success is True and response.status_code >= 400:
        raise ZuoraConventionFailure(
            operation=label,
            title="Error status with `success: true`",
            message=f"Received: {response.status_code} with success: true\nDocumented: errors carry success: false",
        )
    if success is False and not _documented_differently(call, "reasons"):
        reasons = body.get("reasons")
        if not isinstance(reasons, list) or not reasons:
            raise ZuoraConventionFailure(
                operation=label,
                title="`success: false` without reasons[]",
                message="Received: success: false and no reasons\nDocumented: reasons[] with code and message",
            )
        for index, reason in enumerate(reasons):
            code = reason.get("code") if isinstance(reason, dict) else None
            if not isinstance(reason, dict) or not isinstance(reason.get("message"), str) or (
                code is not None and not isinstance(code, (int, str))
            ):
                raise ZuoraConventionFailure(
                    operation=label,
                    title="Malformed reasons[] entry",
                    message=f"Received: reasons[{index}] = {json.dumps(reason)[:120]}\n"
                    "Documented: {code?: integer|string, message: string}",
                )
    return None


# --- Zuora-Track-Id echo ------------------------------------------------------------------------


def _track_applies(call: CallInfo) -> bool:
    sent = _sent(call.response, "Zuora-Track-Id")
    if not sent:
        return False
    return len(sent) <= 64 and sent.isascii() and not any(c in sent for c in ":;\"'")


@register(
    "zuora_track_id_echo",
    applies=_track_applies,
    source="zuora",
    description="A valid Zuora-Track-Id sent is echoed back unchanged.",
)
@schemathesis.check
def zuora_track_id_echo(ctx: CheckContext, response: Response, case: AnyCase) -> bool | None:
    if not _track_applies(_call(case, response)):
        return None
    sent = _sent(response, "Zuora-Track-Id")
    got = _got(response, "Zuora-Track-Id")
    if got != sent:
        raise ZuoraConventionFailure(
            operation=case.operation.label,
            title="Zuora-Track-Id not echoed",
            message=f"Received: {got!r}\nDocumented: the Zuora-Track-Id sent ({sent!r})",
        )
    return None


# --- Zuora-Request-Id -----------------------------------------------------------------------------


def _request_id_applies(call: CallInfo) -> bool:
    return _got(call.response, "Zuora-Request-Id") is not None or "zuora-request-id" in _documented_headers(call)


@register(
    "zuora_request_id",
    applies=_request_id_applies,
    source="zuora",
    description="Zuora-Request-Id is present where documented and 36 characters long.",
)
@schemathesis.check
def zuora_request_id(ctx: CheckContext, response: Response, case: AnyCase) -> bool | None:
    if not _request_id_applies(_call(case, response)):
        return None
    value = _got(response, "Zuora-Request-Id")
    if value is None or len(value) != REQUEST_ID_LENGTH:
        raise ZuoraConventionFailure(
            operation=case.operation.label,
            title="Bad Zuora-Request-Id",
            message=f"Received: {value!r}\nDocumented: a {REQUEST_ID_LENGTH}-character request id",
        )
    return None


# --- RateLimit-* ------------------------------------------------------------------------------------


def _rate_applies(call: CallInfo) -> bool:
    documented = _documented_headers(call)
    return any(
        _got(call.response, h) is not None or h.lower() in documented for h in RATE_LIMIT_HEADERS
    )


@register(
    "zuora_rate_limit_headers",
    applies=_rate_applies,
    source="zuora",
    description="RateLimit-Limit/Remaining/Reset come together as non-negative integers, Remaining <= Limit.",
)
@schemathesis.check
def zuora_rate_limit_headers(ctx: CheckContext, response: Response, case: AnyCase) -> bool | None:
    if not _rate_applies(_call(case, response)):
        return None
    values: dict[str, float] = {}
    for name in RATE_LIMIT_HEADERS:
        raw = _got(response, name)
        # Limit may carry a quota policy ("100;w=60", IETF RateLimit fields); the others are numbers.
        number = rate_limit_number(raw)
        if number is None or number < 0:
            raise ZuoraConventionFailure(
                operation=case.operation.label,
                title=f"Bad {name} header",
                message=f"Received: {name}: {raw!r}\nDocumented: a non-negative number (Limit may add ';w=SECONDS')",
            )
        values[name] = number
    if values["RateLimit-Remaining"] > values["RateLimit-Limit"]:
        raise ZuoraConventionFailure(
            operation=case.operation.label,
            title="RateLimit-Remaining exceeds RateLimit-Limit",
            message=f"Received: Remaining {values['RateLimit-Remaining']:g} > Limit {values['RateLimit-Limit']:g}\n"
            "Documented: Remaining <= Limit",
        )
    return None


# --- gzip -----------------------------------------------------------------------------------------------


def _gzip_applies(call: CallInfo) -> bool:
    accept = _sent(call.response, "Accept-Encoding") or ""
    return "gzip" in accept.lower() and len(call.response.content or b"") > GZIP_THRESHOLD


@register(
    "zuora_gzip",
    applies=_gzip_applies,
    source="zuora",
    description="Bodies over 1000 bytes are gzip-encoded when the client accepts gzip.",
)
@schemathesis.check
def zuora_gzip(ctx: CheckContext, response: Response, case: AnyCase) -> bool | None:
    if not _gzip_applies(_call(case, response)):
        return None
    encoding = (_got(response, "Content-Encoding") or "").lower()
    if "gzip" not in encoding:
        raise ZuoraConventionFailure(
            operation=case.operation.label,
            title="Large body not gzip-encoded",
            message=f"Received: {len(response.content)} bytes with Content-Encoding {encoding or 'none'!r}\n"
            f"Documented: gzip above {GZIP_THRESHOLD} bytes when Accept-Encoding includes gzip",
        )
    return None


# --- Idempotency-Key replay (sends two more requests; the engine runs it once per operation) ----


def _idempotency_applies(call: CallInfo) -> bool:
    op = call.case.operation
    return (
        call.positive
        and op.method.upper() in {"POST", "PATCH", "PUT"}
        and any(p.name.lower() == "idempotency-key" for p in op.headers)
        and 200 <= call.response.status_code < 300
        and not call.zuora_rejected
    )


def _resend(ctx: CheckContext, response: Response, key: str) -> Any:
    import requests

    request = response.request.copy()
    request.headers["Idempotency-Key"] = key
    session = (ctx.internals.transport_kwargs or {}).get("session")
    if not isinstance(session, requests.Session):
        session = requests.Session()
    return session.request(
        request.method or "POST", request.url or "", data=request.body, headers=dict(request.headers), timeout=30
    )


def _stable(body: bytes) -> Any:
    try:
        return json.loads(body or b"null")
    except ValueError:
        return body


@register(
    "zuora_idempotency_replay",
    applies=_idempotency_applies,
    source="zuora",
    description="A request replayed with the same Idempotency-Key returns the first response, no second effect.",
)
@schemathesis.check
def zuora_idempotency_replay(ctx: CheckContext, response: Response, case: AnyCase) -> bool | None:
    if not _idempotency_applies(_call(case, response)):
        return None
    key = f"specpact-{uuid.uuid4()}"
    first = _resend(ctx, response, key)
    second = _resend(ctx, response, key)
    a, b = _stable(first.content), _stable(second.content)
    if first.status_code != second.status_code or a != b:
        raise IdempotencyViolation(
            operation=case.operation.label,
            message=f"Received: first {first.status_code} {str(a)[:120]}, replay {second.status_code} {str(b)[:120]}\n"
            "Documented: the replay returns the first response and has no second effect",
        )
    return None


# --- ignored auth (sends one more request without credentials; once per operation) -------------


def _needs_auth(call: CallInfo) -> bool:
    op = call.case.operation
    declared = bool(op.definition.raw.get("security", op.schema.raw_schema.get("security")))
    auth_header = any(p.name.lower() == "authorization" and p.is_required for p in op.headers)
    sent = _sent(call.response, "Authorization")
    return call.auth_kind != "none" and (declared or auth_header) and bool(sent) and call.positive and 200 <= call.response.status_code < 300


@register(
    "ignored_auth",
    applies=_needs_auth,
    source="schemathesis",
    description="An operation that requires credentials refuses the same request without them.",
)
def ignored_auth(ctx: CheckContext, response: Response, case: AnyCase) -> bool | None:
    import requests

    request = response.request.copy()
    headers = {k: v for k, v in request.headers.items() if k.lower() != "authorization"}
    session = (ctx.internals.transport_kwargs or {}).get("session")
    sender = session if isinstance(session, requests.Session) else requests.Session()
    kwargs: dict[str, Any] = {"data": request.body, "headers": headers, "timeout": 30}
    if getattr(sender, "supports_without_auth", False):
        kwargs["without_auth"] = True
    again = sender.request(request.method or "GET", request.url or "", **kwargs)
    body = _stable(again.content)
    rejected = again.status_code in (401, 403) or (isinstance(body, dict) and body.get("success") is False)
    if not rejected:
        raise IgnoredAuthentication(
            operation=case.operation.label,
            message=f"Received: {again.status_code} without Authorization\nDocumented: 401 or 403",
        )
    return None


ONCE_PER_OPERATION = frozenset({"zuora_idempotency_replay", "ignored_auth"})
