"""read: one list call per object type and kind, scoped reads; impact: record counts by search."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import httpx

from revops_as_code.changes import Action, AttributeChange, Change, Risk
from revops_as_code.providers.base import Scope
from revops_as_code.providers.hubspot import HubSpotProvider
from revops_as_code.providers.hubspot.client import HubSpotClient
from revops_as_code.providers.hubspot.normalize import rid


def _portal(n: int, calls: Counter[str], searches: list[dict[str, Any]]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        calls[f"{request.method} {path}"] += 1
        if path.endswith("/search"):
            body = json.loads(request.content)
            searches.append(body)
            return httpx.Response(200, json={"total": 412, "results": []})
        if path.endswith("/groups"):
            return httpx.Response(200, json={"results": [{"name": "g", "label": "G"}]})
        if path.startswith("/crm/v3/properties/"):
            props = [{"name": f"p{i}", "label": f"P{i}", "type": "string", "fieldType": "text",
                      "groupName": "g", "description": "", "updatedAt": "2026-01-01T00:00:00Z",
                      "updatedUserId": "77"} for i in range(n)]  # fmt: skip
            return httpx.Response(200, json={"results": props})
        if path == "/crm/v3/pipelines/deals":
            stage = {"id": "s1", "label": "S1", "displayOrder": 0,
                     "metadata": {"probability": "0.2", "isClosed": "false"}}  # fmt: skip
            return httpx.Response(200, json={"results": [{"id": "default", "label": "Sales",
                                                          "stages": [stage]}]})  # fmt: skip
        if path == "/crm/v3/pipelines/tickets":
            stage = {"id": "t1", "label": "New", "displayOrder": 0,
                     "metadata": {"ticketState": "OPEN"}}  # fmt: skip
            return httpx.Response(200, json={"results": [{"id": "0", "label": "Support",
                                                          "stages": [stage]}]})  # fmt: skip
        if path == "/crm/v3/owners":
            return httpx.Response(200, json={"results": [{"id": "1", "userId": 77,
                                                          "email": "ana@northwind.example"}]})  # fmt: skip
        return httpx.Response(404, json={"message": "no"})

    return httpx.MockTransport(handler)


def _provider(n: int) -> tuple[HubSpotProvider, Counter[str], list[dict[str, Any]]]:
    calls: Counter[str] = Counter()
    searches: list[dict[str, Any]] = []
    client = HubSpotClient("tok-abcdef", transport=_portal(n, calls, searches), rate_limit=False)
    return HubSpotProvider({}, client=client), calls, searches


def test_a_full_read_is_nine_list_calls_whatever_the_size() -> None:
    for n in (10, 2_000):
        hubspot, calls, _ = _provider(n)
        snapshot = hubspot.read_live(Scope())
        assert snapshot.request_count == 9
        assert set(calls.values()) == {1}
        assert len([r for r in snapshot.resources if r.id.kind == "property"]) == 3 * n


def test_a_scoped_read_lists_only_what_the_ids_need_and_names_who_changed_it() -> None:
    hubspot, calls, _ = _provider(5)
    wanted = rid("property", "deals/p3")
    snapshot = hubspot.read_live(Scope(ids=frozenset({wanted})))
    assert set(calls) == {"GET /crm/v3/properties/deals", "GET /crm/v3/owners"}
    assert snapshot.resources.ids() == {wanted}
    assert snapshot.remote_ids[wanted] == "p3"
    assert snapshot.meta[wanted].updated_by == "ana@northwind.example"


def test_removed_options_carry_record_counts_from_search() -> None:
    hubspot, _, searches = _provider(0)
    options = [{"value": "ppc", "label": "PPC"}, {"value": "paid_search", "label": "Paid search"}]
    change = Change(
        Action.UPDATE,
        rid("property", "contacts/lead_source"),
        {"type": "enumeration", "options": options},
        {"type": "enumeration", "options": options[1:]},
        attribute_changes=(AttributeChange("options[ppc]", options[0], None),),
        risk=Risk.REVIEW,
    )
    assert hubspot.impact(change) == "412 contacts hold option 'PPC'"
    assert searches[0]["filterGroups"][0]["filters"] == [
        {"propertyName": "lead_source", "operator": "EQ", "value": "ppc"}
    ]
    assert searches[0]["limit"] == 1


def test_stage_changes_count_deals_in_the_stage_and_safe_changes_cost_nothing() -> None:
    hubspot, calls, _ = _provider(0)
    change = Change(
        Action.UPDATE,
        rid("pipeline_stage", "deals/default/appointmentscheduled"),
        {"label": "Demo scheduled", "probability": 0.2},
        {"label": "Demo", "probability": 0.3},
        risk=Risk.REVIEW,
    )
    assert hubspot.impact(change) == "412 deals are in stage 'Demo scheduled'"
    safe = Change(Action.CREATE, rid("property", "deals/x"), None, {"label": "X"})
    before = sum(calls.values())
    assert hubspot.impact(safe) is None
    assert sum(calls.values()) == before


def test_impact_lines_use_each_objects_proper_plural() -> None:
    from revops_as_code.providers.hubspot.impact import _records

    assert _records(0, "companies") == "0 companies"
    assert _records(1, "companies") == "1 company"
    assert _records(2, "contacts") == "2 contacts"
    assert _records(1_200, "deals") == "1,200 deals"
    assert _records(1, "tickets") == "1 ticket"
