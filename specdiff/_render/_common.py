"""Grouping shared by the human formats: fold identical changes, group by tag/operation/component.

Folding is what makes a 300-operation header swap readable: the same rule with the same message
in many operations is one line with the list of operations, not 300 lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from specdiff._model import Change, DiffReport, Level

UNTAGGED = "(untagged)"
SPEC_WIDE = "(spec-wide)"


@dataclass
class Fold:
    """One change (same rule, level and message) found in several operations."""

    id: str
    level: Level
    message: str
    why: str
    changes: list[Change] = field(default_factory=list)
    component: str | None = None

    @property
    def operations(self) -> list[str]:
        seen = dict.fromkeys(c.operation or SPEC_WIDE for c in self.changes)
        return list(seen)


def op_sort_key(operation: str) -> tuple[str, str]:
    method, _, path = operation.partition(" ")
    return (path, method)


def fold(changes: Iterable[Change], min_operations: int) -> tuple[list[Fold], list[Change]]:
    """Split into folds (same id/level/message in >= `min_operations` operations) and the rest."""
    groups: dict[tuple[str, Level, str], Fold] = {}
    for change in changes:
        key = (change.id, change.level, change.message)
        if key not in groups:
            groups[key] = Fold(change.id, change.level, change.message, change.why)
        groups[key].changes.append(change)
    folds: list[Fold] = []
    rest: list[Change] = []
    for group in groups.values():
        if min_operations > 0 and len(group.operations) >= min_operations:
            folds.append(group)
        else:
            rest.extend(group.changes)
    folds.sort(key=lambda f: (-int(f.level), -len(f.operations), f.id, f.message))
    return folds, rest


def by_operation(changes: Iterable[Change]) -> list[tuple[str, list[Change]]]:
    """Operation -> its changes, spec-wide first, then by path and method."""
    groups: dict[str, list[Change]] = {}
    for change in changes:
        groups.setdefault(change.operation or SPEC_WIDE, []).append(change)
    for items in groups.values():
        items.sort(key=lambda c: (-int(c.level), c.id, c.message))
    return sorted(groups.items(), key=lambda kv: (kv[0] != SPEC_WIDE, op_sort_key(kv[0])))


def first_tag(change: Change) -> str:
    if not change.operation:
        return SPEC_WIDE
    return change.tags[0] if change.tags else UNTAGGED


def by_tag(changes: Iterable[Change]) -> list[tuple[str, list[tuple[str, list[Change]]]]]:
    """Tag -> operation -> changes. An operation sits under its first tag only, never twice."""
    tags: dict[str, list[Change]] = {}
    for change in changes:
        tags.setdefault(first_tag(change), []).append(change)

    def order(tag: str) -> tuple[int, str]:
        return (0 if tag == SPEC_WIDE else 2 if tag == UNTAGGED else 1, tag.lower())

    return [(tag, by_operation(tags[tag])) for tag in sorted(tags, key=order)]


def by_component(changes: Iterable[Change]) -> tuple[list[Fold], list[Change]]:
    """Changes found in a shared component, once per (component, rule, place), with operations.

    The place is the JSON pointer inside the component, not the message: the same property is
    `items/x` under one operation and `x` under another. The shortest message is shown.
    """
    groups: dict[tuple[str, str, Level, str, str], Fold] = {}
    rest: list[Change] = []
    for change in changes:
        if not change.component:
            rest.append(change)
            continue
        key = (
            change.component,
            change.id,
            change.level,
            change.base.pointer if change.base else "",
            change.revision.pointer if change.revision else "",
        )
        if not key[3] and not key[4]:
            key = (*key[:3], change.message, "")
        if key not in groups:
            groups[key] = Fold(change.id, change.level, change.message, change.why, component=change.component)
        group = groups[key]
        group.changes.append(change)
        if len(change.message) < len(group.message):
            group.message = change.message
    folds = sorted(groups.values(), key=lambda f: (f.component or "", -int(f.level), f.id, f.message))
    return folds, rest


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary_line(report: DiffReport) -> str:
    """`3 errors, 1 warning, 0 info · 40 info hidden (--level info) · 1 waived · FAIL (...)`."""
    counts = report.summary()
    parts = [f"{plural(counts['error'], 'error')}, {plural(counts['warning'], 'warning')}, {counts['info']} info"]
    hidden = sum(report.hidden.values())
    if hidden:
        labels = ", ".join(f"{n} {lvl}" for lvl, n in report.hidden.items())
        parts.append(f"{labels} hidden (--level {min(report.hidden, key=Level.parse)} shows them)")
    if report.waived:
        parts.append(f"{len(report.waived)} waived")
    if report.expired_waivers:
        parts.append(plural(len(report.expired_waivers), "expired waiver"))
    if report.fail_on is None:
        parts.append("never fails (--fail-on never)")
    elif report.failed():
        parts.append(f"FAIL: changes at or above {report.fail_on.label}")
    else:
        parts.append(f"pass: nothing at or above {report.fail_on.label}")
    return " · ".join(parts)


def where(change: Change) -> str:
    """file:line of the change (revision side, else base), or ''."""
    for loc in (change.revision, change.base):
        if loc is not None and loc.file:
            return f"{loc.file}:{loc.line}" if loc.line else loc.file
    return ""


def shorten_list(items: Sequence[str], limit: int) -> str:
    if len(items) <= limit:
        return ", ".join(items)
    return ", ".join(items[:limit]) + f", … (+{len(items) - limit} more)"
