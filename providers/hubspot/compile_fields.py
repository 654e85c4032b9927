"""Field standards -> HubSpot property groups and properties.

Groups come first (`_field_groups`, for every standard of an object) because a field may sit in
a group another standard of its object declares; then `_field_standard` turns each field into a
`_Property` with HubSpot's type/fieldType pair (`api_types.hubspot` when given and valid, else
the definition type's usual pair), its options in order with hidden and description, and its
group dependency. What HubSpot cannot hold — value ranges, required-at-stage, derived facts,
ticket standards — is a capability gap; owner fields revops creates, superseded live fields and
replaced option variants are flagged. Lifecycles, ICPs and SLAs refine these properties later
(compile_derived.py).
"""

from __future__ import annotations

from typing import Any

from revops_as_code.diagnostics import Diagnostic, Severity
from revops_as_code.resources import Resource

from .compile_build import (
    BAD_TYPE_PAIR,
    DEFAULT_GROUPS,
    FIELD_TYPES,
    HS,
    OBJECTS,
    SUPERSEDED,
    VALID_FIELD_TYPES,
    _Build,
    _location,
    _Property,
    _where,
    field_origin,
    group_origin,
)
from .normalize import GROUP, HUBSPOT_GROUPS, canonical_group, canonical_option, rid


def _ignored(names: Any) -> frozenset[str]:
    """A field's `ignore:` in HubSpot's terms where one name means two attributes: the
    definition's `type` is HubSpot's pair (`type`, `field_type`), which HubSpot validates
    together (other names map through the provider's declarations)."""
    ignore = set(names)
    if "type" in ignore:
        ignore.add("field_type")
    return frozenset(ignore)


def _field_groups(build: _Build, standard: Any, source: Any) -> None:
    obj = OBJECTS[standard.object]
    if obj == "tickets":
        return
    for index, group in enumerate(standard.groups):
        name = group.api_names.get(HS, group.key)
        build.group_names[(obj, group.key)] = name
        gid = rid(GROUP, f"{obj}/{name}")
        build.groups[(obj, name)] = Resource(
            id=gid,
            attributes=canonical_group({"label": group.label}),
            # HubSpot's own groups are never revops' to delete, whoever declares them.
            protect=group.protect or standard.protect or name in HUBSPOT_GROUPS.get(obj, ()),
            ignore=frozenset(group.ignore),
            source=_where(source, f"/groups/{index}"),
            origin=group_origin(standard.object, group.key),
        )


def _field_standard(build: _Build, standard: Any, source: Any) -> None:
    obj = OBJECTS[standard.object]
    if obj == "tickets":
        build.gap(f"ticket field standard ({len(standard.fields)} fields)", _where(source, ""),
                  "tickets", Severity.WARNING)  # fmt: skip
        return
    default_group = standard.default_group
    for index, fdef in enumerate(standard.fields):
        where = _where(source, f"/fields/{index}")
        name = fdef.api_name(HS)
        build.fields_by_key[(obj, fdef.key)] = name
        group_key = fdef.group or default_group
        group = (
            build.group_names.get((obj, group_key), group_key) if group_key else DEFAULT_GROUPS[obj]
        )
        type_, field_type = _pair(build, fdef, where, f"{obj}/{name}")
        options = [
            canonical_option(
                {
                    "value": o.api_names.get(HS, o.key),
                    "label": o.label,
                    "description": o.description or "",
                    "hidden": o.hidden or o.deprecated,
                    # The definition's `order` is HubSpot's displayOrder; without one, the
                    # option's place in the list as written.
                    "display_order": o.order if o.order is not None else written,
                }
            )
            for written, o in _ordered(fdef.options)
        ]
        attrs = {
            "label": fdef.label,
            "type": type_,
            "field_type": field_type,
            "group": group,
            "description": fdef.description,
            "hidden": False,
            "calculation_formula": fdef.formulas.get(HS, ""),
            "options": options,
        }
        depends = (rid(GROUP, f"{obj}/{group}"),) if (obj, group) in build.groups else ()
        build.properties[(obj, name)] = _Property(
            obj, name, attrs, where, field_origin(standard.object, fdef.key),
            system_defined=fdef.system_defined,
            protect=fdef.protect or standard.protect or fdef.system_defined,
            ignore=_ignored(fdef.ignore), depends_on=depends,
        )  # fmt: skip
        _field_gaps(build, fdef, obj, name, where)
    for index, fact in enumerate(standard.facts):
        build.gap(
            f"derived fact {fact.key!r} ({fact.label})",
            _where(source, f"/facts/{index}"),
            f"{obj}/{fact.key}",
        )


