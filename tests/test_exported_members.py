"""The public surface is curated: sorted `__all__`, every name importable, nothing private."""

from __future__ import annotations

import importlib

import pytest


@pytest.mark.parametrize("package", ["specdiff", "contracts"])
def test_all_is_sorted_public_and_importable(package: str) -> None:
    module = importlib.import_module(package)
    names = list(module.__all__)
    assert names == sorted(names)
    assert names and not [n for n in names if n.startswith("_")]
    for name in names:
        assert getattr(module, name) is not None, name


def test_public_compare_runs_the_engine(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import specdiff

    spec = '{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}}}'
    (tmp_path / "a.json").write_text(spec)
    (tmp_path / "b.json").write_text(spec.replace('"/a"', '"/b"'))
    changes = specdiff.compare(specdiff.load_spec(str(tmp_path / "a.json")), specdiff.load_spec(str(tmp_path / "b.json")))
    assert any(c.level is specdiff.Level.ERROR and c.operation == "GET /a" for c in changes)
