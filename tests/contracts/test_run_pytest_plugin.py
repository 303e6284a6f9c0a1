"""The pytest plugin: custom contract tests in pytest get the same checks and the same report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from tests.contracts._helpers import RESULT_SCHEMA, ROOT
from tests.fixtures.apps import CLIENT_ID, CLIENT_SECRET

INNER = textwrap.dedent(
    '''
    import schemathesis
    from hypothesis import settings

    schema = schemathesis.pytest.from_fixture("contract_schema")


    def test_list_items(contracts):
        op = contracts.schema["/v1/items"]["GET"]
        response = contracts.call(op.Case(query={"pageSize": 3}))
        assert response.status_code == 200


    def test_create_item(contracts):
        op = contracts.schema["/v1/items"]["POST"]
        contracts.call(op.Case(body={"name": "a", "price": 1}, media_type="application/json"))


    def test_zuora_headers(zuora_headers, target, auth):
        assert zuora_headers["Zuora-Track-Id"].startswith("specpact-")
        assert zuora_headers["Zuora-Version"] == "2025-12-12"
        assert zuora_headers["Authorization"] == auth.header()
        assert target.startswith("http://127.0.0.1:")


    @schema.include(path="/v1/health").parametrize()
    @settings(max_examples=5)
    def test_generated(case, contracts):
        contracts.call(case)
    '''
)


def test_plugin_records_custom_tests_into_the_same_report(catalog_app, items_spec, tmp_path):
    served = catalog_app("wrong-status", auth=True)
    (tmp_path / "test_custom.py").write_text(INNER)
    reports = tmp_path / "reports"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ZUORA_CLIENT_ID": CLIENT_ID, "ZUORA_CLIENT_SECRET": CLIENT_SECRET}
    proc = subprocess.run(
        [
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "contracts.pytest_plugin",
            "--rootdir", str(tmp_path), "-c", os.devnull, str(tmp_path / "test_custom.py"),
            "--contracts-spec", str(items_spec), "--contracts-base-url", served.base_url,
            "--contracts-auth", "oauth2", "--contracts-zuora-version", "2025-12-12",
            "--contracts-report-dir", str(reports),
        ],
        env=env, capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path,
    )
    out = proc.stdout + proc.stderr
    assert "1 failed" in out and "3 passed" in out, out
    assert "status_code_conformance" in out  # the failing test says which contract broke
    data = json.loads((reports / "conformance.json").read_text())
    import jsonschema

    jsonschema.validate(data, RESULT_SCHEMA)
    ops = {f"{o['method']} {o['path']}": o for t in data["tags"] for o in t["operations"]}
    assert ops["POST /v1/items"]["status"] == "failed"
    assert ops["GET /v1/items"]["status"] == "passed" and ops["GET /v1/health"]["requests"] >= 1
    assert any(e["headers"].get("zuora-version") == "2025-12-12" for e in served.app.log)
    assert (reports / "junit.xml").exists()
    assert CLIENT_SECRET not in (reports / "conformance.json").read_text()
