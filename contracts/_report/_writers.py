"""Writers for a conformance run. Every file goes through specdiff's shared output writer
(atomic for regular files), so an interrupted run never leaves a half-written report; every
string is masked for known secrets before it is written."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

from specdiff._errors import SpecdiffError
from specdiff._html import render_conformance_html, render_conformance_markdown
from specdiff._io import write_text_output


def junit_xml(result: dict[str, Any]) -> str:
    """One testsuite per tag, one testcase per operation; each failure one <failure> element."""
    suites = ET.Element("testsuites", name="contracts", time=str(result["run"]["durationSeconds"]))
    for tag in result["tags"]:
        ops = tag["operations"]
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=tag["name"],
            tests=str(len(ops)),
            failures=str(sum(1 for o in ops if o["status"] == "failed")),
            errors=str(sum(1 for o in ops if o["status"] == "errored")),
            skipped=str(sum(1 for o in ops if o["status"] == "skipped")),
        )
        for op in ops:
            case = ET.SubElement(suite, "testcase", classname=tag["name"], name=f"{op['method']} {op['path']}")
            if op["status"] == "skipped":
                ET.SubElement(case, "skipped", message=str(op.get("skipReason") or "skipped"))
            if op["status"] == "errored" and op.get("error"):
                ET.SubElement(case, "error", message=str(op["error"]))
            for failure in op["failures"]:
                if failure.get("baselined"):
                    continue
                element = ET.SubElement(case, "failure", message=f"{failure['check']}: {failure['title']}", type=failure["check"])
                element.text = "\n".join(
                    part
                    for part in (
                        failure["message"],
                        f"Zuora-Track-Id: {failure['trackId']}" if failure.get("trackId") else "",
                        f"Reproduce: {failure['curl']}" if failure.get("curl") else "",
                    )
                    if part
                )
    if result["run"].get("partial"):
        ET.SubElement(suites, "properties").append(
            ET.Element("property", name="partial", value=str(result["run"].get("partialReason")))
        )
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _mask_tree(node: Any, mask: Callable[[str], str]) -> Any:
    """Mask every string in a JSON tree (masking serialized text could break its escaping)."""
    if isinstance(node, str):
        return mask(node)
    if isinstance(node, dict):
        return {key: _mask_tree(value, mask) for key, value in node.items()}
    if isinstance(node, list):
        return [_mask_tree(value, mask) for value in node]
    return node


def _json_default(value: Any) -> Any:
    """One odd value (a YAML date, a set, bytes) must never cost the whole report."""
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def write_reports(result: dict[str, Any], report_dir: Path, mask: Callable[[str], str] = lambda s: s) -> tuple[list[Path], list[str]]:
    """Write every report; returns (files written, notes such as a skipped HTML or a write error).

    Never raises for one file: a failure to write one report is a note, the others are still tried.
    """
    written: list[Path] = []
    notes: list[str] = []
    clean = _mask_tree(result, mask)
    def json_text() -> str:
        return json.dumps(clean, indent=2, ensure_ascii=False, default=_json_default) + "\n"

    def junit_text() -> str:
        return mask(junit_xml(clean))

    producers: list[tuple[str, Callable[[], str]]] = [
        ("conformance.json", json_text),
        ("junit.xml", junit_text),
        ("conformance.html", lambda: mask(render_conformance_html(clean))),
        ("conformance.md", lambda: mask(render_conformance_markdown(clean))),
    ]
    for file_name, produce in producers:
        try:
            written.append(write_text_output(report_dir / file_name, produce(), what="report"))
        except SpecdiffError as exc:  # the shared writer's one-line reason (unwritable, a folder, …)
            notes.append(f"{file_name} not written: {exc}")
        except Exception as exc:  # a renderer bug must not lose the reports already written
            notes.append(f"{file_name} not written: {type(exc).__name__}: {exc}")
    return written, notes
