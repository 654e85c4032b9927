"""Deleting a protected object: refused. `protect: true` (kept in state) means never delete.

Fires on the delete or replace of a change marked `protected` — including objects whose YAML
was removed but whose protection state still remembers. An error: it blocks apply.
"""

from __future__ import annotations

from collections.abc import Iterator

from revops_as_code.changes import Action, Change
from revops_as_code.diagnostics import Severity
from revops_as_code.validators.finding import Finding
from revops_as_code.validators.registry import ChangeValidator

CODE = "RV605"


def check(change: Change) -> Iterator[Finding]:
    if change.protected and change.action in (Action.DELETE, Action.REPLACE):
        verb = "delete" if change.action is Action.DELETE else "replace (delete and re-create)"
        yield Finding(
            Severity.ERROR,
            CODE,
            f"would {verb} a protected object",
            "restore its definition; to really delete it, remove `protect: true`, apply, "
            "then remove the definition (or `revops state rm` it to stop managing it)",
            change.resource_id,
        )


VALIDATOR = ChangeValidator("protected-deletion", CODE, check, __doc__ or "")
