"""The cases' demo data (``ipcenter.demo.seed_domains`` calls ``seed``): patent disputes and
trademark cases in several states, walked through the real services, so that each role's
我的工作 has a case waiting for it when a newcomer signs in — a complaint to accept, a panel
to form, an answer to file, an answer received, a hearing record to enter, a draft decision to
approve, a clue to verify, an investigation, a statement to make.

Each case's steps are dated ``days_ago`` before today, so the clocks are live whatever the day
the demo is seeded. Idempotent: a case is found again by its filing token. Needs the demo
organisations and users (``ipcenter.demo``); flushes, never commits.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from ipcenter import matters
from ipcenter.auth.models import Organisation, User
from ipcenter.cases.models import Case
from ipcenter.cases.patent import services as patent
from ipcenter.cases.trademark import services as trademark
from ipcenter.core.clock import CHINA
from ipcenter.core.db import db
from ipcenter.ip.numbers import check_character
from ipcenter.matters import PartyData


def _patent_number(digits: str) -> str:
    return f"ZL{digits}.{check_character(digits)}"


def _pdf(text: str) -> bytes:
    """A one-page PDF (the upload check reads the content, not the name)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": text})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class DemoCase:
    """A demo case: its filing token, who files against whom, and how far it goes
    (``stage``), filed ``days_ago`` before today."""

    token: str
    kind: str           # patent / trademark
    stage: str
    days_ago: int
    filer: str          # DemoUser.username
    respondent: str     # DemoOrg.key
    title: str          # the patent's or the mark's
    number: str         # patent number / trademark registration number


PATENT_STAGES = ("draft", "submitted", "accepted", "panel", "served", "answered",
                 "examination", "hearing_passed", "hearing_ahead", "drafted")
TRADEMARK_STAGES = ("clue", "verifying", "investigating", "prior_notice")

DEMO_CASES = [
    DemoCase("demo-case-p1", "patent", "submitted", 1, "firm1", "mingyao",
             "一种LED吸顶灯散热结构", _patent_number("202020123456")),
    DemoCase("demo-case-p2", "patent", "accepted", 4, "firm1", "xinghe",
             "一种可调光筒灯", _patent_number("202120234567")),
    DemoCase("demo-case-p3", "patent", "served", 10, "firm1", "mingyao",
             "水晶吊灯（华辉）", _patent_number("202230345678")),
    DemoCase("demo-case-p4", "patent", "answered", 20, "firm2", "huahui",
             "一种防眩光射灯", _patent_number("202120456789")),
    DemoCase("demo-case-p5", "patent", "hearing_passed", 45, "firm1", "xinghe",
             "一种智能调色温面板灯", _patent_number("202110567890")),
    DemoCase("demo-case-p6", "patent", "hearing_ahead", 30, "firm2", "xinghe",
             "一种磁吸轨道灯", _patent_number("202220678901")),
    DemoCase("demo-case-p7", "patent", "drafted", 60, "firm1", "mingyao",
             "一种户外防水投光灯", _patent_number("202020789012")),
    DemoCase("demo-case-p8", "patent", "draft", 0, "firm1", "xinghe",
             "一种LED灯丝灯泡", _patent_number("202120890123")),
    DemoCase("demo-case-p9", "patent", "panel", 3, "firm2", "xinghe",
             "一种无主灯智能照明系统", _patent_number("202210901234")),
    DemoCase("demo-case-p10", "patent", "examination", 25, "firm1", "xinghe",
             "一种LED线性洗墙灯", _patent_number("202120012345")),
    DemoCase("demo-case-t1", "trademark", "clue", 2, "firm1", "xinghe", "华辉", "12345678"),
    DemoCase("demo-case-t2", "trademark", "verifying", 6, "firm2", "xinghe", "明耀", "23456789"),
    DemoCase("demo-case-t3", "trademark", "investigating", 15, "firm1", "mingyao", "华辉",
             "12345678"),
    DemoCase("demo-case-t4", "trademark", "prior_notice", 30, "firm1", "mingyao", "华辉",
             "12345678"),
]


def _user(username: str) -> User:
    return db.session.execute(sa.select(User).filter_by(username=username)).scalar_one()


def _org(key: str) -> Organisation:
    from ipcenter import demo as common

    uscc = next(o.uscc for o in common.ORGS if o.key == key)
    return db.session.execute(sa.select(Organisation).filter_by(uscc=uscc)).scalar_one()


def _party(org: Organisation) -> PartyData:
    return PartyData(name=org.name, address=org.address, uscc=org.uscc,
                     organisation_id=org.id)


