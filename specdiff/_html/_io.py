"""Reading result JSON and writing report files atomically (a crash never leaves half a report)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Any

import orjson

from specdiff._errors import UsageError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, content: str) -> Path:
    """Write `content` to `path` via a temporary file in the same folder and an atomic rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a report is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path


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
