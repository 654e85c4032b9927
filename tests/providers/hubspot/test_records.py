"""HubSpot record reading and writing for `revops audit`: the calls made, filters pushed to the
server, only the needed properties asked for, values read back in canonical terms."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from revops_as_code.providers.base import RecordRequest, RecordUpdate
from revops_as_code.providers.hubspot import HubSpotProvider, records
from revops_as_code.providers.hubspot.client import HubSpotClient
from revops_as_code.providers.hubspot.sandbox.seed import seed
from revops_as_code.providers.hubspot.sandbox.store import HubSpotStore
from revops_as_code.validation import validate_path

from .sandbox_helpers import TOKEN, sandbox_transport

pytest.importorskip(
    "revops_as_code.providers.hubspot.sandbox.transport", reason="sandbox transport"
)

ROOT = Path(__file__).resolve().parents[3]
NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("records") / "hubspot.db"
    store = HubSpotStore(path)
    try:
        seed(store, "small", 42, now=NOW)
    finally:
        store.close()
    return path


@pytest.fixture(scope="module")
def defs() -> Any:
    result = validate_path(ROOT / "definitions")
    assert result.definitions is not None
    return result.definitions


class Recorder(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.sent: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        return self.inner.handle_request(request)


def provider(db: Path) -> tuple[HubSpotProvider, Recorder]:
    recorder = Recorder(sandbox_transport(db))
    client = HubSpotClient(TOKEN, transport=recorder, rate_limit=False, sleep=lambda s: None)
    return HubSpotProvider({"sandbox": True}, client=client), recorder


def test_an_sla_read_is_one_properties_call_and_filtered_search_pages(db: Path, defs: Any) -> None:
    hubspot, sent = provider(db)
    lifecycle = defs.lifecycles[0]
    contact = {f.key: f for s in defs.field_standards if s.object == "contact" for f in s.fields}
    request = RecordRequest(
        object="contact",
        fields=(contact["contact_owner"], contact["sla_first_touch_due_at"]),
        stages=lifecycle,
        actions=("first_touch",),
        entered_since=("mqa", NOW - timedelta(days=30)),
    )
    batches = list(hubspot.read_records(request))
    got = [r for b in batches for r in b.records]
    assert [r.method + " " + r.url.path for r in sent.sent] == [
        "GET /crm/v3/properties/contacts",
        *["POST /crm/v3/objects/contacts/search"] * len(batches),
    ]
    body = json.loads(sent.sent[1].content)
    assert body["limit"] == 200
    # Pushed to the server: entered MQA since the window start (the only live clock).
    assert body["filterGroups"] == [{"filters": [{
        "propertyName": "hs_lifecyclestage_marketingqualifiedlead_date",
        "operator": "GTE",
        "value": str(int((NOW - timedelta(days=30)).timestamp() * 1000)),
    }]}]  # fmt: skip
    # Only what the audit needs; the SLA field is not live yet, so it is reported missing.
    assert "email" not in body["properties"] and "hubspot_owner_id" in body["properties"]
    assert batches[0].missing_fields == ("sla_first_touch_due_at",)
    assert got and all(r.entered["mqa"] >= NOW - timedelta(days=30) for r in got)
    assert all(r.stage in {s.key for s in lifecycle.stages} for r in got)
    touched = [r for r in got if "first_touch" in r.acted]
    assert touched and all(isinstance(r.acted["first_touch"], datetime) for r in touched)
    assert sum(b.requests for b in batches) == len(sent.sent)


def test_a_pipeline_read_pushes_the_pipeline_and_batches_associations(db: Path, defs: Any) -> None:
    hubspot, sent = provider(db)
    pipeline = defs.pipeline("new_business")
    deal = {f.key: f for s in defs.field_standards if s.object == "deal" for f in s.fields}
    request = RecordRequest(
        object="deal", fields=(deal["amount"], deal["deal_type"]), stages=pipeline,
        related=("company",),
    )  # fmt: skip
    got = [r for b in hubspot.read_records(request) for r in b.records]
    paths = [r.url.path for r in sent.sent]
    searches = paths.count("/crm/v3/objects/deals/search")
    assert searches == -(-400 // 200)  # 400 deals, 200 a page
    assert paths.count("/crm/v4/associations/deals/companies/batch/read") == searches
    assert len(got) == 400 and all(r.related.get("company") for r in got)
    assert {r.stage for r in got} <= {s.key for s in pipeline.stages}
    assert {r.values.get("deal_type") for r in got} <= {"newbusiness", "existingbusiness", None}
    won = next(r for r in got if r.stage == "closed_won")
    assert "closed_won" in won.entered and "discovery" in won.entered


def test_search_past_10000_results_falls_back_to_the_list(
    db: Path, defs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(records, "SEARCH_MAX_RESULTS", 100)
    hubspot, sent = provider(db)
    pipeline = defs.pipeline("new_business")
    got = [r for b in hubspot.read_records(
        RecordRequest(object="deal", stages=pipeline, related=("company",))
    ) for r in b.records]  # fmt: skip
    paths = [r.url.path for r in sent.sent]
    assert paths.count("/crm/v3/objects/deals/search") == 1
    assert paths.count("/crm/v3/objects/deals") == 4  # 100 a page, associations inline
    assert len(got) == 400 and all(r.related.get("company") for r in got)


def test_unsupported_actions_and_the_default_contract(db: Path, defs: Any) -> None:
    hubspot, _ = provider(db)
    request = RecordRequest(object="deal", stages=defs.pipeline("new_business"),
                            actions=("meeting_booked",))  # fmt: skip
    first = next(iter(hubspot.read_records(request)))
    assert first.unsupported_actions == ("meeting_booked",)


def test_update_records_writes_100_a_call_and_reads_back(tmp_path: Path, defs: Any) -> None:
    path = tmp_path / "hubspot.db"
    store = HubSpotStore(path)
    seed(store, "small", 42, now=NOW)
    store.close()
    hubspot, sent = provider(path)
    company = {f.key: f for s in defs.field_standards if s.object == "company" for f in s.fields}
    target = company["target_account"]
    ids = [str(20_000_000_000 + i) for i in range(1, 151)]
    updates = [RecordUpdate("company", i, {"target_account": True}) for i in ids]
    assert hubspot.update_records(updates, [target]) == 150
    writes = [r for r in sent.sent if r.url.path.endswith("/batch/update")]
    assert len(writes) == 2
    got = [r for b in hubspot.read_records(RecordRequest(object="company", fields=(target,)))
           for r in b.records]  # fmt: skip
    assert all(r.values.get("target_account") is True for r in got if r.id in set(ids))


def test_values_are_canonical() -> None:
    assert records.parse_time("2026-11-20T15:00:00.000Z") == NOW
    assert records.parse_time(str(int(NOW.timestamp() * 1000))) == NOW
    assert records.parse_time("2026-11-20") == datetime(2026, 11, 20, tzinfo=UTC)
    assert records.parse_time("") is None and records.parse_time("soon") is None
