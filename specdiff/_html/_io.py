"""Reading result JSON and writing report files atomically (a crash never leaves half a report)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from specdiff._errors import UsageError
from specdiff._io import write_text_output


def atomic_write_text(path: Path, content: str) -> Path:
    """Write a report file through the shared writer (atomic rename for regular files)."""
    return write_text_output(path, content, what="output")


def load_result(path: Path) -> dict[str, Any]:
    """A result document from a JSON file, or a one-line UsageError saying what is wrong."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise UsageError(f"result={str(path)!r}: no such file") from None
    except OSError as exc:
        raise UsageError(f"result={str(path)!r}: cannot read ({exc.strerror or exc})") from None
    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise UsageError(f"result={str(path)!r}: not valid JSON ({exc})") from None
    if not isinstance(doc, dict):
        raise UsageError(f"result={str(path)!r}: expected a JSON object, found {type(doc).__name__}")
    return doc
