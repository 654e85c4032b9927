"""Field profiles for the consistency report: the seeded instance's planted disagreements,
exactly as the manifest counts them, with pinned request counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from revops_as_code.compile import compile_for
from revops_as_code.providers.base import Scope
from revops_as_code.providers.marketo import MarketoProvider
from revops_as_code.providers.marketo.sandbox import MarketoStore
from revops_as_code.providers.marketo.sandbox.seed import stored_manifest
from revops_as_code.validation import validate_path

from .helpers import provider
from .test_compile import REPO

pytest.importorskip("revops_as_code.providers.profiles", reason="the field-profiles contract")


def _profiles(made: MarketoProvider, with_compile: bool = True) -> object:
    result = validate_path(REPO / "definitions")
    assert result.definitions is not None
    compiled = compile_for(made, result.definitions)
    if not with_compile:
        made._meta = None
    snapshot = made.read_live(Scope())
    sent = made.client.request_count
    profiles = made.field_profiles(snapshot, compiled)
    assert made.client.request_count - sent == (2 if with_compile else 0)  # 120 leads: 1 + 1 empty
    return profiles


def test_the_planted_disagreements_with_exact_counts(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    made = provider(db)
    profiles = _profiles(made)
    store = MarketoStore(db)
    try:
        manifest = stored_manifest(store)
    finally:
        store.close()
    assert manifest is not None
    planted = manifest.planted
    by_ref = {f.ref: f for f in profiles.fields}  # type: ignore[attr-defined]
    assert profiles.role == "map"  # type: ignore[attr-defined]

    engagement = by_ref["field/contact/last_engagement_date"]
    # No planted type disagreement here (the seeded Salesforce org holds it: apply can fix it
    # there, never in Marketo): the field is the standard's datetime.
    assert (engagement.vendor_type, engagement.type) == ("datetime", "datetime")
    assert planted["type_mismatches"] == {}
    assert [f.name for f in profiles.fields if not f.exists] == planted["missing_fields"]  # type: ignore[attr-defined]

    source = by_ref["field/contact/lead_source"]
    assert source.name == "leadSource" and source.options is None and not source.restricted
    assert source.held_values is not None
    for value, count in planted["lead_source_values"].items():
        assert source.held_values[value] == count
    assert sum(source.held_values.values()) == 120

    (synced,) = profiles.unmapped_synced  # type: ignore[attr-defined]
    assert synced.name in planted["fields_not_in_standard"] and synced.synced_with == "crm"

    (lifecycle,) = profiles.lifecycle  # type: ignore[attr-defined]
    assert (lifecycle.ref, lifecycle.field, lifecycle.source) == (
        "lifecycle/buyer_journey", "leadStatus", "records",
    )  # fmt: skip
    assert lifecycle.counts["Recycled"] == planted["lead_status_values"]["Recycled"] == 6
    assert lifecycle.location.startswith("definitions/lifecycle.yaml")
    assert any("lower bound" in n for n in profiles.notes)  # type: ignore[attr-defined]


def test_without_its_own_compile_it_says_what_it_did_not_read(tmp_path: Path) -> None:
    profiles = _profiles(provider(tmp_path / "m.db"), with_compile=False)
    assert all(f.held_values is None for f in profiles.fields)  # type: ignore[attr-defined]
    assert profiles.lifecycle == ()  # type: ignore[attr-defined]
    assert any("held values not read" in n for n in profiles.notes)  # type: ignore[attr-defined]


def test_text_fields_report_their_length(tmp_path: Path) -> None:
    profiles = _profiles(provider(tmp_path / "m.db"))
    by_name = {f.name: f for f in profiles.fields}  # type: ignore[attr-defined]
    assert by_name["leadSource"].max_length == 255
    assert by_name["mqaDate"].max_length is None
