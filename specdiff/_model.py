"""The result model of a spec diff: what rules emit and what every renderer consumes.

Renderers (text, json, markdown, junit, github, html) take a `DiffReport` only. The JSON form
is versioned and described by `specdiff/schemas/specdiff-result.schema.json`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

RESULT_SCHEMA_VERSION = "1.0"


class Level(enum.IntEnum):
    """Severity of a change. Ordered so that `level >= Level.WARNING` reads naturally."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Level:
        return cls[text.strip().upper()]


class Direction(enum.Enum):
    """Whose side a change hurts: what a client sends, or what it receives."""

    REQUEST = "request"
    RESPONSE = "response"
    NONE = "none"  # operation/path level, lifecycle, documentation


@dataclass(frozen=True)
class Location:
    """Where a node is: a JSON pointer into the (normalised) document, plus file:line:col if known."""

    pointer: str
    file: str | None = None
    line: int | None = None
    col: int | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"pointer": self.pointer}
        if self.file is not None:
            out["file"] = self.file
        if self.line is not None:
            out["line"] = self.line
        if self.col is not None:
            out["col"] = self.col
        return out


@dataclass(frozen=True)
class Change:
    """One reported change, under a stable rule ID.

    `operation` is "METHOD /path" (upper-case method) or "" for spec-wide changes.
    `component` names the shared component the change was found in ("#/components/schemas/X"),
    so people can see a change once per component while CI gets it per operation.
    `fingerprint` is stable across runs and reformatting: a hash of rule id, operation and the
    semantic location (not line numbers, not message text).
    """

    id: str
    level: Level
    operation: str
    operation_id: str
    tags: tuple[str, ...]
    message: str
    why: str
    direction: Direction
    fingerprint: str
    base: Location | None = None
    revision: Location | None = None
    component: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def method(self) -> str:
        return self.operation.split(" ", 1)[0] if self.operation else ""

    @property
    def path(self) -> str:
        return self.operation.split(" ", 1)[1] if " " in self.operation else ""


@dataclass(frozen=True)
class WaivedChange:
    """A change matched by a waiver: shown apart, never fails the run."""

    change: Change
    waiver_reason: str
    waiver_expires: str | None  # ISO date or None


@dataclass(frozen=True)
class OperationRef:
    """An operation present in base or revision: lets JUnit list unchanged operations as passing."""

    operation: str  # "METHOD /path"
    operation_id: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class SpecRef:
    """Which spec a side of the diff came from."""

    source: str
    title: str
    version: str
    spec_version: str  # "2.0", "3.0.3", ...


@dataclass
class DiffReport:
    """Everything a renderer needs: both sides, the changes, the waived ones, config notes."""

    base: SpecRef
    revision: SpecRef
    changes: list[Change]
    waived: list[WaivedChange] = field(default_factory=list)
    expired_waivers: list[dict[str, Any]] = field(default_factory=list)
    min_level: Level = Level.WARNING
    fail_on: Level | None = Level.ERROR
    tool_version: str = ""
    generated_at: str = ""  # ISO 8601 UTC
    duration_seconds: float = 0.0
    # Added in 1.0 (additive): counts per level of changes below `min_level`, kept out of
    # `changes` but still counted for `fail_on`; waivers that matched nothing; every operation
    # compared (base and revision), so per-operation formats can show unchanged ones as passing.
    hidden: dict[str, int] = field(default_factory=dict)
    unused_waivers: list[dict[str, Any]] = field(default_factory=list)
    operations: list[OperationRef] = field(default_factory=list)

    def failed(self) -> bool:
        """True when a non-waived change (shown or hidden) is at or above `fail_on`."""
        if self.fail_on is None:
            return False
        if any(change.level >= self.fail_on for change in self.changes):
            return True
        return any(count and Level.parse(label) >= self.fail_on for label, count in self.hidden.items())

    def summary(self) -> dict[str, int]:
        counts = {lvl.label: 0 for lvl in sorted(Level, reverse=True)}
        for change in self.changes:
            counts[change.level.label] += 1
        counts["waived"] = len(self.waived)
        return counts
