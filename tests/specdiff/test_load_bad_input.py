"""Bad input: exit code 2, one line on stderr naming the file, the place and what to do."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from specdiff import SpecLoadError, load_spec
from tests.fixtures.shared import require
from tests.fixtures.specs import CliResult

HEAD = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"

CASES: dict[str, tuple[str | bytes, list[str], str]] = {
    # name: (file content, extra args, expected fragment of the message)
    "empty": ("", [], "the file is empty"),
    "blank": ("\n  \n", [], "the file is empty"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), [], "binary file"),
    "non-utf8": ("openapi: 3.0.3\ninfo:\n  title: caf\xe9\n".encode("latin-1"), [], ":3:13: not UTF-8 text (byte 0xe9)"),
    "utf16": ("openapi: 3.0.3\n".encode("utf-16"), [], "UTF-16"),
    "yaml-syntax": ("openapi: 3.0.3\ninfo:\n  title: [unclosed\n  version: 1\npaths: {}\n", [], "YAML syntax error"),
    "yaml-syntax-position": ("openapi: 3.0.3\ninfo:\n  title: t\n   bad: indent\npaths: {}\n", [], ":4:"),
    "json-syntax": ('{"openapi": "3.0.3",\n "info": {"title": "t" "version": "1"}}\n', [], ":2:"),
    "json-truncated": ('{"openapi": "3.0.3",\n "info": {"title": "t",\n', [], "cut off"),
    "yaml-truncated-quote": (HEAD + "x-note: 'never closed\n", [], "cut off"),
    "not-openapi": ("name: my-service\nreplicas: 3\n", [], "no top-level `openapi:` or `swagger:` key"),
    "top-level-list": ("- a\n- b\n", [], "the top level is a list"),
    "scalar": ("just some words\n", [], "the top level is a single value"),
    "unsupported-version": ("swagger: '1.2'\ninfo: {title: t, version: '1'}\n", [], "unsupported spec version '1.2'"),
    "openapi-4": ("openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n", [], "unsupported spec version"),
    "duplicate-keys": (HEAD + "components:\n  schemas:\n    A: {type: string}\n    A: {type: integer}\n", [], ":7"),
    "duplicate-keys-message": (HEAD + "x-a: 1\nx-a: 2\n", [], "duplicate key 'x-a'"),
    "duplicate-keys-json-pretty": (
        '{\n  "openapi": "3.0.3",\n  "info": {"title": "t", "version": "1"},\n  "paths": {},\n  "x-a": 1,\n  "x-a": 2\n}\n',
        [],
        ":6: duplicate key 'x-a'",
    ),
    "duplicate-keys-json-minified": (
        '{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{},"components":{"schemas":'
        '{"A":{"description":"say \\"a\\": b"},"A":{}}}}',
        [],
        "duplicate key 'A'",
    ),
    "alias-bomb": (
        "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
        + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(9)),
        [],
        "alias bomb",
    ),
    "deep-yaml-block": (HEAD + "".join(" " * i + "k:\n" for i in range(300)), [], "nesting is deeper than"),
    "deep-yaml-flow": (HEAD + "x: " + "[" * 100_000 + "]" * 100_000 + "\n", [], "deep"),
    "deep-json": ('{"openapi": "3.0.3", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", [], "nesting is deeper than"),
    "over-size-limit": (HEAD + "x-pad: '" + "p" * 5000 + "'\n", ["--max-bytes", "1000"], "size limit of 1000 bytes"),
    "lost-indentation": ((Path(__file__).parent / "data/load/lost-indentation.yaml").read_text(), [], "lost its indentation"),
    "truncated-components": ((Path(__file__).parent / "data/load/truncated.yaml").read_text(), [], "looks cut off: 2 $refs point into `#/components`"),
    "non-scalar-key": (HEAD + "? [a, b]\n: c\n", [], "not a scalar"),
}


def assert_one_line_error(result: CliResult, fragment: str, name: str | Path) -> None:
    assert result.code == 2, (result.code, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("specdiff: error: "), lines[0]
    assert str(name) in lines[0]
    assert fragment in lines[0], lines[0]
    assert result.stdout == ""


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_file(case: str, write_spec: Callable[..., Path], specdiff_cli: Callable[..., CliResult]) -> None:
    content, extra, fragment = CASES[case]
    path = write_spec(f"{case}.yaml", content)
    assert_one_line_error(specdiff_cli("inspect", str(path), *extra), fragment, path)


def test_missing_file(tmp_path: Path, specdiff_cli: Callable[..., CliResult]) -> None:
    path = tmp_path / "nope.yaml"
    assert_one_line_error(specdiff_cli("inspect", str(path)), "no such file; check the path", path)


def test_directory(tmp_path: Path, specdiff_cli: Callable[..., CliResult]) -> None:
    assert_one_line_error(specdiff_cli("inspect", str(tmp_path)), "is a directory", tmp_path)


def test_path_below_a_file(write_spec: Callable[..., Path], specdiff_cli: Callable[..., CliResult]) -> None:
    path = write_spec("a.yaml", HEAD) / "b.yaml"
    assert_one_line_error(specdiff_cli("inspect", str(path)), "no such file", path)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(write_spec: Callable[..., Path], specdiff_cli: Callable[..., CliResult]) -> None:
    path = write_spec("locked.yaml", HEAD)
    path.chmod(0)
    try:
        assert_one_line_error(specdiff_cli("inspect", str(path)), "permission denied", path)
    finally:
        path.chmod(0o644)


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_file_that_fails_to_read(specdiff_cli: Callable[..., CliResult]) -> None:
    """An unreadable file even for root: reading /proc/self/mem at offset 0 fails with EIO."""
    assert_one_line_error(specdiff_cli("inspect", "/proc/self/mem"), "cannot read the file: Input/output error", "/proc/self/mem")


def test_empty_stdin(specdiff_cli: Callable[..., CliResult]) -> None:
    assert_one_line_error(specdiff_cli("inspect", "-", stdin=b""), "the file is empty", "-")


def test_stdin_over_size_limit(specdiff_cli: Callable[..., CliResult]) -> None:
    result = specdiff_cli("inspect", "-", "--max-bytes", "100", stdin=HEAD.encode() + b"x-pad: " + b"p" * 500 + b"\n")
    assert_one_line_error(result, "size limit of 100 bytes", "-")


def test_strict_turns_warnings_into_an_error(write_spec: Callable[..., Path], specdiff_cli: Callable[..., CliResult]) -> None:
    path = write_spec("w.yaml", HEAD.replace("paths: {}", "paths:\n  /a:\n    get:\n      responses:\n        '200': {}\n"))
    assert specdiff_cli("inspect", str(path)).code == 0
    result = specdiff_cli("inspect", "--strict", str(path))
    assert_one_line_error(result, "[response-description-missing] response 200 has no description", f"{path}:7:9")
    assert "--strict" in result.stderr


def test_bad_git_revision(tmp_path: Path, specdiff_cli: Callable[..., CliResult]) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    result = specdiff_cli("inspect", "no-such-rev:openapi.yaml", cwd=tmp_path)
    assert_one_line_error(result, "cannot read from git", "no-such-rev:openapi.yaml")


def test_git_outside_a_repository(tmp_path: Path, specdiff_cli: Callable[..., CliResult]) -> None:
    result = specdiff_cli("inspect", "main:openapi.yaml", cwd=tmp_path)
    assert_one_line_error(result, "git", "main:openapi.yaml")


@pytest.mark.shared
def test_seed_that_lost_its_indentation(shared_dir: Path, specdiff_cli: Callable[..., CliResult]) -> None:
    seed = shared_dir / "seeds" / "002_f3e72b0872cbf775.txt"
    require(seed.is_file(), f"{seed} missing")
    assert_one_line_error(specdiff_cli("inspect", str(seed)), "the YAML lost its indentation", seed)


@pytest.mark.shared
def test_real_spec_cut_in_half(zuora_specs: Path, write_spec: Callable[..., Path], specdiff_cli: Callable[..., CliResult]) -> None:
    full = (zuora_specs / "zuora-2025-12-12-full-compact-davealexenglish-payments.yaml").read_bytes()
    cut = full[: len(full) // 2]
    path = write_spec("cut.yaml", cut[: cut.rindex(b"\n") + 1])
    assert_one_line_error(specdiff_cli("inspect", str(path)), "looks cut off", path)


SEED_SPECS = [Path(__file__).parent / "data/load" / name for name in ("swagger2.yaml", "openapi31.yaml", "bundle/openapi.yaml")]


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    spec=st.sampled_from(SEED_SPECS),
    cut=st.floats(0, 1),
    inserts=st.lists(
        st.tuples(
            st.floats(0, 1),
            st.sampled_from(["{", "[", "&a ", "*a", "<<: ", "\n- ", ": ", '"', "'", "\t", "$ref: x", "!!", "? ", "---\n", "\x00", "\xff"]),
        ),
        max_size=4,
    ),
)
def test_mangled_specs_fail_cleanly(tmp_path: Path, spec: Path, cut: float, inserts: list[tuple[float, str]]) -> None:
    """Whatever the damage, the loader either loads or raises SpecLoadError with one line."""
    text = spec.read_text()
    for where, piece in inserts:
        at = int(where * len(text))
        text = text[:at] + piece + text[at:]
    text = text[: max(1, int(len(text) * (0.5 + cut / 2)))]
    path = tmp_path / "mangled.yaml"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    try:
        loaded = load_spec(str(path))
    except SpecLoadError as exc:
        assert "\n" not in str(exc)
    else:
        loaded.located_warnings()
