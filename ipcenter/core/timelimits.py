"""Deadlines as rows: open, pause, resume, extend, close (the "my work" queues: ``worklist``).

Every function that depends on the date takes ``today`` or ``now``; nothing here reads the
clock, so tests need no time travel.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from ipcenter.core import deadlines as periods
from ipcenter.core.db import db, unit_of_work
from ipcenter.core.errors import Conflict
from ipcenter.core.models import Deadline, DeadlinePause
from ipcenter.core.workdays import UnknownCalendarYear, WorkdayCalendar, load_calendar


def _recompute(row: Deadline, cal: WorkdayCalendar, today: date) -> None:
    pauses = [periods.Pause(p.started_on, p.ended_on) for p in row.pauses]
    due = periods.due_date(row.starts_on, row.period, cal, pauses=pauses,
                           extension=row.extension, today=today)
    row.due_on, row.provisional = due.on, due.provisional


def open_deadline(*, subject_type: str, subject_id: int, subject_label: str, kind: str,
                  title: str, starts_on: date, period: str, now: datetime, basis: str = "",
                  assignee_user_id: int | None = None, assignee_org_id: int | None = None,
                  assignee_role: str | None = None, cal: WorkdayCalendar | None = None
                  ) -> Deadline:
    """Start a clock on a subject; its due date is computed at once."""
    cal = cal or load_calendar()
    row = Deadline(subject_type=subject_type, subject_id=subject_id,
                   subject_label=subject_label, kind=kind, title=title, basis=basis,
                   starts_on=starts_on, period=str(periods.Period.parse(period)),
                   assignee_user_id=assignee_user_id, assignee_org_id=assignee_org_id,
                   assignee_role=assignee_role, created_at=now, due_on=starts_on)
    _recompute(row, cal, starts_on)
    db.session.add(row)
    db.session.flush()
    return row


def open_for(subject_type: str, subject_id: int, kind: str | None = None) -> list[Deadline]:
    query = sa.select(Deadline).where(Deadline.subject_type == subject_type,
                                      Deadline.subject_id == subject_id,
                                      Deadline.closed_at.is_(None))
    if kind:
        query = query.filter_by(kind=kind)
    return list(db.session.execute(query.order_by(Deadline.due_on)).scalars())


def pause(row: Deadline, on: date, reason: str) -> None:
    """Stop the clock from ``on``. Raises ``Conflict`` if it is already stopped."""
    if row.paused_on is not None:
        raise Conflict("the clock is already paused")
    row.paused_on = on
    row.pauses.append(DeadlinePause(reason=reason, started_on=on))
    db.session.flush()


def resume(row: Deadline, on: date, cal: WorkdayCalendar | None = None) -> None:
    """Restart the clock; the paused days are added to the period."""
    if row.paused_on is None:
        raise Conflict("the clock is not paused")
    row.pauses[-1].ended_on = on
    row.paused_on = None
    _recompute(row, cal or load_calendar(), on)
    db.session.flush()


def set_pauses(row: Deadline, pauses: list[tuple[date, date | None, str]], today: date,
               cal: WorkdayCalendar | None = None) -> None:
    """Make ``pauses`` (start, end or None while open, reason) the clock's pauses, for a
    matter that records its pauses as events of its own (a patent case's 公告, 鉴定, 中止,
    which may overlap): the clock stands still while one is open, and its due day moves by the
    days they cover."""
    row.pauses.clear()
    for start, end, reason in pauses:
        row.pauses.append(DeadlinePause(reason=reason, started_on=start, ended_on=end))
    row.paused_on = next((start for start, end, _ in pauses if end is None), None)
    _recompute(row, cal or load_calendar(), today)
    db.session.flush()


def extend(row: Deadline, extension: str, cal: WorkdayCalendar | None = None, *,
           further: bool = False) -> None:
    """Add an approved extension (e.g. ``1m``). A clock is extended once, unless ``further``
    (a later extension the law allows on a stricter approval, e.g. a collective decision):
    then the periods add up, and must be in the same unit."""
    added = periods.Period.parse(extension)
    if row.extension and not further:
        raise Conflict("this time limit has already been extended")
    if row.extension:
        earlier = periods.Period.parse(row.extension)
        if earlier.unit != added.unit:
            raise ValueError("extensions of one clock must be in the same unit")
        added = periods.Period(earlier.amount + added.amount, added.unit)
    row.extension = str(added)
    _recompute(row, cal or load_calendar(), row.starts_on)
    db.session.flush()


def close(row: Deadline, now: datetime, today: date, outcome: str | None = None) -> None:
    """Stop the clock for good: ``met`` if on time, ``late`` after the due day, or
    ``cancelled`` (the step became moot)."""
    if row.closed_at is not None:
        return
    row.closed_at = now
    row.outcome = outcome or ("late" if today > row.due_on else "met")
    db.session.flush()


@dataclass(frozen=True)
class Clock:
    """What a page shows about one deadline."""

    row: Deadline
    bucket: str
    days_used: int
    days_left: int
    days_paused: int


def describe(row: Deadline, today: date, cal: WorkdayCalendar) -> Clock:
    pauses = [periods.Pause(p.started_on, p.ended_on) for p in row.pauses]
    end = row.closed_at.date() if row.closed_at else today
    paused = periods.paused_days(pauses, row.starts_on, end)
    return Clock(row, "closed" if row.closed_at else periods.bucket(row.due_on, today, cal),
                 max(0, (end - row.starts_on).days - paused), (row.due_on - today).days, paused)


@dataclass(frozen=True)
class DueScan:
    """What one deadline scan did: clocks stamped, batches committed, seconds taken."""

    stamped: int
    batches: int
    seconds: float
    cutoff: date


def notice_cutoff(today: date, cal: WorkdayCalendar) -> date:
    """The last due date that counts as "soon": 3 working days from ``today`` (a provisional
    calendar past the years known)."""
    try:
        return cal.add_workdays(today, 3)
    except UnknownCalendarYear:
        return cal.provisional().add_workdays(today, 3)


def mark_due(now: datetime, today: date, cal: WorkdayCalendar | None = None, *,
             batch_size: int = 10_000,
             on_batch: Callable[[list[int]], None] | None = None) -> DueScan:
    """Stamp ``notified_at`` on open deadlines now overdue or due within 3 working days.

    Set-based: each batch finds the id of the n-th due clock past the previous batch (one
    ``SELECT max(id) FROM (SELECT id … ORDER BY id LIMIT n)``) and stamps that id range with
    one ``UPDATE … RETURNING id``, in a unit of work of its own; the walk goes up the primary
    key, so one run reads the due clocks once however many batches it takes. Idempotent: only
    rows with no ``notified_at`` are stamped, and the ``UPDATE`` tests it again, so a row
    another scan stamped meanwhile is re-checked after its lock (PostgreSQL) and skipped — two
    scans at once never stamp a clock twice. Resumable: a failure in batch k leaves batches 1..k-1
    committed; the next run picks up the rest.

    ``on_batch(ids)`` runs inside each batch's transaction with the ids it stamped: whatever
    must follow a stamp exactly once (an outbox message for the notice) belongs there, and
    rolls back with the batch: the scan task passes the hooks registered with
    ``on_due`` (the notices of ``ipcenter.notify``).

    Called outside a unit of work (the task, the CLI), each batch commits; called inside one,
    the batches join it and commit with it."""
    started = time.perf_counter()
    cal = cal or load_calendar()
    cutoff = notice_cutoff(today, cal)
    table = Deadline.__table__
    due = sa.and_(table.c.closed_at.is_(None), table.c.notified_at.is_(None),
                  table.c.due_on <= cutoff)
    stamped, batches = _stamp(table.c.notified_at, due, now, batch_size, on_batch)
    return DueScan(stamped, batches, time.perf_counter() - started, cutoff)


def mark_overdue(now: datetime, today: date, *, batch_size: int = 10_000,
                 on_batch: Callable[[list[int]], None] | None = None) -> DueScan:
    """Stamp ``overdue_notified_at`` on open deadlines past their due day, once each: the
    overdue notice of a clock noticed earlier as due soon. Batched, idempotent and resumable
    like ``mark_due``."""
    started = time.perf_counter()
    table = Deadline.__table__
    overdue = sa.and_(table.c.closed_at.is_(None), table.c.overdue_notified_at.is_(None),
                      table.c.due_on < today)
    stamped, batches = _stamp(table.c.overdue_notified_at, overdue, now, batch_size, on_batch)
    return DueScan(stamped, batches, time.perf_counter() - started, today)


@dataclass(frozen=True)
class DeadlineScan:
    """What one deadline scan did: the clocks stamped due (or first seen overdue), then the
    clocks newly overdue since an earlier scan noticed them as due soon."""

    due: DueScan
    overdue: DueScan

    @property
    def stamped(self) -> int:
        return self.due.stamped + self.overdue.stamped


def scan_deadlines(now: datetime, today: date, *, batch_size: int = 10_000) -> DeadlineScan:
    """The deadline scan, run by the hourly task and by ``flask calendar scan-deadlines``:
    ``mark_due`` then ``mark_overdue``, each batch with the hooks registered with ``on_due``
    (the notices), so a clock is noticed once as due and once as overdue. Called outside a unit
    of work, each batch commits (see ``mark_due``)."""
    hooks = due_hooks(now, today)
    due = mark_due(now, today, batch_size=batch_size, on_batch=hooks)
    # A clock first seen overdue is stamped here too; its notice was the one above.
    overdue = mark_overdue(now, today, batch_size=batch_size, on_batch=hooks)
    return DeadlineScan(due, overdue)


def _stamp(column, condition, now: datetime, batch_size: int,
           on_batch: Callable[[list[int]], None] | None) -> tuple[int, int]:
    """Stamp ``column`` with ``now`` on the rows meeting ``condition``, in batches up the
    primary key, each in its own unit of work; returns (rows stamped, batches)."""
    table = Deadline.__table__
    stamped = batches = 0
    last_id = 0
    while True:
        with unit_of_work():
            # The batch is the id range up to the n-th due clock after the last batch; the
            # UPDATE then stamps that range, re-testing each row (see ``mark_due``).
            window = (sa.select(table.c.id).where(condition, table.c.id > last_id)
                      .order_by(table.c.id).limit(batch_size).subquery())
            upper = db.session.execute(sa.select(sa.func.max(window.c.id))).scalar()
            if upper is None:
                break
            ids = list(db.session.execute(
                sa.update(table).where(condition, table.c.id > last_id, table.c.id <= upper)
                .values({column.name: now}).returning(table.c.id)).scalars())
            if ids and on_batch is not None:
                on_batch(ids)
        stamped += len(ids)
        batches += 1
        last_id = upper
    return stamped, batches


# What follows a clock's stamp, once (``mark_due``'s ``on_batch``): each hook gets the ids
# stamped, the scan's ``now`` and ``today``, inside the batch's transaction.
_DUE_HOOKS: list[Callable[[list[int], datetime, date], None]] = []


def on_due(hook: Callable[[list[int], datetime, date], None]) -> None:
    """Run ``hook(ids, now, today)`` on each batch of clocks the scan stamps (registered once by
    the package that reacts: the notices)."""
    if hook not in _DUE_HOOKS:
        _DUE_HOOKS.append(hook)


def due_hooks(now: datetime, today: date) -> Callable[[list[int]], None] | None:
    """The ``on_batch`` of a scan at ``now``: every registered hook, or None."""
    if not _DUE_HOOKS:
        return None

    def run(ids: list[int]) -> None:
        for hook in _DUE_HOOKS:
            hook(ids, now, today)

    return run
