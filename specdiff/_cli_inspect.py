"""`specdiff inspect SPEC`: print what the loader made of a spec (text or `--json`)."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from typing import Any

import orjson

from specdiff._cli_dispatch import OneLineArgumentParser
from specdiff._load import LoadedSpec, LoadWarning, load_spec
from specdiff._load._loader import DEFAULT_MAX_BYTES
from specdiff._load._sources import DEFAULT_TIMEOUT

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _parser() -> argparse.ArgumentParser:
    parser = OneLineArgumentParser(
        prog="specdiff inspect",
        description="Load a spec (OpenAPI 3.0/3.1 or Swagger 2.0, YAML or JSON) and print what was loaded.",
        epilog=(
            "SPEC is a path, - for stdin, an http(s):// URL, or REV:path for a file in a git revision "
            "(e.g. main:openapi.yaml, run inside the repository). Exit codes: 0 loaded, 2 bad input "
            "(or warnings under --strict)."
        ),
    )
    parser.add_argument("spec", metavar="SPEC", help="path, -, URL or REV:path")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 2)")
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"refuse specs larger than N bytes (default {DEFAULT_MAX_BYTES})",
    )
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="S", help="URL fetch timeout in seconds"
    )
    parser.add_argument(
        "--allow-remote-refs", action="store_true", help="fetch $refs that point at http(s) URLs"
    )
    return parser


def summarize(spec: LoadedSpec) -> dict[str, Any]:
    """The facts `inspect` prints, as one JSON-ready dict."""
    doc = spec.document
    paths: dict[str, Any] = doc["paths"] if isinstance(doc.get("paths"), dict) else {}
    operations = [
        op
        for item in paths.values()
        if isinstance(item, dict)
        for method, op in item.items()
        if method in HTTP_METHODS and isinstance(op, dict)
    ]
    tags: list[Any] = doc["tags"] if isinstance(doc.get("tags"), list) else []
    declared = {t["name"] for t in tags if isinstance(t, dict) and isinstance(t.get("name"), str)}
    used = {t for op in operations if isinstance(op.get("tags"), list) for t in op["tags"] if isinstance(t, str)}
    components: dict[str, Any] = doc["components"] if isinstance(doc.get("components"), dict) else {}
    schemas: dict[str, Any] = components["schemas"] if isinstance(components.get("schemas"), dict) else {}
    kind = "Swagger" if spec.is_swagger else "OpenAPI"
    warnings = sorted(spec.located_warnings(), key=lambda w: (w.line or 0, w.col or 0, w.pointer))
    return {
        "source": spec.source,
        "format": spec.format,
        "spec": f"{kind} {spec.original_version}",
        "original_version": spec.original_version,
        "normalised_to": str(doc.get("openapi", "")),
        "title": spec.title,
        "api_version": spec.version,
        "counts": {
            "paths": len(paths),
            "operations": len(operations),
            "tags": len(declared | used),
            "tags_declared": len(declared),
            "tags_used": len(used),
            "tags_used_undeclared": len(used - declared),
            "tags_declared_unused": len(declared - used),
            "schemas": len(schemas),
        },
        "load_seconds": round(spec.load_seconds, 4),
        "warnings": [
            {"code": w.code, "message": w.message, "pointer": w.pointer, "line": w.line, "col": w.col}
            for w in warnings
        ],
    }


def run(argv: Sequence[str]) -> int:
    args = _parser().parse_args(argv)
    spec = load_spec(
        args.spec,
        strict=args.strict,
        max_bytes=args.max_bytes,
        timeout=args.timeout,
        allow_remote_refs=args.allow_remote_refs,
    )
    facts = summarize(spec)
    if args.json:
        sys.stdout.buffer.write(orjson.dumps(facts, option=orjson.OPT_INDENT_2) + b"\n")
        return 0
    counts = facts["counts"]
    tag_detail = f"{counts['tags_declared']} declared, {counts['tags_used']} used by operations"
    if counts["tags_used_undeclared"]:
        tag_detail += f", {counts['tags_used_undeclared']} used but not declared"
    if counts["tags_declared_unused"]:
        tag_detail += f", {counts['tags_declared_unused']} declared but unused"
    version = facts["spec"]
    if spec.is_swagger:
        version += f" (normalised to OpenAPI {facts['normalised_to']})"
    by_code = Counter(w["code"] for w in facts["warnings"])
    summary = ", ".join(f"{code}: {n}" for code, n in by_code.most_common())
    lines = [
        f"source:      {spec.source}",
        f"format:      {spec.format.upper()}",
        f"spec:        {version}",
        f"title:       {spec.title}",
        f"api version: {spec.version}",
        f"paths:       {counts['paths']}",
        f"operations:  {counts['operations']}",
        f"tags:        {counts['tags']} ({tag_detail})",
        f"schemas:     {counts['schemas']}",
        f"load time:   {spec.load_seconds:.3f} s",
        f"warnings:    {len(facts['warnings'])}" + (f" ({summary})" if summary else ""),
    ]
    for w in facts["warnings"]:
        where = LoadWarning(w["code"], w["message"], w["pointer"], w["line"], w["col"]).where(spec.source)
        lines.append(f"  {where}: [{w['code']}] {w['message']}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
