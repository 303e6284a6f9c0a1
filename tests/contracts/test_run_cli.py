"""`contracts run` end to end against real apps on 127.0.0.1 (tests/fixtures/apps.py)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tests.contracts._helpers import failed_checks, operations, report, run_cli
from tests.fixtures.apps import CLIENT_ID, CLIENT_SECRET


@pytest.fixture
def oauth_env(monkeypatch):
    monkeypatch.setenv("ZUORA_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("ZUORA_CLIENT_SECRET", CLIENT_SECRET)


def test_conforming_app_passes_with_checks_tallied(catalog_app, items_spec, tmp_path, oauth_env, capsys):
    served = catalog_app(auth=True)
    code = run_cli(str(items_spec), "--base-url", served.base_url, "--report-dir", str(tmp_path), "--auth", "oauth2")
    err = capsys.readouterr().err
    data = report(tmp_path)
    assert code == 0, (err, failed_checks(data))
    assert data["summary"]["operations"] == {"total": 5, "tested": 5, "passed": 5, "failed": 0, "errored": 0, "skipped": 0}
    assert data["run"]["partial"] is False
    assert data["run"]["target"]["environment"] == "other"
    # Applicability: every call is judged by each check exactly once, as passed, failed or N/A.
    for op in operations(data).values():
        calls = sum(op["responseCodes"].values())
        for name, tally in op["checks"].items():
            if name in ("ignored_auth", "zuora_idempotency_replay", "ensure_resource_availability", "use_after_free"):
                continue  # run once per operation / per created resource
            assert tally["passed"] + tally["failed"] + tally["na"] == calls, (op["path"], name)
    post = operations(data)["POST /v1/items"]["checks"]
    assert post["negative_data_rejection"]["passed"] > 0 and post["negative_data_rejection"]["na"] > 0
    assert post["zuora_idempotency_replay"] == {"passed": 1, "failed": 0, "na": 0}
    assert operations(data)["GET /v1/items"]["checks"]["zuora_gzip"]["passed"] > 0
    assert data["summary"]["checks"]["na"] > 0
    junit = ET.parse(tmp_path / "junit.xml").getroot()
    assert junit.tag == "testsuites" and not junit.findall(".//failure")
    assert "5/5 operations conform" in err
    get_item = operations(data)["GET /v1/items/{itemId}"]["checks"]
    assert get_item["ensure_resource_availability"]["passed"] >= 1 and get_item["use_after_free"]["passed"] >= 1


@pytest.mark.parametrize(
    ("drift", "check"),
    [
        ("wrong-status", "status_code_conformance"),
        ("missing-property", "response_schema_conformance"),
        ("no-track-echo", "zuora_track_id_echo"),
        ("short-request-id", "zuora_request_id"),
        ("bad-ratelimit", "zuora_rate_limit_headers"),
        ("no-gzip", "zuora_gzip"),
        ("idempotency-broken", "zuora_idempotency_replay"),
        ("ignored-auth", "ignored_auth"),
        ("server-error", "not_a_server_error"),
        ("reject-valid", "positive_data_acceptance"),
        ("delete-keeps", "use_after_free"),
        ("lost-create", "ensure_resource_availability"),
    ],
)
def test_each_drift_is_caught_by_its_check(catalog_app, items_spec, tmp_path, oauth_env, drift, check):
    served = catalog_app(drift, auth=True)
    code = run_cli(str(items_spec), "--base-url", served.base_url, "--report-dir", str(tmp_path), "--quiet")
    data = report(tmp_path)
    assert code == 1
    assert check in failed_checks(data)
    failure = next(f for op in operations(data).values() for f in op["failures"] if f["check"] == check)
    assert failure["curl"].startswith("curl -X ")
    assert failure["fingerprint"] and failure["title"]
    if check != "zuora_track_id_echo":
        assert failure["trackId"] and failure["trackId"].startswith("specpact-")
    junit = ET.parse(tmp_path / "junit.xml").getroot()
    assert any(check in (f.get("message") or "") for f in junit.iter("failure"))


def test_200_success_false_counts_as_rejection_unlike_plain_schemathesis(catalog_app, items_spec, tmp_path, oauth_env):
    served = catalog_app("zuora-200-reject", auth=True)
    code = run_cli(str(items_spec), "--base-url", served.base_url, "--report-dir", str(tmp_path), "--quiet")
    data = report(tmp_path)
    assert code == 0, failed_checks(data)
    rejected = [e for e in served.app.log if e["method"] == "POST"]
    assert rejected, "negative cases were sent"
    # Plain schemathesis, same spec, same app: its negative_data_rejection calls these failures.
    import schemathesis
    from schemathesis.specs.openapi.checks import negative_data_rejection

    from contracts._engine._generate import iter_cases
    from tests.fixtures.apps import ITEMS_SPEC

    schema = schemathesis.openapi.from_dict(ITEMS_SPEC)
    schema.config.update(base_url=served.base_url)
    op = schema["/v1/items"]["POST"]
    import requests

    token = requests.post(
        served.base_url + "/oauth/token", data={"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}, timeout=5
    ).json()["access_token"]
    plain_failures = 0
    for _, case in iter_cases(op, ("coverage",), 5, 0):
        if case.meta is None or not case.meta.generation.mode.is_negative:
            continue
        response = case.call(headers={"Authorization": f"Bearer {token}"})
        try:
            case.validate_response(response, checks=[negative_data_rejection])
        except (AssertionError, BaseExceptionGroup):
            plain_failures += 1
    assert plain_failures > 0
    assert operations(data)["POST /v1/items"]["checks"]["negative_data_rejection"]["passed"] > 0


def test_filters_skip_with_reason(catalog_app, items_spec, tmp_path, oauth_env):
    served = catalog_app(auth=True)
    code = run_cli(str(items_spec), "--base-url", served.base_url, "--report-dir", str(tmp_path), "--tag", "Meta", "--quiet")
    data = report(tmp_path)
    assert code == 0
    ops = operations(data)
    assert ops["GET /v1/health"]["status"] == "passed"
    assert {ops[k]["skipReason"] for k in ops if k != "GET /v1/health"} == {"filtered"}
    assert {e["path"] for e in served.app.log} == {"/v1/health"}
    run_cli(str(items_spec), "--base-url", served.base_url, "--report-dir", str(tmp_path), "--method", "post", "--quiet")
    assert [o["status"] for o in operations(report(tmp_path)).values() if o["status"] != "skipped"] == ["passed"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--max-examples", "0"], "--max-examples=0"),
        (["--phases", "examples,bogus"], "unknown phase 'bogus'"),
        (["--path-regex", "("], "--path-regex="),
        (["--auth", "kerberos"], "argument --auth: invalid choice"),
        (["--max-requests", "many"], "argument --max-requests: invalid int value"),
    ],
)
def test_bad_options_exit_2_with_one_line(items_spec, tmp_path, capsys, args, message):
    try:
        code = run_cli(str(items_spec), "--base-url", "http://127.0.0.1:9", "--report-dir", str(tmp_path), *args)
    except SystemExit as exc:  # argparse's own refusals
        code = exc.code
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert message in err and len(err.splitlines()) == 1


def test_bad_spec_and_unreachable_target_exit_2(tmp_path, items_spec, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("openapi: [unclosed\n")
    assert run_cli(str(bad), "--base-url", "http://127.0.0.1:9") == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert run_cli(str(items_spec), "--base-url", "http://127.0.0.1:9", "--report-dir", str(tmp_path)) == 2
    err = capsys.readouterr().err.strip()
    assert "nothing answers" in err and len(err.splitlines()) == 1


def test_baseline_keeps_known_failures_visible(catalog_app, items_spec, tmp_path, oauth_env):
    served = catalog_app("wrong-status", auth=True)
    base = ["--base-url", served.base_url, "--report-dir", str(tmp_path), "--quiet", "--method", "POST"]
    assert run_cli(str(items_spec), *base) == 1
    baseline = tmp_path / "baseline.yaml"
    baseline.write_text(
        "knownFailures:\n"
        "  - {operation: POST /v1/items, check: status_code_conformance, reason: TICKET-1, expires: '2999-01-01'}\n"
        "  - {operation: POST /v1/items, check: response_schema_conformance, reason: TICKET-2, expires: '2999-01-01'}\n"
        "  - {operation: GET /v1/health, check: not_a_server_error, reason: old, expires: '2001-01-01'}\n"
    )
    assert run_cli(str(items_spec), *base, "--baseline", str(baseline)) == 0
    data = report(tmp_path)
    post = operations(data)["POST /v1/items"]
    assert post["status"] == "passed"
    assert all(f["baselined"] for f in post["failures"]) and post["failures"]
    assert post["failures"][0]["baselineReason"].startswith("TICKET")
    assert data["summary"]["baselined"] >= 1
    assert [e["reason"] for e in data["baseline"]["expired"]] == ["old"]
    baseline.write_text("knownFailures:\n  - {operation: POST /v1/items, check: status_code_conformance, reason: x, expires: '2001-01-01'}\n")
    assert run_cli(str(items_spec), *base, "--baseline", str(baseline)) == 1


def test_changed_since_runs_only_changed_operations(catalog_app, items_spec, tmp_path, oauth_env):
    import json

    from tests.fixtures.apps import items_spec_copy

    base = items_spec_copy()
    base["paths"]["/v1/health"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["status"]["enum"] = ["up", "down"]
    base_path = tmp_path / "base.json"
    base_path.write_text(json.dumps(base))
    served = catalog_app(auth=True)
    code = run_cli(str(items_spec), "--base-url", served.base_url, "--report-dir", str(tmp_path), "--changed-since", str(base_path), "--quiet")
    data = report(tmp_path)
    assert code == 0
    tested = {k for k, op in operations(data).items() if op["status"] != "skipped"}
    assert tested == {"GET /v1/health"}
    assert {e["path"] for e in served.app.log} == {"/v1/health"}


def test_changed_since_an_identical_spec_tests_nothing_and_passes(catalog_app, items_spec, tmp_path, oauth_env, capsys):
    """The upgrade gate on an unchanged spec: nothing to test is a pass, and no request is sent."""
    served = catalog_app(auth=True)
    code = run_cli(str(items_spec), "--base-url", served.base_url, "--report-dir", str(tmp_path), "--changed-since", str(items_spec), "--quiet")
    assert code == 0
    assert "no changed operation" in capsys.readouterr().err
    assert served.app.log == []


def test_no_arguments_runs_the_curated_spec_on_an_embedded_sandbox(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code = run_cli("--quiet")
    err = capsys.readouterr().err
    data = report(tmp_path / "reports")
    assert code == 0, err
    assert data["run"]["target"]["environment"] == "embedded-sandbox"
    assert data["summary"]["operations"]["failed"] == 0 and data["summary"]["operations"]["tested"] >= 9
    assert {f["name"]: f["status"] for f in data["flows"]} == {"deletion-job-completes": "passed", "bill-run-cancel": "passed"}
    assert "specpact-sandbox-secret" not in (tmp_path / "reports" / "conformance.json").read_text()
    if (tmp_path / "reports" / "conformance.html").exists():
        assert (tmp_path / "reports" / "conformance.md").exists()


def test_embedded_sandbox_faults_are_found(tmp_path):
    code = run_cli("--faults", "zuora-drift", "--report-dir", str(tmp_path), "--quiet")
    data = report(tmp_path)
    assert code == 1
    injected = {f["operationId"] for f in data["faultsInjected"]["faults"]}
    failed = {op["operationId"] for op in operations(data).values() if op["status"] == "failed"}
    assert injected and injected <= failed, injected - failed


def test_workers_find_the_same_failures(catalog_app, items_spec, tmp_path, oauth_env):
    found = []
    for workers in ("1", "3"):
        served = catalog_app("wrong-status", "no-gzip", auth=True)
        code = run_cli(str(items_spec), "--base-url", served.base_url, "--report-dir", str(tmp_path), "--workers", workers, "--quiet")
        assert code == 1
        found.append({(k, f["check"]) for k, op in operations(report(tmp_path)).items() for f in op["failures"]})
    assert found[0] == found[1]


def test_progress_is_one_updating_line_on_a_tty_and_plain_lines_otherwise(monkeypatch):
    import io

    from contracts._cli_run import ProgressPrinter

    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("CI", raising=False)
    tty = Tty()
    printer = ProgressPrinter(tty)
    for done in range(1, 21):
        printer(done, 20, done // 5, done * 7)
    assert tty.getvalue().count("\r") == 20 and tty.getvalue().endswith("\n")
    assert "[20/20 ops] 4 failures, 140 requests" in tty.getvalue()
    plain = io.StringIO()
    printer = ProgressPrinter(plain)
    for done in range(1, 21):
        printer(done, 20, 0, done)
    lines = plain.getvalue().splitlines()
    assert "\r" not in plain.getvalue() and 5 <= len(lines) <= 11
    assert lines[-1].startswith("contracts: [20/20 ops]")
