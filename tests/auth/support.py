"""Helpers shared by the auth and admin tests."""

from __future__ import annotations

import sqlalchemy as sa

from tests.conftest import csrf_from


def in_english(client) -> None:
    """Have the pages in English (the default is Simplified Chinese), so that tests can read
    the messages whatever the Chinese catalogue says."""
    html = client.get("/login").get_data(as_text=True)
    client.post("/language", data={"csrf_token": csrf_from(html), "locale": "en"})


def audit_rows(db, action: str, **where) -> list:
    from ipcenter.core.models import AuditEvent

    stmt = sa.select(AuditEvent).where(AuditEvent.action == action)
    for key, value in where.items():
        stmt = stmt.where(getattr(AuditEvent, key) == value)
    return list(db.session.execute(stmt.order_by(AuditEvent.seq)).scalars())
