"""The transactional outbox.

A change that needs background work writes an ``OutboxMessage`` in its own transaction
(``enqueue``). After the commit, ``dispatch_pending`` hands the messages to Celery: in-process
when tasks are eager (the embedded default), to the broker otherwise. A message is marked sent
only once the broker took it; one the broker refused stays pending and ``redeliver`` (a beat task)
sends it again. Delivery is at least once, so tasks are written to be idempotent.
"""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from ipcenter.core import clock
from ipcenter.core.db import db
from ipcenter.core.models import OutboxMessage

log = logging.getLogger(__name__)

# A claimed message not confirmed sent after this long is claimed again (its dispatcher died).
CLAIM_TIMEOUT = timedelta(minutes=5)


def enqueue(task: str, *args) -> OutboxMessage:
    """Queue ``task(*args)`` to run after the current transaction commits."""
    message = OutboxMessage(task=task, args=json.dumps(list(args)), created_at=clock.now())
    db.session.add(message)
    return message


def _claim(message_id: int) -> tuple[str, list] | None:
    """Mark the message as being sent, in a short transaction of its own; return its task and
    arguments, or None if another dispatcher has it."""
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


def _send(task: str, args: list) -> None:
    celery = current_app.extensions["celery"]
    if celery.conf.task_always_eager:
        result = celery.tasks[task].apply(args=args)
        if result.failed():
            raise RuntimeError(f"task {task} failed: {result.result!r}")
    else:
        celery.send_task(task, args=args)


def _finish(message_id: int, error: str | None) -> None:
    table = OutboxMessage.__table__
    values = ({"sent_at": clock.now()} if error is None
              else {"claimed_at": None, "last_error": error[:2000]})
    db.session.execute(sa.update(table).where(table.c.id == message_id).values(**values))
    db.session.commit()


def dispatch_pending(limit: int = 100, *, older_than: timedelta | None = None) -> int:
    """Send the pending messages; return how many were sent.

    Each message is claimed in its own short transaction, so two dispatchers never send the
    same message at once.
    """
    query = sa.select(OutboxMessage.id).where(OutboxMessage.sent_at.is_(None))
    if older_than is not None:
        query = query.where(OutboxMessage.created_at < clock.now() - older_than)
    ids = db.session.execute(query.order_by(OutboxMessage.id).limit(limit)).scalars().all()
    db.session.commit()  # end the read: a transaction left open would hold a stale snapshot
    sent = 0
    for message_id in ids:
        claimed = _claim(message_id)
        if claimed is None:
            continue
        # No transaction is open here: an eager task runs in its own session and connection,
        # and must not wait for a lock this session holds.
        try:
            _send(*claimed)
        except Exception as exc:  # the broker is down, or an eager task failed: retry later
            log.warning("outbox message %s (%s) not sent: %s", message_id, claimed[0], exc)
            db.session.rollback()
            _finish(message_id, str(exc))
            continue
        _finish(message_id, None)
        sent += 1
    return sent


def pending_count() -> int:
    return db.session.execute(
        sa.select(sa.func.count()).select_from(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None))).scalar_one()
