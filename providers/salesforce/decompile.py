"""Live Salesforce configuration -> definition documents, for `revops import`.

The contract is a round trip: the documents written here, validated and compiled by
`compile.py`, give back exactly the live resources they came from (the canonical form in
`model.py`), so a plan right after an import is empty. Every live object is either written
or explained in `import_notes` (the reason and what to do), never dropped without a word:

- custom fields become fields of the definitions' object (Account -> company, Opportunity
  -> deal, Case -> ticket). A contact field lives on both Lead and Contact, so a field is a
  contact field only when both sObjects hold it in the same form; one on Lead only (or on
  both, differently) is reported;
- the key is the API name without `__c`, in lower case; `api_names.salesforce` holds the
  live name whenever `custom_field_name(key)` would not spell it back exactly (`ARR__c`);
- a Salesforce type no definition type stands for exactly (`Email`, `Phone`, `Url`,
  `TextArea`, `Html`) is written as the nearest definition type plus `api_types`;
  a size (length, precision, scale, visible lines) other than the one revops creates the
  type with cannot be stated in the definitions, nor can a default picklist value: such a
  field is reported, not written as something that would compile differently;
- a field without a description gets a placeholder and `ignore: [description]` (as HubSpot's
  import does), one with help text `ignore: [help_text]`;
- standard value sets (Industry, LeadSource, ...) become the options of the standard field
  that uses them (`system_defined: true`, `api_names.salesforce: Industry`); OpportunityStage
  becomes pipelines and LeadStatus a lifecycle (`decompile_stages.py`);
- validation rules are reported (exit criteria are written in words, revops generates the
  formula), except the `<Field>_Range` rules revops generates for a numeric field's bounds,
  which become its `minimum`/`maximum` (`decompile_rules.py`).

`revops import` passes only live objects neither state nor the existing definitions cover;
`snapshot.defined` (origins such as `field/deal/arr`) makes the keys chosen here avoid the
keys existing documents use.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from revops_as_code.providers.base import LiveSnapshot
from revops_as_code.resources import JsonValue, Resource, ResourceId

from .decompile_common import (
    API_VERSION,
    NO_DESCRIPTION,
    SF,
    Notes,
    defined_keys,
    keyify,
    named_option,
)
from .decompile_rules import range_rules
from .decompile_stages import lead_status, opportunity_stages
from .model import (
    CUSTOM_FIELD,
    FIELD_TYPES,
    LEAD_STATUS_SET,
    OBJECTS,
    STAGE_SET,
    STANDARD_PICKLISTS,
    TYPE_DEFAULTS,
    VALIDATION_RULE,
    VALUE_SET,
    custom_field_name,
)

DEFINITION_OBJECT = {sobject: obj for obj, sobjects in OBJECTS.items() for sobject in sobjects}
"""sObject -> the definitions' object its fields belong to (Lead and Contact -> contact)."""

_EXACT_TYPES = {sf_type: name for name, sf_type in FIELD_TYPES.items()}
_NEAREST_TYPES = {
    "TextArea": "text",
    "Html": "text",
    "Email": "string",
    "Phone": "string",
    "Url": "string",
}
"""Types revops can create through `api_types` (they have TYPE_DEFAULTS), by the definition
type that means the same."""
_MANAGED = re.compile(r"^[A-Za-z][A-Za-z0-9]*__[A-Za-z0-9_]+__c$")
"""`ns__Field__c`: a field a managed package installed (its namespace prefix first)."""
_SIZES = ("length", "precision", "scale", "visible_lines")
_SHAPE = ("label", "type", *_SIZES, "description", "help_text", "reference_to", "values")
"""The attributes a Lead and a Contact field must share to be one contact field."""


def decompile(snapshot: LiveSnapshot) -> list[dict[str, JsonValue]]:
    """Definition documents for the live objects in `snapshot` that revops can express."""
    return _decompile(snapshot)[0]


def import_notes(snapshot: LiveSnapshot) -> dict[ResourceId, tuple[str, str]]:
    """Why each live object `decompile` leaves out is left out, and what to do."""
    return _decompile(snapshot)[1]


def _decompile(snapshot: LiveSnapshot) -> tuple[list[dict[str, JsonValue]], Notes]:
    by_kind: dict[str, list[Resource]] = defaultdict(list)
    for resource in snapshot.resources:
        by_kind[resource.id.kind].append(resource)
    notes: Notes = {}
    fields: dict[str, list[dict[str, Any]]] = defaultdict(list)
    standard: dict[str, list[dict[str, Any]]] = defaultdict(list)
    _custom_fields(by_kind[CUSTOM_FIELD], snapshot.defined, fields, notes)
    sets = {r.id.key: r for r in by_kind[VALUE_SET]}
    documents: list[dict[str, Any]] = []
    for name, resource in sorted(sets.items()):
        if name == STAGE_SET:
            documents += opportunity_stages(resource, by_kind, snapshot.defined, notes)
        elif name == LEAD_STATUS_SET:
            lifecycle = lead_status(resource, snapshot.defined, standard, notes, fields)
            if lifecycle is not None:
                documents.append(lifecycle)
        else:
            _standard_set(resource, snapshot.defined, standard, notes, fields)
    # A field's `<Field>_Range` rule becomes its bounds where compile gives it back exactly;
    # every other rule is reported.
    range_rules(by_kind[VALIDATION_RULE], fields, notes)
    # Each of Salesforce's standard fields goes in a document of its own: an existing
    # definition may declare it without options (it then compiles to nothing, so `defined`
    # cannot say so), and that duplicate key must set aside only this one file.
    standards = [
        _standard_document(obj, fields[obj], "fields no definition described yet")
        for obj in OBJECTS
        if fields.get(obj)
    ] + [
        _standard_document(obj, [field], f"standard field {field['api_names'][SF]}'s values")
        for obj in OBJECTS
        for field in standard.get(obj, [])
    ]
    return [*standards, *documents], notes


