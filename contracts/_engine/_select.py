"""Which operations a run tests, and why the others are skipped ("filtered", "excluded as unsafe")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from contracts._engine._types import Operation


@dataclass
class Selection:
    """User filters; an empty filter selects everything."""

    tags: list[str] = field(default_factory=list)
    operation_ids: list[str] = field(default_factory=list)
    methods: list[str] = field(default_factory=list)
    path_regex: str | None = None
    changed: set[str] | None = None  # "METHOD /path" labels from --changed-since

    def is_empty(self) -> bool:
        return not (self.tags or self.operation_ids or self.methods or self.path_regex) and self.changed is None

    def reason_to_skip(self, method: str, path: str, operation_id: str, tags: list[str]) -> str | None:
        if self.tags and not {t.lower() for t in tags} & {t.lower() for t in self.tags}:
            return "filtered"
        if self.operation_ids and operation_id not in self.operation_ids:
            return "filtered"
        if self.methods and method.upper() not in {m.upper() for m in self.methods}:
            return "filtered"
        if self.path_regex and not re.search(self.path_regex, path):
            return "filtered"
        if self.changed is not None and f"{method.upper()} {path}" not in self.changed:
            return "filtered"
        return None


def describe(operation: Operation) -> tuple[str, str, str, list[str], list[str]]:
    """(method, path, operationId, tags, documented codes) of an operation."""
    raw: dict[str, Any] = operation.definition.raw if isinstance(operation.definition.raw, dict) else {}
    tags = [str(t) for t in raw.get("tags") or []]
    op_id = str(raw.get("operationId") or f"{operation.method.upper()} {operation.path}")
    codes = [str(c) for c in (raw.get("responses") or {})]
    return operation.method.upper(), operation.path, op_id, tags, codes


HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def raw_operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(METHOD, path, operation object) straight from the document, in document order."""
    out = []
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                out.append((method.upper(), str(path), op))
    return out
