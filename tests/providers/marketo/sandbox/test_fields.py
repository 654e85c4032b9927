"""Lead schema endpoints: list (paged), get, create (record-level reasons), update."""

from __future__ import annotations

import httpx

from .conftest import error_code, ok

FIELDS = "/rest/v1/leads/schema/fields.json"


def test_fields_page_with_tokens_until_the_last_page(client: httpx.Client) -> None:
    names: list[str] = []
    params: dict[str, str] = {"batchSize": "7"}
    pages = 0
    while True:
        body = client.get(FIELDS, params=params).json()
        names += [f["name"] for f in ok(client.get(FIELDS, params=params))]
        pages += 1
        if "nextPageToken" not in body:
            assert not body.get("moreResult")
            break
        params = {"batchSize": "7", "nextPageToken": body["nextPageToken"]}
    assert pages == 5  # 30 seeded fields, 7 a page
    assert len(names) == len(set(names)) == 30
    assert "sqlDate" not in names and "legacyLeadScore" in names


def test_lead_field_shape_has_the_swagger_required_members(client: httpx.Client) -> None:
    (field,) = ok(client.get("/rest/v1/leads/schema/fields/lastEngagementDate.json"))
    required = {
        "displayName", "name", "description", "dataType", "isHidden",
        "isHtmlEncodingInEmail", "isSensitive", "isCustom", "isApiCreated",
    }  # fmt: skip
    assert required <= set(field)
    assert field["dataType"] == "datetime" and field["isCustom"] is True


def test_unknown_field_is_no_data(client: httpx.Client) -> None:
    assert error_code(client.get("/rest/v1/leads/schema/fields/sqlDate.json")) == "702"


def test_create_reports_each_item(client: httpx.Client) -> None:
    result = ok(
        client.post(
            FIELDS,
            json={
                "input": [
                    {"name": "sqlDate", "displayName": "SQL Date", "dataType": "datetime"},
                    {"name": "email", "displayName": "Other email", "dataType": "email"},
                    {"name": "9lives", "displayName": "Nine", "dataType": "string"},
                    {"name": "notes", "displayName": "Notes", "dataType": "text"},
                    {"name": "dupLabel", "displayName": "lead source", "dataType": "string"},
                ]
            },
        )
    )
    assert result[0] == {"name": "sqlDate", "status": "created"}
    assert [r["status"] for r in result[1:]] == ["skipped"] * 4
    assert [r["reasons"][0]["code"] for r in result[1:]] == ["1017", "1003", "1003", "1003"]
    (created,) = ok(client.get("/rest/v1/leads/schema/fields/sqlDate.json"))
    assert created["isApiCreated"] is True and created["isHtmlEncodingInEmail"] is True


def test_update_changes_metadata_never_the_type(client: httpx.Client) -> None:
    path = "/rest/v1/leads/schema/fields/mqaDate.json"
    body = {"input": [{"displayName": "MQA date", "isSensitive": True}]}
    assert ok(client.post(path, json=body)) == [{"name": "mqaDate", "status": "updated"}]
    (field,) = ok(client.get(path))
    assert field["displayName"] == "MQA date" and field["isSensitive"] is True
    assert field["dataType"] == "datetime"
    # dataType is not part of UpdateLeadField: strict mode refuses it outright.
    assert error_code(client.post(path, json={"input": [{"dataType": "date"}]})) == "609"
    missing = ok(
        client.post(
            "/rest/v1/leads/schema/fields/nope.json", json={"input": [{"description": "x"}]}
        )
    )
    assert missing[0]["status"] == "skipped" and missing[0]["reasons"][0]["code"] == "1006"


def test_there_is_no_delete(client: httpx.Client) -> None:
    assert error_code(client.delete("/rest/v1/leads/schema/fields/mqaDate.json")) == "605"
    assert ok(client.get("/rest/v1/leads/schema/fields/mqaDate.json"))


def test_describe2_marks_crm_managed_fields(client: httpx.Client) -> None:
    (lead,) = ok(client.get("/rest/v1/leads/describe2.json"))
    by_name = {f["name"]: f for f in lead["fields"]}
    assert by_name["legacyLeadScore"]["crmManaged"] is True
    assert by_name["id"]["updateable"] is False
    assert sum(f["crmManaged"] for f in lead["fields"]) == 1
    described = ok(client.get("/rest/v1/leads/describe.json"))
    assert {d["rest"]["name"] for d in described} == set(by_name)
