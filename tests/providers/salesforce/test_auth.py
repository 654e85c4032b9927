"""Token requests: the client-credentials form, the JWT bearer assertion (checked with the
public half of a key generated here, never committed), OAuth errors, settings checks."""

from __future__ import annotations

import threading

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from revops_as_code.config import Secret
from revops_as_code.errors import AuthenticationError, ServerError, UsageError
from revops_as_code.providers.salesforce.auth import (
    JWT_GRANT,
    PRODUCTION_AUDIENCE,
    SANDBOX_AUDIENCE,
    AuthSettings,
    TokenSource,
    audience_for,
    auth_settings,
    jwt_assertion,
)
from revops_as_code.providers.salesforce.client import SalesforceClient
from revops_as_code.providers.salesforce.errors import Scrubber

from .client_helpers import CLIENT_ID, INSTANCE, LOGIN, SECRET, FakeOrg, form, settings

NOW = 1_700_000_000.0


@pytest.fixture(scope="module")
def key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def test_client_credentials_posts_a_form_and_keeps_the_secret_out_of_the_url() -> None:
    org = FakeOrg()
    org.routes[("GET", "limits")] = httpx.Response(200, json={})
    org.client().get("limits")
    (token_request,) = org.token_requests
    assert token_request.method == "POST"
    assert str(token_request.url) == f"{LOGIN}/services/oauth2/token"
    assert token_request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert form(token_request) == {
        "grant_type": "client_credentials",
        "client_id": CLIENT_ID,
        "client_secret": SECRET,
    }
    assert SECRET not in str(token_request.url)
    assert SECRET not in str(org.requests[0].url) and SECRET not in str(org.requests[0].headers)


def test_login_url_is_where_the_token_is_asked_for() -> None:
    org = FakeOrg()
    org.routes[("GET", "limits")] = httpx.Response(200, json={})
    other = "http://127.0.0.1:8799"
    org.client(login_url=other).get("limits")
    assert str(org.token_requests[0].url) == f"{other}/services/oauth2/token"
    assert str(org.requests[0].url).startswith(INSTANCE)


def test_jwt_bearer_assertion_is_rs256_with_the_documented_claims(
    key: rsa.RSAPrivateKey,
) -> None:
    org = FakeOrg()
    org.routes[("GET", "limits")] = httpx.Response(200, json={})
    pem = _pem(key)
    client = SalesforceClient(
        settings(auth="jwt", credentials=Secret(pem), username="integration@example.com"),
        transport=httpx.MockTransport(org),
        clock=lambda: NOW,
    )
    client.get("limits")
    sent = form(org.token_requests[0])
    assert set(sent) == {"grant_type", "assertion"} and sent["grant_type"] == JWT_GRANT
    assert jwt.get_unverified_header(sent["assertion"])["alg"] == "RS256"
    claims = jwt.decode(
        sent["assertion"],
        key.public_key(),
        algorithms=["RS256"],
        audience=LOGIN,  # not a Salesforce host: the login URL itself
        options={"verify_exp": False},
    )
    assert claims["iss"] == CLIENT_ID and claims["sub"] == "integration@example.com"
    assert 0 < claims["exp"] - NOW <= 180
    assert "PRIVATE KEY" not in str(org.token_requests[0].url)


@pytest.mark.parametrize(
    ("login_url", "audience"),
    [
        ("https://login.salesforce.com", PRODUCTION_AUDIENCE),
        ("https://acme.my.salesforce.com", PRODUCTION_AUDIENCE),
        ("https://test.salesforce.com", SANDBOX_AUDIENCE),
        ("https://acme--uat.sandbox.my.salesforce.com", SANDBOX_AUDIENCE),
        ("https://acme.my.site.com/partners", "https://acme.my.site.com/partners"),
    ],
)
def test_jwt_audience_follows_the_login_host(
    key: rsa.RSAPrivateKey, login_url: str, audience: str
) -> None:
    assert audience_for(login_url) == audience
    config = AuthSettings(
        instance_url="https://acme.my.salesforce.com",
        login_url=login_url,
        flow="jwt",
        client_id=CLIENT_ID,
        secret=_pem(key),
        username="u@example.com",
    )
    claims = jwt.decode(
        jwt_assertion(config, NOW),
        key.public_key(),
        algorithms=["RS256"],
        audience=audience,
        options={"verify_exp": False},
    )
    assert claims["aud"] == audience


def test_a_key_with_escaped_newlines_and_an_audience_override(key: rsa.RSAPrivateKey) -> None:
    config = auth_settings(
        settings(
            auth="jwt",
            credentials=Secret(_pem(key).replace("\n", "\\n")),
            username="u@example.com",
            audience="https://test.salesforce.com",
        )
    )
    token = jwt_assertion(config, NOW)
    assert (
        jwt.decode(
            token,
            key.public_key(),
            algorithms=["RS256"],
            audience=SANDBOX_AUDIENCE,
            options={"verify_exp": False},
        )["sub"]
        == "u@example.com"
    )


