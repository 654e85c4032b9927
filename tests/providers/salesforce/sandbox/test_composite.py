"""`composite` and `tooling/composite`: references, allOrNone rollback, limits."""

from __future__ import annotations

from typing import Any

import httpx

from .conftest import V

TOOLING = f"{V}/tooling/composite"


def _field(ref: str, name: str, length: int = 40) -> dict[str, Any]:
    return {
        "method": "POST",
        "url": f"{V}/tooling/sobjects/CustomField",
        "referenceId": ref,
        "body": {
            "FullName": f"Account.{name}",
            "Metadata": {"label": name[:-3], "type": "Text", "length": length},
        },
    }


def _names(client: httpx.Client) -> set[str]:
    rows = client.get(f"{V}/tooling/query", params={"q": "SELECT DeveloperName FROM CustomField"})
    return {r["DeveloperName"] for r in rows.json()["records"]}


def test_references_resolve_to_earlier_results(client: httpx.Client) -> None:
    response = client.post(
        TOOLING,
        json={
            "allOrNone": True,
            "compositeRequest": [
                _field("region", "Region__c"),
                {
                    "method": "GET",
                    "url": f"{V}/tooling/sobjects/CustomField/@{{region.id}}",
                    "referenceId": "readBack",
                },
            ],
        },
    )
    assert response.status_code == 200
    created, read = response.json()["compositeResponse"]
    assert created["httpStatusCode"] == 201 and created["referenceId"] == "region"
    assert created["httpHeaders"]["Location"].endswith(created["body"]["id"])
    assert set(created) == {"body", "httpHeaders", "httpStatusCode", "referenceId"}
    assert read["httpStatusCode"] == 200 and read["body"]["FullName"] == "Account.Region__c"


def test_all_or_none_rolls_back_and_halts_the_others(client: httpx.Client) -> None:
    response = client.post(
        TOOLING,
        json={
            "allOrNone": True,
            "compositeRequest": [
                _field("one", "One__c"),
                _field("bad", "Bad__c", length=999),
                _field("three", "Three__c"),
            ],
        },
    )
    results = response.json()["compositeResponse"]
    assert [r["httpStatusCode"] for r in results] == [400, 400, 400]
    assert results[1]["body"][0]["errorCode"] == "FIELD_INTEGRITY_EXCEPTION"
    halted = {
        "message": "The transaction was rolled back since another operation in the same "
        "transaction failed.",
        "errorCode": "PROCESSING_HALTED",
    }
    assert results[0]["body"] == [halted] and results[2]["body"] == [halted]
    assert results[2]["referenceId"] == "three"
    assert not {"One", "Bad", "Three"} & _names(client)


def test_without_all_or_none_the_others_still_run(client: httpx.Client) -> None:
    response = client.post(
        TOOLING,
        json={
            "allOrNone": False,
            "compositeRequest": [
                _field("one", "One__c"),
                _field("bad", "Bad__c", length=999),
                _field("three", "Three__c"),
                {
                    "method": "GET",
                    "url": f"{V}/tooling/sobjects/CustomField/@{{bad.id}}",
                    "referenceId": "dependent",
                },
            ],
        },
    )
    codes = [r["httpStatusCode"] for r in response.json()["compositeResponse"]]
    assert codes == [201, 400, 201, 400]
    assert response.json()["compositeResponse"][3]["body"][0]["errorCode"] == "PROCESSING_HALTED"
    assert {"One", "Three"} <= _names(client) and "Bad" not in _names(client)


def test_record_composite_with_a_query_subrequest(client: httpx.Client) -> None:
    response = client.post(
        f"{V}/composite",
        json={
            "compositeRequest": [
                {
                    "method": "GET",
                    "referenceId": "deals",
                    "url": f"{V}/query?q=SELECT+Id+FROM+Opportunity+ORDER+BY+Name+LIMIT+1",
                },
                {
                    "method": "PATCH",
                    "referenceId": "rename",
                    "url": f"{V}/sobjects/Opportunity/@{{deals.records[0].Id}}",
                    "body": {"Name": "Renamed"},
                },
            ]
        },
    )
    query, rename = response.json()["compositeResponse"]
    assert query["body"]["totalSize"] == 1 and rename["httpStatusCode"] == 204
    assert rename["body"] is None
    deal = client.get(f"{V}/sobjects/Opportunity/{query['body']['records'][0]['Id']}")
    assert deal.json()["Name"] == "Renamed"


def test_composite_limits_and_wrong_urls(client: httpx.Client) -> None:
    many = [{"method": "GET", "url": f"{V}/limits", "referenceId": f"r{n}"} for n in range(26)]
    refused = client.post(f"{V}/composite", json={"compositeRequest": many})
    assert refused.status_code == 400 and "25" in refused.json()[0]["message"]
    queries = [
        {"method": "GET", "url": f"{V}/query?q=SELECT+Id+FROM+Account", "referenceId": f"q{n}"}
        for n in range(6)
    ]
    assert client.post(f"{V}/composite", json={"compositeRequest": queries}).status_code == 400
    mixed = client.post(
        TOOLING,
        json={
            "compositeRequest": [
                {"method": "GET", "url": f"{V}/limits", "referenceId": "notTooling"}
            ]
        },
    )
    assert mixed.json()["compositeResponse"][0]["httpStatusCode"] == 400
    bad_ref = client.post(
        f"{V}/composite",
        json={
            "compositeRequest": [{"method": "GET", "url": f"{V}/limits", "referenceId": "has-dash"}]
        },
    )
    assert bad_ref.status_code == 400
