"""Renderers: pure functions from a `Plan` to text (terminal), markdown (PR comment) or JSON.

`RENDERERS` maps a `--format` name to its renderer so the CLI dispatches in one table.
"""

from __future__ import annotations

from collections.abc import Callable

from revops_as_code.plan.model import Plan
from revops_as_code.render.json import render_json
from revops_as_code.render.markdown import render_markdown
from revops_as_code.render.text import render_text

RENDERERS: dict[str, Callable[[Plan, bool], str]] = {
    "text": lambda plan, color: render_text(plan, color=color),
    "markdown": lambda plan, color: render_markdown(plan),
    "json": lambda plan, color: render_json(plan),
}
"""`--format` name -> `renderer(plan, color)`; only text uses colour."""


def render(plan: Plan, fmt: str = "text", *, color: bool = False) -> str:
    """Render `plan` in format `fmt` (`text`, `markdown` or `json`)."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise ValueError(
            f"unknown plan format {fmt!r}; choose one of {sorted(RENDERERS)}"
        ) from None
    return renderer(plan, color)


__all__ = ["RENDERERS", "render", "render_json", "render_markdown", "render_text"]
