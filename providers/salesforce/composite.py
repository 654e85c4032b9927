"""Composite requests: many subrequests in one API call, and their per-subrequest results.

`POST composite` (or `tooling/composite`) takes at most 25 subrequests, of which at most 5
may be queries or sObject collections, and counts as one call against the org's allocation.
`chunks` splits a longer list greedily in order, so each chunk is one call. A subrequest may
reference an earlier one's result (`@{ref.id}`) only within its chunk, and `allOrNone` only
holds within one call: both are refused here rather than silently broken by a chunk boundary.

Each subresponse keeps its own status and body; `SubResponse.error()` maps a failed one to
the same typed error a top-level response with that status and body would raise.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import SalesforceError, Scrubber, map_error

MAX_SUBREQUESTS = 25
MAX_QUERIES = 5
"""Queries and sObject-collection subrequests allowed in one composite call."""

_QUERY_PATH = re.compile(r"^(?:tooling/)?(?:query|queryAll)(?:/|\?|$)|^composite/sobjects")
_REFERENCE = re.compile(r"@\{([A-Za-z0-9_]+)[.}\[]")


@dataclass(frozen=True)
class SubRequest:
    """One subrequest; `url` is relative to the version root (`tooling/sobjects/...`)."""

    method: str
    url: str
    reference_id: str
    body: Any = None

    def is_query(self) -> bool:
        return bool(_QUERY_PATH.match(self.url.lstrip("/")))

    def payload(self, version_root: str) -> dict[str, Any]:
        item: dict[str, Any] = {
            "method": self.method.upper(),
            "url": f"{version_root}/{self.url.lstrip('/')}",
            "referenceId": self.reference_id,
        }
        if self.body is not None:
            item["body"] = self.body
        return item

    def references(self) -> set[str]:
        text = self.url + (json.dumps(self.body) if self.body is not None else "")
        return set(_REFERENCE.findall(text))


@dataclass(frozen=True)
class SubResponse:
    """One subrequest's outcome, in the order the subrequests were given."""

    reference_id: str
    status: int
    body: Any
    headers: Mapping[str, str]
    request: str = ""
    """`METHOD url` of the subrequest, for messages."""
    scrubber: Scrubber | None = field(default=None, repr=False, compare=False)

    def ok(self) -> bool:
        return 200 <= self.status < 300

    def error(self) -> SalesforceError | None:
        """None when it succeeded; else the typed error (with `code`), not raised."""
        if self.ok():
            return None
        what = f"{self.request} (composite {self.reference_id})"
        return map_error(
            self.status, self.body, what, self.scrubber or Scrubber(), headers=self.headers
        )


def chunks(requests: Sequence[SubRequest], *, all_or_none: bool) -> list[list[SubRequest]]:
    """Split into calls of <= 25 subrequests and <= 5 queries, keeping the order."""
    seen_ids: set[str] = set()
    for request in requests:
        if request.reference_id in seen_ids:
            raise ValueError(f"composite referenceId {request.reference_id!r} is used twice")
        seen_ids.add(request.reference_id)
    result: list[list[SubRequest]] = []
    current: list[SubRequest] = []
    queries = 0
    for request in requests:
        query = request.is_query()
        if current and (len(current) == MAX_SUBREQUESTS or (query and queries == MAX_QUERIES)):
            result.append(current)
            current, queries = [], 0
        current.append(request)
        queries += query
    if current:
        result.append(current)
    if all_or_none and len(result) > 1:
        raise ValueError(
            f"all_or_none needs one composite call, but {len(requests)} subrequests take "
            f"{len(result)}: send groups of at most {MAX_SUBREQUESTS} ({MAX_QUERIES} queries)"
        )
    for chunk in result:
        inside = {r.reference_id for r in chunk}
        for request in chunk:
            outside = (request.references() & seen_ids) - inside
            if outside:
                raise ValueError(
                    f"composite subrequest {request.reference_id!r} refers to "
                    f"{sorted(outside)} in another call; keep them within "
                    f"{MAX_SUBREQUESTS} of each other"
                )
    return result


def parse_responses(body: Any, sent: Sequence[SubRequest], scrub: Scrubber) -> list[SubResponse]:
    """`{"compositeResponse": [...]}` -> SubResponses in the order of `sent`."""
    items = body.get("compositeResponse") if isinstance(body, Mapping) else None
    by_ref: dict[str, Mapping[str, Any]] = {}
    for item in items if isinstance(items, list) else []:
        if isinstance(item, Mapping) and item.get("referenceId") is not None:
            by_ref[str(item["referenceId"])] = item
    out = []
    for request in sent:
        item = by_ref.get(request.reference_id)
        what = f"{request.method.upper()} {request.url.split('?')[0]}"
        if item is None:
            # Salesforce answers every subrequest; a missing one is a broken response.
            item = {
                "httpStatusCode": 500,
                "body": [{"message": "no subresponse returned", "errorCode": "MISSING"}],
            }
        headers = item.get("httpHeaders")
        out.append(
            SubResponse(
                reference_id=request.reference_id,
                status=int(item.get("httpStatusCode") or 0),
                body=item.get("body"),
                headers={str(k): str(v) for k, v in headers.items()}
                if isinstance(headers, Mapping)
                else {},
                request=what,
                scrubber=scrub,
            )
        )
    return out


__all__ = [
    "MAX_QUERIES",
    "MAX_SUBREQUESTS",
    "SubRequest",
    "SubResponse",
    "chunks",
    "parse_responses",
]
