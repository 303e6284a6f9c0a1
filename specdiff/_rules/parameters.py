"""Request parameters (path, query, header, cookie): added, removed, required changes,
renamed path parameters, style/explode, deprecation and sunset. A parameter's schema is
compared by the shared schema comparer (`specdiff._rules.schema.compare_schemas`).
"""

from __future__ import annotations

from typing import Any

from specdiff._diff import OperationDiff, SpecDiff
from specdiff._model import Direction, Level
from specdiff._rules._context import RuleContext
from specdiff._rules._ops import SunsetError, is_deprecated, op_context, sunset, valid_stability
from specdiff._rules._registry import Area, register
from specdiff._rules.lifecycle import DeprecationIds, deprecation
from specdiff._rules.schema import compare_schemas

F = "parameters"
_REQ = "parameters are sent by clients only; response headers are covered by the responses family"

register("new-required-request-parameter", Level.ERROR, "request", Area.PARAMETERS, family=F, no_mirror=_REQ,
         description="A required parameter was added to an existing operation.",
         message="added the new required `{in}` request parameter `{name}`",
         why="Existing clients do not send it, so their requests are rejected.")
register("new-optional-request-parameter", Level.INFO, "request", Area.PARAMETERS, family=F, no_mirror=_REQ,
         description="An optional parameter was added to an existing operation.",
         message="added the new optional `{in}` request parameter `{name}`",
         why="Nothing breaks; clients may start sending it.")
register("new-request-path-parameter", Level.ERROR, "request", Area.PARAMETERS, family=F, no_mirror=_REQ,
         description="A path parameter was added to an existing operation.",
         message="added the new path request parameter `{name}`",
         why="Existing clients build URLs without it.")
register("new-required-request-default-parameter-to-existing-path", Level.ERROR, "request", Area.PARAMETERS, family=F, no_mirror=_REQ,
         description="A required parameter was added at path-item level, so every operation of an existing path needs it.",
         message="added the new required `{in}` request parameter `{name}` to all path's operations",
         why="Existing clients of every operation on the path do not send it.")
register("new-optional-request-default-parameter-to-existing-path", Level.INFO, "request", Area.PARAMETERS, family=F, no_mirror=_REQ,
         description="An optional parameter was added at path-item level.",
         message="added the new optional `{in}` request parameter `{name}` to all path's operations",
         why="Nothing breaks; clients may start sending it.")
register("request-parameter-removed", Level.WARNING, "request", Area.PARAMETERS, family=F, no_mirror=_REQ,
         description="A parameter was removed from an operation (not deprecated first).",
         message="deleted the `{in}` request parameter `{name}`",
         why="Clients still sending it may be rejected or have it silently ignored.")
register("request-parameter-removed-with-deprecation", Level.INFO, "request", Area.PARAMETERS, family=F, no_mirror=_REQ,
         description="A deprecated parameter was removed (sunset passed or none set).",
         message="deleted the deprecated `{in}` request parameter `{name}`",
         why="Expected end of a deprecation; clients were warned.")
register("request-parameter-removed-before-sunset", Level.ERROR, "request", Area.PARAMETERS, family=F, no_mirror=_REQ,
         description="A deprecated parameter was removed before its `x-sunset` date.",
         message="deleted the `{in}` request parameter `{name}` before the sunset date `{sunset}`",
         why="Clients were promised the parameter until its sunset date.")
register("request-parameter-became-required", Level.ERROR, "request", Area.PARAMETERS, family=F, no_mirror=_REQ,
         description="An optional parameter became required.",
         message="the `{in}` request parameter `{name}` became required",
         why="Clients that omit it are now rejected.")
register("request-parameter-became-optional", Level.INFO, "request", Area.PARAMETERS, family=F, no_mirror=_REQ,
         description="A required parameter became optional.",
         message="the `{in}` request parameter `{name}` became optional",
         why="Nothing breaks; clients may omit it.")
register("request-path-parameter-renamed", Level.INFO, "request", Area.PARAMETERS, family=F, no_mirror=_REQ, ours=True,
         description="A path parameter was renamed (same position in the path template).",
         message="renamed the path request parameter `{base_name}` to `{revision_name}`",
         why="The URL is unchanged; only generated SDK argument names change.")
register("request-parameter-style-changed", Level.WARNING, "request", Area.PARAMETERS, family=F, no_mirror=_REQ, ours=True,
         description="A parameter's serialization `style` changed.",
         message="the `{in}` request parameter `{name}` style changed from `{base_style}` to `{revision_style}`",
         why="Clients keep serializing the old way, which the server may no longer parse.")
