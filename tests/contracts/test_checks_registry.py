"""The check registry: names are stable, every check says what it checks and where it comes from."""

from __future__ import annotations

import pytest

from contracts._checks import CHECKS
from contracts._checks._zuora import rate_limit_number
from contracts._engine._secrets import MASK, SecretRegistry

EXPECTED = {
    "not_a_server_error", "status_code_conformance", "content_type_conformance", "response_headers_conformance",
    "response_schema_conformance", "negative_data_rejection", "positive_data_acceptance", "zuora_success_flag",
    "zuora_track_id_echo", "zuora_request_id", "zuora_rate_limit_headers", "zuora_gzip", "zuora_idempotency_replay",
    "ignored_auth",
}


def test_registry_is_pinned():
    assert set(CHECKS) == EXPECTED  # renaming a check renames a report field: bump the result schema
    for check in CHECKS.values():
        assert check.description.endswith(".") and check.source in {"schemathesis", "zuora"}


def test_zuora_checks_are_registered_with_schemathesis_too():
    from schemathesis.checks import CHECKS as ST_CHECKS

    names = {c.__name__ for c in ST_CHECKS.get_all() if callable(c)}
    assert {n for n in EXPECTED if n.startswith("zuora_")} <= names


@pytest.mark.parametrize(
    ("raw", "number"),
    [("100", 100.0), ("100;w=60", 100.0), ("1000000;w=60", 1000000.0), (" 5.5 ", 5.5), ("100, 10;w=1", 100.0), ("-1", None), ("abc", None), (None, None)],
)
def test_rate_limit_values(raw, number):
    assert rate_limit_number(raw) == number


def test_masking_by_value_and_by_shape():
    secrets = SecretRegistry()
    secrets.add("s3cr3t-value")
    text = 'x s3cr3t-value {"access_token": "abc123xyz"} client_secret=zzz999 Authorization: Bearer tok.en-1\nWWW-Authenticate: Bearer realm="z"'
    masked = secrets.mask(text)
    assert "s3cr3t-value" not in masked and "abc123xyz" not in masked and "zzz999" not in masked and "tok.en-1" not in masked
    assert masked.count(MASK) == 4 and 'realm="z"' in masked
    assert secrets.mask_headers({"Authorization": "Basic eA==", "X-Other": "s3cr3t-value"}) == {"Authorization": MASK, "X-Other": MASK}
