"""The committed schemas are exactly what the models generate, and are sound Draft 2020-12."""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft202012Validator

from revops_as_code import schema_gen
from revops_as_code.models import KINDS
from revops_as_code.schemas import schema_dir

ROOT = Path(__file__).resolve().parents[2]


def test_committed_schemas_match_the_models() -> None:
    stale = schema_gen.stale(ROOT / "schemas")
    assert stale == [], f"regenerate with `revops schemas generate`: {stale}"


def test_one_schema_per_kind_with_stable_id() -> None:
    for kind in KINDS:
        name = schema_gen.schema_file_name(kind)
        schema = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
        assert schema["$id"] == f"https://revops.dev/schemas/v1/{name}"
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        Draft202012Validator.check_schema(schema)
    assert {schema_gen.schema_file_name(k) for k in KINDS} == {
        "field_standard.schema.json",
        "pipeline.schema.json",
        "lifecycle.schema.json",
        "icp.schema.json",
        "handoff_sla.schema.json",
    }


def test_descriptions_come_from_attribute_docstrings() -> None:
    schema = json.loads((ROOT / "schemas" / "pipeline.schema.json").read_text(encoding="utf-8"))
    probability = schema["$defs"]["Stage"]["properties"]["probability"]
    assert "weighted" in probability["description"]
    assert probability["minimum"] == 0 and probability["maximum"] == 100


def test_optional_fields_are_not_nullable() -> None:
    # The models refuse an explicit null, so the schemas must not allow one either.
    for path in (ROOT / "schemas").glob("*.schema.json"):
        assert '"null"' not in path.read_text(encoding="utf-8"), path.name


def test_schemas_are_shipped_as_package_data() -> None:
    shipped = {p.name for p in schema_dir().glob("*.schema.json")}
    assert {schema_gen.schema_file_name(k) for k in KINDS} <= shipped


def test_write_then_check_round_trip(tmp_path: Path) -> None:
    written = schema_gen.write(tmp_path)
    assert len(written) == len(KINDS)
    assert schema_gen.stale(tmp_path) == []
    written[0].write_text("{}", encoding="utf-8")
    assert schema_gen.stale(tmp_path) == [written[0].name]
