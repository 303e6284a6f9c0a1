"""`specdiff BASE REVISION …` end to end on small specs: exit codes, options, files, errors."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml

from specdiff._cli import main
from specdiff._cli_diff import _use_color

ROOT = Path(__file__).resolve().parents[2]


def spec(paths: dict[str, list[str]], version: str = "1.0") -> dict:  # type: ignore[type-arg]
    return {
        "openapi": "3.0.3",
        "info": {"title": "Shop", "version": version},
        "paths": {
            path: {
                method: {"operationId": f"{method}_{path.strip('/').replace('/', '_')}", "tags": ["Shop"], "responses": {"200": {"description": "ok"}}}
                for method in methods
            }
            for path, methods in paths.items()
        },
    }


@pytest.fixture
def pair(tmp_path: Path) -> tuple[str, str]:
    """Revision removes GET /orders/{id} and adds POST /carts."""
    base = tmp_path / "base.yaml"
    revision = tmp_path / "revision.json"
    base.write_text(yaml.safe_dump(spec({"/orders": ["get"], "/orders/{id}": ["get", "delete"]})), encoding="utf-8")
    revision.write_text(json.dumps(spec({"/orders": ["get"], "/orders/{id}": ["delete"], "/carts": ["post"]}, "2.0")), encoding="utf-8")
    return str(base), str(revision)


@pytest.fixture
def additive(tmp_path: Path) -> tuple[str, str]:
    base = tmp_path / "a.yaml"
    revision = tmp_path / "b.yaml"
    base.write_text(yaml.safe_dump(spec({"/orders": ["get"]})), encoding="utf-8")
    revision.write_text(yaml.safe_dump(spec({"/orders": ["get", "post"]})), encoding="utf-8")
    return str(base), str(revision)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def result_schema() -> dict:  # type: ignore[type-arg]
    return json.loads(resources.files("specdiff").joinpath("schemas/specdiff-result.schema.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_breaking_change_exits_1_and_text_names_it(capsys: pytest.CaptureFixture[str], pair: tuple[str, str]) -> None:
    code, out, err = run(capsys, *pair)
    assert code == 1, err
    assert "GET /orders/{id}" in out and "error" in out
    assert "POST /carts" not in out  # info is hidden by default
    assert "1 info hidden (--level info shows them)" in out
    assert err == ""


def test_level_info_is_the_full_changelog(capsys: pytest.CaptureFixture[str], pair: tuple[str, str]) -> None:
    code, out, _ = run(capsys, *pair, "--level", "info")
    assert code == 1 and "POST /carts" in out and "[endpoint-added]" in out


@pytest.mark.parametrize(("fail_on", "expected"), [("error", 0), ("warning", 0), ("info", 1), ("never", 0)])
def test_fail_on_thresholds_on_an_additive_change(capsys: pytest.CaptureFixture[str], additive: tuple[str, str], fail_on: str, expected: int) -> None:
    assert run(capsys, *additive, "--fail-on", fail_on)[0] == expected


def test_fail_on_never_passes_a_breaking_change(capsys: pytest.CaptureFixture[str], pair: tuple[str, str]) -> None:
    assert run(capsys, *pair, "--fail-on", "never")[0] == 0


def test_json_to_file_is_atomic_and_valid(capsys: pytest.CaptureFixture[str], pair: tuple[str, str], tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.json"
    target.parent.mkdir()
    target.write_text("old content", encoding="utf-8")
    code, out, _ = run(capsys, *pair, "--format", "json", "-o", str(target), "--level", "info")
    assert code == 1 and out == ""
    doc = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(result_schema()).validate(doc)
    assert doc["base"]["version"] == "1.0" and doc["revision"]["version"] == "2.0"
    assert {c["operation"] for c in doc["changes"]} >= {"GET /orders/{id}", "POST /carts"}
    assert doc["failed"] is True and doc["operationsCompared"] == 4
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.json"]  # no temp file left
    fresh = tmp_path / "out" / "fresh.json"
    run(capsys, *pair, "--format", "json", "-o", str(fresh))
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0600


def test_output_into_a_missing_folder_creates_it(capsys: pytest.CaptureFixture[str], pair: tuple[str, str], tmp_path: Path) -> None:
    """`specdiff a b -o reports/x.json` works in a fresh checkout, as contracts' --report-dir does."""
    code, _, _ = run(capsys, *pair, "--format", "json", "-o", str(tmp_path / "nope" / "x.json"))
    assert code == 1 and json.loads((tmp_path / "nope" / "x.json").read_text())["changes"]


