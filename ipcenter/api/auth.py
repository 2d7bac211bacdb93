"""Who is calling: the bearer token of ``Authorization``, nothing else (no session cookie, no
CSRF token: the API is not a browser's). The token's user is then asked of the same policy as
on the pages; the token's scopes narrow it."""

from __future__ import annotations

from flask import abort, g, request
from flask_limiter.util import get_remote_address

from ipcenter.api import tokens
from ipcenter.core import clock
from ipcenter.core.db import unit_of_work


def presented() -> str | None:
    """The token in ``Authorization: Bearer <token>``, or ``None``."""
    scheme, _, value = (request.headers.get("Authorization") or "").partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def rate_key() -> str:
    """The rate limit's key: the token presented (its hash: the same bucket whatever the
    request), else the caller's address."""
    secret = presented()
    if secret:
        return "api-token:" + tokens.hash_token(secret)
    return "api-address:" + (get_remote_address() or "")


def load_token() -> None:
    """Before each API request: the usable token presented, in ``g.api_token`` (or ``None``)."""
    g.api_token = None
    secret = presented()
    if secret:
        with unit_of_work():
            g.api_token = tokens.authenticate(secret, clock.now())


def caller(scope: str):
    """The user of the token presented, which must carry ``scope``: 401 without a usable token,
    403 (audited) without the scope."""
    from ipcenter.auth.policy import Refused

    token = getattr(g, "api_token", None)
    if token is None:
        abort(401)
    if scope not in token.scope_set:
        raise Refused(f"api.{scope}", None)
    return token.user
