"""Building blocks every definition kind shares: the model base, key and label types, the
per-system name maps and the engine knobs (`protect`, `ignore`).

The models are pure *structure*: everything they check can also be said in JSON Schema, so
the generated schemas (what editors and other tools see) and the models (what `revops
validate` runs) give the same verdict on every document. Meaning that needs more than one
value or more than one document (a reference resolves, a pipeline has one won stage, a time
zone exists) is checked by the cross-document rules in `revops_as_code.validation.rules`.

Scalars are strict (`"500"` is not a number, `1` is not `true`) because YAML 1.2 data and
JSON Schema both draw those lines; containers accept lists and store tuples (frozen values).
An explicit `null` is refused everywhere: omit the key instead (`description:` with nothing
after it is a mistake far more often than a wish to say "no description").
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator


def exact(body: str) -> str:
    """A pattern the whole string must match, the same in every regex dialect.

    `$` also matches before a final newline in Python (which `jsonschema` uses), so the
    lookahead refuses any newline explicitly; `(?!.*\\n)` reads the same in JavaScript
    (editors) and Python.
    """
    return rf"^(?!.*\n){body}$"


KEY_PATTERN = exact(r"[a-z][a-z0-9_]*")
"""snake_case natural keys: stable identifiers that survive label changes."""

Key = Annotated[str, Field(strict=True, pattern=KEY_PATTERN, min_length=1, max_length=100)]
"""A natural key: snake_case, starts with a letter."""

Label = Annotated[str, Field(strict=True, min_length=1, max_length=5000)]
"""What people see in the CRM. CRMs accept long labels (HubSpot's published schemas set no
maximum), so the cap only keeps a runaway value out, like `Text`'s."""

Text = Annotated[str, Field(strict=True, min_length=1, max_length=5000)]
"""Free prose: descriptions, the why of a definition."""

ApiName = Annotated[str, Field(strict=True, min_length=1, max_length=200)]
"""A name or id as one live system spells it (`numberofemployees`, `NumberOfEmployees`)."""

SystemName = Annotated[str, Field(strict=True, pattern=KEY_PATTERN, max_length=50)]
"""A provider name as registered (`hubspot`, `salesforce`, `marketo`)."""

ApiNames = dict[SystemName, ApiName]
"""Per-system names where they differ from the key: `{hubspot: numberofemployees}`."""

Count = Annotated[int, Field(strict=True, ge=1)]
"""A whole number of at least 1."""

ObjectName = Literal["contact", "company", "deal", "ticket"]
"""The CRM object a definition is about: contact, company, deal or ticket."""

OBJECTS = ("contact", "company", "deal", "ticket")


class Model(BaseModel):
    """Base of every definition model: frozen, closed, documented, null-free."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        use_attribute_docstrings=True,
        populate_by_name=False,
        regex_engine="python-re",
    )

    @field_validator("*", mode="before")
    @classmethod
    def _no_null(cls, value: Any) -> Any:
        # Defaults are not validated, so this fires only for an explicit `key: null`.
        if value is None:
            raise ValueError("null is not allowed here: give a value or leave the key out")
        return value


class LiveObject(Model):
    """Mixin for anything that becomes an object in a live system (field, stage, pipeline)."""

    protect: StrictBool = False
    """Never delete or replace this object in a live system, even when it leaves the
    definitions (the plan refuses instead)."""
    ignore: tuple[Key, ...] = ()
    """Attributes the plan never changes on the live object (someone else owns them), e.g.
    `[label]` while a rename is being negotiated with the team that uses the field."""


__all__ = [
    "KEY_PATTERN",
    "OBJECTS",
    "ApiName",
    "ApiNames",
    "Count",
    "Key",
    "Label",
    "LiveObject",
    "Model",
    "ObjectName",
    "SystemName",
    "Text",
]
