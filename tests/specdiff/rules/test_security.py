"""Security requirements and schemes: one pair per rule, exact IDs and message text."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fixtures.specdiff_rules import api, op, run


def oauth(scopes: dict[str, str] | None = None, **flow: Any) -> dict[str, Any]:
    f: dict[str, Any] = {"authorizationUrl": "https://a/auth", "tokenUrl": "https://a/token", "refreshUrl": "https://a/refresh", "scopes": scopes if scopes is not None else {"read": "r"}}
    f.update(flow)
    return {"type": "oauth2", "flows": {"authorizationCode": f}}


def spec(global_sec: Any = None, op_sec: Any = None, schemes: dict[str, Any] | None = None) -> dict[str, Any]:
    fields = {} if op_sec is None else {"security": op_sec}
    top: dict[str, Any] = {"components": {"securitySchemes": schemes if schemes is not None else {"o": oauth(), "k": {"type": "apiKey", "name": "key", "in": "header"}}}}
    if global_sec is not None:
        top["security"] = global_sec
    return api({"/a": {"get": op(**fields)}}, **top)


CASES: list[tuple[str, dict[str, Any], dict[str, Any], list[str], str]] = [
    ("global added", spec([{"o": ["read"]}]), spec([{"o": ["read"]}, {"k": []}]), ["api-global-security-added"], "the security scheme `k: []` was added to the API"),
    ("global removed", spec([{"o": ["write", "read"]}]), spec([]), ["api-global-security-removed"], "`o: [read, write]` was removed from the API"),
    ("global scope added", spec([{"o": ["read"]}]), spec([{"o": ["read", "write"]}]), ["api-global-security-scope-added"], "scope `write`"),
    ("global scope removed", spec([{"o": ["read", "write"]}]), spec([{"o": ["read"]}]), ["api-global-security-scope-removed"], "scope `write`"),
    ("operation added", spec(None, [{"o": ["read"]}]), spec(None, [{"o": ["read"]}, {"k": []}]), ["api-security-added"], "endpoint scheme security `k: []` was added"),
    ("operation removed", spec(None, [{"o": ["read"]}, {"k": []}]), spec(None, [{"o": ["read"]}]), ["api-security-removed"], "`k: []` was removed"),
    ("operation scope added", spec(None, [{"o": ["read"]}]), spec(None, [{"o": ["read", "write"]}]), ["api-security-scope-added"], "scope `write`"),
    ("operation scope removed", spec(None, [{"o": ["read", "write"]}]), spec(None, [{"o": ["read"]}]), ["api-security-scope-removed"], "scope `write`"),
    ("global moved onto the operation", spec([{"o": ["read"]}]), spec(None, [{"o": ["read"]}]), ["api-global-security-removed"], "`o: [read]`"),
    ("scheme added", spec(schemes={}), spec(schemes={"k": {"type": "apiKey", "name": "key", "in": "header"}}), ["api-security-component-added"], "`k` was added"),
    ("scheme removed", spec(schemes={"k": {"type": "apiKey", "name": "key", "in": "header"}}), spec(schemes={}), ["api-security-component-removed"], "`k` was removed"),
    ("scheme type changed", spec(schemes={"s": {"type": "http", "scheme": "basic"}}), spec(schemes={"s": {"type": "apiKey", "name": "k", "in": "query"}}), ["api-security-component-type-changed"], "from `http` to `apiKey`"),
    ("http scheme changed", spec(schemes={"s": {"type": "http", "scheme": "basic"}}), spec(schemes={"s": {"type": "http", "scheme": "bearer"}}), ["api-security-component-scheme-changed"], "from `basic` to `bearer`"),
    ("oauth url changed", spec(schemes={"o": oauth()}), spec(schemes={"o": oauth(authorizationUrl="https://b/auth")}), ["api-security-component-oauth-url-changed"], "https://b/auth"),
    ("token url changed", spec(schemes={"o": oauth()}), spec(schemes={"o": oauth(tokenUrl="https://b/token")}), ["api-security-component-oauth-token-url-changed"], "https://b/token"),
    ("refresh url changed", spec(schemes={"o": oauth()}), spec(schemes={"o": oauth(refreshUrl="https://b/refresh")}), ["api-security-component-oauth-refresh-url-changed"], "https://b/refresh"),
    ("oauth scope added", spec(schemes={"o": oauth()}), spec(schemes={"o": oauth({"read": "r", "admin": "a"})}), ["api-security-component-oauth-scope-added"], "`admin` was added"),
    ("oauth scope removed", spec(schemes={"o": oauth({"read": "r", "admin": "a"})}), spec(schemes={"o": oauth()}), ["api-security-component-oauth-scope-removed"], "`admin` was removed"),
    ("oauth scope described differently", spec(schemes={"o": oauth()}), spec(schemes={"o": oauth({"read": "read things"})}), ["api-security-component-oauth-scope-changed"], "`read` was updated"),
    ("bearer format changed", spec(schemes={"b": {"type": "http", "scheme": "bearer"}}), spec(schemes={"b": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}), ["api-security-component-bearer-format-changed"], "from `none` to `JWT`"),
    ("openid url changed", spec(schemes={"i": {"type": "openIdConnect", "openIdConnectUrl": "https://a"}}), spec(schemes={"i": {"type": "openIdConnect", "openIdConnectUrl": "https://b"}}), ["api-security-component-openid-url-changed"], "`https://a` to `https://b`"),
]


@pytest.mark.parametrize(("base", "revision", "expected", "fragment"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule(base: dict[str, Any], revision: dict[str, Any], expected: list[str], fragment: str) -> None:
    changes = run(base, revision)
    assert sorted(c.id for c in changes) == sorted(expected)
    first = next(c for c in changes if c.id == expected[0])
    assert fragment in first.message


def test_global_change_is_not_repeated_per_inheriting_operation() -> None:
    base = api({"/a": {"get": op(), "post": op()}, "/b": {"get": op()}}, security=[{"k": []}])
    rev = api({"/a": {"get": op(), "post": op()}, "/b": {"get": op()}}, security=[])
    assert [c.id for c in run(base, rev)] == ["api-global-security-removed"]
