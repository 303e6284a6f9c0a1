"""The reports in a real headless Chromium: counts, filters, search, permalinks, inertness, screenshots."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from specdiff._html import (
    render_conformance_html,
    render_specdiff_html,
    write_index,
)
from tests.reports.samples import (
    NASTY_TAG,
    SECRETS,
    XSS_SCRIPT,
    conformance_result,
    previous_of,
    specdiff_result,
)

pytestmark = pytest.mark.browser

INERT_JS = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (a.name.startsWith('on')) bad.push(el.tagName + ' ' + a.name);
      if ((a.name === 'href' || a.name === 'src') && /^\\s*javascript:/i.test(a.value)) bad.push(el.tagName + ' ' + a.value);
    }
  }
  return {
    bad,
    scripts: document.scripts.length,
    imgs: document.images.length,
    svgs: document.querySelectorAll('svg, iframe, object, embed').length,
    pwned: window.__pwned === undefined ? null : window.__pwned,
  };
}"""


def assert_inert(opened) -> None:
    state = opened.page.evaluate(INERT_JS)
    assert state == {"bad": [], "scripts": 2, "imgs": 0, "svgs": 0, "pwned": None}
    text = opened.page.inner_text("body")
    assert not any(s in text for s in SECRETS)
    opened.assert_clean()


def wait_shown(page, section: str, n: int) -> None:
    """Poll from outside the page: the report's CSP rightly forbids playwright's eval-based waits."""
    expect(page.locator(f'.sec-count[data-section="{section}"]')).to_have_attribute("data-shown", str(n))


def shown(page, section: str) -> int:
    return int(page.get_attribute(f'.sec-count[data-section="{section}"]', "data-shown"))


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("reports")
    sd = specdiff_result(60)
    cf = conformance_result(40)
    (root / "specdiff.json").write_text(json.dumps(sd), encoding="utf-8")
    (root / "conformance.json").write_text(json.dumps(cf), encoding="utf-8")
    (root / "specdiff.html").write_text(render_specdiff_html(sd), encoding="utf-8")
    (root / "conformance.html").write_text(render_conformance_html(cf, previous_of(cf)), encoding="utf-8")
    big = specdiff_result(5000, seed=3)
    (root / "big.html").write_text(render_specdiff_html(big), encoding="utf-8")
    write_index(root)
    return {"root": root, "sd": sd, "cf": cf, "big": big}


def test_specdiff_report_counts_filters_search_and_inertness(open_page, reports, artifacts_dir) -> None:
    sd = reports["sd"]
    opened = open_page(reports["root"] / "specdiff.html")
    page = opened.page
    n = len(sd["changes"])
    levels = {lvl: sum(1 for c in sd["changes"] if c["level"] == lvl) for lvl in ("error", "warning", "info")}
    assert shown(page, "changes") == n
    assert shown(page, "waived") == len(sd["waived"])
    assert page.inner_text("#shown-count") == f"Showing {n} of {n} changes, {len(sd['waived'])} of {len(sd['waived'])} waived changes"
    # few enough to open every group: every change card is on the page
    tags = {t for c in sd["changes"] for t in c["tags"]}
    assert page.locator("#groups-changes details.group").count() == len(tags)
    assert page.locator("#groups-changes article.change").count() == sum(len(c["tags"]) for c in sd["changes"])
    assert page.locator("#groups-waived .waiver").count() == len(sd["waived"])
    assert page.locator(".waiver .badge.expired").count() == 1  # the waiver that expired 2026-01-31
    flagged = [c for c in sd["changes"] if c["id"] == "response-property-removed" and c["operation"].startswith("GET /v1/")]
    assert flagged
    assert page.locator("#groups-changes .badge.expired").count() == sum(len(c["tags"]) for c in flagged)
    page.screenshot(path=str(artifacts_dir / "specdiff-report.png"), full_page=False)

    # level filter
    page.uncheck('input[name=facet][value="error"]')
    assert shown(page, "changes") == levels["warning"] + levels["info"]
    assert "level=warning,info" in page.evaluate("location.hash")
    # rule filter
    page.check('input[name=facet][value="error"]')
    rule = "response-property-removed"
    page.select_option("#f-rule", rule)
    assert shown(page, "changes") == sum(1 for c in sd["changes"] if c["id"] == rule)
    page.select_option("#f-rule", "")
    # tag filter (a change under several tags counts once)
    page.select_option("#f-tag", "Finance")
    assert shown(page, "changes") == sum(1 for c in sd["changes"] if "Finance" in c["tags"])
    assert page.locator("#groups-changes details.group:not([hidden])").count() == 1
    page.select_option("#f-tag", "")
    # search: the planted operationId, typed as text, finds exactly its change
    page.fill("#f-q", "pwned=1")
    wait_shown(page, "changes", 1)
    assert page.locator("#groups-changes article.change").count() == 1
    assert XSS_SCRIPT in page.inner_text("#groups-changes")
    page.fill("#f-q", "no such thing anywhere")
    wait_shown(page, "changes", 0)
    assert page.is_visible("#none-changes")
    assert_inert(opened)


