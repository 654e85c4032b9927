"""The token endpoint's two flows and the bearer check in front of every REST path."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import jwt

from revops_as_code.providers.salesforce.sandbox import SandboxConfig, SandboxTransport

from .conftest import Factory, V, load
from .small_org import build

TOKEN = "/services/oauth2/token"
GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"


def _assertion(**claims: object) -> str:
    base: dict[str, object] = {
        "iss": "consumer-key",
        "sub": "integration@example.com",
        "aud": "https://login.salesforce.com",
        "exp": int(time.time()) + 180,
    }
    base.update(claims)
    return jwt.encode(
        {k: v for k, v in base.items() if v is not None},
        "test-secret-for-signing-assertions-only",
        "HS256",
    )


def test_client_credentials_returns_a_bearer_token(make_client: Factory) -> None:
    client = make_client(token=None)
    response = client.post(
        TOKEN,
        data={
            "grant_type": "client_credentials",
            "client_id": "consumer-key",
            "client_secret": "test-secret",
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "access_token",
        "instance_url",
        "id",
        "token_type",
        "issued_at",
        "signature",
        "scope",
    }
    assert body["token_type"] == "Bearer"
    assert body["instance_url"] == "https://sandbox.my.salesforce.com"
    assert body["id"].startswith(body["instance_url"] + "/id/00D")
    # The token it issued works on the REST API.
    limits = client.get(f"{V}/limits", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert limits.status_code == 200


def test_client_credentials_refusals_are_oauth_errors(make_client: Factory) -> None:
    client = make_client(token=None, client_id="consumer-key", client_secret="test-secret")
    wrong = client.post(
        TOKEN,
        data={
            "grant_type": "client_credentials",
            "client_id": "consumer-key",
            "client_secret": "nope",
        },
    )
    assert wrong.status_code == 400
    assert wrong.json() == {
        "error": "invalid_client",
        "error_description": "invalid client credentials",
    }
    assert "nope" not in wrong.text
    other = client.post(
        TOKEN,
        data={"grant_type": "client_credentials", "client_id": "x", "client_secret": "test-secret"},
    )
    assert other.json()["error"] == "invalid_client_id"
    unknown = client.post(TOKEN, data={"grant_type": "password"})
    assert unknown.status_code == 400 and unknown.json()["error"] == "unsupported_grant_type"


def test_jwt_bearer_accepts_a_well_formed_assertion(make_client: Factory) -> None:
    client = make_client(token=None)
    response = client.post(TOKEN, data={"grant_type": GRANT, "assertion": _assertion()})
    assert response.status_code == 200
    assert response.json()["token_type"] == "Bearer"


def test_jwt_bearer_refuses_expired_incomplete_or_garbled_assertions(make_client: Factory) -> None:
    client = make_client(token=None)
    expired = client.post(
        TOKEN, data={"grant_type": GRANT, "assertion": _assertion(exp=int(time.time()) - 5)}
    )
    assert expired.status_code == 400 and expired.json()["error"] == "invalid_grant"
    no_sub = client.post(TOKEN, data={"grant_type": GRANT, "assertion": _assertion(sub=None)})
    assert no_sub.status_code == 400 and "'sub'" in no_sub.json()["error_description"]
    garbled = client.post(TOKEN, data={"grant_type": GRANT, "assertion": "not-a-jwt"})
    assert garbled.json() == {"error": "invalid_grant", "error_description": "invalid assertion"}


def test_a_missing_bearer_token_is_invalid_session(make_client: Factory) -> None:
    client = make_client(token=None)
    missing = client.get(f"{V}/limits")
    assert missing.status_code == 401
    assert missing.json() == [
        {"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}
    ]
    # The version list needs no token, as on Salesforce.
    assert client.get("/services/data/").status_code == 200


def test_a_configured_token_is_the_only_one_accepted(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    load(db, build())
    transport = SandboxTransport(SandboxConfig(db_path=db, token="right-token"))
    with httpx.Client(base_url="https://x.my.salesforce.com", transport=transport) as client:
        wrong = client.get(f"{V}/limits", headers={"Authorization": "Bearer wrong-token"})
        assert wrong.status_code == 401 and "wrong-token" not in wrong.text
        right = client.get(f"{V}/limits", headers={"Authorization": "Bearer right-token"})
        assert right.status_code == 200
        # The token endpoint then hands out the configured token.
        issued = client.post(
            TOKEN,
            data={
                "grant_type": "client_credentials",
                "client_id": "a",
                "client_secret": "test-secret",
            },
        ).json()
        assert issued["access_token"] == "right-token"
