"""Realistic result documents (docs/result-formats.md) for report tests and the report bench.

Shaped like what the specdiff and contracts engines write for Zuora's API, with hostile content
planted where specs and API responses put text: scripts, event handlers, javascript: URLs,
</script> breakouts, U+2028, and unmasked credentials that the renderers must mask again.
"""

from __future__ import annotations

import copy
import hashlib
import random
from typing import Any

SECRET_TOKEN = "sk_live_TOPSECRET_4242abcd"
SECRET_CLIENT = "cs_SuperSecretClient99"
SECRET_JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJlLXNlY3JldA"
SECRETS = (SECRET_TOKEN, SECRET_CLIENT, SECRET_JWT)

XSS_SCRIPT = "<script>window.__pwned=1;alert(1)</script>"
XSS_IMG = '<img src=x onerror="window.__pwned=2;alert(2)">'
XSS_JS_URL = "javascript:alert(3)"
XSS_BREAKOUT = "</script><script>window.__pwned=3;alert(4)</script><!--"
XSS_SVG = '"><svg onload=alert(5)>'
PAYLOADS = (XSS_SCRIPT, XSS_IMG, XSS_JS_URL, XSS_BREAKOUT, XSS_SVG)
NASTY_TAG = '<img src=x onerror="alert(6)"> Nasty & Tag'

ZUORA_TAGS = [
    "Accounts", "Bill Runs", "Billing Documents", "Catalog", "Contacts", "Credit Memos", "Custom Objects",
    "Debit Memos", "Invoices", "Orders", "Payment Methods", "Payments", "Products", "Rate Plans",
    "Refunds", "Subscriptions", "Usage", "Workflows", "Commitments", "Files",
]
RESOURCES = ["accounts", "bill-runs", "invoices", "payments", "orders", "subscriptions", "products",
             "contacts", "credit-memos", "debit-memos", "refunds", "usage", "commitments", "files"]
RULES = [
    ("api-path-removed-without-deprecation", "error", "none", "removed the path {p}", "clients calling it get 404"),
    ("request-parameter-removed", "error", "request", "removed the request header 'Zuora-Entity-Ids'", "clients that send it are rejected"),
    ("new-required-request-property", "error", "request", "added the new required request property 'billToContact'", "existing clients do not send it and get 400"),
    ("response-property-removed", "error", "response", "removed the response property 'success'", "clients reading it break"),
    ("response-success-status-removed", "error", "response", "removed the success response status '200'", "clients expecting 200 break"),
    ("request-property-type-changed", "error", "request", "changed the type of request property 'amount' from 'string' to 'number'", "clients sending strings are rejected"),
    ("response-property-enum-value-added", "warning", "response", "added the enum value 'Draft' to the response property 'status'", "clients with exhaustive switches may break"),
    ("request-parameter-became-optional", "info", "request", "request parameter 'pageSize' became optional", ""),
    ("endpoint-added", "info", "none", "endpoint added", ""),
    ("response-optional-property-added", "info", "response", "added the optional response property 'currency'", ""),
    ("api-deprecated-sunset-parse", "warning", "none", "deprecated with sunset date 2027-01-01", "clients must migrate before the sunset"),
    ("request-parameter-enum-value-removed", "error", "request", "removed the enum value 'Cancelled' of request parameter 'status'", "clients sending it are rejected"),
]


def _fp(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:24]


def _operation(rng: random.Random, i: int) -> tuple[str, str, str, str]:
    resource = rng.choice(RESOURCES)
    method = rng.choice(["GET", "POST", "PUT", "DELETE", "PATCH"])
    path = f"/v1/{resource}" + ("/{" + resource.rstrip("s").replace("-", "") + "Id}" if i % 3 else "")
    if i % 7 == 0:
        path += f"/sub{i}"
    tag = ZUORA_TAGS[(sum(map(ord, resource)) + i) % len(ZUORA_TAGS)] if i % 5 else rng.choice(ZUORA_TAGS)
    op_id = f"{method}_{resource.title().replace('-', '')}{i}"
    return method, path, tag, op_id


