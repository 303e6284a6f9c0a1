"""Structural comparison of two schema positions into direction-free findings.

`SchemaComparator.compare` walks two `View`s side by side and yields `Finding`s that say *what*
changed ("the max went from 10 to 5 at items/name"), never *how bad* it is: the same finding is
breaking in a request and harmless in a response, and that judgement belongs to `_ids`.

Speed and termination:
- equal subtrees are skipped with one C-level `==` plus a check that every `$ref` inside them
  points at a component that is itself unchanged (decided once per component, transitively);
- each node pair's own findings are computed once (`_local`) and every entry point's result is
  memoised, so a changed component used by many operations is compared once and its findings
  replayed with each operation's prefix;
- the walk is breadth-first over changed node pairs with a visited set: recursive schemas
  terminate, a node reached along many routes is reported once at its shortest path, and no
  nesting depth can exhaust the Python stack.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from specdiff._rules._schema._view import ANNOTATIONS, MAP_SUBSCHEMAS, Node, Side, View, canon

# How deep comparisons may start from inside another (oneOf branch coverage checks); the walk
# itself is breadth-first and iterative, so schema nesting depth is not limited.
_MAX_NESTED = 4
# Patterns that accept any string (or any non-empty one): changing to them only widens.
_ANY_PATTERNS = frozenset({".*", "^.*$", "^.*", ".*$", "(.*)", "^(.*)$", "[\\s\\S]*", "^[\\s\\S]*$"})
# Format pairs (type, from, to) where `to` accepts every value `from` does.
_FORMAT_WIDENINGS = frozenset(
    {
        ("integer", "int32", "int64"),
        ("number", "float", "double"),
        ("number", "int32", "int64"),
        ("integer", "int32", "bigint"),
        ("integer", "int64", "bigint"),
    }
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One structural change at `path` (property names and composition markers from the root).

    `base`/`rev` are absolute JSON pointers of the changed node on each side (None when the
    node does not exist there). `ro`/`wo`: the node sits under a property that is readOnly /
    writeOnly on both sides, which decides whether a request or a response can see it.
    """

    kind: str
    path: tuple[str, ...]
    base: str | None
    rev: str | None
    args: dict[str, Any] = field(default_factory=dict)
    ro: bool = False
    wo: bool = False

    def prefixed(self, prefix: tuple[str, ...], ro: bool, wo: bool) -> Finding:
        return Finding(self.kind, (*prefix, *self.path), self.base, self.rev, self.args, self.ro or ro, self.wo or wo)


@dataclass(frozen=True, slots=True)
class Edge:
    """A child pair to compare next, reached through `segment` (a property name, `items`...)."""

    segment: str
    ro: bool
    wo: bool
    base: Node
    rev: Node


