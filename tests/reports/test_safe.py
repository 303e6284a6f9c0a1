"""Escaping, masking, links and inline JSON: the defences every report relies on."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest

from specdiff._html._safe import csp_hash, esc, json_for_script, mask_deep, mask_secrets, safe_href


@pytest.mark.parametrize(
    ("raw", "secret"),
    [
        ("-H 'Authorization: Bearer abc.def-123'", "abc.def-123"),
        ('{"Authorization": "Basic dXNlcjpwYXNz"}', "dXNlcjpwYXNz"),
        ("authorization=Token zzz999", "zzz999"),
        ("curl -d 'client_secret=s3cr3t&grant_type=client_credentials'", "s3cr3t"),
        ('{"client_secret": "s3cr3t", "x": 1}', "s3cr3t"),
        ("ZUORA_CLIENT_SECRET=topsecret42 contracts run", "topsecret42"),
        ('{"access_token":"tok_abcdef"}', "tok_abcdef"),
        ("?refresh_token=rrr111&x=1", "rrr111"),
        ("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig_nature", "eyJhbGciOiJIUzI1NiJ9"),
        ("https://user:hunter2@example.com/x", "hunter2"),
        ("apiSecretAccessKey: ZZZ-secret", "ZZZ-secret"),
        ("Set-Cookie: ZSession=abc123; Path=/", "abc123"),
        ('"password": "pa55word"', "pa55word"),
    ],
)
def test_mask_secrets_removes_the_secret(raw: str, secret: str) -> None:
    masked = mask_secrets(raw)
    assert secret not in masked
    assert "[masked]" in masked
    assert mask_secrets(masked) == masked  # idempotent


@pytest.mark.parametrize(
    "plain",
    [
        "removed the request header 'Zuora-Version'",
        "GET /v1/accounts/{accountKey}",
        "added the required property 'password' to the request body",
        "Received: 'Cancelled' / Documented: one of ['Draft']",
    ],
)
def test_mask_secrets_leaves_ordinary_text(plain: str) -> None:
    assert mask_secrets(plain) == plain


def test_mask_deep_walks_keys_and_values() -> None:
    doc = {"a": ["Bearer qwertyuiop"], "b": {"Authorization: Bearer zz1234": 1}, "n": 3}
    masked = json.dumps(mask_deep(doc))
    assert "qwertyuiop" not in masked and "zz1234" not in masked
    assert mask_deep(doc)["n"] == 3


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.com/a?b=c", True),
        ("http://127.0.0.1:8000", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//evil.example/x", False),
        ("/relative", False),
        ('https://x.example/"onmouseover="alert(1)', False),
        (None, False),
    ],
)
def test_safe_href(url: object, ok: bool) -> None:
    assert (safe_href(url) is not None and safe_href(url) == url) is ok


def test_esc_escapes_markup_and_quotes() -> None:
    assert esc("<a href=\"x\">'&") == "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;"
    assert esc(None) == ""


def test_json_for_script_cannot_close_the_script_and_round_trips() -> None:
    value = {"m": "</script><script>alert(1)</script><!-- \u2028\u2029 & >", "<k>": [1, None]}
    out = json_for_script(value)
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in out
    assert json.loads(out) == value


def test_csp_hash_is_sha256_base64() -> None:
    assert csp_hash("") == "'sha256-" + base64.b64encode(hashlib.sha256(b"").digest()).decode() + "'"
    assert csp_hash("a") != csp_hash("b")
