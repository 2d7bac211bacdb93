"""Pledge fixtures: the people of a loan (a firm, the fund manager, a bank and another bank,
the valuer, the insurer, two directors) and a right of the register held by the firm."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

NOW = datetime(2026, 4, 1, 2, 0, tzinfo=UTC)  # 2026-04-01 10:00 in Zhongshan


@pytest.fixture
def crew(db, make_org, make_user):
    firm = make_org("firm", name="中山市古镇华辉灯饰有限公司")
    bank = make_org("bank", name="中山农村商业银行股份有限公司")
    other_bank = make_org("bank", name="中国工商银行股份有限公司中山分行")
    valuer = make_org("valuer", name="中山市云创知识产权服务有限公司")
    insurer = make_org("insurer", name="中国人民财产保险股份有限公司中山市分公司")
    return SimpleNamespace(
        firm_org=firm, bank_org=bank, other_bank_org=other_bank, valuer_org=valuer,
        insurer_org=insurer,
        firm=make_user("firm", org=firm), fund=make_user("fund_manager"),
        bank=make_user("bank", org=bank), other_bank=make_user("bank", org=other_bank),
        valuer=make_user("valuer", org=valuer), insurer=make_user("insurer", org=insurer),
        director=make_user("director"), director2=make_user("director"))


def held_right(db, org, number="ZL202020123456.8", kind="utility_model"):
    """A granted right of the register held by ``org``."""
    from ipcenter.ip import register

    right = register.find_or_register(kind, number, title="一种LED吸顶灯", holder=org.name,
                                      holder_org=org, granted_on=date(2021, 3, 2), now=NOW)
    db.session.flush()
    return right
