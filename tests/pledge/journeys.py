"""Loans taken through the real services (``ipcenter.pledge.services``), step by step, for the
service, policy and search tests: each step is ``(name, fn(application))``; a journey yields the
application after each step so a test can check everything in each state reached."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from ipcenter.ip.numbers import check_character
from ipcenter.pledge import ledger
from ipcenter.pledge import services as pl
from tests.pledge.conftest import NOW, held_right

CHECKLIST = {"legal_status": True, "valuation": True, "ltv": True, "credit": True,
             "cover": True, "headroom": True}


def at(days: float):
    return NOW + timedelta(days=days)


def day(days: float) -> date:
    from ipcenter.core.clock import local_date

    return local_date(at(days))


def patent_number(n: int, kind_digit: str = "2") -> str:
    """A valid number of a patent filed in 2020 (kind digit 1 invention, 2 utility model)."""
    digits = f"2020{kind_digit}{n:07d}"
    return f"ZL{digits}.{check_character(digits)}"


def filing(crew, right_ids, **changes) -> pl.FilingData:
    values = {"bank_org_id": crew.bank_org.id, "amount": "1000000.03", "term_months": 12,
              "use_of_funds": "购置灯具生产线", "right_ids": right_ids,
              "valuer_org_id": crew.valuer_org.id, "insurer_org_id": crew.insurer_org.id,
              "established_on": date(2015, 6, 1), "is_sme": True,
              "use_of_funds_kind": "industrialisation"}
    values.update(changes)
    return pl.FilingData(**values)


def file(crew, db, n: int = 1, **changes):
    right = held_right(db, crew.firm_org, patent_number(n))
    return pl.file_application(filing(crew, [right.id], **changes), crew.firm, NOW,
                               uuid.uuid4().hex)


def fund_the_pool(crew, amount="40000000.00"):
    ledger.contribute("central", amount, crew.fund, NOW)


def to_review(crew):
    return [
        ("begin_check", lambda a: pl.begin_check(a, crew.fund, at(1))),
        ("enrol", lambda a: pl.enrol(a, crew.fund, at(2))),
        ("submit_valuation", lambda a: pl.submit_valuation(
            a, crew.valuer, at(5), "云创评字〔2026〕第018号",
            {r.right_id: "3000000.00" for r in a.rights})),
        ("accept_cover", lambda a: pl.accept_cover(a, crew.insurer, at(7))),
    ]


def lent(crew, amount="1000000.03"):
    return [
        *to_review(crew),
        ("approve", lambda a: pl.approve(a, crew.bank, at(12), amount=amount, rate="0.0385",
                                         term_months=12, checklist=CHECKLIST)),
        ("sign_contracts", lambda a: pl.sign_contracts(a, crew.bank, at(14), "借字018；质字018",
                                                       day(14))),
        ("file_registration", lambda a: pl.file_registration(a, crew.bank, at(15), day(15))),
        ("record_registration", lambda a: pl.record_registration(
            a, crew.bank, at(17), "Y2026980001234", day(17))),
        ("disburse", lambda a: pl.disburse(a, crew.bank, at(18), day(18))),
        ("begin_monitoring", lambda a: pl.record_schedule(a, crew.bank, at(18))),
    ]


def _pay_all(crew, a):
    for instalment in a.instalments:
        pl.record_payment(a, crew.bank, at(400), instalment.seq, instalment.due_on)


def repaid(crew):
    return [*lent(crew),
            ("payments", lambda a: _pay_all(crew, a)),
            ("record_repaid", lambda a: pl.record_repaid(a, crew.bank, at(400))),
            ("release_pledge", lambda a: pl.release_pledge(a, crew.bank, at(401), day(401)))]


def defaulted(crew):
    return [*lent(crew),
            ("scan_overdue", lambda a: pl.scan_overdue(day(50), at(50))),
            ("declare_default", lambda a: pl.declare_default(a, crew.bank, at(48 + 92))),
            ("file_claim", lambda a: pl.file_claim(a, crew.bank, at(141))),
            ("approve_compensation", lambda a: pl.approve_compensation(a, crew.director,
                                                                       at(145))),
            ("pay_compensation", lambda a: pl.pay_compensation(a, crew.fund, at(146))),
            ("begin_recovery", lambda a: pl.begin_recovery(a, crew.bank, at(150))),
            ("record_recovery", lambda a: pl.record_recovery(a, crew.fund, at(200),
                                                             recovered="100000.00")),
            ("close_recovery", lambda a: pl.close_recovery(a, crew.fund, at(201)))]


def declined_at_eligibility(crew):
    return [("begin_check", lambda a: pl.begin_check(a, crew.fund, at(1))),
            ("decline", lambda a: pl.decline(a, crew.fund, at(2), "不符合入池条件"))]


def withdrawn_in_review(crew):
    return [*to_review(crew),
            ("withdraw", lambda a: pl.withdraw(a, crew.firm, at(9), "另行融资"))]


def walk(application, steps, db):
    """Apply ``steps`` one by one, yielding ``(name, application)`` after each (and first
    ``("filed", application)``)."""
    yield "filed", application
    for name, step in steps:
        step(application)
        db.session.flush()
        yield name, application
