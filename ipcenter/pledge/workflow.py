"""IP pledge financing (知识产权质押融资, 中山模式) as data: states, the transition table with
the role that fires each event, guards returning a refusal reason, and the clocks with their
basis (DOMAIN.md §4; 中市监〔2021〕216号; 专利权质押登记办法).

Pure: imports neither Flask's request nor the database; the guards read a ``Facts`` snapshot the
services build (the figures of the rules in ``pledge.rules`` arrive there as refusals already
worded, so each rule keeps one home).

State values start with ``pl_``: no two kinds of matter share a state name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from flask_babel import lazy_gettext as _l

from ipcenter.core.workflow import DeadlineRule, Transition, Workflow


class S(StrEnum):
    APPLIED = "pl_applied"
    ELIGIBILITY_CHECK = "pl_eligibility_check"
    VALUATION = "pl_valuation"
    INSURER_REVIEW = "pl_insurer_review"
    BANK_REVIEW = "pl_bank_review"
    APPROVED = "pl_approved"
    DECLINED = "pl_declined"
    WITHDRAWN = "pl_withdrawn"
    CONTRACTS_SIGNED = "pl_contracts_signed"
    REGISTRATION = "pl_registration"
    REGISTERED = "pl_registered"
    DISBURSED = "pl_disbursed"
    MONITORING = "pl_monitoring"
    REPAID = "pl_repaid"
    PLEDGE_RELEASED = "pl_pledge_released"
    SUBSIDY_CLAIMED = "pl_subsidy_claimed"
    SUBSIDY_PREPARED = "pl_subsidy_prepared"
    SUBSIDY_APPROVED = "pl_subsidy_approved"
    SUBSIDY_PAID = "pl_subsidy_paid"
    OVERDUE = "pl_overdue"
    DEFAULT = "pl_default"
    COMPENSATION_CLAIMED = "pl_compensation_claimed"
    COMPENSATION_APPROVED = "pl_compensation_approved"
    COMPENSATED = "pl_compensated"
    RECOVERY = "pl_recovery"
    RECOVERED_IN_PART = "pl_recovered_in_part"
    WRITTEN_OFF = "pl_written_off"


class E(StrEnum):
    BEGIN_CHECK = "begin_check"
    ENROL = "enrol"
    ENROL_BY_EXCEPTION = "enrol_by_exception"
    SUBMIT_VALUATION = "submit_valuation"
    ACCEPT_COVER = "accept_cover"
    APPROVE = "approve"
    DECLINE = "decline"
    WITHDRAW = "withdraw"
    SIGN_CONTRACTS = "sign_contracts"
    FILE_REGISTRATION = "file_registration"
    REGISTRATION_REFUSED = "registration_refused"
    RECORD_REGISTRATION = "record_registration"
    DISBURSE = "disburse"
    BEGIN_MONITORING = "begin_monitoring"
    RECORD_REPAID = "record_repaid"
    RELEASE_PLEDGE = "release_pledge"
    CLAIM_SUBSIDY = "claim_subsidy"
    PREPARE_SUBSIDY = "prepare_subsidy"
    APPROVE_SUBSIDY = "approve_subsidy"
    RETURN_SUBSIDY = "return_subsidy"
    PAY_SUBSIDY = "pay_subsidy"
    REFUSE_SUBSIDY = "refuse_subsidy"
    MARK_OVERDUE = "mark_overdue"
    CURE = "cure"
    DECLARE_DEFAULT = "declare_default"
    FILE_CLAIM = "file_claim"
    RETURN_CLAIM = "return_claim"
    APPROVE_COMPENSATION = "approve_compensation"
    PAY_COMPENSATION = "pay_compensation"
    BEGIN_RECOVERY = "begin_recovery"
    CLOSE_RECOVERY = "close_recovery"
    WRITE_OFF = "write_off"


STATE_LABELS = {
    S.APPLIED: _l("Applied, awaiting the fund manager"),
    S.ELIGIBILITY_CHECK: _l("Eligibility and enrolment check"),
    S.VALUATION: _l("Valuation of the rights"),
    S.INSURER_REVIEW: _l("Insurer's review"),
    S.BANK_REVIEW: _l("Bank's credit review"),
    S.APPROVED: _l("Loan approved"),
    S.DECLINED: _l("Declined"),
    S.WITHDRAWN: _l("Withdrawn by the firm"),
    S.CONTRACTS_SIGNED: _l("Loan and pledge contracts signed"),
    S.REGISTRATION: _l("Pledge registration filed"),
    S.REGISTERED: _l("Pledge registered"),
    S.DISBURSED: _l("Loan disbursed"),
    S.MONITORING: _l("Repaying (post-loan monitoring)"),
    S.REPAID: _l("Repaid in full"),
    S.PLEDGE_RELEASED: _l("Pledge released"),
    S.SUBSIDY_CLAIMED: _l("Subsidy claimed"),
    S.SUBSIDY_PREPARED: _l("Subsidy reviewed, awaiting the director"),
    S.SUBSIDY_APPROVED: _l("Subsidy approved, awaiting payment"),
    S.SUBSIDY_PAID: _l("Subsidy paid"),
    S.OVERDUE: _l("Overdue, in arrears"),
    S.DEFAULT: _l("In default"),
    S.COMPENSATION_CLAIMED: _l("Compensation claimed"),
    S.COMPENSATION_APPROVED: _l("Compensation approved"),
    S.COMPENSATED: _l("Compensated by the pool"),
    S.RECOVERY: _l("Recovery under way"),
    S.RECOVERED_IN_PART: _l("Closed with recoveries returned"),
    S.WRITTEN_OFF: _l("Written off"),
}

EVENT_LABELS = {
    E.BEGIN_CHECK: _l("Begin the eligibility check"),
    E.ENROL: _l("Enrol in the pool and send for valuation"),
    E.ENROL_BY_EXCEPTION: _l("Approve enrolment as an exception"),
    E.SUBMIT_VALUATION: _l("Submit the valuation report"),
    E.ACCEPT_COVER: _l("Accept cover and send to the bank"),
    E.APPROVE: _l("Approve the loan"),
    E.DECLINE: _l("Decline"),
    E.WITHDRAW: _l("Withdraw the application"),
    E.SIGN_CONTRACTS: _l("Record the signed contracts"),
    E.FILE_REGISTRATION: _l("Record the filing for pledge registration"),
    E.REGISTRATION_REFUSED: _l("Record that registration was refused"),
    E.RECORD_REGISTRATION: _l("Record the registration notice"),
    E.DISBURSE: _l("Record the disbursement"),
    E.BEGIN_MONITORING: _l("Record the repayment schedule"),
    E.RECORD_REPAID: _l("Record repayment in full"),
    E.RELEASE_PLEDGE: _l("Record the release of the pledge"),
    E.CLAIM_SUBSIDY: _l("Claim the subsidy"),
    E.PREPARE_SUBSIDY: _l("Review the subsidy claim and prepare it for approval"),
    E.APPROVE_SUBSIDY: _l("Approve payment of the subsidy"),
    E.RETURN_SUBSIDY: _l("Return the subsidy claim for review"),
    E.PAY_SUBSIDY: _l("Record the subsidy as paid"),
    E.REFUSE_SUBSIDY: _l("Refuse the subsidy"),
    E.MARK_OVERDUE: _l("Record that the loan is overdue"),
    E.CURE: _l("Record that the arrears are paid"),
    E.DECLARE_DEFAULT: _l("Declare a default"),
    E.FILE_CLAIM: _l("File the compensation claim"),
    E.RETURN_CLAIM: _l("Return the claim for correction"),
    E.APPROVE_COMPENSATION: _l("Approve the compensation"),
    E.PAY_COMPENSATION: _l("Pay the pool's share"),
    E.BEGIN_RECOVERY: _l("Begin recovery"),
    E.CLOSE_RECOVERY: _l("Close recovery and return the proceeds"),
    E.WRITE_OFF: _l("Write off the loss"),
}

# The normal ends of a loan (its clocks are "met" there) and every end.
CLOSED_NORMALLY = frozenset({S.PLEDGE_RELEASED, S.SUBSIDY_PAID, S.RECOVERED_IN_PART,
                             S.WRITTEN_OFF})
TERMINAL = CLOSED_NORMALLY | {S.DECLINED, S.WITHDRAWN}
# Before the bank approves, the firm may withdraw (nothing is owed yet).
BEFORE_APPROVAL = (S.APPLIED, S.ELIGIBILITY_CHECK, S.VALUATION, S.INSURER_REVIEW,
                   S.BANK_REVIEW)
# States in which money is lent and not yet repaid or compensated: the outstanding principal
# counts against the pool's headroom and the firm's cap.
OUTSTANDING = frozenset({S.DISBURSED, S.MONITORING, S.OVERDUE, S.DEFAULT,
                         S.COMPENSATION_CLAIMED, S.COMPENSATION_APPROVED})
# States in which an approved loan exists (its amount counts against the firm's cap).
OPEN_LOAN = frozenset({S.APPROVED, S.CONTRACTS_SIGNED, S.REGISTRATION, S.REGISTERED,
                       *OUTSTANDING})


@dataclass(frozen=True)
class Facts:
    """What the guards need to know, gathered by the services. ``*_refusal`` fields carry a
    rule's worded refusal (``pledge.rules``), or None when the rule passes."""

    today: date | None = None
    actor_id: int | None = None
    reason: str = ""
    has_rights: bool = False
    has_use_of_funds: bool = False
    eligibility_refusal: object = None       # the failed 216号 criteria, worded
    collateral_refusal: object = None        # the first failed check on a right, worded
    all_rights_valued: bool = False
    has_valuation_report: bool = False
    checklist_complete: bool = False
    approved_figures_refusal: object = None  # amount / rate / term as approved
    ltv_refusal: object = None               # loan-to-value and the per-firm cap
    headroom_refusal: object = None          # outstanding ≤ 10 × pool balance
    has_contracts: bool = False
    registration_filed_on: date | None = None
    has_registration_notice: bool = False
    disbursed_on: date | None = None
    has_schedule: bool = False
    all_instalments_paid: bool = False
    days_overdue: int = 0                    # since the earliest unpaid instalment fell due
    in_arrears: bool = False                 # an instalment due by today is unpaid
    default_after_days: int = 90
    has_release_notice: bool = False
    subsidy_refusal: object = None           # parameters off, or no subsidy due
    subsidy_prepared_by_id: int | None = None
    subsidy_paid_on: date | None = None
    claim_window_end: date | None = None
    claim_amount: Decimal | None = None
    claim_prepared_by_id: int | None = None
    pool_refusal: object = None              # the pool cannot pay this share
    recovered: Decimal = Decimal(0)


