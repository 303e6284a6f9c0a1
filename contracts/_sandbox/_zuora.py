"""Zuora's documented behaviour for the seed endpoints, on top of the generic stateful sandbox.

Keyed by (method, path template), so it applies to any spec that has these paths (the curated
one, or Zuora's full 711-operation spec). Each handler returns a record; the app lays it over a
conforming body, so answers stay inside whatever schema the served spec documents.

- OAuth: client credentials -> bearer token with a TTL.
- Deletion jobs: need accountIds or accountKeys; answer {id, status: Pending, success: true};
  then Pending -> Processing -> Completed on the sandbox clock; unknown id -> 404.
- Bill runs: created in Draft; only Draft can be canceled or posted (else an error naming the
  status); cancelOnce defaults to true; cancelOnce false on a scheduled run cancels its future
  recurrences; only Canceled or Error runs can be deleted.
- Regenerate: type in Invoice/CreditMemo/DebitMemo/InvoiceItemAdjustment with documentId or
  number; query booleans reMigrate and onlyReSend.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from contracts._sandbox._app import Reply, Request, SandboxApp

Handler = Callable[["SandboxApp", "Request"], "Reply"]
Precheck = Callable[["SandboxApp", "Request"], "Reply | None"]

JOBS = "/v1/accounts/billing-documents/files/deletion-jobs"
BILL_RUNS = "/v1/bill-runs"
REGENERATE = "/v1/uno-regenerate/billing-transaction"
DOCUMENT_TYPES = ("Invoice", "CreditMemo", "DebitMemo", "InvoiceItemAdjustment")

TOKEN_PATH_ITEM: dict[str, Any] = {
    "post": {
        "operationId": "createToken",
        "tags": ["OAuth"],
        "security": [],
        "requestBody": {
            "required": True,
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "required": ["client_id", "client_secret", "grant_type"],
                        "properties": {
                            "client_id": {"type": "string"},
                            "client_secret": {"type": "string"},
                            "grant_type": {"type": "string"},
                        },
                    }
                }
            },
        },
        "responses": {
            "200": {
                "description": "A bearer token.",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["access_token", "token_type", "expires_in"],
                            "properties": {
                                "access_token": {"type": "string"},
                                "token_type": {"type": "string"},
                                "expires_in": {"type": "integer"},
                            },
                        }
                    }
                },
            },
            "4XX": {"description": "Bad credentials."},
        },
    }
}


def _iso(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _err(app: SandboxApp, req: Request, status: int, category: str, message: str) -> Reply:
    from contracts._sandbox._app import zuora_error

    return zuora_error(status, f"587302{category}", message, req.request_id)


# -- OAuth ---------------------------------------------------------------------------------------
def create_token(app: SandboxApp, req: Request) -> Reply:
    from contracts._sandbox._app import Reply

    form = req.form or {}
    if form.get("grant_type") != "client_credentials":
        return _err(app, req, 400, "20", "grant_type must be client_credentials")
    client_id = form.get("client_id", "")
    if app.config.clients.get(client_id) != form.get("client_secret"):
        reply = _err(app, req, 401, "11", "Invalid client credentials: unknown client_id or wrong client_secret")
        reply.headers["WWW-Authenticate"] = 'Bearer error="invalid_client"'
        return reply
    token, ttl = app.issue_token(client_id)
    record = {
        "access_token": token,
        "token_type": "bearer",
        "expires_in": ttl,
        "scope": "entity.1a2b7a37-3e7d-4cb3-b0e2-883de9e766cc platform.write service.usage.delete service.usage.update service.usage.write tenant.12345",
        "jti": hashlib.sha256(token.encode()).hexdigest()[:32],
    }
    assert req.op is not None
    reply = app.ok(req.op, record, 200, minimal=True)
    return Reply(reply.status, reply.body, reply.content_type, {"Cache-Control": "no-store"})


# -- deletion jobs -------------------------------------------------------------------------------
def _need_accounts(app: SandboxApp, req: Request) -> Reply | None:
    body = req.json if isinstance(req.json, dict) else {}
    ids = body.get("accountIds")
    keys = body.get("accountKeys")
    if not (isinstance(ids, list) and ids) and not (isinstance(keys, list) and keys):
        return _err(app, req, 400, "22", "Specify accountIds or accountKeys (a non-empty list) to create a billing document files deletion job")
    return None


def create_deletion_job(app: SandboxApp, req: Request) -> Reply:
    assert req.op is not None
    body = req.json if isinstance(req.json, dict) else {}
    job_id = app.new_id()
    now = app.clock.now()
    stored = {"id": job_id, "accountIds": body.get("accountIds") or [], "accountKeys": body.get("accountKeys") or [], "created": now}
    app.store.put(JOBS, job_id, stored, now)
    return app.ok(req.op, {"id": job_id, "status": "Pending", "success": True}, minimal=True)


def job_status(app: SandboxApp, created: float) -> str:
    elapsed = app.clock.now() - created
    if elapsed < app.config.job_pending_seconds:
        return "Pending"
    if elapsed < app.config.job_pending_seconds + app.config.job_processing_seconds:
        return "Processing"
    return "Completed"


def get_deletion_job(app: SandboxApp, req: Request) -> Reply:
    assert req.op is not None
    job_id = req.path_params.get("jobId", "")
    stored = app.store.get(JOBS, job_id)
    if stored is None:
        return _err(app, req, 404, "40", f"Billing document files deletion job {job_id!r} does not exist")
    return app.ok(req.op, {"id": job_id, "status": job_status(app, float(stored["created"])), "success": True}, minimal=True)


# -- bill runs -----------------------------------------------------------------------------------
def _draft(app: SandboxApp) -> str:
    """'Draft' when the served spec's bill run status enum has it, else Zuora's 'Completed'."""
    op = app.index.by_id.get("GET_BillRun")
    if op is not None:
        validator = app.bodies.validator(op, 200)
        if validator is not None:
            from contracts._sandbox._generate import Generator

            gen = Generator(validator.schema, __import__("random").Random(0))
            status = gen.merge((gen.merge(validator.schema).get("properties") or {}).get("status", {}))
            enum = status.get("enum")
            if isinstance(enum, list) and "Draft" not in enum:
                return "Completed"
    return "Draft"


def _add_period(day: dt.date, repeat: str) -> dt.date:
    if repeat == "Daily":
        return day + dt.timedelta(days=1)
    if repeat == "Weekly":
        return day + dt.timedelta(days=7)
    month = day.month % 12 + 1
    year = day.year + (day.month == 12)
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _next_run(app: SandboxApp, schedule: dict[str, Any]) -> dict[str, Any] | None:
    repeat = schedule.get("repeatType")
    if repeat not in ("Daily", "Weekly", "Monthly"):
        return None
    today = dt.datetime.fromtimestamp(app.clock.now(), dt.UTC).date()
    try:
        start = dt.date.fromisoformat(str(schedule.get("repeatFrom")))
    except ValueError:
        start = today
    day = start
    while day <= today:
        day = _add_period(day, str(repeat))
    repeat_to = schedule.get("repeatTo")
    if repeat_to:
        try:
            if day > dt.date.fromisoformat(str(repeat_to)):
                return None
        except ValueError:
            pass
    run_time = schedule.get("runTime")
    hour = min(max(run_time, 0), 23) if isinstance(run_time, int) else 0
    return {"status": "Pending", "scheduledExecutionTime": f"{day.isoformat()}T{hour:02d}:00:00Z", "targetDate": day.isoformat()}


def _bill_run_view(stored: dict[str, Any]) -> dict[str, Any]:
    view = {k: v for k, v in stored.items() if not k.startswith("_")}
    view["success"] = True
    if stored.get("_nextRun") and not stored.get("_recurrencesCanceled"):
        view["nextRun"] = stored["_nextRun"]
    return view


def create_bill_run(app: SandboxApp, req: Request) -> Reply:
    assert req.op is not None
    body = req.json if isinstance(req.json, dict) else {}
    run_id = app.new_id()
    number = app.store.next_number("bill-run-number")
    now = app.clock.now()
    stored: dict[str, Any] = {
        "id": run_id,
        "billRunNumber": f"BR-{number:08d}",
        "status": "Posted" if body.get("autoPost") is True else _draft(app),
        "createdDate": _iso(now),
        "updatedDate": _iso(now),
    }
    for name in ("name", "targetDate", "invoiceDate", "autoEmail", "autoPost", "autoRenewal", "noEmailForZeroAmountInvoice", "batches", "billCycleDay", "chargeTypeToExclude", "schedule"):
        if name in body:
            stored[name] = body[name]
    if isinstance(body.get("schedule"), dict):
        stored["_nextRun"] = _next_run(app, body["schedule"])
    app.store.put(BILL_RUNS, run_id, stored, now)
    return app.ok(req.op, _bill_run_view(stored), minimal=True)


def get_bill_run(app: SandboxApp, req: Request) -> Reply:
    assert req.op is not None
    run_id = req.path_params.get("billRunId", "")
    stored = app.store.get(BILL_RUNS, run_id)
    if stored is None:
        return _err(app, req, 404, "40", f"Bill run {run_id!r} does not exist")
    return app.ok(req.op, _bill_run_view(stored), minimal=True)


def _transition(app: SandboxApp, req: Request, action: str, target: str, change: Callable[[dict[str, Any]], None]) -> Reply:
    assert req.op is not None
    run_id = req.path_params.get("billRunId", "")
    draft = _draft(app)
    refused: list[str] = []

    def apply(stored: dict[str, Any]) -> dict[str, Any]:
        if stored.get("status") != draft:
            refused.append(str(stored.get("status")))
            return stored
        stored["status"] = target
        stored["updatedDate"] = _iso(app.clock.now())
        change(stored)
        return stored

    before, after = app.store.update(BILL_RUNS, run_id, apply)
    if before is None or after is None:
        return _err(app, req, 404, "40", f"Bill run {run_id!r} does not exist")
    if refused:
        past = {"cancel": "canceled", "post": "posted"}.get(action, action)
        return _err(app, req, 400, "30", f"Cannot {action} bill run {after.get('billRunNumber', run_id)}: its status is {refused[0]}; only a bill run in {draft} status can be {past}")
    return app.ok(req.op, _bill_run_view(after), minimal=True)


def cancel_bill_run(app: SandboxApp, req: Request) -> Reply:
    body = req.json if isinstance(req.json, dict) else {}
    cancel_once = body.get("cancelOnce", True) is not False

    def change(stored: dict[str, Any]) -> None:
        if not cancel_once and stored.get("schedule"):
            stored["_recurrencesCanceled"] = True

    return _transition(app, req, "cancel", "Canceled", change)


def post_bill_run(app: SandboxApp, req: Request) -> Reply:
    body = req.json if isinstance(req.json, dict) else {}

    def change(stored: dict[str, Any]) -> None:
        if "invoiceDate" in body:
            stored["invoiceDate"] = body["invoiceDate"]

    return _transition(app, req, "post", "Posted", change)


def delete_bill_run(app: SandboxApp, req: Request) -> Reply:
    assert req.op is not None
    run_id = req.path_params.get("billRunId", "")
    refused: list[str] = []

    def apply(stored: dict[str, Any]) -> dict[str, Any] | None:
        if stored.get("status") not in ("Canceled", "Error"):
            refused.append(str(stored.get("status")))
            return stored
        return None

    before, _ = app.store.update(BILL_RUNS, run_id, apply)
    if before is None:
        return _err(app, req, 404, "40", f"Bill run {run_id!r} does not exist")
    if refused:
        return _err(app, req, 400, "30", f"Cannot delete bill run {before.get('billRunNumber', run_id)}: its status is {refused[0]}; only bill runs in Canceled or Error status can be deleted")
    return app.ok(req.op, {"success": True}, minimal=True)


# -- regenerate ----------------------------------------------------------------------------------
def _regenerate_check(app: SandboxApp, req: Request) -> Reply | None:
    body = req.json if isinstance(req.json, dict) else {}
    kind = body.get("type")
    if kind not in DOCUMENT_TYPES:
        return _err(app, req, 400, "20", f"type={kind!r} is not valid; use one of {', '.join(DOCUMENT_TYPES)}")
    if not any(isinstance(body.get(k), str) and body.get(k) for k in ("documentId", "number", "id")):
        return _err(app, req, 400, "22", "Name the billing document with documentId or number")
    return None


def regenerate(app: SandboxApp, req: Request) -> Reply:
    assert req.op is not None
    body = req.json if isinstance(req.json, dict) else {}
    document = body.get("documentId") or body.get("id") or body.get("number")
    key = f"{body.get('type')}:{document}"
    stored = app.store.get(REGENERATE, key)
    if stored is None or req.query_bool("reMigrate"):
        count = 1 + (app.store.next_number("regenerations") % 3)
        ids = [app.new_id() for _ in range(count)]
        stored = {"type": body.get("type"), "document": document, "idList": ids, "sent": 0}
    stored["sent"] = int(stored.get("sent", 0)) + 1
    stored["reMigrate"] = bool(req.query_bool("reMigrate"))
    stored["onlyReSend"] = bool(req.query_bool("onlyReSend"))
    app.store.put(REGENERATE, key, stored, app.clock.now())
    return app.ok(req.op, {"success": True, "idList": stored["idList"]}, minimal=True)


def handlers() -> dict[tuple[str, str], Handler]:
    return {
        ("POST", "/oauth/token"): create_token,
        ("POST", JOBS): create_deletion_job,
        ("GET", JOBS + "/{jobId}"): get_deletion_job,
        ("POST", BILL_RUNS): create_bill_run,
        ("GET", BILL_RUNS + "/{billRunId}"): get_bill_run,
        ("PUT", BILL_RUNS + "/{billRunId}/cancel"): cancel_bill_run,
        ("PUT", BILL_RUNS + "/{billRunId}/post"): post_bill_run,
        ("DELETE", BILL_RUNS + "/{billRunId}"): delete_bill_run,
        ("POST", REGENERATE): regenerate,
    }


def prechecks() -> dict[tuple[str, str], Precheck]:
    return {
        ("POST", JOBS): _need_accounts,
        ("POST", REGENERATE): _regenerate_check,
    }
