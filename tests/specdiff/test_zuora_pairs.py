"""Real Zuora spec pairs from ../shared: the findings a person upgrading would need, pinned.

Each pair is loaded and compared once per session (module fixtures); formats render from it.
Expected operations are derived from the specs themselves, not hard-coded lists.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from specdiff._cli import main
from specdiff._config import Config
from specdiff._load import LoadedSpec, load_spec
from specdiff._model import DiffReport, Level
from specdiff._render import RenderOptions, render
from specdiff._report import diff_report, to_json

pytestmark = [pytest.mark.shared, pytest.mark.slow]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
FULL_2025 = "zuora-2025-12-12-full-compact-davealexenglish-payments.yaml"
V2026 = "zuora-2026-05-01-compact-bharathan1993-APIStudio.yaml"
V2017 = "zuora-2017-11-15-netlify-zuora-ruby-client.yml"
V2018 = "zuora-2018-02-27-netlify-zuora-ruby-client.yml"


def operations(spec: LoadedSpec) -> set[str]:
    paths = spec.document.get("paths") or {}
    return {f"{m.upper()} {p}" for p, item in paths.items() if isinstance(item, dict) for m in item if m in HTTP_METHODS}


def shape(operation: str) -> str:
    """`GET /v1/refunds/{refundId}` and `GET /v1/refunds/{id}` are the same endpoint."""
    return re.sub(r"\{[^}]*\}", "{}", operation)


def schema() -> dict:  # type: ignore[type-arg]
    return json.loads(resources.files("specdiff").joinpath("schemas/specdiff-result.schema.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


class Pair:
    def __init__(self, folder: Path, base: str, revision: str) -> None:
        self.base = load_spec(str(folder / base))
        self.revision = load_spec(str(folder / revision))
        self.report: DiffReport = diff_report(self.base, self.revision, Config(min_level=Level.INFO))


@pytest.fixture(scope="module")
def moved(zuora_specs: Path) -> Pair:
    return Pair(zuora_specs, FULL_2025, V2026)


@pytest.fixture(scope="module")
def entity(zuora_specs: Path) -> Pair:
    return Pair(zuora_specs, V2017, V2018)


@pytest.fixture(scope="module")
def swagger_to_oas3(zuora_specs: Path) -> Pair:
    return Pair(zuora_specs, V2018, FULL_2025)


# -- 2025-12-12 -> 2026-05-01: /v1/commitments* moved to /commitments* --------------------------


def test_commitments_move_is_breaking_per_operation(moved: Pair) -> None:
    gone = {op for op in operations(moved.base) - operations(moved.revision) if op.split(" ", 1)[1].startswith("/v1/commitments")}
    new = {op for op in operations(moved.revision) - operations(moved.base) if op.split(" ", 1)[1].startswith("/commitments")}
    assert len(gone) >= 4 and len(new) >= 4  # the move is in the specs
    errors = {c.operation for c in moved.report.changes if c.level is Level.ERROR}
    assert gone <= errors, gone - errors
    for op in gone:
        [change] = [c for c in moved.report.changes if c.operation == op and c.level is Level.ERROR]
        assert change.id in {"api-path-removed-without-deprecation", "api-removed-without-deprecation"}
        assert change.base is not None and change.revision is None
    added = {c.operation for c in moved.report.changes if c.id == "endpoint-added"}
    assert new <= added
    # where an operationId moved, the removal says where it went: the migration reads off the report
    new_ids = {
        op.get("operationId"): f"{m.upper()} {p}"
        for p, item in (moved.revision.document.get("paths") or {}).items()
        for m, op in item.items()
        if m in HTTP_METHODS and isinstance(op, dict)
    }
    moved_ids = [c for c in moved.report.changes if c.operation in gone and c.operation_id in new_ids]
    assert moved_ids
    for change in moved_ids:
        assert new_ids[change.operation_id] in change.message, change.message


def test_commitments_move_through_the_cli(zuora_specs: Path, tmp_path: Path) -> None:
    out = tmp_path / "specdiff.json"
    code = main([str(zuora_specs / FULL_2025), str(zuora_specs / V2026), "--format", "json", "-o", str(out)])
    doc = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema()).validate(doc)
    assert code == 1 and doc["failed"]
    assert doc["base"]["version"] == "2025-12-12" and doc["revision"]["version"] == "2026-05-01"
    removed = [c for c in doc["changes"] if c["operation"].split(" ", 1)[-1].startswith("/v1/commitments") and c["level"] == "error"]
    assert len(removed) >= 4 and len({c["operation"] for c in removed}) == len(removed)  # one per operation
    assert len({c["fingerprint"] for c in doc["changes"]}) == len(doc["changes"])


# -- 2017-11-15 -> 2018-02-27: entityId/entityName replaced by the Zuora-Entity-Ids header --------


def entity_changes(pair: Pair, name: str) -> list[str]:
    return [c.operation for c in pair.report.changes if c.id == "request-parameter-removed" and re.search(rf"\b{name}\b", c.message)]


def test_entity_parameters_removed_per_operation(entity: Pair) -> None:
    with_entity = sum(
        1
        for p, item in (entity.base.document.get("paths") or {}).items()
        for m, op in item.items()
        if m in HTTP_METHODS and "entityId" in json.dumps(op.get("parameters", []))
    )
    assert with_entity >= 280
    for name in ("entityId", "entityName"):
        ops = entity_changes(entity, name)
        assert len(ops) >= 280 and len(set(ops)) == len(ops), name
    header_added = [c.operation for c in entity.report.changes if c.id == "new-optional-request-parameter" and "Zuora-Entity-Ids" in c.message]
    assert len(header_added) >= 280


def test_entity_swap_reads_at_a_glance_in_text(entity: Pair) -> None:
    default = diff_report(entity.base, entity.revision, Config())  # warnings and errors
    text = render(default, "text")
    for name in ("entityId", "entityName"):
        lines = [line for line in text.splitlines() if re.search(rf"`{name}`|'{name}'|\b{name}\b", line) and "operations" in line]
        assert len(lines) == 1, (name, lines)
        count = int(re.search(r"— (\d+) operations", lines[0]).group(1))  # type: ignore[union-attr]
        assert count >= 280
    mentions = [line for line in text.splitlines() if "entityId" in line or "entityName" in line]
    assert len(mentions) == 2, mentions  # not 584 lines of noise
    assert len(text.splitlines()) < len(default.changes) / 2
    info_text = render(entity.report, "text")
    assert len([line for line in info_text.splitlines() if "Zuora-Entity-Ids" in line]) == 1


def test_entity_swap_in_markdown_and_github(entity: Pair) -> None:
    md = render(entity.report, "markdown")
    assert len(md) <= RenderOptions().max_chars
    items = [line for line in md.splitlines() if line.startswith("- **") and "entityId" in line]
    assert len(items) == 1 and re.search(r"— \d{3} operations", items[0])
    gh = render(entity.report, "github")
    assert len([line for line in gh.splitlines() if "entityId" in line]) == 1


def test_entity_json_keeps_one_entry_per_operation(entity: Pair) -> None:
    doc = to_json(entity.report)
    jsonschema.Draft202012Validator(schema()).validate(doc)
    removed = [c for c in doc["changes"] if c["id"] == "request-parameter-removed" and "entityId" in c["message"]]
    assert len(removed) >= 280
    assert all(c["operation"] and c["level"] == "warning" for c in removed)


# -- 2018-02-27 (Swagger 2.0) -> 2025-12-12 (OpenAPI 3.0): runs, plausible ------------------------


def test_swagger_to_openapi3_is_plausible(swagger_to_oas3: Pair) -> None:
    report = swagger_to_oas3.report
    assert report.base.spec_version == "2.0" and report.revision.spec_version.startswith("3.0")
    summary = report.summary()
    base_ops = {shape(op) for op in operations(swagger_to_oas3.base)}
    revision_ops = {shape(op) for op in operations(swagger_to_oas3.revision)}
    gone, new = base_ops - revision_ops, revision_ops - base_ops
    assert len(new) > 300  # eight years of growth
    removed_reported = {shape(c.operation) for c in report.changes if c.level is Level.ERROR and c.id.startswith("api-")}
    assert gone <= removed_reported, gone - removed_reported
    assert {shape(c.operation) for c in report.changes if c.id == "endpoint-added"} >= new
    renamed = [c for c in report.changes if c.id == "request-path-parameter-renamed"]
    assert all(c.level is Level.INFO for c in renamed)  # a renamed path variable breaks nobody
    assert summary["error"] >= len(gone)
    assert len({c.fingerprint for c in report.changes}) == len(report.changes)
    jsonschema.Draft202012Validator(schema()).validate(to_json(report))
    # every formatter copes with a report this size
    for fmt in ("text", "markdown", "github", "junit"):
        assert render(report, fmt)
