"""Lifecycle of operations: deprecation, `x-sunset` (with an optional grace-days policy) and
`x-stability-level`. The deprecation logic is shared with parameters (`deprecation()`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from specdiff._diff import SpecDiff
from specdiff._model import Level
from specdiff._rules._context import RuleContext
from specdiff._rules._ops import (
    STABILITY_ORDER,
    SunsetError,
    is_deprecated,
    op_context,
    required_days,
    stability,
    sunset,
)
from specdiff._rules._registry import Area, register

F = "lifecycle"
_NM = "operation-level: neither request nor response"
_POLICY = " Only with a deprecation policy (`deprecation_days_*` > 0)."

register("endpoint-deprecated", Level.INFO, "none", Area.LIFECYCLE, family=F, no_mirror=_NM,
         description="An operation was marked `deprecated: true` (no sunset date).",
         message="endpoint deprecated{details}",
         why="Nothing breaks yet; plan to migrate away.")
register("endpoint-deprecated-with-sunset", Level.INFO, "none", Area.LIFECYCLE, family=F, no_mirror=_NM,
         description="An operation was deprecated with an `x-sunset` date.",
         message="endpoint deprecated with sunset date `{sunset}`",
         why="Nothing breaks yet; the operation may disappear after the sunset date.")
register("endpoint-reactivated", Level.INFO, "none", Area.LIFECYCLE, family=F, no_mirror=_NM,
         description="A deprecated operation is no longer deprecated.",
         message="endpoint reactivated",
         why="Nothing breaks; the operation stays.")
register("api-deprecated-sunset-parse", Level.ERROR, "none", Area.LIFECYCLE, family=F, no_mirror=_NM,
         description="An operation was deprecated with an `x-sunset` that is not an RFC 3339 date.",
         message="failed to parse sunset date: `{error}`",
         why="Clients cannot tell when the operation goes away.")
register("api-deprecated-sunset-missing", Level.ERROR, "none", Area.LIFECYCLE, family=F, no_mirror=_NM,
         description="An operation was deprecated without `x-sunset` although the policy requires one." + _POLICY,
         message="api deprecated without sunset date",
         why="Clients get no date to plan their migration by.")
register("api-sunset-date-too-small", Level.ERROR, "none", Area.LIFECYCLE, family=F, no_mirror=_NM,
         description="An operation was deprecated with a sunset date sooner than the policy's grace period." + _POLICY,
         message="api sunset date `{sunset}` is too small, must be at least `{days}` days from now",
         why="Clients get less time to migrate than the API's deprecation policy promises.")
register("sunset-deleted", Level.ERROR, "none", Area.LIFECYCLE, family=F, no_mirror=_NM,
         description="A deprecated operation lost its `x-sunset` date but stays deprecated.",
         message="api sunset date deleted, but deprecated=true kept",
         why="Clients planning by the sunset date lose their only schedule.")
register("api-sunset-date-changed-too-small", Level.ERROR, "none", Area.LIFECYCLE, family=F, no_mirror=_NM,
         description="The `x-sunset` of a deprecated operation was moved earlier, inside the grace period.",
         message="api sunset date changed to earlier date from `{base_sunset}` to `{revision_sunset}`",
         why="Clients lose migration time they were promised.")
register("api-stability-decreased", Level.ERROR, "none", Area.LIFECYCLE, family=F, no_mirror=_NM,
         description="An operation's `x-stability-level` went down (stable > beta > alpha > draft).",
         message="endpoint stability level decreased from `{base_level}` to `{revision_level}`",
         why="Clients relying on the old stability guarantee may now see breaking changes without notice.")
register("api-stability-increased", Level.INFO, "none", Area.LIFECYCLE, family=F, no_mirror=_NM,
         description="An operation's `x-stability-level` went up.",
         message="endpoint stability level increased from `{base_level}` to `{revision_level}`",
         why="Nothing breaks; stronger guarantees.")
register("api-invalid-stability-level", Level.ERROR, "none", Area.LIFECYCLE, family=F, no_mirror=_NM,
         description="An operation has an `x-stability-level` outside draft, alpha, beta, stable.",
         message="failed to parse stability level: `value is not one of draft, alpha, beta or stable: \"{value}\"`",
         why="Tools and clients cannot tell what the operation promises.")


@dataclass(frozen=True)
class DeprecationIds:
    """The rule IDs the shared deprecation logic emits for one kind of node."""

    deprecated: str
    deprecated_with_sunset: str
    reactivated: str
    sunset_parse: str
    sunset_missing: str
    sunset_too_small: str
    sunset_deleted: str
    sunset_changed_parse: str
    sunset_changed_too_small: str


OPERATION_IDS = DeprecationIds(
    deprecated="endpoint-deprecated",
    deprecated_with_sunset="endpoint-deprecated-with-sunset",
    reactivated="endpoint-reactivated",
    sunset_parse="api-deprecated-sunset-parse",
    sunset_missing="api-deprecated-sunset-missing",
    sunset_too_small="api-sunset-date-too-small",
    sunset_deleted="sunset-deleted",
    sunset_changed_parse="api-path-sunset-parse",
    sunset_changed_too_small="api-sunset-date-changed-too-small",
)


def deprecation(
    ctx: RuleContext, ids: DeprecationIds, base: Any, revision: Any, base_ptr: str, rev_ptr: str, subject: str, **args: Any
) -> None:
    """Deprecation / sunset changes between two versions of one node (operation or parameter).

    `stability_node` for the grace-period policy is the node itself (operations) or what the
    caller passes in `args["stability_of"]` (parameters inherit their operation's level).
    """
    stability_of = args.pop("stability_of", revision)
    was, now = is_deprecated(base), is_deprecated(revision)
    sub = f"{subject}/deprecated" if subject else "deprecated"
    if not was and now:
        try:
            date = sunset(revision)
        except SunsetError as exc:
            ctx.emit(ids.sunset_parse, revision=rev_ptr, subject=sub, error=str(exc), **args)
            return
        days = required_days(ctx, stability_of)
        # Under a deprecation policy a missing or too-close sunset *replaces* the info finding.
        if date is None:
            if days > 0:
                ctx.emit(ids.sunset_missing, revision=rev_ptr, subject=sub, **args)
            else:
                ctx.emit(ids.deprecated, revision=rev_ptr, subject=sub, details=_details(None, stability_of), **args)
            return
        if days > 0 and date < ctx.emitter.options.now() + timedelta(days=days):
            ctx.emit(ids.sunset_too_small, revision=rev_ptr, subject=sub, sunset=date.isoformat(), days=days, **args)
            return
        ctx.emit(ids.deprecated_with_sunset, revision=rev_ptr, subject=sub, sunset=date.isoformat(),
                 details=_details(date.isoformat(), stability_of), **args)
    elif was and not now:
        ctx.emit(ids.reactivated, base=base_ptr, revision=rev_ptr, subject=sub, **args)
    elif was and now:
        has_base = isinstance(base, dict) and "x-sunset" in base
        has_rev = isinstance(revision, dict) and "x-sunset" in revision
        if has_base and not has_rev:
            ctx.emit(ids.sunset_deleted, base=base_ptr, revision=rev_ptr, subject=sub + "/sunset", **args)
            return
        if not has_rev or (isinstance(base, dict) and base.get("x-sunset") == revision.get("x-sunset")):
            return
        try:
            b_date = sunset(base)
            r_date = sunset(revision)
        except SunsetError as exc:
            ctx.emit(ids.sunset_changed_parse, base=base_ptr, revision=rev_ptr, subject=sub + "/sunset", error=str(exc), **args)
            return
        if b_date is None or r_date is None or r_date >= b_date:
            return
        limit = ctx.emitter.options.now() + timedelta(days=required_days(ctx, stability_of))
        if r_date < limit:
            ctx.emit(ids.sunset_changed_too_small, base=base_ptr, revision=rev_ptr, subject=sub + "/sunset",
                     base_sunset=b_date.isoformat(), revision_sunset=r_date.isoformat(), **args)


def _details(sunset_date: str | None, node: Any) -> str:
    """" (sunset: 2099-01-01, stability: beta)" or "" when neither is known."""
    parts = []
    if sunset_date:
        parts.append(f"sunset: {sunset_date}")
    level = stability(node)
    if level:
        parts.append(f"stability: {level}")
    return f" ({', '.join(parts)})" if parts else ""


def _stability(ctx: RuleContext, b: Any, r: Any, bptr: str, rptr: str) -> None:
    bl, rl = stability(b), stability(r)
    for value, ptr, is_base in ((bl, bptr, True), (rl, rptr, False)):
        if value is not None and value not in STABILITY_ORDER:
            ctx.emit("api-invalid-stability-level", base=ptr if is_base else None, revision=None if is_base else ptr,
                     subject=f"x-stability-level/{'base' if is_base else 'revision'}", value=value)
    # No `x-stability-level` means stable (so marking an existing operation beta is a decrease).
    be = "stable" if bl is None else bl
    re_ = "stable" if rl is None else rl
    if be in STABILITY_ORDER and re_ in STABILITY_ORDER and be != re_:
        bl, rl = be, re_
        rule = "api-stability-decreased" if STABILITY_ORDER[rl] < STABILITY_ORDER[bl] else "api-stability-increased"
        ctx.emit(rule, base=bptr + "/x-stability-level", revision=rptr + "/x-stability-level",
                 subject="x-stability-level", base_level=bl, revision_level=rl)


# The engine hands this family every modified operation, draft and alpha ones included (the
# other families skip operations whose revision is draft or alpha: they promise nothing).
SEES_UNSTABLE = True


def check(diff: SpecDiff, ctx: RuleContext) -> None:
    for op in diff.operations_modified:
        b, r = op.base.node, op.revision.node
        octx = op_context(ctx, op.method, op.revision_path, r)
        deprecation(octx, OPERATION_IDS, b, r, op.base.pointer, op.revision.pointer, "")
        _stability(octx, b, r, op.base.pointer, op.revision.pointer)
