"""The installed version of specpact (what `--version` and every report header show)."""

from __future__ import annotations

from importlib import metadata

FALLBACK = "0.1.0"  # a source checkout without installed metadata; keep in step with pyproject.toml


def version() -> str:
    try:
        return metadata.version("specpact")
    except metadata.PackageNotFoundError:
        return FALLBACK
