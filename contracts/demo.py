"""`nox -s demo` / `python -m contracts.demo`: the main job on the embedded default.

1. specdiff: the older rendering of the curated Zuora spec against the current one
   (what an integration team sees before an upgrade) -> specdiff.json/.html/.md
2. contracts run: the curated spec against an embedded sandbox on a free port
   -> conformance.json/.html/.md, junit.xml
3. index.html listing every report in the folder.

It only strings the CLIs together, so what it shows is exactly what a user gets.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from contracts import _cli as contracts_cli
from contracts.zuora import CURATED_SPEC, CURATED_SPEC_OLDER
from specdiff import _cli as specdiff_cli
from specdiff._html import write_index


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m contracts.demo",
        description="Diff the curated Zuora spec versions and run the contract suite against the embedded sandbox.",
    )
    parser.add_argument("--report-dir", default="reports", help="where reports are written (default: reports)")
    parser.add_argument("--seed", default="0", help="generation seed for the contract run (default 0)")
    args = parser.parse_args(argv)
    reports = Path(args.report_dir)
    reports.mkdir(parents=True, exist_ok=True)

    print(f"demo: 1/3 specdiff {CURATED_SPEC_OLDER.name} -> {CURATED_SPEC.name}", file=sys.stderr)
    diff_json = reports / "specdiff.json"
    status = specdiff_cli.main(
        [str(CURATED_SPEC_OLDER), str(CURATED_SPEC), "--format", "json", "--level", "info", "--fail-on", "never", "-o", str(diff_json)]
    )
    if status != 0:
        return status
    status = specdiff_cli.main(["render", str(diff_json)])
    if status != 0:
        return status
    specdiff_cli.main([str(CURATED_SPEC_OLDER), str(CURATED_SPEC), "--fail-on", "never", "--color", "never"])

    print("demo: 2/3 contracts run (curated Zuora spec against the embedded sandbox)", file=sys.stderr)
    run_status = contracts_cli.main(["run", "--report-dir", str(reports), "--seed", str(args.seed)])
    if run_status not in (0, 1):
        return run_status

    index = write_index(reports)
    print(f"demo: 3/3 reports index: {index.resolve()}", file=sys.stderr)
    print(f"demo: open {index.resolve().as_uri()} in a browser", file=sys.stderr)
    return run_status


if __name__ == "__main__":
    raise SystemExit(main())
