"""The curated Zuora specs: valid OpenAPI 3.0, up to date with their builder, and differing
exactly where the two renderings of the deletion-jobs page differ."""

from __future__ import annotations

import jsonschema
import pytest
import yaml

from contracts.zuora import CURATED_SPEC, CURATED_SPEC_OLDER, _build_specs
from specdiff import load_spec

SPECS = [CURATED_SPEC, CURATED_SPEC_OLDER]


def _oas30_validator():
    try:
        from openapi_spec_validator import validate  # type: ignore[import-not-found]
    except ImportError:
        from schemathesis.specs.openapi.definitions import OPENAPI_30

        checker = jsonschema.Draft4Validator(OPENAPI_30)
        return lambda doc: checker.validate(doc)
    return validate


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.name)
def test_curated_spec_is_valid_openapi_30(path):
    document = yaml.safe_load(path.read_text())
    _oas30_validator()(document)
    loaded = load_spec(str(path))
    assert loaded.original_version == "3.0.3"


@pytest.mark.parametrize("newer", [True, False])
def test_committed_yaml_matches_builder(newer):
    path = CURATED_SPEC if newer else CURATED_SPEC_OLDER
    assert path.read_text() == _build_specs.render(newer), "run: python -m contracts.zuora._build_specs"


def _operations(doc):
    return {
        (method, path): op for path, item in doc["paths"].items() for method, op in item.items()
    }


def test_curated_spec_covers_the_seed_operations():
    doc = load_spec(str(CURATED_SPEC)).document
    ops = _operations(doc)
    assert {(m.upper(), p) for m, p in ops} == {
        ("POST", "/oauth/token"),
        ("POST", "/v1/accounts/billing-documents/files/deletion-jobs"),
        ("GET", "/v1/accounts/billing-documents/files/deletion-jobs/{jobId}"),
        ("POST", "/v1/bill-runs"),
        ("GET", "/v1/bill-runs/{billRunId}"),
        ("DELETE", "/v1/bill-runs/{billRunId}"),
        ("PUT", "/v1/bill-runs/{billRunId}/cancel"),
        ("PUT", "/v1/bill-runs/{billRunId}/post"),
        ("POST", "/v1/uno-regenerate/billing-transaction"),
    }
    for op in ops.values():
        assert op["operationId"] and op["tags"]
        assert {"200", "4XX", "500"} <= set(op["responses"])
    assert ops[("post", "/oauth/token")]["security"] == []
    assert ops[("post", "/v1/uno-regenerate/billing-transaction")]["security"] == [{"bearerAuth": []}]
    links = ops[("post", "/v1/bill-runs")]["responses"]["200"]["links"]
    assert links["GetBillRun"]["operationId"] == "GET_BillRun"


def test_older_and_newer_differ_as_the_seed_renderings_do():
    new = load_spec(str(CURATED_SPEC)).document["components"]["parameters"]
    old = load_spec(str(CURATED_SPEC_OLDER)).document["components"]["parameters"]
    assert "Zuora-Version" in new and "Zuora-Version" not in old
    assert new["Idempotency-Key"]["schema"]["maxLength"] == 255
    assert new["Zuora-Track-Id"]["schema"]["maxLength"] == 64
    assert "maxLength" not in old["Idempotency-Key"]["schema"]
    assert "maxLength" not in old["Zuora-Track-Id"]["schema"]