def test_permalink_fragment_restores_filters(open_page, reports) -> None:
    sd = reports["sd"]
    first = open_page(reports["root"] / "specdiff.html")
    page = first.page
    page.uncheck('input[name=facet][value="info"]')
    page.select_option("#f-tag", NASTY_TAG)
    page.fill("#f-q", "SCRIPT")
    page.press("#f-q", "Enter")
    fragment = page.evaluate("location.hash")
    assert fragment == page.get_attribute("#permalink", "href")
    expected = shown(page, "changes")
    assert expected == 1
    second = open_page(reports["root"] / "specdiff.html", fragment)
    p2 = second.page
    assert shown(p2, "changes") == expected
    assert p2.input_value("#f-tag") == NASTY_TAG
    assert p2.input_value("#f-q") == "SCRIPT"
    assert not p2.is_checked('input[name=facet][value="info"]')
    assert p2.is_checked('input[name=facet][value="error"]')
    # a pasted link changes the view in place too; junk in the fragment is ignored
    p2.evaluate("location.hash = '#level=info&q=%E0%A4%A'")
    wait_shown(p2, "changes", sum(1 for c in sd["changes"] if c["level"] == "info"))
    assert p2.input_value("#f-tag") == ""
    first.assert_clean()
    second.assert_clean()


def test_keyboard_and_print(open_page, reports) -> None:
    opened = open_page(reports["root"] / "big.html")
    page = opened.page
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "f-q"
    page.keyboard.type("request-parameter-removed")
    page.keyboard.press("Enter")
    n = sum(1 for c in reports["big"]["changes"] if "request-parameter-removed" in (c["id"] + c["message"]))
    assert shown(page, "changes") == n
    page.keyboard.press("Escape")
    assert shown(page, "changes") == len(reports["big"]["changes"])
    # tab to the first group and open it from the keyboard
    page.focus("#groups-changes details.group > summary")
    page.keyboard.press("Enter")
    assert page.locator("#groups-changes details.group").first.get_attribute("open") is not None
    page.emulate_media(media="print")
    assert not page.is_visible("#controls")
    page.emulate_media(media="screen")
    opened.assert_clean()


def test_big_specdiff_stays_collapsed_and_pages_items(open_page, reports, artifacts_dir) -> None:
    big = reports["big"]
    opened = open_page(reports["root"] / "big.html")
    page = opened.page
    assert shown(page, "changes") == len(big["changes"])
    assert page.locator("details.group[open]").count() == 0
    assert page.locator("article.change").count() == 0  # nothing rendered until a group opens
    counts: dict[str, int] = {}
    for c in big["changes"]:
        for t in c["tags"]:
            counts[t] = counts.get(t, 0) + 1
    tag, size = max(counts.items(), key=lambda kv: kv[1])
    assert size > 200
    group = page.locator(f'#groups-changes details.group[data-group="{tag}"]')
    group.locator("summary").click()
    expect(group.locator("article.change")).to_have_count(200)  # the toggle event renders: wait for it
    group.locator("button.more").click()
    expect(group.locator("article.change")).to_have_count(min(400, size))
    page.screenshot(path=str(artifacts_dir / "specdiff-10k-style.png"))
    opened.assert_clean()


def test_conformance_report_counts_filters_trend_and_inertness(open_page, reports, artifacts_dir) -> None:
    cf = reports["cf"]
    opened = open_page(reports["root"] / "conformance.html")
    page = opened.page
    ops = [op for t in cf["tags"] for op in t["operations"]]
    assert shown(page, "operations") == len(ops)
    # warnings come first, before the summary numbers
    assert page.evaluate("document.getElementById('warnings').compareDocumentPosition(document.getElementById('summary')) & 4") == 4
    assert page.locator("#by-tag tbody tr").count() == len(cf["tags"])
    page.screenshot(path=str(artifacts_dir / "conformance-report.png"))
    page.click("#f-collapse")
    page.uncheck('input[name=facet][value="passed"]')
    page.uncheck('input[name=facet][value="skipped"]')
    not_passing = sum(1 for op in ops if op["status"] in ("failed", "errored"))
    assert shown(page, "operations") == not_passing
    check = "response_schema_conformance"
    page.select_option("#f-rule", check)
    with_check = sum(
        1 for op in ops
        if op["status"] in ("failed", "errored")
        and (any(f["check"] == check for f in op["failures"]) or op["checks"].get(check, {}).get("failed"))
    )
    assert shown(page, "operations") == with_check
    page.click("#f-reset")
    track = next(f["trackId"] for op in ops for f in op["failures"] if f["trackId"].startswith("trk-"))
    page.fill("#f-q", track)
    page.press("#f-q", "Enter")
    assert shown(page, "operations") == 1
    assert page.locator(f"text={track}").count() == 1
    # tag links in the per-tag table are permalinks
    page.click("#f-reset")
    first_tag = page.locator("#by-tag tbody tr td a").first
    name = first_tag.inner_text()
    first_tag.click()
    expect(page.locator("#f-tag")).to_have_value(name)
    assert shown(page, "operations") == sum(len(t["operations"]) for t in cf["tags"] if t["name"] == name)
    # trend section
    assert page.locator("#trend-fixed li").count() == 1
    page.click("#f-reset")
    page.fill("#f-q", "pwned")
    page.press("#f-q", "Enter")
    page.screenshot(path=str(artifacts_dir / "conformance-failure-detail.png"))
    assert_inert(opened)


