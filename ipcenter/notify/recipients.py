"""Who a notice goes to, as the raisers name them: the active users of organisations (a
party's firm, a bank), of a role (a queue no one has claimed), or clocks' assignees."""

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


def of_clocks(clock_ids: list[int]):
    """Who each of the clocks ``clock_ids`` is for — its user, else its organisation's active
    users, else its role's — in one query: rows
    of ``(clock id, due_on, title, subject_label, subject_type, subject_id, user id, pooled)``,
    one per clock and active recipient, by clock; ``pooled``: the clock is its role's (a queue's
    work, whose matter the recipient may not be able to open). The ids are bound once (a CTE), so a batch of 10,000
    stays far below SQLite's limit of bound parameters."""
    from ipcenter.core.models import Deadline

    if not clock_ids:
        return []
    d = Deadline.__table__
    batch = (sa.select(d.c.id, d.c.due_on, d.c.title, d.c.subject_label, d.c.subject_type,
                       d.c.subject_id, d.c.assignee_user_id, d.c.assignee_org_id,
                       d.c.assignee_role)
             .where(d.c.id.in_(clock_ids)).cte("batch"))
    u, r = User.__table__, UserRole.__table__
    fields = (batch.c.id, batch.c.due_on, batch.c.title, batch.c.subject_label,
              batch.c.subject_type, batch.c.subject_id)
    to_user = (sa.select(*fields, u.c.id.label("user_id"), sa.false().label("pooled"))
               .join_from(batch, u, u.c.id == batch.c.assignee_user_id))
    to_org = (sa.select(*fields, u.c.id.label("user_id"), sa.false().label("pooled"))
              .join_from(batch, u, u.c.organisation_id == batch.c.assignee_org_id)
              .where(batch.c.assignee_user_id.is_(None)))
    to_role = (sa.select(*fields, u.c.id.label("user_id"), sa.true().label("pooled"))
               .join_from(batch, r, r.c.role == batch.c.assignee_role)
               .join(u, u.c.id == r.c.user_id)
               .where(batch.c.assignee_user_id.is_(None), batch.c.assignee_org_id.is_(None)))
    union = sa.union_all(*(q.where(u.c.active.is_(True)) for q in (to_user, to_org, to_role)))
    union = union.subquery()
    return list(db.session.execute(sa.select(union).order_by(union.c.id, union.c.user_id)))
