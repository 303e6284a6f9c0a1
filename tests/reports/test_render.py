"""Rendering from result JSON only: structure, CSP, escaping, masking, counts, markdown caps, trend."""

from __future__ import annotations

import copy
import json
import re
from html.parser import HTMLParser

import pytest

from specdiff import UsageError
from specdiff._html import (
    compute_trend,
    render_conformance_html,
    render_conformance_markdown,
    render_specdiff_html,
    render_specdiff_markdown,
)
from specdiff._html._conformance import derived_warnings
from specdiff._html._markdown import code, md
from specdiff._html._page import asset
from specdiff._html._safe import csp_hash
from tests.reports.samples import (
    PAYLOADS,
    SECRETS,
    XSS_SCRIPT,
    conformance_result,
    previous_of,
    specdiff_result,
)

RENDERERS = [
    ("specdiff", lambda: render_specdiff_html(specdiff_result())),
    ("conformance", lambda: render_conformance_html(conformance_result(), previous_of(conformance_result()))),
]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, attrs))


def parse_tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Every start tag with its attributes, as a browser's tokenizer would see them."""
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def embedded_data(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S)
    assert m, "no embedded data block"
    return json.loads(m.group(1))


@pytest.mark.parametrize(("kind", "render"), RENDERERS)
def test_page_is_self_contained_with_a_strict_csp(kind: str, render) -> None:
    html = render()
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html).group(1)
    assert "default-src &#x27;none&#x27;" in csp
    assert csp_hash(asset("report.js")).replace("'", "&#x27;") in csp
    assert csp_hash(asset("report.css")).replace("'", "&#x27;") in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    # exactly our two script blocks, inline; no src= anywhere, no stylesheet links
    assert len(re.findall(r"<script\b", html)) == 2
    tags = parse_tags(html)
    attrs = [(name, value) for _tag, pairs in tags for name, value in pairs]
    assert not [a for a in attrs if a[0] == "src" or a[0].startswith("on") or a[0] == "style"]
    assert [t for t, _ in tags if t == "script"] == ["script", "script"]
    assert not {"img", "svg", "iframe", "object", "embed", "base", "form"} & {t for t, _ in tags}
    assert [dict(p).get("rel") for t, p in tags if t == "link"] == ["icon"]
    assert "<link rel=\"stylesheet\"" not in html and "@import" not in html and "url(" not in asset("report.css")
    assert f"<style>{asset('report.css')}</style>" in html
    assert f"<script>{asset('report.js')}</script>" in html
    for name, href in attrs:
        if name == "href":
            assert href.startswith(("#", "data:,", "https://", "http://")), href
    assert f'class="kind-{kind}"' in html


@pytest.mark.parametrize(("kind", "render"), RENDERERS)
def test_untrusted_text_is_escaped_and_secrets_masked(kind: str, render) -> None:
    html = render()
    for payload in PAYLOADS:
        if payload.startswith("javascript:"):
            assert 'href="javascript:' not in html.lower()
        else:
            assert payload not in html
    assert "<img" not in html and "<svg" not in html.lower()
    assert "\u2028" not in html and "\u2029" not in html
    for secret in SECRETS:
        assert secret not in html
    # the data is still there, escaped, for the script to show as text
    assert XSS_SCRIPT in json.dumps(embedded_data(html), ensure_ascii=False)


def test_specdiff_view_counts_and_groups() -> None:
    result = specdiff_result(120)
    data = embedded_data(render_specdiff_html(result))
    changes_sec, waived_sec = data["sections"]
    assert changes_sec["total"] == len(result["changes"])
    assert waived_sec["total"] == len(result["waived"])
    tags = {t for c in result["changes"] for t in c["tags"]}
    assert {g[0] for g in changes_sec["groups"]} == tags
    # a change appears under each of its tags, and nowhere else
    for name, idx in changes_sec["groups"]:
        assert all(name in data["items"][i]["g"] for i in idx)
    multi = sum(len(c["tags"]) for c in result["changes"])
    assert sum(len(idx) for _, idx in changes_sec["groups"]) == multi
    # expired waiver flags the changes it would have covered; waived items carry reason and expiry
    flagged = [it for it in data["items"][: changes_sec["total"]] if it.get("xw")]
    expected = [c for c in result["changes"] if c["id"] == "response-property-removed" and c["operation"].startswith("GET /v1/")]
    assert len(flagged) == len(expected)
    waived_items = data["items"][changes_sec["total"]:]
    assert [it["we"] for it in waived_items] == [c["waiver"]["expires"] or "" for c in result["waived"]]
    assert [bool(it.get("wx")) for it in waived_items] == [
        bool(c["waiver"]["expires"]) and c["waiver"]["expires"] < "2026-11-23" for c in result["waived"]
    ]


