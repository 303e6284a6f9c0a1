"""`--format text`: for a person at a terminal. Repeated changes folded, then tag -> operation."""

from __future__ import annotations

from specdiff._model import Change, DiffReport, Level
from specdiff._render._common import (
    Fold,
    by_component,
    by_operation,
    by_tag,
    fold,
    shorten_list,
    summary_line,
)
from specdiff._render._registry import RenderOptions, formatter

_COLORS = {Level.ERROR: "\033[31m", Level.WARNING: "\033[33m", Level.INFO: "\033[36m"}
_BOLD = "\033[1m"
_DIM = "\033[2m"
_RESET = "\033[0m"
_OPS_SHOWN = 8  # a long fold lists this many operations, then "+N more" (JSON has all)
_OPS_ONE_PER_LINE = 12  # a short fold lists every operation on its own line


def _clean(text: str) -> str:
    """Spec text is untrusted: no escape sequences or control characters reach the terminal."""
    return "".join(ch if ch >= " " and ch != "\x7f" else " " for ch in text)


class _Out:
    def __init__(self, color: bool) -> None:
        self.color = color
        self.lines: list[str] = []
        self.explained: set[str] = set()

    def why(self, rule: str, level: Level, why: str, indent: str) -> None:
        """The one-line reason, once per rule ID: repeated, it is noise (JSON has it on each)."""
        if level >= Level.WARNING and why and rule not in self.explained:
            self.explained.add(rule)
            self.add(f"{indent}        {self.style('why: ' + _clean(why), _DIM)}")

    def style(self, text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if self.color else text

    def level(self, level: Level) -> str:
        return self.style(f"{level.label:<7}", _COLORS[level])

    def add(self, line: str = "") -> None:
        self.lines.append(line)

    def heading(self, text: str) -> None:
        self.add(self.style(text, _BOLD))


def _change_line(out: _Out, change: Change, indent: str) -> None:
    out.add(f"{indent}{out.level(change.level)} {_clean(change.message)}  {out.style('[' + change.id + ']', _DIM)}")
    out.why(change.id, change.level, change.why, indent)


def _fold_lines(out: _Out, folds: list[Fold], indent: str) -> None:
    for f in folds:
        ops = f.operations
        where = f"in {f.component} — " if f.component else ""
        out.add(
            f"{indent}{out.level(f.level)} {_clean(f.message)} — {where}{len(ops)} operation{'s' if len(ops) != 1 else ''}"
            f"  {out.style('[' + f.id + ']', _DIM)}"
        )
        out.why(f.id, f.level, f.why, indent)
        if len(ops) <= _OPS_ONE_PER_LINE:
            for op in ops:
                out.add(f"{indent}        {_clean(op)}")
        else:
            out.add(f"{indent}        {_clean(shorten_list(ops, _OPS_SHOWN))}")


def _operation_block(out: _Out, operation: str, changes: list[Change], indent: str) -> None:
    op_id = next((c.operation_id for c in changes if c.operation_id), "")
    label = out.style(_clean(operation), _BOLD) + (f"  {out.style(_clean(op_id), _DIM)}" if op_id else "")
    out.add(f"{indent}{label}")
    for change in changes:
        _change_line(out, change, indent + "  ")


@formatter("text")
def render_text(report: DiffReport, options: RenderOptions) -> str:
    out = _Out(options.color)
    b, r = report.base, report.revision
    out.heading(f"specdiff: {_clean(b.title or b.source)} {_clean(b.version)} → {_clean(r.title or r.source)} {_clean(r.version)}")
    out.add(out.style(f"  base {_clean(b.source)} ({b.spec_version}) · revision {_clean(r.source)} ({r.spec_version})", _DIM))
    out.add()

    changes = list(report.changes)
    if options.group_by == "component":
        comp_folds, changes = by_component(changes)
        if comp_folds:
            out.heading("Changes in shared components (each once, with the operations it affects)")
            _fold_lines(out, comp_folds, "  ")
            out.add()
    folds, rest = fold(changes, options.fold_min)
    if folds:
        out.heading(f"Repeated changes (the same change in {options.fold_min} or more operations)")
        _fold_lines(out, folds, "  ")
        out.add()
    if options.group_by == "tag":
        for tag, ops in by_tag(rest):
            out.heading(_clean(tag))
            for operation, items in ops:
                _operation_block(out, operation, items, "  ")
            out.add()
    else:
        for operation, items in by_operation(rest):
            _operation_block(out, operation, items, "")
        if rest:
            out.add()
    if not report.changes:
        out.add(f"No changes at or above {report.min_level.label}.")
        out.add()

    if report.waived:
        out.heading(f"Waived ({len(report.waived)})")
        for w in report.waived:
            c = w.change
            expiry = f", until {w.waiver_expires}" if w.waiver_expires else ""
            out.add(f"  {out.level(c.level)} {_clean(c.operation or '(spec-wide)')}: {_clean(c.message)}  {out.style('[' + c.id + ']', _DIM)}")
            out.add(f"          waived: {_clean(w.waiver_reason)}{expiry}")
        out.add()
    if report.expired_waivers:
        out.heading(f"Expired waivers ({len(report.expired_waivers)}): no longer waive anything; renew or remove them")
        for e in report.expired_waivers:
            target = e.get("operation") or e.get("path") or e.get("fingerprint") or ""
            out.add(f"  {_clean(e['rule'])} {_clean(str(target))}: expired {e['expires']}, {e.get('matched', 0)} matching change(s) now count — {_clean(e['reason'])}")
        out.add()
    if report.unused_waivers:
        out.heading(f"Unused waivers ({len(report.unused_waivers)}): matched nothing (hint: remove them or fix the rule/operation)")
        for u in report.unused_waivers:
            target = u.get("operation") or u.get("path") or u.get("fingerprint") or ""
            out.add(f"  {_clean(u['rule'])} {_clean(str(target))} — {_clean(u['reason'])}")
        out.add()
    out.add(summary_line(report))
    return "\n".join(out.lines) + "\n"

