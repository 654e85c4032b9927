"""Strict mode: the sandbox refuses request fields HubSpot's published schemas do not list,
in HubSpot's error shape; it is on in the test suite, so every body the provider sends in any
test is one HubSpot's contract allows. `assign_ids`: a server that mints its own ids."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from revops_as_code.changes import Action, Change
from revops_as_code.providers.hubspot.client import HubSpotClient
from revops_as_code.providers.hubspot.normalize import PIPELINE, STAGE, rid
from revops_as_code.providers.hubspot.sandbox import Limits, SandboxConfig, SandboxTransport
from revops_as_code.providers.hubspot.sandbox.contract import ENDPOINTS, SCHEMAS, schema_for
from revops_as_code.providers.hubspot.write import Writer, group_changes

from . import portal

BASE = "https://api.hubapi.com"


def _client(db: Path, **config: Any) -> httpx.Client:
    transport = SandboxTransport(SandboxConfig(db_path=db, limits=Limits.off(), **config))
    return httpx.Client(transport=transport, base_url=BASE, headers={"Authorization": "Bearer t"})


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return portal.build(tmp_path / "sandbox" / "hubspot.db")


def test_strict_mode_is_on_in_the_test_suite() -> None:
    assert SandboxConfig().strict is True


PROPERTY_BODY = {"name": "strict_probe", "label": "Probe", "type": "string", "fieldType": "text",
            "groupName": "contactinformation"}  # fmt: skip


def test_an_unknown_field_is_refused_in_hubspots_error_shape(db: Path) -> None:
    with _client(db) as client:
        response = client.post("/crm/v3/properties/contacts", json={**PROPERTY_BODY, "widget": "x"})
        assert response.status_code == 400
        error = response.json()
        assert error["status"] == "error" and error["category"] == "VALIDATION_ERROR"
        assert error["correlationId"] and "PropertyCreate" in error["message"]
        assert [e["in"] for e in error["errors"]] == ["widget"]
        # Nothing was created.
        assert client.get("/crm/v3/properties/contacts/strict_probe").status_code == 404


def test_nested_fields_are_checked_too(db: Path) -> None:
    body = {**PROPERTY_BODY, "type": "enumeration", "fieldType": "select",
            "options": [{"label": "A", "value": "a", "hidden": False, "order": 0}]}  # fmt: skip
    with _client(db) as client:
        response = client.post("/crm/v3/properties/contacts", json=body)
    assert response.status_code == 400
    assert [e["in"] for e in response.json()["errors"]] == ["options[0].order"]


def test_update_schemas_differ_from_create_schemas(db: Path) -> None:
    with _client(db) as client:
        assert client.post("/crm/v3/properties/contacts", json=PROPERTY_BODY).status_code == 201
        # PropertyUpdate has no `name` (names are immutable) and no `hasUniqueValue`.
        renamed = client.patch("/crm/v3/properties/contacts/strict_probe", json={"name": "x"})
        assert renamed.status_code == 400
        ok = client.patch("/crm/v3/properties/contacts/strict_probe", json={"label": "Probe 2"})
        assert ok.status_code == 200


PIPELINE_BODY = {"label": "P", "displayOrder": 1, "widget": 1, "stages": [
    {"label": "a", "displayOrder": 0, "metadata": {"probability": "0.1"}, "color": "red"}]}  # fmt: skip


def test_strict_mode_off_accepts_what_hubspot_would_refuse(db: Path) -> None:
    with _client(db, strict=False) as client:
        assert client.post("/crm/v3/pipelines/deals", json=PIPELINE_BODY).status_code == 201
    with _client(db) as client:
        response = client.post("/crm/v3/pipelines/deals", json=PIPELINE_BODY)
    assert response.status_code == 400
    assert [e["in"] for e in response.json()["errors"]] == ["stages[0].color", "widget"]


def test_every_endpoint_names_a_recorded_schema_and_dated_paths_share_them() -> None:
    for _method, _pattern, name in ENDPOINTS:
        assert name in SCHEMAS
        for inner in SCHEMAS[name].nested.values():
            assert inner in SCHEMAS
    dated = schema_for("POST", "/crm/pipelines/2026-03/deals/123/stages")
    assert dated is not None and "stageId" in dated.fields  # joined in February 2026
    replaced = schema_for("PUT", "/crm/v3/pipelines/deals/123/stages/9")
    assert replaced is not None and "stageId" not in replaced.fields
    assert schema_for("PATCH", "/crm/v3/properties/deals/groups/g").name == "PropertyGroupUpdate"  # type: ignore[union-attr]


def _change(resource: Any, attrs: dict[str, Any]) -> Change:
    return Change(action=Action.CREATE, resource_id=resource, before=None, after=attrs)


def test_a_pipeline_create_records_the_ids_hubspot_assigns(db: Path) -> None:
    """HubSpot may ignore `pipelineId`/`stageId`: the outcome carries the ids it returned."""
    transport = SandboxTransport(SandboxConfig(db_path=db, limits=Limits.off(), assign_ids=True))
    client = HubSpotClient("t", transport=transport, rate_limit=False, sleep=lambda s: None)
    pipeline = _change(rid(PIPELINE, "deals/partners"), {"label": "Partners"})
    stages = [
        _change(rid(STAGE, f"deals/partners/{key}"),
                {"label": label, "display_order": i, "probability": p, "is_closed": closed})
        for i, (key, label, p, closed) in enumerate(
            [("intro", "Intro", 0.1, False), ("won", "Won", 1.0, True)])
    ]  # fmt: skip
    changes = [pipeline, *stages]
    (group,) = group_changes(changes)  # one POST creates the pipeline with its stages
    result = Writer(client).apply_group(group, changes)
    outcomes = result.outcomes
    assert all(o.applied for o in outcomes.values()), outcomes
    pipeline_id = outcomes[pipeline.resource_id].remote_id
    assert pipeline_id is not None and pipeline_id != "partners"
    stage_ids = [str(outcomes[s.resource_id].remote_id) for s in stages]
    assert not {"intro", "won", "None"} & set(stage_ids)
    live = client.get(f"/crm/v3/pipelines/deals/{pipeline_id}")
    assert sorted(s["id"] for s in live["stages"]) == sorted(stage_ids)


def test_an_archived_name_says_how_to_get_out(db: Path) -> None:
    from revops_as_code.errors import RevopsError
    from revops_as_code.providers.hubspot.normalize import PROPERTY

    with _client(db) as http:
        assert http.post("/crm/v3/properties/contacts", json=PROPERTY_BODY).status_code == 201
        assert http.delete("/crm/v3/properties/contacts/strict_probe").status_code == 204
    transport = SandboxTransport(SandboxConfig(db_path=db, limits=Limits.off()))
    client = HubSpotClient("t", transport=transport, rate_limit=False, sleep=lambda s: None)
    attrs = {"label": "Probe", "type": "string", "field_type": "text",
             "group": "contactinformation", "description": "", "hidden": False, "options": []}  # fmt: skip
    change = _change(rid(PROPERTY, "contacts/strict_probe"), attrs)
    with pytest.raises(RevopsError) as raised:
        Writer(client).apply(change)
    assert "archived" in raised.value.message and "restore it in HubSpot" in raised.value.message
    assert "api_names" in raised.value.message
