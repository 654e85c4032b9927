"""`Lifecycle`: the stages a contact (or company) passes through, each with entry criteria.

Subscriber/lead → MQL or MQA → SQL → opportunity → customer, then evangelist or churned.
The stages are the options of the lifecycle field (HubSpot's `lifecyclestage`); each stage
says precisely what must be true for a record to enter it, in the shared condition language.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field as PydanticField
from pydantic import StrictBool

from revops_as_code.models.base import ApiNames, Key, Label, LiveObject, ObjectName, Text
from revops_as_code.models.conditions import Condition, FieldRefText


class LifecycleStage(LiveObject):
    """One lifecycle stage and what it takes to enter it."""

    key: Key
    """Natural key (`mqa`), referenced as `lifecycle/<key>`."""
    label: Label
    """Stage name shown in the CRM (`Marketing qualified account`)."""
    description: Text | None = None
    """What the stage means, in words sales and marketing both signed off."""
    entry_criteria: Condition | None = None
    """What must be true to enter the stage. Bare field keys name fields of the lifecycle's
    object; `field/company/...` on a contact lifecycle means the contact's primary company."""
    entered_at_field: FieldRefText | None = None
    """A date/datetime field stamped when a record enters the stage (`mqa_date`)."""
    terminal: StrictBool = False
    """A stage records leave the funnel at (churned, disqualified): not part of the forward
    sequence."""
    api_ids: ApiNames = PydanticField(default_factory=dict)
    """The stage's stored value per system where it differs from `key`:
    `{hubspot: marketingqualifiedlead}`."""


class Lifecycle(LiveObject):
    """The lifecycle of one object: stages in order with their entry criteria."""

    api_version: Literal["revops.dev/v1"] = PydanticField(alias="apiVersion")
    """Definition language version."""
    kind: Literal["Lifecycle"]
    """Document kind."""
    key: Key
    """Natural key of the lifecycle (`buyer_journey`)."""
    label: Label
    """Human name of the lifecycle."""
    description: Text | None = None
    """Why the stages are drawn where they are."""
    object: ObjectName = "contact"
    """The CRM object that moves through the lifecycle."""
    field: FieldRefText
    """The enum field holding the stage (`lifecyclestage`); its options are these stages."""
    allow_backward: StrictBool = False
    """Whether a record may move back to an earlier stage (HubSpot moves forward only unless
    the stage is cleared first)."""
    stages: tuple[LifecycleStage, ...] = PydanticField(min_length=1)
    """Stages in funnel order; terminal stages last."""
    owner_team: Key | None = None
    """Team accountable for the lifecycle's definition (`revops`, `marketing`)."""

    def stage(self, key: str) -> LifecycleStage | None:
        return next((s for s in self.stages if s.key == key), None)


__all__ = ["Lifecycle", "LifecycleStage"]