# Guards: each returns None (passes) or the reason the user reads.

def complete_application(f: Facts):
    if not f.has_rights:
        return _l("Choose at least one right to pledge.")
    if not f.has_use_of_funds:
        return _l("State what the loan will be used for.")
    return None


def eligible(f: Facts):
    if f.eligibility_refusal:
        return f.eligibility_refusal
    return f.collateral_refusal


def exception_allowed(f: Facts):
    # The director may enrol a firm that fails a criterion of the 216号 rules, with reasons;
    # never a right that fails a collateral check (registration would be refused).
    if f.collateral_refusal:
        return f.collateral_refusal
    return reason_given(f)


def valued(f: Facts):
    if not f.has_valuation_report:
        return _l("Give the valuation report's number.")
    if not f.all_rights_valued:
        return _l("Give the value of every pledged right.")
    return None


def reason_given(f: Facts):
    return None if f.reason.strip() else _l("Give the reasons.")


def approvable(f: Facts):
    if not f.checklist_complete:
        return _l("Every item of the due-diligence checklist must be checked before approval.")
    return f.approved_figures_refusal or f.collateral_refusal or f.ltv_refusal or \
        f.headroom_refusal


def contracts_uploaded(f: Facts):
    return None if f.has_contracts else _l(
        "Give the numbers of the signed loan and pledge contracts and the day they were signed.")


