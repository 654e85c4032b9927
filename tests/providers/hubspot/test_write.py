"""write.py: change groups, the dispatch table, partial updates, adopt-or-fail after
ambiguous creates (single, batched, and a pipeline with its stages), against a scripted
HubSpot that records every request."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import httpx
import pytest

from revops_as_code.changes import Action, AttributeChange, Change
from revops_as_code.errors import ConflictError, ProviderError
from revops_as_code.providers.base import ChangeGroup
from revops_as_code.providers.hubspot.client import HubSpotClient
from revops_as_code.providers.hubspot.normalize import (
    canonical_group,
    canonical_property,
    canonical_stage,
    rid,
)
from revops_as_code.providers.hubspot.write import (
    BATCH_SIZE,
    HANDLERS,
    Writer,
    group_changes,
)
from revops_as_code.resources import ResourceId

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
        self.pipelines: dict[str, dict[str, Any]] = {}
        self.drop_after_write = False
        self.refuse: set[str] = set()
        """Property names a batch create answers with a per-input error (a 207)."""

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else None
        self.requests.append((request.method, request.url.path, body))
        path = request.url.path
        method = request.method
        if method == "POST" and path == "/crm/v3/properties/companies":
            if body["name"] in self.properties:
                return httpx.Response(409, json={"message": "exists", "correlationId": "c9"})
            self.properties[body["name"]] = body
            return self._written(request, httpx.Response(201, json=body))
        if method == "GET" and path == "/crm/v3/properties/companies":
            return httpx.Response(200, json={"results": list(self.properties.values())})
        if method == "GET" and path.startswith("/crm/v3/properties/companies/"):
            name = path.rsplit("/", 1)[1]
            if name not in self.properties:
                return httpx.Response(404, json={"message": "no", "correlationId": "c4"})
            return httpx.Response(200, json=self.properties[name])
        if method == "PATCH":
            return httpx.Response(200, json={**_api_property("icp_tier", PROP), **body})
        if method == "POST" and path == "/crm/v3/properties/companies/batch/create":
            return self._batch_create(request, body["inputs"])
        if method == "POST" and path.endswith("/stages"):
            return httpx.Response(201, json={**body, "id": body["stageId"]})
        if method == "DELETE":
            return httpx.Response(204)
        if method == "POST" and path == "/crm/v3/pipelines/deals":
            if any(p["label"] == body["label"] for p in self.pipelines.values()):
                return httpx.Response(409, json={"message": "label taken", "correlationId": "c5"})
            stages = [{**s, "id": s["stageId"]} for s in body["stages"]]
            made = {"id": body["pipelineId"], "label": body["label"], "stages": stages}
            self.pipelines[made["id"]] = made
            return self._written(request, httpx.Response(201, json=made))
        if method == "GET" and path == "/crm/v3/pipelines/deals":
            return httpx.Response(200, json={"results": list(self.pipelines.values())})
        return httpx.Response(500)

    def _written(self, request: httpx.Request, response: httpx.Response) -> httpx.Response:
        if self.drop_after_write:
            raise httpx.RemoteProtocolError("connection reset", request=request)
        return response

    def _batch_create(self, request: httpx.Request, inputs: list[Any]) -> httpx.Response:
        results, errors = [], []
        for item in inputs:
            name = item["name"]
            if name in self.properties:
                errors.append({"status": "error", "category": "CONFLICT",
                               "message": f"Property {name} already exists",
                               "context": {"name": [name]}})  # fmt: skip
            elif name in self.refuse:
                errors.append({"status": "error", "category": "VALIDATION_ERROR",
                               "message": f"{name} is not a valid property"})  # fmt: skip
            else:
                self.properties[name] = item
                results.append(item)
        body: dict[str, Any] = {"status": "COMPLETE", "results": results}
        if errors:
            body["errors"] = errors
            body["numErrors"] = len(errors)
        return self._written(request, httpx.Response(207 if errors else 201, json=body))

    def calls(self) -> list[tuple[str, str]]:
        return [(m, p) for m, p, _ in self.requests]


def _writer(portal: Portal) -> Writer:
    return Writer(
        HubSpotClient("t0ken-xyz", transport=httpx.MockTransport(portal), rate_limit=False)
    )


def _prop(name: str, **changes: Any) -> dict[str, Any]:
    return canonical_property({**PROP, "label": f"Label {name}", **changes})


def _create(key: str = "companies/icp_tier", attrs: dict[str, Any] | None = None) -> Change:
    return Change(Action.CREATE, rid("property", key), None, attrs or canonical_property(PROP))


def _creates(n: int) -> list[Change]:
    return [_create(f"companies/p{i:03d}", _prop(f"p{i:03d}")) for i in range(n)]


def _apply(writer: Writer, changes: Sequence[Change]) -> list[tuple[ChangeGroup, Any]]:
    """Group `changes` and apply every group, as the engine does."""
    by_id = {c.resource_id: c for c in changes}
    return [
        (group, writer.apply_group(group, [by_id[m] for m in group.members]))
        for group in group_changes(changes)
    ]


# -- single changes -------------------------------------------------------------------------


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
    assert portal.calls() == [
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


def test_a_pipeline_create_alone_is_refused_without_a_request() -> None:
    portal = Portal()
    change = Change(Action.CREATE, rid("pipeline", "deals/x"), None, {"label": "X"})
    with pytest.raises(ProviderError, match="at least one stage"):
        _writer(portal).apply(change)
    assert portal.requests == []


# -- grouping -------------------------------------------------------------------------------


def _stage(key: str, order: int, *, closed: bool = False) -> Change:
    attrs = canonical_stage({"label": key.title(), "display_order": order,
                             "probability": 1.0 if closed else 0.2, "is_closed": closed})  # fmt: skip
    return Change(
        Action.CREATE,
        rid("pipeline_stage", f"deals/renewal/{key}"),
        None,
        attrs,
        depends_on=(rid("pipeline", "deals/renewal"),),
    )


def _pipeline_changes() -> list[Change]:
    pipeline = Change(Action.CREATE, rid("pipeline", "deals/renewal"), None, {"label": "Renewal"})
    keys = ["due", "quoted", "negotiation", "won", "lost"]
    # In apply order ties go by id, not by position: the group sends them by position.
    stages = sorted((_stage(k, i, closed=i >= 3) for i, k in enumerate(keys)),
                    key=lambda c: c.resource_id)  # fmt: skip
    return [pipeline, *stages]


def test_property_creates_of_one_object_type_go_in_batches_of_100() -> None:
    groups = group_changes(_creates(250))
    assert [g.key for g in groups] == [f"create companies properties {n}" for n in (1, 2, 3)]
    assert [len(g.members) for g in groups] == [BATCH_SIZE, BATCH_SIZE, 50]
    assert all(
        dict(g.private) == {"request": "batch_create_properties", "object_type": "companies"}
        for g in groups
    )
    assert group_changes(_creates(250)) == groups  # stable for equal plans


def test_a_pipeline_with_its_stages_is_one_group_and_other_changes_are_alone() -> None:
    group_create = Change(Action.CREATE, rid("property_group", "companies/revops"), None,
                          canonical_group({"label": "RevOps"}))  # fmt: skip
    in_group = Change(Action.CREATE, rid("property", "companies/tier"), None, _prop("tier"),
                      depends_on=(group_create.resource_id,))  # fmt: skip
    update = Change(Action.UPDATE, rid("property", "deals/amount"), {}, {"label": "Amount"})
    delete = Change(Action.DELETE, rid("pipeline_stage", "deals/default/old"), {}, None)
    # Apply order: dependencies first, deletes last.
    changes = [in_group, update, *_pipeline_changes(), delete]
    changes.insert(0, group_create)
    groups = group_changes(changes)
    assert [g.key for g in groups] == [
        "create property_group companies/revops",
        "create companies properties 1",
        "update property deals/amount",
        "create pipeline deals/renewal",
        "delete pipeline_stage deals/default/old",
    ]
    pipeline = groups[3]
    assert [m.key for m in pipeline.members] == [
        "deals/renewal", *(f"deals/renewal/{k}" for k in
                           ("due", "quoted", "negotiation", "won", "lost"))]  # fmt: skip
    assert dict(pipeline.private) == {"request": "create_pipeline"}
    # Never a member that depends on a member of a later group.
    seen: set[ResourceId] = set()
    by_id = {c.resource_id: c for c in changes}
    for group in groups:
        members = set(group.members)
        for member in group.members:
            assert all(d in seen or d in members for d in by_id[member].depends_on), member
        seen |= members


# -- property batches -----------------------------------------------------------------------


def test_250_property_creates_are_3_batch_requests_with_an_outcome_per_member() -> None:
    portal = Portal()
    changes = _creates(250)
    applied = _apply(_writer(portal), changes)
    assert portal.calls() == [("POST", "/crm/v3/properties/companies/batch/create")] * 3
    assert [len(body["inputs"]) for _, _, body in portal.requests] == [100, 100, 50]
    for group, result in applied:
        assert set(result.outcomes) == set(group.members)
    outcomes = {k: v for _, result in applied for k, v in result.outcomes.items()}
    for change in changes:
        outcome = outcomes[change.resource_id]
        assert outcome.applied and outcome.error is None
        assert outcome.remote_id == change.resource_id.key.split("/", 1)[1]
        assert outcome.attributes == change.after


def test_an_ambiguous_batch_is_resolved_with_one_list_call() -> None:
    portal = Portal()
    portal.drop_after_write = True
    portal.refuse = {"p002"}  # the batch made all but this one, then the response was lost
    changes = _creates(3)
    [(_, result)] = _apply(_writer(portal), changes)
    assert portal.calls() == [
        ("POST", "/crm/v3/properties/companies/batch/create"),
        ("GET", "/crm/v3/properties/companies"),
    ]
    made = [result.outcomes[c.resource_id] for c in changes[:2]]
    assert all(o.applied and o.attributes == c.after for o, c in zip(made, changes, strict=False))
    missing = result.outcomes[changes[2].resource_id]
    assert not missing.applied
    assert missing.error is not None and "does not exist" in missing.error


def test_a_partial_batch_adopts_what_exists_as_asked_and_fails_the_rest() -> None:
    portal = Portal()
    changes = _creates(4)
    portal.properties["p000"] = _api_property("p000", changes[0].after)  # exactly as asked
    portal.properties["p001"] = _api_property("p001", {**changes[1].after, "label": "Theirs"})
    portal.refuse = {"p002"}
    [(_, result)] = _apply(_writer(portal), changes)
    assert portal.calls() == [
        ("POST", "/crm/v3/properties/companies/batch/create"),
        ("GET", "/crm/v3/properties/companies"),
    ]
    adopted, theirs, refused, made = (result.outcomes[c.resource_id] for c in changes)
    assert adopted.applied and adopted.attributes == changes[0].after
    assert not theirs.applied and "differs" in (theirs.error or "")
    assert not refused.applied and "p002 is not a valid property" in (refused.error or "")
    assert made.applied and made.attributes == changes[3].after


def test_a_group_that_does_not_match_its_request_is_refused_before_any_write() -> None:
    portal = Portal()
    [group] = group_changes(_creates(2))
    stranger = Change(Action.UPDATE, rid("property", "companies/p000"), {}, _prop("p000"))
    with pytest.raises(ProviderError, match="does not belong"):
        _writer(portal).apply_group(group, [stranger, _creates(2)[1]])
    assert portal.requests == []


# -- a pipeline with its stages -------------------------------------------------------------


def test_a_pipeline_and_its_stages_are_one_request_with_an_outcome_for_every_stage() -> None:
    portal = Portal()
    changes = _pipeline_changes()
    [(group, result)] = _apply(_writer(portal), changes)
    assert portal.calls() == [("POST", "/crm/v3/pipelines/deals")]
    body = portal.requests[0][2]
    assert body["pipelineId"] == "renewal"
    assert [s["stageId"] for s in body["stages"]] == ["due", "quoted", "negotiation", "won", "lost"]
    assert body["stages"][3]["metadata"] == {"isClosed": "true", "probability": "1.0"}
    assert set(result.outcomes) == set(group.members)
    for change in changes:
        outcome = result.outcomes[change.resource_id]
        assert outcome.applied, outcome.error
        assert outcome.attributes == change.after


def test_an_ambiguous_pipeline_create_is_found_by_one_list_call_and_adopted() -> None:
    portal = Portal()
    portal.drop_after_write = True
    changes = _pipeline_changes()
    [(_, result)] = _apply(_writer(portal), changes)
    assert portal.calls() == [
        ("POST", "/crm/v3/pipelines/deals"),
        ("GET", "/crm/v3/pipelines/deals"),
    ]
    assert all(result.outcomes[c.resource_id].applied for c in changes)


def test_a_pipeline_labelled_the_same_by_someone_else_is_not_adopted() -> None:
    portal = Portal()
    portal.pipelines["123"] = {"id": "123", "label": "Renewal", "stages": []}
    changes = _pipeline_changes()
    [(_, result)] = _apply(_writer(portal), changes)
    for change in changes:
        outcome = result.outcomes[change.resource_id]
        assert not outcome.applied and "exists with id '123'" in (outcome.error or "")
