"""Formatters on hand-built reports: text, json (against the shipped schema), markdown, github, junit."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from importlib import resources

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from specdiff._config import Config, parse_waiver
from specdiff._errors import UsageError
from specdiff._model import Level, Location
from specdiff._render import RenderOptions, available, get, render
from specdiff._render._github import escape_data, escape_property
from specdiff._render._markdown import md, md_message
from tests.fixtures.specdiff_reports import make_change, report_of

ENTITY_OPS = [f"GET /v1/things{i}/{{id}}" for i in range(14)]


def entity_report(**kw):  # type: ignore[no-untyped-def]
    """12 operations lose the same parameter; plus a few one-off changes."""
    changes = [make_change("request-parameter-removed", op, message="removed the query request parameter 'entityId'", tags=("Things",)) for op in ENTITY_OPS]
    changes += [
        make_change("api-path-removed-without-deprecation", "GET /v1/commitments/{id}", message="api path removed without deprecation", tags=("Commitments",)),
        make_change("response-property-removed", "GET /v1/accounts/{id}", level=Level.WARNING, message="removed the response property 'balance'", tags=("Accounts",)),
        make_change("endpoint-added", "POST /v1/new", level=Level.INFO, message="endpoint added", tags=("Accounts",)),
    ]
    return report_of(changes, Config(min_level=Level.INFO), **kw)


def schema() -> dict:  # type: ignore[type-arg]
    text = resources.files("specdiff").joinpath("schemas/specdiff-result.schema.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def test_registry_lists_formats_and_rejects_unknown() -> None:
    assert available()[:5] == ["text", "json", "markdown", "junit", "github"]
    with pytest.raises(UsageError, match=r"--format 'yaml': unknown format; available: text, json"):
        get("yaml")


def test_html_is_registered_only_when_the_shared_look_imports() -> None:
    try:
        import specdiff._html  # noqa: F401
    except ImportError:
        assert "html" not in available()
    else:
        assert "html" in available()


# -- text ------------------------------------------------------------------------------------


def test_text_folds_repeated_changes_and_groups_by_tag_then_operation() -> None:
    out = render(entity_report(), "text")
    lines = out.splitlines()
    fold_lines = [line for line in lines if "removed the query request parameter 'entityId'" in line]
    assert len(fold_lines) == 1, out
    assert "— 14 operations" in fold_lines[0] and "[request-parameter-removed]" in fold_lines[0]
    assert "(+6 more)" in out  # 8 operations listed, then the count of the rest
    # tags sorted, operation under its tag, changes under their operation
    acc, com = lines.index("Accounts"), lines.index("Commitments")
    assert acc < com
    assert lines[acc + 1].strip().startswith("GET /v1/accounts/{id}")
    assert "removed the response property 'balance'" in lines[acc + 2]
    assert "\033[" not in out
    assert lines[-1].startswith("15 errors, 1 warning, 1 info") and "FAIL" in lines[-1]


def test_text_colour_only_when_asked_and_control_characters_are_neutralised() -> None:
    hostile = make_change(message="bad\x1b[2J\x07name\nnext")
    plain = render(report_of([hostile]), "text")
    assert "\x1b" not in plain and "\x07" not in plain and "bad [2J name next" in plain
    coloured = render(report_of([hostile]), "text", RenderOptions(color=True))
    assert "\033[31merror" in coloured and "\x1b[2J" not in coloured


def test_text_group_by_component_shows_a_shared_change_once_with_its_operations() -> None:
    changes = [
        make_change("response-property-removed", op, message="removed the response property 'currency'", component="#/components/schemas/Money", level=Level.WARNING)
        for op in ("GET /v1/a", "GET /v1/b")
    ]
    changes.append(make_change("request-parameter-removed", "GET /v1/c"))
    # the same property reached through a list in a third operation: same place, longer message
    nested = make_change("response-property-removed", "GET /v1/list", message="removed the response property 'items/currency'", component="#/components/schemas/Money", level=Level.WARNING)
    changes.append(nested)
    out = render(report_of(changes), "text", RenderOptions(group_by="component"))
    assert out.count("removed the response property 'currency'") == 1
    assert "in #/components/schemas/Money — 3 operations" in out
    assert "'items/currency'" not in out  # shown once, with the shortest message
    assert "        GET /v1/a\n" in out and "        GET /v1/list\n" in out  # short folds: one operation a line
    by_tag = render(report_of(changes), "text", RenderOptions(group_by="tag", fold_min=3))
    assert by_tag.count("removed the response property 'currency'") == 2


def test_text_group_by_operation_has_no_tag_headings() -> None:
    out = render(entity_report(), "text", RenderOptions(group_by="operation"))
    assert "Accounts\n" not in out and "GET /v1/accounts/{id}" in out


def test_text_waivers_expired_and_unused() -> None:
    w = [
        parse_waiver({"rule": "request-parameter-removed", "operation": "GET /v1/things0/*", "reason": "migrated", "expires": "2099-01-01"}, "w #1"),
        parse_waiver({"rule": "request-parameter-removed", "operation": "GET /v1/things1/*", "reason": "old deal", "expires": "2001-01-01"}, "w #2"),
        parse_waiver({"rule": "endpoint-added", "path": "/nowhere", "reason": "stale"}, "w #3"),
    ]
    changes = [make_change("request-parameter-removed", op) for op in ENTITY_OPS[:2]]
    out = render(report_of(changes, Config(waivers=w)), "text")
    assert "Waived (1)" in out and "waived: migrated, until 2099-01-01" in out
    assert "Expired waivers (1)" in out and "expired 2001-01-01, 1 matching change(s) now count — old deal" in out
    assert "Unused waivers (1)" in out and "/nowhere — stale" in out


def test_text_says_when_nothing_changed_and_what_is_hidden() -> None:
    out = render(report_of([make_change("endpoint-added", level=Level.INFO)]), "text")
    assert "No changes at or above warning." in out
    assert "1 info hidden (--level info shows them)" in out
    assert "pass: nothing at or above error" in out


# -- json ------------------------------------------------------------------------------------


def test_json_follows_the_documented_shape_and_validates_against_the_schema() -> None:
    w = [
        parse_waiver({"rule": "request-parameter-removed", "operation": "GET /v1/things2/*", "reason": "migrated"}, "w"),
        parse_waiver({"rule": "endpoint-added", "path": "/old", "reason": "r", "expires": "2000-01-01"}, "w"),
    ]
    changes = [make_change("request-parameter-removed", op, details={"names": ("a", "b"), "set": {2, 1}}) for op in ENTITY_OPS[:3]]
    changes[1] = make_change("request-parameter-removed", ENTITY_OPS[1], revision=Location("/paths/x", "new.yaml", 7, 1))
    doc = json.loads(render(report_of(changes, Config(waivers=w)), "json"))
    jsonschema.Draft202012Validator(schema()).validate(doc)
    assert doc["schemaVersion"] == "1.0" and doc["kind"] == "specdiff"
    assert doc["base"] == {"source": "old.yaml", "title": "Billing API", "version": "2025-12-12", "specVersion": "3.0.0"}
    assert doc["summary"] == {"error": 2, "warning": 0, "info": 0, "waived": 1}
    assert doc["config"] == {"minLevel": "warning", "failOn": "error"}
    assert doc["failed"] is True
    first = doc["changes"][0]
    assert set(first) >= {"id", "level", "operation", "operationId", "tags", "message", "fingerprint", "why", "direction", "base", "revision"}
    assert first["details"] == {"names": ["a", "b"], "set": [1, 2]}
    assert doc["changes"][1]["revision"] == {"pointer": "/paths/x", "file": "new.yaml", "line": 7, "col": 1}
    assert doc["waived"][0]["waiver"] == {"reason": "migrated", "expires": None}
    assert doc["expiredWaivers"][0]["expires"] == "2000-01-01"
    assert doc["operationsCompared"] == 4


def test_schema_rejects_what_the_contract_forbids() -> None:
    doc = json.loads(render(entity_report(), "json"))
    validator = jsonschema.Draft202012Validator(schema())
    validator.validate(doc)
    broken = json.loads(json.dumps(doc))
    broken["changes"][0]["level"] = "fatal"
    del broken["changes"][1]["fingerprint"]
    broken["summary"].pop("waived")
    errors = {e.json_path for e in validator.iter_errors(broken)}
    assert errors == {"$.changes[0].level", "$.changes[1]", "$.summary"}


# -- markdown --------------------------------------------------------------------------------


def test_markdown_changelog_breaking_first_collapsible_details() -> None:
    out = render(entity_report(), "markdown")
    assert out.startswith("## specdiff: Billing API 2025-12-12 → 2026-05-01")
    assert "| changes | 15 | 1 | 1 | 0 |" in out
    assert "❌ **fails**" in out
    b, w, i = out.index("### 🔴 Breaking changes (15)"), out.index("### 🟠 Warnings (1)"), out.index("### 🔵 Info (1)")
    assert b < w < i
    assert "**removed the query request parameter 'entityId'** — 14 operations `request-parameter-removed`" in out
    assert out.count("<details>") == out.count("</details>") >= 3


def test_markdown_escapes_untrusted_text() -> None:
    out = render(report_of([make_change(message="removed <script>alert(1)</script> | *x* [l](u)")]), "markdown")
    assert "<script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt; \\| \\*x\\* \\[l\\](u)" in out


def test_markdown_keeps_quoted_names_as_code_and_escapes_the_rest() -> None:
    out = render(report_of([make_change(message="removed the `<b>` parameter `x` <i>")]), "markdown")
    assert "removed the `<b>` parameter `x` &lt;i&gt;" in out
    odd = render(report_of([make_change(message="removed `a`b` <i>")]), "markdown")
    assert "removed \\`a\\`b\\` &lt;i&gt;" in odd


def test_markdown_is_capped_with_a_note_and_stays_balanced() -> None:
    changes = [make_change("request-parameter-removed", f"GET /v1/p{i}", message=f"removed parameter 'p{i}' " + "x" * 80) for i in range(400)]
    out = render(report_of(changes), "markdown", RenderOptions(max_chars=5000))
    assert len(out) <= 5000
    assert "output capped at 5000 characters" in out and "more changes not shown" in out
    assert out.count("<details>") == out.count("</details>")
    full = render(report_of(changes), "markdown", RenderOptions(max_chars=10**6))
    assert "capped" not in full and full.count("removed parameter") == 400


# -- github ----------------------------------------------------------------------------------


def test_github_escaping_follows_the_runner_rules() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_annotations() -> None:
    changes = [
        make_change("request-parameter-removed", "GET /v1/a", message="removed 'x'\nsecond line, 100%", line=42),
        make_change("response-property-removed", "GET /v1/b", level=Level.WARNING, message="w", line=None),
        make_change("endpoint-added", "POST /v1/c", level=Level.INFO, message="added"),
    ]
    out = render(report_of(changes, Config(min_level=Level.INFO)), "github").splitlines()
    assert out[0].startswith("::error file=old.yaml,line=42,title=request-parameter-removed::GET /v1/a: removed 'x'%0Asecond line, 100%25%0A")
    assert out[1].startswith("::warning file=old.yaml,title=response-property-removed::GET /v1/b: w")
    assert out[2].startswith("::notice file=old.yaml,line=12,title=endpoint-added::POST /v1/c: added")
    assert out[-1].startswith("specdiff: 1 error, 1 warning, 1 info")
    assert all("\n" not in line and "\r" not in line for line in out)


def test_github_folds_repeated_changes_into_one_annotation() -> None:
    out = render(entity_report(), "github")
    lines = [line for line in out.splitlines() if "entityId" in line]
    assert len(lines) == 1 and "in 14 operations: GET /v1/things0/{id}" in lines[0]


# -- junit -----------------------------------------------------------------------------------


def test_junit_one_testcase_per_operation() -> None:
    changes = [
        make_change("request-parameter-removed", "GET /v1/accounts/{id}", message="removed <x> & \x01 'y'"),
        make_change("response-property-removed", "GET /v1/accounts/{id}", level=Level.WARNING, message="w"),
        make_change("response-property-removed", "GET /v1/orders", level=Level.WARNING, message="w", tags=("Orders",)),
    ]
    root = ET.fromstring(render(report_of(changes), "junit"))
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert set(cases) == {"GET /v1/accounts/{id}", "GET /v1/orders", "GET /v1/unchanged"}
    assert root.get("tests") == "3" and root.get("failures") == "1"
    failure = cases["GET /v1/accounts/{id}"].find("failure")
    assert failure is not None and "removed <x> & \ufffd 'y'" in (failure.text or "")
    assert "1 change(s) at or above error: request-parameter-removed" in (failure.get("message") or "")
    assert cases["GET /v1/orders"].find("failure") is None
    assert "[warning] response-property-removed: w" in (cases["GET /v1/orders"].findtext("system-out") or "")
    assert cases["GET /v1/unchanged"].find("failure") is None
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert suites["Accounts"].get("tests") == "2" and suites["Orders"].get("failures") == "0"


def test_junit_fail_on_warning_and_never() -> None:
    changes = [make_change("response-property-removed", "GET /v1/orders", level=Level.WARNING, message="w")]
    strict = ET.fromstring(render(report_of(changes, Config(fail_on=Level.WARNING)), "junit"))
    assert strict.get("failures") == "1"
    lax = ET.fromstring(render(report_of([make_change()], Config(fail_on=None)), "junit"))
    assert lax.get("failures") == "0"
    w = parse_waiver({"rule": "*", "path": "/v1/**", "reason": "accepted", "expires": "2999-01-01"}, "w")
    waived = ET.fromstring(render(report_of([make_change()], Config(waivers=[w])), "junit"))
    assert waived.get("failures") == "0"
    assert "[waived until 2999-01-01: accepted] [error] request-parameter-removed" in (waived.findtext(".//system-out") or "")


# -- escaping properties (hypothesis) ----------------------------------------------------------


def _unescape_property(text: str) -> str:
    for enc, raw in (("%2C", ","), ("%3A", ":"), ("%0A", "\n"), ("%0D", "\r"), ("%25", "%")):
        text = text.replace(enc, raw)
    return text


@given(st.text())
def test_github_property_escaping_round_trips_and_leaves_no_separators(text: str) -> None:
    escaped = escape_property(text)
    assert not set(escaped) & {"\n", "\r", ",", ":"}
    assert _unescape_property(escaped) == text


@given(st.text())
def test_markdown_text_never_carries_html_or_line_breaks(text: str) -> None:
    for out in (md(text), md_message(text)):
        outside_code = out.split("`")[::2]
        assert not any(ch in part for part in outside_code for ch in "<>\n\r")


@given(st.text())
def test_text_format_never_emits_control_characters_from_spec_text(text: str) -> None:
    out = render(report_of([make_change(message=text or "m", operation="GET /v1/x")]), "text")
    assert not any(ord(ch) < 32 and ch != "\n" for ch in out)
