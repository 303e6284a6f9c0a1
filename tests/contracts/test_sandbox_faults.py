"""Every fault profile, over real HTTP: the violation is observable on the wire and the sandbox
reports exactly what it injected (Python API and GET /__sandbox/injected)."""

from __future__ import annotations

import time

import httpx
import orjson
import pytest

from contracts.sandbox import Fault, available_profiles, load_profile
from contracts.zuora import CURATED_SPEC
from specdiff import UsageError, load_spec

DOC = load_spec(str(CURATED_SPEC)).document
JOBS = "/v1/accounts/billing-documents/files/deletion-jobs"


def _client(sandbox):
    return httpx.Client(base_url=sandbox.base_url, timeout=15, headers={"Authorization": f"Bearer {sandbox.token()}"})


def _job(client, **headers):
    return client.post(JOBS, json={"accountIds": ["a1"]}, headers=headers)


def _only(sandbox, kind):
    injected = sandbox.injected()
    assert injected and {i["kind"] for i in injected} == {kind}, injected
    over_http = httpx.get(f"{sandbox.base_url}/__sandbox/injected").json()
    assert over_http["count"] == len(injected) and over_http["injected"] == injected
    return injected


def test_every_shipped_profile_loads_and_is_documented():
    docs = (CURATED_SPEC.parents[2] / "docs" / "sandbox.md").read_text()
    names = available_profiles()
    assert len(names) >= 13
    for name in names:
        plan = load_profile(name)
        assert plan.faults
        assert f"`{name}`" in docs, f"profile {name} is not documented in docs/sandbox.md"


def test_wrong_status(sandbox_factory):
    sandbox = sandbox_factory(faults="wrong-status")
    with _client(sandbox) as client:
        response = _job(client)
    assert response.status_code == 400 and response.json()["success"] is True
    assert _only(sandbox, "wrong_status")[0]["status"] == 400


def test_undocumented_status(sandbox_factory):
    sandbox = sandbox_factory(faults="undocumented-status")
    with _client(sandbox) as client:
        response = _job(client)
    responses = DOC["paths"][JOBS]["post"]["responses"]
    assert str(response.status_code) not in responses and f"{str(response.status_code)[0]}XX" not in responses
    _only(sandbox, "undocumented_status")


def test_missing_required_property(sandbox_factory):
    sandbox = sandbox_factory(faults="missing-required-property")
    with _client(sandbox) as client:
        body = _job(client).json()
    (injected,) = _only(sandbox, "missing_required_property")
    assert {"id", "status", "success"} - set(body)
    assert repr(sorted({"id", "status", "success"} - set(body))[0]) in injected["detail"]


def test_wrong_property_type(sandbox_factory):
    sandbox = sandbox_factory(faults="wrong-property-type")
    with _client(sandbox) as client:
        body = _job(client).json()
    assert isinstance(body["id"], int)  # first property alphabetically: "id" was a string
    _only(sandbox, "wrong_property_type")


def test_extra_property_only_where_additional_properties_false(sandbox_factory):
    sandbox = sandbox_factory(faults="extra-property")
    with _client(sandbox) as client:
        job = _job(client).json()
        run = client.post("/v1/bill-runs", json={"targetDate": "2026-01-01"}).json()  # open schema
    assert job["sandboxInjected"] == "extra"
    assert "sandboxInjected" not in run
    assert len(_only(sandbox, "extra_property")) == 1


def test_wrong_content_type(sandbox_factory):
    sandbox = sandbox_factory(faults="wrong-content-type")
    with _client(sandbox) as client:
        response = _job(client)
    assert response.headers["Content-Type"].startswith("text/plain")
    assert orjson.loads(response.content)["status"] == "Pending"
    _only(sandbox, "wrong_content_type")


def test_server_error_on_some_inputs_only(sandbox_factory):
    sandbox = sandbox_factory(faults="server-error")
    with _client(sandbox) as client:
        codes = {i: client.post(JOBS, json={"accountIds": [f"acct-{i}"]}).status_code for i in range(30)}
        again = {i: client.post(JOBS, json={"accountIds": [f"acct-{i}"]}).status_code for i in range(30)}
    assert codes == again  # the same inputs fail every time
    assert 0 < list(codes.values()).count(500) < 30
    assert set(codes.values()) == {200, 500}
    assert len(_only(sandbox, "server_error")) == 2 * list(codes.values()).count(500)


def test_success_false_for_valid_input(sandbox_factory):
    sandbox = sandbox_factory(faults="success-false")
    with _client(sandbox) as client:
        response = _job(client)
    assert response.status_code == 200
    assert response.json()["success"] is False and response.json()["reasons"]
    _only(sandbox, "success_false")


def test_missing_track_id_echo(sandbox_factory):
    sandbox = sandbox_factory(faults="missing-track-id")
    with _client(sandbox) as client:
        sent = _job(client, **{"Zuora-Track-Id": "trace-1"})
        not_sent = _job(client)
    assert "Zuora-Track-Id" not in sent.headers and not_sent.status_code == 200
    assert len(_only(sandbox, "missing_track_id")) == 1  # only where there was something to echo


