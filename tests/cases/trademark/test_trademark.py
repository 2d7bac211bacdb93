"""Trademark enforcement through the services, on real dates."""

import io
import uuid
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from itertools import product

import pytest

from ipcenter.cases.trademark import services as tm
from ipcenter.cases.trademark.workflow import TE, TRADEMARK_FLOW, TS, TFacts
from ipcenter.core import audit, timelimits
from ipcenter.core.errors import Conflict, InvalidInput, InvalidTransition, PermissionDenied
from ipcenter.matters import PartyData
from tests.cases.conftest import PDF

# Monday 2 March 2026, 10:00 in Beijing.
T0 = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)


def at(days):
    return T0 + timedelta(days=days)


def complaint(cast, **kw):
    return tm.ComplaintData(
        marks=[tm.MarkData("12345678", 11, cast.requester.organisation.name, "华辉")],
        party=PartyData(name=cast.respondent.organisation.name,
                        organisation_id=cast.respondent.organisation_id),
        facts="当事人在古镇灯饰城销售标有“华辉”商标的吸顶灯。", **kw)


def to_investigation(cast, officers):
    case = tm.file_complaint(complaint(cast), cast.requester, at(0), uuid.uuid4().hex)
    tm.submit(case, cast.requester, at(0))
    tm.verify(case, officers[0], at(1))
    tm.assign_officers(case, officers[0], at(1), [officers[0].id, officers[1].id], officers[0].id)
    tm.open_case(case, officers[0], at(2))
    return case


def findings(turnover="60000", gains="20000", conduct="sell", **kw):
    # By default a similar mark (ordinary infringement, 商标法 Art. 57(2)/(3)): the tests of
    # the criminal thresholds say "identical" themselves.
    kw = {"mark_identity": "similar", "first_act_on": date(2026, 1, 5),
          "last_act_on": date(2026, 2, 20), "party_address": "广东省中山市古镇镇灯饰城A区18号",
          **kw}
    return tm.FindingsData(findings="经查，当事人销售侵权吸顶灯120盏。", conduct=conduct,
                           turnover=turnover, gains=gains, **kw)


def to_prior_notice(db, cast, officers, fine="100000"):
    case = to_investigation(cast, officers)
    tm.record_findings(case, officers[0], at(10), findings())
    tm.propose_penalty(case, officers[0], at(10), fine, "8000")
    tm.close_investigation(case, officers[0], at(11))
    tm.complete_review(case, cast.director, at(14), "事实清楚，证据确凿，适用法律正确。")
    return case


def test_intake_verification_and_filing(db, cast, officers):
    case = tm.file_complaint(complaint(cast), cast.requester, at(0), uuid.uuid4().hex)
    assert case.state == TS.DRAFT
    tm.submit(case, cast.requester, at(0))
    tm.verify(case, officers[0], at(1))
    (verify,) = timelimits.open_for("case", case.id, "verify")
    # Verification from Tuesday 3 March: 15 working days → Tuesday 24 March.
    assert verify.due_on == date(2026, 3, 24)
    with pytest.raises(InvalidTransition):
        tm.open_case(case, officers[0], at(2))  # one officer is not enough
    with pytest.raises(InvalidInput):
        tm.assign_officers(case, officers[0], at(1), [officers[0].id], officers[0].id)
    tm.assign_officers(case, officers[0], at(1), [officers[0].id, officers[1].id], officers[0].id)
    tm.open_case(case, officers[0], at(2))
    assert case.state == TS.INVESTIGATING and case.number.startswith("中市监商立字〔2026〕")
    (decision,) = timelimits.open_for("case", case.id, "decision")
    # 90 days from Wednesday 4 March 2026 → 2 June 2026.
    assert decision.due_on == date(2026, 6, 2)


