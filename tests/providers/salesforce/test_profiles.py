"""Salesforce field profiles (providers/salesforce/profiles.py) from hand-built resources in
model.py's canonical form: what compile asks for against what the org holds."""

from __future__ import annotations

from typing import Any

from revops_as_code.providers.base import CompileResult, LiveSnapshot
from revops_as_code.providers.salesforce import model
from revops_as_code.providers.salesforce.profiles import field_profiles
from revops_as_code.resources import Resource, ResourceId, ResourceSet


def custom(obj: str, name: str, type_: str, origin: str = "", **attrs: Any) -> Resource:
    base: dict[str, Any] = {
        "object": obj, "name": name, "label": name, "type": type_, "length": None,
        "precision": None, "scale": None, "visible_lines": None, "description": "",
        "help_text": "", "reference_to": None, "values": [],
    }  # fmt: skip
    base.update(attrs)
    return Resource(
        id=ResourceId(model.PROVIDER, model.CUSTOM_FIELD, f"{obj}.{name}"),
        attributes=base,
        origin=origin,
        source="definitions/fields/contact.yaml:40:5" if origin else "",
    )


def value_set(name: str, values: list[str], origin: str = "") -> Resource:
    return Resource(
        id=ResourceId(model.PROVIDER, model.VALUE_SET, name),
        attributes={
            "name": name,
            "values": [{"value": v, "label": v, "default": i == 0} for i, v in enumerate(values)],
        },
        origin=origin,
        source="definitions/fields/contact.yaml:31:5" if origin else "",
    )


def picklist(*values: str) -> list[dict[str, Any]]:
    return [{"value": v, "label": v, "default": False} for v in values]


SOURCE = "field/contact/lead_source"
SEEN = "field/contact/last_seen"


def profiles(compiled: list[Resource], live: list[Resource]) -> Any:
    return field_profiles(
        None, LiveSnapshot(ResourceSet.of(live)), CompileResult(ResourceSet.of(compiled))
    )


def test_custom_fields_on_each_sobject_with_live_types_and_active_values() -> None:
    wanted = [
        custom("Lead", "Lead_Source__c", "Picklist", SOURCE, values=picklist("paid_search")),
        custom("Contact", "Lead_Source__c", "Picklist", SOURCE, values=picklist("paid_search")),
        custom("Lead", "Last_Seen__c", "DateTime", SEEN),
    ]
    live = [
        # The org's picklist has another active value; the Lead's date field is a Date.
        custom("Lead", "Lead_Source__c", "Picklist", values=picklist("paid_search", "PPC")),
        custom("Lead", "Last_Seen__c", "Date"),
    ]
    result = profiles(wanted, live)
    by_name = {f.name: f for f in result.fields}
    assert set(by_name) == {"Lead.Lead_Source__c", "Contact.Lead_Source__c", "Lead.Last_Seen__c"}
    lead = by_name["Lead.Lead_Source__c"]
    assert (lead.ref, lead.exists, lead.type, lead.vendor_type) == (
        SOURCE,
        True,
        "enum",
        "Picklist",
    )
    assert lead.options == ("paid_search", "PPC") and lead.restricted
    assert lead.source == "definitions/fields/contact.yaml:40:5"
    assert lead.held_values is None  # records are not read: the notes say so
    assert not by_name["Contact.Lead_Source__c"].exists
    seen = by_name["Lead.Last_Seen__c"]
    assert (seen.type, seen.vendor_type, seen.options, seen.restricted) == (
        "date",
        "Date",
        None,
        False,
    )
    assert result.role == "crm" and result.unmapped_synced == ()
    assert any("not read" in note for note in result.notes)


def test_lengths_live_or_fixed_by_the_type() -> None:
    names = {"Nick__c": ("Text", 40), "Mail__c": ("Email", None), "Phone__c": ("Phone", None)}
    wanted = [custom("Lead", n, t, f"field/contact/{n.lower()}") for n, (t, _) in names.items()]
    live = [custom("Lead", n, t, length=size) for n, (t, size) in names.items()]
    lengths = {f.name: (f.type, f.max_length) for f in profiles(wanted, live).fields}
    assert lengths == {
        "Lead.Nick__c": ("string", 40),
        "Lead.Mail__c": ("string", 80),
        "Lead.Phone__c": ("string", 40),
    }


def test_a_lookup_to_user_is_an_owner() -> None:
    wanted = [custom("Lead", "Owner2__c", "Lookup", "field/contact/owner2", reference_to="User")]
    (owner,) = profiles(wanted, wanted).fields
    assert owner.type == "owner"


def test_standard_value_sets_are_the_object_s_standard_picklists_and_lead_status_the_lifecycle() -> (
    None
):
    stage_field = "field/contact/lifecyclestage"
    wanted = [
        value_set(model.LEAD_STATUS_SET, ["Lead", "Customer"], stage_field),
        value_set("LeadSource", ["Web", "Event"], SOURCE),
    ]
    live = [
        value_set(model.LEAD_STATUS_SET, ["Lead", "Working", "Customer"]),
        value_set("LeadSource", ["Web"]),
    ]
    result = profiles(wanted, live)
    by_name = {f.name: f for f in result.fields}
    # LeadSource is on Lead, Contact and Opportunity: a contact standard maps the first two.
    assert set(by_name) == {"Lead.Status", "Lead.LeadSource", "Contact.LeadSource"}
    assert by_name["Lead.Status"].options == ("Lead", "Working", "Customer")
    assert by_name["Contact.LeadSource"].options == ("Web",)
    assert all(f.restricted and f.type == "enum" for f in result.fields)
    (lifecycle,) = result.lifecycle
    assert (lifecycle.ref, lifecycle.field, lifecycle.source) == (
        stage_field,
        "Lead.Status",
        "options",
    )
    assert lifecycle.values == ("Lead", "Working", "Customer")
    assert lifecycle.location == "definitions/fields/contact.yaml:31:5"


def test_a_value_set_the_org_lacks_is_reported_missing() -> None:
    wanted = [value_set("LeadSource", ["Web"], SOURCE)]
    result = profiles(wanted, [])
    assert [(f.name, f.exists, f.options) for f in result.fields] == [
        ("Lead.LeadSource", False, None),
        ("Contact.LeadSource", False, None),
    ]
    assert result.lifecycle == ()
