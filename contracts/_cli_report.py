"""`contracts report conformance.json [--previous OLD.json] [-o OUT.html]`: re-render a conformance run."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from specdiff._cli_dispatch import OneLineArgumentParser
from specdiff._html._cli_common import add_output_options, render_files


def run(argv: Sequence[str]) -> int:
    parser = OneLineArgumentParser(
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
