"""`contracts sandbox` from the command line: help, profile listing, serving a chosen spec."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx

from contracts.sandbox import available_profiles
from tests.fixtures.sandbox import start_cli as _start_cli
from tests.fixtures.sandbox import stop_cli as _stop

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "contracts", "sandbox", *args], capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=60)


def test_help_shows_examples_and_options():
    result = _run("--help")
    assert result.returncode == 0
    for text in ("--spec", "--faults", "--state", "--rate-limit", "examples:", "/__sandbox/injected"):
        assert text in result.stdout


def test_faults_help_lists_every_profile():
    result = _run("--faults", "help")
    assert result.returncode == 0
    listed = [line.split()[0] for line in result.stdout.splitlines()]
    assert listed == available_profiles()


def test_serves_the_older_rendering_with_a_fault_profile(tmp_path):
    proc, url = _start_cli("--older", "--faults", "missing-track-id", "--seed", "3")
    try:
        health = httpx.get(f"{url}/__sandbox/health").json()
        assert health["faults"] == "missing-track-id" and health["operations"] == 9
        # the older rendering has no length limit on Idempotency-Key
        data = {"client_id": "5a4db0c1-5a4d-4b0c-8e1d-5a4db0c11e47", "client_secret": "specpact-sandbox-secret", "grant_type": "client_credentials"}
        token = httpx.post(f"{url}/oauth/token", data=data).json()["access_token"]
        response = httpx.post(
            f"{url}/v1/bill-runs",
            json={"targetDate": "2026-01-01"},
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "k" * 300, "Zuora-Track-Id": "t-1"},
        )
        assert response.status_code == 200 and "Zuora-Track-Id" not in response.headers
        assert httpx.get(f"{url}/__sandbox/injected").json()["count"] == 1
    finally:
        _stop(proc)
