"""The audit page's chain check reports tampering by someone who controls the database."""

import sqlalchemy as sa

from ipcenter.admin import services
from ipcenter.core import audit
from ipcenter.core.db import unit_of_work
from ipcenter.core.models import AuditEvent, AuditHead
from tests.conftest import NOW, login, post_form


def _truncate(db, keep: int) -> None:
    """Delete the rows after ``keep`` and move the stored head back, as a forger would."""
    digest = db.session.scalar(sa.select(AuditEvent.hash).where(AuditEvent.seq == keep))
    db.session.execute(sa.delete(AuditEvent).where(AuditEvent.seq > keep))
    db.session.execute(sa.update(AuditHead).where(AuditHead.id == 1)
                       .values(last_seq=keep, last_hash=digest))
    db.session.commit()


def _changes(db, user, times=3):
    for i in range(times):
        with unit_of_work():
            services.update_user(user, display_name=f"改名{i}", roles=["firm"], actor=None,
                                 now=NOW)


def test_verify_reports_rows_deleted_at_the_end(client, db, admin, make_user):
    _changes(db, make_user("firm"))
    end = db.session.scalar(sa.select(sa.func.max(AuditEvent.seq)))
    _truncate(db, end - 2)
    response = post_form(client, "/admin/audit/verify", {}, page="/admin/audit")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert (f"The audit chain is broken at row {end - 1}: rows at the end have been deleted"
            in html)


def test_verify_reports_a_rehashed_chain_in_chinese(client, db, make_user):
    make_user("director", username="boss")
    login(client, "boss")
    _changes(db, make_user("firm"))
    prev = audit.GENESIS
    for row in db.session.execute(sa.select(AuditEvent).order_by(AuditEvent.seq)).scalars():
        row.prev_hash = prev
        row.hash = prev = audit.plain_digest(row.seq, row.at, row.actor_id, row.actor_name,
                                             row.action, row.object_type, row.object_id,
                                             row.detail, row.address, prev)
    db.session.execute(sa.update(AuditHead).where(AuditHead.id == 1).values(last_hash=prev))
    db.session.commit()
    response = post_form(client, "/admin/audit/verify", {}, page="/admin/audit")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "审计日志链在第" in html and "而非审计密钥计算的" in html
