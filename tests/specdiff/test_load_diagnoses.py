"""Specific diagnoses for inputs that are not a spec at all: one line, exit 2, what to do."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CASES = {
    "login.html": ("<!DOCTYPE html>\n<html><body><form>Sign in</form></body></html>\n", "HTML/XML page"),
    "two-docs.yaml": (
        "openapi: 3.0.0\ninfo: {title: a, version: '1'}\npaths: {}\n---\nopenapi: 3.0.0\ninfo: {title: b, version: '1'}\npaths: {}\n",
        "several YAML documents",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_not_a_spec_is_named_for_what_it_is(tmp_path: Path, name: str) -> None:
    text, expected = CASES[name]
    (tmp_path / name).write_text(text)
    result = subprocess.run(
        [sys.executable, "-m", "specdiff", "inspect", str(tmp_path / name)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert expected in result.stderr and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
