"""Build a `SpecDiff` from two OpenAPI 3-shaped documents.

Structural and lazy: any pair of nodes that is `same()` (equal data, no changed `$ref` target
below) is skipped without being walked. Paths match by template (`/a/{id}` == `/a/{accountId}`);
path parameters then match by their position in the template.
"""

from __future__ import annotations

import re
from typing import Any

from specdiff._diff._model import (
    HeaderDiff,
    MapDiff,
    MediaTypeDiff,
    OperationDiff,
    OperationRef,
    ParameterDiff,
    PathRemoval,
    RequestBodyDiff,
    ResponseDiff,
    Side,
    SpecDiff,
)
from specdiff._diff._refs import RefIndex, escape
from specdiff._load._model import resolve_pointer

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_TEMPLATE = re.compile(r"\{[^}/]*\}")


def path_template(path: str) -> str:
    """`/a/{id}/b` -> `/a/{}/b`: the identity of a path regardless of parameter names."""
    return _TEMPLATE.sub("{}", path)


def path_param_names(path: str) -> list[str]:
    return [m.group(0)[1:-1] for m in _TEMPLATE.finditer(path)]


def resolve_side(doc: dict[str, Any], node: Any, pointer: str) -> Side:
    """Follow local `$ref`s from `node` (cycle-safe); the pointer follows to the target."""
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if not ref.startswith("#") or ref in seen:
            break
        seen.add(ref)
        target = resolve_pointer(doc, ref[1:])
        if target is None:
            break
        node, pointer = target, ref[1:]
    return Side(node, pointer)


