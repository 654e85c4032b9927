"""Global options: accepted before or after any (sub-)command, in every --help, merged so
the value after the sub-command wins; `--quiet` hides informational lines only."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from revops_as_code.cli.main import cli, hoist_global_options
from revops_as_code.cli.options import CliContext, global_options

from .conftest import revops

GLOBAL_FLAGS = ("-C, --project-dir DIR", "--env NAME", "--no-color", "-q, --quiet")


def _command_paths() -> list[tuple[str, ...]]:
    """Every command and sub-command of the CLI, as the words that invoke it."""
    paths: list[tuple[str, ...]] = [()]
    ctx = click.Context(cli)

    def walk(group: click.Group, prefix: tuple[str, ...]) -> None:
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            assert command is not None, name
            paths.append((*prefix, name))
            if isinstance(command, click.Group):
                walk(command, (*prefix, name))

    walk(cli, ())
    return paths


COMMAND_PATHS = _command_paths()


def test_the_walk_finds_nested_commands() -> None:
    assert {("plan",), ("state", "list"), ("sandbox", "serve"), ("schemas", "check")} <= set(
        COMMAND_PATHS
    )


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=lambda p: " ".join(p) or "revops")
def test_every_help_lists_the_global_options(path: tuple[str, ...]) -> None:
    result = revops(*path, "--help")
    assert result.exit_code == 0, result.output
    for flag in GLOBAL_FLAGS:
        assert flag in result.output, (path, flag)


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=lambda p: " ".join(p) or "revops")
def test_every_command_accepts_them_after_itself(path: tuple[str, ...], tmp_path: Path) -> None:
    # --help stops before the command runs, so this checks parsing alone, everywhere.
    result = revops(*path, "--env", "x", "-C", str(tmp_path), "--no-color", "-q", "--help")
    assert result.exit_code == 0, result.output


def test_plan_env_before_or_after_is_the_same(planned_project: Path) -> None:
    after = revops("-C", str(planned_project), "plan", "--env", "sandbox")
    before = revops("-C", str(planned_project), "--env", "sandbox", "plan")
    assert after.exit_code == before.exit_code == 0, after.output
    assert after.output == before.output
    assert "Plan: " in after.output


def test_project_dir_after_the_subcommand(
    planned_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # not a project: only -C can find it
    after = revops("plan", "--detailed-exitcode", "-C", str(planned_project))
    before = revops("-C", str(planned_project), "plan", "--detailed-exitcode")
    assert after.exit_code == before.exit_code == 2, after.output
    assert after.output == before.output


def test_the_value_after_the_subcommand_wins(planned_project: Path) -> None:
    ok = revops("-C", str(planned_project), "--env", "nowhere", "state", "list", "--env", "sandbox")
    assert ok.exit_code == 0, ok.output
    bad = revops(
        "-C", str(planned_project), "--env", "sandbox", "state", "list", "--env", "nowhere"
    )
    assert bad.exit_code == 1
    assert "unknown environment 'nowhere'" in bad.output


def test_sandbox_sub_commands_see_options_given_after_them(
    planned_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `sandbox` builds its target in the group callback, before `status` parses its own
    # arguments: the options given after `status` must still reach it.
    monkeypatch.chdir(tmp_path)
    after = revops("sandbox", "status", "-C", str(planned_project), "--env", "sandbox")
    before = revops("-C", str(planned_project), "--env", "sandbox", "sandbox", "status")
    assert after.exit_code == before.exit_code == 0, after.output
    assert after.output == before.output
    assert str(planned_project) in after.output


def test_quiet_keeps_results_and_drops_informational_lines(tmp_path: Path) -> None:
    loud = revops("init", str(tmp_path / "loud"))
    quiet = revops("init", str(tmp_path / "quiet"), "-q")
    assert loud.exit_code == quiet.exit_code == 0
    assert len(loud.output.splitlines()) > 3
    (line,) = quiet.output.splitlines()
    assert line.startswith("Created ") and line.endswith(f"files in {tmp_path / 'quiet'}:")


def test_quiet_plan_still_prints_the_plan(planned_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    result = revops("-C", str(planned_project), "plan", "--out", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    assert "Plan: " in result.output
    assert "Saved the plan" not in result.output
    assert out.is_file()


def test_a_command_invoked_on_its_own_gets_a_default_context() -> None:
    seen: list[CliContext] = []

    @click.command()
    @global_options
    @click.pass_obj
    def probe(obj: CliContext) -> None:
        seen.append(obj)

    result = CliRunner().invoke(probe, ["--env", "prod", "-q"])
    assert result.exit_code == 0, result.output
    assert (seen[0].env_name, seen[0].quiet, seen[0].start_dir) == ("prod", True, ".")


# -- the argument scan that moves global options in front of the sub-command ---------------

ROOT_CTX = click.Context(cli)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["plan", "--env", "x"], ["--env", "x", "plan"]),
        (["--env", "a", "plan", "--env", "b"], ["--env", "a", "--env", "b", "plan"]),
        (["plan", "--env=x", "-Cdir", "-q"], ["--env=x", "-Cdir", "-q", "plan"]),
        (["state", "show", "ADDR", "--no-color"], ["--no-color", "state", "show", "ADDR"]),
        # a value of the command's own option is not a global option
        (["plan", "--out", "-q"], ["plan", "--out", "-q"]),
        (
            ["sandbox", "serve", "--token-env", "--env"],
            ["sandbox", "serve", "--token-env", "--env"],
        ),
        # after `--` everything is an argument
        (["validate", "--", "--env"], ["validate", "--", "--env"]),
        # unknown commands are left for click to report
        (["bogus", "--env", "x"], ["bogus", "--env", "x"]),
        # combined short flags are left to the command's own parser
        (["plan", "-qx"], ["plan", "-qx"]),
        (["--env", "x", "plan"], ["--env", "x", "plan"]),
    ],
)
def test_hoist(args: list[str], expected: list[str]) -> None:
    assert hoist_global_options(cli, ROOT_CTX, args) == expected
