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

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from revops_as_code.diagnostics import Diagnostic, Severity
from revops_as_code.providers.base import CompileResult
from revops_as_code.resources import Resource, ResourceSet

# The shared tables, `_Build`/`_Property` and addresses live in compile_build.py, field
# standards in compile_fields.py, lifecycles/ICPs/SLAs in compile_derived.py and pipelines in
# compile_pipelines.py; every name they held here before the split is re-exported (`as`), so
# `from .compile import OBJECTS` and the like keep working.
from .compile_build import BAD_TYPE_PAIR as BAD_TYPE_PAIR
from .compile_build import DEFAULT_GROUPS as DEFAULT_GROUPS
from .compile_build import FIELD_TYPES as FIELD_TYPES
from .compile_build import HS as HS
from .compile_build import HUBSPOT_DEFINED as HUBSPOT_DEFINED
from .compile_build import OBJECTS as OBJECTS
from .compile_build import SUPERSEDED as SUPERSEDED
from .compile_build import SYSTEM as SYSTEM
from .compile_build import VALID_FIELD_TYPES as VALID_FIELD_TYPES
from .compile_build import _Build as _Build
from .compile_build import _location as _location
from .compile_build import _locator as _locator
from .compile_build import _Property as _Property
from .compile_build import _where as _where
from .compile_build import field_origin as field_origin
from .compile_build import group_origin as group_origin
from .compile_build import icp_origin as icp_origin
from .compile_build import lifecycle_origin as lifecycle_origin
from .compile_build import resolve_field as resolve_field
from .compile_build import sla_origin as sla_origin
from .compile_derived import _govern as _govern
from .compile_derived import _icp as _icp
from .compile_derived import _lifecycle as _lifecycle
from .compile_derived import _sla as _sla
from .compile_fields import _field_gaps as _field_gaps
from .compile_fields import _field_groups as _field_groups
from .compile_fields import _field_standard as _field_standard
from .compile_fields import _ignored as _ignored
from .compile_fields import _ordered as _ordered
from .compile_fields import _pair as _pair
from .compile_pipelines import compile_pipeline as compile_pipeline
from .normalize import PROPERTY, canonical_property, rid

if TYPE_CHECKING:
    from revops_as_code.models import Definitions


def _documents(definitions: Definitions) -> Iterator[tuple[Any, Any]]:
    for document in definitions.documents:
        yield document.model, document.source


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
    build.pipeline_objects = {m.key: m.object for m, _ in documents if m.kind == "Pipeline"}
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
