"""Schema views: one schema position read the way a validator reads it.

A position in a spec (`schema:` of a body, a property, an `items`, a oneOf branch...) is turned
into a `Node` (its fragments, `$ref`s followed) and then into a `View`: allOf parts merged into
one set of keywords, OpenAPI 3.0 `nullable`, 3.1 `type: [x, "null"]` and oneOf/anyOf
`{type: "null"}` branches all read as one `nullable` flag, and a composition left with a single
branch folded into its parent. Comparing views instead of raw YAML is what keeps inline ⇄ `$ref`
refactors, renamed components and reshuffled allOf parts from being reported as changes.

Views are memoised per side by the identity of the fragments they were built from, so a
component shared by hundreds of operations is normalised once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import orjson

# Keywords that say nothing about which instances are valid: ignored when deciding whether a
# fragment adds anything (annotation-only allOf parts, null branches, $ref siblings).
ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "example",
        "examples",
        "externalDocs",
        "deprecated",
        "xml",
        "$comment",
        "$id",
        "$schema",
        "$anchor",
        "summary",
    }
)

_BOUND_KEYS = (
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
    "minContains",
    "maxContains",
)
# Sub-schema keywords whose value is one schema: traversed under their own name.
SINGLE_SUBSCHEMAS = (
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
)
# Sub-schema keywords whose value maps names to schemas.
MAP_SUBSCHEMAS = ("patternProperties", "dependentSchemas")

_REF_RE = re.compile(rb'"\$ref":"((?:[^"\\]|\\.)*)"')


def escape(token: str) -> str:
    """Escape one JSON-pointer reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


@dataclass(frozen=True, slots=True)
class Frag:
    """One raw schema dict (never a bare `$ref`) and the absolute JSON pointer where it lives."""

    node: dict[str, Any]
    ptr: str


@dataclass(frozen=True, slots=True)
class Node:
    """A schema position: the conjunction of its fragments (usually one).

    `ref` is the `$ref` the author wrote at this position (for matching oneOf branches by
    name and for messages); `key` identifies the fragments for memoisation.
    """

    frags: tuple[Frag, ...]
    ref: str | None
    key: tuple[int, ...]
    dangling: str | None = None  # an unresolvable (external or missing) $ref, compared by name

    @property
    def ptr(self) -> str:
        return self.frags[0].ptr if self.frags else ""

    def raw(self) -> list[dict[str, Any]]:
        return [f.node for f in self.frags]


@dataclass(slots=True)
class View:
    """The merged, normalised keywords of a `Node`. Absent keywords are None."""

    ptr: str
    ref: str | None
    dangling: str | None = None
    types: frozenset[str] | None = None  # without "null"; None: any type
    implied_types: frozenset[str] = frozenset()  # what `properties`/`items` imply when no type
    nullable: bool | None = None  # None: no type information to say either way
    format: str | None = None
    enum: list[Any] | None = None
    x_enum: list[Any] | None = None  # x-extensible-enum
    const: tuple[Any] | None = None  # (value,) when present
    properties: dict[str, Node] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    items: Node | None = None
    prefix_items: list[Node] | None = None
    additional: bool | Node | None = None
    one_of: list[Node] | None = None
    any_of: list[Node] | None = None
    singles: dict[str, Node] = field(default_factory=dict)  # not/if/then/else/contains/...
    maps: dict[str, dict[str, Node]] = field(default_factory=dict)  # patternProperties/dependentSchemas
    dependent_required: dict[str, frozenset[str]] | None = None
    maximum: tuple[float, bool] | None = None  # (bound, exclusive)
    minimum: tuple[float, bool] | None = None
    exclusive_maximum: tuple[float, bool] | None = None  # 3.1 numeric exclusiveMaximum
    exclusive_minimum: tuple[float, bool] | None = None
    exclusive_flags: frozenset[str] = frozenset()  # 3.0 `exclusiveMaximum: true` seen ("maximum"...)
    bounds: dict[str, float] = field(default_factory=dict)  # minLength ... maxContains
    unique_items: bool = False
    patterns: frozenset[str] = frozenset()
    read_only: bool = False
    write_only: bool = False
    deprecated: bool = False
    default: tuple[Any] | None = None
    discriminator: dict[str, Any] | None = None
    title: str | None = None
    content_media_type: str | None = None
    content_encoding: str | None = None
    x_sunset: Any = None  # raw `x-sunset` (validated by the lifecycle logic)
    x_stability: Any = None  # raw `x-stability-level`
    folded_null: bool = False  # nullable came from a oneOf/anyOf null branch
    folded: dict[str, list[Node]] = field(default_factory=dict)  # "oneOf" -> the one branch folded in


