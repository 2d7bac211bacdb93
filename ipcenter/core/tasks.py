"""Kernel tasks: re-send the outbox, sweep work left undone, scan deadlines; and the retry
policy every task that touches the database or the broker shares.

Every task is acknowledged only after it ran and handed back to the queue when its worker dies
(``task_acks_late``, ``task_reject_on_worker_lost`` in the configuration), so each must be safe
to run twice. A database or broker error (a restart, a dropped connection) is retried with
backoff (``RETRYING``): from 1 s up to 5 minutes between tries, about half an hour in all.
"""

from __future__ import annotations

import logging

import kombu.exceptions
import sqlalchemy.exc
from celery import shared_task

from ipcenter.core import clock, outbox, timelimits

log = logging.getLogger(__name__)

# Errors that say "try again later", not "this cannot be done".
TRANSIENT = (sqlalchemy.exc.OperationalError, sqlalchemy.exc.InterfaceError,
             sqlalchemy.exc.TimeoutError, kombu.exceptions.OperationalError)
RETRYING = {"autoretry_for": TRANSIENT, "retry_backoff": 1, "retry_backoff_max": 300,
            "retry_jitter": True, "max_retries": 12}


@shared_task(name="core.redeliver_outbox", **RETRYING)
def redeliver_outbox() -> int:
    """Send what a broker outage or a dead dispatcher left in the outbox."""
    return outbox.redeliver()


@shared_task(name="core.sweep_stale_work", **RETRYING)
def sweep_stale_work() -> int:
    """Queue again the work left undone past the sweeper's window (see ``outbox.sweep``), and
    send it."""
    report = outbox.sweep(clock.now())
    if report.total:
        outbox.redeliver()
    return report.total


@shared_task(name="core.scan_deadlines", **RETRYING)
def scan_deadlines() -> int:
    """Mark the deadlines that became due or overdue as notified, in batches that each commit
    with the notices of the clocks they stamped (``timelimits.mark_due``, ``on_due``): a retry
    after a failure resumes where the committed batches stopped, and a clock is noticed once.
    Returns how many clocks it stamped (``timelimits.scan_deadlines``, which the CLI's
    ``flask calendar scan-deadlines`` runs too)."""
    scan = timelimits.scan_deadlines(clock.now(), clock.today())
    log.info("deadline scan: %d clocks stamped in %d batches, %.2f s (due on or before %s)",
             scan.due.stamped, scan.due.batches, scan.due.seconds,
             scan.due.cutoff.isoformat())
    log.info("deadline scan: %d clocks newly overdue, %.2f s", scan.overdue.stamped,
             scan.overdue.seconds)
    return scan.stamped


@shared_task(name="core.ping", **RETRYING)
def ping(token: str) -> str:
    """A no-op used by the integration tests to prove a worker runs tasks (once per token)."""
    import sqlalchemy as sa

    from ipcenter.core import audit
    from ipcenter.core.db import db, unit_of_work
    from ipcenter.core.models import AuditEvent

    with unit_of_work():
        done = db.session.execute(sa.select(AuditEvent.id).where(
            AuditEvent.action == "system.ping", AuditEvent.object_id == token)).first()
        if done is None:
            audit.record("system.ping", obj_type="ping", obj_id=token, now=clock.now())
    return token
