"""The audit log page's list of actions, read by a loose index scan, is every distinct action."""

from ipcenter.core import audit
from ipcenter.core.models import AuditEvent
from tests.conftest import NOW


def test_actions_are_the_distinct_actions_in_order(db):
    for action in ("case.submit", "auth.login", "case.submit", "deadline.claim", "auth.login"):
        audit.record(action, now=NOW)
    expected = sorted(set(db.session.execute(db.select(AuditEvent.action)).scalars()))
    assert audit.actions() == expected
    assert {"auth.login", "case.submit", "deadline.claim"} <= set(expected)


def test_actions_of_an_empty_log(db):
    db.session.execute(db.delete(AuditEvent))
    assert audit.actions() == []
