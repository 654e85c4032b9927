"""Tooling writes: server-minted ids, Salesforce's checks and error bodies, audit stamps."""

from __future__ import annotations

from typing import Any

import httpx

from revops_as_code.providers.salesforce.sandbox.org import sf_id

from .conftest import Factory, V

FIELDS = f"{V}/tooling/sobjects/CustomField"
RULES = f"{V}/tooling/sobjects/ValidationRule"
STAGES_ID = sf_id("0Ct", 1)
SEGMENT_ID = sf_id("00N", 3)


def _text(full: str, **meta: Any) -> dict[str, Any]:
    return {"FullName": full, "Metadata": {"label": "Region", "type": "Text", "length": 40, **meta}}


def _error(response: httpx.Response) -> tuple[int, str, str]:
    body = response.json()
    assert isinstance(body, list), body
    return response.status_code, body[0]["errorCode"], body[0]["message"]


def _get(client: httpx.Client, kind: str, record_id: str) -> dict[str, Any]:
    response = client.get(f"{V}/tooling/sobjects/{kind}/{record_id}")
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def test_create_assigns_the_id_and_reads_back(client: httpx.Client) -> None:
    created = client.post(FIELDS, json=_text("Opportunity.Region__c", description="Where"))
    assert created.status_code == 201
    body = created.json()
    assert body == {"id": body["id"], "success": True, "errors": [], "warnings": [], "infos": []}
    assert body["id"].startswith("00N") and len(body["id"]) == 18
    assert created.headers["Location"] == f"{FIELDS}/{body['id']}"
    row = _get(client, "CustomField", body["id"])
    assert row["FullName"] == "Opportunity.Region__c" and row["DeveloperName"] == "Region"
    assert row["Metadata"]["length"] == 40 and row["Metadata"]["description"] == "Where"
    assert row["LastModifiedBy"]["Name"] == "Integration User"
    second = client.post(FIELDS, json=_text("Opportunity.Area__c"))
    assert second.json()["id"] != body["id"]


def test_strict_mode_refuses_members_salesforce_does_not_define(client: httpx.Client) -> None:
    with_id = client.post(FIELDS, json={**_text("Opportunity.Region__c"), "Id": sf_id("00N", 77)})
    assert _error(with_id) == (
        400,
        "INVALID_FIELD",
        "No such column 'Id' on sobject of type CustomField",
    )
    unknown = client.post(FIELDS, json=_text("Opportunity.Region__c", colour="red"))
    status, code, message = _error(unknown)
    assert (status, code) == (400, "JSON_PARSER_ERROR") and "colour" in message
    nested = _text(
        "Opportunity.Kind__c",
        type="Picklist",
        length=None,
        valueSet={"valueSetDefinition": {"value": [{"fullName": "A", "label": "A", "weight": 1}]}},
    )
    assert "weight" in _error(client.post(FIELDS, json=nested))[2]


def test_strict_mode_off_lets_unknown_members_through(make_client: Factory) -> None:
    client = make_client(strict=False)
    assert client.post(FIELDS, json=_text("Opportunity.Region__c", colour="red")).status_code == 201


def test_salesforce_s_field_checks(client: httpx.Client) -> None:
    client.post(FIELDS, json=_text("Opportunity.Region__c"))
    assert _error(client.post(FIELDS, json=_text("opportunity.region__c")))[:2] == (
        400,
        "DUPLICATE_DEVELOPER_NAME",
    )
    for bad in (
        "Opportunity.2Region__c",
        "Opportunity.Re__gion__c",
        "Opportunity.Region___c",
        "Opportunity." + "X" * 41 + "__c",
    ):
        assert _error(client.post(FIELDS, json=_text(bad)))[1] == "FIELD_INTEGRITY_EXCEPTION", bad
    assert "__c" in _error(client.post(FIELDS, json=_text("Opportunity.Region")))[2]
    too_long = client.post(FIELDS, json=_text("Opportunity.Note__c", length=256))
    assert _error(too_long)[1] == "FIELD_INTEGRITY_EXCEPTION" and "255" in _error(too_long)[2]
    bad_type = client.post(FIELDS, json=_text("Opportunity.Note__c", type="Gizmo"))
    assert _error(bad_type)[1] == "JSON_PARSER_ERROR"
    checkbox = client.post(
        FIELDS,
        json={"FullName": "Opportunity.Hot__c", "Metadata": {"label": "Hot", "type": "Checkbox"}},
    )
    assert "defaultValue" in _error(checkbox)[2]
    number = client.post(
        FIELDS,
        json={
            "FullName": "Opportunity.Score__c",
            "Metadata": {"label": "Score", "type": "Number", "precision": 5, "scale": 7},
        },
    )
    assert "scale" in _error(number)[2]
    label = client.post(FIELDS, json=_text("Opportunity.Long__c", label="L" * 41))
    assert _error(label)[1] == "STRING_TOO_LONG"
    unknown_object = client.post(FIELDS, json=_text("Widget.Region__c"))
    assert _error(unknown_object)[1] == "FIELD_INTEGRITY_EXCEPTION"


