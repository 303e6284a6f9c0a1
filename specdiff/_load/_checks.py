"""Targeted, cheap checks that turn into warnings (errors under `strict`).

Real specs break the OpenAPI schema in survivable ways: Zuora's compact specs drop response
descriptions and carry defaults of the wrong type. A full JSON-Schema validation of a 4 MB spec
costs seconds, so instead one pass over paths and schemas checks what matters for diffing and
testing. Runs on the document in its native layout (Swagger 2.0 or OpenAPI 3), so pointers match
the text.
"""

from __future__ import annotations

from typing import Any

from specdiff._load._model import LoadWarning, escape_token

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_SUBSCHEMA_MAPS = ("properties", "patternProperties", "definitions", "$defs")
_SUBSCHEMA_ONE = ("items", "additionalProperties", "not", "additionalItems", "contains", "propertyNames")
_SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_TYPE_CHECKS: dict[str, Any] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}


def _p(*parts: str | int) -> str:
    return "".join("/" + escape_token(str(part)) for part in parts)


def run_checks(document: dict[str, Any], *, warnings: list[LoadWarning], swagger: bool = False) -> None:
    """Append warnings about `document` (OpenAPI 3 layout, or Swagger 2.0 with `swagger`)."""
    info = document.get("info")
    if not isinstance(info, dict):
        warnings.append(LoadWarning("info-missing", "no `info` object (title and version are required)", "/info"))
    else:
        for key in ("title", "version"):
            if key not in info:
                warnings.append(LoadWarning("info-incomplete", f"`info.{key}` is missing", "/info"))
    paths = document.get("paths")
    if paths is None and not document.get("webhooks"):
        warnings.append(LoadWarning("paths-missing", "no `paths` object", ""))
        paths = {}
    if not isinstance(paths, dict):
        warnings.append(LoadWarning("paths-invalid", "`paths` is not a mapping", "/paths"))
        paths = {}
    schema_roots: list[tuple[Any, str]] = []
    operation_ids: dict[str, str] = {}
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        if not path.startswith("/") and not path.startswith("x-"):
            warnings.append(LoadWarning("path-invalid", f"path {path!r} does not start with '/'", _p("paths", path)))
        for index, param in enumerate(item.get("parameters") or []):
            _param_schemas(param, _p("paths", path, "parameters", index), swagger, schema_roots)
        for method, op in item.items():
            if method not in HTTP_METHODS or not isinstance(op, dict):
                continue
            base = _p("paths", path, method)
            op_id = op.get("operationId")
            if isinstance(op_id, str):
                if op_id in operation_ids:
                    warnings.append(
                        LoadWarning(
                            "duplicate-operation-id",
                            f"operationId {op_id!r} is also used at {operation_ids[op_id]}",
                            base + "/operationId",
                        )
                    )
                else:
                    operation_ids[op_id] = base
            params = op.get("parameters")
            if isinstance(params, list):
                for index, param in enumerate(params):
                    _param_schemas(param, f"{base}/parameters/{index}", swagger, schema_roots)
            body = op.get("requestBody")
            if isinstance(body, dict):
                _content_schemas(body.get("content"), base + "/requestBody/content", schema_roots)
            responses = op.get("responses")
            if not isinstance(responses, dict) or not responses:
                warnings.append(LoadWarning("responses-missing", "operation has no responses", base))
                continue
            for code, response in responses.items():
                where = f"{base}/responses/{escape_token(code)}"
                if not isinstance(response, dict):
                    continue
                if "$ref" not in response and "description" not in response:
                    warnings.append(
                        LoadWarning("response-description-missing", f"response {code} has no description", where)
                    )
                if swagger and isinstance(response.get("schema"), dict):
                    schema_roots.append((response["schema"], where + "/schema"))
                _content_schemas(response.get("content"), where + "/content", schema_roots)
    holder: dict[str, Any] = document["components"] if isinstance(document.get("components"), dict) else {}
    components = document.get("definitions") if swagger else holder.get("schemas")
    section = "/definitions" if swagger else "/components/schemas"
    if isinstance(components, dict):
        schema_roots.extend((schema, f"{section}/{escape_token(name)}") for name, schema in components.items())
    if not swagger:
        comp_params = holder.get("parameters")
        if isinstance(comp_params, dict):
            for name, param in comp_params.items():
                _param_schemas(param, _p("components", "parameters", name), swagger, schema_roots)
    elif isinstance(document.get("parameters"), dict):
        for name, param in document["parameters"].items():
            _param_schemas(param, _p("parameters", name), swagger, schema_roots)
    _check_schemas(schema_roots, warnings)


