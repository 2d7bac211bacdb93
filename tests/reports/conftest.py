"""A small year (2026) of cases, time limits, loans, pool postings and pre-examination
requests, written as rows on the real database (the statistics read rows; how the services
write them is their own tests' business), except the pre-examination year, which is made
through its services (``tests.prexam.test_statistics``). Every figure the tests expect is
counted by hand in ``test_figures``'s docstring."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest

from tests.prexam.conftest import crew  # noqa: F401  (the pre-examination year's people)
from tests.prexam.test_statistics import make_year

NOW = datetime(2026, 6, 15, 2, 0, tzinfo=UTC)   # Monday 15 June 2026, 10:00 in Beijing


def at(day: date, hour: int = 10) -> datetime:
    """``hour`` o'clock in Beijing on ``day``."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC) - timedelta(hours=8)


def _patent(db, people, state, accepted=None, closed=None, submitted=True):
    from ipcenter.cases.models import PatentCase

    case = PatentCase(state=state, title="灯饰外观设计专利侵权纠纷", filed_by_id=people.firm.id,
                      filed_by_org_id=people.firm.organisation_id,
                      client_token=uuid.uuid4().hex, created_at=at(date(2025, 11, 1)),
                      submitted_at=at(date(2025, 11, 2)) if submitted else None,
                      accepted_at=accepted, closed_at=closed,
                      patent_number="ZL202030123456.0", patent_kind="design")
    db.session.add(case)
    return case


def _trademark(db, people, state, *, source="complaint", foreign=False, submitted=None,
               accepted=None, closed=None, **money):
    from ipcenter.cases.models import TrademarkCase

    case = TrademarkCase(state=state, title="销售侵犯注册商标专用权商品案",
                         filed_by_id=people.firm.id,
                         filed_by_org_id=people.firm.organisation_id,
                         client_token=uuid.uuid4().hex, created_at=at(date(2025, 11, 1)),
                         submitted_at=submitted or at(date(2025, 11, 2)), accepted_at=accepted,
                         closed_at=closed, source=source, foreign_holder=foreign, **money)
    db.session.add(case)
    return case


def _handler(db, case, user, role="presiding", removed=False):
    from ipcenter.cases.models import CaseHandler

    db.session.add(CaseHandler(case_id=case.id, user_id=user.id, role=role,
                               assigned_at=at(date(2026, 1, 2)),
                               removed_at=at(date(2026, 2, 2)) if removed else None))


def _deadline(db, subject, kind, due, *, closed=None, outcome=None, paused=None):
    from ipcenter.core.models import Deadline

    db.session.add(Deadline(subject_type=subject, subject_id=1, subject_label="测试", kind=kind,
                            title={"decision": "作出处理决定", "accept": "受理审查"}.get(kind, kind),
                            starts_on=date(2026, 1, 5), period="3m", due_on=due,
                            paused_on=paused, created_at=at(date(2026, 1, 5)),
                            closed_at=closed, outcome=outcome))


def _loan(db, people, state, *, approved, disbursed):
    from ipcenter.pledge.models import PledgeApplication

    db.session.add(PledgeApplication(
        kind="pledge", state=state, title="专利权质押贷款", filed_by_id=people.firm.id,
        borrower_org_id=people.firm.organisation_id, bank_org_id=people.bank.id,
        client_token=uuid.uuid4().hex, amount=Decimal(approved), approved_amount=Decimal(approved),
        term_months=12, created_at=at(date(2025, 10, 1)), disbursed_on=disbursed))


