"""write.py: the dispatch table, partial updates, and adopt-or-fail after ambiguous creates."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from revops_as_code.changes import Action, AttributeChange, Change
from revops_as_code.errors import ConflictError
from revops_as_code.providers.hubspot.client import HubSpotClient
from revops_as_code.providers.hubspot.normalize import canonical_property, canonical_stage, rid
from revops_as_code.providers.hubspot.write import HANDLERS, Writer
from revops_as_code.resources import Resource

PROP = {"label": "ICP tier", "type": "enumeration", "field_type": "select",
        "group": "revops_standard", "description": "", "hidden": False,
        "options": [{"value": "tier_1", "label": "Tier 1", "description": "", "hidden": False}]}  # fmt: skip


def _api_property(name: str, attrs: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "label": attrs["label"],
        "type": attrs["type"],
        "fieldType": attrs["field_type"],
        "groupName": attrs["group"],
        "description": attrs["description"],
        "hidden": False,
        "options": [{**o, "displayOrder": i} for i, o in enumerate(attrs["options"])],
    }


class Portal:
    """A tiny scripted HubSpot: records requests, can drop the response after a write."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, Any]] = []
        self.properties: dict[str, dict[str, Any]] = {}
        self.drop_after_write = False

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else None
        self.requests.append((request.method, request.url.path, body))
        path = request.url.path
        if request.method == "POST" and path == "/crm/v3/properties/companies":
            if body["name"] in self.properties:
                return httpx.Response(409, json={"message": "exists", "correlationId": "c9"})
            self.properties[body["name"]] = body
            if self.drop_after_write:
                raise httpx.RemoteProtocolError("connection reset", request=request)
            return httpx.Response(201, json=body)
        if request.method == "GET" and path.startswith("/crm/v3/properties/companies/"):
            name = path.rsplit("/", 1)[1]
            if name not in self.properties:
                return httpx.Response(404, json={"message": "no", "correlationId": "c4"})
            return httpx.Response(200, json=self.properties[name])
        if request.method == "PATCH":
            return httpx.Response(200, json={**_api_property("icp_tier", PROP), **body})
        if request.method == "POST" and path == "/crm/v3/properties/companies/batch/create":
            results = [_api_property(i["name"], {**PROP, "label": i["label"]})
                       for i in body["inputs"]]  # fmt: skip
            return httpx.Response(201, json={"status": "COMPLETE", "results": results})
        if request.method == "POST" and path.endswith("/stages"):
            return httpx.Response(201, json={**body, "id": body["stageId"]})
        if request.method == "DELETE":
            return httpx.Response(204)
        if request.method == "POST" and path == "/crm/v3/pipelines/deals":
            stages = [{**s, "id": s["stageId"]} for s in body["stages"]]
            return httpx.Response(201, json={"id": body["pipelineId"], "label": body["label"],
                                             "stages": stages})  # fmt: skip
        return httpx.Response(500)


def _writer(portal: Portal) -> Writer:
    return Writer(
        HubSpotClient("t0ken-xyz", transport=httpx.MockTransport(portal), rate_limit=False)
    )


def _create(key: str = "companies/icp_tier") -> Change:
    return Change(Action.CREATE, rid("property", key), None, canonical_property(PROP))


def test_every_kind_and_action_has_a_handler() -> None:
    kinds = {k for k, _ in HANDLERS}
    assert kinds == {"property_group", "property", "pipeline", "pipeline_stage"}
    for kind in kinds:
        for action in (Action.CREATE, Action.UPDATE, Action.DELETE):
            assert (kind, action) in HANDLERS


def test_create_sends_one_request_and_returns_canonical_live_attributes() -> None:
    portal = Portal()
    result = _writer(portal).apply(_create())
    assert [r[0] for r in portal.requests] == ["POST"]
    assert result.remote_id == "icp_tier"
    assert result.attributes == canonical_property(PROP)


def test_an_ambiguous_create_is_re_read_and_adopted_never_resent() -> None:
    portal = Portal()
    portal.drop_after_write = True
    result = _writer(portal).apply(_create())
    assert [(m, p) for m, p, _ in portal.requests] == [
        ("POST", "/crm/v3/properties/companies"),
        ("GET", "/crm/v3/properties/companies/icp_tier"),
    ]
    assert result.attributes == canonical_property(PROP)


