"""YAML and JSON parsing into OpenAPI's JSON data model, fast and bounded.

Fast path: `yaml_rs` (Rust, YAML 1.2 core schema): ~25x faster than PyYAML's CSafeLoader on
a 4 MB spec, leaves dates as strings (`parse_datetime=False`), detects duplicate keys and caps
alias replay. One iterative pass (`finish`) then makes the result JSON-shaped: non-string keys
become JSON spellings (`200:` -> "200"), `<<` merge keys are applied, and nesting depth and
node count are bounded, so nothing downstream can hit RecursionError or an alias bomb.

Fallback and reference: `reference_yaml_load`, PyYAML with YAML 1.2 core-schema resolvers,
used when the fast parser rejects a document PyYAML accepts, and by the tests as the
careful loader the fast path must agree with.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import orjson
import yaml
import yaml_rs

DEFAULT_MAX_DEPTH = 256
# Aliases may legitimately repeat content; beyond this many replayed nodes it is a bomb.
ALIAS_NODE_ALLOWANCE = 1_000_000


class ParseFailure(Exception):
    """A document could not be parsed; carries what a one-line message needs."""

    def __init__(self, kind: str, message: str, line: int | None = None, col: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind  # "syntax" | "duplicate" | "bomb" | "depth" | "key"
        self.message = message
        self.line = line
        self.col = col


@dataclass
class Parsed:
    """A parsed document; for JSON the `$ref` set is found from the bytes only when needed."""

    document: Any
    nodes: int
    refs: set[str] | None
    parser: str
    data: bytes | None = None

    def all_refs(self) -> set[str]:
        if self.refs is None:
            self.refs = json_refs(self.data or b"")
        return self.refs

    def may_have_external_refs(self) -> bool:
        """Cheap: with the bytes in hand, compare the count of all refs with local-looking ones."""
        if self.refs is not None or self.data is None:
            return any(not ref.startswith("#") for ref in self.all_refs())
        data = self.data
        total = data.count(b'"$ref"')
        local = data.count(b'"$ref": "#') + data.count(b'"$ref":"#')
        return total != local


_DEEP_FLOW = re.compile(r"[\[{](?:\s*[\[{]){63,}")
_RS_LOCATION = re.compile(r"line (\d+), column (\d+)")
_RS_DUPLICATE = re.compile(r"duplicate mapping key: (.*)$", re.S)


def _rs_failure(exc: Exception) -> ParseFailure:
    text = str(exc)
    lines = [ln for ln in text.splitlines() if ln.strip()]
    dup = _RS_DUPLICATE.search(lines[0] if lines else text)
    if dup:
        return ParseFailure("duplicate", f"duplicate key {dup.group(1).strip()}")
    if "alias" in text and ("limit" in text or "exceed" in text):
        return ParseFailure("bomb", "YAML aliases expand beyond the node budget (an alias bomb?)")
    if "recursion limit" in text:
        return ParseFailure("depth", "nesting is too deep (the parser's limit is 256 nested flow collections)")
    where = _RS_LOCATION.search(text)
    detail = lines[-1].strip() if lines else text
    if where:
        line, col = int(where.group(1)), int(where.group(2))
        if detail.startswith("|") or detail.startswith("^"):
            detail = "syntax error"
        return ParseFailure("syntax", detail, line, col)
    return ParseFailure("syntax", detail)


def parse_yaml(text: str, *, max_depth: int = DEFAULT_MAX_DEPTH) -> Parsed:
    """Parse YAML text with the fast parser, falling back to the reference loader."""
    limits = yaml_rs.AliasLimits(max_total_replayed_events=ALIAS_NODE_ALLOWANCE)
    try:
        raw = yaml_rs.loads(text, parse_datetime=False, alias_limits=limits)
        parser = "yaml_rs"
    except yaml_rs.YAMLDecodeError as exc:
        failure = _rs_failure(exc)
        if failure.kind in ("duplicate", "bomb", "depth"):
            raise failure from None
        # The fast parser is stricter on a few corners: let the reference loader decide, unless
        # the text nests flow collections deeply (libyaml recurses in C: no fallback there).
        if failure.line is not None and _DEEP_FLOW.search(text):
            raise failure from None
        try:
            raw = reference_yaml_load(text)
        except ParseFailure as ref_failure:
            if ref_failure.kind == "syntax" and failure.line is not None and "recursion" not in ref_failure.message:
                raise failure from None
            raise
        parser = "pyyaml"
    except RecursionError:
        raise ParseFailure("depth", f"nesting is deeper than {max_depth} levels") from None
    except TypeError:  # a mapping or sequence used as a key: Python cannot even hold it
        raise ParseFailure("key", "a mapping key is not a scalar; OpenAPI keys must be strings") from None
    return finish(raw, len(text), max_depth=max_depth, parser=parser)


_JSON_REF = re.compile(rb'"\$ref"\s*:\s*"((?:[^"\\]|\\.)*)"')
# The common case (no escapes inside the ref) with a cheaper pattern: half the time on 12 MB.
_JSON_REF_PLAIN = re.compile(rb'"\$ref"\s*:\s*"([^"\\]*)(["\\])')


def parse_json(data: bytes, *, max_depth: int = DEFAULT_MAX_DEPTH) -> Parsed:
    """Parse JSON bytes with orjson; errors carry line:col.

    No Python walk over the result (it would cost 40% of orjson's time on 12 MB): keys are
    strings by construction, orjson caps nesting at 1024 levels, and `$ref`s are found with
    one regex over the bytes when someone needs them (`Parsed.all_refs`).
    """
    try:
        raw = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        msg = exc.msg
        if "recursion" in msg.lower() or "depth limit" in msg.lower():
            raise ParseFailure("depth", "nesting is deeper than 1024 levels") from None
        raise ParseFailure("syntax", msg, exc.lineno, exc.colno) from None
    _check_json_duplicates(data, raw)
    return Parsed(raw, 0, None, "orjson", data)


def json_refs(data: bytes) -> set[str]:
    """Every `$ref` string in JSON bytes (one regex pass; the loader asks only when needed)."""
    plain = _JSON_REF_PLAIN.findall(data)
    if all(end == b'"' for _ref, end in plain):
        return {ref.decode("utf-8") for ref, _end in plain}
    return {orjson.loads(b'"' + found + b'"') for found in _JSON_REF.findall(data)}


_JSON_KEY_END = re.compile(rb'"\s*:')
_JSON_ESCAPED_KEY_END = re.compile(rb'\\"\s*:')


def _check_json_duplicates(data: bytes, raw: Any) -> None:
    """orjson keeps the last of duplicate keys silently; find them without slowing the common case.

    Fast proof: re-serialising the result gives back the input byte for byte (true for specs
    written by a standard pretty-printer or minifier), so no key was dropped. Otherwise count
    keys in the result against `":` in the text (inside strings a quote is always escaped);
    only a surplus pays for the slow exact check with the stdlib parser.
    """
    try:
        trimmed = data.rstrip(b"\r\n")
        if orjson.dumps(raw, option=orjson.OPT_INDENT_2) == trimmed or orjson.dumps(raw) == trimmed:
            return
    except orjson.JSONEncodeError:
        pass
    keys = 0
    level: list[Any] = [raw]
    while level:
        following: list[Any] = []
        extend = following.extend
        for node in level:
            if type(node) is dict:
                keys += len(node)
                extend([v for v in node.values() if type(v) is dict or type(v) is list])
            elif type(node) is list:
                extend([v for v in node if type(v) is dict or type(v) is list])
        level = following
    written = len(_JSON_KEY_END.findall(data)) - len(_JSON_ESCAPED_KEY_END.findall(data))
    if written <= keys:
        return
    import json

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen:
                raise ParseFailure("duplicate", f"duplicate key '{key}'")
            seen[key] = value
        return seen

    try:
        json.loads(data, object_pairs_hook=no_duplicates)
    except RecursionError:
        raise ParseFailure("depth", "nesting is too deep to parse") from None
    except ValueError:
        return


def _key_text(key: Any) -> str:
    """The JSON spelling of a YAML scalar key: 200 -> "200", True -> "true", None -> "null"."""
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, float):
        if math.isnan(key):
            return ".nan"
        if math.isinf(key):
            return ".inf" if key > 0 else "-.inf"
    if isinstance(key, int | float):
        return str(key)
    raise ParseFailure("key", f"mapping key {key!r} is not a scalar; OpenAPI keys must be strings")


def _fix_keys(node: dict[Any, Any]) -> None:
    """Rewrite `node` in place with JSON keys and applied `<<` merges (explicit keys win)."""
    items = list(node.items())
    merged: dict[str, Any] = {}
    own: dict[str, Any] = {}
    for key, value in items:
        if key == "<<":
            sources = value if isinstance(value, list) else [value]
            for src in sources:
                if not isinstance(src, dict):
                    raise ParseFailure("key", "a `<<` merge key must point at a mapping")
                for k2, v2 in src.items():
                    name = k2 if type(k2) is str else _key_text(k2)
                    merged.setdefault(name, v2)
            continue
        name = key if type(key) is str else _key_text(key)
        if name in own:
            raise ParseFailure("duplicate", f"duplicate key '{name}' (written two ways)")
        own[name] = value
    node.clear()
    for k, v in merged.items():
        if k not in own:
            node[k] = v
    node.update(own)


def finish(raw: Any, size: int, *, max_depth: int, parser: str) -> Parsed:
    """One breadth-first pass: JSON keys, merges, depth and node budget, collect `$ref`s.

    Level by level (no recursion, no per-node tuples): ~35 ms for a 4 MB spec.
    """
    budget = size // 2 + ALIAS_NODE_ALLOWANCE
    refs: set[str] = set()
    add_ref = refs.add
    nodes = 0
    depth = 0
    level: list[Any] = [raw] if type(raw) is dict or type(raw) is list else []
    while level:
        depth += 1
        nodes += len(level)
        if depth > max_depth:
            raise ParseFailure("depth", f"nesting is deeper than {max_depth} levels")
        if nodes > budget:
            raise ParseFailure("bomb", f"the document expands to more than {budget} nodes (an alias bomb?)")
        following: list[Any] = []
        extend = following.extend
        for node in level:
            if type(node) is dict:
                for key in node:
                    if type(key) is not str or key == "<<":
                        _fix_keys(node)
                        break
                ref = node.get("$ref")
                if type(ref) is str:
                    add_ref(ref)
                extend([v for v in node.values() if type(v) is dict or type(v) is list])
            else:
                extend([v for v in node if type(v) is dict or type(v) is list])
        level = following
    return Parsed(raw, nodes, refs, parser)


# --- reference loader: PyYAML with the YAML 1.2 core schema and no timestamps -------------

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _CoreSchemaLoader(_Base):  # type: ignore[misc]
    """PyYAML SafeLoader resolving scalars per YAML 1.2 core schema; duplicate keys rejected."""


_CoreSchemaLoader.yaml_implicit_resolvers = {}
_CORE = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", "<"),
]
for _tag, _rx, _first in _CORE:
    _CoreSchemaLoader.add_implicit_resolver(_tag, re.compile(_rx), list(_first))


def _construct_int(loader: Any, node: Any) -> int:
    value = str(loader.construct_scalar(node))
    if value.startswith("0o"):
        return int(value[2:], 8)
    if value.startswith("0x"):
        return int(value[2:], 16)
    return int(value, 10)


def _construct_float(loader: Any, node: Any) -> float:
    value = str(loader.construct_scalar(node)).lower()
    if value.endswith(".inf"):
        return -math.inf if value.startswith("-") else math.inf
    if value == ".nan":
        return math.nan
    return float(value)


def _construct_mapping(loader: Any, node: Any, deep: bool = False) -> dict[Any, Any]:
    explicit = sum(1 for key_node, _ in node.value if key_node.tag != "tag:yaml.org,2002:merge")
    loader.flatten_mapping(node)
    merged = len(node.value) - explicit  # flatten_mapping puts merged pairs first
    result: dict[Any, Any] = {}
    explicit_names: set[str] = set()
    for index, (key_node, value_node) in enumerate(node.value):
        key = loader.construct_object(key_node, deep=deep)
        if isinstance(key, list | dict):
            raise ParseFailure(
                "key",
                "a mapping key is not a scalar; OpenAPI keys must be strings",
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
        name = key if isinstance(key, str) else _key_text(key)
        if index >= merged:
            if name in explicit_names:
                mark = key_node.start_mark
                raise ParseFailure("duplicate", f"duplicate key '{name}'", mark.line + 1, mark.column + 1)
            explicit_names.add(name)
        result[name] = loader.construct_object(value_node, deep=deep)
    return result


def _construct_timestampless(loader: Any, node: Any) -> str:
    return str(loader.construct_scalar(node))


_CoreSchemaLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_CoreSchemaLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)
_CoreSchemaLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_CoreSchemaLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestampless)
_CoreSchemaLoader.add_constructor("tag:yaml.org,2002:binary", _construct_timestampless)


def reference_yaml_load(text: str) -> Any:
    """Load YAML the slow, careful way (PyYAML + core schema); raises `ParseFailure`."""
    try:
        documents = list(yaml.load_all(text, Loader=_CoreSchemaLoader))
    except ParseFailure:
        raise
    except RecursionError:
        raise ParseFailure("depth", "nesting is too deep to parse") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "syntax error"
        if mark is None:
            raise ParseFailure("syntax", message) from None
        raise ParseFailure("syntax", message, mark.line + 1, mark.column + 1) from None
    except yaml.YAMLError as exc:
        raise ParseFailure("syntax", str(exc).splitlines()[0]) from None
    if len(documents) > 1:
        raise ParseFailure("syntax", f"the file holds {len(documents)} YAML documents; a spec is one")
    return documents[0] if documents else None
