"""`--format html`: delegates to the shared HTML look, registered only when it is importable."""

from __future__ import annotations

import importlib

from specdiff._model import DiffReport
from specdiff._render._registry import RenderOptions, formatter
from specdiff._report import to_json

try:
    _html = importlib.import_module("specdiff._html")
    _render_html = _html.render_specdiff_html
except (ImportError, AttributeError):
    _render_html = None

if _render_html is not None:

    @formatter("html")
    def render_html(report: DiffReport, options: RenderOptions) -> str:
        return str(_render_html(to_json(report)))
