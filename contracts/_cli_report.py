"""`contracts report conformance.json [--previous OLD.json] [-o OUT.html]`: re-render a conformance run."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from specdiff._html._cli_common import add_output_options, render_files


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad option is one line (exit 2), not a usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def run(argv: Sequence[str]) -> int:
    parser = _Parser(
        prog="contracts report",
        description="Render a conformance result JSON as a self-contained HTML report and a markdown summary; "
        "with --previous, show what is new, fixed and still failing since that run.",
        epilog="example: contracts report reports/conformance.json --previous reports-old/conformance.json",
    )
    parser.add_argument("result", type=Path, metavar="conformance.json", help="a result written by contracts run")
    add_output_options(parser)
    args = parser.parse_args(argv)
    render_files(args.result, args, expect="conformance")
    return 0
