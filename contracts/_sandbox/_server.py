"""Running the sandbox: uvicorn in a background thread on a socket we bind ourselves (so port 0
gives a free port whose number we know before the first request)."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
import uuid
from pathlib import Path
from types import TracebackType
from typing import Any

import orjson
import uvicorn

from contracts._sandbox._app import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    SandboxApp,
    SandboxConfig,
)
from contracts._sandbox._clock import Clock
from contracts._sandbox._faults import make_plan
from contracts._sandbox._state import Store
from specdiff import LoadedSpec, SpecLoadError, UsageError, load_spec


class SandboxError(UsageError):
    """The sandbox cannot start: bad spec, port taken, bad option. Fix the argument named."""


def load_served_spec(spec: str | Path | LoadedSpec | None) -> LoadedSpec:
    """The spec to serve: the curated Zuora spec by default."""
    if isinstance(spec, LoadedSpec):
        loaded = spec
    else:
        from contracts.zuora import CURATED_SPEC

        loaded = load_spec(str(spec if spec is not None else CURATED_SPEC))
    version = str(loaded.document.get("openapi") or "")
    if not version.startswith("3."):
        raise SpecLoadError(loaded.source, f"the sandbox serves OpenAPI 3.x; this document is {loaded.original_version!r}")
    if not isinstance(loaded.document.get("paths"), dict):
        raise SpecLoadError(loaded.source, "no `paths:` to serve")
    return loaded


def build_app(
    spec: str | Path | LoadedSpec | None = None,
    *,
    faults: Any = None,
    state: str | Path | None = None,
    seed: int = 0,
    clock: Clock | None = None,
    **config: Any,
) -> SandboxApp:
    """The ASGI app without a server (for embedding in another ASGI host)."""
    loaded = load_served_spec(spec)
    try:
        cfg = SandboxConfig(seed=seed, **config)
    except TypeError as exc:
        raise SandboxError(f"unknown sandbox option: {exc}") from None
    return SandboxApp(loaded.document, loaded.resolve, config=cfg, store=Store(state), clock=clock or Clock(), plan=make_plan(faults))


class RunningSandbox:
    """A sandbox serving on 127.0.0.1 in a background thread; `stop()` or use as a context manager."""

    client_id = DEFAULT_CLIENT_ID
    client_secret = DEFAULT_CLIENT_SECRET

    def __init__(self, app: SandboxApp, sock: socket.socket, *, access_log: bool = False) -> None:
        self.app = app
        self._sock = sock
        host, port = sock.getsockname()[:2]
        self.host = host
        self.port = int(port)
        display = f"[{host}]" if ":" in host else host
        self.base_url = f"http://{display}:{self.port}"
        config = server_config(app, access_log=access_log)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._run, name=f"sandbox:{self.port}", daemon=True)
        self._error: BaseException | None = None

    def _run(self) -> None:
        try:
            self._server.run(sockets=[self._sock])
        except BaseException as exc:  # surfaced by start()
            self._error = exc

    def start(self, timeout: float = 10.0) -> RunningSandbox:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if self._error is not None or not self._thread.is_alive():
                raise SandboxError(f"sandbox failed to start: {self._error!r}")
            if time.monotonic() > deadline:
                raise SandboxError(f"sandbox did not start within {timeout} s")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        try:
            self._sock.close()
        finally:
            self.app.store.close()

    # -- Python API for tests and benchmarks -------------------------------------------------
    def injected(self) -> list[dict[str, Any]]:
        """Every fault injected so far (kind, operationId, method, path, status, detail)."""
        return self.app.plan.injected()

    def clear_injected(self) -> None:
        self.app.plan.clear()

    def advance(self, seconds: float) -> float:
        """Move the sandbox clock forward (jobs progress, tokens expire, rate windows reset)."""
        return self.app.clock.advance(seconds)

    def token(self) -> str:
        """A fresh bearer token for the default client (as POST /oauth/token would give)."""
        return self.app.issue_token(self.client_id)[0]

    def __enter__(self) -> RunningSandbox:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"<RunningSandbox {self.base_url} {self.app.title!r}>"


def _zuora_400(msg: str) -> bytes:
    """What an HTTP parser error looks like from Zuora: a 400 with the usual body and ids."""
    request_id = str(uuid.uuid4())
    body = orjson.dumps(
        {
            "success": False,
            "processId": request_id.replace("-", "")[:16].upper(),
            "reasons": [{"code": "50000090", "message": f"Malformed HTTP request: {msg}"}],
            "requestId": request_id,
        }
    )
    return (
        b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\nzuora-request-id: "
        + request_id.encode()
        + b"\r\ncontent-length: "
        + str(len(body)).encode()
        + b"\r\nconnection: close\r\n\r\n"
        + body
    )


def _protocol() -> type[asyncio.Protocol]:
    """uvicorn's fastest HTTP protocol, answering parser errors in Zuora's shape."""
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as Base
    except ImportError:  # httptools not installed
        from uvicorn.protocols.http.h11_impl import H11Protocol as Base  # type: ignore[assignment]

    class ZuoraProtocol(Base):
        def send_400_response(self, msg: str) -> None:
            self.transport.write(_zuora_400(msg))
            self.transport.close()

    return ZuoraProtocol


def server_config(app: SandboxApp, *, access_log: bool = False) -> uvicorn.Config:
    """uvicorn settings: uvloop and httptools when installed (the fastest pair we measured)."""
    return uvicorn.Config(
        app,
        loop="auto",
        http=_protocol(),
        log_level="warning",
        access_log=access_log,
        lifespan="off",
        timeout_graceful_shutdown=2,
        limit_max_requests=None,
        h11_max_incomplete_event_size=256 * 1024,
    )


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # inherited by accepted sockets on Linux
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise SandboxError(f"cannot listen on host={host!r} port={port}: {exc.strerror}; pick another --port (0 = any free port)") from None
    sock.listen(2048)
    sock.setblocking(False)
    return sock


def start_sandbox(
    spec: str | Path | LoadedSpec | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    faults: Any = None,
    state: str | Path | None = None,
    seed: int = 0,
    clock: Clock | None = None,
    access_log: bool = False,
    **config: Any,
) -> RunningSandbox:
    """Serve `spec` (default: the curated Zuora spec) on host:port in a background thread."""
    app = build_app(spec, faults=faults, state=state, seed=seed, clock=clock, **config)
    return RunningSandbox(app, bind(host, port), access_log=access_log).start()
