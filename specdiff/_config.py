"""User configuration of a diff: severity overrides, waivers, levels.

Waivers match on rule ID and operation/path globs (or an exact fingerprint), never on message
text: messages are free to improve without silently un-waiving anything (oasdiff's users fight
its message-text ignore files). An expired waiver stops waiving and is reported.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from specdiff._errors import UsageError
from specdiff._model import Change, Level

LEVEL_CHOICES = ("error", "warning", "info")
FAIL_ON_CHOICES = (*LEVEL_CHOICES, "never")
SEVERITY_CHOICES = (*LEVEL_CHOICES, "off")
GROUP_BY_CHOICES = ("tag", "operation", "component")
HTTP_METHODS = ("GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE")
_WAIVER_KEYS = {"rule", "operation", "path", "reason", "expires", "fingerprint"}
_CONFIG_KEYS = {"severity", "waivers", "fail-on", "level", "group-by"}


class ConfigError(UsageError):
    """A configuration file, waiver file or override is wrong: the message names file and entry."""


def parse_level(text: str, *, what: str, choices: Iterable[str] = LEVEL_CHOICES) -> str:
    """Validate a level name; returns it lower-cased."""
    value = str(text).strip().lower()
    allowed = tuple(choices)
    if value not in allowed:
        raise ConfigError(f"{what}={text!r}: expected one of {', '.join(allowed)}")
    return value


def _path_glob(pattern: str) -> re.Pattern[str]:
    """`*` matches within one path segment, `**` across segments, `?` one character."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


@dataclass(frozen=True)
class Waiver:
    """One accepted change: rule (ID or glob) + where (operation glob, path glob or fingerprint)."""

    rule: str
    reason: str
    operation: str | None = None  # "METHOD /path" glob; METHOD may be * or A|B
    path: str | None = None  # path glob
    expires: dt.date | None = None
    fingerprint: str | None = None
    origin: str = ""  # "waivers.yaml: waiver #3" for messages

    def is_expired(self, today: dt.date) -> bool:
        """A waiver is valid through its expiry day."""
        return self.expires is not None and today > self.expires

    def matches(self, change: Change) -> bool:
        if not fnmatch.fnmatchcase(change.id, self.rule):
            return False
        if self.fingerprint is not None and change.fingerprint != self.fingerprint:
            return False
        if self.operation is not None:
            method_glob, _, path_glob = self.operation.partition(" ")
            methods = {m.strip().upper() for m in method_glob.split("|")}
            if "*" not in methods and change.method.upper() not in methods:
                return False
            if not _path_glob(path_glob.strip()).match(change.path):
                return False
        return self.path is None or bool(_path_glob(self.path).match(change.path))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"rule": self.rule}
        if self.operation is not None:
            out["operation"] = self.operation
        if self.path is not None:
            out["path"] = self.path
        if self.fingerprint is not None:
            out["fingerprint"] = self.fingerprint
        out["reason"] = self.reason
        out["expires"] = self.expires.isoformat() if self.expires else None
        return out


@dataclass
class Config:
    """Everything that changes how changes are judged and shown (not how they are found)."""

    severity: dict[str, str] = field(default_factory=dict)  # rule id or glob -> level | "off"
    waivers: list[Waiver] = field(default_factory=list)
    min_level: Level = Level.WARNING
    fail_on: Level | None = Level.ERROR
    group_by: str = "tag"
    # oasdiff's --deprecation-days-stable/-beta: minimum days between `deprecated` and `x-sunset`.
    deprecation_days_stable: int = 0
    deprecation_days_beta: int = 0

    def level_for(self, rule_id: str, default: Level) -> Level | None:
        """The effective level of a rule (None = switched off). Exact IDs win over globs."""
        if rule_id in self.severity:
            value = self.severity[rule_id]
        else:
            value = next((v for k, v in self.severity.items() if fnmatch.fnmatchcase(rule_id, k)), "")
            if not value:
                return default
        return None if value == "off" else Level.parse(value)

    def check_rule_ids(self, known: Collection[str]) -> None:
        """Every rule named in an override or waiver must exist: a typo must not waive nothing."""
        if not known:
            return
        for rule in self.severity:
            _check_rule(rule, known, "--severity/config override")
        for waiver in self.waivers:
            _check_rule(waiver.rule, known, waiver.origin or "waiver")


def known_rule_ids() -> frozenset[str]:
    """Every rule ID in the registry (empty only if the rule registry cannot be imported)."""
    try:
        from specdiff._rules._registry import all_rules
    except ImportError:
        return frozenset()
    return frozenset(rule.id for rule in all_rules())


def _check_rule(rule: str, known: Collection[str], where: str) -> None:
    if any(ch in rule for ch in "*?["):
        if not any(fnmatch.fnmatchcase(k, rule) for k in known):
            raise ConfigError(f"{where}: rule glob {rule!r} matches no known rule ID (see docs/rules.md)")
        return
    if rule not in known:
        close = [k for k in known if rule in k or k in rule][:3]
        hint = f"; did you mean {', '.join(close)}?" if close else " (see docs/rules.md)"
        raise ConfigError(f"{where}: unknown rule ID {rule!r}{hint}")


