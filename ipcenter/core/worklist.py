"""我的工作 as queues: a user's open clocks in pages, and each role's shared queue.

A clock belongs to a user when it names the user, or names the user's organisation and no
particular user (firms and banks: every member watches the firm's answer period). A clock that
names only a role (the intake clocks — 受理, 核查 — and the director's reviews) belongs to no one
yet: it waits in that role's shared queue (待领取), shown to every holder of the role, until one
of them takes it on (``claim``). From then on it is on the claimer's page only, and the queue of
the others no longer shows it. That is how a centre's intake desk works: a filing is put in the
common tray, one officer signs for it, and the register says who.

Every section is one query of one page (``LIMIT``/``OFFSET`` over the partial indexes
``ix_deadline_open_*``, in due order); the totals are one ``COUNT … GROUP BY``; the pauses of
the rows shown are one more query. Nothing is loaded per row, and nothing grows with the number
of open clocks but the totals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.attributes import set_committed_value

from ipcenter.core import audit, timelimits
from ipcenter.core.db import db
from ipcenter.core.errors import Conflict, NotFound, PermissionDenied
from ipcenter.core.models import Deadline, DeadlinePause
from ipcenter.core.workdays import UnknownCalendarYear, WorkdayCalendar, load_calendar

PER_PAGE = 20
# The queue first (it is work no one has taken yet), then one's own by urgency.
SECTIONS = ("queue", "overdue", "soon", "later")
SOON_WORKDAYS = 3


@dataclass(frozen=True)
class Section:
    """One page of one section, and how many rows the section holds in all."""

    key: str
    clocks: list
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _open():
    return Deadline.closed_at.is_(None)


def mine(user_id: int, org_id: int | None):
    """The condition of the open clocks that are ``user_id``'s own (or their firm's)."""
    who = [Deadline.assignee_user_id == user_id]
    if org_id is not None:
        who.append(sa.and_(Deadline.assignee_org_id == org_id,
                           Deadline.assignee_user_id.is_(None)))
    return sa.and_(_open(), sa.or_(*who))


def queued(roles):
    """The condition of the unclaimed open clocks of ``roles`` (false when there are none)."""
    if not roles:
        return sa.false()
    return sa.and_(_open(), Deadline.assignee_role.in_(sorted(roles)),
                   Deadline.assignee_user_id.is_(None), Deadline.assignee_org_id.is_(None))


def _horizon(today: date, cal: WorkdayCalendar) -> date:
    try:
        return cal.add_workdays(today, SOON_WORKDAYS)
    except UnknownCalendarYear:
        return cal.provisional().add_workdays(today, SOON_WORKDAYS)


def _conditions(user_id, org_id, roles, today, horizon) -> dict:
    own = mine(user_id, org_id)
    return {
        "queue": queued(roles),
        "overdue": sa.and_(own, Deadline.due_on < today),
        "soon": sa.and_(own, Deadline.due_on >= today, Deadline.due_on <= horizon),
        "later": sa.and_(own, Deadline.due_on > horizon),
    }


def totals(user_id: int, org_id: int | None, roles, today: date,
           cal: WorkdayCalendar | None = None) -> dict[str, int]:
    """How many clocks each section holds: one ``COUNT … GROUP BY``."""
    horizon = _horizon(today, cal or load_calendar())
    where = _conditions(user_id, org_id, roles, today, horizon)
    section = sa.case(*((where[k], k) for k in SECTIONS[:-1]), else_="later")
    rows = db.session.execute(
        sa.select(section.label("section"), sa.func.count())
        .where(sa.or_(where["queue"], mine(user_id, org_id))).group_by(section)).all()
    counts = dict.fromkeys(SECTIONS, 0)
    counts.update({key: n for key, n in rows})
    return counts


def _load_pauses(rows: list[Deadline]) -> None:
    """The pauses of the rows shown, in one query, set on each row's ``pauses``."""
    if not rows:
        return
    found: dict[int, list] = {row.id: [] for row in rows}
    for pause in db.session.execute(
            sa.select(DeadlinePause).where(DeadlinePause.deadline_id.in_(list(found)))
            .order_by(DeadlinePause.started_on, DeadlinePause.id)).scalars():
        found[pause.deadline_id].append(pause)
    for row in rows:
        set_committed_value(row, "pauses", found[row.id])


def my_work(user_id: int, org_id: int | None, roles, today: date,
            cal: WorkdayCalendar | None = None, pages: dict[str, int] | None = None,
            per_page: int = PER_PAGE) -> dict[str, Section]:
    """The sections of 我的工作, each at its page (``pages``, default 1; past the last page:
    the last page)."""
    cal = cal or load_calendar()
    horizon = _horizon(today, cal)
    where = _conditions(user_id, org_id, roles, today, horizon)
    counts = totals(user_id, org_id, roles, today, cal)
    chosen: dict[str, tuple[int, list[Deadline]]] = {}
    for key in SECTIONS:
        last = max(1, -(-counts[key] // per_page))
        page = min(max(1, (pages or {}).get(key, 1)), last)
        rows = list(db.session.execute(
            sa.select(Deadline).where(where[key]).order_by(Deadline.due_on, Deadline.id)
            .limit(per_page).offset((page - 1) * per_page)).scalars()) if counts[key] else []
        chosen[key] = (page, rows)
    _load_pauses([row for _, rows in chosen.values() for row in rows])
    return {key: Section(key, [timelimits.describe(row, today, cal) for row in rows],
                         counts[key], page, per_page)
            for key, (page, rows) in chosen.items()}


def claim(deadline_id: int, user, now: datetime) -> Deadline:
    """``user`` takes on a clock of the shared queue: from now on it is on their page.

    One ``UPDATE … WHERE assignee_user_id IS NULL``: of two members claiming at once, one
    wins and the other is told who was first. Refused to a user without the clock's role.
    Audited on the clock's subject (a case's timeline shows who took it on)."""
    row = db.session.get(Deadline, deadline_id)
    if row is None or row.closed_at is not None:
        raise NotFound(_l("This time limit is no longer open."))
    if row.assignee_role is None or row.assignee_org_id is not None or \
            not user.has_role(row.assignee_role):
        raise PermissionDenied(_l("Only a holder of the role this time limit waits for can "
                                  "take it on."))
    taken = db.session.execute(
        sa.update(Deadline).where(Deadline.id == row.id, Deadline.assignee_user_id.is_(None),
                                  Deadline.closed_at.is_(None))
        .values(assignee_user_id=user.id).execution_options(synchronize_session=False))
    db.session.refresh(row)
    if taken.rowcount != 1:
        if row.assignee_user_id == user.id:
            raise Conflict(_l("You have already taken on this time limit."))
        raise Conflict(_l("This time limit has already been taken on by someone else."))
    audit.record("deadline.claim", actor=user, obj_type=row.subject_type,
                 obj_id=row.subject_id, now=now,
                 detail={"deadline": row.id, "kind": row.kind, "role": row.assignee_role})
    return row
