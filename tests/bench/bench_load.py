"""Loader benchmark: cold loads of real specs, ours against the peers the foundation issue names.

Every measurement runs in a fresh Python process (nothing cached in the interpreter; imports
happen before the clock starts), three times; the table shows medians and the child's peak
RSS. Run: `python tests/bench/bench_load.py` (or `nox -s bench -- load`).

    Zuora 2025-12-12 full compact (3.9 MB YAML): specdiff.load_spec vs PyYAML CSafeLoader
    GitHub v23.0.0 (12 MB JSON): specdiff.load_spec vs stdlib json and vs bare orjson.loads

Goals: YAML under 1/6 of CSafeLoader's time; JSON at most 1.2x bare orjson.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("SPECS_CORPUS_DIR", ROOT.parent / "shared")).resolve()
ZUORA = SHARED / "specs" / "zuora" / "zuora-2025-12-12-full-compact-davealexenglish-payments.yaml"
GITHUB = SHARED / "corpora" / "history" / "github" / "v23.0.0_date-unknown.json"
RUNS = 3

# Each child: import first, then time reading + parsing the file; print seconds and peak RSS.
CHILD = """
import json, resource, sys, time
kind, path = sys.argv[1], sys.argv[2]
if kind == "ours":
    from specdiff import load_spec
elif kind == "ours+warnings":
    from specdiff import load_spec
elif kind == "pyyaml":
    import yaml
elif kind == "orjson":
    import orjson
started = time.perf_counter()
cpu_started = time.process_time()
if kind == "ours":
    load_spec(path)
elif kind == "ours+warnings":
    load_spec(path).warnings
elif kind == "pyyaml":
    with open(path, encoding="utf-8") as handle:
        yaml.load(handle.read(), Loader=yaml.CSafeLoader)
elif kind == "json":
    with open(path, "rb") as handle:
        json.loads(handle.read())
elif kind == "orjson":
    with open(path, "rb") as handle:
        orjson.loads(handle.read())
elapsed = time.perf_counter() - started
cpu = time.process_time() - cpu_started
print(json.dumps({"seconds": elapsed, "cpu": cpu, "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def measure(kind: str, path: Path) -> tuple[float, float, float]:
    """Median wall seconds, CPU seconds and peak RSS (MiB) over RUNS fresh processes."""
    seconds: list[float] = []
    cpu: list[float] = []
    rss: list[float] = []
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    for _ in range(RUNS):
        out = subprocess.run(
            [sys.executable, "-c", CHILD, kind, str(path)], capture_output=True, text=True, env=env, check=True
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        seconds.append(result["seconds"])
        cpu.append(result["cpu"])
        rss.append(result["maxrss_kb"] / 1024)
    return statistics.median(seconds), statistics.median(cpu), statistics.median(rss)


def main() -> int:
    missing = [p for p in (ZUORA, GITHUB) if not p.is_file()]
    if missing:
        print(f"bench_load: skipped: {', '.join(map(str, missing))} not found (set SPECS_CORPUS_DIR)")
        return 0
    rows = [
        ("Zuora 2025-12-12 YAML 3.9 MB", "ours", "pyyaml", ZUORA, "PyYAML CSafeLoader", 1 / 6),
        ("Zuora 2025-12-12 YAML + warnings", "ours+warnings", "pyyaml", ZUORA, "PyYAML CSafeLoader", 1 / 6),
        ("GitHub v23.0.0 JSON 12 MB", "ours", "json", GITHUB, "stdlib json", None),
        ("GitHub v23.0.0 JSON 12 MB", "ours", "orjson", GITHUB, "bare orjson.loads", 1.2),
        ("GitHub v23.0.0 JSON + warnings", "ours+warnings", "orjson", GITHUB, "bare orjson.loads", None),
    ]
    cache: dict[tuple[str, Path], tuple[float, float, float]] = {}
    header = (
        f"{'case':33} {'peer':19} {'ours s':>7} {'peer s':>7} {'ratio':>6} {'goal':>10}"
        f" {'ours wall':>9} {'peer wall':>9} {'ours MiB':>8} {'peer MiB':>8}"
    )
    print(f"bench_load: cold loads in fresh processes, median of {RUNS}; times are CPU seconds of the child")
    print(header)
    print("-" * len(header))
    failed = False
    for label, ours_kind, peer_kind, path, peer_label, goal in rows:
        for key in ((ours_kind, path), (peer_kind, path)):
            if key not in cache:
                cache[key] = measure(*key)
        ours_wall, ours_cpu, ours_mb = cache[(ours_kind, path)]
        peer_wall, peer_cpu, peer_mb = cache[(peer_kind, path)]
        ratio = ours_cpu / peer_cpu
        goal_text = "" if goal is None else f"<={goal:.2f}"
        if goal is not None and ratio > goal:
            goal_text += " MISS"
            failed = True
        print(
            f"{label:33} {peer_label:19} {ours_cpu:7.3f} {peer_cpu:7.3f} {ratio:6.3f} {goal_text:>10}"
            f" {ours_wall:9.3f} {peer_wall:9.3f} {ours_mb:8.0f} {peer_mb:8.0f}"
        )
    print(
        "ratio = ours / peer (CPU time: robust on a busy machine; wall time beside it). "
        "`+ warnings` also runs the deferred schema checks (first access of .warnings)."
    )
    return 1 if failed and os.environ.get("BENCH_STRICT") else 0


if __name__ == "__main__":
    raise SystemExit(main())
