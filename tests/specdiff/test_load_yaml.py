"""YAML is read with OpenAPI's JSON data model, fast, and in agreement with a careful reference."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from specdiff import SpecLoadError, load_spec
from specdiff._load._yaml import ParseFailure, parse_yaml, reference_yaml_load

HEAD = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"


def fast(text: str) -> Any:
    return parse_yaml(text).document


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        ("a: '2025-12-12'", "2025-12-12"),
        ("a: 2025-12-13", "2025-12-13"),
        ("a: 2025-12-13T10:00:00Z", "2025-12-13T10:00:00Z"),
        ("a: '0123'", "0123"),
        ("a: 0123", 123),
        ("a: 1e3", 1000.0),
        ("a: 1.5", 1.5),
        ("a: 0x1F", 31),
        ("a: 0o17", 15),
        ("a: yes", "yes"),
        ("a: on", "on"),
        ("a: true", True),
        ("a: False", False),
        ("a: ~", None),
        ("a: null", None),
        ("a:", None),
        ("a: 'true'", "true"),
        ("a: 12345678901234567890", 12345678901234567890),
        ("a: |\n  line1\n  line2\n", "line1\nline2\n"),
        ("a: >\n  folded\n  text\n\n  para\n", "folded text\npara\n"),
        ("a: |-\n  kept\n", "kept"),
        ("a: !!str 12", "12"),
    ],
)
def test_scalars_follow_the_json_data_model(yaml_text: str, expected: Any) -> None:
    assert fast(yaml_text)["a"] == expected
    assert type(fast(yaml_text)["a"]) is type(expected)
    assert reference_yaml_load(yaml_text)["a"] == expected


def test_infinities_and_nan() -> None:
    doc = fast("a: .inf\nb: -.inf\nc: .nan\n")
    assert doc["a"] == math.inf
    assert doc["b"] == -math.inf
    assert math.isnan(doc["c"])


def test_non_string_keys_become_json_strings() -> None:
    doc = fast("200:\n  x: 1\n404: {}\n1.5: a\ntrue: b\nnull: c\nflow: {201: x}\n")
    assert list(doc) == ["200", "404", "1.5", "true", "null", "flow"]
    assert doc["flow"] == {"201": "x"}


def test_same_key_written_two_ways_is_a_duplicate() -> None:
    with pytest.raises(ParseFailure, match="duplicate key '200'"):
        fast("200: a\n'200': b\n")


def test_duplicate_keys_are_detected() -> None:
    with pytest.raises(ParseFailure) as caught:
        fast("a: 1\nb:\n  c: 1\n  c: 2\n")
    assert caught.value.kind == "duplicate"
    with pytest.raises(ParseFailure) as caught:
        reference_yaml_load("a: 1\nb:\n  c: 1\n  c: 2\n")
    assert (caught.value.kind, caught.value.line) == ("duplicate", 4)


def test_anchors_aliases_and_merge_keys() -> None:
    doc = fast("base: &b {k: 1, z: 0}\ncopy: *b\nmerged:\n  <<: *b\n  z: 2\n")
    assert doc["copy"] == {"k": 1, "z": 0}
    assert doc["merged"] == {"k": 1, "z": 2}
    assert doc["merged"] == reference_yaml_load("base: &b {k: 1, z: 0}\nmerged:\n  <<: *b\n  z: 2\n")["merged"]


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        prev, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 10)}]")
    with pytest.raises(ParseFailure) as caught:
        fast("\n".join(lines) + "\n")
    assert caught.value.kind == "bomb"


def test_deep_nesting_is_refused_without_recursion_error() -> None:
    deep_block = "".join(" " * i + "k:\n" for i in range(400)) + " " * 400 + "k: 1\n"
    with pytest.raises(ParseFailure) as caught:
        fast(deep_block)
    assert caught.value.kind == "depth"
    with pytest.raises(ParseFailure):
        fast("a: " + "[" * 5000 + "]" * 5000)


def test_loaded_document_keeps_dates_as_strings(write_spec: Callable[..., Path]) -> None:
    spec = write_spec("s.yaml", HEAD + "x-released: 2025-12-13\nx-quoted: '2025-12-12'\n")
    loaded = load_spec(str(spec))
    assert loaded.document["x-released"] == "2025-12-13"
    assert loaded.document["x-quoted"] == "2025-12-12"
    assert loaded.format == "yaml"


def test_json_with_comments_is_read_as_yaml(write_spec: Callable[..., Path]) -> None:
    spec = write_spec("s.json", '{"openapi": "3.0.3", # a comment\n "info": {"title": "t", "version": "1"}, "paths": {}}\n')
    assert load_spec(str(spec)).title == "t"


def test_multiple_documents_are_refused(write_spec: Callable[..., Path]) -> None:
    spec = write_spec("s.yaml", HEAD + "---\n" + HEAD)
    with pytest.raises(SpecLoadError, match="several YAML documents"):
        load_spec(str(spec))


safe_text = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="\x85\ufeff")
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False, allow_infinity=False, width=32)
    | st.text(safe_text, max_size=12),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(safe_text, max_size=8), children, max_size=4),
    max_leaves=20,
)


@given(st.dictionaries(st.text(safe_text, min_size=1, max_size=8), json_values, min_size=1, max_size=5), st.sampled_from([True, False]))
def test_fast_parser_agrees_with_reference_on_dumped_yaml(value: dict[str, Any], flow: bool) -> None:
    text = yaml.safe_dump(value, default_flow_style=flow, allow_unicode=True, sort_keys=False)
    # PyYAML writes YAML 1.1 (a key 0E0 stays plain there, a float under 1.2): compare the two 1.2 readers.
    assert fast(text) == reference_yaml_load(text)


@pytest.mark.parametrize("pretty", [True, False])
def test_json_keys_inside_strings_are_not_duplicates(write_spec: Callable[..., Path], pretty: bool) -> None:
    import json

    doc = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1", "description": 'payload {"a": 1, "a": 2} \\": x'},
        "paths": {},
        "x-unicode": "caf\u00e9 \u2019",
    }
    text = json.dumps(doc, indent=2 if pretty else None, ensure_ascii=True)
    assert load_spec(str(write_spec("s.json", text))).document == doc
