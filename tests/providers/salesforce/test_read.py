"""read.py against a MockTransport org: the canonical form it produces, and its call count
(two composite calls plus Metadata GETs 25 a call, never one per field)."""

from __future__ import annotations

from revops_as_code.providers.base import Scope
from revops_as_code.providers.salesforce.normalize import rid

from .wire_org import MockOrg, describe_field, standard_org


def _read(org: MockOrg, scope: Scope | None = None):  # type: ignore[no-untyped-def]
    provider = org.provider()
    try:
        return provider.read_live(scope or Scope())
    finally:
        provider.close()


def test_a_full_read_maps_every_kind_to_the_canonical_form() -> None:
    org = standard_org()
    snapshot = _read(org)
    got = {str(r.id): dict(r.attributes) for r in snapshot.resources}
    budget = got["salesforce/custom_field/Opportunity.Budget__c"]
    assert budget == {
        "object": "Opportunity", "name": "Budget__c", "label": "Budget", "type": "Currency",
        "length": None, "precision": 16, "scale": 2, "visible_lines": None,
        "description": "Budget description", "help_text": "Confirmed budget",
        "reference_to": None, "values": [],
    }  # fmt: skip
    notes = got["salesforce/custom_field/Opportunity.Notes__c"]
    assert (notes["type"], notes["length"], notes["visible_lines"]) == ("LongTextArea", 32768, 7)
    assert got["salesforce/custom_field/Opportunity.Champion__c"]["reference_to"] == "User"
    assert got["salesforce/custom_field/Account.Short__c"]["type"] == "TextArea"
    assert got["salesforce/custom_field/Account.Short__c"]["length"] is None
    assert got["salesforce/custom_field/Lead.Email__c"]["type"] == "Email"
    # Inactive picklist values are not listed (a removed value is deactivated).
    assert [v["value"] for v in got["salesforce/custom_field/Lead.Tier__c"]["values"]] == [
        "Gold",
        "Silver",
    ]
    # A formula field is not something revops manages; standard fields are not custom fields.
    assert "salesforce/custom_field/Opportunity.Score__c" not in got
    assert "salesforce/custom_field/Opportunity.Amount" not in got

    stages = got["salesforce/value_set/OpportunityStage"]["values"]
    assert [s["value"] for s in stages] == [
        "Prospecting",
        "Negotiation",
        "Closed Won",
        "Closed Lost",
    ]
    assert stages[0] == {"value": "Prospecting", "label": "Prospecting", "default": True,
                         "probability": 10, "forecast_category": "Pipeline", "closed": False, "won": False}  # fmt: skip
    assert stages[2]["won"] is True and stages[3]["closed"] is True and stages[3]["won"] is False
    statuses = got["salesforce/value_set/LeadStatus"]["values"]
    assert [s["converted"] for s in statuses] == [False, False, True]
    assert got["salesforce/value_set/OpportunityType"]["values"][1] == {
        "value": "Renewal", "label": "Renewal", "default": False}  # fmt: skip

    assert got["salesforce/business_process/Opportunity.New Business"] == {
        "object": "Opportunity", "name": "New Business", "description": "Net new", "active": True,
        "values": [{"value": "Prospecting", "default": True}, {"value": "Closed Won", "default": False}],
    }  # fmt: skip
    assert (
        got["salesforce/record_type/Opportunity.New_Business"]["business_process"] == "New Business"
    )
    rule = got["salesforce/validation_rule/Opportunity.Budget_Required"]
    assert rule["formula"].startswith("AND(ISPICKVAL(StageName")
    assert rule["error_display_field"] == "Budget__c" and rule["description"] == ""
    # Rules of objects revops does not manage are not read.
    assert not any("Invoice__c" in k for k in got)


