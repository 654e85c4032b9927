"""compile: every definition kind to HubSpot resources, gaps reported, round trip with decompile."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from revops_as_code.diagnostics import Severity
from revops_as_code.providers.base import LiveSnapshot
from revops_as_code.providers.hubspot.compile import compile_definitions
from revops_as_code.providers.hubspot.decompile import decompile
from revops_as_code.providers.hubspot.normalize import canonical_property
from revops_as_code.resources import Resource, ResourceId, ResourceSet
from revops_as_code.validation import validate_path

from .conftest import definitions

CONTACTS: dict[str, Any] = {
    "kind": "FieldStandard",
    "object": "contact",
    "default_group": "revops_standard",
    "groups": [{"key": "revops_standard", "label": "RevOps standard"}],
    "fields": [
        {"key": "lifecyclestage", "label": "Lifecycle stage", "type": "enum",
         "description": "Funnel stage.", "system_defined": True},
        {"key": "lead_source", "label": "Lead source", "type": "enum",
         "description": "First touch channel.",
         "options": [
             {"key": "webinar", "label": "Webinar", "order": 1},
             {"key": "paid_search", "label": "Paid search", "order": 0,
              "replaces": ["ppc", "paid-search"]},
         ]},
        {"key": "mqa_date", "label": "MQA date", "type": "datetime", "description": "Entered MQA."},
        {"key": "sla_due", "label": "SLA due", "type": "datetime", "description": "Due."},
        {"key": "sla_breached", "label": "SLA breached", "type": "bool", "description": "Late."},
    ],
}  # fmt: skip
DEALS: dict[str, Any] = {
    "kind": "FieldStandard",
    "object": "deal",
    "fields": [
        {"key": "forecast_probability", "label": "Forecast probability", "type": "percent",
         "description": "0-100.", "group": "dealinformation", "minimum": 0, "maximum": 100,
         "supersedes": ["close_probability", "deal_likelihood"]},
    ],
}  # fmt: skip
PIPELINE: dict[str, Any] = {
    "kind": "Pipeline",
    "key": "new_business",
    "label": "New business",
    "api_ids": {"hubspot": "default"},
    "stages": [
        {"key": "discovery", "label": "Discovery", "probability": 10, "forecast_category":
         "pipeline", "api_ids": {"hubspot": "appointmentscheduled"},
         "exit_criteria": {"required_fields": ["amount"]}},
        {"key": "closed_won", "label": "Closed won", "probability": 100,
         "forecast_category": "closed", "outcome": "won", "api_ids": {"hubspot": "closedwon"}},
        {"key": "closed_lost", "label": "Closed lost", "probability": 0,
         "forecast_category": "omitted", "outcome": "lost"},
    ],
}  # fmt: skip
LIFECYCLE: dict[str, Any] = {
    "kind": "Lifecycle",
    "key": "buyer_journey",
    "label": "Buyer journey",
    "field": "lifecyclestage",
    "stages": [
        {"key": "lead", "label": "Lead"},
        {"key": "mqa", "label": "MQA", "entered_at_field": "mqa_date",
         "entry_criteria": {"field": "lead_source", "op": "is_set"}},
    ],
}  # fmt: skip
SLA: dict[str, Any] = {
    "kind": "HandoffSLA",
    "key": "mqa_first_touch",
    "label": "Sales follows up 100% of MQAs within 2 business days",
    "trigger": "lifecycle/mqa",
    "from_team": "marketing",
    "to_team": "sales",
    "action": "first_touch",
    "within": {"amount": 2, "unit": "business_days"},
    "calendar": {"timezone": "America/New_York", "holiday_country": "US"},
    "target_percent": 100,
    "due_at_field": "sla_due",
    "breached_field": "sla_breached",
}


def _compiled() -> Any:
    return compile_definitions(definitions(CONTACTS, DEALS, PIPELINE, LIFECYCLE, SLA))


def rid(kind: str, key: str) -> ResourceId:
    return ResourceId("hubspot", kind, key)


def test_field_standard_compiles_to_groups_and_properties() -> None:
    result = _compiled()
    group = result.resources[rid("property_group", "contacts/revops_standard")]
    assert group.attributes == {"label": "RevOps standard"}
    lead = result.resources[rid("property", "contacts/lead_source")]
    assert lead.attributes["type"] == "enumeration"
    assert lead.attributes["field_type"] == "select"
    assert lead.attributes["group"] == "revops_standard"
    assert [o["value"] for o in lead.attributes["options"]] == ["paid_search", "webinar"]
    assert lead.depends_on == (group.id,)
    breached = result.resources[rid("property", "contacts/sla_breached")].attributes
    assert (breached["type"], breached["field_type"]) == ("bool", "booleancheckbox")


def test_a_lifecycle_governs_the_options_of_a_hubspot_defined_field() -> None:
    stage = _compiled().resources[rid("property", "contacts/lifecyclestage")]
    assert set(stage.attributes) == {"options"}
    assert [o["value"] for o in stage.attributes["options"]] == ["lead", "mqa"]
    assert stage.protect is True


def test_pipeline_stages_use_hubspot_ids_and_probability_fractions() -> None:
    result = _compiled()
    won = result.resources[rid("pipeline_stage", "deals/default/closedwon")]
    assert won.attributes == {"label": "Closed won", "display_order": 1, "probability": 1.0,
                              "is_closed": True}  # fmt: skip
    discovery = result.resources[rid("pipeline_stage", "deals/default/appointmentscheduled")]
    assert discovery.attributes["probability"] == 0.1
    assert discovery.depends_on == (rid("pipeline", "deals/default"),)
    assert rid("pipeline_stage", "deals/default/closed_lost") in result.resources


def test_what_hubspot_cannot_enforce_is_reported_not_dropped() -> None:
    messages = [d.message for d in _compiled().diagnostics]
    for expected in ("exit criteria of stage new_business/discovery",
                     "entry criteria of lifecycle stage 'mqa'",
                     "SLA 'mqa_first_touch' timing", "value range of deals/forecast_probability"):  # fmt: skip
        assert any(
            m.startswith(expected) and m.endswith("not enforced in HubSpot; measured by audit")
            for m in messages
        ), expected


def test_superseded_fields_are_flagged_as_warnings() -> None:
    flagged = [d for d in _compiled().diagnostics if d.code == "HS201" and "competes" in d.message]
    assert {d.location.object for d in flagged} == {
        "hubspot/property/deals/close_probability",
        "hubspot/property/deals/deal_likelihood",
    }
    assert all(d.severity is Severity.WARNING for d in flagged)


def test_decompiled_documents_compile_back_to_the_same_resources() -> None:
    result = _compiled()
    # Pretend everything revops can own is live and unmanaged (HubSpot-defined ones excluded).
    live = [r for r in result.resources if not r.protect or r.id.kind == "pipeline"]
    documents = decompile(LiveSnapshot(ResourceSet.of(live)))
    recompiled = compile_definitions(definitions(*documents)).resources
    for resource in live:
        if resource.id.kind == "property_group":
            continue  # a group with no live fields in it is not imported
        assert resource.id in recompiled, resource.id
        assert dict(recompiled[resource.id].attributes) == dict(resource.attributes), resource.id


# -- several field standards for one object ------------------------------------------------

CONTACTS_SALES: dict[str, Any] = {
    "kind": "FieldStandard",
    "object": "contact",
    "default_group": "revops_standard",  # declared by CONTACTS, another standard
    "groups": [{"key": "sales", "label": "Sales", "api_names": {"hubspot": "sales_properties"}}],
    "fields": [
        {"key": "next_step", "label": "Next step", "type": "string", "description": "Agreed."},
        {"key": "call_notes", "label": "Call notes", "type": "text", "description": "Notes.",
         "group": "sales"},
    ],
}  # fmt: skip


def test_fields_may_sit_in_groups_another_standard_of_the_object_declares() -> None:
    # The standard that uses CONTACTS' group comes first: groups are collected before fields.
    contacts = {**CONTACTS, "fields": [*CONTACTS["fields"], {
        "key": "buying_role", "label": "Buying role", "type": "string",
        "description": "Role.", "group": "sales"}]}  # fmt: skip
    result = compile_definitions(definitions(CONTACTS_SALES, contacts))
    sales = rid("property_group", "contacts/sales_properties")
    standard = rid("property_group", "contacts/revops_standard")
    assert result.resources[sales].attributes == {"label": "Sales"}
    assert result.resources[sales].source == "doc0.yaml#/groups/0"
    expected = {
        "next_step": ("revops_standard", standard),  # the other standard's group, by default
        "call_notes": ("sales_properties", sales),  # its own group, by HubSpot name
        "buying_role": ("sales_properties", sales),  # a later standard using this one's group
        "lead_source": ("revops_standard", standard),
    }
    for name, (group, depends) in expected.items():
        prop = result.resources[rid("property", f"contacts/{name}")]
        assert (prop.attributes["group"], prop.depends_on) == (group, (depends,)), name
    assert len([r for r in result.resources if r.id.kind == "property_group"]) == 2


def test_decompiled_fields_name_groups_declared_elsewhere_and_validate_alongside(
    tmp_path: Path,
) -> None:
    existing = compile_definitions(definitions(CONTACTS)).resources
    # Live: the managed group, plus an unmanaged property in it and one in HubSpot's group.
    unmanaged = [
        Resource(rid("property", "contacts/fax_number"), {
            "label": "Fax", "type": "string", "field_type": "text",
            "group": "revops_standard", "description": "Legacy.", "hidden": False,
            "options": []}),
        Resource(rid("property", "contacts/region"), {
            "label": "Region", "type": "string", "field_type": "text",
            "group": "contactinformation", "description": "", "hidden": False,
            "options": []}),
        Resource(rid("property_group", "contacts/contactinformation"),
                 {"label": "Contact information"}, protect=True),
    ]  # fmt: skip
    [document] = decompile(LiveSnapshot(ResourceSet.of(unmanaged)))
    assert [g["key"] for g in document["groups"]] == ["contactinformation"]  # type: ignore[index,union-attr]
    fields = {f["key"]: f.get("group") for f in document["fields"]}  # type: ignore[union-attr]
    assert fields == {"fax_number": "revops_standard", "region": "contactinformation"}
    # Written next to the existing standard, both validate and compile back to what is live.
    for name, doc in (("contact", CONTACTS), ("imported", document)):
        text = yaml.safe_dump({"apiVersion": "revops.dev/v1", **doc}, sort_keys=False)
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    result = validate_path(tmp_path)
    assert result.ok and result.definitions is not None, result.diagnostics
    recompiled = compile_definitions(result.definitions).resources
    assert recompiled.ids() == existing.ids() | {r.id for r in unmanaged}
    for resource in unmanaged:
        back = recompiled[resource.id]
        # (what a definition cannot say, like an empty description, is ignored, not compared)
        same = {k: v for k, v in back.attributes.items() if k not in back.ignore}
        live = canonical_property(resource.attributes) if resource.id.kind == "property" else (
            resource.attributes)  # as read.py would hand it over  # fmt: skip
        assert same == {k: v for k, v in live.items() if k not in back.ignore}
    assert recompiled[rid("property", "contacts/region")].ignore == {"description"}


# -- origins ---------------------------------------------------------------------------------

BUNDLED = Path(__file__).resolve().parents[3] / "definitions"


def _bundled() -> Any:
    result = validate_path(BUNDLED)
    assert result.ok and result.definitions is not None, result.diagnostics
    return compile_definitions(result.definitions)


def test_every_resource_of_the_bundled_definitions_has_an_origin_and_a_source() -> None:
    resources = list(_bundled().resources)
    assert resources
    for resource in resources:
        assert resource.origin, resource.id
        assert resource.source, resource.id
        file, line, col = resource.source.rsplit(":", 2)
        assert file.endswith(".yaml") and line.isdigit() and col.isdigit(), resource.source


def test_origins_are_the_typed_addresses_of_the_definitions() -> None:
    result = _compiled()
    origins = {str(r.id): r.origin for r in result.resources}
    assert origins["hubspot/property/contacts/lead_source"] == "field/contact/lead_source"
    assert origins["hubspot/property/deals/forecast_probability"] == (
        "field/deal/forecast_probability"
    )
    assert origins["hubspot/property_group/contacts/revops_standard"] == (
        "field_standard/contact/group/revops_standard"
    )
    assert origins["hubspot/pipeline/deals/default"] == "pipeline/new_business"
    assert origins["hubspot/pipeline_stage/deals/default/closedwon"] == (
        "pipeline/new_business/stage/closed_won"
    )
    # The lifecycle governs lifecyclestage's options; the field standard declares it.
    assert origins["hubspot/property/contacts/lifecyclestage"] == "field/contact/lifecyclestage"


def test_ignoring_a_fields_type_ignores_hubspots_pair() -> None:
    contacts = {**CONTACTS, "fields": [{**CONTACTS["fields"][2], "ignore": ["type"]}]}
    resource = compile_definitions(definitions(contacts)).resources[
        rid("property", "contacts/mqa_date")
    ]
    assert resource.ignore == {"type", "field_type"}


def test_an_sla_on_a_ticket_pipeline_is_about_tickets_not_deals() -> None:
    tickets = {
        "kind": "Pipeline", "key": "support", "label": "Support", "object": "ticket",
        "stages": [{"key": "new", "label": "New"},
                   {"key": "solved", "label": "Solved", "outcome": "closed"}],
    }  # fmt: skip
    sla = {**SLA, "key": "ticket_reply", "trigger": "pipeline/support/stage/new",
           "action": "stage_change", "until_stage": "pipeline/support/stage/solved"}  # fmt: skip
    result = compile_definitions(definitions(CONTACTS, DEALS, PIPELINE, tickets, sla))
    # Its fields are looked up on tickets (which no field standard declares here), never on
    # deals, whose standard happens to hold no `sla_due` either.
    warned = [d.message for d in result.diagnostics if d.code == "HS204"]
    assert any("tickets/sla_due" in m for m in warned), warned
    assert not any("deals/sla_due" in m for m in warned), warned
