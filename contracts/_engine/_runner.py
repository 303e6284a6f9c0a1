"""The engine loop: operations → generated cases → guarded calls → checks → the result model.

One `Runner` per run. Operations run in order (or on `workers` threads, each with its own
session); each case is sent once, every registered check judges the response (or is N/A), and
failures are recorded with a masked curl line and the Zuora-Track-Id. A `StopRun` (budget spent,
Ctrl-C, target died) ends the loop but keeps everything measured; the result is marked partial.
"""

from __future__ import annotations

import hashlib
import json
import shlex
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from schemathesis.checks import CheckContext
from schemathesis.core.parameters import ParameterLocation
from schemathesis.schemas import BaseSchema

from contracts._checks._registry import CHECKS, CallInfo, run_checks
from contracts._checks._zuora import ONCE_PER_OPERATION
from contracts._engine._errors import SafetyRefusal, StopRun
from contracts._engine._generate import PHASES, iter_cases, unsatisfiable_parameter
from contracts._engine._http import GuardedSession, HttpContext
from contracts._engine._links import Producers, follow_links
from contracts._engine._secrets import SecretRegistry
from contracts._engine._select import Selection, describe, raw_operations
from contracts._engine._types import AnyCase, Operation, iter_operations
from contracts._results import FailureRecord, OperationResult, RunResult

EXCERPT_LIMIT = 600
CURL_BODY_LIMIT = 2000
NETWORK_ERRORS = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
)

Progress = Callable[[int, int, int, int], None]  # done, total, failures, requests


@dataclass
class RunOptions:
    phases: tuple[str, ...] = PHASES
    max_examples: int = 3
    seed: int = 0
    workers: int = 1
    not_applied: frozenset[str] = frozenset()  # checks N/A for the whole run (Zuora checks on a plain API)


