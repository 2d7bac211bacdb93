"""Who a notice goes to, as the raisers name them: the active users of organisations (a
party's firm, a bank), of a role (a queue no one has claimed), or a clock's assignee."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from ipcenter.auth.models import User, UserRole
from ipcenter.core.db import db


def of_organisations(org_ids: Iterable[int | None]) -> list[User]:
    """The active users of these organisations."""
    ids = {i for i in org_ids if i}
    if not ids:
        return []
    return list(db.session.execute(sa.select(User).where(
        User.organisation_id.in_(ids), User.active.is_(True)).order_by(User.id)).scalars())


def of_role(role: str) -> list[User]:
    """The active users who hold ``role``."""
    return list(db.session.execute(
        sa.select(User).join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == role, User.active.is_(True)).order_by(User.id)).scalars())


def of_clock(row) -> list[User]:
    """Who a clock (``Deadline``) is for: its user, else its organisation, else its role."""
    if row.assignee_user_id:
        user = db.session.get(User, row.assignee_user_id)
        return [user] if user is not None and user.active else []
    if row.assignee_org_id:
        return of_organisations([row.assignee_org_id])
    if row.assignee_role:
        return of_role(row.assignee_role)
    return []