def _standard_document(obj: str, fields: list[dict[str, Any]], what: str) -> dict[str, Any]:
    return {
        "apiVersion": API_VERSION,
        "kind": "FieldStandard",
        "object": obj,
        "description": f"Imported from Salesforce: the {obj} {what}. Review, describe and "
        "move them into the team's standard.",
        "fields": fields,
    }


# -- custom fields ------------------------------------------------------------------------


def _custom_fields(
    resources: list[Resource],
    defined: frozenset[str],
    out: dict[str, list[dict[str, Any]]],
    notes: Notes,
) -> None:
    by_name: dict[str, dict[str, Resource]] = defaultdict(dict)
    for resource in resources:
        sobject = str(resource.attributes.get("object", ""))
        if sobject not in DEFINITION_OBJECT:
            notes[resource.id] = (
                f"a field of {sobject or 'an unknown object'}: revops manages fields of "
                f"{', '.join(DEFINITION_OBJECT)} only",
                "leave it to Salesforce; it stays unmanaged and revops never changes it",
            )
            continue
        name = str(resource.attributes.get("name", ""))
        if _MANAGED.match(name):
            notes[resource.id] = (
                f"a managed package's field (namespace {name.split('__', 1)[0]}): the package "
                "owns its definition",
                "leave it to the package; it stays unmanaged and revops never changes it",
            )
            continue
        by_name[name][sobject] = resource
    taken: dict[str, set[str]] = {obj: defined_keys(defined, obj) for obj in OBJECTS}
    for name in sorted(by_name):
        on = by_name[name]
        lead, contact = on.pop("Lead", None), on.pop("Contact", None)
        if lead is not None or contact is not None:
            pair = [r for r in (lead, contact) if r is not None]
            if lead is None or contact is None:
                where = "Lead" if contact is None else "Contact"
                other = "Contact" if contact is None else "Lead"
                notes[pair[0].id] = (
                    f"exists on {where} only; revops keeps contact fields on both Lead and Contact",
                    f"create {name} on {other} with the same type and values, then import "
                    "again; or leave it unmanaged",
                )
            elif _shape(lead) != _shape(contact):
                differ = [k for k in _SHAPE if lead.attributes.get(k) != contact.attributes.get(k)]
                for resource in pair:
                    notes[resource.id] = (
                        f"differs between Lead and Contact ({', '.join(differ)}); revops keeps "
                        "one contact field on both",
                        "make the two fields the same in Salesforce, then import again",
                    )
            else:
                _add(lead, "contact", taken, out, notes, also=contact)
        for sobject, resource in sorted(on.items()):
            _add(resource, DEFINITION_OBJECT[sobject], taken, out, notes)


def _shape(resource: Resource) -> dict[str, Any]:
    return {k: resource.attributes.get(k) for k in _SHAPE}


def _add(
    resource: Resource,
    obj: str,
    taken: dict[str, set[str]],
    out: dict[str, list[dict[str, Any]]],
    notes: Notes,
    also: Resource | None = None,
) -> None:
    problem = _unexpressible(resource.attributes)
    if problem is not None:
        for item in (resource, also):
            if item is not None:
                notes[item.id] = problem
        return
    out[obj].append(_field(resource.attributes, taken[obj]))


def _definition_type(attrs: Mapping[str, Any]) -> tuple[str | None, str]:
    """(definition type, Salesforce type): None when no definition type stands for it."""
    sf_type = str(attrs.get("type", ""))
    if sf_type == "Lookup":
        return ("owner" if attrs.get("reference_to") == "User" else None), sf_type
    return _EXACT_TYPES.get(sf_type) or _NEAREST_TYPES.get(sf_type), sf_type


