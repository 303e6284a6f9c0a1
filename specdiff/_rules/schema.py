"""Schema rules: what changed inside a schema, judged by the side that sees it.

The body, parameter and header families call `compare_schemas` for every schema position with
a context that says the direction (request/response) and position (body / parameter / header).
The work is split in three (`specdiff/_rules/_schema/`):

- `_view`: a schema position read the way a validator reads it (`$ref`s followed, allOf parts
  merged, `nullable` / `type: [x, "null"]` / `oneOf: [{type: "null"}, x]` as one flag);
- `_compare`: two views walked side by side into direction-free findings, memoised per
  (base, revision) node pair so a component shared by many operations is compared once;
  oneOf/anyOf branches matched by `$ref`, identical content, title, then likeness;
- `_ids`: each finding judged for its side and position into an oasdiff rule ID (or ours).

No cascades: a property removed is one change (nothing below it is looked at), a type changed
to an unrelated type stops the walk there, a schema wrapped in a oneOf is one change.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from specdiff._model import Direction
from specdiff._rules._context import RuleContext
from specdiff._rules._ops import STABILITY_ORDER, SunsetError, parse_date
from specdiff._rules._registry import Area, register
from specdiff._rules._schema._compare import Finding, SchemaComparator
from specdiff._rules._schema._ids import OWN_RULES, SCHEMA_RULES, Place, judge, why
from specdiff._rules._schema._view import canon

F = "schema"
_MEMO_KEY = "schema.comparator"


def _direction(rule_id: str) -> Direction:
    return Direction.REQUEST if rule_id.startswith(("request-", "new-")) else Direction.RESPONSE


def _area(rule_id: str) -> Area:
    if rule_id.startswith(("request-parameter-", "request-header-", "new-required-request-header")):
        return Area.PARAMETERS
    if rule_id.startswith("response-header-"):
        return Area.HEADERS
    return Area.SCHEMAS


_SPECIAL_MIRRORS = {
    "new-required-request-property": "response-required-property-added",
    "new-optional-request-property": "response-optional-property-added",
    "request-property-removed": "response-optional-property-removed",
    "response-required-property-removed": "request-property-removed",
    "request-body-enum-value-removed": "response-mediatype-enum-value-removed",
    "request-property-became-required": "response-property-became-required",
    "request-property-became-optional": "response-property-became-optional",
}


def _mirror(rule_id: str) -> tuple[str | None, str | None]:
    """(mirror, no_mirror reason) for the registry's symmetry check."""
    if rule_id in _SPECIAL_MIRRORS and _SPECIAL_MIRRORS[rule_id] in SCHEMA_RULES:
        return _SPECIAL_MIRRORS[rule_id], None
    if rule_id.startswith("request-"):
        other = "response-" + rule_id[len("request-") :]
    elif rule_id.startswith("response-"):
        other = "request-" + rule_id[len("response-") :]
    else:
        other = ""
    if other in SCHEMA_RULES:
        return other, None
    if rule_id.startswith(("request-parameter-", "request-header-", "new-required-request-header")):
        return None, "parameters are only sent by clients; responses have no parameters"
    if rule_id.startswith("response-header-"):
        return None, "response headers are only received; request headers are parameters"
    if rule_id.startswith("request-read-only-") or ("read-only" in rule_id and rule_id.startswith("request-")):
        return None, "readOnly decides what clients send; its response-side counterpart is reported under its own ID"
    if "write-only" in rule_id:
        return None, "writeOnly decides what clients receive; its request-side counterpart is reported under its own ID"
    return None, "the same change on the other side cannot break clients (it narrows what they receive or widens what they may send) and is not reported"


