"""The seed endpoints behave as Zuora's docs say, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import httpx
import pytest

from contracts.sandbox import ManualClock
from tests.fixtures.sandbox import token_for

JOBS = "/v1/accounts/billing-documents/files/deletion-jobs"


@pytest.fixture
def tenant(sandbox_factory):
    """A fresh sandbox on a manual clock, with an authorised client."""
    sandbox = sandbox_factory(clock=ManualClock(), job_pending_seconds=2, job_processing_seconds=3)
    with httpx.Client(base_url=sandbox.base_url, timeout=10) as client:
        client.headers["Authorization"] = f"Bearer {token_for(sandbox, client)}"
        yield sandbox, client


def test_oauth_token_needs_valid_client_credentials(sandbox):
    url = f"{sandbox.base_url}/oauth/token"
    good = {"client_id": sandbox.client_id, "client_secret": sandbox.client_secret, "grant_type": "client_credentials"}
    response = httpx.post(url, data=good)
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 3600 and len(body["access_token"]) == 32
    assert httpx.post(url, data={**good, "client_secret": "wrong"}).status_code == 401
    assert httpx.post(url, data={**good, "grant_type": "password"}).status_code == 400
    assert httpx.post(url, data={"client_id": sandbox.client_id}).status_code == 400


def test_deletion_job_moves_pending_processing_completed_on_the_clock(tenant):
    sandbox, client = tenant
    created = client.post(JOBS, json={"accountIds": ["4028905558b483220158b48983dd0015"]})
    assert created.status_code == 200
    job = created.json()
    assert set(job) == {"id", "status", "success"}
    assert job["status"] == "Pending" and job["success"] is True
    seen = [client.get(f"{JOBS}/{job['id']}").json()["status"]]
    for step in (2, 3):
        sandbox.advance(step)
        seen.append(client.get(f"{JOBS}/{job['id']}").json()["status"])
    assert seen == ["Pending", "Processing", "Completed"]
    # also via the admin endpoint
    client.post("/__sandbox/clock", json={"advance": 100})
    assert client.get(f"{JOBS}/{job['id']}").json() == {"id": job["id"], "status": "Completed", "success": True}


@pytest.mark.parametrize("body", [{}, {"accountIds": []}, {"accountKeys": []}, {"other": ["x"]}])
def test_deletion_job_needs_account_ids_or_keys(tenant, body):
    _, client = tenant
    response = client.post(JOBS, json=body)
    assert 400 <= response.status_code < 500
    err = response.json()
    assert err["success"] is False and err["reasons"][0]["code"] and err["reasons"][0]["message"]


def test_deletion_job_accepts_account_keys(tenant):
    _, client = tenant
    assert client.post(JOBS, json={"accountKeys": ["A00000001"]}).json()["status"] == "Pending"


def test_unknown_deletion_job_is_an_error(tenant):
    _, client = tenant
    response = client.get(f"{JOBS}/2c92c8f83dc4f752013dc72c24ee0000")
    assert response.status_code == 404
    assert response.json()["success"] is False


def test_bill_run_lifecycle_cancel(tenant):
    _, client = tenant
    run = client.post("/v1/bill-runs", json={"targetDate": "2026-02-01", "name": "Feb"}).json()
    assert run["status"] == "Draft" and run["billRunNumber"].startswith("BR-")
    assert client.get(f"/v1/bill-runs/{run['id']}").json()["name"] == "Feb"
    canceled = client.put(f"/v1/bill-runs/{run['id']}/cancel", json={})
    assert canceled.status_code == 200 and canceled.json()["status"] == "Canceled"
    assert client.get(f"/v1/bill-runs/{run['id']}").json()["status"] == "Canceled"
    again = client.put(f"/v1/bill-runs/{run['id']}/cancel", json={})
    assert again.status_code == 400
    assert "Canceled" in again.json()["reasons"][0]["message"]
    assert client.delete(f"/v1/bill-runs/{run['id']}").json()["success"] is True
    assert client.get(f"/v1/bill-runs/{run['id']}").status_code == 404
    assert client.delete(f"/v1/bill-runs/{run['id']}").status_code == 404


def test_only_draft_bill_runs_can_be_canceled_or_deleted(tenant):
    _, client = tenant
    run = client.post("/v1/bill-runs", json={"targetDate": "2026-02-01"}).json()
    refused = client.delete(f"/v1/bill-runs/{run['id']}")
    assert refused.status_code == 400 and "Draft" in refused.json()["reasons"][0]["message"]
    posted = client.put(f"/v1/bill-runs/{run['id']}/post", json={"invoiceDate": "2026-02-02"})
    assert posted.status_code == 200 and posted.json()["status"] == "Posted"
    assert posted.json()["invoiceDate"] == "2026-02-02"
    cancel = client.put(f"/v1/bill-runs/{run['id']}/cancel", json={"cancelOnce": True})
    assert cancel.status_code == 400
    assert "Posted" in cancel.json()["reasons"][0]["message"]
    assert client.get(f"/v1/bill-runs/{run['id']}").json()["status"] == "Posted"
    assert client.put(f"/v1/bill-runs/{run['id']}/post", json={}).status_code == 400  # invoiceDate required


SCHEDULE = {"repeatFrom": "2025-12-01", "repeatType": "Monthly", "runTime": 4}


def test_cancel_once_defaults_true_and_keeps_future_runs(tenant):
    _, client = tenant
    run = client.post("/v1/bill-runs", json={"targetDate": "2026-01-01", "schedule": SCHEDULE}).json()
    assert run["nextRun"]["status"] == "Pending"
    canceled = client.put(f"/v1/bill-runs/{run['id']}/cancel", json={}).json()
    assert canceled["status"] == "Canceled"
    assert canceled["nextRun"] == run["nextRun"]  # the schedule still recurs
    assert client.get(f"/v1/bill-runs/{run['id']}").json()["nextRun"] == run["nextRun"]


def test_cancel_once_false_cancels_future_recurrences(tenant):
    _, client = tenant
    run = client.post("/v1/bill-runs", json={"targetDate": "2026-01-01", "schedule": SCHEDULE}).json()
    canceled = client.put(f"/v1/bill-runs/{run['id']}/cancel", json={"cancelOnce": False}).json()
    assert canceled["status"] == "Canceled"
    assert "nextRun" not in canceled
    after = client.get(f"/v1/bill-runs/{run['id']}").json()
    assert after["status"] == "Canceled" and "nextRun" not in after


def test_unknown_bill_run_is_404(tenant):
    _, client = tenant
    for response in (
        client.get("/v1/bill-runs/nope"),
        client.put("/v1/bill-runs/nope/cancel", json={}),
        client.put("/v1/bill-runs/nope/post", json={"invoiceDate": "2026-01-01"}),
    ):
        assert response.status_code == 404 and response.json()["success"] is False


REGEN = "/v1/uno-regenerate/billing-transaction"


@pytest.mark.parametrize("kind", ["Invoice", "CreditMemo", "DebitMemo", "InvoiceItemAdjustment"])
def test_regenerate_accepts_each_document_type(tenant, kind):
    _, client = tenant
    by_id = client.post(REGEN, json={"type": kind, "documentId": "8a90a0b0c1d2"})
    by_number = client.post(REGEN, json={"type": kind, "number": "INV-0001"})
    for response in (by_id, by_number):
        assert response.status_code == 200
        assert response.json()["success"] is True and response.json()["idList"]


def test_regenerate_query_booleans(tenant):
    _, client = tenant
    body = {"type": "Invoice", "number": "INV-0002"}
    first = client.post(REGEN, json=body).json()["idList"]
    assert client.post(REGEN, params={"onlyReSend": "true"}, json=body).json()["idList"] == first
    remigrated = client.post(REGEN, params={"reMigrate": "true", "onlyReSend": "false"}, json=body).json()["idList"]
    assert remigrated != first
    bad = client.post(REGEN, params={"reMigrate": "yes"}, json=body)
    assert bad.status_code == 400 and "reMigrate" in bad.json()["reasons"][0]["message"]


@pytest.mark.parametrize(
    "body",
    [{"type": "Invoice"}, {"number": "INV-1"}, {"type": "Payment", "number": "P-1"}, {"type": "Invoice", "number": ""}],
)
def test_regenerate_rejects_bad_bodies(tenant, body):
    _, client = tenant
    response = client.post(REGEN, json=body)
    assert response.status_code == 400 and response.json()["success"] is False


def test_regenerate_requires_authorization(tenant):
    sandbox, _ = tenant
    response = httpx.post(f"{sandbox.base_url}{REGEN}", json={"type": "Invoice", "number": "INV-1"})
    assert response.status_code == 401
    assert response.json()["reasons"][0]["code"] == "90000011"
