"""Fixtures for cases: a cast of users and a builder that walks a complaint to a given state
through the real services (no state is ever written directly)."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest

from ipcenter import matters
from ipcenter.cases.patent import services
from ipcenter.cases.patent.services import DecisionData, FilingData
from ipcenter.cases.patent.workflow import S
from ipcenter.matters import PartyData
from tests.conftest import minimal_pdf

PDF = minimal_pdf()
# 2026-03-02 (Monday) 10:00 Beijing: filing day of the reference case.
T0 = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
PATENT = "ZL202020123456.8"


@dataclass
class Cast:
    requester: object
    respondent: object
    outsider: object
    judges: list
    director: object
    admin: object
    bank: object
    enforcer: object


@pytest.fixture
def cast(make_user, make_org):
    firm_a = make_org("firm", name="中山市古镇华辉灯饰有限公司")
    firm_b = make_org("firm", name="中山市古镇明耀照明电器厂")
    firm_c = make_org("firm", name="中山市横栏星光灯具有限公司")
    return Cast(
        requester=make_user("firm", org=firm_a, username="huahui"),
        respondent=make_user("firm", org=firm_b, username="mingyao"),
        outsider=make_user("firm", org=firm_c, username="xingguang"),
        judges=[make_user("adjudicator", username=f"judge{i}") for i in range(1, 5)],
        director=make_user("director", username="director"),
        admin=make_user("admin", username="admin"),
        bank=make_user("bank", username="bank"),
        enforcer=make_user("enforcer", username="enforcer"),
    )


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


def filing(cast) -> FilingData:
    return FilingData(
        patent_number=PATENT, patent_title="一种LED吸顶灯散热结构",
        claim="请求责令被请求人立即停止制造、销售侵权产品。",
        facts="被请求人在其天猫店铺销售型号MY-2026的吸顶灯，落入涉案专利权利要求1的保护范围。",
        respondents=[PartyData(name=cast.respondent.organisation.name,
                               address="中山市古镇镇同益工业园明耀路8号",
                               organisation_id=cast.respondent.organisation_id)],
        requester_address="中山市古镇镇东兴中路12号")


STEPS = [S.SUBMITTED, S.ACCEPTED, S.SERVED, S.EXAMINATION, S.DECISION_DRAFTED, S.DECIDED,
         S.DECISION_SERVED, S.FINAL, S.CLOSED]


def walk(db, cast, target: S):
    """Create a complaint and take it through the main path until ``target``."""
    case = services.file_complaint(filing(cast), cast.requester, at(0), uuid.uuid4().hex)
    matters.attach(case, "proof_of_right", io.BytesIO(PDF), "专利证书.pdf", cast.requester, at(0))
    if target == S.DRAFT:
        return case
    j1, j2, j3 = cast.judges[:3]
    actions = {
        S.SUBMITTED: lambda: services.submit(case, cast.requester, at(0)),
        S.ACCEPTED: lambda: (services.accept(case, j1, at(1), dict.fromkeys(
            services.CHECKLIST, True)), services.assign_panel(
                case, cast.director, at(1), [j1.id, j2.id, j3.id], j1.id)),
        S.SERVED: lambda: services.serve(case, j1, at(2)),
        S.EXAMINATION: lambda: (services.answer(case, cast.respondent, at(5), "不构成侵权。"),
                                services.begin_examination(case, j1, at(6))),
        S.DECISION_DRAFTED: lambda: services.draft_decision(case, j1, at(30), DecisionData(
            findings="被诉产品落入权利要求1的保护范围。", basis="专利法第十一条、第六十五条",
            infringement=True, stop_acts="制造、销售、许诺销售", stop_object="MY-2026型吸顶灯",
            stop_scope="全部库存及线上在售链接", articles=("11.1", "64.1"))),
        S.DECIDED: lambda: services.approve_decision(case, cast.director, at(31)),
        S.DECISION_SERVED: lambda: services.serve_decision(case, j1, at(32)),
        S.FINAL: lambda: services.finalize(case, j1, at(50)),
        S.CLOSED: lambda: (services.record_compliance(case, j1, at(51), "现场检查：已停止销售，库存已销毁。"),
                           services.close(case, j1, at(51))),
    }
    for step in STEPS:
        actions[step]()
        db.session.flush()
        if step == target:
            break
    assert case.state == target
    return case


@pytest.fixture
def officers(make_user):
    """Three trademark enforcement officers."""
    return [make_user("enforcer", username=f"officer{i}") for i in (1, 2, 3)]
