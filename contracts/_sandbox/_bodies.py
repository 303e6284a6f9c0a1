"""Response bodies and headers that conform to the documented schema.

A body starts from the documented example when it validates, else from a deterministic generated
value (seeded by sandbox seed, operation and status); the handler's record (stored resource,
Zuora error, `success` flag) is laid over it, and any overlaid field that breaks the schema is
reverted. The result is validated before it is returned: outside a fault profile the sandbox
answers what it documents.
"""

from __future__ import annotations

import copy
import random
import re
from typing import Any

import orjson

from contracts._sandbox._generate import Generator
from contracts._sandbox._schema import Validator
from contracts._sandbox._spec import Operation, SpecIndex

JSON_TYPES = ("application/json",)
_ANY: dict[str, Any] = {}  # the schema of a media type that gives none
_STRING: dict[str, Any] = {"type": "string"}


def is_json(media: str) -> bool:
    media = media.lower()
    return media.startswith("application/json") or media.endswith("+json") or media == "*/*" or "json" in media


class Bodies:
    """Builds conforming bodies and headers for one spec; caches per (operation, status)."""

    def __init__(self, index: SpecIndex, seed: int) -> None:
        self.index = index
        self.seed = seed
        self._base: dict[tuple[str, int, bool], Any] = {}
        self._headers: dict[tuple[str, int], dict[str, str]] = {}
        self.unconformable: set[str] = set()

    # -- media -----------------------------------------------------------------------------------
    def media(self, op: Operation, status: int) -> tuple[str | None, dict[str, Any] | None]:
        found = op.response_for(status)
        if found is None:
            return "application/json", None
        _, response = found
        content = response.get("content")
        if not isinstance(content, dict) or not content:
            return None, None
        for name, media in content.items():
            if is_json(name) and name != "*/*":
                return ("application/json" if "*" in name else name), self.index.resolve(media) or {}
        name, media = next(iter(content.items()))
        if name == "*/*":
            return "application/json", self.index.resolve(media) or {}
        return name, self.index.resolve(media) or {}

    def validator(self, op: Operation, status: int) -> Validator | None:
        _, media = self.media(op, status)
        if media is None:
            return None
        return self.index.bundler.validator(media.get("schema") if "schema" in media else _ANY)

    # -- bodies ----------------------------------------------------------------------------------
    def _examples(self, media: dict[str, Any]) -> list[Any]:
        found: list[Any] = []
        if "example" in media:
            found.append(media["example"])
        for ex in (media.get("examples") or {}).values():
            ex = self.index.resolve(ex)
            if isinstance(ex, dict) and "value" in ex:
                found.append(ex["value"])
        schema = self.index.resolve(media.get("schema"))
        if isinstance(schema, dict) and "example" in schema:
            found.append(schema["example"])
        return found

    def base(self, op: Operation, status: int, minimal: bool) -> Any:
        """A valid body for (op, status): an example if one conforms, else generated."""
        key = (op.key, status, minimal)
        if key in self._base:
            return copy.deepcopy(self._base[key])
        _, media = self.media(op, status)
        value: Any = None
        if media is not None:
            validator = self.validator(op, status)
            assert validator is not None
            if not minimal:
                for example in self._examples(media):
                    if validator.is_valid(example):
                        value = example
                        break
            if value is None:
                for attempt in range(8):
                    rng = random.Random(f"{self.seed}|{op.key}|{status}|{attempt}")
                    gen = Generator(validator.schema, rng, optional=0.0 if minimal else 0.7)
                    value = gen.value()
                    if validator.is_valid(value):
                        break
                else:
                    self.unconformable.add(op.key)
        self._base[key] = value
        return copy.deepcopy(value)

    def body(self, op: Operation, status: int, record: dict[str, Any] | None, *, minimal: bool = False, keep_extra: bool = False) -> tuple[str | None, Any]:
        """(content type, body) for `status`; `record` fields overlay the base where they conform."""
        content_type, media = self.media(op, status)
        if content_type is None:
            return None, None
        if media is None:  # status not documented at all: the record as is
            return content_type, record
        if not is_json(content_type):
            base = self.base(op, status, minimal)
            if isinstance(base, str):
                return content_type, base.encode()
            return content_type, b""
        validator = self.validator(op, status)
        assert validator is not None
        base = self.base(op, status, minimal)
        if isinstance(base, list) and isinstance(record, dict) and record.get("success") is True:
            # A list of results for a success: none of them generated as failed.
            flagged = [{k: True if k.lower() == "success" and v is False else v for k, v in item.items()} if isinstance(item, dict) else item for item in base]
            if validator.is_valid(flagged):
                base = flagged
        if not record:
            return content_type, base
        if not isinstance(base, dict):
            return content_type, base if not validator.is_valid(record) else record
        gen = Generator(validator.schema, random.Random(f"{self.seed}|{op.key}|{status}|fill"))
        schema = gen.merge(validator.schema)
        props = schema.get("properties") or {}
        allow_extra = schema.get("additionalProperties", True) is not False
        candidate = dict(base)
        for name, value in record.items():
            if name in props or (keep_extra and allow_extra):
                candidate[name] = _fit(gen, value, props[name]) if name in props else value
        for _ in range(4):
            problems = validator.errors(candidate, limit=20)
            if not problems:
                return content_type, candidate
            changed = False
            for problem in problems:
                if not problem.path:
                    continue
                top = problem.path[0]
                if not isinstance(top, str) or top not in candidate:
                    continue
                if top in base and candidate[top] != base[top]:
                    candidate[top] = copy.deepcopy(base[top])
                    changed = True
                elif top not in base:
                    del candidate[top]
                    changed = True
            if not changed:
                break
        return content_type, base

    def failed_item(self, op: Operation, status: int, reasons: Any) -> dict[str, Any] | None:
        """One failed result for a success schema that is a list of results: the item's boolean
        success flag (any spelling: `success`, `Success`) false, its errors/reasons list filled
        from `reasons` ({code, message} matched by name, any case). None when the items have no
        such flag or the result does not validate."""
        validator = self.validator(op, status)
        if validator is None:
            return None
        gen = Generator(validator.schema, random.Random(f"{self.seed}|{op.key}|{status}|failed"))
        top = gen.merge(validator.schema)
        items = gen.merge(top.get("items")) if top.get("type") == "array" or "items" in top else {}
        props = {str(k): gen.merge(v) for k, v in (items.get("properties") or {}).items()}
        flag = next((k for k, v in props.items() if k.lower() == "success" and v.get("type") == "boolean"), None)
        if flag is None:
            return None
        item: dict[str, Any] = {flag: False}
        listed = next((k for k, v in props.items() if k.lower() in ("errors", "reasons") and v.get("type") == "array"), None)
        if listed is not None and isinstance(reasons, list):
            entry = gen.merge(props[listed].get("items"))
            names = {str(k).lower(): str(k) for k in (entry.get("properties") or {})}
            entries = []
            for reason in reasons:
                if isinstance(reason, dict):
                    entries.append({names[k]: str(v) if k == "code" else v for k, v in reason.items() if k in names})
            item[listed] = [_fit(gen, e, entry) for e in entries]
        item_validator = self.index.bundler.validator(top.get("items") or {})
        return item if item_validator.is_valid(item) else None

    # -- headers ---------------------------------------------------------------------------------
    def conform_headers(self, op: Operation, status: int, headers: dict[str, str]) -> None:
        """Give each emitted header the response documents a value its schema accepts.

        Our own values (WWW-Authenticate on a 401, say) are Zuora-like, but a spec may pin the
        header to an enum or pattern: the documented schema wins, generated deterministically.
        """
        response = op.response_for(status)
        if response is None:
            return
        documented = {str(n).lower(): self.index.resolve(h) or {} for n, h in (response[1].get("headers") or {}).items()}
        for name in list(headers):
            header = documented.get(name.lower())
            if not isinstance(header, dict) or not isinstance(header.get("schema"), dict | bool):
                continue
            validator = self.index.bundler.validator(header["schema"])
            if validator.is_valid(headers[name]) or validator.is_valid(_scalar(headers[name])):
                continue
            for attempt in range(8):
                value = Generator(validator.schema, random.Random(f"{self.seed}|{op.key}|{status}|{name}|{attempt}")).value()
                if validator.is_valid(value):
                    headers[name] = str(value).lower() if isinstance(value, bool) else str(value)
                    break

    def required_headers(self, op: Operation, status: int, skip: frozenset[str]) -> dict[str, str]:
        """Values for documented required response headers we do not set ourselves."""
        key = (op.key, status)
        found = self._headers.get(key)
        if found is not None:
            return found
        out: dict[str, str] = {}
        response = op.response_for(status)
        if response is not None:
            for name, header in (response[1].get("headers") or {}).items():
                header = self.index.resolve(header) or {}
                if name.lower() in skip or not header.get("required"):
                    continue
                validator = self.index.bundler.validator(header.get("schema") or _STRING)
                rng = random.Random(f"{self.seed}|{op.key}|{status}|{name}")
                value = Generator(validator.schema, rng).value()
                out[name] = str(value).lower() if isinstance(value, bool) else str(value)
        self._headers[key] = out
        return out


