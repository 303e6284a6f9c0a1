"""Score specdiff against the labelled corpora in ../shared (run by `nox -s score`).

oasdiff cases (`corpora/oasdiff-cases/expected-dev.jsonl`) are judged the way each case says:
- `min_level`: only our changes at or above it count;
- `checks_run`: `allChecksConfig()` / `GetAllChecks()` count everything; `singleCheckConfig(
  checker.X)` counts only the rule IDs check X can emit (derived from the check's name, plus the
  case's expected IDs); `WithDeprecation(beta, stable)` sets our deprecation-days policy;
- `assertion`: `contains` (at least these IDs, operations where given; `non_empty`: something
  reported; `absent`: none of those), `exact` / `exact_set` (exactly these IDs, as a multiset),
  `count_and_partial` (this many changes, including these IDs and the levels of the
  `unidentified` ones), `absent_only` (none of `absent`).
openapi-diff cases are judged on that tool's own verdict only (no rule IDs).

Every `expected*.jsonl` in a corpus folder is scored (so held-out label files dropped beside
`expected-dev.jsonl` are picked up). Prints agreement per file and every disagreeing case. Exit code 0 always (figures, not gates);
`--fail-under PCT` turns it into a gate.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from specdiff._engine import compare  # noqa: E402 - the path tweak above makes the checkout importable
from specdiff._load import load_spec  # noqa: E402
from specdiff._model import Change, Level  # noqa: E402
from specdiff._rules._context import Options  # noqa: E402

SHARED = Path(os.environ.get("SPECS_CORPUS_DIR", ROOT.parent / "shared")).resolve()

_SUBJECTS: list[tuple[tuple[str, ...], list[str]]] = [
    (("request", "header", "property"), ["request-header-property-"]),
    (("request", "property"), ["request-property-", "request-body-", "new-required-request-property", "new-optional-request-property"]),
    (("request", "parameter"), ["request-parameter-"]),
    (("request", "body"), ["request-body-"]),
    (("request",), ["request-body-", "request-property-"]),
    (("response", "required", "property"), ["response-required-property-"]),
    (("response", "optional", "property"), ["response-optional-property-"]),
    (("response", "property"), ["response-property-", "response-body-", "response-mediatype-"]),
    (("response", "body"), ["response-body-"]),
    (("response", "header"), ["response-header-", "required-response-header", "optional-response-header"]),
    (("response", "media", "type"), ["response-media-type-", "response-mediatype-"]),
    (("response", "success", "status"), ["response-success-status-"]),
    (("response", "non", "success", "status"), ["response-non-success-status-"]),
    (("response",), ["response-body-", "response-property-"]),
    (("api",), ["api-", "endpoint-", "sunset-"]),
    (("new",), ["new-"]),
    (("webhook",), ["webhook-"]),
]
_SYNONYMS = {
    "schemas-removed": ["schema-removed"],
    "deprecation": ["deprecated", "reactivated", "sunset", "stability"],
    "components-security": ["security-component"],
    "non-path-default-parameter": ["request-default-parameter"],
    "non-path-parameter": ["required-request-parameter", "optional-request-parameter"],
    "path-parameter": ["request-path-parameter"],
}
_GENERIC = {"updated", "changed", "check", "existence", "or"}
_VERBS = {"added", "removed", "deleted", "increased", "decreased", "set", "became", "generalized", "specialized"}


def _words(name: str) -> list[str]:
    return [w.lower() for w in re.findall(r"API|[A-Z][a-z0-9]*|[a-z0-9]+", name)]


def check_family(check: str) -> tuple[list[str], list[str], list[frozenset[str]]]:
    """What a single oasdiff check can emit, from its name: (ID prefixes, substrings, word sets).

    `RequestParameterRemovedCheck` -> IDs starting `request-parameter-` with the word `removed`;
    `MaxDecreased` checks cover both directions of the bound (oasdiff groups them so).
    """
    words = _words(check)
    if words and words[-1] == "check":
        words = words[:-1]
    prefixes: list[str] = [""]
    rest = words
    # The subject is normally the name's start (`RequestParameter...`); a leading verb
    # (`AddedRequestBody...`) moves it one word on.
    found = False
    for start in (0, 1):
        for subject, pre in _SUBJECTS:
            n = len(subject)
            if tuple(words[start : start + n]) == subject and (start == 0 or subject != ("new",)):
                prefixes, rest, found = pre, words[:start] + words[start + n :], True
                break
        if found:
            break
    topic_words = [w for w in rest if w not in _GENERIC]
    if topic_words and topic_words[0] == "request" and prefixes == ["new-"]:
        topic_words = topic_words[1:]
    topic = "-".join(topic_words)
    if topic in _SYNONYMS:
        return prefixes, _SYNONYMS[topic], []
    nouns = [w for w in topic_words if w not in _VERBS]
    if any(w in ("min", "max") for w in nouns):
        return prefixes, [], [frozenset(nouns)]
    return prefixes, [], [frozenset(nouns or topic_words)]


def in_family(rule_id: str, family: tuple[list[str], list[str], list[frozenset[str]]]) -> bool:
    prefixes, substrings, word_sets = family
    if not any(rule_id.startswith(p) for p in prefixes):
        return False
    if substrings:
        return any(t in rule_id for t in substrings)
    words = set(rule_id.split("-"))
    return any(ws <= words for ws in word_sets)


def _options(checks_run: str) -> Options:
    m = re.search(r"WithDeprecation\((\d+),\s*(\d+)\)", checks_run)
    if m:
        return Options(deprecation_days_beta=int(m.group(1)), deprecation_days_stable=int(m.group(2)))
    return Options()


def _relevant(case: dict[str, Any], changes: list[Change]) -> list[Change]:
    min_level = Level.parse(case.get("min_level") or "info")
    out = [c for c in changes if c.level >= min_level]
    m = re.search(r"singleCheckConfig\(checker\.(\w+)", case["checks_run"])
    if m:
        family = check_family(m.group(1))
        expected = {e["check"] for e in case.get("expected", [])}
        out = [c for c in out if c.id in expected or in_family(c.id, family)]
    return out


def _covers(expected: list[dict[str, Any]], ours: list[Change]) -> list[str]:
    """Expected entries not matched by a distinct change of ours (ID, and operation if given)."""
    pool = list(ours)
    missing: list[str] = []
    for e in expected:
        for i, c in enumerate(pool):
            if c.id == e["check"] and (not e.get("operation") or e["operation"] == c.operation):
                pool.pop(i)
                break
        else:
            missing.append(e["check"] + (f" @ {e['operation']}" if e.get("operation") else ""))
    return missing


def judge_oasdiff(case: dict[str, Any], changes: list[Change]) -> str | None:
    """None when we agree with the case, else a one-line reason."""
    ours = _relevant(case, changes)
    ids = [c.id for c in ours]
    kind = case["assertion"]
    expected = case.get("expected", [])
    absent = [a["check"] for a in case.get("absent", [])]
    problems: list[str] = []
    if absent and (hit := sorted(set(ids) & set(absent))):
        problems.append(f"reported absent ids {hit}")
    if kind == "contains":
        if missing := _covers(expected, ours):
            problems.append(f"missing {missing}")
        if case.get("non_empty") and not ours:
            problems.append("nothing reported")
    elif kind in ("exact", "exact_set"):
        want = Counter(e["check"] for e in expected)
        if Counter(ids) != want or ("count" in case and len(ids) != case["count"]):
            problems.append(f"expected {sorted(want.elements())} got {sorted(ids)}")
        elif missing := _covers(expected, ours):
            problems.append(f"operation mismatch {missing}")
    elif kind == "count_and_partial":
        if len(ids) != case["count"]:
            problems.append(f"expected {case['count']} changes got {len(ids)}: {sorted(ids)}")
        if missing := _covers(expected, ours):
            problems.append(f"missing {missing}")
        need = Counter(u["level"] for u in case.get("unidentified", []) if "level" in u)
        have = Counter(c.level.label for c in ours)
        if any(have[lvl] < n for lvl, n in need.items()):
            problems.append(f"levels {dict(need)} not covered by {dict(have)}")
    elif kind == "absent_only":
        pass
    else:
        problems.append(f"unknown assertion kind {kind!r}")
    return "; ".join(problems) or None


def _touched_operations(changes: list[Change]) -> set[str]:
    return {c.operation for c in changes if c.operation}


_ADDED_OR_REMOVED = re.compile(r"^(endpoint-added|api-(path-)?removed-.*)$")


def judge_openapi_diff(case: dict[str, Any], changes: list[Change]) -> str | None:
    verdict = case.get("expected_verdict_default_config") or case["expected_result"]
    # openapi-diff has two classes, compatible / incompatible; our warning means "may break
    # clients", which is its incompatible.
    breaking = [c for c in changes if c.level >= Level.WARNING]
    added_removed = [c for c in changes if _ADDED_OR_REMOVED.match(c.id)]
    op_changes = [c for c in changes if c.operation and not _ADDED_OR_REMOVED.match(c.id)]
    got: str
    if verdict == "no_endpoint_changes":
        ok = not added_removed and not op_changes
        got = "no endpoint changes" if ok else f"{len(added_removed)} added/removed, {len(op_changes)} operation changes"
    elif verdict == "changed_operations_only":
        ok = not added_removed and bool(op_changes)
        got = f"{len(added_removed)} added/removed, {len(op_changes)} operation changes"
    elif verdict == "unchanged":
        ok = not changes
        got = f"{len(changes)} changes"
    elif verdict == "incompatible":
        ok = bool(breaking)
        got = f"{len(breaking)} warnings/errors"
    elif verdict == "compatible_or_unchanged":
        ok = not breaking
        got = f"{len(breaking)} warnings/errors"
    elif verdict == "compatible":
        ok = bool(changes) and not breaking
        got = f"{len(changes)} changes, {len(breaking)} warnings/errors"
    elif verdict == "see_asserts":
        n = next((int(m.group(1)) for a in case.get("asserts", []) if (m := re.match(r"getChangedOperations\(\)\.size\(\)==(\d+)", a))), None)
        ok = n is None or len(_touched_operations(changes)) == n
        got = f"{len(_touched_operations(changes))} changed operations"
    else:
        return f"unknown verdict {verdict!r}"
    return None if ok else f"verdict {verdict}: got {got}; ids {sorted({c.id for c in changes})}"


def run_corpus(name: str, folder: Path, judge: Any, verbose: bool, labels: Path | None = None) -> tuple[int, int, list[str]]:
    """Score one labels file (default `expected-dev.jsonl`); spec paths are relative to `folder`."""
    labels = labels or folder / "expected-dev.jsonl"
    cases = [json.loads(line) for line in labels.read_text().splitlines() if line.strip()]
    agree = 0
    failures: list[str] = []
    for case in cases:
        try:
            base = load_spec(str(folder / case["base"]))
            rev = load_spec(str(folder / case["revision"]))
            changes = compare(base, rev, _options(case.get("checks_run", "")))
            reason = judge(case, changes)
        except Exception as exc:  # a crash on one case is a disagreement, not the end of the run
            reason = f"crashed: {type(exc).__name__}: {exc}"
            changes = []
        if reason is None:
            agree += 1
        else:
            failures.append(f"{name}: {case['id']}: {reason}")
            if verbose:
                for c in changes:
                    failures.append(f"      {c.level.label:7} {c.id} {c.operation} | {c.message}")
    return agree, len(cases), failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="print our changes for each disagreeing case")
    parser.add_argument("--fail-under", type=float, default=None, metavar="PCT", help="exit 1 when a corpus agrees less than PCT%%")
    args = parser.parse_args(argv)
    corpora = SHARED / "corpora"
    if not corpora.is_dir():
        print(f"skipped: {corpora} not found (set SPECS_CORPUS_DIR)")
        return 0
    started = time.perf_counter()
    rows = []
    all_failures: list[str] = []
    for name, sub, judge in (
        ("oasdiff", "oasdiff-cases", judge_oasdiff),
        ("openapi-diff", "openapi-diff-cases", judge_openapi_diff),
    ):
        # every labels file of the corpus: expected-dev.jsonl and any other expected-*.jsonl
        for labels in sorted((corpora / sub).glob("expected*.jsonl")):
            label = name if labels.name == "expected-dev.jsonl" else f"{name}:{labels.stem}"
            agree, total, failures = run_corpus(label, corpora / sub, judge, args.verbose, labels)
            rows.append((label, agree, total))
            all_failures.extend(failures)
    for line in all_failures:
        print(line)
    print()
    width = max(14, *(len(r[0]) for r in rows))
    print(f"{'corpus':{width}} {'agree':>6} {'cases':>6} {'agreement':>10}")
    worst = 100.0
    for name, agree, total in rows:
        pct = 100.0 * agree / total if total else 100.0
        worst = min(worst, pct)
        print(f"{name:{width}} {agree:6} {total:6} {pct:9.1f}%")
    print(f"({time.perf_counter() - started:.1f} s)")
    if args.fail_under is not None and worst < args.fail_under:
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
