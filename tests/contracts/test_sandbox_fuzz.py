"""Bad input over raw HTTP never gets a 500 or crashes the sandbox (outside fault profiles)."""

from __future__ import annotations

import gzip
import json
import socket
from urllib.parse import quote, urlencode

import httpx
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PATHS = [
    "/oauth/token",
    "/v1/accounts/billing-documents/files/deletion-jobs",
    "/v1/accounts/billing-documents/files/deletion-jobs/{x}",
    "/v1/bill-runs",
    "/v1/bill-runs/{x}",
    "/v1/bill-runs/{x}/cancel",
    "/v1/bill-runs/{x}/post",
    "/v1/uno-regenerate/billing-transaction",
    "/{x}",
    "/__sandbox/{x}",
]
segment = st.text(st.characters(min_codepoint=33, max_codepoint=0x2FF, blacklist_characters="/?#%", blacklist_categories=("Cc", "Cs")), min_size=1, max_size=20)
header_value = st.text(st.characters(min_codepoint=1, max_codepoint=255, blacklist_characters="\r\n"), max_size=300).map(str.strip)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["accountIds", "accountKeys", "type", "number", "documentId", "cancelOnce", "targetDate", "invoiceDate", "schedule", "x"]), inner, max_size=4),
    max_leaves=12,
)
bodies = st.one_of(st.binary(max_size=200), json_values.map(lambda v: json.dumps(v).encode()))
content_types = st.sampled_from(["application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "application/xml"])


@pytest.fixture(scope="module")
def fuzz_target():
    from contracts.sandbox import start_sandbox

    with start_sandbox(max_body=4096) as sandbox, httpx.Client(base_url=sandbox.base_url, timeout=10) as client:
        yield sandbox, client, sandbox.token()


def _raw_request(host: str, port: int, method: str, target: bytes, headers: list[tuple[bytes, bytes]], body: bytes) -> tuple[int, dict[str, str], bytes]:
    """One request over a plain socket: any bytes go on the wire, unlike with an HTTP client."""
    lines = [method.encode() + b" " + target + b" HTTP/1.1", b"Host: 127.0.0.1", b"Connection: close", *(n + b": " + v for n, v in headers)]
    lines.append(b"Content-Length: " + str(len(body)).encode())
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(b"\r\n".join(lines) + b"\r\n\r\n" + body)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    data = b"".join(chunks)
    head, _, payload = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    parsed = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        parsed[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), parsed, payload


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], deadline=None)
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]),
    template=st.sampled_from(PATHS),
    seg=segment,
    query=st.dictionaries(st.sampled_from(["reMigrate", "onlyReSend", "x", "cancelOnce"]), st.text(max_size=10), max_size=3),
    headers=st.dictionaries(st.sampled_from(["Zuora-Track-Id", "Idempotency-Key", "Zuora-Version", "Zuora-Entity-Ids", "Accept-Encoding", "Content-Encoding", "X-Odd"]), header_value, max_size=4),
    body=bodies,
    content_type=content_types,
    auth=st.booleans(),
)
def test_no_500_and_no_crash_on_arbitrary_requests(fuzz_target, method, template, seg, query, headers, body, content_type, auth):
    sandbox, _, token = fuzz_target
    path = quote(template.replace("{x}", seg), safe="/")
    target = (path + ("?" + urlencode(query) if query else "")).encode()
    sent = [(k.encode(), v.encode("latin-1")) for k, v in headers.items()]
    if content_type:
        sent.append((b"Content-Type", content_type.encode()))
    if auth:
        sent.append((b"Authorization", f"Bearer {token}".encode()))
    status, response_headers, payload = _raw_request(sandbox.host, sandbox.port, method, target, sent, body)
    assert status < 500, (status, payload)
    assert len(response_headers["zuora-request-id"]) == 36
    if status >= 400 and method != "HEAD":
        if response_headers.get("content-encoding") == "gzip":
            payload = gzip.decompress(payload)
        parsed = orjson.loads(payload)
        assert parsed["success"] is False and parsed["reasons"][0]["message"]


@pytest.mark.parametrize(
    "raw",
    [
        b"GARBAGE\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
        b"POST /v1/bill-runs HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{",
        b"GET /" + b"a" * 100_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"v" * 100_000 + b"\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",  # a TLS hello
    ],
)
def test_raw_socket_garbage_leaves_the_sandbox_serving(fuzz_target, raw):
    sandbox, client, _ = fuzz_target
    with socket.create_connection((sandbox.host, sandbox.port), timeout=5) as sock:
        sock.sendall(raw)
        sock.shutdown(socket.SHUT_WR)
        try:
            reply = sock.recv(65536)
        except (TimeoutError, ConnectionResetError):
            reply = b""
    assert not reply.startswith(b"HTTP/1.1 5")
    assert client.get("/__sandbox/health").status_code == 200


def test_bodies_over_the_limit_get_413(fuzz_target):
    _, client, token = fuzz_target
    big = orjson.dumps({"accountIds": ["a" * 100] * 100})
    response = client.post("/v1/accounts/billing-documents/files/deletion-jobs", content=big, headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    assert response.status_code == 413 and response.json()["success"] is False


def test_absurd_headers_get_431(fuzz_target):
    _, client, token = fuzz_target
    response = client.get("/v1/bill-runs/x", headers={"X-Huge": "v" * 10_000, "Authorization": f"Bearer {token}"})
    assert response.status_code == 431 and response.json()["success"] is False


def test_gzip_bombs_are_refused(fuzz_target):
    _, client, token = fuzz_target
    bomb = gzip.compress(b"[" + b"0," * 2_000_000 + b"0]")
    assert len(bomb) < 4096
    response = client.post(
        "/v1/accounts/billing-documents/files/deletion-jobs",
        content=bomb,
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip", "Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 413
