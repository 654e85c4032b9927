"""What every route shares: JSON bodies, query parameters, paging tokens, responses."""

from __future__ import annotations

import base64
import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from ..config import SandboxConfig
from ..contract import check_query
from ..errors import JSON, ApiError
from ..store import MarketoStore

MAX_BATCH = 300
"""The largest `batchSize` ([MKTO-spec]: "The max and default value is 300")."""


def store(request: Request) -> MarketoStore:
    found: MarketoStore = request.app.state.store
    return found


def config(request: Request) -> SandboxConfig:
    found: SandboxConfig = request.app.state.config
    return found


def reply(body: JSON) -> JSONResponse:
    return JSONResponse(body, media_type="application/json;charset=UTF-8")


def query(request: Request, route: str) -> dict[str, str]:
    params = dict(request.query_params)
    check_query(request.method, route, params, config(request).strict)
    return params


async def json_body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    try:
        body = json.loads(raw or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ApiError("609") from None
    if not isinstance(body, dict):
        raise ApiError("609", "Invalid JSON: the body must be an object")
    return body


def input_list(body: dict[str, Any]) -> list[dict[str, Any]]:
    items = body.get("input")
    if not isinstance(items, list) or not items:
        raise ApiError("701", "input cannot be blank")
    if not all(isinstance(i, dict) for i in items):
        raise ApiError("609", "Invalid JSON: every input item must be an object")
    return items


def batch_size(params: dict[str, str]) -> int:
    text = params.get("batchSize")
    if text is None:
        return MAX_BATCH
    try:
        size = int(text)
    except ValueError:
        raise ApiError("1003", f"Invalid batchSize '{text}'") from None
    if not 1 <= size <= MAX_BATCH:
        raise ApiError("1003", f"batchSize must be between 1 and {MAX_BATCH}")
    return size


def page_start(params: dict[str, str]) -> int:
    token = params.get("nextPageToken")
    if token is None:
        return 0
    try:
        kind, _, offset = base64.urlsafe_b64decode(token.encode()).decode().partition(":")
        if kind != "offset":
            raise ValueError(kind)
        return int(offset)
    except ValueError:
        raise ApiError("1003", "Invalid nextPageToken") from None


def page_token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def page(items: list[Any], params: dict[str, str]) -> tuple[list[Any], str | None]:
    start, size = page_start(params), batch_size(params)
    chunk = items[start : start + size]
    more = start + size < len(items)
    return chunk, page_token(start + size) if more else None
