"""Writers for a conformance run. Every file is written atomically (temp file + rename), so an
interrupted run never leaves a half-written report; a final pass masks known secrets."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; a report is an ordinary file
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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


def _renderer(name: str) -> Callable[[dict[str, Any]], str] | None:
    """The shared HTML/markdown renderers from the reports package, when present."""
    try:
        module = importlib.import_module("specdiff._html")
    except ImportError:
        return None
    func = getattr(module, name, None)
    return func if callable(func) else None


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


def check_report_dir(report_dir: Path) -> str | None:
    """Why reports cannot be written to `report_dir` (checked, and the folder created, before a
    run so that a long run never ends with nowhere to put its results), or None."""
    probe = report_dir
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        return f"{probe} is not a directory"
    try:
        report_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".write-test.", dir=report_dir)
    except OSError as exc:
        return f"cannot write there ({exc.strerror or exc})"
    os.close(fd)
    Path(tmp).unlink(missing_ok=True)
    return None


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

    producers: list[tuple[str, Callable[[], str]]] = [("conformance.json", json_text), ("junit.xml", junit_text)]
    for file_name, produce in producers:
        try:
            atomic_write(report_dir / file_name, produce())
            written.append(report_dir / file_name)
        except OSError as exc:
            notes.append(f"{file_name} not written: {report_dir / file_name}: {exc.strerror or exc}")
        except Exception as exc:
            notes.append(f"{file_name} not written: {type(exc).__name__}: {exc}")
    for func_name, file_name in (
        ("render_conformance_html", "conformance.html"),
        ("render_conformance_markdown", "conformance.md"),
    ):
        render = _renderer(func_name)
        if render is None:
            notes.append(f"{file_name} not written: the report renderer (specdiff._html.{func_name}) is not installed")
            continue
        try:
            atomic_write(report_dir / file_name, mask(render(clean)))
            written.append(report_dir / file_name)
        except OSError as exc:
            notes.append(f"{file_name} not written: {report_dir / file_name}: {exc.strerror or exc}")
        except Exception as exc:  # a renderer bug must not lose the JSON already written
            notes.append(f"{file_name} not written: renderer failed ({type(exc).__name__}: {exc})")
    return written, notes