def make_world(db, crew, make_org, make_user):  # noqa: F811
    from ipcenter.cases.models import CaseDocument
    from ipcenter.pledge import ledger

    bank = make_org("bank", name="中山农村商业银行股份有限公司")
    people = SimpleNamespace(firm=crew.firm, bank=bank, director=crew.director,
                             a=make_user("adjudicator"), b=make_user("enforcer"),
                             c=make_user("enforcer"))
    d = date
    _patent(db, people, "closed", at(d(2026, 3, 10)), at(d(2026, 6, 1)))
    p2 = _patent(db, people, "examination", at(d(2026, 5, 1)))
    # 1 January 01:00 in Beijing (31 December UTC): 2026; closed 1 January 2027 00:30: not.
    _patent(db, people, "closed", datetime(2025, 12, 31, 17, 0, tzinfo=UTC),
            datetime(2026, 12, 31, 16, 30, tzinfo=UTC))
    _patent(db, people, "submitted")
    _patent(db, people, "rejected", closed=at(d(2026, 4, 1)))
    _patent(db, people, "draft", submitted=False)
    t1 = _trademark(db, people, "tm_closed", foreign=True, submitted=at(d(2026, 2, 1)),
                    accepted=at(d(2026, 2, 10)), closed=at(d(2026, 7, 1)),
                    decision_kind="penalty", decided_on=d(2026, 5, 20),
                    turnover=Decimal("150000.00"), fine=Decimal("200000.00"),
                    confiscated_value=Decimal("12345.67"))
    t2 = _trademark(db, people, "tm_no_penalty", source="inspection",
                    accepted=at(d(2026, 3, 1)), decision_kind="none", decided_on=d(2026, 4, 1),
                    turnover=Decimal("8000.50"))
    t3 = _trademark(db, people, "tm_referred", foreign=True, submitted=at(d(2025, 12, 20)),
                    accepted=at(d(2026, 1, 5)), decision_kind="referral",
                    turnover=Decimal("500000.00"))
    _trademark(db, people, "tm_verifying", submitted=at(d(2026, 8, 1)))
    _trademark(db, people, "tm_paid", accepted=at(d(2025, 11, 1)), decision_kind="penalty",
               decided_on=d(2025, 12, 30), turnover=Decimal("1000.00"),
               fine=Decimal("99999.00"))
    db.session.flush()
    _handler(db, p2, people.a)
    _handler(db, p2, people.c, removed=True)
    _handler(db, t2, people.b)
    _handler(db, t2, people.a, role="member")
    _handler(db, t3, people.a)
    db.session.add(CaseDocument(case_id=t3.id, kind="official", title="涉嫌犯罪案件移送书",
                                template="referral_letter", created_at=at(d(2026, 6, 10))))
    db.session.add(CaseDocument(case_id=t1.id, kind="official", title="行政处罚决定书",
                                template="penalty_decision", created_at=at(d(2026, 5, 20))))

    _deadline(db, "case", "decision", d(2026, 6, 12))                        # overdue
    _deadline(db, "case", "decision", d(2026, 6, 18))                        # due soon
    _deadline(db, "case", "decision", d(2026, 6, 19))                        # later
    _deadline(db, "case", "decision", d(2026, 6, 1), paused=d(2026, 5, 20))  # paused
    _deadline(db, "pledge", "repayment", d(2026, 6, 14))                     # overdue
    _deadline(db, "case", "decision", d(2026, 5, 30), closed=at(d(2026, 5, 10)), outcome="met")
    _deadline(db, "case", "decision", d(2026, 5, 30), closed=at(d(2026, 5, 29)), outcome="met")
    _deadline(db, "case", "decision", d(2026, 5, 30), closed=at(d(2026, 6, 2)), outcome="late")
    _deadline(db, "case", "decision", d(2026, 5, 30), closed=at(d(2026, 5, 3)),
              outcome="cancelled")
    _deadline(db, "case", "decision", d(2025, 12, 1), closed=at(d(2025, 11, 3)), outcome="met")
    _deadline(db, "case", "accept", d(2026, 3, 9), closed=at(d(2026, 3, 9)), outcome="met")

    _loan(db, people, "pl_disbursed", approved="10000000.00", disbursed=d(2026, 3, 1))
    _loan(db, people, "pl_disbursed", approved="5800000.00", disbursed=d(2026, 9, 30))
    _loan(db, people, "pl_repaid", approved="3000000.00", disbursed=d(2025, 12, 31))
    _loan(db, people, "pl_bank_review", approved="2000000.00", disbursed=None)
    db.session.flush()
    ledger.contribute("city", "7000000.00", people.director, at(d(2026, 1, 10)),
                      posted_on=d(2026, 1, 10))
    ledger.post_compensation(None, "540000.00", people.director, at(d(2026, 4, 1)))
    make_year(db, crew)
    db.session.flush()
    return people


@pytest.fixture
def world(db, crew, make_org, make_user):  # noqa: F811
    return make_world(db, crew, make_org, make_user)
