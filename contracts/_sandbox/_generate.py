"""Deterministic example values for bundled JSON Schemas (the sandbox's response bodies).

Same schema + same seed -> same value. The generator aims to satisfy the schema by construction
(required, enums, formats, bounds, patterns, allOf/oneOf/anyOf); callers still validate the
result and retry with another seed, so a schema corner we miss costs a retry, not a bad answer.
"""

from __future__ import annotations

import random
import re

# The stdlib regex parser (private, stable since 3.11): turns `pattern` into something we can walk.
import re._constants as sre_constants  # type: ignore[import-not-found]
import re._parser as sre_parse  # type: ignore[import-not-found]
import string
from typing import Any

MAX_DEPTH = 8
_WORD = string.ascii_letters + string.digits


class Generator:
    """Generates values for one bundled schema (root holds `definitions`)."""

    def __init__(self, root: dict[str, Any], rng: random.Random, *, optional: float = 0.7) -> None:
        self.root = root
        self.defs: dict[str, Any] = root.get("definitions", {}) if isinstance(root, dict) else {}
        self.rng = rng
        self.optional = optional

    def value(self) -> Any:
        return self.gen(self.root, 0)

    # -- schema plumbing ------------------------------------------------------------------------
    def deref(self, schema: Any, seen: int = 0) -> Any:
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and seen < 50:
            name = schema["$ref"].rsplit("/", 1)[-1]
            schema = self.defs.get(name, {})
            seen += 1
        return schema

    def merge(self, schema: Any, depth: int = 0) -> dict[str, Any]:
        """Flatten `$ref` and `allOf` into one schema (properties and required unioned)."""
        schema = self.deref(schema)
        if not isinstance(schema, dict):
            return {} if schema is not False else {"not": {}}
        if "allOf" not in schema or depth > 20:
            return schema
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        for part in schema["allOf"]:
            sub = self.merge(part, depth + 1)
            for key, val in sub.items():
                if key == "properties":
                    props = dict(merged.get("properties", {}))
                    for pname, pschema in val.items():
                        props[pname] = {"allOf": [props[pname], pschema]} if pname in props else pschema
                    merged["properties"] = props
                elif key == "required":
                    merged["required"] = list(dict.fromkeys([*merged.get("required", []), *val]))
                elif key == "type" and "type" in merged and merged["type"] != val:
                    a = merged["type"] if isinstance(merged["type"], list) else [merged["type"]]
                    b = val if isinstance(val, list) else [val]
                    both = [t for t in a if t in b] or (["integer"] if "integer" in a + b and "number" in a + b else a)
                    merged["type"] = both if len(both) > 1 else both[0]
                elif key in ("minimum", "minLength", "minItems", "minProperties"):
                    merged[key] = max(merged.get(key, val), val)
                elif key in ("maximum", "maxLength", "maxItems", "maxProperties"):
                    merged[key] = min(merged.get(key, val), val)
                elif key == "additionalProperties" and val is False:
                    merged[key] = False
                elif key in ("oneOf", "anyOf") and key in merged:
                    merged.setdefault("allOf", []).append({key: val})
                else:
                    merged.setdefault(key, val)
        if "allOf" in merged:
            return self.merge(merged, depth + 1)
        return merged

    # -- generation -----------------------------------------------------------------------------
    def gen(self, schema: Any, depth: int) -> Any:
        schema = self.merge(schema)
        if "const" in schema:
            return schema["const"]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            choices = [v for v in schema["enum"] if v is not None] or schema["enum"]
            kind = schema.get("type")
            if isinstance(kind, str):
                typed = [v for v in choices if _is_type(v, kind)]
                choices = typed or choices
            return self.rng.choice(choices)
        for key in ("oneOf", "anyOf"):
            options = schema.get(key)
            if isinstance(options, list) and options:
                base = {k: v for k, v in schema.items() if k != key}
                option = options[self.rng.randrange(len(options))]
                return self.gen({"allOf": [base, option]} if base else option, depth)
        kind = schema.get("type")
        if isinstance(kind, list):
            kinds = [k for k in kind if k != "null"]
            kind = kinds[0] if kinds else "null"
        if kind is None:
            if "properties" in schema or "required" in schema or "additionalProperties" in schema:
                kind = "object"
            elif "items" in schema:
                kind = "array"
            elif any(k in schema for k in ("minimum", "maximum", "multipleOf")):
                kind = "number"
            else:
                kind = "string"
        if kind == "object":
            return self.gen_object(schema, depth)
        if kind == "array":
            return self.gen_array(schema, depth)
        if kind == "string":
            return self.gen_string(schema)
        if kind in ("integer", "number"):
            return self.gen_number(schema, kind == "integer")
        if kind == "boolean":
            return self.rng.random() < 0.5
        return None

    def gen_object(self, schema: dict[str, Any], depth: int) -> dict[str, Any]:
        props: dict[str, Any] = schema.get("properties") or {}
        required = [r for r in schema.get("required", []) if isinstance(r, str)]
        out: dict[str, Any] = {}
        for name in required:
            out[name] = self.gen(props.get(name, {}), depth + 1)
        if depth < MAX_DEPTH:
            keep = self.optional if depth < 3 else self.optional / 3
            for name, sub in props.items():
                if name not in out and self.rng.random() < keep:
                    out[name] = self.gen(sub, depth + 1)
        max_props = schema.get("maxProperties")
        if isinstance(max_props, int):
            for name in [n for n in out if n not in required][: max(0, len(out) - max_props)]:
                del out[name]
        min_props = schema.get("minProperties")
        if isinstance(min_props, int) and len(out) < min_props:
            for name, sub in props.items():
                if len(out) >= min_props:
                    break
                if name not in out:
                    out[name] = self.gen(sub, depth + 1)
            extra = schema.get("additionalProperties", True)
            i = 0
            while len(out) < min_props and extra is not False:
                out[f"extra{i}"] = self.gen(extra if isinstance(extra, dict) else {"type": "string"}, depth + 1)
                i += 1
        return out

    def gen_array(self, schema: dict[str, Any], depth: int) -> list[Any]:
        lo = int(schema.get("minItems", 0))
        hi = schema.get("maxItems")
        count = max(lo, 1 if depth < MAX_DEPTH else 0)
        if isinstance(hi, int):
            count = min(count, hi)
        items = schema.get("items", {})
        out: list[Any] = []
        attempts = 0
        while len(out) < count and attempts < count * 10 + 10:
            attempts += 1
            value = self.gen(items, depth + 1)
            if schema.get("uniqueItems") and value in out:
                continue
            out.append(value)
        return out

    def gen_string(self, schema: dict[str, Any]) -> str:
        fmt = schema.get("format")
        lo = int(schema.get("minLength", 0))
        hi = schema.get("maxLength")
        r = self.rng
        if fmt == "date":
            return f"{r.randint(2020, 2030):04d}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
        if fmt == "date-time":
            return f"{r.randint(2020, 2030):04d}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}T{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}Z"
        if fmt == "time":
            return f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}Z"
        if (fmt == "uuid" and lo <= 36 and (hi is None or hi >= 36)) or (lo == 36 and hi == 36):
            h = f"{r.getrandbits(128):032x}"
            return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"
        if fmt == "email":
            return f"user{r.randint(1, 9999)}@example.com"
        if fmt in ("uri", "url", "uri-reference", "iri"):
            return f"https://example.com/{r.randint(1, 9999)}"
        if fmt == "hostname":
            return "example.com"
        if fmt == "ipv4":
            return f"192.0.2.{r.randint(1, 254)}"
        if fmt == "ipv6":
            return "2001:db8::1"
        if fmt == "byte":
            return "c2FuZGJveA=="
        pattern = schema.get("pattern")
        if isinstance(pattern, str):
            for attempt in range(12):
                produced = _from_regex(pattern, r, extra=attempt)
                if produced is None:
                    break
                if (hi is None or len(produced) <= hi) and len(produced) >= lo:
                    return produced
        length = max(lo, min(int(hi) if hi is not None else 12, 12))
        if hi is not None:
            length = min(length, int(hi))
        if length == 32:
            return f"{r.getrandbits(128):032x}"
        return "".join(r.choice(_WORD) for _ in range(length))

    def gen_number(self, schema: dict[str, Any], integer: bool) -> int | float:
        lo = schema.get("minimum")
        hi = schema.get("maximum")
        ex_lo = schema.get("exclusiveMinimum")
        ex_hi = schema.get("exclusiveMaximum")
        # draft 4 booleans vs 2020-12 numbers
        if isinstance(ex_lo, bool):
            ex_lo = lo if ex_lo else None
        if isinstance(ex_hi, bool):
            ex_hi = hi if ex_hi else None
        low = float(lo) if isinstance(lo, int | float) else None
        high = float(hi) if isinstance(hi, int | float) else None
        step = 1.0 if integer else 0.01
        if isinstance(ex_lo, int | float):
            low = max(low if low is not None else float(ex_lo), float(ex_lo) + step)
        if isinstance(ex_hi, int | float):
            high = min(high if high is not None else float(ex_hi), float(ex_hi) - step)
        if low is None and high is None:
            low, high = 0.0, 1000.0
        elif low is None:
            assert high is not None
            low = high - 1000
        elif high is None:
            high = low + 1000
        mult = schema.get("multipleOf")
        if isinstance(mult, int | float) and mult > 0:
            import math

            k_lo = math.ceil(low / mult)
            k_hi = math.floor(high / mult)
            k = self.rng.randint(k_lo, max(k_lo, k_hi))
            value = k * mult
            return int(value) if integer or (float(value).is_integer() and isinstance(mult, int)) else value
        if integer:
            import math

            return self.rng.randint(math.ceil(low), max(math.ceil(low), math.floor(high)))
        return round(self.rng.uniform(low, high), 2) if high - low > 0.02 else low


