"""Zuora conventions on every response: request ids, track ids, rate limits, idempotency, gzip,
expiring OAuth tokens, success flags. Real HTTP on 127.0.0.1."""

from __future__ import annotations

import gzip

import httpx
import orjson
import pytest

from contracts.sandbox import ManualClock
from tests.fixtures.sandbox import token_for


@pytest.fixture
def tenant(sandbox_factory):
    sandbox = sandbox_factory(clock=ManualClock(), rate_limit=5, rate_window=60, token_ttl=120)
    with httpx.Client(base_url=sandbox.base_url, timeout=10) as client:
        client.headers["Authorization"] = f"Bearer {token_for(sandbox, client)}"
        yield sandbox, client


def test_every_response_has_a_36_char_request_id(sandbox_client):
    responses = [
        sandbox_client.get("/v1/bill-runs/unknown"),
        sandbox_client.post("/v1/bill-runs", json={"targetDate": "2026-01-01"}),
        sandbox_client.get("/no/such/path"),
        httpx.get(f"{sandbox_client.base_url}/v1/bill-runs/x"),  # 401
    ]
    ids = [r.headers["Zuora-Request-Id"] for r in responses]
    assert all(len(i) == 36 for i in ids) and len(set(ids)) == len(ids)
    assert [r.status_code for r in responses] == [404, 200, 404, 401]
    for r in responses:
        assert "RateLimit-Limit" in r.headers and "RateLimit-Remaining" in r.headers and "RateLimit-Reset" in r.headers


def test_track_id_is_echoed(sandbox_client):
    response = sandbox_client.get("/v1/bill-runs/x", headers={"Zuora-Track-Id": "order-sync/2026 #42"})
    assert response.headers["Zuora-Track-Id"] == "order-sync/2026 #42"
    assert "Zuora-Track-Id" not in sandbox_client.get("/v1/bill-runs/x").headers


@pytest.mark.parametrize("value", ["x" * 65, "a:b", "a;b", 'a"b', "a'b", "caf\u00e9"])
def test_bad_track_ids_are_rejected(sandbox_client, value):
    response = sandbox_client.get("/v1/bill-runs/x", headers={"Zuora-Track-Id": value.encode("latin-1")})
    assert response.status_code == 400
    assert response.json()["success"] is False
    assert "Zuora-Track-Id" in response.json()["reasons"][0]["message"]
    assert "Zuora-Track-Id" not in response.headers


def test_track_id_of_64_chars_is_fine(sandbox_client):
    assert sandbox_client.get("/v1/bill-runs/x", headers={"Zuora-Track-Id": "t" * 64}).headers["Zuora-Track-Id"] == "t" * 64


def test_rate_limit_answers_429_with_retry_after_then_resets(tenant):
    sandbox, client = tenant
    statuses = []
    remaining = []
    for _ in range(5):  # token request above used one of the 5
        response = client.get("/v1/bill-runs/x")
        statuses.append(response.status_code)
        remaining.append(int(response.headers["RateLimit-Remaining"]))
    assert statuses == [404, 404, 404, 404, 429]
    assert remaining == [3, 2, 1, 0, 0]
    limited = client.get("/v1/bill-runs/x")
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    assert limited.json()["success"] is False
    sandbox.advance(61)
    assert client.get("/v1/bill-runs/x").status_code == 404


def test_idempotency_key_replays_first_answer_without_second_effect(sandbox_client, sandbox):
    before = sandbox.app.store.count("/v1/bill-runs")
    headers = {"Idempotency-Key": "create-feb-run-001"}
    first = sandbox_client.post("/v1/bill-runs", json={"targetDate": "2026-02-01"}, headers=headers)
    second = sandbox_client.post("/v1/bill-runs", json={"targetDate": "2026-02-01"}, headers=headers)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert second.headers["Zuora-Request-Id"] != first.headers["Zuora-Request-Id"]
    assert sandbox.app.store.count("/v1/bill-runs") == before + 1
    other = sandbox_client.post("/v1/bill-runs", json={"targetDate": "2026-03-01"}, headers=headers)
    assert other.status_code == 409 and other.json()["success"] is False


def test_idempotency_key_length_follows_the_spec(sandbox_factory):
    from contracts.zuora import CURATED_SPEC_OLDER

    newer = sandbox_factory()
    older = sandbox_factory(CURATED_SPEC_OLDER)
    for sandbox, expected in ((newer, 400), (older, 200)):
        with httpx.Client(base_url=sandbox.base_url) as client:
            headers = {"Authorization": f"Bearer {sandbox.token()}", "Idempotency-Key": "k" * 256}
            response = client.post("/v1/bill-runs", json={"targetDate": "2026-02-01"}, headers=headers)
            assert response.status_code == expected, response.text


def test_gzip_only_when_asked_and_over_1000_bytes(sandbox_client):
    run = sandbox_client.post("/v1/bill-runs", json={"targetDate": "2026-01-01", "batches": ["Batch1"] * 200}).json()
    raw = httpx.get(
        f"{sandbox_client.base_url}/v1/bill-runs/{run['id']}",
        headers={**sandbox_client.headers, "Accept-Encoding": "gzip"},
    )
    assert raw.headers["Content-Encoding"] == "gzip"
    assert orjson.loads(raw.content)["id"] == run["id"]  # httpx decoded it
    plain = sandbox_client.get(f"/v1/bill-runs/{run['id']}", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers
    small = sandbox_client.get("/v1/bill-runs/unknown", headers={"Accept-Encoding": "gzip"})
    assert len(small.content) < 1000 and "Content-Encoding" not in small.headers


def test_gzipped_request_body_is_accepted(sandbox_client):
    body = gzip.compress(orjson.dumps({"accountKeys": ["A0001"]}))
    response = sandbox_client.post(
        "/v1/accounts/billing-documents/files/deletion-jobs",
        content=body,
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
    )
    assert response.status_code == 200 and response.json()["status"] == "Pending"
    broken = sandbox_client.post(
        "/v1/accounts/billing-documents/files/deletion-jobs",
        content=b"not gzip",
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
    )
    assert broken.status_code == 400


def test_tokens_expire(tenant):
    sandbox, client = tenant
    run = client.post("/v1/bill-runs", json={"targetDate": "2026-01-01"})
    assert run.status_code == 200
    sandbox.advance(121)
    expired = client.get(f"/v1/bill-runs/{run.json()['id']}")
    assert expired.status_code == 401
    assert "expired" in expired.json()["reasons"][0]["message"]
    client.headers["Authorization"] = f"Bearer {token_for(sandbox, client)}"
    assert client.get(f"/v1/bill-runs/{run.json()['id']}").status_code == 200


@pytest.mark.parametrize("authorization", [None, "Bearer", "Bearer not-a-token", "Basic eDp5", "bearer"])
def test_missing_or_bad_tokens_get_401(sandbox, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    response = httpx.get(f"{sandbox.base_url}/v1/bill-runs/x", headers=headers)
    assert response.status_code == 401
    body = response.json()
    assert body["success"] is False and body["reasons"][0]["code"] == "90000011"
    assert "WWW-Authenticate" in response.headers


def test_success_flags(sandbox_client):
    ok = sandbox_client.post("/v1/bill-runs", json={"targetDate": "2026-01-01"}).json()
    assert ok["success"] is True
    err = sandbox_client.post("/v1/bill-runs", json={"targetDate": "not-a-date"})
    assert err.status_code == 400
    assert err.json()["success"] is False and err.json()["reasons"]
    assert all(set(r) == {"code", "message"} for r in err.json()["reasons"])
