"""Paths and operations: added, removed (with or without deprecation, before sunset),
operationId and tag changes.

No cascades: a removed operation is one change and nothing below it is looked at; a removed
path is one change per operation it had.
"""

from __future__ import annotations

from specdiff._diff import OperationRef, SpecDiff
from specdiff._model import Level
from specdiff._rules._context import RuleContext
from specdiff._rules._ops import SunsetError, is_deprecated, op_context, sunset, valid_stability
from specdiff._rules._registry import Area, register

F = "paths"
_NO_MIRROR = "operation-level: neither request nor response"

register("endpoint-added", Level.INFO, "none", Area.PATHS, family=F, no_mirror=_NO_MIRROR,
         description="A new operation (method + path) was added.",
         message="endpoint added",
         why="Nothing breaks: clients that do not call it are unaffected.")
register("api-path-removed-without-deprecation", Level.ERROR, "none", Area.PATHS, family=F, no_mirror=_NO_MIRROR,
         description="A whole path was removed; reported once per operation it had, which was not deprecated.",
         message="api path removed without deprecation{moved}",
         why="Clients calling this operation get 404 with no deprecation period to migrate.")
register("api-path-removed-with-deprecation", Level.INFO, "none", Area.PATHS, family=F, no_mirror=_NO_MIRROR,
         description="A whole path was removed after its operation was deprecated (sunset passed or none set).",
         message="api path removed with deprecation{moved}",
         why="Expected end of a deprecation; clients were warned.")
register("api-path-removed-before-sunset", Level.ERROR, "none", Area.PATHS, family=F, no_mirror=_NO_MIRROR,
         description="A whole path was removed before the `x-sunset` date of its deprecated operation.",
         message="api path removed before the sunset date `{sunset}`{moved}",
         why="Clients were promised the operation until its sunset date.")
register("api-path-sunset-parse", Level.ERROR, "none", Area.LIFECYCLE, family=F, no_mirror=_NO_MIRROR,
         description="The `x-sunset` of a deprecated operation is not an RFC 3339 date.",
         message="failed to parse sunset date: `{error}`",
         why="Without a readable sunset date clients cannot plan the migration.")
register("api-removed-without-deprecation", Level.ERROR, "none", Area.PATHS, family=F, no_mirror=_NO_MIRROR,
         description="An operation was removed from a path that still exists, without being deprecated first.",
         message="api removed without deprecation{moved}",
         why="Clients calling this operation get 404/405 with no deprecation period to migrate.")
register("api-removed-with-deprecation", Level.INFO, "none", Area.PATHS, family=F, no_mirror=_NO_MIRROR,
         description="A deprecated operation was removed (sunset passed or none set).",
         message="api removed with deprecation{moved}",
         why="Expected end of a deprecation; clients were warned.")
register("api-removed-before-sunset", Level.ERROR, "none", Area.PATHS, family=F, no_mirror=_NO_MIRROR,
         description="A deprecated operation was removed before its `x-sunset` date.",
         message="api removed before the sunset date `{sunset}`{moved}",
         why="Clients were promised the operation until its sunset date.")
register("api-operation-id-added", Level.INFO, "none", Area.PATHS, family=F, no_mirror=_NO_MIRROR,
         description="An operation got an operationId.",
         message="api operation id `{revision_id}` was added",
         why="Generated clients gain a method name; nothing breaks.")
register("api-operation-id-removed", Level.INFO, "none", Area.PATHS, family=F, no_mirror=_NO_MIRROR,
         description="An operation lost its operationId or it was replaced by another.",
         message="api operation id `{base_id}` removed and replaced with `{revision_id}`",
         why="Generated SDKs rename the method: code calling the old name stops compiling.")
register("api-tag-added", Level.INFO, "none", Area.PATHS, family=F, no_mirror=_NO_MIRROR,
         description="An operation got a tag.",
         message="api tag `{tag}` added",
         why="Only documentation grouping and SDK module layout change.")
register("api-tag-removed", Level.INFO, "none", Area.PATHS, family=F, no_mirror=_NO_MIRROR,
         description="An operation lost a tag.",
         message="api tag `{tag}` removed",
         why="SDKs generated per tag may move the method to another module.")


def _removed(ctx: RuleContext, ref: OperationRef, whole_path: bool, added_ids: dict[str, str]) -> None:
    node = ref.side.node
    octx = op_context(ctx, ref.method, ref.path, node)
    ptr = ref.side.pointer
    # An added operation with the same operationId is where it went (e.g. `/v1/x` -> `/x`):
    # said in the message, still reported as a removal because old URLs stop working.
    new_home = added_ids.get(octx.operation_id) if octx.operation_id else None
    moved = f" (operationId `{octx.operation_id}` is now `{new_home}`)" if new_home else ""
    if valid_stability(node) in ("draft", "alpha"):
        return  # draft and alpha operations may go at any time
    prefix = "api-path-removed" if whole_path else "api-removed"
    if not is_deprecated(node):
        octx.emit(f"{prefix}-without-deprecation", base=ptr, moved=moved, **({"moved_to": new_home} if new_home else {}))
        return
    try:
        date = sunset(node)
    except SunsetError as exc:
        octx.emit("api-path-sunset-parse", base=ptr, error=str(exc))
        return
    if date is not None and date > ctx.emitter.options.now():
        octx.emit(f"{prefix}-before-sunset", base=ptr, sunset=date.isoformat(), moved=moved)
    else:
        octx.emit(f"{prefix}-with-deprecation", base=ptr, moved=moved)


def check(diff: SpecDiff, ctx: RuleContext) -> None:
    for ref in diff.operations_added:
        op_context(ctx, ref.method, ref.path, ref.side.node).emit("endpoint-added", revision=ref.side.pointer)
    removed_with_path = {id(op) for pr in diff.paths_removed.values() for op in pr.operations}
    added_ids: dict[str, str] = {}
    for ref in diff.operations_added:
        op_id = ref.side.node.get("operationId") if isinstance(ref.side.node, dict) else None
        if op_id:
            added_ids.setdefault(str(op_id), ref.key)
    for ref in diff.operations_removed:
        _removed(ctx, ref, id(ref) in removed_with_path, added_ids)
    for op in diff.operations_modified:
        b, r = op.base.node, op.revision.node
        octx = op_context(ctx, op.method, op.revision_path, r)
        bid, rid = str(b.get("operationId") or ""), str(r.get("operationId") or "")
        if bid != rid:
            rule = "api-operation-id-added" if not bid else "api-operation-id-removed"
            octx.emit(rule, base=op.base.pointer + "/operationId" if bid else None,
                      revision=op.revision.pointer + "/operationId" if rid else None,
                      subject="operationId", base_id=bid, revision_id=rid)
        btags = [str(t) for t in b.get("tags") or [] if isinstance(b.get("tags"), list)]
        rtags = [str(t) for t in r.get("tags") or [] if isinstance(r.get("tags"), list)]
        for tag in btags:
            if tag not in rtags:
                octx.emit("api-tag-removed", base=op.base.pointer + "/tags", subject=f"tags/{tag}", tag=tag)
        for tag in rtags:
            if tag not in btags:
                octx.emit("api-tag-added", revision=op.revision.pointer + "/tags", subject=f"tags/{tag}", tag=tag)
