"""Pledge financing on the rights register: the annuity and the freezes the register holds
refuse a filing with named reasons in Chinese; a pledge's registration and its release are
written on each pledged right as ``pledged`` / ``pledge_released`` events (the loan's own
events raise no collateral alert on it), and "already pledged" reads them."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
import sqlalchemy as sa

from ipcenter.ip import register
from ipcenter.ip.models import EventKind, RightEvent
from ipcenter.pledge import services as pl
from ipcenter.pledge import watch
from ipcenter.pledge.models import PledgeApplication
from ipcenter.pledge.rules.reasons import Refused
from ipcenter.pledge.workflow import S
from tests.pledge import journeys as j
from tests.pledge.conftest import NOW, held_right


@pytest.fixture
def zh(app):
    with app.test_request_context(headers={"Accept-Language": "zh-CN"}):
        yield


def _applications(db) -> int:
    return db.session.execute(sa.select(sa.func.count(PledgeApplication.id))).scalar_one()


def _filed_right(db, crew, n, filed_on=date(2020, 5, 6), granted_on=date(2021, 3, 2)):
    """A utility model of the firm with its filing day known (its annuities countable)."""
    return register.find_or_register("utility_model", j.patent_number(n), title="一种LED吸顶灯",
                                     holder=crew.firm_org.name, holder_org=crew.firm_org,
                                     filed_on=filed_on, granted_on=granted_on, now=NOW)


def _file(crew, right, **changes):
    return pl.file_application(j.filing(crew, [right.id], **changes), crew.firm, NOW,
                               uuid.uuid4().hex)


def test_an_unpaid_annuity_refuses_the_filing_until_it_is_paid(db, crew, zh):
    right = _filed_right(db, crew, 21)
    # Paid with the grant: patent year 2 (to 2022-05-05); then years 3 to 5, to 2025-05-05.
    register.record_annuity(right, date(2025, 4, 20), year=5, now=NOW)
    assert right.annuity_paid_until == date(2025, 5, 5)
    with pytest.raises(Refused) as refused:   # 2026-04-01: year 6 unpaid
        _file(crew, right)
    assert refused.value.codes == ("annuity_unpaid",)
    message = str(refused.value.message)
    assert right.number in message and "2025年5月5日" in message and "年费" in message
    assert _applications(db) == 0
    register.record_annuity(right, date(2026, 3, 30), year=6, now=NOW)
    assert _file(crew, right).state == S.APPLIED


def test_a_right_whose_annuities_the_register_does_not_know_is_not_refused(db, crew, zh):
    right = held_right(db, crew.firm_org, j.patent_number(22))   # no filing day
    assert register.standing_on(right, NOW.date()).annuity_paid_until is None
    assert _file(crew, right).state == S.APPLIED


def test_a_freeze_refuses_the_filing_with_its_court_and_ruling_until_lifted(db, crew, zh):
    right = held_right(db, crew.firm_org, j.patent_number(23))
    freeze = register.record_freeze(right, date(2026, 3, 2), kind="preservation",
                                    authority="中山市第一人民法院", document_no="（2026）粤2071财保12号",
                                    now=NOW)
    assert right.frozen
    with pytest.raises(Refused) as refused:
        _file(crew, right)
    assert refused.value.codes == ("frozen",)
    message = str(refused.value.message)
    assert "冻结" in message and "中山市第一人民法院" in message and "财保12号" in message
    assert _applications(db) == 0
    register.lift_freeze(right, freeze.id, date(2026, 3, 20), authority="中山市第一人民法院",
                         document_no="（2026）粤2071财保12号之一", now=NOW)
    assert not right.frozen
    assert _file(crew, right).state == S.APPLIED


def test_a_freeze_with_a_term_ends_by_itself(db, crew, zh):
    right = held_right(db, crew.firm_org, j.patent_number(24))
    register.record_freeze(right, date(2025, 3, 2), kind="enforcement",
                           authority="中山市中级人民法院", document_no="（2025）粤20执88号",
                           until=date(2026, 3, 1), now=NOW)
    assert register.standing_on(right, date(2026, 3, 1)).frozen
    assert not register.standing_on(right, date(2026, 3, 2)).frozen
    assert _file(crew, right).state == S.APPLIED


def _pledge_events(right):
    return [(e.kind, e.matter_type, e.matter_id) for e in register.events_of(right)
            if e.kind in (EventKind.PLEDGED, EventKind.PLEDGE_RELEASED)]


def test_registration_and_release_are_written_on_the_register_without_an_alert(db, crew):
    j.fund_the_pool(crew)
    rights = [held_right(db, crew.firm_org, j.patent_number(n)) for n in (25, 26)]
    application = pl.file_application(j.filing(crew, [r.id for r in rights]), crew.firm, NOW,
                                      uuid.uuid4().hex)
    steps = j.repaid(crew)
    names = [name for name, _ in steps]
    for name, step in steps[:names.index("record_registration") + 1]:
        step(application)
    for right in rights:
        assert _pledge_events(right) == [("pledged", "pledge", application.id)]
        (event,) = register.events_of(right, EventKind.PLEDGED)
        assert event.occurred_on == j.day(17)
        assert event.detail["number"] == "Y2026980001234"
        assert register.standing_on(right, j.day(17)).pledged
    # The loan's own pledge is no news to it.
    assert watch.alerts_for(crew.bank, 10) == []
    # The register now says the rights are pledged: another application is refused.
    with pytest.raises(Refused) as again:
        _file(crew, rights[0])
    assert "already_pledged" in again.value.codes
    for name, step in steps[names.index("record_registration") + 1:]:
        step(application)
    assert application.state == S.PLEDGE_RELEASED
    for right in rights:
        assert _pledge_events(right) == [("pledged", "pledge", application.id),
                                         ("pledge_released", "pledge", application.id)]
        assert not register.standing_on(right, j.day(401)).pledged
    assert watch.alerts_for(crew.fund, 10) == []


def test_a_registration_rolled_back_leaves_no_pledged_event(db, crew):
    j.fund_the_pool(crew)
    right = held_right(db, crew.firm_org, j.patent_number(27))
    application = pl.file_application(j.filing(crew, [right.id]), crew.firm, NOW,
                                      uuid.uuid4().hex)
    steps = j.lent(crew)
    names = [name for name, _ in steps]
    for name, step in steps[:names.index("file_registration") + 1]:
        step(application)
    db.session.flush()
    with pytest.raises(RuntimeError), db.session.begin_nested():
        pl.record_registration(application, crew.bank, j.at(17), "Y2026980009999", j.day(17))
        raise RuntimeError("the unit of work fails")
    assert db.session.execute(sa.select(sa.func.count(RightEvent.id)).where(
        RightEvent.kind == EventKind.PLEDGED)).scalar_one() == 0


def test_a_freeze_or_another_pledge_on_a_pledged_right_alerts_the_loan(db, crew):
    j.fund_the_pool(crew)
    right = held_right(db, crew.firm_org, j.patent_number(28))
    application = pl.file_application(j.filing(crew, [right.id]), crew.firm, NOW,
                                      uuid.uuid4().hex)
    steps = j.lent(crew)
    for _, step in steps:
        step(application)
    register.record_freeze(right, j.day(30), kind="preservation", authority="中山市第一人民法院",
                           document_no="（2026）粤2071财保30号", now=j.at(30))
    # A pledge registered elsewhere (outside the pool) on the same right.
    register.record_event(right, EventKind.PLEDGED, j.day(31), detail={"number": "Y1"},
                          now=j.at(31))
    alerts = watch.alerts_for(crew.bank, 10)
    assert [(a.event_kind, a.application_id) for a in alerts] == [
        ("pledged", application.id), ("frozen", application.id)]
