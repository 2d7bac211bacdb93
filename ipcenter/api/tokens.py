"""API tokens: created and revoked by the administrator for an organisation's user, hashed at
rest, scoped, expiring.

A token acts as its user: the API asks the same policy functions as the pages
(``ipcenter.auth.policy``) with the token's user, and the token's scopes narrow further what
that user may do through the API. A scope is offered only to a user whose roles can use it
(``SCOPES``): a bank's reviewer gets the applications scopes, a firm the complaints scope.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ipcenter.api.models import ApiToken
from ipcenter.auth.models import User
from ipcenter.auth.roles import Role
from ipcenter.core import audit
from ipcenter.core.db import db
from ipcenter.core.errors import Conflict, InvalidInput

PREFIX = "ipc_"
PREFIX_SHOWN = 12          # "ipc_" and the first 8 random characters: enough to tell apart
MAX_DAYS = 365             # a token lives a year at most; the admin issues a new one
DEFAULT_DAYS = 90


@dataclass(frozen=True)
class Scope:
    label: object
    roles: frozenset[str]  # the roles that can use it (the policy decides the rest)


SCOPES: dict[str, Scope] = {
    "applications:read": Scope(_l("Read the loan applications sent to the bank"),
                               frozenset({Role.BANK})),
    "applications:write": Scope(_l("Record the bank's decision and the repayments"),
                                frozenset({Role.BANK})),
    "complaints:write": Scope(_l("Submit complaints"), frozenset({Role.FIRM, Role.AGENT})),
    "statistics:read": Scope(_l("Read the statistics"),
                             frozenset({Role.DIRECTOR, Role.PROVINCIAL})),
}


def hash_token(token: str) -> str:
    """The SHA-256 of ``token``, as stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def scopes_for(user: User) -> list[str]:
    """The scopes ``user``'s roles can use."""
    return [name for name, scope in SCOPES.items() if user.has_role(*scope.roles)]


def create_token(user: User, name: str, scopes, days: int, *, actor: User, now: datetime
                 ) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the token itself, which is shown once.

    Raises ``InvalidInput`` for a missing name, an unknown scope or one the user's roles cannot
    use, or a lifetime outside 1 to ``MAX_DAYS`` days; ``Conflict`` for an inactive user."""
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise InvalidInput(_l("Give the token a name of at most 100 characters."))
    wanted = sorted(set(scopes or ()))
    if not wanted:
        raise InvalidInput(_l("Choose at least one scope."))
    usable = set(scopes_for(user))
    if any(scope not in usable for scope in wanted):
        raise InvalidInput(_l("The account's roles cannot use one of the scopes chosen."))
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise InvalidInput(_l("A token is valid for 1 to %(days)s days.", days=MAX_DAYS))
    if not user.active:
        raise Conflict(_l("The account is deactivated."))
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, scopes=" ".join(wanted),
                     token_hash=hash_token(secret), prefix=secret[:PREFIX_SHOWN],
                     created_at=now, created_by_id=actor.id,
                     expires_at=now + timedelta(days=days))
    db.session.add(token)
    db.session.flush()
    audit.record("api_token.create", actor=actor, obj_type="api_token", obj_id=token.id,
                 now=now, detail={"user": user.username, "name": name, "scopes": wanted,
                                  "expires_at": token.expires_at.isoformat()})
    return token, secret


def revoke_token(token: ApiToken, *, actor: User, now: datetime) -> None:
    """Revoke ``token`` at once. Raises ``Conflict`` when it is already revoked."""
    if token.revoked_at is not None:
        raise Conflict(_l("This token is already revoked."))
    token.revoked_at, token.revoked_by_id = now, actor.id
    db.session.flush()
    audit.record("api_token.revoke", actor=actor, obj_type="api_token", obj_id=token.id,
                 now=now, detail={"user": token.user.username, "name": token.name})


# How often ``last_used_at`` is written: not on every request of a busy client.
USE_RESOLUTION = timedelta(minutes=1)


def authenticate(secret: str | None, now: datetime) -> ApiToken | None:
    """The usable token ``secret`` is (not revoked, not expired, its user active), or
    ``None``. Marks it used."""
    if not secret or not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    token = db.session.execute(sa.select(ApiToken).where(
        ApiToken.token_hash == hash_token(secret))).scalar_one_or_none()
    if token is None or not token.usable(now) or not token.user.active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= USE_RESOLUTION:
        token.last_used_at = now
        db.session.flush()
    return token


def tokens_of(user: User) -> list[ApiToken]:
    return list(db.session.execute(sa.select(ApiToken).where(ApiToken.user_id == user.id)
                                   .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
                                   ).scalars())
