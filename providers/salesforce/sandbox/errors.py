"""Salesforce's error bodies, and the exception handlers raise to send one.

REST and Tooling errors are a JSON **array** of `{"message", "errorCode", "fields"?}`
("Status Codes and Error Responses", developer.salesforce.com/docs/atlas.en-us.api_rest.meta/
api_rest/errorcodes.htm). The OAuth token endpoint answers `{"error", "error_description"}`
instead (RFC 6749 §5.2, as Salesforce's "OAuth 2.0 JWT Bearer Flow" help page shows).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

JSON = dict[str, Any]


class ApiError(Exception):
    """Raised by a handler to answer with a Salesforce error array."""

    def __init__(
        self,
        status: int,
        error_code: str,
        message: str,
        *,
        fields: Sequence[str] | None = None,
        headers: Mapping[str, str] | None = None,
        items: Sequence[JSON] = (),
    ) -> None:
        super().__init__(message)
        self.items = [dict(i) for i in items]
        """Further errors of the same response (a save several rules refuse)."""
        self.status = status
        self.error_code = error_code
        self.message = message
        self.fields = list(fields) if fields is not None else None
        self.headers = dict(headers or {})

    def item(self) -> JSON:
        """One element of the error array."""
        item: JSON = {"message": self.message, "errorCode": self.error_code}
        if self.fields is not None:
            item["fields"] = self.fields
        return item

    def body(self) -> list[JSON]:
        """The JSON array Salesforce sends."""
        return [self.item(), *self.items]


class OAuthError(Exception):
    """Raised by the token endpoint: `{"error", "error_description"}` with a 400 (or 401)."""

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.status = status

    def body(self) -> JSON:
        return {"error": self.error, "error_description": self.description}


def not_found(message: str = "The requested resource does not exist") -> ApiError:
    """404 `NOT_FOUND`, Salesforce's answer to an unknown resource or record id."""
    return ApiError(404, "NOT_FOUND", message)


def bad_request(error_code: str, message: str, fields: Sequence[str] | None = None) -> ApiError:
    """400 with one error."""
    return ApiError(400, error_code, message, fields=fields)


def invalid_session() -> ApiError:
    """401 for a missing, wrong or expired bearer token (the token is never echoed)."""
    return ApiError(401, "INVALID_SESSION_ID", "Session expired or invalid")


def limit_exceeded() -> ApiError:
    """403: the org's daily API allocation is spent (Salesforce sends no 429/Retry-After)."""
    return ApiError(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
