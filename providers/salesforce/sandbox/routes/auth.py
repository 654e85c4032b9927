"""`POST /services/oauth2/token`: the two server-to-server flows the provider uses.

- `grant_type=client_credentials` with `client_id` + `client_secret` (form fields or HTTP
  Basic), Salesforce Help "OAuth 2.0 Client Credentials Flow for Server-to-Server Integration";
- `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer` with `assertion`, Help "OAuth 2.0
  JWT Bearer Flow": the assertion's signature is not verified here (the sandbox holds no
  certificate), but it must decode and carry `iss`, `sub`, `aud` and a future `exp`.

Success: `{access_token, instance_url, id, token_type: "Bearer", issued_at, signature,
scope}`; failure: `{"error", "error_description"}` with 400 (RFC 6749 §5.2).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import time
from typing import Any
from urllib.parse import parse_qsl

import jwt
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from ..config import SandboxConfig
from ..errors import OAuthError

JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"


async def token(request: Request) -> JSONResponse:
    config: SandboxConfig = request.app.state.config
    try:
        # The body is application/x-www-form-urlencoded (python-multipart is not needed).
        raw = (await request.body()).decode("utf-8", "replace")
        fields = dict(parse_qsl(raw, keep_blank_values=True))
        grant = fields.get("grant_type", "")
        if grant == "client_credentials":
            _client_credentials(config, fields, request.headers.get("authorization"))
        elif grant == JWT_GRANT:
            _jwt_bearer(config, fields.get("assertion", ""))
        else:
            raise OAuthError("unsupported_grant_type", "grant type not supported")
    except OAuthError as exc:
        return JSONResponse(exc.body(), status_code=exc.status)
    context = request.app.state.context
    user_id = await run_in_threadpool(context.user_id)
    instance = f"{request.url.scheme}://{request.url.netloc}"
    issued = str(int(time.time() * 1000))
    identity = f"{instance}/id/{config.org_id}/{user_id}"
    access = config.token or f"{config.org_id[:15]}!sandbox.{secrets.token_urlsafe(24)}"
    # The signature proves the id and issued_at came from the server; any fixed key will do.
    digest = hmac.new(b"revops-sandbox", (identity + issued).encode(), hashlib.sha256).digest()
    body: dict[str, Any] = {
        "access_token": access,
        "instance_url": instance,
        "id": identity,
        "token_type": "Bearer",
        "issued_at": issued,
        "signature": base64.b64encode(digest).decode(),
        "scope": "api",
    }
    return JSONResponse(body, headers={"Cache-Control": "no-cache,must-revalidate,max-age=0"})


def _client_credentials(config: SandboxConfig, fields: dict[str, str], basic: str | None) -> None:
    client_id, secret = fields.get("client_id", ""), fields.get("client_secret", "")
    if basic and basic.lower().startswith("basic ") and not client_id:
        try:
            decoded = base64.b64decode(basic[6:].strip()).decode()
        except (binascii.Error, UnicodeDecodeError):
            decoded = ""
        client_id, _, secret = decoded.partition(":")
    if not client_id:
        raise OAuthError("invalid_client_id", "client identifier invalid")
    if config.client_id is not None and client_id != config.client_id:
        raise OAuthError("invalid_client_id", "client identifier invalid")
    if not secret or (config.client_secret is not None and secret != config.client_secret):
        raise OAuthError("invalid_client", "invalid client credentials")


def _jwt_bearer(config: SandboxConfig, assertion: str) -> None:
    if not assertion:
        raise OAuthError("invalid_request", "assertion is required")
    try:
        claims = jwt.decode(assertion, options={"verify_signature": False, "verify_exp": False})
    except jwt.PyJWTError:
        raise OAuthError("invalid_grant", "invalid assertion") from None
    for claim in ("iss", "sub", "aud", "exp"):
        if not claims.get(claim):
            raise OAuthError("invalid_grant", f"invalid assertion: the '{claim}' claim is missing")
    if config.client_id is not None and claims["iss"] != config.client_id:
        raise OAuthError("invalid_client_id", "client identifier invalid")
    try:
        expires = float(claims["exp"])
    except (TypeError, ValueError):
        raise OAuthError("invalid_grant", "invalid assertion: 'exp' is not a number") from None
    if expires <= time.time():
        raise OAuthError("invalid_grant", "expired assertion")
