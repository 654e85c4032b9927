"""`query`, `queryAll` and `tooling/query`: records with attributes, nextRecordsUrl paging
with batchSize, the Metadata single-row rule, setup objects and Salesforce's errors."""

from __future__ import annotations

import httpx

from .conftest import Factory, V
from .small_org import build, opportunity_id


def _q(client: httpx.Client, soql: str, *, tooling: bool = False, **headers: str) -> httpx.Response:
    path = f"{V}/tooling/query" if tooling else f"{V}/query"
    return client.get(path, params={"q": soql}, headers=headers)


def test_records_carry_attributes_and_nested_relationships(client: httpx.Client) -> None:
    body = _q(
        client,
        "SELECT Id, Name, Account.Name, Owner.Name FROM Opportunity "
        "WHERE Amount > 3500 ORDER BY Name",
    ).json()
    assert body["totalSize"] == 2 and body["done"] is True and "nextRecordsUrl" not in body
    first = body["records"][0]
    assert first["attributes"] == {
        "type": "Opportunity",
        "url": f"{V}/sobjects/Opportunity/{opportunity_id(4)}",
    }
    assert first["Account"]["Name"] == "Acme" and first["Owner"]["Name"] == "Ada Admin"


def test_paging_follows_next_records_url_with_the_batch_size(make_client: Factory) -> None:
    client = make_client(org=build(opportunities=450))
    first = _q(client, "SELECT Id FROM Opportunity", **{"Sforce-Query-Options": "batchSize=200"})
    body = first.json()
    assert body["totalSize"] == 450 and body["done"] is False and len(body["records"]) == 200
    seen = [r["Id"] for r in body["records"]]
    pages = 1
    while not body["done"]:
        assert body["nextRecordsUrl"].startswith(f"{V}/query/01g")
        body = client.get(body["nextRecordsUrl"]).json()
        seen += [r["Id"] for r in body["records"]]
        pages += 1
    assert pages == 3 and len(set(seen)) == 450
    # Without the header a page holds 2,000 rows; a tiny batchSize is raised to 200.
    assert _q(client, "SELECT Id FROM Opportunity").json()["done"] is True
    tiny = _q(client, "SELECT Id FROM Opportunity", **{"Sforce-Query-Options": "batchSize=5"})
    assert len(tiny.json()["records"]) == 200


def test_an_unknown_cursor_is_refused(client: httpx.Client) -> None:
    response = client.get(f"{V}/query/01g000000000099AAA-2000")
    assert response.status_code == 400
    assert response.json()[0]["errorCode"] == "INVALID_QUERY_LOCATOR"


def test_count_and_query_all(client: httpx.Client) -> None:
    count = _q(client, "SELECT COUNT() FROM Opportunity").json()
    assert count == {"totalSize": 5, "done": True, "records": []}
    assert client.delete(f"{V}/sobjects/Opportunity/{opportunity_id(2)}").status_code == 204
    assert _q(client, "SELECT COUNT() FROM Opportunity").json()["totalSize"] == 4
    every = client.get(f"{V}/queryAll", params={"q": "SELECT Id, IsDeleted FROM Opportunity"})
    deleted = [r for r in every.json()["records"] if r["IsDeleted"]]
    assert [r["Id"] for r in deleted] == [opportunity_id(2)]


def test_metadata_is_refused_when_more_than_one_row_matches(client: httpx.Client) -> None:
    many = _q(client, "SELECT Id, Metadata FROM CustomField", tooling=True)
    assert many.status_code == 400
    assert many.json() == [
        {
            "message": "When retrieving results with Metadata or FullName fields, the query "
            "qualifications must specify no more than one row for retrieval.",
            "errorCode": "MALFORMED_QUERY",
        }
    ]
    assert _q(client, "SELECT FullName FROM CustomField", tooling=True).status_code == 400
    one = _q(
        client,
        "SELECT Id, FullName, Metadata FROM CustomField WHERE DeveloperName = 'Budget'",
        tooling=True,
    )
    assert one.status_code == 200
    record = one.json()["records"][0]
    assert record["FullName"] == "Opportunity.Budget__c"
    assert record["Metadata"]["type"] == "Currency" and record["Metadata"]["precision"] == 18
    assert record["attributes"]["url"].startswith(f"{V}/tooling/sobjects/CustomField/00N")


