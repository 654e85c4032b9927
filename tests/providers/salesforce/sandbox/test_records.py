"""Record saves: validation rules refuse with their message, restricted picklists, required
fields, sObject Collections with allOrNone."""

from __future__ import annotations

from typing import Any

import httpx

from revops_as_code.providers.salesforce.sandbox.org import sf_id

from .conftest import V
from .small_org import ACCOUNT, opportunity_id

RULES = f"{V}/tooling/sobjects/ValidationRule"


def _rule(client: httpx.Client, name: str, formula: str, message: str, **extra: Any) -> None:
    response = client.post(
        RULES,
        json={
            "FullName": f"Opportunity.{name}",
            "Metadata": {
                "active": True,
                "errorConditionFormula": formula,
                "errorMessage": message,
                **extra,
            },
        },
    )
    assert response.status_code == 201, response.text


def test_a_deal_moved_without_its_exit_criteria_is_refused(client: httpx.Client) -> None:
    _rule(
        client,
        "Negotiation_Needs_Budget",
        'AND(ISPICKVAL(StageName, "Negotiation"), ISBLANK(Budget__c))',
        "Enter the confirmed budget before moving the deal to Negotiation.",
        errorDisplayField="Budget__c",
    )
    deal = f"{V}/sobjects/Opportunity/{opportunity_id(1)}"
    refused = client.patch(deal, json={"StageName": "Negotiation"})
    assert refused.status_code == 400
    assert refused.json() == [
        {
            "message": "Enter the confirmed budget before moving the deal to Negotiation.",
            "errorCode": "FIELD_CUSTOM_VALIDATION_EXCEPTION",
            "fields": ["Budget__c"],
        }
    ]
    assert client.get(deal).json()["StageName"] == "Prospecting"  # nothing was written
    allowed = client.patch(deal, json={"StageName": "Negotiation", "Budget__c": 5000})
    assert allowed.status_code == 204
    saved = client.get(deal).json()
    assert saved["StageName"] == "Negotiation" and saved["Budget__c"] == 5000
    assert saved["attributes"]["type"] == "Opportunity"


def test_rules_see_prior_values_new_records_and_lookups(client: httpx.Client) -> None:
    _rule(client, "No_Amount_Change", "ISCHANGED(Amount)", "Amount is locked.")
    _rule(
        client,
        "New_Deals_Need_Tier_A",
        'AND(ISNEW(), NOT(ISPICKVAL(Account.ICP_Tier__c, "A")))',
        "Only tier A accounts get new deals.",
    )
    deal = f"{V}/sobjects/Opportunity/{opportunity_id(2)}"
    assert client.patch(deal, json={"Amount": 1}).json()[0]["message"] == "Amount is locked."
    assert client.patch(deal, json={"Name": "Renamed"}).status_code == 204
    new = {
        "Name": "New",
        "StageName": "Prospecting",
        "CloseDate": "2026-06-01",
        "AccountId": ACCOUNT,
    }
    created = client.post(f"{V}/sobjects/Opportunity", json=new)
    assert created.status_code == 201, created.text
    assert created.json()["id"].startswith("006") and created.json()["success"] is True
    patch_tier = client.patch(f"{V}/sobjects/Account/{ACCOUNT}", json={"ICP_Tier__c": "B"})
    assert patch_tier.status_code == 204
    refused = client.post(f"{V}/sobjects/Opportunity", json=new)
    assert refused.json()[0]["message"] == "Only tier A accounts get new deals."
    assert refused.json()[0]["fields"] == []


def test_every_failing_rule_is_reported(client: httpx.Client) -> None:
    _rule(client, "Rule_One", "Amount > 10", "One")
    _rule(client, "Rule_Two", "Amount > 20", "Two")
    refused = client.patch(f"{V}/sobjects/Opportunity/{opportunity_id(1)}", json={"Amount": 50})
    assert [e["message"] for e in refused.json()] == ["One", "Two"]


