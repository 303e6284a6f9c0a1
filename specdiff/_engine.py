"""`compare`: two loaded specs -> every change at every level, sorted deterministically.

load -> diff (`specdiff._diff`) -> rules (`specdiff._rules`) -> this list. Levels are the
registry defaults; severity overrides, waivers and `--level` filtering happen after, in the
CLI/config layer.
"""

from __future__ import annotations

import dataclasses
import sys

from specdiff._diff import diff_documents
from specdiff._load import LoadedSpec
from specdiff._model import Change
from specdiff._rules import family_checks
from specdiff._rules._context import Emitter, Options, RuleContext
from specdiff._rules._ops import valid_stability

_METHOD_ORDER = {m: i for i, m in enumerate(("GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"))}


def _sort_key(change: Change) -> tuple[str, int, str, str, str]:
    return (
        change.path,
        _METHOD_ORDER.get(change.method, 99),
        change.id,
        change.base.pointer if change.base else (change.revision.pointer if change.revision else ""),
        change.fingerprint,
    )


def compare(base: LoadedSpec, revision: LoadedSpec, options: Options | None = None) -> list[Change]:
    """All changes from `base` to `revision` with their registry default levels."""
    diff, refs = diff_documents(base.document, revision.document)
    emitter = Emitter(base, revision, refs, options)
    root = RuleContext(emitter)
    # Operations whose revision is draft or alpha promise nothing: only the lifecycle family
    # (stability decreased, invalid level, deprecation) looks at them (oasdiff does the same).
    stable = [op for op in diff.operations_modified if valid_stability(op.revision.node) not in ("draft", "alpha")]
    settled = diff if len(stable) == len(diff.operations_modified) else dataclasses.replace(diff, operations_modified=stable)
    for check in family_checks():
        check(diff if getattr(sys.modules[check.__module__], "SEES_UNSTABLE", False) else settled, root)
    return sorted(emitter.finalize(), key=_sort_key)


__all__ = ["Options", "compare"]
