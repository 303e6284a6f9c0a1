"""Known failures: a baseline file lists failures that must not fail the run but stay visible.

Format (JSON or YAML)::

    {"knownFailures": [{"operation": "GET /v1/bill-runs/{billRunId}", "check": "response_schema_conformance",
                        "fingerprint": "3f2a…", "reason": "ZUORA-1234", "expires": "2027-01-31"}]}

`fingerprint` may be omitted (any failure of that check on that operation). An entry past its
`expires` date no longer applies and is listed under `baseline.expired` in the report.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import yaml

from contracts._engine._errors import ContractsError
from contracts._results import RunResult


def load_baseline(path: str) -> list[dict[str, Any]]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ContractsError(f"--baseline={path!r}: cannot read ({exc.strerror})") from None
    try:
        data = json.loads(text) if text.lstrip().startswith(("{", "[")) else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise ContractsError(f"--baseline={path!r}: not valid JSON/YAML ({str(exc).splitlines()[0]})") from None
    entries = data.get("knownFailures") if isinstance(data, dict) else data
    if not isinstance(entries, list) or not all(isinstance(e, dict) and e.get("operation") and e.get("check") for e in entries):
        raise ContractsError(f"--baseline={path!r}: expected {{\"knownFailures\": [{{operation, check, fingerprint?, reason, expires?}}]}}")
    out: list[dict[str, Any]] = []
    for entry in entries:
        clean = {str(k): _plain(v) for k, v in entry.items()}
        expires = clean.get("expires")
        if expires not in (None, ""):
            try:
                dt.date.fromisoformat(str(expires)[:10])
            except ValueError:
                raise ContractsError(
                    f"--baseline={path!r}: {clean['operation']} / {clean['check']}: expires={expires!r} is not a date (YYYY-MM-DD)"
                ) from None
        out.append(clean)
    return out


def _plain(value: Any) -> Any:
    """YAML turns an unquoted `2027-01-31` into a date: keep every value JSON-serialisable."""
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _expired(entry: dict[str, Any], today: dt.date) -> bool:
    expires = entry.get("expires")
    if not expires:
        return False
    try:
        return dt.date.fromisoformat(str(expires)[:10]) < today
    except ValueError:
        return True


ENGINE_CHECKS = frozenset({"network_error", "ensure_resource_availability", "use_after_free"})


def known_checks() -> set[str]:
    """Every check name a failure can carry (registered checks, engine checks, stateful flows)."""
    from contracts._checks._registry import CHECKS
    from contracts._engine._flows import FLOWS

    return set(CHECKS) | ENGINE_CHECKS | {f"stateful:{name}" for name in FLOWS}


def _key(entry: dict[str, Any]) -> tuple[str, str]:
    method, _, path = str(entry["operation"]).strip().partition(" ")
    return method.upper(), path.strip()


def apply_baseline(result: RunResult, path: str, entries: list[dict[str, Any]], today: dt.date | None = None) -> None:
    """Mark matching failures baselined; list expired, invalid (unknown check or operation) and
    unused entries in the result and as warnings, so a stale baseline does not rot silently."""
    today = today or dt.date.today()
    result.baseline_file = path
    checks = known_checks()
    labels = {(op.method, op.path) for op in result.operations}
    active: list[dict[str, Any]] = []
    for entry in entries:
        summary = {k: entry.get(k) for k in ("operation", "check", "fingerprint", "reason", "expires")}
        problems = []
        if str(entry["check"]) not in checks:
            problems.append(f"unknown check {entry['check']!r}")
        if _key(entry) not in labels:
            problems.append(f"operation {entry['operation']!r} is not in the spec")
        if problems:
            result.baseline_invalid.append({**summary, "problem": "; ".join(problems)})
            result.warnings.append(
                {"code": "baseline-invalid", "message": f"baseline entry {entry['operation']} / {entry['check']}: {'; '.join(problems)}"}
            )
        elif _expired(entry, today):
            result.expired_baseline.append(summary)
        else:
            active.append(entry)
    used: set[int] = set()
    for op in result.operations:
        for failure in op.failures:
            for index, entry in enumerate(active):
                if (
                    _key(entry) == (op.method, op.path)
                    and str(entry["check"]) == failure.check
                    and (not entry.get("fingerprint") or str(entry["fingerprint"]) == failure.fingerprint)
                ):
                    failure.baselined = True
                    failure.baseline_reason = str(entry.get("reason") or "")
                    failure.baseline_expires = str(entry["expires"]) if entry.get("expires") else None
                    used.add(index)
                    break
    for index, entry in enumerate(active):
        if index not in used:
            result.unused_baseline.append({k: entry.get(k) for k in ("operation", "check", "fingerprint", "reason", "expires")})
    if result.unused_baseline:
        result.warnings.append(
            {"code": "baseline-unused", "message": f"{len(result.unused_baseline)} baseline entr{'y' if len(result.unused_baseline) == 1 else 'ies'} matched no failure (fixed? listed under baseline.unused)"}
        )
