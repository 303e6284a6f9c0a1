"""Fast JSON pointer -> (line, col) for pretty-printed JSON, touching only the containers on
the way down.

A full token scan of a 12 MB JSON spec costs seconds in Python. Pretty-printed JSON (how
published specs ship) has one member per line at a fixed indentation, so the direct members of
a container are the lines with exactly one more indentation step: one C-speed regex pass per
visited container finds them all, memoised. Minified JSON and YAML return None here; the caller
then uses the loader's `LoadedSpec.locate`.
"""

from __future__ import annotations

import json
import re


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


class JsonLocator:
    """Positions of nodes in one pretty-printed JSON text; containers indexed lazily."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.step = self._detect_step(text)
        self._children: dict[int, dict[str, int]] = {}
        self._offsets: dict[str, int | None] = {}
        self._keys: dict[int, int] = {}  # value offset -> offset of its member name
        self._patterns: dict[tuple[int, bool], re.Pattern[str]] = {}

    @staticmethod
    def _detect_step(text: str) -> int:
        """Indentation step (spaces) when the text is pretty-printed; 0 otherwise."""
        head = text.lstrip()
        if not head.startswith("{"):
            return 0
        m = re.match(r"\{[ \t]*\r?\n( +)\S", head)
        return len(m.group(1)) if m else 0

    @property
    def usable(self) -> bool:
        return self.step > 0

    def _indent_of(self, at: int) -> int:
        start = self.text.rfind("\n", 0, at) + 1
        n = 0
        while self.text[start + n] == " ":
            n += 1
        return n

    def _pattern(self, indent: int, obj: bool) -> re.Pattern[str]:
        """Direct members one step deeper than `indent`, or the container's closing line."""
        key = (indent, obj)
        pat = self._patterns.get(key)
        if pat is None:
            inner = str(indent + self.step)
            member = r'"((?:[^"\\\n]|\\.)*)"[ \t]*:[ \t]*' if obj else r"([^ \t\r\n\]}])"
            pat = re.compile(r"\n {" + inner + "}" + member + r"|\n {" + str(indent) + r"}([}\]])")
            self._patterns[key] = pat
        return pat

    def _index(self, start: int) -> dict[str, int]:
        """Member name (or item index) -> offset, for the container opened at `start`."""
        hit = self._children.get(start)
        if hit is not None:
            return hit
        text = self.text
        out: dict[str, int] = {}
        indent = self._indent_of(start)
        rest = text[start + 1 : start + 64].lstrip(" \t")
        if rest[:1] in ("\n", "\r"):  # multi-line container: members one step deeper
            obj = text[start] == "{"
            i = 0
            for m in self._pattern(indent, obj).finditer(text, start):
                if m.group(2) is not None:  # the container's closing line
                    break
                if obj:
                    raw = m.group(1)
                    name = json.loads(f'"{raw}"') if "\\" in raw else raw
                    out[name] = m.end()
                    self._keys[m.end()] = m.start() + 1 + indent + self.step
                else:
                    out[str(i)] = m.start(1)
                    i += 1
        self._children[start] = out
        return out

    def offset(self, pointer: str) -> int | None:
        if pointer in self._offsets:
            return self._offsets[pointer]
        found: int | None
        if not pointer:
            found = len(self.text) - len(self.text.lstrip())
        else:
            parent, _, token = pointer.rpartition("/")
            base = self.offset(parent)
            found = None
            if base is not None and self.text[base] in "{[":
                found = self._index(base).get(_unescape(token))
        self._offsets[pointer] = found
        return found

    def anchor(self, pointer: str) -> int | None:
        """Offset of the node's member name (or the value itself for items and the root)."""
        if not self.usable:
            return None
        at = self.offset(pointer)
        return None if at is None else self._keys.get(at, at)

    def positions(self, pointers: list[str]) -> dict[str, tuple[int, int]]:
        """(line, col), 1-based, for each pointer found; newlines counted in one sorted pass."""
        found = sorted((off, p) for p in pointers if (off := self.anchor(p)) is not None)
        out: dict[str, tuple[int, int]] = {}
        text = self.text
        line, last = 1, 0
        for off, p in found:
            line += text.count("\n", last, off)
            last = off
            out[p] = (line, off - text.rfind("\n", 0, off))
        return out

    def locate(self, pointer: str) -> tuple[int, int] | None:
        """(line, col), 1-based, of the node at `pointer`; None when not found this way."""
        return self.positions([pointer]).get(pointer)


