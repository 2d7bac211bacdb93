"""The patent-adjudication kind's contract (see ``contract.Contract``)."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta

from ipcenter import matters
from ipcenter.cases.patent import services
from ipcenter.cases.patent.kind import SPEC
from ipcenter.cases.patent.services import DecisionData
from ipcenter.cases.patent.workflow import Facts
from ipcenter.core.clock import local_date
from tests.cases.conftest import PDF, at, filing
from tests.matters.contract import Contract, Walk


def filed(people):
    """A complaint with its proof of right, still a draft."""
    case = services.file_complaint(filing(people), people.requester, at(0), uuid.uuid4().hex)
    matters.attach(case, "proof_of_right", io.BytesIO(PDF), "专利证书.pdf", people.requester,
                   at(0))
    return case


def _accept(case, people):
    j1, j2, j3 = people.judges[:3]
    services.accept(case, j1, at(1), dict.fromkeys(services.CHECKLIST, True))
    services.assign_panel(case, people.director, at(1), [j1.id, j2.id, j3.id], j1.id)


def with_panel(people):
    """Accepted, its panel formed (judges 1–3, the first presiding); the fourth stays out."""
    case = filed(people)
    services.submit(case, people.requester, at(0))
    _accept(case, people)
    return case


def passing_facts(case, now):
    today = local_date(now)
    return Facts(today=today, has_respondent=True, has_patent=True, has_claim=True,
                 has_proof_of_right=True, checklist_complete=True, reason="理由",
                 panel_size=3, panel_has_presiding=True, answered=True,
                 hearing_on=today + timedelta(days=10), earliest_hearing=today,
                 has_hearing_record=True, has_invalidation_notice=True, decision_complete=True,
                 suit_window_end=today - timedelta(days=1), stop_ordered=True,
                 enforcement_window_over=True)


DECISION = DecisionData(
    findings="被诉产品落入权利要求1的保护范围。", basis="专利法第十一条、第六十五条",
    infringement=True, stop_acts="制造、销售、许诺销售", stop_object="MY-2026型吸顶灯",
    stop_scope="全部库存及线上在售链接", articles=("11.1", "64.1"))

MAIN = Walk(filed, [
    ("submit", lambda c, p: services.submit(c, p.requester, at(0))),
    ("accept", _accept),
    ("serve", lambda c, p: services.serve(c, p.judges[0], at(2))),
    ("answer", lambda c, p: services.answer(c, p.respondent, at(5), "不构成侵权。")),
    ("begin_examination", lambda c, p: services.begin_examination(c, p.judges[0], at(6))),
    ("draft_decision", lambda c, p: services.draft_decision(c, p.judges[0], at(30), DECISION)),
    ("approve_decision", lambda c, p: services.approve_decision(c, p.director, at(31))),
    ("serve_decision", lambda c, p: services.serve_decision(c, p.judges[0], at(32))),
    ("finalize", lambda c, p: services.finalize(c, p.judges[0], at(50))),
    ("record_compliance", lambda c, p: services.record_compliance(
        c, p.judges[0], at(51), "现场检查：已停止销售，库存已销毁。")),
    ("close", lambda c, p: services.close(c, p.judges[0], at(51))),
])
# Withdrawn while its clocks run: the matter's end cancels them.
WITHDRAWN = Walk(filed, [
    ("submit", lambda c, p: services.submit(c, p.requester, at(0))),
    ("accept", _accept),
    ("withdraw", lambda c, p: services.withdraw(c, p.requester, at(3), "已和解")),
])

CONTRACT = Contract(
    matter=with_panel, passing_facts=passing_facts, walks=(MAIN, WITHDRAWN),
    clocks={"accept": ("submit", "accept"), "serve": ("accept", "serve"),
            "answer": ("serve", "answer"), "decision": ("accept", "approve_decision"),
            "suit": ("serve_decision", "finalize"),
            "enforcement": ("finalize", "record_compliance")},
    templates=SPEC.documents.TEMPLATES,
    more_matters=(filed,))
