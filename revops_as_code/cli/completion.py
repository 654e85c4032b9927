"""Shell completion values: environment names from revops.yaml, definition addresses from
the definitions. Click calls these while the user presses TAB (see docs/completion.md), so
they are quiet and forgiving: any problem (no project, a YAML error) completes nothing
rather than printing an error into the user's prompt.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from click.shell_completion import CompletionItem


def _project_dir(ctx: click.Context) -> Path | None:
    from revops_as_code.cli.options import CliContext
    from revops_as_code.discovery import find_project_dir

    obj = ctx.find_object(CliContext)  # -C, wherever it was given, lands here
    return find_project_dir(Path(obj.start_dir if obj is not None else "."))


def environment_names(ctx: click.Context) -> list[str]:
    from revops_as_code.config import load_project

    root = _project_dir(ctx)
    if root is None:
        return []
    return sorted(load_project(root).config.environments)


def definition_addresses(definitions: Path) -> list[str]:
    """Typed addresses of what the definitions describe: `pipeline/new_business`,
    `pipeline/new_business/stage/demo`, `field/contact/lead_source`, `handoff_sla/...`."""
    from revops_as_code.loader.load import load_tree

    out: list[str] = []
    for doc in load_tree(definitions).documents:
        data: Any = doc.data
        if not isinstance(data, dict):
            continue
        kind, key = data.get("kind"), data.get("key")
        if kind == "FieldStandard":
            obj = data.get("object")
            for section, prefix in (("fields", "field"), ("facts", "fact")):
                out += [f"{prefix}/{obj}/{f['key']}" for f in _items(data.get(section))]
        elif kind in ("Pipeline", "Lifecycle"):
            noun = kind.lower()
            out.append(f"{noun}/{key}")
            out += [f"{noun}/{key}/stage/{s['key']}" for s in _items(data.get("stages"))]
        elif kind == "ICP":
            out.append(f"icp/{key}")
            out += [f"icp/{key}/tier/{t['key']}" for t in _items(data.get("tiers"))]
        elif kind == "HandoffSLA":
            out.append(f"handoff_sla/{key}")
    return sorted(set(out))


def _items(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, dict) and isinstance(v.get("key"), str)]


def complete_environments(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    try:
        names = environment_names(ctx)
    except Exception:  # completion must never print a traceback into a prompt
        return []
    return [CompletionItem(n) for n in names if n.startswith(incomplete)]


def complete_addresses(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    try:
        from revops_as_code.config import load_project

        root = _project_dir(ctx)
        if root is None:
            return []
        addresses = definition_addresses(load_project(root).definitions_dir)
    except Exception:  # as above: complete nothing rather than fail at the prompt
        return []
    return [CompletionItem(a) for a in addresses if a.startswith(incomplete)]


__all__ = [
    "complete_addresses",
    "complete_environments",
    "definition_addresses",
    "environment_names",
]
