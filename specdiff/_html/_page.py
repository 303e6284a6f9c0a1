"""The one page shell shared by every report: inline CSS and JS, a strict CSP, header and footer.

The stylesheet and script ship as package data (report.css, report.js) and are inlined into each
page, so a report is one self-contained file that fetches nothing. The CSP allows exactly those
inline blocks by hash and nothing from outside.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import Any

from specdiff._html._safe import csp_hash, esc, json_for_script


@cache
def asset(name: str) -> str:
    """The text of a packaged asset (report.css, report.js)."""
    return resources.files("specdiff._html").joinpath(name).read_text(encoding="utf-8")


def content_security_policy(*, with_script: bool) -> str:
    """Nothing from outside: only our hashed inline style and script, and data: images."""
    script = csp_hash(asset("report.js")) if with_script else "'none'"
    return (
        "default-src 'none'; "
        f"style-src {csp_hash(asset('report.css'))}; "
        f"script-src {script}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def page(
    *,
    title: str,
    kind: str,
    header_html: str,
    body_html: str,
    footer_html: str,
    data: dict[str, Any] | None,
) -> str:
    """Assemble a full HTML document. `*_html` arguments must already be escaped."""
    with_script = data is not None
    parts = [
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        f'<meta http-equiv="Content-Security-Policy" content="{esc(content_security_policy(with_script=with_script))}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        '<meta name="referrer" content="no-referrer">\n',
        '<meta name="generator" content="specpact">\n',
        f"<title>{esc(title)}</title>\n",
        '<link rel="icon" href="data:,">\n',
        f"<style>{asset('report.css')}</style>\n",
        f'</head>\n<body class="kind-{esc(kind)}">\n',
        '<a class="skip-link" href="#main">Skip to results</a>\n',
        f'<header class="top"><div class="wrap">{header_html}</div></header>\n',
        f'<main id="main" tabindex="-1"><div class="wrap">{body_html}</div></main>\n',
        f'<footer><div class="wrap">{footer_html}</div></footer>\n',
    ]
    if with_script:
        parts.append(f'<script type="application/json" id="report-data">{json_for_script(data)}</script>\n')
        parts.append(f"<script>{asset('report.js')}</script>\n")
    parts.append("</body>\n</html>\n")
    return "".join(parts)


def meta_list(rows: Iterable[tuple[str, str]]) -> str:
    """A <dl class="meta"> from (label, already-escaped HTML) rows, skipping empty values."""
    inner = "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in rows if v)
    return f'<dl class="meta">{inner}</dl>' if inner else ""


def card(number: object, label: str, cls: str = "") -> str:
    return f'<div class="card {esc(cls)}"><span class="num">{esc(number)}</span><span class="lbl">{esc(label)}</span></div>'


def controls(
    *,
    facet_label: str,
    facets: Sequence[tuple[str, int]],
    facet_class: str,
    tags: Sequence[str],
    rule_label: str,
    rules: Sequence[str],
    search_hint: str,
) -> str:
    """The filter bar: facet checkboxes, tag and rule/check selects, search, permalink."""
    chips = "".join(
        f'<label class="chip {esc(facet_class)}{esc(value)}"><input type="checkbox" name="facet" value="{esc(value)}" checked>'
        f"{esc(value)} <span class=\"muted\">{count}</span></label>"
        for value, count in facets
    )
    tag_opts = "".join(f'<option value="{esc(t)}">{esc(t)}</option>' for t in tags)
    rule_opts = "".join(f'<option value="{esc(r)}">{esc(r)}</option>' for r in rules)
    return (
        '<div class="controls" id="controls" role="search" aria-label="Filter results">'
        f'<fieldset><legend>{esc(facet_label)}</legend>{chips}</fieldset>'
        f'<label>Tag <select id="f-tag"><option value="">All tags</option>{tag_opts}</select></label>'
        f'<label>{esc(rule_label)} <select id="f-rule"><option value="">All</option>{rule_opts}</select></label>'
        f'<label class="search">Search <input type="search" id="f-q" placeholder="{esc(search_hint)} (press /)" '
        'aria-keyshortcuts="/" autocomplete="off"></label>'
        '<button type="button" id="f-reset">Reset</button>'
        '<button type="button" id="f-expand">Expand all</button>'
        '<button type="button" id="f-collapse">Collapse all</button>'
        '<a id="permalink" href="#" title="Link to this view, with its filters">Permalink</a>'
        '<output id="shown-count" aria-live="polite"></output>'
        "</div>"
    )


def section(section_id: str, title: str, *, empty_text: str, intro_html: str = "") -> str:
    """A results section whose tag groups the script builds from the embedded data."""
    sid = esc(section_id)
    return (
        f'<section class="results" id="sec-{sid}" aria-labelledby="h-{sid}">'
        f'<h2 id="h-{sid}">{esc(title)} <span class="sec-count badge" data-section="{sid}"></span></h2>'
        f"{intro_html}"
        f'<div class="groups" id="groups-{sid}"></div>'
        f'<p class="none" id="none-{sid}" hidden>{esc(empty_text)}</p>'
        '<noscript><p class="none">Details need JavaScript; the summary above and the markdown '
        "summary beside this file have the headline numbers.</p></noscript>"
        "</section>"
    )
