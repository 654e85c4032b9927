"""Field standards -> Salesforce custom fields (and the values of standard picklists).

A definition field lives on every sObject of its object (`model.OBJECTS`: a contact field on
Lead and Contact). Its name is `api_names.salesforce` when given; else a `system_defined`
field is the standard field `api_name(key)` (`email` -> `Email`; a contact lifecycle's stage
field is Lead's `Status`, since Salesforce keeps a person's stage in Lead Status), and any other
field the custom field `custom_field_name(key)`. Standard fields are never created: a
standard picklist with options becomes its `value_set`, any other standard field only an INFO
that Salesforce governs it. Custom fields carry every attribute of the canonical form (sizes
from `TYPE_DEFAULTS`, None where a type has none); picklist values are the options in order,
without hidden or deprecated ones (inactive in Salesforce: records keep them). Owner fields
are Lookups to User. Numeric bounds become a `<Field>_Range` validation rule
(compile_rules.py). Field groups, derived facts, required-at-stage and competing live fields
are reported, never dropped silently; `required_at` becomes validation rules
(compile_required.py).
"""

from __future__ import annotations

from typing import Any

from revops_as_code.diagnostics import Severity

from . import model
from .compile_build import (
    BAD_TYPE,
    DUPLICATE,
    SF,
    STANDARD_FIELD,
    SUPERSEDED,
    _Build,
    _Field,
    _Target,
    _ValueSet,
    _where,
    field_origin,
)
from .compile_rules import range_rules

LABEL_LIMIT = 40
"""Salesforce refuses a custom field label longer than 40 characters."""
DESCRIPTION_LIMIT = 1000
"""... and a description longer than 1,000."""

_IGNORE: dict[str, tuple[str, ...]] = {
    "options": ("values",),
    "type": ("type", "length", "precision", "scale", "visible_lines", "reference_to"),
}
"""A definition's `ignore:` name -> the canonical attributes it stands for (others are the
same word on both sides: `label`, `description`)."""


def ignored(names: Any) -> frozenset[str]:
    out: set[str] = set()
    for name in names:
        out.update(_IGNORE.get(name, (name,)))
    return frozenset(out)


def sf_name(fdef: Any, lifecycle_field: bool = False) -> str:
    """The field's Salesforce API name (see the module docstring)."""
    given = fdef.api_names.get(SF)
    if given:
        return str(given)
    if fdef.system_defined:
        return "Status" if lifecycle_field else model.api_name(fdef.key)
    return model.custom_field_name(fdef.key)


def sf_objects(obj: str, name: str) -> tuple[str, ...]:
    # Status is Lead's alone: a Contact has no lead status.
    if obj == "contact" and name == "Status":
        return ("Lead",)
    return model.OBJECTS[obj]


def _ordered(options: Any) -> list[Any]:
    indexed = list(enumerate(options))
    indexed.sort(
        key=lambda pair: (pair[1].order if pair[1].order is not None else pair[0], pair[0])
    )
    return [o for _, o in indexed]


def picklist_values(options: Any) -> list[dict[str, Any]]:
    """Active values in display order: hidden and deprecated options are left out."""
    return [
        {"value": o.api_names.get(SF, o.key), "label": o.label, "default": False}
        for o in _ordered(options)
        if not (o.hidden or o.deprecated)
    ]


def targets(build: _Build, standards: list[tuple[Any, Any]], lifecycle_fields: set[tuple[str, str]]) -> None:  # fmt: skip
    """Fill `build.refs` for every declared field (the first standard to declare a key wins,
    as `Definitions.field_of` does), before anything refers to them."""
    for standard, source in standards:
        for fact in standard.facts:
            build.facts.setdefault((standard.object, fact.key), fact.related)
        for index, fdef in enumerate(standard.fields):
            ref = (standard.object, fdef.key)
            if ref in build.refs:
                continue
            name = sf_name(fdef, ref in lifecycle_fields)
            build.refs[ref] = _Target(
                objects=sf_objects(standard.object, name),
                name=name,
                type=fdef.type,
                sf_type=_sf_type(fdef),
                label=fdef.label,
                values={o.key: o.api_names.get(SF, o.key) for o in fdef.options},
                labels={o.key: o.label for o in fdef.options},
                source=_where(source, f"/fields/{index}"),
            )


def _sf_type(fdef: Any) -> str:
    spelled = fdef.api_types.get(SF)
    return str(spelled) if spelled else model.FIELD_TYPES[fdef.type]


def field_standard(build: _Build, standard: Any, source: Any) -> None:
    for index, fdef in enumerate(standard.fields):
        target = build.refs.get((standard.object, fdef.key))
        if target is None:  # pragma: no cover - targets() saw every field
            continue
        where = _where(source, f"/fields/{index}")
        origin = field_origin(standard.object, fdef.key)
        if target.custom:
            _custom_field(build, standard, fdef, target, where, origin)
        else:
            governed = (standard.object, fdef.key) in build.governed
            _standard_field(build, fdef, target, where, origin, governed)
        range_rules(build, fdef, target, where, origin)
        _field_gaps(build, fdef, target, where)
    for index, fact in enumerate(standard.facts):
        build.gap(
            f"derived fact {fact.key!r} ({fact.label}; computed and written by audit)",
            _where(source, f"/facts/{index}"),
            f"fact/{standard.object}/{fact.key}",
        )


