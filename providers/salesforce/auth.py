"""Getting an access token: OAuth 2.0 client credentials or the JWT bearer flow.

Both are server-to-server flows a connected app must allow (the username-password flow is
being retired). The token endpoint is `{login_url}/services/oauth2/token`, always a form POST
so no secret is ever in a URL; the response names the `instance_url` every later request
goes to. Neither flow returns a refresh token: on `INVALID_SESSION_ID` the client asks for
a new token once (`TokenSource.refresh`) and resends.

JWT audience: Salesforce takes `https://login.salesforce.com` for production orgs (also when
the token is requested from the org's My Domain), `https://test.salesforce.com` for sandboxes
(`test.salesforce.com` or `*.sandbox.my.salesforce.com`) and the site URL for an Experience
Cloud site; `settings.audience` overrides. Claims: iss = consumer key, sub = username,
aud, exp at most 3 minutes ahead.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
import jwt
import tenacity

from revops_as_code.errors import UsageError

from .errors import (
    PROVIDER,
    SalesforceAuthenticationError,
    SalesforceError,
    SalesforceServerError,
    Scrubber,
    decode_body,
    map_transport_error,
)
from .limits import backoff

CLIENT_CREDENTIALS = "client_credentials"
JWT_BEARER = "jwt"
FLOWS = (CLIENT_CREDENTIALS, JWT_BEARER)
JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
TOKEN_PATH = "/services/oauth2/token"
JWT_LIFETIME = 180
"""Seconds the assertion is valid; Salesforce accepts at most 3 minutes."""
PRODUCTION_AUDIENCE = "https://login.salesforce.com"
SANDBOX_AUDIENCE = "https://test.salesforce.com"

_FLOW_HINTS = {
    CLIENT_CREDENTIALS: (
        "client credentials flow: check client_id (the connected app's consumer key) and the "
        "consumer secret in the credentials variable, that the app has 'Enable Client "
        "Credentials Flow' with an active Run As user, and that login_url is the org's My "
        "Domain (https://<MyDomain>.my.salesforce.com; login.salesforce.com is refused)"
    ),
    JWT_BEARER: (
        "JWT bearer flow: check client_id (the consumer key), that the app has 'Use digital "
        "signatures' with the certificate of the private key in the credentials variable, "
        "that username is pre-authorized (Admin approved users + a profile or permission "
        "set), that login_url is login.salesforce.com / test.salesforce.com / the My Domain, "
        "and that this machine's clock is right"
    ),
}


@dataclass(frozen=True)
class AuthSettings:
    """What the token request needs, checked once from the target's settings."""

    instance_url: str
    login_url: str
    flow: str
    client_id: str
    secret: str
    """Consumer secret (client credentials) or PEM private key (JWT). Never printed."""
    username: str | None = None
    audience: str | None = None

    def __repr__(self) -> str:
        return f"AuthSettings(flow={self.flow!r}, login_url={self.login_url!r})"


@dataclass(frozen=True)
class Token:
    access_token: str
    instance_url: str

    def __repr__(self) -> str:
        return f"Token(instance_url={self.instance_url!r})"


def _url(settings: Mapping[str, Any], name: str, default: str | None = None) -> str:
    value = settings.get(name) or default
    if not value:
        raise UsageError(
            f"Salesforce target: settings.{name} is missing",
            hint="set instance_url to the org's My Domain URL, "
            "https://<MyDomain>.my.salesforce.com",
        )
    text = str(value).rstrip("/")
    parts = urlsplit(text)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise UsageError(
            f"Salesforce target: settings.{name} {text!r} is not a URL",
            hint=f"set {name} to a URL such as https://<MyDomain>.my.salesforce.com",
        )
    return text


def auth_settings(
    settings: Mapping[str, Any], environ: Mapping[str, str] | None = None
) -> AuthSettings:
    """Checked auth settings; a UsageError names each missing piece (never a value)."""
    env = os.environ if environ is None else environ
    instance_url = _url(settings, "instance_url")
    login_url = _url(settings, "login_url", instance_url)
    flow = str(settings.get("auth") or CLIENT_CREDENTIALS)
    if flow not in FLOWS:
        raise UsageError(
            f"Salesforce target: settings.auth {flow!r} is not a supported flow",
            hint="set auth to client_credentials (consumer key + secret, Run As user) or "
            "jwt (consumer key + private key + username)",
        )
    client_id = settings.get("client_id")
    client_id_env = settings.get("client_id_env")
    if not client_id and client_id_env:
        client_id = env.get(str(client_id_env))
        if not client_id:
            raise UsageError(
                f"Salesforce target: the variable {client_id_env} (settings.client_id_env) "
                "is not set",
                hint=f"export {client_id_env} with the connected app's consumer key",
            )
    if not client_id:
        raise UsageError(
            "Salesforce target: settings.client_id is missing",
            hint="set client_id to the connected app's consumer key, or client_id_env to "
            "the name of a variable holding it",
        )
    what = "consumer secret" if flow == CLIENT_CREDENTIALS else "PEM private key"
    secret = settings.get("credentials")
    if not secret:
        raise UsageError(
            f"Salesforce target: no credentials for the {flow} flow",
            hint=f"set credentials_env in revops.yaml to the name of a variable holding the "
            f"connected app's {what}, and export it",
        )
    username = settings.get("username")
    if flow == JWT_BEARER and not username:
        raise UsageError(
            "Salesforce target: settings.username is missing (the JWT flow's subject)",
            hint="set username to the Salesforce username revops acts as "
            "(e.g. integration@example.com)",
        )
    audience = settings.get("audience")
    return AuthSettings(
        instance_url=instance_url,
        login_url=login_url,
        flow=flow,
        client_id=str(client_id),
        secret=str(secret),
        username=str(username) if username else None,
        audience=str(audience) if audience else None,
    )


