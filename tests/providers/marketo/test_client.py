"""The Marketo client: credentials in a form body, bearer-only calls, token lifecycle,
606/615 waited and retried, 607 fatal and halting, errors typed and scrubbed."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

import httpx
import pytest

from revops_as_code.errors import (
    AuthenticationError,
    NotFoundError,
    RateLimitError,
    ServerError,
    ValidationFailed,
)
from revops_as_code.providers.marketo.client import MarketoClient
from revops_as_code.providers.marketo.limits import Limits
from revops_as_code.providers.marketo.sandbox import FaultRule
from revops_as_code.providers.marketo.sandbox import Limits as ServerLimits

from .helpers import BASE, CLIENT_ID, SECRET, FakeTime, provider

DESCRIBE = "/rest/v1/leads/describe2.json"


def _client(tmp_path: Path, *faults: FaultRule, **kwargs: object) -> tuple[MarketoClient, FakeTime]:
    time = FakeTime()
    made = provider(tmp_path / "m.db", faults=faults, time=time, **kwargs)  # type: ignore[arg-type]
    return made.client, time


def test_credentials_go_in_a_form_body_and_tokens_in_the_header() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/identity/oauth/token":
            return httpx.Response(
                200, json={"access_token": "tok-123", "token_type": "bearer", "expires_in": 3599}
            )
        return httpx.Response(
            200,
            json={"requestId": "1#1", "success": True, "result": [], "errors": [], "warnings": []},
        )

    client = MarketoClient(CLIENT_ID, SECRET, base_url=BASE, transport=httpx.MockTransport(answer))
    client.get(DESCRIBE)
    identity, call = seen
    assert identity.method == "POST" and not identity.url.query
    assert SECRET not in str(identity.url)
    form = parse_qs(identity.content.decode())
    assert form == {
        "grant_type": ["client_credentials"],
        "client_id": [CLIENT_ID],
        "client_secret": [SECRET],
    }
    assert identity.headers["content-type"] == "application/x-www-form-urlencoded"
    assert call.headers["authorization"] == "Bearer tok-123"
    assert b"access_token" not in call.url.query


def test_a_602_gets_one_new_token_and_one_retry(tmp_path: Path) -> None:
    client, _ = _client(tmp_path, FaultRule("token_expiry", path=DESCRIBE))
    assert client.get(DESCRIBE)["success"] is True
    assert client.token_count == 2
    assert client.halted is None


def test_a_token_refused_twice_is_an_authentication_error(tmp_path: Path) -> None:
    client, _ = _client(tmp_path, FaultRule("token_expiry", path=DESCRIBE, times=0))
    with pytest.raises(AuthenticationError) as refused:
        client.get(DESCRIBE)
    assert client.token_count == 2 and client.halted is refused.value
    assert refused.value.hint and "LaunchPoint" in refused.value.hint


def test_the_cached_token_is_replaced_before_it_expires(tmp_path: Path) -> None:
    client, time = _client(tmp_path)
    client.get(DESCRIBE)
    client.get(DESCRIBE)
    assert client.token_count == 1
    time.now += 3600  # the token has expired: a new one first, never a refused call
    sent = client.request_count
    client.get(DESCRIBE)
    assert client.token_count == 2 and client.request_count - sent == 2


def test_606_and_615_wait_and_retry(tmp_path: Path) -> None:
    client, time = _client(
        tmp_path,
        FaultRule("rate_limit_storm", path=DESCRIBE, times=2),
        FaultRule("error", code="615", path=DESCRIBE, nth=3),
    )
    assert client.get(DESCRIBE)["success"] is True
    assert time.slept == [5.0, 5.0, 1.0]


def test_a_storm_beyond_the_budget_halts(tmp_path: Path) -> None:
    client, time = _client(tmp_path, FaultRule("rate_limit_storm", path="/rest/*", times=0))
    with pytest.raises(RateLimitError):
        client.get(DESCRIBE)
    assert sum(time.slept) <= 60 and client.halted is not None
    sent = client.request_count
    with pytest.raises(RateLimitError):
        client.get(DESCRIBE)
    assert client.request_count == sent  # nothing more is sent


def test_the_daily_quota_is_fatal_at_once(tmp_path: Path) -> None:
    client, time = _client(tmp_path, server_limits=ServerLimits(daily=1))
    client.get(DESCRIBE)
    with pytest.raises(RateLimitError) as spent:
        client.get(DESCRIBE)
    assert "daily API quota" in spent.value.message
    assert spent.value.hint and "midnight US Central" in spent.value.hint
    assert time.slept == [] and client.halted is spent.value


def test_the_client_stays_under_100_calls_in_20_seconds(tmp_path: Path) -> None:
    client, time = _client(tmp_path, server_limits=ServerLimits(per_window=100))
    for _ in range(150):
        assert client.get(DESCRIBE)["success"] is True  # never a 606 from the server
    assert isinstance(client.limits, Limits) and client.limits.waited > 0
    assert time.now - 1_764_590_400.0 >= 20


def test_bad_credentials_are_refused_without_echoing_the_secret(tmp_path: Path) -> None:
    made = provider(tmp_path / "m.db")
    transport = made.client._http._transport  # the sandbox transport
    client = MarketoClient(CLIENT_ID, "wrong-secret-value", base_url=BASE, transport=transport)
    with pytest.raises(AuthenticationError) as refused:
        client.get(DESCRIBE)
    assert "wrong-secret-value" not in str(refused.value)
    assert refused.value.status == 401


@pytest.mark.parametrize(
    ("code", "error"),
    [("603", AuthenticationError), ("702", NotFoundError), ("1003", ValidationFailed)],
)
def test_in_body_codes_become_typed_errors(tmp_path: Path, code: str, error: type) -> None:
    client, _ = _client(tmp_path, FaultRule("error", code=code, path=DESCRIBE))
    with pytest.raises(error) as raised:
        client.get(DESCRIBE)
    assert code in raised.value.message


def test_transient_failures_retry_reads_only(tmp_path: Path) -> None:
    client, time = _client(tmp_path, FaultRule("status", status=503, path=DESCRIBE, times=2))
    assert client.get(DESCRIBE)["success"] is True and time.slept == [1.0, 1.0]
    client, _ = _client(tmp_path / "x", FaultRule("status", status=500, path="/rest/*", times=0))
    with pytest.raises(ServerError):
        client.get(DESCRIBE)


def test_at_most_10_calls_at_once() -> None:
    from contextlib import ExitStack

    limits = Limits(clock=FakeTime(), sleep=FakeTime().sleep)
    with ExitStack() as stack:
        for _ in range(10):
            stack.enter_context(limits.call())
        assert not limits._slots.acquire(blocking=False)
    assert limits._slots.acquire(blocking=False)


def test_a_failed_token_request_is_retried(tmp_path: Path) -> None:
    client, time = _client(tmp_path, FaultRule("status", status=503, path="/identity/*"))
    assert client.get(DESCRIBE)["success"] is True
    assert client.token_count == 2 and time.slept == [1.0]
