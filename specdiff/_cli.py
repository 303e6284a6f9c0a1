"""Command-line entry point: adapts argv to library calls; never computes.

`specdiff BASE REVISION [options]` diffs; `specdiff inspect SPEC` shows what was loaded.
Each subcommand lives in its own `_cli_<name>.py` module with `run(argv) -> int`.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

from specdiff._errors import SpecdiffError

SUBCOMMANDS = {
    "inspect": "specdiff._cli_inspect",
    "render": "specdiff._cli_render",
}
DEFAULT_SUBCOMMAND = "specdiff._cli_diff"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    module_name = DEFAULT_SUBCOMMAND
    if args and args[0] in SUBCOMMANDS:
        module_name = SUBCOMMANDS[args.pop(0)]
    try:
        module = importlib.import_module(module_name)
        return int(module.run(args))
    except SpecdiffError as exc:
        print(f"specdiff: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("specdiff: interrupted", file=sys.stderr)
        return 130
