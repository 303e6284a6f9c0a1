"""`contracts run` where a spec documents less than Zuora does: errors under 200 or a bare 400,
ids under their own names, creates that return no id, parameters no value can satisfy, and
`success` documented as something else. Each against the embedded sandbox on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.contracts._helpers import operations, report, run_cli

COMMON = {
    "type": "object",
    "properties": {
        "success": {"type": "boolean"},
        "reasons": {"type": "array", "items": {"type": "object", "properties": {"code": {"type": "integer"}, "message": {"type": "string"}}}},
    },
}


def _ok(schema: dict) -> dict:
    return {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}


def _id_param(name: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": schema or {"type": "string"}}


JOB = {"type": "object", "properties": {"jobId": {"type": "string"}, "status": {"type": "string"}, "success": {"type": "boolean"}}}
SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Gaps", "version": "1"},
    "security": [{"bearer": []}],
    "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    "paths": {
        "/notes": {
            "get": {"operationId": "listNotes", "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1}}], "responses": _ok(COMMON)},
            "post": {"operationId": "createNote", "responses": _ok(COMMON)},
        },
        "/memos": {"post": {"operationId": "createMemo", "responses": _ok(COMMON)}},
        # Only 200 documented; unknown ids are Zuora not-founds in a 200.
        "/notes/{noteId}": {"get": {"operationId": "getNote", "parameters": [_id_param("noteId")], "responses": _ok(COMMON)}},
        # Only a 400 documented besides 200: a not-found comes as a 400 with code category 40.
        "/memos/{memoId}": {
            "put": {
                "operationId": "updateMemo",
                "parameters": [_id_param("memoId")],
                "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"text": {"type": "string"}}}}}},
                "responses": {**_ok(COMMON), "400": {"description": "bad", "content": {"application/json": {"schema": COMMON}}}},
            }
        },
        # The id comes back as `jobId`, the follow-up's own parameter name.
        "/jobs": {"post": {"operationId": "createJob", "responses": _ok(JOB)}},
        "/jobs/{jobId}": {"get": {"operationId": "getJob", "parameters": [_id_param("jobId")], "responses": {**_ok(JOB), "404": {"description": "none", "content": {"application/json": {"schema": COMMON}}}}}},
        # A list of results, each with its own `Success` (Zuora's /v1/action/create): refusals
        # come as one failed result and count as rejections.
        "/batch": {"post": {
            "operationId": "saveAll",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}}}}}},
            "responses": _ok({"type": "array", "items": {"type": "object", "properties": {
                "Success": {"type": "boolean"},
                "Errors": {"type": "array", "items": {"type": "object", "properties": {"Code": {"type": "string"}, "Message": {"type": "string"}}}},
            }}}),
        }},
        # Authorization declared as a header parameter: negative header cases send their own
        # generated value, and the 401 they get is no undocumented status.
        "/secure": {"get": {"operationId": "secure", "parameters": [
            {"name": "Authorization", "in": "header", "required": True, "schema": {"type": "string", "maxLength": 200}},
            {"name": "Zuora-Version", "in": "header", "schema": {"type": "string", "format": "date"}},
        ], "responses": _ok(COMMON)}},
        # `success` documented as something other than the Zuora flag: the spec wins.
        "/mandates": {"get": {"operationId": "mandates", "responses": _ok({
            "type": "object", "properties": {"success": {"type": "array", "items": {"type": "string"}}},
        })}},
    },
}


def _write(tmp_path: Path, spec: dict) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec))
    return path


def test_clean_sandbox_run_of_a_sparse_spec_has_no_failures(tmp_path) -> None:
    spec = _write(tmp_path, SPEC)
    code = run_cli(str(spec), "--max-examples", "3", "--report-dir", str(tmp_path / "r"), "--quiet", "--max-time", "120")
    data = report(tmp_path / "r")
    failures = [(key, f["check"], f["message"]) for key, op in operations(data).items() for f in op["failures"]]
    assert failures == [] and code == 0
    ops = operations(data)
    # The created job was read back under `jobId`: availability was judged, and held.
    assert ops["GET /jobs/{jobId}"]["checks"]["ensure_resource_availability"]["passed"] >= 1
    # The convention check still ran on the success flag it could judge.
    assert ops["GET /notes"]["checks"]["zuora_success_flag"]["passed"] >= 1
    assert ops["POST /batch"]["checks"]["negative_data_rejection"]["passed"] >= 1


def test_unsatisfiable_path_parameter_is_no_data_not_a_failure(tmp_path) -> None:
    spec = {
        **SPEC,
        "paths": {
            "/exports/{id}": {"get": {"operationId": "getExport", "parameters": [_id_param("id", {"type": "string", "format": "uuid", "minLength": 64, "maxLength": 64})], "responses": _ok(COMMON)}},
            "/notes": SPEC["paths"]["/notes"],
        },
    }
    code = run_cli(str(_write(tmp_path, spec)), "--max-examples", "2", "--report-dir", str(tmp_path / "r"), "--quiet")
    data = report(tmp_path / "r")
    op = operations(data)["GET /exports/{id}"]
    assert (op["status"], op["skipReason"], op["requests"]) == ("skipped", "no data", 0)
    warning = next(w for w in data["warnings"] if w["code"] == "unsatisfiable-schema")
    assert "GET /exports/{id}" in warning["message"] and "uuid" in warning["message"]
    assert code == 0


def test_reads_after_a_create_without_id_still_go_out(tmp_path) -> None:
    no_id = {"type": "object", "properties": {"success": {"type": "boolean"}}}
    spec = {**SPEC, "paths": {"/reports": {"post": {"operationId": "createReport", "responses": _ok(no_id)}},
                              "/reports/{reportId}": {"get": {"operationId": "getReport", "parameters": [_id_param("reportId")], "responses": _ok(COMMON)}}}}
    path = _write(tmp_path, spec)
    counts = {}
    for phases in ("examples", "examples,stateful"):
        out = tmp_path / phases.replace(",", "-")
        run_cli(str(path), "--phases", phases, "--report-dir", str(out), "--quiet")
        counts[phases] = operations(report(out))["GET /reports/{reportId}"]["requests"]
    assert counts["examples,stateful"] == counts["examples"] + 1
