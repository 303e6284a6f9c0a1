"""Command-line entry point: adapts argv to library calls; never computes.

`specdiff BASE REVISION [options]` diffs; `specdiff inspect SPEC` shows what was loaded;
`specdiff render RESULT.json` re-renders a saved result as HTML and markdown.
"""

from __future__ import annotations

from collections.abc import Sequence

from specdiff._cli_dispatch import dispatch

SUBCOMMANDS = {
    "inspect": "specdiff._cli_inspect",
    "render": "specdiff._cli_render",
}
DEFAULT_SUBCOMMAND = "specdiff._cli_diff"


def main(argv: Sequence[str] | None = None) -> int:
    return dispatch("specdiff", SUBCOMMANDS, DEFAULT_SUBCOMMAND, argv)
