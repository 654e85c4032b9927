"""Leads: stored with values (filter, fields), sync per record, usage."""

from __future__ import annotations

from collections import Counter

import httpx

from .conftest import error_code, ok

LEADS = "/rest/v1/leads.json"


def _all_leads(client: httpx.Client, fields: str) -> list[dict[str, object]]:
    ids = ",".join(str(i) for i in range(1, 121))
    return ok(client.get(LEADS, params={"filterType": "id", "filterValues": ids, "fields": fields}))


def test_planted_values_are_readable_with_exact_counts(client: httpx.Client) -> None:
    leads = _all_leads(client, "leadSource,leadStatus")
    assert len(leads) == 120
    sources = Counter(lead["leadSource"] for lead in leads)
    assert (sources["PPC"], sources["paid-search"], sources["Tradeshow"]) == (7, 5, 4)
    assert Counter(lead["leadStatus"] for lead in leads)["Recycled"] == 6


def test_filter_rules(client: httpx.Client) -> None:
    assert error_code(client.get(LEADS, params={"filterType": "leadSource", "filterValues": "x"}))
    assert error_code(client.get(LEADS, params={"filterType": "id"})) == "1003"
    unknown = client.get(LEADS, params={"filterType": "id", "filterValues": "1", "fields": "zz"})
    assert error_code(unknown) == "1006"
    (lead,) = ok(client.get(LEADS, params={"filterType": "id", "filterValues": "1"}))
    assert set(lead) == {"id", "email", "updatedAt", "createdAt", "firstName", "lastName"}


def test_sync_creates_updates_and_skips(client: httpx.Client) -> None:
    (first,) = ok(client.get(LEADS, params={"filterType": "id", "filterValues": "1"}))
    body = {
        "input": [
            {"email": "new.lead@example.com", "leadSource": "webinar"},
            {"email": first["email"], "leadStatus": "sql"},
            {"email": "x@example.com", "notAField": 1},
        ]
    }
    result = ok(client.post(LEADS, json=body))
    assert result[0] == {"id": 121, "status": "created"}
    assert result[1] == {"id": 1, "status": "updated"}
    assert result[2]["status"] == "skipped" and result[2]["reasons"][0]["code"] == "1006"
    (lead,) = ok(
        client.get(LEADS, params={"filterType": "id", "filterValues": "1", "fields": "leadStatus"})
    )
    assert lead["leadStatus"] == "sql"
    only = ok(
        client.post(LEADS, json={"action": "createOnly", "input": [{"email": first["email"]}]})
    )
    assert only[0]["reasons"][0]["code"] == "1005"


def test_usage_counts_rest_calls_not_identity(client: httpx.Client) -> None:
    client.get("/rest/v1/leads/describe2.json")
    (usage,) = ok(client.get("/rest/v1/stats/usage.json"))
    assert usage["total"] == 2  # describe2 and this call; the identity call is free
