"""Auth against a real OAuth2 token endpoint on 127.0.0.1: fetch, refresh, refusal, and masking."""

from __future__ import annotations

import pytest

from tests.contracts._helpers import operations, report, run_cli
from tests.fixtures.apps import CLIENT_ID, CLIENT_SECRET


def test_oauth2_token_refreshed_before_expiry_and_on_401(catalog_app, items_spec, tmp_path, monkeypatch):
    monkeypatch.setenv("ZUORA_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("ZUORA_CLIENT_SECRET", CLIENT_SECRET)
    served = catalog_app("slow:0.03", auth=True, token_lifetime=1)
    code = run_cli(str(items_spec), "--base-url", served.base_url, "--report-dir", str(tmp_path), "--quiet", "--auth", "oauth2")
    data = report(tmp_path)
    assert code == 0, [f["message"] for op in operations(data).values() for f in op["failures"]]
    assert served.app.token_requests >= 2  # the one-second token was replaced during the run
    secured = [op for key, op in operations(data).items() if key != "GET /v1/health"]
    assert all(set(op["responseCodes"]) - {"401"} for op in secured)


def test_401_triggers_one_refresh_and_retry(catalog_app, items_spec, tmp_path, monkeypatch):
    monkeypatch.setenv("ZUORA_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("ZUORA_CLIENT_SECRET", CLIENT_SECRET)
    served = catalog_app(auth=True)
    # Revoke every token the server issued after the first request: the next call gets 401,
    # the client refreshes once and the retry succeeds.
    original = served.app._authorized

    state = {"done": False}

    def revoke_once(request):
        _state = state
        if not _state["done"] and served.app.tokens and len(served.app.log) > 3:
            served.app.tokens.clear()
            _state["done"] = True
        return original(request)

    served.app._authorized = revoke_once
    code = run_cli(str(items_spec), "--base-url", served.base_url, "--report-dir", str(tmp_path), "--quiet", "--method", "GET")
    data = report(tmp_path)
    assert code == 0
    assert served.app.token_requests == 2
    assert any(w["code"] == "token-refreshed" for w in data["warnings"])


def test_refused_client_credentials_exit_2(catalog_app, items_spec, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ZUORA_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("ZUORA_CLIENT_SECRET", "wrong-secret-value")
    served = catalog_app(auth=True)
    assert run_cli(str(items_spec), "--base-url", served.base_url, "--report-dir", str(tmp_path), "--auth", "oauth2") == 2
    err = capsys.readouterr().err.strip()
    assert "refused the client credentials (HTTP 401)" in err and "wrong-secret-value" not in err
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize(("kind", "env"), [("oauth2", "ZUORA_CLIENT_ID"), ("bearer", "ZUORA_BEARER_TOKEN"), ("basic", "ZUORA_USERNAME")])
def test_missing_credentials_exit_2(items_spec, catalog_app, tmp_path, monkeypatch, capsys, kind, env):
    for name in ("ZUORA_CLIENT_ID", "ZUORA_CLIENT_SECRET", "ZUORA_BEARER_TOKEN", "ZUORA_USERNAME", "ZUORA_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    served = catalog_app()
    assert run_cli(str(items_spec), "--base-url", served.base_url, "--auth", kind, "--report-dir", str(tmp_path)) == 2
    assert env in capsys.readouterr().err


def test_bearer_and_basic_headers_are_sent_and_masked(catalog_app, items_spec, tmp_path, monkeypatch):
    monkeypatch.setenv("ZUORA_BEARER_TOKEN", "static-token-SECRET-42")
    served = catalog_app("wrong-status")
    run_cli(str(items_spec), "--base-url", served.base_url, "--auth", "bearer", "--report-dir", str(tmp_path), "--quiet", "--method", "POST")
    assert any(e["headers"].get("authorization") == "Bearer static-token-SECRET-42" for e in served.app.log)
    assert "static-token-SECRET-42" not in "".join(p.read_text() for p in tmp_path.iterdir() if p.is_file())
    monkeypatch.setenv("ZUORA_USERNAME", "alice")
    monkeypatch.setenv("ZUORA_PASSWORD", "pw-SECRET-99")
    run_cli(str(items_spec), "--base-url", served.base_url, "--auth", "basic", "--report-dir", str(tmp_path), "--quiet", "--method", "POST")
    assert any(e["headers"].get("authorization", "").startswith("Basic ") for e in served.app.log)
    text = "".join(p.read_text() for p in tmp_path.iterdir() if p.is_file())
    assert "pw-SECRET-99" not in text and "YWxpY2U6cHctU0VDUkVULTk5" not in text
