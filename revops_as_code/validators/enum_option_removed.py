"""Removing an enum option: records holding that value keep a value nobody can select.

Fires on an update that removes a member of an `options` list (the differ reports that as
`options[<value>]: {...} → null`). Renaming an option's label or reordering options does
not fire.
"""

from __future__ import annotations

from collections.abc import Iterator

from revops_as_code.changes import Action, Change
from revops_as_code.diagnostics import Severity
from revops_as_code.diff.risk import is_member_removal, top_attribute
from revops_as_code.validators.finding import Finding
from revops_as_code.validators.registry import ChangeValidator

CODE = "RV602"
OPTION_ATTRIBUTES = ("options",)


def check(change: Change) -> Iterator[Finding]:
    if change.action is not Action.UPDATE:
        return
    for ac in change.attribute_changes:
        if top_attribute(ac.path) in OPTION_ATTRIBUTES and is_member_removal(ac):
            value = ac.path[ac.path.index("[") + 1 : -1]
            yield Finding(
                Severity.WARNING,
                CODE,
                f"removes option {value!r}; records holding it keep an orphaned value",
                "map records holding the option to a kept option first (or hide the "
                "option instead of removing it)",
                change.resource_id,
            )


VALIDATOR = ChangeValidator("enum-option-removed", CODE, check, __doc__ or "")
