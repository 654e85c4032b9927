"""`revops sandbox` on the Marketo emulator: seed, status, reset, and the manifest."""

from __future__ import annotations

import json
from pathlib import Path

from revops_as_code.providers.marketo.sandbox import MarketoSandbox, MarketoStore
from revops_as_code.providers.marketo.sandbox.seed import manifest_path, stored_manifest


def test_seed_status_reset(tmp_path: Path) -> None:
    support, db = MarketoSandbox(), tmp_path / "enterprise-map.db"
    assert (support.name, support.title) == ("marketo", "Marketo sandbox")
    text = support.seed(db)
    assert "30 lead fields (6 custom)" in text and "120 leads" in text
    manifest = json.loads(manifest_path(db).read_text())
    assert manifest["planted"]["missing_fields"] == ["sqlDate"]
    assert manifest["planted"]["lead_source_leads_off_standard"] == 16
    assert manifest["planted"]["lead_status_leads_off_lifecycle"] == 6
    assert "sqlDate missing" in support.status(db)
    support.reset(db)
    assert not manifest_path(db).exists()
    assert "0 lead fields" in support.status(db)
    assert "no manifest" in support.status(db)


def test_manifest_matches_the_store(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    MarketoSandbox().seed(db, seed=3)
    store = MarketoStore(db)
    try:
        manifest = stored_manifest(store)
        fields = {f["name"]: f for f in store.fields()}
        leads = store.leads()
    finally:
        store.close()
    assert manifest is not None and manifest.seed == 3
    for name in manifest.planted["missing_fields"]:
        assert name not in fields
    for name, kinds in manifest.planted["type_mismatches"].items():
        assert fields[name]["dataType"] == kinds["live"]
    for name in manifest.planted["fields_not_in_standard"]:
        assert fields[name]["crmManaged"] is True
    for value, count in manifest.planted["lead_source_values"].items():
        assert sum(1 for lead in leads if lead["leadSource"] == value) == count
    for value, count in manifest.planted["lead_status_values"].items():
        assert sum(1 for lead in leads if lead["leadStatus"] == value) == count


def test_served_over_a_real_port(tmp_path: Path) -> None:
    import httpx

    from revops_as_code.providers.marketo.sandbox import Limits, SandboxConfig, running_server

    db = tmp_path / "m.db"
    MarketoSandbox().seed(db)
    config = SandboxConfig(db_path=db, limits=Limits.off())
    with running_server(config) as base, httpx.Client(base_url=base) as client:
        assert base.startswith("http://127.0.0.1:")
        got = client.post(
            "/identity/oauth/token",
            data={"grant_type": "client_credentials", "client_id": "c", "client_secret": "s"},
        )
        bearer = {"Authorization": f"Bearer {got.json()['access_token']}"}
        body = client.get("/rest/v1/leads/describe2.json", headers=bearer).json()
        assert body["success"] is True and len(body["result"][0]["fields"]) == 30


def test_a_taken_port_is_a_usage_error(tmp_path: Path) -> None:
    import pytest

    from revops_as_code.errors import UsageError
    from revops_as_code.providers.marketo.sandbox.server import bind

    taken = bind("127.0.0.1", 0)
    try:
        with pytest.raises(UsageError):
            MarketoSandbox().serve(tmp_path / "m.db", "127.0.0.1", taken.getsockname()[1])
    finally:
        taken.close()
