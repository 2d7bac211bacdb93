"""The transactional outbox, and the sweeper that finds work left undone.

A change that needs background work writes an ``OutboxMessage`` in its own transaction
(``enqueue``). After the commit, ``unit_of_work`` hands the messages *that change wrote* to
Celery (``dispatch``): in-process when tasks are eager (the embedded default), to the broker
otherwise, with one try and a short connect timeout, so that a broker that is down costs a
request milliseconds, never an error: the message stays in the outbox and ``redeliver`` (a beat
task, ``core.redeliver_outbox``) sends it once the broker is back.

Run eagerly, the messages of a task that registered a batch handler (``register_batch``:
``search.index``) are held back until the outermost dispatch of the thread has sent the rest
(the tasks those run dispatch their own messages within it), then run together: the search
index takes one writer commit for all the objects a unit of work touched, not one per message.
A batch that fails is run again message by message, so each message's outcome stays its own.

Delivery is at least once, never "at most": a message's lifecycle is claimed → sent → done.
The task marks its message done when it finished (the Celery task id is ``outbox-<id>``); a
message sent but not done after the sweeper's window (the worker died, the broker lost it) is
sent again (``sweep``, at most ``MAX_RESENDS`` times), and so is a claim whose dispatcher died
(after ``CLAIM_TIMEOUT``). Domains register the work they know is owed (``register_owed``:
a document whose render is still pending, say), which the sweeper queues again when no
message for it is under way. Every task is written to be idempotent: a second delivery
changes nothing.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from ipcenter.core import clock
from ipcenter.core.db import db
from ipcenter.core.models import OutboxMessage

log = logging.getLogger(__name__)

# A claimed message not confirmed sent after this long is claimed again (its dispatcher died).
# A send takes one try with a 2 s connect timeout, so a live dispatcher is long done by then.
CLAIM_TIMEOUT = timedelta(seconds=30)
# The outbox re-sends a message whose task never finished this many times, then gives up
# (the health page and ``flask search check`` show it).
MAX_RESENDS = 3
# Re-sent by ``redeliver``: unsent messages older than this (a request sends its own at once).
REDELIVER_AFTER = timedelta(seconds=5)
TASK_ID_PREFIX = "outbox-"
_QUEUED = "outbox_queued"


def enqueue(task: str, *args, resent: int = 0) -> OutboxMessage:
    """Queue ``task(*args)`` to run after the current transaction commits."""
    message = OutboxMessage(task=task, args=json.dumps(list(args)), created_at=clock.now(),
                            resent=resent)
    db.session.add(message)
    db.session.info.setdefault(_QUEUED, []).append(message)
    return message


def enqueue_many(task: str, args: Iterable[list]) -> list[int]:
    """Queue ``task(*a)`` for each ``a`` in ``args``, like ``enqueue``, in one insert per 1,000
    messages (the ORM inserts rows whose ids it must learn one by one on SQLite)."""
    now = clock.now()
    rows = [{"task": task, "args": json.dumps(list(a)), "created_at": now, "resent": 0,
             "attempts": 0, "last_error": ""} for a in args]
    if not rows:
        return []
    table = OutboxMessage.__table__
    ids = [row.id for row in db.session.execute(
        sa.insert(table).returning(table.c.id), rows)]
    db.session.info.setdefault(_QUEUED, []).extend(ids)
    return ids


def take_queued(session) -> list[int]:
    """The ids of the messages queued in ``session`` since the last call (after its commit)."""
    ids = []
    for message in session.info.pop(_QUEUED, []):
        if isinstance(message, int):  # queued by ``enqueue_many``
            ids.append(message)
            continue
        identity = sa.inspect(message).identity
        if identity is not None:
            ids.append(identity[0])
    return ids


def forget_queued(session) -> None:
    """Forget the messages of a unit of work that rolled back (they were never written)."""
    session.info.pop(_QUEUED, None)


def _claim(message_id: int) -> tuple[str, list] | None:
    """Mark the message as being sent, in a short transaction of its own; return its task and
    arguments, or None if it was sent or another dispatcher has it."""
    now = clock.now()
    table = OutboxMessage.__table__
    row = db.session.execute(
        sa.update(table)
        .where(table.c.id == message_id, table.c.sent_at.is_(None),
               sa.or_(table.c.claimed_at.is_(None),
                      table.c.claimed_at < now - CLAIM_TIMEOUT))
        .values(claimed_at=now, attempts=table.c.attempts + 1)
        .returning(table.c.task, table.c.args)).first()
    db.session.commit()
    return (row.task, json.loads(row.args)) if row else None


def _eager() -> bool:
    return bool(current_app.extensions["celery"].conf.task_always_eager)


def _send(message_id: int, task: str, args: list) -> None:
    celery = current_app.extensions["celery"]
    task_id = f"{TASK_ID_PREFIX}{message_id}"
    if celery.conf.task_always_eager:
        result = celery.tasks[task].apply(args=args, task_id=task_id)
        if result.failed():
            raise RuntimeError(f"task {task} failed: {result.result!r}")
    else:
        # One try: the connection's own retries are off (broker_transport_options).
        celery.send_task(task, args=args, task_id=task_id, retry=False)


def _finish(message_id: int, error: str | None) -> None:
    table = OutboxMessage.__table__
    now = clock.now()
    if error is not None:
        values = {"claimed_at": None, "last_error": error[:2000]}
    elif _eager():
        values = {"sent_at": now, "done_at": now}  # the task has run, here
    else:
        values = {"sent_at": now}
    db.session.execute(sa.update(table).where(table.c.id == message_id).values(**values))
    db.session.commit()


# Eager batches: a task name → a function that runs the argument lists of several messages at
# once; and, per thread, the messages held back for it during the outermost dispatch.
_BATCHED: dict[str, Callable[[list[list]], None]] = {}
_held = threading.local()


def register_batch(task: str, run: Callable[[list[list]], None]) -> None:
    """Run eagerly, ``task``'s messages of one outermost dispatch go to ``run`` together (a
    list of their argument lists, in order), which must do what the task would do for each."""
    _BATCHED[task] = run


def dispatch(ids: Iterable[int]) -> int:
    """Send these messages; return how many were sent. Each is claimed in its own short
    transaction, so two dispatchers never send one message at once. The first one the broker
    refuses stops the round: the rest stay pending, unclaimed, for ``redeliver``."""
    if not _eager() or getattr(_held, "messages", None) is not None:
        return _dispatch(ids)
    _held.messages = []  # the outermost eager dispatch of this thread
    try:
        sent = _dispatch(ids)
    finally:
        # Should the database fail here, the messages held back stay claimed: redelivery
        # sends them once the claim has timed out.
        held, _held.messages = _held.messages, None
    return sent + _run_held(held)


def _dispatch(ids: Iterable[int]) -> int:
    sent = 0
    held = getattr(_held, "messages", None)
    for message_id in ids:
        claimed = _claim(message_id)
        if claimed is None:
            continue
        if held is not None and claimed[0] in _BATCHED:
            held.append((message_id, *claimed))
            continue
        # No transaction is open here: an eager task runs in its own session and connection,
        # and must not wait for a lock this session holds.
        went = _send_one(message_id, *claimed)
        sent += went
        if not went and not _eager():
            break
    return sent


def _send_one(message_id: int, task: str, args: list) -> int:
    """Send one claimed message; 1 when it went, 0 when it stays in the outbox."""
    try:
        _send(message_id, task, args)
    except Exception as exc:  # the broker is down, or an eager task failed: retry later
        log.warning("outbox message %s (%s) not sent: %s", message_id, task, exc)
        db.session.rollback()
        _finish(message_id, f"{type(exc).__name__}: {exc}")
        return 0
    _finish(message_id, None)
    return 1


def _run_held(held: list[tuple[int, str, list]]) -> int:
    """Run the held-back messages, each task's together; a batch that fails is run again one
    message at a time (the task is idempotent), so that each message records its own outcome."""
    sent = 0
    for task in dict.fromkeys(task for _, task, _ in held):
        messages = [(message_id, args) for message_id, name, args in held if name == task]
        try:
            _BATCHED[task]([args for _, args in messages])
        except Exception as exc:  # noqa: BLE001
            log.warning("batch of %d %s messages failed, sending them one by one: %s",
                        len(messages), task, exc)
            db.session.rollback()
            sent += sum(_send_one(message_id, task, args) for message_id, args in messages)
            continue
        for message_id, _ in messages:
            _finish(message_id, None)
        sent += len(messages)
    return sent


def dispatch_after_commit(session) -> None:
    """Send what the unit of work that just committed queued. Never raises: the change is
    committed, and a message not sent now is sent by ``redeliver``."""
    ids = take_queued(session)
    if not ids:
        return
    try:
        dispatch(ids)
    except Exception:  # noqa: BLE001  the database or broker failing after the commit
        log.exception("outbox messages %s not dispatched; redelivery will send them", ids)
        try:
            session.rollback()
        except Exception:  # noqa: BLE001
            log.exception("rollback after a failed dispatch failed")


def dispatch_pending(limit: int = 1000, *, older_than: timedelta | None = None) -> int:
    """Send the pending messages (not sent, not claimed by a live dispatcher); return how many
    were sent."""
    now = clock.now()
    table = OutboxMessage.__table__
    query = sa.select(table.c.id).where(
        table.c.sent_at.is_(None),
        sa.or_(table.c.claimed_at.is_(None), table.c.claimed_at < now - CLAIM_TIMEOUT))
    if older_than is not None:
        query = query.where(table.c.created_at < now - older_than)
    ids = db.session.execute(query.order_by(table.c.id).limit(limit)).scalars().all()
    db.session.commit()  # end the read: a transaction left open would hold a stale snapshot
    return dispatch(ids)


def redeliver() -> int:
    """Send what a broker outage or a dead dispatcher left in the outbox."""
    return dispatch_pending(older_than=REDELIVER_AFTER)


def message_id_of(task_id: str | None) -> int | None:
    if not task_id or not task_id.startswith(TASK_ID_PREFIX):
        return None
    try:
        return int(task_id[len(TASK_ID_PREFIX):])
    except ValueError:
        return None


def mark_done(task_id: str | None) -> None:
    """Record that the task of message ``outbox-<id>`` finished (a no-op for other ids)."""
    message_id = message_id_of(task_id)
    if message_id is None:
        return
    table = OutboxMessage.__table__
    db.session.execute(sa.update(table).where(table.c.id == message_id,
                                              table.c.done_at.is_(None))
                       .values(done_at=clock.now()))
    db.session.commit()


def pending_count() -> int:
    return db.session.execute(
        sa.select(sa.func.count()).select_from(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None))).scalar_one()


# -- work owed, and the sweeper -------------------------------------------------------------------

@dataclass(frozen=True)
class Work:
    """Background work a domain knows is owed: the task and arguments that do it, what it is
    (``render``, ``extract``), the object's key (``case_document:17``), and ``pending`` or
    ``failed``."""

    task: str
    args: tuple
    what: str
    key: str
    state: str


@dataclass(frozen=True)
class _Owed:
    find: Callable[[datetime], list[Work]]
    reset: Callable[[Work], None]


_OWED: dict[str, _Owed] = {}


def register_owed(name: str, find: Callable[[datetime], list[Work]],
                  reset: Callable[[Work], None]) -> None:
    """A domain's owed work of one kind (``name`` is the ``what`` of its ``Work``):
    ``find(cutoff)`` lists what is pending since before ``cutoff`` or
    failed; ``reset(work)`` makes failed work pending again (inside the caller's transaction)."""
    _OWED[name] = _Owed(find, reset)


def stale_window() -> timedelta:
    return timedelta(seconds=int(current_app.config.get("IPCENTER_STALE_WORK_SECONDS", 1800)))


def owed_work(now: datetime, window: timedelta | None = None) -> list[Work]:
    """Every domain's work pending longer than ``window`` (the sweeper's), or failed."""
    cutoff = now - (window or stale_window())
    return [work for owed in _OWED.values() for work in owed.find(cutoff)]


def _unfinished(work: Work) -> bool:
    """Is a message for this work still under way (or given up, which needs a person)?"""
    return db.session.execute(
        sa.select(OutboxMessage.id).where(OutboxMessage.task == work.task,
                                          OutboxMessage.args == json.dumps(list(work.args)),
                                          OutboxMessage.done_at.is_(None)).limit(1)
    ).first() is not None


def requeue(works: Iterable[Work]) -> int:
    """Queue owed work again (failed work is made pending first); return how many. Runs in
    the caller's unit of work, which dispatches the new messages after its commit."""
    count = 0
    for work in works:
        if work.state == "failed":
            _OWED[work.what].reset(work)
        enqueue(work.task, *work.args, resent=1)
        count += 1
    db.session.flush()
    return count


@dataclass
class SweepReport:
    resent: int = 0      # messages sent but never finished, sent again
    requeued: int = 0    # owed work with no message under way, queued again
    keys: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.resent + self.requeued


def sweep(now: datetime, window: timedelta | None = None) -> SweepReport:
    """Find the work left undone longer than ``window`` and queue it again: messages sent but
    never finished, and owed work (pending) that no message is doing. Commits; the caller
    dispatches (``redeliver``)."""
    from ipcenter.core import audit
    from ipcenter.core.db import unit_of_work

    window = window or stale_window()
    report = SweepReport()
    table = OutboxMessage.__table__
    with unit_of_work():
        rows = db.session.execute(
            sa.update(table)
            .where(table.c.sent_at < now - window, table.c.done_at.is_(None),
                   table.c.resent < MAX_RESENDS)
            .values(sent_at=None, claimed_at=None, resent=table.c.resent + 1)
            .returning(table.c.id, table.c.task)).all()
        report.resent = len(rows)
        report.keys += [f"outbox:{row.id}:{row.task}" for row in rows]
        owed = [work for work in owed_work(now, window)
                if work.state == "pending" and not _unfinished(work)]
        report.requeued = requeue(owed)
        report.keys += [f"{work.what}:{work.key}" for work in owed]
        if report.total:
            audit.record("system.sweep", obj_type="outbox", obj_id="sweep", now=now,
                         detail={"resent": report.resent, "requeued": report.requeued,
                                 "work": report.keys[:50]})
    if report.total:
        log.warning("sweeper: %d unfinished message(s) sent again, %d owed job(s) queued "
                    "again: %s", report.resent, report.requeued, ", ".join(report.keys[:20]))
    else:
        log.info("sweeper: nothing left undone")
    return report


@dataclass
class Health:
    """What the admin's health page shows about background work."""

    waiting: int            # not yet sent (the broker was down, or is)
    oldest_waiting: datetime | None
    running: int            # sent, not yet finished
    given_up: int           # re-sent MAX_RESENDS times and never finished
    owed: list[Work]        # pending longer than the window, or failed
    window: timedelta


def health(now: datetime) -> Health:
    table = OutboxMessage.__table__
    waiting, oldest = db.session.execute(
        sa.select(sa.func.count(), sa.func.min(table.c.created_at))
        .where(table.c.sent_at.is_(None))).one()
    running = db.session.execute(
        sa.select(sa.func.count()).where(table.c.sent_at.is_not(None),
                                         table.c.done_at.is_(None))).scalar_one()
    window = stale_window()
    given_up = db.session.execute(
        sa.select(sa.func.count()).where(table.c.done_at.is_(None),
                                         table.c.resent >= MAX_RESENDS,
                                         table.c.sent_at < now - window)).scalar_one()
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=now.tzinfo)
    return Health(waiting, oldest, running, given_up, owed_work(now, window), window)