def test_foreign_holder_needs_the_three_uploads(db, cast, officers):
    case = tm.file_complaint(complaint(cast, foreign_holder=True), cast.requester, at(0),
                             uuid.uuid4().hex)
    with pytest.raises(InvalidTransition) as info:
        tm.submit(case, cast.requester, at(0))
    assert "授权委托书" in str(info.value.message)
    from ipcenter import matters

    for i, kind in enumerate(tm.FOREIGN_UPLOADS):
        matters.attach(case, kind, io.BytesIO(PDF + bytes([i])), f"{kind}.pdf", cast.requester,
                       at(0))
    tm.submit(case, cast.requester, at(0))
    assert case.state == TS.CLUE


def test_decline_with_reasons(db, cast, officers):
    case = tm.file_complaint(complaint(cast), cast.requester, at(0), uuid.uuid4().hex)
    tm.submit(case, cast.requester, at(0))
    tm.verify(case, officers[0], at(1))
    with pytest.raises(InvalidTransition):
        tm.decline(case, officers[0], at(2), "")
    tm.decline(case, officers[0], at(2), "现有证据不能证明存在违法行为")
    assert case.state == TS.NOT_FILED and timelimits.open_for("case", case.id) == []


def test_fine_outside_range_refused(db, cast, officers):
    case = to_investigation(cast, officers)
    tm.record_findings(case, officers[0], at(10), findings(turnover="60000"))
    with pytest.raises(InvalidInput) as info:
        tm.propose_penalty(case, officers[0], at(10), "300000.01", None)
    assert "300,000.00" in str(info.value.message)  # 5 × 60,000
    tm.propose_penalty(case, officers[0], at(10), "300000", None)
    assert case.proposed_fine == Decimal("300000.00")


def test_small_turnover_capped_at_250000(db, cast, officers):
    case = to_investigation(cast, officers)
    tm.record_findings(case, officers[0], at(10), findings(turnover="49999.99"))
    with pytest.raises(InvalidInput):
        tm.propose_penalty(case, officers[0], at(10), "250000.01", None)


@pytest.mark.parametrize("amount", ["100.001", "-5", "abc"])
def test_bad_amounts_refused_and_nothing_changes(db, cast, officers, amount):
    case = to_investigation(cast, officers)
    tm.record_findings(case, officers[0], at(10), findings())
    with pytest.raises(InvalidInput):
        tm.propose_penalty(case, officers[0], at(10), amount, None)
    assert case.proposed_fine is None


def test_innocent_seller_only_ordered_to_stop(db, cast, officers):
    case = to_investigation(cast, officers)
    tm.record_findings(case, officers[0], at(10), findings(innocent=(True, True, True)))
    with pytest.raises(InvalidInput):
        tm.propose_penalty(case, officers[0], at(10), "1000", None)
    tm.propose_penalty(case, officers[0], at(10), "0", None)


def test_repeat_within_five_years_found_by_the_system(db, cast, officers):
    earlier = to_investigation(cast, officers)
    earlier.decision_kind, earlier.decided_on = "penalty", date(2022, 5, 1)
    case = to_investigation(cast, officers)
    tm.record_findings(case, officers[0], at(10), findings(turnover="60000"))
    found = tm.earlier_infringements(case)
    assert found["trademark"] == [date(2022, 5, 1)]
    allowed = tm.fine_range(case, date(2026, 3, 12))
    assert allowed.heavier and allowed.proposal_floor > 0
    with pytest.raises(InvalidInput):
        tm.propose_penalty(case, officers[0], at(10), "1000", None)  # not in the heavy end


def test_decision_before_the_statement_period_ends_refused(db, cast, officers):
    case = to_prior_notice(db, cast, officers)
    (statement,) = timelimits.open_for("case", case.id, "statement")
    # Notice on Monday 16 March: 5 working days → Monday 23 March.
    assert statement.due_on == date(2026, 3, 23)
    with pytest.raises(InvalidTransition):
        tm.close_statements(case, officers[0], at(15))
    assert case.state == TS.PRIOR_NOTICE
    tm.close_statements(case, officers[0], datetime(2026, 3, 24, 2, tzinfo=timezone.utc))
    assert case.state == TS.READY


def test_statement_lets_the_case_go_on(db, cast, officers):
    case = to_prior_notice(db, cast, officers)
    tm.record_statement(case, cast.respondent, at(15), "我方系初次违法，请求从轻。")
    with pytest.raises(Conflict):
        tm.record_statement(case, cast.respondent, at(15), "again")
    tm.close_statements(case, officers[0], at(15))
    assert case.state == TS.READY