def test_patch_updates_and_stamps_the_acting_user(client: httpx.Client) -> None:
    before = _get(client, "CustomField", SEGMENT_ID)
    assert before["LastModifiedBy"]["Name"] == "Ada Admin"
    metadata = {
        "label": "Segment (new)",
        "type": "Picklist",
        "valueSet": {
            "valueSetDefinition": {
                "value": [
                    {"fullName": "SMB", "label": "SMB", "default": True},
                    {"fullName": "Enterprise", "label": "Enterprise"},
                    {"fullName": "Mid", "label": "Mid-market"},
                ]
            }
        },
    }
    patched = client.patch(f"{FIELDS}/{SEGMENT_ID}", json={"Metadata": metadata})
    assert patched.status_code == 204 and patched.content == b""
    after = _get(client, "CustomField", SEGMENT_ID)
    assert after["Metadata"]["label"] == "Segment (new)"
    assert [
        v["fullName"] for v in after["Metadata"]["valueSet"]["valueSetDefinition"]["value"]
    ] == ["SMB", "Enterprise", "Mid"]
    assert after["LastModifiedBy"]["Name"] == "Integration User"
    assert after["LastModifiedDate"] > before["LastModifiedDate"]
    assert after["CreatedById"] == before["CreatedById"]


def test_changes_that_would_lose_record_data_are_refused(client: httpx.Client) -> None:
    # Deal 1 holds Segment__c = "Enterprise".
    to_number = client.patch(
        f"{FIELDS}/{SEGMENT_ID}",
        json={"Metadata": {"label": "Segment", "type": "Number", "precision": 5, "scale": 0}},
    )
    status, code, message = _error(to_number)
    assert (status, code) == (400, "FIELD_INTEGRITY_EXCEPTION")
    assert "Picklist to Number" in message and "1 Opportunity records" in message
    drop_value = client.patch(
        f"{FIELDS}/{SEGMENT_ID}",
        json={
            "Metadata": {
                "label": "Segment",
                "type": "Picklist",
                "valueSet": {
                    "valueSetDefinition": {"value": [{"fullName": "SMB", "label": "SMB"}]}
                },
            }
        },
    )
    assert "'Enterprise'" in _error(drop_value)[2] and "Deactivate" in _error(drop_value)[2]
    assert _get(client, "CustomField", SEGMENT_ID)["Metadata"]["type"] == "Picklist"


