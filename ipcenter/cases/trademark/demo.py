"""A trademark case's demo cases (``ipcenter.cases.demo`` walks them): a clue to verify, one
being verified, an investigation, an advance notice the party is to answer."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime, timedelta

from ipcenter import matters
from ipcenter.cases.demo import DemoCase, org, party, pdf, user
from ipcenter.cases.trademark import services as trademark
from ipcenter.core.clock import local_date
from ipcenter.core.db import db

STAGES = ("clue", "verifying", "investigating", "prior_notice")

DEMO_CASES = [
    DemoCase("demo-case-t1", "clue", 2, "firm1", "xinghe", "华辉", "12345678"),
    DemoCase("demo-case-t2", "verifying", 6, "firm2", "xinghe", "明耀", "23456789"),
    DemoCase("demo-case-t3", "investigating", 15, "firm1", "mingyao", "华辉",
             "12345678"),
    DemoCase("demo-case-t4", "prior_notice", 30, "firm1", "mingyao", "华辉",
             "12345678"),
]


def walk(spec: DemoCase, now: datetime) -> None:
    start = now - timedelta(days=spec.days_ago)

    def day(n: float) -> datetime:
        return start + timedelta(days=n)

    filer, enf1, enf2 = (user(u) for u in (spec.filer, "enf1", "enf2"))
    director = user("director")
    party_org = org(spec.respondent)
    holder = filer.organisation.name
    case = trademark.file_complaint(trademark.ComplaintData(
        marks=[trademark.MarkData(spec.number, 11, holder, spec.title)],
        party=party(party_org),
        facts=f"当事人在古镇灯饰城销售标有“{spec.title}”商标的吸顶灯，"
              "该商品并非权利人生产或授权生产。"), filer, day(0), spec.token)
    matters.attach(case, "evidence", io.BytesIO(pdf(spec.token)), "购买凭证及商品照片.pdf",
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
                turnover="60000", gains="20000", mark_identity="similar",
                first_act_on=local_date(day(-60)), last_act_on=local_date(day(-5)),
                party_address="广东省中山市古镇镇同益路8号")),
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
