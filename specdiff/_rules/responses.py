"""Responses: status codes added/removed (success vs non-success), media types added, removed,
specialised or generalised, response headers added/removed/required, and the body and header
schemas (delegated to the shared schema comparer)."""

from __future__ import annotations

from typing import Any

from specdiff._diff import MapDiff, MediaTypeDiff, OperationDiff, ResponseDiff, Side, SpecDiff
from specdiff._model import Direction, Level
from specdiff._rules._context import RuleContext
from specdiff._rules._ops import op_context
from specdiff._rules._registry import Area, register
from specdiff._rules.schema import compare_schemas

F = "responses"
_STATUS = "request has no status codes"

register("response-success-status-added", Level.INFO, "response", Area.RESPONSES, family=F, no_mirror=_STATUS,
         description="A success (2xx) response status was added.",
         message="added the success response with the status `{status}`",
         why="Clients that only handle the old success status may treat the new one as unexpected.")
register("response-success-status-removed", Level.ERROR, "response", Area.RESPONSES, family=F, no_mirror=_STATUS,
         description="A success (2xx) response status was removed.",
         message="removed the success response with the status `{status}`",
         why="Clients expecting that status (and its body) will get something else.")
register("response-non-success-status-added", Level.INFO, "response", Area.RESPONSES, family=F, no_mirror=_STATUS,
         description="A non-success response status (or `default`) was added.",
         message="added the non-success response with the status `{status}`",
         why="Documents an error clients may already get; nothing breaks.")
register("response-non-success-status-removed", Level.INFO, "response", Area.RESPONSES, family=F, no_mirror=_STATUS,
         description="A non-success response status (or `default`) was removed.",
         message="removed the non-success response with the status `{status}`",
         why="Clients handling that error keep working; the error is just undocumented.")
register("response-media-type-added", Level.INFO, "response", Area.RESPONSES, family=F, mirror="request-body-media-type-added",
         description="A response status got a new media type.",
         message="added the media type `{media_type}` for the response with the status `{status}`",
         why="Only returned when the client asks for it (content negotiation).")
register("response-media-type-removed", Level.ERROR, "response", Area.RESPONSES, family=F, mirror="request-body-media-type-removed",
         description="A response status lost a media type.",
         message="removed the media type `{media_type}` for the response with the status `{status}`",
         why="Clients that ask for or parse that media type no longer get it.")
register("response-media-type-name-specialized", Level.INFO, "response", Area.RESPONSES, family=F,
         no_mirror="a request media type is chosen by the client",
         description="A response media type was replaced by a more specific one (e.g. `application/json` -> `application/problem+json`).",
         message="media type `{base_media_type}` was changed to a more specific media type `{media_type}` for the response status `{status}`",
         why="Clients parsing the general type can still parse the specific one.")
register("response-media-type-name-generalized", Level.ERROR, "response", Area.RESPONSES, family=F,
         no_mirror="a request media type is chosen by the client",
         description="A response media type was replaced by a more general one (e.g. `application/problem+json` -> `application/json`).",
         message="media type `{base_media_type}` was changed to a more general media type `{media_type}` for the response status `{status}`",
         why="Clients relying on the specific format may get other content.")
register("response-body-media-type-schema-added", Level.INFO, "response", Area.RESPONSES, family=F,
         mirror="request-body-media-type-schema-added",
         description="A response media type without a schema got one.",
         message="added the schema to the media type `{media_type}` of the response with the status `{status}`",
         why="Nothing breaks; the response is now described.")
register("response-body-media-type-schema-removed", Level.WARNING, "response", Area.RESPONSES, family=F,
         mirror="request-body-media-type-schema-removed",
         description="A response media type lost its schema.",
         message="removed the schema from the media type `{media_type}` of the response with the status `{status}`",
         why="Clients can no longer rely on the documented shape of the response.")
register("response-header-added", Level.INFO, "response", Area.HEADERS, family=F, no_mirror="request headers are parameters",
         description="A response header was added.",
         message="added the response header `{header}` for the status `{status}`",
         why="Nothing breaks.")
register("required-response-header-removed", Level.ERROR, "response", Area.HEADERS, family=F, no_mirror="request headers are parameters",
         description="A required response header was removed.",
         message="the mandatory response header `{header}` removed for the status `{status}`",
         why="Clients reading the header (rate limits, pagination, ids) lose it.")
register("optional-response-header-removed", Level.WARNING, "response", Area.HEADERS, family=F, no_mirror="request headers are parameters",
         description="An optional response header was removed.",
         message="the optional response header `{header}` removed for the status `{status}`",
         why="Clients that read it when present will stop getting it.")
