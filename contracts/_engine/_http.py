"""The one way requests leave a run: a `requests.Session` that enforces the guard and budgets.

Every request passes `GuardedSession.request`: the safety guard (method allow-list), the hard
budgets (`--max-requests`, `--max-time`), auth (refreshed once on 401), Zuora headers
(`Zuora-Version`, `Zuora-Entity-Ids`, a fresh `Zuora-Track-Id`), and politeness: 429 with
`Retry-After` and a low `RateLimit-Remaining` slow the run down instead of failing it.
"""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests

from contracts._engine._auth import Auth, NoAuth
from contracts._engine._errors import SafetyRefusal, StopRun
from contracts._engine._target import Target

MAX_429_RETRIES = 5
MAX_BACKOFF_SECONDS = 30.0
LOW_REMAINING_FRACTION = 0.05


@dataclass
class Budget:
    """Hard limits shared by every worker; `take()` raises StopRun once one is spent."""

    max_requests: int | None = None
    max_time: float | None = None
    started: float = field(default_factory=time.monotonic)
    sent: int = 0
    stop_reason: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def deadline(self) -> float | None:
        return None if self.max_time is None else self.started + self.max_time

    def remaining_time(self) -> float | None:
        d = self.deadline
        return None if d is None else d - time.monotonic()

    def stop(self, reason: str) -> None:
        with self._lock:
            if self.stop_reason is None:
                self.stop_reason = reason

    def check(self) -> None:
        if self.stop_reason is not None:
            raise StopRun(self.stop_reason)
        left = self.remaining_time()
        if left is not None and left <= 0:
            self.stop(f"time budget spent (--max-time {self.max_time:g})")
            raise StopRun(self.stop_reason or "")

    def take(self) -> None:
        self.check()
        with self._lock:
            if self.max_requests is not None and self.sent >= self.max_requests:
                if self.stop_reason is None:
                    self.stop_reason = f"request budget spent (--max-requests {self.max_requests})"
                raise StopRun(self.stop_reason)
            self.sent += 1


@dataclass
class HttpStats:
    throttled: int = 0
    retried_429: int = 0
    refreshed_401: int = 0
    unauthorized: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def bump(self, name: str) -> None:
        with self._lock:
            setattr(self, name, getattr(self, name) + 1)


@dataclass
class HttpContext:
    """What every session of one run shares."""

    target: Target
    budget: Budget
    auth: Auth = field(default_factory=NoAuth)
    zuora_version: str | None = None
    entity_id: str | None = None
    timeout: float = 30.0
    stats: HttpStats = field(default_factory=HttpStats)
    on_request: Callable[[requests.PreparedRequest], None] | None = None
    sleep: Callable[[float], Any] = time.sleep