class SchemaComparator:
    """Compares schema positions of one base/revision document pair (memoised across calls)."""

    def __init__(self, base_document: dict[str, Any], revision_document: dict[str, Any]) -> None:
        self.b = Side(base_document)
        self.r = Side(revision_document)
        self._memo: dict[tuple[tuple[int, ...], tuple[int, ...]], tuple[Finding, ...]] = {}
        self._locals: dict[tuple[tuple[int, ...], tuple[int, ...]], tuple[tuple[Finding, ...], tuple[Edge, ...]]] = {}
        self._nested = 0  # comparisons started from inside another (branch coverage checks)
        self._ref_state: dict[str, bool] = {}

    # -- entry points ----------------------------------------------------------------------
    def compare(self, base_raw: Any, base_ptr: str, rev_raw: Any, rev_ptr: str) -> tuple[Finding, ...]:
        """Findings between two raw schema positions (`$ref`s allowed), paths relative to them."""
        return self.cmp(self.b.node(base_raw, base_ptr), self.r.node(rev_raw, rev_ptr))

    def cmp(self, bn: Node, rn: Node) -> tuple[Finding, ...]:
        """Every finding below two nodes, paths relative to them; memoised per node pair.

        Breadth-first over the graph of changed node pairs: each pair's own findings
        (`_local`, memoised) are collected once, at the shortest path that reaches it, so
        recursive schemas terminate, a component reached along many routes is reported once,
        and nothing recurses on the Python stack however deep the schema nests.
        """
        key = (bn.key, rn.key)
        hit = self._memo.get(key)
        if hit is not None:
            return hit
        if self.same(bn, rn):
            self._memo[key] = ()
            return ()
        self._nested += 1
        try:
            out: list[Finding] = []
            seen = {(key, False, False)}
            queue: deque[tuple[Node, Node, tuple[str, ...], bool, bool]] = deque([(bn, rn, (), False, False)])
            while queue:
                b, r, prefix, ro, wo = queue.popleft()
                local, edges = self._local(b, r)
                for f in local:
                    out.append(f.prefixed(prefix, ro, wo) if prefix or ro or wo else f)
                for edge in edges:
                    cro, cwo = ro or edge.ro, wo or edge.wo
                    ckey = ((edge.base.key, edge.rev.key), cro, cwo)
                    if ckey in seen or self.same(edge.base, edge.rev):
                        continue
                    seen.add(ckey)
                    queue.append((edge.base, edge.rev, (*prefix, edge.segment), cro, cwo))
            result = _dedup(iter(out))
        finally:
            self._nested -= 1
        self._memo[key] = result
        return result

    def _local(self, bn: Node, rn: Node) -> tuple[tuple[Finding, ...], tuple[Edge, ...]]:
        """The findings of one node pair itself and the child pairs to look at next."""
        key = (bn.key, rn.key)
        hit = self._locals.get(key)
        if hit is not None:
            return hit
        findings: list[Finding] = []
        edges: list[Edge] = []
        for item in self._diff(bn, rn):
            if isinstance(item, Edge):
                edges.append(item)
            else:
                findings.append(item)
        result = (tuple(findings), tuple(edges))
        self._locals[key] = result
        return result

    def _accepts(self, bn: Node, rn: Node, request: bool) -> bool:
        """Whether `rn` still takes everything `bn` did on that side (bounded nesting)."""
        if self._nested >= _MAX_NESTED:
            return False
        return not self._breaks(self.cmp(bn, rn), request)

    # -- equality --------------------------------------------------------------------------
    def same(self, bn: Node, rn: Node) -> bool:
        """Whether two positions are identical, including everything their `$ref`s reach."""
        if bn.dangling or rn.dangling:
            return bn.dangling == rn.dangling and bn.raw() == rn.raw()
        braw = bn.raw()
        try:
            if braw != rn.raw():
                return False
        except RecursionError:  # nesting deeper than the interpreter compares: walk it instead
            return False
        return all(self.ref_unchanged(ref) for raw in braw for ref in self.b.refs_of(raw))

    def ref_unchanged(self, ref: str) -> bool:
        """Whether `ref` points at equal content on both sides, transitively through its refs.

        Decided for every `$ref` of the base document at once, on first use: each target is
        compared once with C-level `==`, and "changed" spreads backwards along the reference
        graph (so a component is changed when anything it reaches is). Linear in the number of
        references, whatever the cycles.
        """
        if not self._ref_state:
            self._ref_states()
        known = self._ref_state.get(ref)
        if known is None:  # a $ref only the revision uses
            bt, _ = self.b.lookup(ref)
            rt, _ = self.r.lookup(ref)
            known = bt is not None and rt is not None and bt == rt and all(self.ref_unchanged(x) for x in self.b.refs_of(bt) if x != ref)
            self._ref_state[ref] = known
        return known

    def _ref_states(self) -> None:
        refs = set(self.b.refs_of(self.b.doc))
        users: dict[str, list[str]] = {}
        changed: list[str] = []
        for ref in refs:
            bt, _ = self.b.lookup(ref)
            rt, _ = self.r.lookup(ref)
            if bt is None or rt is None:
                if (bt is None) != (rt is None):
                    changed.append(ref)
                continue
            if bt != rt:
                changed.append(ref)
            for child in self.b.refs_of(bt):
                users.setdefault(child, []).append(ref)
        dirty = set(changed)
        stack = list(changed)
        while stack:
            for user in users.get(stack.pop(), ()):
                if user not in dirty:
                    dirty.add(user)
                    stack.append(user)
        self._ref_state.update({ref: ref not in dirty for ref in refs})
        self._ref_state.setdefault("", True)  # marks the table as built even for ref-free documents

    # -- the walk --------------------------------------------------------------------------
    def _diff(self, bn: Node, rn: Node) -> Iterator[Finding | Edge]:
        bv = self.b.view(bn)
        rv = self.r.view(rn)
        bp, rp = bv.ptr or bn.ptr, rv.ptr or rn.ptr
        if bv.dangling or rv.dangling:
            if bv.dangling != rv.dangling:
                yield Finding("ref-changed", (), bp, rp, {"from": bv.dangling or bv.ref, "to": rv.dangling or rv.ref})
            return
        yield from self._all_of_parts(bn, rn, bp, rp)
        # A composition of one branch reads as that branch; when the other side has several,
        # compare the branch lists (one-of-added...) rather than the flattened keywords.
        for kw, label in (("one_of", "oneOf"), ("any_of", "anyOf")):
            bl, rl = getattr(bv, kw), getattr(rv, kw)
            bf, rf = bv.folded.get(label), rv.folded.get(label)
            if (bf and rl and len(rl) > 1 and not bl) or (rf and bl and len(bl) > 1 and not rl):
                yield from self._composition(bl or bf, rl or rf, label, bp, rp)
                return
        # Plain schema became a oneOf/anyOf of alternatives: when it clearly is one of them, the
        # others were added; an ambiguous oneOf is one wrapped-in-one-of finding (a payload
        # matching two alternatives fails oneOf), not one per keyword. The reverse (alternatives
        # collapsed into one plain schema) pairs it with the branch it is or most resembles.
        for kw, label in (("one_of", "oneOf"), ("any_of", "anyOf")):
            blist: list[Node] | None = getattr(bv, kw)
            rlist: list[Node] | None = getattr(rv, kw)
            if not blist and rlist and len(rlist) > 1 and _has_shape(bv) and not _has_shape(rv):
                hit = self._single_match(bn, bv, rlist, self.r)
                if hit is None and label == "oneOf":
                    yield Finding("wrapped-in-one-of", (), bp, rp, {"branches": len(rlist)})
                    return
                if hit is None:
                    hit = max(range(len(rlist)), key=lambda j: (_likeness(bv, self.r.view(rlist[j])), -j))
                others = [j for j in range(len(rlist)) if j != hit]
                yield from self._branches([bn], rlist, [(0, hit)], [], others, label, bp, rp)
                return
            if not rlist and blist and len(blist) > 1 and _has_shape(rv) and not _has_shape(bv):
                hit = self._single_match(rn, rv, blist, self.b)
                if hit is None:
                    hit = max(range(len(blist)), key=lambda i: (_likeness(self.b.view(blist[i]), rv), -i))
                others = [i for i in range(len(blist)) if i != hit]
                yield from self._branches(blist, [rn], [(hit, 0)], others, [], label, bp, rp)
                return
        stop = False
        for f in self._types(bn, bv, rv, bp, rp):
            yield f
            if f.args.get("disjoint"):
                stop = True
        if bv.nullable is not None and rv.nullable is not None and bv.nullable != rv.nullable:
            yield Finding("became-nullable" if rv.nullable else "became-not-nullable", (), bp, rp)
        elif bv.nullable is None and rv.nullable is True and rv.folded_null and not bv.folded_null:
            yield Finding("became-nullable", (), bp, rp)
        elif bv.nullable is True and rv.nullable is None and bv.folded_null and not rv.folded_null:
            yield Finding("became-not-nullable", (), bp, rp)
        yield from self._enums(bv, rv, bp, rp)
        if stop:
            return
        yield from self._bounds(bv, rv, bp, rp)
        yield from self._scalars(bv, rv, bp, rp)
        yield from self._discriminator(bv, rv, bp, rp)
        yield from self._properties(bv, rv, bp, rp)
        if bv.items is not None and rv.items is not None:
            yield Edge("items", False, False, bv.items, rv.items)
        yield from self._additional(bv, rv, bp, rp)
        yield from self._prefix_items(bv, rv, bp, rp)
        yield from self._subschemas(bv, rv, bp, rp)
        switched = _switched(bv, rv)
        if switched is not None:
            # oneOf rewritten as anyOf (or back): one finding for the keyword, branches paired
            # across it rather than all removed and all added.
            old_label, new_label = switched
            yield Finding(f"{_KEBAB[old_label]}-became-{_KEBAB[new_label]}", (), bp, rp)
            bl = bv.one_of if old_label == "oneOf" else bv.any_of
            rl = rv.any_of if new_label == "anyOf" else rv.one_of
            pairs, removed, added = self.match(bl or [], rl or [])
            yield from self._branches(bl or [], rl or [], pairs, removed, [], old_label, bp, rp)
            yield from self._branches(bl or [], rl or [], [], [], added, new_label, bp, rp)
            return
        for kw, label in (("one_of", "oneOf"), ("any_of", "anyOf")):
            yield from self._composition(getattr(bv, kw), getattr(rv, kw), label, bp, rp)

    # -- keyword groups --------------------------------------------------------------------
    def _all_of_parts(self, bn: Node, rn: Node, bp: str, rp: str) -> Iterator[Finding]:
        """Named (`$ref`) allOf parts added or removed.

        What a part changes in validation is already found on the merged view; a named part is
        also a supertype to generated clients (`Pet extends Animal`), so adding or removing one
        changes their types even when the merged schema validates the same. A `$ref` wrapped in
        (or unwrapped from) a one-part allOf is the same part; a part renamed with identical
        content is not reported; inline parts are only seen through what they change.
        """
        bl, rl = _all_of_refs(bn), _all_of_refs(rn)
        if bl == rl:
            return
        # A part still named on the other side as the position's own $ref or as a oneOf/anyOf
        # branch (`allOf: [X]` + nullable rewritten as `oneOf: [null, X]`) was not removed.
        removed, added = sorted(bl - _names(rn)), sorted(rl - _names(bn))
        if not removed and not added:
            return
        bnodes = {ref: self.b.node({"$ref": ref}, bp) for ref in removed}
        rnodes = {ref: self.r.node({"$ref": ref}, rp) for ref in added}
        for old in list(removed):
            for new in added:
                if self.same(bnodes[old], rnodes[new]) or (self._nested < _MAX_NESTED and not self.cmp(bnodes[old], rnodes[new])):
                    removed.remove(old)
                    added.remove(new)
                    break
        for ref in removed:
            yield Finding("all-of-removed", (), bp, rp, {"branch": ref, "annotation_only": _annotation_only(bnodes[ref])})
        for ref in added:
            yield Finding("all-of-added", (), bp, rp, {"branch": ref, "annotation_only": _annotation_only(rnodes[ref])})

    def _types(self, bn: Node, bv: View, rv: View, bp: str, rp: str) -> Iterator[Finding]:
        bt, rt = bv.types, rv.types
        if bt is None and rt is not None and bv.implied_types and rt == bv.implied_types:
            bt = rt
        if rt is None and bt is not None and rv.implied_types and bt == rv.implied_types:
            rt = bt
        if bt == rt and _format_of(bv) == _format_of(rv):
            return
        args: dict[str, Any] = {
            "from": sorted(bt) if bt is not None else None,
            "to": sorted(rt) if rt is not None else None,
            "from_format": bv.format,
            "to_format": rv.format,
            "from_items": self._items_type(bv, self.b),
            "to_items": self._items_type(rv, self.r),
        }
        if bt is not None and rt == frozenset({"array"}) and not (bt & {"array", "object"}):
            args["items_cover"] = self._items_cover(bn, rv)
        if bt != rt:
            args["disjoint"] = bt is not None and rt is not None and not (bt & rt) and not _numeric_pair(bt, rt)
            yield Finding("type", (), bp, rp, args)
        else:
            args["disjoint"] = False
            yield Finding("type", (), bp, rp, args)

    def _items_cover(self, bn: Node, rv: View) -> bool:
        """Whether the new array's items accept every value the old scalar did (as text on the
        wire: string items take any scalar), so `x` sent as the one-element array `[x]` stays
        valid."""
        if rv.items is None:
            return True
        if self._nested >= _MAX_NESTED:
            return False
        for f in self.cmp(bn, rv.items):
            if f.kind == "type" and f.args.get("to") == ["string"]:
                continue
            if self._breaks((f,), True):
                return False
        return True

    @staticmethod
    def _items_type(view: View, side: Side) -> str | None:
        if view.items is None or not view.types or "array" not in view.types:
            return None
        inner = side.view(view.items)
        return "/".join(sorted(inner.types)) if inner.types else None

    def _enums(self, bv: View, rv: View, bp: str, rp: str) -> Iterator[Finding]:
        # A `const` is a one-value list: enum ⇄ const is judged by the const rules alone.
        if bv.enum is None and rv.enum is not None:
            if bv.const is None:
                yield Finding("became-enum", (), bp, rp, {"values": rv.enum})
        elif bv.enum is not None and rv.enum is None:
            if rv.const is None:
                yield Finding("became-not-enum", (), bp, rp, {"values": bv.enum})
        elif bv.enum is not None and rv.enum is not None:
            bset = {canon(v): v for v in bv.enum}
            rset = {canon(v): v for v in rv.enum}
            for k, v in bset.items():
                if k not in rset:
                    yield Finding("enum-value-removed", (), bp, rp, {"value": v})
            for k, v in rset.items():
                if k not in bset:
                    yield Finding("enum-value-added", (), bp, rp, {"value": v})
        if bv.x_enum is not None and rv.x_enum is not None:
            rkeys = {canon(v) for v in rv.x_enum}
            for v in bv.x_enum:
                if canon(v) not in rkeys:
                    yield Finding("x-extensible-enum-value-removed", (), bp, rp, {"value": v})

    def _bounds(self, bv: View, rv: View, bp: str, rp: str) -> Iterator[Finding]:
        for side, kw31 in (("maximum", "exclusiveMaximum"), ("minimum", "exclusiveMinimum")):
            yield from _numeric_bound(side, kw31, bv, rv, bp, rp)
        for kw in sorted(set(bv.bounds) | set(rv.bounds)):
            b, r = bv.bounds.get(kw), rv.bounds.get(kw)
            if b != r:
                yield Finding("bound", (), bp, rp, {"keyword": kw, "from": b, "to": r})
        if bv.unique_items != rv.unique_items:
            yield Finding("unique-items-set" if rv.unique_items else "unique-items-unset", (), bp, rp)

    def _scalars(self, bv: View, rv: View, bp: str, rp: str) -> Iterator[Finding]:
        if bv.patterns != rv.patterns:
            old = " & ".join(sorted(bv.patterns)) or None
            new = " & ".join(sorted(rv.patterns)) or None
            if old is None:
                yield Finding("pattern-added", (), bp, rp, {"to": new})
            elif new is None:
                yield Finding("pattern-removed", (), bp, rp, {"from": old})
            elif new in _ANY_PATTERNS:
                yield Finding("pattern-generalized", (), bp, rp, {"from": old, "to": new})
            else:
                yield Finding("pattern-changed", (), bp, rp, {"from": old, "to": new})
        if bv.default != rv.default:
            if bv.default is None and rv.default is not None:
                yield Finding("default-value-added", (), bp, rp, {"to": rv.default[0]})
            elif rv.default is None and bv.default is not None:
                yield Finding("default-value-removed", (), bp, rp, {"from": bv.default[0]})
            elif bv.default is not None and rv.default is not None and canon(bv.default[0]) != canon(rv.default[0]):
                yield Finding("default-value-changed", (), bp, rp, {"from": bv.default[0], "to": rv.default[0]})
        if bv.const != rv.const:
            if bv.const is None and rv.const is not None:
                yield Finding("const-added", (), bp, rp, {"to": rv.const[0]})
            elif rv.const is None and bv.const is not None:
                yield Finding("const-removed", (), bp, rp, {"from": bv.const[0]})
            elif bv.const is not None and rv.const is not None and canon(bv.const[0]) != canon(rv.const[0]):
                yield Finding("const-changed", (), bp, rp, {"from": bv.const[0], "to": rv.const[0]})
        if bv.content_media_type != rv.content_media_type:
            yield Finding("content-media-type-changed", (), bp, rp, {"from": bv.content_media_type, "to": rv.content_media_type})
        if bv.content_encoding != rv.content_encoding:
            yield Finding("content-encoding-changed", (), bp, rp, {"from": bv.content_encoding, "to": rv.content_encoding})
        bd, rd = bv.dependent_required, rv.dependent_required
        if bd != rd:
            bd, rd = bd or {}, rd or {}
            for name in sorted(set(bd) | set(rd)):
                if name not in bd:
                    yield Finding("dependent-required-added", (), bp, rp, {"name": name})
                elif name not in rd:
                    yield Finding("dependent-required-removed", (), bp, rp, {"name": name})
                elif bd[name] != rd[name]:
                    yield Finding("dependent-required-changed", (), bp, rp, {"name": name})

    def _discriminator(self, bv: View, rv: View, bp: str, rp: str) -> Iterator[Finding]:
        bd, rd = bv.discriminator, rv.discriminator
        if bd == rd:
            return
        if bd is None:
            yield Finding("discriminator-added", (), bp, rp)
            return
        if rd is None:
            yield Finding("discriminator-removed", (), bp, rp)
            return
        if bd.get("propertyName") != rd.get("propertyName"):
            yield Finding("discriminator-property-name-changed", (), bp, rp, {"from": bd.get("propertyName"), "to": rd.get("propertyName")})
        bm = _mapping(bd.get("mapping"))
        rm = _mapping(rd.get("mapping"))
        added = sorted(k for k in rm if k not in bm)
        deleted = sorted(k for k in bm if k not in rm)
        if added:
            yield Finding("discriminator-mapping-added", (), bp, rp, {"keys": added})
        if deleted:
            yield Finding("discriminator-mapping-deleted", (), bp, rp, {"keys": deleted})
        for k in sorted(k for k in bm if k in rm and bm[k] != rm[k]):
            yield Finding("discriminator-mapping-changed", (), bp, rp, {"key": k, "from": bm[k], "to": rm[k]})

    def _properties(self, bv: View, rv: View, bp: str, rp: str) -> Iterator[Finding | Edge]:
        bprops, rprops = bv.properties, rv.properties
        for name, bnode in bprops.items():
            rnode = rprops.get(name)
            if rnode is not None and (name in bv.required) == (name in rv.required) and self.same(bnode, rnode):
                continue  # identical property, same required-ness: nothing to look at
            pv = self.b.view(bnode)
            if rnode is None:
                yield Finding(
                    "property-removed",
                    (name,),
                    pv.ptr or bnode.ptr,
                    None,
                    {"required": name in bv.required, "read_only": pv.read_only, "write_only": pv.write_only},
                )
                continue
            qv = self.r.view(rnode)
            ro = pv.read_only and qv.read_only
            wo = pv.write_only and qv.write_only
            b_req, r_req = name in bv.required, name in rv.required
            pp, qp = pv.ptr or bnode.ptr, qv.ptr or rnode.ptr
            flags = {"read_only": qv.read_only, "write_only": qv.write_only}
            if b_req != r_req:
                yield Finding(
                    "became-required" if r_req else "became-optional",
                    (name,),
                    pp,
                    qp,
                    {**flags, "default": qv.default is not None, "required": r_req},
                )
            for flag, on, off in (("read_only", "became-read-only", "became-not-read-only"), ("write_only", "became-write-only", "became-not-write-only")):
                if getattr(pv, flag) != getattr(qv, flag):
                    yield Finding(on if getattr(qv, flag) else off, (name,), pp, qp, {"required": r_req})
            # `required` does not bind requests for a readOnly property: one that stops being
            # readOnly while required must now be sent.
            if b_req and r_req and pv.read_only and not qv.read_only:
                yield Finding("became-required", (name,), pp, qp, {**flags, "default": qv.default is not None, "required": True, "request_only": True})
            if pv.deprecated != qv.deprecated:
                lifecycle = {"sunset": qv.x_sunset, "stability": qv.x_stability}
                yield Finding("deprecated" if qv.deprecated else "reactivated", (name,), pp, qp, {**flags, **lifecycle})
            if pv.x_stability != qv.x_stability:
                yield from _stability(name, pv, qv, pp, qp, flags)
            yield Edge(name, ro, wo, bnode, rnode)
        for name, rnode in rprops.items():
            if name in bprops:
                continue
            qv = self.r.view(rnode)
            yield Finding(
                "property-added",
                (name,),
                None,
                qv.ptr or rnode.ptr,
                {
                    "required": name in rv.required,
                    "read_only": qv.read_only,
                    "write_only": qv.write_only,
                    "default": qv.default is not None,
                },
            )
        # A required name with no declared property on either side is a spec slip most validators
        # and generators ignore (as oasdiff does): not reported.

    def _additional(self, bv: View, rv: View, bp: str, rp: str) -> Iterator[Finding | Edge]:
        ba, ra = bv.additional, rv.additional
        if isinstance(ba, Node) and isinstance(ra, Node):
            yield Edge("additionalProperties", False, False, ba, ra)
            return
        if ra is False and ba is not False:
            yield Finding("additional-properties-restricted", (), bp, rp)
        elif ba is False and ra is not False:
            yield Finding("additional-properties-allowed", (), bp, rp)

    def _prefix_items(self, bv: View, rv: View, bp: str, rp: str) -> Iterator[Finding | Edge]:
        bpi, rpi = bv.prefix_items, rv.prefix_items
        if bpi is None and rpi is not None:
            yield Finding("prefix-items-added", (), bp, rp)
        elif bpi is not None and rpi is None:
            yield Finding("prefix-items-removed", (), bp, rp)
        elif bpi is not None and rpi is not None:
            for i, (x, y) in enumerate(zip(bpi, rpi, strict=False)):
                yield Edge(f"prefixItems/{i}", False, False, x, y)

    def _subschemas(self, bv: View, rv: View, bp: str, rp: str) -> Iterator[Finding | Edge]:
        for kw in sorted(set(bv.singles) | set(rv.singles)):
            x, y = bv.singles.get(kw), rv.singles.get(kw)
            if x is not None and y is not None:
                yield Edge(kw, False, False, x, y)
            elif kw != "not":
                yield Finding(f"{_kebab(kw)}-{'added' if x is None else 'removed'}", (), bp, rp)
        for kw in MAP_SUBSCHEMAS:
            bm, rm = bv.maps.get(kw, {}), rv.maps.get(kw, {})
            singular = "pattern-property" if kw == "patternProperties" else "dependent-schema"
            for name in sorted(set(bm) | set(rm)):
                x, y = bm.get(name), rm.get(name)
                if x is not None and y is not None:
                    yield Edge(f"{kw}[{name}]", False, False, x, y)
                else:
                    yield Finding(f"{singular}-{'added' if x is None else 'removed'}", (), bp, rp, {"name": name})

    def _composition(self, bl: list[Node] | None, rl: list[Node] | None, label: str, bp: str, rp: str) -> Iterator[Finding | Edge]:
        if not bl and not rl:
            return
        bl, rl = bl or [], rl or []
        pairs, removed, added = self.match(bl, rl)
        yield from self._branches(bl, rl, pairs, removed, added, label, bp, rp)

    def _branches(
        self,
        bl: list[Node],
        rl: list[Node],
        pairs: list[tuple[int, int]],
        removed: list[int],
        added: list[int],
        label: str,
        bp: str,
        rp: str,
    ) -> Iterator[Finding | Edge]:
        """Findings for matched, removed and added branches.

        An inline branch removed while a remaining branch still accepts all its instances (or
        added while an existing one already allowed all of its) is marked `covered`: only the
        layout of the alternatives changed. Named ($ref) branches are always reported, since a
        named alternative means a type to generated clients.
        """
        kind = "one-of" if label == "oneOf" else "any-of"
        for i in removed:
            covered = bl[i].ref is None and any(self._accepts(bl[i], r, True) for r in rl)
            yield Finding(f"{kind}-removed", (), bl[i].ptr or bp, None, {"branch": self._branch_label(bl[i], i, self.b), "covered": covered})
        for j in added:
            covered = rl[j].ref is None and any(self._accepts(b, rl[j], False) for b in bl)
            yield Finding(f"{kind}-added", (), None, rl[j].ptr or rp, {"branch": self._branch_label(rl[j], j, self.r), "covered": covered})
        for i, j in pairs:
            yield Edge(f"{label}[{self._branch_label(bl[i], i, self.b)}]", False, False, bl[i], rl[j])

    @staticmethod
    def _breaks(findings: tuple[Finding, ...], request: bool) -> bool:
        """Whether any finding would be a warning or error on that side of a request body."""
        if not findings:
            return False
        from specdiff._model import Direction, Level
        from specdiff._rules._schema._ids import Place, judge

        place = Place(Direction.REQUEST if request else Direction.RESPONSE, "body")
        for f in findings:
            verdict = judge(f, place)
            if verdict is not None and verdict.level >= Level.WARNING:
                return True
        return False

    def _single_match(self, node: Node, view: View, branches: list[Node], side: Side) -> int | None:
        """The one branch a plain schema clearly is (identical, else the only one of its type)."""
        same = [i for i, b in enumerate(branches) if (self.same(node, b) if side is self.r else self.same(b, node))]
        if len(same) == 1:
            return same[0]
        if same:
            return None
        typed = [i for i, b in enumerate(branches) if view.types and side.view(b).types == view.types]
        return typed[0] if len(typed) == 1 else None

    @staticmethod
    def _branch_label(node: Node, index: int, side: Side) -> str:
        if node.ref:
            return node.ref
        title = side.view(node).title
        return f"subschema #{index + 1}: {title}" if title else f"subschema #{index + 1}"

    def match(self, bl: list[Node], rl: list[Node]) -> tuple[list[tuple[int, int]], list[int], list[int]]:
        """Pair oneOf/anyOf branches: same $ref, same title, identical content, then likeness."""
        pairs: list[tuple[int, int]] = []
        free_b = list(range(len(bl)))
        free_r = list(range(len(rl)))

        def take(pred: Any) -> None:
            for i in list(free_b):
                for j in free_r:
                    if pred(bl[i], rl[j]):
                        pairs.append((i, j))
                        free_b.remove(i)
                        free_r.remove(j)
                        break

        take(lambda x, y: x.ref is not None and x.ref == y.ref)
        take(lambda x, y: self.same(x, y))
        take(lambda x, y: (t := self.b.view(x).title) is not None and t == self.r.view(y).title)
        # Inline leftovers: pair the most alike (a modified inline branch, not remove + add).
        scored = []
        for i in free_b:
            for j in free_r:
                if bl[i].ref is not None or rl[j].ref is not None:
                    continue
                score = _likeness(self.b.view(bl[i]), self.r.view(rl[j]))
                if score >= 0.5:
                    scored.append((score, -i, -j, i, j))
        for _, _, _, i, j in sorted(scored, reverse=True):
            if i in free_b and j in free_r:
                pairs.append((i, j))
                free_b.remove(i)
                free_r.remove(j)
        return sorted(pairs), free_b, free_r


