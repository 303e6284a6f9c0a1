"""Shared components: a schema removed from `components.schemas`.

Reported once, spec-wide (no operation): the operations that used it are reported by their own
rules where their bodies, parameters or headers changed.
"""

from __future__ import annotations

from specdiff._diff import SpecDiff, escape
from specdiff._model import Level
from specdiff._rules._context import RuleContext
from specdiff._rules._registry import Area, register

F = "components"

register("api-schema-removed", Level.INFO, "none", Area.SCHEMAS, family=F, no_mirror="a component is not one direction of a call",
         description="A schema was removed from `components.schemas`.",
         message="removed the schema `{schema}`",
         why="Nothing on the wire changes by itself; SDK types generated from it disappear.")


def check(diff: SpecDiff, ctx: RuleContext) -> None:
    base = (diff.base_doc.get("components") or {}) if isinstance(diff.base_doc.get("components"), dict) else {}
    rev = (diff.revision_doc.get("components") or {}) if isinstance(diff.revision_doc.get("components"), dict) else {}
    bs, rs = base.get("schemas"), rev.get("schemas")
    if not isinstance(bs, dict):
        return
    rs = rs if isinstance(rs, dict) else {}
    for name in bs:
        if name not in rs:
            ctx.emit("api-schema-removed", base=f"/components/schemas/{escape(str(name))}", subject=f"components/schemas/{name}", schema=name)