def test_validation_rules_are_checked_like_salesforce(client: httpx.Client) -> None:
    good = {
        "active": True,
        "errorMessage": "Budget is required in Negotiation.",
        "errorConditionFormula": 'AND(ISPICKVAL(StageName, "Negotiation"), ISBLANK(Budget__c))',
        "errorDisplayField": "Budget__c",
    }
    created = client.post(
        RULES, json={"FullName": "Opportunity.Budget_In_Negotiation", "Metadata": good}
    )
    assert created.status_code == 201 and created.json()["id"].startswith("03d")
    row = _get(client, "ValidationRule", created.json()["id"])
    assert row["ValidationName"] == "Budget_In_Negotiation" and row["Active"] is True
    assert row["Metadata"]["errorConditionFormula"] == good["errorConditionFormula"]
    assert row["EntityDefinition"]["QualifiedApiName"] == "Opportunity"
    unknown = client.post(
        RULES,
        json={
            "FullName": "Opportunity.Bad_Field",
            "Metadata": {**good, "errorConditionFormula": "ISBLANK(Nope__c)"},
        },
    )
    status, code, message = _error(unknown)
    assert (status, code) == (400, "FIELD_INTEGRITY_EXCEPTION") and "Nope__c" in message
    syntax = client.post(
        RULES,
        json={
            "FullName": "Opportunity.Bad_Syntax",
            "Metadata": {**good, "errorConditionFormula": "AND(ISBLANK(Budget__c)"},
        },
    )
    assert _error(syntax)[:2] == (400, "FIELD_INTEGRITY_EXCEPTION")
    long = client.post(
        RULES,
        json={
            "FullName": "Opportunity.Long_Message",
            "Metadata": {**good, "errorMessage": "x" * 256},
        },
    )
    assert _error(long)[:2] == (400, "STRING_TOO_LONG") and "max length=255" in _error(long)[2]
    display = client.post(
        RULES,
        json={
            "FullName": "Opportunity.Bad_Display",
            "Metadata": {**good, "errorDisplayField": "Nope__c"},
        },
    )
    assert _error(display)[1] == "FIELD_INTEGRITY_EXCEPTION"
    again = client.post(
        RULES, json={"FullName": "Opportunity.Budget_In_Negotiation", "Metadata": good}
    )
    assert _error(again)[1] == "DUPLICATE_DEVELOPER_NAME"


def test_a_field_a_rule_uses_cannot_be_deleted(client: httpx.Client) -> None:
    client.post(
        RULES,
        json={
            "FullName": "Opportunity.Needs_Budget",
            "Metadata": {
                "active": True,
                "errorMessage": "Budget!",
                "errorConditionFormula": "ISBLANK(Budget__c)",
            },
        },
    )
    refused = client.delete(f"{FIELDS}/{sf_id('00N', 1)}")
    assert _error(refused)[1] == "FIELD_INTEGRITY_EXCEPTION"
    assert "Opportunity.Needs_Budget" in _error(refused)[2]
    created = client.post(FIELDS, json=_text("Opportunity.Region__c")).json()["id"]
    assert client.delete(f"{FIELDS}/{created}").status_code == 204
    assert client.get(f"{FIELDS}/{created}").status_code == 404


def test_a_value_set_patch_replaces_the_list(client: httpx.Client) -> None:
    values = [
        {
            "fullName": "Prospecting",
            "label": "Prospecting",
            "probability": 10,
            "forecastCategory": "Pipeline",
        },
        {"fullName": "Demo", "label": "Demo", "probability": 40, "forecastCategory": "BestCase"},
        {
            "fullName": "Negotiation",
            "label": "Negotiation",
            "probability": 70,
            "forecastCategory": "Forecast",
            "isActive": False,
        },
        {
            "fullName": "Closed Won",
            "label": "Closed Won",
            "probability": 100,
            "forecastCategory": "Closed",
            "closed": True,
            "won": True,
        },
    ]
    patched = client.patch(
        f"{V}/tooling/sobjects/StandardValueSet/{STAGES_ID}",
        json={"Metadata": {"sorted": False, "standardValue": values}},
    )
    assert patched.status_code == 204, patched.text
    row = _get(client, "StandardValueSet", STAGES_ID)
    got = [(v["fullName"], v["isActive"]) for v in row["Metadata"]["standardValue"]]
    assert got == [
        ("Prospecting", True),
        ("Demo", True),
        ("Negotiation", False),
        ("Closed Won", True),
    ]
    assert row["LastModifiedBy"]["Name"] == "Integration User"
    # Deals sit in Prospecting: removing it is refused with what to do instead.
    refused = client.patch(
        f"{V}/tooling/sobjects/StandardValueSet/{STAGES_ID}",
        json={"Metadata": {"standardValue": values[1:]}},
    )
    status, code, message = _error(refused)
    assert (status, code) == (400, "FIELD_INTEGRITY_EXCEPTION")
    assert "'Prospecting'" in message and "5 Opportunity records" in message
    # Picklist values are unique without regard to case (Salesforce Help 000386557).
    twice = client.patch(
        f"{V}/tooling/sobjects/StandardValueSet/{STAGES_ID}",
        json={"Metadata": {"standardValue": [*values, {**values[1], "fullName": "DEMO"}]}},
    )
    assert _error(twice)[:2] == (400, "DUPLICATE_VALUE")
    bad = client.patch(
        f"{V}/tooling/sobjects/StandardValueSet/{STAGES_ID}",
        json={"Metadata": {"standardValue": [{**values[0], "probability": 120}]}},
    )
    assert "between 0 and 100" in _error(bad)[2]
    assert (
        client.post(
            f"{V}/tooling/sobjects/StandardValueSet",
            json={"FullName": "OpportunityStage", "Metadata": {"standardValue": values}},
        ).status_code
        == 400
    )
    assert client.delete(f"{V}/tooling/sobjects/StandardValueSet/{STAGES_ID}").status_code == 400


