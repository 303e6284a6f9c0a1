"""Target classification and the safety guard.

Zuora production hosts are refused unless `--allow-production`, and then (as with
`--read-only` anywhere) only GET, HEAD and OPTIONS are sent. Extra production hosts come from
`$CONTRACTS_PRODUCTION_HOSTS` (comma-separated) or `[tool.specpact.contracts] production-hosts`
in ./pyproject.toml.
"""

from __future__ import annotations

import contextlib
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from contracts._engine._errors import SafetyRefusal

ZUORA_PRODUCTION_HOSTS = frozenset(
    {"rest.zuora.com", "rest.na.zuora.com", "rest.eu.zuora.com", "rest.ap.zuora.com"}
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def normalize_host(host: str) -> str:
    """The form a resolver sees: lower-case, no trailing dot(s), IDNA (so `REST.Zuora.com.`,
    full-width dots and Unicode spellings all match the listed host)."""
    host = unquote(host).strip().strip("[]")
    with contextlib.suppress(UnicodeError):
        host = host.encode("idna").decode("ascii")
    host = host.lower().rstrip(".")
    with contextlib.suppress(UnicodeError):  # once more: a trailing-dot form may be partly unmapped
        host = host.encode("idna").decode("ascii").lower()
    return host


def configured_production_hosts(config_dir: Path | None = None) -> set[str]:
    hosts = {normalize_host(h) for h in os.environ.get("CONTRACTS_PRODUCTION_HOSTS", "").split(",") if h.strip()}
    pyproject = (config_dir or Path.cwd()) / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            data = {}
        listed = data.get("tool", {}).get("specpact", {}).get("contracts", {}).get("production-hosts", [])
        if isinstance(listed, list):
            hosts |= {normalize_host(str(h)) for h in listed if str(h).strip()}
    return hosts


@dataclass(frozen=True)
class Target:
    """Where requests go and what the guard allows there."""

    base_url: str
    environment: str  # embedded-sandbox | sandbox | production | other
    read_only: bool

    def allows(self, method: str) -> bool:
        return not self.read_only or method.upper() in SAFE_METHODS


def classify(host: str, production_hosts: set[str]) -> str:
    host = normalize_host(host)
    if host in ZUORA_PRODUCTION_HOSTS or host in {normalize_host(h) for h in production_hosts}:
        return "production"
    if "sandbox" in host and host.endswith("zuora.com"):
        return "sandbox"
    return "other"


def make_target(
    base_url: str,
    *,
    allow_production: bool = False,
    read_only: bool = False,
    embedded: bool = False,
    production_hosts: set[str] | None = None,
) -> Target:
    """Apply the guard: refuse production unless allowed; production is always read-only."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SafetyRefusal(f"--base-url={base_url!r} is not an http(s) URL; give e.g. https://rest.apisandbox.zuora.com")
    hosts = configured_production_hosts() if production_hosts is None else production_hosts
    environment = "embedded-sandbox" if embedded else classify(parts.hostname, hosts)
    if environment == "production":
        if not allow_production:
            raise SafetyRefusal(
                f"refusing to test production host {parts.hostname!r}: use a sandbox tenant, or pass "
                "--allow-production to send only GET/HEAD/OPTIONS"
            )
        read_only = True
    return Target(base_url.rstrip("/"), environment, read_only)
