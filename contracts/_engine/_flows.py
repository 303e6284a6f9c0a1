"""Stateful flows: hand-written multi-step scenarios for Zuora's seed endpoints.

Each flow runs when the spec has its operations; every step goes through the same guarded call
and checks as any case, and the flow adds its own expectation (a job reaches Completed; a
canceled bill run reads as Canceled and refuses a second cancel). Outcomes land in
`RunResult.flows`; a broken expectation is a failure on the operation that broke it.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from schemathesis import GenerationMode

from contracts._engine._generate import draw, op_seed
from contracts._engine._types import AnyCase, Operation
from contracts._results import FailureRecord, OperationResult

if TYPE_CHECKING:
    from contracts._engine._runner import Runner

DELETION_JOBS = "/v1/accounts/billing-documents/files/deletion-jobs"
POLL_TIMEOUT = 15.0


class FlowFailed(Exception):
    def __init__(self, op: OperationResult, title: str, message: str, response: Any = None) -> None:
        super().__init__(title)
        self.op, self.title, self.message, self.response = op, title, message, response


def _find(runner: Runner, method: str, path: str) -> tuple[Operation, OperationResult] | None:
    for op, _ in runner.all_operations:
        if op is None:
            continue
        if op.method.upper() == method and op.path == path:
            for result in runner.result.operations:
                if result.method == method and result.path == path:
                    if result.skip_reason is not None:
                        return None
                    return op, result
    return None


def _json(response: Any) -> Any:
    try:
        return response.json()
    except Exception:
        return None


def _valid_case(runner: Runner, op: Operation, **overrides: Any) -> AnyCase:
    strategy = op.as_strategy(generation_mode=GenerationMode.POSITIVE, **overrides)
    cases: list[AnyCase] = draw(strategy, 1, op_seed(runner.options.seed, op.label, "stateful"))
    if not cases:
        raise LookupError(f"cannot generate a valid request for {op.label}")
    return cases[0]


def _step(runner: Runner, found: tuple[Operation, OperationResult], case: AnyCase) -> Any:
    op, result = found
    response = runner.call_and_check(op, result, "stateful", case)
    if response is None:
        raise FlowFailed(result, "Flow step not sent", f"{op.label} could not be sent")
    return response


def _ok(response: Any) -> bool:
    body = _json(response)
    return 200 <= response.status_code < 300 and not (isinstance(body, dict) and body.get("success") is False)


def deletion_job_flow(runner: Runner) -> str | None:
    create = _find(runner, "POST", DELETION_JOBS)
    poll = _find(runner, "GET", DELETION_JOBS + "/{jobId}")
    if create is None or poll is None:
        return "spec lacks the deletion-job operations"
    case = create[0].Case(body={"accountIds": ["specpact-flow-account"]}, media_type="application/json")
    response = _step(runner, create, case)
    body = _json(response)
    if not _ok(response) or not isinstance(body, dict) or not body.get("id"):
        raise FlowFailed(create[1], "Deletion job not created", f"Received: {response.status_code} {str(body)[:200]}\nDocumented: {{id, status: Pending, success: true}}", response)
    if body.get("status") != "Pending":
        raise FlowFailed(create[1], "New deletion job is not Pending", f"Received: status {body.get('status')!r}\nDocumented: Pending", response)
    order = ["Pending", "Processing", "Completed"]
    last = "Pending"
    deadline = time.monotonic() + POLL_TIMEOUT
    delay = 0.1
    while True:
        response = _step(runner, poll, poll[0].Case(path_parameters={"jobId": body["id"]}))
        got = _json(response)
        status = got.get("status") if isinstance(got, dict) else None
        if status not in order or order.index(status) < order.index(last):
            raise FlowFailed(poll[1], "Deletion job status out of order", f"Received: {last} then {status!r}\nDocumented: Pending → Processing → Completed", response)
        last = status
        if status == "Completed":
            return None
        if time.monotonic() > deadline:
            raise FlowFailed(poll[1], "Deletion job never completed", f"Received: still {status} after {POLL_TIMEOUT:g}s\nDocumented: reaches Completed", response)
        runner.http.budget.check()
        runner.http.sleep(delay)  # the embedded sandbox advances its clock instead of waiting
        delay = min(delay * 2, 2.0)


def bill_run_flow(runner: Runner) -> str | None:
    create = _find(runner, "POST", "/v1/bill-runs")
    cancel = _find(runner, "PUT", "/v1/bill-runs/{billRunId}/cancel")
    read = _find(runner, "GET", "/v1/bill-runs/{billRunId}")
    if create is None or cancel is None or read is None:
        return "spec lacks the bill-run create / cancel / get operations"
    response = _step(runner, create, _valid_case(runner, create[0]))
    body = _json(response)
    run_id = body.get("id") if isinstance(body, dict) else None
    if not _ok(response) or not run_id:
        raise FlowFailed(create[1], "Bill run not created", f"Received: {response.status_code} {str(body)[:200]}\nDocumented: a bill run with an id", response)
    cancel_case = cancel[0].Case(path_parameters={"billRunId": run_id}, body={"cancelOnce": True}, media_type="application/json")
    response = _step(runner, cancel, cancel_case)
    if not _ok(response):
        raise FlowFailed(cancel[1], "Draft bill run not canceled", f"Received: {response.status_code} {str(_json(response))[:200]}\nDocumented: a Draft bill run can be canceled", response)
    response = _step(runner, read, read[0].Case(path_parameters={"billRunId": run_id}))
    got = _json(response)
    if not isinstance(got, dict) or got.get("status") != "Canceled":
        raise FlowFailed(read[1], "Canceled bill run does not read as Canceled", f"Received: status {got.get('status') if isinstance(got, dict) else got!r}\nDocumented: Canceled", response)
    response = _step(runner, cancel, cancel[0].Case(path_parameters={"billRunId": run_id}, body={"cancelOnce": True}, media_type="application/json"))
    if _ok(response):
        raise FlowFailed(cancel[1], "Second cancel accepted", f"Received: {response.status_code} success\nDocumented: only a Draft bill run can be canceled", response)
    return None


FLOWS: dict[str, Callable[[Runner], str | None]] = {
    "deletion-job-completes": deletion_job_flow,
    "bill-run-cancel": bill_run_flow,
}


def _track_id(response: Any) -> str | None:
    request = getattr(response, "request", None)
    value = getattr(request, "headers", {}).get("Zuora-Track-Id") if request is not None else None
    return str(value) if value else None


def run_flows(runner: Runner) -> None:
    for name, flow in FLOWS.items():
        runner.http.budget.check()
        entry: dict[str, Any] = {"name": name, "status": "passed", "message": None}
        try:
            skipped = flow(runner)
            if skipped is not None:
                entry.update(status="skipped", message=skipped)
        except FlowFailed as failed:
            entry.update(status="failed", message=f"{failed.title}: {runner.secrets.mask(failed.message)}")
            record = FailureRecord(
                check=f"stateful:{name}",
                title=failed.title,
                message=runner.secrets.mask(failed.message),
                fingerprint=hashlib.sha256(f"flow|{name}|{failed.title}".encode()).hexdigest()[:20],
                status=getattr(failed.response, "status_code", None),
                curl=runner._curl(getattr(failed.response, "request", None)),
                track_id=_track_id(failed.response),
                phase="stateful",
            )
            failed.op.record_check(f"stateful:{name}", "failed")
            failed.op.add_failure(record)
        except LookupError as exc:
            entry.update(status="skipped", message=str(exc))
        runner.result.flows.append(entry)
