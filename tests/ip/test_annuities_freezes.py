"""What the register holds for a lender besides the legal status: the annuities paid (the
grant year's with the grant, each later year by an event) and the freezes in force (a court's
or CNIPA's, until lifted or ended), replayed for a day and kept on the right as of its last
event; bad input refused in Chinese with nothing written."""

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from ipcenter.core.errors import InvalidInput
from ipcenter.ip import register
from ipcenter.ip.models import RightEvent

NOW = datetime(2026, 3, 5, 2, 0, tzinfo=UTC)
PATENT = "ZL202020123456.8"       # a utility model


@pytest.fixture
def zh(app):
    with app.test_request_context(headers={"Accept-Language": "zh-CN"}):
        yield


def _patent(filed_on=date(2020, 5, 6), granted_on=date(2020, 11, 3)):
    return register.find_or_register("patent", PATENT, filed_on=filed_on, granted_on=granted_on,
                                     holder="中山市古镇华辉灯饰有限公司", now=NOW)


def _events(db) -> int:
    return db.session.execute(sa.select(sa.func.count(RightEvent.id))).scalar_one()


def test_annuities_paid_by_year_or_to_a_day(db):
    right = _patent()
    # The grant (2020-11-03) falls in patent year 1 (2020-05-06 … 2021-05-05).
    assert register.standing_on(right, date(2020, 11, 2)).annuity_paid_until is None
    assert register.standing_on(right, date(2020, 11, 3)).annuity_paid_until == date(2021, 5, 5)
    register.record_annuity(right, date(2021, 4, 1), year=2, now=NOW)
    register.record_annuity(right, date(2022, 4, 1), paid_until=date(2023, 5, 5), now=NOW)
    standing = register.standing_on(right, date(2023, 5, 5))
    assert standing.annuity_paid_until == date(2023, 5, 5)
    assert standing.annuity_paid_on(date(2023, 5, 5)) is True
    assert standing.annuity_paid_on(date(2023, 5, 6)) is False
    # An earlier year recorded late does not shorten what is paid.
    register.record_annuity(right, date(2022, 5, 1), year=2, now=NOW)
    assert right.annuity_paid_until == date(2023, 5, 5)
    notes = [row.note for row in register.history(right)]
    assert notes == ["第2年度 · 缴至2022年5月5日", "缴至2023年5月5日",
                     "第2年度 · 缴至2022年5月5日"]


def test_a_payment_without_its_year_says_nothing_of_the_term(db):
    right = _patent(filed_on=None)
    register.record_event(right, "annuity_paid", date(2025, 4, 20), now=NOW)
    assert right.annuity_paid_until is None


@pytest.mark.parametrize("kwargs, words", [
    ({}, "二者择一"), ({"year": 3, "paid_until": date(2023, 5, 5)}, "二者择一"),
    ({"year": 11}, "第1至第10"), ({"year": 0}, "第1至第10"), ({"year": True}, "第1至第10"),
])
def test_bad_annuities_are_refused_in_chinese(db, zh, kwargs, words):
    right = _patent()
    before = _events(db)
    with pytest.raises(InvalidInput) as refused:
        register.record_annuity(right, date(2025, 4, 1), now=NOW, **kwargs)
    assert words in str(refused.value.message)
    assert _events(db) == before


def test_a_trademark_pays_no_annuity_and_a_year_needs_the_filing_day(db, zh):
    mark = register.find_or_register("trademark", "8765432", granted_on=date(2018, 5, 7),
                                     now=NOW)
    with pytest.raises(InvalidInput, match="续展"):
        register.record_annuity(mark, date(2025, 4, 1), year=3, now=NOW)
    right = _patent(filed_on=None)
    with pytest.raises(InvalidInput, match="申请日"):
        register.record_annuity(right, date(2025, 4, 1), year=3, now=NOW)


def test_freezes_in_force_until_lifted_and_two_at_once(db):
    right = _patent()
    first = register.record_freeze(right, date(2025, 1, 10), kind="preservation",
                                   authority="中山市第一人民法院", document_no="（2025）粤2071财保1号",
                                   now=NOW)
    second = register.record_freeze(right, date(2025, 2, 10), kind="ownership_dispute",
                                    authority="国家知识产权局", document_no="中止程序通知书第9号",
                                    now=NOW)
    assert right.frozen
    standing = register.standing_on(right, date(2025, 3, 1))
    assert [f.event_id for f in standing.freezes] == [first.id, second.id]
    assert standing.freezes[0].authority == "中山市第一人民法院"
    assert not register.standing_on(right, date(2025, 1, 9)).frozen
    register.lift_freeze(right, first.id, date(2025, 6, 1), authority="中山市第一人民法院",
                         document_no="（2025）粤2071财保1号之一", now=NOW)
    assert right.frozen   # the second still holds
    register.lift_freeze(right, second.id, date(2025, 7, 1), authority="国家知识产权局",
                         document_no="恢复程序通知书第9号", now=NOW)
    assert not right.frozen
    assert register.standing_on(right, date(2025, 6, 15)).freezes[0].event_id == second.id
    notes = [row.note for row in register.history(right) if row.event.kind == "frozen"]
    assert "中山市第一人民法院" in notes[0] and "财保1号" in notes[0]


@pytest.mark.parametrize("kwargs, words", [
    ({"kind": "whatever"}, "冻结类型"), ({"authority": " "}, "法院或机关"),
    ({"document_no": ""}, "文号"), ({"until": date(2025, 1, 1)}, "不能早于"),
])
def test_bad_freezes_are_refused_in_chinese(db, zh, kwargs, words):
    right = _patent()
    values = {"kind": "preservation", "authority": "中山市第一人民法院",
              "document_no": "（2025）粤2071财保1号", **kwargs}
    before = _events(db)
    with pytest.raises(InvalidInput) as refused:
        register.record_freeze(right, date(2025, 1, 10), now=NOW, **values)
    assert words in str(refused.value.message)
    assert _events(db) == before and not right.frozen


def test_only_a_freeze_in_force_is_lifted(db, zh):
    right = _patent()
    freeze = register.record_freeze(right, date(2025, 1, 10), kind="preservation",
                                    authority="中山市第一人民法院", document_no="财保1号", now=NOW)
    for event_id, on in ((freeze.id, date(2025, 1, 9)), (freeze.id + 99, date(2025, 2, 1))):
        with pytest.raises(InvalidInput, match="有效的冻结"):
            register.lift_freeze(right, event_id, on, authority="中山市第一人民法院",
                                 document_no="财保1号之一", now=NOW)
    register.lift_freeze(right, freeze.id, date(2025, 2, 1), authority="中山市第一人民法院",
                         document_no="财保1号之一", now=NOW)
    with pytest.raises(InvalidInput, match="有效的冻结"):   # lifted already
        register.lift_freeze(right, freeze.id, date(2025, 3, 1), authority="中山市第一人民法院",
                             document_no="财保1号之二", now=NOW)
