"""What a provider's attributes mean, per resource kind (part of the provider contract).

The engine's risk, change validators and renderers consult these declarations instead of
naming vendor attributes: which changes need review or are destructive, which attributes
hold a field's type, option or stage lists, how a stored value is shown to a person, and
which definition attribute names map to which provider attribute (for `ignore:`).
Re-exported by `providers.base`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from revops_as_code.resources import JsonValue


@dataclass(frozen=True)
class AttributeDisplay:
    """How one stored attribute is shown to a person, in the definition's terms."""

    name: str
    """The definition's name for it (`probability`, `outcome`)."""
    scale: float = 1.0
    """Shown value = stored value x scale (HubSpot stores 0.1 where the definition says 10)."""
    unit: str = ""
    """Appended to a shown number (`%`)."""

    def show(self, value: JsonValue) -> JsonValue:
        """The value as the definition states it (numbers scaled), else unchanged."""
        if self.scale != 1.0 and isinstance(value, int | float) and not isinstance(value, bool):
            shown = round(value * self.scale, 6)
            return int(shown) if float(shown).is_integer() else shown
        return value


@dataclass(frozen=True)
class KindDeclaration:
    """What a provider's attributes of one kind mean. Attribute names are matched against the
    top-level attribute of a change path (`options` in `options[ppc].label`) and its leaf
    (`label`), so a provider that nests (`stages[won].outcome`) declares `outcome`."""

    noun: str = ""
    """How a person calls an object of this kind (`property`, `deal stage`)."""
    identity: tuple[str, ...] = ()
    """What identifies an object of this kind (the parts of its natural key), e.g.
    `("object_type", "name")`: shown with the vendor address, used to adopt by natural key."""
    review: frozenset[str] = frozenset()
    """Attributes whose change alters what existing records mean (a stage's won/lost flag,
    its probability): such an update is rated `review`."""
    destructive: frozenset[str] = frozenset()
    """Attributes whose change loses data in place: such an update is rated `destructive`."""
    field_type: frozenset[str] = frozenset()
    """Attributes that hold a field's data type (the field-type-change validator)."""
    option_lists: Mapping[str, str] = field(default_factory=dict)
    """Lists of enum options -> their member key (the enum-option-removed validator)."""
    stage_lists: Mapping[str, str] = field(default_factory=dict)
    """Lists of pipeline stages -> their member key (the pipeline-stage-removed validator)."""
    is_stage: bool = False
    """Objects of this kind are pipeline stages (deleting one strands its records)."""
    display: Mapping[str, AttributeDisplay] = field(default_factory=dict)
    """Attribute -> how to show it (the definition's name, scale and unit)."""
    aliases: Mapping[str, str] = field(default_factory=dict)
    """Definition attribute name -> this kind's attribute, for `ignore:` (`outcome` ->
    `is_closed`). Names not listed are taken as they are."""

    def attribute_for(self, definition_name: str) -> str:
        return self.aliases.get(definition_name, definition_name)

    def shown_name(self, attribute: str) -> str:
        shown = self.display.get(attribute)
        return shown.name if shown is not None else attribute


@dataclass(frozen=True)
class Declarations:
    """A provider's `KindDeclaration` per resource kind."""

    kinds: Mapping[str, KindDeclaration] = field(default_factory=dict)

    def kind(self, kind: str) -> KindDeclaration:
        return self.kinds.get(kind) or KindDeclaration()
