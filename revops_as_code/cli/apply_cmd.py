"""`revops apply [PLANFILE]`: apply a saved or fresh plan, safely, change by change."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import click

from revops_as_code.apply import ApplyListener, ApplyOptions
from revops_as_code.cli.options import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    CliContext,
    global_options,
    handle_errors,
    interactive,
    lock_timeout_option,
)
from revops_as_code.cli.progress import (
    BarListener,
    LineListener,
    describe,
    on_terminal,
    open_workspace,
    render_plan,
)
from revops_as_code.errors import PlanError, UsageError
from revops_as_code.plan.model import Plan


@click.command()
@click.argument(
    "planfile", required=False, type=click.Path(dir_okay=False, exists=True, path_type=Path)
)
@click.option(
    "--auto-approve",
    is_flag=True,
    help="Do not ask for confirmation (required without a terminal).",
)
@click.option("--allow-destructive", is_flag=True, help="Allow deletes and replaces.")
@click.option(
    "--overwrite-drift", is_flag=True, help="Allow overwriting changes made outside revops."
)
@lock_timeout_option
@global_options
@click.pass_obj
@handle_errors
def apply(
    obj: CliContext,
    planfile: Path | None,
    auto_approve: bool,
    allow_destructive: bool,
    overwrite_drift: bool,
    lock_timeout: float,
) -> None:
    """Apply a plan (PLANFILE from `revops plan --out`, or a fresh plan) to the live system."""
    if not auto_approve and not interactive():
        raise UsageError(
            "no terminal to ask for confirmation on",
            hint="review the plan, then pass --auto-approve",
        )
    options = ApplyOptions(
        allow_destructive=allow_destructive,
        overwrite_drift=overwrite_drift,
        lock_timeout=lock_timeout,
    )
    with open_workspace(obj) as workspace, ExitStack() as stack:
        # Without a plan file, the plan is made after the lock is taken (workspace.apply):
        # an apply that waited out --lock-timeout plans against the state the other one left.
        plan = None
        if planfile is not None:
            try:
                text = planfile.read_bytes().decode("utf-8")
            except UnicodeDecodeError as exc:
                raise PlanError(
                    f"plan file {planfile} is not UTF-8 text (byte {exc.start}): not a plan "
                    "that `revops plan --out` wrote",
                    hint="make a new one with `revops plan --out FILE`",
                ) from None
            except OSError as exc:
                raise PlanError(f"cannot read plan file {planfile} ({exc.strerror})") from None
            plan = Plan.from_json(text)

        def show(p: Plan) -> None:
            click.echo(render_plan(p, "text", color=obj.color).rstrip("\n"))

        def confirm(p: Plan) -> bool:
            return auto_approve or click.confirm("Apply these changes?", default=False)

        listener: ApplyListener = LineListener()
        if on_terminal():
            listener = stack.enter_context(BarListener(obj.color))
        report = workspace.apply(
            plan, options=options, confirm=confirm, listener=listener, on_plan=show
        )
        # A stop on refused credentials names the variable to fix (its name, never its value).
        variables = {
            name: target.config.credentials_env
            for name, target in workspace.environment.targets.items()
        }
    for result in report.failed + report.skipped:
        click.echo(describe(result), err=True)
    click.echo(report.summary(variables))
    if report.interrupted:
        raise SystemExit(EXIT_INTERRUPTED)
    if not report.ok:
        raise SystemExit(EXIT_ERROR)
