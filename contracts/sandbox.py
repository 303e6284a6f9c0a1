"""Public API of the embedded sandbox.

    from contracts.sandbox import start_sandbox
    with start_sandbox() as sandbox:          # curated Zuora spec, free port on 127.0.0.1
        httpx.post(f"{sandbox.base_url}/oauth/token", data={...})

`start_sandbox(spec=None, *, host, port, faults, state, seed, clock, **config)` returns a
`RunningSandbox` (`.base_url`, `.stop()`, `.injected()`, `.advance(seconds)`, `.token()`);
config keywords are `SandboxConfig` fields (rate_limit, rate_window, token_ttl, clients,
max_body, job_pending_seconds, job_processing_seconds, auth).
"""

from contracts._sandbox._app import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    SandboxApp,
    SandboxConfig,
)
from contracts._sandbox._clock import Clock, ManualClock
from contracts._sandbox._faults import KINDS as FAULT_KINDS
from contracts._sandbox._faults import Fault, FaultPlan, available_profiles, load_profile
from contracts._sandbox._server import RunningSandbox, SandboxError, build_app, start_sandbox

__all__ = [
    "DEFAULT_CLIENT_ID",
    "DEFAULT_CLIENT_SECRET",
    "FAULT_KINDS",
    "Clock",
    "Fault",
    "FaultPlan",
    "ManualClock",
    "RunningSandbox",
    "SandboxApp",
    "SandboxConfig",
    "SandboxError",
    "available_profiles",
    "build_app",
    "load_profile",
    "start_sandbox",
]
