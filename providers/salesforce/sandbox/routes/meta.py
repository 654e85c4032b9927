"""Versions, the version's resource map, describeGlobal, `limits` and describe."""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime

from starlette.requests import Request
from starlette.responses import JSONResponse

from ..config import API_VERSIONS
from ..describe import describe
from ..errors import not_found
from ..router import Call, Context, Reply, Route
from ..view import LABELS, SOBJECTS

_SEASONS = ("Winter", "Spring", "Summer")


def release_label(version: str) -> str:
    """`66.0` -> `Spring '26` (v50.0 was Winter '21; three releases a year)."""
    n = int(float(version)) - 50
    season = _SEASONS[n % 3]
    return f"{season} '{21 + n // 3:02d}"


async def versions(request: Request) -> JSONResponse:
    return JSONResponse(
        [
            {"label": release_label(v), "url": f"/services/data/v{v}", "version": v}
            for v in API_VERSIONS
        ]
    )


def resources(ctx: Context, call: Call, match: re.Match[str]) -> Reply:
    names = ("sobjects", "query", "queryAll", "tooling", "composite", "limits", "jobs")
    return Reply(200, {name: f"{call.base}/{name}" for name in names})


def describe_global(ctx: Context, call: Call, match: re.Match[str]) -> Reply:
    return Reply(
        200,
        {
            "encoding": "UTF-8",
            "maxBatchSize": 200,
            "sobjects": [
                {
                    "name": name,
                    "label": LABELS[name][0],
                    "labelPlural": LABELS[name][1],
                    "custom": False,
                    "queryable": True,
                    "urls": {
                        "sobject": f"{call.base}/sobjects/{name}",
                        "describe": f"{call.base}/sobjects/{name}/describe",
                    },
                }
                for name in SOBJECTS
            ],
        },
    )


def limits(ctx: Context, call: Call, match: re.Match[str]) -> Reply:
    usage = ctx.usage
    return Reply(
        200,
        {
            "DailyApiRequests": {"Max": usage.maximum, "Remaining": usage.remaining()},
            "DailyBulkV2QueryJobs": {"Max": 10000, "Remaining": 10000},
            "DailyBulkV2QueryFileStorageMB": {"Max": 976562, "Remaining": 976562},
            "DataStorageMB": {"Max": 5, "Remaining": 5},
            "FileStorageMB": {"Max": 20, "Remaining": 20},
        },
    )


def sobject_describe(ctx: Context, call: Call, match: re.Match[str]) -> Reply:
    name = _sobject(match.group("obj"))
    changed = ctx.store.changed_at(name)
    since = call.headers.get("if-modified-since")
    headers: dict[str, str] = {}
    if changed:
        moment = _parse_iso(changed)
        headers["Last-Modified"] = format_datetime(moment, usegmt=True)
        if since:
            try:
                threshold = parsedate_to_datetime(since)
            except (TypeError, ValueError):
                threshold = None
            if threshold is not None and moment.replace(microsecond=0) <= threshold:
                return Reply(304, None, headers)
    return Reply(200, describe(ctx.view(), name, call.base), headers)


def _parse_iso(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%f%z")


def _sobject(raw: str) -> str:
    for name in SOBJECTS:
        if name.lower() == raw.lower():
            return name
    raise not_found()


def sobject_info(ctx: Context, call: Call, match: re.Match[str]) -> Reply:
    name = _sobject(match.group("obj"))
    label, plural = LABELS[name]
    return Reply(
        200,
        {
            "objectDescribe": {"name": name, "label": label, "labelPlural": plural},
            "recentItems": [],
        },
    )


ROUTES: list[Route] = [
    ("GET", r"", resources),
    ("GET", r"sobjects", describe_global),
    ("GET", r"limits", limits),
    ("GET", r"sobjects/(?P<obj>\w+)/describe", sobject_describe),
    ("GET", r"sobjects/(?P<obj>\w+)", sobject_info),
]
