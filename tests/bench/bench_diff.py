"""Speed and memory of `specdiff BASE REV --format json -o FILE`, side by side with Redocly CLI.

End to end (start the interpreter, load both specs, diff, classify, write JSON), each run a fresh
child process whose own peak RSS comes from `os.wait4`. Median of 3 after one warm-up run (page
cache). Redocly CLI (`redocly diff BASE REV --format json`) is installed with npm into a cache
dir on first use. Goals (issue 3): at most 1/3 of Redocly's wall time and 1/2 of its peak RSS.
A second table shows where specdiff's time goes (in-process, per stage).

    python tests/bench/bench_diff.py [--runs 3] [--pairs zuora,github] [--no-redocly]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("SPECS_CORPUS_DIR", ROOT.parent / "shared")).resolve()
CACHE = Path(os.environ.get("SPECPACT_BENCH_CACHE", Path.home() / ".cache" / "specpact-bench"))
REDOCLY_VERSION = os.environ.get("REDOCLY_VERSION", "2.77.0")
REDOCLY_DIR = CACHE / "redocly"
REDOCLY_BIN = REDOCLY_DIR / "node_modules" / ".bin" / "redocly"
GOAL_WALL = 1 / 3
GOAL_RSS = 1 / 2

PAIRS = {
    "zuora": (
        "Zuora 2025-12-12 → 2026-05-01 (YAML, ~4 MB)",
        SHARED / "specs/zuora/zuora-2025-12-12-full-compact-davealexenglish-payments.yaml",
        SHARED / "specs/zuora/zuora-2026-05-01-compact-bharathan1993-APIStudio.yaml",
    ),
    "github": (
        "GitHub v22.0.0 → v23.0.0 (JSON, ~12 MB)",
        SHARED / "corpora/history/github/v22.0.0_2025-12-09.json",
        SHARED / "corpora/history/github/v23.0.0_date-unknown.json",
    ),
}


@dataclass
class Run:
    wall: float
    rss_mb: float
    code: int
    stderr: str


def measure(cmd: list[str], env: dict[str, str] | None = None) -> Run:
    """One fresh child: wall clock around it, its own peak RSS (and its children's) via wait4."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return Run(wall, usage.ru_maxrss / 1024, proc.returncode, stderr)


def ensure_redocly() -> tuple[str | None, str]:
    """Path to a working `redocly` with a `diff` command, installing it if needed; or a reason."""
    if not REDOCLY_BIN.exists():
        npm = shutil.which("npm")
        if npm is None:
            return None, "npm not found"
        REDOCLY_DIR.mkdir(parents=True, exist_ok=True)
        print(f"installing @redocly/cli@{REDOCLY_VERSION} into {REDOCLY_DIR} …", flush=True)
        proc = subprocess.run([npm, "install", "--prefix", str(REDOCLY_DIR), f"@redocly/cli@{REDOCLY_VERSION}"], capture_output=True, text=True)
        if proc.returncode != 0 or not REDOCLY_BIN.exists():
            return None, f"npm install failed: {proc.stderr.strip().splitlines()[-1:]}"
    help_out = subprocess.run([str(REDOCLY_BIN), "diff", "--help"], capture_output=True, text=True, env=redocly_env())
    if "revision" not in help_out.stdout:
        return None, "this @redocly/cli has no `diff` command"
    version = subprocess.run([str(REDOCLY_BIN), "--version"], capture_output=True, text=True, env=redocly_env()).stdout.strip()
    return str(REDOCLY_BIN), version


def redocly_env() -> dict[str, str]:
    return {**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true", "NO_COLOR": "1"}


def ours_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def interleaved(commands: list[tuple[list[str], dict[str, str]]], runs: int) -> list[Run]:
    """Median per command; runs alternate between the tools so a busy machine hurts both alike."""
    for cmd, env in commands:
        measure(cmd, env)  # warm-up: page cache, .pyc files
    results: list[list[Run]] = [[] for _ in commands]
    for _ in range(runs):
        for i, (cmd, env) in enumerate(commands):
            results[i].append(measure(cmd, env))
    return [
        Run(statistics.median(r.wall for r in rs), statistics.median(r.rss_mb for r in rs), rs[-1].code, rs[-1].stderr)
        for rs in results
    ]


def count_changes(path: Path, tool: str) -> str:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "no output"
    if tool == "specdiff":
        s = doc["summary"]
        return f"{s['error']}E {s['warning']}W {s['info']}I"
    summary = doc.get("summary")
    if isinstance(summary, dict) and "major" in summary:  # redocly: semver impact per change
        return f"{summary.get('major', 0)} major {summary.get('minor', 0)} minor {summary.get('patch', 0)} patch"
    for key in ("changes", "diff", "items"):
        if isinstance(doc.get(key), list):
            return f"{len(doc[key])} items"
    return "json ok"


def stages(base: Path, revision: Path) -> list[tuple[str, float]]:
    """Where specdiff's time goes, in-process (a fresh interpreter, so imports count too)."""
    code = f"""
import json, time, sys
t0 = time.perf_counter()
from specdiff._load import load_spec
from specdiff._config import Config
from specdiff._engine import compare
from specdiff._report import build_report, spec_ref, operations_of
from specdiff._render import render
t1 = time.perf_counter()
b = load_spec({str(base)!r}); t2 = time.perf_counter()
r = load_spec({str(revision)!r}); t3 = time.perf_counter()
changes = compare(b, r); t4 = time.perf_counter()
rep = build_report(spec_ref(b), spec_ref(r), changes, Config(), operations=operations_of(b, r)); t5 = time.perf_counter()
text = render(rep, "json"); t6 = time.perf_counter()
print(json.dumps([["imports", t1-t0], ["load base", t2-t1], ["load revision", t3-t2], ["diff + rules (compare)", t4-t3], ["report (config, waivers)", t5-t4], ["render json", t6-t5]]))
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=ours_env())
    if proc.returncode != 0:
        return [("failed: " + (proc.stderr.strip().splitlines() or ["?"])[-1], 0.0)]
    return [(name, float(t)) for name, t in json.loads(proc.stdout)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pairs", default=",".join(PAIRS))
    parser.add_argument("--no-redocly", action="store_true", help="measure specdiff only")
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"bench_diff: ../shared not found at {SHARED} (set SPECS_CORPUS_DIR); nothing measured")
        return 0
    redocly, redocly_note = (None, "skipped (--no-redocly)") if args.no_redocly else ensure_redocly()
    print(f"specdiff vs Redocly CLI ({redocly_note}); median of {args.runs} fresh processes after a warm-up, "
          f"runs alternating; python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    out_dir = Path(tempfile.mkdtemp(prefix="specpact-bench-"))
    rows: list[list[str]] = []
    breakdowns: list[tuple[str, list[tuple[str, float]]]] = []
    for key in args.pairs.split(","):
        label, base, revision = PAIRS[key]
        if not (base.exists() and revision.exists()):
            rows.append([label, "missing in ../shared", "", "", "", "", ""])
            continue
        ours_out = out_dir / f"{key}-specdiff.json"
        peer_out = out_dir / f"{key}-redocly.json"
        commands = [([sys.executable, "-m", "specdiff", str(base), str(revision), "--format", "json", "-o", str(ours_out)], ours_env())]
        if redocly:
            commands.append(([redocly, "diff", str(base), str(revision), "--format", "json", "-o", str(peer_out)], redocly_env()))
        medians = interleaved(commands, args.runs)
        ours = medians[0]
        ours_ok = ours.code in (0, 1)
        peer: Run | None = medians[1] if redocly else None
        wall_ratio = ours.wall / peer.wall if peer else None
        rss_ratio = ours.rss_mb / peer.rss_mb if peer else None

        def verdict(ratio: float | None, goal: float) -> str:
            if ratio is None:
                return "n/a"
            return f"{ratio:.2f} ({'meets' if ratio <= goal else 'misses'} ≤{goal:.2f})"

        rows.append([
            label,
            f"{ours.wall:.2f} s / {ours.rss_mb:.0f} MB" + ("" if ours_ok else f" [exit {ours.code}: {ours.stderr.strip()[-120:]}]"),
            f"{peer.wall:.2f} s / {peer.rss_mb:.0f} MB" + ("" if peer.code in (0, 1) else f" [exit {peer.code}]") if peer else "n/a",
            verdict(wall_ratio, GOAL_WALL),
            verdict(rss_ratio, GOAL_RSS),
            count_changes(ours_out, "specdiff"),
            count_changes(peer_out, "redocly") if peer else "",
        ])
        breakdowns.append((label, stages(base, revision)))
    headers = ["pair", "specdiff wall / peak RSS", "redocly wall / peak RSS", "wall ratio (goal)", "RSS ratio (goal)", "specdiff found", "redocly found"]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    print()
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    print()
    print("where specdiff's time goes (one in-process run per pair, seconds):")
    for label, parts in breakdowns:
        total = sum(t for _, t in parts) or 1.0
        print(f"  {label}: " + ", ".join(f"{name} {t:.2f} ({100 * t / total:.0f}%)" for name, t in parts))
    shutil.rmtree(out_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