def test_business_processes_and_record_types(client: httpx.Client) -> None:
    process = client.post(
        f"{V}/tooling/sobjects/BusinessProcess",
        json={
            "FullName": "Opportunity.Renewal",
            "Metadata": {
                "isActive": True,
                "description": "Renewals",
                "values": [
                    {"fullName": "Prospecting", "default": True},
                    {"fullName": "Closed Won"},
                ],
            },
        },
    )
    assert process.status_code == 201 and process.json()["id"].startswith("019")
    unknown_stage = client.post(
        f"{V}/tooling/sobjects/BusinessProcess",
        json={
            "FullName": "Opportunity.Other",
            "Metadata": {"isActive": True, "values": [{"fullName": "Nope"}]},
        },
    )
    assert "Nope" in _error(unknown_stage)[2]
    record_type = client.post(
        f"{V}/tooling/sobjects/RecordType",
        json={
            "FullName": "Opportunity.Renewal",
            "Metadata": {"label": "Renewal", "active": True, "businessProcess": "Renewal"},
        },
    )
    assert record_type.status_code == 201 and record_type.json()["id"].startswith("012")
    row = _get(client, "RecordType", record_type.json()["id"])
    assert row["BusinessProcessId"] == process.json()["id"] and row["Name"] == "Renewal"
    no_process = client.post(
        f"{V}/tooling/sobjects/RecordType",
        json={"FullName": "Opportunity.Bare", "Metadata": {"label": "Bare", "active": True}},
    )
    assert "businessProcess" in _error(no_process)[2]
    in_use = client.delete(f"{V}/tooling/sobjects/BusinessProcess/{process.json()['id']}")
    assert _error(in_use)[1] == "FIELD_INTEGRITY_EXCEPTION"
    assert (
        client.delete(f"{V}/tooling/sobjects/RecordType/{record_type.json()['id']}").status_code
        == 204
    )
    assert (
        client.delete(f"{V}/tooling/sobjects/BusinessProcess/{process.json()['id']}").status_code
        == 204
    )


def test_unknown_ids_and_types_are_not_found(client: httpx.Client) -> None:
    assert client.get(f"{FIELDS}/{sf_id('00N', 999)}").status_code == 404
    assert client.patch(f"{RULES}/{sf_id('03d', 999)}", json={"Metadata": {}}).status_code == 404
    assert client.post(f"{V}/tooling/sobjects/ApexClass", json={}).status_code == 404


def test_what_a_get_returns_patches_back_in_strict_mode(client: httpx.Client) -> None:
    """Every Metadata member the sandbox reads out is one strict mode lets back in."""
    rule = client.post(
        RULES,
        json={
            "FullName": "Opportunity.Round_Trip",
            "Metadata": {
                "active": False,
                "errorMessage": "x",
                "errorConditionFormula": "Amount < 0",
            },
        },
    )
    targets = [
        ("CustomField", SEGMENT_ID),
        ("ValidationRule", rule.json()["id"]),
        ("StandardValueSet", STAGES_ID),
        ("BusinessProcess", sf_id("019", 1)),
        ("RecordType", sf_id("012", 1)),
    ]
    for kind, record_id in targets:
        row = _get(client, kind, record_id)
        patched = client.patch(
            f"{V}/tooling/sobjects/{kind}/{record_id}",
            json={"FullName": row["FullName"], "Metadata": row["Metadata"]},
        )
        assert patched.status_code == 204, (kind, patched.text)
        assert _get(client, kind, record_id)["Metadata"] == row["Metadata"], kind
