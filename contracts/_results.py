"""The result model of a conformance run: what the engine records and every writer consumes.

Writers (JSON, JUnit, HTML, markdown) take a `RunResult` (or its JSON form) only, never CLI
state. The JSON form is versioned (`RESULT_SCHEMA_VERSION`) and described by
`contracts/schemas/conformance-result.schema.json`; see docs/result-formats.md.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

RESULT_SCHEMA_VERSION = "1.0"
UNTAGGED = "(untagged)"


@dataclass
class CheckTally:
    """How often one check held, failed, or did not apply (N/A never counts as passed)."""

    passed: int = 0
    failed: int = 0
    na: int = 0

    def to_json(self) -> dict[str, int]:
        return {"passed": self.passed, "failed": self.failed, "na": self.na}


@dataclass
class FailureRecord:
    """One distinct nonconformance (deduplicated per operation by check + fingerprint)."""

    check: str
    title: str
    message: str
    fingerprint: str
    status: int | None = None
    schema_path: str | None = None
    expected: str | None = None
    actual: str | None = None
    response_excerpt: str = ""
    curl: str = ""
    track_id: str | None = None
    phase: str | None = None
    mode: str | None = None
    occurrences: int = 1
    baselined: bool = False
    baseline_reason: str | None = None
    baseline_expires: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "title": self.title,
            "message": self.message,
            "schemaPath": self.schema_path,
            "expected": self.expected,
            "actual": self.actual,
            "status": self.status,
            "responseExcerpt": self.response_excerpt,
            "curl": self.curl,
            "trackId": self.track_id,
            "fingerprint": self.fingerprint,
            "baselined": self.baselined,
            "baselineReason": self.baseline_reason,
            "baselineExpires": self.baseline_expires,
            "phase": self.phase,
            "mode": self.mode,
            "occurrences": self.occurrences,
        }


@dataclass
class OperationResult:
    """Everything measured for one operation. Thread-safe to record into (one lock each)."""

    method: str
    path: str
    operation_id: str
    tags: list[str]
    documented_codes: list[str]
    skip_reason: str | None = None
    error: str | None = None
    checks: dict[str, CheckTally] = field(default_factory=dict)
    requests: int = 0
    response_codes: Counter[str] = field(default_factory=Counter)
    failures: list[FailureRecord] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def status(self) -> str:
        if self.skip_reason is not None:
            return "skipped"
        if any(not f.baselined for f in self.failures):
            return "failed"
        if self.error is not None:
            return "errored"
        if self.requests == 0:
            return "skipped"
        return "passed"

    def record_response(self, status_code: int) -> None:
        with self._lock:
            self.requests += 1
            self.response_codes[str(status_code)] += 1

    def record_check(self, name: str, outcome: str) -> None:
        """`outcome` is "passed", "failed" or "na"."""
        with self._lock:
            tally = self.checks.setdefault(name, CheckTally())
            setattr(tally, outcome, getattr(tally, outcome) + 1)

    def add_failure(self, failure: FailureRecord) -> bool:
        """Keep the first of each (check, fingerprint); later ones only count. True if new."""
        with self._lock:
            for known in self.failures:
                if known.check == failure.check and known.fingerprint == failure.fingerprint:
                    known.occurrences += 1
                    return False
            self.failures.append(failure)
            return True

    def to_json(self) -> dict[str, Any]:
        skip = self.skip_reason
        if skip is None and self.status == "skipped":
            skip = "no data"
        return {
            "operationId": self.operation_id,
            "method": self.method,
            "path": self.path,
            "tags": list(self.tags),
            "status": self.status,
            "skipReason": skip,
            "error": self.error,
            "checks": {name: tally.to_json() for name, tally in sorted(self.checks.items())},
            "requests": self.requests,
            "responseCodes": dict(sorted(self.response_codes.items())),
            "documentedCodes": list(self.documented_codes),
            "failures": [f.to_json() for f in self.failures],
        }


@dataclass
class RunHeader:
    """The run header: what was tested, where, with which settings and tools."""

    spec_source: str
    spec_title: str
    spec_version: str
    spec_sha256: str
    base_url: str
    environment: str  # embedded-sandbox | sandbox | production | other
    zuora_version: str | None
    seed: int
    command: str
    tool_versions: dict[str, str]
    started_at: str
    phases: list[str] = field(default_factory=list)
    max_examples: int = 0


@dataclass
class RunResult:
    """A whole run: header, operations (grouped by tag on output), warnings, baseline notes."""

    header: RunHeader
    operations: list[OperationResult] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    duration_seconds: float = 0.0
    partial: bool = False
    partial_reason: str | None = None
    baseline_file: str | None = None
    expired_baseline: list[dict[str, Any]] = field(default_factory=list)
    unused_baseline: list[dict[str, Any]] = field(default_factory=list)  # matched no failure
    baseline_invalid: list[dict[str, Any]] = field(default_factory=list)  # unknown check or operation
    flows: list[dict[str, Any]] = field(default_factory=list)
    faults_injected: dict[str, Any] | None = None
    requests_sent: int | None = None  # every request, including check replays and retries
    zuora_checks: dict[str, Any] | None = None  # mode, notApplied, reason

    def failures(self, *, include_baselined: bool = False) -> list[FailureRecord]:
        return [
            f for op in self.operations for f in op.failures if include_baselined or not f.baselined
        ]

    @property
    def requests(self) -> int:
        if self.requests_sent is not None:
            return self.requests_sent
        return sum(op.requests for op in self.operations)

    def summary(self) -> dict[str, Any]:
        statuses = Counter(op.status for op in self.operations)
        checks = CheckTally()
        for op in self.operations:
            for tally in op.checks.values():
                checks.passed += tally.passed
                checks.failed += tally.failed
                checks.na += tally.na
        total = len(self.operations)
        tested = total - statuses["skipped"]
        excluded = sum(
            1 for op in self.operations if op.skip_reason is not None and op.skip_reason != "no data"
        )
        return {
            "operations": {
                "total": total,
                "tested": tested,
                "passed": statuses["passed"],
                "failed": statuses["failed"],
                "errored": statuses["errored"],
                "skipped": statuses["skipped"],
            },
            "checks": checks.to_json(),
            "requests": self.requests,
            "failures": len(self.failures()),
            "baselined": len(self.failures(include_baselined=True)) - len(self.failures()),
            # Share of all operations that passed; the best the spec allows excludes operations
            # this run was told (or forced by safety) not to send.
            "score": round(statuses["passed"] / total, 4) if total else 0.0,
            "bestScore": round((total - excluded) / total, 4) if total else 0.0,
        }

    def tags_json(self) -> list[dict[str, Any]]:
        by_tag: dict[str, list[OperationResult]] = {}
        for op in self.operations:
            for tag in op.tags or [UNTAGGED]:
                by_tag.setdefault(tag, []).append(op)
        out = []
        for name in sorted(by_tag):
            ops = sorted(by_tag[name], key=lambda o: (o.path, o.method))
            counts = Counter(o.status for o in ops)
            out.append(
                {
                    "name": name,
                    "counts": {s: counts[s] for s in ("passed", "failed", "errored", "skipped")},
                    "operations": [o.to_json() for o in ops],
                }
            )
        return out

    def to_json(self) -> dict[str, Any]:
        h = self.header
        return {
            "schemaVersion": RESULT_SCHEMA_VERSION,
            "kind": "conformance",
            "run": {
                "spec": {
                    "source": h.spec_source,
                    "title": h.spec_title,
                    "version": h.spec_version,
                    "sha256": h.spec_sha256,
                },
                "target": {"baseUrl": h.base_url, "environment": h.environment},
                "zuoraVersion": h.zuora_version,
                "seed": h.seed,
                "command": h.command,
                "toolVersions": dict(h.tool_versions),
                "startedAt": h.started_at,
                "durationSeconds": round(self.duration_seconds, 3),
                "partial": self.partial,
                "partialReason": self.partial_reason,
                "phases": list(h.phases),
                "maxExamples": h.max_examples,
                **({"zuoraChecks": self.zuora_checks} if self.zuora_checks is not None else {}),
            },
            "summary": self.summary(),
            "warnings": list(self.warnings),
            "tags": self.tags_json(),
            "flows": list(self.flows),
            "baseline": {
                "file": self.baseline_file,
                "expired": list(self.expired_baseline),
                "unused": list(self.unused_baseline),
                "invalid": list(self.baseline_invalid),
            },
            "faultsInjected": self.faults_injected,
        }