def test_output_that_cannot_be_written_is_a_usage_error(capsys: pytest.CaptureFixture[str], pair: tuple[str, str], tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    for target in (blocker / "x.json", tmp_path):
        code, _, err = run(capsys, *pair, "-o", str(target))
        assert code == 2 and err.startswith("specdiff: error: -o=") and err.count("\n") == 1, err


def test_severity_override_and_waivers(capsys: pytest.CaptureFixture[str], pair: tuple[str, str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, *pair, "--format", "json", "--severity", "api-path-removed-without-deprecation=warning", "--severity", "api-removed-without-deprecation=warning")
    doc = json.loads(out)
    assert code == 0 and doc["summary"]["error"] == 0 and doc["summary"]["warning"] == 1
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        "- rule: api-*removed-without-deprecation\n  operation: GET /orders/*\n  reason: nobody calls it\n  expires: 2999-01-01\n"
        "- rule: endpoint-added\n  path: /nothing\n  reason: stale\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, *pair, "--waivers", str(waivers))
    assert code == 0
    assert "Waived (1)" in out and "waived: nobody calls it, until 2999-01-01" in out and "Unused waivers (1)" in out
    waivers.write_text("- rule: api-*removed-without-deprecation\n  operation: GET /orders/*\n  reason: nobody calls it\n  expires: 2020-01-01\n", encoding="utf-8")
    code, out, _ = run(capsys, *pair, "--waivers", str(waivers), "--format", "json")
    doc = json.loads(out)
    assert code == 1 and doc["waived"] == [] and doc["expiredWaivers"][0]["expires"] == "2020-01-01"
    assert doc["expiredWaivers"][0]["matched"] == 1


def test_config_file_with_cli_winning(capsys: pytest.CaptureFixture[str], pair: tuple[str, str], tmp_path: Path) -> None:
    config = tmp_path / "specdiff.yaml"
    config.write_text("severity:\n  api-path-removed-without-deprecation: info\n  api-removed-without-deprecation: info\nlevel: info\nfail-on: info\n", encoding="utf-8")
    code, out, _ = run(capsys, *pair, "--config", str(config), "--format", "json")
    doc = json.loads(out)
    assert code == 1 and doc["config"] == {"minLevel": "info", "failOn": "info"} and doc["summary"]["error"] == 0
    assert run(capsys, *pair, "--config", str(config), "--fail-on", "error")[0] == 0


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--severity", "no-such-rule=info"], "unknown rule ID 'no-such-rule'"),
        (["--severity", "api-path-removed-without-deprecation=fatal"], "expected one of error, warning, info, off"),
        (["--format", "pdf"], "argument --format/-f: invalid choice: 'pdf'"),
        (["--fail-on", "sometimes"], "invalid choice: 'sometimes'"),
        (["--waivers", "/nonexistent/w.yaml"], "waiver file '/nonexistent/w.yaml': no such file"),
        (["--bogus"], "unrecognized arguments: --bogus"),
    ],
)
def test_usage_errors_are_one_line_exit_2(capsys: pytest.CaptureFixture[str], pair: tuple[str, str], extra: list[str], expected: str) -> None:
    code, out, err = run(capsys, *pair, *extra)
    assert code == 2 and out == ""
    assert err.startswith("specdiff: error: ") and expected in err and err.count("\n") == 1, err


def test_unknown_rule_in_a_waiver_file_names_it(capsys: pytest.CaptureFixture[str], pair: tuple[str, str], tmp_path: Path) -> None:
    waivers = tmp_path / "w.yaml"
    waivers.write_text("- {rule: request-parameter-remove, path: /orders, reason: typo}\n", encoding="utf-8")
    code, _, err = run(capsys, *pair, "--waivers", str(waivers))
    assert code == 2 and "w.yaml: waiver #1: unknown rule ID 'request-parameter-remove'" in err