def test_a_conflicting_existing_object_is_not_adopted() -> None:
    portal = Portal()
    portal.properties["icp_tier"] = _api_property("icp_tier", {**PROP, "label": "Someone else's"})
    with pytest.raises(ConflictError, match="differs"):
        _writer(portal).apply(_create())
    assert [r[0] for r in portal.requests] == ["POST", "GET"]


def test_update_sends_only_changed_attributes() -> None:
    portal = Portal()
    before = canonical_property(PROP)
    after = {**before, "options": [*before["options"],
             {"value": "tier_2", "label": "Tier 2", "description": "", "hidden": False}]}  # fmt: skip
    change = Change(
        Action.UPDATE,
        rid("property", "companies/icp_tier"),
        before,
        after,
        attribute_changes=(AttributeChange("options", before["options"], after["options"]),),
    )
    _writer(portal).apply(change)
    method, _, body = portal.requests[0]
    assert method == "PATCH"
    assert set(body) == {"options"}
    assert [o["displayOrder"] for o in body["options"]] == [0, 1]


def test_a_pipeline_is_created_with_its_stages_and_stage_creates_adopt_them() -> None:
    portal = Portal()
    writer = _writer(portal)
    stage = canonical_stage({"label": "Won", "display_order": 0, "probability": 1, "is_closed": 1})
    pipeline_id = rid("pipeline", "deals/renewal")
    stage_id = rid("pipeline_stage", "deals/renewal/won")
    writer.remember(
        {
            pipeline_id: Resource(pipeline_id, {"label": "Renewal"}),
            stage_id: Resource(stage_id, stage),
        }
    )
    writer.apply(Change(Action.CREATE, pipeline_id, None, {"label": "Renewal"}))
    _, _, body = portal.requests[0]
    assert body["pipelineId"] == "renewal"
    assert body["stages"][0]["metadata"] == {"isClosed": "true", "probability": "1.0"}
    result = writer.apply(Change(Action.CREATE, stage_id, None, stage))
    assert len(portal.requests) == 1
    assert result.attributes == stage


def test_without_known_stages_a_placeholder_stage_is_removed_by_the_first_real_one() -> None:
    portal = Portal()
    writer = _writer(portal)
    pipeline_id = rid("pipeline", "deals/x")
    writer.apply(Change(Action.CREATE, pipeline_id, None, {"label": "X"}))
    _, _, body = portal.requests[0]
    assert [s["stageId"] for s in body["stages"]] == ["revops_setup_x"]
    stage = canonical_stage({"label": "Open", "display_order": 0, "probability": 0.1})
    writer.apply(Change(Action.CREATE, rid("pipeline_stage", "deals/x/open"), None, stage))
    assert [(m, p) for m, p, _ in portal.requests[1:]] == [
        ("POST", "/crm/v3/pipelines/deals/x/stages"),
        ("DELETE", "/crm/v3/pipelines/deals/x/stages/revops_setup_x"),
    ]


def test_planned_property_creates_go_out_in_one_batch() -> None:
    portal = Portal()
    writer = _writer(portal)
    ids = [rid("property", f"companies/p{i}") for i in range(3)]
    writer.remember({i: Resource(i, canonical_property({**PROP, "label": i.key})) for i in ids})
    writer.note_read(frozenset(ids), frozenset())
    results = [
        writer.apply(Change(Action.CREATE, i, None, canonical_property({**PROP, "label": i.key})))
        for i in ids
    ]
    assert [(m, p) for m, p, _ in portal.requests] == [
        ("POST", "/crm/v3/properties/companies/batch/create")
    ]
    assert [len(b["inputs"]) for _, _, b in portal.requests] == [3]
    assert [r.remote_id for r in results] == ["p0", "p1", "p2"]
    # The first result reports the other two as companions, so the engine records all three
    # in one state write and does not apply p1 and p2 again.
    assert sorted(results[0].companions) == ids[1:]
    assert [c.remote_id for _, c in sorted(results[0].companions.items())] == ["p1", "p2"]
