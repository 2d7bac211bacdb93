"""API tokens: one per program an organisation's user runs against ``/api/v1``.

The token itself is shown once, when it is created; the database keeps its SHA-256 only
(a token is 256 random bits, so a plain hash is enough: nothing to guess, nothing to salt), and
the first characters (``prefix``) so that the admin and the holder can tell tokens apart."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipcenter.auth.models import User
from ipcenter.core.db import UTCDateTime, db


class ApiToken(db.Model):
    __tablename__ = "api_token"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    # Space-separated names of ``tokens.SCOPES``.
    scopes: Mapped[str] = mapped_column(sa.String(200))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    prefix: Mapped[str] = mapped_column(sa.String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(self.scopes.split())

    def usable(self, now: datetime) -> bool:
        """Neither revoked nor expired."""
        return self.revoked_at is None and now < self.expires_at
