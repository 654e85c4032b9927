"""Marketo's response envelope and its errors, as the sandbox writes them.

Every REST response is `{requestId, success, result, errors, warnings}` plus `moreResult`
and `nextPageToken` when paging ([MKTO-spec] `ResponseOf*`). Response-level failures are
HTTP 200 with `success: false` and `errors: [{code, message}]` (code a quoted integer);
record-level failures sit in `result[i]` as `status: "skipped"` with `reasons`
("Error codes", experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/error-codes).
Only the identity endpoint answers with HTTP 401.
"""

from __future__ import annotations

import itertools
import threading
from typing import Any

JSON = dict[str, Any]

MESSAGES = {
    "600": "Access token not specified",
    "601": "Access token invalid",
    "602": "Access token expired",
    "603": "Access denied",
    "604": "Request timed out",
    "605": "HTTP Method not supported",
    "606": "Max rate limit '100' exceeded with in '20' secs",
    "607": "Daily quota reached",
    "608": "API Temporarily Unavailable",
    "609": "Invalid JSON",
    "610": "Requested resource not found",
    "611": "System error",
    "612": "Invalid Content Type",
    "615": "Concurrent access limit reached",
    "701": "cannot be blank",
    "702": "No data found for given search scenario",
    "1003": "Invalid data",
    "1004": "Lead not found",
    "1005": "Lead already exists",
    "1006": "Field not found",
    "1007": "Multiple leads match the lookup criteria",
    "1017": "Object already exists",
}
"""Response- and record-level codes the sandbox uses, with Marketo's short texts (the
6xx from the "Error codes" table; 1017 for a duplicate field name: unverified)."""

_counter = itertools.count(1)
_lock = threading.Lock()


def request_id() -> str:
    """A request id in Marketo's `hex#hex` form."""
    with _lock:
        n = next(_counter)
    return f"{n:x}#{0x18C0000000 + n * 7919:x}"


class ApiError(Exception):
    """A response-level failure: HTTP 200 (or `http_status`) with `success: false`."""

    def __init__(self, code: str, message: str | None = None, *, http_status: int = 200) -> None:
        super().__init__(message or MESSAGES.get(code, "Error"))
        self.code = code
        self.message = message or MESSAGES.get(code, "Error")
        self.http_status = http_status

    def body(self) -> JSON:
        return {
            "requestId": request_id(),
            "success": False,
            "errors": [{"code": self.code, "message": self.message}],
        }


def envelope(result: list[Any], *, next_page_token: str | None = None, **extra: Any) -> JSON:
    """A successful response carrying `result`."""
    body: JSON = {
        "requestId": request_id(),
        "success": True,
        "result": result,
        "errors": [],
        "warnings": [],
    }
    if next_page_token is not None:
        body["nextPageToken"] = next_page_token
        body["moreResult"] = True
    body.update(extra)
    return body


def skipped(code: str, message: str | None = None, **item: Any) -> JSON:
    """A record-level failure item of `result`."""
    return {
        **item,
        "status": "skipped",
        "reasons": [{"code": code, "message": message or MESSAGES.get(code, "Error")}],
    }
