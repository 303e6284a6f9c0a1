"""Security: global and per-operation security requirements (schemes and scopes) and the
security schemes under `components.securitySchemes`.

An operation that inherits the global requirements on both sides is left to the global rules
(no cascade); one that overrides them on either side is compared on its *effective*
requirements, so moving a requirement from global to the operation is not a change.
"""

from __future__ import annotations

from typing import Any

from specdiff._diff import SpecDiff
from specdiff._model import Level
from specdiff._rules._context import RuleContext
from specdiff._rules._ops import op_context
from specdiff._rules._registry import Area, register

F = "security"
_NM = "security applies to the whole call, not to one direction"


def _reg(id: str, description: str, message: str, why: str) -> None:
    register(id, Level.INFO, "none", Area.SECURITY, family=F, no_mirror=_NM, description=description, message=message, why=why,
             ours=id in ("api-security-component-oauth-refresh-url-changed", "api-security-component-openid-url-changed",
                         "api-security-component-bearer-format-changed"))


_reg("api-global-security-added", "A global security requirement was added.",
     "the security scheme `{requirement}` was added to the API",
     "Clients must now satisfy this requirement (as an alternative to the others) unless an operation overrides it.")
_reg("api-global-security-removed", "A global security requirement was removed.",
     "the security scheme `{requirement}` was removed from the API",
     "Clients authenticating only this way may be rejected.")
_reg("api-global-security-scope-added", "A scope was added to a global security requirement.",
     "the security scope `{scope}` was added to the global security scheme `{scheme}`",
     "Tokens without the new scope may be rejected.")
_reg("api-global-security-scope-removed", "A scope was removed from a global security requirement.",
     "the security scope `{scope}` was removed from the global security scheme `{scheme}`",
     "Nothing breaks for clients; tokens need fewer scopes.")
_reg("api-security-added", "An operation's effective security requirement was added.",
     "the endpoint scheme security `{requirement}` was added to the API",
     "Clients must now satisfy this requirement for this operation (as an alternative to the others).")
_reg("api-security-removed", "An operation's effective security requirement was removed.",
     "the endpoint scheme security `{requirement}` was removed from the API",
     "Clients authenticating only this way may be rejected on this operation.")
_reg("api-security-scope-added", "A scope was added to an operation's security requirement.",
     "the security scope `{scope}` was added to the endpoint's security scheme `{scheme}`",
     "Tokens without the new scope may be rejected on this operation.")
_reg("api-security-scope-removed", "A scope was removed from an operation's security requirement.",
     "the security scope `{scope}` was removed from the endpoint's security scheme `{scheme}`",
     "Nothing breaks; tokens need fewer scopes.")
_reg("api-security-component-added", "A security scheme was added to components.",
     "the component security scheme `{scheme}` was added",
     "Nothing breaks until an operation requires it.")
_reg("api-security-component-removed", "A security scheme was removed from components.",
     "the component security scheme `{scheme}` was removed",
     "Operations still requiring it become unusable by generated clients.")
_reg("api-security-component-type-changed", "A security scheme changed its type.",
     "the component security scheme `{scheme}` type changed from `{base_value}` to `{revision_value}`",
     "Clients must authenticate a different way.")
_reg("api-security-component-oauth-url-changed", "An OAuth flow's authorizationUrl changed.",
     "the component security scheme `{scheme}` oauth url changed from `{base_value}` to `{revision_value}`",
     "Clients with the old URL configured cannot start the authorization flow.")
_reg("api-security-component-oauth-token-url-changed", "An OAuth flow's tokenUrl changed.",
     "the component security scheme `{scheme}` oauth token url changed from `{base_value}` to `{revision_value}`",
     "Clients with the old token URL configured cannot get tokens.")
_reg("api-security-component-oauth-scope-added", "An OAuth flow gained a scope.",
     "the component security scheme `{scheme}` oauth scope `{scope}` was added",
     "Nothing breaks.")
_reg("api-security-component-oauth-scope-removed", "An OAuth flow lost a scope.",
     "the component security scheme `{scheme}` oauth scope `{scope}` was removed",
     "Clients requesting that scope may be refused a token.")
