"""Source positions, computed only when asked: JSON pointer -> (line, col), both 1-based.

The parsers we use for speed keep no marks. `Locator` finds positions lazily: it descends the
pointer through the text, listing a node's children with one regex pass over its body (see
below). Minified JSON falls back to one token scan (`_scan_json`); `scan_positions` (a full
scan of every key) is kept as the reference the tests compare the locator with. Flow-style
collections inside a line are not entered: lookups answer with the nearest enclosing node.
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


# --- lazy, indentation-guided locator -----------------------------------------------------
#
# Block YAML and pretty-printed JSON share a property: the direct children of a node are the
# lines inside its body at exactly one indentation (deeper lines belong to grandchildren or to
# scalars). So a lookup descends the pointer, and at each level one regex pass over the body
# (in C) lists the children; results are cached per node. A few hundred lookups in a 4 MB spec
# cost a few milliseconds each instead of a full Python scan of every line.

_Q = r"""(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\n]|'')*)'|([^\s#'"{\[\]},&*!|>?%@`-][^#\n]*?|-[^\s#][^#\n]*?))[ \t]*:(?:[ \t]|$)"""
_YAML_KEY_AT = re.compile(_Q, re.M)
_JSON_KEY = r'"((?:[^"\\\n]|\\.)*)"[ \t]*:'
_JSON_KEY_AT = re.compile(_JSON_KEY)
_VALUE_OPEN = re.compile(r"[ \t]*([\[{])")
_OPENS_INLINE = re.compile(r"[ \t]*[\[{][ \t]*[^ \t\r\n]")
_FIRST_CONTENT = re.compile(r"^( *)([^ \r\n#])", re.M)
_PATTERNS: dict[tuple[str, int], re.Pattern[str]] = {}


def _pattern(kind: str, indent: int, first_line: bool = False) -> re.Pattern[str]:
    """Children at exactly `indent`. The literal "\n" + spaces prefix lets the regex engine
    jump between candidate lines instead of testing `^` at every character."""
    key = (f"{kind}{'^' if first_line else ''}", indent)
    found = _PATTERNS.get(key)
    if found is None:
        lead = ("" if first_line else "\n") + " " * indent + "(?! )"
        body = {
            "yaml-map": _Q,
            "yaml-seq": r"(-)(?:[ \t]+(?=[^ \t\r\n])|[ \t]*$)",
            "json-map": _JSON_KEY,
            "json-seq": r"([^ \]}\r\n])",
        }[kind]
        found = _PATTERNS[key] = re.compile(lead + body, re.M)
    return found


class _Node:
    __slots__ = ("body_end", "body_start", "col", "flat", "inline", "kids", "offset", "scalar")

    def __init__(self, offset: int, col: int, body_start: int, body_end: int, inline: int = -1) -> None:
        self.offset = offset  # where the key (or `- `, or element) starts
        self.col = col  # its 0-based column; -1 for the root
        self.body_start = body_start
        self.body_end = body_end
        self.inline = inline  # YAML `- key: v`: where the item's content starts on the dash line
        self.kids: dict[str, _Node] | list[_Node] | None = None
        self.flat: dict[str, tuple[int, int]] | None = None  # JSON written on one line: token scan
        self.scalar = False  # YAML `key: value` on one line: no children to look for below