def _param_schemas(param: Any, where: str, swagger: bool, out: list[tuple[Any, str]]) -> None:
    if not isinstance(param, dict) or "$ref" in param:
        return
    if isinstance(param.get("schema"), dict):
        out.append((param["schema"], where + "/schema"))
    elif swagger:
        out.append((param, where))
    _content_schemas(param.get("content"), where + "/content", out)


def _content_schemas(content: Any, where: str, out: list[tuple[Any, str]]) -> None:
    if isinstance(content, dict):
        for media, entry in content.items():
            if isinstance(entry, dict) and isinstance(entry.get("schema"), dict):
                out.append((entry["schema"], f"{where}/{escape_token(media)}/schema"))


_MAP_KEYS = frozenset(_SUBSCHEMA_MAPS)
_ONE_KEYS = frozenset(_SUBSCHEMA_ONE)
_LIST_KEYS = frozenset(_SUBSCHEMA_LISTS)
_SUB_KEYS = _MAP_KEYS | _ONE_KEYS | _LIST_KEYS


def _check_schemas(roots: list[tuple[Any, str]], warnings: list[LoadWarning]) -> None:
    """Walk every inline schema once; pointers are built only for the nodes that warn."""
    # Stack entries: (schema, parent entry or None, pointer token(s)); a linked path, joined on
    # demand. Schemas have few keys, so scanning their items beats probing 14 keywords.
    stack: list[tuple[Any, Any, str | int, str | int | None]] = [
        (schema, None, where, None) for schema, where in reversed(roots)
    ]
    pop = stack.pop
    push = stack.append
    sub_keys = _SUB_KEYS
    map_keys = _MAP_KEYS
    list_keys = _LIST_KEYS
    while stack:
        entry = pop()
        schema = entry[0]
        if type(schema) is not dict or "$ref" in schema:
            continue
        if "default" in schema and "type" in schema:
            _check_default(schema, _join(entry), warnings)
        for key, sub in schema.items():
            if key not in sub_keys:
                continue
            kind = type(sub)
            if kind is dict:
                if key in map_keys:
                    for name, value in sub.items():
                        if type(value) is dict:
                            push((value, entry, key, name))
                else:
                    push((sub, entry, key, None))
            elif kind is list and key in list_keys:
                for index, value in enumerate(sub):
                    push((value, entry, key, index))


def _join(entry: Any) -> str:
    parts: list[str] = []
    while entry is not None:
        if entry[3] is not None:
            parts.append(escape_token(str(entry[3])))
        parts.append(str(entry[2]))
        entry = entry[1]
    return parts[-1] + "".join("/" + part for part in reversed(parts[:-1]))


def _check_default(schema: dict[str, Any], where: str, warnings: list[LoadWarning]) -> None:
    declared = schema["type"]
    types = [declared] if isinstance(declared, str) else declared if isinstance(declared, list) else []
    types = [t for t in types if isinstance(t, str) and t in _TYPE_CHECKS]
    if not types:
        return
    default = schema["default"]
    if default is None and (schema.get("nullable") is True or schema.get("x-nullable") is True):
        return
    if any(_TYPE_CHECKS[t](default) for t in types):
        return
    warnings.append(
        LoadWarning(
            "default-type-mismatch",
            f"default {_json_text(default)} is not of the declared type {'/'.join(types)}",
            where + "/default",
        )
    )


def _json_text(value: Any) -> str:
    """A value as the spec's reader knows it (JSON spelling, shortened)."""
    import json

    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except ValueError:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
