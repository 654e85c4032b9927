"""Import: the seeded instance's custom fields -> a contact field standard that compiles back
to what is live (the managed attributes), standard fields explained."""

from __future__ import annotations

from pathlib import Path

from revops_as_code.diff.attributes import diff_attributes
from revops_as_code.providers.base import Scope
from revops_as_code.providers.marketo.compile import compile_definitions
from revops_as_code.providers.marketo.model import rid
from revops_as_code.providers.marketo.provider import CAPABILITIES

from .conftest import definitions
from .helpers import provider


def test_seeded_custom_fields_round_trip(tmp_path: Path) -> None:
    made = provider(tmp_path / "m.db")
    snapshot = made.read_live(Scope())
    (document,) = made.decompile(snapshot)
    fields = {f["key"]: f for f in document["fields"]}  # type: ignore[union-attr,index]
    assert sorted(fields) == [
        "first_sales_touch_at", "last_engagement_date", "legacy_lead_score", "mqa_date",
        "sla_first_touch_breached", "sla_first_touch_due_at",
    ]  # fmt: skip
    legacy = fields["legacy_lead_score"]
    assert (legacy["type"], legacy["api_types"]) == ("number", {"marketo": "integer"})
    assert legacy["ignore"] == ["description"]  # no live description: a placeholder
    compiled = compile_definitions(
        definitions({k: v for k, v in document.items() if k != "apiVersion"})
    )
    capability = CAPABILITIES.kinds["lead_field"]
    for resource in compiled.resources:
        live = snapshot.resources[resource.id]
        assert not diff_attributes(
            live.attributes, resource.attributes, capability, ignore=resource.ignore
        ), resource.id
    notes = made.import_notes(snapshot)
    assert rid("email") in notes and "standard field" in notes[rid("email")][0]
    assert len(notes) == 30 - 6


def test_keys_the_definitions_use_are_not_reused(tmp_path: Path) -> None:
    import dataclasses

    made = provider(tmp_path / "m.db")
    snapshot = dataclasses.replace(
        made.read_live(Scope()), defined=frozenset({"field/contact/mqa_date"})
    )
    (document,) = made.decompile(snapshot)
    fields = {f["key"]: f for f in document["fields"]}  # type: ignore[union-attr,index]
    assert fields["mqa_date_marketo"]["api_names"] == {"marketo": "mqaDate"}
