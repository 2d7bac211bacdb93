"""The pledge-financing kind's contract (see ``contract.Contract``): an application filed by
the requester's firm with the cast's bank, valuer and insurer, walked to the pledge's release
and, on the loss path, to compensation and recovery."""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

from ipcenter.core.clock import local_date
from ipcenter.ip import register
from ipcenter.pledge import documents, ledger
from ipcenter.pledge import policy as pledge_policy
from ipcenter.pledge import services as pl
from ipcenter.pledge.models import PledgeApplication
from ipcenter.pledge.rules import parameters
from ipcenter.pledge.workflow import Facts
from tests.cases.conftest import at
from tests.matters.contract import Contract, Walk

CHECKLIST = {"legal_status": True, "valuation": True, "ltv": True, "credit": True,
             "cover": True, "headroom": True}


def filed(people):
    """The requester's application (APPLIED), pledging a utility model its firm holds."""
    firm = people.requester.organisation
    right = register.find_or_register("utility_model", "ZL202020123456.8", title="一种LED吸顶灯",
                                      holder=firm.name, holder_org=firm,
                                      granted_on=date(2021, 3, 2), now=at(0))
    return pl.file_application(pl.FilingData(
        bank_org_id=people.bank.organisation_id, amount="1000000.03", term_months=12,
        use_of_funds="购置灯具生产线（产业化）", right_ids=[right.id],
        valuer_org_id=people.valuer.organisation_id,
        insurer_org_id=people.insurer.organisation_id, established_on=date(2015, 6, 1),
        is_sme=True, use_of_funds_kind="industrialisation"), people.requester, at(0),
        uuid.uuid4().hex)


def taken_up(people):
    """Filed and taken up by the fund manager (its handler)."""
    application = filed(people)
    pl.begin_check(application, people.fund, at(1))
    return application


def passing_facts(application, now):
    today = local_date(now)
    return Facts(today=today, reason="理由", has_rights=True, has_use_of_funds=True,
                 all_rights_valued=True, has_valuation_report=True, checklist_complete=True,
                 has_contracts=True, registration_filed_on=today, has_registration_notice=True,
                 disbursed_on=today, has_schedule=True, all_instalments_paid=True,
                 days_overdue=90, in_arrears=False, default_after_days=90,
                 has_release_notice=True, claim_window_end=today,
                 claim_amount=Decimal("1000000.03"), claim_prepared_by_id=-1,
                 subsidy_prepared_by_id=-1, subsidy_paid_on=today,
                 recovered=Decimal("1.00"))


def _valuation(a, p):
    pl.submit_valuation(a, p.valuer, at(5), "云创评字〔2026〕第018号",
                        {r.right_id: "3000000.00" for r in a.rights})


LENT = [
    ("begin_check", lambda a, p: pl.begin_check(a, p.fund, at(1))),
    ("enrol", lambda a, p: pl.enrol(a, p.fund, at(2))),
    ("submit_valuation", _valuation),
    ("accept_cover", lambda a, p: pl.accept_cover(a, p.insurer, at(7))),
    # The pool's money, so that the approval has headroom (10 × the balance).
    ("contribute", lambda a, p: ledger.contribute("central", "40000000.00", p.fund, at(8))),
    ("approve", lambda a, p: pl.approve(a, p.bank, at(12), amount="1000000.03", rate="0.0385",
                                        term_months=12, checklist=CHECKLIST)),
    ("sign_contracts", lambda a, p: pl.sign_contracts(a, p.bank, at(14), "借字2026-018；质字2026-018",
                                                      local_date(at(14)))),
    ("file_registration", lambda a, p: pl.file_registration(a, p.bank, at(15),
                                                            local_date(at(15)))),
    ("record_registration", lambda a, p: pl.record_registration(
        a, p.bank, at(17), "Y2026980001234", local_date(at(17)))),
    ("disburse", lambda a, p: pl.disburse(a, p.bank, at(18), local_date(at(18)))),
    ("begin_monitoring", lambda a, p: pl.record_schedule(a, p.bank, at(18), [
        (local_date(at(48)), "500000.02", "3208.33"),
        (local_date(at(78)), "500000.01", "1604.17")])),
]
MAIN = Walk(filed, [
    *LENT,
    ("record_payment", lambda a, p: pl.record_payment(a, p.bank, at(48), 1, local_date(at(48)))),
    ("record_payment", lambda a, p: pl.record_payment(a, p.bank, at(78), 2, local_date(at(78)))),
    ("record_repaid", lambda a, p: pl.record_repaid(a, p.bank, at(79))),
    ("release_pledge", lambda a, p: pl.release_pledge(a, p.bank, at(80), local_date(at(80)))),
])
LOSS = Walk(filed, [
    *LENT,
    ("mark_overdue", lambda a, p: pl.mark_overdue(a, p.bank, at(55))),
    ("declare_default", lambda a, p: pl.declare_default(a, p.bank, at(48 + 90))),
    ("file_claim", lambda a, p: pl.file_claim(a, p.bank, at(140), "1000000.03")),
    ("approve_compensation", lambda a, p: pl.approve_compensation(a, p.director, at(145))),
    ("pay_compensation", lambda a, p: pl.pay_compensation(a, p.fund, at(146))),
    ("begin_recovery", lambda a, p: pl.begin_recovery(a, p.bank, at(150))),
    ("record_recovery", lambda a, p: pl.record_recovery(a, p.fund, at(200),
                                                                  recovered="100000.00")),
    ("close_recovery", lambda a, p: pl.close_recovery(a, p.fund, at(201))),
])


@contextmanager
def _subsidies_offered():
    """The subsidy figures in force for one step (off by default), restored after it."""
    saved = dict(parameters.FIGURES)
    for name, value in (("interest_subsidy_share", Decimal("0.5")),
                        ("interest_subsidy_yearly_cap", Decimal("360000.00")),
                        ("valuation_subsidy_share", Decimal("0.5")),
                        ("valuation_subsidy_cap", Decimal("60000.00"))):
        parameters.FIGURES[name] = saved[name] + (parameters.Figure(
            value, date(2026, 1, 1), "中心参数：贴息及评估费补贴（合同测试）", parameters.CENTRE),)
    try:
        yield
    finally:
        parameters.FIGURES.update(saved)


def _claim_subsidy(a, p):
    with _subsidies_offered():
        pl.claim_subsidy(a, p.requester, at(81), "20000.00", "No.1")


SUBSIDY = Walk(filed, [
    *MAIN.steps,
    ("claim_subsidy", _claim_subsidy),
    ("prepare_subsidy", lambda a, p: pl.prepare_subsidy(a, p.fund, at(82))),
    ("approve_subsidy", lambda a, p: pl.approve_subsidy(a, p.director, at(83))),
    ("pay_subsidy", lambda a, p: pl.pay_subsidy(a, p.fund, at(84), local_date(at(84)))),
])

CONTRACT = Contract(
    matter=taken_up, passing_facts=passing_facts, walks=(MAIN, LOSS, SUBSIDY),
    clocks={"bank_review": ("accept_cover", "approve"),
            "registration": ("file_registration", "record_registration"),
            "claim": ("declare_default", "file_claim"),
            "subsidy_review": ("claim_subsidy", "prepare_subsidy")},
    templates=documents.TEMPLATES, act="pledge.act", model=PledgeApplication, view="pledge.view",
    document_view="pledge.document", principals=pledge_policy.application_principals,
    document_principals=pledge_policy.document_principals,
    visible=pledge_policy.visible_applications, upload="pledge.upload")

