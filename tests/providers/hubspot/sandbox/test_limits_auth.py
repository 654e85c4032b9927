"""Bearer auth, the ten-secondly/daily/search limits, and the rate-limit headers."""

from __future__ import annotations

import httpx
import pytest

from revops_as_code.providers.hubspot.sandbox import Limits
from revops_as_code.providers.hubspot.sandbox.errors import ApiError
from revops_as_code.providers.hubspot.sandbox.limits import RateLimiter

from .conftest import MakeClient

OWNERS = "/crm/v3/owners"
S = "/crm/v3/objects/contacts/search"


def test_missing_or_wrong_token_is_401(make_client: MakeClient) -> None:
    anonymous = make_client(bearer=None)
    response = anonymous.get(OWNERS)
    assert response.status_code == 401
    assert response.json()["category"] == "INVALID_AUTHENTICATION"
    assert "Authentication credentials not found" in response.json()["message"]
    assert anonymous.get(OWNERS, headers={"Authorization": "Basic abc"}).status_code == 401
    enforced = make_client(bearer="wrong-secret-value", token="right")
    refused = enforced.get(OWNERS)
    assert refused.status_code == 401 and "wrong-secret-value" not in refused.text


def test_configured_token_is_enforced(make_client: MakeClient) -> None:
    assert make_client(bearer="right", token="right").get(OWNERS).status_code == 200


def test_headers_on_every_response_and_ten_secondly_429(make_client: MakeClient) -> None:
    client = make_client(limits=Limits(ten_secondly=3, daily=1000, search_per_second=None))
    remaining = []
    for _ in range(3):
        response = client.get(OWNERS)
        assert response.headers["X-HubSpot-RateLimit-Max"] == "3"
        assert response.headers["X-HubSpot-RateLimit-Interval-Milliseconds"] == "10000"
        remaining.append(response.headers["X-HubSpot-RateLimit-Remaining"])
    assert remaining == ["2", "1", "0"]
    limited = client.get(OWNERS)
    assert limited.status_code == 429
    body = limited.json()
    assert body["policyName"] == "TEN_SECONDLY_ROLLING" and body["errorType"] == "RATE_LIMIT"
    assert body["message"] == "You have reached your ten_secondly_rolling limit."
    assert limited.headers["X-HubSpot-RateLimit-Remaining"] == "0"
    assert limited.headers["X-HubSpot-RateLimit-Daily"] == "1000"
    # another token has its own bucket
    assert client.get(OWNERS, headers={"Authorization": "Bearer other"}).status_code == 200


def test_error_responses_carry_the_headers(make_client: MakeClient) -> None:
    client = make_client(limits=Limits(ten_secondly=5, daily=None, search_per_second=None))
    missing = client.get("/crm/v3/owners/424242")
    assert missing.status_code == 404
    assert missing.headers["X-HubSpot-RateLimit-Remaining"] == "4"


def test_daily_limit(make_client: MakeClient) -> None:
    client = make_client(limits=Limits(ten_secondly=None, daily=2, search_per_second=None))
    assert [
        client.get(OWNERS).headers["X-HubSpot-RateLimit-Daily-Remaining"] for _ in range(2)
    ] == [
        "1",
        "0",
    ]
    limited = client.get(OWNERS)
    assert limited.status_code == 429 and limited.json()["policyName"] == "DAILY"


def test_search_has_its_own_stricter_limit(make_client: MakeClient) -> None:
    client = make_client(limits=Limits(ten_secondly=100, daily=None, search_per_second=2))
    first = client.post(S, json={})
    assert first.headers["X-HubSpot-RateLimit-Secondly"] == "2"
    assert client.post(S, json={}).status_code == 200
    third = client.post(S, json={})
    assert third.status_code == 429 and third.json()["policyName"] == "SECONDLY"
    # searches do not spend the ten-secondly bucket
    assert client.get(OWNERS).headers["X-HubSpot-RateLimit-Remaining"] == "99"


def test_windows_roll() -> None:
    now = [1000.0]
    limiter = RateLimiter(
        Limits(ten_secondly=2, daily=3, search_per_second=1), clock=lambda: now[0]
    )
    limiter.admit("t", search=False)
    limiter.admit("t", search=False)
    with pytest.raises(ApiError) as limited:
        limiter.admit("t", search=False)
    assert limited.value.status == 429
    now[0] += 10.001
    assert limiter.admit("t", search=False)["X-HubSpot-RateLimit-Remaining"] == "1"
    with pytest.raises(ApiError) as daily:
        limiter.admit("t", search=True)
    assert daily.value.extra["policyName"] == "DAILY"
    now[0] += 86_400
    assert limiter.admit("t", search=True)["X-HubSpot-RateLimit-Daily-Remaining"] == "2"


def test_limits_off_still_reports_the_interval(client: httpx.Client) -> None:
    response = client.get(OWNERS)
    assert response.headers["X-HubSpot-RateLimit-Interval-Milliseconds"] == "10000"
    assert "X-HubSpot-RateLimit-Max" not in response.headers