_reg("api-security-component-oauth-scope-changed", "An OAuth scope's description changed.",
     "the component security scheme `{scheme}` oauth scope `{scope}` was updated from `{base_value}` to `{revision_value}`",
     "Nothing breaks; documentation only.")

_reg("api-security-component-oauth-refresh-url-changed", "An OAuth flow's refreshUrl changed.",
     "the component security scheme `{scheme}` oauth refresh url changed from `{base_value}` to `{revision_value}`",
     "Clients with the old refresh URL configured cannot refresh tokens.")
_reg("api-security-component-openid-url-changed", "An OpenID Connect scheme's openIdConnectUrl changed.",
     "the component security scheme `{scheme}` OpenID Connect url changed from `{base_value}` to `{revision_value}`",
     "Clients with the old discovery URL configured cannot discover the provider.")
_reg("api-security-component-bearer-format-changed", "An HTTP bearer scheme's bearerFormat changed, was added or removed.",
     "the component security scheme `{scheme}` bearer format changed from `{base_value}` to `{revision_value}`",
     "bearerFormat is a hint for documentation; the token clients send is unchanged. Reported for the changelog.")
register("api-security-component-scheme-changed", Level.ERROR, "none", Area.SECURITY, family=F, no_mirror=_NM, ours=True,
         description="An HTTP security scheme changed its `scheme` (e.g. basic -> bearer) or an apiKey moved (`in`/`name`).",
         message="the component security scheme `{scheme}` changed its {field} from `{base_value}` to `{revision_value}`",
         why="Every client sends credentials the old way, which the server no longer accepts.")

Requirement = dict[tuple[str, ...], dict[str, list[str]]]


def _requirements(value: Any) -> Requirement:
    """Security requirement list -> {sorted scheme names: {scheme: scopes}}."""
    out: Requirement = {}
    if not isinstance(value, list):
        return out
    for req in value:
        if not isinstance(req, dict):
            continue
        scopes = {str(k): [str(s) for s in (v or [])] if isinstance(v, list) else [] for k, v in req.items()}
        out[tuple(sorted(scopes))] = scopes
    return out


def _show(req: dict[str, list[str]]) -> str:
    if not req:
        return "{}"
    return " AND ".join(f"{name}: [{', '.join(sorted(scopes))}]" for name, scopes in sorted(req.items()))


def _compare(ctx: RuleContext, prefix: str, base: Any, rev: Any, bptr: str | None, rptr: str | None) -> None:
    b, r = _requirements(base), _requirements(rev)
    for key, req in b.items():
        if key not in r:
            ctx.emit(f"{prefix}-removed", base=bptr, subject=f"security/{'+'.join(key)}", requirement=_show(req))
            continue
        for scheme, scopes in req.items():
            rscopes = r[key].get(scheme, [])
            for scope in scopes:
                if scope not in rscopes:
                    ctx.emit(f"{prefix}-scope-removed", base=bptr, revision=rptr,
                             subject=f"security/{'+'.join(key)}/{scheme}/{scope}", scheme=scheme, scope=scope)
            for scope in rscopes:
                if scope not in scopes:
                    ctx.emit(f"{prefix}-scope-added", base=bptr, revision=rptr,
                             subject=f"security/{'+'.join(key)}/{scheme}/{scope}", scheme=scheme, scope=scope)
    for key, req in r.items():
        if key not in b:
            ctx.emit(f"{prefix}-added", revision=rptr, subject=f"security/{'+'.join(key)}", requirement=_show(req))


def _flows(node: Any) -> dict[str, dict[str, Any]]:
    flows = node.get("flows") if isinstance(node, dict) else None
    return {str(k): v for k, v in flows.items() if isinstance(v, dict)} if isinstance(flows, dict) else {}


