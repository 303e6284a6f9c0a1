"""The main job (`nox -s demo`) writes every report a person and a machine need."""

from __future__ import annotations

import json
from pathlib import Path

from contracts.demo import main


def test_demo_writes_diff_conformance_and_index(tmp_path: Path) -> None:
    status = main(["--report-dir", str(tmp_path)])
    assert status == 0, "the embedded sandbox conforms to the curated spec"
    for name in ("specdiff.json", "specdiff.html", "specdiff.md", "conformance.json", "conformance.html", "conformance.md", "junit.xml", "index.html"):
        assert (tmp_path / name).stat().st_size > 0, name
    diff = json.loads((tmp_path / "specdiff.json").read_text())
    # The newer rendering adds length limits on Zuora-Track-Id and Idempotency-Key: request-side tightening.
    assert {c["id"] for c in diff["changes"]} >= {"request-parameter-max-length-set"}
    conformance = json.loads((tmp_path / "conformance.json").read_text())
    assert conformance["run"]["partial"] is False
    assert conformance["summary"]["operations"]["failed"] == 0
    assert conformance["summary"]["operations"]["tested"] >= 9
    index = (tmp_path / "index.html").read_text()
    assert "specdiff.html" in index and "conformance.html" in index
