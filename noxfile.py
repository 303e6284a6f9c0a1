"""Developer workflow. `nox -s tests` is what CI runs; `nox -s demo` is the main job.

Dependencies come from pyproject.toml only (nox.project.load_toml); posargs are forwarded.
"""

from __future__ import annotations

import os
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.sessions = ["tests"]
nox.options.reuse_existing_virtualenvs = True

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml("pyproject.toml")
EXTRAS = PYPROJECT["project"]["optional-dependencies"]


def _install(session: nox.Session, *extras: str) -> None:
    """Install the project (editable) with the named extras from pyproject.toml."""
    spec = f".[{','.join(extras)}]" if extras else "."
    session.install("-e", spec)


@nox.session(python="3.11")
def tests(session: nox.Session) -> None:
    """Run the test suite (real servers on 127.0.0.1, real Chromium when installed)."""
    _install(session, "test")
    args = session.posargs or ["-q", "-p", "no:cacheprovider"]
    session.run("pytest", *args, env={"HYPOTHESIS_PROFILE": os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") == "true" else "dev")})


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    """Lint with ruff."""
    session.install(*[d for d in EXTRAS["dev"] if d.startswith("ruff")])
    session.run("ruff", "check", "specdiff", "contracts", "tests", "noxfile.py", *session.posargs)


@nox.session(python="3.11")
def typecheck(session: nox.Session) -> None:
    """Type-check the packages with mypy --strict."""
    _install(session, "dev")
    session.run("mypy", *session.posargs)


@nox.session(python="3.11", default=False)
def bench(session: nox.Session) -> None:
    """Print speed, memory and correctness figures side by side with the named peers.

    Runs every tests/bench/bench_*.py (each prints its own table); `nox -s bench -- load` runs
    only the ones whose name contains `load`.
    """
    _install(session, "test")
    scripts = sorted((ROOT / "tests" / "bench").glob("bench_*.py"))
    wanted = session.posargs
    for script in scripts:
        if wanted and not any(w in script.stem for w in wanted):
            continue
        session.log(f"== {script.stem}")
        session.run("python", str(script))


@nox.session(python="3.11", default=False)
def score(session: nox.Session) -> None:
    """Score specdiff against the labelled oasdiff and openapi-diff cases in ../shared."""
    _install(session)
    session.run("python", str(ROOT / "tests" / "bench" / "score_corpora.py"), *session.posargs)


@nox.session(python="3.11", default=False)
def demo(session: nox.Session) -> None:
    """The main job on the embedded default: diff the curated Zuora spec versions and run the
    contract suite against the embedded sandbox, writing reports into reports/."""
    _install(session)
    session.run("python", "-m", "contracts.demo", *session.posargs)
