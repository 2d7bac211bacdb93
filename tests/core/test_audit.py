"""The hash chain: intact after appends; any alteration, deletion or reordering is found."""

import sqlalchemy as sa

from ipcenter.core import audit
from ipcenter.core.models import AuditEvent
from tests.conftest import NOW


def _append(n):
    for i in range(n):
        audit.record("case.accept", obj_type="case", obj_id=i, detail={"n": i, "名称": "灯饰"},
                     now=NOW)


def test_chain_is_intact(db):
    _append(5)
    result = audit.verify()
    assert result.ok and result.checked == 5


def test_altered_detail_is_found(db):
    _append(5)
    db.session.execute(sa.update(AuditEvent).where(AuditEvent.seq == 3)
                       .values(detail='{"n": 99}'))
    db.session.expire_all()
    result = audit.verify()
    assert not result.ok and result.broken_seq == 3 and result.reason == "row altered"


def test_altered_hash_breaks_the_next_link(db):
    _append(5)
    row = db.session.execute(sa.select(AuditEvent).where(AuditEvent.seq == 2)).scalar_one()
    # Recompute a consistent hash for a forged row 2: row 3's link to it then breaks.
    db.session.execute(sa.update(AuditEvent).where(AuditEvent.seq == 2).values(
        action="case.reject", hash=audit._digest(2, row.at, None, "", "case.reject", "case", "1",
                                                 row.detail, "", row.prev_hash)))
    db.session.expire_all()
    result = audit.verify()
    assert not result.ok and result.broken_seq == 3


def test_deleted_row_is_found(db):
    _append(5)
    db.session.execute(sa.delete(AuditEvent).where(AuditEvent.seq == 4))
    result = audit.verify()
    assert not result.ok and result.broken_seq == 4


def test_deleted_last_row_is_found(db):
    _append(3)
    db.session.execute(sa.delete(AuditEvent).where(AuditEvent.seq == 3))
    result = audit.verify()
    assert not result.ok and result.broken_seq == 3


def test_cli_reports_first_broken_link(db, runner):
    _append(3)
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
    db.session.execute(sa.update(AuditEvent).where(AuditEvent.seq == 2).values(actor_name="x"))
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert "2" in result.output


def test_events_for_object_in_order(db):
    _append(3)
    audit.record("case.serve", obj_type="case", obj_id=1, now=NOW)
    assert [e.action for e in audit.events_for("case", 1)] == ["case.accept", "case.serve"]
