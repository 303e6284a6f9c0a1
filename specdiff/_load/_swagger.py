"""Swagger 2.0 -> OpenAPI 3.0 layout, so a 2017 Zuora spec can be diffed against a 2025 one.

The conversion follows the OpenAPI 3.0 migration rules (as swagger2openapi and Redocly do):
definitions/parameters/responses/securityDefinitions move under `components`, body and
formData parameters become `requestBody` with one content entry per `consumes` media type,
response schemas become content per `produces`, host/basePath/schemes become `servers`,
`x-nullable` becomes `nullable`, `type: file` becomes a binary string. It is one pass over
the paths plus one iterative pass rewriting `$ref`s; subtrees are reused, not copied.
"""

from __future__ import annotations

from typing import Any

OPENAPI_VERSION = "3.0.3"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")
_SCHEMA_FIELDS = (
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
)
_COLLECTION_STYLE: dict[str, tuple[str, bool]] = {
    "csv": ("form", False),
    "ssv": ("spaceDelimited", False),
    "pipes": ("pipeDelimited", False),
    "multi": ("form", True),
}
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def is_swagger(document: dict[str, Any]) -> bool:
    return "swagger" in document and "openapi" not in document


def convert(doc: dict[str, Any]) -> dict[str, Any]:
    """Return `doc` (Swagger 2.0) in OpenAPI 3.0 layout. Reuses and mutates subtrees of `doc`."""
    out: dict[str, Any] = {"openapi": OPENAPI_VERSION}
    if "info" in doc:
        out["info"] = doc["info"]
    servers = _servers(doc)
    if servers:
        out["servers"] = servers
    consumes = _media_list(doc.get("consumes")) or ["application/json"]
    produces = _media_list(doc.get("produces")) or ["application/json"]

    global_params: dict[str, Any] = doc["parameters"] if isinstance(doc.get("parameters"), dict) else {}
    body_params = {name for name, p in global_params.items() if isinstance(p, dict) and p.get("in") == "body"}
    form_params = {
        name: p for name, p in global_params.items() if isinstance(p, dict) and p.get("in") == "formData"
    }
    conv = _Converter(global_params, body_params, form_params)

    paths_in = doc.get("paths")
    if isinstance(paths_in, dict):
        out["paths"] = {
            path: conv.path_item(item, consumes, produces) if isinstance(item, dict) else item
            for path, item in paths_in.items()
        }
    else:
        out["paths"] = paths_in if paths_in is not None else {}

    components: dict[str, Any] = {}
    if isinstance(doc.get("definitions"), dict):
        components["schemas"] = doc["definitions"]
    if isinstance(doc.get("responses"), dict):
        components["responses"] = {
            name: conv.response(r, produces) if isinstance(r, dict) else r for name, r in doc["responses"].items()
        }
    parameters = {
        name: conv.parameter(p) if isinstance(p, dict) else p
        for name, p in global_params.items()
        if name not in body_params and name not in form_params
    }
    if parameters:
        components["parameters"] = parameters
    request_bodies = {name: conv.request_body(global_params[name], consumes) for name in sorted(body_params)}
    if request_bodies:
        components["requestBodies"] = request_bodies
    if isinstance(doc.get("securityDefinitions"), dict):
        components["securitySchemes"] = {
            name: _security_scheme(s) if isinstance(s, dict) else s for name, s in doc["securityDefinitions"].items()
        }
    if components:
        out["components"] = components
    for key in ("security", "tags", "externalDocs"):
        if key in doc:
            out[key] = doc[key]
    for key, value in doc.items():
        if key.startswith("x-"):
            out[key] = value
    _rewrite(out, body_params)
    return out


