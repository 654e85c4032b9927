"""`sobjects/<Obj>/describe`: the field shape, standard picklists from their value set,
record types, and `If-Modified-Since`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx

from .conftest import V


def _fields(client: httpx.Client, obj: str) -> dict[str, dict[str, object]]:
    body = client.get(f"{V}/sobjects/{obj}/describe").json()
    return {f["name"]: f for f in body["fields"]}


def test_describe_has_salesforce_shape(client: httpx.Client) -> None:
    response = client.get(f"{V}/sobjects/Opportunity/describe")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Opportunity" and body["custom"] is False
    assert body["keyPrefix"] == "006" and body["labelPlural"] == "Opportunities"
    keys = {
        "name",
        "label",
        "type",
        "length",
        "precision",
        "scale",
        "digits",
        "custom",
        "nillable",
        "createable",
        "updateable",
        "inlineHelpText",
        "picklistValues",
        "referenceTo",
        "relationshipName",
        "restrictedPicklist",
        "extraTypeInfo",
    }
    for field in body["fields"]:
        assert keys <= set(field), field["name"]
    fields = {f["name"]: f for f in body["fields"]}
    assert fields["Id"]["type"] == "id" and fields["Id"]["createable"] is False
    assert fields["Amount"]["type"] == "currency" and fields["Amount"]["precision"] == 18
    assert fields["Budget__c"]["custom"] is True
    assert fields["Budget__c"]["inlineHelpText"] == "Confirmed budget"
    assert fields["AccountId"]["type"] == "reference"
    assert fields["AccountId"]["referenceTo"] == ["Account"]
    assert fields["AccountId"]["relationshipName"] == "Account"
    assert fields["CloseDate"]["type"] == "date"


def test_standard_picklists_take_values_from_their_value_set(client: httpx.Client) -> None:
    stage = _fields(client, "Opportunity")["StageName"]
    assert stage["type"] == "picklist" and stage["restrictedPicklist"] is True
    assert [v["value"] for v in stage["picklistValues"]] == [  # type: ignore[union-attr]
        "Prospecting",
        "Negotiation",
        "Closed Won",
        "Closed Lost",
    ]
    first = stage["picklistValues"][0]  # type: ignore[index]
    assert set(first) == {"active", "defaultValue", "label", "validFor", "value"}
    segment = _fields(client, "Opportunity")["Segment__c"]
    assert segment["restrictedPicklist"] is False
    assert [v["defaultValue"] for v in segment["picklistValues"]] == [True, False]  # type: ignore[union-attr]
    text = _fields(client, "Account")["Description"]
    assert text["type"] == "textarea" and text["extraTypeInfo"] == "plaintextarea"


def test_record_types_include_master(client: httpx.Client) -> None:
    body = client.get(f"{V}/sobjects/Opportunity/describe").json()
    names = [(r["developerName"], r["master"]) for r in body["recordTypeInfos"]]
    assert names == [("New_Business", False), ("Master", True)]


def test_if_modified_since_answers_304_until_a_field_changes(client: httpx.Client) -> None:
    later = format_datetime(datetime.now(UTC) + timedelta(minutes=5), usegmt=True)
    earlier = format_datetime(datetime.now(UTC) - timedelta(days=3650), usegmt=True)
    unchanged = client.get(f"{V}/sobjects/Account/describe", headers={"If-Modified-Since": later})
    assert unchanged.status_code == 304 and unchanged.content == b""
    stale = client.get(f"{V}/sobjects/Account/describe", headers={"If-Modified-Since": earlier})
    assert stale.status_code == 200
    moment = format_datetime(datetime.now(UTC) - timedelta(seconds=2), usegmt=True)
    created = client.post(
        f"{V}/tooling/sobjects/CustomField",
        json={
            "FullName": "Account.Region__c",
            "Metadata": {"label": "Region", "type": "Text", "length": 40},
        },
    )
    assert created.status_code == 201
    after = client.get(f"{V}/sobjects/Account/describe", headers={"If-Modified-Since": moment})
    assert after.status_code == 200
    assert "Region__c" in {f["name"] for f in after.json()["fields"]}


def test_an_unknown_object_is_not_found(client: httpx.Client) -> None:
    assert client.get(f"{V}/sobjects/Widget__c/describe").status_code == 404
