"""`execute(RunConfig) -> RunResult`: everything between parsed options and the result model."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import platform
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import hypothesis
import schemathesis

from contracts._checks._applicability import MODES, zuora_checks_not_applied
from contracts._engine._auth import make_auth
from contracts._engine._baseline import apply_baseline, load_baseline
from contracts._engine._errors import ContractsError, TargetUnreachable
from contracts._engine._generate import PHASES
from contracts._engine._http import Budget, HttpContext
from contracts._engine._runner import Progress, Runner, RunOptions, _reachable
from contracts._engine._secrets import SecretRegistry
from contracts._engine._select import Selection
from contracts._engine._target import make_target
from contracts._results import RunHeader, RunResult
from contracts._version import version
from specdiff import LoadedSpec, UsageError

TOOL_VERSION = version()


@dataclass
class RunConfig:
    """Everything a run needs, already parsed and validated by the CLI (or the pytest plugin)."""

    spec: LoadedSpec
    base_url: str
    embedded: bool = False
    selection: Selection = field(default_factory=Selection)
    phases: tuple[str, ...] = PHASES
    max_examples: int = 3
    seed: int = 0
    workers: int = 1
    max_requests: int | None = None
    max_time: float | None = None
    zuora_version: str | None = None
    entity_id: str | None = None
    auth: str | None = None
    token_url: str | None = None
    read_only: bool = False
    allow_production: bool = False
    baseline: str | None = None
    command: str = "contracts run"
    timeout: float = 30.0
    zuora_checks: str = "auto"  # auto | on | off: see contracts/_checks/_applicability.py
    credentials: dict[str, str] | None = None  # overrides the environment (embedded sandbox)
    secrets: SecretRegistry = field(default_factory=SecretRegistry)
    on_request: Callable[[Any], None] | None = None
    sleep: Callable[[float], Any] | None = None  # embedded sandbox: advance its clock instead


def spec_sha256(spec: LoadedSpec) -> str:
    data = spec.text.encode() if spec.text else json.dumps(spec.document, sort_keys=True).encode()
    return hashlib.sha256(data).hexdigest()


def build_schema(spec: LoadedSpec, base_url: str) -> Any:
    try:
        schema = schemathesis.openapi.from_dict(spec.document)
    except Exception as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ContractsError(f"{spec.source}: schemathesis cannot use this spec: {first}") from None
    schema.config.update(base_url=base_url)
    return schema


def header_for(config: RunConfig, target: Any) -> RunHeader:
    """The run header for a config and its (guarded) target."""
    return RunHeader(
        spec_source=config.spec.source,
        spec_title=config.spec.title,
        spec_version=config.spec.version,
        spec_sha256=spec_sha256(config.spec),
        base_url=target.base_url,
        environment=target.environment,
        zuora_version=config.zuora_version,
        seed=config.seed,
        command=config.secrets.mask(config.command),
        tool_versions={
            "specpact": TOOL_VERSION,
            "schemathesis": schemathesis.__version__,
            "hypothesis": hypothesis.__version__,
            "python": platform.python_version(),
        },
        started_at=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        phases=list(config.phases),
        max_examples=config.max_examples,
    )


def execute(config: RunConfig, progress: Progress | None = None) -> RunResult:
    unknown = [p for p in config.phases if p not in PHASES]
    if unknown:
        raise UsageError(f"--phases: unknown phase {unknown[0]!r}; choose from {', '.join(PHASES)}")
    if config.max_examples < 1:
        raise UsageError(f"--max-examples={config.max_examples}: must be at least 1")
    target = make_target(
        config.base_url, allow_production=config.allow_production, read_only=config.read_only, embedded=config.embedded
    )
    baseline_entries = load_baseline(config.baseline) if config.baseline else None
    if not _reachable(target.base_url):
        raise TargetUnreachable(f"--base-url={target.base_url!r}: nothing answers there (connection refused or timed out)")
    auth = make_auth(config.auth, target.base_url, config.secrets, token_url=config.token_url, credentials=config.credentials, timeout=config.timeout)
    auth.header()  # fail fast (exit 2) when the credentials are refused
    schema = build_schema(config.spec, target.base_url)
    header = header_for(config, target)
    result = RunResult(header=header)
    http = HttpContext(
        target=target,
        budget=Budget(max_requests=config.max_requests, max_time=config.max_time),
        auth=auth,
        zuora_version=config.zuora_version,
        entity_id=config.entity_id,
        timeout=config.timeout,
        on_request=config.on_request,
    )
    if config.sleep is not None:
        http.sleep = config.sleep
    if config.zuora_checks not in MODES:
        raise UsageError(f"--zuora-checks={config.zuora_checks!r}: choose from {', '.join(MODES)}")
    not_applied, why = zuora_checks_not_applied(config.spec.document, config.zuora_checks, target.environment)
    result.zuora_checks = {"mode": config.zuora_checks, "notApplied": sorted(not_applied), "reason": why}
    options = RunOptions(
        phases=config.phases,
        max_examples=config.max_examples,
        seed=config.seed,
        workers=config.workers,
        not_applied=frozenset(not_applied),
    )
    Runner(schema, result, http, options, config.secrets, progress).run(config.selection)
    if baseline_entries is not None and config.baseline:
        apply_baseline(result, config.baseline, baseline_entries)
    return result