STABILITY_ORDER = {"draft": 0, "alpha": 1, "beta": 2, "stable": 3}
_DISTINCT = ("value", "branch", "keyword", "name", "key")


def _all_of_refs(node: Node) -> frozenset[str]:
    """The `$ref`s written as direct allOf parts of a position."""
    out: set[str] = set()
    for frag in node.frags:
        parts = frag.node.get("allOf")
        if isinstance(parts, list):
            out.update(p["$ref"] for p in parts if isinstance(p, dict) and isinstance(p.get("$ref"), str))
    return frozenset(out)


def _names(node: Node) -> frozenset[str]:
    """Every `$ref` that names a position's schema or a part of it: its own `$ref`, its allOf
    parts and its oneOf/anyOf branches."""
    out = set(_all_of_refs(node))
    if node.ref:
        out.add(node.ref)
    for frag in node.frags:
        for kw in ("oneOf", "anyOf"):
            branches = frag.node.get(kw)
            if isinstance(branches, list):
                out.update(b["$ref"] for b in branches if isinstance(b, dict) and isinstance(b.get("$ref"), str))
    return frozenset(out)


def _annotation_only(node: Node) -> bool:
    """Whether a part says nothing about validity (description, title, examples...)."""
    return bool(node.frags) and all(set(f.node) <= ANNOTATIONS for f in node.frags)


