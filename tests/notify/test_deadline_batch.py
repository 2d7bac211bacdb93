"""The deadline scan's notices are set-based: the hook's statements do not grow with the
number of clocks (20 or 200, assigned to a user, an organisation or a role, each recipient
with SMS chosen), and a batch noticed again writes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from ipcenter.core.db import db as _db
from ipcenter.core.models import Deadline, OutboxMessage
from ipcenter.notify import deadlines, services
from ipcenter.notify.models import Notice, NoticeChannel, NoticeDelivery
from tests.conftest import NOW

SCAN_AT = datetime(2026, 9, 29, 1, tzinfo=UTC)
TODAY = date(2026, 9, 29)


@pytest.fixture
def people(db, make_user):
    handler, firm, queue = make_user("adjudicator"), make_user("firm"), make_user("examiner")
    colleague = make_user("firm", org=firm.organisation)
    make_user("firm", org=firm.organisation, active=False)  # not noticed
    for user, phone in ((handler, "13800000001"), (firm, "13800000002"),
                        (queue, "13800000003"), (colleague, "")):
        user.phone = phone
        _db.session.add(NoticeChannel(user_id=user.id, channel="sms"))
    _db.session.flush()
    return handler, firm, queue, colleague


def _clocks(n, handler, firm, start=0):
    rows = []
    for i in range(start, start + n):
        due = date(2026, 9, 30) if i % 2 else date(2026, 9, 20)
        who = ({"assignee_user_id": handler.id}, {"assignee_org_id": firm.organisation_id},
               {"assignee_role": "examiner"})[i % 3]
        rows.append(Deadline(subject_type="case", subject_id=i + 1, subject_label=f"案{i + 1}",
                             kind="answer", title="提交答辩书", starts_on=date(2026, 9, 1),
                             period="15d", due_on=due, created_at=NOW, **who))
    _db.session.add_all(rows)
    _db.session.flush()
    return [row.id for row in rows]


def _count(ids):
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    engine = _db.session.get_bind()
    engine = getattr(engine, "engine", engine)
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        deadlines.notice_due(ids, SCAN_AT, TODAY)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    return statements


def test_the_statements_do_not_grow_with_the_clocks(people):
    handler, firm, _queue, _colleague = people
    small = _count(_clocks(20, handler, firm))
    large = _count(_clocks(200, handler, firm, start=20))
    assert len(small) == len(large) <= 7, large
    # Each clock noticed to its recipients: the user; the firm's two active users; the role.
    assert _db.session.execute(sa.select(sa.func.count()).select_from(Notice)).scalar() == (
        sum(2 if i % 3 == 1 else 1 for i in range(220)))
    # SMS only to those with a number: the colleague has none.
    deliveries = _db.session.execute(sa.select(sa.func.count()).select_from(NoticeDelivery)
                                     ).scalar()
    assert deliveries == 220
    assert _db.session.execute(sa.select(sa.func.count()).select_from(OutboxMessage).where(
        OutboxMessage.task == services.DELIVER_TASK)).scalar() == 220


def test_a_batch_noticed_again_writes_nothing(people):
    handler, firm, _queue, _colleague = people
    ids = _clocks(6, handler, firm)
    deadlines.notice_due(ids, SCAN_AT, TODAY)
    before = _db.session.execute(sa.select(Notice.id, Notice.dedupe_key)).all()
    statements = _count(ids)
    assert _db.session.execute(sa.select(Notice.id, Notice.dedupe_key)).all() == before
    assert not any(s.lstrip().upper().startswith("INSERT INTO NOTICE_DELIVERY")
                   for s in statements)
    texts = {n.dedupe_key: (n.event, n.text) for n in _db.session.execute(
        sa.select(Notice).where(Notice.user_id == handler.id)).scalars()}
    assert texts[f"deadline:{ids[0]}:overdue"] == (
        "deadline.overdue", "期限已届满：提交答辩书（案1），已于2026年9月20日届满，请尽快处理。")
    assert texts[f"deadline:{ids[3]}:due"] == (
        "deadline.due", "期限将至：提交答辩书（案4），2026年9月30日届满。")


def test_no_clocks_no_statements(db):
    assert _count([]) == []
