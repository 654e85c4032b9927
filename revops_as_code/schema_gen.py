"""Generate the shipped JSON Schemas (`schemas/<kind_snake>.schema.json`) from the models.

The models are the source of truth; the schemas are the public contract editors and other
tools use. One schema per kind, Draft 2020-12, with a stable `$id` under
`https://revops.dev/schemas/v1/`. Two adjustments make the schema say exactly what the model
accepts: optional fields are not nullable (the models refuse an explicit `null`), and the
meaningless `default: null` is dropped. `revops schemas generate` writes the files,
`revops schemas check` (and a test) proves the committed files are current.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from revops_as_code.models import API_VERSION, KINDS

DRAFT = "https://json-schema.org/draft/2020-12/schema"
ID_BASE = "https://revops.dev/schemas/v1/"


class _NonNullable(GenerateJsonSchema):
    """Optional fields are spelled `X | None` in the models but `null` is refused as input."""

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        return self.generate_inner(schema["schema"])

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        # pydantic states a key pattern as `patternProperties`, which lets keys that do not
        # match through; the models refuse them (`api_names: {HubSpot: ...}`), so say it as
        # propertyNames + additionalProperties instead.
        result = super().dict_schema(schema)
        patterns = result.pop("patternProperties", None)
        if isinstance(patterns, dict) and len(patterns) == 1:
            ((pattern, values),) = patterns.items()
            result["additionalProperties"] = values
            result["propertyNames"] = {**result.get("propertyNames", {}), "pattern": pattern}
        elif patterns is not None:
            result["patternProperties"] = patterns
        return result

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        result = super().default_schema(schema)
        if result.get("default", 0) is None:
            result.pop("default")
        return result


def kind_file_stem(kind: str) -> str:
    """`FieldStandard` -> `field_standard`, `ICP` -> `icp`, `HandoffSLA` -> `handoff_sla`."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", kind).lower()


def schema_file_name(kind: str) -> str:
    return f"{kind_file_stem(kind)}.schema.json"


def schema_id(kind: str) -> str:
    """The stable `$id` of a kind's schema (what `# yaml-language-server: $schema=` names)."""
    return ID_BASE + schema_file_name(kind)


def kind_schema(kind: str, model: type[BaseModel]) -> dict[str, Any]:
    body = model.model_json_schema(by_alias=True, schema_generator=_NonNullable)
    header: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": schema_id(kind),
        "title": f"revops {kind} ({API_VERSION})",
    }
    body.pop("title", None)
    return {**header, **body}


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def generate() -> dict[str, str]:
    """File name -> file text for every kind."""
    return {
        schema_file_name(kind): render(kind_schema(kind, model)) for kind, model in KINDS.items()
    }


def write(directory: Path) -> list[Path]:
    """Write every schema into `directory`; returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in generate().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale(directory: Path) -> list[str]:
    """Names of schema files in `directory` that are missing or differ from the models."""
    out = []
    for name, text in generate().items():
        path = directory / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            out.append(name)
    return out


__all__ = [
    "DRAFT",
    "ID_BASE",
    "generate",
    "kind_file_stem",
    "kind_schema",
    "schema_file_name",
    "schema_id",
    "stale",
    "write",
]