def test_hearing_pauses_the_decision_clock(db, cast, officers):
    case = to_prior_notice(db, cast, officers, fine="100000")  # organisation: threshold reached
    decision = timelimits.open_for("case", case.id, "decision")[0]
    before = decision.due_on
    tm.request_hearing(case, cast.respondent, at(15))
    with pytest.raises(InvalidTransition):  # fewer than 7 working days' notice
        tm.schedule_hearing(case, officers[0], at(15), at(20), "听证室")
    with pytest.raises(InvalidTransition, match="90"):  # a year typed wrong
        tm.schedule_hearing(case, officers[0], at(15), at(15 + 91), "听证室")
    assert case.state == TS.HEARING_REQUESTED and case.hearing_at is None
    tm.schedule_hearing(case, officers[0], at(15), at(30), "听证室")
    from ipcenter import matters

    matters.attach(case, "hearing_record", io.BytesIO(PDF + b"%h"), "听证笔录.pdf",
                   officers[0], at(30))
    tm.record_hearing(case, officers[0], at(30))
    assert case.state == TS.READY
    assert decision.due_on == before + timedelta(days=15)  # 17 March → 1 April paused


def test_no_hearing_right_below_threshold(db, cast, officers):
    case = to_prior_notice(db, cast, officers, fine="50000")
    with pytest.raises(InvalidTransition):
        tm.request_hearing(case, cast.respondent, at(15))


def test_penalty_payment_with_surcharge_and_close(db, cast, officers):
    case = to_prior_notice(db, cast, officers, fine="100000")
    tm.close_statements(case, officers[0], datetime(2026, 3, 24, 2, tzinfo=timezone.utc))
    tm.decide_penalty(case, cast.director, at(23))
    assert case.decision_number.startswith("中市监商罚字〔2026〕")
    tm.serve_decision(case, officers[0], at(24))  # served Thursday 26 March
    (payment,) = timelimits.open_for("case", case.id, "payment")
    assert payment.due_on == date(2026, 4, 10)
    late = date(2026, 4, 12)  # 2 days late: 6% surcharge
    assert tm.amount_due(case, late) == Decimal("106000.00")
    with pytest.raises(InvalidInput):
        tm.record_payment(case, officers[0], at(45), "100000", late)
    with pytest.raises(InvalidInput, match="2026年3月26日"):  # before the decision was served
        tm.record_payment(case, officers[0], at(45), "100000.00", date(2026, 3, 25))
    assert case.paid_amount is None
    tm.record_payment(case, officers[0], at(45), "106000.00", late)
    tm.close(case, officers[0], at(46))
    assert case.state == TS.CLOSED
    assert tm.figures_summary(case) == {"case_value": Decimal("60000.00"),
                                        "fined_and_confiscated": Decimal("114000.00")}
    assert audit.verify().ok


def test_referral_needs_figures_and_thresholds(db, cast, officers):
    case = to_investigation(cast, officers)
    with pytest.raises(InvalidTransition) as info:
        tm.propose_referral(case, officers[0], at(10), "涉嫌销售假冒注册商标的商品罪")
    assert "涉案数额" in str(info.value.message)
    tm.record_findings(case, officers[0], at(10), findings(turnover="20000", gains="5000",
                                                           unsold_value="0",
                                                           mark_identity="identical"))
    with pytest.raises(InvalidTransition):
        tm.propose_referral(case, officers[0], at(10), "涉嫌犯罪")
    # The same figures with a similar mark: ordinary infringement, never referred.
    tm.record_findings(case, officers[0], at(10), findings(turnover="80000", gains="35000",
                                                           unsold_value="0"))
    with pytest.raises(InvalidTransition):
        tm.propose_referral(case, officers[0], at(10), "涉嫌犯罪")
    tm.record_findings(case, officers[0], at(10), findings(turnover="80000", gains="35000",
                                                           unsold_value="0",
                                                           mark_identity="identical"))
    tm.propose_referral(case, officers[0], at(10), "销售金额8万元，达到追诉标准")
    (clock,) = timelimits.open_for("case", case.id, "referral_decision")
    assert clock.due_on == date(2026, 3, 16)  # 3 days from Thu 12 March → Sun 15 → Mon 16
    tm.approve_referral(case, cast.director, at(11))
    assert case.state == TS.REFERRED
    assert any(d.template == "referral_letter" for d in case.documents)
    tm.police_answer(case, officers[0], at(20), True, "已立案侦查")
    assert case.state == TS.CLOSED


