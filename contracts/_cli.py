"""Command-line entry point for `contracts`: adapts argv to library calls; never computes.

`contracts run [SPEC] [options]` (also the default with no subcommand) drives a target;
`contracts sandbox [options]` serves the embedded Zuora sandbox.
Each subcommand lives in its own `_cli_<name>.py` module with `run(argv) -> int`.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

from specdiff import SpecdiffError

SUBCOMMANDS = {
    "report": "contracts._cli_report",
    "run": "contracts._cli_run",
    "sandbox": "contracts._cli_sandbox",
}
DEFAULT_SUBCOMMAND = "contracts._cli_run"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    module_name = DEFAULT_SUBCOMMAND
    if args and args[0] in SUBCOMMANDS:
        module_name = SUBCOMMANDS[args.pop(0)]
    try:
        module = importlib.import_module(module_name)
        return int(module.run(args))
    except SpecdiffError as exc:
        message = " ".join(line.strip() for line in str(exc).splitlines() if line.strip())
        print(f"contracts: error: {message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("contracts: interrupted", file=sys.stderr)
        return 130
