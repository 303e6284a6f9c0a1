"""Composition, references and recursion: where diff tools report false changes and miss real ones.

Fixture pairs live in tests/specdiff/rules/data/schema/composition/<case>/. The first group must
report nothing at all (same meaning, different spelling); the second pins exactly what is
reported, once, at the right place.
"""

from __future__ import annotations

from typing import Any

import pytest

from specdiff._model import Level
from specdiff._rules._schema._compare import SchemaComparator
from tests.specdiff.rules.test_schema_rules import DATA, all_changes_of, changes_of

ROOT = DATA / "composition"

# Same meaning, different spelling: no change at any level.
UNCHANGED = [
    "allof-split",  # one schema split into two allOf parts
    "allof-property-moved",  # a property moved from one allOf part to another
    "allof-ref-wrapper",  # $ref wrapped in allOf (to add a description), single-branch oneOf/anyOf
    "oneof-reordered",  # oneOf/anyOf branches reordered, named and inline
    "ref-renamed",  # a component renamed, content identical, also referenced from another component
    "inline-ref-refactor",  # inline -> $ref and $ref -> inline, including inside anyOf with null
    "nullable-spellings",  # 3.0 nullable (beside allOf too) -> 3.1 type list / oneOf with null
    "annotations-only",  # description, title, example edits
    "recursive-unchanged",  # mutually recursive schemas, unchanged
    "recursive-renamed",  # a recursive component renamed (the cycle runs through the new name)
    "bound-respelled-31",  # 3.0 maximum + exclusiveMaximum: true -> 3.1 exclusiveMaximum: 10
    "bound-redundant-dropped",
    "allof-part-respelled",  # allOf: [$ref X] + nullable -> oneOf: [$ref X] + nullable: the same named part  # maximum: 10 dropped beside the tighter exclusiveMaximum: 10
]

COMPOSITION: dict[str, list[str]] = {
    **{case: [] for case in UNCHANGED},
    # an allOf part added that only makes an existing property required
    "allof-part-adds-required": ["request-property-became-required"],
    # a property changed inside the second allOf part, seen by request and response
    "allof-part-property-changed": ["request-property-type-changed", "response-property-type-changed"],
    # a removed object property and an object turned string: one change each, nothing below
    "no-cascade": ["request-property-removed", "request-property-type-changed"],
    # two inline alternatives collapsed into one schema accepting both: only the new item shape
    "oneof-inline-merged": ["request-property-one-of-added"],
    # an inline branch modified: paired with the most alike branch, not removed + added
    "oneof-inline-modified": ["response-optional-property-added"],
    # a plain schema became a oneOf of itself and a new alternative
    "plain-to-oneof": ["request-property-one-of-added", "response-property-one-of-added"],
    # a change inside mutually recursive schemas: reported once per side, the walk terminates
    "recursive-changed": ["request-property-type-changed", "response-property-type-changed"],
    # the same cycle entered from two operations: both see the change behind the cycle
    "recursive-two-entries": ["response-property-type-changed", "response-property-type-changed"],
    # Stripe's "emptyable" field: an object wrapped in anyOf with "" (the object branch matched)
    "anyof-wrap-emptyable": ["request-property-any-of-added", "response-property-any-of-added"],
    # oneOf rewritten as anyOf (one finding for the keyword) with one alternative added
    "oneof-to-anyof": ["request-body-any-of-added", "request-body-one-of-became-any-of", "response-body-any-of-added", "response-body-one-of-became-any-of"],
    # anyOf [object, string] collapsed to its string alternative: objects are now rejected
    "anyof-collapsed": ["request-property-any-of-removed"],
    # a shared component changed: once per operation that uses it
    "shared-component": ["response-optional-property-removed"] * 3,
}


@pytest.mark.parametrize("case", sorted(COMPOSITION))
def test_composition_ids(case: str) -> None:
    assert [c.id for c in changes_of(case, ROOT)] == COMPOSITION[case]


@pytest.mark.parametrize("case", UNCHANGED)
def test_same_meaning_is_nothing_to_act_on_for_any_rule(case: str) -> None:
    """Other families may note, at info, that a component name went away; nothing more."""
    assert [c.id for c in all_changes_of(case, ROOT) if c.level >= Level.WARNING] == []


def test_every_composition_fixture_is_asserted() -> None:
    assert {p.name for p in ROOT.iterdir() if p.is_dir()} == set(COMPOSITION)


def test_allof_part_change_points_into_the_part() -> None:
    (request, response) = changes_of("allof-part-property-changed", ROOT)
    assert request.message == "the type of the request property `age` changed from `integer` to `string`"
    assert request.base is not None and request.base.pointer == "/components/schemas/Pet/allOf/1/properties/age"
    assert request.component == response.component == "#/components/schemas/Pet"


