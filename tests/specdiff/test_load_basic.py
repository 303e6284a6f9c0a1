"""The loader keeps OpenAPI's JSON data model: no dates, string response codes."""

from __future__ import annotations

from pathlib import Path

from specdiff import load_spec


def test_quoted_and_unquoted_dates_stay_strings(tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(
        "openapi: 3.0.0\ninfo:\n  title: t\n  version: '2025-12-12'\n  x-released: 2025-12-13\npaths: {}\n"
    )
    loaded = load_spec(str(spec))
    assert loaded.document["info"]["version"] == "2025-12-12"
    assert loaded.document["info"]["x-released"] == "2025-12-13"


def test_integer_response_codes_become_strings(tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200:\n          description: ok\n"
    )
    loaded = load_spec(str(spec))
    assert "200" in loaded.document["paths"]["/a"]["get"]["responses"]
