"""Case generation per operation and phase, seeded so the same `--seed` sends the same requests.

Generation is separate from calling: each phase yields finished cases; nothing a server answers
changes what is generated (no shrinking, no feedback), which is what makes runs reproducible.
"""

from __future__ import annotations

import contextlib
import itertools
import zlib
from collections.abc import Iterator
from typing import Any

import hypothesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.generation.meta import TestPhase

from contracts._engine._types import AnyCase, Operation

PHASES = ("examples", "coverage", "fuzzing", "stateful")
COVERAGE_SCAN_LIMIT = 400


def op_seed(seed: int, label: str, phase: str) -> int:
    return zlib.crc32(f"{seed}:{phase}:{label}".encode())


def draw(strategy: st.SearchStrategy[AnyCase], count: int, seed: int) -> list[AnyCase]:
    """Up to `count` cases from `strategy`, deterministic for a given seed."""
    out: list[AnyCase] = []
    if count <= 0:
        return out

    @hypothesis.seed(seed)
    @hypothesis.settings(
        max_examples=count,
        database=None,
        deadline=None,
        derandomize=False,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
        verbosity=hypothesis.Verbosity.quiet,
    )
    @given(case=strategy)
    def collect(case: AnyCase) -> None:
        if len(out) < count:
            out.append(case)

    with contextlib.suppress(hypothesis.errors.Unsatisfiable):
        collect()
    return out


def _key(case: AnyCase) -> str:
    """Identity of a case for de-duplication. Valid cases that differ only in headers probe the
    same server behaviour (and most faults key on path, query and body): one of them is enough."""
    meta = case.meta
    if meta is not None and meta.generation.mode.is_negative:
        return "N" + repr((case.method, case.path_parameters, case.query, case.headers, case.cookies, case.body, case.media_type))
    return "P" + repr((case.method, case.path_parameters, case.query, case.body, case.media_type))


def iter_cases(operation: Operation, phases: tuple[str, ...], max_examples: int, seed: int) -> Iterator[tuple[str, AnyCase]]:
    """(phase, case) pairs for one operation, duplicates dropped, errors of one phase contained."""
    seen: set[str] = set()
    label = operation.label

    def fresh(cases: list[AnyCase] | Iterator[AnyCase]) -> Iterator[AnyCase]:
        for case in cases:
            key = _key(case)
            if key not in seen:
                seen.add(key)
                yield case

    if "examples" in phases:
        yield from (("examples", c) for c in fresh(_examples(operation, max_examples, op_seed(seed, label, "examples"))))
    if "coverage" in phases:
        yield from (("coverage", c) for c in fresh(_coverage(operation, max_examples)))
    if "fuzzing" in phases:
        # Coverage already sent systematic invalid cases: fuzzing adds one random invalid case
        # only where coverage could not make any (negative generation is the costly kind).
        negatives = sum(1 for key in seen if key.startswith("N"))
        cases = _fuzzing(operation, max_examples, op_seed(seed, label, "fuzzing"), negative=negatives == 0)
        yield from (("fuzzing", c) for c in fresh(cases))


def _examples(operation: Operation, limit: int, seed: int) -> list[AnyCase]:
    try:
        strategies = operation.schema.get_strategies_from_examples(operation)
    except Exception:
        strategies = []
    cases: list[AnyCase] = []
    for index, strategy in enumerate(strategies[:limit]):
        cases.extend(_safe_draw(strategy, 1, seed + index))
    if not cases:
        # No documented example: one simple valid request, as schemathesis's examples phase does.
        cases = _safe_draw(operation.as_strategy(phase=TestPhase.EXAMPLES), 1, seed)
    return cases


def _coverage(operation: Operation, limit: int) -> list[AnyCase]:
    """A few positive and a few negative boundary cases from schemathesis's coverage phase."""
    schema: Any = operation.schema
    try:
        config = schema.config.generation_for(operation=operation, phase="coverage")
        iterator = schema.iter_coverage_cases(
            operation,
            generation_modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
            generation_config=config,
        )
        positive: list[AnyCase] = []
        negative: list[AnyCase] = []
        for case in itertools.islice(iterator, COVERAGE_SCAN_LIMIT):
            bucket = negative if case.meta is not None and case.meta.generation.mode.is_negative else positive
            if len(bucket) < limit:
                bucket.append(case)
            if len(positive) >= limit and len(negative) >= limit:
                break
    except Exception:
        return []
    return positive + negative


def _fuzzing(operation: Operation, limit: int, seed: int, *, negative: bool = True) -> list[AnyCase]:
    # One more valid case than asked: server-side faults hide behind particular valid inputs.
    positive = _safe_draw(operation.as_strategy(generation_mode=GenerationMode.POSITIVE), limit + 1, seed)
    if not negative:
        return positive
    return positive + _safe_draw(operation.as_strategy(generation_mode=GenerationMode.NEGATIVE), max(1, limit // 2), seed + 1)


def _safe_draw(strategy: st.SearchStrategy[AnyCase], count: int, seed: int) -> list[AnyCase]:
    try:
        return draw(strategy, count, seed)
    except Exception:
        return []


def unsatisfiable_parameter(operation: Operation) -> str | None:
    """Why no valid request can exist for `operation`, when a required parameter's own schema
    contradicts itself (`format: uuid` with a length other than 36, min above max, an empty
    enum); None when every parameter can be satisfied as far as we can tell."""
    for param in operation.iter_parameters():
        definition = param.definition if isinstance(param.definition, dict) else {}
        if not definition.get("required") and definition.get("in") != "path":
            continue
        schema = definition.get("schema")
        if not isinstance(schema, dict):
            continue
        lo, hi = schema.get("minLength"), schema.get("maxLength")
        where = f"{definition.get('in')} parameter {definition.get('name')}"
        if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
            return f"{where}: minLength {lo} > maxLength {hi}"
        if schema.get("format") == "uuid" and ((isinstance(lo, int) and lo > 36) or (isinstance(hi, int) and hi < 36)):
            return f"{where}: format uuid (36 characters) with length {lo}..{hi}"
        low, high = schema.get("minimum"), schema.get("maximum")
        if isinstance(low, int | float) and isinstance(high, int | float) and low > high:
            return f"{where}: minimum {low} > maximum {high}"
        if schema.get("enum") == []:
            return f"{where}: empty enum"
    return None
