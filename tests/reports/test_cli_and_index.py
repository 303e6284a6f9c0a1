"""`specdiff render`, `contracts report`, reports/index.html and atomic writes, in-process."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from contracts._cli import main as contracts_main
from specdiff._cli import main as specdiff_main
from specdiff._html import atomic_write_text, write_index
from tests.reports.samples import SECRETS, conformance_result, previous_of, specdiff_result


@pytest.fixture
def results(tmp_path: Path) -> Path:
    current = conformance_result(30)
    (tmp_path / "specdiff.json").write_text(json.dumps(specdiff_result(50)), encoding="utf-8")
    (tmp_path / "conformance.json").write_text(json.dumps(current), encoding="utf-8")
    old = tmp_path / "old"
    old.mkdir()
    (old / "conformance.json").write_text(json.dumps(previous_of(current)), encoding="utf-8")
    return tmp_path


def test_specdiff_render_writes_html_and_markdown_beside_the_json(results: Path, capsys) -> None:
    assert specdiff_main(["render", str(results / "specdiff.json")]) == 0
    html = (results / "specdiff.html").read_text(encoding="utf-8")
    md = (results / "specdiff.md").read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "Spec diff:" in html
    assert md.startswith("## Spec diff:")
    out = capsys.readouterr().out
    assert re.search(r"wrote .*specdiff\.html \(\d+ KB\)", out)
    assert not any(s in html or s in md for s in SECRETS)


def test_specdiff_render_explicit_paths_and_index(results: Path) -> None:
    out = results / "site" / "diff.html"
    code = specdiff_main(["render", str(results / "specdiff.json"), "-o", str(out), "--markdown", str(results / "pr.md"), "--index"])
    assert code == 0
    assert out.exists() and (results / "pr.md").exists() and (results / "site" / "index.html").exists()
    assert not (results / "site" / "diff.md").exists()


def test_contracts_report_with_previous_shows_trend(results: Path) -> None:
    code = contracts_main(["report", str(results / "conformance.json"), "--previous", str(results / "old" / "conformance.json"), "--no-markdown"])
    assert code == 0
    html = (results / "conformance.html").read_text(encoding="utf-8")
    assert "Trend against the previous run" in html
    assert not (results / "conformance.md").exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["render", "missing.json"], "no such file"),
        (["render", "bad.json"], "not valid JSON"),
        (["render", "list.json"], "expected a JSON object"),
        (["render", "other.json"], "is not a specdiff or conformance result"),
        (["render", "specdiff.json", "--previous", "conformance.json"], "--previous applies to conformance results only"),
        (["render", "specdiff.json", "-o", "specdiff.json"], "would overwrite the result JSON"),
    ],
)
def test_specdiff_render_bad_input_is_one_line_exit_2(results: Path, monkeypatch, capsys, argv, message) -> None:
    (results / "bad.json").write_text("{nope", encoding="utf-8")
    (results / "list.json").write_text("[]", encoding="utf-8")
    (results / "other.json").write_text('{"kind": "junit"}', encoding="utf-8")
    monkeypatch.chdir(results)
    assert specdiff_main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("specdiff: error: ") and message in err and "\n" not in err


def test_contracts_report_refuses_a_specdiff_result(results: Path, capsys) -> None:
    assert contracts_main(["report", str(results / "specdiff.json")]) == 2
    assert "expected 'conformance'" in capsys.readouterr().err


def test_index_lists_every_report_with_headline_numbers(results: Path) -> None:
    specdiff_main(["render", str(results / "specdiff.json")])
    contracts_main(["report", str(results / "conformance.json")])
    (results / "lonely.html").write_text("<p>hand-made</p>", encoding="utf-8")
    (results / "schema.json").write_text('{"type": "object"}', encoding="utf-8")
    (results / "broken.json").write_text("{", encoding="utf-8")
    index = write_index(results)
    html = index.read_text(encoding="utf-8")
    rows = re.findall(r"<tr><td class=\"when\">", html)
    # specdiff, conformance, old/conformance (JSON only), lonely.html; not schema.json nor broken.json
    assert len(rows) == 4
    sd = specdiff_result(50)
    errors = sum(1 for c in sd["changes"] if c["level"] == "error")
    assert f"{errors} breaking changes" in html
    cf = conformance_result(30)
    ops = cf["summary"]["operations"]
    assert f"{ops['passed']}/{ops['total']} operations passed · {ops['failed']} failed" in html
    assert 'href="specdiff.html"' in html and 'href="old/conformance.json"' in html and 'href="lonely.html"' in html
    assert "<script" not in html and "script-src &#x27;none&#x27;" in html
    assert not any(s in html for s in SECRETS)


def test_index_of_an_empty_folder_says_so(tmp_path: Path) -> None:
    html = write_index(tmp_path).read_text(encoding="utf-8")
    assert "No reports in this folder yet" in html


def test_atomic_write_replaces_without_leftovers(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    target.write_text("old", encoding="utf-8")
    atomic_write_text(target, "new ✓")
    assert target.read_text(encoding="utf-8") == "new ✓"
    assert os.listdir(tmp_path) == ["r.html"]
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask  # not mkstemp's 0600


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        atomic_write_text(target, "bad \udc80 surrogate")
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["r.html"]


def test_render_refuses_a_result_that_breaks_its_schema(results: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A report must never misstate a result: a hand-edited or foreign JSON is refused, one line."""
    doc = json.loads((results / "specdiff.json").read_text(encoding="utf-8"))
    doc["changes"] = [{"foo": 1}]
    bad = results / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    assert specdiff_main(["render", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "not a valid specdiff result at /changes/0" in err and err.count("\n") == 1
    assert not (results / "bad.html").exists()
