"""The contract engine: target + auth → generation and calls (schemathesis + hypothesis) → results.

`execute(config)` is the one entry point the CLI and the pytest plugin use; it never prints
except through the `progress` callback and never writes files (the report writers do).
"""

from contracts._engine._api import RunConfig, execute
from contracts._engine._errors import (
    AuthError,
    ContractsError,
    SafetyRefusal,
    StopRun,
    TargetUnreachable,
)

__all__ = ["AuthError", "ContractsError", "RunConfig", "SafetyRefusal", "StopRun", "TargetUnreachable", "execute"]
