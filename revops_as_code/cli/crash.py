"""What the CLI does with a bug: one line on stderr and a crash report file, never a traceback.

A traceback on a CI log helps nobody who cannot read the code and may carry a secret from
an exception message. Instead the user sees

    Error: unexpected RuntimeError: boom; crash report written to .revops/crash-....txt

and the file holds what a maintainer needs (traceback, versions, the command line). The
command line is redacted (values of options named like token/secret/password) and so is
every value of a credential-looking environment variable, wherever it appears.
"""

from __future__ import annotations

import os
import platform
import re
import sys
import traceback
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import click

from revops_as_code import __version__
from revops_as_code.discovery import CONFIG_FILE, find_project_dir

REDACTED = "***"
_SECRET_OPTION = re.compile(r"token|secret|password|passwd", re.I)
_SECRET_ENV = re.compile(r"token|secret|password|passwd|api_?key|private_?key|credential", re.I)
_CREDENTIALS_ENV = re.compile(r"^\s*credentials_env:\s*['\"]?([A-Za-z_][A-Za-z0-9_]*)", re.M)
_MIN_SECRET = 6
"""Shorter environment values ("1", "true") are not scrubbed: they would garble the text
and are not credentials."""
_MAX_MESSAGE = 300


def redact_argv(argv: Sequence[str]) -> list[str]:
    """`argv` with the value of every option whose name contains token/secret/password
    replaced by `***` (`--token X` and `--token=X` alike)."""
    out: list[str] = []
    hide_next = False
    for token in argv:
        if hide_next:
            out.append(REDACTED)
            hide_next = False
            continue
        if token.startswith("-") and _SECRET_OPTION.search(token):
            name, sep, _ = token.partition("=")
            if sep:
                out.append(f"{name}={REDACTED}")
            else:
                out.append(token)
                hide_next = True
            continue
        out.append(token)
    return out


def secret_values(
    environ: Mapping[str, str] | None = None, project_dir: Path | None = None
) -> list[str]:
    """Values that must never be shown: credential-looking environment variables and the
    ones `revops.yaml` names as `credentials_env` (whatever they are called)."""
    env = os.environ if environ is None else environ
    names = {name for name in env if _SECRET_ENV.search(name)}
    if project_dir is not None:
        names.update(_credentials_env_names(project_dir / CONFIG_FILE))
    values = {env[name] for name in names if len(env.get(name, "")) >= _MIN_SECRET}
    return sorted(values, key=len, reverse=True)  # longest first: no partial leftovers


def _credentials_env_names(config: Path) -> set[str]:
    # A regex over the raw text, not load_project: the crash may be in config loading.
    try:
        return set(_CREDENTIALS_ENV.findall(config.read_text(encoding="utf-8", errors="replace")))
    except OSError:
        return set()


def scrub(text: str, secrets: Sequence[str]) -> str:
    for value in secrets:
        text = text.replace(value, REDACTED)
    return text


def _start_dir(argv: Sequence[str]) -> str:
    """The last `-C`/`--project-dir` in `argv` (the CLI's rule), else the working directory."""
    found = "."
    for index, token in enumerate(argv):
        if token == "--":
            break
        if token in ("-C", "--project-dir") and index + 1 < len(argv):
            found = argv[index + 1]
        elif token.startswith("--project-dir="):
            found = token.partition("=")[2]
        elif token.startswith("-C") and len(token) > 2:
            found = token[2:]
    return found


def report_directory(argv: Sequence[str]) -> Path:
    """`<project>/.revops/` for the project the command ran on, else `./.revops/`."""
    project = find_project_dir(Path(_start_dir(argv)))
    return (project if project is not None else Path.cwd()) / ".revops"


def write_report(exc: BaseException, argv: Sequence[str], directory: Path) -> Path:
    """Write the crash report for `exc` into `directory`; returns its path."""
    secrets = secret_values(project_dir=directory.parent)
    now = datetime.now(UTC)
    trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    text = "\n".join(
        [
            "revops crash report",
            f"time: {now.isoformat()}",
            f"revops: {__version__}",
            f"python: {sys.version.splitlines()[0]}",
            f"platform: {platform.platform()}",
            f"cwd: {Path.cwd()}",
            f"argv: {' '.join(['revops', *redact_argv(argv)])}",
            "",
            trace,
        ]
    )
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"crash-{now.strftime('%Y%m%d-%H%M%S-%f')}.txt"
    # 0o600 and exclusive create: the report names paths and settings, others need not read it.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(scrub(text, secrets))
    return path


def one_line(exc: BaseException, secrets: Sequence[str]) -> str:
    """`RuntimeError: boom` on one line, scrubbed and shortened."""
    message = " ".join(str(exc).split())
    if len(message) > _MAX_MESSAGE:
        message = message[: _MAX_MESSAGE - 1] + "…"
    message = scrub(message, secrets)
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def report_crash(exc: BaseException, argv: Sequence[str]) -> None:
    """Print the one line for an unexpected exception and write the crash report.

    Never raises: a failure while reporting (an unreadable directory, an exception whose
    `str()` fails) still ends in one line, not a second traceback.
    """
    try:
        _report(exc, argv)
    except Exception as problem:
        click.echo(
            f"Error: unexpected {type(exc).__name__}; writing the crash report failed too "
            f"({type(problem).__name__}). This is a bug in revops: please report it.",
            err=True,
        )


def _report(exc: BaseException, argv: Sequence[str]) -> None:
    directory = report_directory(argv)
    summary = one_line(exc, secret_values(project_dir=directory.parent))
    try:
        path = write_report(exc, argv, directory)
    except OSError as problem:
        click.echo(
            f"Error: unexpected {summary}; could not write a crash report in {directory} "
            f"({problem.strerror or problem}). This is a bug in revops: please report it.",
            err=True,
        )
        return
    click.echo(
        f"Error: unexpected {summary}; crash report written to {_shown(path)}. "
        "This is a bug in revops: please report it with that file.",
        err=True,
    )


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


__all__ = ["redact_argv", "report_crash", "report_directory", "scrub", "secret_values"]
