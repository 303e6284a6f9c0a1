"""`specdiff BASE REVISION [options]`: the diff subcommand. Adapts argv; computes nothing itself."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from specdiff._cli_dispatch import OneLineArgumentParser
from specdiff._config import (
    FAIL_ON_CHOICES,
    GROUP_BY_CHOICES,
    LEVEL_CHOICES,
    Config,
    known_rule_ids,
    load_config_file,
    load_waivers,
    parse_severity_overrides,
)
from specdiff._errors import UsageError
from specdiff._io import write_text_output
from specdiff._load import LoadedSpec, load_spec
from specdiff._load._loader import DEFAULT_MAX_BYTES
from specdiff._model import Level

FORMATS = ("text", "json", "markdown", "junit", "github", "html")

EPILOG = """\
sources: a file path, an http(s) URL, a git revision REV:path (e.g. origin/main:openapi.yaml),
or - for stdin (one side only).

exit codes:
  0  nothing at or above --fail-on      1  something is      2  bad input or usage

examples:
  specdiff old.yaml new.yaml                          breaking changes and warnings, grouped by tag
  specdiff old.yaml new.yaml --level info             the full changelog
  specdiff main:openapi.yaml openapi.yaml --format github --fail-on warning   gate a PR in CI
  specdiff old.yaml new.yaml --format markdown -o changes.md                  a PR comment
  specdiff old.yaml new.yaml --format json -o reports/specdiff.json           for machines
  specdiff old.yaml new.yaml --waivers waivers.yaml --severity response-property-removed=warning

other commands:
  specdiff inspect SPEC                                what the loader made of a spec (and its warnings)
  specdiff render RESULT.json                          re-render a saved JSON result as HTML + markdown

waiver file (YAML): a list of
  - rule: request-parameter-removed        # rule ID or glob (docs/rules.md)
    operation: "GET /v1/accounts/*"        # or  path: /v1/accounts/**   or  fingerprint: <exact>
    reason: replaced by the Zuora-Entity-Ids header, clients migrated
    expires: 2027-01-31                    # optional; after it the waiver stops waiving
