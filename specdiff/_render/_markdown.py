"""`--format markdown`: a changelog for a pull-request comment.

Summary table first, breaking changes open, warnings/info/waived in collapsible sections,
repeated changes folded. Capped at `RenderOptions.max_chars` (GitHub's comment limit is
65,536) with a note saying how much was left out; the JSON report always has everything.
"""

from __future__ import annotations

import re

from specdiff._model import Change, DiffReport, Level
from specdiff._render._common import Fold, by_component, by_tag, fold, plural
from specdiff._render._registry import RenderOptions, formatter

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~!])")
_TITLES = {
    Level.ERROR: ("🔴 Breaking changes", False),
    Level.WARNING: ("🟠 Warnings", True),
    Level.INFO: ("🔵 Info", True),
}
_RESERVE = 600  # room kept for closing tags, the truncation note and the footer


def md(text: str) -> str:
    """Spec text is untrusted: no HTML, no markdown structure, one line."""
    text = re.sub(r"\s+", " ", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_message(text: str) -> str:
    """A rule message: `quoted` names stay code spans (inert on GitHub), the rest is escaped.

    With an odd number of backticks (a name containing one) everything is escaped instead.
    """
    parts = re.sub(r"\s+", " ", text).strip().split("`")
    if len(parts) % 2 == 0:
        return md(text)
    return "".join(md(part) if i % 2 == 0 else code(part) for i, part in enumerate(parts))


def code(text: str) -> str:
    return "`" + " ".join(text.replace("`", "'").split()) + "`"


class _Budget:
    """Appends blocks until the cap; counts what had to be left out."""

    def __init__(self, limit: int) -> None:
        self.limit = max(limit, 2 * _RESERVE)
        self.parts: list[str] = []
        self.size = 0
        self.omitted = 0

    def fixed(self, text: str) -> None:
        """Structure (headings, closing tags): always written."""
        self.parts.append(text)
        self.size += len(text) + 1

    def item(self, text: str, changes: int) -> None:
        if self.omitted or self.size + len(text) + 1 > self.limit - _RESERVE:
            self.omitted += changes
            return
        self.fixed(text)


def _fold_item(f: Fold) -> str:
    ops = f.operations
    where = f" in {code(f.component)}" if f.component else ""
    listing = "<br>".join(code(op) for op in ops)
    return (
        f"- **{md_message(f.message)}**{where} — {plural(len(ops), 'operation')} {code(f.id)}\n"
        f"  <details><summary>{plural(len(ops), 'operation')}</summary>\n\n  {listing}\n\n  </details>"
    )


def _change_item(change: Change) -> str:
    op = code(change.operation) if change.operation else "_spec-wide_"
    why = f"<br>_{md(change.why)}_" if change.why and change.level >= Level.WARNING else ""
    return f"- {op}: {md_message(change.message)} {code(change.id)}{why}"


def _level_section(out: _Budget, changes: list[Change], level: Level, options: RenderOptions) -> None:
    items = [c for c in changes if c.level == level]
    if not items:
        return
    title, collapsed = _TITLES[level]
    out.fixed(f"\n### {title} ({len(items)})\n")
    if collapsed:
        out.fixed(f"<details><summary>{plural(len(items), 'change')}</summary>\n")
    comp_folds: list[Fold] = []
    if options.group_by == "component":
        comp_folds, items = by_component(items)
    folds, rest = fold(items, options.fold_min)
    for f in comp_folds + folds:
        out.item(_fold_item(f), len(f.changes))
    if options.group_by == "tag":
        for tag, ops in by_tag(rest):
            out.fixed(f"\n**{md(tag)}**\n")
            for _, op_changes in ops:
                for change in op_changes:
                    out.item(_change_item(change), 1)
    else:
        for change in sorted(rest, key=lambda c: (c.path, c.method, c.id)):
            out.item(_change_item(change), 1)
    if collapsed:
        out.fixed("\n</details>\n")


@formatter("markdown")
def render_markdown(report: DiffReport, options: RenderOptions) -> str:
    out = _Budget(options.max_chars)
    b, r = report.base, report.revision
    out.fixed(f"## specdiff: {md(b.title or b.source)} {md(b.version)} → {md(r.version or r.source)}\n")
    counts = report.summary()
    out.fixed("| | error | warning | info | waived |\n|---|---:|---:|---:|---:|")
    out.fixed(f"| changes | {counts['error']} | {counts['warning']} | {counts['info']} | {counts['waived']} |")
    hidden = sum(report.hidden.values())
    if report.fail_on is None:
        verdict = "⚪ **not gating** (`--fail-on never`)"
    elif report.failed():
        verdict = f"❌ **fails**: changes at or above `{report.fail_on.label}`"
    else:
        verdict = f"✅ **passes**: nothing at or above `{report.fail_on.label}`"
    extra = f" · {hidden} below `{report.min_level.label}` not listed" if hidden else ""
    out.fixed(f"\n{verdict}{extra}\n")
    if not report.changes:
        out.fixed(f"No changes at or above `{report.min_level.label}`.\n")
    for level in sorted(Level, reverse=True):
        _level_section(out, report.changes, level, options)
    if report.waived:
        out.fixed(f"\n### Waived ({len(report.waived)})\n\n<details><summary>{plural(len(report.waived), 'waived change')}</summary>\n")
        for w in report.waived:
            until = f" (until {w.waiver_expires})" if w.waiver_expires else ""
            out.item(f"{_change_item(w.change)}<br>waived: {md(w.waiver_reason)}{until}", 1)
        out.fixed("\n</details>\n")
    if report.expired_waivers:
        out.fixed(f"\n### ⏰ Expired waivers ({len(report.expired_waivers)}): no longer waiving\n")
        for e in report.expired_waivers:
            target = e.get("operation") or e.get("path") or e.get("fingerprint") or ""
            out.fixed(f"- {code(e['rule'])} {code(str(target))} expired {e['expires']}: {md(e['reason'])} ({e.get('matched', 0)} matching)")
    if report.unused_waivers:
        out.fixed(f"\n<details><summary>{plural(len(report.unused_waivers), 'unused waiver')} (matched nothing)</summary>\n")
        for u in report.unused_waivers:
            target = u.get("operation") or u.get("path") or u.get("fingerprint") or ""
            out.item(f"- {code(u['rule'])} {code(str(target))}: {md(u['reason'])}", 0)
        out.fixed("\n</details>\n")
    if out.omitted:
        out.fixed(
            f"\n> **Note:** output capped at {options.max_chars} characters: "
            f"{plural(out.omitted, 'more change')} not shown. Run `specdiff --format json` for the full list.\n"
        )
    out.fixed(f"\n<sub>specdiff {md(report.tool_version)} · {md(b.source)} → {md(r.source)}</sub>\n")
    return "\n".join(out.parts)
