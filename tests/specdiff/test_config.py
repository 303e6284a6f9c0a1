"""Severity overrides, waiver files and their effect on a report (hand-built changes)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from specdiff._config import (
    Config,
    ConfigError,
    Waiver,
    load_config_file,
    load_waivers,
    parse_severity_overrides,
    parse_waiver,
)
from specdiff._errors import UsageError
from specdiff._model import Level
from tests.fixtures.specdiff_reports import make_change, report_of

TODAY = dt.date(2026, 11, 23)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- waiver file parsing ---------------------------------------------------------------------


def test_waiver_file_parses_list_and_mapping_forms(tmp_path: Path) -> None:
    listed = write(tmp_path, "a.yaml", """
- rule: request-parameter-removed
  operation: "GET /v1/accounts/*"
  reason: replaced by the Zuora-Entity-Ids header
  expires: 2027-01-31
- rule: "response-*"
  path: /v1/commitments/**
  reason: moved
""")
    mapped = write(tmp_path, "b.yaml", "waivers:\n  - {rule: x, fingerprint: abc123, reason: known}\n")
    waivers = load_waivers(listed)
    assert [w.rule for w in waivers] == ["request-parameter-removed", "response-*"]
    assert waivers[0].expires == dt.date(2027, 1, 31)
    assert waivers[0].operation == "GET /v1/accounts/*"
    assert waivers[1].path == "/v1/commitments/**" and waivers[1].expires is None
    assert load_waivers(mapped)[0].fingerprint == "abc123"
    assert load_waivers(write(tmp_path, "empty.yaml", "")) == []


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({"rule": "x", "operation": "GET /a"}, "'reason' is required"),
        ({"rule": "x", "operation": "GET /a", "reason": "  "}, "'reason' is required"),
        ({"operation": "GET /a", "reason": "r"}, "'rule' is required"),
        ({"rule": "x", "reason": "r"}, "--severity RULE=off"),
        ({"rule": "x", "operation": "/a", "reason": "r"}, "expected \"METHOD /path\""),
        ({"rule": "x", "operation": "FETCH /a", "reason": "r"}, "expected \"METHOD /path\""),
        ({"rule": "x", "path": "v1/a", "reason": "r"}, "path glob starting with '/'"),
        ({"rule": "x", "path": "/a", "reason": "r", "expires": "next year"}, "use YYYY-MM-DD"),
        ({"rule": "x", "path": "/a", "reason": "r", "message": "removed"}, "unknown key 'message'"),
        ("just a string", "expected a mapping"),
    ],
)
def test_bad_waiver_entries_are_one_line_errors_naming_the_entry(entry: object, expected: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_waiver(entry, "w.yaml: waiver #2")
    message = str(info.value)
    assert expected in message
    assert message.startswith("w.yaml: waiver #2")
    assert "\n" not in message
    assert isinstance(info.value, UsageError) and info.value.exit_code == 2


def test_waiver_file_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_waivers(tmp_path / "missing.yaml")
    with pytest.raises(ConfigError, match=r"bad\.yaml:3:1: cannot parse waiver file"):
        load_waivers(write(tmp_path, "bad.yaml", "- rule: x\n  reason: [unclosed\n"))
    with pytest.raises(ConfigError, match="expected a list of waivers"):
        load_waivers(write(tmp_path, "scalar.yaml", "42\n"))
    with pytest.raises(ConfigError, match=r"waiver #2: 'reason' is required"):
        load_waivers(write(tmp_path, "second.yaml", "- {rule: a, path: /x, reason: ok}\n- {rule: b, path: /y}\n"))


# -- waiver matching -------------------------------------------------------------------------


def waiver(**kw: object) -> Waiver:
    return parse_waiver({"reason": "accepted", **kw}, "test")


@pytest.mark.parametrize(
    ("kw", "operation", "rule", "matches"),
    [
        ({"rule": "request-parameter-removed", "operation": "GET /v1/accounts/*"}, "GET /v1/accounts/{id}", "request-parameter-removed", True),
        ({"rule": "request-parameter-removed", "operation": "GET /v1/accounts/*"}, "GET /v1/accounts/{id}/summary", "request-parameter-removed", False),
        ({"rule": "request-parameter-removed", "operation": "GET /v1/accounts/**"}, "GET /v1/accounts/{id}/summary", "request-parameter-removed", True),
        ({"rule": "request-parameter-removed", "operation": "POST /v1/accounts/*"}, "GET /v1/accounts/{id}", "request-parameter-removed", False),
        ({"rule": "request-parameter-removed", "operation": "get|post /v1/accounts/*"}, "POST /v1/accounts/{id}", "request-parameter-removed", True),
        ({"rule": "request-parameter-removed", "operation": "* /v1/accounts/{id}"}, "DELETE /v1/accounts/{id}", "request-parameter-removed", True),
        ({"rule": "request-*", "path": "/v1/**"}, "PUT /v1/a/b", "request-body-type-changed", True),
        ({"rule": "response-*", "path": "/v1/**"}, "PUT /v1/a/b", "request-body-type-changed", False),
        ({"rule": "request-parameter-removed", "path": "/v1/accounts/{id}"}, "GET /v1/accounts/{id}", "request-parameter-removed", True),
        ({"rule": "request-parameter-removed", "path": "/v1/accounts/?d}"}, "GET /v1/accounts/{id}", "request-parameter-removed", False),
    ],
)
def test_waiver_matches_rule_and_operation_or_path(kw: dict[str, str], operation: str, rule: str, matches: bool) -> None:
    assert waiver(**kw).matches(make_change(rule, operation)) is matches


def test_waiver_never_matches_on_message_text_but_fingerprint_is_exact() -> None:
    change = make_change(message="removed the query parameter 'entityId'")
    assert not waiver(rule="request-parameter-removed", path="/entityId").matches(change)
    assert waiver(rule="request-parameter-removed", fingerprint=change.fingerprint).matches(change)
    assert not waiver(rule="request-parameter-removed", fingerprint=change.fingerprint[:-1]).matches(change)
    # same place, different message: the waiver keeps matching when rule texts improve
    reworded = make_change(message="query parameter 'entityId' was removed")
    assert waiver(rule="request-parameter-removed", operation="GET /v1/accounts/{id}").matches(reworded)


def test_waiver_is_valid_through_its_expiry_day() -> None:
    w = waiver(rule="x", path="/a", expires="2026-11-23")
    assert not w.is_expired(dt.date(2026, 11, 23))
    assert w.is_expired(dt.date(2026, 11, 24))
    assert not waiver(rule="x", path="/a").is_expired(dt.date(9999, 1, 1))


# -- severity overrides ----------------------------------------------------------------------


def test_severity_overrides_parse_and_validate() -> None:
    assert parse_severity_overrides(["a=warning", " b = OFF", "c-*=info"]) == {"a": "warning", "b": "off", "c-*": "info"}
    with pytest.raises(ConfigError, match="expected RULE=LEVEL"):
        parse_severity_overrides(["a"])
    with pytest.raises(ConfigError, match=r"--severity a='fatal': expected one of error, warning, info, off"):
        parse_severity_overrides(["a=fatal"])


def test_level_for_exact_beats_glob_and_off_drops() -> None:
    config = Config(severity={"request-*": "info", "request-parameter-removed": "warning", "x": "off"})
    assert config.level_for("request-parameter-removed", Level.ERROR) is Level.WARNING
    assert config.level_for("request-body-type-changed", Level.ERROR) is Level.INFO
    assert config.level_for("x", Level.ERROR) is None
    assert config.level_for("response-body-removed", Level.ERROR) is Level.ERROR


def test_unknown_rule_ids_are_usage_errors_naming_them() -> None:
    known = {"request-parameter-removed", "response-property-removed"}
    with pytest.raises(ConfigError, match=r"unknown rule ID 'request-parameter-remove'; did you mean request-parameter-removed"):
        Config(severity={"request-parameter-remove": "info"}).check_rule_ids(known)
    with pytest.raises(ConfigError, match=r"w.yaml: waiver #1: unknown rule ID 'nope'"):
        Config(waivers=[parse_waiver({"rule": "nope", "path": "/a", "reason": "r"}, "w.yaml: waiver #1")]).check_rule_ids(known)
    with pytest.raises(ConfigError, match=r"rule glob 'security-\*' matches no known rule ID"):
        Config(severity={"security-*": "info"}).check_rule_ids(known)
    Config(severity={"response-*": "info", "request-parameter-removed": "off"}).check_rule_ids(known)


def test_config_file(tmp_path: Path) -> None:
    write(tmp_path, "w.yaml", "- {rule: a, path: /x, reason: ok}\n")
    cfg = load_config_file(write(tmp_path, "specdiff.yaml", "severity:\n  a: warning\n  b: off\nwaivers: w.yaml\nfail-on: warning\nlevel: info\ngroup-by: component\n"))
    assert cfg.severity == {"a": "warning", "b": "off"}
    assert cfg.waivers == (tmp_path / "w.yaml").resolve()
    assert (cfg.fail_on, cfg.level, cfg.group_by) == ("warning", "info", "component")
    with pytest.raises(ConfigError, match="unknown key 'severities'"):
        load_config_file(write(tmp_path, "bad.yaml", "severities: {}\n"))
    with pytest.raises(ConfigError, match="severity a='fatal'"):
        load_config_file(write(tmp_path, "bad2.yaml", "severity: {a: fatal}\n"))


# -- the report under a config ---------------------------------------------------------------


def test_report_applies_overrides_waivers_and_level_filter() -> None:
    changes = [
        make_change("request-parameter-removed", "GET /v1/accounts/{id}"),
        make_change("request-parameter-removed", "GET /v1/orders/{id}", tags=("Orders",)),
        make_change("response-property-removed", "GET /v1/orders/{id}", tags=("Orders",)),
        make_change("endpoint-added", "POST /v1/new", level=Level.INFO),
        make_change("x-dropped", "POST /v1/new", level=Level.WARNING),
    ]
    config = Config(
        severity={"response-property-removed": "warning", "x-dropped": "off"},
        waivers=[
            waiver(rule="request-parameter-removed", operation="GET /v1/accounts/*", expires="2027-01-31"),
            waiver(rule="request-parameter-removed", path="/v1/orders/*", expires="2026-01-01"),
            waiver(rule="nothing-like-this", path="/v1/**"),
        ],
    )
    report = report_of(changes, config, today=TODAY)
    assert [(c.id, c.operation, c.level) for c in report.changes] == [
        ("request-parameter-removed", "GET /v1/orders/{id}", Level.ERROR),  # expired waiver: counts again
        ("response-property-removed", "GET /v1/orders/{id}", Level.WARNING),  # override
    ]
    assert [(w.change.operation, w.waiver_reason, w.waiver_expires) for w in report.waived] == [
        ("GET /v1/accounts/{id}", "accepted", "2027-01-31")
    ]
    assert report.expired_waivers == [
        {"rule": "request-parameter-removed", "path": "/v1/orders/*", "reason": "accepted", "expires": "2026-01-01", "matched": 1}
    ]
    assert [u["rule"] for u in report.unused_waivers] == ["nothing-like-this"]
    assert report.hidden == {"info": 1}
    assert report.summary() == {"error": 1, "warning": 1, "info": 0, "waived": 1}
    assert report.failed()


def test_fail_on_counts_changes_hidden_below_the_shown_level() -> None:
    changes = [make_change("endpoint-added", "POST /v1/new", level=Level.INFO)]
    assert not report_of(changes, Config()).failed()
    hidden_but_failing = report_of(changes, Config(min_level=Level.ERROR, fail_on=Level.INFO))
    assert hidden_but_failing.changes == [] and hidden_but_failing.failed()
    assert not report_of([make_change()], Config(fail_on=None)).failed()
    waived = report_of([make_change()], Config(waivers=[waiver(rule="*", path="/**")]))
    assert not waived.failed() and len(waived.waived) == 1
