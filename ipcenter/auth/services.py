"""Sign-in and account services. They take ``now`` and never read the request."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ipcenter.auth.models import User
from ipcenter.core import audit
from ipcenter.core.db import db
from ipcenter.core.errors import InvalidInput

# Verified against when the username is unknown, so both failures take the same time.
_DUMMY_HASH = ("scrypt:32768:8:1$ZxkGcbZ0S9wVq3qF$0a3e7c1e3d2b1c0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b"
               "3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3")


def find_user(username: str) -> User | None:
    return db.session.execute(
        sa.select(User).where(sa.func.lower(User.username) == username.strip().lower())
    ).scalar_one_or_none()


def authenticate(username: str, password: str, *, now: datetime, address: str = "") -> User:
    """Return the user whose credentials these are, and record the sign-in.

    Raises ``InvalidInput`` with one message for an unknown user, a wrong password and a
    deactivated account alike (no account enumeration); each failure is audited."""
    user = find_user(username)
    if user is None:
        from werkzeug.security import check_password_hash

        check_password_hash(_DUMMY_HASH, password)
        ok = False
    else:
        ok = user.check_password(password) and user.active
    if not ok:
        audit.record("auth.login_failed", actor=user, obj_type="user",
                     obj_id=user.id if user else "", now=now, address=address,
                     detail={"username": username[:60]})
        raise InvalidInput(_l("Wrong username or password, or the account is deactivated."))
    user.last_login_at = now
    audit.record("auth.login", actor=user, obj_type="user", obj_id=user.id, now=now,
                 address=address)
    return user
