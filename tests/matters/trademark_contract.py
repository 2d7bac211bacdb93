"""The trademark-enforcement kind's contract (see ``contract.Contract``)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from ipcenter.cases.trademark import services as tm
from ipcenter.cases.trademark.kind import SPEC
from ipcenter.cases.trademark.workflow import TFacts
from ipcenter.core.clock import local_date
from ipcenter.matters import PartyData
from tests.cases.conftest import at
from tests.matters.contract import Contract, Walk

# The findings a decision needs: a similar mark (ordinary infringement, never referred),
# the days of the acts, the party's address.
ACTS = {"mark_identity": "similar", "first_act_on": date(2026, 1, 5),
        "last_act_on": date(2026, 2, 20), "party_address": "广东省中山市古镇镇灯饰城A区18号"}


def complaint(people):
    return tm.ComplaintData(
        marks=[tm.MarkData("12345678", 11, people.requester.organisation.name, "华辉")],
        party=PartyData(name=people.respondent.organisation.name,
                        organisation_id=people.respondent.organisation_id),
        facts="当事人在古镇灯饰城销售标有“华辉”商标的吸顶灯。")


def filed(people):
    """A rights holder's complaint, still a draft."""
    return tm.file_complaint(complaint(people), people.requester, at(0), uuid.uuid4().hex)


def clue(people):
    """A clue the first officer registered himself (the centre is its filer)."""
    return tm.register_clue(complaint(people), people.officers[0], at(0), uuid.uuid4().hex)


def _officers(case, people):
    first, second = people.officers[:2]
    tm.assign_officers(case, first, at(1), [first.id, second.id], first.id)


def with_officers(people):
    """Verified and two officers assigned (the first leading); the third stays out."""
    case = filed(people)
    tm.submit(case, people.requester, at(0))
    tm.verify(case, people.officers[0], at(1))
    _officers(case, people)
    return case


def passing_facts(case, now):
    today = local_date(now)
    return TFacts(today=today, has_complaint=True, required_uploads=True, officers=2,
                  reason="理由", has_findings=True, review_done=True, hearing_right=True,
                  statement_due=today, statement_received=True,
                  hearing_on=today + timedelta(days=20), earliest_hearing=today,
                  has_hearing_record=True, penalty_valid=True, referral_figures=True,
                  referral_required=True, payment_due=today - timedelta(days=1),
                  paid_in_full=True)


def _start(kind):
    return lambda c, p: tm.start_measure(c, p.officers[0], at(3), kind, "吸顶灯120盏")


def _end(kind):
    def end(case, people):
        (measure,) = [m for m in case.measures if m.kind == kind and m.ended_on is None]
        tm.end_measure(case, people.officers[0], at(5), measure.id, "已处理")
    return end


MAIN = Walk(filed, [
    ("submit", lambda c, p: tm.submit(c, p.requester, at(0))),
    ("verify", lambda c, p: tm.verify(c, p.officers[0], at(1))),
    ("officers", _officers),
    ("file_case", lambda c, p: tm.open_case(c, p.officers[0], at(2))),
    ("preservation", _start("preservation")), ("end_preservation", _end("preservation")),
    ("seizure", _start("seizure")), ("end_seizure", _end("seizure")),
    ("findings", lambda c, p: tm.record_findings(c, p.officers[0], at(10), tm.FindingsData(
        findings="经查，当事人销售侵权吸顶灯120盏。", conduct="sell", turnover="60000",
        gains="20000", **ACTS))),
    ("propose_penalty", lambda c, p: tm.propose_penalty(c, p.officers[0], at(10), "100000",
                                                        "8000")),
    ("close_investigation", lambda c, p: tm.close_investigation(c, p.officers[0], at(11))),
    ("complete_review", lambda c, p: tm.complete_review(c, p.director, at(14),
                                                        "事实清楚，证据确凿，适用法律正确。")),
    ("statement", lambda c, p: tm.record_statement(c, p.respondent, at(15), "无异议。")),
    ("close_statements", lambda c, p: tm.close_statements(c, p.officers[0], at(15))),
    ("decide_penalty", lambda c, p: tm.decide_penalty(c, p.director, at(23))),
    ("serve_decision", lambda c, p: tm.serve_decision(c, p.officers[0], at(24))),
    ("record_payment", lambda c, p: tm.record_payment(c, p.officers[0], at(25), "100000.00",
                                                      local_date(at(25)))),
    ("close", lambda c, p: tm.close(c, p.officers[0], at(26))),
])
REFERRED = Walk(filed, [
    *MAIN.steps[:4],
    ("findings", lambda c, p: tm.record_findings(c, p.officers[0], at(10), tm.FindingsData(
        findings="经查，当事人销售侵权吸顶灯。", conduct="sell", turnover="80000", gains="35000",
        unsold_value="0", **{**ACTS, "mark_identity": "identical"}))),
    ("propose_referral", lambda c, p: tm.propose_referral(c, p.officers[0], at(10),
                                                          "销售金额8万元，达到追诉标准")),
    ("approve_referral", lambda c, p: tm.approve_referral(c, p.director, at(11))),
    ("police_accepted", lambda c, p: tm.police_answer(c, p.officers[0], at(20), True,
                                                      "已立案侦查")),
])

CONTRACT = Contract(
    matter=with_officers, passing_facts=passing_facts, walks=(MAIN, REFERRED),
    clocks={"verify": ("verify", "file_case"), "preservation": ("preservation",
                                                                "end_preservation"),
            "seizure": ("seizure", "end_seizure"),
            "legal_review": ("close_investigation", "complete_review"),
            "statement": ("complete_review", "statement"),
            "decision": ("file_case", "decide_penalty"),
            "referral_decision": ("propose_referral", "approve_referral"),
            "payment": ("serve_decision", "record_payment")},
    templates=SPEC.documents.TEMPLATES,
    more_matters=(filed, clue))
