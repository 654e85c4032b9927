"""`ICP`: the ideal customer profile as named tiers, and the field each company's tier goes in.

Tiers are evaluated in order; a company gets the first tier whose criteria hold, or
`default_tier` if none does. Criteria use the shared condition language over company fields
and derived facts (e.g. "at least three stakeholders engaged in the past 30 days").
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field as PydanticField

from revops_as_code.models.base import Key, Label, LiveObject, Model, ObjectName, Text
from revops_as_code.models.conditions import Condition, FieldRefText


class Tier(Model):
    """One ICP tier."""

    key: Key
    """The tier's key; also the option value written to the tier field (`tier_1`)."""
    label: Label
    """Tier name shown to people (`Tier 1 – strategic`)."""
    description: Text | None = None
    """Who these accounts are and how sales treats them."""
    criteria: Condition
    """What must be true of a company to be in the tier."""


class ICP(LiveObject):
    """Ideal customer profile: ordered tiers and the field they are written to."""

    api_version: Literal["revops.dev/v1"] = PydanticField(alias="apiVersion")
    """Definition language version."""
    kind: Literal["ICP"]
    """Document kind."""
    key: Key
    """Natural key of the profile (`northwind_icp`)."""
    label: Label
    """Human name of the profile."""
    description: Text | None = None
    """What the profile is for and who signed it off."""
    object: ObjectName = "company"
    """The CRM object tiers are assigned to."""
    field: FieldRefText
    """The enum field each record's tier is written to (`icp_tier`); its options are the
    tier keys plus `default_tier`."""
    tiers: tuple[Tier, ...] = PydanticField(min_length=1)
    """Tiers, best first; a record gets the first one whose criteria hold."""
    default_tier: Key | None = None
    """Value written when no tier matches (`not_icp`); leave out to clear the field."""
    owner_team: Key | None = None
    """Team accountable for the profile."""


__all__ = ["ICP", "Tier"]
