"""The seeded portal seen through HubSpot's API (the sandbox app, in-process).

A client written to HubSpot's published API, with no knowledge of the seed's internals, must
find the demo portal's configuration and recount the manifest's planted violations with
ordinary CRM searches.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from revops_as_code.providers.hubspot.sandbox.seed import SeedManifest, seed
from revops_as_code.providers.hubspot.sandbox.store import HubSpotStore

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
LATER_STAGES = {
    "appointmentscheduled": [
        "qualifiedtobuy",
        "presentationscheduled",
        "decisionmakerboughtin",
        "contractsent",
        "closedwon",
    ],
    "qualifiedtobuy": [
        "presentationscheduled",
        "decisionmakerboughtin",
        "contractsent",
        "closedwon",
    ],
    "decisionmakerboughtin": ["contractsent", "closedwon"],
}


def _transport_available() -> bool:
    try:
        from revops_as_code.providers.hubspot.sandbox import SandboxTransport  # noqa: F401
    except (ImportError, AttributeError):
        return False
    return True


pytestmark = pytest.mark.skipif(
    not _transport_available(), reason="sandbox transport (SandboxTransport) not built yet"
)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[httpx.Client, SeedManifest]]:
    from revops_as_code.providers.hubspot.sandbox import Limits, SandboxConfig, SandboxTransport

    db: Path = tmp_path_factory.mktemp("api") / "hubspot.db"
    store = HubSpotStore(db)
    manifest = seed(store, "small", 42, now=NOW)
    store.close()
    transport = SandboxTransport(SandboxConfig(db_path=db, limits=Limits.off()))
    with httpx.Client(
        base_url="https://api.hubapi.com",
        transport=transport,
        headers={"Authorization": "Bearer sandbox"},
    ) as client:
        yield client, manifest


def _total(client: httpx.Client, object_type: str, *filters: dict[str, Any]) -> int:
    response = client.post(
        f"/crm/v3/objects/{object_type}/search",
        json={"filterGroups": [{"filters": list(filters)}], "limit": 1},
    )
    assert response.status_code == 200, response.text
    return int(response.json()["total"])


def test_search_recounts_the_planted_violations(api: tuple[httpx.Client, SeedManifest]) -> None:
    client, manifest = api
    canonical = manifest.rules["lead_source_canonical"]
    off_standard = sorted(v for v, c in canonical.items() if v != c)
    assert (
        _total(
            client,
            "contacts",
            {"propertyName": "lead_source", "operator": "IN", "values": off_standard},
        )
        == manifest.violations["non_standard_enum_values"]
    )
    for rule in manifest.rules["exit_criteria"]:
        missing = _total(
            client,
            "deals",
            {"propertyName": "dealstage", "operator": "IN", "values": LATER_STAGES[rule["stage"]]},
            {"propertyName": rule["requires"], "operator": "NOT_HAS_PROPERTY"},
        )
        assert missing == manifest.details["deals_missing_exit_criteria"][rule["requires"]]
    sla = manifest.rules["mqa_followup_sla"]
    untouched = _total(
        client,
        "contacts",
        {"propertyName": sla["start_property"], "operator": "HAS_PROPERTY"},
        {"propertyName": sla["first_touch_property"], "operator": "NOT_HAS_PROPERTY"},
    )
    timing = manifest.details["mqa_followups"]
    assert untouched == timing["never_touched"] + timing["pending"]


def test_record_counts_match_the_manifest(api: tuple[httpx.Client, SeedManifest]) -> None:
    client, manifest = api
    for object_type in ("contacts", "companies", "deals"):
        total = _total(
            client, object_type, {"propertyName": "hs_object_id", "operator": "HAS_PROPERTY"}
        )
        assert total == manifest.counts[object_type]


def test_configuration_reads_like_a_real_portal(api: tuple[httpx.Client, SeedManifest]) -> None:
    client, _ = api
    lead_source = client.get("/crm/v3/properties/contacts/lead_source")
    assert lead_source.status_code == 200
    assert {"paid_search", "ppc", "paid-search"} <= {
        o["value"] for o in lead_source.json()["options"]
    }
    assert client.get("/crm/v3/properties/companies/icp_tier").status_code == 404
    email = client.get("/crm/v3/properties/contacts/email").json()
    assert email["hubspotDefined"] is True
    assert email["modificationMetadata"]["readOnlyDefinition"] is True
    pipeline = client.get("/crm/v3/pipelines/deals/default").json()
    stages = {s["id"]: s["metadata"] for s in pipeline["stages"]}
    assert stages["appointmentscheduled"] == {"isClosed": "false", "probability": "0.2"}
    assert "legacy_verbal" in stages
    owners = client.get("/crm/v3/owners", params={"limit": 5})
    assert owners.status_code == 200
    page = owners.json()
    assert len(page["results"]) == 5
    assert page["paging"]["next"]["after"]
