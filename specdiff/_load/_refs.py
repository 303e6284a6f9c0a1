"""`$ref` handling: find where refs sit, and bundle external files into the document.

Bundling makes every downstream consumer work with local pointers only: each external target
(`common.yaml#/components/schemas/Money`, `./actiontype.yaml`) is placed once under
`components/<kind>/<name>` (Swagger: `definitions`, `parameters`, `responses`), where the kind
comes from where the ref sits (a parameter list item -> parameters, a response -> responses,
anything schema-like -> schemas), and the ref is rewritten to that local pointer. Refs inside
bundled content are followed the same way (a work list, so no recursion); cycles end because
each (file, pointer) target gets its name before its content is visited. Path items cannot
live in `components` (OpenAPI 3.0), so they are inlined. Remote (http) targets are fetched
only with `allow_remote_refs`; a missing file or pointer is a `dangling-ref` warning and the
ref is left as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from specdiff._errors import SpecLoadError
from specdiff._load._model import LoadWarning, escape_token, resolve_pointer
from specdiff._load._sources import Location, read
from specdiff._load._yaml import ParseFailure

Path_ = tuple[str | int, ...]

_KIND_BY_PARENT = {
    "parameters": "parameters",
    "responses": "responses",
    "headers": "headers",
    "examples": "examples",
    "links": "links",
    "callbacks": "callbacks",
    "securitySchemes": "securitySchemes",
    "requestBodies": "requestBodies",
    "schemas": "schemas",
    "definitions": "schemas",
}
_SWAGGER_SECTION = {"schemas": "definitions", "parameters": "parameters", "responses": "responses"}


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def pointer_of(path: Path_) -> str:
    return "".join("/" + escape_token(str(part)) for part in path)


def iter_refs(root: Any, prefix: Path_ = ()) -> Iterator[tuple[Path_, dict[str, Any], str]]:
    """Yield (path, node, ref) for every `{"$ref": str}` under `root`, iteratively."""
    stack: list[tuple[Any, Path_]] = [(root, prefix)]
    while stack:
        node, path = stack.pop()
        if type(node) is dict:
            ref = node.get("$ref")
            if type(ref) is str:
                yield path, node, ref
            for key, value in node.items():
                if type(value) is dict or type(value) is list:
                    stack.append((value, (*path, key)))
        elif type(node) is list:
            for index, value in enumerate(node):
                if type(value) is dict or type(value) is list:
                    stack.append((value, (*path, index)))


def find_ref_sites(document: Any, targets: set[str]) -> list[tuple[str, str]]:
    """(pointer of the referencing node, ref) for each ref in `targets`, in document order."""
    sites = [(path, ref) for path, _node, ref in iter_refs(document) if ref in targets]
    sites.sort(key=lambda item: [str(p) for p in item[0]])
    return [(pointer_of(path), ref) for path, ref in sites]


def _kind_for(path: Path_) -> str:
    """The component kind a ref at `path` stands for."""
    if len(path) >= 2 and path[-2] == "properties":
        return "schemas"
    if len(path) >= 2 and path[-2] == "paths":
        return "pathItems"
    if path and path[-1] == "requestBody":
        return "requestBodies"
    if len(path) >= 2 and isinstance(path[-2], str) and path[-2] in _KIND_BY_PARENT:
        return _KIND_BY_PARENT[path[-2]]
    return "schemas"


class _Bundler:
    def __init__(
        self,
        document: dict[str, Any],
        root: Location,
        source: str,
        *,
        swagger: bool,
        allow_remote: bool,
        max_bytes: int,
        max_depth: int,
        timeout: float,
        warnings: list[LoadWarning],
    ) -> None:
        self.document = document
        self.root = root
        self.source = source
        self.swagger = swagger
        self.allow_remote = allow_remote
        self.max_bytes = max_bytes
        self.max_depth = max_depth
        self.timeout = timeout
        self.warnings = warnings
        self.files: dict[str, Any] = {root.key(): document}
        self.failed: dict[str, str] = {}
        self.names: dict[tuple[str, str], str] = {}
        self.used: set[tuple[str, str]] = set()
        self.work: list[tuple[Location, Any, Path_]] = []

    def section(self, kind: str) -> dict[str, Any]:
        if self.swagger:
            name = _SWAGGER_SECTION.get(kind, f"x-bundled-{kind}")
            holder = self.document
        else:
            name = kind
            holder = self.document.setdefault("components", {})
        return holder.setdefault(name, {})  # type: ignore[no-any-return]

    def local_prefix(self, kind: str) -> str:
        if self.swagger:
            return "#/" + _SWAGGER_SECTION.get(kind, f"x-bundled-{kind}")
        return f"#/components/{kind}"

    def load(self, location: Location, ref: str, pointer: str) -> Any:
        key = location.key()
        if key in self.files:
            return self.files[key]
        if key in self.failed:
            self.warn(ref, pointer, self.failed[key])
            return None
        if location.remote and not self.allow_remote:
            self.failed[key] = "remote $ref not fetched; allow it with --allow-remote-refs (allow_remote_refs=True)"
            self.warn(ref, pointer, self.failed[key])
            return None
        from specdiff._load._loader import parse_bytes  # the loader imports this module

        try:
            data = read(location, location.where, max_bytes=self.max_bytes, timeout=self.timeout)
            _text, _fmt, parsed = parse_bytes(data, location.where, max_depth=self.max_depth)
        except (SpecLoadError, ParseFailure) as exc:
            reason = str(exc).removeprefix(location.where).lstrip(": ").split(";")[0]
            self.failed[key] = f"cannot load {location.where} ({reason})"
            self.warn(ref, pointer, self.failed[key])
            return None
        self.files[key] = parsed.document
        return parsed.document

    def warn(self, ref: str, pointer: str, message: str) -> None:
        self.warnings.append(LoadWarning("dangling-ref", f"$ref {ref!r} is dangling: {message}", pointer=pointer))

    def target(self, base: Location, ref: str, site: Path_, in_root_text: bool) -> str | None:
        """The local ref replacing `ref` (seen from `base`), bundling its target; None if dangling."""
        file_part, _, fragment = ref.partition("#")
        location = base.join(file_part) if file_part else base
        if location.key() == self.root.key():
            return "#" + fragment
        pointer = pointer_of(site) if in_root_text else ""
        doc = self.load(location, ref, pointer)
        if doc is None:
            return None
        node = resolve_pointer(doc, fragment)
        if node is None:
            self.warn(ref, pointer, f"pointer {fragment or '/'!r} not found in {location.where}")
            return None
        key = (location.key(), fragment)
        kind = _kind_for(site)
        if key in self.names:
            return self.names[key]
        if kind == "pathItems":
            self.names[key] = ""  # inlined; see bundle()
            self.work.append((location, node, site))
            return ""
        stem = re.sub(r"\.(ya?ml|json)$", "", location.where.rstrip("/").rsplit("/", 1)[-1])
        leaf = _unescape(fragment.rsplit("/", 1)[-1]) if fragment.strip("/") else ""
        section = self.section(kind)
        names = [leaf, f"{stem}_{leaf}"] if leaf else [stem]
        names = [re.sub(r"[^A-Za-z0-9_.-]", "_", n) or "bundled" for n in names]
        candidate = next((n for n in names if n not in section and (kind, n) not in self.used), "")
        n = 2
        while not candidate:
            if names[-1] + f"_{n}" not in section and (kind, names[-1] + f"_{n}") not in self.used:
                candidate = names[-1] + f"_{n}"
            n += 1
        self.used.add((kind, candidate))
        local = f"{self.local_prefix(kind)}/{escape_token(candidate)}"
        self.names[key] = local
        section[candidate] = node
        self.work.append((location, node, (kind, candidate)))
        return local

    def rewrite(self, base: Location, root: Any, prefix: Path_, in_root_text: bool) -> None:
        for path, node, ref in list(iter_refs(root, prefix)):
            if ref.startswith("#") and base.key() == self.root.key():
                continue
            local = self.target(base, ref, path, in_root_text)
            if local is None:
                continue
            if local == "":  # inline a path item
                key_loc = base.join(ref.partition("#")[0]) if ref.partition("#")[0] else base
                content = resolve_pointer(self.files.get(key_loc.key()), ref.partition("#")[2])
                if isinstance(content, dict):
                    del node["$ref"]
                    node.update(content)
                continue
            node["$ref"] = local

    def run(self) -> None:
        self.rewrite(self.root, self.document, (), True)
        budget = 100_000
        while self.work and budget:
            budget -= 1
            location, node, prefix = self.work.pop()
            self.rewrite(location, node, prefix, False)


def bundle_external(
    document: dict[str, Any],
    root: Location,
    source: str,
    *,
    swagger: bool,
    allow_remote: bool,
    max_bytes: int,
    max_depth: int,
    timeout: float,
    warnings: list[LoadWarning],
) -> None:
    """Pull every external `$ref` target into `document` (see the module docstring)."""
    _Bundler(
        document,
        root,
        source,
        swagger=swagger,
        allow_remote=allow_remote,
        max_bytes=max_bytes,
        max_depth=max_depth,
        timeout=timeout,
        warnings=warnings,
    ).run()
