"""Fault profiles: deliberate contract violations the sandbox injects, and the log of each one.

A profile is a YAML file (contracts/zuora/faults/<name>.yaml) or a list of `Fault`s. Each fault
names a kind, optionally the operations (operationId or "METHOD /template") and tags it targets,
how often (`every`: each Nth matching request) and how many times at most (`limit`). The sandbox
records every injection it actually made, so a suite's findings can be scored against exactly
what was injected (`GET /__sandbox/injected`, `RunningSandbox.injected()`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from contracts.zuora import FAULTS_DIR
from specdiff import UsageError

# kind -> one line on what it does (the docs table and `--faults help` come from here).
KINDS: dict[str, str] = {
    "wrong_status": "a successful call answers with a documented error status (4XX/500) and the success body",
    "undocumented_status": "a successful call answers with a status the operation does not document",
    "missing_required_property": "a required property is removed from a successful JSON body",
    "wrong_property_type": "a property of a successful JSON body gets a value of another type",
    "extra_property": "an undeclared property is added where the schema says additionalProperties: false",
    "wrong_content_type": "a successful JSON body is sent as text/plain",
    "server_error": "500 with Zuora's error body on some inputs (a stable hash of the request picks them)",
    "success_false": "200 with success: false and reasons[] for a valid request",
    "missing_track_id": "the Zuora-Track-Id request header is not echoed",
    "ignored_auth": "calls without a valid bearer token are served instead of answering 401",
    "slow_response": "the answer is delayed (delay_ms, default 1500)",
    "dropped_connection": "the connection is closed after the headers and part of the body",
    "malformed_json": "a successful body declared application/json is not valid JSON",
}


@dataclass
class Fault:
    """One fault of a profile; targets all operations unless `operations`/`tags` narrow it."""

    kind: str
    operations: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    every: int = 1
    limit: int | None = None
    delay_ms: int = 1500
    one_in: int = 3  # server_error: share of inputs that fail
    _seen: int = field(default=0, init=False, repr=False)
    _count: int = field(default=0, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise UsageError(f"fault kind={self.kind!r} is unknown; choose one of: {', '.join(KINDS)}")
        if self.every < 1 or self.one_in < 1:
            raise UsageError(f"fault {self.kind}: every and one_in must be >= 1")

    def targets(self, operation_id: str, key: str, tags: Iterable[str]) -> bool:
        if not self.operations and not self.tags:
            # Untargeted faults spare the token endpoint: without tokens nothing else is reachable.
            return not key.endswith(" /oauth/token")
        if operation_id in self.operations or key in self.operations:
            return True
        return any(t in self.tags for t in tags)

    def take(self) -> bool:
        """Count a matching request; True when this one gets the fault (every/limit)."""
        self._seen += 1
        if self.limit is not None and self._count >= self.limit:
            return False
        if (self._seen - 1) % self.every:
            return False
        self._count += 1
        return True


@dataclass
class Injection:
    """What the sandbox actually did wrong, for one request."""

    seq: int
    kind: str
    operation_id: str
    method: str
    path: str
    request_id: str
    status: int | None
    detail: str
    at: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "kind": self.kind,
            "operationId": self.operation_id,
            "method": self.method,
            "path": self.path,
            "requestId": self.request_id,
            "status": self.status,
            "detail": self.detail,
            "at": self.at,
        }


class FaultPlan:
    """The active faults and the injection log (thread-safe)."""

    def __init__(self, faults: list[Fault], name: str = "") -> None:
        self.faults = faults
        self.name = name
        self._log: list[Injection] = []
        self._lock = threading.Lock()

    def active(self, kind: str, operation_id: str, key: str, tags: Iterable[str]) -> Fault | None:
        """The first fault of `kind` targeting the operation that fires for this request."""
        with self._lock:
            for fault in self.faults:
                if fault.kind == kind and fault.targets(operation_id, key, tags) and fault.take():
                    return fault
        return None

    def wants(self, kind: str) -> bool:
        return any(f.kind == kind for f in self.faults)

    def record(self, kind: str, operation_id: str, method: str, path: str, request_id: str, status: int | None, detail: str) -> None:
        with self._lock:
            self._log.append(Injection(len(self._log) + 1, kind, operation_id, method, path, request_id, status, detail, time.time()))

    def injected(self) -> list[dict[str, Any]]:
        with self._lock:
            return [i.as_dict() for i in self._log]

    def clear(self) -> None:
        with self._lock:
            self._log.clear()

    def describe(self) -> dict[str, Any]:
        return {
            "profile": self.name,
            "faults": [
                {"kind": f.kind, "operations": f.operations, "tags": f.tags, "every": f.every, "limit": f.limit}
                for f in self.faults
            ],
        }


def available_profiles() -> list[str]:
    return sorted(p.stem for p in FAULTS_DIR.glob("*.yaml"))


def _fault_from(data: Mapping[str, Any], where: str) -> Fault:
    if not isinstance(data, Mapping) or "kind" not in data:
        raise UsageError(f"{where}: each fault needs a `kind`")
    allowed = {"kind", "operations", "tags", "every", "limit", "delay_ms", "one_in"}
    unknown = set(data) - allowed
    if unknown:
        raise UsageError(f"{where}: unknown fault key(s) {sorted(unknown)}; allowed: {sorted(allowed)}")
    return Fault(
        kind=str(data["kind"]),
        operations=[str(x) for x in data.get("operations") or []],
        tags=[str(x) for x in data.get("tags") or []],
        every=int(data.get("every", 1)),
        limit=int(data["limit"]) if data.get("limit") is not None else None,
        delay_ms=int(data.get("delay_ms", 1500)),
        one_in=int(data.get("one_in", 3)),
    )


def load_profile(source: str | Path) -> FaultPlan:
    """A profile by name (contracts/zuora/faults/NAME.yaml) or by path to a YAML file."""
    text = str(source)
    path = Path(text)
    if not path.suffix and not path.exists():
        path = FAULTS_DIR / f"{text}.yaml"
    if not path.is_file():
        raise UsageError(f"faults={text!r} is neither a profile name nor a file; profiles: {', '.join(available_profiles())}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise UsageError(f"faults={text!r}: cannot read the profile ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict) or not isinstance(data.get("faults"), list):
        raise UsageError(f"faults={text!r}: a profile is a mapping with a `faults:` list")
    return FaultPlan([_fault_from(f, str(path)) for f in data["faults"]], name=str(data.get("name") or path.stem))


def make_plan(faults: Any) -> FaultPlan:
    """Accepts None, a profile name/path, a FaultPlan, a Fault, a dict or a list of those."""
    if faults is None:
        return FaultPlan([], name="")
    if isinstance(faults, FaultPlan):
        return faults
    if isinstance(faults, Fault):
        return FaultPlan([faults], name=faults.kind)
    if isinstance(faults, Mapping):
        return FaultPlan([_fault_from(faults, "faults")], name=str(faults.get("kind")))
    if isinstance(faults, str | Path):
        names = [n.strip() for n in str(faults).split(",") if n.strip()] if isinstance(faults, str) else [faults]
        plans = [load_profile(n) for n in names]
        return FaultPlan([f for p in plans for f in p.faults], name=",".join(p.name for p in plans))
    if isinstance(faults, list | tuple):
        out: list[Fault] = []
        for item in faults:
            out.extend(make_plan(item).faults)
        return FaultPlan(out, name="custom")
    raise UsageError(f"faults={faults!r}: give a profile name, a path, a Fault or a list of them")
