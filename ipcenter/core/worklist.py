"""我的工作 as queues: a user's open clocks in pages, and each role's shared queue.

A clock belongs to a user when it names the user, or names the user's organisation and no
particular user (firms and banks: every member watches the firm's answer period). A clock that
names only a role (the intake clocks — 受理, 核查 — and the director's reviews) belongs to no one
yet: it waits in that role's shared queue (待领取), shown to every holder of the role, until one
of them takes it on (``claim``). From then on it is on the claimer's page only, and the queue of
the others no longer shows it. That is how a centre's intake desk works: a filing is put in the
common tray, one officer signs for it, and the register says who.

Other packages add panels of their own (pledge financing: the collateral alerts of a bank's
loans) with ``contribute`` from their ``init_app``: a function of the user and a page number
that returns a ``Panel`` (its partial template and one ``Section`` of rows with their total) or
None when the user has none; this module never names them.

Every section is one query of one page (``LIMIT``/``OFFSET`` over the partial indexes
``ix_deadline_open_*``, in due order); the totals are one ``COUNT … GROUP BY``; the pauses of
the rows shown are one more query. Nothing is loaded per row, and nothing grows with the number
of open clocks but the totals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.attributes import set_committed_value

from ipcenter.core import audit, timelimits
from ipcenter.core.db import db
from ipcenter.core.errors import Conflict, NotFound, PermissionDenied
from ipcenter.core.models import Deadline, DeadlinePause
from ipcenter.core.paging import Page
from ipcenter.core.workdays import UnknownCalendarYear, WorkdayCalendar, load_calendar

PER_PAGE = 20
# The queue first (it is work no one has taken yet), then one's own by urgency.
SECTIONS = ("queue", "overdue", "soon", "later")
SOON_WORKDAYS = 3


@dataclass(frozen=True)
class Section(Page):
    """One page of one section (``items``: its clocks), and how many it holds in all."""

    key: str = ""

    @property
    def clocks(self) -> list:
        return self.items


def _open():
    return Deadline.closed_at.is_(None)


def _branches(user_id: int, org_id: int | None) -> list:
    """Whose a clock is, as separate conditions each matching one partial index: the user's
    own (``ix_deadline_open_user``) and their organisation's (``ix_deadline_open_org``). Kept
    apart (never ``OR``-ed) so that each is read in due order from its index."""
    own = [sa.and_(_open(), Deadline.assignee_user_id == user_id)]
    if org_id is not None:
        own.append(sa.and_(_open(), Deadline.assignee_org_id == org_id,
                           Deadline.assignee_user_id.is_(None)))
    return own


def mine(user_id: int, org_id: int | None):
    """The condition of the open clocks that are ``user_id``'s own (or their firm's)."""
    return sa.or_(*_branches(user_id, org_id))


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


def _due_in(key: str, today: date, horizon: date):
    return {"overdue": Deadline.due_on < today,
            "soon": sa.and_(Deadline.due_on >= today, Deadline.due_on <= horizon),
            "later": Deadline.due_on > horizon}[key]


def _section_branches(key, user_id, org_id, roles, today, horizon) -> list:
    if key == "queue":
        return [queued(roles)] if roles else []
    return [sa.and_(branch, _due_in(key, today, horizon))
            for branch in _branches(user_id, org_id)]


def totals(user_id: int, org_id: int | None, roles, today: date,
           cal: WorkdayCalendar | None = None) -> dict[str, int]:
    """How many clocks each section holds: one statement, a ``COUNT … GROUP BY`` per branch
    (each read from its partial index alone), added up."""
    horizon = _horizon(today, cal or load_calendar())
    due = sa.case((Deadline.due_on < today, "overdue"), (Deadline.due_on <= horizon, "soon"),
                  else_="later")
    parts = [sa.select(due.label("section"), sa.func.count().label("n")).where(branch)
             .group_by(due) for branch in _branches(user_id, org_id)]
    if roles:
        parts.append(sa.select(sa.literal("queue").label("section"),
                               sa.func.count().label("n")).where(queued(roles)))
    counts = dict.fromkeys(SECTIONS, 0)
    for key, n in db.session.execute(sa.union_all(*parts)).all():
        counts[key] += n
    return counts


def _page_rows(branches: list, offset: int, limit: int) -> list[Deadline]:
    """One page of the rows matching any of ``branches``, in due order: each branch's first
    ``offset + limit`` rows from its index, merged (``UNION ALL``), then the page."""
    if len(branches) == 1:
        stmt = sa.select(Deadline).where(branches[0])
    else:
        heads = [sa.select(Deadline.id, Deadline.due_on).where(branch)
                 .order_by(Deadline.due_on, Deadline.id).limit(offset + limit).subquery()
                 for branch in branches]
        merged = sa.union_all(*(sa.select(head.c.id) for head in heads)).subquery()
        stmt = sa.select(Deadline).join(merged, merged.c.id == Deadline.id)
    return list(db.session.execute(
        stmt.order_by(Deadline.due_on, Deadline.id).limit(limit).offset(offset)).scalars())


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
    counts = totals(user_id, org_id, roles, today, cal)
    chosen: dict[str, tuple[int, list[Deadline]]] = {}
    for key in SECTIONS:
        last = max(1, -(-counts[key] // per_page))
        page = min(max(1, (pages or {}).get(key, 1)), last)
        branches = _section_branches(key, user_id, org_id, roles, today, horizon)
        rows = _page_rows(branches, (page - 1) * per_page, per_page) \
            if counts[key] and branches else []
        chosen[key] = (page, rows)
    _load_pauses([row for _, rows in chosen.values() for row in rows])
    return {key: Section([timelimits.describe(row, today, cal) for row in rows],
                         counts[key], page, per_page, key)
            for key, (page, rows) in chosen.items()}


def time_left(row: Deadline, today: date, cal: WorkdayCalendar) -> tuple[int, bool]:
    """How long ``row`` has left from ``today``, in the unit its period counts: (days, working
    days?). A period of working days ("5wd") is counted in working days — 3 working days left
    over a weekend are 3, not 5 — past a year whose calendar is not known, provisionally;
    others in calendar days. Negative: overdue by that many."""
    working = row.period.endswith("wd")
    if not working:
        return (row.due_on - today).days, False
    try:
        return _signed_workdays(cal, today, row.due_on), True
    except UnknownCalendarYear:
        return _signed_workdays(cal.provisional(), today, row.due_on), True


def _signed_workdays(cal: WorkdayCalendar, today: date, due: date) -> int:
    if due >= today:
        return cal.workdays_between(today, due)
    return -cal.workdays_between(due, today)


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


# ---------------------------------------------------------------------------------------------
# Panels contributed by other packages


@dataclass(frozen=True)
class Panel:
    """A contributed panel of 我的工作: ``template`` shows ``section`` (one page and its
    total); ``key`` is the page's query argument (``?alerts=2``) and names the panel."""

    key: str
    template: str
    section: Section


# (user, page, per_page) → the user's panel, or None when it has nothing for the user.
Contributor = Callable[[object, int, int], "Panel | None"]
_KEY = "ipcenter.worklist.panels"


def contribute(app: Flask, key: str, build: Contributor) -> None:
    """Add the panel ``key`` to ``app``'s 我的工作 (a package's ``init_app`` calls this)."""
    if key in SECTIONS:
        raise ValueError(f"{key!r} is a section of 我的工作 already")
    app.extensions.setdefault(_KEY, {})[key] = build


def panel_keys() -> list[str]:
    """The contributed panels' keys (their pages' query arguments)."""
    return list(current_app.extensions.get(_KEY, {}))


def panels(user, pages: dict[str, int] | None = None,
           per_page: int = PER_PAGE) -> list[Panel]:
    """The contributed panels ``user`` has, each at its page (default 1)."""
    found = []
    for key, build in current_app.extensions.get(_KEY, {}).items():
        panel = build(user, max(1, (pages or {}).get(key, 1)), per_page)
        if panel is not None:
            found.append(panel)
    return found
