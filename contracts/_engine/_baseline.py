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


def apply_baseline(result: RunResult, path: str, entries: list[dict[str, Any]], today: dt.date | None = None) -> None:
    today = today or dt.date.today()
    result.baseline_file = path
    active = []
    for entry in entries:
        if _expired(entry, today):
            result.expired_baseline.append({k: entry.get(k) for k in ("operation", "check", "fingerprint", "reason", "expires")})
        else:
            active.append(entry)
    for op in result.operations:
        for failure in op.failures:
            for entry in active:
                if (
                    str(entry["operation"]).upper().split(" ", 1)[0] == op.method
                    and str(entry["operation"]).split(" ", 1)[-1] == op.path
                    and entry["check"] == failure.check
                    and (not entry.get("fingerprint") or entry["fingerprint"] == failure.fingerprint)
                ):
                    failure.baselined = True
                    failure.baseline_reason = str(entry.get("reason") or "")
                    failure.baseline_expires = str(entry["expires"]) if entry.get("expires") else None
                    break
