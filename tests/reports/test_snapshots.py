"""Markdown summaries pinned as snapshots (the samples carry no volatile fields).

After an intended change: SPECPACT_UPDATE_SNAPSHOTS=1 pytest tests/reports/test_snapshots.py, then
read the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from specdiff._html import render_conformance_markdown, render_specdiff_markdown
from tests.reports.samples import conformance_result, previous_of, specdiff_result

SNAPSHOTS = Path(__file__).parent / "snapshots"


def small_conformance() -> str:
    current = conformance_result(14)
    return render_conformance_markdown(current, previous_of(current))


CASES = {
    "specdiff-small.md": lambda: render_specdiff_markdown(specdiff_result(14, n_waived=3)),
    "conformance-small.md": small_conformance,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_markdown_snapshot(name: str) -> None:
    actual = CASES[name]()
    path = SNAPSHOTS / name
    if os.environ.get("SPECPACT_UPDATE_SNAPSHOTS") == "1":
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing snapshot {path}: run with SPECPACT_UPDATE_SNAPSHOTS=1"
    assert actual == path.read_text(encoding="utf-8")