def registration_filed(f: Facts):
    if f.registration_filed_on is None:
        return _l("Give the day the complete registration filing was made.")
    if f.today is not None and f.registration_filed_on > f.today:
        return _l("The filing day cannot be in the future.")
    return None


def registration_notice(f: Facts):
    return None if f.has_registration_notice else _l(
        "Give the number and day of the pledge registration notice (质押登记通知书).")


def disbursed(f: Facts):
    if f.disbursed_on is None:
        return _l("Give the day the loan was disbursed.")
    if f.today is not None and f.disbursed_on > f.today:
        return _l("The disbursement day cannot be in the future.")
    return None


def schedule_recorded(f: Facts):
    return None if f.has_schedule else _l("Record the repayment schedule first.")


def repaid_in_full(f: Facts):
    return None if f.all_instalments_paid else _l("Instalments remain unpaid.")


def release_notice(f: Facts):
    return None if f.has_release_notice else _l(
        "Give the day the pledge's registration was cancelled (质押注销).")


def subsidy_claimable(f: Facts):
    return f.subsidy_refusal


def subsidy_not_the_preparer(f: Facts):
    # Maker–checker, as for compensation: whoever prepared the subsidy never approves it.
    if f.subsidy_prepared_by_id is None:
        return _l("The subsidy has no preparer on record.")
    if f.actor_id is not None and f.actor_id == f.subsidy_prepared_by_id:
        return _l("The one who prepared the subsidy cannot approve it.")
    return None


