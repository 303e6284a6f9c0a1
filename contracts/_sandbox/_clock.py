"""Clocks: the sandbox's idea of "now", which tests and demos can move forward.

Deletion jobs move Pending -> Processing -> Completed, tokens expire and rate-limit windows reset
by this clock, so `advance(seconds)` (Python API or `POST /__sandbox/clock`) replays an hour of
tenant life in a test without sleeping.
"""

from __future__ import annotations

import threading
import time


class Clock:
    """Wall-clock time plus an offset that only grows (`advance`)."""

    def __init__(self) -> None:
        self._offset = 0.0
        self._lock = threading.Lock()

    def now(self) -> float:
        return time.time() + self._offset

    def advance(self, seconds: float) -> float:
        if seconds < 0:
            raise ValueError(f"seconds={seconds!r}: a clock only moves forward")
        with self._lock:
            self._offset += seconds
        return self.now()


class ManualClock(Clock):
    """A clock that stands still until advanced: fully deterministic tests."""

    def __init__(self, start: float = 1_767_225_600.0) -> None:  # 2026-01-01T00:00:00Z
        super().__init__()
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> float:
        if seconds < 0:
            raise ValueError(f"seconds={seconds!r}: a clock only moves forward")
        with self._lock:
            self._now += seconds
        return self._now