def test_tooling_objects_answer_the_provider_s_reads(client: httpx.Client) -> None:
    fields = _q(
        client,
        "SELECT QualifiedApiName, DataType FROM FieldDefinition WHERE "
        "EntityDefinition.QualifiedApiName = 'Opportunity'",
        tooling=True,
    )
    types = {r["QualifiedApiName"]: r["DataType"] for r in fields.json()["records"]}
    assert types["Budget__c"] == "Currency(16, 2)" and types["Name"] == "Text(120)"
    custom = _q(
        client,
        "SELECT Id, DeveloperName, TableEnumOrId, LastModifiedBy.Name, "
        "LastModifiedDate FROM CustomField",
        tooling=True,
    ).json()
    assert {r["DeveloperName"] for r in custom["records"]} == {"Budget", "ICP_Tier", "Segment"}
    assert custom["records"][0]["LastModifiedBy"] == {"Name": "Ada Admin"}
    sets = _q(
        client,
        "SELECT Id, MasterLabel, Metadata FROM StandardValueSet "
        "WHERE MasterLabel = 'OpportunityStage'",
        tooling=True,
    ).json()
    won = sets["records"][0]["Metadata"]["standardValue"][2]
    assert won["fullName"] == "Closed Won" and won["won"] is True and won["probability"] == 100
    entities = _q(client, "SELECT QualifiedApiName FROM EntityDefinition", tooling=True).json()
    assert {"Lead", "Contact", "Account", "Opportunity", "Case", "User"} <= {
        r["QualifiedApiName"] for r in entities["records"]
    }


def test_setup_objects_of_the_data_api(client: httpx.Client) -> None:
    stages = _q(
        client,
        "SELECT ApiName, SortOrder, IsClosed, IsWon, ForecastCategory, "
        "ForecastCategoryName, DefaultProbability FROM OpportunityStage "
        "ORDER BY SortOrder",
    ).json()["records"]
    assert [s["ApiName"] for s in stages] == [
        "Prospecting",
        "Negotiation",
        "Closed Won",
        "Closed Lost",
    ]
    assert (
        stages[1]["ForecastCategory"] == "Forecast"
        and stages[1]["ForecastCategoryName"] == "Commit"
    )
    assert stages[2]["IsWon"] is True and stages[3]["IsClosed"] is True
    statuses = _q(client, "SELECT ApiName, IsDefault, IsConverted FROM LeadStatus").json()
    assert [(s["ApiName"], s["IsConverted"]) for s in statuses["records"]] == [
        ("Open", False),
        ("Qualified", True),
    ]
    types = _q(client, "SELECT DeveloperName, BusinessProcessId FROM RecordType").json()
    assert types["records"][0]["DeveloperName"] == "New_Business"
    assert types["records"][0]["BusinessProcessId"].startswith("019")


def test_errors_use_salesforce_codes(client: httpx.Client) -> None:
    unknown_field = _q(client, "SELECT Id, Nope__c FROM Opportunity")
    assert unknown_field.status_code == 400
    assert unknown_field.json()[0]["errorCode"] == "INVALID_FIELD"
    unknown_type = _q(client, "SELECT Id FROM Widget__c")
    assert unknown_type.json()[0]["errorCode"] == "INVALID_TYPE"
    assert "sObject type 'Widget__c' is not supported" in unknown_type.json()[0]["message"]
    syntax = _q(client, "SELECT FROM WHERE")
    assert syntax.json()[0]["errorCode"] == "MALFORMED_QUERY"
    assert client.get(f"{V}/query").json()[0]["errorCode"] == "MALFORMED_QUERY"
    # A data-API object is not a Tooling one.
    assert (
        _q(client, "SELECT Id FROM Opportunity", tooling=True).json()[0]["errorCode"]
        == "INVALID_TYPE"
    )
