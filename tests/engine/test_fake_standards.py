"""The fake provider with several FieldStandard documents for one object: each is its own
fake object (keyed by object and first field), import gives them back, nothing collides."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from revops_as_code.compile import compile_for
from revops_as_code.diagnostics import Severity
from revops_as_code.errors import DefinitionError
from revops_as_code.importer import import_live
from revops_as_code.models import Definitions
from revops_as_code.providers.base import CompileResult, Scope
from revops_as_code.providers.fake import FakeProvider, FakeWorld
from revops_as_code.resources import ResourceId
from revops_as_code.state import LocalBackend
from revops_as_code.validation import validate_path

MARKETING = """\
apiVersion: revops.dev/v1
kind: FieldStandard
object: company
groups: [{key: marketing, label: Marketing}]
default_group: marketing
fields:
  - {key: lead_score, label: Lead score, type: number, description: Fit and intent.}
"""
SALES = """\
apiVersion: revops.dev/v1
kind: FieldStandard
object: company
fields:
  - {key: segment, label: Segment, type: string, description: Sales segment., group: marketing}
  - {key: territory, label: Territory, type: string, description: Where.}
"""


def _definitions(directory: Path, **files: str) -> Definitions:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / f"{name}.yaml").write_text(text, encoding="utf-8")
    result = validate_path(directory)
    assert result.ok and result.definitions is not None, result.diagnostics
    return result.definitions


def _rid(key: str) -> ResourceId:
    return ResourceId("fake", "field_standard", key)


def test_two_standards_of_one_object_are_two_fake_objects(tmp_path: Path) -> None:
    defs = _definitions(tmp_path, marketing=MARKETING, sales=SALES)
    result = compile_for(FakeProvider(), defs)
    assert result.resources.ids() == {_rid("company/lead_score"), _rid("company/segment")}
    assert not [d for d in result.diagnostics if d.severity is Severity.ERROR]
    sales = result.resources[_rid("company/segment")]
    assert sales.attributes["object"] == "company"
    fields = sales.attributes["fields"]
    assert isinstance(fields, list)
    assert [f["key"] for f in fields if isinstance(f, dict)] == ["segment", "territory"]
    assert sales.source.endswith("sales.yaml:1:1")


def test_one_key_twice_is_an_error_not_an_overwrite(tmp_path: Path) -> None:
    defs = _definitions(tmp_path, marketing=MARKETING, sales=SALES)
    first, second = defs.documents
    # Definitions that skipped validation: the second document restates the first's fields.
    clash = Definitions((first, dataclasses.replace(second, model=first.model)))
    result = compile_for(FakeProvider(), clash)
    assert result.resources.ids() == {_rid("company/lead_score")}
    assert result.resources[_rid("company/lead_score")].source.endswith("marketing.yaml:1:1")
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    assert [(d.code, Path(d.location.file).name) for d in errors] == [("RV902", "sales.yaml")]
    assert "marketing.yaml:1:1" in errors[0].message


def test_import_gives_both_back_and_they_compile_to_what_is_live(tmp_path: Path) -> None:
    world = FakeWorld()
    for resource in compile_for(
        FakeProvider(), _definitions(tmp_path / "original", marketing=MARKETING, sales=SALES)
    ).resources:
        world.put(resource.id, dict(resource.attributes))
    provider = FakeProvider({"world": world})
    out = tmp_path / "imported"
    holder: dict[str, CompileResult] = {}

    def compile_dir() -> CompileResult:
        result = validate_path(out)
        if result.definitions is None:
            raise DefinitionError(result.diagnostics)
        holder["result"] = compile_for(provider, result.definitions)
        return holder["result"]

    report = import_live(
        provider, LocalBackend(tmp_path / "state.json"), compile_dir,
        environment="dev", output_dir=out,
    )  # fmt: skip
    assert sorted(p.name for p in report.files) == [
        "field_standard-company-2.yaml",
        "field_standard-company.yaml",
    ]
    assert set(report.adopted) == {_rid("company/lead_score"), _rid("company/segment")}
    live = provider.read_live(Scope()).resources
    compiled = holder["result"].resources
    assert {r.id: r.attributes for r in compiled} == {r.id: r.attributes for r in live}
