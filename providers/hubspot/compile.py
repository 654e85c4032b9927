"""Definitions -> the HubSpot resources that express them (the provider's vendor mapping).

    FieldStandard  -> property groups + properties (type/fieldType, options in order with
                      hidden and description); HubSpot-defined fields: options only. An
                      object may have several standards; a field may sit in a group that
                      another standard of its object declares
    Pipeline       -> a deal pipeline + one resource per stage (probability as HubSpot's
                      0–1 string metadata, closed/won)
    Lifecycle      -> the options of its stage field (HubSpot's `lifecyclestage` accepts
                      option edits); its `entered_at_field`s are properties of the standard
    ICP            -> the options of the tier field (tiers + default tier)
    HandoffSLA     -> due-at (datetime) and breached (bool) properties

Every resource keeps its origin: the typed address of the definition it expresses
(`field/company/icp_tier`, `field_standard/company/group/revops_standard`, `pipeline/renewal`,
`pipeline/renewal/stage/won`) and its `file:line:col`. A property several documents shape (a
lifecycle's or an ICP's options on a standard's field) keeps the field standard's.

Everything HubSpot's API cannot express — stage exit criteria, max days in stage, forecast
categories, lifecycle entry criteria and automation, ICP criteria and derived facts, SLA
timing, numeric bounds, required-at-stage — is reported as a capability gap ("not enforced
in HubSpot; measured by audit"), and fields that `supersedes` competing live fields are
flagged, so nothing a definition says is dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from revops_as_code.compile import capability_gap
from revops_as_code.diagnostics import Diagnostic, Location, Severity
from revops_as_code.models.refs import Ref
from revops_as_code.providers.base import CompileResult
from revops_as_code.resources import Resource, ResourceId, ResourceSet

from .compile_pipelines import compile_pipeline
from .normalize import (
    GROUP,
    HUBSPOT_GROUPS,
    PROPERTY,
    canonical_group,
    canonical_option,
    canonical_property,
    rid,
)

if TYPE_CHECKING:
    from revops_as_code.models import Definitions

SYSTEM = "HubSpot"
HS = "hubspot"

OBJECTS = {"contact": "contacts", "company": "companies", "deal": "deals", "ticket": "tickets"}
DEFAULT_GROUPS = {
    "contacts": "contactinformation",
    "companies": "companyinformation",
    "deals": "dealinformation",
    "tickets": "ticketinformation",
}

FIELD_TYPES: dict[str, tuple[str, str]] = {
    "string": ("string", "text"),
    "text": ("string", "textarea"),
    "number": ("number", "number"),
    "currency": ("number", "number"),
    "percent": ("number", "number"),
    "bool": ("bool", "booleancheckbox"),
    "date": ("date", "date"),
    "datetime": ("datetime", "date"),
    "enum": ("enumeration", "select"),
    "multi_enum": ("enumeration", "checkbox"),
    "owner": ("enumeration", "select"),
}
"""Definition field type -> HubSpot (`type`, `fieldType`), per the properties API's pairs."""

SUPERSEDED = "HS201"
"""A live field competing with the standard's (declared in `supersedes`)."""
HUBSPOT_DEFINED = "HS202"
"""A HubSpot-defined property: only part of it can be managed."""
BAD_TYPE_PAIR = "HS203"
"""`api_types.hubspot` names a type/fieldType pair HubSpot refuses."""

VALID_FIELD_TYPES: dict[str, frozenset[str]] = {
    "bool": frozenset({"booleancheckbox", "calculation_equation"}),
    "enumeration": frozenset({"booleancheckbox", "checkbox", "radio", "select",
                              "calculation_equation"}),
    "date": frozenset({"date"}),
    "datetime": frozenset({"date"}),
    "string": frozenset({"file", "text", "textarea", "calculation_equation", "html",
                         "phonenumber"}),
    "number": frozenset({"number", "calculation_equation"}),
    "phone_number": frozenset({"phonenumber", "text"}),
}  # fmt: skip
"""HubSpot's `type` -> accepted `fieldType`s: the PropertyCreate enums of [HS-spec]
properties.json and the pairs table of "CRM API | Properties"
(developers.hubspot.com/docs/api/crm/properties); html/phonenumber strings and phone_number
as seen in practice (the sandbox's validation.py holds the same table)."""


@dataclass
class _Property:
    """A property being assembled from several documents (a standard, a lifecycle, an ICP)."""

    object_type: str
    name: str
    attrs: dict[str, Any]
    source: str
    origin: str
    system_defined: bool = False
    protect: bool = False
    ignore: frozenset[str] = frozenset()
    governed_options: list[dict[str, Any]] | None = None
    depends_on: tuple[ResourceId, ...] = ()


@dataclass
class _Build:
    resources: list[Resource] = field(default_factory=list)
    properties: dict[tuple[str, str], _Property] = field(default_factory=dict)
    groups: dict[tuple[str, str], Resource] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    fields_by_key: dict[tuple[str, str], str] = field(default_factory=dict)
    """(object type, definition key) -> HubSpot property name."""
    group_names: dict[tuple[str, str], str] = field(default_factory=dict)
    """(object type, group key) -> HubSpot group name, across all of the object's standards."""

    def gap(self, what: str, source: str, obj: str, severity: Severity = Severity.INFO) -> None:
        self.diagnostics.append(
            capability_gap(SYSTEM, what, location=_location(source, obj), severity=severity)
        )