def _unexpressible(attrs: Mapping[str, Any]) -> tuple[str, str] | None:
    """Why a custom field cannot be written as a definition that compiles back to it."""
    type_, sf_type = _definition_type(attrs)
    if type_ is None:
        target = f" to {attrs.get('reference_to')}" if sf_type == "Lookup" else ""
        return (
            f"Salesforce type {sf_type}{target} is not one revops creates",
            "leave it unmanaged (revops never changes it), or describe it by hand",
        )
    defaults = TYPE_DEFAULTS.get(sf_type, {})
    for size in _SIZES:
        live, made = attrs.get(size), defaults.get(size)
        if live != made:
            return (
                f"its {size.replace('_', ' ')} is {live}, and revops creates {sf_type} fields "
                f"with {made if made is not None else 'none'}: the definitions cannot state "
                "a size",
                f"leave it unmanaged, or set its {size.replace('_', ' ')} to "
                f"{made} in Salesforce and import again",
            )
    defaults_set = [str(v.get("value")) for v in _values(attrs) if v.get("default")]
    if defaults_set:
        return (
            f"picklist value {defaults_set[0]!r} is its default: the definitions have no "
            "default option",
            "clear the default in Salesforce and import again, or leave it unmanaged",
        )
    return None


def _values(attrs: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    values = attrs.get("values") or []
    return [v for v in values if isinstance(v, Mapping)]


def field_key(name: str, taken: set[str]) -> tuple[str, dict[str, str]]:
    """(key, api_names) for a custom field's API name: `Forecast_Probability__c` ->
    `forecast_probability`; the name goes in `api_names` when the key does not spell it."""
    key = keyify(name.removesuffix("__c"), taken)
    return key, ({} if custom_field_name(key) == name else {SF: name})


def _field(attrs: Mapping[str, Any], taken: set[str]) -> dict[str, Any]:
    name = str(attrs.get("name", ""))
    key, api_names = field_key(name, taken)
    type_, sf_type = _definition_type(attrs)
    assert type_ is not None  # _unexpressible said so
    ignore: list[str] = []
    description = str(attrs.get("description") or "")
    if not description:
        description = NO_DESCRIPTION
        ignore.append("description")
    if attrs.get("help_text"):
        ignore.append("help_text")
    field: dict[str, Any] = {
        "key": key,
        "label": str(attrs.get("label") or name),
        "type": type_,
        "description": description,
    }
    if FIELD_TYPES[type_] != sf_type:
        field["api_types"] = {SF: sf_type}
    values = _values(attrs)
    if values:
        taken_options: set[str] = set()
        field["options"] = [named_option(v, taken_options) for v in values]
    if api_names:
        field["api_names"] = api_names
    if ignore:
        field["ignore"] = ignore
    return field


# -- standard value sets ------------------------------------------------------------------


def standard_field_of(set_name: str) -> tuple[str, str] | None:
    """(definitions object, standard field API name) whose options a value set holds:
    a field both Lead and Contact have is a contact field; otherwise the first listed."""
    using = [k.split(".", 1) for k, v in STANDARD_PICKLISTS.items() if v == set_name]
    if not using:
        return None
    names = {(sobject, field) for sobject, field in using}
    for _, field in using:
        if ("Lead", field) in names and ("Contact", field) in names:
            return "contact", field
    sobject, field = using[0]
    return DEFINITION_OBJECT[sobject], field


def standard_key(field: str) -> str:
    """`LeadSource` -> `lead_source`."""
    return keyify(re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", field))


def _standard_set(
    resource: Resource,
    defined: frozenset[str],
    out: dict[str, list[dict[str, Any]]],
    notes: Notes,
    custom: Mapping[str, list[dict[str, Any]]],
) -> None:
    name = resource.id.key
    target = standard_field_of(name)
    if target is None:
        notes[resource.id] = (
            f"a standard value set no field revops knows uses ({name})",
            "leave it to Salesforce; it stays unmanaged",
        )
        return
    obj, field_name = target
    key = standard_key(field_name)
    if key in defined_keys(defined, obj):
        notes[resource.id] = (
            f"the definitions already have a {obj} field {key!r} that does not hold "
            f"Salesforce's {field_name}",
            f"give that field `api_names: {{salesforce: {field_name}}}` and its options, or "
            "rename it and import again",
        )
        return
    values = _values(resource.attributes)
    defaults = [str(v.get("value")) for v in values if v.get("default")]
    if defaults:
        notes[resource.id] = (
            f"value {defaults[0]!r} is its default: the definitions have no default option",
            "clear the default in Salesforce and import again, or leave it unmanaged",
        )
        return
    # A custom field imported in this run may have the key (`Type__c` -> `type`).
    imported = {f["key"] for f in (*custom.get(obj, []), *out.get(obj, []))}
    if key in imported:
        key = keyify(standard_key(name), imported)  # the set's name: `account_type`
    taken: set[str] = set()
    field: dict[str, Any] = {
        "key": key,
        "label": re.sub(r"(?<=[a-z])(?=[A-Z])", " ", field_name).capitalize(),
        "type": "enum",
        "description": f"Salesforce's standard {field_name} field (its {name} values).",
        "system_defined": True,
        "options": [named_option(v, taken) for v in values],
        "api_names": {SF: field_name},
    }
    out[obj].append(field)


__all__ = [
    "DEFINITION_OBJECT",
    "decompile",
    "field_key",
    "import_notes",
    "standard_field_of",
    "standard_key",
]
