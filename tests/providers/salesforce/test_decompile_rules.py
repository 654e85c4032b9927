"""Range rules revops generated import back as a field's bounds, proven by compiling; any
other validation rule is reported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from revops_as_code.providers.salesforce.decompile import decompile
from revops_as_code.resources import Resource

from .decompile_helpers import fields_of, import_notes, round_trip, rule, same, snapshot


def _compiled_org(tmp_path: Path, obj: str, definition: dict[str, Any]) -> list[Resource]:
    """What revops makes of one field definition: the 'live' org after an apply."""
    from revops_as_code.providers.salesforce.compile import compile_definitions

    from .decompile_helpers import write

    doc = {"apiVersion": "revops.dev/v1", "kind": "FieldStandard", "object": obj,
           "fields": [definition]}  # fmt: skip
    result = write([doc], tmp_path / "applied")
    assert result.ok, [str(d) for d in result.errors]
    return list(compile_definitions(result.raise_for_errors()).resources)


@pytest.mark.parametrize(
    ("obj", "bounds"),
    [("deal", {"minimum": 0, "maximum": 100}), ("deal", {"minimum": 0.5}),
     ("contact", {"maximum": 1000}), ("company", {"minimum": -20})],
)  # fmt: skip
def test_a_generated_range_rule_imports_as_bounds(
    tmp_path: Path, obj: str, bounds: dict[str, Any]
) -> None:
    live = _compiled_org(tmp_path, obj, {"key": "score", "label": "Score", "type": "number",
                                         "description": "Fit score", **bounds})  # fmt: skip
    assert any(r.id.kind == "validation_rule" for r in live)
    snap = snapshot(*live)
    assert import_notes(snap) == {}
    (imported,) = fields_of(decompile(snap), obj).values()
    assert {k: imported[k] for k in bounds} == {k: float(v) for k, v in bounds.items()}
    _, compiled = round_trip(snap, tmp_path / "imported")
    same(live, compiled, set())


def test_a_hand_written_or_edited_rule_is_reported(tmp_path: Path) -> None:
    live = _compiled_org(tmp_path, "deal", {"key": "score", "label": "Score", "type": "number",
                                            "description": "Fit score", "minimum": 0})  # fmt: skip
    edited = [
        Resource(r.id, {**r.attributes, "message": "Score must be positive, please."})
        if r.id.kind == "validation_rule" else r
        for r in live
    ]  # fmt: skip
    snap = snapshot(*edited, rule("New_Business_Demo_Exit"))
    notes = import_notes(snap)
    assert {r.key for r in notes} == {
        "Opportunity.Score_Range",
        "Opportunity.New_Business_Demo_Exit",
    }
    assert all("exit_criteria" in action for _, action in notes.values())
    (imported,) = fields_of(decompile(snap), "deal").values()
    assert "minimum" not in imported


def test_a_contact_rule_on_lead_only_is_reported(tmp_path: Path) -> None:
    live = _compiled_org(tmp_path, "contact", {"key": "score", "label": "Score",
                                               "type": "number", "description": "Fit score",
                                               "maximum": 10})  # fmt: skip
    without_contact_rule = [
        r for r in live if not (r.id.kind == "validation_rule" and r.id.key.startswith("Contact."))
    ]
    notes = import_notes(snapshot(*without_contact_rule))
    assert [r.key for r in notes] == ["Lead.Score_Range"]