def audience_for(login_url: str) -> str:
    """The JWT `aud` Salesforce expects for a token requested from `login_url`."""
    host = (urlsplit(login_url).hostname or "").lower()
    if host == "test.salesforce.com" or host.endswith(".sandbox.my.salesforce.com"):
        return SANDBOX_AUDIENCE
    if host == "login.salesforce.com" or host.endswith(".my.salesforce.com"):
        return PRODUCTION_AUDIENCE
    return login_url  # an Experience Cloud site (or a local emulator): its own URL


def private_key(secret: str) -> str:
    """The PEM text; variables often hold it with literal `\\n` for newlines."""
    text = secret.strip()
    if "\\n" in text and "\n" not in text:
        text = text.replace("\\n", "\n")
    return text


def jwt_assertion(config: AuthSettings, now: float) -> str:
    claims = {
        "iss": config.client_id,
        "sub": config.username,
        "aud": config.audience or audience_for(config.login_url),
        "exp": int(now) + JWT_LIFETIME,
    }
    try:
        return jwt.encode(claims, private_key(config.secret), algorithm="RS256")
    except (ValueError, TypeError, jwt.PyJWTError):
        # The library's message may quote the key material: say what, not which bytes.
        raise UsageError(
            "Salesforce target: the JWT flow's credentials are not a PEM RSA private key",
            hint="put the private key (-----BEGIN PRIVATE KEY----- ...) whose certificate is "
            "uploaded to the connected app in the credentials variable",
        ) from None


def token_form(config: AuthSettings, now: float) -> dict[str, str]:
    """The token request's form body (never sent in a URL)."""
    if config.flow == JWT_BEARER:
        return {"grant_type": JWT_GRANT, "assertion": jwt_assertion(config, now)}
    return {
        "grant_type": "client_credentials",
        "client_id": config.client_id,
        "client_secret": config.secret,
    }


class _TryAgain(Exception):
    def __init__(self, error: SalesforceError) -> None:
        super().__init__(str(error))
        self.error = error


class TokenSource:
    """Fetches and caches the access token; `refresh` replaces a token that was refused."""

    def __init__(
        self,
        config: AuthSettings,
        http: httpx.Client,
        scrub: Scrubber,
        *,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        max_attempts: int = 3,
    ) -> None:
        self.config = config
        self._http = http
        self._scrub = scrub
        self._clock = clock
        self._sleep = sleep
        self._max_attempts = max_attempts
        self._lock = threading.Lock()
        self._token: Token | None = None
        self.token_count = 0
        """Token requests sent (not counted in the client's request_count)."""
        scrub.add(config.secret)

    def current(self) -> Token:
        with self._lock:
            if self._token is None:
                self._token = self._fetch()
            return self._token

    def refresh(self, refused: Token) -> Token:
        """A new token, unless another thread already replaced `refused`."""
        with self._lock:
            if self._token is None or self._token == refused:
                self._token = self._fetch()
            return self._token

    def _fetch(self) -> Token:
        retrying = tenacity.Retrying(
            sleep=self._sleep,
            stop=tenacity.stop_after_attempt(self._max_attempts),
            wait=lambda state: backoff(state.attempt_number),
            retry=tenacity.retry_if_exception_type(_TryAgain),
            reraise=True,
        )
        try:
            return retrying(self._attempt)
        except _TryAgain as exc:
            raise exc.error from None

    def _attempt(self) -> Token:
        url = self.config.login_url + TOKEN_PATH
        what = f"POST {TOKEN_PATH} ({self.config.flow})"
        form = token_form(self.config, self._clock())
        if "assertion" in form:
            self._scrub.add(form["assertion"])
        self.token_count += 1
        try:
            response = self._http.post(url, data=form, headers={"Accept": "application/json"})
        except httpx.HTTPError as exc:
            # Asking for a token changes nothing server-side: safe to ask again.
            raise _TryAgain(map_transport_error(exc, what, self._scrub)) from None
        body = decode_body(response)
        if response.status_code >= 500:
            raise _TryAgain(
                SalesforceServerError(
                    self._scrub(f"Salesforce {response.status_code} on {what}"),
                    hint="the token endpoint failed; retry later",
                    status=response.status_code,
                    provider=PROVIDER,
                )
            )
        if not response.is_success or not isinstance(body, dict) or "access_token" not in body:
            raise self._refused(response.status_code, body, what)
        access = str(body["access_token"])
        self._scrub.add(access)
        instance = str(body.get("instance_url") or self.config.instance_url).rstrip("/")
        return Token(access_token=access, instance_url=instance)

    def _refused(self, status: int, body: Any, what: str) -> SalesforceAuthenticationError:
        fields = body if isinstance(body, dict) else {}
        code = str(fields.get("error") or "no_token")
        description = str(fields.get("error_description") or "no access token in the response")
        error = SalesforceAuthenticationError(
            self._scrub(f"Salesforce {status} on {what}: {code}: {description}"),
            hint=self._scrub(_FLOW_HINTS[self.config.flow]),
            status=status,
            provider=PROVIDER,
        )
        error.code, error.codes, error.request = code, (code,), what
        return error


__all__ = [
    "CLIENT_CREDENTIALS",
    "FLOWS",
    "JWT_BEARER",
    "JWT_GRANT",
    "JWT_LIFETIME",
    "PRODUCTION_AUDIENCE",
    "SANDBOX_AUDIENCE",
    "TOKEN_PATH",
    "AuthSettings",
    "Token",
    "TokenSource",
    "audience_for",
    "auth_settings",
    "jwt_assertion",
    "private_key",
    "token_form",
]