_YAML_KEY = r"""(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\n]|'')*)'|([^\s#'"{\[\]},&*!|>?%@`-][^\n#]*?|-[^\s#][^\n#]*?))[ \t]*:(?=[ \t]|\r?\n|$)"""


class YamlLocator:
    """Positions in block-style YAML by indentation: each visited mapping or sequence is indexed
    with one regex pass over its own lines. Flow collections and scalars are not entered (the
    caller gets the nearest enclosing node)."""

    def __init__(self, text: str) -> None:
        self.text = "\n" + text  # every line now starts right after a "\n"
        self._index_cache: dict[int, dict[str, tuple[int, int, int]]] = {}
        self._nodes: dict[str, tuple[int, int, int] | None] = {}  # pointer -> (anchor, start, end)
        self._patterns: dict[tuple[int, bool], re.Pattern[str]] = {}
        self._key = re.compile(_YAML_KEY)
        self._dash = re.compile(r"-(?=[ \t]|\r?\n)")
        self._content = re.compile(r"\n( *)[^\s#]")

    def _pattern(self, indent: int, seq: bool) -> re.Pattern[str]:
        key = (indent, seq)
        pat = self._patterns.get(key)
        if pat is None:
            body = r"-(?=[ \t]|\r?\n)" if seq else _YAML_KEY
            pat = re.compile(r"\n {" + str(indent) + "}" + body)
            self._patterns[key] = pat
        return pat

    def _name(self, m: re.Match[str]) -> str:
        if m.group(1) is not None:
            raw = m.group(1)
            return str(json.loads(f'"{raw}"')) if "\\" in raw else raw
        if m.group(2) is not None:
            return m.group(2).replace("''", "'")
        return (m.group(3) or "").strip()

    def _children(self, start: int, end: int) -> dict[str, tuple[int, int, int]]:
        """Members of the block node whose content is [start, end): name -> (anchor, start, end)."""
        hit = self._index_cache.get(start)
        if hit is not None:
            return hit
        text = self.text
        out: dict[str, tuple[int, int, int]] = {}
        nl = text.find("\n", start, end)
        rest = text[start : nl if nl >= 0 else end]
        stripped = rest.lstrip(" \t")
        firsts: list[re.Match[str]] = []
        if stripped and not stripped.startswith("#"):  # content on this line (after a dash)
            at = start + len(rest) - len(stripped)
            indent = at - (text.rfind("\n", 0, at) + 1)
            seq = self._dash.match(text, at) is not None
            head = (self._dash if seq else self._key).match(text, at)
            if head is None:
                self._index_cache[start] = out
                return out
            firsts.append(head)
            scan_from = head.end()
        else:
            m = self._content.search(text, nl if nl >= 0 else start, end)
            if m is None:
                self._index_cache[start] = out
                return out
            at, indent = m.end() - 1, len(m.group(1))
            seq = self._dash.match(text, at) is not None
            scan_from = at - indent - 1
        matches = firsts + list(self._pattern(indent, seq).finditer(text, scan_from, end))
        for i, m in enumerate(matches):
            child_end = matches[i + 1].start() if i + 1 < len(matches) else end
            anchor = m.start() + 1 + indent if text[m.start()] == "\n" else m.start()
            if seq:
                out[str(i)] = (anchor, anchor + 1, child_end)
            else:
                out[self._name(m)] = (anchor, m.end(), child_end)
        self._index_cache[start] = out
        return out

    def _node(self, pointer: str) -> tuple[int, int, int] | None:
        if pointer in self._nodes:
            return self._nodes[pointer]
        found: tuple[int, int, int] | None = None
        if not pointer:
            found = (1, 0, len(self.text))
        else:
            parent, _, token = pointer.rpartition("/")
            up = self._node(parent)
            if up is not None:
                found = self._children(up[1], up[2]).get(_unescape(token))
        self._nodes[pointer] = found
        return found

    def positions(self, pointers: list[str]) -> dict[str, tuple[int, int]]:
        """(line, col), 1-based; a pointer not reachable gets its nearest located ancestor."""
        found: list[tuple[int, str]] = []
        for p in set(pointers):
            probe = p
            node = self._node(probe)
            while node is None and probe:
                probe = probe.rpartition("/")[0]
                node = self._node(probe)
            if node is not None:
                found.append((node[0], p))
        found.sort()
        out: dict[str, tuple[int, int]] = {}
        text = self.text
        line, last = 0, 0
        for off, p in found:
            line += text.count("\n", last, off)
            last = off
            out[p] = (max(line, 1), off - text.rfind("\n", 0, off))
        return out
