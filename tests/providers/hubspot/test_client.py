"""The HubSpot client against httpx.MockTransport: auth, retries by policy, pagination, errors."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from revops_as_code.errors import (
    AuthenticationError,
    NotFoundError,
    ProviderError,
    RateLimitError,
    ValidationFailed,
)
from revops_as_code.providers.hubspot.client import HubSpotClient
from revops_as_code.providers.hubspot.errors import AmbiguousWriteError
from revops_as_code.providers.hubspot.limits import RollingWindowLimiter

TOKEN = "pat-na1-canary-0000-1111"


def _client(handler: Callable[[httpx.Request], httpx.Response], **kw: object) -> HubSpotClient:
    sleeps: list[float] = []
    client = HubSpotClient(
        TOKEN,
        transport=httpx.MockTransport(handler),
        sleep=sleeps.append,
        rate_limit=False,
        **kw,  # type: ignore[arg-type]
    )
    client.sleeps = sleeps  # type: ignore[attr-defined]
    return client


def _rate_limited(policy: str) -> httpx.Response:
    return httpx.Response(
        429,
        json={
            "status": "error",
            "message": f"You have reached your {policy.lower()} limit.",
            "errorType": "RATE_LIMIT",
            "correlationId": "c-429",
            "policyName": policy,
        },
        headers={"X-HubSpot-RateLimit-Interval-Milliseconds": "10000"},
    )


def test_sends_bearer_token_and_a_timeout() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"results": []})

    client = _client(handler, timeout=7.5)
    assert client.get("/crm/v3/properties/deals") == {"results": []}
    assert seen[0].headers["Authorization"] == f"Bearer {TOKEN}"
    assert seen[0].extensions["timeout"]["read"] == 7.5
    assert client.request_count == 1


def test_ten_secondly_429_waits_and_retries_any_method() -> None:
    calls = iter([_rate_limited("TEN_SECONDLY_ROLLING"), httpx.Response(201, json={"ok": 1})])
    client = _client(lambda r: next(calls))
    assert client.request("POST", "/crm/v3/properties/deals", json={}) == {"ok": 1}
    assert client.request_count == 2
    assert client.sleeps == [1.0]  # type: ignore[attr-defined]


def test_daily_429_stops_at_once_with_a_clear_message() -> None:
    client = _client(lambda r: _rate_limited("DAILY"))
    with pytest.raises(RateLimitError) as info:
        client.get("/crm/v3/properties/deals")
    assert client.request_count == 1
    assert "daily" in str(info.value).lower()
    assert info.value.correlation_id == "c-429"


def test_a_rate_limit_storm_ends_within_the_retry_budget() -> None:
    client = _client(lambda r: _rate_limited("TEN_SECONDLY_ROLLING"), max_attempts=4)
    with pytest.raises(RateLimitError):
        client.get("/crm/v3/owners")
    assert client.request_count == 4


def test_server_errors_are_retried_for_reads_only() -> None:
    responses = iter([httpx.Response(502), httpx.Response(200, json={"results": [1]})])
    client = _client(lambda r: next(responses))
    assert client.get("/crm/v3/pipelines/deals") == {"results": [1]}
    assert client.request_count == 2

    create = _client(lambda r: httpx.Response(503, json={"message": "down"}))
    with pytest.raises(AmbiguousWriteError):
        create.request("POST", "/crm/v3/pipelines/deals", json={})
    assert create.request_count == 1


def test_a_timeout_on_a_create_is_ambiguous_and_never_resent() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    client = _client(handler)
    with pytest.raises(AmbiguousWriteError):
        client.request("POST", "/crm/v3/properties/deals", json={"name": "x"})
    assert client.request_count == 1


def test_a_connection_never_opened_is_retried_even_for_a_create() -> None:
    state = {"n": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        state["n"] += 1
        if state["n"] == 1:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(201, json={"name": "x"})

    client = _client(handler)
    assert client.request("POST", "/crm/v3/properties/deals", json={}) == {"name": "x"}
    assert client.request_count == 2


def test_pagination_follows_cursors_to_the_end() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        after = request.url.params.get("after")
        page = {None: ([1, 2], "a"), "a": ([3], "b"), "b": ([4], None)}[after]
        body: dict[str, object] = {"results": page[0]}
        if page[1]:
            body["paging"] = {"next": {"after": page[1]}}
        return httpx.Response(200, json=body)

    client = _client(handler)
    assert list(client.paginate("/crm/v3/owners")) == [1, 2, 3, 4]
    assert client.request_count == 3


def test_a_repeated_cursor_stops_pagination() -> None:
    client = _client(
        lambda r: httpx.Response(200, json={"results": [1], "paging": {"next": {"after": "x"}}})
    )
    with pytest.raises(ProviderError, match="twice"):
        list(client.paginate("/crm/v3/owners"))
    assert client.request_count == 2


@pytest.mark.parametrize(
    ("status", "error"),
    [(401, AuthenticationError), (403, AuthenticationError), (404, NotFoundError),
     (400, ValidationFailed)],
)  # fmt: skip
def test_errors_are_typed_and_keep_the_correlation_id(status: int, error: type) -> None:
    body = {"status": "error", "message": "nope", "correlationId": "corr-1", "category": "X"}
    client = _client(lambda r: httpx.Response(status, json=body))
    with pytest.raises(error) as info:
        client.get("/crm/v3/properties/deals/x")
    assert info.value.correlation_id == "corr-1"
    assert info.value.status == status
    assert "corr-1" in str(info.value)


def test_the_token_is_scrubbed_from_errors_even_when_echoed() -> None:
    body = {
        "message": f"Authentication credentials not found: Bearer {TOKEN}",
        "correlationId": "c",
        "errors": [{"message": f"token {TOKEN} expired"}],
    }
    client = _client(lambda r: httpx.Response(401, json=body))
    with pytest.raises(AuthenticationError) as info:
        client.get("/crm/v3/owners")
    text = str(info.value) + repr(info.value.args)
    assert TOKEN not in text
    assert "***" in text


def test_search_calls_count_against_the_search_bucket() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert json.loads(request.content)["limit"] == 1
        return httpx.Response(200, json={"total": 412, "results": []})

    client = _client(handler)
    assert client.search("deals", {"limit": 1})["total"] == 412
    assert client.search_count == 1


def test_rolling_window_limiter_waits_for_the_oldest_call_to_leave_the_window() -> None:
    now = [0.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    limiter = RollingWindowLimiter(3, 10.0, clock=lambda: now[0], sleep=sleep)
    for t in (0.0, 1.0, 2.0):
        now[0] = t
        limiter.acquire()
    now[0] = 4.0
    limiter.acquire()
    assert waits == [6.0]
    assert now[0] == 10.0