def test_ignored_auth(sandbox_factory):
    sandbox = sandbox_factory(faults="ignored-auth")
    response = httpx.post(f"{sandbox.base_url}{JOBS}", json={"accountIds": ["a1"]})
    assert response.status_code == 200
    with _client(sandbox) as client:
        assert _job(client).status_code == 200  # a valid token is nothing to record
    assert len(_only(sandbox, "ignored_auth")) == 1


def test_slow_response(sandbox_factory):
    sandbox = sandbox_factory(faults=Fault("slow_response", delay_ms=400))
    with _client(sandbox) as client:
        started = time.monotonic()
        assert _job(client).status_code == 200
        assert time.monotonic() - started >= 0.4
    assert "400 ms" in _only(sandbox, "slow_response")[0]["detail"]


def test_dropped_connection(sandbox_factory):
    sandbox = sandbox_factory(faults="dropped-connection")
    with _client(sandbox) as client, pytest.raises(httpx.HTTPError):
        _job(client)
    _only(sandbox, "dropped_connection")
    assert httpx.get(f"{sandbox.base_url}/__sandbox/health").status_code == 200  # still serving


def test_malformed_json(sandbox_factory):
    sandbox = sandbox_factory(faults="malformed-json")
    with _client(sandbox) as client:
        response = _job(client)
    assert response.headers["Content-Type"] == "application/json"
    with pytest.raises(orjson.JSONDecodeError):
        orjson.loads(response.content)
    _only(sandbox, "malformed_json")


def test_faults_target_operations_and_tags(sandbox_factory):
    sandbox = sandbox_factory(faults=[Fault("success_false", operations=["GET_BillRun"]), Fault("missing_track_id", tags=["Billing Documents"])])
    with _client(sandbox) as client:
        run = client.post("/v1/bill-runs", json={"targetDate": "2026-01-01"}, headers={"Zuora-Track-Id": "t1"})
        assert run.json()["success"] is True and run.headers["Zuora-Track-Id"] == "t1"
        assert client.get(f"/v1/bill-runs/{run.json()['id']}").json()["success"] is False
        assert "Zuora-Track-Id" not in _job(client, **{"Zuora-Track-Id": "t2"}).headers
    kinds = [(i["kind"], i["operationId"]) for i in sandbox.injected()]
    assert kinds == [("success_false", "GET_BillRun"), ("missing_track_id", "POST_BillingDocumentFilesDeletionJob")]


def test_every_and_limit(sandbox_factory):
    sandbox = sandbox_factory(faults=Fault("success_false", every=2, limit=2))
    with _client(sandbox) as client:
        flags = [_job(client).json()["success"] for _ in range(7)]
    assert flags == [False, True, False, True, True, True, True]
    assert len(sandbox.injected()) == 2
    httpx.delete(f"{sandbox.base_url}/__sandbox/injected")
    assert sandbox.injected() == []


def test_untargeted_faults_spare_the_token_endpoint(sandbox_factory):
    sandbox = sandbox_factory(faults="success-false")
    data = {"client_id": sandbox.client_id, "client_secret": sandbox.client_secret, "grant_type": "client_credentials"}
    assert "access_token" in httpx.post(f"{sandbox.base_url}/oauth/token", data=data).json()
    assert sandbox.injected() == []


def test_profile_from_a_yaml_file(sandbox_factory, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("name: mine\nfaults:\n  - kind: missing_required_property\n    operations: ['POST /v1/accounts/billing-documents/files/deletion-jobs']\n")
    sandbox = sandbox_factory(faults=str(path))
    with _client(sandbox) as client:
        _job(client)
    assert httpx.get(f"{sandbox.base_url}/__sandbox/faults").json()["profile"] == "mine"
    _only(sandbox, "missing_required_property")


@pytest.mark.parametrize(
    "faults",
    ["nope", {"kind": "nope"}, {"kind": "slow_response", "bogus": 1}, Fault.__name__ and 3.5],
)
def test_bad_profiles_are_usage_errors(faults):
    from contracts.sandbox import build_app

    with pytest.raises(UsageError):
        build_app(faults=faults)


def test_faults_apply_to_requests_with_an_idempotency_key_but_not_to_replays(sandbox_factory):
    sandbox = sandbox_factory(faults="missing-required-property")
    with _client(sandbox) as client:
        first = client.post(JOBS, json={"accountIds": ["a1"]}, headers={"Idempotency-Key": "k1"})
        replay = client.post(JOBS, json={"accountIds": ["a1"]}, headers={"Idempotency-Key": "k1"})
    assert "id" not in first.json()
    assert replay.headers["Idempotent-Replayed"] == "true" and replay.json()["status"] == "Pending"
    assert len(_only(sandbox, "missing_required_property")) == 1
