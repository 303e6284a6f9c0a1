"""Command-line entry point for `contracts`: adapts argv to library calls; never computes.

`contracts run [SPEC] [options]` (also the default with no subcommand) drives a target;
`contracts sandbox [options]` serves the embedded Zuora sandbox;
`contracts report RESULT.json` re-renders a saved conformance result.
"""

from __future__ import annotations

from collections.abc import Sequence

from specdiff._cli_dispatch import dispatch

SUBCOMMANDS = {
    "report": "contracts._cli_report",
    "run": "contracts._cli_run",
    "sandbox": "contracts._cli_sandbox",
}
DEFAULT_SUBCOMMAND = "contracts._cli_run"


def main(argv: Sequence[str] | None = None) -> int:
    return dispatch("contracts", SUBCOMMANDS, DEFAULT_SUBCOMMAND, argv)