def _scalar(text: str) -> Any:
    """A header's text as the JSON scalar it spells (integers, numbers, booleans), else itself."""
    try:
        return orjson.loads(text) if text[:1] in "-0123456789tf" else text
    except orjson.JSONDecodeError:
        return text


def _fit(gen: Generator, value: Any, schema: Any, depth: int = 0) -> Any:
    """`value` with scalars converted to the types `schema` documents where that is lossless.

    Our error bodies carry Zuora's string codes ("50000020"); a spec may document
    `reasons[].code` as an integer. Converting keeps the record's meaning in the documented shape
    instead of throwing the whole property away.
    """
    if depth > 12:
        return value
    merged = gen.merge(schema)
    if isinstance(value, dict):
        props = merged.get("properties") or {}
        return {k: _fit(gen, v, props[k], depth + 1) if k in props else v for k, v in value.items()}
    if isinstance(value, list):
        items = merged.get("items")
        return [_fit(gen, v, items, depth + 1) for v in value] if isinstance(items, dict) else value
    kind = merged.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    if isinstance(value, str) and "string" not in kinds:
        if ("integer" in kinds or "number" in kinds) and re.fullmatch(r"-?\d{1,18}", value):
            return int(value)
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and kinds == ["string"]:
        return str(value)
    return value
