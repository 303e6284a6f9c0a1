"""Conformance HTML report: run header, warnings first, per-tag table with scores, trend, operations."""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import quote

from specdiff._html._common import STATUSES, code_documented, duration, plural, prepare
from specdiff._html._page import card, controls, meta_list, page, section
from specdiff._html._safe import as_dict, as_list, esc, num, safe_href, text

EXCERPT_MAX = 2000
CURL_MAX = 4000
TREND_LIST_MAX = 50


def _clip(value: object, limit: int) -> str:
    s = text(value)
    return s if len(s) <= limit else s[:limit] + f"\n… ({len(s) - limit} more characters cut)"


def _status(value: object) -> str:
    s = text(value, "skipped").strip().lower()
    return s if s else "skipped"


def operations(result: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(tag name, operation) pairs in document order."""
    out: list[tuple[str, dict[str, Any]]] = []
    for tag in as_list(result.get("tags")):
        tag = as_dict(tag)
        name = text(tag.get("name")) or "(untagged)"
        out.extend((name, as_dict(op)) for op in as_list(tag.get("operations")))
    return out


def op_label(op: dict[str, Any]) -> str:
    return f"{text(op.get('method')).upper()} {text(op.get('path'))}".strip()


def failure_key(op: dict[str, Any], failure: dict[str, Any]) -> str:
    """How a failure is recognised across runs: its fingerprint, else operation + check + title."""
    fp = text(failure.get("fingerprint"))
    return fp or f"{op_label(op)}|{text(failure.get('check'))}|{text(failure.get('title'))}"


def compute_trend(current: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    """New, fixed, still failing (by failure key) and expired baseline entries against a previous run."""
    now: dict[str, tuple[str, str, str]] = {}
    tested_now: set[str] = set()
    for _tag, op in operations(current):
        if _status(op.get("status")) != "skipped":
            tested_now.add(op_label(op))
        for f in as_list(op.get("failures")):
            f = as_dict(f)
            now[failure_key(op, f)] = (op_label(op), text(f.get("check")), text(f.get("title")))
    before: dict[str, tuple[str, str, str]] = {}
    for _tag, op in operations(previous):
        for f in as_list(op.get("failures")):
            f = as_dict(f)
            before[failure_key(op, f)] = (op_label(op), text(f.get("check")), text(f.get("title")))
    fixed = {k: v for k, v in before.items() if k not in now and v[0] in tested_now}
    return {
        "new": {k: v for k, v in now.items() if k not in before},
        "still": {k: v for k, v in now.items() if k in before},
        "fixed": fixed,
        "untested": {k: v for k, v in before.items() if k not in now and k not in fixed},
        "expired": [as_dict(e) for e in as_list(as_dict(current.get("baseline")).get("expired"))],
        "previous": as_dict(previous.get("run")),
    }


def derived_warnings(result: dict[str, Any]) -> list[dict[str, str]]:
    """The run's warnings, plus any we can see ourselves that make a pass meaningless."""
    warnings = [
        {"code": text(as_dict(w).get("code")), "message": text(as_dict(w).get("message"))}
        for w in as_list(result.get("warnings"))
    ]
    have = {w["code"] for w in warnings}
    codes: Counter[str] = Counter()
    for _tag, op in operations(result):
        for code, count in as_dict(op.get("responseCodes")).items():
            codes[text(code)] += num(count)
    total = sum(codes.values())

    def add(code: str, message: str) -> None:
        if code not in have:
            warnings.append({"code": code, "message": message})
            have.add(code)

    if total:
        auth = codes.get("401", 0) + codes.get("403", 0)
        if auth == total:
            add("all-unauthorized", f"every one of {total} responses was 401/403: check credentials; passes here prove nothing")
        elif all(c.startswith("4") for c in codes):
            add("all-rejected", f"every one of {total} responses was a 4xx: the target rejected every case")
        if codes.get("429", 0) * 10 >= total:
            add("rate-limited", f"{codes['429']} of {total} responses were 429 Too Many Requests: results are thin")
    ops = [op for _tag, op in operations(result)]
    if not any(_status(op.get("status")) != "skipped" for op in ops):
        add("nothing-tested", f"no operation was tested ({len(ops)} listed, all skipped): a pass here means nothing")
    run = as_dict(result.get("run"))
    if run.get("partial"):
        add("partial", "the run did not finish: " + (text(run.get("partialReason")) or "reason not recorded"))
    return warnings


def tag_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    tag_meta = {text(as_dict(t).get("name")) or "(untagged)": as_dict(t) for t in as_list(result.get("tags"))}
    for tag, op in operations(result):
        row = rows.setdefault(tag, {"name": tag, "total": 0, "reasons": Counter(), **dict.fromkeys(STATUSES, 0)})
        status = _status(op.get("status"))
        row["total"] += 1
        row[status] = row.get(status, 0) + 1
        if status == "skipped":
            row["reasons"][text(op.get("skipReason")) or "no reason recorded"] += 1
    for tag, meta in tag_meta.items():
        rows.setdefault(tag, {"name": tag, "total": 0, "reasons": Counter(), **dict.fromkeys(STATUSES, 0)})
        row = rows[tag]
        total = row["total"]
        row["tested"] = total - row["skipped"]
        row["score"] = meta["score"] if isinstance(meta.get("score"), int | float) else (row["passed"] / total if total else None)
        row["best"] = meta["bestScore"] if isinstance(meta.get("bestScore"), int | float) else (row["tested"] / total if total else None)
    return sorted(rows.values(), key=lambda r: (-(r["failed"] + r["errored"]), r["name"].lower()))


def _pct(value: object) -> str:
    return f"{value * 100:.0f}%" if isinstance(value, int | float) and not isinstance(value, bool) else "n/a"


def _meter(score: object, best: object) -> str:
    if not isinstance(score, int | float) or isinstance(score, bool):
        return "n/a"
    value = min(max(float(score), 0.0), 1.0)
    return (
        f'<meter min="0" max="1" value="{value:.3f}" title="score {_pct(score)}, best possible {_pct(best)}"></meter> '
        f"<strong>{_pct(score)}</strong> <span class=\"muted\">of {_pct(best)} possible</span>"
    )


def build_view(result: dict[str, Any], trend: dict[str, Any] | None) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    groups: dict[str, list[int]] = {}
    new = set(trend["new"]) if trend else set()
    still = set(trend["still"]) if trend else set()
    for tag, op in operations(result):
        documented = [text(c) for c in as_list(op.get("documentedCodes"))]
        failures = []
        failing_checks: list[str] = []
        op_trend = ""
        for f in as_list(op.get("failures")):
            f = as_dict(f)
            key = failure_key(op, f)
            tr = "new" if key in new else "still" if key in still else ""
            if tr == "new" or (tr == "still" and not op_trend):
                op_trend = tr
            check = text(f.get("check"), "(unknown check)")
            if check not in failing_checks:
                failing_checks.append(check)
            failures.append(
                {
                    "c": check,
                    "t": text(f.get("title")),
                    "m": text(f.get("message")),
                    "sp": text(f.get("schemaPath")),
                    "e": text(f.get("expected")),
                    "a": text(f.get("actual")),
                    "st": text(f.get("status")),
                    "x": _clip(f.get("responseExcerpt"), EXCERPT_MAX),
                    "cu": _clip(f.get("curl"), CURL_MAX),
                    "tid": text(f.get("trackId")),
                    "fp": text(f.get("fingerprint")),
                    "bl": 1 if f.get("baselined") else 0,
                    "tr": tr,
                }
            )
        checks = []
        for name, counts in as_dict(op.get("checks")).items():
            counts = as_dict(counts)
            checks.append([text(name), num(counts.get("passed")), num(counts.get("failed")), num(counts.get("na"))])
            if num(counts.get("failed")) and text(name) not in failing_checks:
                failing_checks.append(text(name))
        codes = sorted(as_dict(op.get("responseCodes")).items(), key=lambda kv: text(kv[0]))
        item = {
            "f": _status(op.get("status")),
            "g": [tag],
            "k": failing_checks,
            "id": text(op.get("operationId")),
            "mt": text(op.get("method")).upper(),
            "p": text(op.get("path")),
            "sr": text(op.get("skipReason")),
            "er": _clip(op.get("error"), EXCERPT_MAX),
            "rq": num(op.get("requests")),
            "ck": checks,
            "rc": [[text(c), num(n), code_documented(text(c), documented)] for c, n in codes],
            "dc": documented,
            "fl": failures,
            "tr": op_trend,
        }
        groups.setdefault(tag, []).append(len(items))
        items.append(item)
    names = sorted(groups, key=str.lower)
    return {
        "kind": "conformance",
        "facetName": "status",
        "ruleName": "check",
        "facetOrder": list(STATUSES),
        "items": items,
        "sections": [{"id": "operations", "noun": "operation", "total": len(items), "groups": [[n, groups[n]] for n in names]}],
    }


def _trend_html(trend: dict[str, Any]) -> str:
    prev = trend["previous"]

    def block(key: str, title: str, cls: str) -> str:
        entries = list(trend[key].values())
        lis = "".join(
            f"<li><code>{esc(op)}</code> {esc(check)}{(' — ' + esc(title_)) if title_ else ''}</li>"
            for op, check, title_ in entries[:TREND_LIST_MAX]
        )
        if len(entries) > TREND_LIST_MAX:
            lis += f"<li>… and {len(entries) - TREND_LIST_MAX} more</li>"
        return (
            f'<details id="trend-{key}"{" open" if entries and key != "still" else ""}><summary>'
            f'<span class="badge {cls}">{len(entries)}</span> {esc(title)}</summary><ul>{lis or "<li class=none>none</li>"}</ul></details>'
        )

    expired = trend["expired"]
    exp_lis = "".join(
        "<li>" + esc(" · ".join(f"{k}: {text(v)}" for k, v in e.items())) + "</li>" for e in expired[:TREND_LIST_MAX]
    )
    return (
        '<section id="trend"><h2>Trend against the previous run</h2>'
        f'<p class="muted">Previous run started {esc(text(prev.get("startedAt"), "at an unknown time"))}'
        f' with seed {esc(text(prev.get("seed"), "?"))}.</p><div class="trend">'
        + block("new", "new failures", "trend-new")
        + block("fixed", "fixed", "trend-fixed")
        + block("still", "still failing", "trend-still")
        + block("untested", "failing before, not tested now", "")
        + f'<details id="trend-expired"{" open" if expired else ""}><summary><span class="badge expired">{len(expired)}</span>'
        f' expired baseline entries</summary><ul>{exp_lis or "<li class=none>none</li>"}</ul></details>'
        "</div></section>"
    )


def render_conformance_html(result: dict[str, Any], previous: dict[str, Any] | None = None) -> str:
    """A self-contained HTML report from a conformance result, with a trend when `previous` is given."""
    result = prepare(result, "conformance")
    trend = compute_trend(result, prepare(previous, "conformance")) if previous is not None else None
    view = build_view(result, trend)
    run = as_dict(result.get("run"))
    spec = as_dict(run.get("spec"))
    target = as_dict(run.get("target"))
    summary = as_dict(result.get("summary"))
    ops = as_dict(summary.get("operations"))
    items = view["items"]
    status_counts = Counter(it["f"] for it in items)

    title = f"Conformance: {text(spec.get('title'), 'API')} {text(spec.get('version'))}".strip()
    base_url = text(target.get("baseUrl"))
    href = safe_href(base_url)
    target_html = (
        f'<a href="{esc(href)}" rel="noreferrer noopener">{esc(base_url)}</a>'
        if href
        else (f"<code>{esc(base_url)}</code>" if base_url else "")
    )
    env = text(target.get("environment"))
    if env:
        target_html += f" <span class=\"badge\">{esc(env)}</span>"
    tools = as_dict(run.get("toolVersions"))
    partial = bool(run.get("partial"))
    completeness = (
        f'<span class="badge expired">partial</span> {esc(text(run.get("partialReason")))}'
        if partial
        else '<span class="badge st-passed">complete</span>'
    )
    header = f"<h1>{esc(title)}</h1>" + meta_list(
        [
            ("Spec", f"<code>{esc(text(spec.get('source')))}</code>" if spec.get("source") else ""),
            ("Spec sha256", f"<code>{esc(text(spec.get('sha256')))}</code>" if spec.get("sha256") else ""),
            ("Target", target_html),
            ("Zuora-Version", f"<code>{esc(text(run.get('zuoraVersion')))}</code>" if run.get("zuoraVersion") else ""),
            ("Seed", f"<code>{esc(text(run.get('seed')))}</code>" if run.get("seed") is not None else ""),
            ("Command", f"<code>{esc(text(run.get('command')))}</code>" if run.get("command") else ""),
            ("Tools", esc(", ".join(f"{k} {text(v)}" for k, v in tools.items()))),
            ("Started", esc(text(run.get("startedAt")))),
            ("Duration", esc(duration(run.get("durationSeconds")))),
            ("Run", completeness),
        ]
    )

    body: list[str] = []
    warnings = derived_warnings(result)
    if warnings:
        lis = "".join(f"<li><code>{esc(w['code'])}</code> {esc(w['message'])}</li>" for w in warnings)
        body.append(
            f'<div class="alert bad" role="alert" id="warnings"><h2>{esc(plural(len(warnings), "warning"))}: read these before trusting a pass</h2>'
            f"<ul>{lis}</ul></div>"
        )
    failed = num(ops.get("failed")) if ops else status_counts.get("failed", 0)
    errored = num(ops.get("errored")) if ops else status_counts.get("errored", 0)
    if failed or errored:
        body.append(
            f'<div class="alert bad"><h2>{esc(plural(failed, "operation"))} failed, {errored} errored</h2>'
            f"{esc(plural(num(summary.get('failures')), 'failure'))} recorded over {esc(plural(num(summary.get('requests')), 'request'))}.</div>"
        )
    elif items:
        body.append('<div class="alert good"><h2>Every tested operation conforms</h2>No nonconformance was found.</div>')
    score = summary.get("score")
    best = summary.get("bestScore")
    total = num(ops.get("total")) if ops else len(items)
    if not isinstance(score, int | float):
        score = status_counts.get("passed", 0) / total if total else None
    if not isinstance(best, int | float):
        best = (total - status_counts.get("skipped", 0)) / total if total else None
    checks = as_dict(summary.get("checks"))
    body.append(
        '<div class="cards" id="summary">'
        + card(total, "operations", "")
        + card(num(ops.get("tested")) if ops else total - status_counts.get("skipped", 0), "tested", "")
        + card(num(ops.get("passed")) if ops else status_counts.get("passed", 0), "passed", "st-passed")
        + card(failed, "failed", "st-failed")
        + card(errored, "errored", "st-errored")
        + card(num(ops.get("skipped")) if ops else status_counts.get("skipped", 0), "skipped", "st-skipped")
        + card(num(summary.get("requests")), "requests", "")
        + "</div>"
        + f'<p id="score">Conformance score {_meter(score, best)}</p>'
        + f'<p id="checks-line">Checks: <strong>{num(checks.get("passed"))}</strong> passed, '
        f'<strong>{num(checks.get("failed"))}</strong> failed, {num(checks.get("na"))} not applicable '
        '<span class="muted">(N/A is never counted as passed)</span></p>'
    )
    if trend is not None:
        body.append(_trend_html(trend))
    rows = []
    for r in tag_rows(result):
        reasons = ", ".join(f"{n} {reason}" for reason, n in r["reasons"].most_common())
        rows.append(
            f'<tr><td><a href="#tag={esc(quote(r["name"], safe=""))}">{esc(r["name"])}</a></td>'
            f'<td class="n">{r["total"]}</td><td class="n">{r["tested"]}</td><td class="n">{r["passed"]}</td>'
            f'<td class="n">{r["failed"] or ""}</td><td class="n">{r["errored"] or ""}</td>'
            f'<td class="n">{r["skipped"] or ""}</td><td>{esc(reasons)}</td><td class="score">{_meter(r["score"], r["best"])}</td></tr>'
        )
    body.append(
        '<details class="tags-table" open><summary><h2>By tag</h2></summary>'
        '<p class="muted">Score = passed / total operations; best possible = tested / total (skipped operations cannot pass).</p>'
        '<div class="table-wrap"><table id="by-tag"><thead><tr><th>Tag</th><th class="n">total</th><th class="n">tested</th>'
        '<th class="n">passed</th><th class="n">failed</th><th class="n">errored</th><th class="n">skipped</th>'
        f'<th>skip reasons</th><th>score</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div></details>'
    )
    baseline = as_dict(result.get("baseline"))
    if baseline.get("file") and trend is None:
        exp = as_list(baseline.get("expired"))
        body.append(
            f'<p class="muted">Baseline <code>{esc(text(baseline.get("file")))}</code>'
            + (f' — <span class="badge expired">{len(exp)} expired entries</span>' if exp else "")
            + "</p>"
        )
    facets = [(s, status_counts.get(s, 0)) for s in STATUSES]
    failing_checks = sorted({c for it in items for c in it["k"]})
    body.append(
        controls(
            facet_label="Status",
            facets=facets,
            facet_class="st-",
            tags=sorted({it["g"][0] for it in items}, key=str.lower),
            rule_label="Failing check",
            rules=failing_checks,
            search_hint="operationId, path, check, Track-Id",
        )
    )
    body.append(section("operations", "Operations by tag", empty_text="No operation matches these filters." if items else "No operations were run."))
    footer = (
        f"Rendered by specpact from a conformance result (schema {esc(text(result.get('schemaVersion'), '1.0'))}). "
        "Secrets are masked; response excerpts are truncated. Self-contained: works offline, fetches nothing."
    )
    return page(title=title, kind="conformance", header_html=header, body_html="".join(body), footer_html=footer, data=view)
