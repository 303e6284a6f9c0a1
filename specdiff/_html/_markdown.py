"""Markdown summaries short enough for a PR comment, beside each HTML report.

Spec and API text is escaped (no links, no HTML, no @-mentions get through) and the whole summary
is capped (GitHub refuses comments over 65,536 characters) with a note saying what was left out.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from specdiff._html._common import LEVELS, duration, plural, prepare
from specdiff._html._conformance import compute_trend, derived_warnings, operations, tag_rows
from specdiff._html._safe import as_dict, as_list, num, text

DEFAULT_MAX_CHARS = 60_000
TAG_ROWS = 15
# Only what can start markup mid-line: md() output never begins a line, so list markers stay.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]()<>|~&])")


def md(value: object) -> str:
    """Plain text safe in markdown: one line, punctuation escaped, mentions defused."""
    s = re.sub(r"\s+", " ", text(value))
    return _MD_SPECIAL.sub(r"\\\1", s).replace("@", "&#64;")


def rich(value: object) -> str:
    """Like md(), but `quoted` names (as engines write them in messages) stay code spans."""
    s = " ".join(text(value).split())
    parts = s.split("`")
    if len(parts) % 2 == 0:
        return md(s)
    return "".join(code(p) if i % 2 else md(p) for i, p in enumerate(parts))


def code(value: object) -> str:
    """An inline code span that survives backticks inside the value."""
    s = " ".join(text(value).split())
    if not s:
        return ""
    run = max((len(m) for m in re.findall(r"`+", s)), default=0)
    fence = "`" * (run + 1)
    pad = " " if s.startswith("`") or s.endswith("`") or run else ""
    return f"{fence}{pad}{s}{pad}{fence}"


class _Capped:
    """Collects lines until the cap, then remembers how many items were left out."""

    def __init__(self, max_chars: int) -> None:
        self.lines: list[str] = []
        self.size = 0
        self.max = max(max_chars, 400)
        self.reserve = 300
        self.full = False
        self.dropped = 0

    def add(self, line: str = "", *, item: bool = False) -> bool:
        if self.full or self.size + len(line) + 1 > self.max - self.reserve:
            self.full = True
            if item:
                self.dropped += 1
            return False
        self.lines.append(line)
        self.size += len(line) + 1
        return True

    def done(self, noun: str, where: str) -> str:
        if self.full:
            more = f"{plural(self.dropped, noun)} and more" if self.dropped else "more"
            self.lines.append("")
            self.lines.append(f"_Summary cut to stay under {self.max:,} characters: {more} in {where}._")
        return "\n".join(self.lines) + "\n"


def render_specdiff_markdown(result: dict[str, Any], *, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """A PR-comment summary of a specdiff result: counts, then changes by level, tag and operation."""
    result = prepare(result, "specdiff")
    base, revision = as_dict(result.get("base")), as_dict(result.get("revision"))
    config = as_dict(result.get("config"))
    changes = [as_dict(c) for c in as_list(result.get("changes"))]
    waived = [as_dict(c) for c in as_list(result.get("waived"))]
    expired = [as_dict(w) for w in as_list(result.get("expiredWaivers"))]
    counts = Counter(text(c.get("level"), "info").lower() for c in changes)
    out = _Capped(max_chars)
    title = text(base.get("title")) or text(revision.get("title")) or "API"
    out.add(f"## Spec diff: {md(title)} {md(base.get('version'))} → {md(revision.get('version'))}")
    out.add()
    fail_on = text(config.get("failOn"), "error").lower()
    gate = sum(counts.get(lvl, 0) for lvl in LEVELS[: LEVELS.index(fail_on) + 1]) if fail_on in LEVELS else 0
    verdict = f"fails `--fail-on {fail_on}`" if gate else "passes the gate"
    out.add(
        f"**{plural(counts.get('error', 0), 'breaking change')}** · {plural(counts.get('warning', 0), 'warning')} · "
        f"{counts.get('info', 0)} info · {len(waived)} waived — {verdict}"
    )
    out.add()
    out.add(f"Base {code(base.get('source'))} · revision {code(revision.get('source'))}")
    if expired:
        out.add()
        out.add(f"> **{plural(len(expired), 'expired waiver')}** (these no longer waive anything):")
        for w in expired[:20]:
            out.add(
                f"> - {code(w.get('rule'))} on {code(text(w.get('operation')) or text(w.get('path')) or '*')}: "
                f"{md(w.get('reason'))} (expired {md(w.get('expires'))})"
            )
    titles = {"error": "Breaking changes (error)", "warning": "Warnings", "info": "Info"}
    def first_tag(c: dict[str, Any]) -> str:
        return text((as_list(c.get("tags")) or ["(untagged)"])[0]) or "(untagged)"

    def level_rank(c: dict[str, Any]) -> int:
        level = text(c.get("level")).lower()
        return LEVELS.index(level) if level in LEVELS else len(LEVELS)

    ordered = sorted(
        changes,
        key=lambda c: (level_rank(c), first_tag(c), text(c.get("operation")).partition(" ")[2], text(c.get("operation")), text(c.get("id"))),
    )
    current_level = current_tag = current_op = None
    for c in ordered:
        level = text(c.get("level"), "info").lower()
        tag = first_tag(c)
        op = text(c.get("operation"))
        if level != current_level:
            out.add()
            out.add(f"### {titles.get(level, md(level))}")
            current_level, current_tag, current_op = level, None, None
        if tag != current_tag:
            out.add()
            out.add(f"**{md(tag)}**")
            current_tag, current_op = tag, None
        if op != current_op:
            out.add(f"- {code(op) or '_spec-wide_'}" + (f" ({code(c.get('operationId'))})" if c.get("operationId") else ""))
            current_op = op
        out.add(f"  - {code(c.get('id'))} {rich(c.get('message'))}", item=True)
    if waived and not out.full:
        out.add()
        out.add(f"<details><summary>{plural(len(waived), 'waived change')}</summary>")
        out.add()
        today = text(result.get("generatedAt"))[:10]
        for c in waived:
            w = as_dict(c.get("waiver"))
            expires = text(w.get("expires"))
            when = f" (**expired** {md(expires)})" if expires and today and expires < today else f" (expires {md(expires)})"
            out.add(
                f"- {code(c.get('id'))} on {code(c.get('operation'))}: {md(w.get('reason'))}" + (when if expires else ""),
                item=True,
            )
        out.add()
        out.add("</details>")
    return out.done("change", "the HTML report")


def render_conformance_markdown(
    result: dict[str, Any], previous: dict[str, Any] | None = None, *, max_chars: int = DEFAULT_MAX_CHARS
) -> str:
    """A PR-comment summary of a conformance result: warnings, counts, trend, failures, tags."""
    result = prepare(result, "conformance")
    run = as_dict(result.get("run"))
    spec = as_dict(run.get("spec"))
    target = as_dict(run.get("target"))
    summary = as_dict(result.get("summary"))
    ops = as_dict(summary.get("operations"))
    out = _Capped(max_chars)
    out.add(f"## Conformance: {md(spec.get('title'))} {md(spec.get('version'))}")
    out.add()
    for w in derived_warnings(result):
        out.add(f"> **Warning** {code(w['code'])}: {md(w['message'])}")
    if out.lines[-1].startswith(">"):
        out.add()
    bits = [f"Target {code(target.get('baseUrl'))}" + (f" ({md(target.get('environment'))})" if target.get("environment") else "")]
    if run.get("zuoraVersion"):
        bits.append(f"Zuora-Version {code(run.get('zuoraVersion'))}")
    if run.get("seed") is not None:
        bits.append(f"seed {code(run.get('seed'))}")
    bits.append(f"started {md(run.get('startedAt'))}")
    if duration(run.get("durationSeconds")):
        bits.append(f"took {duration(run.get('durationSeconds'))}")
    bits.append("**partial**" if run.get("partial") else "complete")
    out.add(" · ".join(bits))
    out.add()
    score, best = summary.get("score"), summary.get("bestScore")
    score_txt = f"{score * 100:.0f}% (best possible {best * 100:.0f}%)" if isinstance(score, int | float) and isinstance(best, int | float) else "n/a"
    out.add("| Operations | Tested | Passed | Failed | Errored | Skipped | Requests | Score |")
    out.add("|---:|---:|---:|---:|---:|---:|---:|---|")
    out.add(
        f"| {num(ops.get('total'))} | {num(ops.get('tested'))} | {num(ops.get('passed'))} | {num(ops.get('failed'))} | "
        f"{num(ops.get('errored'))} | {num(ops.get('skipped'))} | {num(summary.get('requests'))} | {score_txt} |"
    )
    trend = compute_trend(result, prepare(previous, "conformance")) if previous is not None else None
    if trend is not None:
        out.add()
        out.add(
            f"**Trend:** {len(trend['new'])} new · {len(trend['fixed'])} fixed · {len(trend['still'])} still failing · "
            f"{len(trend['expired'])} expired baseline {'entry' if len(trend['expired']) == 1 else 'entries'}"
        )
        for key, label in (("new", "New"), ("fixed", "Fixed")):
            for op, check, title in list(trend[key].values())[:10]:
                out.add(f"- {label}: {code(op)} {code(check)} {md(title)}", item=True)
    bad_tags = [r for r in tag_rows(result) if r["failed"] or r["errored"]]
    if bad_tags:
        out.add()
        out.add("| Tag | Total | Passed | Failed | Errored | Skipped |")
        out.add("|---|---:|---:|---:|---:|---:|")
        for r in bad_tags[:TAG_ROWS]:
            out.add(f"| {md(r['name'])} | {r['total']} | {r['passed']} | {r['failed']} | {r['errored']} | {r['skipped']} |")
        if len(bad_tags) > TAG_ROWS:
            out.add(f"\n_{len(bad_tags) - TAG_ROWS} more tags with failures in the HTML report._")
    failing = [(tag, op) for tag, op in operations(result) if as_list(op.get("failures"))]
    if failing:
        out.add()
        out.add("### Failures")
    for tag, op in failing:
        label = f"{text(op.get('method')).upper()} {text(op.get('path'))}"
        if not out.add(f"- **{code(label)}** ({code(op.get('operationId'))}, {md(tag)})", item=True):
            continue
        for f in as_list(op.get("failures"))[:5]:
            f = as_dict(f)
            track = f" · Track-Id {code(f.get('trackId'))}" if f.get("trackId") else ""
            base = " _(baselined)_" if f.get("baselined") else ""
            out.add(f"  - {code(f.get('check'))} {md(f.get('title'))}{track}{base}")
        extra = len(as_list(op.get("failures"))) - 5
        if extra > 0:
            out.add(f"  - … and {extra} more")
    return out.done("failing operation", "the HTML report")
