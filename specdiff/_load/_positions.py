"""Source positions, computed only when asked: JSON pointer -> (line, col), both 1-based.

The parsers we use for speed keep no marks, so positions come from one cheap scan of the
text: a line scanner for block-style YAML (keys and `- ` items, skipping scalar
continuations) and a token scanner for JSON. Flow-style YAML inside a line is not entered;
`LoadedSpec.locate` then answers with the nearest enclosing node.
"""

from __future__ import annotations

import re

from specdiff._load._model import escape_token

_KEY = re.compile(
    r"""(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#'"{\[\]},&*!|>?%@`-][^#]*?|-[^\s#][^#]*?))[ \t]*:(?:[ \t]+|$)"""
)
_JSON_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[{}\[\],:]')


def scan_positions(text: str, fmt: str) -> dict[str, tuple[int, int]]:
    if fmt == "json" or text.lstrip()[:1] in ("{", "["):
        return _scan_json(text)
    return _scan_yaml(text)


def _unquote_double(raw: str) -> str:
    if "\\" not in raw:
        return raw
    try:
        import json

        return str(json.loads(f'"{raw}"'))
    except ValueError:
        return raw


def _scan_yaml(text: str) -> dict[str, tuple[int, int]]:
    positions: dict[str, tuple[int, int]] = {"": (1, 1)}
    stack: list[tuple[int, str, bool]] = []  # (column, pointer, is_sequence_item)
    counters: dict[str, int] = {}
    skip_deeper_than = -1
    match_key = _KEY.match
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip(" ")
        if not stripped or stripped[0] == "#":
            continue
        col = len(line) - len(stripped)
        if skip_deeper_than >= 0:
            if col > skip_deeper_than:
                continue
            skip_deeper_than = -1
        if col == 0 and (stripped.startswith("---") or stripped.startswith("...") or stripped[0] == "%"):
            continue
        content = stripped
        while content[:2] == "- " or content == "-":
            while stack and (stack[-1][0] > col or (stack[-1][0] == col and stack[-1][2])):
                stack.pop()
            parent = stack[-1][1] if stack else ""
            index = counters.get(parent, 0)
            counters[parent] = index + 1
            pointer = f"{parent}/{index}"
            positions.setdefault(pointer, (number, col + 1))
            stack.append((col, pointer, True))
            rest = content[1:].lstrip(" ")
            col += len(content) - len(rest)
            content = rest
            if not content:
                break
        if not content or content[0] == "#":
            continue
        found = match_key(content)
        if found is None:
            # a scalar item or a flow value: its continuation lines are deeper
            skip_deeper_than = col
            continue
        double, single, plain = found.groups()
        key = (
            _unquote_double(double)
            if double is not None
            else single.replace("''", "'")
            if single is not None
            else plain.rstrip()
        )
        while stack and stack[-1][0] >= col:
            stack.pop()
        parent = stack[-1][1] if stack else ""
        pointer = f"{parent}/{escape_token(key)}"
        positions.setdefault(pointer, (number, col + 1))
        value = content[found.end() :].strip()
        if value.startswith(("&", "!")) and " " not in value:
            value = ""  # only an anchor or a tag: the value is the block below
        if value and value[0] != "#":
            skip_deeper_than = col
        stack.append((col, pointer, False))
    return positions


def _scan_json(text: str) -> dict[str, tuple[int, int]]:
    positions: dict[str, tuple[int, int]] = {"": (1, 1)}
    line_starts = [0]
    find = text.find
    at = find("\n")
    while at >= 0:
        line_starts.append(at + 1)
        at = find("\n", at + 1)
    from bisect import bisect_right

    def where(offset: int) -> tuple[int, int]:
        line = bisect_right(line_starts, offset)
        return line, offset - line_starts[line - 1] + 1

    # frames: [pointer, is_object, index, pending_key]
    frames: list[list[object]] = []
    expect_key = False
    pending: str | None = None
    for token in _JSON_TOKEN.finditer(text):
        char = token.group()[0]
        if char == '"':
            if frames and frames[-1][1] and expect_key:
                raw = token.group()[1:-1]
                key = _unquote_double(raw)
                pending = f"{frames[-1][0]}/{escape_token(key)}"
                positions.setdefault(pending, where(token.start()))
                expect_key = False
            elif frames and not frames[-1][1]:
                positions.setdefault(f"{frames[-1][0]}/{frames[-1][2]}", where(token.start()))
        elif char in "{[":
            if not frames:
                pointer = ""
            elif frames[-1][1]:
                pointer = pending or ""
            else:
                pointer = f"{frames[-1][0]}/{frames[-1][2]}"
                positions.setdefault(pointer, where(token.start()))
            frames.append([pointer, char == "{", 0, None])
            expect_key = char == "{"
        elif char in "}]":
            if frames:
                frames.pop()
            expect_key = False
        elif char == "," and frames:
            if frames[-1][1]:
                expect_key = True
            else:
                frames[-1][2] = int(str(frames[-1][2])) + 1
    return positions


_SWAGGER_PREFIXES = (
    ("/components/schemas/", "/definitions/"),
    ("/components/parameters/", "/parameters/"),
    ("/components/requestBodies/", "/parameters/"),
    ("/components/responses/", "/responses/"),
    ("/components/securitySchemes/", "/securityDefinitions/"),
)
_CONTENT = re.compile(r"/content/[^/]+/schema")


def swagger_pointer(pointer: str) -> str:
    """Map an OpenAPI 3 pointer of a converted Swagger 2.0 spec back to the Swagger layout."""
    for new, old in _SWAGGER_PREFIXES:
        if pointer.startswith(new):
            pointer = old + pointer[len(new) :]
            break
    pointer = _CONTENT.sub("/schema", pointer, count=1)
    return pointer.replace("/requestBody", "/parameters", 1)
