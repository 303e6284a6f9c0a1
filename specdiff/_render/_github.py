"""`--format github`: GitHub Actions workflow commands, one annotation per change.

`::error file=F,line=L,title=RULE::message`. Escaping follows the runner's rules
(actions/toolkit `command.ts`): data escapes `%`, CR and LF; property values also `:` and `,`.
Repeated changes (same rule and message in many operations) are one annotation listing them,
since GitHub shows only the first few annotations per step.
"""

from __future__ import annotations

from specdiff._model import Change, DiffReport, Level, Location
from specdiff._render._common import fold, shorten_list, summary_line
from specdiff._render._registry import RenderOptions, formatter

_COMMAND = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _location(change: Change, report: DiffReport) -> tuple[str | None, int | None]:
    """Revision side when it exists (that is the file a PR touches), else the base side."""
    loc: Location | None = change.revision or change.base
    source = report.revision.source if change.revision is not None or change.base is None else report.base.source
    file: str | None = loc.file if loc is not None and loc.file else source
    if file == "-" or (file is not None and "://" in file):
        file = None
    return file, (loc.line if loc is not None else None)


def _annotation(level: Level, title: str, message: str, file: str | None, line: int | None) -> str:
    props = []
    if file:
        props.append(f"file={escape_property(file)}")
        if line:
            props.append(f"line={line}")
    props.append(f"title={escape_property(title)}")
    return f"::{_COMMAND[level]} {','.join(props)}::{escape_data(message)}"


@formatter("github")
def render_github(report: DiffReport, options: RenderOptions) -> str:
    lines: list[str] = []
    folds, rest = fold(report.changes, options.fold_min)
    for f in folds:
        file, line = _location(f.changes[0], report)
        ops = f.operations
        text = f"{f.message} — in {len(ops)} operations: {shorten_list(ops, 20)}"
        if f.why and f.level >= Level.WARNING:
            text += f"\n{f.why}"
        lines.append(_annotation(f.level, f.id, text, file, line))
    for change in rest:
        file, line = _location(change, report)
        text = f"{change.operation or 'spec'}: {change.message}"
        if change.why and change.level >= Level.WARNING:
            text += f"\n{change.why}"
        lines.append(_annotation(change.level, change.id, text, file, line))
    for e in report.expired_waivers:
        target = e.get("operation") or e.get("path") or e.get("fingerprint") or ""
        lines.append(
            _annotation(Level.WARNING, "specdiff: expired waiver", f"waiver for {e['rule']} {target} expired {e['expires']}: {e['reason']}", None, None)
        )
    lines.append(escape_data(f"specdiff: {summary_line(report)}"))
    return "\n".join(lines) + "\n"
