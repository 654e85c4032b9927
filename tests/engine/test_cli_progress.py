"""Apply's two output styles: a progress bar on a terminal, one line per change in CI."""

from __future__ import annotations

import io

from click.testing import CliRunner
from rich.console import Console

from revops_as_code.apply import ChangeResult, Outcome
from revops_as_code.changes import Action, Change
from revops_as_code.cli.progress import BarListener, LineListener, describe

from .helpers import rid

CHANGE = Change(Action.CREATE, rid("a"), None, {"label": "A"})


def test_line_listener_prints_one_plain_line_per_change() -> None:
    def run() -> None:
        listener = LineListener()
        listener.started(2)
        listener.change_finished(ChangeResult(CHANGE, Outcome.APPLIED))
        listener.change_finished(ChangeResult(CHANGE, Outcome.SKIPPED, blocked_by=rid("z")))

    import click

    @click.command()
    def cmd() -> None:
        run()

    output = CliRunner().invoke(cmd).output
    assert output.splitlines() == [
        "Applying 2 change(s).",
        "create fake/item/a: applied",
        "create fake/item/a: skipped (depends on fake/item/z)",
    ]
    assert "\x1b" not in output


def test_bar_listener_reports_failures_above_the_bar() -> None:
    listener = BarListener(color=False)
    buffer = io.StringIO()
    listener.console = Console(file=buffer, force_terminal=True, no_color=True, highlight=False)
    listener.progress.console.file = buffer  # type: ignore[misc]
    with listener:
        listener.started(2)
        listener.change_started(CHANGE)
        listener.change_finished(ChangeResult(CHANGE, Outcome.APPLIED))
        listener.change_finished(ChangeResult(CHANGE, Outcome.FAILED, error="boom"))
    assert listener.progress.tasks[0].completed == 2
    assert "create fake/item/a: failed (boom)" in buffer.getvalue()
    assert describe(ChangeResult(CHANGE, Outcome.APPLIED)) == "create fake/item/a: applied"
