"""What the `specdiff render` and `contracts report` commands share: render a result JSON to files."""

from __future__ import annotations

import argparse
import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema_rs

from specdiff._errors import UsageError
from specdiff._html._conformance import render_conformance_html
from specdiff._html._index import write_index
from specdiff._html._io import atomic_write_text, load_result
from specdiff._html._markdown import render_conformance_markdown, render_specdiff_markdown
from specdiff._html._specdiff import render_specdiff_html


def add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="OUT.html", type=Path, help="HTML file to write (default: beside the JSON, .html)")
    parser.add_argument("--markdown", metavar="OUT.md", type=Path, help="markdown summary to write (default: beside the HTML, .md)")
    parser.add_argument("--no-markdown", action="store_true", help="do not write the markdown summary")
    parser.add_argument("--previous", metavar="OLD.json", type=Path, help="an earlier conformance result: adds a trend (new, fixed, still failing)")
    parser.add_argument("--index", action="store_true", help="also (re)write index.html in the output folder")


def _size(path: Path) -> str:
    size = path.stat().st_size
    if size < 1024:
        return f"{size} bytes"
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def _result_schema(kind: str) -> dict[str, Any] | None:
    """The shipped JSON Schema of a result kind (conformance's is contracts' package data)."""
    package, name = {"specdiff": ("specdiff", "specdiff-result.schema.json"), "conformance": ("contracts", "conformance-result.schema.json")}[kind]
    try:
        text = resources.files(package).joinpath("schemas", name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return None
    schema: dict[str, Any] = json.loads(text)
    return schema


def validate_result(result: dict[str, Any], kind: str, result_path: Path) -> None:
    """Refuse a result that does not match its schema: a report must never misstate a result."""
    schema = _result_schema(kind)
    if schema is None:
        return
    error = next(jsonschema_rs.validator_for(schema).iter_errors(result), None)
    if error is not None:
        where = "/" + "/".join(str(p) for p in error.instance_path)
        raise UsageError(f"result={str(result_path)!r}: not a valid {kind} result at {where}: {error.message}")


def render_files(result_path: Path, args: argparse.Namespace, *, expect: str | None = None) -> list[Path]:
    """Render one result JSON to HTML (+ markdown), print what was written, return the paths."""
    result = load_result(result_path)
    kind = result.get("kind")
    if expect is not None and kind != expect:
        raise UsageError(f"result={str(result_path)!r}: kind={kind!r}, expected {expect!r}")
    if kind in ("specdiff", "conformance"):
        validate_result(result, kind, result_path)
    previous = load_result(args.previous) if args.previous is not None else None
    if previous is not None:
        validate_result(previous, "conformance", args.previous)
    if kind == "specdiff":
        if previous is not None:
            raise UsageError("--previous applies to conformance results only")
        html, markdown = render_specdiff_html(result), render_specdiff_markdown(result)
    elif kind == "conformance":
        html = render_conformance_html(result, previous)
        markdown = render_conformance_markdown(result, previous)
    else:
        raise UsageError(f"result={str(result_path)!r}: kind={kind!r} is not a specdiff or conformance result")
    out = args.output or result_path.with_suffix(".html")
    if out.resolve() == result_path.resolve():
        raise UsageError(f"--output={str(out)!r} would overwrite the result JSON")
    written = [atomic_write_text(out, html)]
    if not args.no_markdown:
        written.append(atomic_write_text(args.markdown or out.with_suffix(".md"), markdown))
    if args.index:
        written.append(write_index(out.parent))
    for path in written:
        print(f"wrote {path} ({_size(path)})")
    return written
