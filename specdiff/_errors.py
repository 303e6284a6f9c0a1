"""Exceptions raised by specdiff. Every one maps to exit code 2 with a one-line message."""

from __future__ import annotations


class SpecdiffError(Exception):
    """Base class: something the user gave us cannot be used. Exit code 2, one line, no traceback."""

    exit_code = 2


class SpecLoadError(SpecdiffError):
    """A spec could not be read, parsed or recognised.

    The message names the source, the place (line:col or JSON pointer) and what to do.
    """

    def __init__(self, source: str, message: str, *, line: int | None = None, col: int | None = None) -> None:
        self.source = source
        self.line = line
        self.col = col
        where = source
        if line is not None:
            where += f":{line}"
            if col is not None:
                where += f":{col}"
        super().__init__(f"{where}: {message}")


class UsageError(SpecdiffError):
    """A command-line argument or configuration value is wrong."""
