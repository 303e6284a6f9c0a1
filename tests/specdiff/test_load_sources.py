"""Sources: path, stdin, http(s) URL (real server on 127.0.0.1), git revision REV:path."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from specdiff import SpecLoadError, load_spec
from specdiff._load._sources import classify
from tests.fixtures.specs import CliResult, StaticServer

SPEC = "openapi: 3.0.3\ninfo: {title: Sourced, version: '7'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok}\n"


def test_stdin(specdiff_cli: Callable[..., CliResult]) -> None:
    result = specdiff_cli("inspect", "-", stdin=SPEC.encode())
    assert result.code == 0, result.stderr
    assert "title:       Sourced" in result.stdout
    assert "operations:  1" in result.stdout


def test_url(static_server: StaticServer) -> None:
    (static_server.root / "spec.yaml").write_text(SPEC)
    spec = load_spec(f"{static_server.url}/spec.yaml")
    assert (spec.title, spec.version, spec.source) == ("Sourced", "7", f"{static_server.url}/spec.yaml")


def test_url_not_found(static_server: StaticServer) -> None:
    with pytest.raises(SpecLoadError, match="HTTP 404"):
        load_spec(f"{static_server.url}/missing.yaml")


def test_url_size_limit(static_server: StaticServer) -> None:
    (static_server.root / "big.yaml").write_text(SPEC + "x-pad: '" + "p" * 10_000 + "'\n")
    with pytest.raises(SpecLoadError, match="size limit of 2000 bytes"):
        load_spec(f"{static_server.url}/big.yaml", max_bytes=2000)


def test_url_timeout(static_server: StaticServer) -> None:
    (static_server.root / "slow.yaml").write_text(SPEC)
    static_server.delays["/slow.yaml"] = 2.0
    with pytest.raises(SpecLoadError, match=r"no answer within 0.3 s"):
        load_spec(f"{static_server.url}/slow.yaml", timeout=0.3)


def test_url_connection_refused() -> None:
    with pytest.raises(SpecLoadError, match="cannot fetch the URL"):
        load_spec("http://127.0.0.1:9/spec.yaml", timeout=2)


@pytest.fixture
def git_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    (repo / "api").mkdir()
    (repo / "api" / "openapi.yaml").write_text(SPEC.replace("'7'", "'1'") + "components:\n  schemas:\n    M: {$ref: 'common.yaml#/M'}\n")
    (repo / "api" / "common.yaml").write_text("M: {type: string, maxLength: 3}\n")
    git("add", ".")
    git("commit", "-q", "-m", "v1")
    (repo / "api" / "openapi.yaml").write_text(SPEC.replace("'7'", "'2'"))
    git("commit", "-q", "-am", "v2")
    return repo


def test_git_revision(git_repo: Path, specdiff_cli: Callable[..., CliResult]) -> None:
    old = specdiff_cli("inspect", "--json", "HEAD~1:api/openapi.yaml", cwd=git_repo)
    assert old.code == 0, old.stderr
    assert '"api_version": "1"' in old.stdout
    new = specdiff_cli("inspect", "--json", "main:api/openapi.yaml", cwd=git_repo)
    assert '"api_version": "2"' in new.stdout


def test_git_revision_relative_to_cwd_and_external_refs(git_repo: Path, specdiff_cli: Callable[..., CliResult]) -> None:
    result = specdiff_cli("inspect", "--json", "HEAD~1:openapi.yaml", cwd=git_repo / "api")
    assert result.code == 0, result.stderr
    assert '"warnings": []' in result.stdout  # common.yaml was read from the same revision


def test_existing_file_wins_over_git_syntax(tmp_path: Path, specdiff_cli: Callable[..., CliResult]) -> None:
    (tmp_path / "main:spec.yaml").write_text(SPEC)
    result = specdiff_cli("inspect", "main:spec.yaml", cwd=tmp_path)
    assert result.code == 0, result.stderr
    assert "Sourced" in result.stdout


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("-", "stdin"),
        ("https://example.com/a.yaml", "url"),
        ("http://example.com/a.yaml", "url"),
        ("main:openapi.yaml", "git"),
        ("origin/main:api/openapi.yaml", "git"),
        ("v1.2.0:spec.json", "git"),
        ("C:\\specs\\openapi.yaml", "file"),
        ("C:/specs/openapi.yaml", "file"),
        ("./main:spec.yaml", "file"),
        ("/abs/main:spec.yaml", "file"),
        ("spec.yaml", "file"),
    ],
)
def test_classify(source: str, kind: str) -> None:
    assert classify(source).kind == kind


def test_path_objects_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(SPEC)
    assert load_spec(path).source == str(path)