register("request-parameter-allow-empty-value-removed", Level.WARNING, "request", Area.PARAMETERS, family=F, no_mirror=_REQ, ours=True,
         description="A parameter no longer allows an empty value (`allowEmptyValue` true -> false).",
         message="the `{in}` request parameter `{name}` no longer allows empty values",
         why="Clients sending `?{name}=` may now be rejected.")
register("request-parameter-explode-changed", Level.WARNING, "request", Area.PARAMETERS, family=F, no_mirror=_REQ, ours=True,
         description="A parameter's `explode` changed for an array or object parameter.",
         message="the `{in}` request parameter `{name}` explode changed from `{base_explode}` to `{revision_explode}`",
         why="Clients keep serializing arrays/objects the old way, which the server may no longer parse.")
register("request-parameter-deprecated", Level.INFO, "request", Area.PARAMETERS, family=F, no_mirror=_REQ,
         description="A parameter was marked deprecated.",
         message="`{in}` request parameter `{name}` was deprecated{details}",
         why="Nothing breaks yet; stop sending it before it is removed.")
register("request-parameter-reactivated", Level.INFO, "request", Area.PARAMETERS, family=F, no_mirror=_REQ,
         description="A deprecated parameter is no longer deprecated.",
         message="`{in}` request parameter `{name}` was reactivated",
         why="Nothing breaks.")
register("request-parameter-sunset-parse", Level.ERROR, "request", Area.PARAMETERS, family=F, no_mirror=_REQ,
         description="A parameter's `x-sunset` is not an RFC 3339 date.",
         message="failed to parse sunset date for the `{in}` request parameter `{name}`: `{error}`",
         why="Clients cannot tell when the parameter goes away.")
register("request-parameter-deprecated-sunset-missing", Level.ERROR, "request", Area.PARAMETERS, family=F, no_mirror=_REQ,
         description="A parameter was deprecated without `x-sunset` although the policy requires one.",
         message="`{in}` request parameter `{name}` was deprecated without sunset date",
         why="Clients get no date to plan their migration by.")
register("request-parameter-sunset-date-too-small", Level.ERROR, "request", Area.PARAMETERS, family=F, no_mirror=_REQ,
         description="A parameter was deprecated with a sunset sooner than the policy's grace period.",
         message="`{in}` request parameter `{name}` sunset date `{sunset}` is too small, must be at least `{days}` days from now",
         why="Clients get less time to migrate than the deprecation policy promises.")
register("request-parameter-sunset-deleted", Level.ERROR, "request", Area.PARAMETERS, family=F, no_mirror=_REQ,
         description="A deprecated parameter lost its `x-sunset` but stays deprecated.",
         message="`{in}` request parameter `{name}` sunset date deleted, but deprecated=true kept",
         why="Clients planning by the sunset date lose their only schedule.")
register("request-parameter-sunset-date-changed-too-small", Level.ERROR, "request", Area.PARAMETERS, family=F, no_mirror=_REQ,
         description="A deprecated parameter's `x-sunset` was moved earlier, inside the grace period.",
         message="`{in}` request parameter `{name}` sunset date changed to earlier date from `{base_sunset}` to `{revision_sunset}`",
         why="Clients lose migration time they were promised.")

PARAMETER_IDS = DeprecationIds(
    deprecated="request-parameter-deprecated",
    deprecated_with_sunset="request-parameter-deprecated",
    reactivated="request-parameter-reactivated",
    sunset_parse="request-parameter-sunset-parse",
    sunset_missing="request-parameter-deprecated-sunset-missing",
    sunset_too_small="request-parameter-sunset-date-too-small",
    sunset_deleted="request-parameter-sunset-deleted",
    sunset_changed_parse="request-parameter-sunset-parse",
    sunset_changed_too_small="request-parameter-sunset-date-changed-too-small",
)

_DEFAULT_STYLE = {"query": "form", "cookie": "form", "path": "simple", "header": "simple"}


def _style(p: dict[str, Any]) -> str:
    return str(p.get("style") or _DEFAULT_STYLE.get(str(p.get("in")), "form"))


def _explode(p: dict[str, Any]) -> bool:
    if "explode" in p:
        return bool(p["explode"])
    return _style(p) == "form"


def _schema_of(p: dict[str, Any], ptr: str) -> tuple[Any, str]:
    """The parameter's schema: `schema`, or the schema of its single `content` entry."""
    if "schema" in p:
        return p["schema"], ptr + "/schema"
    content = p.get("content")
    if isinstance(content, dict) and content:
        mt, media = next(iter(content.items()))
        if isinstance(media, dict) and "schema" in media:
            return media["schema"], f"{ptr}/content/{mt.replace('~', '~0').replace('/', '~1')}/schema"
    return None, ptr


