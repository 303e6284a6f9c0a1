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
HELP = """usage: contracts [run] [SPEC] [options] | contracts sandbox [options] | contracts report RESULT.json

Property-based contract tests for Zuora and any OpenAPI 3 API, with conformance reports per tag.

subcommands:
  run       drive an API (default: an embedded Zuora sandbox) and write reports/ (the default subcommand)
  sandbox   serve the embedded stateful Zuora sandbox on 127.0.0.1 until Ctrl-C
  report    re-render a saved conformance.json as HTML and markdown (optionally vs a previous run)

examples:
  contracts                                            # curated Zuora spec vs the embedded sandbox
  contracts run spec.yaml --base-url https://rest.apisandbox.zuora.com --auth oauth2
  contracts sandbox --port 0 --state tenant.sqlite
  contracts report reports/conformance.json --previous old/conformance.json

options:
  -h, --help   this overview; `contracts SUBCOMMAND --help` for each subcommand's options
  --version    print the version

exit codes: 0 conforms, 1 nonconformance, 2 could not run, 130 interrupted, 143 terminated (SIGTERM)"""


def main(argv: Sequence[str] | None = None) -> int:
    return dispatch("contracts", SUBCOMMANDS, DEFAULT_SUBCOMMAND, argv, help_text=HELP)
