"""pytest plugin: write custom contract tests in pytest, get the same checks and the same report.

Opt in with `pytest -p contracts.pytest_plugin` (or `pytest_plugins = ["contracts.pytest_plugin"]`).
Options: `--contracts-spec SPEC` (default: the curated Zuora spec), `--contracts-base-url URL`
(default: an embedded sandbox for the session), `--contracts-auth oauth2|bearer|basic|none`,
`--contracts-zuora-version V`, `--contracts-entity-id ID`, `--contracts-report-dir DIR`.

Fixtures: `sandbox` (the embedded sandbox, or None with --contracts-base-url), `target` (base
URL), `auth` (the credential provider; `.header()`), `zuora_headers` (Zuora-Version,
Zuora-Entity-Ids, a fresh Zuora-Track-Id and Authorization), `contract_schema` (a schemathesis
schema bound to the target), and `contracts`, whose `call(case)` sends a case through the
guarded session, runs every registered check, records it for reports/conformance.json and
junit.xml (written at the end of the session), and fails the test on a nonconformance::

    def test_bill_run_can_be_read(contracts):
        op = contracts.schema["/v1/bill-runs/{billRunId}"]["GET"]
        response = contracts.call(op.Case(path_parameters={"billRunId": "missing"}))
        assert response.status_code == 404
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

_STATE: dict[str, Any] = {}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("contracts", "contract suites (specpact)")
    group.addoption("--contracts-spec", default=None, help="OpenAPI spec (default: the curated Zuora spec)")
    group.addoption("--contracts-base-url", default=None, help="target (default: an embedded sandbox)")
    group.addoption("--contracts-auth", default=None, choices=["oauth2", "bearer", "basic", "none"], help="credentials kind")
    group.addoption("--contracts-zuora-version", default=None, help="send as Zuora-Version")
    group.addoption("--contracts-entity-id", default=None, help="send as Zuora-Entity-Ids")
    group.addoption("--contracts-report-dir", default="reports", help="where conformance.json/junit.xml go")


class ContractSession:
    """One pytest session's contract run: guarded calls, registered checks, one result."""

    def __init__(self, config: Any, schema: Any, runner: Any) -> None:
        self.config = config
        self.schema = schema
        self.runner = runner

    @property
    def result(self) -> Any:
        return self.runner.result

    def _op_result(self, operation: Any) -> Any:
        from contracts._engine._select import describe
        from contracts._results import OperationResult

        for op in self.runner.result.operations:
            if op.method == operation.method.upper() and op.path == operation.path:
                return op
        method, path, op_id, tags, codes = describe(operation)
        op = OperationResult(method, path, op_id, tags, codes)
        self.runner.result.operations.append(op)
        return op

    def call(self, case: Any, *, check: bool = True) -> Any:
        """Send `case`, judge it with every registered check, record it; fail on a new failure."""
        op_result = self._op_result(case.operation)
        before = {(f.check, f.fingerprint, f.occurrences) for f in op_result.failures}
        response = self.runner.call_and_check(case.operation, op_result, "custom", case)
        new = [f for f in op_result.failures if (f.check, f.fingerprint, f.occurrences) not in before]
        if check and new:
            lines = [f"{f.check}: {f.title}\n{f.message}\nReproduce: {f.curl}" for f in new]
            raise AssertionError("contract violated:\n" + "\n\n".join(lines))
        return response


def _load_config(request: pytest.FixtureRequest) -> Any:
    from contracts._engine import RunConfig
    from specdiff import load_spec

    opt = request.config.getoption
    spec_source = opt("--contracts-spec")
    if spec_source is None:
        from contracts.zuora import CURATED_SPEC

        spec_source = str(CURATED_SPEC)
    return RunConfig(
        spec=load_spec(spec_source),
        base_url=opt("--contracts-base-url") or "",
        auth=opt("--contracts-auth"),
        zuora_version=opt("--contracts-zuora-version"),
        entity_id=opt("--contracts-entity-id"),
        command="pytest -p contracts.pytest_plugin",
    )


