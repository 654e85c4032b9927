"""compile: every definition kind to HubSpot resources, gaps reported, round trip with decompile."""

from __future__ import annotations

from typing import Any

from revops_as_code.diagnostics import Severity
from revops_as_code.providers.base import LiveSnapshot
from revops_as_code.providers.hubspot.compile import compile_definitions
from revops_as_code.providers.hubspot.decompile import decompile
from revops_as_code.resources import ResourceId

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
    from revops_as_code.resources import ResourceSet

    documents = decompile(LiveSnapshot(ResourceSet.of(live)))
    recompiled = compile_definitions(definitions(*documents)).resources
    for resource in live:
        if resource.id.kind == "property_group":
            continue  # a group with no live fields in it is not imported
        assert resource.id in recompiled, resource.id
        assert dict(recompiled[resource.id].attributes) == dict(resource.attributes), resource.id