def parse_severity_overrides(items: Iterable[str]) -> dict[str, str]:
    """`RULE=LEVEL` strings from the command line -> mapping."""
    out: dict[str, str] = {}
    for item in items:
        rule, sep, level = item.partition("=")
        if not sep or not rule.strip():
            raise ConfigError(f"--severity {item!r}: expected RULE=LEVEL, e.g. request-parameter-removed=warning")
        out[rule.strip()] = parse_level(level, what=f"--severity {rule.strip()}", choices=SEVERITY_CHOICES)
    return out


def _read_yaml(path: Path, what: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{what} {str(path)!r}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{what} {str(path)!r}: cannot read ({exc.__class__.__name__})") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ConfigError(f"{path}{where}: cannot parse {what}: {problem}") from None


def _parse_date(value: Any, origin: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ConfigError(f"{origin}: expires={value!r} is not a date; use YYYY-MM-DD") from None


def parse_waiver(entry: Any, origin: str) -> Waiver:
    """Validate one waiver mapping; every problem is a one-line error naming the entry."""
    if not isinstance(entry, Mapping):
        raise ConfigError(f"{origin}: expected a mapping with rule, operation or path, and reason")
    unknown = sorted(set(map(str, entry)) - _WAIVER_KEYS)
    if unknown:
        raise ConfigError(f"{origin}: unknown key {unknown[0]!r}; allowed: {', '.join(sorted(_WAIVER_KEYS))}")
    rule = entry.get("rule")
    if not isinstance(rule, str) or not rule.strip():
        raise ConfigError(f"{origin}: 'rule' is required (a rule ID such as request-parameter-removed, or a glob)")
    reason = entry.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise ConfigError(f"{origin}: 'reason' is required: say why this change is accepted")
    operation = entry.get("operation")
    path = entry.get("path")
    fingerprint = entry.get("fingerprint")
    if operation is None and path is None and fingerprint is None:
        raise ConfigError(
            f"{origin}: give 'operation' (\"METHOD /path\" glob), 'path' (glob) or 'fingerprint'; "
            "to silence a rule everywhere use --severity RULE=off"
        )
    if operation is not None:
        operation = str(operation).strip()
        method, sep, op_path = operation.partition(" ")
        methods = method.upper().split("|")
        if not sep or not op_path.strip().startswith("/") or not all(m == "*" or m in HTTP_METHODS for m in methods):
            raise ConfigError(f"{origin}: operation={operation!r}: expected \"METHOD /path\", e.g. \"GET /v1/accounts/*\" or \"* /v1/**\"")
    if path is not None:
        path = str(path).strip()
        if not path.startswith(("/", "*")):
            raise ConfigError(f"{origin}: path={path!r}: expected a path glob starting with '/', e.g. /v1/commitments/**")
    expires = _parse_date(entry["expires"], origin) if entry.get("expires") is not None else None
    return Waiver(
        rule=rule.strip(),
        reason=reason.strip(),
        operation=operation,
        path=path,
        expires=expires,
        fingerprint=str(fingerprint).strip() if fingerprint is not None else None,
        origin=origin,
    )


def load_waivers(path: Path) -> list[Waiver]:
    """A YAML list of waivers, or a mapping with a `waivers:` list."""
    data = _read_yaml(path, "waiver file")
    if data is None:
        return []
    if isinstance(data, Mapping):
        if set(map(str, data)) - {"waivers"}:
            raise ConfigError(f"{path}: expected a list of waivers or a mapping with a 'waivers:' list")
        data = data.get("waivers") or []
    if not isinstance(data, list):
        raise ConfigError(f"{path}: expected a list of waivers")
    return [parse_waiver(entry, f"{path}: waiver #{i}") for i, entry in enumerate(data, start=1)]


@dataclass
class ConfigFile:
    """What a `--config` YAML may set; command-line options win over it."""

    severity: dict[str, str] = field(default_factory=dict)
    waivers: Path | None = None
    fail_on: str | None = None
    level: str | None = None
    group_by: str | None = None


def load_config_file(path: Path) -> ConfigFile:
    data = _read_yaml(path, "config file")
    if data is None:
        return ConfigFile()
    if not isinstance(data, Mapping):
        raise ConfigError(f"{path}: expected a mapping (severity:, waivers:, fail-on:, level:, group-by:)")
    unknown = sorted(set(map(str, data)) - _CONFIG_KEYS)
    if unknown:
        raise ConfigError(f"{path}: unknown key {unknown[0]!r}; allowed: {', '.join(sorted(_CONFIG_KEYS))}")
    out = ConfigFile()
    severity = data.get("severity") or {}
    if not isinstance(severity, Mapping):
        raise ConfigError(f"{path}: 'severity' must map rule IDs to levels, e.g. request-parameter-removed: warning")
    for rule, level in severity.items():
        if level is False:  # YAML 1.1 reads a bare `off` as false
            level = "off"
        out.severity[str(rule)] = parse_level(str(level), what=f"{path}: severity {rule}", choices=SEVERITY_CHOICES)
    if data.get("waivers") is not None:
        out.waivers = (path.parent / str(data["waivers"])).resolve()
    if data.get("fail-on") is not None:
        out.fail_on = parse_level(str(data["fail-on"]), what=f"{path}: fail-on", choices=FAIL_ON_CHOICES)
    if data.get("level") is not None:
        out.level = parse_level(str(data["level"]), what=f"{path}: level")
    if data.get("group-by") is not None:
        out.group_by = parse_level(str(data["group-by"]), what=f"{path}: group-by", choices=GROUP_BY_CHOICES)
    return out
