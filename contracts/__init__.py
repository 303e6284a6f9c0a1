"""contracts: property-based contract suites for Zuora and other OpenAPI APIs.

The public names load lazily, so `contracts run --help` does not pay for the sandbox's server.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "CURATED_SPEC": "contracts.zuora",
    "CURATED_SPEC_OLDER": "contracts.zuora",
    "RunningSandbox": "contracts.sandbox",
    "SandboxError": "contracts.sandbox",
    "start_sandbox": "contracts.sandbox",
}

__all__ = ["CURATED_SPEC", "CURATED_SPEC_OLDER", "RunningSandbox", "SandboxError", "start_sandbox"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'contracts' has no attribute {name!r}")
