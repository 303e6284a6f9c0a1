"""The body generator satisfies the schemas it is given (property test over random schemas),
and is deterministic per seed."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from contracts._sandbox._generate import Generator
from contracts._sandbox._schema import SchemaBundler

FORMATS = [None, "date", "date-time", "uuid", "email", "uri", "ipv4", "byte"]
PATTERNS = [None, "^[A-Z]{2}-[0-9]{4}$", "^[a-z]+$", "^(INV|CM)[0-9]{3,8}$", r"^\d{3}-\d{2}$", "^[^:;]*$"]


@st.composite
def strings(draw):
    schema = {"type": "string"}
    fmt = draw(st.sampled_from(FORMATS))
    pattern = draw(st.sampled_from(PATTERNS)) if fmt is None else None
    if fmt:
        schema["format"] = fmt
    if pattern:
        schema["pattern"] = pattern
    elif fmt is None and draw(st.booleans()):
        lo = draw(st.integers(0, 20))
        schema["minLength"] = lo
        schema["maxLength"] = lo + draw(st.integers(0, 40))
    return schema


@st.composite
def numbers(draw):
    kind = draw(st.sampled_from(["integer", "number"]))
    schema = {"type": kind}
    if draw(st.booleans()):
        lo = draw(st.integers(-1000, 1000))
        schema["minimum"] = lo
        schema["maximum"] = lo + draw(st.integers(10, 1000))
        if draw(st.booleans()):
            schema["exclusiveMinimum"] = True
            schema["exclusiveMaximum"] = True
    if draw(st.booleans()):
        schema["multipleOf"] = draw(st.sampled_from([1, 2, 5, 0.5, 0.25] if kind == "number" else [1, 2, 5]))
    return schema


leaves = st.one_of(
    strings(),
    numbers(),
    st.just({"type": "boolean"}),
    st.lists(st.one_of(st.text(max_size=5), st.integers()), min_size=1, max_size=4, unique=True).map(lambda e: {"enum": e}),
    st.lists(st.text(max_size=5), min_size=1, max_size=4, unique=True).map(lambda e: {"type": "string", "enum": e}),
)


def _objects(children):
    @st.composite
    def build(draw):
        props = draw(st.dictionaries(st.sampled_from(["id", "name", "status", "amount", "items", "meta", "when"]), children, max_size=5))
        schema = {"type": "object", "properties": props}
        required = [p for p in props if draw(st.booleans())]
        if required:
            schema["required"] = required
        if draw(st.booleans()):
            schema["additionalProperties"] = False
        if props and draw(st.booleans()):
            schema["minProperties"] = draw(st.integers(0, len(props)))
        if draw(st.booleans()):
            schema["nullable"] = True
        return schema

    return build()


def _arrays(children):
    @st.composite
    def build(draw):
        lo = draw(st.integers(0, 3))
        return {"type": "array", "items": draw(children), "minItems": lo, "maxItems": lo + draw(st.integers(0, 3))}

    return build()


def _combined(children):
    @st.composite
    def build(draw):
        a = {"type": "object", "properties": {"a": draw(children)}, "required": ["a"]}
        b = {"type": "object", "properties": {"b": draw(children)}}
        which = draw(st.sampled_from(["allOf", "oneOf", "anyOf"]))
        if which == "oneOf":
            return {"oneOf": [{"type": "string", "maxLength": 3}, {"type": "integer", "minimum": 10}, a]}
        return {which: [a, b]}

    return build()


schemas = st.recursive(leaves, lambda children: _objects(children) | _arrays(children) | _combined(children), max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(schema=schemas, seed=st.integers(0, 2**32))
def test_generated_values_satisfy_random_schemas(schema, seed):
    document = {"openapi": "3.0.3", "components": {"schemas": {"S": schema, "Wrapper": {"type": "object", "required": ["s"], "properties": {"s": {"$ref": "#/components/schemas/S"}}}}}}
    bundler = SchemaBundler(document, "3.0.3")
    validator = bundler.validator({"$ref": "#/components/schemas/Wrapper"})
    # The sandbox retries with other seeds (8 attempts): at least one must conform.
    values = [Generator(validator.schema, random.Random(f"{seed}|{attempt}")).value() for attempt in range(8)]
    assert any(validator.is_valid(v) for v in values), (schema, [validator.errors(v) for v in values][:2])


def test_same_seed_same_value_other_seed_other_value():
    bundler = SchemaBundler({"openapi": "3.0.3"}, "3.0.3")
    schema = {"type": "object", "required": ["a", "b"], "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}}
    validator = bundler.validator(schema)
    first = Generator(validator.schema, random.Random("1")).value()
    assert Generator(validator.schema, random.Random("1")).value() == first
    assert Generator(validator.schema, random.Random("2")).value() != first
