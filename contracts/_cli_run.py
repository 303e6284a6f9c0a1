"""`contracts run`: adapt argv to `contracts._engine.execute` and the report writers.

With no SPEC and no --base-url it tests the curated Zuora spec against an embedded sandbox on a
free port. Exit codes: 0 conforms, 1 nonconformance, 2 could not run, 130 interrupted (Ctrl-C),
143 terminated (SIGTERM); on both, reports of everything measured so far are written, marked partial.
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from contracts._engine import RunConfig, execute
from contracts._engine._errors import Terminated
from contracts._engine._generate import PHASES
from contracts._engine._select import Selection, raw_operations
from contracts._report import write_reports
from contracts._version import version
from specdiff import UsageError, load_spec
from specdiff._cli_dispatch import OneLineArgumentParser
from specdiff._io import check_writable_dir

EPILOG = """examples:
  contracts run                                       # curated Zuora spec vs an embedded sandbox
  contracts run spec.yaml --base-url https://rest.apisandbox.zuora.com --auth oauth2 --zuora-version 2025-12-12
  contracts run spec.yaml --base-url URL --tag "Bill Runs" --max-examples 10 --seed 7
  contracts run new.yaml --changed-since old.yaml --base-url URL   # only what changed
  contracts run --faults wrong-status --report-dir reports/demo  # embedded sandbox with injected faults
