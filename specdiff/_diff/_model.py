"""The typed diff model: what was added, removed or modified, node by node.

Knows nothing of rules or severity. Nodes are the *resolved* objects (local `$ref`s followed);
each `Side` keeps the JSON pointer where the resolved object lives, so a node found through
`#/components/...` carries a pointer into components (that is how rules learn the component).
Only modified pairs that are not `same()` are listed, so rules never walk unchanged subtrees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Side:
    """One side of a node: the resolved object and the pointer where it lives."""

    node: Any
    pointer: str


@dataclass
class MapDiff(Generic[T]):
    """Keyed children: added (revision only), removed (base only), modified (both, differing)."""

    added: dict[str, Side] = field(default_factory=dict)
    removed: dict[str, Side] = field(default_factory=dict)
    modified: dict[str, T] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.modified)


@dataclass
class MediaTypeDiff:
    """One media type present on both sides of a body (request body or response)."""

    media_type: str
    base: Side
    revision: Side

    @property
    def base_schema(self) -> Side | None:
        return _child(self.base, "schema")

    @property
    def revision_schema(self) -> Side | None:
        return _child(self.revision, "schema")


@dataclass
class ParameterDiff:
    """A parameter present on both sides. Path parameters match by position in the template,
    so `name` may differ between `base_name` and `revision_name` (a rename)."""

    location: str  # path | query | header | cookie
    base_name: str
    revision_name: str
    base: Side
    revision: Side


@dataclass
class HeaderDiff:
    """A response header present on both sides."""

    name: str
    base: Side
    revision: Side


@dataclass
class ResponseDiff:
    """A response status present on both sides."""

    status: str
    base: Side
    revision: Side
    content: MapDiff[MediaTypeDiff] = field(default_factory=MapDiff)
    headers: MapDiff[HeaderDiff] = field(default_factory=MapDiff)


@dataclass
class RequestBodyDiff:
    """The request body of an operation; `base`/`revision` is None where it is absent."""

    base: Side | None
    revision: Side | None
    content: MapDiff[MediaTypeDiff] = field(default_factory=MapDiff)


@dataclass
class OperationRef:
    """An operation on one side (added or removed operations)."""

    method: str  # lower-case as in the document
    path: str
    side: Side
    path_item: Side

    @property
    def key(self) -> str:
        return f"{self.method.upper()} {self.path}"


@dataclass
class OperationDiff:
    """An operation present on both sides (matched by method and path template)."""

    method: str
    base_path: str
    revision_path: str
    base: Side
    revision: Side
    base_path_item: Side
    revision_path_item: Side
    parameters: MapDiff[ParameterDiff] = field(default_factory=MapDiff)
    request_body: RequestBodyDiff | None = None
    responses: MapDiff[ResponseDiff] = field(default_factory=MapDiff)
    # parameter keys that come from the path item (not the operation) on each side
    base_path_level: frozenset[str] = frozenset()
    revision_path_level: frozenset[str] = frozenset()

    @property
    def key(self) -> str:
        return f"{self.method.upper()} {self.revision_path}"


@dataclass
class PathRemoval:
    """A whole path gone (no path with the same template in the revision)."""

    path: str
    path_item: Side
    operations: list[OperationRef]


@dataclass
class SpecDiff:
    """Two documents compared. `operations_*` cover every operation, including those of
    added/removed paths; `paths_removed`/`paths_added` say which went with their whole path."""

    base_doc: dict[str, Any]
    revision_doc: dict[str, Any]
    operations_added: list[OperationRef] = field(default_factory=list)
    operations_removed: list[OperationRef] = field(default_factory=list)
    operations_modified: list[OperationDiff] = field(default_factory=list)
    paths_added: dict[str, PathRemoval] = field(default_factory=dict)
    paths_removed: dict[str, PathRemoval] = field(default_factory=dict)
    # path items on both sides that differ: (base path, revision path, base item, revision item)
    paths_modified: list[tuple[str, str, Side, Side]] = field(default_factory=list)
    security_schemes: MapDiff[tuple[Side, Side]] = field(default_factory=MapDiff)
    webhooks: MapDiff[tuple[Side, Side]] = field(default_factory=MapDiff)


def _child(side: Side, key: str) -> Side | None:
    node = side.node
    if isinstance(node, dict) and key in node:
        from specdiff._diff._refs import escape

        return Side(node[key], f"{side.pointer}/{escape(key)}")
    return None
