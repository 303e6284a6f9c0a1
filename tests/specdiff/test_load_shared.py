"""Real specs from ../shared: `specdiff inspect` counts match the corpora's own records, and the
fast YAML path reads every real spec exactly as the careful reference loader does."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from specdiff._load._yaml import ParseFailure, parse_yaml, reference_yaml_load
from tests.fixtures.shared import require, shared_root
from tests.fixtures.specs import CliResult

pytestmark = pytest.mark.shared

SHARED = shared_root()
ZUORA_FILES = [
    "zuora-2017-07-12-sslotnick-zuora-go-client.yaml",
    "zuora-2017-11-15-netlify-zuora-ruby-client.yml",
    "zuora-2018-02-27-netlify-zuora-ruby-client.yml",
    "zuora-2025-12-12-full-compact-davealexenglish-payments.yaml",
    "zuora-2025-12-12-otc-compact-davealexenglish-payments.yaml",
    "zuora-2026-05-01-compact-bharathan1993-APIStudio.yaml",
]
HISTORY = ["github", "stripe", "twilio"]


def _history_entries() -> list[tuple[str, str]]:
    entries: list[tuple[str, str]] = []
    for corpus in HISTORY:
        index = SHARED / "corpora" / "history" / corpus / "index.json"
        if index.is_file():
            # index.json also lists versions the corpus does not ship; test the shipped ones
            entries.extend(
                (corpus, e["file"]) for e in json.loads(index.read_text()) if (index.parent / e["file"]).is_file()
            )
    return entries or [("missing", "missing")]


def _inspect(cli: Callable[..., CliResult], path: Path) -> dict[str, Any]:
    result = cli("inspect", "--json", str(path))
    assert result.code == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("name", ZUORA_FILES)
def test_inspect_zuora_matches_manifest(zuora_specs: Path, name: str, specdiff_cli: Callable[..., CliResult]) -> None:
    manifest = {e["file"]: e for e in json.loads((zuora_specs / "MANIFEST.json").read_text())}
    expected = manifest[name]
    facts = _inspect(specdiff_cli, zuora_specs / name)
    counts = facts["counts"]
    assert (counts["paths"], counts["operations"], counts["tags"], counts["schemas"]) == (
        expected["paths"],
        expected["operations"],
        expected["tags"],
        expected["schemas"],
    )
    assert facts["title"] == expected["title"]
    assert facts["api_version"] == expected["version"]
    swagger = expected["openapi"].startswith("swagger")
    assert facts["spec"] == ("Swagger 2.0" if swagger else f"OpenAPI {expected['openapi']}")
    codes = [w["code"] for w in facts["warnings"]]
    if swagger:
        assert codes == []
    else:  # compact specs: stripped response descriptions, a few wrongly typed defaults
        assert codes.count("response-description-missing") > 1000
        assert 10 <= codes.count("default-type-mismatch") <= 30
        assert codes.count("dangling-ref") == (6 if "2026-05-01" in name else 0)
    assert all(w["line"] for w in facts["warnings"])


@pytest.mark.parametrize(("corpus", "name"), _history_entries())
def test_inspect_history_matches_index(corpus: str, name: str, specdiff_cli: Callable[..., CliResult]) -> None:
    folder = SHARED / "corpora" / "history" / corpus
    require(folder.is_dir(), f"{folder} missing")
    path = folder / name
    expected = {e["file"]: e for e in json.loads((folder / "index.json").read_text())}[name]
    facts = _inspect(specdiff_cli, path)
    counts = facts["counts"]
    assert (counts["paths"], counts["operations"], counts["schemas"]) == (
        expected["paths"],
        expected["operations"],
        expected["schemas"],
    )
    assert facts["original_version"] == expected["openapi"]
    assert facts["api_version"] == expected["info_version"]
    assert facts["format"] == ("json" if name.endswith(".json") else "yaml")


REFERENCE_YAML = [
    *(f"specs/zuora/{name}" for name in ZUORA_FILES),
    *sorted(f"corpora/history/stripe/{p.name}" for p in (SHARED / "corpora" / "history" / "stripe").glob("*.yaml")),
]


def _same(a: Any, b: Any) -> bool:
    """Deep equality that also tells int from float from bool, and NaN equals NaN (iterative)."""
    stack = [(a, b)]
    while stack:
        x, y = stack.pop()
        if type(x) is not type(y):
            return False
        if isinstance(x, dict):
            if list(x) != list(y):
                return False
            stack.extend((x[k], y[k]) for k in x)
        elif isinstance(x, list):
            if len(x) != len(y):
                return False
            stack.extend(zip(x, y, strict=True))
        elif isinstance(x, float) and math.isnan(x):
            if not math.isnan(y):
                return False
        elif x != y:
            return False
    return True


@pytest.mark.slow
@pytest.mark.parametrize("relative", REFERENCE_YAML)
def test_fast_yaml_equals_reference_loader(relative: str) -> None:
    path = SHARED / relative
    require(path.is_file(), f"{path} missing")
    text = path.read_text(encoding="utf-8")
    parsed = parse_yaml(text)
    assert parsed.parser == "yaml_rs"  # the fast path, not the fallback
    assert _same(parsed.document, reference_yaml_load(text))


def test_fast_yaml_equals_reference_loader_on_the_diff_corpora() -> None:
    """Hundreds of small hand-written specs (oasdiff's and openapi-diff's test data): odd YAML."""
    roots = [SHARED / "corpora" / "oasdiff-cases", SHARED / "corpora" / "openapi-diff-cases"]
    require(all(root.is_dir() for root in roots), "../shared/corpora diff cases missing")
    files = sorted(p for root in roots for p in root.rglob("*") if p.suffix in (".yaml", ".yml"))
    assert len(files) > 100
    mismatched = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            fast = parse_yaml(text)
        except ParseFailure as failure:
            fast_outcome: Any = ("error", failure.kind)
        else:
            fast_outcome = fast.document
        try:
            reference: Any = reference_yaml_load(text)
        except ParseFailure as failure:
            reference = ("error", failure.kind)
        if not _same(fast_outcome, reference):
            mismatched.append(path.name)
    assert mismatched == []