def test_specdiff_summary_cards_match_levels() -> None:
    result = specdiff_result(80)
    html = render_specdiff_html(result)
    for level, label in (("error", "errors (breaking)"), ("warning", "warnings"), ("info", "info")):
        n = sum(1 for c in result["changes"] if c["level"] == level)
        assert f'<span class="num">{n}</span><span class="lbl">{label}</span>' in html


def test_conformance_view_and_header() -> None:
    result = conformance_result(60)
    html = render_conformance_html(result)
    data = embedded_data(html)
    ops = [op for t in result["tags"] for op in t["operations"]]
    assert data["sections"][0]["total"] == len(ops)
    assert [it["f"] for it in data["items"]] == [op["status"] for op in ops]
    for needle in ("2025-12-12", "1234", "embedded-sandbox", "schemathesis 4.32.0", result["run"]["spec"]["sha256"], "complete"):
        assert needle in html
    # warnings come before the summary cards
    assert html.index('id="warnings"') < html.index('id="summary"')
    # undocumented codes are marked: 500 is not in ["200"] for the planted operation
    evil = next(it for it in data["items"] if it["id"] == XSS_SCRIPT)
    assert ["500", 1, False] in evil["rc"] and ["200", 3, True] in evil["rc"]


def test_conformance_partial_run_is_marked() -> None:
    result = conformance_result(10)
    result["run"].update(partial=True, partialReason="interrupted (Ctrl-C)")
    html = render_conformance_html(result)
    assert "partial</span> interrupted (Ctrl-C)" in html
    assert any(w["code"] == "partial" for w in derived_warnings(result))


def test_derived_warnings_all_unauthorized_and_rate_limited() -> None:
    result = conformance_result(12, nasty=False)
    for t in result["tags"]:
        for op in t["operations"]:
            op["responseCodes"] = {"401": 3} if op["requests"] else {}
    assert [w["code"] for w in derived_warnings(result)] == ["all-unauthorized"]
    for t in result["tags"]:
        for op in t["operations"]:
            op["responseCodes"] = {"200": 5, "429": 5} if op["requests"] else {}
    assert [w["code"] for w in derived_warnings(result)] == ["rate-limited"]
    result["warnings"] = [{"code": "rate-limited", "message": "engine said so"}]
    assert [w["message"] for w in derived_warnings(result)] == ["engine said so"]


def test_trend_new_fixed_still_expired() -> None:
    current = conformance_result(50, nasty=False)
    previous = previous_of(current)
    trend = compute_trend(current, previous)
    cur_keys = {f["fingerprint"] for t in current["tags"] for op in t["operations"] for f in op["failures"]}
    prev_keys = {f["fingerprint"] for t in previous["tags"] for op in t["operations"] for f in op["failures"]}
    assert set(trend["new"]) == cur_keys - prev_keys and trend["new"]
    assert set(trend["still"]) == cur_keys & prev_keys
    assert set(trend["fixed"]) == {"fixed-one"}
    assert len(trend["expired"]) == 1
    html = render_conformance_html(current, previous)
    assert f'<span class="badge trend-new">{len(trend["new"])}</span> new failures' in html
    md_text = render_conformance_markdown(current, previous)
    assert f"**Trend:** {len(trend['new'])} new · 1 fixed · {len(trend['still'])} still failing · 1 expired baseline entry" in md_text