def _schemes(ctx: RuleContext, diff: SpecDiff) -> None:
    ss = diff.security_schemes
    for name, side in ss.added.items():
        ctx.emit("api-security-component-added", revision=side.pointer, subject=f"securitySchemes/{name}", scheme=name)
    for name, side in ss.removed.items():
        ctx.emit("api-security-component-removed", base=side.pointer, subject=f"securitySchemes/{name}", scheme=name)
    for name, (bs, rs) in ss.modified.items():
        b, r = bs.node if isinstance(bs.node, dict) else {}, rs.node if isinstance(rs.node, dict) else {}
        sub = f"securitySchemes/{name}"
        if b.get("type") != r.get("type"):
            ctx.emit("api-security-component-type-changed", base=bs.pointer, revision=rs.pointer, subject=sub + "/type",
                     scheme=name, base_value=b.get("type"), revision_value=r.get("type"))
            continue
        for key, fold in (("scheme", True), ("in", False), ("name", False), ("bearerFormat", False)):
            bv, rv = b.get(key), r.get(key)
            if key == "bearerFormat" or (str(bv).lower() if fold else bv) == (str(rv).lower() if fold else rv):
                continue
            ctx.emit("api-security-component-scheme-changed", base=bs.pointer, revision=rs.pointer, subject=f"{sub}/{key}",
                     scheme=name, field=key, base_value=bv or "", revision_value=rv or "")
        if b.get("bearerFormat") != r.get("bearerFormat"):
            ctx.emit("api-security-component-bearer-format-changed", base=bs.pointer, revision=rs.pointer, subject=f"{sub}/bearerFormat",
                     scheme=name, base_value=b.get("bearerFormat") or "none", revision_value=r.get("bearerFormat") or "none")
        if b.get("openIdConnectUrl") != r.get("openIdConnectUrl"):
            ctx.emit("api-security-component-openid-url-changed", base=bs.pointer, revision=rs.pointer, subject=f"{sub}/openIdConnectUrl",
                     scheme=name, base_value=b.get("openIdConnectUrl", ""), revision_value=r.get("openIdConnectUrl", ""))
        bf, rf = _flows(b), _flows(r)
        for flow in bf.keys() & rf.keys():
            fb, fr = bf[flow], rf[flow]
            for key, rule in (("authorizationUrl", "api-security-component-oauth-url-changed"),
                              ("tokenUrl", "api-security-component-oauth-token-url-changed"),
                              ("refreshUrl", "api-security-component-oauth-refresh-url-changed")):
                if fb.get(key) != fr.get(key):
                    ctx.emit(rule, base=bs.pointer, revision=rs.pointer, subject=f"{sub}/{flow}/{key}",
                             scheme=name, base_value=fb.get(key, ""), revision_value=fr.get(key, ""))
            sb: dict[str, Any] = fb["scopes"] if isinstance(fb.get("scopes"), dict) else {}
            sr: dict[str, Any] = fr["scopes"] if isinstance(fr.get("scopes"), dict) else {}
            for scope in sb:
                if scope not in sr:
                    ctx.emit("api-security-component-oauth-scope-removed", base=bs.pointer, subject=f"{sub}/{flow}/scopes/{scope}", scheme=name, scope=scope)
                elif sb[scope] != sr[scope]:
                    ctx.emit("api-security-component-oauth-scope-changed", base=bs.pointer, revision=rs.pointer,
                             subject=f"{sub}/{flow}/scopes/{scope}", scheme=name, scope=scope, base_value=sb[scope], revision_value=sr[scope])
            for scope in sr:
                if scope not in sb:
                    ctx.emit("api-security-component-oauth-scope-added", revision=rs.pointer, subject=f"{sub}/{flow}/scopes/{scope}", scheme=name, scope=scope)


def check(diff: SpecDiff, ctx: RuleContext) -> None:
    bg, rg = diff.base_doc.get("security"), diff.revision_doc.get("security")
    if bg != rg:
        _compare(ctx, "api-global-security", bg, rg, "/security" if bg is not None else None, "/security" if rg is not None else None)
    for op in diff.operations_modified:
        b, r = op.base.node, op.revision.node
        if "security" not in b and "security" not in r:
            continue
        eb = b.get("security", bg)
        er = r.get("security", rg)
        if eb == er:
            continue
        octx = op_context(ctx, op.method, op.revision_path, r)
        _compare(octx, "api-security", eb, er, op.base.pointer + ("/security" if "security" in b else ""),
                 op.revision.pointer + ("/security" if "security" in r else ""))
    _schemes(ctx, diff)
