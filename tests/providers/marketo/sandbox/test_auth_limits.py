"""Identity, bearer-only auth, token expiry on the injected clock, and the three limits."""

from __future__ import annotations

import httpx
import pytest

from revops_as_code.providers.marketo.sandbox import Limits, SandboxConfig
from revops_as_code.providers.marketo.sandbox.errors import ApiError
from revops_as_code.providers.marketo.sandbox.gateway import Limiter

from .conftest import CLIENT_ID, SECRET, Clock, MakeClient, error_code, ok, token

DESCRIBE = "/rest/v1/leads/describe2.json"


def test_identity_takes_query_params_or_a_form_body(make_client: MakeClient) -> None:
    client = make_client(authorize=False)
    by_query = client.get(
        "/identity/oauth/token",
        params={
            "grant_type": "client_credentials",
            "client_id": CLIENT_ID,
            "client_secret": SECRET,
        },
    )
    assert by_query.status_code == 200
    body = by_query.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 3599
    # While a token lives, the identity endpoint hands back the same one.
    assert token(client) == body["access_token"]


def test_bad_client_credentials_are_http_401(make_client: MakeClient) -> None:
    client = make_client(authorize=False)
    bad = client.post(
        "/identity/oauth/token",
        data={"grant_type": "client_credentials", "client_id": CLIENT_ID, "client_secret": "no"},
    )
    assert bad.status_code == 401
    assert "no" not in bad.text


def test_rest_calls_need_the_bearer_header(make_client: MakeClient) -> None:
    client = make_client(authorize=False)
    assert error_code(client.get(DESCRIBE)) == "600"
    access = token(client)
    by_query = client.get(DESCRIBE, params={"access_token": access})
    assert error_code(by_query) == "600"
    assert "Authorization: Bearer" in by_query.json()["errors"][0]["message"]
    wrong = client.get(DESCRIBE, headers={"Authorization": "Bearer not-a-token"})
    assert error_code(wrong) == "601"
    assert ok(client.get(DESCRIBE, headers={"Authorization": f"Bearer {access}"}))


def test_tokens_expire_after_3600_seconds(make_client: MakeClient, clock: Clock) -> None:
    client = make_client()
    clock.now += 3599
    assert ok(client.get(DESCRIBE))
    clock.now += 1
    assert error_code(client.get(DESCRIBE)) == "602"
    client.headers["Authorization"] = f"Bearer {token(client)}"  # a new one
    assert ok(client.get(DESCRIBE))


def test_more_than_100_calls_in_20_seconds_is_606(make_client: MakeClient, clock: Clock) -> None:
    client = make_client(limits=Limits(per_window=100, concurrent=None, daily=None))
    for _ in range(100):
        ok(client.get(DESCRIBE))
    assert error_code(client.get(DESCRIBE)) == "606"
    clock.now += 20
    assert ok(client.get(DESCRIBE))


def test_daily_quota_is_607(make_client: MakeClient) -> None:
    client = make_client(limits=Limits(per_window=None, concurrent=None, daily=3))
    for _ in range(3):
        ok(client.get(DESCRIBE))
    assert error_code(client.get(DESCRIBE)) == "607"
    # Identity calls are not counted toward limits.
    assert token(client)


def test_more_than_10_concurrent_calls_is_615(tmp_path: object) -> None:
    limiter = Limiter(SandboxConfig(limits=Limits(per_window=None, concurrent=10, daily=None)))
    for _ in range(10):
        limiter.enter()
    with pytest.raises(ApiError) as refused:
        limiter.enter()
    assert refused.value.code == "615"
    limiter.leave()
    limiter.enter()


def test_refused_tokens_do_not_count(make_client: MakeClient) -> None:
    client = make_client(limits=Limits(per_window=2, concurrent=None, daily=None))
    for _ in range(5):
        error_code(client.get(DESCRIBE, headers={"Authorization": "Bearer stale"}))
    assert ok(client.get(DESCRIBE)) and ok(client.get(DESCRIBE))


def test_a_client_without_credentials_config_accepts_any(db: object, clock: Clock) -> None:
    from pathlib import Path

    from revops_as_code.providers.marketo.sandbox import SandboxTransport

    cfg = SandboxConfig(db_path=Path(str(db)), limits=Limits.off(), clock=clock)
    with httpx.Client(base_url="https://x.mktorest.com", transport=SandboxTransport(cfg)) as c:
        got = c.post(
            "/identity/oauth/token",
            data={"grant_type": "client_credentials", "client_id": "a", "client_secret": "b"},
        )
        assert got.status_code == 200
