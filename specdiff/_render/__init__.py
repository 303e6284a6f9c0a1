"""Formatters: DiffReport -> text, looked up by name from a registry.

Each format is one module that registers itself with `@formatter("name")`. Renderers take the
result model and `RenderOptions` only (never CLI state). `html` is registered only when the
shared HTML look (`specdiff._html`) is importable.
"""

from specdiff._render._registry import RenderOptions, available, formatter, get, render

__all__ = ["RenderOptions", "available", "formatter", "get", "render"]