def _walk_patent(spec: DemoCase, now: datetime) -> None:
    start = now - timedelta(days=spec.days_ago)

    def day(n: float) -> datetime:
        return start + timedelta(days=n)

    filer, adj1, adj2, adj3 = (_user(u) for u in (spec.filer, "adj1", "adj2", "adj3"))
    director = _user("director")
    respondent_org = _org(spec.respondent)
    respondent = db.session.execute(sa.select(User).filter_by(
        organisation_id=respondent_org.id)).scalars().first()
    case = patent.file_complaint(patent.FilingData(
        patent_number=spec.number, patent_title=spec.title,
        claim="请求责令被请求人立即停止制造、销售、许诺销售侵权产品。",
        facts=f"被请求人在古镇灯饰城及其网店销售的产品落入涉案专利“{spec.title}”"
              "权利要求1的保护范围。",
        respondents=[_party(respondent_org)]), filer, day(0), spec.token)
    matters.attach(case, "proof_of_right", io.BytesIO(_pdf(spec.number)), "专利证书及年费缴纳凭证.pdf",
                   filer, day(0))
    matters.attach(case, "evidence", io.BytesIO(_pdf(spec.token)), "公证购买证据.pdf", filer,
                   day(0))
    if spec.stage == "draft":
        return
    steps: list[tuple[str, Callable]] = [
        ("submitted", lambda: patent.submit(case, filer, day(0))),
        ("accepted", lambda: patent.accept(case, adj1, day(1), dict.fromkeys(
            patent.CHECKLIST, True))),
        ("panel", lambda: patent.assign_panel(case, director, day(1),
                                              [adj1.id, adj2.id, adj3.id], adj1.id)),
        ("served", lambda: patent.serve(case, adj1, day(2))),
        ("answered", lambda: patent.answer(
            case, respondent, day(8), "被诉产品采用的散热结构与涉案专利不同，不构成侵权。")
         if respondent is not None else None),
    ]
    if spec.stage in ("examination", "hearing_passed", "hearing_ahead", "drafted"):
        steps.append(("examination", lambda: patent.begin_examination(case, adj1, day(18))))
    if spec.stage == "hearing_passed":
        hearing = _morning(now - timedelta(days=1))
        steps.append(("hearing_passed", lambda: patent.schedule_hearing(
            case, adj1, now - timedelta(days=14), hearing, "中心第一审理庭")))
    if spec.stage == "hearing_ahead":
        hearing = _morning(now + timedelta(days=7))
        steps.append(("hearing_ahead", lambda: patent.schedule_hearing(
            case, adj1, now - timedelta(days=1), hearing, "中心第二审理庭")))
    if spec.stage == "drafted":
        steps.append(("drafted", lambda: patent.draft_decision(
            case, adj1, now - timedelta(days=2), patent.DecisionData(
                findings="被诉产品的技术特征与涉案专利权利要求1的全部技术特征相同。",
                basis="《中华人民共和国专利法》第十一条、第六十五条", infringement=True,
                stop_acts="制造、销售、许诺销售", stop_object=f"被诉“{spec.title}”产品",
                stop_scope="全部库存及线上在售链接"))))
    for name, step in steps:
        step()
        db.session.flush()
        if name == spec.stage:
            break


def _morning(moment: datetime) -> datetime:
    """9:30 in Beijing on ``moment``'s day, moved off a weekend to the Monday."""
    local = moment.astimezone(CHINA).replace(hour=9, minute=30, second=0, microsecond=0)
    while local.weekday() >= 5:
        local += timedelta(days=1)
    return local


def _walk_trademark(spec: DemoCase, now: datetime) -> None:
    start = now - timedelta(days=spec.days_ago)

    def day(n: float) -> datetime:
        return start + timedelta(days=n)

    filer, enf1, enf2 = (_user(u) for u in (spec.filer, "enf1", "enf2"))
    director = _user("director")
    party_org = _org(spec.respondent)
    holder = filer.organisation.name
    case = trademark.file_complaint(trademark.ComplaintData(
        marks=[trademark.MarkData(spec.number, 11, holder, spec.title)],
        party=_party(party_org),
        facts=f"当事人在古镇灯饰城销售标有“{spec.title}”商标的吸顶灯，"
              "该商品并非权利人生产或授权生产。"), filer, day(0), spec.token)
    matters.attach(case, "evidence", io.BytesIO(_pdf(spec.token)), "购买凭证及商品照片.pdf",
                   filer, day(0))
    steps: list[tuple[str, Callable]] = [
        ("clue", lambda: trademark.submit(case, filer, day(0))),
        ("verifying", lambda: trademark.verify(case, enf1, day(1))),
        ("investigating", lambda: (
            trademark.assign_officers(case, enf1, day(1), [enf1.id, enf2.id], enf1.id),
            trademark.open_case(case, enf1, day(2)))),
        ("prior_notice", lambda: (
            trademark.record_findings(case, enf1, day(10), trademark.FindingsData(
                findings="经查，当事人销售侵犯注册商标专用权的吸顶灯120盏。", conduct="sell",
                turnover="60000", gains="20000")),
            trademark.propose_penalty(case, enf1, day(10), "100000", "8000"),
            trademark.close_investigation(case, enf1, day(11)),
            trademark.complete_review(case, director, day(14),
                                      "事实清楚，证据确凿，适用法律正确，程序合法。"))),
    ]
    for name, step in steps:
        step()
        db.session.flush()
        if name == spec.stage:
            break


WALKS = {"patent": _walk_patent, "trademark": _walk_trademark}


def seed(now: datetime) -> None:
    """The demo cases that are missing, each walked to its stage; flushes, never commits."""
    if db.session.execute(sa.select(User.id).filter_by(username="adj1")).first() is None:
        return  # the centre's demo users are not there (a database seeded otherwise)
    for spec in DEMO_CASES:
        if db.session.execute(sa.select(Case.id).filter_by(client_token=spec.token)).first():
            continue
        WALKS[spec.kind](spec, now)
