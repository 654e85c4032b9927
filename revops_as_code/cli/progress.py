"""How the engine's long-running commands talk while they work, and the shared option glue.

On a terminal, apply draws a rich progress bar; in CI (not a terminal) it prints one plain
line per change, so logs stay greppable and free of control characters. Also here: opening
the workspace from the CLI context and rendering a plan in the chosen format, shared by
`plan` and `apply`.
"""

from __future__ import annotations

import sys
from types import TracebackType

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from revops_as_code.apply import ChangeResult, Outcome
from revops_as_code.changes import Change
from revops_as_code.cli.options import CliContext
from revops_as_code.engine import Workspace
from revops_as_code.plan.model import Plan


def open_workspace(ctx: CliContext) -> Workspace:
    return Workspace.open(ctx.project_dir, ctx.env_name)


def render_plan(plan: Plan, fmt: str, *, color: bool) -> str:
    """The plan in `text`, `markdown` or `json` (the renderers are pure functions)."""
    from revops_as_code.render import render

    return render(plan, fmt, color=color)


def describe(result: ChangeResult) -> str:
    change = result.change
    text = f"{change.action.value} {change.resource_id}: {result.outcome.value}"
    if result.error:
        text += f" ({result.error})"
    if result.blocked_by is not None:
        text += f" (depends on {result.blocked_by})"
    return text


class LineListener:
    """One line per finished change, for CI logs."""

    def started(self, total: int) -> None:
        click.echo(f"Applying {total} change(s).")

    def change_started(self, change: Change) -> None:
        pass

    def change_finished(self, result: ChangeResult) -> None:
        click.echo(describe(result))


class BarListener:
    """A progress bar on the terminal; failures are printed above it as they happen."""

    def __init__(self, color: bool) -> None:
        self.console = Console(stderr=True, no_color=not color, highlight=False)
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=self.console,
            transient=True,
        )
        self.task = self.progress.add_task("applying", total=0)

    def __enter__(self) -> BarListener:
        self.progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.progress.stop()

    def started(self, total: int) -> None:
        self.progress.update(self.task, total=total)

    def change_started(self, change: Change) -> None:
        self.progress.update(self.task, description=f"{change.action.value} {change.resource_id}")

    def change_finished(self, result: ChangeResult) -> None:
        self.progress.advance(self.task)
        if result.outcome is not Outcome.APPLIED:
            self.console.print(describe(result), markup=False, highlight=False)


def on_terminal() -> bool:
    return sys.stderr.isatty() and sys.stdout.isatty()


__all__ = [
    "BarListener",
    "LineListener",
    "describe",
    "on_terminal",
    "open_workspace",
    "render_plan",
]
