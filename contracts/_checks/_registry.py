"""The check registry: name → (function, applicability predicate, source).

A check is N/A for a call when its predicate says it cannot judge that call (a negative-data
check on valid data, a header check on a response that documents no headers): N/A is counted
apart and never as passed. A check fails by raising `AssertionError` (schemathesis `Failure`s
are AssertionErrors) and passes by returning.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import requests

if TYPE_CHECKING:
    from schemathesis import Response
    from schemathesis.checks import CheckContext

    from contracts._engine._types import AnyCase


@dataclass
class CallInfo:
    """One call as the checks see it: the case, the response, and what we sent."""

    case: AnyCase
    response: Response
    phase: str
    sent_headers: dict[str, str] = field(default_factory=dict)
    auth_kind: str = "none"  # credentials the run supplied: oauth2 | bearer | basic | none
    own_credentials: bool = True  # False when a negative case sent its own Authorization (or none)

    @property
    def negative(self) -> bool:
        meta = self.case.meta
        return bool(meta is not None and meta.generation.mode.is_negative)

    @property
    def positive(self) -> bool:
        meta = self.case.meta
        return meta is None or meta.generation.mode.is_positive

    @cached_property
    def body(self) -> Any:
        """The response body as JSON, or None when it is not JSON."""
        try:
            return json.loads(self.response.content or b"null")
        except (ValueError, UnicodeDecodeError):
            return None

    @property
    def zuora_rejected(self) -> bool:
        """Zuora's way of refusing a request: HTTP 2XX with `"success": false`, or, from its
        batch calls (`/v1/action/…`), a list of results that all say `Success: false`."""
        if not 200 <= self.response.status_code < 300:
            return False
        body = self.body
        if isinstance(body, dict):
            return body.get("success") is False
        return (
            isinstance(body, list)
            and bool(body)
            and all(isinstance(item, dict) and any(k.lower() == "success" and v is False for k, v in item.items()) for item in body)
        )


CheckFn = Callable[["CheckContext", "Response", "AnyCase"], object]
Applies = Callable[[CallInfo], bool]


@dataclass(frozen=True)
class ContractCheck:
    """A registered check: what it is called in reports, how to run it, when it applies."""

    name: str
    func: CheckFn
    applies: Applies
    source: str  # "schemathesis" | "zuora"
    description: str


CHECKS: dict[str, ContractCheck] = {}
PROPAGATE = frozenset({"StopRun", "SafetyRefusal"})  # engine control flow, never a check result


def register(name: str, *, applies: Applies, source: str, description: str) -> Callable[[CheckFn], CheckFn]:
    def decorate(func: CheckFn) -> CheckFn:
        CHECKS[name] = ContractCheck(name, func, applies, source, description)
        return func

    return decorate


@dataclass
class CheckOutcome:
    name: str
    outcome: str  # passed | failed | na
    failures: list[AssertionError] = field(default_factory=list)


def run_checks(ctx: CheckContext, call: CallInfo, names: list[str] | None = None) -> Iterator[CheckOutcome]:
    """Run every (or the named) registered check on one call; yield its outcome."""
    for name, check in CHECKS.items():
        if names is not None and name not in names:
            continue
        try:
            applicable = check.applies(call)
        except Exception:  # a predicate that cannot judge treats the call as N/A
            applicable = False
        if not applicable:
            yield CheckOutcome(name, "na")
            continue
        try:
            check.func(ctx, call.response, call.case)
        except (AssertionError, BaseExceptionGroup) as exc:
            yield CheckOutcome(name, "failed", _flatten(exc))
        except requests.RequestException:
            raise  # a check that re-sends met a network error: the engine decides (target died?)
        except Exception as exc:
            if type(exc).__name__ in PROPAGATE:
                raise
            yield CheckOutcome(name, "na")  # the check could not judge this call
        else:
            yield CheckOutcome(name, "passed")


def _flatten(exc: BaseException) -> list[AssertionError]:
    inner = getattr(exc, "exceptions", None)
    if isinstance(inner, (list, tuple)) and inner:
        out: list[AssertionError] = []
        for item in inner:
            out.extend(_flatten(item))
        return out
    return [exc] if isinstance(exc, AssertionError) else [AssertionError(str(exc))]