def test_narrow_screens_and_index(open_page, reports, artifacts_dir) -> None:
    narrow = open_page(reports["root"] / "conformance.html", width=390, height=844)
    overflow = narrow.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1
    narrow.page.screenshot(path=str(artifacts_dir / "conformance-narrow.png"))
    narrow.assert_clean()
    index = open_page(reports["root"] / "index.html", wait_ready=False)
    rows = index.page.locator("#reports tbody tr")
    assert rows.count() == 3  # specdiff, conformance (JSON + HTML each), big (HTML only)
    assert index.page.locator("#reports a", has_text="HTML").count() == 3
    index.page.screenshot(path=str(artifacts_dir / "index.png"))
    index.assert_clean()


def test_groups_opened_by_a_search_close_again_when_it_is_cleared(open_page, reports) -> None:
    opened = open_page(reports["root"] / "big.html")
    page = opened.page
    page.fill("#f-q", "pwned=1")
    page.press("#f-q", "Enter")
    assert page.locator("#groups-changes details.group[open]").count() == 1
    page.fill("#f-q", "")
    page.press("#f-q", "Enter")
    assert page.locator("details.group[open]").count() == 0
    assert page.locator("article.change").count() == 0
    # a group the reader opened stays open
    page.locator("#groups-changes details.group > summary").nth(1).click()
    page.fill("#f-q", "request")
    page.press("#f-q", "Enter")
    page.fill("#f-q", "")
    page.press("#f-q", "Enter")
    assert page.locator("details.group[open]").count() == 1
    opened.assert_clean()


def test_operation_links_open_a_view_of_that_operation(open_page, reports) -> None:
    sd = reports["sd"]
    first = open_page(reports["root"] / "specdiff.html")
    link = first.page.locator("#groups-changes h4.op-title a.op-link").nth(3)
    href = link.get_attribute("href")
    op = first.page.locator("#groups-changes h4.op-title").nth(3).locator("code.path").inner_text()
    second = open_page(reports["root"] / "specdiff.html", href)
    expected_ops = {c["operation"] for c in sd["changes"] if op in c["operation"]}
    titles = second.page.locator("#groups-changes h4.op-title code.path").all_inner_texts()
    assert titles and all(op in t for t in titles)
    assert len(titles) <= len(expected_ops)
    first.assert_clean()
    second.assert_clean()


@pytest.fixture
def local_server():
    """A real HTTP server on 127.0.0.1 that records every request it receives."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            body = b"GIF89a"
            self.send_response(200)
            self.send_header("Content-Type", "image/gif")
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


def test_csp_blocks_outside_loads_even_for_injected_content(open_page, reports, local_server) -> None:
    """Belt and braces: were markup ever injected, the page still could not load or send anything."""
    url, hits = local_server
    opened = open_page(reports["root"] / "conformance.html")
    page = opened.page
    outcome = page.evaluate(
        """async (url) => {
          const img = document.createElement('img');
          img.src = url + '/img';
          document.body.appendChild(img);
          const s = document.createElement('script');
          s.src = url + '/script.js';
          document.body.appendChild(s);
          const inline = document.createElement('script');
          inline.textContent = 'window.__inlineRan = 1';
          document.body.appendChild(inline);
          let fetched;
          try { await fetch(url + '/fetch'); fetched = 'loaded'; } catch (e) { fetched = 'blocked'; }
          await new Promise(r => setTimeout(r, 300));
          return {fetched, inlineRan: window.__inlineRan === 1, imgWidth: img.naturalWidth};
        }""",
        url,
    )
    assert outcome == {"fetched": "blocked", "inlineRan": False, "imgWidth": 0}
    assert hits == []
    assert any("Content Security Policy" in e for e in opened.console_errors)