class Runner:
    """Drives one target with one spec; fills a `RunResult`."""

    def __init__(
        self,
        schema: BaseSchema,
        result: RunResult,
        http: HttpContext,
        options: RunOptions,
        secrets: SecretRegistry,
        progress: Progress | None = None,
    ) -> None:
        self.schema = schema
        self.result = result
        self.http = http
        self.options = options
        self.secrets = secrets
        self.progress = progress
        self._local = threading.local()
        self._done = 0
        self._failures = 0
        self._lock = threading.Lock()
        self.producers = Producers()
        self.all_operations: list[tuple[Operation | None, Exception | None]] = []
        self._hold_last = False
        self.unsatisfiable: list[str] = []  # operations skipped as "no data", with the reason

    # -- sessions -------------------------------------------------------------------------------

    def session(self) -> GuardedSession:
        session = getattr(self._local, "session", None)
        if session is None:
            session = GuardedSession(self.http)
            self._local.session = session
        return session

    # -- main loop ----------------------------------------------------------------------------------

    def run(self, selection: Selection) -> RunResult:
        started = time.monotonic()
        todo: list[tuple[Operation, OperationResult]] = []
        if selection.is_empty() and self.http.target.read_only is False:
            self._select_all(todo)
        else:
            self._select_some(selection, todo)
        total = len(todo)
        # The last progress line must agree with the summary: with a stateful phase still to
        # come, the final "[N/N ops]" line is printed after it, with every request counted.
        self._hold_last = "stateful" in self.options.phases
        try:
            if self.options.workers <= 1:
                for operation, op_result in todo:
                    self._run_operation(operation, op_result)
                    self._tick(total)
            else:
                self._run_parallel(todo, total)
            if "stateful" in self.options.phases:
                from contracts._engine._flows import run_flows

                follow_links(self)
                run_flows(self)
        except StopRun as stop:
            self.result.partial = True
            self.result.partial_reason = stop.reason
        except KeyboardInterrupt as exc:
            reason = str(getattr(exc, "reason", "interrupted (SIGINT)"))
            self.http.budget.stop(reason)
            self.result.partial = True
            self.result.partial_reason = reason
        if self._hold_last and self._done == total:
            self._final_progress(total)
        if self.http.budget.stop_reason and not self.result.partial:
            self.result.partial = True
            self.result.partial_reason = self.http.budget.stop_reason
        self.result.duration_seconds = time.monotonic() - started
        self.result.requests_sent = self.http.budget.sent
        self._add_warnings()
        return self.result

    def _select_all(self, todo: list[tuple[Operation, OperationResult]]) -> None:
        self.all_operations = list(iter_operations(self.schema))
        for operation, err in self.all_operations:
            if operation is None:  # an operation schemathesis cannot use: errored, not fatal
                method = str(getattr(err, "method", "") or "").upper()
                path = str(getattr(err, "path", "") or "")
                message = _first_line(err) if err is not None else "unusable operation"
                self.result.operations.append(OperationResult(method, path, f"{method} {path}", [], [], error=message))
                continue
            method, path, op_id, tags, codes = describe(operation)
            op_result = OperationResult(method, path, op_id, tags, codes)
            self.result.operations.append(op_result)
            todo.append((operation, op_result))

    def _select_some(self, selection: Selection, todo: list[tuple[Operation, OperationResult]]) -> None:
        """Filter on the raw document first; build schemathesis operations for the chosen only
        (on a 711-operation spec that is most of a filtered run's fixed cost)."""
        for method, path, raw in raw_operations(self.schema.raw_schema):
            tags = [str(t) for t in raw.get("tags") or []]
            op_id = str(raw.get("operationId") or f"{method} {path}")
            codes = [str(c) for c in (raw.get("responses") or {})]
            op_result = OperationResult(method, path, op_id, tags, codes)
            op_result.skip_reason = selection.reason_to_skip(method, path, op_id, tags)
            if op_result.skip_reason is None and not self.http.target.allows(method):
                op_result.skip_reason = "excluded as unsafe"
            self.result.operations.append(op_result)
            if op_result.skip_reason is not None:
                continue
            try:
                operation = self.schema[path][method]
            except Exception as exc:  # an operation schemathesis cannot use: errored, not fatal
                op_result.error = _first_line(exc)
                continue
            self.all_operations.append((operation, None))
            todo.append((operation, op_result))

    def _run_parallel(self, todo: list[tuple[Operation, OperationResult]], total: int) -> None:
        pool = ThreadPoolExecutor(max_workers=self.options.workers, thread_name_prefix="contracts")
        pending: set[Future[None]] = set()
        queue = list(reversed(todo))
        stop: StopRun | None = None
        try:
            while queue or pending:
                while queue and len(pending) < self.options.workers * 2 and stop is None:
                    operation, op_result = queue.pop()
                    pending.add(pool.submit(self._run_operation, operation, op_result))
                if not pending:
                    break
                finished, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
                for future in finished:
                    exc = future.exception()
                    if isinstance(exc, StopRun):
                        stop = stop or exc
                        queue.clear()
                    elif exc is not None:
                        raise exc
                    self._tick(total)
        except KeyboardInterrupt as exc:
            self.http.budget.stop(str(getattr(exc, "reason", "interrupted (SIGINT)")))
            queue.clear()
            wait(pending)
            raise
        finally:
            pool.shutdown(wait=True)
        if stop is not None:
            raise stop

    def _tick(self, total: int) -> None:
        with self._lock:
            self._done += 1
            done = self._done
        if self.progress is not None and not (done == total and self._hold_last):
            self.progress(done, total, len(self.result.failures()), self.http.budget.sent)

    def _final_progress(self, total: int) -> None:
        if self.progress is not None:
            self.progress(total, total, len(self.result.failures()), self.http.budget.sent)

    # -- one operation ------------------------------------------------------------------------------

    def _run_operation(self, operation: Operation, op_result: OperationResult) -> None:
        once_done: set[str] = set()
        impossible = unsatisfiable_parameter(operation)
        if impossible is not None:
            # No valid request exists, so there is nothing to judge conformance by: no data,
            # not a failure (and not the server's fault for refusing what cannot be valid).
            op_result.skip_reason = "no data"
            self.unsatisfiable.append(f"{operation.label} ({impossible})")
            return
        try:
            cases = list(iter_cases(operation, self.options.phases, self.options.max_examples, self.options.seed))
        except Exception as exc:
            op_result.error = f"could not generate requests: {_first_line(exc)}"
            return
        if not cases:
            op_result.error = op_result.error or "could not generate any request from the schema"
            return
        for phase, case in cases:
            self.http.budget.check()
            self.call_and_check(operation, op_result, phase, case, once_done)

    def call_and_check(
        self,
        operation: Operation,
        op_result: OperationResult,
        phase: str,
        case: AnyCase,
        once_done: set[str] | None = None,
    ) -> Any:
        """Send one case through the guarded session, judge it, record it. Returns the response."""
        session = self.session()
        session.keep_headers = _negated_headers(case)
        base_url = self.http.target.base_url
        try:
            response = case.call(base_url=base_url, session=session)
        except SafetyRefusal:
            return None  # e.g. a coverage probe with another method in a read-only run
        except NETWORK_ERRORS as exc:
            self._network_error(op_result, phase, case, exc)
            return None
        except StopRun:
            raise
        except Exception as exc:  # serialization problems and other local errors: not the server's fault
            op_result.error = f"could not send a request: {_first_line(exc)}"
            return None
        op_result.record_response(response.status_code)
        if phase != "stateful":
            self.producers.offer(operation, case, response)
        call = CallInfo(case, response, phase, auth_kind=self.http.auth.kind, own_credentials="authorization" not in session.keep_headers)
        ctx = CheckContext(
            override=None,
            auth=None,
            headers=None,
            config=self.schema.config.checks_config_for(
                operation=operation, phase=phase if phase in ("examples", "coverage", "fuzzing") else None
            ),
            transport_kwargs={"session": session, "base_url": base_url},
            recorder=None,
            response_checks=None,
        )
        not_applied = self.options.not_applied
        for name in not_applied:
            op_result.record_check(name, "na")
        names = [n for n in CHECKS if (once_done is None or n not in once_done) and n not in not_applied]
        try:
            outcomes = list(run_checks(ctx, call, names))
        except NETWORK_ERRORS as exc:  # a check that re-sends (replay, no-auth) lost the target
            self._network_error(op_result, phase, case, exc)
            return response
        for outcome in outcomes:
            op_result.record_check(outcome.name, outcome.outcome)
            if outcome.outcome != "na" and outcome.name in ONCE_PER_OPERATION and once_done is not None:
                once_done.add(outcome.name)
            for failure in outcome.failures:
                self._add_failure(op_result, self._record(outcome.name, failure, op_result, case, response, phase))
        return response

    def _network_error(self, op_result: OperationResult, phase: str, case: AnyCase, exc: Exception) -> None:
        """A dead target stops the run (partial); a dropped connection on a live one is a failure."""
        base_url = self.http.target.base_url
        if not _reachable(base_url):
            self.http.budget.stop(f"target became unreachable ({type(exc).__name__})")
            raise StopRun(self.http.budget.stop_reason or "target became unreachable") from None
        op_result.record_response(0)
        op_result.record_check("network_error", "failed")
        self._add_failure(
            op_result,
            FailureRecord(
                check="network_error",
                title="Connection dropped or response unreadable",
                message=f"Received: {type(exc).__name__}: {self.secrets.mask(_first_line(exc))[:300]}\n"
                "Documented: a complete HTTP response",
                fingerprint=_fingerprint("network_error", op_result.label, type(exc).__name__, ""),
                curl=self._curl_from_case(case),
                phase=phase,
                mode=_mode(case),
            ),
        )

    def _add_failure(self, op_result: OperationResult, record: FailureRecord) -> None:
        op_result.add_failure(record)

    # -- failure records ------------------------------------------------------------------------------

    def _record(self, check: str, failure: AssertionError, op_result: OperationResult, case: AnyCase, response: Any, phase: str) -> FailureRecord:
        title = str(getattr(failure, "title", "") or type(failure).__name__)
        message = str(getattr(failure, "message", "") or str(failure))
        schema_path_parts = getattr(failure, "schema_path", None)
        schema_path = None
        expected = actual = None
        if schema_path_parts is not None:
            schema_path = "/" + "/".join(str(p) for p in schema_path_parts)
            actual = _short_json(getattr(failure, "instance", None))
            root = getattr(failure, "_root_schema", None)
            expected = _short_json(_walk(root, list(schema_path_parts)))
        status = int(response.status_code)
        request = response.request
        track_id = request.headers.get("Zuora-Track-Id") if request is not None else None
        return FailureRecord(
            check=check,
            title=self.secrets.mask(title),
            message=self.secrets.mask(message)[:4000],
            fingerprint=_fingerprint(check, op_result.label, type(failure).__name__, f"{title}|{schema_path}|{status}"),
            status=status,
            schema_path=schema_path,
            expected=None if expected is None else self.secrets.mask(expected),
            actual=None if actual is None else self.secrets.mask(actual),
            response_excerpt=self.secrets.mask(_excerpt(response.content)),
            curl=self._curl(request),
            track_id=str(track_id) if track_id else None,
            phase=phase,
            mode=_mode(case),
        )

    def _curl(self, request: Any) -> str:
        if request is None:
            return ""
        parts = ["curl", "-X", str(request.method), shlex.quote(str(request.url))]
        for name, value in self.secrets.mask_headers(dict(request.headers)).items():
            parts += ["-H", shlex.quote(f"{name}: {value}")]
        body = request.body
        if body:
            text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
            parts += ["-d", shlex.quote(self.secrets.mask(text)[:CURL_BODY_LIMIT])]
        return " ".join(parts)

    def _curl_from_case(self, case: AnyCase) -> str:
        try:
            return self.secrets.mask(case.as_curl_command(base_url=self.http.target.base_url))
        except Exception:
            return ""

    # -- warnings ---------------------------------------------------------------------------------------

    def _add_warnings(self) -> None:
        codes: dict[str, int] = {}
        for op in self.result.operations:
            for code, count in op.response_codes.items():
                codes[code] = codes.get(code, 0) + count
        total = sum(codes.values())
        stats = self.http.stats
        if total and codes.get("0", 0) == total:
            self.result.warnings.append(
                {"code": "no-http-responses", "message": f"none of {total} requests got an HTTP response (connection reset, or the target does not speak HTTP)"}
            )
        if total and codes.get("401", 0) + codes.get("403", 0) == total:
            self.result.warnings.append(
                {"code": "all-unauthorized", "message": f"every response was 401/403 ({total} responses): check the credentials (--auth, ZUORA_* variables); the passes mean little"}
            )
        positives = [
            op for op in self.result.operations if op.requests and all(c.startswith("4") for c in op.response_codes)
        ]
        if total and len(positives) == len([op for op in self.result.operations if op.requests]):
            self.result.warnings.append(
                {"code": "all-rejected", "message": "every operation answered only 4XX: the target rejects even valid requests"}
            )
        if stats.retried_429 or stats.throttled:
            self.result.warnings.append(
                {"code": "rate-limited", "message": f"slowed down by the target's rate limit: {stats.retried_429} retries after 429, {stats.throttled} pauses on low RateLimit-Remaining"}
            )
        if self.unsatisfiable:
            self.result.warnings.append(
                {"code": "unsatisfiable-schema", "message": f"skipped as no data, no valid request can exist: {'; '.join(sorted(self.unsatisfiable))}"}
            )
        if stats.refreshed_401:
            self.result.warnings.append(
                {"code": "token-refreshed", "message": f"the access token was refreshed {stats.refreshed_401} time(s) after a 401"}
            )


