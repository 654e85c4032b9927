"""How the engine's long-running commands talk while they work, and the shared option glue.

On a terminal, apply draws a rich progress bar and slow steps (reading a live portal) show a
spinner (`status`); in CI (not a terminal) apply prints one plain line per change and
nothing else moves, so logs stay greppable and free of control characters. `--quiet` hides
both. Also here: opening the workspace from the CLI context (finding the project upward)
and rendering a plan in the chosen format, shared by `plan` and `apply`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from revops_as_code.apply import ChangeResult, Outcome
from revops_as_code.changes import Change
from revops_as_code.cli.options import CliContext, current_context
from revops_as_code.discovery import require_project_dir
from revops_as_code.engine import Workspace
from revops_as_code.plan.model import Plan


def open_workspace(ctx: CliContext) -> Workspace:
    """The workspace of the project found upward from `-C` (or the working directory)."""
    return Workspace.open(require_project_dir(Path(ctx.start_dir)), ctx.env_name)


def _quiet() -> bool:
    obj = current_context()
    return obj is not None and obj.quiet


def spinner_allowed() -> bool:
    """A spinner redraws a line in place: only on a terminal that can, and not with -q."""
    try:
        tty = sys.stderr.isatty()
    except (AttributeError, ValueError):
        tty = False
    return tty and os.environ.get("TERM") != "dumb" and not _quiet()


@contextmanager
def status(message: str, *, console: Console | None = None) -> Iterator[None]:
    """Show `message` with a spinner on stderr while the block runs (terminal only).

    Silent when stderr is not a terminal (CI logs, pipes) or with `--quiet`, whatever
    FORCE_COLOR says: rich would otherwise treat FORCE_COLOR as a terminal and write
    control characters into logs. `console` is for tests.
    """
    if console is None:
        if not spinner_allowed():
            yield
            return
        obj = current_context()
        color = obj.color if obj is not None else False
        console = Console(stderr=True, no_color=not color, highlight=False)
    with console.status(message, spinner="dots"):
        yield


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
    """One line per finished change, for CI logs; none with `--quiet` (apply still prints
    every failure and its summary)."""

    def __init__(self, quiet: bool | None = None) -> None:
        self.quiet = _quiet() if quiet is None else quiet

    def started(self, total: int) -> None:
        if not self.quiet:
            click.echo(f"Applying {total} change(s).")

    def change_started(self, change: Change) -> None:
        pass

    def change_finished(self, result: ChangeResult) -> None:
        if not self.quiet:
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
            disable=_quiet(),
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
    "spinner_allowed",
    "status",
]
