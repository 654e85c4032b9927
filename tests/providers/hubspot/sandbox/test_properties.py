"""Properties v3 and property groups through a plain HTTP client (in-process and TCP)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

P = "/crm/v3/properties/contacts"


def prop(name: str = "tier", **over: Any) -> dict[str, Any]:
    body = {
        "name": name,
        "label": "Tier",
        "type": "enumeration",
        "fieldType": "select",
        "groupName": "contactinformation",
        "options": [{"label": "A", "value": "a"}, {"label": "B", "value": "b"}],
    }
    return {**body, **over}


def test_list_read_create(client: httpx.Client) -> None:
    names = {p["name"] for p in client.get(P).json()["results"]}
    assert {"email", "lifecyclestage"} <= names
    created = client.post(P, json=prop())
    assert created.status_code == 201
    doc = created.json()
    assert doc["options"][1] == {"label": "B", "value": "b", "hidden": False, "displayOrder": 1}
    assert doc["modificationMetadata"]["readOnlyDefinition"] is False
    assert client.get(P + "/tier").json()["label"] == "Tier"
    # the type id names the same object type
    assert client.get("/crm/v3/properties/0-1/tier").status_code == 200
    # and a dated version serves the same portal
    assert client.get("/crm/properties/2026-03/contacts/tier").status_code == 200


def test_duplicate_name_is_409(client: httpx.Client) -> None:
    assert client.post(P, json=prop()).status_code == 201
    again = client.post(P, json=prop())
    assert again.status_code == 409
    assert again.json()["category"] == "OBJECT_ALREADY_EXISTS"
    assert (
        client.post(P, json=prop("email", type="string", fieldType="text", options=[])).status_code
        == 409
    )


@pytest.mark.parametrize(
    ("override", "fragment"),
    [
        ({"name": "Tier"}, "lowercase"),
        ({"name": "1tier"}, "lowercase"),
        ({"name": "tier-x"}, "lowercase"),
        ({"type": "text"}, "type"),
        ({"fieldType": "text"}, "not valid for type"),
        ({"type": "number", "fieldType": "number"}, "only allowed on enumeration"),
        ({"groupName": "nosuchgroup"}, "does not exist"),
        ({"label": ""}, "label"),
        ({"options": [{"label": "A", "value": "a"}, {"label": "A2", "value": "a"}]}, "duplicate"),
        ({"hasUniqueValue": True, "bogus": 1}, "Unrecognized"),
    ],
)
def test_create_validation(client: httpx.Client, override: dict[str, Any], fragment: str) -> None:
    response = client.post(P, json=prop(**override))
    assert response.status_code == 400
    body = response.json()
    assert body["category"] == "VALIDATION_ERROR"
    assert fragment.lower() in body["message"].lower()
    assert client.get(P + "/" + str(override.get("name", "tier"))).status_code == 404


def test_valid_type_field_type_pairs(client: httpx.Client) -> None:
    pairs = [("bool", "booleancheckbox"), ("date", "date"), ("datetime", "date"),
             ("string", "textarea"), ("number", "number"), ("enumeration", "checkbox")]  # fmt: skip
    for index, (kind, field_type) in enumerate(pairs):
        options = [{"label": "A", "value": "a"}] if kind == "enumeration" else []
        body = prop(f"p{index}", type=kind, fieldType=field_type, options=options)
        assert client.post(P, json=body).status_code == 201, (kind, field_type)


def test_update_replaces_options_and_keeps_name(client: httpx.Client) -> None:
    client.post(P, json=prop())
    updated = client.patch(
        P + "/tier", json={"label": "Account tier", "options": [{"label": "C", "value": "c"}]}
    )
    assert updated.status_code == 200
    assert [o["value"] for o in updated.json()["options"]] == ["c"]
    assert client.get(P + "/tier").json()["label"] == "Account tier"
    assert client.patch(P + "/tier", json={"name": "other"}).status_code == 400
    assert (
        client.patch(P + "/tier", json={"type": "number", "fieldType": "number"}).status_code == 400
    )
    assert client.patch(P + "/nosuch", json={"label": "x"}).status_code == 404


def test_hubspot_defined_definitions_are_read_only(client: httpx.Client) -> None:
    refused = client.patch(P + "/email", json={"label": "E-mail"})
    assert refused.status_code == 400
    assert "read-only" in refused.json()["message"]
    # options of a HubSpot-defined enumeration with readOnlyOptions false may change
    ok = client.patch(P + "/lifecyclestage", json={"options": [{"label": "Lead", "value": "lead"}]})
    assert ok.status_code == 200
    assert client.delete(P + "/email").status_code == 400


def test_archive_is_soft_and_archived_lists_only_archived(client: httpx.Client) -> None:
    client.post(P, json=prop())
    assert client.delete(P + "/tier").status_code == 204
    assert client.get(P + "/tier").status_code == 404
    assert client.get(P + "/tier", params={"archived": "true"}).json()["archived"] is True
    live = {p["name"] for p in client.get(P).json()["results"]}
    archived = {p["name"] for p in client.get(P, params={"archived": "true"}).json()["results"]}
    assert "tier" not in live and archived == {"tier"}
    assert client.delete(P + "/tier").status_code == 404
    assert client.post(P, json=prop()).status_code == 409  # the name stays taken


def test_batch_create_partial_failure_is_207(client: httpx.Client) -> None:
    response = client.post(
        P + "/batch/create", json={"inputs": [prop("good"), prop("Bad name"), prop("email")]}
    )
    assert response.status_code == 207
    body = response.json()
    assert [r["name"] for r in body["results"]] == ["good"]
    assert body["numErrors"] == 2
    assert {e["category"] for e in body["errors"]} == {"VALIDATION_ERROR", "OBJECT_ALREADY_EXISTS"}
    all_good = client.post(P + "/batch/create", json={"inputs": [prop("good2")]})
    assert all_good.status_code == 201


def test_batch_read_and_archive(client: httpx.Client) -> None:
    client.post(P, json=prop())
    read = client.post(
        P + "/batch/read", json={"inputs": [{"name": "tier"}, {"name": "nope"}], "archived": False}
    )
    assert read.status_code == 207
    assert [r["name"] for r in read.json()["results"]] == ["tier"]
    assert read.json()["errors"][0]["id"] == "nope"
    assert client.post(P + "/batch/read", json={"inputs": [{"name": "tier"}]}).status_code == 200
    assert client.post(P + "/batch/archive", json={"inputs": [{"name": "tier"}]}).status_code == 204
    assert client.get(P + "/tier").status_code == 404
    assert client.post(P + "/batch/read", json={}).status_code == 400
    too_many = client.post(P + "/batch/read", json={"inputs": [{"name": "x"}] * 101})
    assert too_many.status_code == 400


def test_unknown_object_type_and_bad_json(client: httpx.Client) -> None:
    assert client.get("/crm/v3/properties/widgets").status_code == 400
    bad = client.post(P, content=b"{not json", headers={"Content-Type": "application/json"})
    assert bad.status_code == 400 and bad.json()["category"] == "VALIDATION_ERROR"


def test_groups_crud(client: httpx.Client) -> None:
    G = P + "/groups"
    created = client.post(G, json={"name": "revops", "label": "RevOps", "displayOrder": 3})
    assert created.status_code == 201
    assert created.json() == {
        "name": "revops",
        "label": "RevOps",
        "displayOrder": 3,
        "archived": False,
    }
    assert client.post(G, json={"name": "revops", "label": "Again"}).status_code == 409
    assert client.post(G, json={"name": "Bad Name", "label": "x"}).status_code == 400
    assert client.post(G, json={"name": "nolabel"}).status_code == 400
    assert {g["name"] for g in client.get(G).json()["results"]} == {"contactinformation", "revops"}
    assert (
        client.patch(G + "/revops", json={"label": "Revenue ops"}).json()["label"] == "Revenue ops"
    )
    assert client.patch(G + "/revops", json={"name": "x"}).status_code == 400
    client.post(P, json=prop(groupName="revops"))
    assert client.delete(G + "/revops").status_code == 400  # still holds a property
    client.delete(P + "/tier")
    assert client.delete(G + "/revops").status_code == 204
    assert client.get(G + "/revops").status_code == 404
    assert [g["name"] for g in client.get(G, params={"archived": "true"}).json()["results"]] == [
        "revops"
    ]
