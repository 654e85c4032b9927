"""Colour is decided in one place (`want_color`); progress (spinner, per-change lines) shows
only on a terminal and never with --quiet."""

from __future__ import annotations

import io
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from rich.console import Console

from revops_as_code.apply import ChangeResult, Outcome
from revops_as_code.changes import Action, Change
from revops_as_code.cli import progress
from revops_as_code.cli.options import CliContext, want_color
from tests.engine.helpers import rid

from .conftest import revops


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


TTY, PIPE = _Stream(True), _Stream(False)


@pytest.mark.parametrize(
    ("flag", "env", "stream", "expected"),
    [
        (False, {}, TTY, True),
        (False, {}, PIPE, False),
        (True, {}, TTY, False),
        (False, {"NO_COLOR": "1"}, TTY, False),
        (False, {"NO_COLOR": ""}, TTY, True),  # empty means unset (no-color.org)
        (False, {"TERM": "dumb"}, TTY, False),
        (False, {"FORCE_COLOR": "1"}, PIPE, True),
        (False, {"FORCE_COLOR": "true"}, PIPE, True),
        (False, {"FORCE_COLOR": "0"}, TTY, True),  # "0" does not force, nor forbid
        (False, {"FORCE_COLOR": "0"}, PIPE, False),
        (False, {"FORCE_COLOR": ""}, PIPE, False),
        (False, {"FORCE_COLOR": "1", "TERM": "dumb"}, PIPE, True),
        (False, {"FORCE_COLOR": "1", "NO_COLOR": "1"}, TTY, False),
        (True, {"FORCE_COLOR": "1"}, PIPE, False),
    ],
)
def test_want_color(flag: bool, env: dict[str, str], stream: _Stream, expected: bool) -> None:
    assert want_color(flag, environ=env, stream=stream) is expected


def _broken(project: Path) -> Path:
    deal = project / "definitions" / "fields" / "deal.yaml"
    deal.write_text(deal.read_text().replace("label:", "lable:", 1))
    return project


def test_force_color_colours_piped_output(project: Path) -> None:
    result = revops("-C", str(_broken(project)), "validate", env={"FORCE_COLOR": "1"})
    assert result.exit_code == 1
    assert "\x1b[" in result.stdout


@pytest.mark.parametrize(
    ("args", "env"),
    [
        ((), {}),  # piped: plain by default
        (("--no-color",), {"FORCE_COLOR": "1"}),
        ((), {"FORCE_COLOR": "1", "NO_COLOR": "1"}),
    ],
)
def test_plain_output(project: Path, args: tuple[str, ...], env: dict[str, str]) -> None:
    result = revops("-C", str(_broken(project)), "validate", *args, env=env)
    assert result.exit_code == 1
    assert "\x1b[" not in result.output


def test_no_color_after_the_subcommand_beats_force_color(project: Path) -> None:
    result = revops("validate", "-C", str(_broken(project)), "--no-color", env={"FORCE_COLOR": "1"})
    assert "\x1b[" not in result.output


# -- the spinner ----------------------------------------------------------------------------


def test_status_is_silent_when_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    err = _Stream(False)
    monkeypatch.setattr("sys.stderr", err)
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich alone would draw: we must not
    with progress.status("Reading live configuration…"):
        pass
    assert err.getvalue() == ""


def test_status_needs_a_terminal_that_can_redraw(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stderr", _Stream(True))
    monkeypatch.delenv("TERM", raising=False)
    assert progress.spinner_allowed()
    monkeypatch.setenv("TERM", "dumb")
    assert not progress.spinner_allowed()


def test_quiet_silences_the_spinner_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stderr", _Stream(True))
    monkeypatch.delenv("TERM", raising=False)
    allowed: list[bool] = []

    @click.command()
    @click.pass_context
    def probe(ctx: click.Context) -> None:
        ctx.obj = CliContext(quiet=True)
        allowed.append(progress.spinner_allowed())

    CliRunner().invoke(probe, [])
    assert allowed == [False]


def test_status_draws_on_a_terminal_console() -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, no_color=True, width=60)
    with progress.status("Reading live configuration…", console=console):
        pass
    assert "Reading live configuration…" in buffer.getvalue()


def test_plan_shows_no_spinner_in_ci(planned_project: Path) -> None:
    result = revops("-C", str(planned_project), "plan", env={"FORCE_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert "Reading live configuration" not in result.output


# -- apply's per-change lines ---------------------------------------------------------------


def test_line_listener_is_silent_with_quiet() -> None:
    change = Change(Action.CREATE, rid("a"), None, {"label": "A"})

    @click.command()
    @click.pass_context
    def probe(ctx: click.Context) -> None:
        for quiet in (False, True):
            ctx.obj = CliContext(quiet=quiet)
            listener = progress.LineListener()
            listener.started(1)
            listener.change_finished(ChangeResult(change, Outcome.APPLIED))

    lines = CliRunner().invoke(probe, []).output.splitlines()
    assert lines == [
        "Applying 1 change(s).",
        progress.describe(ChangeResult(change, Outcome.APPLIED)),
    ]