exit codes: 0 conforms, 1 nonconformance, 2 could not run (bad option, no operation selected,
  unreachable target, auth failure: every response 401/403, no HTTP response at all),
  130 interrupted by Ctrl-C, 143 terminated by SIGTERM (both write partial reports)"""
EXIT_SIGTERM = 143
TAGS_SHOWN = 12


def build_parser() -> argparse.ArgumentParser:
    p = OneLineArgumentParser(
        prog="contracts run",
        description="Drive an API with property-based contract tests and report, per tag, what conforms.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"%(prog)s (specpact) {version()}")
    p.add_argument("spec", nargs="?", help="OpenAPI spec (file, URL, git rev:path, -); default: the curated Zuora spec")
    p.add_argument("--base-url", help="target API root; default: an embedded sandbox on a free port")
    p.add_argument("--tag", action="append", default=[], help="test operations with this tag (repeatable)")
    p.add_argument("--operation-id", action="append", default=[], help="test this operationId (repeatable)")
    p.add_argument("--method", action="append", default=[], help="test this HTTP method (repeatable)")
    p.add_argument("--path-regex", help="test paths matching this regular expression")
    p.add_argument("--changed-since", metavar="BASE_SPEC", help="test only operations specdiff reports as changed since BASE_SPEC")
    p.add_argument("--phases", default=",".join(PHASES), help=f"comma-separated subset of {','.join(PHASES)}")
    p.add_argument("--max-examples", type=int, default=3, help="generated cases per operation and phase (default 3)")
    p.add_argument("--seed", type=int, default=0, help="generation seed: the same seed sends the same requests (default 0)")
    p.add_argument("--workers", type=int, default=1, help="operations tested in parallel (default 1)")
    p.add_argument("--max-requests", type=int, help="hard budget: stop after this many requests")
    p.add_argument("--max-time", type=float, help="hard budget: stop after this many seconds")
    p.add_argument("--zuora-version", help="send as Zuora-Version on every request")
    p.add_argument("--entity-id", help="send as Zuora-Entity-Ids on every request")
    p.add_argument("--auth", choices=["oauth2", "bearer", "basic", "none"], help="credentials: oauth2 (ZUORA_CLIENT_ID/SECRET), bearer (ZUORA_BEARER_TOKEN), basic (ZUORA_USERNAME/PASSWORD), none; default: from the environment")
    p.add_argument("--token-url", help="OAuth2 token URL (default: BASE_URL/oauth/token)")
    p.add_argument("--read-only", action="store_true", help="send only GET, HEAD and OPTIONS")
    p.add_argument("--allow-production", action="store_true", help="permit a Zuora production host (read-only)")
    p.add_argument("--baseline", metavar="FILE", help="known failures that do not fail the run (JSON/YAML)")
    p.add_argument("--report-dir", default="reports", help="where reports are written (default: reports)")
    p.add_argument("--faults", metavar="PROFILE", help="fault profile for the embedded sandbox (demos, benchmarks)")
    p.add_argument("--timeout", type=float, default=30.0, help="per-request timeout in seconds (default 30)")
    p.add_argument(
        "--zuora-checks",
        choices=["auto", "on", "off"],
        default="auto",
        help="Zuora-convention checks: auto (default: only where the spec or target is Zuora-like), on, off",
    )
    p.add_argument("--zuora", dest="zuora_checks", action="store_const", const="on", help="same as --zuora-checks on")
    p.add_argument("--no-zuora-checks", dest="zuora_checks", action="store_const", const="off", help="same as --zuora-checks off")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    return p


class ProgressPrinter:
    """One self-updating line on a terminal; a plain line every ~10% of operations elsewhere."""

    def __init__(self, stream: TextIO, enabled: bool = True) -> None:
        self.stream = stream
        self.enabled = enabled
        self.tty = stream.isatty() and os.environ.get("CI", "").lower() != "true"
        self.started = time.monotonic()
        self._last_step = -1

    def __call__(self, done: int, total: int, failures: int, requests: int) -> None:
        if not self.enabled:
            return
        elapsed = max(time.monotonic() - self.started, 1e-6)
        line = f"[{done}/{total} ops] {failures} failures, {requests} requests, {requests / elapsed:.1f} req/s"
        if self.tty:
            self.stream.write("\r\x1b[2K" + line)
            if done == total:
                self.stream.write("\n")
            self.stream.flush()
            return
        step = (done * 10) // max(total, 1)
        if step != self._last_step or done == total:
            self._last_step = step
            print(f"contracts: {line}", file=self.stream, flush=True)


def _selection(args: argparse.Namespace, spec: Any) -> Selection:
    changed: set[str] | None = None
    if args.changed_since:
        changed = changed_operations(load_spec(args.changed_since), spec)
    return Selection(
        tags=args.tag, operation_ids=args.operation_id, methods=args.method, path_regex=args.path_regex, changed=changed
    )


def changed_operations(base: Any, revision: Any) -> set[str]:
    """Operations ("METHOD /path") that specdiff reports as changed between two loaded specs."""
    try:
        from specdiff._engine import compare  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        raise UsageError("--changed-since needs the specdiff diff engine (specdiff._engine), which this install lacks") from None
    report = compare(base, revision)
    changes = getattr(report, "changes", report)
    out: set[str] = set()
    for change in changes:
        operation = getattr(change, "operation", None) or (change.get("operation") if isinstance(change, dict) else None)
        if operation:
            method, _, path = str(operation).partition(" ")
            out.add(f"{method.upper()} {path}")
    return out


def _validate(args: argparse.Namespace) -> None:
    import re

    for name in ("max_examples", "workers"):
        if getattr(args, name) < 1:
            raise UsageError(f"--{name.replace('_', '-')}={getattr(args, name)}: must be at least 1")
    if args.max_requests is not None and args.max_requests < 1:
        raise UsageError(f"--max-requests={args.max_requests}: must be at least 1")
    if args.max_time is not None and args.max_time <= 0:
        raise UsageError(f"--max-time={args.max_time:g}: must be positive")
    if not args.timeout > 0 or args.timeout == float("inf"):
        raise UsageError(f"--timeout={args.timeout:g}: must be a positive number of seconds")
    if args.path_regex:
        try:
            re.compile(args.path_regex)
        except re.error as exc:
            raise UsageError(f"--path-regex={args.path_regex!r}: {exc}") from None
    if args.faults and args.base_url:
        raise UsageError("--faults applies to the embedded sandbox only; drop --base-url or --faults")


def run(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    _validate(args)
    report_dir = Path(args.report_dir)
    check_writable_dir(report_dir, what="--report-dir")  # before any request: never lose a run
    with _sigterm_as_interrupt():
        try:
            return _run(args, argv, report_dir)
        except Terminated:
            print("contracts: interrupted (SIGTERM)", file=sys.stderr)
            return EXIT_SIGTERM


def _run(args: argparse.Namespace, argv: Sequence[str], report_dir: Path) -> int:
    phases = tuple(p.strip() for p in args.phases.split(",") if p.strip())
    sandbox = None
    try:
        if args.spec:
            spec = load_spec(args.spec)
        else:
            from contracts.zuora import CURATED_SPEC  # provided by the sandbox package

            spec = load_spec(str(CURATED_SPEC))
        selection = _selection(args, spec)
        if args.changed_since and selection.changed is not None and not selection.changed:
            # The upgrade check on an unchanged spec: nothing to test is a pass, not a mistake.
            print(f"contracts: specdiff reports no changed operation since {args.changed_since}: nothing to test", file=sys.stderr)
            return 0
        _require_some_operation(selection, spec.document, args)
        base_url = args.base_url
        if base_url is None:
            from contracts.sandbox import start_sandbox

            sandbox = start_sandbox(str(spec.source) if args.spec else str(CURATED_SPEC), port=0, faults=args.faults, seed=args.seed)
            base_url = sandbox.base_url
        config = RunConfig(
            spec=spec,
            base_url=base_url,
            embedded=sandbox is not None,
            selection=selection,
            phases=phases,
            max_examples=args.max_examples,
            seed=args.seed,
            workers=args.workers,
            max_requests=args.max_requests,
            max_time=args.max_time,
            zuora_version=args.zuora_version,
            entity_id=args.entity_id,
            auth=args.auth if args.auth else ("oauth2-sandbox" if sandbox is not None else None),
            token_url=args.token_url,
            read_only=args.read_only,
            allow_production=args.allow_production,
            baseline=args.baseline,
            command="contracts run " + shlex.join(argv),
            timeout=args.timeout,
            zuora_checks=args.zuora_checks,
        )
        if sandbox is not None:
            _sandbox_auth(config, sandbox)
            config.sleep = sandbox.advance
        printer = ProgressPrinter(sys.stderr, enabled=not args.quiet)
        result = execute(config, printer)
        if sandbox is not None:
            result.faults_injected = _injected(sandbox)
    finally:
        if sandbox is not None:
            sandbox.stop()
    with _deferred_sigterm():  # the reports of a finished (or interrupted) run are written whole
        document = result.to_json()
        written, notes = write_reports(document, report_dir, config.secrets.mask)
    summary = document["summary"]
    ops = summary["operations"]
    baselined = f" (+{summary['baselined']} baselined)" if summary["baselined"] else ""
    print(
        f"contracts: {ops['passed']}/{ops['tested']} operations conform, {ops['failed']} failed, "
        f"{ops['errored']} errored, {ops['skipped']} skipped; {summary['failures']} failures{baselined}, "
        f"{summary['requests']} requests in {result.duration_seconds:.1f}s",
        file=sys.stderr,
    )
    for warning in document["warnings"]:
        print(f"contracts: warning: {warning['message']}", file=sys.stderr)
    for note in notes:
        print(f"contracts: note: {note}", file=sys.stderr)
    if written:
        print(f"contracts: reports: {', '.join(str(p) for p in written)}", file=sys.stderr)
    if report_dir / "conformance.json" not in written:
        print(f"contracts: error: the results could not be saved to {report_dir}", file=sys.stderr)
        return 2
    if result.partial:
        print(f"contracts: partial run: {result.partial_reason}", file=sys.stderr)
        if result.partial_reason and result.partial_reason.startswith("interrupted"):
            return EXIT_SIGTERM if "SIGTERM" in result.partial_reason else 130
    codes = {w["code"]: w["message"] for w in document["warnings"]}
    if "no-http-responses" in codes:
        print(f"contracts: error: could not run: {codes['no-http-responses']}", file=sys.stderr)
        return 2
    if "all-unauthorized" in codes:
        print(f"contracts: error: auth failure: {codes['all-unauthorized']}", file=sys.stderr)
        return 2
    if summary["failures"]:
        return 1
    if result.partial and result.partial_reason and result.partial_reason.startswith("target became unreachable"):
        print(f"contracts: error: {result.partial_reason}", file=sys.stderr)
        return 2
    return 0


def _require_some_operation(selection: Selection, document: Any, args: argparse.Namespace) -> None:
    """A filter that selects nothing is a mistake (a typo in --tag), not a passing run."""
    if selection.is_empty():
        return
    operations = raw_operations(document if isinstance(document, dict) else {})
    for method, path, raw in operations:
        tags = [str(t) for t in raw.get("tags") or []]
        op_id = str(raw.get("operationId") or f"{method} {path}")
        if selection.reason_to_skip(method, path, op_id, tags) is None:
            return
    known = sorted({str(t) for _, _, raw in operations for t in raw.get("tags") or []}, key=str.lower)
    hint = ""
    if args.tag and known:
        shown = ", ".join(known[:TAGS_SHOWN]) + (f", … ({len(known)} tags)" if len(known) > TAGS_SHOWN else "")
        hint = f"; available tags: {shown}"
    raise UsageError(f"no operation matched the filters ({len(operations)} operations in the spec){hint}")


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM (CI cancelling a job, `kill`, `timeout`) ends the run like Ctrl-C: partial reports."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def raise_terminated(signum: int, frame: Any) -> None:
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def _deferred_sigterm() -> Iterator[None]:
    """While reports are written, a (second) SIGTERM waits until they are complete."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: received.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
    if received and callable(previous):
        previous(signal.SIGTERM, None)


def _sandbox_auth(config: RunConfig, sandbox: Any) -> None:
    """The embedded sandbox issues tokens to its own demo client; use it unless told otherwise."""
    if config.auth == "oauth2-sandbox":
        config.auth = "oauth2"
        config.credentials = {"client_id": sandbox.client_id, "client_secret": sandbox.client_secret}


def _injected(sandbox: Any) -> dict[str, Any] | None:
    """The sandbox's own record of the faults it injected, for the report (demos, benchmarks)."""
    injected = getattr(sandbox, "injected", None)
    if not callable(injected):
        return None
    faults = list(injected())
    return {"count": len(faults), "faults": faults[:500]}
