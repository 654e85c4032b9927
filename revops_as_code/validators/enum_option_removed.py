"""Removing an enum option: records holding that value keep a value nobody can select.

Fires on an update that removes a member of a list the provider declares as enum options
(`KindDeclaration.option_lists`), whether the provider keys the list
(`options[<value>]: {...} → null`) or nests it (`fields[x].options: [...] → [...]`).
Renaming an option's label, adding or reordering options does not fire. One finding per
change names every option it removes (a value set losing ten values is one warning, not ten).
"""

from __future__ import annotations

from collections.abc import Iterator

from revops_as_code.changes import Action, Change
from revops_as_code.diagnostics import Severity
from revops_as_code.providers.base import KindDeclaration
from revops_as_code.validators._lists import removed_keys
from revops_as_code.validators.finding import Finding
from revops_as_code.validators.registry import ChangeValidator

CODE = "RV602"


def check(change: Change, declaration: KindDeclaration) -> Iterator[Finding]:
    if change.action is not Action.UPDATE:
        return
    removed: list[str] = []
    for ac in change.attribute_changes:
        for list_name, key_field in declaration.option_lists.items():
            removed += [v for v in removed_keys(ac, (list_name,), key_field) if v not in removed]
    if removed:
        yield _finding(change, removed)


def _finding(change: Change, values: list[str]) -> Finding:
    if len(values) == 1:
        what = f"removes option {values[0]!r}; records holding it keep an orphaned value"
    else:
        names = ", ".join(repr(v) for v in values)
        what = f"removes {len(values)} options ({names}); records holding them keep orphaned values"
    return Finding(
        Severity.WARNING,
        CODE,
        what,
        "map records holding the option to a kept option first (or hide the "
        "option instead of removing it)",
        change.resource_id,
    )


VALIDATOR = ChangeValidator("enum-option-removed", CODE, check, __doc__ or "")
