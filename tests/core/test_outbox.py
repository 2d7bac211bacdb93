"""The outbox: work runs only after commit, never after a rollback, and is retried on failure."""

import pytest
import sqlalchemy as sa
from celery import shared_task

from ipcenter.core import outbox
from ipcenter.core.db import unit_of_work
from ipcenter.core.models import AuditEvent, OutboxMessage

CALLS = {"fail": 0}


@shared_task(name="tests.flaky")
def flaky(token):
    CALLS["fail"] += 1
    if CALLS["fail"] == 1:
        raise RuntimeError("first attempt fails")
    from ipcenter.core import audit, clock

    with unit_of_work():
        audit.record("tests.flaky", obj_type="t", obj_id=token, now=clock.now())


def _pings(token):
    return sa.select(sa.func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "system.ping", AuditEvent.object_id == token)


def test_task_runs_after_commit(db):
    with unit_of_work():
        outbox.enqueue("core.ping", "abc")
        assert db.session.execute(_pings("abc")).scalar_one() == 0  # not before the commit
    assert db.session.execute(_pings("abc")).scalar_one() == 1
    message = db.session.execute(sa.select(OutboxMessage)).scalar_one()
    assert message.sent_at is not None and message.attempts == 1


def test_rolled_back_change_queues_nothing(db):
    with pytest.raises(ValueError):
        with unit_of_work():
            outbox.enqueue("core.ping", "never")
            raise ValueError("the change failed")
    assert db.session.execute(_pings("never")).scalar_one() == 0
    assert outbox.pending_count() == 0


def test_failed_task_stays_pending_and_is_redelivered(db):
    CALLS["fail"] = 0
    with unit_of_work():
        outbox.enqueue("tests.flaky", "t1")
    message = db.session.execute(sa.select(OutboxMessage)).scalar_one()
    assert message.sent_at is None and "first attempt fails" in message.last_error
    assert outbox.pending_count() == 1
    assert outbox.dispatch_pending() == 1
    db.session.refresh(message)
    assert message.sent_at is not None and message.attempts == 2
    assert db.session.execute(sa.select(sa.func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "tests.flaky")).scalar_one() == 1


def test_sent_message_is_not_sent_twice(db):
    with unit_of_work():
        outbox.enqueue("core.ping", "once")
    assert outbox.dispatch_pending() == 0
    assert db.session.execute(_pings("once")).scalar_one() == 1