def subsidy_paid_on(f: Facts):
    if f.subsidy_paid_on is None:
        return _l("Give the day the subsidy was paid.")
    if f.today is not None and f.subsidy_paid_on > f.today:
        return _l("The payment day cannot be in the future.")
    return None


def is_overdue(f: Facts):
    return None if f.days_overdue > 0 else _l("No instalment is overdue.")


def arrears_paid(f: Facts):
    return None if not f.in_arrears else _l("An instalment is still overdue.")


def overdue_long_enough(f: Facts):
    if f.days_overdue < f.default_after_days:
        return _l("A default is declared after %(days)s days overdue; this loan is %(n)s days "
                  "overdue.", days=f.default_after_days, n=f.days_overdue)
    return None


def claim_in_time(f: Facts):
    if f.claim_window_end is not None and f.today is not None and f.today > f.claim_window_end:
        return _l("The period to claim compensation ended on %(day)s.",
                  day=f.claim_window_end.isoformat())
    if f.claim_amount is None or f.claim_amount <= 0:
        return _l("Give the unpaid principal claimed.")
    return None


def not_the_preparer(f: Facts):
    # Maker–checker: whoever prepared the claim never approves it.
    if f.claim_prepared_by_id is None:
        return _l("The claim has no preparer on record.")
    if f.actor_id is not None and f.actor_id == f.claim_prepared_by_id:
        return _l("The one who prepared the claim cannot approve it.")
    return None


def pool_can_pay(f: Facts):
    return f.pool_refusal


def recoveries_received(f: Facts):
    return None if f.recovered > 0 else _l(
        "No recovery has been received: write the loss off instead.")


def write_off_reasons(f: Facts):
    # What recovery did not bring back is written off, with reasons (all of the loss when
    # nothing was recovered).
    return reason_given(f)