def canon(value: Any) -> str:
    """A canonical text of a JSON value: equal JSON values give equal strings (1 != true)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()
    except TypeError:
        return repr(value)


class Side:
    """One document's resolver and view cache."""

    def __init__(self, document: dict[str, Any], *, openapi31: bool | None = None) -> None:
        self.doc = document
        version = str(document.get("openapi") or document.get("swagger") or "")
        self.openapi31 = version.startswith("3.1") if openapi31 is None else openapi31
        self._ref_cache: dict[str, tuple[dict[str, Any] | None, str]] = {}
        self._views: dict[tuple[int, ...], View] = {}
        self._refs_of: dict[int, tuple[str, ...]] = {}

    # -- $ref resolution -------------------------------------------------------------------
    def lookup(self, ref: str) -> tuple[dict[str, Any] | None, str]:
        """The dict a local `$ref` points at and its pointer; (None, "") when it cannot."""
        hit = self._ref_cache.get(ref)
        if hit is not None:
            return hit
        result: tuple[dict[str, Any] | None, str] = (None, "")
        if ref.startswith("#"):
            pointer = ref[1:]
            node: Any = self.doc
            ok = True
            if pointer:
                for raw in pointer.lstrip("/").split("/"):
                    part = _unescape(raw)
                    if isinstance(node, dict) and part in node:
                        node = node[part]
                    elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                        node = node[int(part)]
                    else:
                        ok = False
                        break
            if ok and isinstance(node, dict):
                result = (node, pointer)
            elif ok and isinstance(node, bool):
                result = ({} if node else {"not": {}}, pointer)
        self._ref_cache[ref] = result
        return result

    def node(self, raw: Any, ptr: str) -> Node:
        """The `Node` at a raw schema position (following `$ref` chains, cycle-safe)."""
        if isinstance(raw, bool):
            raw = {} if raw else {"not": {}}
        if not isinstance(raw, dict):
            return Node((), None, (), None)
        first_ref: str | None = None
        extra: list[Frag] = []
        seen: set[str] = set()
        current, cur_ptr = raw, ptr
        while isinstance(current.get("$ref"), str):
            ref = current["$ref"]
            if first_ref is None:
                first_ref = ref
            siblings = {k: v for k, v in current.items() if k != "$ref"}
            if siblings and any(k not in ANNOTATIONS for k in siblings):
                extra.append(Frag(siblings, cur_ptr))
            if ref in seen:
                return Node((), first_ref, (id(current),), dangling=ref)
            seen.add(ref)
            target, target_ptr = self.lookup(ref)
            if target is None:
                key = (id(current), *(id(f.node) for f in extra))
                return Node(tuple(extra), first_ref, key, dangling=ref)
            current, cur_ptr = target, target_ptr
        frags = (Frag(current, cur_ptr), *extra)
        return Node(frags, first_ref, tuple(id(f.node) for f in frags))

    def refs_of(self, raw: dict[str, Any]) -> tuple[str, ...]:
        """Every `$ref` string inside `raw` (memoised by identity)."""
        hit = self._refs_of.get(id(raw))
        if hit is None:
            try:
                blob = orjson.dumps(raw)
                hit = tuple(sorted({m.decode() for m in _REF_RE.findall(blob)}))
            except TypeError:
                hit = tuple(sorted(_walk_refs(raw)))
            self._refs_of[id(raw)] = hit
        return hit

    # -- views -----------------------------------------------------------------------------
    def view(self, node: Node) -> View:
        hit = self._views.get(node.key)
        if hit is None:
            hit = self._build(node)
            self._views[node.key] = hit
        return hit

    def _expand(self, frags: tuple[Frag, ...]) -> list[Frag]:
        """The fragments plus every allOf part, depth first, each dict once."""
        out: list[Frag] = []
        seen: set[int] = set()
        stack = list(reversed(frags))
        while stack:
            frag = stack.pop()
            if id(frag.node) in seen:
                continue
            seen.add(id(frag.node))
            out.append(frag)
            parts = frag.node.get("allOf")
            if isinstance(parts, list):
                children: list[Frag] = []
                for i, part in enumerate(parts):
                    sub = self.node(part, f"{frag.ptr}/allOf/{i}")
                    children.extend(sub.frags)
                stack.extend(reversed(children))
        return out

    def _build(self, node: Node) -> View:
        view = View(ptr=node.ptr, ref=node.ref, dangling=node.dangling)
        if node.dangling and not node.frags:
            return view
        frags = self._expand(node.frags)
        skip: set[int] = set()
        # Fold compositions left with one branch (after dropping null branches) into the parent.
        for _ in range(8):
            folded = False
            for frag in list(frags):
                for kw in ("oneOf", "anyOf"):
                    branches = frag.node.get(kw)
                    if not isinstance(branches, list) or id(branches) in skip:
                        continue
                    nodes = [self.node(b, f"{frag.ptr}/{kw}/{i}") for i, b in enumerate(branches)]
                    kept = [n for n in nodes if not self._is_null_branch(n)]
                    if len(kept) < len(nodes):
                        view.folded_null = True
                    bare = [t for n in kept for t in (self._bare_type(n) or [""])]
                    if len(kept) > 1 and all(bare):
                        # oneOf: [{type: string}, {type: integer}] is type: [string, integer].
                        skip.add(id(branches))
                        frags.append(Frag({"type": sorted(set(bare))}, f"{frag.ptr}/{kw}"))
                        folded = True
                        continue
                    if len(kept) == 1 or (len(kept) < len(nodes) and len(kept) <= 1):
                        skip.add(id(branches))
                        if kept and kw not in view.folded:
                            view.folded[kw] = [kept[0]]
                        if kept:
                            extra = self._expand(kept[0].frags)
                            known = {id(f.node) for f in frags}
                            frags.extend(f for f in extra if id(f.node) not in known)
                        folded = True
            if not folded:
                break
        self._merge(view, frags, skip)
        if view.folded_null:
            view.nullable = True
        return view

    @staticmethod
    def _bare_type(node: Node) -> list[str] | None:
        """The types of a branch that says nothing but `type` (and annotations)."""
        if len(node.frags) != 1:
            return None
        raw = node.frags[0].node
        t = raw.get("type")
        if not all(k == "type" or k in ANNOTATIONS for k in raw):
            return None
        if isinstance(t, str):
            return [t]
        if isinstance(t, list) and t and all(isinstance(x, str) for x in t):
            return list(t)
        return None

    def _is_null_branch(self, node: Node) -> bool:
        if len(node.frags) != 1:
            return False
        raw = node.frags[0].node
        t = raw.get("type")
        if t == "null" or t == ["null"]:
            return all(k in ANNOTATIONS or k == "type" for k in raw)
        if raw.get("enum") == [None]:
            return all(k in ANNOTATIONS or k in ("enum", "type", "nullable") for k in raw)
        return False

    def _merge(self, view: View, frags: list[Frag], skip: set[int]) -> None:
        types: frozenset[str] | None = None
        nullable: bool | None = None
        required: set[str] = set()
        patterns: set[str] = set()
        implied: set[str] = set()
        props: dict[str, list[Node]] = {}
        items: list[Node] = []
        additional: list[Node] = []
        additional_false = False
        additional_true = False
        singles: dict[str, list[Node]] = {}
        maps: dict[str, dict[str, list[Node]]] = {}
        for frag in frags:
            raw = frag.node
            ptr = frag.ptr
            # -- type and nullability
            t = raw.get("type")
            frag_nullable: bool | None = None
            if t is not None:
                listed = [t] if isinstance(t, str) else [x for x in t if isinstance(x, str)] if isinstance(t, list) else []
                ts = frozenset(x for x in listed if x != "null")
                frag_nullable = "null" in listed
                if ts:
                    types = ts if types is None else types & ts
                elif not frag_nullable:
                    pass
            if raw.get("nullable") is True or raw.get("x-nullable") is True:
                frag_nullable = True
            elif t is not None and raw.get("nullable") is False and frag_nullable is None:
                frag_nullable = False
            if frag_nullable is False:
                nullable = False
            elif frag_nullable is True and nullable is None:
                nullable = True
            # -- scalars: first one wins (conflicting allOf parts are a spec bug, not ours)
            if view.format is None and isinstance(raw.get("format"), str):
                view.format = raw["format"]
            if "enum" in raw and isinstance(raw["enum"], list):
                if view.enum is None:
                    view.enum = list(raw["enum"])
                else:
                    keep = {canon(v) for v in raw["enum"]}
                    view.enum = [v for v in view.enum if canon(v) in keep]
            if "x-extensible-enum" in raw and isinstance(raw["x-extensible-enum"], list) and view.x_enum is None:
                view.x_enum = list(raw["x-extensible-enum"])
            if "const" in raw and view.const is None:
                view.const = (raw["const"],)
            if "default" in raw and view.default is None:
                view.default = (raw["default"],)
            if view.discriminator is None and isinstance(raw.get("discriminator"), dict):
                view.discriminator = raw["discriminator"]
            if view.title is None and isinstance(raw.get("title"), str):
                view.title = raw["title"]
            if raw.get("readOnly") is True:
                view.read_only = True
            if raw.get("writeOnly") is True:
                view.write_only = True
            if raw.get("deprecated") is True:
                view.deprecated = True
            if view.x_sunset is None and raw.get("x-sunset") is not None:
                view.x_sunset = raw["x-sunset"]
            if view.x_stability is None and raw.get("x-stability-level") is not None:
                view.x_stability = raw["x-stability-level"]
            if raw.get("uniqueItems") is True:
                view.unique_items = True
            if isinstance(raw.get("pattern"), str):
                patterns.add(raw["pattern"])
            if view.content_media_type is None and isinstance(raw.get("contentMediaType"), str):
                view.content_media_type = raw["contentMediaType"]
            if view.content_encoding is None and isinstance(raw.get("contentEncoding"), str):
                view.content_encoding = raw["contentEncoding"]
            # -- numeric bounds, tightest wins; 3.0 booleans and 3.1 numbers both understood
            self._bounds(view, raw)
            for key in _BOUND_KEYS:
                value = raw.get(key)
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    old = view.bounds.get(key)
                    if old is None:
                        view.bounds[key] = value
                    elif key.startswith("min"):
                        view.bounds[key] = max(old, value)
                    else:
                        view.bounds[key] = min(old, value)
            # -- object keywords
            req = raw.get("required")
            if isinstance(req, list):
                required.update(r for r in req if isinstance(r, str))
            p = raw.get("properties")
            if isinstance(p, dict):
                implied.add("object")
                for name, sub in p.items():
                    props.setdefault(name, []).append(self.node(sub, f"{ptr}/properties/{escape(name)}"))
            ap = raw.get("additionalProperties")
            if ap is False:
                additional_false = True
            elif ap is True or ap == {}:
                additional_true = True
            elif isinstance(ap, dict):
                additional.append(self.node(ap, f"{ptr}/additionalProperties"))
            dr = raw.get("dependentRequired")
            if isinstance(dr, dict) and view.dependent_required is None:
                view.dependent_required = {
                    k: frozenset(x for x in v if isinstance(x, str)) for k, v in dr.items() if isinstance(v, list)
                }
            # -- arrays
            it = raw.get("items")
            if isinstance(it, (dict, bool)):
                implied.add("array")
                items.append(self.node(it, f"{ptr}/items"))
            elif isinstance(it, list) and view.prefix_items is None:  # draft-4 style tuples
                view.prefix_items = [self.node(x, f"{ptr}/items/{i}") for i, x in enumerate(it)]
            pi = raw.get("prefixItems")
            if isinstance(pi, list) and view.prefix_items is None:
                view.prefix_items = [self.node(x, f"{ptr}/prefixItems/{i}") for i, x in enumerate(pi)]
            # -- compositions
            for kw in ("oneOf", "anyOf"):
                branches = raw.get(kw)
                if not isinstance(branches, list) or id(branches) in skip:
                    continue
                nodes = [self.node(b, f"{ptr}/{kw}/{i}") for i, b in enumerate(branches)]
                nodes = [n for n in nodes if not self._is_null_branch(n)]
                if len(nodes) < len(branches):
                    view.folded_null = True
                attr = "one_of" if kw == "oneOf" else "any_of"
                if getattr(view, attr) is None:
                    setattr(view, attr, nodes)
            for kw in SINGLE_SUBSCHEMAS:
                if kw in raw and isinstance(raw[kw], (dict, bool)):
                    singles.setdefault(kw, []).append(self.node(raw[kw], f"{ptr}/{kw}"))
            for kw in MAP_SUBSCHEMAS:
                m = raw.get(kw)
                if isinstance(m, dict):
                    bucket = maps.setdefault(kw, {})
                    for name, sub in m.items():
                        bucket.setdefault(name, []).append(self.node(sub, f"{ptr}/{kw}/{escape(name)}"))
        # `nullable: true` on the position itself (next to an allOf or $ref) is the 3.0 idiom for
        # "this, or null": honour it over the parts' own types.
        outer = frags[0].node if frags else {}
        if outer.get("nullable") is True or outer.get("x-nullable") is True:
            nullable = True
        view.types = types
        view.implied_types = frozenset(implied)
        view.nullable = nullable
        view.required = frozenset(required)
        view.patterns = frozenset(patterns)
        view.properties = {name: combine(nodes) for name, nodes in props.items()}
        if items:
            view.items = combine(items)
        if additional_false:
            view.additional = False
        elif additional:
            view.additional = combine(additional)
        elif additional_true:
            view.additional = True
        view.singles = {k: combine(v) for k, v in singles.items()}
        view.maps = {k: {n: combine(nodes) for n, nodes in v.items()} for k, v in maps.items()}

    def _bounds(self, view: View, raw: dict[str, Any]) -> None:
        """`maximum` (with 3.0's boolean `exclusiveMaximum`) and 3.1's numeric `exclusiveMaximum`
        are kept apart, as oasdiff does, so each change is reported under its own keyword."""
        for side, inclusive_key, exclusive_key in (
            ("maximum", "maximum", "exclusiveMaximum"),
            ("minimum", "minimum", "exclusiveMinimum"),
        ):
            inc = raw.get(inclusive_key)
            exc = raw.get(exclusive_key)
            if exc is True:
                view.exclusive_flags = view.exclusive_flags | {side}
            if isinstance(inc, (int, float)) and not isinstance(inc, bool):
                bound = (inc, exc is True)
                old = getattr(view, side)
                if old is None or _tighter(side, bound, old):
                    setattr(view, side, bound)
            if isinstance(exc, (int, float)) and not isinstance(exc, bool):
                attr = "exclusive_" + side
                cand = (exc, True)
                old = getattr(view, attr)
                if old is None or _tighter(side, cand, old):
                    setattr(view, attr, cand)


def _tighter(side: str, a: tuple[float, bool], b: tuple[float, bool]) -> bool:
    """Whether bound `a` admits fewer values than bound `b` on the given side."""
    if a[0] != b[0]:
        return a[0] < b[0] if side == "maximum" else a[0] > b[0]
    return a[1] and not b[1]


def combine(nodes: list[Node]) -> Node:
    """The conjunction of several positions (the same property named in two allOf parts)."""
    if len(nodes) == 1:
        return nodes[0]
    frags = tuple(f for n in nodes for f in n.frags)
    refs = {n.ref for n in nodes}
    dangling = next((n.dangling for n in nodes if n.dangling), None)
    key = tuple(k for n in nodes for k in n.key)
    return Node(frags, refs.pop() if len(refs) == 1 else None, key, dangling)


def _walk_refs(raw: Any) -> set[str]:
    out: set[str] = set()
    stack = [raw]
    while stack:
        cur = stack.pop()
        if isinstance(cur, dict):
            ref = cur.get("$ref")
            if isinstance(ref, str):
                out.add(ref)
            stack.extend(cur.values())
        elif isinstance(cur, list):
            stack.extend(cur)
    return out
