"""Subcommand dispatch shared by the `specdiff` and `contracts` entry points.

Each subcommand is a module with `run(argv) -> int`, imported only when used so that
`specdiff inspect` does not pay for schemathesis. User errors (`SpecdiffError`) become one line
on stderr and their exit code; Ctrl-C becomes exit 130 (partial results are the command's job).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Mapping, Sequence
from typing import NoReturn

from specdiff._errors import SpecdiffError, UsageError


def dispatch(
    prog: str, subcommands: Mapping[str, str], default: str, argv: Sequence[str] | None, help_text: str | None = None
) -> int:
    """Run the subcommand named by argv[0] (or `default` when argv[0] names none).

    With `help_text`, a bare `PROG -h`/`PROG --help` prints it (the subcommand overview) instead
    of the default subcommand's help.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:
        from specdiff._version import version

        print(f"{prog} (specpact) {version()}")
        return 0
    if help_text is not None and args in (["-h"], ["--help"]):
        print(help_text)
        return 0
    module_name = default
    if args and args[0] in subcommands:
        module_name = subcommands[args.pop(0)]
    try:
        module = importlib.import_module(module_name)
        return int(module.run(args))
    except SpecdiffError as exc:
        message = " ".join(line.strip() for line in str(exc).splitlines() if line.strip())
        print(f"{getattr(exc, 'prog', prog)}: error: {message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130


class OneLineArgumentParser(argparse.ArgumentParser):
    """argparse whose usage errors are one line naming the command, exit code 2 (no usage dump)."""

    def error(self, message: str) -> NoReturn:
        raise CommandLineError(self.prog, f"{' '.join(message.split())} (see `{self.prog} --help`)")


class CommandLineError(UsageError):
    """A bad option or argument; printed under the subcommand's own name (`contracts run: error: …`)."""

    def __init__(self, prog: str, message: str) -> None:
        self.prog = prog
        super().__init__(message)
