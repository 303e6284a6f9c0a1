"""OpenAPI schema objects -> standalone JSON Schemas, and compiled validators cached per schema.

OpenAPI 3.0 schemas are a dialect of JSON Schema draft 4 (`nullable`, refs into
`#/components/...`); 3.1 schemas are draft 2020-12. We convert each schema once into a bundle
(`definitions` holding only the components it reaches, so cycles stay refs) and compile it with
jsonschema_rs lazily, the first time an operation needs it: startup never pays for 711 operations.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jsonschema_rs

from specdiff._load._model import resolve_pointer

_DROP = frozenset({"discriminator", "xml", "externalDocs", "example", "examples", "deprecated", "nullable"})
_SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def _is_uuid(value: str) -> bool:
    return _UUID.fullmatch(value) is not None


# Formats OpenAPI specs use that draft 4 does not define: checked too, so a request body with a
# malformed `format: uuid` is rejected as the spec says (the 2020-12 validator knows them already).
_EXTRA_FORMATS: dict[str, Callable[[str], bool]] = {"uuid": _is_uuid}


@dataclass(frozen=True)
class Problem:
    """One way an instance breaks its schema: where (JSON pointer-ish) and what."""

    path: tuple[str | int, ...]
    message: str

    def where(self) -> str:
        return "/".join(str(p) for p in self.path)


class Validator:
    """A compiled schema; `errors(instance)` lists problems (empty when valid)."""

    def __init__(self, schema: dict[str, Any], draft4: bool) -> None:
        self.schema = schema
        cls = jsonschema_rs.Draft4Validator if draft4 else jsonschema_rs.Draft202012Validator
        self._rust = True
        formats = _EXTRA_FORMATS if draft4 else None
        try:
            self._compiled: Any = cls(schema, validate_formats=True, formats=formats)
        except Exception:
            try:
                # A pattern the Rust regex engine rejects: validate everything else.
                self._compiled = cls(_strip_patterns(schema), validate_formats=True, formats=formats)
            except Exception:
                # A schema that breaks its meta-schema (real specs do): the tolerant validator.
                import jsonschema  # type: ignore[import-untyped]  # no stubs in the venv

                py_cls = jsonschema.Draft4Validator if draft4 else jsonschema.Draft202012Validator
                self._compiled = py_cls(schema, format_checker=py_cls.FORMAT_CHECKER)
                self._rust = False

    def is_valid(self, instance: Any) -> bool:
        try:
            return bool(self._compiled.is_valid(instance))
        except Exception:
            return True  # an unusable schema constrains nothing

    def errors(self, instance: Any, limit: int = 5) -> list[Problem]:
        problems: list[Problem] = []
        try:
            for error in self._compiled.iter_errors(instance):
                path = tuple(error.instance_path) if self._rust else tuple(error.absolute_path)
                problems.append(Problem(path, str(error.message)))
                if len(problems) >= limit:
                    break
        except Exception:
            return problems
        return problems


def _lenient(node: Any, draft4: bool) -> Any:
    """`node` with `oneOf` read as `anyOf` and, in draft 4, integers accepting integral numbers."""
    if isinstance(node, list):
        return [_lenient(v, draft4) for v in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("enum", "const", "default", "required"):
            out[key] = value
        elif key in ("properties", "patternProperties", "definitions", "$defs"):
            out[key] = {k: _lenient(v, draft4) for k, v in value.items()} if isinstance(value, dict) else value
        else:
            out["anyOf" if key == "oneOf" and "anyOf" not in node else key] = _lenient(value, draft4)
    kind = out.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    if draft4 and "integer" in kinds and "number" not in kinds:
        out["type"] = [("number" if k == "integer" else k) for k in kinds] if isinstance(kind, list) else "number"
        out.setdefault("multipleOf", 1)
    return out


def _strip_patterns(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _strip_patterns(v) for k, v in node.items() if not (k == "pattern" and isinstance(v, str))}
    if isinstance(node, list):
        return [_strip_patterns(v) for v in node]
    return node


class SchemaBundler:
    """Converts OpenAPI schemas of one document into bundled JSON Schemas (thread-safe, memoised)."""

    def __init__(self, document: dict[str, Any], openapi_version: str) -> None:
        self.document = document
        self.draft4 = not openapi_version.startswith("3.1")
        self._defs: dict[str, Any] = {}  # definition name -> converted schema
        self._names: dict[str, str] = {}  # ref -> definition name
        self._lock = threading.RLock()
        self._validators: dict[Any, Validator] = {}
        self._by_identity: dict[int, tuple[Any, Validator]] = {}
        self._keep: list[Any] = []

    # -- conversion ---------------------------------------------------------------------------
    def _lookup(self, ref: str) -> Any:
        return resolve_pointer(self.document, ref[1:])

    def _name_for(self, ref: str) -> str | None:
        """The definition name for a local ref, converting its target on first sight."""
        name = self._names.get(ref)
        if name is not None:
            return name
        target = self._lookup(ref) if ref.startswith("#/") else None
        if target is None or not isinstance(target, dict | bool):
            return None
        name = _SAFE_NAME.sub("_", ref[2:].replace("/", "."))
        self._names[ref] = name
        self._defs[name] = {}  # placeholder: cycles resolve to the name
        self._defs[name] = self._convert(target)
        return name

    def _convert(self, node: Any) -> Any:
        if isinstance(node, list):
            return [self._convert(v) for v in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str):
            name = self._name_for(ref)
            converted_ref: dict[str, Any] = {"$ref": f"#/definitions/{name}"} if name else {}
            if not self.draft4:
                # 3.1: siblings of $ref apply too.
                extra = {k: self._convert_value(k, v) for k, v in node.items() if k != "$ref" and k not in _DROP and not k.startswith("x-")}
                if extra and converted_ref:
                    return {"allOf": [converted_ref, extra]}
            return converted_ref
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in _DROP or key.startswith("x-") or (key == "required" and value == []):
                continue
            out[key] = self._convert_value(key, value)
        if self.draft4 and node.get("nullable") is True:
            kind = out.get("type")
            if isinstance(kind, str):
                out["type"] = [kind, "null"]
            if isinstance(out.get("enum"), list) and None not in out["enum"]:
                out["enum"] = [*out["enum"], None]
            if "type" not in out and ("allOf" in out or "oneOf" in out or "anyOf" in out):
                out = {"anyOf": [{"type": "null"}, out]}
        return out

    def _convert_value(self, key: str, value: Any) -> Any:
        if key in ("properties", "patternProperties", "definitions", "$defs", "dependentSchemas"):
            return {k: self._convert(v) for k, v in value.items()} if isinstance(value, dict) else value
        if key in ("enum", "const", "default", "required"):
            return value
        if key == "type" and value == "file":
            return "string"
        if key == "format" and isinstance(value, str) and value in ("int32", "int64", "float", "double", "byte", "binary", "password"):
            return value  # unknown to JSON Schema: ignored by the validator
        return self._convert(value)

    def bundle(self, schema: Any) -> dict[str, Any]:
        """A standalone JSON Schema for `schema` with only the definitions it reaches."""
        with self._lock:
            root = self._convert(schema if schema is not None else {})
            if not isinstance(root, dict):
                root = {} if root is True else {"not": {}}
            reached: dict[str, Any] = {}
            stack: list[Any] = [root]
            while stack:
                node = stack.pop()
                if isinstance(node, dict):
                    ref = node.get("$ref")
                    if isinstance(ref, str) and ref.startswith("#/definitions/"):
                        name = ref[len("#/definitions/") :]
                        if name not in reached and name in self._defs:
                            reached[name] = self._defs[name]
                            stack.append(self._defs[name])
                    stack.extend(v for v in node.values() if isinstance(v, dict | list))
                elif isinstance(node, list):
                    stack.extend(v for v in node if isinstance(v, dict | list))
            if reached:
                root = {**root, "definitions": reached}
            return root

    def validator(self, schema: Any) -> Validator:
        """The compiled validator for an OpenAPI schema object (cached by identity; the cache
        keeps the object alive, so its id cannot be reused by another schema)."""
        key = id(schema)
        entry = self._by_identity.get(key)
        if entry is None or entry[0] is not schema:
            with self._lock:
                entry = self._by_identity.get(key)
                if entry is None or entry[0] is not schema:
                    entry = (schema, Validator(self.bundle(schema), self.draft4))
                    self._by_identity[key] = entry
        return entry[1]

    def request_validator(self, schema: Any) -> Validator:
        """The validator for a request body: as strict as `validator` but in two ways every
        JSON server is lenient. `oneOf` matches when any branch does (a body that fits two
        branches is read by the first, not refused), and an integral number such as 1.0 or
        8.4e20 is an integer (as in JSON Schema drafts 6+; the draft-4 dialect of OpenAPI 3.0 says
        no, but no JSON parser tells them apart)."""
        key = ("request", id(schema))
        found = self._validators.get(key)
        if found is None:
            with self._lock:
                found = self._validators.get(key)
                if found is None:
                    self._keep.append(schema)  # the key is an id: keep the object alive
                    found = Validator(_lenient(self.bundle(schema), self.draft4), self.draft4)
                    self._validators[key] = found
        return found

    def validator_for(self, key: Any, build: Callable[[], Any]) -> Validator:
        """A validator for a schema assembled by the caller (e.g. an object of parameters)."""
        found = self._validators.get(key)
        if found is None:
            with self._lock:
                found = self._validators.get(key)
                if found is None:
                    found = Validator(self.bundle(build()), self.draft4)
                    self._validators[key] = found
        return found
