"""`load_spec`: the one entry point for reading a spec.

First cut: local files and stdin, JSON via orjson, YAML via PyYAML with OpenAPI's JSON data
model (no dates, string keys). The foundation issue grows this (URLs, git revisions, fast YAML,
Swagger 2.0 normalisation, $ref handling, diagnostics).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import orjson
import yaml

from specdiff._errors import SpecLoadError
from specdiff._load._model import LoadedSpec

DEFAULT_MAX_BYTES = 64 * 1024 * 1024


class _JsonModelLoader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """SafeLoader without the timestamp resolver: OpenAPI has no date type."""


_JsonModelLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _stringify_keys(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k) if not isinstance(k, str) else k: _stringify_keys(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_stringify_keys(v) for v in node]
    return node


def _read(source: str, max_bytes: int) -> bytes:
    if source == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        path = Path(source)
        if not path.exists():
            raise SpecLoadError(source, "no such file; check the path")
        data = path.read_bytes()
    if len(data) > max_bytes:
        raise SpecLoadError(source, f"file is larger than the limit of {max_bytes} bytes")
    return data


def load_spec(source: str, *, strict: bool = False, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedSpec:
    """Load `source` (a path or `-`) into a `LoadedSpec`; raise `SpecLoadError` on bad input."""
    started = time.perf_counter()
    data = _read(source, max_bytes)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SpecLoadError(source, f"not UTF-8 text (byte {exc.start})") from None
    stripped = text.lstrip()
    fmt = "json" if stripped.startswith("{") else "yaml"
    try:
        document = orjson.loads(data) if fmt == "json" else _stringify_keys(yaml.load(text, Loader=_JsonModelLoader))
    except (orjson.JSONDecodeError, yaml.YAMLError) as exc:
        raise SpecLoadError(source, f"cannot parse {fmt.upper()}: {exc}") from None
    if not isinstance(document, dict):
        raise SpecLoadError(source, "not an OpenAPI or Swagger document (top level is not a mapping)")
    version = str(document.get("openapi") or document.get("swagger") or "")
    if not version:
        raise SpecLoadError(source, "not an OpenAPI or Swagger document (no `openapi:` or `swagger:` key)")
    return LoadedSpec(
        source=source,
        document=document,
        format=fmt,
        original_version=version,
        text=text,
        load_seconds=time.perf_counter() - started,
    )
