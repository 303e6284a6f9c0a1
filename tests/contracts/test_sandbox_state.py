"""State in SQLite: restarts with a state file keep the tenant; concurrent clients never corrupt it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from contracts.sandbox import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET
from tests.fixtures.sandbox import start_cli as _start_cli
from tests.fixtures.sandbox import stop_cli as _stop
from tests.fixtures.sandbox import token_for

ROOT = Path(__file__).resolve().parents[2]


def test_restart_with_state_file_keeps_data_and_tokens(sandbox_factory, tmp_path):
    state = tmp_path / "tenant.sqlite"
    first = sandbox_factory(state=state)
    with httpx.Client(base_url=first.base_url) as client:
        token = token_for(first, client)
        client.headers["Authorization"] = f"Bearer {token}"
        run = client.post("/v1/bill-runs", json={"targetDate": "2026-01-01", "name": "kept"}).json()
        client.put(f"/v1/bill-runs/{run['id']}/cancel", json={})
        job = client.post("/v1/accounts/billing-documents/files/deletion-jobs", json={"accountIds": ["a1"]}).json()
    first.stop()
    second = sandbox_factory(state=state)
    with httpx.Client(base_url=second.base_url, headers={"Authorization": f"Bearer {token}"}) as client:
        again = client.get(f"/v1/bill-runs/{run['id']}")
        assert again.status_code == 200
        assert again.json()["name"] == "kept" and again.json()["status"] == "Canceled"
        assert client.get(f"/v1/accounts/billing-documents/files/deletion-jobs/{job['id']}").status_code == 200
        # numbering continues instead of restarting
        new = client.post("/v1/bill-runs", json={"targetDate": "2026-01-01"}).json()
        assert new["billRunNumber"] > run["billRunNumber"]


def test_memory_state_is_per_sandbox(sandbox_factory):
    a, b = sandbox_factory(), sandbox_factory()
    with httpx.Client(base_url=a.base_url, headers={"Authorization": f"Bearer {a.token()}"}) as client:
        run = client.post("/v1/bill-runs", json={"targetDate": "2026-01-01"}).json()
    with httpx.Client(base_url=b.base_url, headers={"Authorization": f"Bearer {b.token()}"}) as client:
        assert client.get(f"/v1/bill-runs/{run['id']}").status_code == 404


@pytest.mark.parametrize("state", [None, "file"])
def test_concurrent_clients_never_corrupt_state(sandbox_factory, tmp_path, state):
    sandbox = sandbox_factory(state=tmp_path / "c.sqlite" if state else None)
    token = sandbox.token()

    def worker(n: int) -> list[tuple[str, str]]:
        made = []
        with httpx.Client(base_url=sandbox.base_url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:
            for i in range(15):
                r = client.post("/v1/bill-runs", json={"targetDate": "2026-01-01", "name": f"w{n}-{i}"})
                assert r.status_code == 200, r.text
                made.append((r.json()["id"], r.json()["billRunNumber"]))
                if i % 3 == 0:
                    assert client.put(f"/v1/bill-runs/{made[-1][0]}/cancel", json={}).status_code == 200
        return made

    with ThreadPoolExecutor(8) as pool:
        runs = [r for batch in pool.map(worker, range(8)) for r in batch]
    assert len({rid for rid, _ in runs}) == len(runs) == 120
    assert len({num for _, num in runs}) == 120
    with httpx.Client(base_url=sandbox.base_url, headers={"Authorization": f"Bearer {token}"}) as client:
        statuses = [client.get(f"/v1/bill-runs/{rid}").json()["status"] for rid, _ in runs]
    assert statuses.count("Canceled") == 8 * 5 and statuses.count("Draft") == 8 * 10


def test_double_cancel_race_has_one_winner(sandbox_factory):
    sandbox = sandbox_factory()
    token = sandbox.token()
    headers = {"Authorization": f"Bearer {token}"}
    run = httpx.post(f"{sandbox.base_url}/v1/bill-runs", json={"targetDate": "2026-01-01"}, headers=headers).json()

    def cancel(_: int) -> int:
        return httpx.put(f"{sandbox.base_url}/v1/bill-runs/{run['id']}/cancel", json={}, headers=headers).status_code

    with ThreadPoolExecutor(6) as pool:
        codes = list(pool.map(cancel, range(6)))
    assert sorted(codes) == [200, 400, 400, 400, 400, 400]


def test_cli_restart_with_state_keeps_data(tmp_path):
    state = str(tmp_path / "cli.sqlite")
    proc, url = _start_cli("--state", state)
    try:
        data = {"client_id": DEFAULT_CLIENT_ID, "client_secret": DEFAULT_CLIENT_SECRET, "grant_type": "client_credentials"}
        token = httpx.post(f"{url}/oauth/token", data=data).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        run = httpx.post(f"{url}/v1/bill-runs", json={"targetDate": "2026-01-01"}, headers=headers).json()
    finally:
        _stop(proc)
    proc, url = _start_cli("--state", state)
    try:
        again = httpx.get(f"{url}/v1/bill-runs/{run['id']}", headers=headers)
        assert again.status_code == 200 and again.json()["billRunNumber"] == run["billRunNumber"]
    finally:
        _stop(proc)


def test_two_processes_share_one_state_file(tmp_path):
    state = str(tmp_path / "shared.sqlite")
    (p1, u1), (p2, u2) = _start_cli("--state", state), _start_cli("--state", state)
    try:
        data = {"client_id": DEFAULT_CLIENT_ID, "client_secret": DEFAULT_CLIENT_SECRET, "grant_type": "client_credentials"}
        token = httpx.post(f"{u1}/oauth/token", data=data).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}

        def create(i: int) -> str:
            url = u1 if i % 2 else u2
            r = httpx.post(f"{url}/v1/bill-runs", json={"targetDate": "2026-01-01"}, headers=headers, timeout=30)
            assert r.status_code == 200, r.text
            return str(r.json()["billRunNumber"])

        with ThreadPoolExecutor(6) as pool:
            numbers = list(pool.map(create, range(40)))
        assert len(set(numbers)) == 40
    finally:
        _stop(p1)
        _stop(p2)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--port", "99999"], "--port=99999"),
        (["--faults", "no-such-profile"], "faults='no-such-profile'"),
        (["--spec", "/no/such/spec.yaml"], "no such file"),
        (["--rate-limit", "0"], "must be positive"),
    ],
)
def test_cli_bad_arguments_exit_2_with_one_line(args, message):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "contracts", "sandbox", *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert time.monotonic() - started < 30
