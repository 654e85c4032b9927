"""CRM records: CRUD, batch, paging, associations, values checked against property types."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

C = "/crm/v3/objects/contacts"


def create(client: httpx.Client, path: str = C, **props: Any) -> str:
    response = client.post(path, json={"properties": props})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def test_create_read_update_archive(client: httpx.Client) -> None:
    created = client.post(
        C,
        json={
            "properties": {
                "email": "ada@example.com",
                "firstname": "Ada",
                "num_employees": 12,
                "is_vip": True,
            }
        },
    )
    assert created.status_code == 201
    doc = created.json()
    assert doc["properties"]["num_employees"] == "12" and doc["properties"]["is_vip"] == "true"
    assert doc["properties"]["hs_object_id"] == doc["id"]
    one = f"{C}/{doc['id']}"
    default = client.get(one).json()["properties"]
    assert set(default) == {
        "firstname",
        "lastname",
        "email",
        "hs_object_id",
        "createdate",
        "lastmodifieddate",
    }
    assert default["lastname"] is None
    picked = client.get(one, params={"properties": "num_employees,is_vip"}).json()["properties"]
    assert picked["num_employees"] == "12" and "firstname" not in picked
    updated = client.patch(one, json={"properties": {"firstname": "Augusta", "num_employees": ""}})
    assert updated.status_code == 200
    props = client.get(one, params={"properties": ["firstname", "num_employees"]}).json()[
        "properties"
    ]
    assert props == {**props, "firstname": "Augusta", "num_employees": None}
    by_email = client.get(f"{C}/ada@example.com", params={"idProperty": "email"})
    assert by_email.json()["id"] == doc["id"]
    assert client.delete(one).status_code == 204
    assert client.get(one).status_code == 404
    assert client.get(one, params={"archived": "true"}).json()["archived"] is True
    assert client.patch(one, json={"properties": {"firstname": "x"}}).status_code == 404
    assert client.delete(one).status_code == 404


@pytest.mark.parametrize(
    ("props", "code"),
    [
        ({"nosuch": "x"}, "PROPERTY_DOESNT_EXIST"),
        ({"num_employees": "many"}, "INVALID_DECIMAL"),
        ({"is_vip": "yes"}, "INVALID_BOOLEAN"),
        ({"lifecyclestage": "prospect"}, "INVALID_OPTION"),
        ({"interests": "a;z"}, "INVALID_OPTION"),
        ({"hubspot_owner_id": "999"}, "INVALID_OPTION"),
        ({"birthday": "2024-01-15T10:00:00Z"}, "INVALID_DATE"),
        ({"last_touch": "yesterday"}, "INVALID_DATE"),
        ({"email": "not-an-email"}, "INVALID_EMAIL"),
        ({"hs_object_id": "5"}, "READ_ONLY_VALUE"),
    ],
)
def test_values_checked_against_property_types(
    client: httpx.Client, props: dict[str, Any], code: str
) -> None:
    response = client.post(C, json={"properties": props})
    assert response.status_code == 400
    body = response.json()
    assert body["message"].startswith("Property values were not valid")
    assert body["errors"][0]["code"] == code
    assert client.get(C).json()["results"] == []  # nothing written


def test_values_normalized(client: httpx.Client) -> None:
    object_id = create(
        client,
        interests="a;b",
        birthday="2024-01-15",
        last_touch=1700000000000,
        hubspot_owner_id="101",
        lifecyclestage="lead",
    )
    props = client.get(
        f"{C}/{object_id}", params={"properties": "birthday,last_touch,interests"}
    ).json()["properties"]
    assert props["birthday"] == "2024-01-15"
    assert props["last_touch"] == "2023-11-14T22:13:20.000Z"
    assert props["interests"] == "a;b"


def test_contacts_unique_by_email(client: httpx.Client) -> None:
    first = create(client, email="dup@example.com")
    clash = client.post(C, json={"properties": {"email": "dup@example.com"}})
    assert clash.status_code == 409
    assert clash.json()["message"] == f"Contact already exists. Existing ID: {first}"


def test_deal_stage_must_belong_to_its_pipeline(client: httpx.Client) -> None:
    D = "/crm/v3/objects/deals"
    assert (
        client.post(
            D,
            json={"properties": {"dealname": "a", "pipeline": "default", "dealstage": "closedwon"}},
        ).status_code
        == 201
    )
    bad = client.post(
        D, json={"properties": {"dealname": "a", "pipeline": "default", "dealstage": "nosuch"}}
    )
    assert bad.status_code == 400 and bad.json()["errors"][0]["code"] == "INVALID_OPTION"
    assert client.post(D, json={"properties": {"pipeline": "nosuch"}}).status_code == 400


def test_list_pages_to_the_end(client: httpx.Client) -> None:
    batch = client.post(
        C + "/batch/create",
        json={"inputs": [{"properties": {"email": f"p{i}@x.com"}} for i in range(23)]},
    )
    assert batch.status_code == 201
    created = [r["id"] for r in batch.json()["results"]]
    seen: list[str] = []
    after = None
    while True:
        body = client.get(C, params={"limit": 10, **({"after": after} if after else {})}).json()
        seen += [r["id"] for r in body["results"]]
        if "paging" not in body:
            break
        after = body["paging"]["next"]["after"]
    assert seen == created
    assert client.get(C, params={"limit": 101}).status_code == 400
    assert client.get(C, params={"after": "abc"}).status_code == 400


def test_batch_read_update_archive(client: httpx.Client) -> None:
    ids = [create(client, email=f"b{i}@x.com", firstname=f"B{i}") for i in range(3)]
    read = client.post(
        C + "/batch/read",
        json={"inputs": [{"id": ids[0]}, {"id": "999999"}], "properties": ["firstname"]},
    )
    assert read.status_code == 207
    assert read.json()["results"][0]["properties"]["firstname"] == "B0"
    assert read.json()["errors"][0]["id"] == "999999"
    by_email = client.post(
        C + "/batch/read",
        json={"inputs": [{"id": "b1@x.com"}], "idProperty": "email", "properties": []},
    )
    assert by_email.status_code == 200 and by_email.json()["results"][0]["id"] == ids[1]
    updated = client.post(
        C + "/batch/update",
        json={
            "inputs": [
                {"id": ids[0], "properties": {"firstname": "Z"}},
                {"id": "999999", "properties": {}},
            ]
        },
    )
    assert updated.status_code == 207
    assert client.get(f"{C}/{ids[0]}").json()["properties"]["firstname"] == "Z"
    invalid = client.post(
        C + "/batch/update",
        json={
            "inputs": [
                {"id": ids[1], "properties": {"firstname": "ok"}},
                {"id": ids[2], "properties": {"is_vip": "maybe"}},
            ]
        },
    )
    assert invalid.status_code == 400
    assert client.get(f"{C}/{ids[1]}").json()["properties"]["firstname"] == "B1"  # nothing written
    assert (
        client.post(C + "/batch/archive", json={"inputs": [{"id": i} for i in ids]}).status_code
        == 204
    )
    assert client.get(C).json()["results"] == []


def test_batch_create_is_atomic(client: httpx.Client) -> None:
    response = client.post(
        C + "/batch/create",
        json={
            "inputs": [
                {"properties": {"email": "ok@x.com"}},
                {"properties": {"num_employees": "x"}},
            ]
        },
    )
    assert response.status_code == 400
    assert client.get(C).json()["results"] == []


def test_associations_on_create_and_v4_reads(client: httpx.Client) -> None:
    company = create(client, "/crm/v3/objects/companies", name="Acme", domain="acme.com")
    spec = [
        {
            "to": {"id": company},
            "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1}],
        }
    ]
    contact = client.post(C, json={"properties": {"email": "c@acme.com"}, "associations": spec})
    assert contact.status_code == 201
    contact_id = contact.json()["id"]
    other = create(client, email="d@acme.com")
    put = client.put(f"/crm/v4/objects/contacts/{other}/associations/default/companies/{company}")
    assert put.status_code == 200
    listed = client.get(C, params={"associations": "companies"}).json()["results"]
    first = next(r for r in listed if r["id"] == contact_id)
    assert {a["type"] for a in first["associations"]["companies"]["results"]} == {
        "contact_to_company",
        "contact_to_company_unlabeled",
    }
    v4 = client.get(f"/crm/v4/objects/companies/{company}/associations/contacts").json()["results"]
    assert sorted(r["toObjectId"] for r in v4) == sorted([int(contact_id), int(other)])
    assert {t["typeId"] for r in v4 for t in r["associationTypes"]} == {2, 280}
    batch = client.post(
        "/crm/v4/associations/contacts/companies/batch/read",
        json={"inputs": [{"id": contact_id}, {"id": "424242"}]},
    )
    assert batch.status_code == 207
    assert batch.json()["results"][0]["to"][0]["toObjectId"] == int(company)
    labels = client.get("/crm/associations/v4/contacts/companies/labels").json()["results"]
    assert {label["typeId"] for label in labels} == {1, 279}
    assert client.get("/crm/v4/objects/contacts/424242/associations/companies").status_code == 404
    bad = [
        {
            "to": {"id": company},
            "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 77777}],
        }
    ]
    assert (
        client.post(
            C, json={"properties": {"email": "e@acme.com"}, "associations": bad}
        ).status_code
        == 400
    )
    # archiving the company hides the association
    client.delete(f"/crm/v3/objects/companies/{company}")
    assert (
        client.get(f"/crm/v4/objects/contacts/{contact_id}/associations/companies").json()[
            "results"
        ]
        == []
    )
