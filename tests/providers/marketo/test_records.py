"""Records for `revops audit` on Marketo: leads read by id scan and written through the lead
sync, against the seeded in-process sandbox (its planted values counted by the manifest)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from revops_as_code.audit.run import audit
from revops_as_code.errors import ProviderError, UsageError
from revops_as_code.providers.base import RecordRequest, RecordUpdate
from revops_as_code.providers.marketo.records import (
    ID_BATCH,
    UPDATE_BATCH,
    mk_name,
    read_records,
    update_records,
)
from revops_as_code.providers.marketo.records_write import stored
from revops_as_code.providers.marketo.sandbox import MarketoStore
from revops_as_code.providers.marketo.sandbox.seed import LEADS, stored_manifest
from revops_as_code.validation import validate_path

from .helpers import provider
from .test_compile import REPO


@pytest.fixture(scope="module")
def bundled() -> Any:
    result = validate_path(REPO / "definitions")
    assert result.definitions is not None
    return result.definitions


def _contact(definitions: Any) -> dict[str, Any]:
    (standard,) = [s for s in definitions.field_standards if s.object == "contact"]
    return {f.key: f for f in standard.fields}


def _lifecycle(definitions: Any) -> Any:
    (lifecycle,) = [lc for lc in definitions.lifecycles if lc.object == "contact"]
    return lifecycle


def _read(client: Any, request: RecordRequest) -> tuple[list[Any], list[Any]]:
    batches = list(read_records(client, request))
    return [r for b in batches for r in b.records], batches


def _calls(client: Any) -> int:
    """REST calls sent, identity calls left out (the first call of a client gets a token)."""
    return int(client.request_count - client.token_count)


def _planted(db: Path) -> dict[str, Any]:
    store = MarketoStore(db)
    try:
        manifest = stored_manifest(store)
    finally:
        store.close()
    assert manifest is not None
    return manifest.planted


def _add_leads(db: Path, n: int) -> None:
    store = MarketoStore(db)
    try:
        for i in range(n):
            store.insert_lead({"email": f"extra.{i}@example.com", "leadSource": "webinar"})
    finally:
        store.close()


def test_contacts_are_leads_read_by_id_with_option_keys_and_stored_values(
    tmp_path: Path, bundled: Any
) -> None:
    db = tmp_path / "m.db"
    made = provider(db)
    fields = _contact(bundled)
    request = RecordRequest(
        object="contact",
        fields=(fields["lead_source"], fields["last_engagement_date"], fields["sql_date"]),
        actions=("first_touch",),
    )
    records, batches = _read(made.client, request)
    # describe2, ids 1-300 (all 120 leads), ids 301-600 (none: the scan ends).
    assert _calls(made.client) == 3
    assert sum(b.requests for b in batches) == made.client.request_count
    assert len(records) == LEADS
    assert len({r.id for r in records}) == LEADS
    assert all(b.total is None for b in batches)  # an id scan cannot know the total
    assert batches[0].missing_fields == ("sql_date",)  # sqlDate is planted missing
    assert batches[0].unsupported_actions == ("first_touch",)
    sources = Counter(r.values.get("lead_source") for r in records)
    planted = _planted(db)["lead_source_values"]
    for value, count in planted.items():
        assert sources[value] == count  # no option has it: kept as stored
    option_keys = {o.key for o in fields["lead_source"].options}
    on_options = sum(n for v, n in sources.items() if v in option_keys)
    assert on_options == LEADS - sum(planted.values())
    engaged = records[0].values["last_engagement_date"]
    assert isinstance(engaged, datetime) and engaged.tzinfo is not None


def test_the_lifecycle_is_lead_status_mapped_to_stage_keys(tmp_path: Path, bundled: Any) -> None:
    db = tmp_path / "m.db"
    made = provider(db)
    lifecycle = _lifecycle(bundled)
    fields = _contact(bundled)
    assert mk_name(fields["lifecyclestage"], "lifecyclestage") == "leadStatus"
    records, _ = _read(
        made.client,
        RecordRequest(object="contact", fields=(fields["lifecyclestage"],), stages=lifecycle),
    )
    stages = Counter(r.stage for r in records)
    planted = _planted(db)["lead_status_values"]
    assert stages["Recycled"] == planted["Recycled"]  # no stage: kept as stored
    keys = {s.key for s in lifecycle.stages}
    assert sum(n for s, n in stages.items() if s in keys) == LEADS - sum(planted.values())
    assert stages["mqa"] > 0  # stored as the label "Marketing qualified account"
    # The stage field asked for as a field reads as stage keys too.
    assert all(r.values.get("lifecyclestage") == r.stage for r in records)


def test_entry_times_come_from_the_stage_field_and_filter_entered_since(
    tmp_path: Path, bundled: Any
) -> None:
    db = tmp_path / "m.db"
    made = provider(db)
    store = MarketoStore(db)
    try:
        store.update_lead(3, {"mqaDate": "2026-11-20T10:00:00Z"})
        store.update_lead(4, {"mqaDate": "2026-10-01T10:00:00Z"})
    finally:
        store.close()
    since = datetime(2026, 11, 1, tzinfo=UTC)
    lifecycle = _lifecycle(bundled)
    everyone, _ = _read(made.client, RecordRequest(object="contact", stages=lifecycle))
    by_id = {r.id: r for r in everyone}
    assert by_id["3"].entered == {"mqa": datetime(2026, 11, 20, 10, tzinfo=UTC)}
    assert sum(1 for r in everyone if r.entered) == 2
    recent, _ = _read(
        made.client,
        RecordRequest(object="contact", stages=lifecycle, entered_since=("mqa", since)),
    )
    assert [r.id for r in recent] == ["3"]


def test_the_scan_reads_batch_after_batch_and_is_a_lower_bound_past_a_gap(
    tmp_path: Path, bundled: Any
) -> None:
    db = tmp_path / "m.db"
    made = provider(db)
    _add_leads(db, 2 * ID_BATCH - LEADS + 5)  # ids 1..605
    request = RecordRequest(object="contact", fields=(_contact(bundled)["lead_source"],))
    records, batches = _read(made.client, request)
    assert len(records) == 2 * ID_BATCH + 5
    assert [len(b.records) for b in batches] == [ID_BATCH, ID_BATCH, 5, 0]
    assert _calls(made.client) == 1 + 4
    # A gap of a whole batch (leads 301-600 gone) hides the leads after it: documented.
    store = MarketoStore(db)
    try:
        with store.transaction() as conn:
            conn.execute("DELETE FROM leads WHERE id BETWEEN 301 AND 600")
    finally:
        store.close()
    records, _ = _read(made.client, request)
    assert len(records) == ID_BATCH  # leads 601-605 exist but are not reached


def test_other_objects_read_empty_without_a_call(tmp_path: Path, bundled: Any) -> None:
    made = provider(tmp_path / "m.db")
    (company,) = [s for s in bundled.field_standards if s.object == "company"]
    sent = made.client.request_count
    (batch,) = read_records(
        made.client, RecordRequest(object="company", fields=company.fields[:2], actions=("x",))
    )
    assert made.client.request_count == sent
    assert batch.records == () and batch.total == 0
    assert batch.missing_fields == tuple(f.key for f in company.fields[:2])
    assert batch.unsupported_actions == ("x",)


def test_sync_round_trip_read_update_read_back(tmp_path: Path, bundled: Any) -> None:
    made = provider(tmp_path / "m.db")
    source = _contact(bundled)["lead_source"]
    request = RecordRequest(object="contact", fields=(source,))
    before, _ = _read(made.client, request)
    off = [r for r in before if r.values.get("lead_source") == "PPC"]
    assert len(off) == 7
    updates = [RecordUpdate("contact", r.id, {"lead_source": "paid_search"}) for r in off]
    sent = made.client.request_count
    assert update_records(made.client, updates, [source]) == len(off)
    assert made.client.request_count - sent == 1  # one updateOnly sync for 7 leads
    after, _ = _read(made.client, request)
    changed = {r.id: r.values["lead_source"] for r in after if r.id in {u.id for u in updates}}
    assert set(changed.values()) == {"paid_search"}
    untouched = {r.id: r.values for r in before if r.id not in changed}
    assert {r.id: r.values for r in after if r.id not in changed} == untouched
    # Clearing a value (None) sends null: the field reads back as not set.
    update_records(made.client, [RecordUpdate("contact", off[0].id, {"lead_source": None})],
                   [source])  # fmt: skip
    again = {r.id: r for r in _read(made.client, request)[0]}
    assert "lead_source" not in again[off[0].id].values


def test_updates_go_in_syncs_of_300(tmp_path: Path, bundled: Any) -> None:
    db = tmp_path / "m.db"
    made = provider(db)
    _add_leads(db, UPDATE_BATCH + 1 - LEADS)
    source = _contact(bundled)["lead_source"]
    updates = [
        RecordUpdate("contact", str(i), {"lead_source": "partner"})
        for i in range(1, UPDATE_BATCH + 2)
    ]
    assert update_records(made.client, updates, [source]) == UPDATE_BATCH + 1
    assert _calls(made.client) == 2
    records, _ = _read(made.client, RecordRequest(object="contact", fields=(source,)))
    assert {r.values["lead_source"] for r in records} == {"partner"}


def test_skipped_leads_raise_naming_them_after_the_rest_is_written(
    tmp_path: Path, bundled: Any
) -> None:
    made = provider(tmp_path / "m.db")
    source = _contact(bundled)["lead_source"]
    updates = [
        RecordUpdate("contact", "2", {"lead_source": "referral"}),
        RecordUpdate("contact", "99999", {"lead_source": "referral"}),
    ]
    with pytest.raises(ProviderError) as caught:
        update_records(made.client, updates, [source])
    message = caught.value.message
    assert "lead 99999" in message and "1004" in message and "1 were written" in message
    assert caught.value.hint
    records = {r.id: r for r in _read(made.client, RecordRequest("contact", (source,)))[0]}
    assert records["2"].values["lead_source"] == "referral"


def test_a_missing_lead_field_is_a_skipped_update(tmp_path: Path, bundled: Any) -> None:
    made = provider(tmp_path / "m.db")
    sql_date = _contact(bundled)["sql_date"]  # planted missing in the instance
    moment = datetime(2026, 11, 2, 9, tzinfo=UTC)
    with pytest.raises(ProviderError, match="1006"):
        update_records(made.client, [RecordUpdate("contact", "1", {"sql_date": moment})],
                       [sql_date])  # fmt: skip


def test_non_contact_and_non_lead_updates_are_refused_before_sending(
    tmp_path: Path, bundled: Any
) -> None:
    made = provider(tmp_path / "m.db")
    source = _contact(bundled)["lead_source"]
    sent = made.client.request_count
    with pytest.raises(UsageError, match="company") as caught:
        update_records(made.client, [RecordUpdate("company", "1", {"tier": "t1"})], [source])
    assert caught.value.hint
    with pytest.raises(UsageError, match="not a Marketo lead id"):
        update_records(made.client, [RecordUpdate("contact", "00Q1", {"lead_source": "x"})],
                       [source])  # fmt: skip
    assert made.client.request_count == sent


def test_values_are_written_as_marketo_stores_them(bundled: Any) -> None:
    fields = _contact(bundled)
    moment = datetime(2026, 11, 2, 10, 30, tzinfo=UTC)
    assert stored(fields["last_engagement_date"], moment) == "2026-11-02T10:30:00Z"
    assert stored(fields["lead_source"], "paid_search") == "paid_search"
    assert stored(fields["lead_source"], "not-an-option") == "not-an-option"
    assert stored(fields["lead_source"], None) is None
    assert stored(fields["lead_source"], True) is True
    assert stored(fields["lead_source"], 3.0) == 3


def test_audit_sync_round_trip_over_the_bundled_definitions(tmp_path: Path, bundled: Any) -> None:
    db = tmp_path / "m.db"
    made = provider(db)
    wired = made  # provider.py delegates read_records/update_records to records.py
    now = datetime(2026, 12, 1, tzinfo=UTC)
    since = datetime(2026, 10, 1, tzinfo=UTC)
    report, plan = audit(bundled, wired, now=now, since=since)
    assert report.records_read >= LEADS
    # Of the planted variants only "paid-search" is an exact `replaces` entry (the seed's
    # docstring): --sync maps exactly those leads to the option that replaces it.
    merged = plan.merged()
    assert len(merged) == _planted(db)["lead_source_values"]["paid-search"]
    assert {u.values["lead_source"] for u in merged} == {"paid_search"}
    assert wired.update_records(merged, plan.fields) == len(merged)
    source = _contact(bundled)["lead_source"]
    by_id = {r.id: r for r in _read(made.client, RecordRequest("contact", (source,)))[0]}
    assert {by_id[u.id].values["lead_source"] for u in merged} == {"paid_search"}
    _, again = audit(bundled, wired, now=now, since=since)
    assert again.empty  # nothing left to write: the sync settled
