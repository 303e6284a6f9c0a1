"""`LoadedSpec.locate(pointer)`: 1-based (line, col) from a lazy scan of the text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from specdiff import LoadedSpec, load_spec
from specdiff._load._positions import Locator, scan_positions
from specdiff._load._refs import pointer_of

YAML = """\
openapi: 3.0.3  # comment
info:
  title: t
  description: |
    not: a key
    - not an item
  version: '1'
paths:
  "/a/{id}":
    get:
      parameters:
      - name: id
        in: path
      -   name: q
          in: query
      responses:
        '200': {description: ok, content: {}}
        404:
          description: >-
            folded: text
tags:
  - name: one
    x-multi: first line
      second line
  - {name: two}
"""


@pytest.fixture
def yaml_spec(write_spec: Callable[..., Path]) -> LoadedSpec:
    return load_spec(str(write_spec("s.yaml", YAML)))


@pytest.mark.parametrize(
    ("pointer", "expected"),
    [
        ("", (1, 1)),
        ("/openapi", (1, 1)),
        ("/info/title", (3, 3)),
        ("/info/description", (4, 3)),
        ("/info/version", (7, 3)),
        ("/paths/~1a~1{id}/get", (10, 5)),
        ("/paths/~1a~1{id}/get/parameters/0", (12, 7)),
        ("/paths/~1a~1{id}/get/parameters/0/in", (13, 9)),
        ("/paths/~1a~1{id}/get/parameters/1", (14, 7)),
        ("/paths/~1a~1{id}/get/parameters/1/in", (15, 11)),
        ("/paths/~1a~1{id}/get/responses/200", (17, 9)),
        ("/paths/~1a~1{id}/get/responses/200/description", (17, 9)),  # inside flow style: the enclosing key
        ("/paths/~1a~1{id}/get/responses/404/description", (19, 11)),
        ("/tags/0/x-multi", (23, 5)),
        ("/tags/1", (25, 3)),
        ("/tags/1/name", (25, 3)),
    ],
)
def test_yaml_positions(yaml_spec: LoadedSpec, pointer: str, expected: tuple[int, int]) -> None:
    assert yaml_spec.locate(pointer) == expected


def test_block_scalars_are_not_scanned_as_keys(yaml_spec: LoadedSpec) -> None:
    assert yaml_spec.locate("/info/description") == (4, 3)
    assert yaml_spec.locate("/info/description/not") is None  # not in the document
    assert scan_positions(yaml_spec.text, "yaml").keys().isdisjoint({"/info/description/not", "/info/description/0"})
    assert yaml_spec.locate("/nowhere") is None


def test_json_positions(write_spec: Callable[..., Path]) -> None:
    text = '{\n  "openapi": "3.1.0",\n  "info": {"title": "t", "version": "1"},\n  "paths": {\n    "/a": {"get": {"tags": ["x", "y"],\n      "responses": {"200": {"description": "ok \\"quoted\\""}}}}\n  }\n}\n'
    spec = load_spec(str(write_spec("s.json", text)))
    assert spec.locate("/info/version") == (3, 26)
    assert spec.locate("/paths/~1a/get") == (5, 12)
    assert spec.locate("/paths/~1a/get/tags/1") == (5, 34)
    assert spec.locate("/paths/~1a/get/responses/200/description") == (6, 29)


def test_locate_is_lazy(write_spec: Callable[..., Path]) -> None:
    spec = load_spec(str(write_spec("s.yaml", YAML)))
    assert spec._locator is None
    spec.locate("/info")
    assert spec._locator is not None


@pytest.mark.shared
@pytest.mark.parametrize(
    "relative",
    [
        "specs/zuora/zuora-2025-12-12-otc-compact-davealexenglish-payments.yaml",
        "corpora/history/twilio/2026-04-14_v2.6.7.json",
    ],
)
def test_every_key_of_a_real_spec_is_located_exactly(shared_dir: Path, relative: str) -> None:
    path = shared_dir / relative
    spec = load_spec(str(path))
    lines = spec.text.splitlines()
    stack: list[tuple[object, tuple[str | int, ...]]] = [(spec.document, ())]
    checked = 0
    while stack:
        node, path_ = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
        for key, value in items:
            child = (*path_, key)
            checked += 1
            if isinstance(key, str) and checked % 5 == 0:  # a sample keeps this quick
                found = spec.locate(pointer_of(child))
                assert found is not None
                line, col = found
                rest = lines[line - 1][col - 1 :]
                # block keys are exact; keys inside flow collections resolve to the enclosing key
                if not rest.startswith((key, f"'{key}'", f'"{key}"')):
                    assert lines[line - 1].rstrip().endswith(("}", "]", ",", "{", "[")) or "{" in rest or "[" in rest, (child, rest)
            if isinstance(value, dict | list):
                stack.append((value, child))
    assert checked > 10_000


@pytest.mark.shared
@pytest.mark.parametrize(
    "relative",
    [
        "specs/zuora/zuora-2017-11-15-netlify-zuora-ruby-client.yml",
        "corpora/history/stripe/2018-06-09T000726Z_c537c434.yaml",
        "corpora/history/twilio/2021-07-28_v1.19.1.json",
    ],
)
def test_lazy_locator_agrees_with_the_full_scan(shared_dir: Path, relative: str) -> None:
    text = (shared_dir / relative).read_text(encoding="utf-8")
    fmt = "json" if relative.endswith(".json") else "yaml"
    full = scan_positions(text, fmt)
    locator = Locator(text, fmt)
    assert len(full) > 10_000
    for pointer, position in full.items():
        assert locator.find(pointer) == (position, True), pointer