def test_markdown_is_escaped_masked_and_capped() -> None:
    big = specdiff_result(6000)
    text = render_specdiff_markdown(big)
    assert len(text) <= 60_000
    assert "_Summary cut to stay under 60,000 characters" in text
    small = render_specdiff_markdown(specdiff_result(30), max_chars=2000)
    assert len(small) <= 2000
    for out in (render_specdiff_markdown(specdiff_result()), render_conformance_markdown(conformance_result())):
        prose = re.sub(r"(`+).*?\1", "", out)  # code spans show their text literally
        assert set(re.findall(r"(?<!\\)</?(\w+)", prose)) <= {"details", "summary"}
        assert "](javascript:" not in out
        for secret in SECRETS:
            assert secret not in out
    uncapped = render_specdiff_markdown(specdiff_result(30))
    assert "Summary cut" not in uncapped
    assert uncapped.count("\n  - `") == 30


def test_markdown_helpers() -> None:
    assert md("a [link](javascript:x) @team <b>") == r"a \[link\]\(javascript:x\) &#64;team \<b\>"
    assert code("a`b") == "`` a`b ``"
    assert code("`x`") == "`` `x` ``"


def test_markdown_conformance_lists_failures_with_track_ids() -> None:
    result = conformance_result(30, nasty=False)
    text = render_conformance_markdown(result)
    tracks = [f["trackId"] for t in result["tags"] for op in t["operations"] for f in op["failures"][:5]]
    assert tracks and all(f"Track-Id `{t}`" in text for t in tracks)


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"kind": "conformance"}, "expected a 'specdiff' result"),
        ({"kind": "specdiff", "schemaVersion": "2.0"}, "schemaVersion='2.0'"),
        ([], "expected a JSON object"),
    ],
)
def test_wrong_input_is_a_one_line_usage_error(doc, message: str) -> None:
    with pytest.raises(UsageError, match=re.escape(message)):
        render_specdiff_html(doc)


def test_damaged_results_still_render() -> None:
    """Old or buggy engines: missing fields and wrong types must not crash a renderer."""
    sd = {"kind": "specdiff", "changes": [None, 3, {"tags": "x", "level": 5, "base": "nope"}, {}], "waived": "no"}
    html = render_specdiff_html(sd)
    assert embedded_data(html)["sections"][0]["total"] == 4
    render_specdiff_markdown(sd)
    cf = {"kind": "conformance", "tags": [{"name": 1, "operations": [None, {"status": None, "checks": [], "failures": [None]}]}, 7]}
    html = render_conformance_html(cf)
    assert embedded_data(html)["sections"][0]["total"] == 2
    render_conformance_markdown(cf)
    render_conformance_html(copy.deepcopy(cf), previous=copy.deepcopy(cf))


def test_lone_surrogates_from_json_do_not_break_rendering() -> None:
    result = specdiff_result(3)
    result["changes"][0]["message"] = "bad \udc80 text"
    html = render_specdiff_html(result)
    html.encode("utf-8")
    assert "bad \ufffd text" in json.dumps(embedded_data(html), ensure_ascii=False)


def test_nothing_tested_is_a_warning_and_empty_header_fields_are_left_out() -> None:
    result = {"kind": "conformance", "tags": [{"name": "A", "operations": [{"status": "skipped", "skipReason": "filtered"}]}]}
    assert [w["code"] for w in derived_warnings(result)] == ["nothing-tested"]
    html = render_conformance_html(result)
    assert "<code></code>" not in html
    assert "1 filtered" in html


def test_markdown_keeps_quoted_names_as_code() -> None:
    from specdiff._html._markdown import rich

    assert rich("the scheme `bearerAuth: []` was added <b>") == r"the scheme `bearerAuth: []` was added \<b\>"
    assert rich("odd ` backtick") == r"odd \` backtick"


def test_specdiff_engine_extras_in_the_header() -> None:
    result = specdiff_result(10)
    result.update(operationsCompared=726, hiddenBelowMinLevel={"info": 12}, unusedWaivers=[{"rule": "x-rule", "operation": "GET /nope"}])
    html = render_specdiff_html(result)
    assert "<dt>Operations compared</dt><dd>726</dd>" in html
    assert "12 info hidden: use <code>--level info</code>" in html
    assert "1 unused waiver" in html and "rule: x-rule · operation: GET /nope" in html


@pytest.mark.parametrize("name", ["report.js", "report.css"])
def test_assets_survive_a_downstream_masking_pass(name: str) -> None:
    """Engines may mask the finished HTML again; our inline blocks must not change (CSP hashes)."""
    from specdiff._html import mask_secrets

    assert mask_secrets(asset(name)) == asset(name)
