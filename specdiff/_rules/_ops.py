"""Shared helpers for rule families: operation contexts, lifecycle extensions, dates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from specdiff._rules._context import RuleContext

STABILITY_ORDER = {"draft": 0, "alpha": 1, "beta": 2, "stable": 3}


def op_context(root: RuleContext, method: str, path: str, node: Any) -> RuleContext:
    """The context of one operation: "METHOD /path", its operationId and tags."""
    node = node if isinstance(node, dict) else {}
    tags = node.get("tags")
    return root.child(
        operation=f"{method.upper()} {path}",
        operation_id=str(node.get("operationId") or ""),
        tags=tuple(str(t) for t in tags) if isinstance(tags, list) else (),
        semantic="",
    )


def is_deprecated(node: Any) -> bool:
    return isinstance(node, dict) and node.get("deprecated") is True


def stability(node: Any) -> str | None:
    """The raw `x-stability-level` of a node (None when absent)."""
    if isinstance(node, dict) and "x-stability-level" in node:
        return str(node["x-stability-level"])
    return None


def valid_stability(node: Any) -> str:
    """The node's stability level; "stable" when absent or invalid (callers report invalid)."""
    level = stability(node)
    return level if level in STABILITY_ORDER else "stable"


class SunsetError(ValueError):
    """`x-sunset` is present but not an RFC 3339 date or date-time."""


def sunset(node: Any) -> date | None:
    """The `x-sunset` date of a node: None when absent; SunsetError when unparseable."""
    if not isinstance(node, dict) or "x-sunset" not in node:
        return None
    return parse_date(node["x-sunset"])


def parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        raise SunsetError(f"sunset date doesn't conform with RFC3339: {text}") from None


def required_days(ctx: RuleContext, node: Any) -> int:
    """Minimum deprecation period for a node under the configured policy (0: none)."""
    opts = ctx.emitter.options
    level = valid_stability(node)
    if level in ("draft", "alpha"):
        return 0  # draft and alpha promise nothing, so no deprecation period either
    return opts.deprecation_days_beta if level == "beta" else opts.deprecation_days_stable
