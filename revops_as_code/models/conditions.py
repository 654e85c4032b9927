"""The one condition language: exit criteria, lifecycle entry criteria and ICP criteria.

A condition is a *leaf* over a field or a derived fact (`field`/`fact`, `op`, `value`) or a
*group* (`all: [...]` every one holds, `any: [...]` at least one holds); groups nest. The
same model is the input to every compiler and to the record audit, so a criterion means the
same thing wherever it is written:

```yaml
all:
  - {field: field/company/target_account, op: eq, value: true}
  - {field: employee_count, op: gte, value: 500}          # bare key: the subject object
  - any:
      - {field: industry, op: in, value: [computer_software, internet]}
  - {fact: engaged_contacts_30d, op: gte, value: 3}        # a derived fact, declared once
```

A derived fact (`DerivedFact`) is an aggregate over associated records, e.g. "contacts of
this company engaged in the past 30 days", declared once in the subject object's
`FieldStandard` and referenced by name from any criteria.

Which operators fit which field type, and which value an operator needs, is checked by the
`criteria` rule, where the field's type is known; the model checks the shape only.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StrictBool, StrictInt, StrictStr, model_validator

from revops_as_code.models.base import Key, Label, Model, ObjectName, Text, exact

Operator = Literal[
    "eq",
    "neq",
    "gt",
    "gte",
    "lt",
    "lte",
    "in",
    "not_in",
    "contains",
    "contains_any",
    "contains_all",
    "is_set",
    "is_not_set",
    "within_last",
    "not_within_last",
]
"""Comparison operators. `in`/`not_in`/`contains_any`/`contains_all` take a list;
`is_set`/`is_not_set` take no value; `within_last`/`not_within_last` take a duration
such as `30d`, `48h` or `2w` and compare a date or datetime with now."""

StrictNumber = Annotated[float, Field(strict=True)]
Scalar = StrictBool | StrictInt | StrictNumber | StrictStr
ConditionValue = Scalar | tuple[Scalar, ...]

FieldRefText = Annotated[str, Field(strict=True, pattern=exact(r"(field/[a-z]+/)?[a-z][a-z0-9_]*"))]
"""`field/<object>/<key>`, or a bare `<key>` for a field of the criteria's subject object."""

FactRefText = Annotated[str, Field(strict=True, pattern=exact(r"(fact/[a-z]+/)?[a-z][a-z0-9_]*"))]
"""`fact/<object>/<key>`, or a bare `<key>` for a fact about the criteria's subject object."""

DURATION_PATTERN = exact(r"[1-9][0-9]{0,3}[hdw]")
"""`within_last` durations: hours, days or weeks (`48h`, `30d`, `2w`)."""

# The four shapes a condition may take; exactly one must match (mirrored by the model
# validator below, so the schema and the model agree).
_LEAF = ("field", "fact", "op", "value")
_EXCLUDES = {
    "field": ("fact", "all", "any"),
    "fact": ("field", "all", "any"),
    "all": ("field", "fact", "op", "value", "any"),
    "any": ("field", "fact", "op", "value", "all"),
}
_SHAPES: list[dict[str, Any]] = [
    {
        "required": [head, "op"] if head in _LEAF else [head],
        "not": {"anyOf": [{"required": [k]} for k in excluded]},
    }
    for head, excluded in _EXCLUDES.items()
]


class Condition(Model, json_schema_extra={"oneOf": _SHAPES}):
    """A criterion: a field or fact compared with a value, or an `all`/`any` group."""

    field: FieldRefText | None = None
    """The field compared: `field/company/employee_count` or `employee_count`."""
    fact: FactRefText | None = None
    """The derived fact compared, by name: `engaged_contacts_30d`."""
    op: Operator | None = None
    """How the field or fact is compared with `value`."""
    value: ConditionValue | None = None
    """What the field or fact is compared with; a list for `in`, `not_in`, `contains_any`,
    `contains_all`; a duration (`30d`) for `within_last`; none for `is_set`/`is_not_set`."""
    all: Annotated[tuple[Condition, ...], Field(min_length=1)] | None = None
    """Every condition in the list holds."""
    any: Annotated[tuple[Condition, ...], Field(min_length=1)] | None = None
    """At least one condition in the list holds."""

    @model_validator(mode="after")
    def _one_shape(self) -> Condition:
        given = self.model_fields_set
        shapes = [
            ({head, "op"} if head in _LEAF else {head}) <= given and not given & set(excluded)
            for head, excluded in _EXCLUDES.items()
        ]
        if sum(shapes) != 1:
            raise ValueError(
                "a condition is either {field|fact, op, value} or a group {all: [...]} / "
                "{any: [...]}; got keys " + ", ".join(sorted(given) or ["none"])
            )
        return self

    @property
    def is_group(self) -> bool:
        return self.all is not None or self.any is not None

    @property
    def children(self) -> tuple[Condition, ...]:
        return self.all or self.any or ()

    def leaves(self) -> tuple[Condition, ...]:
        """Every field/fact comparison in this condition, depth first."""
        if not self.is_group:
            return (self,)
        return tuple(leaf for child in self.children for leaf in child.leaves())


class DerivedFact(Model):
    """A named aggregate over associated records, e.g. engaged contacts in the past 30 days.

    Declared once, in the `FieldStandard` of the object it is about; criteria reference it by
    `key`. Its value is a number (a count), so numeric operators apply.
    """

    key: Key
    """The fact's name, referenced from criteria as `fact: <key>`."""
    label: Label
    """Human name shown in plans and audit reports."""
    description: Text | None = None
    """What the fact measures and why the team cares."""
    aggregate: Literal["count"] = "count"
    """How matching related records are combined (v1: counted)."""
    related: ObjectName
    """The associated object whose records are counted (e.g. `contact` for a company)."""
    where: Condition | None = None
    """Which related records count; bare field keys name fields of `related`. A
    `within_last` comparison on a date makes the count a window (past 30 days)."""
    stored_in: FieldRefText | None = None
    """A number field on the subject object the computed value is written to, so the CRM
    (lists, reports, workflows) can use it: `engaged_contacts_30d`."""


Condition.model_rebuild()

__all__ = [
    "DURATION_PATTERN",
    "Condition",
    "ConditionValue",
    "DerivedFact",
    "FactRefText",
    "FieldRefText",
    "Operator",
    "Scalar",
]
