"""Rules: small registered pure functions over the diff model that emit `Change`s.

Each public module in this package is one rule family: at import it registers its rule IDs
(`_registry.register`) and may define `check(diff, ctx)`, which the engine calls once per
comparison in module-name order. Nested comparers (the schema comparer) have no `check`; the
families that own a position (parameters, bodies, headers) call them with a narrowed context.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from types import ModuleType
from typing import Any

_FAMILIES: list[ModuleType] = []


def load_families() -> list[ModuleType]:
    """Import every rule-family module once (registering its rules); return them sorted."""
    if not _FAMILIES:
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
            if info.name.startswith("_"):
                continue
            _FAMILIES.append(importlib.import_module(f"{__name__}.{info.name}"))
    return _FAMILIES


def family_checks() -> list[Callable[..., Any]]:
    """The `check(diff, ctx)` functions of all families, in a stable order."""
    return [m.check for m in load_families() if callable(getattr(m, "check", None))]