def _effective(side: str, view: View) -> tuple[float, bool] | None:
    """The bound a validator applies on one side: the tighter of `maximum` (3.0 flag included)
    and 3.1's numeric `exclusiveMaximum`."""
    inc: tuple[float, bool] | None = getattr(view, side)
    exc: tuple[float, bool] | None = getattr(view, "exclusive_" + side)
    if inc is None or exc is None:
        return inc if exc is None else exc
    if inc[0] != exc[0]:
        return (min if side == "maximum" else max)(inc, exc, key=lambda b: b[0])
    return exc


def _numeric_bound(side: str, kw31: str, bv: View, rv: View, bp: str, rp: str) -> Iterator[Finding]:
    """Changes of one numeric bound (upper or lower), by what validators accept.

    The same effective bound spelled another way (3.0 `maximum` + `exclusiveMaximum: true`
    rewritten as 3.1 `exclusiveMaximum: 10`, a redundant second keyword dropped) is no change;
    a bound moved from one spelling to the other is one change of the bound. A 3.0
    `exclusiveMaximum: true` without any `maximum` is reported on its own (`exclusive-flag`).
    """
    attr31 = "exclusive_" + side
    b_inc, r_inc = getattr(bv, side), getattr(rv, side)
    b_exc, r_exc = getattr(bv, attr31), getattr(rv, attr31)
    if b_inc == r_inc and b_exc == r_exc:
        b_flag, r_flag = side in bv.exclusive_flags, side in rv.exclusive_flags
        if b_inc is None and b_exc is None and b_flag != r_flag:
            yield Finding("exclusive-flag", (), bp, rp, {"keyword": kw31, "set": r_flag})
        return
    b_eff, r_eff = _effective(side, bv), _effective(side, rv)
    if b_eff == r_eff:
        return
    if (b_inc is None) != (r_inc is None) and (b_exc is None) != (r_exc is None) and b_eff is not None and r_eff is not None:
        # One spelling replaced by the other with a different value: one bound change.
        yield Finding("bound", (), bp, rp, {"keyword": side, "from": b_eff, "to": r_eff})
        return
    if b_inc != r_inc:
        yield Finding("bound", (), bp, rp, {"keyword": side, "from": b_inc, "to": r_inc})
    if b_exc != r_exc:
        yield Finding("bound", (), bp, rp, {"keyword": kw31, "from": b_exc, "to": r_exc})