def _location(source: str, obj: str) -> Location:
    parts = source.rsplit(":", 2)
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return Location(file=parts[0], line=int(parts[1]), col=int(parts[2]), object=obj)
    return Location(file=source, object=obj)


def _documents(definitions: Definitions) -> Iterator[tuple[Any, Any]]:
    for document in definitions.documents:
        yield document.model, document.source


def _where(source: Any, pointer: str) -> str:
    try:
        return str(source.location(pointer))
    except Exception:  # a source without positions (built in memory) is still fine
        return str(getattr(source, "path", "") or "")


def _locator(source: Any) -> Callable[[str], str]:
    def where(pointer: str) -> str:
        return _where(source, pointer)

    return where


def field_origin(obj: str, key: str) -> str:
    """`field/company/icp_tier`: `obj` as the definition names it (singular)."""
    return str(Ref("field", obj, key))


def group_origin(obj: str, key: str) -> str:
    """`field_standard/company/group/revops_standard`: a group of an object's standards."""
    return f"field_standard/{obj}/group/{key}"


def lifecycle_origin(key: str) -> str:
    return f"lifecycle/{key}"


def icp_origin(key: str) -> str:
    return f"icp/{key}"


def sla_origin(key: str) -> str:
    return f"sla/{key}"


def _ignored(names: Any) -> frozenset[str]:
    """A field's `ignore:` in HubSpot's terms where one name means two attributes: the
    definition's `type` is HubSpot's pair (`type`, `field_type`), which HubSpot validates
    together (other names map through the provider's declarations)."""
    ignore = set(names)
    if "type" in ignore:
        ignore.add("field_type")
    return frozenset(ignore)


def resolve_field(ref: str, subject: str) -> tuple[str, str]:
    """`field/company/icp_tier` or bare `icp_tier` -> (HubSpot object type, field key)."""
    if ref.startswith("field/"):
        _, obj, key = ref.split("/", 2)
        return OBJECTS.get(obj, obj), key
    return OBJECTS.get(subject, subject), ref


def compile_definitions(definitions: Definitions) -> CompileResult:
    """The desired HubSpot resources for `definitions`, plus gaps and flags."""
    build = _Build()
    documents = list(_documents(definitions))
    # Field standards first: lifecycles, ICPs and SLAs govern their fields' options. Groups
    # of every standard before any field: an object's fields may sit in a group that
    # another of its standards declares.
    standards = [(m, s) for m, s in documents if m.kind == "FieldStandard"]
    for model, source in standards:
        _field_groups(build, model, source)
    for model, source in standards:
        _field_standard(build, model, source)
    for model, source in documents:
        kind = model.kind
        if kind == "Pipeline":
            resources, diagnostics = compile_pipeline(model, _locator(source))
            build.resources.extend(resources)
            build.diagnostics.extend(diagnostics)
        elif kind == "Lifecycle":
            _lifecycle(build, model, source)
        elif kind == "ICP":
            _icp(build, model, source)
        elif kind == "HandoffSLA":
            _sla(build, model, source)
    build.resources.extend(build.groups.values())
    build.resources.extend(_finish(build, p) for p in build.properties.values())
    return CompileResult(ResourceSet.of(build.resources), tuple(build.diagnostics))


