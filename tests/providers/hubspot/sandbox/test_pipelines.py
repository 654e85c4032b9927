"""Pipelines and stages (deals, tickets) through a plain HTTP client."""

from __future__ import annotations

from typing import Any

import httpx

D = "/crm/v3/pipelines/deals"


def stage(label: str, probability: str | None = "0.2", **over: Any) -> dict[str, Any]:
    metadata = {} if probability is None else {"probability": probability}
    return {"label": label, "displayOrder": 0, "metadata": metadata, **over}


def new_pipeline(client: httpx.Client, label: str = "Renewals") -> dict[str, Any]:
    response = client.post(
        D,
        json={
            "label": label,
            "displayOrder": 2,
            "stages": [stage("Open"), stage("Won", "1.0", displayOrder=1)],
        },
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_default_pipeline_with_standard_stages(client: httpx.Client) -> None:
    pipelines = client.get(D).json()["results"]
    default = next(p for p in pipelines if p["id"] == "default")
    ids = [s["id"] for s in default["stages"]]
    assert ids[:2] == ["appointmentscheduled", "qualifiedtobuy"] and "closedwon" in ids
    won = next(s for s in default["stages"] if s["id"] == "closedwon")
    assert won["metadata"] == {"probability": "1.0", "isClosed": "true"}
    assert client.get(D + "/default").json()["label"] == "Sales Pipeline"
    assert client.get("/crm/v3/pipelines/tickets/0").json()["stages"][0]["metadata"] == {
        "ticketState": "OPEN"
    }


def test_create_mints_ids_and_stores_metadata_as_strings(client: httpx.Client) -> None:
    created = client.post(
        D,
        json={
            "label": "X",
            "displayOrder": 1,
            "stages": [{"label": "A", "displayOrder": 0, "metadata": {"probability": 0.5}}],
        },
    )
    assert created.status_code == 201
    body = created.json()
    assert body["id"].isdigit() and body["stages"][0]["id"].isdigit()
    assert body["stages"][0]["metadata"] == {"probability": "0.5", "isClosed": "false"}
    assert [p["id"] for p in client.get(D).json()["results"]] == ["default", body["id"]]


def test_create_validation(client: httpx.Client) -> None:
    assert (
        client.post(
            D, json={"label": "Y", "displayOrder": 1, "stages": [stage("A", None)]}
        ).status_code
        == 400
    )
    assert (
        client.post(
            D, json={"label": "Y", "displayOrder": 1, "stages": [stage("A", "1.5")]}
        ).status_code
        == 400
    )
    assert (
        client.post(
            D, json={"label": "Y", "displayOrder": 1, "stages": [stage("A", "0.25")]}
        ).status_code
        == 400
    )
    assert client.post(D, json={"label": "Y", "displayOrder": 1, "stages": []}).status_code == 400
    assert client.post(D, json={"label": "Y", "stages": [stage("A")]}).status_code == 400
    assert (
        client.post(
            D, json={"label": "Y", "displayOrder": 1, "stages": [stage("A"), stage("A")]}
        ).status_code
        == 400
    )
    dup = client.post(
        D, json={"label": "Sales Pipeline", "displayOrder": 1, "stages": [stage("A")]}
    )
    assert dup.status_code == 409
    # ticket stages need no probability; ticketState must be OPEN or CLOSED
    T = "/crm/v3/pipelines/tickets"
    assert (
        client.post(
            T, json={"label": "T2", "displayOrder": 1, "stages": [stage("A", None)]}
        ).status_code
        == 201
    )
    bad = stage("B", None, metadata={"ticketState": "MAYBE"})
    assert (
        client.post(T, json={"label": "T3", "displayOrder": 1, "stages": [bad]}).status_code == 400
    )
    assert client.get("/crm/v3/pipelines/contacts").status_code == 404


def test_replace_patch_archive_restore_and_audit(client: httpx.Client) -> None:
    p = new_pipeline(client)
    one = f"{D}/{p['id']}"
    keep = p["stages"][0]["id"]
    replaced = client.put(
        one,
        json={
            "label": "Renewals 2",
            "displayOrder": 3,
            "stages": [{**stage("Open again"), "stageId": keep}, stage("New", "0.6")],
        },
    )
    assert replaced.status_code == 200
    labels = [s["label"] for s in replaced.json()["stages"]]
    assert labels == ["Open again", "New"] and replaced.json()["stages"][0]["id"] == keep
    assert client.patch(one, json={"label": "Renamed"}).json()["label"] == "Renamed"
    assert client.patch(one, json={"archived": True}).status_code == 400
    assert client.delete(one).status_code == 204
    assert client.get(one).status_code == 404
    restored = client.patch(one, json={"archived": False})
    assert restored.status_code == 200 and restored.json()["archived"] is False
    audit = client.get(one + "/audit").json()["results"]
    assert [a["action"] for a in audit] == ["UPDATE", "DELETE", "UPDATE", "UPDATE", "CREATE"]
    assert audit[0]["identifier"] == p["id"]


def test_stage_crud_and_audit(client: httpx.Client) -> None:
    p = new_pipeline(client)
    S = f"{D}/{p['id']}/stages"
    created = client.post(S, json=stage("Negotiation", "0.8", displayOrder=5))
    assert created.status_code == 201
    sid = created.json()["id"]
    assert client.post(S, json=stage("Negotiation")).status_code == 400  # label unique in pipeline
    assert client.post(S, json=stage("NoProb", None)).status_code == 400
    assert len(client.get(S).json()["results"]) == 3
    assert (
        client.patch(f"{S}/{sid}", json={"label": "Negotiating"}).status_code == 400
    )  # metadata required
    patched = client.patch(
        f"{S}/{sid}", json={"label": "Negotiating", "metadata": {"probability": "0.9"}}
    )
    assert (
        patched.json()["metadata"]["probability"] == "0.9"
        and patched.json()["label"] == "Negotiating"
    )
    put = client.put(f"{S}/{sid}", json=stage("Final", "0.7", displayOrder=6))
    assert put.json()["label"] == "Final"
    assert client.delete(f"{S}/{sid}").status_code == 204
    assert client.get(f"{S}/{sid}").status_code == 404
    assert [a["action"] for a in client.get(f"{S}/{sid}/audit").json()["results"]] == [
        "DELETE",
        "UPDATE",
        "UPDATE",
        "CREATE",
    ]
    assert client.get(f"{S}/nosuch").status_code == 404


def test_deleting_a_stage_with_deals_follows_the_api_version(client: httpx.Client) -> None:
    deal = client.post(
        "/crm/v3/objects/deals",
        json={
            "properties": {"dealname": "D", "pipeline": "default", "dealstage": "qualifiedtobuy"}
        },
    )
    assert deal.status_code == 201
    # 2026-09: validation on by default -> refused, stage still there
    dated = "/crm/pipelines/2026-09/deals/default/stages/qualifiedtobuy"
    refused = client.delete(dated)
    assert refused.status_code == 400 and "qualifiedtobuy" in refused.json()["message"]
    assert client.get(D + "/default/stages/qualifiedtobuy").status_code == 200
    # v3 with the flag set explicitly also refuses
    flagged = client.delete(
        D + "/default/stages/qualifiedtobuy", params={"validateDealStageUsagesBeforeDelete": "true"}
    )
    assert flagged.status_code == 400
    # v3 default: proceeds; the deal keeps the dangling stage id
    assert client.delete(D + "/default/stages/qualifiedtobuy").status_code == 204
    kept = client.get(
        f"/crm/v3/objects/deals/{deal.json()['id']}", params={"properties": "dealstage"}
    )
    assert kept.json()["properties"]["dealstage"] == "qualifiedtobuy"
    # the 2026-09 bypass flag allows deleting a used pipeline
    used = client.delete("/crm/pipelines/2026-09/deals/default")
    assert used.status_code == 400
    bypass = client.delete(
        "/crm/pipelines/2026-09/deals/default",
        params={"validateDealStageUsagesBeforeDelete": "false"},
    )
    assert bypass.status_code == 204


def test_replace_dropping_a_used_stage_is_refused_when_validating(client: httpx.Client) -> None:
    p = new_pipeline(client)
    stage_id = p["stages"][0]["id"]
    client.post(
        "/crm/v3/objects/deals",
        json={"properties": {"dealname": "D", "pipeline": p["id"], "dealstage": stage_id}},
    )
    body = {"label": "Renewals", "displayOrder": 2, "stages": [stage("Only", "0.5")]}
    refused = client.put(f"/crm/pipelines/2026-09/deals/{p['id']}", json=body)
    assert refused.status_code == 400
    assert [s["id"] for s in client.get(f"{D}/{p['id']}").json()["stages"]] == [
        s["id"] for s in p["stages"]
    ]
