"""Changing a field's type: existing record values may be converted, truncated or lost.

Fires on an update or replace that changes an attribute the provider declares as a field's
data type (`KindDeclaration.field_type`), also inside a list of fields
(`fields[amount].type`). Not on create, nor on a field added to a list: a new field has no
values yet.
"""

from __future__ import annotations

from collections.abc import Iterator

from revops_as_code.changes import Action, Change
from revops_as_code.diagnostics import Severity
from revops_as_code.diff.risk import leaf_attribute
from revops_as_code.providers.base import KindDeclaration
from revops_as_code.validators.finding import Finding
from revops_as_code.validators.registry import ChangeValidator

CODE = "RV601"


def check(change: Change, declaration: KindDeclaration) -> Iterator[Finding]:
    if change.action not in (Action.UPDATE, Action.REPLACE):
        return
    for ac in change.attribute_changes:
        if (
            leaf_attribute(ac.path) in declaration.field_type
            and ac.before is not None
            and ac.after is not None
        ):
            yield Finding(
                Severity.WARNING,
                CODE,
                f"changes {ac.path} from {ac.before!r} to {ac.after!r}; existing values "
                "may be converted or lost",
                "create a new field with the new type and migrate values, or confirm that "
                "no records hold a value",
                change.resource_id,
            )


VALIDATOR = ChangeValidator("field-type-change", CODE, check, __doc__ or "")