def specdiff_result(n_changes: int = 60, *, seed: int = 7, nasty: bool = True, n_waived: int = 4) -> dict[str, Any]:
    """A specdiff result with `n_changes` changes over many tags and operations."""
    rng = random.Random(seed)
    n_ops = max(1, n_changes // 3)
    ops = [_operation(rng, i) for i in range(n_ops)]
    changes: list[dict[str, Any]] = []
    for i in range(n_changes):
        method, path, tag, op_id = ops[i % n_ops]
        rule, level, direction, message, why = RULES[rng.randrange(len(RULES))]
        line = 100 + 7 * i
        changes.append(
            {
                "id": rule,
                "level": level,
                "operation": f"{method} {path}",
                "operationId": op_id,
                "tags": [tag] if i % 11 else [tag, "Finance"],
                "message": message.format(p=path),
                "why": why,
                "direction": direction,
                "fingerprint": _fp(rule, method, path, i),
                "component": "#/components/schemas/Account" if i % 4 == 0 else None,
                "base": {"pointer": f"/paths/{path.replace('/', '~1')}/{method.lower()}", "file": "base.yaml", "line": line, "col": 5},
                "revision": None if level == "error" and i % 2 else {"pointer": f"/paths/{path.replace('/', '~1')}/{method.lower()}", "file": "rev.yaml", "line": line + 3, "col": 5},
                "details": {},
            }
        )
    if nasty and changes:
        changes[0].update(
            operation="POST /v1/nasty/{id}",
            operationId=XSS_SCRIPT,
            tags=[NASTY_TAG],
            message=f"description now says {XSS_IMG} and {XSS_BREAKOUT} \u2028 line sep",
            why=f"see {XSS_JS_URL} and {XSS_SVG}; example header Authorization: Bearer {SECRET_TOKEN}",
            level="error",
            id="request-parameter-removed",
        )
        changes[1].update(message=f"default changed to client_secret={SECRET_CLIENT} token {SECRET_JWT}", level="warning")
    if len(changes) > 2:  # one change that the expired waiver below would have covered
        changes[2].update(id="response-property-removed", level="error", operation="GET /v1/accounts/{accountKey}", operationId="GET_Account", message="removed the response property 'success'")
    waived = []
    for j in range(n_waived):
        change = copy.deepcopy(changes[(j * 5) % len(changes)]) if changes else {}
        change["fingerprint"] = _fp("waived", j)
        expires = None if j == 0 else ("2026-01-31" if j == 1 else "2027-06-30")
        reason = "Accepted by the billing team (JIRA BILL-1234)" if j else f"legacy {XSS_SCRIPT} reason"
        change["waiver"] = {"reason": reason, "expires": expires}
        waived.append(change)
    summary = {lvl: sum(1 for c in changes if c["level"] == lvl) for lvl in ("error", "warning", "info")}
    summary["waived"] = len(waived)
    return {
        "schemaVersion": "1.0",
        "kind": "specdiff",
        "tool": {"name": "specdiff", "version": "0.1.0"},
        "generatedAt": "2026-11-23T12:00:00Z",
        "durationSeconds": 0.42,
        "base": {"source": XSS_JS_URL if nasty else "old.yaml", "title": "Zuora API Reference", "version": "2025-12-12", "specVersion": "3.0.0"},
        "revision": {"source": "https://example.com/specs/zuora-2026-05-01.yaml", "title": "Zuora API Reference", "version": "2026-05-01", "specVersion": "3.0.0"},
        "config": {"minLevel": "info", "failOn": "error"},
        "summary": summary,
        "changes": changes,
        "waived": waived,
        "expiredWaivers": [
            {
                "rule": "response-property-removed",
                "operation": "GET /v1/**",
                "reason": "temporary, until the March release",
                "expires": "2026-03-31",
                "matched": sum(1 for c in changes if c["id"] == "response-property-removed" and c["operation"].startswith("GET /v1/")),
            },
        ],
    }


CHECKS = ["status_code_conformance", "content_type_conformance", "response_schema_conformance",
          "response_headers_conformance", "not_a_server_error", "negative_data_rejection",
          "positive_data_acceptance", "ignored_auth", "zuora_success_flag", "zuora_track_id_echo",
          "zuora_request_id_length", "zuora_rate_limit_headers"]


def conformance_result(n_ops: int = 40, *, seed: int = 11, nasty: bool = True, fail_every: int = 6) -> dict[str, Any]:
    """A conformance result over `n_ops` operations spread across Zuora tags."""
    rng = random.Random(seed)
    tags: dict[str, list[dict[str, Any]]] = {}
    counts = {"passed": 0, "failed": 0, "errored": 0, "skipped": 0}
    checks_total = {"passed": 0, "failed": 0, "na": 0}
    requests = failures_n = 0
    for i in range(n_ops):
        method, path, tag, op_id = _operation(rng, i)
        status = "passed"
        if i % fail_every == 1:
            status = "failed"
        elif i % 17 == 5:
            status = "errored"
        elif i % 13 == 3:
            status = "skipped"
        skip = None
        if status == "skipped":
            skip = rng.choice(["excluded as unsafe", "filtered", "no data"])
        checks: dict[str, dict[str, int]] = {}
        reqs = 0 if status == "skipped" else rng.randint(5, 60)
        failures = []
        if status != "skipped":
            for name in rng.sample(CHECKS, 7):
                na = rng.randint(0, 4)
                checks[name] = {"passed": reqs - na, "failed": 0, "na": na}
        if status == "failed":
            for k in range(1 + i % 3):
                check = list(checks)[k]
                checks[check]["failed"] += 1
                checks[check]["passed"] -= 1
                failures.append(
                    {
                        "check": check,
                        "title": "Response violates schema" if k == 0 else "Undocumented HTTP status code",
                        "message": "Received: 'Cancelled' / Documented: one of ['Draft', 'Posted']",
                        "schemaPath": "/properties/status/enum",
                        "expected": "['Draft', 'Posted']",
                        "actual": "'Cancelled'",
                        "status": 200 if k == 0 else 418,
                        "responseExcerpt": '{"success": true, "status": "Cancelled", "id": "8a8082c4"}',
                        "curl": f"curl -X {method} 'http://127.0.0.1:8000{path}' -H 'Authorization: [masked]' -H 'Zuora-Version: 2025-12-12'",
                        "trackId": f"trk-{i:04d}-{k}",
                        "fingerprint": _fp(op_id, check, k),
                        "baselined": i % 4 == 1 and k == 0,
                    }
                )
        codes: dict[str, int] = {}
        if reqs:
            codes["200"] = reqs - reqs // 4
            codes["400"] = reqs // 4
            if failures and len(failures) > 1:
                codes["418"] = 1
        op = {
            "error": "ConnectionResetError: the target closed the connection" if status == "errored" else None,
            "operationId": op_id,
            "method": method,
            "path": path,
            "status": status,
            "skipReason": skip,
            "checks": checks,
            "requests": reqs,
            "responseCodes": codes,
            "documentedCodes": ["200", "4XX", "500"],
            "failures": failures,
        }
        counts[status] += 1
        requests += reqs
        failures_n += len(failures)
        for c in checks.values():
            for key in checks_total:
                checks_total[key] += c[key]
        tags.setdefault(tag, []).append(op)
    if nasty:
        evil = {
            "operationId": XSS_SCRIPT,
            "method": "POST",
            "path": "/v1/nasty/" + XSS_IMG,
            "status": "failed",
            "skipReason": None,
            "checks": {"response_schema_conformance": {"passed": 3, "failed": 1, "na": 0}},
            "requests": 4,
            "responseCodes": {"200": 3, "500": 1},
            "documentedCodes": ["200"],
            "failures": [
                {
                    "check": "response_schema_conformance",
                    "title": f"Server said {XSS_SVG}",
                    "message": f"Received: {XSS_BREAKOUT} / Documented: string \u2028\u2029",
                    "schemaPath": "/properties/<b>name</b>",
                    "expected": "string",
                    "actual": XSS_IMG,
                    "status": 500,
                    "responseExcerpt": (
                        f'HTTP/1.1 500\nSet-Cookie: session={SECRET_TOKEN}\nX-Link: {XSS_JS_URL}\n\n'
                        f'{{"reasons": [{{"message": "{XSS_SCRIPT}"}}], "access_token": "{SECRET_JWT}"}}'
                    ),
                    "curl": f"curl -X POST 'http://127.0.0.1:8000/v1/nasty' -H 'Authorization: Bearer {SECRET_TOKEN}' -d 'client_secret={SECRET_CLIENT}'",
                    "trackId": "<i>trk</i>-evil",
                    "fingerprint": _fp("evil"),
                    "baselined": False,
                }
            ],
        }
        tags.setdefault(NASTY_TAG, []).append(evil)
        counts["failed"] += 1
        requests += 4
        failures_n += 1
    total = sum(counts.values())
    tested = total - counts["skipped"]
    return {
        "schemaVersion": "1.0",
        "kind": "conformance",
        "run": {
            "spec": {"source": "specs/zuora/2025-12-12-full-compact.yaml", "title": "Zuora API Reference", "version": "2025-12-12", "sha256": hashlib.sha256(b"spec").hexdigest()},
            "target": {"baseUrl": "http://127.0.0.1:8000", "environment": "embedded-sandbox"},
            "zuoraVersion": "2025-12-12",
            "seed": 1234,
            "command": f"contracts run --seed 1234 --auth bearer ZUORA_BEARER_TOKEN={SECRET_TOKEN}",
            "toolVersions": {"specpact": "0.1.0", "schemathesis": "4.32.0", "hypothesis": "6.140.0", "python": "3.11.7"},
            "startedAt": "2026-11-23T12:00:00Z",
            "durationSeconds": 12.3,
            "partial": False,
            "partialReason": None,
        },
        "summary": {
            "operations": {"total": total, "tested": tested, **counts},
            "checks": checks_total,
            "requests": requests,
            "failures": failures_n,
            "score": counts["passed"] / total if total else 0,
            "bestScore": tested / total if total else 0,
        },
        "warnings": [{"code": "slow-target", "message": f"median latency 2.1 s {XSS_IMG}"}] if nasty else [],
        "tags": [{"name": name, "operations": ops} for name, ops in tags.items()],
        "baseline": {"file": "baseline.yaml", "expired": [{"operation": "GET /v1/accounts", "check": "zuora_success_flag", "reason": "vendor bug", "expires": "2026-06-30"}]},
    }


def previous_of(result: dict[str, Any]) -> dict[str, Any]:
    """A plausible earlier run: some of today's failures absent (new), one extra that is now fixed."""
    prev = copy.deepcopy(result)
    prev["run"]["startedAt"] = "2026-11-16T12:00:00Z"
    prev["run"]["seed"] = 999
    dropped, added = 0, False
    for tag in prev["tags"]:
        for op in tag["operations"]:
            if op["failures"] and dropped < 2:
                op["failures"] = []
                op["status"] = "passed"
                dropped += 1
            elif op["status"] == "passed" and op["requests"] and not added:
                op["status"] = "failed"
                op["failures"] = [
                    {
                        "check": "not_a_server_error", "title": "Server error", "message": "Received: 500",
                        "schemaPath": None, "expected": None, "actual": None, "status": 500, "responseExcerpt": "",
                        "curl": "", "trackId": None, "fingerprint": "fixed-one", "baselined": False,
                    }
                ]
                added = True
    return prev
