"""The shared ground of the Salesforce compiler: the assembly state, diagnostic codes,
addresses and the definition-field -> Salesforce-field mapping.

Every compile module works on one `_Build`: the resources made so far, the custom fields
being assembled (`_Field`: a lifecycle or an ICP may replace a standard's picklist values
later), the standard value sets (`_ValueSet`), the diagnostics, and `refs`: for each
definition field, where it lives in Salesforce (`_Target`: sObjects, API name, type, picklist
values by option key), which the formulas and the SLA checks read. It lives apart from
`compile.py` so the field, pipeline, rule and derived modules share it without importing each
other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from revops_as_code.compile import capability_gap
from revops_as_code.diagnostics import Diagnostic, Location, Severity
from revops_as_code.models.refs import Ref
from revops_as_code.resources import Resource, ResourceId

from . import model

SYSTEM = "Salesforce"
SF = model.PROVIDER

STANDARD_FIELD = "SF201"
"""A standard Salesforce field: revops creates nothing for it (only its values, if any)."""
SUPERSEDED = "SF202"
"""A live field competing with the standard's (declared in `supersedes`)."""
BAD_TYPE = "SF203"
"""`api_types.salesforce` names a type revops does not create, or a label Salesforce refuses."""
STAGE_CONFLICT = "SF204"
"""Two pipelines' stages share an OpportunityStage value but disagree about it."""
NOT_EXPRESSIBLE = "SF205"
"""Exit criteria a formula cannot express: the stage's validation rule is not generated."""
SLA_FIELD = "SF206"
"""An SLA (or a lifecycle stage's entry date) records into a field that is not declared with
the type it needs."""
NO_EQUIVALENT = "SF207"
"""Something the definitions declare that Salesforce has no place for (field groups)."""
UNGOVERNED = "SF208"
"""A lifecycle or ICP names a field no field standard declares."""
PROBABILITY = "SF209"
"""A stage probability Salesforce cannot store (it keeps whole percents)."""
DUPLICATE = "SF210"
"""Two definitions compile to one Salesforce object (the same API name or process name)."""


@dataclass
class _Field:
    """A custom field being assembled (a standard declares it; a lifecycle or ICP may set its
    picklist values)."""

    object: str
    name: str
    attrs: dict[str, Any]
    source: str
    origin: str
    protect: bool = False
    ignore: frozenset[str] = frozenset()


@dataclass
class _ValueSet:
    """A standard value set being assembled; the last document to govern it wins (a pipeline
    or lifecycle over the field standard that maps a field onto it)."""

    name: str
    values: list[dict[str, Any]]
    source: str
    origin: str
    ignore: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _Target:
    """Where a definition field lives in Salesforce."""

    objects: tuple[str, ...]
    """The sObjects it is on (a contact field: Lead and Contact)."""
    name: str
    """Its API name there (`Amount`, `ICP_Tier__c`)."""
    type: str
    """The definition type (what formulas and messages go by)."""
    sf_type: str
    """The Salesforce type (`Currency`, `Picklist`, ...)."""
    label: str
    values: dict[str, str] = field(default_factory=dict)
    """Option key -> stored value (picklists)."""
    labels: dict[str, str] = field(default_factory=dict)
    """Option key -> label (picklists), for messages."""
    source: str = ""
    """`file:line:col` of the field's definition."""

    @property
    def custom(self) -> bool:
        return model.is_custom(self.name)

    @property
    def formula_type(self) -> str:
        """The type formulas treat it as: Salesforce's storage decides where `api_types` says
        otherwise (an `enum` stored as a MultiselectPicklist takes INCLUDES, not ISPICKVAL)."""
        return _FORMULA_TYPES.get(self.sf_type, self.type)


_FORMULA_TYPES = {"Picklist": "enum", "MultiselectPicklist": "multi_enum", "Checkbox": "bool",
                  "Lookup": "owner"}  # fmt: skip


@dataclass
class _Build:
    resources: list[Resource] = field(default_factory=list)
    fields: dict[tuple[str, str], _Field] = field(default_factory=dict)
    """(sObject, API name) -> custom field."""
    value_sets: dict[str, _ValueSet] = field(default_factory=dict)
    refs: dict[tuple[str, str], _Target] = field(default_factory=dict)
    """(definition object, field key) -> where it lives."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    record_types: dict[str, ResourceId] = field(default_factory=dict)
    """Pipeline key -> its record type (only when there are several deal pipelines)."""
    record_type_names: dict[str, str] = field(default_factory=dict)
    """Pipeline key -> record type DeveloperName."""
    facts: dict[tuple[str, str], str] = field(default_factory=dict)
    """(definition object, fact key) -> the object whose records it counts."""
    governed: set[tuple[str, str]] = field(default_factory=set)
    """(definition object, field key) of fields whose values another document sets (a
    lifecycle's, an ICP's tier field, the deal stage field of the pipelines)."""
    lead_status_from: str = ""
    """The key of the contact lifecycle that set LeadStatus (one may)."""
    stage_values: dict[tuple[str, str], str] = field(default_factory=dict)
    """(pipeline key, stage key) -> OpportunityStage value."""

    def gap(self, what: str, source: str, obj: str, severity: Severity = Severity.INFO) -> None:
        self.diagnostics.append(
            capability_gap(SYSTEM, what, location=_location(source, obj), severity=severity)
        )

    def report(self, severity: Severity, code: str, message: str, source: str, obj: str,
               hint: str | None = None) -> None:  # fmt: skip
        self.diagnostics.append(Diagnostic(severity, code, message, _location(source, obj), hint))


def rid(kind: str, key: str) -> ResourceId:
    return ResourceId(SF, kind, key)


def _location(source: str, obj: str) -> Location:
    parts = source.rsplit(":", 2)
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return Location(file=parts[0], line=int(parts[1]), col=int(parts[2]), object=obj)
    return Location(file=source, object=obj)


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


def pipeline_origin(key: str) -> str:
    return str(Ref("pipeline", "", key))


def stage_origin(pipeline: str, stage: str) -> str:
    return str(Ref("pipeline_stage", pipeline, stage))


def split_field(ref: str, subject: str) -> tuple[str, str]:
    """`field/company/icp_tier` or bare `icp_tier` -> (definition object, field key)."""
    if ref.startswith("field/"):
        _, obj, key = ref.split("/", 2)
        return obj, key
    return subject, ref


def label_of(key: str) -> str:
    """A label for a value only its key names (`not_icp` -> `Not ICP`)."""
    words = [w.upper() if w in _ACRONYMS else w for w in key.split("_") if w]
    if not words:
        return key
    words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words)


_ACRONYMS = frozenset({"icp", "mql", "mqa", "sql", "sla", "arr"})
