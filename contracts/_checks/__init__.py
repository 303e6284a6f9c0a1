"""Registered contract checks: schemathesis's built-ins with tracked applicability, plus Zuora's
conventions. Importing this package registers the Zuora checks with schemathesis too, so they
also run under `case.validate_response()` in custom pytest suites."""

from contracts._checks import _builtin, _zuora  # noqa: F401  (registration order: built-ins first)
from contracts._checks._registry import CHECKS, CallInfo, ContractCheck, run_checks

__all__ = ["CHECKS", "CallInfo", "ContractCheck", "run_checks"]