register("response-header-became-optional", Level.ERROR, "response", Area.HEADERS, family=F, no_mirror="request headers are parameters",
         description="A required response header became optional.",
         message="the response header `{header}` became optional for the status `{status}`",
         why="Clients assuming the header is always there may fail when it is missing.")
register("response-header-became-required", Level.INFO, "response", Area.HEADERS, family=F, no_mirror="request headers are parameters", ours=True,
         description="An optional response header became required.",
         message="the response header `{header}` became required for the status `{status}`",
         why="Nothing breaks; clients can rely on it now.")
register("response-header-deprecated", Level.INFO, "response", Area.HEADERS, family=F, no_mirror="request headers are parameters", ours=True,
         description="A response header was marked deprecated.",
         message="the response header `{header}` was deprecated for the status `{status}`",
         why="Nothing breaks yet; stop relying on it.")
register("response-header-reactivated", Level.INFO, "response", Area.HEADERS, family=F, no_mirror="request headers are parameters", ours=True,
         description="A deprecated response header is no longer deprecated.",
         message="the response header `{header}` is no longer deprecated for the status `{status}`",
         why="Nothing breaks.")
register("response-header-explode-changed", Level.INFO, "response", Area.HEADERS, family=F, no_mirror="request headers are parameters", ours=True,
         description="A response header's `explode` changed (only objects change on the wire under `style: simple`; reported as info).",
         message="the response header `{header}` explode changed from `{base_explode}` to `{revision_explode}` for the status `{status}`",
         why="Under `style: simple` explode only changes how objects are written; for this header nothing on the wire changes.")
register("response-header-object-explode-changed", Level.WARNING, "response", Area.HEADERS, family=F, no_mirror="request headers are parameters", ours=True,
         description="An object-valued response header's `explode` changed (`a,1,b,2` became `a=1,b=2` or back).",
         message="the object response header `{header}` explode changed from `{base_explode}` to `{revision_explode}` for the status `{status}`",
         why="Clients parsing the header's key/value pairs read the old format and fail on the new one.")


def _object_header(ctx: RuleContext, b: dict[str, Any], r: dict[str, Any], bptr: str, rptr: str) -> bool:
    """Whether either side's schema is an object (the only type `explode` changes under `style: simple`)."""
    for h, ptr, res in ((b, bptr, ctx.resolve_base), (r, rptr, ctx.resolve_revision)):
        schema = h.get("schema")
        if schema is None:
            continue
        node = res(schema, ptr + "/schema").node
        t = node.get("type") if isinstance(node, dict) else None
        if t == "object" or (isinstance(t, list) and "object" in t) or (t is None and isinstance(node, dict) and "properties" in node):
            return True
    return False


def is_success(status: str) -> bool:
    return status[:1] == "2"


def _split(mt: str) -> tuple[str, str, str]:
    """`application/problem+json; charset=x` -> ("application", "problem", "json")."""
    base = mt.split(";", 1)[0].strip().lower()
    main, _, sub = base.partition("/")
    name, plus, suffix = sub.partition("+")
    return main, name, suffix if plus else ""


def specializes(general: str, specific: str) -> bool:
    """True when every `specific` document is also a `general` one."""
    gm, gn, gs = _split(general)
    sm, sn, ss = _split(specific)
    if (gm, gn, gs) == (sm, sn, ss):
        return False
    if gm == "*":
        return True
    if gm != sm:
        return False
    if gn == "*":
        return True
    return not gs and ss == gn


def same_essence(a: str, b: str) -> bool:
    """`application/json` and `application/json; charset=utf-8` name the same media type:
    changing only the parameters is not a change of media type."""
    return _split(a) == _split(b)


def pair_renames(content: MapDiff[MediaTypeDiff]) -> list[tuple[str, Side, str, Side, bool | None]]:
    """Removed/added media types that are the same type with other parameters (None) or one
    another's specialisation (True: the revision is more specific; False: more general).
    Matched pairs leave the added/removed maps."""
    pairs: list[tuple[str, Side, str, Side, bool | None]] = []
    for bmt in list(content.removed):
        for rmt in list(content.added):
            if same_essence(bmt, rmt):
                pairs.append((bmt, content.removed.pop(bmt), rmt, content.added.pop(rmt), None))
                break
    for bmt in list(content.removed):
        for rmt in list(content.added):
            spec = specializes(bmt, rmt)
            if spec or specializes(rmt, bmt):
                pairs.append((bmt, content.removed.pop(bmt), rmt, content.added.pop(rmt), spec))
                break
    return pairs


