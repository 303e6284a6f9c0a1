"""specdiff: compare two versions of an API description and report what breaks."""

from specdiff._errors import SpecdiffError, SpecLoadError, UsageError
from specdiff._load import LoadedSpec, LoadWarning, load_spec

__all__ = ["LoadWarning", "LoadedSpec", "SpecLoadError", "SpecdiffError", "UsageError", "load_spec"]
