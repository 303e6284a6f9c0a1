"""Servers (global, path-item and operation level) and webhooks.

oasdiff has no server rules; ours are info: a base URL is deployment detail that clients
usually configure themselves, but a changelog should still say it moved.
"""

from __future__ import annotations

from typing import Any

from specdiff._diff import SpecDiff
from specdiff._model import Level
from specdiff._rules._context import RuleContext
from specdiff._rules._ops import op_context
from specdiff._rules._registry import Area, register

F = "servers"
_NM = "servers and webhooks are not one direction of a call"

register("api-server-added", Level.INFO, "none", Area.SERVERS, family=F, no_mirror=_NM, ours=True,
         description="A server URL was added (globally, to a path or to an operation).",
         message="added the server `{url}`{where}",
         why="Nothing breaks; clients may use the new server.")
register("api-server-removed", Level.INFO, "none", Area.SERVERS, family=F, no_mirror=_NM, ours=True,
         description="A server URL was removed (globally, from a path or from an operation).",
         message="removed the server `{url}`{where}",
         why="Clients configured with that base URL must switch; generated SDK defaults change.")
register("webhook-added", Level.INFO, "none", Area.PATHS, family=F, no_mirror=_NM,
         description="A webhook (OpenAPI 3.1 `webhooks`) was added.",
         message="added the webhook `{name}`",
         why="Nothing breaks; receivers may subscribe.")
register("webhook-removed", Level.ERROR, "none", Area.PATHS, family=F, no_mirror=_NM,
         description="A webhook (OpenAPI 3.1 `webhooks`) was removed.",
         message="removed the webhook `{name}`",
         why="Receivers relying on it stop getting events.")


def _urls(node: Any) -> list[str]:
    servers = node.get("servers") if isinstance(node, dict) else None
    if not isinstance(servers, list):
        return []
    return [str(s.get("url")) for s in servers if isinstance(s, dict) and "url" in s]


def _compare(ctx: RuleContext, base: Any, rev: Any, bptr: str, rptr: str, where: str) -> None:
    b, r = _urls(base), _urls(rev)
    for url in b:
        if url not in r:
            ctx.emit("api-server-removed", base=bptr + "/servers", subject=f"servers/{url}", url=url, where=where)
    for url in r:
        if url not in b:
            ctx.emit("api-server-added", revision=rptr + "/servers", subject=f"servers/{url}", url=url, where=where)


def check(diff: SpecDiff, ctx: RuleContext) -> None:
    _compare(ctx, diff.base_doc, diff.revision_doc, "", "", "")
    for _bp, rp, b_item, r_item in diff.paths_modified:  # path-level servers: once per path
        if isinstance(b_item.node, dict) and isinstance(r_item.node, dict) and b_item.node.get("servers") != r_item.node.get("servers"):
            _compare(ctx.child(semantic=f"path/{rp}"), b_item.node, r_item.node, b_item.pointer, r_item.pointer, f" for the path `{rp}`")
    for op in diff.operations_modified:
        octx = op_context(ctx, op.method, op.revision_path, op.revision.node)
        if op.base.node.get("servers") != op.revision.node.get("servers"):
            _compare(octx, op.base.node, op.revision.node, op.base.pointer, op.revision.pointer, " for the operation")
    for name, side in diff.webhooks.added.items():
        ctx.emit("webhook-added", revision=side.pointer, subject=f"webhooks/{name}", name=name)
    for name, side in diff.webhooks.removed.items():
        ctx.emit("webhook-removed", base=side.pointer, subject=f"webhooks/{name}", name=name)
