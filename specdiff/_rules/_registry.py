"""The rule registry: one entry per rule ID with its metadata and message text.

Severity belongs here (users override it per ID); rule functions only say *which* rule fired and
with which arguments. Messages are data keyed by rule ID: `message` is a `str.format` template
over the arguments a rule passes to `RuleContext.emit`, `why` is one line on what breaks.
IDs shared with oasdiff keep oasdiff's spelling and default level so waivers carry over;
`ours=True` marks IDs oasdiff does not have.
"""

from __future__ import annotations

import enum
import string
from dataclasses import dataclass
from typing import Any

from specdiff._model import Direction, Level


class Area(enum.Enum):
    """What part of a spec a rule looks at (for docs and grouping)."""

    PATHS = "paths"
    PARAMETERS = "parameters"
    REQUEST_BODY = "request body"
    RESPONSES = "responses"
    HEADERS = "headers"
    SCHEMAS = "schemas"
    SECURITY = "security"
    LIFECYCLE = "lifecycle"
    SERVERS = "servers"
    INFO = "info"


@dataclass(frozen=True)
class Rule:
    """Metadata of one rule ID.

    `mirror` names the rule on the other side (request <-> response) when one exists;
    `no_mirror` says in words why there is none (checked by the registry test).
    `family` is the module that emits it (for docs and the fixture-test requirement).
    """

    id: str
    level: Level
    direction: Direction
    area: Area
    description: str
    message: str
    why: str
    family: str
    ours: bool = False
    mirror: str | None = None
    no_mirror: str | None = None

    def render(self, args: dict[str, Any]) -> str:
        """Format the message template; unknown placeholders render as `?` rather than fail."""
        try:
            return self.message.format_map(_Lenient(args))
        except (ValueError, IndexError, AttributeError):  # a template with odd fields: keep it readable
            return string.Formatter().vformat(self.message, (), _Lenient(args))


class _Lenient(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


class DuplicateRuleError(RuntimeError):
    """Two modules registered the same rule ID: a programming error caught at import."""


RULES: dict[str, Rule] = {}


def register(
    id: str,
    level: Level | str,
    direction: Direction | str,
    area: Area | str,
    *,
    description: str,
    message: str,
    why: str,
    family: str,
    ours: bool = False,
    mirror: str | None = None,
    no_mirror: str | None = None,
) -> Rule:
    """Add a rule to the registry (called at import time by each rule-family module)."""
    if id in RULES:
        raise DuplicateRuleError(f"rule {id!r} registered twice ({RULES[id].family} and {family})")
    rule = Rule(
        id=id,
        level=Level.parse(level) if isinstance(level, str) else level,
        direction=Direction(direction) if isinstance(direction, str) else direction,
        area=Area(area) if isinstance(area, str) else area,
        description=description,
        message=message,
        why=why,
        family=family,
        ours=ours,
        mirror=mirror,
        no_mirror=no_mirror,
    )
    RULES[id] = rule
    return rule


def get_rule(rule_id: str) -> Rule:
    """The registry entry for `rule_id` (KeyError if unknown: a bug in the emitting rule)."""
    return RULES[rule_id]


def all_rules() -> list[Rule]:
    """Every registered rule, sorted by ID (imports every family first)."""
    from specdiff._rules import load_families

    load_families()
    return sorted(RULES.values(), key=lambda r: r.id)
