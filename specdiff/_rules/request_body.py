"""Request bodies: added, removed, required changes, media types added/removed, and the body
schema per media type (delegated to the shared schema comparer)."""

from __future__ import annotations

from specdiff._diff import MapDiff, MediaTypeDiff, OperationDiff, Side, SpecDiff
from specdiff._model import Direction, Level
from specdiff._rules._context import RuleContext
from specdiff._rules._ops import op_context
from specdiff._rules._registry import Area, register
from specdiff._rules.responses import same_essence
from specdiff._rules.schema import compare_schemas

F = "request_body"

register("request-body-added-required", Level.ERROR, "request", Area.REQUEST_BODY, family=F,
         no_mirror="a response body being added is response-media-type-added / status rules",
         description="A required request body was added to an existing operation.",
         message="added required request body",
         why="Existing clients send no body and are rejected.")
register("request-body-added-optional", Level.INFO, "request", Area.REQUEST_BODY, family=F,
         no_mirror="a response body being added is response-media-type-added / status rules",
         description="An optional request body was added to an existing operation.",
         message="added optional request body",
         why="Nothing breaks; clients may start sending one.")
register("request-body-removed", Level.ERROR, "request", Area.REQUEST_BODY, family=F,
         no_mirror="response bodies are removed per media type (response-media-type-removed)",
         description="The request body of an operation was removed.",
         message="removed the request body",
         why="Clients still send a body that the server no longer documents or accepts.")
register("request-body-became-required", Level.ERROR, "request", Area.REQUEST_BODY, family=F,
         no_mirror="responses have no `required` flag",
         description="An optional request body became required.",
         message="request body became required",
         why="Clients that send no body are now rejected.")
register("request-body-became-optional", Level.INFO, "request", Area.REQUEST_BODY, family=F,
         no_mirror="responses have no `required` flag",
         description="A required request body became optional.",
         message="request body became optional",
         why="Nothing breaks.")
register("request-body-media-type-added", Level.INFO, "request", Area.REQUEST_BODY, family=F,
         mirror="response-media-type-added",
         description="The request body accepts a new media type.",
         message="added the media type `{media_type}` to the request body",
         why="Nothing breaks; clients may use the new media type.")
register("request-body-media-type-removed", Level.ERROR, "request", Area.REQUEST_BODY, family=F,
         mirror="response-media-type-removed",
         description="The request body no longer accepts a media type.",
         message="removed the media type `{media_type}` from the request body",
         why="Clients sending that media type are rejected (415).")
register("request-body-media-type-schema-added", Level.ERROR, "request", Area.REQUEST_BODY, family=F,
         mirror="response-body-media-type-schema-added",
         description="A request media type without a schema got one.",
         message="added the schema to the request body media type `{media_type}`",
         why="Bodies that were accepted as anything are now validated.")
register("request-body-media-type-schema-removed", Level.INFO, "request", Area.REQUEST_BODY, family=F,
         mirror="response-body-media-type-schema-removed",
         description="A request media type lost its schema.",
         message="removed the schema from the request body media type `{media_type}`",
         why="Nothing breaks: any body is accepted.")


def _operation(ctx: RuleContext, op: OperationDiff) -> None:
    rb = op.request_body
    if rb is None:
        return
    octx = op_context(ctx, op.method, op.revision_path, op.revision.node).child(
        semantic="request", direction=Direction.REQUEST, position="body")
    if rb.base is None and rb.revision is not None:
        required = isinstance(rb.revision.node, dict) and rb.revision.node.get("required") is True
        octx.emit("request-body-added-required" if required else "request-body-added-optional", revision=rb.revision.pointer)
        return
    if rb.revision is None and rb.base is not None:
        octx.emit("request-body-removed", base=rb.base.pointer)
        return
    if rb.base is None or rb.revision is None:
        return
    b, r = rb.base.node, rb.revision.node
    if not isinstance(b, dict) or not isinstance(r, dict):
        return
    breq, rreq = b.get("required") is True, r.get("required") is True
    if breq != rreq:
        octx.emit("request-body-became-required" if rreq else "request-body-became-optional",
                  base=rb.base.pointer, revision=rb.revision.pointer, subject="required")
    content = MapDiff(dict(rb.content.added), dict(rb.content.removed), dict(rb.content.modified))
    for bmt, bside, _rmt, rside in _same_type_pairs(content):
        # only the media type's parameters changed (e.g. `; charset=utf-8`): the same body
        content.modified[bmt] = MediaTypeDiff(bmt, bside, rside)
    for mt, side in content.removed.items():
        octx.emit("request-body-media-type-removed", base=side.pointer, subject=f"content/{mt}", media_type=mt)
    for mt, side in content.added.items():
        octx.emit("request-body-media-type-added", revision=side.pointer, subject=f"content/{mt}", media_type=mt)
    for mt, md in content.modified.items():
        mctx = octx.child(semantic=f"content/{mt}", media_type=mt)
        bs, rs = md.base_schema, md.revision_schema
        if bs is None and rs is not None:
            mctx.emit("request-body-media-type-schema-added", revision=rs.pointer)
        elif bs is not None and rs is None:
            mctx.emit("request-body-media-type-schema-removed", base=bs.pointer)
        elif bs is not None and rs is not None:
            compare_schemas(mctx, bs.node, rs.node, bs.pointer, rs.pointer)


def _same_type_pairs(content: MapDiff[MediaTypeDiff]) -> list[tuple[str, Side, str, Side]]:
    out = []
    for bmt in list(content.removed):
        for rmt in list(content.added):
            if same_essence(bmt, rmt):
                out.append((bmt, content.removed.pop(bmt), rmt, content.added.pop(rmt)))
                break
    return out


def check(diff: SpecDiff, ctx: RuleContext) -> None:
    for op in diff.operations_modified:
        _operation(ctx, op)

