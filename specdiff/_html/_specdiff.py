"""Spec-diff HTML report: summary by level, changes grouped by tag then operation, waivers apart."""

from __future__ import annotations

import re
from collections import Counter
from fnmatch import fnmatchcase
from typing import Any
from urllib.parse import quote

from specdiff._html._common import LEVELS, UNTAGGED, duration, plural, prepare, tool_line
from specdiff._html._page import card, controls, meta_list, page, section
from specdiff._html._safe import as_dict, as_list, esc, num, safe_href, text

RULE_TABLE_ROWS = 25
COMPONENT_TABLE_ROWS = 15


def _loc(value: object) -> list[str] | None:
    loc = as_dict(value)
    if not loc:
        return None
    where = text(loc.get("file"))
    if where and loc.get("line") is not None:
        where += f":{num(loc.get('line'))}"
        if loc.get("col") is not None:
            where += f":{num(loc.get('col'))}"
    return [text(loc.get("pointer")), where]


def _level(value: object) -> str:
    level = text(value, "info").strip().lower()
    return level or "info"


def _tags(change: dict[str, Any]) -> list[str]:
    return [text(t) for t in as_list(change.get("tags")) if text(t)]


def _path_glob(pattern: str) -> re.Pattern[str]:
    """Waiver path globs as specdiff reads them: `*` within a segment, `**` across, `?` one char."""
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
        else:
            out.append("[^/]*" if pattern[i] == "*" else "[^/]" if pattern[i] == "?" else re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def _waiver_covers(waiver: dict[str, Any], change: dict[str, Any]) -> bool:
    """Would this (expired) waiver have matched the change? Same rules as specdiff's waivers:
    rule ID or glob, plus operation ("METHOD /path" glob, METHOD may be * or A|B), path glob or
    fingerprint; never message text."""
    if not fnmatchcase(text(change.get("id")), text(waiver.get("rule")) or "\0"):
        return False
    fingerprint = waiver.get("fingerprint")
    if fingerprint and text(change.get("fingerprint")) != text(fingerprint):
        return False
    method, _, path = text(change.get("operation")).partition(" ")
    operation = text(waiver.get("operation"))
    if operation:
        method_glob, _, path_glob = operation.partition(" ")
        methods = {m.strip().upper() for m in method_glob.split("|")}
        if ("*" not in methods and method.upper() not in methods) or not _path_glob(path_glob.strip()).match(path):
            return False
    w_path = text(waiver.get("path"))
    if w_path and not _path_glob(w_path).match(path):
        return False
    return bool(operation or w_path or fingerprint)


def _expired_match(change: dict[str, Any], expired: list[dict[str, Any]]) -> str:
    """The reason of an expired waiver that would have covered this change, if any."""
    for waiver in expired:
        if _waiver_covers(waiver, change):
            expires = text(waiver.get("expires"))
            return text(waiver.get("reason"), "(no reason)") + (f" (expired {expires})" if expires else "")
    return ""


def _item(change: dict[str, Any], expired: list[dict[str, Any]], today: str) -> dict[str, Any]:
    tags = _tags(change)
    item: dict[str, Any] = {
        "f": _level(change.get("level")),
        "r": text(change.get("id"), "(unknown rule)"),
        "k": [text(change.get("id"), "(unknown rule)")],
        "op": text(change.get("operation")),
        "oid": text(change.get("operationId")),
        "g": tags,
        "m": text(change.get("message")),
        "w": text(change.get("why")),
        "d": text(change.get("direction")),
        "c": text(change.get("component")),
        "fp": text(change.get("fingerprint")),
        "b": _loc(change.get("base")),
        "v": _loc(change.get("revision")),
    }
    waiver = change.get("waiver")
    if isinstance(waiver, dict):
        item["wr"] = text(waiver.get("reason"))
        item["we"] = text(waiver.get("expires"))
        if item["we"] and today and item["we"] < today:
            item["wx"] = 1
    elif expired:
        reason = _expired_match(change, expired)
        if reason:
            item["xw"] = reason
    return item


def _groups(items: list[dict[str, Any]], indices: list[int]) -> list[list[Any]]:
    by_tag: dict[str, list[int]] = {}
    for i in indices:
        tags = items[i]["g"] or [UNTAGGED]
        for tag in tags:
            by_tag.setdefault(tag, []).append(i)
    rank = {lvl: n for n, lvl in enumerate(LEVELS)}
    worst: dict[str, int] = {}
    for i in indices:
        op = items[i]["op"]
        worst[op] = min(worst.get(op, 9), rank.get(items[i]["f"], 9))

    def order(i: int) -> tuple[int, str, str, int, str]:
        # operations with breaking changes first, then by path; inside one, worst change first
        it = items[i]
        method, _, path = it["op"].partition(" ")
        return (worst[it["op"]], path, method, rank.get(it["f"], 9), it["r"])

    names = sorted(by_tag, key=lambda t: (t == UNTAGGED, t.lower()))
    return [[name, sorted(by_tag[name], key=order)] for name in names]


def build_view(result: dict[str, Any]) -> dict[str, Any]:
    """The compact data the page script filters and renders; also used by the markdown."""
    expired = [as_dict(w) for w in as_list(result.get("expiredWaivers"))]
    today = text(result.get("generatedAt"))[:10]
    changes = [as_dict(c) for c in as_list(result.get("changes"))]
    waived = [as_dict(c) for c in as_list(result.get("waived"))]
    items = [_item(c, expired, today) for c in changes]
    n_changes = len(items)
    items += [_item(c, [], today) for c in waived]
    for i in range(n_changes, len(items)):
        items[i].setdefault("wr", "")
    present = {it["f"] for it in items}
    facet_order = [lvl for lvl in LEVELS if lvl in present or lvl != "info"]
    facet_order += sorted(present - set(facet_order))
    return {
        "kind": "specdiff",
        "facetName": "level",
        "ruleName": "rule",
        "facetOrder": facet_order,
        "items": items,
        "sections": [
            {"id": "changes", "noun": "change", "total": n_changes, "groups": _groups(items, list(range(n_changes)))},
            {"id": "waived", "noun": "waived change", "total": len(waived), "groups": _groups(items, list(range(n_changes, len(items))))},
        ],
    }


def _component_table(items: list[dict[str, Any]]) -> str:
    """Shared components whose one change shows up in many operations, once each (people read
    "entityId removed from 292 operations", CI still gets one change per operation)."""
    by: dict[str, dict[str, Any]] = {}
    for it in items:
        if it["c"]:
            entry = by.setdefault(it["c"], {"ops": set(), "rules": Counter(), "worst": 9})
            entry["ops"].add(it["op"])
            entry["rules"][f'{it["r"]} ({it["f"]})'] += 1
            entry["worst"] = min(entry["worst"], LEVELS.index(it["f"]) if it["f"] in LEVELS else 9)
    shared = sorted(
        ((name, e) for name, e in by.items() if len(e["ops"]) > 1), key=lambda kv: (kv[1]["worst"], -len(kv[1]["ops"]), kv[0])
    )
    if not shared:
        return ""
    rows = "".join(
        f'<tr><td><a href="#q={esc(quote(name, safe=""))}"><code>{esc(name)}</code></a></td>'
        f'<td class="n">{len(e["ops"])}</td><td>{esc(", ".join(r for r, _ in e["rules"].most_common(3)))}</td></tr>'
        for name, e in shared[:COMPONENT_TABLE_ROWS]
    )
    extra = f'<p class="muted">{len(shared) - COMPONENT_TABLE_ROWS} more shared components.</p>' if len(shared) > COMPONENT_TABLE_ROWS else ""
    return (
        '<details class="rules-table" open><summary><h2>Changes in shared components</h2></summary>'
        '<p class="muted">One change in a shared component is reported once per operation that uses it; here it is once.</p>'
        '<div class="table-wrap"><table id="by-component"><thead><tr><th>Component</th><th class="n">operations</th>'
        f"<th>rules</th></tr></thead><tbody>{rows}</tbody></table></div>{extra}</details>"
    )


def _hidden(result: dict[str, Any]) -> str:
    """' (12 info hidden: use --level info)' when the engine left lower levels out."""
    hidden = {text(k): num(v) for k, v in as_dict(result.get("hiddenBelowMinLevel")).items() if num(v)}
    if not hidden:
        return ""
    lowest = "info" if "info" in hidden else next(iter(hidden))
    parts = ", ".join(f"{n} {lvl}" for lvl, n in hidden.items())
    return f' <span class="muted">({esc(parts)} hidden: use <code>--level {esc(lowest)}</code>)</span>'


def _side(label: str, side: dict[str, Any]) -> str:
    source = text(side.get("source"))
    href = safe_href(source)
    src = f'<a href="{esc(href)}" rel="noreferrer noopener">{esc(source)}</a>' if href else f"<code>{esc(source)}</code>"
    bits = [esc(text(side.get("title"))), f"<strong>{esc(text(side.get('version')))}</strong>"]
    spec_version = text(side.get("specVersion"))
    if spec_version:
        family = "Swagger" if str(spec_version).startswith("2") else "OpenAPI"
        bits.append(f'<span class="muted">{family} {esc(spec_version)}</span>')
    return " ".join(b for b in bits if b) + f" — {src}"


def render_specdiff_html(result: dict[str, Any]) -> str:
    """A self-contained HTML report from a specdiff result (docs/result-formats.md)."""
    result = prepare(result, "specdiff")
    view = build_view(result)
    items = view["items"]
    n_changes = view["sections"][0]["total"]
    base, revision = as_dict(result.get("base")), as_dict(result.get("revision"))
    config = as_dict(result.get("config"))
    counts = Counter(it["f"] for it in items[:n_changes])
    n_waived = len(items) - n_changes
    expired = [as_dict(w) for w in as_list(result.get("expiredWaivers"))]

    title = f"Spec diff: {text(base.get('title')) or text(revision.get('title')) or 'API'} {text(base.get('version'))} → {text(revision.get('version'))}"
    header = (
        f"<h1>{esc(title)}</h1>"
        + meta_list(
            [
                ("Base", _side("Base", base)),
                ("Revision", _side("Revision", revision)),
                ("Generated", esc(text(result.get("generatedAt")))),
                ("Took", esc(duration(result.get("durationSeconds")))),
                ("Operations compared", esc(text(result.get("operationsCompared")))),
                ("Levels shown", esc(text(config.get("minLevel"), "warning")) + " and above" + _hidden(result)),
                ("Fails on", esc(text(config.get("failOn")))),
                ("Tool", esc(tool_line(result))),
            ]
        )
    )

    body: list[str] = []
    fail_on = text(config.get("failOn"), "error").lower()
    breaking = counts.get("error", 0)
    if fail_on in LEVELS:
        gate = sum(counts.get(lvl, 0) for lvl in LEVELS[: LEVELS.index(fail_on) + 1])
        if gate:
            body.append(
                f'<div class="alert bad" role="alert"><h2>{esc(plural(breaking, "breaking change"))}</h2>'
                f"{esc(plural(gate, 'change'))} at or above <code>--fail-on {esc(fail_on)}</code>: this diff fails the gate.</div>"
            )
        else:
            body.append(f'<div class="alert good"><h2>No changes at or above {esc(fail_on)}</h2>This diff passes the gate.</div>')
    if expired:
        rows = "".join(
            f"<li><code>{esc(text(w.get('rule')))}</code> on <code>{esc(text(w.get('operation')) or text(w.get('path')) or text(w.get('fingerprint')) or '*')}</code>"
            f" — {esc(text(w.get('reason'), '(no reason)'))} <span class=\"badge expired\">expired {esc(text(w.get('expires')))}</span>"
            + (f" <span class=\"muted\">{esc(plural(num(w.get('matched')), 'matching change'))} now count</span>" if "matched" in w else "")
            + "</li>"
            for w in expired[:50]
        )
        more = f"<li>… and {len(expired) - 50} more</li>" if len(expired) > 50 else ""
        body.append(
            f'<div class="alert warn" id="expired-waivers"><h2>{esc(plural(len(expired), "expired waiver"))}</h2>'
            f"These no longer waive anything; the changes they covered are reported again below.<ul>{rows}{more}</ul></div>"
        )
    unused = as_list(result.get("unusedWaivers"))
    if unused:
        lis = "".join(
            "<li>" + esc(" · ".join(f"{k}: {text(v)}" for k, v in as_dict(w).items()) or text(w)) + "</li>" for w in unused[:50]
        )
        body.append(
            f'<details class="alert warn" id="unused-waivers"><summary>{esc(plural(len(unused), "unused waiver"))}: '
            f"they matched no change (stale, or a typo?)</summary><ul>{lis}</ul></details>"
        )
    body.append(
        '<div class="cards" id="summary">'
        + card(counts.get("error", 0), "errors (breaking)", "lvl-error")
        + card(counts.get("warning", 0), "warnings", "lvl-warning")
        + card(counts.get("info", 0), "info", "lvl-info")
        + card(n_waived, "waived", "")
        + card(len({it["op"] for it in items[:n_changes] if it["op"]}), "operations affected", "")
        + "</div>"
    )
    rule_counts: dict[str, Counter[str]] = {}
    for it in items[:n_changes]:
        rule_counts.setdefault(it["r"], Counter())[it["f"]] += 1
    if rule_counts:
        ranked = sorted(rule_counts.items(), key=lambda kv: (-kv[1].get("error", 0), -sum(kv[1].values()), kv[0]))
        rows = "".join(
            f"<tr><td><code>{esc(rule)}</code></td>"
            + "".join(f'<td class="n">{c.get(lvl, 0) or ""}</td>' for lvl in LEVELS)
            + f'<td class="n">{sum(c.values())}</td></tr>'
            for rule, c in ranked[:RULE_TABLE_ROWS]
        )
        extra = (
            f'<p class="muted">{len(ranked) - RULE_TABLE_ROWS} more rules: use the Rule filter.</p>'
            if len(ranked) > RULE_TABLE_ROWS
            else ""
        )
        body.append(
            '<details class="rules-table" open><summary><h2>By rule</h2></summary><div class="table-wrap"><table id="by-rule">'
            '<thead><tr><th>Rule</th><th class="n">error</th><th class="n">warning</th><th class="n">info</th><th class="n">total</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></div>{extra}</details>"
        )
    body.append(_component_table(items[:n_changes]))
    tags = sorted({g[0] for sec in view["sections"] for g in sec["groups"]}, key=str.lower)
    rules = sorted({it["r"] for it in items})
    facets = [(lvl, counts.get(lvl, 0)) for lvl in view["facetOrder"]]
    body.append(
        controls(
            facet_label="Level",
            facets=facets,
            facet_class="lvl-",
            tags=tags,
            rule_label="Rule",
            rules=rules,
            search_hint="message, path, operationId, rule",
        )
    )
    body.append(
        section(
            "changes",
            "Changes by tag and operation",
            empty_text="No change matches these filters." if n_changes else "No changes at the levels shown.",
        )
    )
    body.append(
        section(
            "waived",
            "Waived changes",
            empty_text="No waived change matches these filters." if n_waived else "Nothing was waived.",
            intro_html='<p class="muted">Matched by a waiver: reported for the record, never failing the run.</p>',
        )
    )
    footer = (
        f"Rendered by specpact from a specdiff result (schema {esc(text(result.get('schemaVersion'), '1.0'))}) "
        f"with {esc(plural(n_changes, 'change'))}. Self-contained: works offline, fetches nothing."
    )
    return page(title=title, kind="specdiff", header_html=header, body_html="".join(body), footer_html=footer, data=view)
