"""Sign-in and account services. They take ``now`` and never read the request."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash

from ipcenter.auth.models import User
from ipcenter.core import audit
from ipcenter.core.db import db
from ipcenter.core.errors import Conflict, InvalidInput

# Verified against when the username is unknown, so both failures take the same time.
_DUMMY_HASH = ("scrypt:32768:8:1$ZxkGcbZ0S9wVq3qF$0a3e7c1e3d2b1c0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b"
               "3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3")

# One message for an unknown user, a wrong password and a deactivated account alike, so the
# page does not tell an attacker which usernames exist.
SIGN_IN_REFUSED = _l("Wrong username or password, or the account is deactivated.")

PASSWORD_MIN_LENGTH = 10


class InvalidField(InvalidInput):
    """Invalid input about one form field; ``field`` names it so the page shows the message
    next to that field."""

    def __init__(self, field: str, message):
        super().__init__(message)
        self.field = field


class FieldConflict(Conflict):
    """A duplicate (a username, a name, a code already taken); ``field`` names the field."""

    def __init__(self, field: str, message):
        super().__init__(message)
        self.field = field


def find_user(username: str) -> User | None:
    """The user with this username, compared without regard to case."""
    return db.session.execute(
        sa.select(User).where(sa.func.lower(User.username) == username.strip().lower())
    ).scalar_one_or_none()


def sign_in(username: str, password: str, *, now: datetime, address: str = "") -> User | None:
    """Return the user whose credentials these are and record the sign-in, or ``None``.

    A refusal is returned, not raised: its audit row must be committed with the unit of work,
    and an exception would roll it back. An unknown user, a wrong password and a deactivated
    account are refused alike (no account enumeration), and take the same time."""
    user = find_user(username)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        reason = "unknown user"
    elif not user.check_password(password):
        reason = "wrong password"
    elif not user.active:
        reason = "deactivated"
    else:
        reason = ""
    if reason:
        audit.record("auth.login_failed", actor=user, obj_type="user",
                     obj_id=user.id if user else "", now=now, address=address,
                     detail={"username": username[:60], "reason": reason})
        return None
    user.last_login_at = now
    audit.record("auth.login", actor=user, obj_type="user", obj_id=user.id, now=now,
                 address=address)
    return user


def check_password_rules(password: str, field: str = "password") -> None:
    """Refuse a password shorter than ``PASSWORD_MIN_LENGTH`` or without letters and digits.

    Raises ``InvalidField`` on ``field``."""
    if (len(password) < PASSWORD_MIN_LENGTH or not any(ch.isalpha() for ch in password)
            or not any(ch.isdecimal() for ch in password)):
        raise InvalidField(field, _l(
            "The password must be at least %(count)s characters long and contain both letters "
            "and digits.", count=PASSWORD_MIN_LENGTH))


def sign_out(user: User, *, now: datetime, address: str = "") -> None:
    """Record the sign-out and end every session of ``user``: a cookie copied before is
    refused as the one the browser drops (on every computer the account is signed in on)."""
    audit.record("auth.logout", actor=user, obj_type="user", obj_id=user.id, now=now,
                 address=address)
    end_sessions(user)


def end_sessions(user: User) -> None:
    """Make every session of ``user`` stop working at its next request (the user loader
    compares the version kept in the session with this one). Called on sign-out, password
    reset and deactivation."""
    user.session_version = (user.session_version or 0) + 1
