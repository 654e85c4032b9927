"""Field standards -> Marketo lead fields: names, types, standard fields, gaps."""

from __future__ import annotations

from pathlib import Path

from revops_as_code.diagnostics import Severity
from revops_as_code.providers.marketo.compile import compile_definitions
from revops_as_code.providers.marketo.model import rid
from revops_as_code.validation import validate_path

from .conftest import definitions

REPO = Path(__file__).resolve().parents[3]


def _contact(*fields: dict[str, object]) -> dict[str, object]:
    return {"kind": "FieldStandard", "object": "contact", "fields": list(fields)}


def _field(key: str, type_: str, **extra: object) -> dict[str, object]:
    return {"key": key, "label": key.title(), "type": type_, "description": "Why.", **extra}


def test_the_bundled_definitions_compile_to_lead_fields() -> None:
    result = validate_path(REPO / "definitions")
    assert result.definitions is not None
    compiled = compile_definitions(result.definitions)
    names = sorted(r.id.key for r in compiled.resources)
    assert names == [
        "email", "firstSalesTouchAt", "lastEngagementDate", "leadSource", "leadStatus",
        "mqaDate", "slaFirstTouchBreached", "slaFirstTouchDueAt", "sqlDate",
    ]  # fmt: skip
    status = compiled.resources[rid("leadStatus")]
    assert status.origin == "field/contact/lifecyclestage" and status.attributes == {}
    assert status.protect
    assert compiled.resources[rid("sqlDate")].attributes["data_type"] == "datetime"
    assert compiled.resources[rid("email")].attributes == {}
    codes = {d.code for d in compiled.diagnostics}
    assert {"MK101", "MK102", "MK103", "RV501"} <= codes
    assert not [d for d in compiled.diagnostics if d.severity is Severity.ERROR]


def test_types_and_overrides() -> None:
    compiled = compile_definitions(
        definitions(
            _contact(
                _field("score_value", "number"),
                _field("seat_count", "number", api_types={"marketo": "integer"}),
                _field("notes", "text"),
                _field("opted_in", "bool", pii=True),
                _field("tier", "enum", options=[{"key": "a", "label": "A"}]),
                _field("legacy_name", "string", api_names={"marketo": "Legacy_Name__c"}),
            )
        )
    )
    types = {r.id.key: r.attributes.get("data_type") for r in compiled.resources}
    assert types == {
        "scoreValue": "float",
        "seatCount": "integer",
        "notes": "string",
        "optedIn": "boolean",
        "tier": "string",
        "Legacy_Name__c": "string",
    }
    assert compiled.resources[rid("optedIn")].attributes["is_sensitive"] is True
    gaps = [d.message for d in compiled.diagnostics if d.code == "RV501"]
    assert any("options of tier" in g and "no picklist" in g for g in gaps)
    assert any("multi-line text of notes" in g for g in gaps)


def test_a_type_marketo_cannot_create_is_an_error() -> None:
    compiled = compile_definitions(
        definitions(_contact(_field("notes", "text", api_types={"marketo": "textarea"})))
    )
    (error,) = [d for d in compiled.diagnostics if d.severity is Severity.ERROR]
    assert error.code == "MK104" and "textarea" in error.message
    assert error.hint and "datetime" in error.hint
    assert not list(compiled.resources)


def test_lifecycle_field_maps_to_lead_status() -> None:
    compiled = compile_definitions(
        definitions(
            _contact(_field("stage", "enum")),
            {
                "kind": "Lifecycle",
                "key": "journey",
                "label": "Journey",
                "field": "stage",
                "stages": [{"key": "lead", "label": "Lead"}, {"key": "sql", "label": "SQL"}],
            },
        )
    )
    assert [r.id.key for r in compiled.resources] == ["leadStatus"]
    gaps = [d.message for d in compiled.diagnostics if d.code == "RV501"]
    assert len(gaps) == 1 and "stages as values of leadStatus" in gaps[0]


def test_ignore_names_map_to_marketo_attributes() -> None:
    compiled = compile_definitions(
        definitions(_contact(_field("mqa_date", "datetime", ignore=["label", "type"])))
    )
    (resource,) = compiled.resources
    assert resource.ignore == frozenset({"display_name", "data_type"})