class GuardedSession(requests.Session):
    """A session bound to one run's guard, budget, auth and headers."""

    supports_without_auth = True

    def __init__(self, ctx: HttpContext) -> None:
        super().__init__()
        self.ctx = ctx
        # Headers a negative case deliberately mutated: never overwritten by our defaults.
        self.keep_headers: set[str] = set()

    def _prepare_headers(self, given: Any, without_auth: bool) -> dict[str, str]:
        headers = {str(k): str(v) for k, v in dict(given or {}).items()}
        lower = {k.lower(): k for k in headers}

        def put(name: str, value: str | None) -> None:
            if value is None or name.lower() in self.keep_headers:
                return
            if name.lower() in lower:
                headers.pop(lower[name.lower()])
            headers[name] = value
            lower[name.lower()] = name

        put("Zuora-Version", self.ctx.zuora_version)
        put("Zuora-Entity-Ids", self.ctx.entity_id)
        put("Zuora-Track-Id", f"specpact-{uuid.uuid4().hex}")
        if "accept-encoding" not in lower:
            headers["Accept-Encoding"] = "gzip, deflate"
        if without_auth:
            if "authorization" in lower:
                headers.pop(lower["authorization"])
        else:
            put("Authorization", self.ctx.auth.header())
        return headers

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        verb = (method.decode() if isinstance(method, bytes) else method).upper()
        if not self.ctx.target.allows(verb):
            raise SafetyRefusal(f"{verb} refused: this run is read-only (GET/HEAD/OPTIONS only)")
        without_auth = bool(kwargs.pop("without_auth", False))
        kwargs["timeout"] = self.ctx.timeout  # ours wins over schemathesis's 10 s default and checks' own
        original_headers = kwargs.pop("headers", None)
        if original_headers and "idempotency-key" not in self.keep_headers:
            original_headers = _distinct_idempotency_key(dict(original_headers), verb, str(url), kwargs)
        refreshed = False
        attempts_429 = 0
        while True:
            kwargs["headers"] = self._prepare_headers(original_headers, without_auth)
            self.ctx.budget.take()
            left = self.ctx.budget.remaining_time()
            if left is not None:  # --max-time is hard: no request outlives it
                kwargs["timeout"] = max(0.05, min(float(self.ctx.timeout), left))
            try:
                response = super().request(verb, url, *args, **kwargs)
            except requests.Timeout:
                left = self.ctx.budget.remaining_time()
                if left is not None and left <= 0.05:
                    self.ctx.budget.check()
                    raise StopRun(self.ctx.budget.stop_reason or "time budget spent") from None
                raise
            if self.ctx.on_request is not None:
                self.ctx.on_request(response.request)
            if response.status_code == 429 and attempts_429 < MAX_429_RETRIES:
                attempts_429 += 1
                self.ctx.stats.bump("retried_429")
                self._pause(_retry_after(response, attempts_429))
                continue
            sent_ours = not without_auth and "authorization" not in self.keep_headers and self.ctx.auth.kind != "none"
            token_url = getattr(self.ctx.auth, "token_url", None)
            if token_url and str(url).split("?")[0].rstrip("/") == token_url.rstrip("/"):
                sent_ours = False  # the token endpoint refusing a generated request is not our token expiring
            if response.status_code == 401 and sent_ours:
                self.ctx.stats.bump("unauthorized")
                if not refreshed and self.ctx.auth.refresh():
                    refreshed = True
                    self.ctx.stats.bump("refreshed_401")
                    continue
            self._throttle(response)
            return response

    def _pause(self, seconds: float) -> None:
        left = self.ctx.budget.remaining_time()
        if left is not None:
            seconds = min(seconds, max(left, 0.0))
        if seconds > 0:
            self.ctx.sleep(seconds)
        self.ctx.budget.check()

    def _throttle(self, response: requests.Response) -> None:
        limit = _int_header(response, "RateLimit-Limit")
        remaining = _int_header(response, "RateLimit-Remaining")
        if limit is None or remaining is None or limit <= 0:
            return
        if remaining <= max(1, int(limit * LOW_REMAINING_FRACTION)):
            reset = _int_header(response, "RateLimit-Reset") or 1
            self.ctx.stats.bump("throttled")
            self._pause(min(float(reset) / (remaining + 1), MAX_BACKOFF_SECONDS))


def _int_header(response: requests.Response, name: str) -> int | None:
    from contracts._checks._zuora import rate_limit_number

    number = rate_limit_number(response.headers.get(name))
    return None if number is None else int(number)


def _retry_after(response: requests.Response, attempt: int) -> float:
    raw = response.headers.get("Retry-After")
    if raw is not None:
        try:
            seconds: float = min(max(float(str(raw)), 0.0), MAX_BACKOFF_SECONDS)
            return seconds
        except ValueError:
            pass
    return min(0.5 * 2.0 ** (attempt - 1), MAX_BACKOFF_SECONDS)


def _distinct_idempotency_key(headers: dict[str, Any], method: str, url: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    """Generated keys collide ("0", "a"): a key reused with another body is rightly refused, so
    valid cases get a key derived from the request itself (same request, same key: reproducible)."""
    for name in list(headers):
        if name.lower() == "idempotency-key":
            body = (kwargs.get("data") or kwargs.get("json") or b"", kwargs.get("files") or ())
            digest = hashlib.sha256(f"{method} {url} {body!r}".encode()).hexdigest()[:32]
            headers[name] = f"specpact-{digest}"
    return headers