def test_no_cascade_messages() -> None:
    removed, retyped = changes_of("no-cascade", ROOT)
    assert removed.message == "removed the request property `addr`"
    assert retyped.message == "the type of the request property `meta` changed from `object` to `string`"


def test_recursive_change_is_reported_at_the_shortest_path() -> None:
    request, _ = changes_of("recursive-changed", ROOT)
    assert request.message == "the type of the request property `owner/name` changed from `string` to `integer`"
    assert request.component == "#/components/schemas/Person"


def test_cycle_entered_twice_reports_each_operation() -> None:
    a, b = changes_of("recursive-two-entries", ROOT)
    assert (a.operation, a.details["path"]) == ("GET /a", "x")
    assert (b.operation, b.details["path"]) == ("GET /b", "a/x")


def test_shared_component_is_reported_per_operation_with_the_component() -> None:
    changes = changes_of("shared-component", ROOT)
    assert [c.operation for c in changes] == ["GET /a", "GET /b", "GET /c"]
    assert {c.component for c in changes} == {"#/components/schemas/Pet"}
    assert len({c.fingerprint for c in changes}) == 3


def test_modified_inline_branch_path_names_the_branch() -> None:
    (change,) = changes_of("oneof-inline-modified", ROOT)
    assert change.message == "added the optional response property `oneOf[subschema #1]/extra` (status 200)"


# -- the comparer on its own -------------------------------------------------------------------


def _nest(depth: int, leaf: dict[str, Any]) -> dict[str, Any]:
    node = leaf
    for _ in range(depth):
        node = {"type": "object", "properties": {"x": node}}
    return node


def test_deep_nesting_is_walked_iteratively_without_overflowing_the_stack() -> None:
    comparer = SchemaComparator({"openapi": "3.0.3"}, {"openapi": "3.0.3"})
    (found,) = comparer.compare(_nest(1500, {"type": "string"}), "", _nest(1500, {"type": "integer"}), "")
    assert found.kind == "type" and len(found.path) == 1500


def test_moderate_nesting_is_followed_to_the_leaf() -> None:
    comparer = SchemaComparator({"openapi": "3.0.3"}, {"openapi": "3.0.3"})
    (found,) = comparer.compare(_nest(60, {"type": "string"}), "", _nest(60, {"type": "integer"}), "")
    assert found.kind == "type" and found.path == ("x",) * 60


def test_self_referencing_ref_chains_terminate() -> None:
    doc = {"openapi": "3.0.3", "components": {"schemas": {"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}}}
    comparer = SchemaComparator(doc, doc)
    assert comparer.compare({"$ref": "#/components/schemas/A"}, "", {"$ref": "#/components/schemas/A"}, "") == ()


def test_unresolvable_refs_compare_by_name() -> None:
    comparer = SchemaComparator({"openapi": "3.0.3"}, {"openapi": "3.0.3"})
    same = comparer.compare({"$ref": "./actiontype.yaml"}, "/a", {"$ref": "./actiontype.yaml"}, "/a")
    moved = comparer.compare({"$ref": "./actiontype.yaml"}, "/a", {"$ref": "./other.yaml"}, "/a")
    assert same == ()
    assert [f.kind for f in moved] == ["ref-changed"]


def test_results_are_memoised_per_node_pair() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string"}}}
    changed = {"type": "object", "properties": {"a": {"type": "integer"}}}
    comparer = SchemaComparator({"openapi": "3.0.3"}, {"openapi": "3.0.3"})
    first = comparer.compare(schema, "/s", changed, "/s")
    assert comparer.compare(schema, "/s", changed, "/s") is first


def _diamond_chain(levels: int, leaf_type: str) -> dict[str, Any]:
    """C0 -> C1 -> ... each through two properties: 2**levels routes to the last component."""
    schemas: dict[str, Any] = {}
    for i in range(levels):
        nxt = {"$ref": f"#/components/schemas/C{i + 1}"}
        schemas[f"C{i}"] = {"type": "object", "properties": {"left": nxt, "right": dict(nxt)}}
    schemas[f"C{levels}"] = {"type": "object", "properties": {"leaf": {"type": leaf_type}}}
    return {"openapi": "3.0.3", "components": {"schemas": schemas}}


def test_a_node_reached_by_many_routes_is_reported_once_at_its_shortest_path() -> None:
    comparer = SchemaComparator(_diamond_chain(40, "string"), _diamond_chain(40, "integer"))
    root = {"$ref": "#/components/schemas/C0"}
    (found,) = comparer.compare(root, "", root, "")
    assert found.kind == "type"
    assert found.path == ("left",) * 40 + ("leaf",)
    assert found.base == "/components/schemas/C40/properties/leaf"
