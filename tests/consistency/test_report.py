"""The consistency engine (revops_as_code/consistency/): hand-built
field profiles of two targets and small definitions written to a temporary directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from revops_as_code.consistency.render import render_json, render_text
from revops_as_code.consistency.report import (
    CRM_STAGE_UNMATCHED,
    MAP_VALUE_UNMATCHED,
    MISSING,
    OPTIONS_DIFFER,
    REJECTED_VALUES,
    TYPE_MISMATCH,
    UNMAPPED_SYNCED,
    ConsistencyReport,
    TargetProfiles,
    compare,
)
from revops_as_code.diagnostics import Severity
from revops_as_code.models import Definitions
from revops_as_code.providers.profiles import (
    FieldProfiles,
    LifecycleValues,
    LiveField,
    SyncedField,
)
from revops_as_code.validation.pipeline import validate_path

CONTACT = """\
apiVersion: revops.dev/v1
kind: FieldStandard
object: contact
fields:
  - key: stage
    label: Stage
    type: enum
    description: The lifecycle stage.
  - key: lead_source
    label: Lead source
    type: enum
    description: First channel.{sor}
    options:
      - {{key: paid_search, label: Paid search, replaces: [ppc, paid-search]}}
      - {{key: webinar, label: Webinar}}
      - {{key: event, label: Event, api_names: {{crmsys: Event}}}}
  - key: seen_at
    label: Seen at
    type: datetime
    description: Last seen.
  - key: score
    label: Score
    type: number
    description: A score.
  - key: nickname
    label: Nickname
    type: string
    description: What they like to be called.
"""

LIFECYCLE = """\
apiVersion: revops.dev/v1
kind: Lifecycle
key: journey
label: Journey
object: contact
field: stage
stages:
  - {key: lead, label: Lead}
  - {key: mqa, label: Marketing qualified, api_ids: {crmsys: MQL}}
  - {key: customer, label: Customer}
