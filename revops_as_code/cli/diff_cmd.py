"""`revops diff [BASE] [HEAD]`: what a definitions change means, in plain words, no CRM.

BASE defaults to the merge base of HEAD with the main branch; HEAD defaults to the work
tree. Output in text, markdown (the PR comment shows it above the plan) or JSON. Exit 0
(with or without changes; `--detailed-exitcode` makes changes 2), 1 on an error. Files that
do not load at one side are named on stderr and left out of the comparison.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from revops_as_code.agreement_diff import AgreementChange, diff_documents
from revops_as_code.agreement_source import (
    WORKTREE,
    default_base,
    documents_at,
    repository_root,
)
from revops_as_code.cli.completion import complete_addresses
from revops_as_code.cli.options import EXIT_CHANGES, CliContext, global_options, handle_errors
from revops_as_code.discovery import require_project_dir


def _text(changes: list[AgreementChange], base: str, head: str) -> str:
    if not changes:
        return f"No changes to the definitions between {base} and {head}.\n"
    lines = [f"The agreement changes between {base} and {head} ({len(changes)} change(s)):", ""]
    lines += [f"  {c.text}" for c in changes]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("<", "&lt;").replace("|", "\\|")


def _markdown(changes: list[AgreementChange], base: str, head: str) -> str:
    title = "### What the agreement changes"
    if not changes:
        return f"{title}\n\nNo changes to the definitions between `{base}` and `{head}`.\n"
    out = [title, "", f"{len(changes)} change(s) between `{base}` and `{head}`:", ""]
    current = None
    for c in changes:
        if c.file != current:
            current = c.file
            out.append(f"- **`{_cell(c.file)}`**" if c.file else "- **(definitions)**")
        out.append(f"  - {_cell(c.text)}")
    return "\n".join(out) + "\n"


def _json(changes: list[AgreementChange], base: str, head: str) -> str:
    data = {
        "base": base,
        "head": head,
        "has_changes": bool(changes),
        "changes": [c.to_json() for c in changes],
    }
    return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"


def _selected(address: str, only: tuple[str, ...]) -> bool:
    return not only or any(
        address == o.rstrip("/") or address.startswith(o.rstrip("/") + "/") for o in only
    )


RENDER = {"text": _text, "markdown": _markdown, "json": _json}


@click.command()
@click.argument("base", required=False)
@click.argument("head", required=False)
@click.option(
    "--format", "fmt", type=click.Choice(sorted(RENDER)), default="text", show_default=True
)
@click.option(
    "--only",
    "only",
    multiple=True,
    metavar="ADDRESS",
    shell_complete=complete_addresses,
    help="Only changes to this definition or below it (`pipeline/new_business`, "
    "`field/contact/lead_source`); repeatable.",
)
@click.option("--detailed-exitcode", is_flag=True, help="Exit 2 when there are changes.")
@global_options
@click.pass_obj
@handle_errors
def diff(
    obj: CliContext,
    base: str | None,
    head: str | None,
    fmt: str,
    only: tuple[str, ...],
    detailed_exitcode: bool,
) -> None:
    """Show what the definitions change between BASE (default: the merge base with main)
    and HEAD (default: the work tree), in plain words."""
    from revops_as_code.config import load_project

    root = require_project_dir(Path(obj.start_dir))
    definitions = load_project(root).definitions_dir
    repo = repository_root(root)
    base = base or default_base(repo)
    head = head or WORKTREE
    before, problems_before = documents_at(repo, definitions, base)
    after, problems_after = documents_at(repo, definitions, head)
    for diagnostic in [*problems_before, *problems_after]:
        click.echo(f"{diagnostic.format()} (left out of the comparison)", err=True)
    changes = [c for c in diff_documents(before, after) if _selected(c.address, only)]
    shown_head = "the work tree" if head == WORKTREE else head
    click.echo(RENDER[fmt](changes, base[:12] if len(base) == 40 else base, shown_head), nl=False)
    if detailed_exitcode and changes:
        raise SystemExit(EXIT_CHANGES)
