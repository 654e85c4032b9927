"""Entry point of the `revops` CLI: the root group, global options and lazy command table.

Commands are listed in `COMMANDS` as `name -> "module:attribute"` and imported on first
use. To add a command, write `revops_as_code/cli/<name>.py` with a click command and add one
line here.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from typing import Any

import click

from revops_as_code import __version__
from revops_as_code.cli.options import CliContext

COMMANDS: dict[str, str] = {
    "init": "revops_as_code.cli.init_cmd:init",
    "validate": "revops_as_code.cli.validate_cmd:validate",
    "plan": "revops_as_code.cli.plan_cmd:plan",
    "apply": "revops_as_code.cli.apply_cmd:apply",
    "drift": "revops_as_code.cli.drift_cmd:drift",
    "import": "revops_as_code.cli.import_cmd:import_",
    "state": "revops_as_code.cli.state_cmd:state",
    "sandbox": "revops_as_code.cli.sandbox_cmd:sandbox",
    "schemas": "revops_as_code.cli.schemas_cmd:schemas",
}


class LazyGroup(click.Group):
    """A group whose sub-commands are imported only when they are used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name, target in COMMANDS.items() if _module_exists(target))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None or not _module_exists(target):
            return None
        module_name, attr = target.split(":")
        command = getattr(importlib.import_module(module_name), attr)
        assert isinstance(command, click.Command)
        return command


def _module_exists(target: str) -> bool:
    return importlib.util.find_spec(target.split(":")[0]) is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="revops")
@click.option(
    "-C",
    "--project-dir",
    type=click.Path(file_okay=False, path_type=str),
    default=".",
    show_default=True,
    help="Directory holding revops.yaml (the project root).",
)
@click.option("--env", "env_name", metavar="NAME", help="Environment from revops.yaml to use.")
@click.option("--no-color", is_flag=True, help="Plain output (also when NO_COLOR is set or piped).")
@click.pass_context
def cli(ctx: click.Context, project_dir: str, env_name: str | None, no_color: bool) -> None:
    """revops: go-to-market definitions as code, planned and applied to your CRM.

    Validate definitions, show what would change in live systems as a plan, apply it,
    and watch for drift.
    """
    ctx.obj = CliContext(
        project_dir=project_dir,
        env_name=env_name,
        color=_want_color(no_color),
    )


def _want_color(no_color: bool) -> bool:
    if no_color or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point."""
    return cli.main(args=argv, prog_name="revops")


__all__ = ["COMMANDS", "cli", "main"]
