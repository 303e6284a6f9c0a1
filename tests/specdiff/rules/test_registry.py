"""The rule registry: pinned counts, complete metadata, a fixture test per rule, oasdiff IDs
and levels kept, request/response symmetry with written exceptions, docs/rules.md current."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from specdiff._model import Direction
from specdiff._rules._doc import render
from specdiff._rules._registry import RULES, all_rules

ROOT = Path(__file__).resolve().parents[3]
RULE_TESTS = Path(__file__).parent

# Pinned per family, so adding or dropping a rule is a deliberate, reviewed change (a rule ID
# is public: users write waivers against it). Update the number together with the rule's test.
PINNED = {
    "paths": 12,
    "lifecycle": 11,
    "parameters": 21,
    "request_body": 9,
    "responses": 19,
    "security": 20,
    "servers": 4,
}


def test_rule_counts_are_pinned_per_family() -> None:
    counts = Counter(r.family for r in all_rules())
    assert {f: counts[f] for f in PINNED} == PINNED
    assert set(counts) - set(PINNED) <= {"schema"}, "a new family needs a pinned count here"


def test_every_rule_has_description_message_and_why() -> None:
    for rule in all_rules():
        assert rule.description.strip(), rule.id
        assert rule.message.strip(), rule.id
        assert rule.why.strip(), rule.id
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.id), rule.id


def _fixture_text() -> str:
    parts = [p.read_text(errors="replace") for p in RULE_TESTS.rglob("*") if p.is_file() and p.suffix in {".py", ".yaml", ".yml", ".json"}]
    return "\n".join(parts)


def test_every_rule_of_the_engine_families_has_a_fixture_test() -> None:
    text = _fixture_text()
    missing = [r.id for r in all_rules() if r.family in PINNED and f'"{r.id}"' not in text]
    assert missing == []


def test_every_schema_rule_is_named_by_a_fixture() -> None:
    # Schema rules are generated per position (body/property/parameter/header x keyword); the
    # schema family's fixtures name each ID in their tests or expected-results files.
    text = _fixture_text()
    missing = [r.id for r in all_rules() if r.family == "schema" and r.id not in text]
    assert missing == []


def test_shared_ids_keep_oasdiff_levels(shared_dir: Path) -> None:
    catalog = json.loads((shared_dir / "corpora" / "oasdiff-cases" / "rule-catalog.json").read_text())["rule_default_level"]
    wrong = {r.id: (r.level.label, catalog.get(r.id)) for r in all_rules() if not r.ours and catalog.get(r.id) != r.level.label}
    assert wrong == {}
    claimed = [r.id for r in all_rules() if r.ours and r.id in catalog]
    assert claimed == [], "marked ours but oasdiff has them"


def test_request_and_response_rules_are_mirrored_or_say_why_not() -> None:
    for rule in all_rules():
        if rule.direction is Direction.NONE:
            continue
        assert (rule.mirror is None) != (rule.no_mirror is None), f"{rule.id}: exactly one of mirror / no_mirror"
        if rule.mirror is not None:
            other = RULES.get(rule.mirror)
            assert other is not None, f"{rule.id}: mirror {rule.mirror} is not registered"
            assert other.direction not in (rule.direction, Direction.NONE), f"{rule.id}: mirror {rule.mirror} has the same direction"


@pytest.mark.parametrize("rule_id", ["request-body-media-type-removed", "response-media-type-removed"])
def test_mirrors_point_at_each_other(rule_id: str) -> None:
    all_rules()  # registers every family; RULES alone holds only what was imported so far
    rule = RULES[rule_id]
    assert rule.mirror is not None and RULES[rule.mirror].mirror == rule_id


def test_rules_doc_is_up_to_date() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text()
    assert committed == render(), "regenerate: PYTHONPATH=. python -m specdiff._rules._doc > docs/rules.md"
