"""`specdiff inspect`: what was loaded, in text and JSON, with every warning located."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.fixtures.specs import CliResult


def test_text_output(load_data: Path, specdiff_cli: Callable[..., CliResult]) -> None:
    path = load_data / "openapi31.yaml"
    result = specdiff_cli("inspect", str(path))
    assert result.code == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[:9] == [
        f"source:      {path}",
        "format:      YAML",
        "spec:        OpenAPI 3.1.0",
        "title:       t",
        "api version: 1",
        "paths:       1",
        "operations:  1",
        "tags:        2 (1 declared, 1 used by operations, 1 used but not declared, 1 declared but unused)",
        "schemas:     1",
    ]
    assert lines[9].startswith("load time:   ") and lines[9].endswith(" s")
    assert lines[10] == "warnings:    1 (default-type-mismatch: 1)"
    assert lines[11] == (
        f"  {path}:12:15 (/paths/~1a/get/responses/200/content/application~1json/schema/default): "
        '[default-type-mismatch] default "x" is not of the declared type integer/null'
    )


def test_json_output(load_data: Path, specdiff_cli: Callable[..., CliResult]) -> None:
    result = specdiff_cli("inspect", "--json", str(load_data / "swagger2.yaml"))
    assert result.code == 0, result.stderr
    facts = json.loads(result.stdout)
    assert facts["spec"] == "Swagger 2.0"
    assert (facts["original_version"], facts["normalised_to"]) == ("2.0", "3.0.3")
    assert facts["counts"] == {
        "paths": 2,
        "operations": 3,
        "tags": 1,
        "tags_declared": 0,
        "tags_used": 1,
        "tags_used_undeclared": 1,
        "tags_declared_unused": 0,
        "schemas": 3,
    }
    assert facts["warnings"] == []
    assert isinstance(facts["load_seconds"], float)


def test_swagger_text_says_it_was_normalised(load_data: Path, specdiff_cli: Callable[..., CliResult]) -> None:
    result = specdiff_cli("inspect", str(load_data / "swagger2.yaml"))
    assert "spec:        Swagger 2.0 (normalised to OpenAPI 3.0.3)" in result.stdout


def test_help(specdiff_cli: Callable[..., CliResult]) -> None:
    result = specdiff_cli("inspect", "--help")
    assert result.code == 0
    for option in ("--json", "--strict", "--max-bytes", "--timeout", "--allow-remote-refs", "REV:path"):
        assert option in result.stdout


def test_bad_option_value(specdiff_cli: Callable[..., CliResult]) -> None:
    result = specdiff_cli("inspect", "--max-bytes", "lots", "x.yaml")
    assert result.code == 2
    assert "Traceback" not in result.stderr