def _custom_field(build: _Build, standard: Any, fdef: Any, target: _Target, where: str,
                  origin: str) -> None:  # fmt: skip
    sf_type = target.sf_type
    if sf_type not in model.TYPE_DEFAULTS:
        usual = model.FIELD_TYPES[fdef.type]
        build.report(
            Severity.ERROR, BAD_TYPE,
            f"api_types.salesforce {sf_type!r} of {target.name} is not a field type revops "
            "creates", where, origin,
            hint="use one of: " + ", ".join(sorted(model.TYPE_DEFAULTS)) + f" (or leave it out "
            f"for {usual})",
        )  # fmt: skip
        sf_type = usual
    if len(fdef.label) > LABEL_LIMIT:
        build.report(
            Severity.ERROR, BAD_TYPE,
            f"label {fdef.label!r} of {target.name} is {len(fdef.label)} characters; "
            f"Salesforce accepts at most {LABEL_LIMIT} for a field label", where, origin,
            hint=f"shorten the label to {LABEL_LIMIT} characters or fewer",
        )  # fmt: skip
    if len(fdef.description) > DESCRIPTION_LIMIT:
        build.report(
            Severity.ERROR, BAD_TYPE,
            f"the description of {target.name} is {len(fdef.description)} characters; "
            f"Salesforce accepts at most {DESCRIPTION_LIMIT} for a field description", where,
            origin, hint=f"shorten the description to {DESCRIPTION_LIMIT} characters or fewer",
        )  # fmt: skip
    sizes = model.TYPE_DEFAULTS[sf_type]
    picklist = sf_type in ("Picklist", "MultiselectPicklist")
    for obj in target.objects:
        known = build.fields.get((obj, target.name))
        if known is not None and known.origin != origin:
            build.report(
                Severity.ERROR, DUPLICATE,
                f"{origin} and {known.origin} are both the field {obj}.{target.name}; the "
                "second is left out", where, origin,
                hint="give one of them its own api_names.salesforce",
            )  # fmt: skip
            continue
        attrs: dict[str, Any] = {
            "object": obj,
            "name": target.name,
            "label": fdef.label,
            "type": sf_type,
            "length": sizes.get("length"),
            "precision": sizes.get("precision"),
            "scale": sizes.get("scale"),
            "visible_lines": sizes.get("visible_lines"),
            "description": fdef.description or "",
            "help_text": "",
            "reference_to": "User" if sf_type == "Lookup" else None,
            "values": picklist_values(fdef.options) if picklist else [],
        }
        build.fields[(obj, target.name)] = _Field(
            obj, target.name, attrs, where, origin,
            protect=fdef.protect or standard.protect, ignore=ignored(fdef.ignore),
        )  # fmt: skip


def _standard_field(build: _Build, fdef: Any, target: _Target, where: str, origin: str,
                    governed: bool) -> None:  # fmt: skip
    names = [model.key_of(obj, target.name) for obj in target.objects]
    sets = sorted({s for n in names if (s := model.STANDARD_PICKLISTS.get(n))})
    values = picklist_values(fdef.options)
    for set_name in sets if values else []:
        build.value_sets[set_name] = _ValueSet(
            set_name, values, where, origin, ignored(fdef.ignore)
        )
    managed = (
        f"manages its values (the {', '.join(sets)} value set)"
        if sets and (values or governed)
        else "creates and changes nothing"
    )
    derived = not fdef.api_names.get(SF)
    what = "is a standard Salesforce field" if len(names) == 1 else "are standard Salesforce fields"
    build.report(
        Severity.INFO, STANDARD_FIELD,
        f"{' and '.join(names)} {what}: Salesforce governs the label, type and description; "
        f"revops {managed}", where, origin,
        hint=f"if Salesforce has no standard field {target.name}, name the field in "
        "api_names.salesforce (or drop system_defined to create a custom field)"
        if derived else None,
    )  # fmt: skip


def _field_gaps(build: _Build, fdef: Any, target: _Target, where: str) -> None:
    shown = " / ".join(model.key_of(obj, target.name) for obj in target.objects)
    for competing in fdef.supersedes:
        # Supersedes lists live names as some system spells them (`close_probability`):
        # shown as the custom field Salesforce would hold.
        live = competing if competing != competing.lower() else model.custom_field_name(competing)
        build.report(
            Severity.WARNING, SUPERSEDED,
            f"field {live} competes with {shown}, which the field standard says supersedes "
            "it; revops flags it and never deletes it (it is not owned)", where, shown,
            hint=f"move its values into {target.name}, then delete it in Salesforce Setup",
        )  # fmt: skip
    for option in fdef.options:
        for variant in option.replaces:
            build.report(
                Severity.INFO, SUPERSEDED,
                f"value {variant!r} of {shown} is a variant of {option.key!r}: the plan "
                "deactivates it; records that hold it are mapped by audit", where, shown,
            )  # fmt: skip
