"""The formatter registry: name -> function(report, options) -> str."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from specdiff._errors import UsageError
from specdiff._model import DiffReport


@dataclass(frozen=True)
class RenderOptions:
    """How to render, decided by the caller: colour (tty and no NO_COLOR), grouping, folding."""

    color: bool = False
    group_by: str = "tag"  # tag | operation | component
    fold_min: int = 3  # identical changes in at least this many operations are shown once
    max_chars: int = 60_000  # markdown: GitHub caps comments at 65,536 characters


Formatter = Callable[[DiffReport, RenderOptions], str]
_REGISTRY: dict[str, Formatter] = {}
_BUILTIN = ("_text", "_json", "_markdown", "_junit", "_github", "_html")
_loaded = False


def formatter(name: str) -> Callable[[Formatter], Formatter]:
    """Register `fn` as the formatter called `name`."""

    def register(fn: Formatter) -> Formatter:
        _REGISTRY[name] = fn
        return fn

    return register


def _load_builtins() -> None:
    global _loaded
    if not _loaded:
        for module in _BUILTIN:
            importlib.import_module(f"specdiff._render.{module}")
        _loaded = True


def available() -> list[str]:
    """Names of the registered formats, in a stable order."""
    _load_builtins()
    order = ["text", "json", "markdown", "junit", "github", "html"]
    return sorted(_REGISTRY, key=lambda n: (order.index(n) if n in order else len(order), n))


def get(name: str) -> Formatter:
    _load_builtins()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UsageError(f"--format {name!r}: unknown format; available: {', '.join(available())}") from None


def render(report: DiffReport, name: str, options: RenderOptions | None = None) -> str:
    return get(name)(report, options or RenderOptions())