"""


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineArgumentParser(
        prog="specdiff",
        description="Compare two versions of an OpenAPI (3.0/3.1) or Swagger 2.0 description and report what "
        "changed and what it breaks, under stable rule IDs (error = breaking, warning, info).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("base", metavar="BASE", help="the old spec (what clients use today)")
    parser.add_argument("revision", metavar="REVISION", help="the new spec")
    parser.add_argument("--format", "-f", default="text", choices=FORMATS, help="output format (default: text)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of stdout")
    parser.add_argument(
        "--fail-on", choices=FAIL_ON_CHOICES, default=None,
        help="exit 1 when a change at or above this level remains after waivers (default: error)",
    )
    parser.add_argument(
        "--level", choices=LEVEL_CHOICES, default=None,
        help="lowest level shown (default: warning; info gives the full changelog)",
    )
    parser.add_argument("--waivers", metavar="FILE", help="YAML waiver file (see below)")
    parser.add_argument(
        "--severity", metavar="RULE=LEVEL", action="append", default=[],
        help="override a rule's level (error|warning|info|off); repeatable; RULE may be a glob",
    )
    parser.add_argument("--config", metavar="FILE", help="YAML config: severity:, waivers:, fail-on:, level:, group-by:")
    parser.add_argument(
        "--group-by", choices=GROUP_BY_CHOICES, default=None,
        help="text/markdown grouping (default: tag; component shows a shared-component change once)",
    )
    parser.add_argument("--strict", action="store_true", help="treat spec load warnings as errors")
    parser.add_argument(
        "--max-bytes",
        type=_non_negative_int,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help="refuse a spec larger than N bytes (default 64 MiB)",
    )
    parser.add_argument(
        "--deprecation-days-stable",
        type=_non_negative_int,
        default=0,
        metavar="DAYS",
        help="stable operations/parameters must be deprecated at least DAYS before their x-sunset (default 0: no policy)",
    )
    parser.add_argument(
        "--deprecation-days-beta",
        type=_non_negative_int,
        default=0,
        metavar="DAYS",
        help="the same for beta operations (x-stability-level: beta)",
    )
    parser.add_argument(
        "--show-warnings", action="store_true",
        help="print the loader's warnings about each spec on stderr (a few per kind; off by default: "
        "checking costs time and real specs have thousands)",
    )
    parser.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto",
        help="colour in text output (default: auto = only on a terminal, never when NO_COLOR is set)",
    )
    return parser


def _use_color(choice: str, to_file: bool) -> bool:
    if choice != "auto":
        return choice == "always"
    if to_file or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def write_atomic(path: Path, text: str) -> None:
    """`-o FILE`: the shared output writer (atomic for files, write-through for devices/pipes)."""
    write_text_output(path, text, what="-o")


def build_config(args: argparse.Namespace) -> Config:
    """Config file first, command line over it."""
    file_cfg = load_config_file(Path(args.config)) if args.config else None
    severity = dict(file_cfg.severity) if file_cfg else {}
    severity.update(parse_severity_overrides(args.severity))
    waivers_path = Path(args.waivers) if args.waivers else (file_cfg.waivers if file_cfg else None)
    level = args.level or (file_cfg.level if file_cfg else None) or "warning"
    fail_on = args.fail_on or (file_cfg.fail_on if file_cfg else None) or "error"
    group_by = args.group_by or (file_cfg.group_by if file_cfg else None) or "tag"
    return Config(
        severity=severity,
        waivers=load_waivers(waivers_path) if waivers_path else [],
        min_level=Level.parse(level),
        fail_on=None if fail_on == "never" else Level.parse(fail_on),
        group_by=group_by,
        deprecation_days_stable=args.deprecation_days_stable,
        deprecation_days_beta=args.deprecation_days_beta,
    )


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of days, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more days, got {value}")
    return value


def _print_warnings(spec: LoadedSpec, per_code: int = 3) -> None:
    """A few warnings per code, then a count: a compact spec can have thousands of one kind."""
    by_code: dict[str, list[str]] = {}
    for warning in spec.warnings:
        by_code.setdefault(warning.code, []).append(f"{warning.where(spec.source)}: {warning.message}")
    for code, lines in sorted(by_code.items()):
        for line in lines[:per_code]:
            print(f"specdiff: warning: [{code}] {line}", file=sys.stderr)
        if len(lines) > per_code:
            print(f"specdiff: warning: [{code}] … {len(lines) - per_code} more in {spec.source} (specdiff inspect lists all)", file=sys.stderr)


def _note_early_warnings(side: str, spec: LoadedSpec) -> None:
    """One line when loading already found problems (a dangling $ref can hide a change)."""
    early = spec.early_warnings
    if not early:
        return
    kinds = sorted({w.code for w in early})
    print(
        f"specdiff: note: {side} {spec.source}: {len(early)} load warning(s) ({', '.join(kinds)}); "
        "what they hide is not compared (--show-warnings lists them)",
        file=sys.stderr,
    )


def run(argv: Sequence[str]) -> int:
    from specdiff._render import RenderOptions, available, render
    from specdiff._report import diff_report

    parser = build_parser()
    args = parser.parse_args(list(argv))
    if args.base == "-" and args.revision == "-":
        raise UsageError("BASE and REVISION cannot both be - (stdin)")
    if args.format not in available():
        raise UsageError(f"--format {args.format}: not available in this installation (available: {', '.join(available())})")
    config = build_config(args)
    config.check_rule_ids(known_rule_ids())
    # A parser's multi-line message is folded onto one line by the dispatcher (the CLI promise).
    base = load_spec(args.base, strict=args.strict, max_bytes=args.max_bytes)
    revision = load_spec(args.revision, strict=args.strict, max_bytes=args.max_bytes)
    if args.show_warnings:
        for spec in (base, revision):
            _print_warnings(spec)
    else:
        for side, spec in (("base", base), ("revision", revision)):
            _note_early_warnings(side, spec)
    report = diff_report(base, revision, config)
    options = RenderOptions(color=_use_color(args.color, bool(args.output)), group_by=config.group_by)
    text = render(report, args.format, options)
    if args.output:
        write_atomic(Path(args.output), text)
    else:
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:  # `specdiff … | head`: the reader left; not an error of ours
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
    return 1 if report.failed() else 0

