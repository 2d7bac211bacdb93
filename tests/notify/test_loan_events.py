"""The loans' notices: the borrower told of the decision on its loan, the lending bank and the
fund manager told of a collateral alert — once each, never another bank."""

from __future__ import annotations

import uuid
from datetime import timedelta

import sqlalchemy as sa

from ipcenter.core.db import db as _db
from ipcenter.ip import register
from ipcenter.ip.models import EventKind
from ipcenter.notify.models import Notice
from ipcenter.pledge import services
from tests.pledge.conftest import NOW, held_right
from tests.pledge.journeys import filing, fund_the_pool
from tests.pledge.test_watch import _registered


def _of(user, event=None):
    query = sa.select(Notice).where(Notice.user_id == user.id)
    if event:
        query = query.where(Notice.event == event)
    return list(_db.session.execute(query.order_by(Notice.id)).scalars())


def test_the_borrower_is_told_its_loan_is_approved(db, crew):
    right = held_right(db, crew.firm_org)
    application = _registered(db, crew, right)
    (notice,) = _of(crew.firm, "pledge.approve")
    assert "已获银行批准" in notice.text and "1,000,000.00元" in notice.text
    assert notice.url == f"/pledge/{application.id}"
    assert _of(crew.bank, "pledge.approve") == []  # who approved it


def test_the_borrower_is_told_its_loan_is_declined(db, crew):
    fund_the_pool(crew)
    right = held_right(db, crew.firm_org)
    application = services.file_application(filing(
        crew, [right.id], amount="1000000.00", use_of_funds="流动资金",
        use_of_funds_kind="working_capital"), crew.firm, NOW, uuid.uuid4().hex)
    services.begin_check(application, crew.fund, NOW)
    services.decline(application, crew.fund, NOW, "不符合准入条件。")
    (notice,) = _of(crew.firm, "pledge.decline")
    assert "未获通过" in notice.text


def test_a_collateral_alert_tells_the_bank_and_the_fund_once(db, crew):
    right = held_right(db, crew.firm_org)
    application = _registered(db, crew, right)
    on = NOW.date() + timedelta(days=5)
    register.record_event(right, EventKind.LAPSED, on, now=NOW + timedelta(days=5))
    for user in (crew.bank, crew.fund):
        (notice,) = _of(user, "pledge.alert")
        assert "质押物预警" in notice.text and notice.url == f"/pledge/{application.id}"
    for outsider in (crew.other_bank, crew.valuer, crew.insurer):
        assert _of(outsider, "pledge.alert") == []
