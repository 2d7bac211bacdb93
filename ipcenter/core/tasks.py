"""Kernel tasks: re-send the outbox, scan deadlines."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task

from ipcenter.core import clock, outbox, timelimits


@shared_task(name="core.redeliver_outbox")
def redeliver_outbox() -> int:
    """Send what a broker outage or a crash left in the outbox (older than a minute)."""
    return outbox.dispatch_pending(older_than=timedelta(minutes=1))


@shared_task(name="core.scan_deadlines")
def scan_deadlines() -> int:
    """Mark the deadlines that became due or overdue as notified (notices come later)."""
    from ipcenter.core.db import unit_of_work

    with unit_of_work():
        return timelimits.mark_due(clock.now(), clock.today())


@shared_task(name="core.ping")
def ping(token: str) -> str:
    """A no-op used by the integration tests to prove a worker runs tasks."""
    from ipcenter.core import audit
    from ipcenter.core.db import unit_of_work

    with unit_of_work():
        audit.record("system.ping", obj_type="ping", obj_id=token, now=clock.now())
    return token
