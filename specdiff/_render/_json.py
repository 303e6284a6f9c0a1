"""`--format json`: the versioned result document (docs/result-formats.md)."""

from __future__ import annotations

import orjson

from specdiff._model import DiffReport
from specdiff._render._registry import RenderOptions, formatter
from specdiff._report import to_json


@formatter("json")
def render_json(report: DiffReport, options: RenderOptions) -> str:
    return orjson.dumps(to_json(report), option=orjson.OPT_INDENT_2).decode() + "\n"