def _media_list(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _servers(doc: dict[str, Any]) -> list[dict[str, str]]:
    host = doc.get("host")
    base = doc.get("basePath") or ""
    if not isinstance(base, str):
        base = ""
    if not isinstance(host, str) or not host:
        return [{"url": base}] if base else []
    listed: list[Any] = doc["schemes"] if isinstance(doc.get("schemes"), list) else []
    schemes = [s for s in listed if isinstance(s, str)] or ["https"]
    return [{"url": f"{scheme}://{host}{base}"} for scheme in schemes]


def _schema_of(param: dict[str, Any]) -> dict[str, Any]:
    schema = {k: param[k] for k in _SCHEMA_FIELDS if k in param}
    if "items" in schema and isinstance(schema["items"], dict):
        schema["items"] = _schema_of(schema["items"]) if "$ref" not in schema["items"] else schema["items"]
    if schema.get("type") == "file":
        schema["type"] = "string"
        schema["format"] = "binary"
    return schema


class _Converter:
    def __init__(
        self, global_params: dict[str, Any], body_params: set[str], form_params: dict[str, Any]
    ) -> None:
        self.global_params = global_params
        self.body_params = body_params
        self.form_params = form_params

    def path_item(self, item: dict[str, Any], consumes: list[str], produces: list[str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        shared: list[Any] = item["parameters"] if isinstance(item.get("parameters"), list) else []
        shared_plain = [p for p in shared if not self._is_body_or_form(p)]
        shared_body = [p for p in shared if self._is_body_or_form(p)]
        for key, value in item.items():
            if key in HTTP_METHODS and isinstance(value, dict):
                out[key] = self.operation(value, shared_body, consumes, produces)
            elif key == "parameters":
                if shared_plain:
                    out[key] = [self.parameter(p) if isinstance(p, dict) else p for p in shared_plain]
            else:
                out[key] = value
        return out

    def _deref(self, param: Any) -> Any:
        if isinstance(param, dict) and isinstance(param.get("$ref"), str) and param["$ref"].startswith("#/parameters/"):
            name = _unescape(param["$ref"][len("#/parameters/") :])
            return self.global_params.get(name, param)
        return param

    def _is_body_or_form(self, param: Any) -> bool:
        target = self._deref(param)
        return isinstance(target, dict) and target.get("in") in ("body", "formData")

    def operation(
        self, op: dict[str, Any], shared_body: list[Any], consumes: list[str], produces: list[str]
    ) -> dict[str, Any]:
        op_consumes = _media_list(op.get("consumes")) or consumes
        op_produces = _media_list(op.get("produces")) or produces
        out: dict[str, Any] = {}
        params: list[Any] = op["parameters"] if isinstance(op.get("parameters"), list) else []
        plain: list[Any] = []
        body: Any = None
        form: list[dict[str, Any]] = []
        for param in [*shared_body, *params]:
            target = self._deref(param)
            where = target.get("in") if isinstance(target, dict) else None
            if where == "body":
                if isinstance(param, dict) and isinstance(param.get("$ref"), str):
                    name = _unescape(param["$ref"][len("#/parameters/") :])
                    body = {"$ref": f"#/components/requestBodies/{_escape(name)}"}
                else:
                    body = self.request_body(target, op_consumes)
            elif where == "formData":
                form.append(target)
            elif isinstance(param, dict) and "$ref" in param:
                plain.append(param)
            elif isinstance(param, dict):
                plain.append(self.parameter(param))
        for key, value in op.items():
            if key in ("consumes", "produces", "schemes"):
                continue
            if key == "parameters":
                if plain:
                    out["parameters"] = plain
            elif key == "responses" and isinstance(value, dict):
                out["responses"] = {
                    code: self.response(r, op_produces) if isinstance(r, dict) else r for code, r in value.items()
                }
            else:
                out[key] = value
        if form:
            out["requestBody"] = self.form_body(form, op_consumes)
        elif body is not None:
            out["requestBody"] = body
        return out

    def parameter(self, param: dict[str, Any]) -> dict[str, Any]:
        if "$ref" in param:
            return param
        out: dict[str, Any] = {}
        for key in ("name", "in", "description", "required", "allowEmptyValue", "deprecated"):
            if key in param:
                out[key] = param[key]
        if param.get("in") == "path":
            out["required"] = True
        schema = _schema_of(param)
        collection = param.get("collectionFormat")
        if isinstance(collection, str) and param.get("type") == "array":
            if collection in _COLLECTION_STYLE:
                style, explode = _COLLECTION_STYLE[collection]
                if param.get("in") in ("path", "header") and collection == "csv":
                    style = "simple"
                out["style"] = style
                out["explode"] = explode
            else:
                out["x-collectionFormat"] = collection
        elif param.get("type") == "array" and param.get("in") == "query":
            out["style"] = "form"
            out["explode"] = False  # Swagger's default collectionFormat is csv
        if "x-example" in param:
            out["example"] = param["x-example"]
        out["schema"] = schema
        for key, value in param.items():
            if key.startswith("x-") and key not in ("x-nullable", "x-example"):
                out[key] = value
        return out

    def request_body(self, param: dict[str, Any], consumes: list[str]) -> dict[str, Any]:
        schema = param.get("schema", {})
        out: dict[str, Any] = {}
        if "description" in param:
            out["description"] = param["description"]
        out["content"] = {media: {"schema": schema} for media in consumes}
        if param.get("required"):
            out["required"] = True
        if "name" in param:
            out["x-body-name"] = param["name"]
        for key, value in param.items():
            if key.startswith("x-"):
                out[key] = value
        return out

    def form_body(self, params: list[dict[str, Any]], consumes: list[str]) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        required: list[str] = []
        has_file = False
        for param in params:
            name = str(param.get("name", ""))
            schema = _schema_of(param)
            if "description" in param:
                schema["description"] = param["description"]
            has_file = has_file or param.get("type") == "file"
            properties[name] = schema
            if param.get("required"):
                required.append(name)
        schema_out: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            schema_out["required"] = required
        media = [m for m in consumes if m.split(";")[0].strip() in _FORM_TYPES]
        if not media:
            media = ["multipart/form-data" if has_file else "application/x-www-form-urlencoded"]
        body: dict[str, Any] = {"content": {m: {"schema": schema_out} for m in media}}
        if required:
            body["required"] = True
        return body

    def response(self, response: dict[str, Any], produces: list[str]) -> dict[str, Any]:
        if "$ref" in response:
            return response
        out: dict[str, Any] = {}
        for key, value in response.items():
            if key == "schema":
                examples: dict[str, Any] = (
                    response["examples"] if isinstance(response.get("examples"), dict) else {}
                )
                content: dict[str, Any] = {}
                for media in produces:
                    entry: dict[str, Any] = {"schema": value}
                    if media in examples:
                        entry["example"] = examples[media]
                    content[media] = entry
                out["content"] = content
            elif key == "headers" and isinstance(value, dict):
                out["headers"] = {
                    name: _header(h) if isinstance(h, dict) else h for name, h in value.items()
                }
            elif key == "examples":
                continue
            else:
                out[key] = value
        return out


def _header(header: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "description" in header:
        out["description"] = header["description"]
    out["schema"] = _schema_of(header)
    for key, value in header.items():
        if key.startswith("x-") and key != "x-nullable":
            out[key] = value
    return out


def _security_scheme(scheme: dict[str, Any]) -> dict[str, Any]:
    kind = scheme.get("type")
    out: dict[str, Any]
    if kind == "basic":
        out = {"type": "http", "scheme": "basic"}
    elif kind == "apiKey":
        out = {"type": "apiKey", "name": scheme.get("name"), "in": scheme.get("in")}
    elif kind == "oauth2":
        flow_name = {
            "implicit": "implicit",
            "password": "password",
            "application": "clientCredentials",
            "accessCode": "authorizationCode",
        }.get(str(scheme.get("flow")), str(scheme.get("flow")))
        flow: dict[str, Any] = {}
        for key in ("authorizationUrl", "tokenUrl"):
            if key in scheme:
                flow[key] = scheme[key]
        flow["scopes"] = scheme.get("scopes") or {}
        out = {"type": "oauth2", "flows": {flow_name: flow}}
    else:
        out = dict(scheme)
    if "description" in scheme:
        out["description"] = scheme["description"]
    for key, value in scheme.items():
        if key.startswith("x-"):
            out[key] = value
    return out


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


def _unescape(name: str) -> str:
    return name.replace("~1", "/").replace("~0", "~")


def rewrite_ref(ref: str, body_params: set[str]) -> str:
    """A Swagger 2.0 `$ref` in its OpenAPI 3 spelling (`#/definitions/X` -> `#/components/schemas/X`)."""
    hash_at = ref.find("#/")
    if hash_at < 0:
        return ref
    prefix, fragment = ref[:hash_at], ref[hash_at + 1 :]
    if fragment.startswith("/definitions/"):
        return f"{prefix}#/components/schemas/{fragment[len('/definitions/'):]}"
    if fragment.startswith("/parameters/"):
        name = fragment[len("/parameters/") :]
        kind = "requestBodies" if not prefix and _unescape(name) in body_params else "parameters"
        return f"{prefix}#/components/{kind}/{name}"
    if fragment.startswith("/responses/"):
        return f"{prefix}#/components/responses/{fragment[len('/responses/'):]}"
    return ref


def _rewrite(root: dict[str, Any], body_params: set[str]) -> None:
    """Iteratively rewrite `$ref`s to the OAS3 layout and Swagger-only schema spellings."""
    stack: list[Any] = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if type(node) is dict:
            ident = id(node)
            if ident in seen:
                continue
            seen.add(ident)
            ref = node.get("$ref")
            if type(ref) is str:
                node["$ref"] = rewrite_ref(ref, body_params)
            if "x-nullable" in node and type(node["x-nullable"]) is bool:
                node.setdefault("nullable", node.pop("x-nullable"))
            if node.get("type") == "file":
                node["type"] = "string"
                node.setdefault("format", "binary")
            if type(node.get("discriminator")) is str:
                node["discriminator"] = {"propertyName": node["discriminator"]}
            stack.extend(v for v in node.values() if type(v) is dict or type(v) is list)
        elif type(node) is list:
            stack.extend(v for v in node if type(v) is dict or type(v) is list)
