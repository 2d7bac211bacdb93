"""The pledge services apply the rules of ``pledge.rules`` on real rows: the collateral checks
refuse a filing, the eligibility criteria refuse enrolment (the director's exception aside),
loan-to-value, the per-firm cap and the pool's headroom refuse an approval, disbursement writes
the schedule, the overdue scan marks loans in batches, the claim computes the loss and its
split, the director's approval posts the pool's share and recoveries go back pro rata. Each
refusal is in Chinese and writes nothing."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from ipcenter.core.errors import InvalidInput, InvalidTransition
from ipcenter.core.models import AuditEvent
from ipcenter.pledge import ledger
from ipcenter.pledge import services as pl
from ipcenter.pledge.models import Instalment, PledgeApplication
from ipcenter.pledge.rules.reasons import Refused
from ipcenter.pledge.workflow import S
from tests.pledge import journeys as j
from tests.pledge.conftest import NOW, held_right


@pytest.fixture
def zh(app):
    with app.test_request_context():
        yield


def _count(db, model=PledgeApplication):
    return db.session.execute(sa.select(sa.func.count(model.id))).scalar()


def _has_chinese(text) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in str(text))


def _walk(application, steps, db):
    for _ in j.walk(application, steps, db):
        pass
    return application


# ------------------------------------------------------------------------------ filing

def test_a_right_not_held_by_the_borrower_is_refused_and_nothing_is_written(db, crew, zh,
                                                                           make_org):
    stranger = make_org("firm", name="中山市星光照明电器有限公司")
    right = held_right(db, stranger, j.patent_number(7))
    with pytest.raises(Refused) as refused:
        pl.file_application(j.filing(crew, [right.id]), crew.firm, NOW, uuid.uuid4().hex)
    assert refused.value.codes == ("not_holder",)
    assert "不是" in str(refused.value.message) and right.number in str(refused.value.message)
    assert _count(db) == 0


def test_a_term_longer_than_the_right_is_refused(db, crew, zh):
    right = held_right(db, crew.firm_org, j.patent_number(8))   # filed 2020: ends 2029-12-31
    with pytest.raises(Refused) as refused:
        pl.file_application(j.filing(crew, [right.id], term_months=48), crew.firm, NOW,
                            uuid.uuid4().hex)
    assert refused.value.codes == ("outlasts_right",)
    assert "2029-12-31" in str(refused.value.message) and _has_chinese(refused.value.message)
    # 44 months (to 2029-12-01) is within the right's life
    pl.file_application(j.filing(crew, [right.id], term_months=44), crew.firm, NOW,
                        uuid.uuid4().hex)
    assert _count(db) == 1


def test_the_same_right_pledged_twice_is_refused(db, crew, zh):
    right = held_right(db, crew.firm_org, j.patent_number(9))
    with pytest.raises(Refused) as twice:
        pl.file_application(j.filing(crew, [right.id, right.id]), crew.firm, NOW,
                            uuid.uuid4().hex)
    assert twice.value.codes == ("named_twice",)
    pl.file_application(j.filing(crew, [right.id]), crew.firm, NOW, uuid.uuid4().hex)
    with pytest.raises(Refused) as again:   # in another application not ended
        pl.file_application(j.filing(crew, [right.id]), crew.firm, NOW, uuid.uuid4().hex)
    assert again.value.codes == ("already_pledged",) and _has_chinese(again.value.message)
    assert _count(db) == 1


@pytest.mark.parametrize("bad", [{"amount": "10000000.01"}, {"amount": "1.001"},
                                 {"amount": "-1"}, {"term_months": True},
                                 {"repayment_method": "whenever"},
                                 {"established_on": date(2027, 1, 1)},
                                 {"established_on": "2015-06-01"}])
def test_bad_figures_are_refused_in_chinese_with_nothing_written(db, crew, zh, bad):
    right = held_right(db, crew.firm_org, j.patent_number(10))
    with pytest.raises(InvalidInput) as refused:
        pl.file_application(j.filing(crew, [right.id], **bad), crew.firm, NOW, uuid.uuid4().hex)
    assert _has_chinese(refused.value.message)
    assert _count(db) == 0


# ------------------------------------------------------------------------------ enrolment

def test_a_firm_failing_a_criterion_is_not_enrolled_but_the_director_may_by_exception(
        db, crew, zh):
    application = j.file(crew, db, established_on=date(2025, 6, 1), is_sme=False)
    pl.begin_check(application, crew.fund, j.at(1))
    with pytest.raises(InvalidTransition) as refused:
        pl.enrol(application, crew.fund, j.at(2))
    text = str(refused.value)
    assert "中小企业" in text and "2025-06-01" in text   # both criteria named
    assert application.state == S.ELIGIBILITY_CHECK and application.enrolled_at is None
    with pytest.raises(InvalidTransition):   # an exception needs reasons
        pl.enrol_by_exception(application, crew.director, j.at(3), " ")
    pl.enrol_by_exception(application, crew.director, j.at(3), "高校专利转化项目，主任特批")
    assert application.state == S.VALUATION and application.enrolled_at is not None


def test_a_firm_with_no_founding_day_cannot_be_enrolled(db, crew, zh):
    application = j.file(crew, db, established_on=None)
    pl.begin_check(application, crew.fund, j.at(1))
    with pytest.raises(InvalidTransition, match="成立日期"):
        pl.enrol(application, crew.fund, j.at(2))


# ------------------------------------------------------------------------------ approval

def _at_review(crew, db, n=1, **changes):
    application = j.file(crew, db, n, **changes)
    return _walk(application, j.to_review(crew), db)


def _approve(crew, application, amount):
    pl.approve(application, crew.bank, j.at(12), amount=amount, rate="0.0385", term_months=12,
               checklist=j.CHECKLIST)


def test_approval_within_the_loan_to_value_only(db, crew, zh):
    j.fund_the_pool(crew)
    application = _at_review(crew, db)     # valued 3,000,000.00; utility model: 40%
    with pytest.raises(InvalidTransition) as refused:
        _approve(crew, application, "1200000.01")
    assert "1,200,000.00" in str(refused.value) and application.state == S.BANK_REVIEW
    assert application.approved_amount is None
    _approve(crew, application, "1200000.00")
    assert application.state == S.APPROVED


def test_the_per_firm_cap_counts_the_firms_other_open_loans(db, crew, zh):
    j.fund_the_pool(crew)
    first = _at_review(crew, db, 1)
    for pledged in first.rights:
        pledged.valuation = Decimal("30000000.00")
    _approve(crew, first, "9000000.00")
    second = _at_review(crew, db, 2)
    with pytest.raises(InvalidTransition) as refused:
        _approve(crew, second, "1000000.01")
    assert "10,000,000.01" in str(refused.value)
    _approve(crew, second, "1000000.00")   # exactly the cap passes
    assert second.state == S.APPROVED


def test_the_pools_headroom_at_exactly_ten_times_its_balance(db, crew, zh):
    ledger.contribute("city", "100000.00", crew.fund, NOW)    # capacity 1,000,000.00
    application = _at_review(crew, db)
    with pytest.raises(InvalidTransition) as refused:
        _approve(crew, application, "1000000.01")
    text = str(refused.value)
    assert "1,000,000.01" in text and "100,000.00" in text and "10" in text
    _approve(crew, application, "1000000.00")
    assert application.state == S.APPROVED


def test_approval_needs_the_checklist_and_sound_figures(db, crew, zh):
    j.fund_the_pool(crew)
    application = _at_review(crew, db)
    with pytest.raises(InvalidTransition):
        pl.approve(application, crew.bank, j.at(12), amount="1000000.00", rate="0.0385",
                   term_months=12, checklist={**j.CHECKLIST, "credit": False})
    with pytest.raises(InvalidTransition):
        pl.approve(application, crew.bank, j.at(12), amount="1000000.00", rate="3.85",
                   term_months=12, checklist=j.CHECKLIST)
    assert application.state == S.BANK_REVIEW and application.checklist == {}


# ------------------------------------------------------------------------------ money

def test_disbursement_writes_the_schedule_to_the_fen(db, crew):
    j.fund_the_pool(crew)
    application = _walk(j.file(crew, db), j.lent(crew), db)
    rows = db.session.execute(sa.select(Instalment).where(
        Instalment.application_id == application.id).order_by(Instalment.seq)).scalars().all()
    assert len(rows) == 12 and application.state == S.MONITORING
    assert sum(r.principal for r in rows) == Decimal("1000000.03")
    assert rows[0].due_on == j.day(18).replace(month=j.day(18).month + 1)
    assert application.maturity_on == rows[-1].due_on


def test_a_schedule_the_bank_enters_must_add_up_to_the_loan(db, crew, zh):
    j.fund_the_pool(crew)
    application = _walk(j.file(crew, db), j.lent(crew)[:-1], db)
    with pytest.raises(InvalidInput, match="合计"):
        pl.record_schedule(application, crew.bank, j.at(18), [(j.day(48), "1000000.00", "0")])
    assert application.state == S.DISBURSED and len(application.instalments) == 12
    pl.record_schedule(application, crew.bank, j.at(18), [
        (j.day(48), "500000.02", "3208.33"), (j.day(78), "500000.01", "1604.17")])
    assert application.state == S.MONITORING and len(application.instalments) == 2


def test_the_overdue_scan_marks_in_batches_and_never_twice(db, crew):
    j.fund_the_pool(crew)
    loans = [_walk(j.file(crew, db, n), j.lent(crew, amount="300000.00"), db)
             for n in (1, 2, 3)]
    pl.record_payment(loans[2], crew.bank, j.at(48), 1, j.day(48))   # the third pays on time
    before = j.day(48)   # the first instalments fall due on day 48: none late yet
    assert pl.scan_overdue(before, j.at(48)).marked == 0
    scan = pl.scan_overdue(j.day(50), j.at(50), batch_size=1)
    assert scan.marked == 2 and scan.batches == 2   # two batches of one loan each
    assert [a.state for a in loans] == [S.OVERDUE, S.OVERDUE, S.MONITORING]
    assert loans[0].overdue_since == loans[0].instalments[0].due_on
    assert pl.scan_overdue(j.day(51), j.at(51)).marked == 0
    rows = db.session.execute(sa.select(sa.func.count(AuditEvent.seq)).where(
        AuditEvent.action == "pledge.mark_overdue")).scalar()
    assert rows == 2


def test_a_default_only_after_the_parameters_days(db, crew, zh):
    j.fund_the_pool(crew)
    application = _walk(j.file(crew, db), j.lent(crew), db)
    pl.scan_overdue(j.day(50), j.at(50))
    due = application.instalments[0].due_on
    with pytest.raises(InvalidTransition, match="90"):
        pl.declare_default(application, crew.bank, j.at((due - j.day(0)).days + 89))
    pl.declare_default(application, crew.bank, j.at((due - j.day(0)).days + 90))
    assert application.state == S.DEFAULT


# ------------------------------------------------------------------------------ the loss

def _defaulted(crew, db):
    j.fund_the_pool(crew)
    application = _walk(j.file(crew, db), j.lent(crew), db)
    steps = dict(j.defaulted(crew))
    for name in ("scan_overdue", "declare_default"):
        steps[name](application)
    return application


def test_the_claim_computes_the_loss_and_its_split_to_the_fen(db, crew, zh):
    application = _defaulted(crew, db)
    with pytest.raises(InvalidInput, match="不符"):
        pl.file_claim(application, crew.bank, j.at(141), "999999.99")
    assert application.state == S.DEFAULT and application.loss_split == {}
    pl.file_claim(application, crew.bank, j.at(141))
    split = application.loss_split
    assert application.claim_amount == Decimal("1000000.03") == Decimal(split["loss"])
    parts = {p: Decimal(split[p]) for p in ("pool", "bank", "insurer", "valuer")}
    assert sum(parts.values()) == Decimal("1000000.03")
    assert parts["pool"] == Decimal("540000.02") and parts["valuer"] == Decimal("40000.00")


def test_the_preparer_never_approves_and_the_pool_pays_on_approval(db, crew, zh):
    application = _defaulted(crew, db)
    pl.file_claim(application, crew.bank, j.at(141))
    application.claim_prepared_by_id = crew.director.id   # as if the director had prepared it
    balance = ledger.balance()
    with pytest.raises(InvalidTransition, match="不得|不能"):
        pl.approve_compensation(application, crew.director, j.at(145))
    assert ledger.balance() == balance and application.state == S.COMPENSATION_CLAIMED
    pl.approve_compensation(application, crew.director2, j.at(145))
    assert application.state == S.COMPENSATION_APPROVED
    assert ledger.compensated(application.id) == Decimal("540000.02")
    assert ledger.balance() == balance - Decimal("540000.02")
    pl.pay_compensation(application, crew.fund, j.at(146))   # no second posting
    assert ledger.compensated(application.id) == Decimal("540000.02")


def test_an_empty_pool_refuses_the_approval_with_its_figures(db, crew, zh):
    application = _defaulted(crew, db)
    pl.file_claim(application, crew.bank, j.at(141))
    ledger.post_compensation(None, ledger.balance(), crew.fund, j.at(142))  # drained
    with pytest.raises(InvalidTransition) as refused:
        pl.approve_compensation(application, crew.director, j.at(145))
    assert "0.00" in str(refused.value) and application.state == S.COMPENSATION_CLAIMED
    assert ledger.compensated(application.id) == Decimal("0.00")


def test_a_pool_short_of_its_share_pays_its_balance_and_the_rest_stays_with_the_bank(db, crew):
    application = _defaulted(crew, db)
    pl.file_claim(application, crew.bank, j.at(141))
    left = Decimal("100000.00")
    ledger.post_compensation(None, ledger.balance() - left, crew.fund, j.at(142))
    pl.approve_compensation(application, crew.director, j.at(145))
    split = application.loss_split
    assert Decimal(split["pool"]) == left and ledger.balance() == Decimal("0.00")
    assert Decimal(split["uncovered"]) == Decimal("440000.02")
    assert sum(Decimal(v) for v in split["borne"].values()) == Decimal("1000000.03")


def test_recoveries_go_back_pro_rata_and_the_pools_part_is_posted(db, crew, zh):
    application = _defaulted(crew, db)
    steps = dict(j.defaulted(crew))
    for name in ("file_claim", "approve_compensation", "pay_compensation", "begin_recovery"):
        steps[name](application)
    balance = ledger.balance()
    parts = pl.record_recovery(application, crew.fund, j.at(200), recovered="100000.03")
    assert sum(parts.values()) == Decimal("100000.03")
    assert parts["pool"] == Decimal("54000.02") and parts["valuer"] == Decimal("4000.00")
    assert ledger.balance() == balance + parts["pool"]
    assert ledger.recovered(application.id) == parts["pool"]
    with pytest.raises(InvalidInput):   # more than is still borne
        pl.record_recovery(application, crew.fund, j.at(201), recovered="900000.01")
    assert ledger.recovered(application.id) == parts["pool"]
    pl.close_recovery(application, crew.fund, j.at(202))
    assert application.state == S.RECOVERED_IN_PART


def test_each_service_fires_one_event_with_one_audit_row(db, crew):
    j.fund_the_pool(crew)
    application = j.file(crew, db)
    for name, step in j.repaid(crew):
        before = db.session.execute(sa.select(sa.func.count(AuditEvent.seq)).where(
            AuditEvent.object_type == "pledge", AuditEvent.object_id == str(application.id),
            AuditEvent.action.like("pledge.%"), AuditEvent.action != "pledge.payment")
        ).scalar()
        step(application)
        db.session.flush()
        after = db.session.execute(sa.select(sa.func.count(AuditEvent.seq)).where(
            AuditEvent.object_type == "pledge", AuditEvent.object_id == str(application.id),
            AuditEvent.action.like("pledge.%"), AuditEvent.action != "pledge.payment")
        ).scalar()
        assert after - before == (0 if name == "payments" else 1), name
    assert application.state == S.PLEDGE_RELEASED


def test_every_message_of_the_services_has_its_chinese_text():
    from pathlib import Path

    from babel.messages.extract import extract_from_file
    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parents[2]
    with (root / "translations" / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalogue = read_po(f)
    found = [message for name in ("services", "policy", "search", "workflow", "ledger")
             for _line, message, _c, _x in extract_from_file(
                 "python", str(root / "ipcenter" / "pledge" / f"{name}.py"),
                 keywords={"_l": None})]
    assert len(found) > 40
    missing = [m for m in found if not (catalogue.get(m) and catalogue.get(m).string)]
    assert not missing, missing


def test_no_refusal_is_taken_away_by_the_caller(db, crew):
    application = j.file(crew, db, established_on=date(2025, 12, 1))
    pl.begin_check(application, crew.fund, j.at(1))
    with pytest.raises(InvalidTransition):
        pl.enrol(application, crew.fund, j.at(2), eligibility_refusal=None)
    assert application.state == S.ELIGIBILITY_CHECK


def test_a_claim_before_a_default_is_refused(db, crew):
    j.fund_the_pool(crew)
    application = _walk(j.file(crew, db), j.lent(crew), db)
    with pytest.raises(InvalidTransition):
        pl.file_claim(application, crew.bank, j.at(60))
    assert application.state == S.MONITORING and application.claim_amount is None


def test_a_right_asserted_in_a_case_or_under_invalidation_is_a_warning_not_a_refusal(db, crew):
    from ipcenter.ip import register

    right = held_right(db, crew.firm_org, j.patent_number(11))
    register.record_event(right, "asserted_in_case", j.day(-30), ("case", 41), actor=crew.firm,
                          now=NOW)
    register.record_event(right, "invalidation_requested", j.day(-10), actor=crew.firm, now=NOW)
    application = pl.file_application(j.filing(crew, [right.id]), crew.firm, NOW,
                                      uuid.uuid4().hex)
    warnings = {w["code"] for w in application.eligibility["collateral_warnings"]}
    assert warnings == {"case_pending", "invalidation_pending"}
