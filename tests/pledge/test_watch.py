"""The collateral watch on real rows: a patent case filed on a pledged patent (through the
patent services — tests may import both domains, the code does not), a lapse or a transfer
recorded on the register, each raises an alert on the loan for its bank and the fund manager —
never for another bank — and a right not under an active pledge raises none."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from ipcenter.core.errors import PermissionDenied
from ipcenter.ip import register
from ipcenter.ip.models import EventKind
from ipcenter.matters import PartyData
from ipcenter.pledge import services, watch
from ipcenter.pledge.watch import PledgeAlert
from ipcenter.pledge.workflow import S
from tests.pledge.conftest import NOW, held_right
from tests.pledge.journeys import filing, fund_the_pool


def _registered(db, crew, right):
    """An application pledging ``right``, taken to REGISTERED through the services."""
    fund_the_pool(crew)  # the pool's headroom covers the loan at approval
    application = services.file_application(filing(
        crew, [right.id], amount="1000000.00", use_of_funds="流动资金",
        use_of_funds_kind="working_capital"), crew.firm, NOW, uuid.uuid4().hex)
    today = NOW.date()
    services.begin_check(application, crew.fund, NOW)
    services.enrol(application, crew.fund, NOW)
    services.submit_valuation(application, crew.valuer, NOW, "云创评报字〔2026〕第1号",
                              {right.id: "3000000.00"})
    services.accept_cover(application, crew.insurer, NOW)
    services.approve(application, crew.bank, NOW, amount="1000000.00", rate="0.0385",
                     term_months=12, checklist={"legal_status": True})
    services.sign_contracts(application, crew.bank, NOW, "质借字1号", today)
    services.file_registration(application, crew.bank, NOW, today)
    services.record_registration(application, crew.bank, NOW, "Y2026440000001", today)
    assert application.state == S.REGISTERED
    return application


def _count(db):
    return db.session.execute(sa.select(sa.func.count(PledgeAlert.id))).scalar_one()


def test_a_patent_case_on_a_pledged_patent_alerts_the_bank_and_the_fund(db, crew, make_org,
                                                                        make_user):
    from ipcenter.cases.patent import services as patent_services

    right = held_right(db, crew.firm_org)   # ZL202020123456.8
    application = _registered(db, crew, right)
    infringer = make_org("firm", name="中山市古镇星耀灯饰厂")
    case = patent_services.file_complaint(patent_services.FilingData(
        patent_number=right.number, patent_title=right.title,
        claim="请求责令被请求人停止侵权。", facts="被请求人销售落入专利保护范围的吸顶灯。",
        respondents=[PartyData(name=infringer.name, organisation_id=infringer.id)]),
        crew.firm, NOW + timedelta(days=3), uuid.uuid4().hex)

    alerts = watch.alerts_for(crew.bank, 10)
    assert len(alerts) == 1
    alert = alerts[0]
    assert alert.application_id == application.id and alert.right_id == right.id
    assert alert.event_kind == EventKind.ASSERTED_IN_CASE
    assert alert.event_date == (NOW + timedelta(days=3)).date()
    assert (alert.matter_type, alert.matter_id) == ("case", case.id)
    assert watch.alerts_for(crew.fund, 10) == [alert]
    assert watch.alerts_for(crew.director, 10) == [alert]
    # Never another bank, the borrower or the valuer.
    for outsider in (crew.other_bank, crew.firm, crew.valuer, crew.insurer):
        assert watch.alerts_for(outsider, 10) == []
    # On the loan itself.
    assert watch.alerts_for(crew.bank, 10, application=application) == [alert]


def test_a_lapse_and_a_transfer_recorded_on_the_register_each_raise_one(db, crew):
    right = held_right(db, crew.firm_org)
    application = _registered(db, crew, right)
    register.record_event(right, EventKind.LAPSED, date(2026, 4, 20), actor=crew.fund,
                          now=NOW + timedelta(days=20))
    register.record_event(right, EventKind.TRANSFERRED, date(2026, 4, 25),
                          detail={"to": "中山市某某灯饰有限公司"}, now=NOW + timedelta(days=25))
    alerts = watch.alerts_for(crew.bank, 10)
    assert [(a.event_kind, a.event_date) for a in alerts] == [
        ("transferred", date(2026, 4, 25)), ("lapsed", date(2026, 4, 20))]
    assert {a.application_id for a in alerts} == {application.id}
    # An event that does not put the collateral at risk raises nothing.
    register.record_event(right, EventKind.ANNUITY_PAID, date(2026, 4, 26), now=NOW)
    assert _count(db) == 2


def test_a_right_not_under_an_active_pledge_raises_none(db, crew):
    unpledged = held_right(db, crew.firm_org, number="ZL202220456789.1")
    register.record_event(unpledged, EventKind.INVALIDATION_REQUESTED, date(2026, 4, 2),
                          now=NOW)
    # Pledged by an application still before registration: not yet collateral.
    applied = held_right(db, crew.firm_org, number="ZL202230678901.1", kind="design")
    services.file_application(filing(
        crew, [applied.id], amount="500000.00", use_of_funds="研发", use_of_funds_kind="research"),
        crew.firm, NOW, uuid.uuid4().hex)
    register.record_event(applied, EventKind.LAPSED, date(2026, 4, 3), now=NOW)
    assert _count(db) == 0
    assert watch.alerts_for(crew.fund, 10) == []


def test_a_released_pledge_is_no_longer_watched(db, crew):
    right = held_right(db, crew.firm_org)
    application = _registered(db, crew, right)
    for pledged in application.rights:
        pledged.released_on = date(2026, 4, 2)
    db.session.flush()
    register.record_event(right, EventKind.LAPSED, date(2026, 4, 3), now=NOW)
    assert _count(db) == 0


def test_the_bank_and_the_centre_acknowledge_each_on_their_own(db, crew):
    right = held_right(db, crew.firm_org)
    _registered(db, crew, right)
    register.record_event(right, EventKind.INVALIDATION_REQUESTED, date(2026, 4, 2), now=NOW)
    (alert,) = watch.alerts_for(crew.bank, 10, unseen=True)
    watch.acknowledge(alert, crew.bank, NOW)
    assert watch.alerts_for(crew.bank, 10, unseen=True) == []
    assert watch.alerts_for(crew.fund, 10, unseen=True) == [alert]
    watch.acknowledge(alert, crew.fund, NOW)
    assert alert.bank_seen_by_id == crew.bank.id and alert.centre_seen_by_id == crew.fund.id
    with pytest.raises(PermissionDenied):
        watch.acknowledge(alert, crew.other_bank, NOW)
    assert watch.alerts_for(crew.fund, 10, unseen=True) == []


def test_an_event_rolled_back_leaves_no_alert(db, crew):
    right = held_right(db, crew.firm_org)
    _registered(db, crew, right)
    with pytest.raises(RuntimeError), db.session.begin_nested():
        register.record_event(right, EventKind.LAPSED, date(2026, 4, 3), now=NOW)
        assert _count(db) == 1
        raise RuntimeError("the unit of work fails")
    assert _count(db) == 0
