"""File:line:col of changes, from JSON and YAML texts, matching the loader's own `locate`."""

from __future__ import annotations

import json
from pathlib import Path

from specdiff._diff._locate import JsonLocator, YamlLocator
from specdiff._engine import compare
from specdiff._load import load_spec

BASE = {
    "openapi": "3.0.3",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/a/{id}": {"get": {"parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                                           {"name": "q", "in": "query", "schema": {"type": "string"}}],
                            "responses": {"200": {"description": "ok"}}}},
        "/b": {"post": {"responses": {"201": {"description": "ok"}}}},
    },
}
REVISION = {
    "openapi": "3.0.3",
    "info": {"title": "t", "version": "2"},
    "paths": {
        "/a/{id}": {"get": {"parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                                           {"name": "q", "in": "query", "required": True, "schema": {"type": "string"}}],
                            "responses": {"200": {"description": "ok"}}}},
    },
}

YAML_BASE = """openapi: 3.0.3
info:
  title: t
  version: '1'
paths:
  /a/{id}:
    get:
      parameters:
        - name: id
          in: path
          required: true
          schema: {type: string}
        - name: q
          in: query
          schema:
            type: string
      responses:
        '200':
          description: ok
  /b:
    post:
      responses:
        '201':
          description: ok
"""


def test_json_changes_carry_file_line_col(tmp_path: Path) -> None:
    base, rev = tmp_path / "base.json", tmp_path / "rev.json"
    base.write_text(json.dumps(BASE, indent=2))
    rev.write_text(json.dumps(REVISION, indent=2))
    b, r = load_spec(str(base)), load_spec(str(rev))
    changes = {c.id: c for c in compare(b, r)}
    removed = changes["api-path-removed-without-deprecation"]
    assert removed.base is not None and removed.base.file == str(base)
    assert (removed.base.line, removed.base.col) == b.locate("/paths/~1b/post")
    required = changes["request-parameter-became-required"]
    assert required.revision is not None
    assert (required.revision.line, required.revision.col) == r.locate(required.revision.pointer)


def test_yaml_locator_agrees_with_the_loader(tmp_path: Path) -> None:
    path = tmp_path / "base.yaml"
    path.write_text(YAML_BASE)
    spec = load_spec(str(path))
    pointers = ["/paths/~1a~1{id}/get/parameters/1", "/paths/~1a~1{id}/get/parameters/1/in", "/paths/~1b/post/responses/201", "/info/title"]
    found = YamlLocator(spec.text).positions(pointers)
    assert found == {p: spec.locate(p) for p in pointers}


def test_json_locator_finds_keys_and_items_and_gives_up_on_minified() -> None:
    text = json.dumps(BASE, indent=2)
    loc = JsonLocator(text)
    line, col = loc.locate("/paths/~1a~1{id}/get/parameters/1")  # type: ignore[misc]
    assert text.splitlines()[line - 1][col - 1] == "{"
    line, col = loc.locate("/info/title")  # type: ignore[misc]
    assert text.splitlines()[line - 1][col - 1 :].startswith('"title"')
    assert loc.locate("/nope") is None
    assert not JsonLocator(json.dumps(BASE)).usable
