"""Bad inputs and broken servers (issue 5): one-line errors, the right exit code, nothing lost.

Every target is real: the catalog app, a plain non-Zuora app, raw sockets that never answer,
reset connections or speak something other than HTTP (tests/fixtures/broken_servers.py).
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from contracts._report._writers import write_reports
from tests.contracts._helpers import ROOT, failed_checks, operations, report, run_cli
from tests.fixtures.apps import CLIENT_ID, CLIENT_SECRET

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _contracts(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "contracts", *args], capture_output=True, text=True, env=ENV, timeout=timeout)


def _one_line_error(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


@pytest.fixture
def oauth_env(monkeypatch):
    monkeypatch.setenv("ZUORA_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("ZUORA_CLIENT_SECRET", CLIENT_SECRET)


# --- 1. sandbox --state that SQLite cannot use ---------------------------------------------------


def test_sandbox_state_directory_or_non_sqlite_file_is_one_line_exit_2(tmp_path):
    not_a_db = tmp_path / "notadb.yaml"
    not_a_db.write_text("tenant: 1\n")
    for state, words in ((tmp_path, "is a directory"), (not_a_db, "not an SQLite database")):
        result = _contracts("sandbox", "--port", "0", "--state", str(state), timeout=60)
        assert result.returncode == 2
        line = _one_line_error(result.stderr)
        assert str(state) in line and words in line and "give" in line
    assert not_a_db.read_text() == "tenant: 1\n"  # never overwritten


def test_sandbox_state_existing_sqlite_file_still_serves(tmp_path):
    from tests.fixtures.sandbox import start_cli, stop_cli

    db = tmp_path / "tenant.sqlite"
    sqlite3.connect(db).close()
    proc, url = start_cli("--state", str(db))
    try:
        assert url.startswith("http://127.0.0.1:")
    finally:
        stop_cli(proc)


# --- 2. baseline with unquoted YAML dates; one odd value never loses the report -----------------


def test_unquoted_yaml_dates_in_baseline(catalog_app, items_spec, tmp_path, oauth_env):
    served = catalog_app("wrong-status", auth=True)
    baseline = tmp_path / "baseline.yaml"
    baseline.write_text(
        "knownFailures:\n"
        "  - {operation: POST /v1/items, check: status_code_conformance, reason: TICKET-1, expires: 2999-01-01}\n"
        "  - {operation: POST /v1/items, check: response_schema_conformance, reason: TICKET-2, expires: 2999-01-01}\n"
        "  - {operation: GET /v1/health, check: not_a_server_error, reason: old, expires: 2020-01-01}\n"
    )
    reports = tmp_path / "r"
    base = ["--base-url", served.base_url, "--report-dir", str(reports), "--quiet", "--method", "POST"]
    assert run_cli(str(items_spec), *base) == 1  # (also settles the app's idempotency store)
    code = run_cli(str(items_spec), *base, "--baseline", str(baseline))
    data = report(reports)
    assert code == 0, failed_checks(data)
    post = operations(data)["POST /v1/items"]
    assert post["failures"] and all(f["baselined"] and f["baselineExpires"] == "2999-01-01" for f in post["failures"])
    assert data["baseline"]["expired"] == [
        {"operation": "GET /v1/health", "check": "not_a_server_error", "fingerprint": None, "reason": "old", "expires": "2020-01-01"}
    ]


def test_report_writer_survives_unserialisable_values(tmp_path):
    import datetime as dt

    written, notes = write_reports(
        {"run": {"durationSeconds": 0, "when": dt.date(2020, 1, 1), "odd": {1, 2}}, "tags": []}, tmp_path
    )
    assert tmp_path / "conformance.json" in written and tmp_path / "junit.xml" in written
    assert not [n for n in notes if n.startswith(("conformance.json", "junit.xml"))]
    assert json.loads((tmp_path / "conformance.json").read_text())["run"]["when"] == "2020-01-01"


# --- 3. --timeout wins; 0 or negative is a usage error ------------------------------------------


def test_timeout_option_wins_over_schemathesis_default(raw_server, items_spec, tmp_path, capsys):
    silent = raw_server("silent")
    started = time.monotonic()
    code = run_cli(
        str(items_spec), "--base-url", silent.base_url, "--report-dir", str(tmp_path), "--timeout", "0.5",
        "--max-requests", "2", "--phases", "examples", "--quiet",
    )
    assert time.monotonic() - started < 9  # schemathesis's 10 s would have been one request
    data = report(tmp_path)
    messages = [f["message"] for op in operations(data).values() for f in op["failures"]]
    assert messages and all("read timeout=0.5" in m for m in messages), messages
    assert "read timeout=10" not in json.dumps(data)
    assert code == 2  # no HTTP response at all: could not run


@pytest.mark.parametrize("value", ["0", "-3", "nan"])
def test_non_positive_timeout_is_a_usage_error(items_spec, tmp_path, capsys, value):
    assert run_cli(str(items_spec), "--base-url", "http://127.0.0.1:9", "--timeout", value, "--report-dir", str(tmp_path)) == 2
    assert "--timeout" in _one_line_error(capsys.readouterr().err)


# --- 4. SIGTERM keeps everything measured: see test_run_interrupt.py (parametrized with SIGINT) ----


# --- 5. production guard: host spellings ----------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["https://rest.zuora.com.", "https://REST.Zuora.COM./v1", "https://rest\uff0ezuora\uff0ecom", "https://rest.eu.zuora.com.:443"]
)
def test_production_guard_normalises_hosts(items_spec, tmp_path, capsys, url):
    assert run_cli(str(items_spec), "--base-url", url, "--report-dir", str(tmp_path)) == 2
    assert "refusing to test production host" in _one_line_error(capsys.readouterr().err)
    assert not (tmp_path / "conformance.json").exists()


def test_configured_production_host_normalised(items_spec, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CONTRACTS_PRODUCTION_HOSTS", "Billing.Example.COM.")
    assert run_cli(str(items_spec), "--base-url", "https://billing.example.com.", "--report-dir", str(tmp_path)) == 2
    assert "refusing" in _one_line_error(capsys.readouterr().err)


# --- 6. exit codes: nothing selected, auth failure, no HTTP -----------------------------------


def test_filter_selecting_nothing_is_exit_2_with_tags(catalog_app, items_spec, tmp_path, capsys):
    served = catalog_app()
    assert run_cli(str(items_spec), "--base-url", served.base_url, "--tag", "nosuchtag", "--report-dir", str(tmp_path)) == 2
    line = _one_line_error(capsys.readouterr().err)
    assert "no operation matched the filters" in line and "Items" in line and "Meta" in line
    assert served.app.log == []
    assert run_cli(str(items_spec), "--base-url", served.base_url, "--path-regex", "^/nowhere", "--report-dir", str(tmp_path)) == 2
    assert "no operation matched" in _one_line_error(capsys.readouterr().err)


def test_every_response_401_is_an_auth_failure_exit_2(status_app, items_spec, tmp_path, capsys):
    served = status_app(401)
    code = run_cli(str(items_spec), "--base-url", served.base_url, "--report-dir", str(tmp_path), "--quiet")
    err = capsys.readouterr().err
    assert code == 2, err
    assert "auth failure: every response was 401" in err and "Traceback" not in err
    data = report(tmp_path)
    assert any(w["code"] == "all-unauthorized" for w in data["warnings"])
    assert data["summary"]["requests"] > 0


@pytest.mark.parametrize("behaviour", ["reset", "garbage"])
def test_no_http_response_at_all_is_exit_2_with_reports(raw_server, items_spec, tmp_path, capsys, behaviour):
    server = raw_server(behaviour)
    code = run_cli(str(items_spec), "--base-url", server.base_url, "--report-dir", str(tmp_path), "--phases", "examples", "--quiet")
    err = capsys.readouterr().err
    assert code == 2, err
    assert "could not run" in err and "Traceback" not in err
    data = report(tmp_path)
    assert [w for w in data["warnings"] if w["code"] == "no-http-responses"]
    assert server.connections > 0


# --- 7. --report-dir checked before the run --------------------------------------------------------


@pytest.mark.parametrize("where", ["file", "/dev/null", "/proc/x", "under-file"])
def test_unwritable_report_dir_refused_before_any_request(catalog_app, items_spec, tmp_path, capsys, where):
    served = catalog_app()
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    report_dir = {"file": str(a_file), "under-file": str(a_file / "reports")}.get(where, where)
    assert run_cli(str(items_spec), "--base-url", served.base_url, "--report-dir", report_dir) == 2
    line = _one_line_error(capsys.readouterr().err)
    assert "--report-dir" in line
    assert served.app.log == []


# --- 8. Zuora checks apply only where Zuora-like ---------------------------------------------------


def test_plain_non_zuora_api_conforms(plain_app, plain_spec, tmp_path, capsys):
    code = run_cli(str(plain_spec), "--base-url", plain_app.base_url, "--report-dir", str(tmp_path), "--quiet")
    data = report(tmp_path)
    assert code == 0, (capsys.readouterr().err, failed_checks(data))
    assert data["run"]["zuoraChecks"]["mode"] == "auto"
    assert "zuora_track_id_echo" in data["run"]["zuoraChecks"]["notApplied"]
    for op in operations(data).values():
        for name in ("zuora_track_id_echo", "zuora_success_flag", "zuora_gzip", "zuora_request_id"):
            assert op["checks"][name]["passed"] == 0 and op["checks"][name]["failed"] == 0 and op["checks"][name]["na"] > 0
    # forced on, the same API breaks Zuora's conventions
    assert run_cli(str(plain_spec), "--base-url", plain_app.base_url, "--report-dir", str(tmp_path), "--zuora", "--quiet") == 1
    assert "zuora_track_id_echo" in failed_checks(report(tmp_path))


def test_zuora_like_spec_keeps_zuora_checks(catalog_app, items_spec, tmp_path):
    served = catalog_app("no-track-echo")  # ITEMS_SPEC documents Zuora-Request-Id: Zuora-like
    assert run_cli(str(items_spec), "--base-url", served.base_url, "--report-dir", str(tmp_path), "--quiet") == 1
    assert "zuora_track_id_echo" in failed_checks(report(tmp_path))
    assert run_cli(str(items_spec), "--base-url", served.base_url, "--report-dir", str(tmp_path), "--no-zuora-checks", "--quiet") == 0


# --- 9. smaller ones --------------------------------------------------------------------------


def test_baseline_unknown_check_or_operation_reported(catalog_app, items_spec, tmp_path, capsys):
    served = catalog_app()
    baseline = tmp_path / "baseline.yaml"
    baseline.write_text(
        "knownFailures:\n"
        "  - {operation: GET /v1/items, check: no_such_check, reason: typo}\n"
        "  - {operation: GET /v1/nowhere, check: not_a_server_error, reason: gone}\n"
        "  - {operation: GET /v1/items, check: not_a_server_error, reason: fixed long ago}\n"
    )
    reports = tmp_path / "r"
    run_cli(str(items_spec), "--base-url", served.base_url, "--report-dir", str(reports), "--baseline", str(baseline), "--quiet")
    err = capsys.readouterr().err
    data = report(reports)
    invalid = {e["reason"]: e["problem"] for e in data["baseline"]["invalid"]}
    assert "unknown check 'no_such_check'" in invalid["typo"]
    assert "not in the spec" in invalid["gone"]
    assert [e["reason"] for e in data["baseline"]["unused"]] == ["fixed long ago"]
    assert "warning: baseline entry GET /v1/items / no_such_check: unknown check" in err
    assert "matched no failure" in err


@pytest.mark.parametrize(
    ("args", "prog"),
    [(("run", "--max-examples", "abc"), "contracts run"), (("run", "--seed", "x"), "contracts run"), (("sandbox", "--port", "abc"), "contracts sandbox")],
)
def test_argparse_errors_are_one_line(args, prog):
    result = _contracts(*args, timeout=60)
    assert result.returncode == 2
    assert _one_line_error(result.stderr).startswith(f"{prog}: error: argument")


def test_top_level_help_lists_subcommands_and_version():
    for flag in ("--help", "-h"):
        result = _contracts(flag, timeout=60)
        assert result.returncode == 0
        for text in ("run ", "sandbox ", "report ", "examples:"):
            assert text in result.stdout
        assert "--max-examples" not in result.stdout  # the overview, not run's options
    for args in (("--version",), ("run", "--version"), ("sandbox", "--version")):
        result = _contracts(*args, timeout=60)
        assert result.returncode == 0 and "0." in result.stdout


def test_reports_honour_umask_and_progress_agrees_with_summary(catalog_app, items_spec, tmp_path):
    served = catalog_app()
    result = subprocess.run(
        [sys.executable, "-c", "import os, sys; os.umask(0o022); from contracts._cli import main; sys.exit(main(sys.argv[1:]))",
         "run", str(items_spec), "--base-url", served.base_url, "--report-dir", str(tmp_path)],
        capture_output=True, text=True, env=ENV, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    for path in Path(tmp_path).glob("*.*"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path
    progress = [line for line in result.stderr.splitlines() if line.startswith("contracts: [")]
    summary = next(line for line in result.stderr.splitlines() if "operations conform" in line)
    final_requests = progress[-1].split(" failures, ")[1].split(" requests")[0]
    assert f"{final_requests} requests in" in summary, (progress[-1], summary)
    assert report(tmp_path)["summary"]["requests"] == int(final_requests)
    rendered = subprocess.run(
        [sys.executable, "-c", "import os, sys; os.umask(0o022); from contracts._cli import main; sys.exit(main(sys.argv[1:]))",
         "report", str(tmp_path / "conformance.json"), "-o", str(tmp_path / "again" / "out.html")],
        capture_output=True, text=True, env=ENV, timeout=120,
    )
    assert rendered.returncode == 0, rendered.stderr
    assert stat.S_IMODE((tmp_path / "again" / "out.html").stat().st_mode) == 0o644
