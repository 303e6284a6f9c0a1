"""Helpers shared by the spec-diff and conformance renderers (HTML and markdown)."""

from __future__ import annotations

from typing import Any

from specdiff._errors import UsageError
from specdiff._html._safe import as_dict, mask_deep, text

SUPPORTED_MAJOR = "1"
LEVELS = ("error", "warning", "info")
STATUSES = ("failed", "errored", "passed", "skipped")
UNTAGGED = "(untagged)"


def prepare(result: object, kind: str) -> dict[str, Any]:
    """Check that `result` is a result document of `kind` we can read, and mask secrets in it."""
    if not isinstance(result, dict):
        raise UsageError(f"result={type(result).__name__}: expected a JSON object (a {kind} result)")
    found = result.get("kind")
    if found != kind:
        raise UsageError(f"kind={found!r}: expected a {kind!r} result (see docs/result-formats.md)")
    version = text(result.get("schemaVersion"), "1.0")
    if version.split(".", 1)[0] != SUPPORTED_MAJOR:
        raise UsageError(
            f"schemaVersion={version!r}: this specpact reads {SUPPORTED_MAJOR}.x results; upgrade specpact to render it"
        )
    masked: dict[str, Any] = mask_deep(result)
    return masked


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def duration(seconds: object) -> str:
    if not isinstance(seconds, int | float) or isinstance(seconds, bool):
        return ""
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 120:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes} min {secs} s"


def tool_line(result: dict[str, Any]) -> str:
    tool = as_dict(result.get("tool"))
    name = text(tool.get("name"), "specpact")
    version = text(tool.get("version"))
    return f"{name} {version}".strip()


def code_documented(code: str, documented: list[str]) -> bool:
    """Is a seen status code covered by the documented ones ("404", "4XX", "default")?"""
    docs = {d.strip().upper() for d in documented}
    return code.upper() in docs or (len(code) == 3 and f"{code[0]}XX" in docs) or "DEFAULT" in docs