def _is_type(value: Any, kind: str) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "array":
        return isinstance(value, list)
    if kind == "object":
        return isinstance(value, dict)
    return True


def _from_regex(pattern: str, rng: random.Random, extra: int = 0) -> str | None:
    """A string matching a simple regex (anchored at both ends), or None when too exotic.
    `extra` lets open-ended repeats run longer (to reach a minLength)."""
    try:
        parsed = sre_parse.parse(pattern)
        out = _emit(parsed, rng, 0, extra)
    except Exception:
        return None
    try:
        return out if re.search(pattern, out) else None
    except re.error:
        return None


def _emit(parsed: Any, rng: random.Random, depth: int, extra: int = 0) -> str:
    c = sre_constants
    if depth > 20:
        raise ValueError("regex too deep")
    out: list[str] = []
    for op, arg in parsed:
        if op is c.LITERAL:
            out.append(chr(arg))
        elif op is c.NOT_LITERAL:
            out.append("a" if chr(arg) != "a" else "b")
        elif op is c.ANY:
            out.append("x")
        elif op is c.IN:
            out.append(_emit_in(arg, rng))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            lo, hi, sub = arg
            top = min(hi, lo + 3 + extra) if hi != c.MAXREPEAT else lo + 3 + extra
            for _ in range(rng.randint(min(lo + extra // 2, top), max(lo, top))):
                out.append(_emit(sub, rng, depth + 1, extra))
        elif op is c.SUBPATTERN:
            out.append(_emit(arg[-1], rng, depth + 1, extra))
        elif op is c.BRANCH:
            out.append(_emit(rng.choice(arg[1]), rng, depth + 1, extra))
        elif op is c.AT:
            continue
        elif op is c.CATEGORY:
            out.append(_category(arg))
        else:
            raise ValueError(f"unsupported regex op {op}")
    return "".join(out)


def _category(cat: Any) -> str:
    c = sre_constants
    if cat is c.CATEGORY_DIGIT:
        return "7"
    if cat is c.CATEGORY_WORD:
        return "w"
    if cat is c.CATEGORY_SPACE:
        return " "
    if cat is c.CATEGORY_NOT_DIGIT:
        return "d"
    return "x"


def _emit_in(items: list[Any], rng: random.Random) -> str:
    c = sre_constants
    if items and items[0][0] is c.NEGATE:
        excluded: set[str] = set()
        for op, arg in items[1:]:
            if op is c.LITERAL:
                excluded.add(chr(arg))
            elif op is c.RANGE:
                excluded.update(chr(x) for x in range(arg[0], min(arg[1], 0x2FF) + 1))
        for ch in _WORD:
            if ch not in excluded:
                return ch
        raise ValueError("no candidate for negated class")
    choices: list[str] = []
    for op, arg in items:
        if op is c.LITERAL:
            choices.append(chr(arg))
        elif op is c.RANGE:
            choices.append(chr(rng.randint(arg[0], arg[1])))
        elif op is c.CATEGORY:
            choices.append(_category(arg))
    if not choices:
        raise ValueError("empty class")
    return rng.choice(choices)