FIRM = frozenset({"firm"})
FUND = frozenset({"fund_manager"})
VALUER = frozenset({"valuer"})
INSURER = frozenset({"insurer"})
BANK = frozenset({"bank"})
DIRECTOR = frozenset({"director"})


def _t(source, event, target, *guards, roles):
    return Transition(source, event, target, guards=guards, roles=roles,
                      label=EVENT_LABELS[event])


TRANSITIONS = [
    # Application and enrolment (入池).
    _t(S.APPLIED, E.BEGIN_CHECK, S.ELIGIBILITY_CHECK, complete_application, roles=FUND),
    _t(S.ELIGIBILITY_CHECK, E.ENROL, S.VALUATION, eligible, roles=FUND),
    _t(S.ELIGIBILITY_CHECK, E.ENROL_BY_EXCEPTION, S.VALUATION, exception_allowed,
       roles=DIRECTOR),
    _t(S.ELIGIBILITY_CHECK, E.DECLINE, S.DECLINED, reason_given, roles=FUND),
    # Valuation, cover, credit review.
    _t(S.VALUATION, E.SUBMIT_VALUATION, S.INSURER_REVIEW, valued, roles=VALUER),
    _t(S.INSURER_REVIEW, E.ACCEPT_COVER, S.BANK_REVIEW, roles=INSURER),
    _t(S.INSURER_REVIEW, E.DECLINE, S.DECLINED, reason_given, roles=INSURER),
    _t(S.BANK_REVIEW, E.APPROVE, S.APPROVED, approvable, roles=BANK),
    _t(S.BANK_REVIEW, E.DECLINE, S.DECLINED, reason_given, roles=BANK),
    *[_t(s, E.WITHDRAW, S.WITHDRAWN, roles=FIRM) for s in BEFORE_APPROVAL],
    # Contracts, registration, money.
    _t(S.APPROVED, E.SIGN_CONTRACTS, S.CONTRACTS_SIGNED, contracts_uploaded, roles=BANK),
    _t(S.CONTRACTS_SIGNED, E.FILE_REGISTRATION, S.REGISTRATION, registration_filed,
       roles=BANK),
    _t(S.REGISTRATION, E.REGISTRATION_REFUSED, S.CONTRACTS_SIGNED, reason_given, roles=BANK),
    _t(S.REGISTRATION, E.RECORD_REGISTRATION, S.REGISTERED, registration_notice, roles=BANK),
    _t(S.REGISTERED, E.DISBURSE, S.DISBURSED, disbursed, roles=BANK),
    _t(S.DISBURSED, E.BEGIN_MONITORING, S.MONITORING, schedule_recorded, roles=BANK),
    # Repayment, release, subsidy.
    _t(S.MONITORING, E.RECORD_REPAID, S.REPAID, repaid_in_full, roles=BANK),
    _t(S.REPAID, E.RELEASE_PLEDGE, S.PLEDGE_RELEASED, release_notice, roles=BANK),
    # Subsidies (贴息、评估费补贴) are paid from the city's subsidy fund, not the pool: the firm
    # claims once the pledge is released (DOMAIN.md §4: REPAID → PLEDGE_RELEASED →
    # SUBSIDY_CLAIM), only while the parameters in force offer a subsidy
    # (``rules.parameters``, off by default); the fund manager reviews and prepares, the
    # director approves payment (never the preparer, as for compensation), the fund manager
    # records it paid. A refused claim returns to the released loan, to be claimed again.
    _t(S.PLEDGE_RELEASED, E.CLAIM_SUBSIDY, S.SUBSIDY_CLAIMED, subsidy_claimable, roles=FIRM),
    _t(S.SUBSIDY_CLAIMED, E.PREPARE_SUBSIDY, S.SUBSIDY_PREPARED, subsidy_claimable,
       roles=FUND),
    _t(S.SUBSIDY_CLAIMED, E.REFUSE_SUBSIDY, S.PLEDGE_RELEASED, reason_given, roles=FUND),
    _t(S.SUBSIDY_PREPARED, E.APPROVE_SUBSIDY, S.SUBSIDY_APPROVED, subsidy_not_the_preparer,
       subsidy_claimable, roles=DIRECTOR),
    _t(S.SUBSIDY_PREPARED, E.RETURN_SUBSIDY, S.SUBSIDY_CLAIMED, reason_given, roles=DIRECTOR),
    _t(S.SUBSIDY_APPROVED, E.PAY_SUBSIDY, S.SUBSIDY_PAID, subsidy_paid_on, roles=FUND),
    # The loss branch.
    _t(S.MONITORING, E.MARK_OVERDUE, S.OVERDUE, is_overdue, roles=BANK),
    _t(S.OVERDUE, E.CURE, S.MONITORING, arrears_paid, roles=BANK),
    _t(S.OVERDUE, E.DECLARE_DEFAULT, S.DEFAULT, overdue_long_enough, roles=BANK),
    _t(S.DEFAULT, E.FILE_CLAIM, S.COMPENSATION_CLAIMED, claim_in_time, roles=BANK),
    _t(S.COMPENSATION_CLAIMED, E.RETURN_CLAIM, S.DEFAULT, reason_given, roles=FUND),
    _t(S.COMPENSATION_CLAIMED, E.APPROVE_COMPENSATION, S.COMPENSATION_APPROVED,
       not_the_preparer, pool_can_pay, roles=DIRECTOR),
    _t(S.COMPENSATION_APPROVED, E.PAY_COMPENSATION, S.COMPENSATED, pool_can_pay, roles=FUND),
    _t(S.COMPENSATED, E.BEGIN_RECOVERY, S.RECOVERY, roles=BANK),
    _t(S.RECOVERY, E.CLOSE_RECOVERY, S.RECOVERED_IN_PART, recoveries_received, roles=FUND),
    _t(S.RECOVERY, E.WRITE_OFF, S.WRITTEN_OFF, write_off_reasons, roles=FUND),
]

