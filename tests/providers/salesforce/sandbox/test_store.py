"""The store under the routes: concurrent writers, persistence, ids above the seed's."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from revops_as_code.providers.salesforce.sandbox import SandboxConfig, SandboxTransport
from revops_as_code.providers.salesforce.sandbox.org import sf_id
from revops_as_code.providers.salesforce.sandbox.store import SalesforceStore, serial_of

from .conftest import BASE, V, load
from .small_org import build


def test_serials_round_trip() -> None:
    for n in (1, 61, 62, 3843, 999_999):
        assert serial_of(sf_id("00N", n)) == n


def test_concurrent_creates_get_distinct_ids_and_all_land(client: httpx.Client) -> None:
    def create(n: int) -> str:
        response = client.post(
            f"{V}/tooling/sobjects/CustomField",
            json={
                "FullName": f"Account.Parallel_{n}__c",
                "Metadata": {"label": f"Parallel {n}", "type": "Text", "length": 10},
            },
        )
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(create, range(40)))
    assert len(set(ids)) == 40
    # Minted above the seed's custom field ids (00N serials 1-3).
    assert min(serial_of(i) for i in ids) == 4
    rows = client.get(f"{V}/tooling/query", params={"q": "SELECT Id FROM CustomField"})
    assert rows.json()["totalSize"] == 43


def test_writes_persist_across_app_instances(tmp_path: Path) -> None:
    db = tmp_path / "org.db"
    load(db, build())
    config = SandboxConfig(db_path=db)
    headers = {"Authorization": "Bearer sandbox"}
    with httpx.Client(base_url=BASE, transport=SandboxTransport(config), headers=headers) as one:
        created = one.post(
            f"{V}/tooling/sobjects/CustomField",
            json={
                "FullName": "Lead.Score__c",
                "Metadata": {"label": "Score", "type": "Number", "precision": 3, "scale": 0},
            },
        )
        assert created.status_code == 201
        # A second app on the same file sees it at once (another process, in real use).
        with httpx.Client(
            base_url=BASE, transport=SandboxTransport(config), headers=headers
        ) as two:
            row = two.get(f"{V}/tooling/sobjects/CustomField/{created.json()['id']}")
            assert row.json()["FullName"] == "Lead.Score__c"
            two.patch(
                f"{V}/tooling/sobjects/CustomField/{created.json()['id']}",
                json={
                    "Metadata": {
                        "label": "Lead score",
                        "type": "Number",
                        "precision": 3,
                        "scale": 0,
                    }
                },
            )
        # ... and the first app's cached org notices the other's write.
        again = one.get(f"{V}/tooling/sobjects/CustomField/{created.json()['id']}")
        assert again.json()["Metadata"]["label"] == "Lead score"
    store = SalesforceStore(db)
    try:
        assert any(f.name == "Score__c" for f in store.org().fields)
    finally:
        store.close()