def _negated_headers(case: AnyCase) -> set[str]:
    """Headers our defaults must not touch: what a negative case generated, and the required
    headers it left out on purpose (a "missing header" mutation)."""
    meta = case.meta
    if meta is None:
        return set()
    info = meta.components.get(ParameterLocation.HEADER)
    if info is None or not info.mode.is_negative:
        return set()
    present = {str(k).lower() for k in (case.headers or {})}
    missing_required = {p.name.lower() for p in case.operation.headers if p.is_required} - present
    return present | missing_required


def _mode(case: AnyCase) -> str | None:
    meta = case.meta
    return None if meta is None else str(meta.generation.mode.value)


def _fingerprint(check: str, label: str, kind: str, detail: str) -> str:
    return hashlib.sha256(f"{check}|{label}|{kind}|{detail}".encode()).hexdigest()[:20]


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _excerpt(content: bytes | None) -> str:
    if not content:
        return ""
    text = content[: EXCERPT_LIMIT * 4].decode("utf-8", "replace")
    text = "".join(ch if ch.isprintable() or ch in "\n\t" else "\N{REPLACEMENT CHARACTER}" for ch in text)
    return text[:EXCERPT_LIMIT] + ("…" if len(text) > EXCERPT_LIMIT else "")


def _short_json(value: Any, limit: int = 300) -> str | None:
    if value is None:
        return None
    try:
        text = json.dumps(value, default=str, sort_keys=True)
    except (TypeError, ValueError):
        text = repr(value)
    return text[:limit]


def _walk(node: Any, parts: list[Any]) -> Any:
    for part in parts:
        if (isinstance(node, dict) and part in node) or (isinstance(node, list) and isinstance(part, int) and part < len(node)):
            node = node[part]
        else:
            return None
    return node


def _reachable(base_url: str, timeout: float = 2.0) -> bool:
    parts = urlsplit(base_url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", port), timeout=timeout):
            return True
    except OSError:
        return False