PLEDGE_FLOW = Workflow("pledge_financing", S, E, TRANSITIONS, state_labels=STATE_LABELS,
                       event_labels=EVENT_LABELS)


# Parameters (each a figure with its source; the services may read overrides from config).
# The centre's own service target for the bank's credit review (not a statute).
BANK_REVIEW_TARGET = "10wd"
# Days overdue after which the bank may declare a default (216号 leaves it open: DOMAIN.md §4).
DEFAULT_AFTER_DAYS = 90
# The period after a default in which the bank files its compensation claim.
CLAIM_WINDOW = "6m"
# The centre's own service target for reviewing a subsidy claim (DOMAIN.md §4 gives no period;
# configurable, not a statute).
SUBSIDY_REVIEW_TARGET = "15wd"

DEADLINES = {
    "bank_review": DeadlineRule(
        "bank_review", "银行审贷", BANK_REVIEW_TARGET,
        "中心服务承诺：保险机构同意承保后，合作银行于10个工作日内作出审贷意见（可配置）",
        "bank"),
    "registration": DeadlineRule(
        "registration", "办理质押登记", "3wd",
        "专利权质押登记办法：材料齐全之日起3个工作日内办结（商标专用权质押为5个工作日）",
        "bank"),
    "claim": DeadlineRule(
        "claim", "提交风险补偿申请", CLAIM_WINDOW,
        "中市监〔2021〕216号：贷款认定为不良后，合作银行在规定期限内提出补偿申请（期限为参数）",
        "bank"),
    "subsidy_review": DeadlineRule(
        "subsidy_review", "审核补贴申请", SUBSIDY_REVIEW_TARGET,
        "中心服务承诺：收到贴息及评估费补贴申请后15个工作日内完成审核（可配置，非法定期限）",
        "fund_manager"),
}