def _schema_pair(rctx: RuleContext, bmedia: Side, rmedia: Side, mt: str) -> None:
    mctx = rctx.child(semantic=f"content/{mt}", media_type=mt)
    bnode: Any = bmedia.node if isinstance(bmedia.node, dict) else {}
    rnode: Any = rmedia.node if isinstance(rmedia.node, dict) else {}
    has_b, has_r = "schema" in bnode, "schema" in rnode
    if has_r and not has_b:
        mctx.emit("response-body-media-type-schema-added", revision=rmedia.pointer + "/schema")
    elif has_b and not has_r:
        mctx.emit("response-body-media-type-schema-removed", base=bmedia.pointer + "/schema")
    elif has_b and has_r:
        compare_schemas(mctx, bnode["schema"], rnode["schema"], bmedia.pointer + "/schema", rmedia.pointer + "/schema")


def _response(octx: RuleContext, resp: ResponseDiff) -> None:
    rctx = octx.child(semantic=f"response/{resp.status}", status=resp.status)
    content = MapDiff(dict(resp.content.added), dict(resp.content.removed), resp.content.modified)
    for bmt, bside, rmt, rside, spec in pair_renames(content):
        if spec is not None:
            rule = "response-media-type-name-specialized" if spec else "response-media-type-name-generalized"
            rctx.emit(rule, base=bside.pointer, revision=rside.pointer, subject=f"content/{bmt}", media_type=rmt, base_media_type=bmt)
        _schema_pair(rctx, bside, rside, bmt)
    for mt, side in content.removed.items():
        rctx.emit("response-media-type-removed", base=side.pointer, subject=f"content/{mt}", media_type=mt)
    for mt, side in content.added.items():
        rctx.emit("response-media-type-added", revision=side.pointer, subject=f"content/{mt}", media_type=mt)
    for mt, md in content.modified.items():
        _schema_pair(rctx, md.base, md.revision, mt)
    for name, side in resp.headers.removed.items():
        required = isinstance(side.node, dict) and side.node.get("required") is True
        rule = "required-response-header-removed" if required else "optional-response-header-removed"
        rctx.emit(rule, base=side.pointer, subject=f"header/{name}", header=_display(resp.base, name))
    for name, side in resp.headers.added.items():
        rctx.emit("response-header-added", revision=side.pointer, subject=f"header/{name}", header=_display(resp.revision, name))
    for name, hd in resp.headers.modified.items():
        hctx = rctx.child(semantic=f"header/{name}", position="header", header=_display(resp.revision, name))
        b, r = hd.base.node, hd.revision.node
        if not isinstance(b, dict) or not isinstance(r, dict):
            continue
        breq, rreq = b.get("required") is True, r.get("required") is True
        if breq != rreq:
            hctx.emit("response-header-became-required" if rreq else "response-header-became-optional",
                      base=hd.base.pointer, revision=hd.revision.pointer, subject="required")
        bd, rd = b.get("deprecated") is True, r.get("deprecated") is True
        if bd != rd:
            hctx.emit("response-header-deprecated" if rd else "response-header-reactivated",
                      base=hd.base.pointer, revision=hd.revision.pointer, subject="deprecated")
        if bool(b.get("explode", False)) != bool(r.get("explode", False)):
            rule = "response-header-object-explode-changed" if _object_header(hctx, b, r, hd.base.pointer, hd.revision.pointer) else "response-header-explode-changed"
            hctx.emit(rule, base=hd.base.pointer, revision=hd.revision.pointer, subject="explode",
                      base_explode=str(bool(b.get("explode", False))).lower(), revision_explode=str(bool(r.get("explode", False))).lower())
        if "schema" in b and "schema" in r:
            compare_schemas(hctx, b["schema"], r["schema"], hd.base.pointer + "/schema", hd.revision.pointer + "/schema")


def _display(side: Side, lower: str) -> str:
    """The header name as the document spells it (matching is case-insensitive)."""
    headers = side.node.get("headers") if isinstance(side.node, dict) else None
    if isinstance(headers, dict):
        for name in headers:
            if str(name).lower() == lower:
                return str(name)
    return lower


def _operation(ctx: RuleContext, op: OperationDiff) -> None:
    octx = op_context(ctx, op.method, op.revision_path, op.revision.node).child(direction=Direction.RESPONSE, position="body")
    for status in op.responses.removed:
        rule = "response-success-status-removed" if is_success(status) else "response-non-success-status-removed"
        octx.emit(rule, base=op.responses.removed[status].pointer, subject=f"response/{status}", status=status)
    for status in op.responses.added:
        rule = "response-success-status-added" if is_success(status) else "response-non-success-status-added"
        octx.emit(rule, revision=op.responses.added[status].pointer, subject=f"response/{status}", status=status)
    for resp in op.responses.modified.values():
        _response(octx, resp)


def check(diff: SpecDiff, ctx: RuleContext) -> None:
    for op in diff.operations_modified:
        if op.responses:
            _operation(ctx, op)
