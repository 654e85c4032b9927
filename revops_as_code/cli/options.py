"""Shared CLI plumbing: the context object, the global options, colour, and error mapping.

Exit codes (stable, scriptable): 0 success / no changes, 1 any error (usage errors
included), 2 changes or drift (only with --detailed-exitcode and for `drift`), 130
interrupted. An error is never reported as 2.

Global options (`--env`, `-C/--project-dir`, `--no-color`, `-q/--quiet`) are declared once
here and attached to every command and group by `global_options`, so they are accepted
before or after the sub-command and appear in every `--help`. Each occurrence merges into
the one `CliContext`; the innermost (the one after the sub-command) wins.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, ParamSpec, TypeVar

import click

from revops_as_code.errors import DefinitionError, RevopsError

P = ParamSpec("P")
R = TypeVar("R")
F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_CHANGES = 2
EXIT_INTERRUPTED = 130


@dataclass
class CliContext:
    """What the global options said. Every field has a default so a command invoked on its
    own (tests, or a caller embedding one command) gets a usable context."""

    start_dir: str = "."
    """`-C` as given (default: the working directory): where the project search starts."""
    env_name: str | None = None
    no_color: bool = False
    quiet: bool = False

    @property
    def project_dir(self) -> str:
        """The project root found upward from `start_dir`; `start_dir` itself if none is."""
        from revops_as_code.discovery import find_project_dir

        found = find_project_dir(Path(self.start_dir))
        return str(found) if found is not None else self.start_dir

    @property
    def color(self) -> bool:
        return want_color(self.no_color)

    def echo_err(self, message: str) -> None:
        click.secho(message, err=True, fg="red" if self.color else None)

    def info(self, message: str) -> None:
        """An informational line (progress, hints, files written): hidden by `--quiet`.

        Results (the plan, a summary line, diagnostics) and errors are printed with
        `click.echo` directly and are never hidden.
        """
        if not self.quiet:
            click.echo(message)


def current_context() -> CliContext | None:
    """The running command's `CliContext`, for helpers that are not handed one."""
    ctx = click.get_current_context(silent=True)
    return ctx.find_object(CliContext) if ctx is not None else None


def want_color(
    no_color: bool = False,
    *,
    environ: Mapping[str, str] | None = None,
    stream: IO[str] | None = None,
) -> bool:
    """Whether output should carry ANSI colour. The one place this is decided.

    In order: `--no-color` → off; `NO_COLOR` (non-empty, no-color.org) → off;
    `FORCE_COLOR` (non-empty, not "0") → on even when piped (CI logs that render ANSI);
    `TERM=dumb` → off; otherwise on exactly when `stream` (stdout) is a terminal. NO_COLOR
    beating FORCE_COLOR follows CPython's own rule (3.13 `_colorize`): a user opting out
    of colour should not be overridden by a CI default.
    """
    env = os.environ if environ is None else environ
    if no_color or env.get("NO_COLOR"):
        return False
    force = env.get("FORCE_COLOR")
    if force and force != "0":
        return True
    if env.get("TERM") == "dumb":
        return False
    target = sys.stdout if stream is None else stream
    try:
        return target.isatty()
    except (AttributeError, ValueError):  # a closed or file-like stream without a tty
        return False


# -- the global options ---------------------------------------------------------------------


def _merge(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    """Fold one occurrence of a global option into the shared `CliContext`.

    Callbacks run while a command's own arguments are parsed, so the root's values land
    first and a sub-command's later: a value given after the sub-command wins.
    """
    obj = ctx.ensure_object(CliContext)
    if param.name == "start_dir" and value is not None:
        obj.start_dir = value
    elif param.name == "env_name" and value is not None:
        obj.env_name = value
    elif param.name == "quiet" and value:
        obj.quiet = True
    elif param.name == "no_color":
        obj.no_color = obj.no_color or bool(value)
        if value or ctx.parent is None:
            # click.echo strips ANSI unless the context says colour is wanted; set it on
            # this context and its parents, so FORCE_COLOR survives a pipe and --no-color
            # after the sub-command applies everywhere.
            node: click.Context | None = ctx
            while node is not None:
                node.color = obj.color
                node = node.parent


def _complete_environments(ctx: click.Context, param: click.Parameter, incomplete: str) -> Any:
    from revops_as_code.cli.completion import complete_environments

    return complete_environments(ctx, param, incomplete)


GLOBAL_OPTIONS: tuple[tuple[tuple[str, ...], dict[str, Any]], ...] = (
    (
        ("-C", "--project-dir", "start_dir"),
        {
            "metavar": "DIR",
            "type": click.Path(file_okay=False, path_type=str),
            "help": "Start the search for revops.yaml here (default: the current directory "
            "and the directories above it).",
        },
    ),
    (
        ("--env", "env_name"),
        {
            "metavar": "NAME",
            "help": "Environment from revops.yaml (default: its default).",
            "shell_complete": _complete_environments,
        },
    ),
    (
        ("--no-color", "no_color"),
        {
            "is_flag": True,
            "help": "Plain output (also with NO_COLOR or TERM=dumb; FORCE_COLOR forces colour).",
        },
    ),
    (
        ("-q", "--quiet", "quiet"),
        {"is_flag": True, "help": "Only results and errors: no progress or informational lines."},
    ),
)
"""Each global option's click declaration; the CLI's argument scan reads names from here."""

GLOBAL_VALUE_OPTIONS = frozenset(
    d for decls, attrs in GLOBAL_OPTIONS if not attrs.get("is_flag") for d in decls if d[0] == "-"
)
"""`-C`, `--project-dir`, `--env`: global options followed by a value."""
GLOBAL_FLAG_OPTIONS = frozenset(
    d for decls, attrs in GLOBAL_OPTIONS if attrs.get("is_flag") for d in decls if d[0] == "-"
)
"""`--no-color`, `-q`, `--quiet`."""


def global_options(func: F) -> F:
    """Attach the global options to a click command or group (above `@click.pass_obj`)."""
    for decls, attrs in reversed(GLOBAL_OPTIONS):
        option = click.option(*decls, expose_value=False, callback=_merge, **attrs)
        func = option(func)
    return func


# -- errors ---------------------------------------------------------------------------------


def interactive() -> bool:
    """Prompts are allowed only when a person is at a terminal."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Map `RevopsError` to a clean message and exit code; anything else is a bug (main()
    turns it into a one-line message and a crash report)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except DefinitionError as exc:
            for diagnostic in exc.diagnostics:
                click.echo(diagnostic.format(), err=True)
            click.echo(f"Error: {exc.message}", err=True)
            raise SystemExit(EXIT_ERROR) from None
        except RevopsError as exc:
            click.echo(f"Error: {exc}", err=True)
            raise SystemExit(exc.exit_code) from None
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            raise SystemExit(EXIT_INTERRUPTED) from None

    return wrapper


lock_timeout_option = click.option(
    "--lock-timeout",
    type=float,
    default=0.0,
    show_default=True,
    help="Seconds to wait for the state lock held by another run (0: fail at once, naming "
    "the holder).",
)
"""The `--lock-timeout` option of every command that takes the state lock."""


__all__ = [
    "EXIT_CHANGES",
    "EXIT_ERROR",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "GLOBAL_FLAG_OPTIONS",
    "GLOBAL_OPTIONS",
    "GLOBAL_VALUE_OPTIONS",
    "CliContext",
    "current_context",
    "global_options",
    "handle_errors",
    "interactive",
    "lock_timeout_option",
    "want_color",
]