class Differ:
    """Compares two documents into the typed model; one instance per comparison."""

    def __init__(self, base: dict[str, Any], revision: dict[str, Any]) -> None:
        self.base = base
        self.revision = revision
        self.refs = RefIndex(base, revision)

    # -- helpers -------------------------------------------------------------------------
    def same(self, a: Any, b: Any) -> bool:
        return self.refs.same(a, b)

    def _rb(self, node: Any, pointer: str) -> Side:
        return resolve_side(self.base, node, pointer)

    def _rr(self, node: Any, pointer: str) -> Side:
        return resolve_side(self.revision, node, pointer)

    @staticmethod
    def _as_item(side: Side) -> Side:
        """A path item that is not a mapping (null, a dangling `$ref`) has no operations."""
        if isinstance(side.node, dict) and not isinstance(side.node.get("$ref"), str):
            return side
        return Side({}, side.pointer)

    def _map(self, b: Side | None, r: Side | None, key: str) -> tuple[dict[str, Side], dict[str, Side]]:
        """The children under `key` of both sides, resolved, keyed by their own names."""
        out_b: dict[str, Side] = {}
        out_r: dict[str, Side] = {}
        for side, out, res in ((b, out_b, self._rb), (r, out_r, self._rr)):
            if side is None or not isinstance(side.node, dict):
                continue
            children = side.node.get(key)
            if isinstance(children, dict):
                for name, child in children.items():
                    out[str(name)] = res(child, f"{side.pointer}/{escape(key)}/{escape(str(name))}")
        return out_b, out_r

    # -- the document --------------------------------------------------------------------
    def diff(self) -> SpecDiff:
        result = SpecDiff(self.base, self.revision)
        self._paths(result)
        self._components(result)
        return result

    def _paths(self, result: SpecDiff) -> None:
        base_paths = self.base.get("paths") or {}
        rev_paths = self.revision.get("paths") or {}
        if not isinstance(base_paths, dict):
            base_paths = {}
        if not isinstance(rev_paths, dict):
            rev_paths = {}
        # Exact path strings first, then templates, so `/a/{id}` and `/a/{name}` in one
        # document still each find their own partner.
        pairs: list[tuple[str, str]] = []
        rest_b = [p for p in base_paths if p not in rev_paths]
        rest_r = {p for p in rev_paths if p not in base_paths}
        pairs.extend((p, p) for p in base_paths if p in rev_paths)
        by_template: dict[str, list[str]] = {}
        for p in sorted(rest_r):
            by_template.setdefault(path_template(p), []).append(p)
        unmatched_b: list[str] = []
        for p in rest_b:
            candidates = by_template.get(path_template(p))
            if candidates:
                rp = candidates.pop(0)
                rest_r.discard(rp)
                pairs.append((p, rp))
            else:
                unmatched_b.append(p)

        for bp, rp in pairs:
            b_item = self._as_item(self._rb(base_paths[bp], "/paths/" + escape(bp)))
            r_item = self._as_item(self._rr(rev_paths[rp], "/paths/" + escape(rp)))
            if bp == rp and self.same(b_item.node, r_item.node):
                continue
            result.paths_modified.append((bp, rp, b_item, r_item))
            self._path_item(result, bp, rp, b_item, r_item)
        for bp in unmatched_b:
            item = self._as_item(self._rb(base_paths[bp], "/paths/" + escape(bp)))
            ops = self._ops_of(bp, item)
            result.paths_removed[bp] = PathRemoval(bp, item, ops)
            result.operations_removed.extend(ops)
        for rp in [p for p in rev_paths if p in rest_r]:
            item = self._as_item(self._rr(rev_paths[rp], "/paths/" + escape(rp)))
            ops = self._ops_of(rp, item)
            result.paths_added[rp] = PathRemoval(rp, item, ops)
            result.operations_added.extend(ops)

    @staticmethod
    def _ops_of(path: str, item: Side) -> list[OperationRef]:
        node = item.node if isinstance(item.node, dict) else {}
        return [
            OperationRef(m, path, Side(node[m], f"{item.pointer}/{m}"), item)
            for m in METHODS
            if isinstance(node.get(m), dict)
        ]

    def _path_item(self, result: SpecDiff, bp: str, rp: str, b_item: Side, r_item: Side) -> None:
        b_ops = {o.method: o for o in self._ops_of(bp, b_item)}
        r_ops = {o.method: o for o in self._ops_of(rp, r_item)}
        params_same = bp == rp and self.same(b_item.node.get("parameters"), r_item.node.get("parameters"))
        for method in METHODS:
            bo, ro = b_ops.get(method), r_ops.get(method)
            if bo and not ro:
                result.operations_removed.append(bo)
            elif ro and not bo:
                result.operations_added.append(ro)
            elif bo and ro:
                if params_same and self.same(bo.side.node, ro.side.node):
                    continue
                result.operations_modified.append(self._operation(method, bp, rp, bo, ro))

    # -- operations ----------------------------------------------------------------------
    def _operation(self, method: str, bp: str, rp: str, bo: OperationRef, ro: OperationRef) -> OperationDiff:
        op = OperationDiff(method, bp, rp, bo.side, ro.side, bo.path_item, ro.path_item)
        op.parameters = self._parameters(op, bo, ro)
        op.request_body = self._request_body(bo.side, ro.side)
        op.responses = self._responses(bo.side, ro.side)
        return op

    def _effective_params(self, path: str, ref: OperationRef, res: Any) -> dict[str, tuple[str, str, Side, bool]]:
        """Path-item parameters overridden by operation ones, keyed for matching; the flag says
        the parameter comes from the path item."""
        merged: dict[tuple[str, str], tuple[Side, bool]] = {}
        for holder, ptr, level in ((ref.path_item.node, ref.path_item.pointer, True), (ref.side.node, ref.side.pointer, False)):
            params = holder.get("parameters") if isinstance(holder, dict) else None
            if not isinstance(params, list):
                continue
            for i, raw in enumerate(params):
                side = res(raw, f"{ptr}/parameters/{i}")
                p = side.node
                if not isinstance(p, dict) or "name" not in p:
                    continue
                loc = str(p.get("in", ""))
                merged[(loc, str(p["name"]))] = (side, level)
        names = path_param_names(path)
        out: dict[str, tuple[str, str, Side, bool]] = {}
        for (loc, name), (side, level) in merged.items():
            if loc == "path" and name in names:
                key = f"path#{names.index(name)}"
            elif loc == "header":
                key = f"header:{name.lower()}"
            else:
                key = f"{loc}:{name}"
            out[key] = (loc, name, side, level)
        return out

    def _parameters(self, op: OperationDiff, bo: OperationRef, ro: OperationRef) -> MapDiff[ParameterDiff]:
        b = self._effective_params(op.base_path, bo, self._rb)
        r = self._effective_params(op.revision_path, ro, self._rr)
        op.base_path_level = frozenset(k for k, v in b.items() if v[3])
        op.revision_path_level = frozenset(k for k, v in r.items() if v[3])
        out: MapDiff[ParameterDiff] = MapDiff()
        for key, (loc, name, side, _level) in b.items():
            if key not in r:
                out.removed[key] = side
                continue
            _rloc, rname, rside, _rlevel = r[key]
            if name == rname and self.same(side.node, rside.node):
                continue
            out.modified[key] = ParameterDiff(loc, name, rname, side, rside)
        for key, (_loc, _name, side, _level) in r.items():
            if key not in b:
                out.added[key] = side
        return out

    def _content(self, b: Side | None, r: Side | None) -> MapDiff[MediaTypeDiff]:
        bm, rm = self._map(b, r, "content")
        out: MapDiff[MediaTypeDiff] = MapDiff()
        for mt, side in bm.items():
            if mt not in rm:
                out.removed[mt] = side
            elif not self.same(side.node, rm[mt].node):
                out.modified[mt] = MediaTypeDiff(mt, side, rm[mt])
        out.added = {mt: s for mt, s in rm.items() if mt not in bm}
        return out

    def _request_body(self, bo: Side, ro: Side) -> RequestBodyDiff | None:
        braw = bo.node.get("requestBody")
        rraw = ro.node.get("requestBody")
        if braw is None and rraw is None:
            return None
        b = self._rb(braw, bo.pointer + "/requestBody") if braw is not None else None
        r = self._rr(rraw, ro.pointer + "/requestBody") if rraw is not None else None
        if b is not None and r is not None and self.same(b.node, r.node):
            return None
        return RequestBodyDiff(b, r, self._content(b, r))

    def _responses(self, bo: Side, ro: Side) -> MapDiff[ResponseDiff]:
        bm, rm = self._map(bo, ro, "responses")
        out: MapDiff[ResponseDiff] = MapDiff()
        for status, side in bm.items():
            if status not in rm:
                out.removed[status] = side
                continue
            rside = rm[status]
            if self.same(side.node, rside.node):
                continue
            resp = ResponseDiff(status, side, rside, self._content(side, rside))
            bh, rh = self._map(side, rside, "headers")
            bh = {k.lower(): v for k, v in bh.items()}
            rh = {k.lower(): v for k, v in rh.items()}
            for name, hs in bh.items():
                if name not in rh:
                    resp.headers.removed[name] = hs
                elif not self.same(hs.node, rh[name].node):
                    resp.headers.modified[name] = HeaderDiff(name, hs, rh[name])
            resp.headers.added = {k: v for k, v in rh.items() if k not in bh}
            out.modified[status] = resp
        out.added = {s: v for s, v in rm.items() if s not in bm}
        return out

    # -- components ----------------------------------------------------------------------
    def _components(self, result: SpecDiff) -> None:
        bc = self.base.get("components") if isinstance(self.base.get("components"), dict) else {}
        rc = self.revision.get("components") if isinstance(self.revision.get("components"), dict) else {}
        bs = (bc or {}).get("securitySchemes") or {}
        rs = (rc or {}).get("securitySchemes") or {}
        for name, node in bs.items():
            side = self._rb(node, "/components/securitySchemes/" + escape(name))
            if name not in rs:
                result.security_schemes.removed[name] = side
            else:
                rside = self._rr(rs[name], "/components/securitySchemes/" + escape(name))
                if not self.same(side.node, rside.node):
                    result.security_schemes.modified[name] = (side, rside)
        for name, node in rs.items():
            if name not in bs:
                result.security_schemes.added[name] = self._rr(node, "/components/securitySchemes/" + escape(name))
        bw = self.base.get("webhooks") or {}
        rw = self.revision.get("webhooks") or {}
        if isinstance(bw, dict) and isinstance(rw, dict):
            for name, node in bw.items():
                if name not in rw:
                    result.webhooks.removed[name] = Side(node, "/webhooks/" + escape(name))
                elif not self.same(node, rw[name]):
                    result.webhooks.modified[name] = (
                        Side(node, "/webhooks/" + escape(name)),
                        Side(rw[name], "/webhooks/" + escape(name)),
                    )
            for name, node in rw.items():
                if name not in bw:
                    result.webhooks.added[name] = Side(node, "/webhooks/" + escape(name))


def diff_documents(base: dict[str, Any], revision: dict[str, Any]) -> tuple[SpecDiff, RefIndex]:
    """Compare two documents; also return the ref index (rules reuse its `same()` memo)."""
    differ = Differ(base, revision)
    return differ.diff(), differ.refs
