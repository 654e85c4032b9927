"""Helpers every route module shares: the store, path and query parsing, batch bodies."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from starlette.requests import Request

from ..contract import check_fields
from ..errors import JSON, ApiError, invalid
from ..objecttypes import OBJECT_TYPES, PIPELINE_TYPES, resolve
from ..store import HubSpotStore
from ..store_base import now_iso

MAX_BATCH_INPUTS = 100
"""HubSpot batch endpoints accept at most 100 inputs (general HubSpot limit; unverified)."""


def store(request: Request) -> HubSpotStore:
    """The app's store."""
    result: HubSpotStore = request.app.state.store
    return result


def object_type(request: Request, *, pipelines: bool = False) -> str:
    """The canonical object type named in the path, or 404 as HubSpot answers."""
    raw = str(request.path_params["objectType"])
    name = resolve(raw)
    allowed = PIPELINE_TYPES if pipelines else OBJECT_TYPES
    if name is None or name not in allowed:
        raise ApiError(
            400 if not pipelines else 404,
            f"Unable to infer object type from: {raw}",
            category="VALIDATION_ERROR" if not pipelines else "OBJECT_NOT_FOUND",
        )
    return name


async def body(request: Request) -> JSON:
    """The JSON object in the request body, or a 400 HubSpot-style error."""
    raw = await request.body()
    try:
        data = json.loads(raw or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise invalid(f"Invalid input JSON on line 1, column {getattr(exc, 'colno', 1)}") from exc
    if not isinstance(data, dict):
        raise invalid("Invalid input JSON: expected an object")
    if getattr(request.app.state.config, "strict", False):
        check_fields(request.method, request.url.path, data)
    return data


def flag(request: Request, name: str, default: bool = False) -> bool:
    """A boolean query parameter (`true`/`false`)."""
    value = request.query_params.get(name)
    if value is None:
        return default
    if value.lower() not in ("true", "false"):
        raise invalid(f"{name} must be true or false, got {value!r}", field=name)
    return value.lower() == "true"


def int_param(
    request: Request, name: str, default: int, *, low: int = 1, high: int | None = None
) -> int:
    """An integer query parameter within bounds, or 400."""
    value = request.query_params.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise invalid(f"{name} must be an integer, got {value!r}", field=name) from exc
    if number < low or (high is not None and number > high):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise invalid(f"{name} must be {bound}, got {number}", field=name)
    return number


def after_param(value: Any) -> int:
    """A paging cursor (`after`): the last id served, or 0 for the first page."""
    if value is None or value == "":
        return 0
    try:
        return int(str(value))
    except ValueError as exc:
        raise invalid(f"Invalid paging cursor after={value!r}", field="after") from exc


def csv_params(request: Request, name: str) -> list[str]:
    """A repeatable, comma-separable query parameter (`properties=a,b&properties=c`)."""
    values: list[str] = []
    for item in request.query_params.getlist(name):
        values.extend(v.strip() for v in item.split(",") if v.strip())
    return values


def inputs(data: JSON, *, limit: int = MAX_BATCH_INPUTS) -> list[Any]:
    """A batch body's `inputs` list, checked for presence and size."""
    items = data.get("inputs")
    if not isinstance(items, list):
        raise invalid("inputs is required and must be a list", code="REQUIRED", field="inputs")
    if len(items) > limit:
        raise invalid(
            f"Too many inputs: {len(items)} (limit {limit})", code="TOO_MANY", field="inputs"
        )
    return items


def batch_body(results: Sequence[JSON], errors: Sequence[JSON], started: str) -> tuple[JSON, int]:
    """A `BatchResponse…` body and its status: 207 when any item failed, else 200."""
    out: JSON = {
        "status": "COMPLETE",
        "results": list(results),
        "startedAt": started,
        "completedAt": now_iso(),
    }
    if errors:
        out["errors"] = list(errors)
        out["numErrors"] = len(errors)
    return out, 207 if errors else 200


def paging(next_after: str | None, request: Request) -> JSON:
    """The `paging` member of a list response (omitted on the last page)."""
    if next_after is None:
        return {}
    link = request.url.include_query_params(after=next_after)
    return {"paging": {"next": {"after": next_after, "link": str(link)}}}
