"""The loaded-spec model shared by specdiff and contracts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from specdiff._load._positions import Locator


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


class LoadedSpec:
    """A parsed spec, normalised to the OpenAPI 3 shape.

    `document` is a plain JSON-model dict (str keys; str/int/float/bool/None/list/dict values)
    in OpenAPI 3 layout even when the input was Swagger 2.0 (`original_version` says which).
    External `$ref`s are bundled into the document, so every `$ref` that resolves is a local
    pointer; resolve them with `resolve`. Positions come from `locate`, computed on demand.

    Two things are lazy so that loading stays near raw parse speed: `text` (decoded from the
    bytes on first use) and the schema-level checks behind `warnings` (run on first access;
    load-time warnings such as dangling refs are there from the start).
    """

    def __init__(
        self,
        source: str,
        document: dict[str, Any],
        format: str,  # "yaml" | "json"
        original_version: str,  # e.g. "2.0", "3.0.3", "3.1.0"
        text: str = "",
        warnings: list[LoadWarning] | None = None,
        load_seconds: float = 0.0,
        *,
        raw: bytes | None = None,
        deferred_checks: Callable[[LoadedSpec], list[LoadWarning]] | None = None,
    ) -> None:
        self.source = source
        self.document = document
        self.format = format
        self.original_version = original_version
        self._text = text
        self._raw = raw
        self._warnings = list(warnings or [])
        self._deferred = deferred_checks
        self.load_seconds = load_seconds
        self._locator: Locator | None = None

    def __repr__(self) -> str:
        return (
            f"LoadedSpec(source={self.source!r}, format={self.format!r}, "
            f"original_version={self.original_version!r}, title={self.title!r})"
        )

    @property
    def text(self) -> str:
        """The spec's source text (decoded lazily for JSON, where parsing needs only bytes)."""
        if not self._text and self._raw:
            self._text = self._raw.decode("utf-8-sig", "replace")
            self._raw = None
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        self._text = value
        self._raw = None

    @property
    def warnings(self) -> list[LoadWarning]:
        """Every warning; the first access runs the deferred schema-level checks."""
        if self._deferred is not None:
            deferred, self._deferred = self._deferred, None
            self._warnings.extend(deferred(self))
        return self._warnings

    @warnings.setter
    def warnings(self, value: list[LoadWarning]) -> None:
        self._warnings = list(value)
        self._deferred = None

    @property
    def early_warnings(self) -> list[LoadWarning]:
        """The warnings found while loading (dangling refs, bundling), without the deferred checks."""
        return list(self._warnings)

    @property
    def title(self) -> str:
        info = self.document.get("info") or {}
        return str(info.get("title", "")) if isinstance(info, dict) else ""

    @property
    def version(self) -> str:
        info = self.document.get("info") or {}
        return str(info.get("version", "")) if isinstance(info, dict) else ""

    @property
    def is_swagger(self) -> bool:
        return self.original_version.startswith("2")

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

    def locate(self, pointer: str) -> tuple[int, int] | None:
        """(line, col), 1-based, of the node at JSON `pointer` in `text`; None when unknown.

        Lazy and cheap (milliseconds per lookup, cached along the way; see `_positions`).
        Nodes the text does not show (inside flow collections, bundled from other files) get
        the position of their nearest located ancestor. For Swagger 2.0 inputs, OpenAPI 3
        pointers are mapped back to the Swagger layout where they can be.
        """
        if self._locator is None:
            from specdiff._load._positions import Locator

            self._locator = Locator(self.text, self.format)
        candidates = [pointer]
        if self.is_swagger:  # converted pointers map back; native ones (from warnings) match as is
            from specdiff._load._positions import swagger_pointer

            candidates.insert(0, swagger_pointer(pointer))
        exists = _exists(self.document, pointer)
        fallback: tuple[int, int] | None = None
        for candidate in candidates:
            found, exact = self._locator.find(candidate)
            if exact and (exists or self.is_swagger):
                return found
            if fallback is None or found > fallback:
                fallback = found
        return fallback if exists else None

    def located_warnings(self) -> list[LoadWarning]:
        """`warnings` with line:col filled in from `locate` (costs one scan when there are any)."""
        out = []
        for warning in self.warnings:
            if warning.line is None and warning.pointer:
                found = self.locate(warning.pointer)
                if found is not None:
                    warning = replace(warning, line=found[0], col=found[1])
            out.append(warning)
        return out


def escape_token(token: str) -> str:
    """RFC 6901 escaping of one pointer token."""
    return token.replace("~", "~0").replace("/", "~1")


_MISSING = object()


def _exists(document: Any, pointer: str) -> bool:
    return _walk(document, pointer) is not _MISSING


def resolve_pointer(document: Any, pointer: str) -> Any:
    """Resolve an RFC 6901 JSON pointer ("/a/b~1c") in `document`; None when missing."""
    node = _walk(document, pointer)
    return None if node is _MISSING else node


def _walk(document: Any, pointer: str) -> Any:
    node = document
    if not pointer:
        return node
    for raw in pointer[1:].split("/") if pointer.startswith("/") else pointer.split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict):
            if part not in node:
                return _MISSING
            node = node[part]
        elif isinstance(node, list):
            if not part.isdigit() or int(part) >= len(node):  # RFC 6901: no "-1", no "-"
                return _MISSING
            node = node[int(part)]
        else:
            return _MISSING
    return node