class Locator:
    """Pointer -> (line, col) over `text`, computed lazily per visited node."""

    def __init__(self, text: str, fmt: str) -> None:
        self.text = text
        self.json = fmt == "json" or text.lstrip()[:1] in ("{", "[")
        self._line_starts: list[int] | None = None
        self._full: dict[str, tuple[int, int]] | None = None
        self.root: _Node | None = None
        if self.json:
            opening = min((i for i in (text.find("{"), text.find("[")) if i >= 0), default=-1)
            newline = text.find("\n", opening)
            if opening >= 0 and newline >= 0 and not text[opening + 1 : newline].strip():
                self.root = _Node(opening, -1, newline + 1, len(text))
            else:  # minified JSON: no lines to go by; one token scan instead
                self._full = _scan_json(text)
        else:
            self.root = _Node(0, -1, 0, len(text))

    def position(self, offset: int) -> tuple[int, int]:
        if self._line_starts is None:
            starts = [0]
            total = 0
            for row in self.text.split("\n"):
                total += len(row) + 1
                starts.append(total)
            self._line_starts = starts
        from bisect import bisect_right

        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def find(self, pointer: str) -> tuple[tuple[int, int], bool]:
        """(position of the deepest node found along `pointer`, whether it is the node itself)."""
        if self._full is not None:
            probe = pointer
            while True:
                if probe in self._full:
                    return self._full[probe], probe == pointer
                if not probe:
                    return (1, 1), False
                probe = probe.rsplit("/", 1)[0]
        node = self.root
        assert node is not None
        best = self.position(node.offset) if self.json else (1, 1)
        if not pointer:
            return best, True
        tokens = pointer[1:].split("/")
        for depth, raw in enumerate(tokens):
            token = raw.replace("~1", "/").replace("~0", "~")
            kids = self._children(node)
            if node.flat is not None:
                probe = "/" + "/".join(tokens[depth:])
                while probe:
                    if probe in node.flat:
                        return node.flat[probe], probe == "/" + "/".join(tokens[depth:])
                    probe = probe.rsplit("/", 1)[0]
                return best, False
            child: _Node | None
            if isinstance(kids, list):
                child = kids[int(token)] if token.isdigit() and int(token) < len(kids) else None
            else:
                child = kids.get(token)
            if child is None:
                return best, False
            node = child
            best = self.position(node.offset)
        return best, True

    def _children(self, node: _Node) -> dict[str, _Node] | list[_Node]:
        if node.kids is not None:
            return node.kids
        if self.json and node.col >= 0 and _OPENS_INLINE.match(self.text, self._value_start(node)):
            node.kids = {}
            self._scan_flat(node)
            return node.kids
        node.kids = self._scan_children(node)
        if self.json and not node.kids:
            self._scan_flat(node)
        return node.kids

    def _value_start(self, node: _Node) -> int:
        text = self.text
        if text.startswith('"', node.offset) and node.col >= 0:
            found = _JSON_KEY_AT.match(text, node.offset)
            if found is not None:
                return found.end()
        return node.offset

    def _scan_flat(self, node: _Node) -> None:
        """JSON containers written on one line (`"info": {"title": "t"}`): scan their tokens."""
        text = self.text
        match = _VALUE_OPEN.match(text, self._value_start(node))
        if match is None:
            return
        start = match.start(1)
        end = min(node.body_end, len(text))
        line, col = self.position(start)
        flat: dict[str, tuple[int, int]] = {}
        for pointer, (rel_line, rel_col) in _scan_json(text[start:end]).items():
            if pointer:
                flat[pointer] = (line + rel_line - 1, rel_col + (col - 1 if rel_line == 1 else 0))
        node.flat = flat

    def _scan_children(self, node: _Node) -> dict[str, _Node] | list[_Node]:
        text = self.text
        if node.scalar:
            return {}
        first_key: tuple[str, _Node] | None = None
        if node.inline >= 0:  # YAML `- key: value`: the first key sits on the dash line
            found = _YAML_KEY_AT.match(text, node.inline)
            if found is None:
                return {}
            indent = node.inline - (text.rfind("\n", 0, node.inline) + 1)
            mode = "yaml-map"
            first_key = (_key_of(found), _Node(node.inline, indent, node.body_start, node.body_end))
        else:
            first = _FIRST_CONTENT.search(text, node.body_start, node.body_end)
            if first is None:
                return {}
            indent = len(first.group(1))
            lead = first.start(2)
            if self.json:
                if indent <= node.col:
                    return {}
                mode = "json-map" if re.match(_JSON_KEY, text[lead : lead + 4096]) else "json-seq"
            else:
                dash = text.startswith("-", lead) and text[lead + 1 : lead + 2] in ("", " ", "\t", "\n", "\r")
                if indent < node.col or (indent == node.col and not dash):
                    return {}
                mode = "yaml-seq" if dash else "yaml-map"
        matches = []
        if node.body_start == 0 or text[node.body_start - 1] != "\n":
            head = _pattern(mode, indent, first_line=True).match(text, node.body_start, node.body_end)
            if head is not None:
                matches.append(head)
        matches.extend(_pattern(mode, indent).finditer(text, max(node.body_start - 1, 0), node.body_end))
        ends = [m.start() for m in matches[1:]] + [node.body_end] if matches else []
        if first_key is not None:
            first_key[1].body_end = matches[0].start() if matches else node.body_end
        if mode.endswith("seq"):
            items: list[_Node] = []
            for found, end in zip(matches, ends, strict=True):
                start = found.start(1)
                line_end = text.find("\n", found.end())
                body_start = len(text) if line_end < 0 else line_end + 1
                inline = -1
                if mode == "yaml-seq" and found.end() < len(text) and text[found.end() : found.end() + 1] not in ("\n", "\r", ""):
                    inline = found.end()
                items.append(_Node(start, indent, min(body_start, end), end, inline))
            return items
        kids: dict[str, _Node] = {}
        if first_key is not None:
            kids[first_key[0]] = first_key[1]
        for found, end in zip(matches, ends, strict=True):
            line_end = text.find("\n", found.end())
            body_start = len(text) if line_end < 0 else line_end + 1
            if self.json:
                key, start = _unquote_double(found.group(1)), found.start(1) - 1
            else:
                key, start = _key_of(found), _key_start(found)
            child = _Node(start, indent, min(body_start, end), end)
            if not self.json:
                value = text[found.end() : body_start].strip()
                child.scalar = bool(value) and value[0] not in "#&!" and not value.startswith(("{", "["))
            kids.setdefault(key, child)
        return kids


def _key_of(found: re.Match[str]) -> str:
    double, single, plain = found.group(1), found.group(2), found.group(3)
    if double is not None:
        return _unquote_double(double)
    if single is not None:
        return single.replace("''", "'")
    return plain.rstrip()


def _key_start(found: re.Match[str]) -> int:
    for group in (1, 2, 3):
        if found.group(group) is not None:
            return found.start(group) - (0 if group == 3 else 1)
    return found.start()
