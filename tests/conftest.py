"""Test-wide configuration: hypothesis profiles, and every fixture plugin under tests/fixtures/."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, settings

pytest_plugins = sorted(
    f"tests.fixtures.{p.stem}" for p in (Path(__file__).parent / "fixtures").glob("*.py") if not p.name.startswith("_")
)

settings.register_profile("dev", max_examples=25, deadline=None)
settings.register_profile("ci", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
