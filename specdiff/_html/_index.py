"""reports/index.html: every report in a folder with its headline numbers, newest first."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote

from specdiff._errors import SpecdiffError
from specdiff._html._common import plural, prepare
from specdiff._html._io import atomic_write_text, load_result
from specdiff._html._page import page
from specdiff._html._safe import as_dict, as_list, esc, num, text

INDEX_NAME = "index.html"
MAX_DEPTH = 2


def _files(root: Path) -> list[Path]:
    out: list[Path] = []

    def walk(folder: Path, depth: int) -> None:
        try:
            entries = sorted(folder.iterdir())
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir() and depth < MAX_DEPTH:
                walk(entry, depth + 1)
            elif entry.is_file() and entry.suffix.lower() in (".json", ".html", ".md") and entry != root / INDEX_NAME:
                out.append(entry)

    walk(root, 0)
    return out


def _href(root: Path, path: Path) -> str:
    return quote(path.relative_to(root).as_posix(), safe="/")


def _size(path: Path) -> str:
    size = float(path.stat().st_size)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return ""


def _html_title(path: Path) -> str:
    """The <title> of a report we did not write the JSON for (read from its first 4 KB)."""
    try:
        with path.open("r", encoding="utf-8", errors="replace") as handle:
            head = handle.read(4096)
    except OSError:
        return ""
    match = re.search(r"<title>(.*?)</title>", head, re.S | re.I)
    return html_lib.unescape(match.group(1)).strip() if match else ""


def _when(iso: str) -> str:
    """'2026-11-23T12:00:00Z' -> '2026-11-23 12:00 UTC' (anything else unchanged)."""
    match = re.fullmatch(r"(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(:\d\d(\.\d+)?)?(Z|\+00:00)", iso)
    return f"{match.group(1)} {match.group(2)} UTC" if match else iso


def _headline(doc: dict[str, Any]) -> tuple[str, str, str, str]:
    """(kind, title, headline, when) for a result document."""
    if doc.get("kind") == "specdiff":
        doc = prepare(doc, "specdiff")
        counts = Counter(text(as_dict(c).get("level")).lower() for c in as_list(doc.get("changes")))
        base, rev = as_dict(doc.get("base")), as_dict(doc.get("revision"))
        title = f"{text(base.get('title')) or text(rev.get('title'))} {text(base.get('version'))} → {text(rev.get('version'))}"
        headline = (
            f"{plural(counts.get('error', 0), 'breaking change')} · {plural(counts.get('warning', 0), 'warning')} · "
            f"{counts.get('info', 0)} info · {len(as_list(doc.get('waived')))} waived"
        )
        return "spec diff", title, headline, text(doc.get("generatedAt"))
    doc = prepare(doc, "conformance")
    run = as_dict(doc.get("run"))
    spec = as_dict(run.get("spec"))
    summary = as_dict(doc.get("summary"))
    ops = as_dict(summary.get("operations"))
    score = summary.get("score")
    headline = (
        f"{num(ops.get('passed'))}/{num(ops.get('total'))} operations passed · {num(ops.get('failed'))} failed · "
        f"{num(ops.get('errored'))} errored · {num(ops.get('skipped'))} skipped"
    )
    if isinstance(score, int | float):
        headline += f" · score {score * 100:.0f}%"
        if isinstance(summary.get("bestScore"), int | float):
            headline += f" of {summary['bestScore'] * 100:.0f}%"
    if run.get("partial"):
        headline += " · PARTIAL"
    target = as_dict(run.get("target"))
    title = f"{text(spec.get('title'))} {text(spec.get('version'))} @ {text(target.get('baseUrl'))}"
    return "conformance", title, headline, text(run.get("startedAt"))


def write_index(reports_dir: Path) -> Path:
    """Write `reports_dir/index.html` listing every report JSON/HTML/markdown in it; returns its path."""
    root = Path(reports_dir)
    if not root.is_dir():
        raise SpecdiffError(f"reports_dir={str(root)!r}: not a folder")
    files = _files(root)
    by_stem: dict[Path, dict[str, Path]] = {}
    for f in files:
        by_stem.setdefault(f.with_suffix(""), {})[f.suffix.lower()] = f
    rows: list[tuple[str, str]] = []
    for stem, kinds in by_stem.items():
        json_path = kinds.get(".json")
        kind, title, headline, when = "", stem.name, "", ""
        if json_path is not None:
            try:
                doc = load_result(json_path)
                if doc.get("kind") in ("specdiff", "conformance"):
                    kind, title, headline, when = _headline(doc)
            except SpecdiffError as exc:
                headline = f"unreadable: {exc}"
        if not kind and ".html" not in kinds:
            continue  # some other JSON (a schema, a baseline…) or a lone markdown file
        if not kind:
            title = _html_title(kinds[".html"]) or title
        if not when:
            newest = max(p.stat().st_mtime for p in kinds.values())
            when = dt.datetime.fromtimestamp(newest, tz=dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        links = " ".join(
            f'<a href="{esc(_href(root, kinds[ext]))}">{label}</a> <span class="muted">{esc(_size(kinds[ext]))}</span>'
            for ext, label in ((".html", "HTML"), (".md", "markdown"), (".json", "JSON"))
            if ext in kinds
        )
        name = esc(stem.relative_to(root).as_posix())
        rows.append(
            (
                when,
                f'<tr><td class="when">{esc(_when(when))}</td><td><span class="badge">{esc(kind or "html")}</span></td>'
                f"<td><strong>{esc(title)}</strong><br><span class=\"muted\">{name}</span></td>"
                f"<td>{esc(headline)}</td><td>{links}</td></tr>",
            )
        )
    rows.sort(key=lambda r: r[0], reverse=True)
    body = (
        f"<h2>{esc(plural(len(rows), 'report'))}</h2>"
        + (
            '<div class="table-wrap"><table id="reports"><thead><tr><th>When</th><th>Kind</th><th>Report</th>'
            f"<th>Headline</th><th>Files</th></tr></thead><tbody>{''.join(r[1] for r in rows)}</tbody></table></div>"
            if rows
            else '<p class="none">No reports in this folder yet: run <code>specdiff … -o reports/specdiff.html</code> or <code>contracts run</code>.</p>'
        )
    )
    html = page(
        title="Reports",
        kind="index",
        header_html=f"<h1>Reports</h1><p class=\"subtitle\">{esc(root.resolve().name)}/ — newest first</p>",
        body_html=body,
        footer_html="Written by specpact. Open any report offline; each is a single self-contained file.",
        data=None,
    )
    return atomic_write_text(root / INDEX_NAME, html)
