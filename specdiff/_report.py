"""From engine output to the result model: severity overrides, waivers, level filter; and JSON.

`build_report` is pure (changes + config -> DiffReport); `diff_report` runs the engine first.
`to_json` is the one serialisation of a report (docs/result-formats.md,
specdiff/schemas/specdiff-result.schema.json): every other format may be derived from it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Sequence
from typing import Any

from specdiff._config import Config, Waiver
from specdiff._load import LoadedSpec
from specdiff._model import (
    RESULT_SCHEMA_VERSION,
    Change,
    DiffReport,
    Level,
    OperationRef,
    SpecRef,
    WaivedChange,
)
from specdiff._version import version

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def tool_version() -> str:
    return version()


def spec_ref(spec: LoadedSpec) -> SpecRef:
    return SpecRef(source=spec.source, title=spec.title, version=spec.version, spec_version=spec.original_version)


def operations_of(*specs: LoadedSpec) -> list[OperationRef]:
    """Every operation in any of `specs` (first seen wins for operationId/tags), sorted by path."""
    found: dict[str, OperationRef] = {}
    for spec in specs:
        paths = spec.document.get("paths")
        if not isinstance(paths, dict):
            continue
        for path, item in paths.items():
            if not isinstance(item, dict):
                continue
            for method in HTTP_METHODS:
                op = item.get(method)
                if not isinstance(op, dict):
                    continue
                key = f"{method.upper()} {path}"
                if key in found:
                    continue
                raw_tags = op.get("tags")
                tags = raw_tags if isinstance(raw_tags, list) else []
                found[key] = OperationRef(key, str(op.get("operationId") or ""), tuple(str(t) for t in tags))
    return sorted(found.values(), key=lambda o: (o.operation.split(" ", 1)[1], o.operation))


def _sort_key(change: Change) -> tuple[str, str, int, str, str, str]:
    return (change.path, change.method, -int(change.level), change.id, change.message, change.fingerprint)


def build_report(
    base: SpecRef,
    revision: SpecRef,
    changes: Sequence[Change],
    config: Config,
    *,
    today: dt.date | None = None,
    operations: Sequence[OperationRef] = (),
    duration_seconds: float = 0.0,
) -> DiffReport:
    """Apply overrides, then waivers, then the level filter. Pure: no I/O, no clock but `today`."""
    today = today or dt.date.today()
    active = [w for w in config.waivers if not w.is_expired(today)]
    expired = [w for w in config.waivers if w.is_expired(today)]
    used: dict[int, int] = {}
    shown: list[Change] = []
    waived: list[WaivedChange] = []
    hidden = {lvl.label: 0 for lvl in sorted(Level, reverse=True)}
    for raw in changes:
        level = config.level_for(raw.id, raw.level)
        if level is None:
            continue
        change = raw if level == raw.level else dataclasses.replace(raw, level=level)
        waiver = _first_match(active, change)
        for w in expired:
            if w.matches(change):
                used[id(w)] = used.get(id(w), 0) + 1
        if waiver is not None:
            used[id(waiver)] = used.get(id(waiver), 0) + 1
            expires = waiver.expires.isoformat() if waiver.expires else None
            waived.append(WaivedChange(change, waiver.reason, expires))
        elif change.level >= config.min_level:
            shown.append(change)
        else:
            hidden[change.level.label] += 1
    shown.sort(key=_sort_key)
    waived.sort(key=lambda w: _sort_key(w.change))
    return DiffReport(
        base=base,
        revision=revision,
        changes=shown,
        waived=waived,
        expired_waivers=[{**w.to_json(), "matched": used.get(id(w), 0)} for w in expired],
        unused_waivers=[w.to_json() for w in active if not used.get(id(w))],
        min_level=config.min_level,
        fail_on=config.fail_on,
        tool_version=tool_version(),
        generated_at=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        duration_seconds=round(duration_seconds, 3),
        hidden={k: v for k, v in hidden.items() if v},
        operations=list(operations),
    )


def _first_match(waivers: Sequence[Waiver], change: Change) -> Waiver | None:
    return next((w for w in waivers if w.matches(change)), None)


def diff_report(base: LoadedSpec, revision: LoadedSpec, config: Config, *, today: dt.date | None = None) -> DiffReport:
    """Run the engine on two loaded specs and judge the result under `config`."""
    from specdiff._engine import compare  # the engine is the heavy import; keep --help fast
    from specdiff._rules._context import Options

    started = time.perf_counter()
    options = Options(
        deprecation_days_stable=config.deprecation_days_stable,
        deprecation_days_beta=config.deprecation_days_beta,
        today=today,
    )
    changes = compare(base, revision, options)
    elapsed = time.perf_counter() - started + base.load_seconds + revision.load_seconds
    return build_report(
        spec_ref(base),
        spec_ref(revision),
        changes,
        config,
        today=today,
        operations=operations_of(base, revision),
        duration_seconds=elapsed,
    )


def change_to_json(change: Change) -> dict[str, Any]:
    return {
        "id": change.id,
        "level": change.level.label,
        "operation": change.operation,
        "operationId": change.operation_id,
        "tags": list(change.tags),
        "message": change.message,
        "why": change.why,
        "direction": change.direction.value,
        "fingerprint": change.fingerprint,
        "component": change.component,
        "base": change.base.to_json() if change.base else None,
        "revision": change.revision.to_json() if change.revision else None,
        "details": _jsonable(change.details),
    }


def _jsonable(value: Any) -> Any:
    """Details come from rules and may hold tuples or sets; JSON wants lists and str keys."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((_jsonable(v) for v in value), key=str)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _spec_json(ref: SpecRef) -> dict[str, Any]:
    return {"source": ref.source, "title": ref.title, "version": ref.version, "specVersion": ref.spec_version}


def to_json(report: DiffReport) -> dict[str, Any]:
    """The versioned JSON document (docs/result-formats.md)."""
    return {
        "schemaVersion": RESULT_SCHEMA_VERSION,
        "kind": "specdiff",
        "tool": {"name": "specdiff", "version": report.tool_version},
        "generatedAt": report.generated_at,
        "durationSeconds": report.duration_seconds,
        "base": _spec_json(report.base),
        "revision": _spec_json(report.revision),
        "config": {
            "minLevel": report.min_level.label,
            "failOn": report.fail_on.label if report.fail_on is not None else "never",
        },
        "summary": report.summary(),
        "failed": report.failed(),
        "hiddenBelowMinLevel": dict(report.hidden),
        "operationsCompared": len(report.operations),
        "changes": [change_to_json(c) for c in report.changes],
        "waived": [
            {**change_to_json(w.change), "waiver": {"reason": w.waiver_reason, "expires": w.waiver_expires}}
            for w in report.waived
        ],
        "expiredWaivers": list(report.expired_waivers),
        "unusedWaivers": list(report.unused_waivers),
    }
