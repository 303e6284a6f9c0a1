"""Errors of a contract run. Each maps to exit code 2 with one line (they subclass SpecdiffError)."""

from __future__ import annotations

from specdiff import SpecdiffError


class ContractsError(SpecdiffError):
    """Base class: the run could not start or continue. Exit code 2, one line."""


class SafetyRefusal(ContractsError):
    """The safety guard refused the target or a request (production host, read-only run)."""


class AuthError(ContractsError):
    """Credentials are missing or the token endpoint refused them."""


class TargetUnreachable(ContractsError):
    """Nothing answers at the base URL (refused connection, DNS failure, timeout)."""


class StopRun(Exception):
    """Stop the run early but keep what was measured: budget spent, interrupted, target died."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Terminated(KeyboardInterrupt):
    """SIGTERM, treated like Ctrl-C: stop, keep what was measured, mark it partial."""

    reason = "interrupted (SIGTERM)"