def _param_ctx(octx: RuleContext, key: str, loc: str, name: str) -> RuleContext:
    return octx.child(semantic=f"parameter/{key}", direction=Direction.REQUEST, position="parameter", param_in=loc, param_name=name)


def _operation(ctx: RuleContext, op: OperationDiff) -> None:
    octx = op_context(ctx, op.method, op.revision_path, op.revision.node)
    draft = valid_stability(op.base.node) in ("draft", "alpha")
    for key, side in op.parameters.added.items():
        p = side.node
        loc, name = str(p.get("in", "")), str(p.get("name", ""))
        pctx = _param_ctx(octx, key, loc, name)
        if loc == "path":
            pctx.emit("new-request-path-parameter", revision=side.pointer)
        elif key in op.revision_path_level and key not in op.base_path_level and op.base_path == op.revision_path:
            rule = "new-required-request-default-parameter-to-existing-path" if p.get("required") is True else "new-optional-request-default-parameter-to-existing-path"
            pctx.emit(rule, revision=side.pointer)
        elif p.get("required") is True:
            pctx.emit("new-required-request-parameter", revision=side.pointer)
        else:
            pctx.emit("new-optional-request-parameter", revision=side.pointer)
    for key, side in op.parameters.removed.items():
        p = side.node
        loc, name = str(p.get("in", "")), str(p.get("name", ""))
        pctx = _param_ctx(octx, key, loc, name)
        if draft:
            continue
        if not is_deprecated(p):
            pctx.emit("request-parameter-removed", base=side.pointer)
            continue
        try:
            date = sunset(p)
        except SunsetError as exc:
            pctx.emit("request-parameter-sunset-parse", base=side.pointer, error=str(exc))
            continue
        if date is not None and date > ctx.emitter.options.now():
            pctx.emit("request-parameter-removed-before-sunset", base=side.pointer, sunset=date.isoformat())
        else:
            pctx.emit("request-parameter-removed-with-deprecation", base=side.pointer)
    for key, pd in op.parameters.modified.items():
        b, r = pd.base.node, pd.revision.node
        pctx = _param_ctx(octx, key, pd.location, pd.revision_name)
        if pd.base_name != pd.revision_name and pd.location == "path":
            pctx.emit("request-path-parameter-renamed", base=pd.base.pointer, revision=pd.revision.pointer,
                      subject="name", base_name=pd.base_name, revision_name=pd.revision_name)
        if ctx.same(b, r):
            continue
        breq, rreq = b.get("required") is True, r.get("required") is True
        if breq != rreq and pd.location != "path":
            pctx.emit("request-parameter-became-required" if rreq else "request-parameter-became-optional",
                      base=pd.base.pointer, revision=pd.revision.pointer, subject="required")
        if _style(b) != _style(r):
            pctx.emit("request-parameter-style-changed", base=pd.base.pointer, revision=pd.revision.pointer,
                      subject="style", base_style=_style(b), revision_style=_style(r))
        elif _explode(b) != _explode(r) and _is_structured(pctx, b, r, pd.base.pointer, pd.revision.pointer):
            pctx.emit("request-parameter-explode-changed", base=pd.base.pointer, revision=pd.revision.pointer,
                      subject="explode", base_explode=str(_explode(b)).lower(), revision_explode=str(_explode(r)).lower())
        if b.get("allowEmptyValue") is True and r.get("allowEmptyValue") is not True:
            pctx.emit("request-parameter-allow-empty-value-removed", base=pd.base.pointer, revision=pd.revision.pointer, subject="allowEmptyValue")
        deprecation(pctx, PARAMETER_IDS, b, r, pd.base.pointer, pd.revision.pointer, "", stability_of=op.revision.node)
        bs, bptr = _schema_of(b, pd.base.pointer)
        rs, rptr = _schema_of(r, pd.revision.pointer)
        if bs is not None and rs is not None:
            compare_schemas(pctx, bs, rs, bptr, rptr)


def _is_structured(ctx: RuleContext, b: dict[str, Any], r: dict[str, Any], bptr: str, rptr: str) -> bool:
    """explode only changes the wire format of arrays and objects."""
    for p, ptr, res in ((b, bptr, ctx.resolve_base), (r, rptr, ctx.resolve_revision)):
        schema, sptr = _schema_of(p, ptr)
        node = res(schema, sptr).node if schema is not None else None
        t = node.get("type") if isinstance(node, dict) else None
        types = t if isinstance(t, list) else [t]
        if "array" in types or "object" in types:
            return True
    return False


def check(diff: SpecDiff, ctx: RuleContext) -> None:
    for op in diff.operations_modified:
        if op.parameters:
            _operation(ctx, op)