def _dedup(findings: Iterator[Finding]) -> tuple[Finding, ...]:
    """One finding per changed node: a component reached along several paths (Stripe's
    expandable fields reach the same objects through dozens of routes) is reported once, at
    its shortest path. Without this the findings grow with the number of routes, not changes."""
    best: dict[tuple[Any, ...], Finding] = {}
    for f in findings:
        extra = next((f.args[k] for k in _DISTINCT if k in f.args), None)
        key = (f.kind, f.base, f.rev, f.ro, f.wo, extra if isinstance(extra, (str, int, float, bool, type(None))) else repr(extra))
        old = best.get(key)
        if old is None or len(f.path) < len(old.path):
            best[key] = f
    return tuple(best.values())


def _stability(name: str, pv: View, qv: View, pp: str, qp: str, flags: dict[str, Any]) -> Iterator[Finding]:
    """`x-stability-level` of a property: invalid values, and moves down or up the ladder."""
    old, new = pv.x_stability, qv.x_stability
    for value, is_base in ((old, True), (new, False)):
        if value is not None and value not in STABILITY_ORDER:
            yield Finding("invalid-stability", (name,), pp if is_base else None, None if is_base else qp, {**flags, "value": value, "side": "base" if is_base else "revision"})
    if old in STABILITY_ORDER and new in STABILITY_ORDER:
        if STABILITY_ORDER[new] < STABILITY_ORDER[old]:
            yield Finding("stability-decreased", (name,), pp, qp, {**flags, "from": old, "to": new})
        elif old not in ("draft", "alpha"):  # leaving draft/alpha is the expected lifecycle, not news
            yield Finding("stability-increased", (name,), pp, qp, {**flags, "from": old, "to": new})


