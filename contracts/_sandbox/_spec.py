"""The served spec: operations indexed for routing, their parameters, security and responses,
and which paths are stateful collections. Built once at startup in a few milliseconds per
hundred operations; everything expensive (schemas, validators) is compiled lazily per operation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from contracts._sandbox._schema import SchemaBundler

METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")
# OpenAPI says header parameters with these names are ignored (the protocol owns them).
IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})


@dataclass
class Param:
    name: str
    location: str  # path | query | header | cookie
    required: bool
    schema: Any
    style: str
    explode: bool


@dataclass
class Operation:
    method: str  # upper case
    template: str
    op: dict[str, Any]
    operation_id: str
    tags: list[str]
    params: list[Param]
    security: list[dict[str, Any]]  # effective requirements; [] = none needed
    responses: dict[str, Any]
    request_body: dict[str, Any] | None
    collection: str | None = None  # stateful: the collection template this path belongs to
    item_param: str | None = None  # stateful item: the path parameter holding the id
    creates: bool = False  # POST on a stateful collection
    lazy: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.method} {self.template}"

    def documented(self, status: int) -> bool:
        codes = self.responses
        return str(status) in codes or f"{str(status)[0]}XX" in codes or f"{str(status)[0]}xx" in codes or "default" in codes

    def response_for(self, status: int) -> tuple[str, dict[str, Any]] | None:
        """The response object answering `status`: exact code, then NXX range, then default."""
        for key in (str(status), f"{str(status)[0]}XX", f"{str(status)[0]}xx", "default"):
            if key in self.responses:
                return key, self.responses[key]
        return None

    def success_status(self) -> int:
        for key in sorted(self.responses):
            if key.isdigit() and key.startswith("2"):
                return int(key)
        return 200


class _Route:
    __slots__ = ("literal", "names", "ops", "regex", "template")

    def __init__(self, template: str) -> None:
        self.template = template
        self.names: list[str] = []
        parts: list[str] = []
        for piece in re.split(r"(\{[^}/]+\})", template):
            if piece.startswith("{") and piece.endswith("}"):
                self.names.append(piece[1:-1])
                parts.append("([^/]+)")
            else:
                parts.append(re.escape(piece))
        self.regex = re.compile("^" + "".join(parts) + "$")
        self.literal = not self.names
        self.ops: dict[str, Operation] = {}


class SpecIndex:
    """Routing and metadata for every operation of one OpenAPI 3.x document."""

    def __init__(self, document: dict[str, Any], resolve: Any) -> None:
        self.document = document
        self.resolve = resolve
        version = str(document.get("openapi") or "3.0.0")
        self.bundler = SchemaBundler(document, version)
        components = document.get("components") or {}
        self.security_schemes: dict[str, Any] = {
            name: resolve(scheme) or {} for name, scheme in (components.get("securitySchemes") or {}).items()
        }
        self.operations: list[Operation] = []
        self._static: dict[str, _Route] = {}
        self._by_segments: dict[int, list[_Route]] = {}
        self.by_id: dict[str, Operation] = {}
        global_security = document.get("security") or []
        for template, item in (document.get("paths") or {}).items():
            item = resolve(item) or {}
            if not isinstance(item, dict):
                continue
            route = _Route(template)
            shared = [resolve(p) for p in item.get("parameters") or []]
            for method in METHODS:
                op = item.get(method)
                if not isinstance(op, dict):
                    continue
                params = self._params(shared, [resolve(p) for p in op.get("parameters") or []], template)
                security = op.get("security", global_security)
                operation = Operation(
                    method=method.upper(),
                    template=template,
                    op=op,
                    operation_id=str(op.get("operationId") or f"{method.upper()} {template}"),
                    tags=[str(t) for t in op.get("tags") or []],
                    params=params,
                    security=security if isinstance(security, list) else [],
                    responses={str(k): resolve(v) or {} for k, v in (op.get("responses") or {}).items()},
                    request_body=resolve(op.get("requestBody")) if op.get("requestBody") else None,
                )
                route.ops[operation.method] = operation
                self.operations.append(operation)
                self.by_id.setdefault(operation.operation_id, operation)
            if route.literal:
                self._static[template.rstrip("/") or "/"] = route
            else:
                self._by_segments.setdefault(template.count("/"), []).append(route)
        for routes in self._by_segments.values():
            # Literal segments win over parameters, left to right (`/a/search` before `/a/{id}`).
            routes.sort(key=lambda r: [1 if "{" in seg else 0 for seg in r.template.split("/")])
        self._mark_stateful()
        self.base_paths = _base_paths(document.get("servers"))

    @staticmethod
    def _params(shared: list[Any], own: list[Any], template: str) -> list[Param]:
        merged: dict[tuple[str, str], Any] = {}
        for p in [*shared, *own]:
            if isinstance(p, dict) and "name" in p and "in" in p:
                merged[(str(p["in"]), str(p["name"]))] = p
        out = []
        for (location, name), p in merged.items():
            if location == "header" and name.lower() in IGNORED_HEADERS:
                continue
            style = p.get("style") or ("form" if location in ("query", "cookie") else "simple")
            out.append(
                Param(
                    name=name,
                    location=location,
                    required=bool(p.get("required")) or location == "path",
                    schema=p.get("schema") if "schema" in p else _content_schema(p),
                    style=str(style),
                    explode=bool(p.get("explode", style == "form")),
                )
            )
        return out

    def _mark_stateful(self) -> None:
        """A path `/x/{id}` is a stateful item when `/x` has a POST (the create)."""
        templates = {op.template: op for op in self.operations}
        posts = {op.template for op in self.operations if op.method == "POST"}
        items: dict[str, tuple[str, str]] = {}
        for template in templates:
            m = re.match(r"^(.*)/\{([^}/]+)\}$", template)
            if m and m.group(1) in posts and "{" not in m.group(1).rsplit("/", 1)[-1]:
                items[template] = (m.group(1), m.group(2))
        for op in self.operations:
            if op.template in items:
                op.collection, op.item_param = items[op.template]
            elif op.method == "POST" and any(coll == op.template for coll, _ in items.values()):
                op.collection, op.creates = op.template, True
            else:
                for item_template, (collection, param) in items.items():
                    if op.template.startswith(item_template + "/"):
                        op.collection, op.item_param = collection, param
                        break

    def match(self, method: str, path: str) -> tuple[Operation | None, dict[str, str], bool]:
        """(operation, path params, path known). Unknown path -> (None, {}, False).

        Paths are tried as sent, then without a base path of the spec's `servers` (so clients
        may call either `/pets` or `/api/v2/pets` for a server `https://host/api/v2`)."""
        found = self._match(method, path)
        if not found[2]:
            for prefix in self.base_paths:
                if path.startswith(prefix + "/") or path == prefix:
                    found = self._match(method, path[len(prefix) :] or "/")
                    if found[2]:
                        break
        return found

    def _match(self, method: str, path: str) -> tuple[Operation | None, dict[str, str], bool]:
        key = path.rstrip("/") or "/"
        route = self._static.get(key)
        params: dict[str, str] = {}
        if route is None:
            for candidate in self._by_segments.get(key.count("/"), ()):
                m = candidate.regex.match(key)
                if m:
                    route = candidate
                    params = dict(zip(candidate.names, m.groups(), strict=True))
                    break
        if route is None:
            return None, {}, False
        op = route.ops.get(method)
        if op is None and method == "HEAD":
            op = route.ops.get("GET")
        return op, params, True


def _base_paths(servers: Any) -> list[str]:
    """Path parts of the `servers` URLs (variables at their defaults), longest first."""
    out: set[str] = set()
    for server in servers if isinstance(servers, list) else []:
        if not isinstance(server, dict) or not isinstance(server.get("url"), str):
            continue
        url = server["url"]
        for name, var in (server.get("variables") or {}).items():
            if isinstance(var, dict) and "default" in var:
                url = url.replace("{" + str(name) + "}", str(var["default"]))
        path = urlsplit(url).path if "://" in url else url
        path = path.rstrip("/")
        if path.startswith("/") and "{" not in path:
            out.add(path)
    return sorted(out, key=len, reverse=True)


def _content_schema(param: dict[str, Any]) -> Any:
    content = param.get("content")
    if isinstance(content, dict):
        for media in content.values():
            if isinstance(media, dict):
                return media.get("schema", {})
    return {}
