"""A patent dispute's demo cases (``ipcenter.cases.demo`` walks them): complaints at every
step a role acts on — to accept, a panel to form, to serve, an answer to file, an answer
received, under examination, a hearing passed and one ahead, a draft decision to approve, a
firm's draft."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime, time, timedelta

import sqlalchemy as sa

from ipcenter import matters
from ipcenter.auth.models import User
from ipcenter.cases.demo import DemoCase, morning, org, party, pdf, user
from ipcenter.cases.patent import services as patent
from ipcenter.core import timelimits
from ipcenter.core.clock import CHINA
from ipcenter.core.db import db
from ipcenter.ip.numbers import check_character


def _patent_number(digits: str) -> str:
    return f"ZL{digits}.{check_character(digits)}"


def _after_the_answer_period(case, at: datetime) -> datetime:
    """``at``, or the morning after the answer period if that ends later (a period whose last
    day falls on a holiday — the Spring Festival — runs to the next working day)."""
    due = max((row.due_on for row in timelimits.open_for("case", case.id, "answer")),
              default=None)
    if due is None:
        return at
    return max(at, datetime.combine(due + timedelta(days=1), time(10), tzinfo=CHINA))


STAGES = ("draft", "submitted", "accepted", "panel", "served", "answered", "examination",
          "hearing_passed", "hearing_ahead", "drafted")

DEMO_CASES = [
    DemoCase("demo-case-p1", "submitted", 1, "firm1", "mingyao",
             "一种LED吸顶灯散热结构", _patent_number("202020135790")),
    DemoCase("demo-case-p2", "accepted", 4, "firm1", "xinghe",
             "一种可调光筒灯", _patent_number("202120234567")),
    DemoCase("demo-case-p3", "served", 10, "firm1", "mingyao",
             "水晶吊灯（华辉）", _patent_number("202230345678")),
    DemoCase("demo-case-p4", "answered", 20, "firm2", "huahui",
             "一种防眩光射灯", _patent_number("202120456789")),
    DemoCase("demo-case-p5", "hearing_passed", 45, "firm1", "xinghe",
             "一种智能调色温面板灯", _patent_number("202110567890")),
    DemoCase("demo-case-p6", "hearing_ahead", 30, "firm2", "xinghe",
             "一种磁吸轨道灯", _patent_number("202220678901")),
    DemoCase("demo-case-p7", "drafted", 60, "firm1", "mingyao",
             "一种户外防水投光灯", _patent_number("202020789012")),
    DemoCase("demo-case-p8", "draft", 0, "firm1", "xinghe",
             "一种LED灯丝灯泡", _patent_number("202120890123")),
    DemoCase("demo-case-p9", "panel", 3, "firm2", "xinghe",
             "一种无主灯智能照明系统", _patent_number("202210901234")),
    DemoCase("demo-case-p10", "examination", 25, "firm1", "xinghe",
             "一种LED线性洗墙灯", _patent_number("202120012345")),
]


def walk(spec: DemoCase, now: datetime) -> None:
    start = now - timedelta(days=spec.days_ago)

    def day(n: float) -> datetime:
        return start + timedelta(days=n)

    filer, adj1, adj2, adj3 = (user(u) for u in (spec.filer, "adj1", "adj2", "adj3"))
    director = user("director")
    respondent_org = org(spec.respondent)
    respondent = db.session.execute(sa.select(User).filter_by(
        organisation_id=respondent_org.id)).scalars().first()
    case = patent.file_complaint(patent.FilingData(
        patent_number=spec.number, patent_title=spec.title,
        claim="请求责令被请求人立即停止制造、销售、许诺销售侵权产品。",
        facts=f"被请求人在古镇灯饰城及其网店销售的产品落入涉案专利“{spec.title}”"
              "权利要求1的保护范围。",
        respondents=[party(respondent_org)]), filer, day(0), spec.token)
    matters.attach(case, "proof_of_right", io.BytesIO(pdf(spec.number)),
                   "专利证书及年费缴纳凭证.pdf", filer, day(0))
    matters.attach(case, "evidence", io.BytesIO(pdf(spec.token)), "公证购买证据.pdf", filer,
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
        steps.append(("examination", lambda: patent.begin_examination(
            case, adj1, _after_the_answer_period(case, day(18)))))
    if spec.stage == "hearing_passed":
        hearing = morning(now - timedelta(days=1), back=True)
        steps.append(("hearing_passed", lambda: patent.schedule_hearing(
            case, adj1, now - timedelta(days=14), hearing, "中心第一审理庭")))
    if spec.stage == "hearing_ahead":
        hearing = morning(now + timedelta(days=7))
        steps.append(("hearing_ahead", lambda: patent.schedule_hearing(
            case, adj1, now - timedelta(days=1), hearing, "中心第二审理庭")))
    if spec.stage == "drafted":
        steps.append(("drafted", lambda: patent.draft_decision(
            case, adj1, now - timedelta(days=2), patent.DecisionData(
                findings="被诉产品的技术特征与涉案专利权利要求1的全部技术特征相同。",
                basis="《中华人民共和国专利法》第十一条、第六十五条", infringement=True,
                stop_acts="制造、销售、许诺销售", stop_object=f"被诉“{spec.title}”产品",
                stop_scope="全部库存及线上在售链接", articles=("11.1", "64.1")))))
    for name, step in steps:
        step()
        db.session.flush()
        if name == spec.stage:
            break
