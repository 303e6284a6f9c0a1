"""The public sandbox API: a curated, sorted __all__, and the Python entry points work."""

from __future__ import annotations

import httpx

import contracts.sandbox as api
from contracts.zuora import CURATED_SPEC, CURATED_SPEC_OLDER, FAULTS_DIR


def test_exports_are_sorted_and_exist():
    # isort style, as ruff's RUF022 keeps it: CONSTANTS, then Classes, then functions
    assert api.__all__ == sorted(api.__all__, key=lambda n: (not n.isupper(), not n[0].isupper(), n))
    for name in api.__all__:
        assert getattr(api, name) is not None


def test_curated_paths_exist():
    assert CURATED_SPEC.is_file() and CURATED_SPEC_OLDER.is_file() and FAULTS_DIR.is_dir()


def test_start_stop_and_context_manager():
    with api.start_sandbox(seed=5) as sandbox:
        assert sandbox.base_url.startswith("http://127.0.0.1:")
        health = httpx.get(f"{sandbox.base_url}/__sandbox/health").json()
        assert health == {"status": "ok", "title": "Zuora Billing v1 (curated subset)", "operations": 9, "faults": ""}
        assert "RunningSandbox" in repr(sandbox)
    try:
        httpx.get(f"{sandbox.base_url}/__sandbox/health", timeout=2)
    except httpx.HTTPError:
        pass
    else:
        raise AssertionError("the sandbox still answers after stop()")


def test_port_in_use_is_a_clear_error():
    with api.start_sandbox() as sandbox:
        try:
            api.start_sandbox(port=sandbox.port)
        except api.SandboxError as exc:
            assert f"port={sandbox.port}" in str(exc)
        else:
            raise AssertionError("expected SandboxError")


def test_auth_can_be_switched_off():
    with api.start_sandbox(auth=False) as sandbox:
        assert httpx.post(f"{sandbox.base_url}/v1/bill-runs", json={"targetDate": "2026-01-01"}).status_code == 200
