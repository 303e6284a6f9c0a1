"""Which Zuora-convention checks a run applies: only where the target is Zuora-like.

"Works with any OpenAPI": a plain API that never heard of `Zuora-Track-Id` must not fail for not
echoing it. In `auto` mode (the default) a Zuora check applies when the spec documents what it
judges (the header as a request parameter or response header; `success` + `reasons` in a
schema), or when the run is Zuora-like as a whole (any documented `Zuora-*` header, a Zuora
server URL, a Zuora host or the embedded sandbox). `on` forces every Zuora check, `off` none.
Checks that do not apply are N/A for every call, never counted as passed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from contracts._checks._registry import CHECKS

MODES = ("auto", "on", "off")
RATE_LIMIT = frozenset({"ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"})


@dataclass
class SpecSignals:
    """What a spec documents that Zuora's conventions are about."""

    headers: set[str] = field(default_factory=set)  # lower-case header names, request and response
    success_schema: bool = False  # a schema with both `success` and `reasons`
    zuora_server: bool = False


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend(v for v in item if isinstance(v, (dict, list)))


def spec_signals(document: Any) -> SpecSignals:
    """One pass over the raw document (names of `$ref`'d headers live in the referring map)."""
    signals = SpecSignals()
    for node in _walk(document):
        headers = node.get("headers")
        if isinstance(headers, dict):
            signals.headers.update(str(name).lower() for name in headers)
        if node.get("in") == "header" and isinstance(node.get("name"), str):
            signals.headers.add(node["name"].lower())
        props = node.get("properties")
        if isinstance(props, dict) and "success" in props and "reasons" in props:
            signals.success_schema = True
    servers = document.get("servers") if isinstance(document, dict) else None
    for server in servers if isinstance(servers, list) else []:
        host = urlsplit(str(server.get("url", "")) if isinstance(server, dict) else "").hostname or ""
        if host == "zuora.com" or host.endswith(".zuora.com"):
            signals.zuora_server = True
    host = str(document.get("host", "")) if isinstance(document, dict) else ""  # Swagger 2.0
    if host.split(":")[0].endswith("zuora.com"):
        signals.zuora_server = True
    return signals


def zuora_checks_not_applied(document: Any, mode: str, environment: str) -> tuple[set[str], str]:
    """(Zuora checks that are N/A for this run, why) for mode auto/on/off."""
    zuora = {name for name, check in CHECKS.items() if check.source == "zuora"}
    if mode == "on":
        return set(), "forced on (--zuora-checks on)"
    if mode == "off":
        return zuora, "turned off (--zuora-checks off)"
    if environment in ("embedded-sandbox", "sandbox", "production"):
        return set(), f"the target is a Zuora tenant ({environment})"
    signals = spec_signals(document)
    if signals.zuora_server or any(h.startswith("zuora-") for h in signals.headers):
        return set(), "the spec documents Zuora headers or servers"
    applies = {
        "zuora_track_id_echo": "zuora-track-id" in signals.headers,
        "zuora_request_id": "zuora-request-id" in signals.headers,
        "zuora_rate_limit_headers": bool(RATE_LIMIT & signals.headers),
        "zuora_success_flag": signals.success_schema,
        "zuora_idempotency_replay": "idempotency-key" in signals.headers,
        "zuora_gzip": False,
    }
    off = {name for name in zuora if not applies.get(name, False)}
    why = "the spec is not Zuora-like: Zuora checks apply only to what it documents (--zuora-checks on forces them)"
    return off, why
