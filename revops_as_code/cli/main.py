"""Entry point of the `revops` CLI: the root group, the exit-code contract and the command table.

Commands are listed in `COMMANDS` as `name -> "module:attribute"` and imported on first
use. To add a command, write `revops_as_code/cli/<name>.py` with a click command decorated
with `@global_options` and add one line here.

The root group owns the contract CI relies on, whoever calls it (the console script or
click's `CliRunner`): usage errors exit 1, not click's 2 (2 means "changes" or "drift");
global options work after the sub-command; an unexpected exception is one line on stderr
and a crash report, never a traceback.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import click

from revops_as_code import __version__
from revops_as_code.cli.options import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    GLOBAL_FLAG_OPTIONS,
    GLOBAL_VALUE_OPTIONS,
    CliContext,
    global_options,
)

COMMANDS: dict[str, str] = {
    "init": "revops_as_code.cli.init_cmd:init",
    "validate": "revops_as_code.cli.validate_cmd:validate",
    "fmt": "revops_as_code.cli.fmt_cmd:fmt",
    "diff": "revops_as_code.cli.diff_cmd:diff",
    "plan": "revops_as_code.cli.plan_cmd:plan",
    "apply": "revops_as_code.cli.apply_cmd:apply",
    "drift": "revops_as_code.cli.drift_cmd:drift",
    "check": "revops_as_code.cli.check_cmd:check",
    "audit": "revops_as_code.cli.audit_cmd:audit",
    "import": "revops_as_code.cli.import_cmd:import_",
    "state": "revops_as_code.cli.state_cmd:state",
    "sandbox": "revops_as_code.cli.sandbox_cmd:sandbox",
    "schemas": "revops_as_code.cli.schemas_cmd:schemas",
    "docs": "revops_as_code.cli.docs_cmd:docs",
}


class LazyGroup(click.Group):
    """The root group: lazy sub-commands, global options anywhere, exit codes, no tracebacks."""

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

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # Every command also declares the global options, but a group's callback can use
        # them before its sub-command's arguments are parsed (`sandbox` builds its target
        # from --env and -C). Moving them in front of the first sub-command means every
        # callback sees the final values; click's "last one wins" keeps the later value.
        if ctx.resilient_parsing:  # shell completion: a half-typed `--env` has no value yet
            return super().parse_args(ctx, args)
        return super().parse_args(ctx, hoist_global_options(self, ctx, args))

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:  # a Python caller handles exceptions itself
            return super().main(args, prog_name, complete_var, False, **extra)
        argv = list(sys.argv[1:] if args is None else args)
        try:
            result = super().main(argv, prog_name, complete_var, False, **extra)
        except click.exceptions.ClickException as exc:
            exc.show()  # click's own message, with the usage line for usage errors
            _exit(EXIT_ERROR)
        except click.exceptions.Abort as exc:
            interrupted = isinstance(exc.__cause__, KeyboardInterrupt)
            click.echo("Interrupted." if interrupted else "Aborted.", err=True)
            _exit(EXIT_INTERRUPTED if interrupted else EXIT_ERROR)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            _exit(EXIT_INTERRUPTED)
        except SystemExit:
            raise
        except Exception as exc:
            from revops_as_code.cli.crash import report_crash

            report_crash(exc, argv)
            _exit(EXIT_ERROR)
        # With standalone_mode=False click returns the command's value, or the code of a
        # `ctx.exit(code)` (--help and --version exit 0 that way).
        _exit(result if isinstance(result, int) else 0)


def _exit(code: int) -> NoReturn:
    sys.exit(code)


def _module_exists(target: str) -> bool:
    return importlib.util.find_spec(target.split(":")[0]) is not None


def hoist_global_options(group: click.Group, ctx: click.Context, args: list[str]) -> list[str]:
    """`args` with every global option after the first sub-command moved just before it.

    The scan follows the command tree so that a value of another option (`--out -q.json`)
    or a positional argument is never mistaken for a global option; `--` ends it.
    """
    out: list[str] = []
    moved: list[str] = []
    split: int | None = None  # index in `out` of the first sub-command name
    command: click.Command = group
    i = 0
    while i < len(args):
        token = args[i]
        if token == "--":
            out.extend(args[i:])
            break
        name, inline = _option_name(token)
        is_global = name in GLOBAL_VALUE_OPTIONS or (name in GLOBAL_FLAG_OPTIONS and not inline)
        if split is not None and is_global:
            width = 2 if name in GLOBAL_VALUE_OPTIONS and not inline else 1
            moved.extend(args[i : i + width])
            i += width
            continue
        if name:
            width = 2 if not inline and _takes_value(command, name) else 1
            out.extend(args[i : i + width])
            i += width
            continue
        if isinstance(command, click.Group):
            sub = command.get_command(ctx, token)
            if sub is None:  # unknown command: leave the rest for click to report
                out.extend(args[i:])
                break
            split = len(out) if split is None else split
            command = sub
        out.append(token)
        i += 1
    if split is None or not moved:
        return args
    return out[:split] + moved + out[split:]


def _option_name(token: str) -> tuple[str, bool]:
    """(`--name`, has an inline value) for an option token; ("", False) for anything else."""
    if token.startswith("--") and len(token) > 2:
        name, sep, _ = token.partition("=")
        return name, bool(sep)
    if token.startswith("-") and len(token) > 1:
        return token[:2], len(token) > 2  # `-Cdir` is `-C dir`
    return "", False


def _takes_value(command: click.Command, name: str) -> bool:
    for param in command.params:
        if isinstance(param, click.Option) and name in (*param.opts, *param.secondary_opts):
            return not param.is_flag and not param.count
    return False


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="revops")
@global_options
@click.pass_context
def cli(ctx: click.Context) -> None:
    """revops: go-to-market definitions as code, planned and applied to your CRM.

    Validate definitions, show what would change in live systems as a plan, apply it,
    and watch for drift. The global options work before or after the command.
    """
    ctx.ensure_object(CliContext)


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point."""
    return cli.main(args=argv, prog_name="revops")


__all__ = ["COMMANDS", "cli", "hoist_global_options", "main"]
