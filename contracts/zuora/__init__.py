"""The curated Zuora specs and the sandbox's fault profiles, shipped as package data.

`CURATED_SPEC` mirrors the newer rendering of Zuora's docs, `CURATED_SPEC_OLDER` the older one;
the demo diffs them. `FAULTS_DIR` holds one YAML fault profile per kind (see docs/sandbox.md).
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
CURATED_SPEC = HERE / "zuora-billing-v1-current.yaml"
CURATED_SPEC_OLDER = HERE / "zuora-billing-v1-older.yaml"
FAULTS_DIR = HERE / "faults"

__all__ = ["CURATED_SPEC", "CURATED_SPEC_OLDER", "FAULTS_DIR"]
