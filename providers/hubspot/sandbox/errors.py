"""HubSpot's error bodies, and the exception routes raise to send one.

Every error response carries `status: "error"`, `message`, `correlationId` (a UUID),
`category`, and where useful `subCategory`, `errors` (`ErrorDetail{message, code, in,
context}`) and `context` ({key: [values]}) — [HS-spec] properties.json `Error`, plus the
`status` field real responses add ("Error handling" docs). Batch endpoints report per-item
failures as `StandardError`s inside a 207 body (`batch_error`).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

JSON = dict[str, Any]


def correlation_id() -> str:
    """A fresh correlation id, as HubSpot sends on every error."""
    return str(uuid.uuid4())


class ApiError(Exception):
    """Raised by a route to answer with a HubSpot error body; the app renders it."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        category: str = "VALIDATION_ERROR",
        sub_category: str | None = None,
        errors: Sequence[Mapping[str, Any]] = (),
        context: Mapping[str, Sequence[str]] | None = None,
        extra: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.category = category
        self.sub_category = sub_category
        self.errors = [dict(e) for e in errors]
        self.context = {k: list(v) for k, v in (context or {}).items()}
        self.extra = dict(extra or {})
        self.headers = dict(headers or {})
        """Response headers to send with the error (e.g. rate-limit headers on a 429)."""

    def body(self) -> JSON:
        """The JSON body HubSpot sends for this error."""
        body: JSON = {
            "status": "error",
            "message": self.message,
            "correlationId": correlation_id(),
            "category": self.category,
        }
        if self.sub_category:
            body["subCategory"] = self.sub_category
        if self.errors:
            body["errors"] = self.errors
        if self.context:
            body["context"] = self.context
        body.update(self.extra)
        return body

    def batch_error(self, object_id: str | None = None) -> JSON:
        """This error as a `StandardError` item of a batch response."""
        item: JSON = {
            "status": "error",
            "category": self.category,
            "message": self.message,
            "errors": self.errors,
            "context": self.context,
            "links": {},
        }
        if self.sub_category:
            item["subCategory"] = self.sub_category
        if object_id is not None:
            item["id"] = object_id
        return item


def not_found(message: str, **context: Sequence[str]) -> ApiError:
    """404 `OBJECT_NOT_FOUND` (category as seen in HubSpot responses; unverified)."""
    return ApiError(404, message, category="OBJECT_NOT_FOUND", context=context)


def invalid(message: str, *, code: str | None = None, field: str | None = None) -> ApiError:
    """400 `VALIDATION_ERROR` with one `ErrorDetail` naming the offending field."""
    detail: JSON = {"message": message}
    if code:
        detail["code"] = code
    if field:
        detail["in"] = field
    return ApiError(400, message, errors=[detail])


def conflict(
    message: str, *, category: str = "OBJECT_ALREADY_EXISTS", **context: Sequence[str]
) -> ApiError:
    """409 for a create whose natural key already exists."""
    return ApiError(409, message, category=category, context=context)
