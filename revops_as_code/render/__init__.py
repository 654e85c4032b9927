"""Renderers: pure functions from a `Plan` to text (terminal), markdown (PR comment), JSON or
GitHub workflow annotations.

`RENDERERS` maps a `--format` name to its renderer so the CLI dispatches in one table;
`render_failure` is the body each format prints when no plan could be made.
"""

from __future__ import annotations

from collections.abc import Callable

from revops_as_code.plan.model import Plan
from revops_as_code.render.failure import render_failure
from revops_as_code.render.github import render_github
from revops_as_code.render.json import render_json
from revops_as_code.render.markdown import render_markdown
from revops_as_code.render.options import RenderOptions
from revops_as_code.render.text import render_text

RENDERERS: dict[str, Callable[[Plan, RenderOptions], str]] = {
    "text": lambda plan, options: render_text(plan, options=options),
    "markdown": lambda plan, options: render_markdown(plan, options=options),
    "json": lambda plan, options: render_json(plan),
    "github": lambda plan, options: render_github(plan, options),
}
"""`--format` name -> `renderer(plan, options)`; only text uses colour."""


def render(
    plan: Plan, fmt: str = "text", *, color: bool = False, options: RenderOptions | None = None
) -> str:
    """Render `plan` in format `fmt` (`text`, `markdown`, `json` or `github`)."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise ValueError(
            f"unknown plan format {fmt!r}; choose one of {sorted(RENDERERS)}"
        ) from None
    return renderer(plan, options or RenderOptions(color=color))


__all__ = [
    "RENDERERS",
    "RenderOptions",
    "render",
    "render_failure",
    "render_github",
    "render_json",
    "render_markdown",
    "render_text",
]
