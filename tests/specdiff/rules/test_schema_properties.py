"""Property-based checks of the schema comparer: any schema against itself (or an equal copy)
gives nothing, and no pair of schemas - however odd - makes it fail."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from specdiff._model import Direction
from specdiff._rules._schema._compare import SchemaComparator
from specdiff._rules._schema._ids import Place, judge

_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=3))
_TYPES = st.sampled_from(["string", "integer", "number", "boolean", "object", "array", "null"])
_REFS = st.sampled_from(["#/components/schemas/A", "#/components/schemas/B", "#/nowhere", "./external.yaml"])


def _schemas() -> st.SearchStrategy[Any]:
    leaf = st.one_of(
        st.fixed_dictionaries({}, optional={"type": st.one_of(_TYPES, st.lists(_TYPES, max_size=3)), "format": st.sampled_from(["int32", "int64", "date", "uuid"]), "nullable": st.booleans()}),
        st.fixed_dictionaries({"$ref": _REFS}),
        st.fixed_dictionaries({}, optional={"enum": st.lists(_SCALARS, max_size=3), "maxLength": st.integers(0, 9), "minimum": st.integers(-3, 3), "exclusiveMaximum": st.one_of(st.booleans(), st.integers(-3, 3)), "pattern": st.sampled_from([".*", "^a$"]), "default": _SCALARS, "readOnly": st.booleans()}),
        st.booleans(),
    )

    def extend(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        names = st.sampled_from(["a", "b", "c"])
        return st.one_of(
            st.fixed_dictionaries({"type": st.just("object")}, optional={"properties": st.dictionaries(names, children, max_size=3), "required": st.lists(names, max_size=3), "additionalProperties": st.one_of(st.booleans(), children)}),
            st.fixed_dictionaries({"type": st.just("array")}, optional={"items": children, "maxItems": st.integers(0, 5), "uniqueItems": st.booleans()}),
            st.fixed_dictionaries({}, optional={"oneOf": st.lists(children, max_size=3), "anyOf": st.lists(children, max_size=3), "allOf": st.lists(children, max_size=3), "discriminator": st.fixed_dictionaries({"propertyName": names})}),
            st.fixed_dictionaries({}, optional={"not": children, "if": children, "then": children, "prefixItems": st.lists(children, max_size=2), "patternProperties": st.dictionaries(st.sampled_from(["^x", "^y"]), children, max_size=2)}),
        )

    return st.recursive(leaf, extend, max_leaves=8)


def _doc(a: Any, b: Any) -> dict[str, Any]:
    # Components that refer to each other (and themselves) so $refs form cycles.
    return {"openapi": "3.1.0", "components": {"schemas": {"A": {"type": "object", "properties": {"x": a, "b": {"$ref": "#/components/schemas/B"}}}, "B": {"anyOf": [b, {"$ref": "#/components/schemas/A"}]}}}}


PLACES = [
    Place(Direction.REQUEST, "body"),
    Place(Direction.RESPONSE, "body", status="200"),
    Place(Direction.REQUEST, "parameter", param_in="query", name="q"),
    Place(Direction.RESPONSE, "header", name="X-H"),
    Place(Direction.REQUEST, "body", media_type="application/xml"),
]


@given(_schemas(), _schemas(), _schemas())
def test_equal_schemas_give_no_findings(schema: Any, a: Any, b: Any) -> None:
    base = _doc(a, b)
    comparer = SchemaComparator(base, copy.deepcopy(base))
    assert comparer.compare(schema, "/s", copy.deepcopy(schema), "/s") == ()
    root = {"$ref": "#/components/schemas/A"}
    assert comparer.compare(root, "/r", dict(root), "/r") == ()


@given(_schemas(), _schemas(), _schemas(), _schemas())
def test_any_pair_is_compared_and_judged_without_failing(old: Any, new: Any, a: Any, b: Any) -> None:
    comparer = SchemaComparator(_doc(a, b), _doc(b, a))
    for finding in comparer.compare(old, "/s", new, "/s") + comparer.compare({"$ref": "#/components/schemas/A"}, "/r", {"$ref": "#/components/schemas/B"}, "/r"):
        for place in PLACES:
            verdict = judge(finding, place)
            assert verdict is None or (verdict.rule_id and verdict.message)
