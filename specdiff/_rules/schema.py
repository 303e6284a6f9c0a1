"""The shared schema comparer: the entry point other rule families call for a schema position.

Owned by the schema rules (see docs/rules-dev.md). The caller passes a context that says the
direction (request/response) and position (body / parameter / header, plus status, media type
or parameter), and the pointers of the two schema nodes; findings are emitted through
`ctx.emit` with `subject` set to the property path so fingerprints stay semantic.

This first cut compares the root `type` only; the schema family fills in the rest.
"""

from __future__ import annotations

from typing import Any

from specdiff._model import Level
from specdiff._rules._context import RuleContext
from specdiff._rules._registry import Area, register

F = "schema"

for _prefix, _dir, _mirror in (
    ("request-body", "request", "response-body"),
    ("response-body", "response", "request-body"),
    ("request-parameter", "request", None),
    ("response-header", "response", None),
):
    register(
        f"{_prefix}-type-changed",
        Level.ERROR,
        _dir,
        Area.SCHEMAS,
        family=F,
        mirror=f"{_mirror}-type-changed" if _mirror else None,
        no_mirror=None if _mirror else "parameters only exist in requests, headers compared in responses",
        description=f"The type of the {_prefix.replace('-', ' ')} schema changed.",
        message="the {what} type changed from `{base_type}` to `{revision_type}`",
        why="Values of the old type no longer validate (requests rejected / responses misparsed).",
    )


def _types(schema: Any) -> list[str]:
    if not isinstance(schema, dict):
        return []
    t = schema.get("type")
    if isinstance(t, list):
        return sorted(str(x) for x in t)
    return [str(t)] if t is not None else []


def compare_schemas(ctx: RuleContext, base_schema: Any, rev_schema: Any, pointer_base: str, pointer_rev: str) -> None:
    """Compare two schema positions and emit findings through `ctx` (direction-aware)."""
    if ctx.same(base_schema, rev_schema):
        return
    b = ctx.resolve_base(base_schema, pointer_base)
    r = ctx.resolve_revision(rev_schema, pointer_rev)
    bt, rt = _types(b.node), _types(r.node)
    if bt and rt and bt != rt:
        ctx.emit(
            f"{ctx.schema_prefix(True)}-type-changed",
            base=b.pointer + "/type",
            revision=r.pointer + "/type",
            subject="type",
            what=ctx.position or "schema",
            base_type="/".join(bt),
            revision_type="/".join(rt),
        )
