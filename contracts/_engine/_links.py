"""Stateful phase, generic part: reuse what the API created.

While operations run, successful creates (2XX answers to valid POSTs whose body carries an id)
are remembered. Afterwards each one is followed: through the OpenAPI links its response
documents (`$response.body#/…`, `$request.path.…` expressions), or, where the spec has none,
to the operations under the created resource's path (`POST /v1/bill-runs` → `/v1/bill-runs/{billRunId}/…`).
Each follow-up is a valid case with the real id, so checks see real 200s, not just 404s.
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from schemathesis import GenerationMode

from contracts._engine._generate import draw, op_seed
from contracts._engine._types import AnyCase, Operation
from specdiff._load._model import resolve_pointer

if TYPE_CHECKING:
    from contracts._engine._runner import Runner

METHOD_ORDER = {"GET": 0, "HEAD": 1, "OPTIONS": 2, "PATCH": 3, "PUT": 4, "POST": 5, "DELETE": 6}
MAX_PRODUCERS = 2000


@dataclass
class Produced:
    operation: Operation
    case: AnyCase
    status: int
    body: dict[str, Any]


class Producers:
    """Successful creates seen during the run (thread-safe, one per operation)."""

    def __init__(self) -> None:
        self._items: dict[str, Produced] = {}
        self._lock = threading.Lock()

    def offer(self, operation: Operation, case: AnyCase, response: Any) -> None:
        if operation.method.upper() != "POST" or not 200 <= response.status_code < 300:
            return
        meta = case.meta
        if meta is not None and meta.generation.mode.is_negative:
            return
        try:
            body = response.json()
        except Exception:
            return
        # An id is worth following even under `success: false` (a faulty tenant may still have
        # created the resource). A create that returned no id is kept too: its follow-up reads
        # are then sent with generated ids, so they are exercised all the same.
        if not isinstance(body, dict):
            return
        with self._lock:
            known = self._items.get(operation.label)
            if known is None and len(self._items) >= MAX_PRODUCERS:
                return
            if known is None or (_id_of(known.body) is None and _id_of(body) is not None):
                self._items[operation.label] = Produced(operation, case, response.status_code, body)

    def items(self) -> list[Produced]:
        with self._lock:
            return list(self._items.values())


def _id_of(body: dict[str, Any], name: str | None = None) -> Any:
    """The created resource's id: under the follow-up's own parameter name (`jobId`) when the
    body has it, else `id`."""
    for key in ((name,) if name else ()) + ("id", "Id", "ID"):
        if isinstance(body.get(key), (str, int)) and body.get(key) != "":
            return body[key]
    return None


def _pointer(document: Any, pointer: str) -> Any:
    """A JSON pointer into a response body (`$response.body#/id`); None when it leads nowhere."""
    return resolve_pointer(document, "/" + pointer.strip("/") if pointer.strip("/") else "")


def _evaluate(expression: Any, produced: Produced) -> Any:
    if not isinstance(expression, str) or not expression.startswith("$"):
        return expression
    if expression.startswith("$response.body#"):
        return _pointer(produced.body, expression[len("$response.body#") :])
    match = re.fullmatch(r"\$request\.path\.(.+)", expression)
    if match:
        return (produced.case.path_parameters or {}).get(match.group(1))
    return None


ID = "$created.id"  # the heuristic link: the created resource's own id


def _targets(produced: Produced, by_id: dict[str, Operation], all_ops: list[Operation]) -> list[tuple[Operation, dict[str, Any]]]:
    """(operation, {parameter: expression}) pairs that follow up on one created resource."""
    definition = produced.operation.responses.find_by_status_code(produced.status)
    links = (definition.definition.get("links") or {}) if definition is not None else {}
    out: list[tuple[Operation, dict[str, Any]]] = []
    for link in links.values():
        if not isinstance(link, dict):
            continue
        target = by_id.get(str(link.get("operationId")))
        if target is None:
            continue
        params = {}
        for name, expression in (link.get("parameters") or {}).items():
            params[str(name).split(".", 1)[-1] if str(name).startswith("path.") else str(name)] = expression
        out.append((target, params))
    if out:
        return out
    prefix = produced.operation.path.rstrip("/") + "/{"
    for op in all_ops:
        if op.path.startswith(prefix):
            out.append((op, {op.path[len(prefix) :].split("}", 1)[0]: ID}))
    return out


def _values(params: dict[str, Any], produced: Produced) -> dict[str, Any]:
    out = {}
    for name, expression in params.items():
        value = _id_of(produced.body, name) if expression == ID else _evaluate(expression, produced)
        if value is not None:
            out[name] = value
    return out


def follow_links(runner: Runner) -> int:
    """Send one valid case per (created resource, follow-up operation); returns how many.

    Reads go first; each state-changing follow-up after the first gets a freshly created
    resource (the create is replayed), so one cancel does not make the next post look broken.
    """
    ops: list[Operation] = []
    ops.extend(op for op, _ in runner.all_operations if op is not None)
    results = {r.label: r for r in runner.result.operations}
    by_id = {}
    for op in ops:
        op_id = op.definition.raw.get("operationId") if isinstance(op.definition.raw, dict) else None
        if op_id:
            by_id[str(op_id)] = op
    sent = 0
    seen: set[str] = set()
    for produced in runner.producers.items():
        producer_result = results.get(produced.operation.label)
        targets = sorted(_targets(produced, by_id, ops), key=lambda item: METHOD_ORDER.get(item[0].method.upper(), 9))
        current = produced
        mutated = False
        for op, params in targets:
            result = results.get(op.label)
            if result is None or result.skip_reason is not None or op.label in seen:
                continue
            seen.add(op.label)
            runner.http.budget.check()
            mutating = op.method.upper() not in {"GET", "HEAD", "OPTIONS"}
            if mutating and mutated and producer_result is not None:
                response = runner.call_and_check(produced.operation, producer_result, "stateful", produced.case)
                fresh = _fresh(produced, response)
                if fresh is None:
                    continue
                current = fresh
                sent += 1
            values = _values(params, current)
            path_names = {p.name for p in op.path_parameters}
            fixed = {k: v for k, v in values.items() if k in path_names}
            real = not (path_names - set(fixed)) and _fits(op, fixed)
            if not real:
                if mutating:
                    continue
                # No usable id (the create failed or answered another shape): the read is still
                # sent, with generated ids, as a plain valid case.
                fixed = {}
            try:
                cases = draw(
                    op.as_strategy(generation_mode=GenerationMode.POSITIVE, path_parameters=fixed),
                    1,
                    op_seed(runner.options.seed, op.label, "stateful"),
                )
            except Exception:
                continue
            if cases:
                response = runner.call_and_check(op, result, "stateful", cases[0])
                sent += 1
                mutated = mutated or mutating
                if response is not None and op.method.upper() == "GET" and not mutated and real:
                    _judge(runner, result, "ensure_resource_availability", response.status_code != 404, cases[0], response,
                           "Created resource is not available",
                           f"Received: 404 for {op.label} right after {produced.operation.label} created it\n"
                           "Documented: a created resource can be read")
                if response is not None and op.method.upper() == "DELETE" and real and _accepted(response):
                    sent += _check_gone(runner, targets, results, current, cases[0])
    return sent


def _fits(op: Operation, fixed: dict[str, Any]) -> bool:
    """Whether the ids we would reuse satisfy the target's path-parameter schemas; when they
    cannot (the spec contradicts itself, the create returns another id shape), the follow-up
    would not be a valid request, so it is not sent."""
    import jsonschema  # type: ignore[import-untyped]  # no stubs in the venv

    for param in op.path_parameters:
        if param.name not in fixed:
            continue
        schema = param.definition.get("schema") if isinstance(param.definition, dict) else None
        if not isinstance(schema, dict):
            continue
        value = fixed[param.name]
        if isinstance(value, int) and schema.get("type") == "string":
            value = str(value)
        try:
            # Formats count: a 32-hex id is no `format: uuid` value.
            jsonschema.validate(value, schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        except jsonschema.ValidationError:
            return False
        except Exception:  # unresolvable $ref, odd schema: cannot tell, so try
            continue
    return True


def _accepted(response: Any) -> bool:
    if not 200 <= response.status_code < 300:
        return False
    try:
        body = response.json()
    except Exception:
        return True
    return not (isinstance(body, dict) and body.get("success") is False)


def _check_gone(runner: Runner, targets: list[tuple[Operation, dict[str, Any]]], results: dict[str, Any], produced: Produced, deleted: AnyCase) -> int:
    """use_after_free: after a successful DELETE the resource must not be readable."""
    for op, params in targets:
        if op.method.upper() != "GET" or results.get(op.label) is None:
            continue
        values = _values(params, produced)
        path_names = {p.name for p in op.path_parameters}
        fixed = {k: v for k, v in values.items() if k in path_names}
        if path_names - set(fixed):
            continue
        cases = draw(op.as_strategy(generation_mode=GenerationMode.POSITIVE, path_parameters=fixed), 1, op_seed(runner.options.seed, op.label, "gone"))
        if not cases:
            return 0
        response = runner.call_and_check(op, results[op.label], "stateful", cases[0])
        if response is not None:
            gone = response.status_code in (404, 410) or not _accepted(response)
            _judge(runner, results[op.label], "use_after_free", gone, cases[0], response,
                   "Deleted resource is still available",
                   f"Received: {response.status_code} for {op.label} after {deleted.operation.label} succeeded\n"
                   "Documented: a deleted resource is gone (404)")
        return 1
    return 0


def _judge(runner: Runner, result: Any, check: str, held: bool, case: AnyCase, response: Any, title: str, message: str) -> None:
    from contracts._results import FailureRecord

    result.record_check(check, "passed" if held else "failed")
    if held:
        return
    request = getattr(response, "request", None)
    track = getattr(request, "headers", {}).get("Zuora-Track-Id") if request is not None else None
    result.add_failure(
        FailureRecord(
            check=check,
            title=title,
            message=runner.secrets.mask(message),
            fingerprint=hashlib.sha256(f"{check}|{result.label}".encode()).hexdigest()[:20],
            status=response.status_code,
            response_excerpt=runner.secrets.mask(response.text[:600]),
            curl=runner._curl(request),
            track_id=str(track) if track else None,
            phase="stateful",
            mode="positive",
        )
    )


def _fresh(produced: Produced, response: Any) -> Produced | None:
    if response is None or not 200 <= response.status_code < 300:
        return None
    try:
        body = response.json()
    except Exception:
        return None
    if not isinstance(body, dict) or _id_of(body) is None:
        return None
    return Produced(produced.operation, produced.case, response.status_code, body)
