"""Salesforce error arrays -> the project's typed errors (with errorCode kept), scrubbing."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from revops_as_code.errors import (
    AuthenticationError,
    ConflictError,
    NotFoundError,
    ProviderError,
    RateLimitError,
    ServerError,
    TransportError,
    ValidationFailed,
)
from revops_as_code.providers.salesforce.errors import (
    AmbiguousWriteError,
    SalesforceError,
    Scrubber,
    error_code,
    error_items,
    map_error,
    map_response_error,
    map_transport_error,
)
from revops_as_code.providers.salesforce.limits import ApiUsage

WHAT = "POST tooling/sobjects/CustomField"


def _array(code: str, message: str = "it failed", fields: list[str] | None = None) -> Any:
    return [{"message": message, "errorCode": code, "fields": fields or []}]


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [
        (400, "INVALID_FIELD", ValidationFailed),
        (400, "FIELD_CUSTOM_VALIDATION_EXCEPTION", ValidationFailed),
        (400, "DUPLICATE_DEVELOPER_NAME", ConflictError),
        (400, "DUPLICATE_VALUE", ConflictError),
        (300, "MULTIPLE_CHOICES", ConflictError),
        (401, "INVALID_SESSION_ID", AuthenticationError),
        (403, "INSUFFICIENT_ACCESS_OR_READONLY", AuthenticationError),
        (403, "API_DISABLED_FOR_ORG", AuthenticationError),
        (403, "REQUEST_LIMIT_EXCEEDED", RateLimitError),
        (404, "NOT_FOUND", NotFoundError),
        (412, "PRECONDITION_FAILED", ValidationFailed),
        (429, "TOO_MANY", RateLimitError),
        (500, "UNKNOWN_EXCEPTION", ServerError),
        (503, "SERVER_UNAVAILABLE", ServerError),
    ],
)
def test_mapping_table(status: int, code: str, expected: type[ProviderError]) -> None:
    error = map_error(status, _array(code), WHAT, Scrubber())
    assert isinstance(error, expected) and isinstance(error, SalesforceError)
    for other in (
        ValidationFailed,
        ConflictError,
        AuthenticationError,
        RateLimitError,
        NotFoundError,
        ServerError,
    ):
        if other is not expected:
            assert not isinstance(error, other), (code, other)
    assert error.code == code and error_code(error) == code
    assert error.status == status and error.provider == "salesforce"
    assert WHAT in error.message and code in error.message
    assert error.hint


def test_validation_failures_name_every_code_and_field() -> None:
    body = [
        {"message": "bad length", "errorCode": "INVALID_FIELD", "fields": ["Metadata.length"]},
        {"message": "no label", "errorCode": "REQUIRED_FIELD_MISSING", "fields": ["Label"]},
    ]
    error = map_error(400, body, WHAT, Scrubber())
    assert error.codes == ("INVALID_FIELD", "REQUIRED_FIELD_MISSING")
    assert error.fields == ("Metadata.length", "Label")
    assert "INVALID_FIELD: bad length (fields: Metadata.length)" in error.message
    assert "REQUIRED_FIELD_MISSING" in error.message


def test_the_daily_limit_error_says_used_max_and_when_it_frees_up() -> None:
    usage = ApiUsage(used=5000, max=5000)
    error = map_error(
        403,
        _array("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."),
        "GET query",
        Scrubber(),
        usage=usage,
    )
    assert isinstance(error, RateLimitError)
    assert "5,000/5,000" in error.message
    assert error.hint and "rolling 24-hour" in error.hint and "raise the limit" in error.hint
    # The response's own header wins over the client's older reading.
    newer = map_error(
        403,
        _array("REQUEST_LIMIT_EXCEEDED"),
        "GET query",
        Scrubber(),
        headers={"Sforce-Limit-Info": "api-usage=15001/15000"},
        usage=usage,
    )
    assert "15,001/15,000" in newer.message


def test_odd_bodies_still_map() -> None:
    assert map_error(500, None, "GET limits", Scrubber(), reason="Bad Gateway").message == (
        "Salesforce 500 on GET limits: Bad Gateway"
    )
    single = map_error(
        400, {"message": "x", "errorCode": "MALFORMED_QUERY"}, "GET query", Scrubber()
    )
    assert single.code == "MALFORMED_QUERY"
    oauth = error_items({"error": "invalid_grant", "error_description": "expired"})
    assert oauth[0].code == "invalid_grant" and oauth[0].message == "expired"
    response = httpx.Response(
        404, text="<html>nope</html>", request=httpx.Request("GET", "http://127.0.0.1/x")
    )
    assert isinstance(map_response_error(response, "GET x", Scrubber()), NotFoundError)


def test_transport_errors() -> None:
    request = httpx.Request("GET", "http://127.0.0.1/x")
    plain = map_transport_error(httpx.ConnectError("refused", request=request), "GET x", Scrubber())
    assert isinstance(plain, TransportError) and not isinstance(plain, AmbiguousWriteError)
    assert "GET x" in plain.message and plain.hint
    ambiguous = map_transport_error(
        httpx.ReadTimeout("slow", request=request), "POST x", Scrubber(), ambiguous=True
    )
    assert isinstance(ambiguous, AmbiguousWriteError) and "re-read" in (ambiguous.hint or "")
    assert isinstance(ambiguous, SalesforceError) and ambiguous.request == "POST x"


TOKEN = "00D5g000004XyZaEAK!AQ4AQFakeTokenCanary.x_y-z"
KEY = (
    "-----BEGIN PRIVATE KEY-----\n"
    "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCcanaryline1\n"
    "b2NhbmFyeWxpbmUyY2FuYXJ5bGluZTJjYW5hcnlsaW5lMmNhbmFyeWxpbmUy\n"
    "-----END PRIVATE KEY-----\n"
)


def test_scrubber_removes_known_and_token_shaped_secrets() -> None:
    scrub = Scrubber(["test-secret-canary", KEY])
    assert scrub("x test-secret-canary y") == "x *** y"
    # A token it was never told about, by shape, and in a header echo.
    assert TOKEN not in scrub(f"session {TOKEN} refused")
    assert scrub("Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123") == (
        "Authorization: Bearer ***"
    )
    assert scrub("the JWT bearer flow: check") == "the JWT bearer flow: check"
    # The whole key, one line of it, or the key with escaped newlines.
    assert "canaryline1" not in scrub(KEY)
    assert "b2NhbmFyeWxpbmUy" not in scrub(
        "echo: b2NhbmFyeWxpbmUyY2FuYXJ5bGluZTJjYW5hcnlsaW5lMmNhbmFyeWxpbmUy"
    )
    assert "canaryline1" not in scrub(KEY.replace("\n", "\\n"))
    # Form fragments.
    assert "hunter2-long" not in scrub("client_secret=hunter2-long&grant_type=x")
    assert "eyJabc.def" not in scrub("assertion=eyJabc.def")


def test_placeholder_credentials_do_not_garble_messages() -> None:
    scrub = Scrubber(["sandbox"])
    assert scrub("the sandbox org refused it") == "the sandbox org refused it"


def test_every_mapped_message_and_hint_is_scrubbed() -> None:
    scrub = Scrubber(["test-secret-canary"])
    body = _array("INVALID_TYPE", f"got test-secret-canary and {TOKEN}")
    for status in (400, 401, 403, 404, 500):
        text = str(map_error(status, body, WHAT, scrub))
        assert "test-secret-canary" not in text and TOKEN not in text