_POSITIONS = (
    ("request-parameter-property-", "A property of an object request parameter"),
    ("request-header-property-", "A property of an object header parameter"),
    ("request-read-only-property-", "A readOnly property in a request body"),
    ("request-required-property-", "A required property in a request body"),
    ("request-optional-property-", "An optional property in a request body"),
    ("request-parameter-", "A request parameter's schema"),
    ("request-property-", "A property in a request body"),
    ("request-body-", "The request body schema"),
    ("response-required-write-only-property-", "A required writeOnly property in a response body"),
    ("response-optional-write-only-property-", "An optional writeOnly property in a response body"),
    ("response-write-only-property-", "A writeOnly property in a response body"),
    ("response-required-property-", "A required property in a response body"),
    ("response-optional-property-", "An optional property in a response body"),
    ("response-mediatype-", "The response body schema"),
    ("response-header-", "A response header's schema"),
    ("response-property-", "A property in a response body"),
    ("response-body-", "The response body schema"),
)
_WORDS = {
    "max": "maximum",
    "min": "minimum",
    "exclusive-max": "exclusiveMaximum",
    "exclusive-min": "exclusiveMinimum",
    "max-length": "maxLength",
    "min-length": "minLength",
    "max-items": "maxItems",
    "min-items": "minItems",
    "max-properties": "maxProperties",
    "min-properties": "minProperties",
    "max-contains": "maxContains",
    "min-contains": "minContains",
    "unique-items": "uniqueItems",
    "additional-properties": "additionalProperties",
    "pattern-property": "a patternProperties entry",
    "property-names": "propertyNames",
    "prefix-items": "prefixItems",
    "unevaluated-items": "unevaluatedItems",
    "unevaluated-properties": "unevaluatedProperties",
    "content-schema": "contentSchema",
    "content-media-type": "contentMediaType",
    "content-encoding": "contentEncoding",
    "dependent-required": "a dependentRequired entry",
    "dependent-schema": "a dependentSchemas entry",
    "one-of-became-any-of": "oneOf became anyOf",
    "any-of-became-one-of": "anyOf became oneOf",
    "one-of": "a oneOf alternative",
    "any-of": "an anyOf alternative",
    "list-of-types": "the list of types",
    "default-value": "the default value",
    "x-extensible-enum-value": "an x-extensible-enum value",
    "enum-value": "an enum value",
}
_SPECIAL_DESCRIPTIONS = {
    "new-required-request-property": "A new required property in a request body.",
    "new-required-request-property-with-default": "A new required property (with a default value) in a request body.",
    "new-optional-request-property": "A new optional property in a request body.",
    "new-required-request-header-property": "A new required property of an object header parameter.",
    "response-mediatype-enum-value-removed": "The response body schema: an enum value removed.",
}


def _describe(rule_id: str) -> str:
    """`request-property-max-length-decreased` -> "A property in a request body: maxLength decreased."."""
    if rule_id in _SPECIAL_DESCRIPTIONS:
        return _SPECIAL_DESCRIPTIONS[rule_id]
    where, tail = "A schema", rule_id
    for prefix, text in _POSITIONS:
        if rule_id.startswith(prefix):
            where, tail = text, rule_id[len(prefix) :]
            break
    words = tail
    for key in sorted(_WORDS, key=len, reverse=True):
        if tail == key or tail.startswith(key + "-"):
            words = _WORDS[key] + tail[len(key) :].replace("-", " ")
            break
    else:
        words = tail.replace("-", " ").replace("read only", "readOnly").replace("write only", "writeOnly")
    return f"{where}: {words}."


for _rid, _level in SCHEMA_RULES.items():
    _m, _nm = _mirror(_rid)
    register(
        _rid,
        _level,
        _direction(_rid),
        _area(_rid),
        family=F,
        ours=_rid in OWN_RULES,
        mirror=_m,
        no_mirror=_nm,
        description=_describe(_rid),
        message="{text}",
        why=why(_rid),
    )


def _emit(ctx: RuleContext, rule_id: str, finding: Finding, text: str, suffix: str = "") -> None:
    ctx.emit(
        rule_id,
        base=finding.base,
        revision=finding.rev,
        subject=_subject(finding) + suffix,
        text=text,
        path="/".join(finding.path),
        **{k: v for k, v in finding.args.items() if k not in ("text", "path")},
    )


