"""The safety guard, hard budgets and politeness, against real apps on 127.0.0.1."""

from __future__ import annotations

import time

import pytest

from contracts._engine._errors import SafetyRefusal
from contracts._engine._target import make_target
from tests.contracts._helpers import operations, report, run_cli
from tests.fixtures.apps import CLIENT_ID, CLIENT_SECRET

SAFE = {"GET", "HEAD", "OPTIONS"}


@pytest.mark.parametrize("host", ["rest.zuora.com", "rest.na.zuora.com", "rest.eu.zuora.com", "rest.ap.zuora.com"])
def test_zuora_production_hosts_refused_before_any_request(items_spec, tmp_path, capsys, host):
    assert run_cli(str(items_spec), "--base-url", f"https://{host}", "--report-dir", str(tmp_path)) == 2
    err = capsys.readouterr().err.strip()
    assert "refusing to test production host" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "conformance.json").exists()


def test_allow_production_is_read_only():
    target = make_target("https://rest.zuora.com", allow_production=True, production_hosts=set())
    assert target.environment == "production" and target.read_only
    assert target.allows("GET") and not target.allows("POST")
    with pytest.raises(SafetyRefusal):
        make_target("https://billing.example.com", production_hosts={"billing.example.com"})
    assert make_target("https://rest.apisandbox.zuora.com", production_hosts=set()).environment == "sandbox"


def test_configured_production_host_refused_then_only_safe_methods(catalog_app, items_spec, tmp_path, monkeypatch):
    monkeypatch.setenv("CONTRACTS_PRODUCTION_HOSTS", "127.0.0.1")
    served = catalog_app()
    assert run_cli(str(items_spec), "--base-url", served.base_url, "--report-dir", str(tmp_path)) == 2
    assert served.app.log == []
    run_cli(str(items_spec), "--base-url", served.base_url, "--report-dir", str(tmp_path), "--allow-production", "--quiet")
    data = report(tmp_path)
    assert data["run"]["target"]["environment"] == "production"
    assert served.app.log and {e["method"] for e in served.app.log} <= SAFE
    assert operations(data)["POST /v1/items"]["skipReason"] == "excluded as unsafe"
    assert data["summary"]["bestScore"] < 1.0


def test_read_only_anywhere(catalog_app, items_spec, tmp_path):
    served = catalog_app()
    run_cli(str(items_spec), "--base-url", served.base_url, "--report-dir", str(tmp_path), "--read-only", "--quiet")
    assert served.app.log and {e["method"] for e in served.app.log} <= SAFE
    assert operations(report(tmp_path))["POST /v1/items"]["status"] == "skipped"


def test_max_requests_is_a_hard_budget(catalog_app, items_spec, tmp_path):
    served = catalog_app()
    run_cli(str(items_spec), "--base-url", served.base_url, "--report-dir", str(tmp_path), "--max-requests", "5", "--quiet")
    data = report(tmp_path)
    assert len(served.app.log) <= 5
    assert data["summary"]["requests"] == 5
    assert data["run"]["partial"] is True and "--max-requests 5" in data["run"]["partialReason"]


def test_max_time_is_a_hard_budget(catalog_app, items_spec, tmp_path):
    served = catalog_app("slow:0.2")
    started = time.monotonic()
    run_cli(str(items_spec), "--base-url", served.base_url, "--report-dir", str(tmp_path), "--max-time", "1", "--quiet")
    assert time.monotonic() - started < 4
    data = report(tmp_path)
    assert data["run"]["partial"] is True and "--max-time 1" in data["run"]["partialReason"]
    assert 0 < data["summary"]["requests"] <= 7


def test_429_with_retry_after_slows_down_instead_of_failing(catalog_app, items_spec, tmp_path, monkeypatch):
    monkeypatch.setenv("ZUORA_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("ZUORA_CLIENT_SECRET", CLIENT_SECRET)
    served = catalog_app("rate-limit-429", auth=True)
    code = run_cli(str(items_spec), "--base-url", served.base_url, "--report-dir", str(tmp_path), "--quiet", "--method", "POST")
    data = report(tmp_path)
    assert code == 0, [f["title"] for op in operations(data).values() for f in op["failures"]]
    assert sum(1 for e in served.app.log if e["method"] == "POST") > operations(data)["POST /v1/items"]["requests"]
    assert "429" not in operations(data)["POST /v1/items"]["responseCodes"]
    assert any(w["code"] == "rate-limited" for w in data["warnings"])


def test_low_ratelimit_remaining_pauses(catalog_app, items_spec, tmp_path):
    served = catalog_app("low-remaining")
    started = time.monotonic()
    run_cli(str(items_spec), "--base-url", served.base_url, "--report-dir", str(tmp_path), "--quiet", "--max-requests", "3")
    assert time.monotonic() - started >= 1.5  # Reset 1s, Remaining 0: about a second per request
    assert any(w["code"] == "rate-limited" for w in report(tmp_path)["warnings"])


def test_max_time_cuts_a_hanging_request(catalog_app, items_spec, tmp_path):
    served = catalog_app("slow:5")
    started = time.monotonic()
    code = run_cli(str(items_spec), "--base-url", served.base_url, "--report-dir", str(tmp_path), "--max-time", "1", "--quiet")
    assert time.monotonic() - started < 3.5
    data = report(tmp_path)
    assert code == 0 and data["run"]["partial"] is True
    assert data["summary"]["failures"] == 0  # the budget's cut is not the server's fault
