"""Benchmark: `contracts run` vs plain `st run` on the same spec, target and injected faults.

The embedded sandbox (its own process) serves the Zuora 2025-12-12 full-compact spec (711
operations) from ../shared with a fault profile that puts one fault kind on each of several tags
spread across the spec. Both tools test the operations of those tags (runtime stays in minutes;
`--all-tags` tests all 711), each against a freshly started sandbox:

  * requests sent (ours: our report's count, every replay included; st: interactions in its
    NDJSON report), wall time, and found/injected: an injected (fault kind, operation) counts as
    found when the tool reported a failure on that operation from a check that can see that kind;
  * the goal: every injected violation st finds, found by us with <= 20% of its requests and
    <= 25% of its time; and the failures we report against the same sandbox without faults.

Run: `python tests/bench/bench_contracts.py [--tags N] [--all-tags] [--st-max-examples N]`
(or `nox -s bench -- contracts`). Prints a table; exits 0 (figures, not asserts).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

KINDS = [
    "undocumented_status",
    "missing_required_property",
    "wrong_property_type",
    "extra_property",
    "wrong_content_type",
    "server_error",
    "success_false",
    "missing_track_id",
    "ignored_auth",
    "malformed_json",
]
KIND_CHECKS = {
    "wrong_status": {"positive_data_acceptance", "not_a_server_error", "response_schema_conformance", "status_code_conformance"},
    "undocumented_status": {"status_code_conformance"},
    "missing_required_property": {"response_schema_conformance"},
    "wrong_property_type": {"response_schema_conformance"},
    "extra_property": {"response_schema_conformance"},
    "wrong_content_type": {"content_type_conformance", "response_schema_conformance"},
    "server_error": {"not_a_server_error"},
    "success_false": {"positive_data_acceptance", "zuora_success_flag"},
    "missing_track_id": {"zuora_track_id_echo", "response_headers_conformance"},
    "ignored_auth": {"ignored_auth"},
    "malformed_json": {"response_schema_conformance", "content_type_conformance", "network_error"},
}


def shared_spec() -> Path | None:
    root = Path(os.environ.get("SPECS_CORPUS_DIR", ROOT.parent / "shared"))
    found = sorted((root / "specs" / "zuora").glob("zuora-2025-12-12-full-compact-*.yaml"))
    return found[0] if found else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def choose_tags(document: dict[str, Any], count: int) -> list[tuple[str, list[str]]]:
    """`count` tags of 3..12 operations each, spread evenly over the alphabet of tags."""
    by_tag: dict[str, list[str]] = {}
    for path_item in (document.get("paths") or {}).values():
        for method, op in (path_item or {}).items():
            if isinstance(op, dict) and method in {"get", "post", "put", "patch", "delete"}:
                for tag in op.get("tags") or []:
                    by_tag.setdefault(tag, []).append(str(op.get("operationId")))
    eligible = sorted(t for t, ops in by_tag.items() if 3 <= len(ops) <= 12)
    if count >= len(eligible):
        return [(t, by_tag[t]) for t in eligible]
    step = len(eligible) / count
    return [(eligible[int(i * step)], by_tag[eligible[int(i * step)]]) for i in range(count)]


class Sandbox:
    """`contracts sandbox` in its own process (so neither tool shares a GIL with the target)."""

    def __init__(self, spec: Path, faults: Path | None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        args = [sys.executable, "-m", "contracts", "sandbox", "--spec", str(spec), "--port", str(self.port)]
        if faults is not None:
            args += ["--faults", str(faults)]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/__sandbox/health", timeout=1).read()
                return
            except OSError:
                if self.proc.poll() is not None:
                    raise SystemExit(f"sandbox died: {self.proc.stderr.read() if self.proc.stderr else ''}") from None
                time.sleep(0.2)
        raise SystemExit("sandbox did not start within 60 s")

    def injected(self) -> set[tuple[str, str]]:
        data = json.loads(urllib.request.urlopen(self.url + "/__sandbox/injected", timeout=10).read())
        return {(f["kind"], str(f.get("operationId") or f"{f.get('method')} {f.get('path')}")) for f in data["injected"]}

    def token(self) -> str:
        from contracts.sandbox import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET

        body = f"grant_type=client_credentials&client_id={DEFAULT_CLIENT_ID}&client_secret={DEFAULT_CLIENT_SECRET}".encode()
        request = urllib.request.Request(self.url + "/oauth/token", data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
        return str(json.loads(urllib.request.urlopen(request, timeout=10).read())["access_token"])

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def run_ours(spec: Path, sandbox: Sandbox, tags: list[str], out: Path, timeout: float) -> dict[str, Any]:
    from contracts.sandbox import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET

    args = [sys.executable, "-m", "contracts", "run", str(spec), "--base-url", sandbox.url, "--report-dir", str(out), "--quiet", "--auth", "oauth2"]
    for tag in tags:
        args += ["--tag", tag]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ZUORA_CLIENT_ID": DEFAULT_CLIENT_ID, "ZUORA_CLIENT_SECRET": DEFAULT_CLIENT_SECRET}
    started = time.monotonic()
    proc = subprocess.run(args, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    elapsed = time.monotonic() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"contracts run failed ({proc.returncode}): {proc.stderr[-2000:]}")
    data = json.loads((out / "conformance.json").read_text())
    failures: dict[str, set[str]] = {}
    for tag in data["tags"]:
        for op in tag["operations"]:
            for failure in op["failures"]:
                failures.setdefault(op["operationId"], set()).add(failure["check"])
    return {"requests": data["summary"]["requests"], "seconds": elapsed, "failures": failures, "failure_count": data["summary"]["failures"]}


def run_st(spec: Path, sandbox: Sandbox, tags: list[str], out: Path, max_examples: int | None, timeout: float) -> dict[str, Any]:
    st = shutil.which("st") or str(Path(sys.executable).with_name("st"))
    args = [st, "run", str(spec), "--url", sandbox.url, "-H", f"Authorization: Bearer {sandbox.token()}", "--report", "ndjson", "--report-dir", str(out), "--seed", "0", "--workers", "1"]
    for tag in tags:
        args += ["--include-tag", tag]
    if max_examples is not None:
        args += ["--max-examples", str(max_examples)]
    started = time.monotonic()
    subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
    elapsed = time.monotonic() - started
    requests = 0
    by_label: dict[str, set[str]] = {}
    for path in out.glob("*.ndjson"):
        for line in path.read_text().splitlines():
            event = json.loads(line)
            finished = event.get("ScenarioFinished")
            if not finished:
                continue
            recorder = finished.get("recorder") or {}
            requests += len(recorder.get("interactions") or {})
            for checks in (recorder.get("checks") or {}).values():
                for check in checks:
                    if check.get("status") == "failure":
                        by_label.setdefault(str(recorder.get("label")), set()).add(str(check.get("name")))
    return {"requests": requests, "seconds": elapsed, "failures_by_label": by_label}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--tags", type=int, default=10, help="how many tags to test (one fault kind each; default 10)")
    parser.add_argument("--all-tags", action="store_true", help="test all 711 operations (tens of minutes for st)")
    parser.add_argument("--st-max-examples", type=int, default=None, help="st --max-examples (default: st's own)")
    parser.add_argument("--timeout", type=float, default=1200.0, help="per-run timeout in seconds")
    args = parser.parse_args()
    spec = shared_spec()
    if spec is None:
        print("bench_contracts: skipped: ../shared/specs/zuora/zuora-2025-12-12-full-compact-*.yaml not found")
        return 0
    from specdiff import load_spec

    document = load_spec(str(spec)).document
    chosen = choose_tags(document, args.tags)
    label_to_id: dict[str, str] = {}
    for path, item in (document.get("paths") or {}).items():
        for method, op in (item or {}).items():
            if isinstance(op, dict) and "operationId" in op:
                label_to_id[f"{method.upper()} {path}"] = str(op["operationId"])
    work = Path(tempfile.mkdtemp(prefix="bench-contracts-"))
    profile = work / "faults.yaml"
    faults = [{"kind": KINDS[i % len(KINDS)], "tags": [tag]} for i, (tag, _) in enumerate(chosen)]
    profile.write_text(json.dumps({"name": "bench-across-tags", "faults": faults}))
    tags = [] if args.all_tags else [t for t, _ in chosen]
    n_ops = len(label_to_id) if args.all_tags else sum(len(ops) for _, ops in chosen)
    print(f"spec: {spec.name} ({len(label_to_id)} operations); testing {n_ops} operations in {len(chosen) if tags else 'all'} tags")
    for i, (tag, ops) in enumerate(chosen):
        print(f"  fault {KINDS[i % len(KINDS)]:<26} on tag {tag!r} ({len(ops)} ops)")

    def found(failures: dict[str, set[str]], injected: set[tuple[str, str]]) -> set[tuple[str, str]]:
        return {(kind, op) for kind, op in injected if failures.get(op, set()) & KIND_CHECKS.get(kind, set())}

    box = Sandbox(spec, profile)
    try:
        ours = run_ours(spec, box, tags, work / "ours", args.timeout)
        ours_injected = box.injected()
    finally:
        box.stop()
    box = Sandbox(spec, profile)
    try:
        st = run_st(spec, box, tags, work / "st", args.st_max_examples, args.timeout)
        st_injected = box.injected()
    finally:
        box.stop()
    box = Sandbox(spec, None)
    try:
        clean = run_ours(spec, box, tags, work / "clean", args.timeout)
    finally:
        box.stop()
    st_failures = {label_to_id.get(label, label): checks for label, checks in st["failures_by_label"].items()}
    injected_all = ours_injected | st_injected
    ours_found = found(ours["failures"], injected_all)
    st_found = found(st_failures, injected_all)
    missed = st_found - ours_found

    def kinds(pairs: set[tuple[str, str]]) -> str:
        return ", ".join(f"{k} x{n}" for k, n in sorted(Counter(k for k, _ in pairs).items()))

    print()
    print(f"{'':<28}{'contracts run':>16}{'st run':>14}{'ratio':>10}")
    print(f"{'requests':<28}{ours['requests']:>16}{st['requests']:>14}{ours['requests'] / max(st['requests'], 1):>10.1%}")
    print(f"{'wall time (s)':<28}{ours['seconds']:>16.1f}{st['seconds']:>14.1f}{ours['seconds'] / max(st['seconds'], 1e-9):>10.1%}")
    print(f"{'injected (kind, op) pairs':<28}{len(ours_injected):>16}{len(st_injected):>14}")
    print(f"{'found / injected (union)':<28}{f'{len(ours_found)}/{len(injected_all)}':>16}{f'{len(st_found)}/{len(injected_all)}':>14}")
    print(f"{'failures without faults':<28}{clean['failure_count']:>16}{'-':>14}")
    print()
    print(f"found by us: {kinds(ours_found)}")
    print(f"found by st: {kinds(st_found)}")
    print(f"found by st, missed by us: {sorted(missed) if missed else 'none'}")
    goal = not missed and ours["requests"] <= 0.2 * st["requests"] and ours["seconds"] <= 0.25 * st["seconds"]
    print(f"goal (all st finds, <=20% requests, <=25% time): {'met' if goal else 'NOT met'}; clean-run failures: {clean['failure_count']}")
    print(f"work dir: {work}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