"""


def definitions(tmp_path: Path, system_of_record: str | None = None) -> Definitions:
    root = tmp_path / "definitions"
    root.mkdir(exist_ok=True)
    sor = f"\n    system_of_record: {system_of_record}" if system_of_record else ""
    (root / "contact.yaml").write_text(CONTACT.format(sor=sor), encoding="utf-8")
    (root / "lifecycle.yaml").write_text(LIFECYCLE, encoding="utf-8")
    result = validate_path(root)
    assert result.ok and result.definitions is not None, result.diagnostics
    return result.definitions


def live(ref: str, name: str, type_: str | None, **kw: object) -> LiveField:
    return LiveField(
        ref=ref, name=name, exists=True, type=type_, vendor_type=kw.pop("vendor", type_),  # type: ignore[arg-type]
        source=f"definitions/contact.yaml:{kw.pop('line', 5)}:5", **kw,  # type: ignore[arg-type]
    )  # fmt: skip


def two(
    crm: list[LiveField],
    mapf: list[LiveField],
    *,
    crm_lifecycle: tuple[LifecycleValues, ...] = (),
    map_lifecycle: tuple[LifecycleValues, ...] = (),
    synced: tuple[SyncedField, ...] = (),
) -> dict[str, TargetProfiles | None]:
    return {
        "crm": TargetProfiles(
            "crm", "crmsys", FieldProfiles("crm", tuple(crm), lifecycle=crm_lifecycle)
        ),
        "map": TargetProfiles(
            "map",
            "mapsys",
            FieldProfiles("map", tuple(mapf), unmapped_synced=synced, lifecycle=map_lifecycle),
        ),
    }


SEEN = "field/contact/seen_at"
SOURCE = "field/contact/lead_source"
OPTIONS = ("paid_search", "webinar", "Event")


def codes(report: ConsistencyReport) -> list[str]:
    return [f.code for f in report.findings]


def test_agreeing_systems_have_no_findings(tmp_path: Path) -> None:
    defs = definitions(tmp_path)
    report = compare(
        two(
            [live(SEEN, "Seen_At__c", "datetime"), live(SOURCE, "Src__c", "enum", options=OPTIONS, restricted=True)],
            # A system without option lists keeps the enum as free text: compatible.
            [live(SEEN, "seenAt", "datetime"), live(SOURCE, "src", "string", held_values={"webinar": 3})],
        ),
        defs,
    )  # fmt: skip
    assert report.agrees and report.findings == ()
    assert report.fields_compared == 2
    assert report.compared == ("crm", "map")
    assert "agree on the 2 fields" in render_text(report)


def test_a_type_mismatch_names_the_system_that_differs_from_the_definition(tmp_path: Path) -> None:
    report = compare(
        two([live(SEEN, "Seen_At__c", "datetime", line=20)], [live(SEEN, "seenAt", "date")]),
        definitions(tmp_path),
    )
    (finding,) = report.findings
    assert finding.code == TYPE_MISMATCH and finding.kind == "type"
    assert finding.fix_in == "map"
    assert "make map's seenAt a datetime field" in finding.fix
    assert finding.location == "definitions/contact.yaml:20:5"
    diagnostic = finding.diagnostic()
    assert diagnostic.severity is Severity.WARNING
    assert (diagnostic.location.file, diagnostic.location.line) == ("definitions/contact.yaml", 20)
    assert diagnostic.hint == finding.fix


def test_system_of_record_makes_the_other_system_follow(tmp_path: Path) -> None:
    # The map owns the field and holds dates: the CRM follows, and the definition too.
    defs = definitions(tmp_path, system_of_record=None)
    root = tmp_path / "definitions" / "contact.yaml"
    root.write_text(
        root.read_text().replace("description: Last seen.", "description: Last seen.\n    system_of_record: mapsys"),
        encoding="utf-8",
    )  # fmt: skip
    defs = validate_path(tmp_path / "definitions").definitions
    assert defs is not None
    report = compare(
        two([live(SEEN, "Seen_At__c", "datetime")], [live(SEEN, "seenAt", "date")]), defs
    )
    (finding,) = report.findings
    assert finding.fix_in == "crm"
    assert finding.fix.startswith("mapsys owns this field (system_of_record)")
    assert "make crm's Seen_At__c a date field" in finding.fix
    assert "set `type: date` in the definition" in finding.fix


def test_a_field_one_system_lacks(tmp_path: Path) -> None:
    missing = LiveField(SEEN, "seenAt", exists=False, source="definitions/contact.yaml:9:5")
    report = compare(two([live(SEEN, "Seen_At__c", "datetime")], [missing]), definitions(tmp_path))
    (finding,) = report.findings
    assert (finding.code, finding.fix_in) == (MISSING, "map")
    assert "revops apply" in finding.fix


def test_options_in_one_list_and_not_the_other(tmp_path: Path) -> None:
    report = compare(
        two(
            [live(SOURCE, "Src__c", "enum", options=(*OPTIONS, "Partner"), restricted=True)],
            [live(SOURCE, "src", "enum", options=("paid_search", "event"), restricted=True)],
        ),
        definitions(tmp_path),
    )
    (finding,) = report.findings
    assert finding.code == OPTIONS_DIFFER
    assert "only crm's Src__c offers 'webinar', 'Event', 'Partner'" in finding.message
    assert "only map's src offers 'event'" in finding.message
    assert "'Partner' in crm is no option of the definition" in finding.fix
    assert "`revops apply` adds 'webinar' to map" in finding.fix
    # `event` is stored as Event in crmsys and as event in mapsys: the sync copies values.
    assert "option 'event' is stored differently in crm and map" in finding.fix
    assert finding.fix_in is None


def test_held_values_the_other_system_refuses(tmp_path: Path) -> None:
    report = compare(
        two(
            [live(SOURCE, "Src__c", "enum", options=OPTIONS, restricted=True)],
            [live(SOURCE, "src", "string", held_values={"paid-search": 5, "PPC": 7, "webinar": 9})],
        ),
        definitions(tmp_path),
    )  # fmt: skip
    (finding,) = report.findings
    assert finding.code == REJECTED_VALUES and finding.targets == ("map", "crm")
    assert "12 records in map hold 'PPC' (7), 'paid-search' (5)" in finding.message
    # `replaces` is matched exactly: "paid-search" is listed, "PPC" (case) is not.
    assert "maps 'paid-search' -> paid_search" in finding.fix
    assert "add 'PPC' to the definition's options" in finding.fix


def test_an_unrestricted_list_takes_any_value(tmp_path: Path) -> None:
    report = compare(
        two(
            [live(SOURCE, "Src__c", "enum", options=OPTIONS, restricted=False)],
            [live(SOURCE, "src", "string", held_values={"PPC": 7})],
        ),
        definitions(tmp_path),
    )
    assert report.agrees


def test_values_too_long_or_not_of_the_other_type(tmp_path: Path) -> None:
    nick, score = "field/contact/nickname", "field/contact/score"
    report = compare(
        two(
            [live(nick, "Nick__c", "string", max_length=5), live(score, "Score__c", "number")],
            [
                live(nick, "nick", "string", held_values={"Bo": 2, "Alexandra": 1}),
                live(score, "score", "number", held_values={"12": 1, "n/a": 4, "3.5": 2}),
            ],
        ),
        definitions(tmp_path),
    )
    by_ref = {f.ref: f for f in report.findings}
    assert codes(report) == [REJECTED_VALUES, REJECTED_VALUES]
    assert (
        "'Alexandra' (1)" in by_ref[nick].message and "at most 5 characters" in by_ref[nick].message
    )
    assert "'Bo'" not in by_ref[nick].message
    assert "'n/a' (4)" in by_ref[score].message and "'12'" not in by_ref[score].message


def test_system_of_record_decides_who_cleans_refused_values(tmp_path: Path) -> None:
    defs = definitions(tmp_path, system_of_record="crmsys")
    report = compare(
        two(
            [live(SOURCE, "Src__c", "enum", options=OPTIONS, restricted=True)],
            [live(SOURCE, "src", "string", held_values={"PPC": 7})],
        ),
        defs,
    )
    (finding,) = report.findings
    assert finding.fix_in == "map"
    assert finding.fix.startswith("crmsys owns this field")


def _stage(name: str, kind: str = "enum", **kw: object) -> LiveField:
    return live("field/contact/stage", name, kind, **kw)


def test_lifecycle_values_without_an_equivalent(tmp_path: Path) -> None:
    crm = LifecycleValues(
        "field/contact/stage", "Lead.Status", ("lead", "MQL", "customer", "Nurture")
    )
    map_ = LifecycleValues(
        "lifecycle/journey", "status", ("lead", "mqa", "Recycled"), source="records",
        counts={"lead": 4, "mqa": 2, "Recycled": 6},
    )  # fmt: skip
    report = compare(
        two(
            [_stage("Lead.Status", options=crm.values, restricted=True)],
            # The stage field itself: held values are the lifecycle's, not compared twice.
            [_stage("status", "string", held_values=map_.counts)],
            crm_lifecycle=(crm,),
            map_lifecycle=(map_,),
        ),
        definitions(tmp_path),
    )
    assert {f.kind for f in report.findings} == {"lifecycle"}
    assert all(f.code == MAP_VALUE_UNMATCHED for f in report.findings)
    # The map keeps no list: the crm stages no lead holds yet ("Nurture") are not findings.
    spelled, recycled = report.findings
    assert (
        "holds 'mqa' (2 records) for mqa (crm: 'MQL'), which crm's Lead.Status spells differently"
        in spelled.message
    )
    assert "`api_ids` for mapsys and crmsys" in spelled.fix and spelled.fix_in is None
    assert "holds 'Recycled' (6 records)" in recycled.message
    assert "'Recycled' is no stage of lifecycle/journey" in recycled.fix
    assert recycled.fix_in == "map"


def test_crm_stages_with_no_equivalent_in_a_list_keeping_system(tmp_path: Path) -> None:
    crm = LifecycleValues("lifecycle/journey", "Lead.Status", ("lead", "MQL", "customer"))
    map_ = LifecycleValues("lifecycle/journey", "status", ("lead", "customer"))
    report = compare(
        two([], [], crm_lifecycle=(crm,), map_lifecycle=(map_,)), definitions(tmp_path)
    )
    (finding,) = report.findings
    assert finding.code == CRM_STAGE_UNMATCHED
    assert (
        "crm's Lead.Status holds 'MQL' for mqa, which map's status spells differently"
        in finding.message
    )
    assert "give each stage one value in both systems" in finding.fix


def test_synced_fields_no_standard_maps(tmp_path: Path) -> None:
    synced = SyncedField("legacyLeadScore", "contact", "integer", "number", "crm")
    report = compare(two([], [], synced=(synced,)), definitions(tmp_path))
    (finding,) = report.findings
    assert finding.code == UNMAPPED_SYNCED and finding.targets == ("map",)
    assert "map syncs legacyLeadScore (integer) with crm" in finding.message
    assert "api_names: {mapsys: legacyLeadScore}" in finding.fix
    assert finding.location.startswith(str(tmp_path / "definitions" / "contact.yaml"))


def test_a_target_that_cannot_say_is_noted_never_agreeing_silently(tmp_path: Path) -> None:
    profiles = two([live(SEEN, "a", "datetime")], [live(SEEN, "b", "date")])
    profiles["map"] = None
    report = compare(profiles, definitions(tmp_path))
    assert report.findings == () and not report.comparable
    assert report.notes == (
        "map cannot describe its fields (its provider does not say): not compared",
    )
    assert "Not compared" in render_text(report)


def test_json_carries_every_finding_and_what_its_code_means(tmp_path: Path) -> None:
    import json

    report = compare(
        two([live(SEEN, "Seen_At__c", "datetime")], [live(SEEN, "seenAt", "date")]),
        definitions(tmp_path),
    )
    data = json.loads(render_json(report))
    assert data["agrees"] is False
    assert [f["code"] for f in data["findings"]] == [TYPE_MISMATCH]
    assert set(data["codes"]) == {TYPE_MISMATCH}
    assert data["findings"][0]["fix_in"] == "map"


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ("string", "text", True),
        ("date", "datetime", False),
        ("number", "currency", False),
        ("enum", "multi_enum", False),
        (None, "date", True),  # a type the system cannot name is not compared
    ],
)
def test_type_compatibility(a: str | None, b: str, agree: bool) -> None:
    report = compare(two([live(SEEN, "x", a)], [live(SEEN, "y", b)]))
    assert report.agrees is agree


def test_identical_systems_agree_and_the_report_is_symmetric(tmp_path: Path) -> None:
    defs = definitions(tmp_path)
    fields = [
        live(SEEN, "seen", "datetime"),
        live(SOURCE, "src", "enum", options=OPTIONS, restricted=True, held_values={"webinar": 2}),
        live("field/contact/nickname", "nick", "string", max_length=20, held_values={"Bo": 1}),
    ]
    assert compare(two(fields, fields), defs).agrees
    # A planted disagreement is found whichever side holds it.
    odd = [*fields[:1], live(SOURCE, "src", "string", held_values={"PPC": 1}), fields[2]]
    one_way = compare(two(fields, odd), defs)
    other_way = compare(two(odd, fields), defs)
    assert codes(one_way) == codes(other_way) == [REJECTED_VALUES]
    assert one_way.findings[0].targets == ("map", "crm")  # the holder first
    assert other_way.findings[0].targets == ("crm", "map")


def test_the_report_after_a_plan_reuses_the_plans_read(tmp_path: Path) -> None:
    """`revops plan` on a CRM and a MAP reads each target once, not once more for the
    consistency section."""
    from revops_as_code.consistency.read import check_workspace
    from revops_as_code.engine import Workspace

    calls: list[str] = []
    (tmp_path / "definitions").mkdir()
    (tmp_path / "definitions" / "p.yaml").write_text(
        "apiVersion: revops.dev/v1\nkind: Pipeline\nkey: p\nlabel: P\nstages:\n"
        "  - {key: open, label: Open, probability: 10, forecast_category: pipeline}\n"
        "  - {key: won, label: Won, probability: 100, forecast_category: closed, outcome: won}\n"
        "  - {key: lost, label: Lost, probability: 0, forecast_category: omitted, outcome: lost}\n"
    )
    (tmp_path / "revops.yaml").write_text(
        "definitions: definitions/\nenvironments:\n  two:\n    targets:\n"
        "      crm: {provider: fake}\n      map: {provider: fake, settings: {role: map}}\n"
    )
    with Workspace.open(tmp_path, "two") as workspace:
        for target in workspace.targets.values():
            original = target.read_live

            def counted(scope: Any = None, _original: Any = original, _t: Any = target) -> Any:
                calls.append(_t.name)
                return _original(scope)

            target.read_live = counted  # type: ignore[method-assign]
        workspace.plan()
        check_workspace(workspace)
    assert sorted(calls) == ["crm", "map"]
