"""The loaded-spec model shared by specdiff and contracts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class LoadWarning:
    """Something odd but survivable in a spec (tolerant mode); an error under --strict."""

    code: str
    message: str
    pointer: str = ""
    line: int | None = None
    col: int | None = None

    def where(self, source: str) -> str:
        loc = source
        if self.line is not None:
            loc += f":{self.line}"
            if self.col is not None:
                loc += f":{self.col}"
        if self.pointer:
            loc += f" ({self.pointer})"
        return loc


@dataclass
class LoadedSpec:
    """A parsed spec, normalised to the OpenAPI 3 shape.

    `document` is a plain JSON-model dict (str keys; str/int/float/bool/None/list/dict values)
    in OpenAPI 3 layout even when the input was Swagger 2.0 (`original_version` says which).
    `$ref`s are left in place; resolve them with `resolve`.
    """

    source: str
    document: dict[str, Any]
    format: str  # "yaml" | "json"
    original_version: str  # e.g. "2.0", "3.0.3", "3.1.0"
    text: str = ""
    warnings: list[LoadWarning] = field(default_factory=list)
    load_seconds: float = 0.0

    @property
    def title(self) -> str:
        info = self.document.get("info") or {}
        return str(info.get("title", "")) if isinstance(info, dict) else ""

    @property
    def version(self) -> str:
        info = self.document.get("info") or {}
        return str(info.get("version", "")) if isinstance(info, dict) else ""

    def resolve(self, node: Any) -> Any:
        """Follow local `$ref`s from `node` until a non-ref node (cycle-safe); None if dangling."""
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen or not ref.startswith("#"):
                return node if not ref.startswith("#") else None
            seen.add(ref)
            node = resolve_pointer(self.document, ref[1:])
        return node


def resolve_pointer(document: Any, pointer: str) -> Any:
    """Resolve an RFC 6901 JSON pointer ("/a/b~1c") in `document`; None when missing."""
    node = document
    if not pointer:
        return node
    for raw in pointer.lstrip("/").split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict):
            if part not in node:
                return None
            node = node[part]
        elif isinstance(node, list):
            try:
                node = node[int(part)]
            except (ValueError, IndexError):
                return None
        else:
            return None
    return node