def test_restricted_picklists_and_the_record_type_s_stages(client: httpx.Client) -> None:
    deal = f"{V}/sobjects/Opportunity/{opportunity_id(3)}"
    bad = client.patch(deal, json={"StageName": "Dreaming"})
    assert bad.status_code == 400
    assert bad.json() == [
        {
            "message": "Stage: bad value for restricted picklist field: Dreaming",
            "errorCode": "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
            "fields": ["StageName"],
        }
    ]
    # An unrestricted custom picklist takes any value.
    assert client.patch(deal, json={"Segment__c": "Whatever"}).status_code == 204
    # The New Business sales process offers no Negotiation.
    typed = client.patch(deal, json={"RecordTypeId": sf_id("012", 1), "StageName": "Negotiation"})
    assert typed.json()[0]["errorCode"] == "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"
    assert (
        client.patch(
            deal, json={"RecordTypeId": sf_id("012", 1), "StageName": "Closed Won"}
        ).status_code
        == 204
    )


def test_unknown_read_only_and_missing_fields(client: httpx.Client) -> None:
    deal = f"{V}/sobjects/Opportunity/{opportunity_id(1)}"
    unknown = client.patch(deal, json={"Nope__c": 1}).json()[0]
    assert unknown == {
        "message": "No such column 'Nope__c' on sobject of type Opportunity",
        "errorCode": "INVALID_FIELD",
        "fields": ["Nope__c"],
    }
    read_only = client.patch(deal, json={"CreatedDate": "2020-01-01T00:00:00.000+0000"}).json()[0]
    assert read_only["errorCode"] == "INVALID_FIELD_FOR_INSERT_UPDATE"
    missing = client.post(f"{V}/sobjects/Opportunity", json={"Name": "X"}).json()[0]
    assert missing["errorCode"] == "REQUIRED_FIELD_MISSING"
    assert missing["fields"] == ["StageName", "CloseDate"]
    assert client.get(f"{V}/sobjects/Opportunity/{sf_id('006', 999)}").status_code == 404


def test_collections_all_or_none_rolls_every_record_back(client: httpx.Client) -> None:
    good = {"attributes": {"type": "Opportunity"}, "Id": opportunity_id(4), "Name": "Kept?"}
    bad = {"attributes": {"type": "Opportunity"}, "Id": opportunity_id(5), "StageName": "Dreaming"}
    body = client.patch(f"{V}/composite/sobjects", json={"allOrNone": True, "records": [good, bad]})
    assert body.status_code == 200
    results = body.json()
    assert results[0]["success"] is False
    assert results[0]["errors"][0]["statusCode"] == "ALL_OR_NONE_OPERATION_ROLLED_BACK"
    assert results[1]["errors"][0]["statusCode"] == "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"
    assert client.get(f"{V}/sobjects/Opportunity/{opportunity_id(4)}").json()["Name"] == "Deal 4"
    partial = client.patch(
        f"{V}/composite/sobjects", json={"allOrNone": False, "records": [good, bad]}
    )
    assert [r["success"] for r in partial.json()] == [True, False]
    assert client.get(f"{V}/sobjects/Opportunity/{opportunity_id(4)}").json()["Name"] == "Kept?"
    too_many = client.post(f"{V}/composite/sobjects", json={"records": [good] * 201})
    assert too_many.status_code == 400


def test_collections_take_the_id_in_any_case(client: httpx.Client) -> None:
    # Salesforce's docs spell it `id`; field names are case-insensitive, so `Id` works too.
    for key, name in (("id", "Lower"), ("Id", "Upper")):
        record = {"attributes": {"type": "Opportunity"}, key: opportunity_id(4), "Name": name}
        body = client.patch(f"{V}/composite/sobjects", json={"records": [record]}).json()
        assert body[0]["success"] is True, body
        assert client.get(f"{V}/sobjects/Opportunity/{opportunity_id(4)}").json()["Name"] == name