def test_suspension_and_appraisal_stop_the_clock(db, cast, officers):
    case = to_investigation(cast, officers)
    decision = timelimits.open_for("case", case.id, "decision")[0]
    measure = tm.start_measure(case, officers[0], at(5), "appraisal", "委托权利人鉴别真伪")
    tm.end_measure(case, officers[0], at(15), measure.id, "鉴定为假冒")
    assert decision.due_on == date(2026, 6, 12)  # 2 June + 10 days
    tm.suspend(case, officers[0], at(20), "商标权属发生争议")
    tm.resume(case, officers[0], at(30), "争议已解决")
    assert case.state == TS.INVESTIGATING
    assert decision.due_on == date(2026, 6, 22)


def test_preservation_has_a_7_working_day_clock(db, cast, officers):
    case = to_investigation(cast, officers)
    measure = tm.start_measure(case, officers[0], at(3), "preservation", "吸顶灯120盏")
    (clock,) = timelimits.open_for("case", case.id, "preservation")
    assert clock.due_on == date(2026, 3, 16)  # Thursday 5 March + 7 working days
    tm.end_measure(case, officers[0], at(6), measure.id, "解除登记保存，予以没收")
    assert timelimits.open_for("case", case.id, "preservation") == []


def test_amount_with_three_decimals_refused_in_findings(db, cast, officers):
    case = to_investigation(cast, officers)
    with pytest.raises(InvalidInput):
        tm.record_findings(case, officers[0], at(10), findings(turnover="1.001"))


EXPECTED = {
    (TS.DRAFT, TE.SUBMIT): TS.CLUE, (TS.CLUE, TE.VERIFY): TS.VERIFYING,
    (TS.VERIFYING, TE.FILE): TS.INVESTIGATING, (TS.VERIFYING, TE.DECLINE): TS.NOT_FILED,
    (TS.INVESTIGATING, TE.CLOSE_INVESTIGATION): TS.LEGAL_REVIEW,
    (TS.LEGAL_REVIEW, TE.COMPLETE_REVIEW): TS.PRIOR_NOTICE,
    (TS.PRIOR_NOTICE, TE.REQUEST_HEARING): TS.HEARING_REQUESTED,
    (TS.PRIOR_NOTICE, TE.CLOSE_STATEMENTS): TS.READY,
    (TS.HEARING_REQUESTED, TE.SCHEDULE_HEARING): TS.HEARING_SCHEDULED,
    (TS.HEARING_SCHEDULED, TE.RECORD_HEARING): TS.READY,
    (TS.READY, TE.DECIDE_PENALTY): TS.PENALTY_DECIDED,
    (TS.READY, TE.DECIDE_NO_PENALTY): TS.NO_PENALTY,
    (TS.PENALTY_DECIDED, TE.SERVE_DECISION): TS.AWAITING_PAYMENT,
    (TS.AWAITING_PAYMENT, TE.RECORD_PAYMENT): TS.PAID,
    (TS.AWAITING_PAYMENT, TE.REQUEST_ENFORCEMENT): TS.COURT_ENFORCEMENT,
    (TS.COURT_ENFORCEMENT, TE.RECORD_PAYMENT): TS.PAID,
    (TS.PAID, TE.CLOSE): TS.CLOSED, (TS.NO_PENALTY, TE.CLOSE): TS.CLOSED,
    (TS.COURT_ENFORCEMENT, TE.CLOSE): TS.CLOSED,
    (TS.REFERRAL_PENDING, TE.APPROVE_REFERRAL): TS.REFERRED,
    (TS.REFERRAL_PENDING, TE.REJECT_REFERRAL): "previous",
    (TS.REFERRED, TE.POLICE_ACCEPTED): TS.CLOSED,
    (TS.REFERRED, TE.POLICE_DECLINED): TS.INVESTIGATING,
    (TS.SUSPENDED, TE.RESUME): "previous",
}
for _s in (TS.INVESTIGATING, TS.LEGAL_REVIEW, TS.READY):
    EXPECTED[(_s, TE.PROPOSE_REFERRAL)] = TS.REFERRAL_PENDING
