"""Removing a pipeline stage: records in that stage are moved or left without a stage.

Fires on the delete (or replace) of an object the provider declares a stage
(`KindDeclaration.is_stage`), and on an update that removes a member of a list it declares
as stages (`stage_lists`), for providers that model stages inline in their pipeline.
"""

from __future__ import annotations

from collections.abc import Iterator

from revops_as_code.changes import Action, Change
from revops_as_code.diagnostics import Severity
from revops_as_code.providers.base import KindDeclaration
from revops_as_code.validators._lists import removed_keys
from revops_as_code.validators.finding import Finding
from revops_as_code.validators.registry import ChangeValidator

CODE = "RV603"
REMEDIATION = "move the records in this stage to another stage first; check the impact in the plan"


def check(change: Change, declaration: KindDeclaration) -> Iterator[Finding]:
    rid = change.resource_id
    if change.action in (Action.DELETE, Action.REPLACE) and declaration.is_stage:
        verb = "deletes" if change.action is Action.DELETE else "re-creates"
        yield Finding(
            Severity.WARNING,
            CODE,
            f"{verb} pipeline stage {rid.key!r}; records in it lose their stage",
            REMEDIATION,
            rid,
        )
    if change.action is Action.UPDATE:
        for ac in change.attribute_changes:
            for list_name, key_field in declaration.stage_lists.items():
                for stage in removed_keys(ac, (list_name,), key_field):
                    yield Finding(
                        Severity.WARNING,
                        CODE,
                        f"removes stage {stage!r}; records in it lose their stage",
                        REMEDIATION,
                        rid,
                    )


VALIDATOR = ChangeValidator("pipeline-stage-removed", CODE, check, __doc__ or "")
