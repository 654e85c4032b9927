"""Shared CLI plumbing: the context object, output, and the one place errors become exit codes.

Exit codes (stable, scriptable): 0 success / no changes, 1 error, 2 changes or drift (only
with --detailed-exitcode and for `drift`), 130 interrupted. An error is never reported as 2.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

import click

from revops_as_code.errors import DefinitionError, RevopsError

P = ParamSpec("P")
R = TypeVar("R")

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_CHANGES = 2
EXIT_INTERRUPTED = 130


@dataclass
class CliContext:
    project_dir: str
    env_name: str | None
    color: bool

    def echo_err(self, message: str) -> None:
        click.secho(message, err=True, fg="red" if self.color else None)


def interactive() -> bool:
    """Prompts are allowed only when a person is at a terminal."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Map `RevopsError` to a clean message and exit code; anything else is a bug."""

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
    "CliContext",
    "handle_errors",
    "interactive",
    "lock_timeout_option",
]
