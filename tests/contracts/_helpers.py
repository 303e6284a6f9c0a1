"""Shared helpers for the contracts tests: run the CLI in-process and read what it wrote."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

from contracts._cli import main

ROOT = Path(__file__).resolve().parents[2]
RESULT_SCHEMA = json.loads((ROOT / "contracts" / "schemas" / "conformance-result.schema.json").read_text())


def run_cli(*args: str) -> int:
    return main(["run", *args])


def report(report_dir: Path) -> dict[str, Any]:
    data = json.loads((report_dir / "conformance.json").read_text())
    jsonschema.validate(data, RESULT_SCHEMA)
    return data


def operations(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for tag in data["tags"]:
        for op in tag["operations"]:
            out[f"{op['method']} {op['path']}"] = op
    return out


def failed_checks(data: dict[str, Any]) -> set[str]:
    return {f["check"] for op in operations(data).values() for f in op["failures"] if not f["baselined"]}
