"""Audit's record reads and writes on Salesforce: SOQL selecting only what is asked, stage
keys and entry times, Bulk API 2.0 above the threshold, sObject collections for --sync.
Reads run against the sandbox's own router (its SOQL and Bulk routes)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from revops_as_code.errors import ProviderError
from revops_as_code.models.fields import Field
from revops_as_code.models.lifecycle import Lifecycle
from revops_as_code.models.pipeline import Pipeline
from revops_as_code.providers.base import RecordRequest, RecordUpdate
from revops_as_code.providers.salesforce.client import SalesforceClient
from revops_as_code.providers.salesforce.records import parse_time, read_records, update_records
from revops_as_code.providers.salesforce.sandbox.org import sf_id

from .mock_org import SETTINGS, mock_client
from .sandbox.bulk_org import context, org, transport

AMOUNT = Field.model_validate({"key": "amount", "label": "Amount", "type": "currency",
                               "description": "ACV", "system_defined": True,
                               "api_names": {"salesforce": "Amount"}})  # fmt: skip
FORECAST = Field.model_validate({"key": "forecast_probability", "label": "Forecast %",
                                 "type": "percent", "description": "Rep's call"})  # fmt: skip
GHOST = Field.model_validate({"key": "ghost", "label": "Ghost", "type": "string",
                              "description": "Not created yet"})  # fmt: skip
SOURCE = Field.model_validate({"key": "lead_source", "label": "Lead source", "type": "enum",
                               "description": "Where from", "system_defined": True,
                               "api_names": {"salesforce": "LeadSource"},
                               "options": [{"key": "paid_search", "label": "Paid search",
                                            "api_names": {"salesforce": "PPC"}},
                                           {"key": "web", "label": "Web",
                                            "api_names": {"salesforce": "Web"}}]})  # fmt: skip
PIPELINE = Pipeline.model_validate({
    "apiVersion": "revops.dev/v1", "kind": "Pipeline", "key": "sales", "label": "Sales",
    "stages": [
        {"key": "prospecting", "label": "Prospecting", "probability": 10,
         "forecast_category": "pipeline"},
        {"key": "negotiation", "label": "Negotiation", "probability": 80,
         "forecast_category": "commit", "api_ids": {"salesforce": "Negotiation/Review"}},
        {"key": "closed_won", "label": "Closed Won", "probability": 100,
         "forecast_category": "closed", "outcome": "won"},
    ]})  # fmt: skip
LIFECYCLE = Lifecycle.model_validate({
    "apiVersion": "revops.dev/v1", "kind": "Lifecycle", "key": "lead_status",
    "label": "Lead status", "field": "lead_status",
    "stages": [{"key": "working", "label": "Working"},
               {"key": "converted", "label": "Converted",
                "api_ids": {"salesforce": "Closed - Converted"}}]})  # fmt: skip


def sandbox_client(tmp_path: Path, seen: list[str], **kw: Any) -> SalesforceClient:
    return SalesforceClient(SETTINGS, transport=transport(context(tmp_path, org(**kw)), seen))


def test_deals_read_only_the_fields_asked_for(tmp_path: Path) -> None:
    seen: list[str] = []
    client = sandbox_client(tmp_path, seen)
    request = RecordRequest("deal", fields=(AMOUNT, FORECAST, GHOST), stages=PIPELINE,
                            related=("company",), pipelines=(PIPELINE,))  # fmt: skip
    batches = list(read_records(client, request))
    records = [r for b in batches for r in b.records]
    assert [r.stage for r in records] == ["negotiation", "closed_won", "prospecting",
                                          "negotiation", "closed_won"]  # fmt: skip
    first = records[0]
    assert first.values == {"amount": 1000.0, "forecast_probability": 40.0}
    assert first.related == {"company": (sf_id("001", 1),)}
    assert "amount" not in records[1].values  # null is "not set"
    assert batches[0].total == 5
    assert batches[0].missing_fields == ("ghost",)
    assert sum(b.requests for b in batches) == client.request_count
    # describe; record types (none: one sales process); COUNT(); history (the sandbox has
    # none: no entry times); then one page
    queries = [s for s in seen if s.startswith("GET query")]
    assert len(queries) == 4 and not any(s.startswith("POST jobs") for s in seen)
    assert all(r.entered == {} for r in records)


@pytest.mark.parametrize("record_types", [0, 2])
def test_the_soql_selects_exactly_the_needed_fields(record_types: int) -> None:
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/describe"):
            return httpx.Response(200, json={"fields": [{"name": n} for n in (
                "Id", "Amount", "StageName", "AccountId", "Forecast_Probability__c",
                "Name", "Description")]})  # fmt: skip
        asked.append(request.url.params["q"])
        total = record_types if "FROM RecordType" in asked[-1] else 0
        return httpx.Response(200, json={"totalSize": total, "done": True, "records": []})

    client, _ = mock_client(handler)
    request = RecordRequest("deal", fields=(AMOUNT, FORECAST), stages=PIPELINE,
                            related=("company",))  # fmt: skip
    list(read_records(client, request))
    where = " WHERE RecordType.DeveloperName = 'Sales'" if record_types else ""
    assert asked[0] == "SELECT COUNT() FROM RecordType WHERE SobjectType = 'Opportunity'"
    assert asked[1] == "SELECT COUNT() FROM Opportunity" + where
    assert asked[-1] == (
        "SELECT Id, Amount, Forecast_Probability__c, StageName, AccountId FROM Opportunity" + where
    )


def test_a_large_read_goes_through_bulk(tmp_path: Path) -> None:
    seen: list[str] = []
    client = sandbox_client(tmp_path, seen, opportunities=7)
    request = RecordRequest("deal", fields=(AMOUNT,), stages=PIPELINE, pipelines=(PIPELINE,))
    records = [r for b in read_records(client, request, bulk_threshold=5, sleep=lambda s: None)
               for r in b.records]  # fmt: skip
    assert len(records) == 7
    assert records[0].values == {"amount": 1000.0}  # CSV text typed like JSON
    assert records[0].stage == "negotiation"
    assert "POST jobs/query" in seen
    assert any(s.startswith("GET jobs/query/750") and s.endswith("/results") for s in seen)
    assert "GET query SELECT COUNT() FROM Opportunity" in seen
    assert not any(s.startswith("GET query SELECT Id") for s in seen)  # no REST pages


def test_contacts_are_unconverted_leads_and_contacts(tmp_path: Path) -> None:
    client = sandbox_client(tmp_path, [])
    batches = list(read_records(client, RecordRequest("contact", fields=(SOURCE,),
                                                      related=("company",))))  # fmt: skip
    records = [r for b in batches for r in b.records]
    assert [(r.id[:3], r.values.get("lead_source")) for r in records] == [
        ("00Q", "paid_search"), ("003", "web")]  # fmt: skip
    assert records[1].related == {"company": (sf_id("001", 1),)}
    assert {b.total for b in batches} == {2}  # one unconverted lead + one contact
    lifecycle = list(read_records(client, RecordRequest("contact", stages=LIFECYCLE)))
    assert [r.stage for b in lifecycle for r in b.records] == ["working", "converted"]


def test_actions_are_unsupported(tmp_path: Path) -> None:
    client = sandbox_client(tmp_path, [])
    (batch,) = read_records(client, RecordRequest("company", actions=("first_touch",)))
    assert batch.unsupported_actions == ("first_touch",)


def test_stage_entry_times_come_from_history() -> None:
    history = [  # in no particular order, as a Bulk query returns them
        {"OpportunityId": "006A", "StageName": "Negotiation/Review", "CreatedDate": "2026-01-09T08:30:00.000+0000"},
        {"OpportunityId": "006A", "StageName": "Prospecting", "CreatedDate": "2026-01-03T10:00:00.000+0000"},
        {"OpportunityId": "006A", "StageName": "Prospecting", "CreatedDate": "2026-01-02T10:00:00.000+0000"},
    ]  # fmt: skip

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/describe"):
            return httpx.Response(200, json={"fields": [{"name": "Id"}, {"name": "StageName"}]})
        q = request.url.params["q"]
        if "COUNT()" in q:
            return httpx.Response(200, json={"totalSize": 1, "done": True, "records": []})
        if "OpportunityHistory" in q:
            return httpx.Response(200, json={"totalSize": 3, "done": True, "records": history})
        return httpx.Response(200, json={"totalSize": 1, "done": True, "records": [
            {"Id": "006A", "StageName": "Negotiation/Review"}]})  # fmt: skip

    client, _ = mock_client(handler)
    since = datetime(2026, 1, 5, tzinfo=UTC)
    request = RecordRequest("deal", stages=PIPELINE, entered_since=("negotiation", since))
    (record,) = [r for b in read_records(client, request) for r in b.records]
    assert record.entered == {
        "prospecting": datetime(2026, 1, 2, 10, tzinfo=UTC),  # an amount change is no re-entry
        "negotiation": datetime(2026, 1, 9, 8, 30, tzinfo=UTC),
    }
    late = RecordRequest("deal", stages=PIPELINE,
                         entered_since=("negotiation", datetime(2026, 2, 1, tzinfo=UTC)))  # fmt: skip
    assert [r for b in read_records(client, late) for r in b.records] == []


def test_updates_go_in_collections_of_200() -> None:
    bodies: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.method == "PATCH" and request.url.path.endswith("/composite/sobjects")
        body = json.loads(request.content)
        bodies.append(body)
        return httpx.Response(200, json=[{"id": r["Id"], "success": True, "errors": []}
                                         for r in body["records"]])  # fmt: skip

    client, _ = mock_client(handler)
    updates = [RecordUpdate("contact", sf_id("00Q" if n % 2 else "003", n),
                            {"lead_source": "paid_search"}) for n in range(450)]  # fmt: skip
    assert update_records(client, updates, [SOURCE]) == 450
    assert [len(b["records"]) for b in bodies] == [200, 200, 50]
    # grouped by type (Salesforce runs a collection in at most 10 runs of one type)
    types = [r["attributes"]["type"] for b in bodies for r in b["records"]]
    assert types == ["Contact"] * 225 + ["Lead"] * 225
    lead = bodies[1]["records"][25]
    assert lead == {"attributes": {"type": "Lead"}, "Id": sf_id("00Q", 1), "LeadSource": "PPC"}
    assert bodies[0]["allOrNone"] is False


def test_refused_updates_are_reported_after_every_batch() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        return httpx.Response(200, json=[
            {"id": r["Id"], "success": False, "errors": [
                {"statusCode": "FIELD_CUSTOM_VALIDATION_EXCEPTION", "message": "Enter an amount"}]}
            if i == 0 else {"id": r["Id"], "success": True, "errors": []}
            for i, r in enumerate(body["records"])])  # fmt: skip

    client, _ = mock_client(handler)
    updates = [RecordUpdate("deal", sf_id("006", n), {"amount": 5.0}) for n in range(3)]
    with pytest.raises(ProviderError) as caught:
        update_records(client, updates, [AMOUNT])
    assert "refused 1 of 3" in caught.value.message and "Enter an amount" in caught.value.message
    assert "2 were written" in caught.value.message


def test_salesforce_times() -> None:
    assert parse_time("2026-01-05T10:00:00.000+0000") == datetime(2026, 1, 5, 10, tzinfo=UTC)
    assert parse_time("2026-01-05") == datetime(2026, 1, 5, tzinfo=UTC)
    assert parse_time("") is None and parse_time("soon") is None


def test_a_bulk_read_through_the_in_process_sandbox(tmp_path: Path) -> None:
    from revops_as_code.providers.salesforce.sandbox.app import SandboxApp
    from revops_as_code.providers.salesforce.sandbox.config import SandboxConfig
    from revops_as_code.providers.salesforce.sandbox.transport import SandboxTransport

    app = SandboxApp(SandboxConfig(db_path=tmp_path / "salesforce.db"))
    app.store.load(org(opportunities=9))
    with SandboxTransport(app) as wire:
        client = SalesforceClient(SETTINGS, transport=wire)
        request = RecordRequest("deal", fields=(AMOUNT,), stages=PIPELINE, pipelines=(PIPELINE,))
        rest = [r for b in read_records(client, request) for r in b.records]
        bulk = [r for b in read_records(client, request, bulk_threshold=3, sleep=lambda s: None)
                for r in b.records]  # fmt: skip
    assert len(rest) == 9
    assert [(r.id, r.stage, r.values) for r in bulk] == [(r.id, r.stage, r.values) for r in rest]
    app.close()


def test_sync_writes_through_the_in_process_sandbox(tmp_path: Path) -> None:
    from revops_as_code.providers.salesforce.sandbox.app import SandboxApp
    from revops_as_code.providers.salesforce.sandbox.config import SandboxConfig
    from revops_as_code.providers.salesforce.sandbox.transport import SandboxTransport

    app = SandboxApp(SandboxConfig(db_path=tmp_path / "salesforce.db"))
    app.store.load(org(opportunities=3))
    with SandboxTransport(app) as wire:
        client = SalesforceClient(SETTINGS, transport=wire)
        ids = [sf_id("006", n) for n in (1, 2, 3)]
        written = update_records(
            client, [RecordUpdate("deal", i, {"forecast_probability": 55.0}) for i in ids],
            [FORECAST],
        )  # fmt: skip
        assert written == 3
        read = [r for b in read_records(client, RecordRequest("deal", fields=(FORECAST,)))
                for r in b.records]  # fmt: skip
    assert {r.id: r.values for r in read} == {i: {"forecast_probability": 55.0} for i in ids}
    app.close()


def test_a_ticket_pipeline_reads_case_status() -> None:
    tickets = Pipeline.model_validate({
        "apiVersion": "revops.dev/v1", "kind": "Pipeline", "key": "support", "label": "Support",
        "object": "ticket",
        "stages": [{"key": "new", "label": "New"},
                   {"key": "closed", "label": "Closed", "outcome": "closed"}]})  # fmt: skip
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/describe"):
            return httpx.Response(200, json={"fields": [{"name": "Id"}, {"name": "Status"}]})
        asked.append(request.url.params["q"])
        rows = [{"Id": "500A", "Status": "Closed"}] if asked[-1].startswith("SELECT Id") else []
        return httpx.Response(200, json={"totalSize": 1, "done": True, "records": rows})

    client, _ = mock_client(handler)
    (record,) = [r for b in read_records(client, RecordRequest("ticket", stages=tickets))
                 for r in b.records]  # fmt: skip
    assert record.stage == "closed"
    assert asked[-1] == "SELECT Id, Status FROM Case"
    assert not any("RecordType" in q or "History" in q for q in asked)


def test_bulk_results_survive_an_expired_session() -> None:
    results = {"401": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.endswith("/describe"):
            return httpx.Response(200, json={"fields": [{"name": "Id"}]})
        if path.endswith("/jobs/query") and request.method == "POST":
            return httpx.Response(200, json={"id": "750A", "state": "UploadComplete"})
        if path.endswith("/jobs/query/750A"):
            return httpx.Response(200, json={"id": "750A", "state": "JobComplete"})
        if path.endswith("/results"):
            if not results["401"]:
                results["401"] += 1
                return httpx.Response(401, json=[{"errorCode": "INVALID_SESSION_ID",
                                                  "message": "Session expired or invalid"}])  # fmt: skip
            return httpx.Response(200, text='"Id"\n"001A"\n"001B"\n',
                                  headers={"Sforce-Locator": "null", "Sforce-NumberOfRecords": "2"})  # fmt: skip
        return httpx.Response(200, json={"totalSize": 20_000, "done": True, "records": []})

    client, seen = mock_client(handler)
    waits: list[float] = []
    read = list(read_records(client, RecordRequest("company"), sleep=waits.append))
    assert [r.id for b in read for r in b.records] == ["001A", "001B"]
    assert waits == [0.5]  # one status check after the create said UploadComplete
    assert [r.url.path.rsplit("/", 1)[-1] for r in seen].count("results") == 2
