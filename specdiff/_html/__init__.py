"""The one HTML look shared by spec-diff and conformance reports, and their markdown summaries.

Renderers take only a result document (docs/result-formats.md), so an old JSON re-renders.
"""

from specdiff._html._conformance import compute_trend, render_conformance_html
from specdiff._html._index import write_index
from specdiff._html._io import atomic_write_text, load_result
from specdiff._html._markdown import render_conformance_markdown, render_specdiff_markdown
from specdiff._html._safe import mask_secrets
from specdiff._html._specdiff import render_specdiff_html

__all__ = [
    "atomic_write_text",
    "compute_trend",
    "load_result",
    "mask_secrets",
    "render_conformance_html",
    "render_conformance_markdown",
    "render_specdiff_html",
    "render_specdiff_markdown",
    "write_index",
]
