"""specdiff: compare two versions of an API description and report what breaks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from specdiff._errors import SpecdiffError, SpecLoadError, UsageError
from specdiff._load import LoadedSpec, LoadWarning, load_spec
from specdiff._model import Change, DiffReport, Direction, Level, Location

if TYPE_CHECKING:
    from specdiff._rules._context import Options

__all__ = [
    "Change",
    "DiffReport",
    "Direction",
    "Level",
    "LoadWarning",
    "LoadedSpec",
    "Location",
    "SpecLoadError",
    "SpecdiffError",
    "UsageError",
    "compare",
    "load_spec",
]


def compare(base: LoadedSpec, revision: LoadedSpec, options: Options | None = None) -> list[Change]:
    """Every change from `base` to `revision`, at the rules' default levels (see docs/rules.md)."""
    from specdiff._engine import compare as engine_compare  # the rules are the heavy import

    return engine_compare(base, revision, options)