def _deprecated(ctx: RuleContext, finding: Finding, side: str) -> None:
    """A property deprecated: with or without `x-sunset`, judged by the deprecation policy.

    As for operations, under a policy a missing or too-close sunset replaces the informational
    finding; draft and alpha properties need no deprecation period.
    """
    name = "/".join(finding.path)
    raw_sunset = finding.args.get("sunset")
    level = finding.args.get("stability")
    level = level if level in STABILITY_ORDER else "stable"
    options = ctx.emitter.options
    days = 0 if level in ("draft", "alpha") else options.deprecation_days_beta if level == "beta" else options.deprecation_days_stable
    if raw_sunset is None:
        if days > 0:
            _emit(ctx, f"{side}-property-deprecated-sunset-missing", finding, f"{side} property `{name}` deprecated without sunset date")
        else:
            _emit(ctx, f"{side}-property-deprecated", finding, f"{side} property `{name}` deprecated")
        return
    try:
        when = parse_date(raw_sunset)
    except SunsetError as exc:
        _emit(ctx, f"{side}-property-deprecated-sunset-invalid", finding, f"{side} property `{name}` deprecated with invalid sunset date: {exc}")
        return
    if days > 0 and when < options.now() + timedelta(days=days):
        _emit(
            ctx,
            f"{side}-property-sunset-date-too-small",
            finding,
            f"{side} property `{name}` sunset date `{when.isoformat()}` is too small, must be at least {days} days from now",
        )
        return
    _emit(ctx, f"{side}-property-deprecated-with-sunset", finding, f"{side} property `{name}` deprecated with sunset date `{when.isoformat()}`")


def _invalid_stability(ctx: RuleContext, finding: Finding) -> None:
    """An `x-stability-level` outside draft/alpha/beta/stable on a property (lifecycle's rule)."""
    is_base = finding.args.get("side") == "base"
    ctx.emit(
        "api-invalid-stability-level",
        base=finding.base if is_base else None,
        revision=None if is_base else finding.rev,
        subject=_subject(finding) + f"/{finding.args.get('side')}",
        value=finding.args.get("value"),
    )


def _comparator(ctx: RuleContext) -> SchemaComparator:
    comparator = ctx.memo.get(_MEMO_KEY)
    if not isinstance(comparator, SchemaComparator):
        comparator = SchemaComparator(ctx.base.document, ctx.revision.document)
        ctx.memo[_MEMO_KEY] = comparator
    return comparator


def _place(ctx: RuleContext) -> Place:
    position = ctx.position or "body"
    return Place(
        direction=ctx.direction if ctx.direction is not Direction.NONE else Direction.REQUEST,
        where=position if position in ("body", "parameter", "header") else "body",
        param_in=ctx.param_in or "",
        name=ctx.param_name or ctx.header or "",
        status=ctx.status or "",
        media_type=ctx.media_type or "",
    )


def _subject(finding: Finding) -> str:
    """The semantic location for fingerprints: path, kind and what distinguishes siblings."""
    path = "/".join(finding.path)
    extra = ""
    args = finding.args
    for key in ("value", "branch", "keyword", "name", "key"):
        if key in args:
            extra = f"{key}={canon(args[key])}"
            break
    return f"{path}#{finding.kind}" + (f"({extra})" if extra else "")


def compare_schemas(ctx: RuleContext, base_schema: Any, rev_schema: Any, pointer_base: str, pointer_rev: str) -> None:
    """Compare two schema positions and emit every finding through `ctx` (direction-aware)."""
    comparator = _comparator(ctx)
    findings = comparator.compare(base_schema, pointer_base, rev_schema, pointer_rev)
    if not findings:
        return
    place = _place(ctx)
    for finding in findings:
        if finding.kind == "invalid-stability":
            _invalid_stability(ctx, finding)
            continue
        verdict = judge(finding, place)
        if verdict is None:
            continue
        if finding.kind == "deprecated":
            _deprecated(ctx, finding, verdict.rule_id.split("-", 1)[0])
            continue
        ctx.emit(
            verdict.rule_id,
            base=finding.base,
            revision=finding.rev,
            subject=_subject(finding),
            text=verdict.message,
            path="/".join(finding.path),
            **{k: v for k, v in finding.args.items() if k not in ("text", "path")},
        )
