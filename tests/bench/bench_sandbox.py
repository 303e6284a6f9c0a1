"""Benchmark: the embedded sandbox vs Prism 5.14.2 (`prism mock`) on the same spec and load.

Prints startup time on Zuora's 711-operation spec (process spawn -> first answer), throughput
of validated GETs and p50/p99 latency with load from a separate process (a keep-alive asyncio
client over raw sockets, bounded request count, 127.0.0.1 only), and the ratios.

    python tests/bench/bench_sandbox.py [--requests 10000] [--connections 16] [--spec PATH] [--no-prism]

Prism is installed on first use with npm into ~/.cache/specpact-bench/prism.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a script from any directory
SHARED = Path(os.environ.get("SPECS_CORPUS_DIR", ROOT.parent / "shared"))
DEFAULT_SPEC = SHARED / "specs" / "zuora" / "zuora-2025-12-12-full-compact-davealexenglish-payments.yaml"
PRISM_DIR = Path.home() / ".cache" / "specpact-bench" / "prism"
PRISM = PRISM_DIR / "node_modules" / ".bin" / "prism"
# A GET whose query parameters are validated by both servers (page >= 1, pageSize <= 40).
TARGET = "/v1/catalog/products?page=1&pageSize=10"


# -- load generator (runs in its own process) ----------------------------------------------------
async def _connection(host: str, port: int, request: bytes, count: int, latencies: list[float], errors: list[int]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        for _ in range(count):
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            match = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head)
            if match:
                await reader.readexactly(int(match.group(1)))
            elif re.search(rb"(?i)\r\ntransfer-encoding:\s*chunked", head):
                while True:
                    size = int((await reader.readline()).strip(), 16)
                    await reader.readexactly(size + 2)
                    if size == 0:
                        break
            latencies.append(time.perf_counter() - started)
            if status != 200:
                errors.append(status)
    finally:
        writer.close()


async def _load(host: str, port: int, path: str, headers: dict[str, str], total: int, connections: int) -> dict[str, float]:
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}", *(f"{k}: {v}" for k, v in headers.items())]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode()
    latencies: list[float] = []
    errors: list[int] = []
    per = total // connections
    started = time.perf_counter()
    await asyncio.gather(*(_connection(host, port, request, per, latencies, errors) for _ in range(connections)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "non_200": len(errors),
    }


def load_main(argv: list[str]) -> None:
    host, port, path, headers, total, connections = argv[0], int(argv[1]), argv[2], json.loads(argv[3]), int(argv[4]), int(argv[5])
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    print(json.dumps(asyncio.run(_load(host, port, path, headers, total, connections))))


def run_load(port: int, headers: dict[str, str], total: int, connections: int) -> dict[str, float]:
    """Load from a separate process (so client and server do not share an interpreter)."""
    out = subprocess.run(
        [sys.executable, __file__, "--load-worker", "127.0.0.1", str(port), TARGET, json.dumps(headers), str(total), str(connections)],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return json.loads(out.stdout)


# -- servers ---------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(port: int, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                sock.sendall(b"GET /__ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                if sock.recv(16).startswith(b"HTTP/1."):
                    return
        except OSError:
            pass
        time.sleep(0.02)
    raise RuntimeError(f"server not ready within {timeout} s")


def start(cmd: list[str], port: int, timeout: float) -> tuple[subprocess.Popen[bytes], float]:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, start_new_session=True)
    try:
        wait_ready(port, proc, timeout)
    except Exception:
        stop(proc)
        raise
    return proc, time.perf_counter() - started


def stop(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def ensure_prism() -> Path | None:
    if PRISM.exists():
        return PRISM
    npm = shutil.which("npm")
    if npm is None:
        return None
    PRISM_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run([npm, "install", "--prefix", str(PRISM_DIR), "@stoplight/prism-cli@5.14.2", "--no-audit", "--no-fund"], check=False, capture_output=True, timeout=600)
    return PRISM if PRISM.exists() else None


def measure_ours(spec: Path, total: int, connections: int) -> dict[str, float]:
    port = free_port()
    cmd = [sys.executable, "-m", "contracts", "sandbox", "--spec", str(spec), "--port", str(port)]
    proc, startup = start(cmd, port, 60)
    try:
        token = _token(port)
        headers = {"Authorization": f"Bearer {token}", "Zuora-Track-Id": "bench-1"}
        run_load(port, headers, min(1000, total), connections)  # warm-up: compile the operation's validators
        result = run_load(port, headers, total, connections)
    finally:
        stop(proc)
    return {"startup_s": startup, **result}


def measure_prism(prism: Path, spec: Path, total: int, connections: int) -> dict[str, float]:
    port = free_port()
    proc, startup = start([str(prism), "mock", "-h", "127.0.0.1", "-p", str(port), "--verboseLevel", "error", str(spec)], port, 300)
    try:
        headers = {"Authorization": "Bearer bench-token", "Zuora-Track-Id": "bench-1"}
        run_load(port, headers, min(1000, total), connections)
        result = run_load(port, headers, total, connections)
    finally:
        stop(proc)
    return {"startup_s": startup, **result}


def _token(port: int) -> str:
    from contracts.sandbox import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET

    body = f"client_id={DEFAULT_CLIENT_ID}&client_secret={DEFAULT_CLIENT_SECRET}&grant_type=client_credentials".encode()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(
            b"POST /oauth/token HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    return str(json.loads(data.split(b"\r\n\r\n", 1)[1])["access_token"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC)
    parser.add_argument("--requests", type=int, default=10000)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--no-prism", action="store_true")
    args = parser.parse_args()
    if not args.spec.exists():
        print(f"bench_sandbox: skipped: {args.spec} not found (set SPECS_CORPUS_DIR)")
        return 0
    print(f"bench_sandbox: {args.spec.name}, GET {TARGET}, {args.requests} requests over {args.connections} keep-alive connections, load from a separate process, {os.cpu_count()} cores")
    ours = measure_ours(args.spec, args.requests, args.connections)
    prism: dict[str, float] | None = None
    if not args.no_prism:
        binary = ensure_prism()
        if binary is None:
            print("bench_sandbox: Prism not available (npm missing or install failed): our figures only")
        else:
            try:
                prism = measure_prism(binary, args.spec, args.requests, args.connections)
            except Exception as exc:  # report, keep our figures
                print(f"bench_sandbox: Prism run failed: {exc}")
    rows = [
        ("startup (spawn -> first answer), s", "startup_s", False),
        ("validated GETs per second", "rps", True),
        ("latency p50, ms", "p50_ms", False),
        ("latency p99, ms", "p99_ms", False),
        ("non-200 answers", "non_200", False),
    ]
    print(f"{'metric':38} {'specpact sandbox':>17} {'Prism 5.14.2':>13} {'ratio':>12}")
    for label, key, higher_better in rows:
        mine = ours[key]
        theirs = prism[key] if prism else None
        ratio = ""
        if theirs is not None and key != "non_200" and mine and theirs:
            value = mine / theirs if higher_better else theirs / mine
            ratio = f"{value:.1f}x better" if value >= 1 else f"{1 / value:.1f}x worse"
        their_text = f"{theirs:13.2f}" if theirs is not None else f"{'-':>13}"
        print(f"{label:38} {mine:17.2f} {their_text} {ratio:>12}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--load-worker":
        load_main(sys.argv[2:])
    else:
        sys.exit(main())
