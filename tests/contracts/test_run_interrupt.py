"""Interrupted runs keep what they measured; the same seed sends the same requests; no secret leaks."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.contracts._helpers import ROOT, operations, report, run_cli
from tests.fixtures.apps import CLIENT_ID, CLIENT_SECRET


@pytest.mark.parametrize(
    ("signum", "exit_code", "reason"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "interrupted (SIGTERM)")],
    ids=["SIGINT", "SIGTERM"],
)
def test_a_signal_mid_run_writes_partial_reports(catalog_app, items_spec, tmp_path, signum, exit_code, reason):
    """Ctrl-C and a CI job being cancelled (SIGTERM) both keep everything measured, marked partial."""
    served = catalog_app("slow:0.05")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "contracts", "run", str(items_spec), "--base-url", served.base_url, "--report-dir", str(tmp_path), "--max-examples", "10"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while len(served.app.log) < 6 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == exit_code, err
    assert "Traceback" not in err
    data = report(tmp_path)
    assert data["run"]["partial"] is True and data["run"]["partialReason"].startswith(reason)
    if signum == signal.SIGTERM:
        assert data["run"]["partialReason"] == reason
    assert data["summary"]["requests"] >= 6
    assert (tmp_path / "junit.xml").exists()


def test_target_dying_mid_run_keeps_results(catalog_app, items_spec, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ZUORA_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("ZUORA_CLIENT_SECRET", CLIENT_SECRET)
    served = catalog_app("die-after:12", auth=True)
    code = run_cli(str(items_spec), "--base-url", served.base_url, "--report-dir", str(tmp_path), "--quiet")
    data = report(tmp_path)
    assert code == 2, [(f["check"], f["message"]) for op in operations(data).values() for f in op["failures"]]
    assert data["run"]["partial"] is True and data["run"]["partialReason"].startswith("target became unreachable")
    assert sum(op["requests"] for op in operations(data).values()) >= 10
    assert "target became unreachable" in capsys.readouterr().err


def _requests(app):
    # Ids the server assigned (followed in the stateful phase) differ per run: compare them as <id>.
    def path(p):
        return "/".join("<id>" if part in app.items or part in app.deleted else part for part in p.split("/"))

    return [(e["method"], path(e["path"]), e["query"], e["body"]) for e in app.log]


def test_same_seed_sends_the_same_requests(catalog_app, items_spec, tmp_path):
    runs = []
    for seed in ("7", "7", "8"):
        served = catalog_app()
        run_cli(str(items_spec), "--base-url", served.base_url, "--report-dir", str(tmp_path), "--seed", seed, "--quiet")
        runs.append(_requests(served.app))
    assert runs[0] == runs[1] and len(runs[0]) > 20
    assert any("<id>" in r[1] for r in runs[0]), "the stateful phase followed a created item"
    assert runs[0] != runs[2]


def test_known_secrets_never_appear_in_any_output(catalog_app, items_spec, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ZUORA_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("ZUORA_CLIENT_SECRET", CLIENT_SECRET)
    served = catalog_app("echo-auth", "wrong-status", "no-track-echo", auth=True)
    code = run_cli(
        str(items_spec), "--base-url", served.base_url, "--report-dir", str(tmp_path), "--token-url", served.base_url + "/oauth/token"
    )
    out = capsys.readouterr()
    assert code == 1
    data = report(tmp_path)
    excerpts = [f["responseExcerpt"] for op in operations(data).values() for f in op["failures"]]
    assert any('"debug"' in e for e in excerpts), "the leaking app's body is in the report"
    texts = [p.read_text() for p in tmp_path.iterdir() if p.is_file()] + [out.out, out.err]
    secrets = [CLIENT_SECRET, *served.app.tokens]
    assert served.app.tokens
    for text in texts:
        for secret in secrets:
            assert secret not in text
    assert "[masked]" in json.dumps(data)