for _s in (TS.INVESTIGATING, TS.LEGAL_REVIEW, TS.PRIOR_NOTICE, TS.READY):
    EXPECTED[(_s, TE.SUSPEND)] = TS.SUSPENDED

ALL_PASS = TFacts(today=date(2026, 6, 1), has_complaint=True, officers=2, reason="理由",
                  has_findings=True, review_done=True, hearing_right=True,
                  statement_due=date(2026, 5, 1), statement_received=True,
                  hearing_on=date(2026, 6, 20), earliest_hearing=date(2026, 6, 10),
                  has_hearing_record=True, penalty_valid=True, referral_figures=True,
                  referral_required=True, payment_due=date(2026, 5, 1), paid_in_full=True)
ALL_PASS_BEFORE_STATEMENT_END = TFacts(**{**ALL_PASS.__dict__, "statement_due": date(2026, 6, 5)})


@pytest.mark.parametrize("state, event", list(product(TS, TE)))
def test_every_pair(app, state, event):
    facts = ALL_PASS_BEFORE_STATEMENT_END if event == TE.REQUEST_HEARING else ALL_PASS
    with app.test_request_context():
        expected = EXPECTED.get((state, event))
        if expected is None:
            with pytest.raises(InvalidTransition):
                TRADEMARK_FLOW.apply(state, event, facts, previous=TS.INVESTIGATING)
        elif expected == "previous":
            assert TRADEMARK_FLOW.apply(state, event, facts, previous=TS.READY) == TS.READY
        else:
            assert TRADEMARK_FLOW.apply(state, event, facts, previous=TS.READY) == expected


def test_decision_extended_30_days_then_by_collective_decision(db, cast, officers):
    case = to_investigation(cast, officers)
    (decision,) = timelimits.open_for("case", case.id, "decision")
    with pytest.raises(Conflict):
        tm.collective_extension(case, cast.director, at(80), 45, "案情复杂")
    tm.approve_extension(case, cast.director, at(80), "decision")
    assert decision.due_on == date(2026, 7, 2)  # 2 June + 30 days
    with pytest.raises(Conflict):
        tm.approve_extension(case, cast.director, at(81), "decision")
    with pytest.raises(InvalidInput):
        tm.collective_extension(case, cast.director, at(81), 45, " ")
    tm.collective_extension(case, cast.director, at(81), 45, "经负责人集体讨论决定延长")
    assert decision.due_on == date(2026, 8, 17)  # 2 July + 45 days = 16 August, a Sunday


# --- 2025 law: referral before a decision, the act days, repeat offenders ---------------------


def _ready(db, cast, officers, **kw):
    """A case at the decision, on findings ``kw`` (by default a similar mark)."""
    case = to_investigation(cast, officers)
    tm.record_findings(case, officers[0], at(10), findings(**kw))
    tm.propose_penalty(case, officers[0], at(10), "100000", "8000")
    tm.close_investigation(case, officers[0], at(11))
    tm.complete_review(case, cast.director, at(14), "事实清楚，证据确凿，适用法律正确。")
    tm.close_statements(case, officers[0], datetime(2026, 3, 24, 2, tzinfo=timezone.utc))
    assert case.state == TS.READY
    return case


def _penalised(case, decided_on, first, last, identity="identical"):
    """``case`` as an earlier record of the centre: a penalty decided on ``decided_on`` for acts
    from ``first`` to ``last`` (rewritten after the walk, the services taking today's dates)."""
    case.decision_kind, case.decided_on = "penalty", decided_on
    case.first_act_on, case.last_act_on, case.mark_identity = first, last, identity
    db_flush()


