"""The corpus scorer (tests/bench/score_corpora.py): its judging logic, and the agreement it
reaches on the labelled corpora in ../shared (a floor, so a regression fails CI)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from specdiff._model import Change, Direction, Level

SCRIPT = Path(__file__).resolve().parents[1] / "bench" / "score_corpora.py"


@pytest.fixture(scope="module")
def score() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_corpora", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["score_corpora"] = module
    spec.loader.exec_module(module)
    return module


def change(rule_id: str, level: Level = Level.ERROR, operation: str = "GET /a") -> Change:
    return Change(rule_id, level, operation, "", (), "", "", Direction.NONE, rule_id)


@pytest.mark.parametrize(
    ("check", "inside", "outside"),
    [
        ("RequestParameterRemovedCheck", "request-parameter-removed-before-sunset", "request-parameter-became-required"),
        ("APIRemovedCheck", "api-path-removed-without-deprecation", "endpoint-added"),
        ("APIDeprecationCheck", "endpoint-deprecated-with-sunset", "api-tag-added"),
        ("RequestPropertyMaxDecreasedCheck", "request-body-exclusive-max-increased", "request-property-min-increased"),
        ("NewRequestNonPathDefaultParameterCheck", "new-required-request-default-parameter-to-existing-path", "new-required-request-parameter"),
        ("APIComponentsSecurityUpdatedCheck", "api-security-component-added", "api-security-added"),
    ],
)
def test_single_check_families(score: ModuleType, check: str, inside: str, outside: str) -> None:
    family = score.check_family(check)
    assert score.in_family(inside, family)
    assert not score.in_family(outside, family)


def test_assertion_kinds(score: ModuleType) -> None:
    exact = {"assertion": "exact", "count": 1, "min_level": "warning", "checks_run": "allChecksConfig()", "expected": [{"check": "x-removed"}]}
    assert score.judge_oasdiff(exact, [change("x-removed"), change("y-added", Level.INFO)]) is None
    assert score.judge_oasdiff(exact, [change("x-removed"), change("z", Level.WARNING)]) is not None
    contains = {"assertion": "contains", "min_level": "info", "checks_run": "allChecksConfig()", "expected": [{"check": "x", "operation": "GET /b"}]}
    assert score.judge_oasdiff(contains, [change("x")]) is not None
    assert score.judge_oasdiff(contains, [change("x", operation="GET /b"), change("y")]) is None
    absent = {"assertion": "absent_only", "min_level": "info", "checks_run": "allChecksConfig()", "expected": [], "absent": [{"check": "y"}]}
    assert score.judge_oasdiff(absent, [change("y")]) is not None
    partial = {"assertion": "count_and_partial", "count": 2, "min_level": "info", "checks_run": "allChecksConfig()", "expected": [], "unidentified": [{"level": "info"}]}
    assert score.judge_oasdiff(partial, [change("a"), change("b")]) is not None
    assert score.judge_oasdiff(partial, [change("a"), change("b", Level.INFO)]) is None


def test_corpus_agreement_floor(score: ModuleType, shared_dir: Path) -> None:
    corpora = shared_dir / "corpora"
    agree, total, failures = score.run_corpus("oasdiff", corpora / "oasdiff-cases", score.judge_oasdiff, False)
    assert agree / total >= 0.95, failures
    agree, total, failures = score.run_corpus("openapi-diff", corpora / "openapi-diff-cases", score.judge_openapi_diff, False)
    assert agree / total >= 0.75, failures