def test_bad_specs_and_arguments_exit_2_without_traceback(tmp_path: Path, pair: tuple[str, str]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.0.0\npaths: [\n", encoding="utf-8")
    cases = [
        [str(broken), pair[1]],
        [str(tmp_path / "missing.yaml"), pair[1]],
        ["-", "-"],
        [pair[0]],
    ]
    for argv in cases:
        proc = subprocess.run([sys.executable, "-m", "specdiff", *argv], capture_output=True, text=True, cwd=ROOT, input="", timeout=60)
        assert proc.returncode == 2, (argv, proc.stderr)
        assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
        assert proc.stderr.startswith("specdiff: error: ")


def test_load_warnings_only_on_request_and_summarised(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    doc = spec({f"/p{i}": ["get"] for i in range(6)})
    for item in doc["paths"].values():
        item["get"]["responses"]["200"] = {}  # no description: a loader warning per operation
    base = tmp_path / "w.json"
    base.write_text(json.dumps(doc), encoding="utf-8")
    _, _, quiet = run(capsys, str(base), str(base))
    assert quiet == ""
    code, _, err = run(capsys, str(base), str(base), "--show-warnings")
    assert code == 0
    lines = err.splitlines()
    codes = {line.split("]")[0] for line in lines}
    for c in codes:  # per spec and code: at most 3 lines, then one "… N more" line
        group = [line for line in lines if line.startswith(c + "]")]
        assert len(group) <= 2 * 4
    assert any("… 3 more in" in line for line in lines), err


def test_stdin_as_one_side(pair: tuple[str, str]) -> None:
    text = Path(pair[0]).read_text(encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "specdiff", "-", pair[1], "--format", "json"], capture_output=True, text=True, cwd=ROOT, input=text, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["base"]["source"] == "-"


@pytest.mark.parametrize("fmt", ["text", "markdown", "github", "junit"])
def test_every_format_runs_from_the_cli(capsys: pytest.CaptureFixture[str], pair: tuple[str, str], fmt: str) -> None:
    code, out, _ = run(capsys, *pair, "--format", fmt)
    assert code == 1 and "GET /orders/{id}" in out


def test_help_has_examples_and_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    out = capsys.readouterr().out
    assert info.value.code == 0
    for needle in ("--fail-on", "--waivers", "--group-by", "exit codes:", "examples:", "specdiff old.yaml new.yaml --level info"):
        assert needle in out


def test_colour_only_on_a_tty_and_never_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert _use_color("auto", to_file=False)
    assert not _use_color("auto", to_file=True)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not _use_color("auto", to_file=False)
    assert _use_color("always", to_file=False)
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    assert not _use_color("auto", to_file=False)


def test_git_revision_and_url_sources(capsys: pytest.CaptureFixture[str], pair: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """BASE from `REV:path` (a CI gate against main) and REVISION from a URL on 127.0.0.1."""
    import http.server
    import threading
    from functools import partial

    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "api.yaml").write_text(Path(pair[0]).read_text(encoding="utf-8"), encoding="utf-8")
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    for cmd in (["git", "init", "-q"], ["git", "add", "api.yaml"], ["git", "commit", "-qm", "v1"]):
        subprocess.run(cmd, cwd=repo, check=True, env={**os.environ, **env}, capture_output=True)
    (repo / "api.yaml").write_text(Path(pair[1]).read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(repo)
    code, out, err = run(capsys, "HEAD:api.yaml", "api.yaml", "--format", "json")
    assert code == 1, err
    assert "GET /orders/{id}" in {c["operation"] for c in json.loads(out)["changes"]}

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = partial(Quiet, directory=str(Path(pair[1]).parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/{Path(pair[1]).name}"
        code, out, err = run(capsys, "HEAD:api.yaml", url, "--format", "json")
        assert code == 1, err
        assert json.loads(out)["revision"]["source"] == url
        code, _, err = run(capsys, "HEAD:api.yaml", url + ".missing")
        assert code == 2 and err.count("\n") == 1
    finally:
        server.shutdown()
        server.server_close()


def test_html_format_uses_the_shared_look_or_says_it_is_missing(capsys: pytest.CaptureFixture[str], pair: tuple[str, str]) -> None:
    from specdiff._render import available

    code, out, err = run(capsys, *pair, "--format", "html")
    if "html" in available():
        assert code == 1 and out.lstrip().lower().startswith("<!doctype html")
    else:
        assert code == 2 and "--format html: not available in this installation" in err


def test_json_is_deterministic_but_for_time_fields(capsys: pytest.CaptureFixture[str], pair: tuple[str, str]) -> None:
    docs = []
    for _ in range(2):
        _, out, _ = run(capsys, *pair, "--format", "json", "--level", "info")
        doc = json.loads(out)
        assert doc.pop("generatedAt") and doc.pop("durationSeconds") >= 0
        docs.append(doc)
    assert docs[0] == docs[1]


def test_deprecation_days_policy_reaches_the_rules(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Deprecating without an x-sunset is only a finding under a deprecation policy (oasdiff's)."""
    base = spec({"/pets": ["get"]})
    revision = spec({"/pets": ["get"]})
    revision["paths"]["/pets"]["get"]["deprecated"] = True
    (tmp_path / "a.json").write_text(json.dumps(base))
    (tmp_path / "b.json").write_text(json.dumps(revision))
    args = (str(tmp_path / "a.json"), str(tmp_path / "b.json"), "--format", "json", "--level", "info")
    _, without_policy, _ = run(capsys, *args)
    _, with_policy, _ = run(capsys, *args, "--deprecation-days-stable", "30")
    ids_without = {c["id"] for c in json.loads(without_policy)["changes"]}
    ids_with = {c["id"] for c in json.loads(with_policy)["changes"]}
    assert "api-deprecated-sunset-missing" not in ids_without
    assert "api-deprecated-sunset-missing" in ids_with


def test_deprecation_days_must_be_a_whole_number(capsys: pytest.CaptureFixture[str], pair: tuple[str, str]) -> None:
    code, _, err = run(capsys, *pair, "--deprecation-days-beta", "-3")
    assert code == 2 and "0 or more days" in err


def test_dangling_ref_is_noted_on_stderr(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A response schema swapped for a missing external file hides what changed: say so."""
    base = spec({"/pets": ["get"]})
    revision = spec({"/pets": ["get"]})
    revision["paths"]["/pets"]["get"]["responses"]["200"]["content"] = {
        "application/json": {"schema": {"$ref": "./missing-file.yaml"}}
    }
    (tmp_path / "a.json").write_text(json.dumps(base))
    (tmp_path / "b.json").write_text(json.dumps(revision))
    _, _, err = run(capsys, str(tmp_path / "a.json"), str(tmp_path / "b.json"))
    assert "note: revision" in err and "dangling-ref" in err and err.count("\n") == 1