def db_flush():
    from ipcenter.core.db import db

    db.session.flush()


def test_a_penalty_instead_of_a_required_referral_is_refused(db, cast, officers):
    # Sales of ¥60,000 of goods with the identical mark: 法释〔2025〕5号 Art. 5 ¶1(1).
    case = _ready(db, cast, officers, mark_identity="identical", unsold_value="0")
    assert tm.referral_standing(case, date(2026, 3, 25)) == "required"
    with pytest.raises(InvalidTransition) as refused:
        tm.decide_penalty(case, cast.director, at(23))
    assert "刑事追诉标准" in str(refused.value.message)
    with pytest.raises(InvalidTransition):
        tm.decide_no_penalty(case, cast.director, at(23), "情节轻微")
    assert case.state == TS.READY and case.decision_number is None
    assert not [d for d in case.documents if d.template == "penalty_decision"]

    with pytest.raises(InvalidInput):
        tm.record_no_referral_reason(case, officers[0], at(23), "  ")
    tm.record_no_referral_reason(case, officers[0], at(23),
                                 "经权利人鉴别，部分商品系正品，假冒商品销售金额不足五万元。")
    with pytest.raises(InvalidTransition):  # recorded, not yet approved
        tm.decide_penalty(case, cast.director, at(23))
    # Only the director approves: an officer is refused and nothing is written.
    with pytest.raises(PermissionDenied) as denied:
        tm.approve_no_referral(case, officers[0], at(23))
    assert "负责人" in str(denied.value.message)
    assert case.no_referral_approved_at is None
    tm.approve_no_referral(case, cast.director, at(23))
    assert tm.referral_standing(case, date(2026, 3, 25)) == "approved"
    with pytest.raises(Conflict):
        tm.approve_no_referral(case, cast.director, at(23))
    tm.decide_penalty(case, cast.director, at(23))
    assert case.state == TS.PENALTY_DECIDED


def test_no_reasons_asked_where_no_threshold_is_reached(db, cast, officers):
    case = _ready(db, cast, officers, turnover="40000", gains="10000", unsold_value="0",
                  mark_identity="identical")
    assert tm.referral_standing(case, date(2026, 3, 25)) == "clear"
    with pytest.raises(Conflict):
        tm.record_no_referral_reason(case, officers[0], at(23), "理由")
    tm.decide_penalty(case, cast.director, at(23))


def test_a_similar_mark_is_decided_without_referral(db, cast, officers):
    case = _ready(db, cast, officers, turnover="800000", gains="350000")
    assessment = tm.assess_referral(case, date(2026, 3, 25))
    assert assessment.similar and not assessment.required
    tm.decide_penalty(case, cast.director, at(23))


def test_a_decision_needs_the_party_address(db, cast, officers):
    case = _ready(db, cast, officers, party_address="")
    assert case.respondents[0].address == ""
    with pytest.raises(InvalidTransition) as refused:
        tm.decide_penalty(case, cast.director, at(23))
    assert "地址" in str(refused.value.message) and case.decision_number is None


@pytest.mark.parametrize("change, message", [
    ({"mark_identity": None}, "相同"),
    ({"mark_identity": "same"}, "相同"),
    ({"first_act_on": None}, "日期"),
    ({"first_act_on": date(2026, 2, 21)}, "晚于"),
    ({"last_act_on": date(2026, 3, 13)}, "今天"),
    ({"first_act_on": date(2014, 4, 30)}, "2014年5月1日"),
    ({"party_address": "地" * 301}, "300"),
])
def test_bad_findings_refused_and_nothing_written(db, cast, officers, change, message):
    case = to_investigation(cast, officers)
    with pytest.raises(InvalidInput) as refused:
        tm.record_findings(case, officers[0], at(10), findings(**change))
    assert message in str(refused.value.message)
    assert case.findings == "" and case.mark_identity is None and case.first_act_on is None