_KEBAB = {"oneOf": "one-of", "anyOf": "any-of"}


def _mapping(raw: Any) -> dict[str, Any]:
    """A discriminator mapping with bare schema names spelled as the `$ref` they stand for."""
    if not isinstance(raw, dict):
        return {}
    return {k: f"#/components/schemas/{v}" if isinstance(v, str) and v and "/" not in v and not v.startswith("#") else v for k, v in raw.items()}


def _switched(bv: View, rv: View) -> tuple[str, str] | None:
    """("oneOf", "anyOf") when the alternatives moved from one keyword to the other."""
    if bv.one_of and not bv.any_of and rv.any_of and not rv.one_of:
        return "oneOf", "anyOf"
    if bv.any_of and not bv.one_of and rv.one_of and not rv.any_of:
        return "anyOf", "oneOf"
    return None


def _format_of(view: View) -> str | None:
    """The format, with the ones that add nothing in JSON dropped (int64 on integer, double on
    number): adding `format: int64` to an integer is not a change anyone can observe."""
    fmt = view.format
    if view.types == frozenset({"integer"}) and fmt == "int64":
        return None
    if view.types == frozenset({"number"}) and fmt == "double":
        return None
    return fmt


def _has_shape(view: View) -> bool:
    """Whether a view constrains the instance by itself (type or properties), beyond composition."""
    return bool(view.types or view.properties or view.items is not None or view.enum is not None)


def _numeric_pair(a: frozenset[str], b: frozenset[str]) -> bool:
    return {"integer", "number"} >= (a | b) and len(a | b) == 2


def _likeness(a: View, b: View) -> float:
    type_score = 1.0 if a.types == b.types else 0.0
    pa, pb = set(a.properties), set(b.properties)
    prop_score = len(pa & pb) / len(pa | pb) if pa | pb else 1.0
    return 0.5 * type_score + 0.5 * prop_score


def _kebab(keyword: str) -> str:
    out = []
    for ch in keyword:
        if ch.isupper():
            out.append("-")
            out.append(ch.lower())
        else:
            out.append(ch)
    return "".join(out)


def format_widens(type_name: str | None, old: str | None, new: str | None) -> bool | None:
    """True: `new` accepts all `old` does; False: it accepts fewer; None: neither (a change)."""
    if old == new:
        return True
    if new is None:
        return True
    if old is None:
        return False
    if (type_name or "", old, new) in _FORMAT_WIDENINGS:
        return True
    if (type_name or "", new, old) in _FORMAT_WIDENINGS:
        return False
    return None