def test_a_bad_key_is_a_usage_error_without_the_key() -> None:
    bogus = "-----BEGIN PRIVATE KEY-----\nnot-a-key-canary-77\n-----END PRIVATE KEY-----"
    config = auth_settings(settings(auth="jwt", credentials=Secret(bogus), username="u"))
    with pytest.raises(UsageError) as caught:
        jwt_assertion(config, NOW)
    assert "canary" not in str(caught.value) and "PEM" in str(caught.value)


@pytest.mark.parametrize(
    ("flow", "extra", "expected"),
    [
        ("client_credentials", {}, "Run As"),
        ("jwt", {"username": "u@example.com"}, "pre-authorized"),
    ],
)
def test_oauth_errors_name_the_flow_and_what_to_check(
    key: rsa.RSAPrivateKey, flow: str, extra: dict[str, str], expected: str
) -> None:
    org = FakeOrg()
    credentials = SECRET if flow == "client_credentials" else _pem(key)
    echoed = credentials.splitlines()[1] if flow == "jwt" else credentials  # a line of the PEM
    org.token_response = lambda request: httpx.Response(
        400,
        json={"error": "invalid_grant", "error_description": f"bad {echoed} given"},
    )
    client = org.client(auth=flow, credentials=Secret(credentials), **extra)
    with pytest.raises(AuthenticationError) as caught:
        client.get("limits")
    error = caught.value
    assert error.code == "invalid_grant"  # type: ignore[attr-defined]
    assert flow in error.message and error.hint and expected in error.hint
    assert echoed not in str(error) and "***" in error.message
    assert org.requests == [] and client.request_count == 0
    with pytest.raises(AuthenticationError):
        client.get("limits")
    assert len(org.token_requests) == 1  # halted: the refused credentials are not re-sent


def test_token_endpoint_outages_are_retried_then_reported() -> None:
    org = FakeOrg()
    org.routes[("GET", "limits")] = httpx.Response(200, json={"ok": 1})
    replies = [httpx.Response(503), httpx.Response(503)]

    def flaky(request: httpx.Request) -> httpx.Response:
        if replies:
            return replies.pop(0)
        org.valid.add("00D000000000001!AQ.after-outage")
        return httpx.Response(
            200, json={"access_token": "00D000000000001!AQ.after-outage", "instance_url": INSTANCE}
        )

    org.token_response = flaky
    client = org.client()
    assert client.get("limits") == {"ok": 1}
    assert org.sleeps == [0.5, 1.0] and len(org.token_requests) == 3

    down = FakeOrg()
    down.token_response = lambda request: httpx.Response(502)
    with pytest.raises(ServerError, match="oauth2/token"):
        down.client().get("limits")


def test_refresh_replaces_only_the_refused_token() -> None:
    org = FakeOrg()
    with httpx.Client(transport=httpx.MockTransport(org)) as http:
        source = TokenSource(auth_settings(settings()), http, Scrubber(), sleep=lambda s: None)
        first = source.current()
        assert source.current() is first and org.tokens_issued == 1
        second = source.refresh(first)
        assert second != first and org.tokens_issued == 2
        # A thread that saw the first token refused too gets the second, not a third.
        results = []
        threads = [threading.Thread(target=lambda: results.append(source.refresh(first)))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert results == [second] and org.tokens_issued == 2
        assert "fake-token" not in repr(second) and SECRET not in repr(source.config)


def test_settings_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    base = {"instance_url": INSTANCE, "credentials": Secret(SECRET)}
    config = auth_settings({**base, "client_id_env": "SF_KEY"}, environ={"SF_KEY": "from-env"})
    assert config.client_id == "from-env" and config.login_url == INSTANCE
    with pytest.raises(UsageError, match="SF_KEY"):
        auth_settings({**base, "client_id_env": "SF_KEY"}, environ={})
    with pytest.raises(UsageError, match="username"):
        auth_settings({**base, "client_id": "x", "auth": "jwt"})
    with pytest.raises(UsageError, match="supported flow"):
        auth_settings({**base, "client_id": "x", "auth": "password"})
    with pytest.raises(UsageError, match="not a URL"):
        auth_settings({**base, "client_id": "x", "instance_url": "acme.my.salesforce.com"})
    with pytest.raises(UsageError) as caught:
        auth_settings({"instance_url": INSTANCE, "client_id": "x", "auth": "jwt"})
    assert "private key" in str(caught.value)
