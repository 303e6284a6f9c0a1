"""What a rule function gets: where it is (operation, direction, position) and how to emit.

Rules never build `Change`s themselves: they call `ctx.emit(rule_id, ...)` with the rule's
arguments and the base/revision pointers, and the context adds level and message (from the
registry), operation, operationId, tags, direction, component, file:line:col and a fingerprint.

Contexts are immutable; `ctx.child(...)` narrows one (e.g. to a response status and media type)
before handing it to a nested comparer such as `specdiff._rules.schema.compare_schemas`.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from specdiff._diff import RefIndex, Side, resolve_side
from specdiff._diff._locate import JsonLocator, YamlLocator
from specdiff._load import LoadedSpec
from specdiff._model import Change, Direction, Location
from specdiff._rules._registry import get_rule


@dataclass(frozen=True)
class Options:
    """Policy knobs of a comparison (oasdiff's `--deprecation-days-*`).

    `deprecation_days_stable`/`_beta`: minimum days between deprecating an operation (or
    parameter) and its `x-sunset`; 0 means no policy. `today` pins "now" for tests.
    """

    deprecation_days_stable: int = 0
    deprecation_days_beta: int = 0
    today: date | None = None

    def now(self) -> date:
        return self.today or date.today()


class Emitter:
    """Collects the changes of one comparison; shared by every context of that comparison."""

    def __init__(
        self, base: LoadedSpec, revision: LoadedSpec, refs: RefIndex, options: Options | None = None
    ) -> None:
        self.options = options or Options()
        self.base = base
        self.revision = revision
        self.refs = refs
        self.changes: list[Change] = []
        self._seen: set[str] = set()
        self.memo: dict[Any, Any] = {}  # free for comparers (e.g. schema findings per ref pair)

    def location(self, pointer: str | None, *, base: bool) -> Location | None:
        """A location without line/col yet: `finalize` fills those in one batch per document."""
        if pointer is None:
            return None
        spec = self.base if base else self.revision
        return Location(pointer=pointer, file=spec.source or None)

    def finalize(self) -> list[Change]:
        """The changes with file:line:col filled in where the source position is known."""
        pos_base = self._positions(self.base, [c.base.pointer for c in self.changes if c.base])
        pos_rev = self._positions(self.revision, [c.revision.pointer for c in self.changes if c.revision])
        out = []
        for c in self.changes:
            b = _with_position(c.base, pos_base)
            r = _with_position(c.revision, pos_rev)
            out.append(c if b is c.base and r is c.revision else dataclasses.replace(c, base=b, revision=r))
        return out

    @staticmethod
    def _positions(spec: LoadedSpec, pointers: list[str]) -> dict[str, tuple[int, int]]:
        if not pointers or not spec.text:
            return {}
        if not str(spec.original_version).startswith("2"):  # Swagger 2.0: the loader maps layouts
            if spec.format == "json":
                locator = JsonLocator(spec.text)
                if locator.usable:
                    return locator.positions(pointers)
            else:
                return YamlLocator(spec.text).positions(pointers)
        locate = getattr(spec, "locate", None)
        if locate is None:
            return {}
        out: dict[str, tuple[int, int]] = {}
        for pointer in set(pointers):
            try:
                found = locate(pointer)
            except Exception:  # a location is a nicety; never fail a diff for it
                found = None
            if found:
                out[pointer] = (int(found[0]), int(found[1]))
        return out

    def add(self, change: Change) -> None:
        # The same finding reached twice (e.g. a parameter shared by path item and operation)
        # is one change.
        if change.fingerprint in self._seen:
            return
        self._seen.add(change.fingerprint)
        self.changes.append(change)


def _with_position(loc: Location | None, positions: dict[str, tuple[int, int]]) -> Location | None:
    if loc is None or loc.pointer not in positions:
        return loc
    line, col = positions[loc.pointer]
    return dataclasses.replace(loc, line=line, col=col)


def component_of(pointer: str | None) -> str | None:
    """`/components/schemas/Pet/properties/x` -> `#/components/schemas/Pet`."""
    if not pointer or not pointer.startswith("/components/"):
        return None
    parts = pointer.split("/")
    if len(parts) < 4:
        return None
    return "#" + "/".join(parts[:4])


def fingerprint(rule_id: str, operation: str, semantic: str) -> str:
    """Stable identity of a finding: rule, operation and *semantic* location only."""
    raw = f"{rule_id}\x1f{operation}\x1f{semantic}".encode()
    return hashlib.sha256(raw).hexdigest()[:16]


@dataclass(frozen=True)
class RuleContext:
    """Where a rule is looking.

    `position` is what kind of thing the schema/node under comparison belongs to:
    "" (operation or spec level), "body" (request or response body, per `direction`),
    "parameter" (a request parameter: `param_in`/`param_name`), "header" (a response header:
    `header`). `semantic` is the fingerprint path so far ("response/200/application/json");
    `subject` in `emit` extends it (e.g. a property path), never with line numbers.
    """

    emitter: Emitter = field(repr=False)
    operation: str = ""
    operation_id: str = ""
    tags: tuple[str, ...] = ()
    direction: Direction = Direction.NONE
    position: str = ""
    status: str | None = None
    media_type: str | None = None
    param_in: str | None = None
    param_name: str | None = None
    header: str | None = None
    semantic: str = ""

    # -- navigation ----------------------------------------------------------------------
    def child(self, semantic: str | None = None, **changes: Any) -> RuleContext:
        """A narrower context; `semantic` is appended to the fingerprint path."""
        if semantic:
            changes["semantic"] = f"{self.semantic}/{semantic}" if self.semantic else semantic
        return dataclasses.replace(self, **changes)

    @property
    def base(self) -> LoadedSpec:
        return self.emitter.base

    @property
    def revision(self) -> LoadedSpec:
        return self.emitter.revision

    def same(self, base_node: Any, revision_node: Any) -> bool:
        """True when the two nodes mean the same (equal data, no changed `$ref` below)."""
        return self.emitter.refs.same(base_node, revision_node)

    def resolve_base(self, node: Any, pointer: str) -> Side:
        return resolve_side(self.emitter.base.document, node, pointer)

    def resolve_revision(self, node: Any, pointer: str) -> Side:
        return resolve_side(self.emitter.revision.document, node, pointer)

    @property
    def memo(self) -> dict[Any, Any]:
        return self.emitter.memo

    # -- output --------------------------------------------------------------------------
    def args(self) -> dict[str, Any]:
        """The context's own message arguments (rules add their own on top)."""
        return {
            "operation": self.operation,
            "operation_id": self.operation_id,
            "status": self.status or "",
            "media_type": self.media_type or "",
            "in": self.param_in or "",
            "name": self.param_name or self.header or "",
            "header": self.header or "",
        }

    def emit(
        self,
        rule_id: str,
        *,
        base: str | None = None,
        revision: str | None = None,
        subject: str = "",
        component: str | None = None,
        **args: Any,
    ) -> Change:
        """Report `rule_id` here. `base`/`revision` are JSON pointers of the node on each side;
        `subject` is the semantic location below this context (property path, media type...)."""
        rule = get_rule(rule_id)
        all_args = self.args()
        all_args.update(args)
        semantic = f"{self.semantic}/{subject}" if subject else self.semantic
        change = Change(
            id=rule.id,
            level=rule.level,
            operation=self.operation,
            operation_id=self.operation_id,
            tags=self.tags,
            message=rule.render(all_args),
            why=rule.why,
            direction=rule.direction if rule.direction is not Direction.NONE else self.direction,
            fingerprint=fingerprint(rule.id, self.operation, semantic),
            base=self.emitter.location(base, base=True),
            revision=self.emitter.location(revision, base=False),
            component=component or component_of(base) or component_of(revision),
            details={k: _jsonable(v) for k, v in args.items()},
        )
        self.emitter.add(change)
        return change

    def schema_prefix(self, at_root: bool) -> str:
        """The oasdiff ID prefix for a schema finding at this position.

        request body: request-body / request-property; response body: response-body /
        response-property; parameter: request-parameter / request-parameter-property;
        response header: response-header / response-header-property.
        """
        if self.position == "parameter":
            return "request-parameter" if at_root else "request-parameter-property"
        if self.position == "header":
            return "response-header" if at_root else "response-header-property"
        side = "request" if self.direction is Direction.REQUEST else "response"
        return f"{side}-body" if at_root else f"{side}-property"


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)