def test_repeat_offender_found_in_the_centres_own_penalties(db, cast, officers):
    # Use of the identical mark, turnover ¥30,000: under the ordinary ¥50,000 …
    case = to_investigation(cast, officers)
    tm.record_findings(case, officers[0], at(10), findings(
        conduct="use", turnover="30000", gains="0", mark_identity="identical"))
    assert not tm.assess_referral(case, date(2026, 3, 12)).required
    # … but the centre penalised the same party (found by its credit code) on 1 March 2024,
    # within two years before the acts of January 2026: 法释〔2025〕5号 Art. 3 ¶1(3).
    earlier = to_investigation(cast, officers)
    _penalised(earlier, date(2024, 3, 1), date(2023, 10, 1), date(2023, 12, 1))
    earlier.respondents[0].organisation_id = None
    db_flush()
    assert tm.prior_penalty(case) == date(2024, 3, 1)
    a = tm.assess_referral(case, date(2026, 3, 12))
    assert a.required and "二年内" in a.reached[0].label
    # A penalty for a similar mark is not "the same kind of act" (Art. 213–215).
    earlier.mark_identity = "similar"
    assert tm.prior_penalty(case) is None
    # Nor one more than two years before the acts.
    earlier.mark_identity, earlier.decided_on = "identical", date(2024, 1, 4)
    assert tm.prior_penalty(case) is None


def test_repeat_offender_matched_by_name_without_a_code(db, cast, officers):
    case = to_investigation(cast, officers)
    tm.record_findings(case, officers[0], at(10), findings(
        conduct="use", turnover="30000", gains="0", mark_identity="identical"))
    earlier = to_investigation(cast, officers)
    _penalised(earlier, date(2025, 6, 1), date(2025, 3, 1), date(2025, 4, 1))
    party = earlier.respondents[0]
    party.organisation_id, party.uscc = None, ""
    db_flush()
    assert tm.prior_penalty(case) == date(2025, 6, 1)
    party.name = "另一家灯饰厂"
    db_flush()
    assert tm.prior_penalty(case) is None


def test_the_act_days_choose_the_law_not_the_day_of_assessment(db, cast, officers):
    # 15,000 counterfeit labels: a crime under 法释〔2025〕5号 Art. 6 (10,000), not under the
    # figures before it (20,000). Acts of early 2025, judged in 2026: the lighter, older set.
    case = to_investigation(cast, officers)
    tm.record_findings(case, officers[0], at(10), findings(
        conduct="labels", turnover="0", gains="0", label_pieces=15000,
        mark_identity="identical", first_act_on=date(2025, 1, 2), last_act_on=date(2025, 3, 1)))
    a = tm.assess_referral(case, date(2026, 3, 12))
    assert not a.required and a.effective_from == date(2021, 3, 1)
    tm.record_findings(case, officers[0], at(10), findings(
        conduct="labels", turnover="0", gains="0", label_pieces=15000,
        mark_identity="identical", first_act_on=date(2025, 1, 2), last_act_on=date(2025, 5, 1)))
    assert tm.assess_referral(case, date(2026, 3, 12)).required


def test_five_year_repeat_window_runs_from_the_acts_not_the_proposal(db, cast, officers):
    """商标法 Art. 60 ¶2: earlier acts of February 2021, decided in August 2021; this case's
    acts began in December 2025 (within five years of the earlier acts), the fine is proposed
    in March 2026 (more than five years after the earlier decision)."""
    earlier = to_investigation(cast, officers)
    _penalised(earlier, date(2021, 3, 1), date(2021, 1, 10), date(2021, 2, 20))
    case = to_investigation(cast, officers)
    tm.record_findings(case, officers[0], at(10), findings(
        first_act_on=date(2025, 12, 1), last_act_on=date(2026, 2, 20)))
    allowed = tm.fine_range(case, date(2026, 3, 12))
    assert allowed.heavier and allowed.proposal_floor == Decimal("150000.00")
    # Acts that began after the five years: no repeat, whatever the decision dates.
    tm.record_findings(case, officers[0], at(10), findings(
        first_act_on=date(2026, 2, 21), last_act_on=date(2026, 3, 1)))
    assert not tm.fine_range(case, date(2026, 3, 12)).heavier
