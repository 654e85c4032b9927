"""CRM search: operators, OR of groups / AND of filters, sorts, query, paging and caps."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from revops_as_code.providers.hubspot.sandbox.store import HubSpotStore

S = "/crm/v3/objects/contacts/search"


@pytest.fixture
def people(db: Path) -> Path:
    store = HubSpotStore(db)
    store.insert_objects(
        "contacts",
        [
            {"properties": {"email": "ada@acme.com", "firstname": "Ada", "num_employees": "10",
                            "lifecyclestage": "lead", "last_touch": "2024-01-10T00:00:00.000Z"}},
            {"properties": {"email": "bob@beta.io", "firstname": "Bob", "num_employees": "200",
                            "lifecyclestage": "customer", "last_touch": "2024-03-01T12:00:00.000Z"}},
            {"properties": {"email": "cy@acme.com", "firstname": "Cy", "num_employees": "35"}},
            {"properties": {"email": "di@gamma.org", "firstname": "Di Ann",
                            "lifecyclestage": "lead"}},
        ],
    )  # fmt: skip
    store.close()
    return db


def emails(client: httpx.Client, body: dict[str, Any]) -> list[str]:
    response = client.post(S, json={"properties": ["email"], **body})
    assert response.status_code == 200, response.text
    return [r["properties"]["email"] for r in response.json()["results"]]


def f(name: str, op: str, value: Any = None, **extra: Any) -> dict[str, Any]:
    spec = {"propertyName": name, "operator": op, **extra}
    if value is not None:
        spec["value"] = value
    return spec


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (f("lifecyclestage", "EQ", "lead"), ["ada@acme.com", "di@gamma.org"]),
        (f("lifecyclestage", "EQ", "LEAD"), ["ada@acme.com", "di@gamma.org"]),
        (f("lifecyclestage", "NEQ", "lead"), ["bob@beta.io"]),
        (f("num_employees", "LT", "35"), ["ada@acme.com"]),
        (f("num_employees", "LTE", "35"), ["ada@acme.com", "cy@acme.com"]),
        (f("num_employees", "GT", "35"), ["bob@beta.io"]),
        (f("num_employees", "GTE", "35"), ["bob@beta.io", "cy@acme.com"]),
        (f("num_employees", "BETWEEN", "10", highValue="35"), ["ada@acme.com", "cy@acme.com"]),
        (
            f("lifecyclestage", "IN", values=["customer", "lead"]),
            ["ada@acme.com", "bob@beta.io", "di@gamma.org"],
        ),
        (f("lifecyclestage", "NOT_IN", values=["lead"]), ["bob@beta.io"]),
        (f("lifecyclestage", "HAS_PROPERTY"), ["ada@acme.com", "bob@beta.io", "di@gamma.org"]),
        (f("lifecyclestage", "NOT_HAS_PROPERTY"), ["cy@acme.com"]),
        (f("email", "CONTAINS_TOKEN", "acme"), ["ada@acme.com", "cy@acme.com"]),
        (f("email", "CONTAINS_TOKEN", "*.io"), ["bob@beta.io"]),
        (f("email", "NOT_CONTAINS_TOKEN", "acme"), ["bob@beta.io", "di@gamma.org"]),
        (f("last_touch", "GTE", "1706745600000"), ["bob@beta.io"]),
        (f("last_touch", "LT", "2024-02-01T00:00:00Z"), ["ada@acme.com"]),
    ],
)
def test_operators(
    client: httpx.Client, people: Path, flt: dict[str, Any], expected: list[str]
) -> None:
    assert sorted(emails(client, {"filterGroups": [{"filters": [flt]}]})) == expected


def test_groups_or_filters_and(client: httpx.Client, people: Path) -> None:
    both = [f("lifecyclestage", "EQ", "lead"), f("email", "CONTAINS_TOKEN", "acme")]
    assert emails(client, {"filterGroups": [{"filters": both}]}) == ["ada@acme.com"]
    either = [{"filters": [f("firstname", "EQ", "Bob")]}, {"filters": [f("firstname", "EQ", "Cy")]}]
    assert sorted(emails(client, {"filterGroups": either})) == ["bob@beta.io", "cy@acme.com"]


def test_sorts_query_and_total(client: httpx.Client, people: Path) -> None:
    sort = [{"propertyName": "num_employees", "direction": "DESCENDING"}]
    body = {"filterGroups": [{"filters": [f("num_employees", "HAS_PROPERTY")]}], "sorts": sort}
    assert emails(client, body) == ["bob@beta.io", "cy@acme.com", "ada@acme.com"]
    assert emails(client, {"query": "ann"}) == ["di@gamma.org"]
    response = client.post(S, json={"limit": 1})
    assert response.json()["total"] == 4 and len(response.json()["results"]) == 1


def test_paging_to_the_end(client: httpx.Client, people: Path) -> None:
    seen: list[str] = []
    after: str | None = None
    while True:
        body = client.post(
            S, json={"limit": 3, "properties": ["email"], **({"after": after} if after else {})}
        ).json()
        seen += [r["properties"]["email"] for r in body["results"]]
        if "paging" not in body:
            break
        after = body["paging"]["next"]["after"]
    assert len(seen) == 4 and len(set(seen)) == 4


@pytest.mark.parametrize(
    "body",
    [
        {"filterGroups": [{"filters": [f("email", "HAS_PROPERTY")]}] * 6},
        {"filterGroups": [{"filters": [f("email", "HAS_PROPERTY")] * 11}]},
        {"filterGroups": [{"filters": [f("email", "HAS_PROPERTY")] * 9}] * 3},
        {"limit": 201},
        {"after": "10000"},
        {"query": "x" * 3001},
        {"filterGroups": [{"filters": [f("nosuch", "EQ", "x")]}]},
        {"filterGroups": [{"filters": [f("email", "LIKE", "x")]}]},
        {"filterGroups": [{"filters": [f("num_employees", "GT", "lots")]}]},
        {"filterGroups": [{"filters": [f("email", "IN")]}]},
        {"sorts": [{"propertyName": "email"}, {"propertyName": "firstname"}]},
    ],
)
def test_caps_and_validation(client: httpx.Client, people: Path, body: dict[str, Any]) -> None:
    response = client.post(S, json=body)
    assert response.status_code == 400
    assert response.json()["category"] == "VALIDATION_ERROR"


def test_caps_at_the_limit_pass(client: httpx.Client, people: Path) -> None:
    five_groups = {"filterGroups": [{"filters": [f("email", "HAS_PROPERTY")] * 5}] * 5}
    assert client.post(S, json=five_groups).status_code == 200
    last_page = client.post(S, json={"after": "9800", "limit": 200})
    assert last_page.status_code == 200 and last_page.json()["results"] == []


def test_ten_thousand_result_ceiling(tmp_path: Path) -> None:
    from revops_as_code.providers.hubspot.sandbox import Limits, SandboxConfig, SandboxTransport

    store = HubSpotStore(tmp_path / "big.db")
    store.insert_property_groups("contacts", [{"name": "g", "label": "G"}])
    store.insert_properties(
        "contacts",
        [{"name": "email", "label": "E", "type": "string", "fieldType": "text", "groupName": "g"}],
    )
    store.insert_objects(
        "contacts", ({"properties": {"email": f"{i}@x.com"}} for i in range(10_050))
    )
    store.close()
    transport = SandboxTransport(SandboxConfig(db_path=tmp_path / "big.db", limits=Limits.off()))
    with httpx.Client(
        base_url="https://api.hubapi.com",
        transport=transport,
        headers={"Authorization": "Bearer t"},
    ) as client:
        near_end = client.post(S, json={"after": "9800", "limit": 200}).json()
        assert near_end["total"] == 10_050 and len(near_end["results"]) == 200
        assert "paging" not in near_end  # the next page would cross the ceiling
        assert client.post(S, json={"after": "10000", "limit": 10}).status_code == 400
        clipped = client.post(S, json={"after": "9990", "limit": 20}).json()
        assert len(clipped["results"]) == 10 and "paging" not in clipped