@pytest.fixture(scope="session")
def sandbox(request: pytest.FixtureRequest) -> Iterator[Any]:
    """The embedded sandbox serving --contracts-spec (None when --contracts-base-url is given)."""
    if request.config.getoption("--contracts-base-url"):
        yield None
        return
    from contracts.sandbox import start_sandbox

    spec = request.config.getoption("--contracts-spec")
    running = start_sandbox(spec, port=0)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def target(request: pytest.FixtureRequest, sandbox: Any) -> str:
    """The base URL under test."""
    return str(request.config.getoption("--contracts-base-url") or sandbox.base_url)


@pytest.fixture(scope="session")
def _contracts_config(request: pytest.FixtureRequest, target: str, sandbox: Any) -> Any:
    config = _load_config(request)
    config.base_url = target
    config.embedded = sandbox is not None
    if sandbox is not None and config.auth is None:
        config.auth = "oauth2"
        config.credentials = {"client_id": sandbox.client_id, "client_secret": sandbox.client_secret}
    return config


@pytest.fixture(scope="session")
def auth(_contracts_config: Any) -> Any:
    """The credential provider of the run (`.header()` gives the Authorization value)."""
    from contracts._engine._auth import make_auth

    c = _contracts_config
    return make_auth(c.auth, c.base_url, c.secrets, token_url=c.token_url, credentials=c.credentials)


@pytest.fixture
def zuora_headers(_contracts_config: Any, auth: Any) -> dict[str, str]:
    """Headers a Zuora client sends: Zuora-Version, Zuora-Entity-Ids, a fresh Track-Id, auth."""
    headers = {"Zuora-Track-Id": f"specpact-{uuid.uuid4().hex}"}
    if _contracts_config.zuora_version:
        headers["Zuora-Version"] = _contracts_config.zuora_version
    if _contracts_config.entity_id:
        headers["Zuora-Entity-Ids"] = _contracts_config.entity_id
    value = auth.header()
    if value:
        headers["Authorization"] = value
    return headers


@pytest.fixture(scope="session")
def contract_schema(_contracts_config: Any) -> Any:
    """A schemathesis schema of --contracts-spec bound to the target."""
    from contracts._engine._api import build_schema

    return build_schema(_contracts_config.spec, _contracts_config.base_url)


@pytest.fixture(scope="session")
def contracts(request: pytest.FixtureRequest, _contracts_config: Any, contract_schema: Any, auth: Any) -> ContractSession:
    """Guarded, checked, recorded calls; the session's report is written when pytest finishes."""
    from contracts._engine._api import RunConfig, header_for
    from contracts._engine._http import Budget, HttpContext
    from contracts._engine._runner import Runner, RunOptions
    from contracts._engine._target import make_target
    from contracts._results import RunResult

    c: RunConfig = _contracts_config
    target = make_target(c.base_url, read_only=c.read_only, allow_production=c.allow_production, embedded=c.embedded)
    http = HttpContext(target=target, budget=Budget(), auth=auth, zuora_version=c.zuora_version, entity_id=c.entity_id)
    result = RunResult(header=header_for(c, target))
    runner = Runner(contract_schema, result, http, RunOptions(phases=("custom",), seed=c.seed), c.secrets)
    session = ContractSession(c, contract_schema, runner)
    _STATE["session"] = session
    _STATE["started"] = time.monotonic()
    _STATE["report_dir"] = Path(request.config.getoption("--contracts-report-dir"))
    return session


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    contract = _STATE.pop("session", None)
    if contract is None:
        return
    from contracts._report import write_reports

    result = contract.result
    result.duration_seconds = time.monotonic() - _STATE.pop("started", time.monotonic())
    result.requests_sent = contract.runner.http.budget.sent
    write_reports(result.to_json(), _STATE.pop("report_dir"), contract.config.secrets.mask)
