"""Owners: read-only, paged to the end."""

from __future__ import annotations

import httpx


def test_paging_to_the_end(client: httpx.Client) -> None:
    seen: list[str] = []
    after: str | None = None
    pages = 0
    while True:
        params = {"limit": 3, **({"after": after} if after else {})}
        body = client.get("/crm/v3/owners", params=params).json()
        seen += [o["id"] for o in body["results"]]
        pages += 1
        if "paging" not in body:
            break
        after = body["paging"]["next"]["after"]
        assert "after=" in body["paging"]["next"]["link"]
    assert pages == 3 and seen == [str(100 + i) for i in range(7)]


def test_read_filter_and_errors(client: httpx.Client) -> None:
    owner = client.get("/crm/v3/owners/101").json()
    assert owner["email"] == "owner1@example.com" and owner["teams"][0]["name"] == "Sales"
    assert client.get("/crm/v3/owners/9001", params={"idProperty": "userId"}).json()["id"] == "101"
    assert client.get("/crm/v3/owners/999").status_code == 404
    found = client.get("/crm/v3/owners", params={"email": "OWNER2@example.com"}).json()["results"]
    assert [o["id"] for o in found] == ["102"]
    assert client.get("/crm/v3/owners", params={"limit": 0}).status_code == 400
    assert client.post("/crm/v3/owners", json={}).status_code == 405  # read-only API
