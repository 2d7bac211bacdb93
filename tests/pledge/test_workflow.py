"""Every (state, event) pair of pledge financing: allowed or refused with a reason in Chinese;
each guard refusing on its fact; the roles and clocks of the table."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from itertools import product

import pytest

from ipcenter.core.deadlines import Period
from ipcenter.core.errors import InvalidTransition
from ipcenter.pledge import workflow as wf
from ipcenter.pledge.workflow import PLEDGE_FLOW, E, Facts, S

CJK = re.compile(r"[\u4e00-\u9fff]")
BEFORE_APPROVAL = [S.APPLIED, S.ELIGIBILITY_CHECK, S.VALUATION, S.INSURER_REVIEW,
                   S.BANK_REVIEW]

# The reference table, written out from DOMAIN.md §4 and issue 13 independently of the code's.
EXPECTED = {
    (S.APPLIED, E.BEGIN_CHECK): S.ELIGIBILITY_CHECK,
    (S.ELIGIBILITY_CHECK, E.ENROL): S.VALUATION,
    (S.ELIGIBILITY_CHECK, E.ENROL_BY_EXCEPTION): S.VALUATION,
    (S.ELIGIBILITY_CHECK, E.DECLINE): S.DECLINED,
    (S.VALUATION, E.SUBMIT_VALUATION): S.INSURER_REVIEW,
    (S.INSURER_REVIEW, E.ACCEPT_COVER): S.BANK_REVIEW,
    (S.INSURER_REVIEW, E.DECLINE): S.DECLINED,
    (S.BANK_REVIEW, E.APPROVE): S.APPROVED,
    (S.BANK_REVIEW, E.DECLINE): S.DECLINED,
    (S.APPROVED, E.SIGN_CONTRACTS): S.CONTRACTS_SIGNED,
    (S.CONTRACTS_SIGNED, E.FILE_REGISTRATION): S.REGISTRATION,
    (S.REGISTRATION, E.REGISTRATION_REFUSED): S.CONTRACTS_SIGNED,
    (S.REGISTRATION, E.RECORD_REGISTRATION): S.REGISTERED,
    (S.REGISTERED, E.DISBURSE): S.DISBURSED,
    (S.DISBURSED, E.BEGIN_MONITORING): S.MONITORING,
    (S.MONITORING, E.RECORD_REPAID): S.REPAID,
    (S.REPAID, E.RELEASE_PLEDGE): S.PLEDGE_RELEASED,
    (S.PLEDGE_RELEASED, E.CLAIM_SUBSIDY): S.SUBSIDY_CLAIMED,
    (S.SUBSIDY_CLAIMED, E.PREPARE_SUBSIDY): S.SUBSIDY_PREPARED,
    (S.SUBSIDY_CLAIMED, E.REFUSE_SUBSIDY): S.PLEDGE_RELEASED,
    (S.SUBSIDY_PREPARED, E.APPROVE_SUBSIDY): S.SUBSIDY_APPROVED,
    (S.SUBSIDY_PREPARED, E.RETURN_SUBSIDY): S.SUBSIDY_CLAIMED,
    (S.SUBSIDY_APPROVED, E.PAY_SUBSIDY): S.SUBSIDY_PAID,
    (S.MONITORING, E.MARK_OVERDUE): S.OVERDUE,
    (S.OVERDUE, E.CURE): S.MONITORING,
    (S.OVERDUE, E.DECLARE_DEFAULT): S.DEFAULT,
    (S.DEFAULT, E.FILE_CLAIM): S.COMPENSATION_CLAIMED,
    (S.COMPENSATION_CLAIMED, E.RETURN_CLAIM): S.DEFAULT,
    (S.COMPENSATION_CLAIMED, E.APPROVE_COMPENSATION): S.COMPENSATION_APPROVED,
    (S.COMPENSATION_APPROVED, E.PAY_COMPENSATION): S.COMPENSATED,
    (S.COMPENSATED, E.BEGIN_RECOVERY): S.RECOVERY,
    (S.RECOVERY, E.CLOSE_RECOVERY): S.RECOVERED_IN_PART,
    (S.RECOVERY, E.WRITE_OFF): S.WRITTEN_OFF,
    **{(s, E.WITHDRAW): S.WITHDRAWN for s in BEFORE_APPROVAL},
}

# Who fires each event (the roles column of the table), by DOMAIN.md's people.
ROLES = {
    E.BEGIN_CHECK: {"fund_manager"}, E.ENROL: {"fund_manager"},
    E.ENROL_BY_EXCEPTION: {"director"}, E.SUBMIT_VALUATION: {"valuer"},
    E.ACCEPT_COVER: {"insurer"}, E.APPROVE: {"bank"}, E.WITHDRAW: {"firm"},
    E.SIGN_CONTRACTS: {"bank"}, E.FILE_REGISTRATION: {"bank"},
    E.REGISTRATION_REFUSED: {"bank"}, E.RECORD_REGISTRATION: {"bank"}, E.DISBURSE: {"bank"},
    E.BEGIN_MONITORING: {"bank"}, E.RECORD_REPAID: {"bank"}, E.RELEASE_PLEDGE: {"bank"},
    E.CLAIM_SUBSIDY: {"firm"}, E.PREPARE_SUBSIDY: {"fund_manager"},
    E.APPROVE_SUBSIDY: {"director"}, E.RETURN_SUBSIDY: {"director"},
    E.PAY_SUBSIDY: {"fund_manager"},
    E.REFUSE_SUBSIDY: {"fund_manager"}, E.MARK_OVERDUE: {"bank"}, E.CURE: {"bank"},
    E.DECLARE_DEFAULT: {"bank"}, E.FILE_CLAIM: {"bank"}, E.RETURN_CLAIM: {"fund_manager"},
    E.APPROVE_COMPENSATION: {"director"}, E.PAY_COMPENSATION: {"fund_manager"},
    E.BEGIN_RECOVERY: {"bank"}, E.CLOSE_RECOVERY: {"fund_manager"},
    E.WRITE_OFF: {"fund_manager"},
}
DECLINE_ROLES = {S.ELIGIBILITY_CHECK: {"fund_manager"}, S.INSURER_REVIEW: {"insurer"},
                 S.BANK_REVIEW: {"bank"}}

TODAY = date(2026, 6, 1)
ALL_PASS = Facts(
    today=TODAY, actor_id=2, reason="理由", has_rights=True, has_use_of_funds=True,
    eligibility_refusal=None, collateral_refusal=None, all_rights_valued=True,
    has_valuation_report=True, checklist_complete=True, has_contracts=True,
    registration_filed_on=TODAY, has_registration_notice=True, disbursed_on=TODAY,
    has_schedule=True, all_instalments_paid=True, days_overdue=90, in_arrears=False,
    default_after_days=90,
    has_release_notice=True, subsidy_refusal=None, subsidy_prepared_by_id=1,
    subsidy_paid_on=TODAY, claim_window_end=TODAY,
    claim_amount=Decimal("1000000.03"), claim_prepared_by_id=1, recovered=Decimal("10.00"))


def passing(state, event) -> Facts:
    return ALL_PASS


@pytest.mark.parametrize("state, event", list(product(S, E)), ids=str)
def test_pair(app, state, event):
    with app.test_request_context():
        expected = EXPECTED.get((state, event))
        if expected is None:
            with pytest.raises(InvalidTransition) as refused:
                PLEDGE_FLOW.apply(state, event, passing(state, event))
            assert CJK.search(str(refused.value)), str(refused.value)
        else:
            assert PLEDGE_FLOW.apply(state, event, passing(state, event)) == expected


def test_the_table_is_the_reference():
    assert {(t.source, t.event): t.target for t in PLEDGE_FLOW.transitions} == EXPECTED


@pytest.mark.parametrize("transition", PLEDGE_FLOW.transitions,
                         ids=lambda t: f"{t.source}-{t.event}")
def test_each_transition_names_its_roles(transition):
    wanted = DECLINE_ROLES[transition.source] if transition.event == E.DECLINE \
        else ROLES[transition.event]
    assert set(transition.roles) == wanted
    assert transition.label


def test_state_values_are_the_kinds_own():
    assert all(str(s).startswith("pl_") for s in S)
    assert set(wf.STATE_LABELS) == set(S) and set(wf.EVENT_LABELS) == set(E)


def test_no_state_name_is_another_registered_kinds(app):
    from ipcenter.matters import kinds

    seen = {}
    for name, spec in sorted(kinds.registered().items()):
        for state in spec.flow.states:
            assert str(state) not in seen, f"{state}: {seen.get(str(state))} and {name}"
            seen[str(state)] = name
    assert seen["pl_applied"] == "pledge"


def test_terminal_states_are_left_only_to_claim_or_refuse_a_subsidy():
    leaving = {t.source for t in PLEDGE_FLOW.transitions}
    assert leaving & wf.TERMINAL == {S.PLEDGE_RELEASED}
    assert wf.CLOSED_NORMALLY <= wf.TERMINAL
    assert {S.DECLINED, S.WITHDRAWN} & wf.CLOSED_NORMALLY == set()
    # every state is reachable from APPLIED
    reached, frontier = {S.APPLIED}, [S.APPLIED]
    while frontier:
        state = frontier.pop()
        for t in PLEDGE_FLOW.transitions:
            if t.source == state and t.target not in reached:
                reached.add(t.target)
                frontier.append(t.target)
    assert reached == set(S)


# ---------------------------------------------------------------------------- guards

@pytest.mark.parametrize("state, event, change, says", [
    (S.APPLIED, E.BEGIN_CHECK, {"has_rights": False}, "质押"),
    (S.APPLIED, E.BEGIN_CHECK, {"has_use_of_funds": False}, "用途"),
    (S.ELIGIBILITY_CHECK, E.ENROL, {"eligibility_refusal": "成立未满1年"}, "成立未满1年"),
    (S.ELIGIBILITY_CHECK, E.ENROL, {"collateral_refusal": "专利权已终止"}, "专利权已终止"),
    (S.ELIGIBILITY_CHECK, E.ENROL_BY_EXCEPTION,
     {"eligibility_refusal": "成立未满1年", "collateral_refusal": "专利权已终止"}, "已终止"),
    (S.ELIGIBILITY_CHECK, E.ENROL_BY_EXCEPTION,
     {"eligibility_refusal": "成立未满1年", "reason": " "}, "理由"),
    (S.ELIGIBILITY_CHECK, E.DECLINE, {"reason": ""}, "理由"),
    (S.VALUATION, E.SUBMIT_VALUATION, {"has_valuation_report": False}, "评估报告"),
    (S.VALUATION, E.SUBMIT_VALUATION, {"all_rights_valued": False}, "评估价值"),
    (S.INSURER_REVIEW, E.DECLINE, {"reason": ""}, "理由"),
    (S.BANK_REVIEW, E.APPROVE, {"checklist_complete": False}, "尽职调查"),
    (S.BANK_REVIEW, E.APPROVE, {"approved_figures_refusal": "金额有误"}, "金额有误"),
    (S.BANK_REVIEW, E.APPROVE, {"ltv_refusal": "超过质押率"}, "超过质押率"),
    (S.BANK_REVIEW, E.APPROVE, {"headroom_refusal": "超过10倍"}, "超过10倍"),
    (S.BANK_REVIEW, E.DECLINE, {"reason": ""}, "理由"),
    (S.APPROVED, E.SIGN_CONTRACTS, {"has_contracts": False}, "合同"),
    (S.CONTRACTS_SIGNED, E.FILE_REGISTRATION, {"registration_filed_on": None}, "申请"),
    (S.CONTRACTS_SIGNED, E.FILE_REGISTRATION, {"registration_filed_on": date(2026, 6, 2)},
     "未来"),
    (S.REGISTRATION, E.REGISTRATION_REFUSED, {"reason": ""}, "理由"),
    (S.REGISTRATION, E.RECORD_REGISTRATION, {"has_registration_notice": False}, "质押登记通知书"),
    (S.REGISTERED, E.DISBURSE, {"disbursed_on": None}, "放款"),
    (S.REGISTERED, E.DISBURSE, {"disbursed_on": date(2026, 6, 2)}, "未来"),
    (S.DISBURSED, E.BEGIN_MONITORING, {"has_schedule": False}, "还款计划"),
    (S.MONITORING, E.RECORD_REPAID, {"all_instalments_paid": False}, "未还"),
    (S.REPAID, E.RELEASE_PLEDGE, {"has_release_notice": False}, "注销"),
    (S.PLEDGE_RELEASED, E.CLAIM_SUBSIDY, {"subsidy_refusal": "未开放补贴"}, "未开放补贴"),
    (S.SUBSIDY_CLAIMED, E.REFUSE_SUBSIDY, {"reason": ""}, "理由"),
    (S.SUBSIDY_CLAIMED, E.PREPARE_SUBSIDY, {"subsidy_refusal": "无应补贴金额"}, "无应补贴金额"),
    (S.SUBSIDY_PREPARED, E.APPROVE_SUBSIDY, {"actor_id": 1}, "审核"),
    (S.SUBSIDY_PREPARED, E.APPROVE_SUBSIDY, {"subsidy_prepared_by_id": None}, "审核"),
    (S.SUBSIDY_PREPARED, E.RETURN_SUBSIDY, {"reason": ""}, "理由"),
    (S.SUBSIDY_APPROVED, E.PAY_SUBSIDY, {"subsidy_paid_on": None}, "拨付"),
    (S.SUBSIDY_APPROVED, E.PAY_SUBSIDY, {"subsidy_paid_on": date(2026, 6, 2)}, "未来"),
    (S.MONITORING, E.MARK_OVERDUE, {"days_overdue": 0}, "逾期"),
    (S.OVERDUE, E.CURE, {"in_arrears": True}, "逾期"),
    (S.OVERDUE, E.DECLARE_DEFAULT, {"days_overdue": 89}, "89"),
    (S.DEFAULT, E.FILE_CLAIM, {"claim_window_end": date(2026, 5, 31)}, "2026-05-31"),
    (S.DEFAULT, E.FILE_CLAIM, {"claim_amount": None}, "本金"),
    (S.DEFAULT, E.FILE_CLAIM, {"claim_amount": Decimal(0)}, "本金"),
    (S.COMPENSATION_CLAIMED, E.RETURN_CLAIM, {"reason": ""}, "理由"),
    (S.COMPENSATION_CLAIMED, E.APPROVE_COMPENSATION, {"actor_id": 1}, "编制"),
    (S.COMPENSATION_CLAIMED, E.APPROVE_COMPENSATION, {"claim_prepared_by_id": None}, "编制"),
    (S.COMPENSATION_CLAIMED, E.APPROVE_COMPENSATION, {"pool_refusal": "资金池余额不足"},
     "资金池余额不足"),
    (S.COMPENSATION_APPROVED, E.PAY_COMPENSATION, {"pool_refusal": "资金池余额不足"},
     "资金池余额不足"),
    (S.RECOVERY, E.CLOSE_RECOVERY, {"recovered": Decimal(0)}, "核销"),
    (S.RECOVERY, E.WRITE_OFF, {"recovered": Decimal(0), "reason": ""}, "理由"),
    (S.RECOVERY, E.WRITE_OFF, {"recovered": Decimal("0.01"), "reason": ""}, "理由"),
], ids=str)
def test_each_guard_refuses_on_its_fact(app, state, event, change, says):
    with app.test_request_context():
        facts = replace(passing(state, event), **change)
        with pytest.raises(InvalidTransition) as refused:
            PLEDGE_FLOW.apply(state, event, facts)
        assert says in str(refused.value), str(refused.value)
        assert CJK.search(str(refused.value))


def test_one_set_of_facts_passes_every_guard_of_the_table(app):
    # What the contract suite relies on: no two guards of the table ask for opposite facts.
    with app.test_request_context():
        for t in PLEDGE_FLOW.transitions:
            assert PLEDGE_FLOW.refusal(t.source, t.event, ALL_PASS) is None, t


def test_the_director_enrols_an_ineligible_firm_by_exception_with_reasons(app):
    with app.test_request_context():
        failing = replace(ALL_PASS, eligibility_refusal="成立未满1年")
        with pytest.raises(InvalidTransition):
            PLEDGE_FLOW.apply(S.ELIGIBILITY_CHECK, E.ENROL, failing)
        assert PLEDGE_FLOW.apply(S.ELIGIBILITY_CHECK, E.ENROL_BY_EXCEPTION, failing) == \
            S.VALUATION


def test_the_preparer_never_approves_but_another_director_may(app):
    with app.test_request_context():
        claim = passing(S.COMPENSATION_CLAIMED, E.APPROVE_COMPENSATION)
        with pytest.raises(InvalidTransition):
            PLEDGE_FLOW.apply(S.COMPENSATION_CLAIMED, E.APPROVE_COMPENSATION,
                              replace(claim, actor_id=7, claim_prepared_by_id=7))
        assert PLEDGE_FLOW.apply(S.COMPENSATION_CLAIMED, E.APPROVE_COMPENSATION,
                                 replace(claim, actor_id=8, claim_prepared_by_id=7)) == \
            S.COMPENSATION_APPROVED


def test_a_default_is_declared_exactly_at_the_parameter(app):
    with app.test_request_context():
        at = replace(ALL_PASS, days_overdue=30, default_after_days=30)
        assert PLEDGE_FLOW.apply(S.OVERDUE, E.DECLARE_DEFAULT, at) == S.DEFAULT
        with pytest.raises(InvalidTransition):
            PLEDGE_FLOW.apply(S.OVERDUE, E.DECLARE_DEFAULT, replace(at, days_overdue=29))


def test_the_claim_may_be_filed_on_the_last_day_of_its_window(app):
    with app.test_request_context():
        assert PLEDGE_FLOW.apply(S.DEFAULT, E.FILE_CLAIM,
                                 replace(ALL_PASS, claim_window_end=TODAY)) == \
            S.COMPENSATION_CLAIMED


# ---------------------------------------------------------------------------- clocks

def test_each_clock_has_a_period_a_basis_and_the_one_to_act():
    assert set(wf.DEADLINES) == {"bank_review", "registration", "claim", "subsidy_review"}
    for kind, rule in wf.DEADLINES.items():
        assert rule.kind == kind and rule.title and rule.basis
        assert rule.who == ("fund_manager" if kind == "subsidy_review" else "bank")
        Period.parse(rule.period)
    # DOMAIN.md gives no period for the subsidy review: the centre's target, said so.
    assert wf.DEADLINES["subsidy_review"].period == wf.SUBSIDY_REVIEW_TARGET
    assert "可配置" in wf.DEADLINES["subsidy_review"].basis
    assert wf.DEADLINES["registration"].period == "3wd"
    assert "专利权质押登记办法" in wf.DEADLINES["registration"].basis
    assert wf.DEADLINES["bank_review"].period == wf.BANK_REVIEW_TARGET
    assert wf.DEADLINES["claim"].period == wf.CLAIM_WINDOW


# ---------------------------------------------------------------------------- on real rows

def _application(crew, db):
    import uuid

    from ipcenter.pledge import services
    from tests.pledge.conftest import NOW, held_right

    right = held_right(db, crew.firm_org)
    return services.file_application(services.FilingData(
        bank_org_id=crew.bank_org.id, amount="1000000.03", term_months=12,
        use_of_funds="流动资金", right_ids=[right.id], valuer_org_id=crew.valuer_org.id,
        insurer_org_id=crew.insurer_org.id), crew.firm, NOW, uuid.uuid4().hex)


@pytest.mark.parametrize("transition", PLEDGE_FLOW.transitions,
                         ids=lambda t: f"{t.source}-{t.event}")
def test_only_those_standing_for_the_application_may_fire(db, crew, transition):
    from ipcenter.auth.policy import can

    application = _application(crew, db)
    application.state = transition.source
    pair = (application, transition.event)
    may = {name for name in ("firm", "fund", "bank", "other_bank", "valuer", "insurer",
                             "director") if can(getattr(crew, name), "pledge.act", pair)}
    names = {"firm": "firm", "fund_manager": "fund", "bank": "bank", "valuer": "valuer",
             "insurer": "insurer", "director": "director"}
    assert may == {names[role] for role in transition.roles}
    assert "other_bank" not in may  # a bank never acts on another bank's application


def test_a_valuer_or_insurer_not_named_on_the_application_may_not_act(db, crew, make_org,
                                                                     make_user):
    from ipcenter.auth.policy import can

    application = _application(crew, db)
    application.state = S.VALUATION
    stranger = make_user("valuer", org=make_org("valuer"))
    assert can(crew.valuer, "pledge.act", (application, E.SUBMIT_VALUATION))
    assert not can(stranger, "pledge.act", (application, E.SUBMIT_VALUATION))
    application.state = S.INSURER_REVIEW
    assert not can(make_user("insurer", org=make_org("insurer")), "pledge.act",
                   (application, E.ACCEPT_COVER))


def test_a_filing_twice_is_one_application_and_bad_figures_write_nothing(db, crew):
    import uuid

    import sqlalchemy as sa

    from ipcenter.core.errors import InvalidInput
    from ipcenter.pledge import services
    from ipcenter.pledge.models import PledgeApplication
    from tests.pledge.conftest import NOW, held_right

    right = held_right(db, crew.firm_org)
    token = uuid.uuid4().hex

    def data(**changes):
        values = {"bank_org_id": crew.bank_org.id, "amount": "500000.00", "term_months": 12,
                      "use_of_funds": "研发", "right_ids": [right.id]}
        values.update(changes)
        return services.FilingData(**values)

    first = services.file_application(data(), crew.firm, NOW, token)
    assert services.file_application(data(), crew.firm, NOW, token) is first
    assert first.state == S.APPLIED and first.borrowers[0].organisation_id == crew.firm_org.id
    for bad in ({"amount": "1.005"}, {"amount": "-5"}, {"amount": "0"},
                {"term_months": 0}, {"right_ids": []},
                {"bank_org_id": crew.valuer_org.id}):
        with pytest.raises(InvalidInput):
            services.file_application(data(**bad), crew.firm, NOW, uuid.uuid4().hex)
    with pytest.raises(InvalidInput):  # a bank does not apply
        services.file_application(data(), crew.bank, NOW, uuid.uuid4().hex)
    assert db.session.execute(sa.select(sa.func.count(PledgeApplication.id))).scalar() == 1


def test_a_state_outside_the_workflow_is_not_written(db, crew):
    application = _application(crew, db)
    application.state = "tm_closed"
    with pytest.raises(ValueError, match="is not a state of a pledge application"):
        db.session.flush()
    db.session.rollback()


def test_the_new_kinds_of_organisation_pass_the_database_check(db, make_org):
    import sqlalchemy as sa

    assert make_org("valuer").kind == "valuer" and make_org("insurer").kind == "insurer"
    with pytest.raises(sa.exc.IntegrityError):
        make_org("lender")
    db.session.rollback()


def test_a_compensation_the_pool_cannot_cover_is_refused_and_nothing_changes(db, crew):
    from ipcenter.core.errors import InvalidTransition as Refused
    from ipcenter.pledge import ledger, services
    from tests.pledge.conftest import NOW

    application = _application(crew, db)
    application.state = S.COMPENSATION_CLAIMED
    application.claim_amount, application.claim_prepared_by_id = Decimal("1000000.03"), \
        crew.bank.id
    db.session.flush()
    ledger.contribute("city", "540000.01", crew.fund, NOW)
    split = {"pool": "540000.02", "bank": "260000.01", "insurer": "160000.00",
             "valuer": "40000.00"}
    with pytest.raises(Refused) as refused:
        services.approve_compensation(application, crew.director, NOW, split)
    assert "540,000.01" in str(refused.value) or "540000.01" in str(refused.value)
    assert application.state == S.COMPENSATION_CLAIMED and application.loss_split == {}
    ledger.contribute("city", "0.01", crew.fund, NOW)
    services.approve_compensation(application, crew.director, NOW, split)
    services.pay_compensation(application, crew.fund, NOW)
    assert application.state == S.COMPENSATED
    assert ledger.balance() == Decimal("0.00")
    assert ledger.compensated(application.id) == Decimal("540000.02")