def test_remote_ids_and_who_changed_what() -> None:
    snapshot = _read(standard_org())
    budget = rid("custom_field", "Opportunity.Budget__c")
    assert snapshot.remote_ids[budget] == "00N000000000000"
    assert snapshot.meta[budget].updated_by == "Ada Admin"
    assert snapshot.meta[budget].updated_at == "2026-11-30T10:00:00.000+0000"
    assert snapshot.remote_ids[rid("value_set", "OpportunityStage")] == "0Ct000000000001"
    assert (
        snapshot.remote_ids[rid("validation_rule", "Opportunity.Budget_Required")]
        == "03d000000000001"
    )
    assert snapshot.remote_ids[rid("record_type", "Opportunity.New_Business")] == "012000000000001"


def test_a_read_costs_two_composites_and_one_metadata_call() -> None:
    org = standard_org()
    snapshot = _read(org)
    # REST composite, Tooling composite, then one Tooling composite of GETs (rule, process,
    # the long text area's visible lines).
    assert sorted(org.requests) == sorted([
        "POST /services/data/v63.0/composite",
        "POST /services/data/v63.0/tooling/composite",
        "POST /services/data/v63.0/tooling/composite",
    ])  # fmt: skip
    assert snapshot.request_count == 3


def test_many_fields_cost_only_their_query_pages() -> None:
    org = standard_org()
    org.describes["Account"] = [
        describe_field(f"F{i}__c", "double", precision=18, scale=2) for i in range(4500)
    ]
    org.rows["CustomField"] = [
        {"Id": f"00N{i:012d}", "DeveloperName": f"F{i}", "TableEnumOrId": "Account", "Description": None}
        for i in range(4500)
    ]  # fmt: skip
    snapshot = _read(org)
    assert len([r for r in snapshot.resources if r.id.key.startswith("Account.F")]) == 4500
    # 2 composites + the GETs of the rule and process + 2 more CustomField pages.
    assert snapshot.request_count == 3 + 2
    assert org.requests.count("GET /services/data/v63.0/tooling/query/01g00001-2000") == 1


def test_a_scoped_read_returns_only_what_it_names() -> None:
    org = standard_org()
    wanted = rid("custom_field", "Lead.Tier__c")
    snapshot = _read(org, Scope(ids=frozenset({wanted})))
    assert snapshot.resources.ids() == {wanted}
    # Only Lead is described; no Metadata GET is needed.
    assert snapshot.request_count == 2


def test_a_field_describe_does_not_show_is_read_from_its_metadata() -> None:
    # A field made through the Tooling API grants no field-level access: the API user's
    # describe leaves it out, but the CustomField row says it exists.
    org = standard_org()
    org.rows["CustomField"].append(
        {"Id": "00N000000000099", "DeveloperName": "Hidden", "NamespacePrefix": None,
         "TableEnumOrId": "Account", "Description": None}
    )  # fmt: skip
    org.metadata["00N000000000099"] = {
        "Id": "00N000000000099", "FullName": "Account.Hidden__c",
        "Metadata": {"label": "Hidden", "type": "Text", "length": 80, "description": "No FLS"},
    }  # fmt: skip
    snapshot = _read(org)
    hidden = snapshot.resources.get(rid("custom_field", "Account.Hidden__c"))
    assert hidden is not None
    assert (hidden.attributes["type"], hidden.attributes["length"]) == ("Text", 80)
    assert hidden.attributes["description"] == "No FLS"
    assert snapshot.remote_ids[hidden.id] == "00N000000000099"
    assert snapshot.request_count == 3  # its GET joined the one Metadata call


def test_a_scoped_read_gets_the_metadata_of_what_it_names_only() -> None:
    org = standard_org()
    wanted = rid("validation_rule", "Opportunity.Budget_Required")
    snapshot = _read(org, Scope(ids=frozenset({wanted})))
    assert snapshot.resources.ids() == {wanted}
    gets = [s["url"] for call in org.composites for s in call if "/tooling/sobjects/" in s["url"]]
    assert gets == ["/services/data/v63.0/tooling/sobjects/ValidationRule/03d000000000001"]
