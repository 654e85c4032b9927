"""The portal persists in SQLite: a second process sees the same portal; writes are atomic."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import httpx
import pytest

from revops_as_code.providers.hubspot.sandbox import Limits, SandboxConfig, SandboxTransport
from revops_as_code.providers.hubspot.sandbox.store import HubSpotStore

from .conftest import BASE, TOKEN

WRITER = textwrap.dedent(
    """
    import sys, httpx
    from revops_as_code.providers.hubspot.sandbox import Limits, SandboxConfig, SandboxTransport
    config = SandboxConfig(db_path=sys.argv[1], limits=Limits.off())
    with httpx.Client(base_url="https://api.hubapi.com", transport=SandboxTransport(config),
                      headers={"Authorization": "Bearer t"}) as client:
        created = client.post("/crm/v3/properties/contacts", json={
            "name": "from_other_process", "label": "Other", "type": "string",
            "fieldType": "text", "groupName": "contactinformation"})
        assert created.status_code == 201, created.text
        print(client.post("/crm/v3/objects/contacts", json={"properties": {"email": "p@x.com"}}).json()["id"])
    """
)


def test_second_process_sees_the_same_portal(db: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", WRITER, str(db)], capture_output=True, text=True, check=True
    )
    contact_id = out.stdout.strip()
    config = SandboxConfig(db_path=db, limits=Limits.off())
    with httpx.Client(
        base_url=BASE,
        transport=SandboxTransport(config),
        headers={"Authorization": f"Bearer {TOKEN}"},
    ) as client:
        assert client.get("/crm/v3/properties/contacts/from_other_process").status_code == 200
        assert (
            client.get(f"/crm/v3/objects/contacts/{contact_id}").json()["properties"]["email"]
            == "p@x.com"
        )


def test_an_open_app_sees_writes_from_another_process(db: Path) -> None:
    config = SandboxConfig(db_path=db, limits=Limits.off())
    with httpx.Client(
        base_url=BASE,
        transport=SandboxTransport(config),
        headers={"Authorization": f"Bearer {TOKEN}"},
    ) as client:
        assert client.get("/crm/v3/properties/contacts/from_other_process").status_code == 404
        subprocess.run([sys.executable, "-c", WRITER, str(db)], check=True, capture_output=True)
        assert client.get("/crm/v3/properties/contacts/from_other_process").status_code == 200


def test_failed_transaction_leaves_nothing(tmp_path: Path) -> None:
    store = HubSpotStore(tmp_path / "h.db")
    with pytest.raises(RuntimeError), store.transaction():
        store.insert_objects("contacts", [{"properties": {"email": "a@x.com"}}])
        store.insert_property_groups("contacts", [{"name": "g", "label": "G"}])
        raise RuntimeError("boom")
    assert store.counts()["contacts"] == 0 and store.counts()["property_groups"] == 0
    store.close()


def test_store_bulk_inserts_counts_and_reset(tmp_path: Path) -> None:
    store = HubSpotStore(tmp_path / "h.db")
    ids = store.insert_objects(
        "contacts", ({"properties": {"email": f"{i}@x.com", "n": i}} for i in range(1000))
    )
    assert len(ids) == 1000 and len(set(ids)) == 1000
    companies = store.insert_objects(
        "companies",
        [{"id": 5000, "properties": {"name": "A"}, "createdAt": "2024-01-01T00:00:00.000Z"}],
    )
    assert companies == ["5000"]
    assert store.insert_associations("contacts", "companies", [(ids[0], 5000)], primary=True) == 1
    store.insert_owners([{"id": 7, "email": "o@x.com", "firstName": "O", "lastName": "W"}])
    store.insert_pipelines(
        "deals",
        [
            {
                "id": "default",
                "label": "Sales",
                "stages": [{"id": "s", "label": "S", "metadata": {"probability": 0.1}}],
            }
        ],
    )
    counts = store.counts()
    assert counts["contacts"] == 1000 and counts["companies"] == 1 and counts["associations"] == 1
    assert counts["owners"] == 1 and counts["pipelines"] == 1 and counts["stages"] == 1
    doc = store.get_objects("companies", [5000])[5000]
    assert doc["createdAt"] == "2024-01-01T00:00:00.000Z"
    assert doc["properties"]["createdate"] == "2024-01-01T00:00:00.000Z"
    assert store.get_objects("contacts", [int(ids[1])])[int(ids[1])]["properties"]["n"] == "1"
    store.set_meta("seed", "small")
    store.reset()
    assert not any(store.counts().values()) and store.get_meta("seed") is None
    store.close()
