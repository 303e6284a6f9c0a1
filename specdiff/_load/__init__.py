"""Loading: source (file, URL, git revision, stdin) -> parsed, normalised spec document.

Knows nothing of diffing. Everything else in the toolkit loads specs through `load_spec`.
"""

from specdiff._load._loader import load_spec
from specdiff._load._model import LoadedSpec, LoadWarning

__all__ = ["LoadWarning", "LoadedSpec", "load_spec"]
