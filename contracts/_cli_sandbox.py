"""`contracts sandbox`: serve the embedded Zuora sandbox until interrupted."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from contracts._version import version
from specdiff import UsageError
from specdiff._cli_dispatch import OneLineArgumentParser

EPILOG = """\
examples:
  contracts sandbox                                  # curated Zuora spec on 127.0.0.1:4010
  contracts sandbox --port 0                         # any free port (printed)
  contracts sandbox --spec ../shared/specs/zuora/zuora-2025-12-12-full-compact-davealexenglish-payments.yaml
  contracts sandbox --faults missing-required-property --state tenant.sqlite
  contracts sandbox --faults help                    # list the fault profiles

The default OAuth client: client_id=5a4db0c1-5a4d-4b0c-8e1d-5a4db0c11e47
client_secret=specpact-sandbox-secret (a made-up local credential). Admin routes:
GET /__sandbox/health, GET|DELETE /__sandbox/injected, GET /__sandbox/faults,
GET|POST /__sandbox/clock {"advance": seconds}.
"""


def check_state_file(path: str) -> None:
    """Refuse a --state that SQLite cannot use, before the server starts: one line, exit 2."""
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"--state={path!r} is a directory; give a file path for the SQLite database, e.g. {path.rstrip('/')}/tenant.sqlite")
    if target.exists():
        try:
            with target.open("rb") as handle:
                head = handle.read(16)
        except OSError as exc:
            raise UsageError(f"--state={path!r}: cannot read ({exc.strerror}); give a readable SQLite file or a new path") from None
        if head and head != b"SQLite format 3\x00":
            raise UsageError(f"--state={path!r} exists and is not an SQLite database; give a new path or an SQLite file written by `contracts sandbox --state`")
        return
    parent = next((p for p in target.absolute().parents if p.exists()), Path("/"))
    if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"--state={path!r}: cannot create the file ({parent} is not a writable directory); give a writable path")


def _parser() -> argparse.ArgumentParser:
    p = OneLineArgumentParser(
        prog="contracts sandbox",
        description="Serve a stateful local Zuora tenant for an OpenAPI 3.x spec (default: the curated Zuora spec).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"%(prog)s (specpact) {version()}")
    p.add_argument("--spec", help="OpenAPI 3.x spec to serve (default: contracts/zuora/zuora-billing-v1-current.yaml)")
    p.add_argument("--older", action="store_true", help="serve the curated spec's older rendering instead")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=4010, help="port (default 4010; 0 = any free port)")
    p.add_argument("--faults", help="fault profile name(s), comma-separated, or a YAML file; `help` lists them")
    p.add_argument("--state", help="SQLite file for the tenant's data (default: in memory)")
    p.add_argument("--seed", type=int, default=0, help="seed for generated bodies and ids (default 0)")
    p.add_argument("--rate-limit", type=int, default=1_000_000, help="requests per window before 429 (default 1000000)")
    p.add_argument("--rate-window", type=float, default=60.0, help="rate-limit window in seconds (default 60)")
    p.add_argument("--token-ttl", type=float, default=3600.0, help="OAuth token lifetime in seconds (default 3600)")
    p.add_argument("--max-body", type=int, default=1024 * 1024, help="largest request body in bytes (default 1 MiB)")
    p.add_argument("--no-auth", action="store_true", help="do not require bearer tokens")
    p.add_argument("--access-log", action="store_true", help="log every request")
    return p


def run(argv: Sequence[str]) -> int:
    args = _parser().parse_args(list(argv))
    from contracts._sandbox._faults import KINDS, available_profiles, load_profile

    if args.faults == "help":
        for name in available_profiles():
            plan = load_profile(name)
            kinds = ", ".join(sorted({f.kind for f in plan.faults}))
            print(f"{name:28} {kinds}: {KINDS.get(plan.faults[0].kind, '') if len(plan.faults) == 1 else 'several faults'}")
        return 0
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port={args.port} is not a port number (0-65535)")
    if args.rate_limit < 1 or args.rate_window <= 0 or args.token_ttl <= 0 or args.max_body < 1:
        raise UsageError("--rate-limit, --rate-window, --token-ttl and --max-body must be positive")
    from contracts._sandbox._server import bind, build_app, server_config
    from contracts.zuora import CURATED_SPEC, CURATED_SPEC_OLDER

    started = time.perf_counter()
    spec = args.spec or str(CURATED_SPEC_OLDER if args.older else CURATED_SPEC)
    if args.state:
        check_state_file(args.state)
    try:
        app = build_app(
            spec,
            faults=args.faults,
            state=args.state,
            seed=args.seed,
            rate_limit=args.rate_limit,
            rate_window=args.rate_window,
            token_ttl=args.token_ttl,
            max_body=args.max_body,
            auth=not args.no_auth,
        )
    except sqlite3.Error as exc:
        if not args.state:
            raise
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UsageError(f"--state={args.state!r}: cannot use it as the sandbox database ({reason}); give a new path or an SQLite file") from None
    sock = bind(args.host, args.port)
    host, port = sock.getsockname()[:2]
    import uvicorn

    server = uvicorn.Server(server_config(app, access_log=args.access_log))
    ready = time.perf_counter() - started
    faults = f", faults: {app.plan.name}" if app.plan.faults else ""
    state = f", state: {args.state}" if args.state else ""
    print(
        f"contracts sandbox: serving {app.title or spec} ({len(app.index.operations)} operations) "
        f"at http://{host}:{port} (ready in {ready:.2f} s{faults}{state}); Ctrl-C stops",
        flush=True,
    )
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        app.store.close()
    print("contracts sandbox: stopped", file=sys.stderr)
    return 0
