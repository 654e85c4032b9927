"""`GET|POST /identity/oauth/token`: client-credentials access tokens ([MKTO-spec]
swagger-identity.json).

The Swagger lists `client_id`, `client_secret` and `grant_type` as query parameters of both
methods. A POST may carry them in an `application/x-www-form-urlencoded` body instead (the
OAuth 2.0 client-credentials form, RFC 6749 §4.4; the Swagger's `IdentityRequest` names the
same three fields), which keeps the secret out of URLs and logs: the provider sends that.
Bad credentials are the one HTTP 401 Marketo sends ("Error codes": HTTP-level).
"""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from ..gateway import IDENTITY_PATH, TokenBook
from .common import config, query


async def token(request: Request) -> Response:
    params = query(request, IDENTITY_PATH)
    if request.method == "POST":
        raw = (await request.body()).decode("utf-8", "replace")
        kind = request.headers.get("content-type", "")
        if raw and "application/x-www-form-urlencoded" in kind:
            params.update({k: v[0] for k, v in parse_qs(raw).items()})
    cfg = config(request)
    client_id, secret = params.get("client_id", ""), params.get("client_secret", "")
    if params.get("grant_type") != "client_credentials":
        return _refuse("invalid_request", "grant_type must be client_credentials", 400)
    good_id = client_id and (cfg.client_id is None or client_id == cfg.client_id)
    good_secret = secret and (cfg.client_secret is None or secret == cfg.client_secret)
    if not (good_id and good_secret):
        return _refuse("unauthorized", "Bad client credentials", 401)
    book: TokenBook = request.app.state.tokens
    access, remaining = book.issue(client_id)
    return JSONResponse(
        {
            "access_token": access,
            "token_type": "bearer",
            "expires_in": remaining,
            "scope": "apis@revops.sandbox",
        }
    )


def _refuse(error: str, description: str, status: int) -> Response:
    return JSONResponse({"error": error, "error_description": description}, status_code=status)


def routes() -> list[BaseRoute]:
    return [Route(IDENTITY_PATH, token, methods=["GET", "POST"])]
