"""`specdiff render RESULT.json [-o OUT.html] [--markdown OUT.md]`: re-render a saved result."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from specdiff._cli_dispatch import OneLineArgumentParser
from specdiff._html._cli_common import add_output_options, render_files


def run(argv: Sequence[str]) -> int:
    parser = OneLineArgumentParser(
        prog="specdiff render",
        description="Render a saved specdiff (or conformance) result JSON as a self-contained HTML report "
        "and a markdown summary for PR comments.",
        epilog="example: specdiff render reports/specdiff.json -o reports/specdiff.html --index",
    )
    parser.add_argument("result", type=Path, metavar="RESULT.json", help="a result written by specdiff --format json or contracts run")
    add_output_options(parser)
    args = parser.parse_args(argv)
    render_files(args.result, args)
    return 0