# -- field standards ----------------------------------------------------------------------


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
                }
            )
            for o in _ordered(fdef.options)
        ]
        attrs = {
            "label": fdef.label,
            "type": type_,
            "field_type": field_type,
            "group": group,
            "description": fdef.description,
            "hidden": False,
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


def _ordered(options: Any) -> list[Any]:
    indexed = list(enumerate(options))
    indexed.sort(
        key=lambda pair: (pair[1].order if pair[1].order is not None else pair[0], pair[0])
    )
    return [o for _, o in indexed]


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


# -- options governed by other kinds ------------------------------------------------------


def _govern(build: _Build, ref: str, subject: str, options: list[dict[str, Any]],
            where: str, by: str) -> None:  # fmt: skip
    obj, key = resolve_field(ref, subject)
    name = build.fields_by_key.get((obj, key), key)
    prop = build.properties.get((obj, name))
    if prop is None:
        build.diagnostics.append(
            Diagnostic(
                Severity.WARNING,
                "HS203",
                f"{by} governs {obj}/{name}, which no field standard declares; its options "
                "are not managed",
                _location(where, f"hubspot/property/{obj}/{name}"),
                hint="declare the field in the object's FieldStandard",
            )
        )
        return
    prop.governed_options = [canonical_option(o) for o in options]


def _lifecycle(build: _Build, lifecycle: Any, source: Any) -> None:
    where = _where(source, "")
    options = [
        {"value": s.api_ids.get(HS, s.key), "label": s.label, "description": s.description or ""}
        for s in lifecycle.stages
    ]
    _govern(
        build, lifecycle.field, lifecycle.object, options, where, f"lifecycle {lifecycle.key!r}"
    )
    for index, stage in enumerate(lifecycle.stages):
        if stage.entry_criteria is not None:
            build.gap(
                f"entry criteria of lifecycle stage {stage.key!r}",
                _where(source, f"/stages/{index}/entry_criteria"),
                str(Ref("lifecycle_stage", lifecycle.key, stage.key)),
            )
    build.gap(
        f"lifecycle {lifecycle.key!r} automation (moving records between stages"
        + (")" if lifecycle.allow_backward else ", forward only)"),
        where,
        lifecycle_origin(lifecycle.key),
    )


def _icp(build: _Build, icp: Any, source: Any) -> None:
    where = _where(source, "")
    options = [
        {"value": t.key, "label": t.label, "description": t.description or ""} for t in icp.tiers
    ]
    if icp.default_tier and icp.default_tier not in {t.key for t in icp.tiers}:
        label = icp.default_tier.replace("_", " ").capitalize().replace("icp", "ICP")
        options.append({"value": icp.default_tier, "label": label})
    _govern(build, icp.field, icp.object, options, where, f"ICP {icp.key!r}")
    for index, tier in enumerate(icp.tiers):
        build.gap(
            f"criteria of ICP tier {tier.key!r} (the tier is computed and written by audit)",
            _where(source, f"/tiers/{index}/criteria"),
            f"{icp_origin(icp.key)}/{tier.key}",
        )


def _sla(build: _Build, sla: Any, source: Any) -> None:
    where = _where(source, "")
    trigger = str(sla.trigger)
    subject = "deal" if trigger.startswith("pipeline/") else "contact"
    for ref, want in ((sla.due_at_field, "datetime"), (sla.breached_field, "bool")):
        if ref is None:
            build.gap(f"SLA {sla.key!r} has no {want} field to record it in HubSpot", where,
                      sla_origin(sla.key), Severity.WARNING)  # fmt: skip
            continue
        obj, key = resolve_field(ref, subject)
        name = build.fields_by_key.get((obj, key), key)
        prop = build.properties.get((obj, name))
        if prop is None or prop.attrs["type"] != want:
            build.diagnostics.append(
                Diagnostic(
                    Severity.WARNING,
                    "HS204",
                    f"SLA {sla.key!r} records into {obj}/{name}, which the field standard "
                    f"does not declare as a {want} field",
                    _location(where, f"hubspot/property/{obj}/{name}"),
                )
            )
    timing = (
        f"SLA {sla.key!r} timing ({sla.within.amount} {sla.within.unit.replace('_', ' ')}, "
        f"target {sla.target_percent:g}%)"
    )
    from .records import ACTION_PROPERTIES  # records.py imports this module's OBJECTS

    timed = sla.completed_at_field is not None or sla.action == "stage_change"
    if not timed and (OBJECTS[subject], sla.action) not in ACTION_PROPERTIES:
        # What `revops audit` reads the action's time from (records.py); without it the SLA
        # can be neither enforced nor measured here.
        build.diagnostics.append(
            Diagnostic(
                Severity.WARNING,
                "HS207",
                f"{timing}: not enforced in HubSpot, and not measured by audit: HubSpot "
                f"records no {sla.action.replace('_', ' ')} time on a {subject}",
                _location(where, sla_origin(sla.key)),
                hint="name the field that records when it was done (completed_at_field), or "
                "end the clock on a stage (action: stage_change), to measure it",
            )
        )
        return
    build.gap(timing, where, sla_origin(sla.key))


def _finish(build: _Build, prop: _Property) -> Resource:
    attrs = dict(prop.attrs)
    if prop.governed_options is not None:
        attrs["options"] = prop.governed_options
    canonical = canonical_property(attrs)
    target = f"{prop.object_type}/{prop.name}"
    if prop.system_defined:
        # HubSpot-defined definitions are read-only (modificationMetadata); only options
        # can change, and only when a definition actually says what they are.
        managed = {}
        if canonical["type"] == "enumeration" and canonical["options"]:
            managed["options"] = canonical["options"]
        build.diagnostics.append(
            Diagnostic(
                Severity.INFO,
                HUBSPOT_DEFINED,
                f"{target} is HubSpot-defined: its label, type and description are "
                "HubSpot's (read-only in the API); revops "
                + ("manages its options only" if managed else "checks that it exists"),
                _location(prop.source, f"hubspot/property/{target}"),
            )
        )
        attrs_out: dict[str, Any] = managed
    else:
        attrs_out = canonical
    return Resource(
        id=rid(PROPERTY, target),
        attributes=attrs_out,
        depends_on=prop.depends_on,
        ignore=prop.ignore,
        protect=prop.protect,
        source=prop.source,
        origin=prop.origin,
    )


__all__ = [
    "FIELD_TYPES",
    "OBJECTS",
    "compile_definitions",
    "field_origin",
    "group_origin",
    "icp_origin",
    "lifecycle_origin",
    "resolve_field",
    "sla_origin",
]