def _pair(build: _Build, fdef: Any, where: str, obj: str) -> tuple[str, str]:
    """HubSpot's (`type`, `fieldType`): the field's `api_types.hubspot` ("enumeration/radio")
    when it gives one (any pair HubSpot accepts), else the definition type's usual pair."""
    spelled = fdef.api_types.get(HS)
    if spelled is None:
        return FIELD_TYPES[fdef.type]
    type_, _, field_type = str(spelled).partition("/")
    if field_type not in VALID_FIELD_TYPES.get(type_, frozenset()):
        pairs = ", ".join(
            f"{t}/{f}" for t, fs in sorted(VALID_FIELD_TYPES.items()) for f in sorted(fs)
        )
        build.diagnostics.append(
            Diagnostic(
                Severity.ERROR, BAD_TYPE_PAIR,
                f"api_types.hubspot {spelled!r} of {obj} is not a type/fieldType pair HubSpot accepts",
                _location(where, obj),
                hint=f"use one of: {pairs}",
            )
        )  # fmt: skip
        return FIELD_TYPES[fdef.type]
    return type_, field_type


def _ordered(options: Any) -> list[tuple[int, Any]]:
    """(place as written, option), in display order (`order: -1` after the numbered ones)."""

    def key(pair: tuple[int, Any]) -> tuple[int, int, int]:
        written, option = pair
        if option.order is None:
            return (0, written, written)
        return (1, 0, written) if option.order < 0 else (0, option.order, written)

    return sorted(enumerate(options), key=key)


def _field_gaps(build: _Build, fdef: Any, obj: str, name: str, where: str) -> None:
    target = f"{obj}/{name}"
    if fdef.minimum is not None or fdef.maximum is not None:
        build.gap(f"value range of {target}", where, target)
    if fdef.required_at:
        build.gap(f"{target} required at {', '.join(fdef.required_at)}", where, target)
    # HubSpot's own owner fields (hubspot_owner_id) reference owners already; only a field
    # revops creates becomes a plain select.
    if fdef.type == "owner" and not fdef.system_defined:
        # Not a capability gap: audit cannot tell an owner id from any other option value.
        build.diagnostics.append(
            Diagnostic(
                Severity.WARNING,
                "HS206",
                f"{target} as an owner reference: created as a plain select, so HubSpot does "
                "not check that its values are owners",
                _location(where, target),
                hint="use HubSpot's own owner field (system_defined, e.g. hubspot_owner_id)",
            )
        )
    calculated = build.properties[(obj, name)].attrs["field_type"] == "calculation_equation"
    if calculated != bool(fdef.formulas.get(HS)):
        build.diagnostics.append(
            Diagnostic(
                Severity.WARNING,
                "HS208",
                f"{target} is a calculated property without a formula"
                if calculated
                else f"{target} has a HubSpot formula but is not a calculated property, so "
                "HubSpot ignores the formula",
                _location(where, target),
                hint="give calculated fields `formulas: {hubspot: ...}` and "
                "`api_types: {hubspot: <type>/calculation_equation}`",
            )
        )
    for competing in fdef.supersedes:
        build.diagnostics.append(
            Diagnostic(
                Severity.WARNING,
                SUPERSEDED,
                f"{obj}/{competing} competes with the standard field {name!r}, which supersedes "
                "it; revops flags it and never deletes it (it is not owned)",
                _location(where, f"hubspot/property/{obj}/{competing}"),
                hint=f"move its values into {name!r}, then archive it in HubSpot",
            )
        )
    for option in fdef.options:
        for variant in option.replaces:
            build.diagnostics.append(
                Diagnostic(
                    Severity.INFO,
                    SUPERSEDED,
                    f"option {variant!r} of {target} is a variant of {option.key!r}: the plan "
                    "retires it; records that hold it are mapped by audit",
                    _location(where, f"hubspot/property/{target}"),
                )
            )
