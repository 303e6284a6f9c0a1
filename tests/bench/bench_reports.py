"""Report scale bench: a 10,000-change spec diff and a 711-operation conformance run in Chromium.

Prints Python render time, file sizes, and in Debian's headless chromium the time to first render
(navigation start to the report script being ready, and first contentful paint), plus the cost of a
search over everything and of opening the largest group. The goal (issue 6) is first render under
1 s on this machine; the table prints each figure next to that goal and the ratio.

    PYTHONPATH=. python tests/bench/bench_reports.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from specdiff._html import (  # noqa: E402 - after the sys.path line, so the script runs from anywhere
    render_conformance_html,
    render_conformance_markdown,
    render_specdiff_html,
    render_specdiff_markdown,
)
from tests.fixtures.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.reports.samples import conformance_result, previous_of, specdiff_result  # noqa: E402

GOAL_MS = 1000.0

MEASURE_JS = """() => {
  const ready = performance.getEntriesByName('specpact-ready')[0];
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  return {ready: ready ? ready.startTime : null, fcp: fcp ? fcp.startTime : null};
}"""

SEARCH_JS = """(q) => {
  const input = document.getElementById('f-q');
  const t0 = performance.now();
  input.value = q;
  input.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
  return performance.now() - t0;
}"""

OPEN_BIGGEST_JS = """() => {
  let best = null, size = -1;
  for (const d of document.querySelectorAll('details.group')) {
    const n = parseInt(d.querySelector('.g-count').textContent, 10);
    if (n > size) { size = n; best = d; }
  }
  const t0 = performance.now();
  best.open = true;
  // the toggle event (which renders the group) is a queued task: wait until the body is filled
  // and a frame has been produced
  const body = best.querySelector('.g-body');
  return new Promise(resolve => {
    const tick = () => body.childElementCount ? requestAnimationFrame(() => resolve(performance.now() - t0))
                                               : setTimeout(tick, 0);
    tick();
  });
}"""


def size(path: Path) -> str:
    n = path.stat().st_size
    return f"{n / 1024 / 1024:.2f} MB" if n > 1024 * 1024 else f"{n / 1024:.0f} KB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="page loads per report (median is printed)")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        print(f"bench_reports: chromium not found at {CHROMIUM}; install Debian's chromium", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    out = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    cases = []
    t0 = time.perf_counter()
    sd = specdiff_result(10_000, seed=1)
    cf = conformance_result(711, seed=2)
    prev = previous_of(cf)
    gen = time.perf_counter() - t0
    t0 = time.perf_counter()
    (out / "specdiff.html").write_text(render_specdiff_html(sd), encoding="utf-8")
    t_sd = time.perf_counter() - t0
    t0 = time.perf_counter()
    (out / "conformance.html").write_text(render_conformance_html(cf, prev), encoding="utf-8")
    t_cf = time.perf_counter() - t0
    (out / "specdiff.md").write_text(render_specdiff_markdown(sd), encoding="utf-8")
    (out / "conformance.md").write_text(render_conformance_markdown(cf, prev), encoding="utf-8")
    cases = [
        ("spec diff, 10,000 changes", out / "specdiff.html", t_sd, out / "specdiff.md", "request-parameter-removed"),
        ("conformance, 711 operations", out / "conformance.html", t_cf, out / "conformance.md", "trk-0"),
    ]
    print(f"(sample results generated in {gen:.2f} s; files in {out})")
    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        for label, html, t_render, md, query in cases:
            readies, fcps, searches, opens = [], [], [], []
            for _ in range(args.runs):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.goto(html.as_uri())
                page.wait_for_selector("html[data-ready='1']")
                m = page.evaluate(MEASURE_JS)
                readies.append(m["ready"])
                if m["fcp"] is not None:
                    fcps.append(m["fcp"])
                searches.append(page.evaluate(SEARCH_JS, query))
                page.evaluate(SEARCH_JS, "")
                opens.append(page.evaluate(OPEN_BIGGEST_JS))
                context.close()
            ready = statistics.median(readies)
            fcp = statistics.median(fcps) if fcps else float("nan")
            rows.append((label, t_render * 1000, size(html), size(md), ready, fcp, statistics.median(searches), statistics.median(opens)))
        browser.close()
    header = ("report", "py render", "html size", "md size", "first render", "FCP", "goal", "ratio", "search all", "open biggest group")
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    for label, render_ms, html_size, md_size, ready, fcp, search, opened in rows:
        print(
            f"{label} | {render_ms:.0f} ms | {html_size} | {md_size} | {ready:.0f} ms | {fcp:.0f} ms | "
            f"{GOAL_MS:.0f} ms | {ready / GOAL_MS:.2f} | {search:.0f} ms | {opened:.0f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
