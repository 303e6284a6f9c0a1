"""`--format junit`: one test case per operation, failed when it has changes at/above fail-on.

Suites are tags (an operation under its first tag). Unchanged operations pass, so a CI
dashboard shows the whole API. Text is XML-escaped by ElementTree; characters XML 1.0 cannot
carry at all (most C0 controls) are replaced first.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from specdiff._model import Change, DiffReport, OperationRef
from specdiff._render._common import SPEC_WIDE, UNTAGGED, op_sort_key
from specdiff._render._registry import RenderOptions, formatter

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: str) -> str:
    return _XML_ILLEGAL.sub("\ufffd", text)


def _describe(change: Change) -> str:
    text = f"[{change.level.label}] {change.id}: {change.message}"
    if change.why:
        text += f"\n    why: {change.why}"
    return text


@formatter("junit")
def render_junit(report: DiffReport, options: RenderOptions) -> str:
    ops: dict[str, OperationRef] = {o.operation: o for o in report.operations}
    by_op: dict[str, list[Change]] = {}
    for change in report.changes:
        key = change.operation or SPEC_WIDE
        by_op.setdefault(key, []).append(change)
        if key not in ops:
            ops[key] = OperationRef(key, change.operation_id, change.tags)
    waived: dict[str, list[str]] = {}
    for w in report.waived:
        until = f" until {w.waiver_expires}" if w.waiver_expires else ""
        waived.setdefault(w.change.operation or SPEC_WIDE, []).append(f"[waived{until}: {w.waiver_reason}] {_describe(w.change)}")
    suites: dict[str, list[OperationRef]] = {}
    for ref in ops.values():
        tag = SPEC_WIDE if ref.operation == SPEC_WIDE else (ref.tags[0] if ref.tags else UNTAGGED)
        suites.setdefault(tag, []).append(ref)

    root = ET.Element("testsuites", name="specdiff")
    total = failures = 0
    for tag in sorted(suites, key=lambda t: (t == UNTAGGED, t.lower())):
        suite = ET.SubElement(root, "testsuite", name=_x(tag))
        s_tests = s_fail = 0
        for ref in sorted(suites[tag], key=lambda o: op_sort_key(o.operation)):
            changes = by_op.get(ref.operation, [])
            case = ET.SubElement(suite, "testcase", name=_x(ref.operation), classname=_x(f"specdiff.{tag}"))
            if ref.operation_id:
                props = ET.SubElement(case, "properties")
                ET.SubElement(props, "property", name="operationId", value=_x(ref.operation_id))
            failing = [c for c in changes if report.fail_on is not None and c.level >= report.fail_on]
            if failing:
                s_fail += 1
                levels = sorted({c.level.label for c in failing})
                failure = ET.SubElement(
                    case,
                    "failure",
                    message=_x(f"{len(failing)} change(s) at or above {report.fail_on.label if report.fail_on else ''}: " + ", ".join(sorted({c.id for c in failing}))),
                    type=_x(",".join(levels)),
                )
                failure.text = _x("\n".join(_describe(c) for c in failing))
            others = [_describe(c) for c in changes if c not in failing] + waived.get(ref.operation, [])
            if others:
                ET.SubElement(case, "system-out").text = _x("\n".join(others))
            s_tests += 1
        suite.set("tests", str(s_tests))
        suite.set("failures", str(s_fail))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        total += s_tests
        failures += s_fail
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", "0")
    root.set("time", f"{report.duration_seconds:.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
