"""Property tests: whatever text a spec or an API puts in a result, the page's markup is ours."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from specdiff._html import (
    render_conformance_html,
    render_conformance_markdown,
    render_specdiff_html,
    render_specdiff_markdown,
)
from specdiff._html._safe import _valid_utf8, mask_secrets
from tests.reports.test_render import embedded_data, parse_tags

PIECES = [*"<>\"'&`/=!-[]()@\\ \n\u2028\u2029", "script", "img", " onerror=", "javascript:", "a", "é", "\udc80"]
HOSTILE = st.sampled_from(PIECES)
WORDS = st.lists(HOSTILE, min_size=1, max_size=12).map("".join)


def check_markup(html: str) -> None:
    tags = parse_tags(html)
    names = [t for t, _ in tags]
    assert names.count("script") == 2
    assert not {"img", "svg", "iframe", "object", "embed", "base", "form", "math"} & set(names)
    for _tag, attrs in tags:
        for name, value in attrs:
            assert not name.startswith("on") and name not in ("src", "style", "srcdoc")
            if name == "href":
                assert value is not None and value.startswith(("#", "data:,", "http://", "https://"))
    assert "\u2028" not in html and "\u2029" not in html
    html.encode("utf-8")


@given(title=WORDS, tag=WORDS, message=WORDS, op_id=WORDS, source=WORDS, rule=WORDS)
def test_specdiff_page_markup_is_ours(title, tag, message, op_id, source, rule) -> None:
    result = {
        "kind": "specdiff",
        "base": {"title": title, "source": source, "version": message},
        "revision": {"source": "https://example.com/" + source},
        "changes": [{"id": rule, "level": "error", "operation": "GET " + message, "operationId": op_id, "tags": [tag], "message": message, "why": title}],
        "waived": [{"id": rule, "level": "warning", "tags": [tag], "message": message, "waiver": {"reason": message, "expires": title}}],
        "expiredWaivers": [{"rule": rule, "operation": message, "reason": title, "expires": tag}],
        "unusedWaivers": [{"rule": message}],
    }
    html = render_specdiff_html(result)
    check_markup(html)
    # the text survives, as data for textContent (masked and made valid UTF-8 like everything else)
    assert embedded_data(html)["items"][0]["oid"] == mask_secrets(_valid_utf8(op_id))
    md = render_specdiff_markdown(result)
    prose = re.sub(r"(`+).*?\1", "", md)
    assert set(re.findall(r"(?<!\\)</?([A-Za-z]\w*)", prose)) <= {"details", "summary"}


@given(title=WORDS, tag=WORDS, message=WORDS, path=WORDS, excerpt=WORDS)
def test_conformance_page_markup_is_ours(title, tag, message, path, excerpt) -> None:
    result = {
        "kind": "conformance",
        "run": {"spec": {"title": title, "source": path}, "target": {"baseUrl": message, "environment": tag}, "command": excerpt, "partial": True, "partialReason": message},
        "warnings": [{"code": tag, "message": message}],
        "tags": [
            {
                "name": tag,
                "operations": [
                    {
                        "operationId": title,
                        "method": "GET",
                        "path": path,
                        "status": "failed",
                        "checks": {message: {"passed": 1, "failed": 1, "na": 0}},
                        "responseCodes": {excerpt: 1},
                        "documentedCodes": [message],
                        "failures": [{"check": message, "title": title, "message": excerpt, "responseExcerpt": excerpt, "curl": excerpt, "trackId": tag}],
                    }
                ],
            }
        ],
        "baseline": {"file": path, "expired": [{"x": message}]},
    }
    check_markup(render_conformance_html(result, previous=result))
    md = render_conformance_markdown(result, previous=result)
    prose = re.sub(r"(`+).*?\1", "", md)
    assert set(re.findall(r"(?<!\\)</?([A-Za-z]\w*)", prose)) <= set()
