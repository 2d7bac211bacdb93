"""Trademark infringement enforcement (商标侵权行政查处) as data.

States, the transition table, guards, and the deadline rules with their basis (DOMAIN.md §2).
Investigation measures (inspection, inquiry, preservation, seizure) are dated actions with their
own clocks, not states; the path's states are the steps a decision must pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from flask_babel import lazy_gettext as _l

from ipcenter.cases.trademark import penalties
from ipcenter.core.workflow import DeadlineRule, Transition, Workflow
from ipcenter.matters.clocks import hearing_within_horizon


class TS(StrEnum):
    DRAFT = "tm_draft"                    # a complaint being written by the rights holder
    CLUE = "tm_clue"                      # 案件来源登记
    VERIFYING = "tm_verifying"            # 核查
    NOT_FILED = "tm_not_filed"            # 不予立案
    INVESTIGATING = "tm_investigating"    # 立案 → 调查取证
    LEGAL_REVIEW = "tm_legal_review"      # 法制审核
    PRIOR_NOTICE = "tm_prior_notice"      # 告知 (陈述申辩 / 听证 period)
    HEARING_REQUESTED = "tm_hearing_requested"
    HEARING_SCHEDULED = "tm_hearing_scheduled"
    READY = "tm_ready"                    # 复核 done: ready for the decision
    PENALTY_DECIDED = "tm_penalty_decided"
    AWAITING_PAYMENT = "tm_awaiting_payment"
    PAID = "tm_paid"
    COURT_ENFORCEMENT = "tm_court_enforcement"
    NO_PENALTY = "tm_no_penalty"
    REFERRAL_PENDING = "tm_referral_pending"
    REFERRED = "tm_referred"              # 移送公安, waiting for the police answer
    SUSPENDED = "tm_suspended"
    CLOSED = "tm_closed"


class TE(StrEnum):
    SUBMIT = "submit"
    REGISTER = "register"                 # an officer registers a clue directly
    VERIFY = "verify"                     # take up the clue (核查 starts)
    FILE = "file_case"                    # 立案
    DECLINE = "decline"                   # 不予立案
    CLOSE_INVESTIGATION = "close_investigation"
    COMPLETE_REVIEW = "complete_review"
    SEND_NOTICE = "send_notice"
    REQUEST_HEARING = "request_hearing"
    SCHEDULE_HEARING = "schedule_hearing"
    RECORD_HEARING = "record_hearing"
    CLOSE_STATEMENTS = "close_statements"  # the statement period ended or the party spoke
    DECIDE_PENALTY = "decide_penalty"
    DECIDE_NO_PENALTY = "decide_no_penalty"
    SERVE_DECISION = "serve_decision"
    RECORD_PAYMENT = "record_payment"
    REQUEST_ENFORCEMENT = "request_enforcement"
    PROPOSE_REFERRAL = "propose_referral"
    APPROVE_REFERRAL = "approve_referral"
    REJECT_REFERRAL = "reject_referral"
    POLICE_ACCEPTED = "police_accepted"
    POLICE_DECLINED = "police_declined"
    SUSPEND = "suspend"
    RESUME = "resume"
    CLOSE = "close"


STATE_LABELS = {
    TS.DRAFT: _l("Draft complaint"), TS.CLUE: _l("Clue registered"),
    TS.VERIFYING: _l("Being verified"), TS.NOT_FILED: _l("Not filed"),
    TS.INVESTIGATING: _l("Case filed, under investigation"),
    TS.LEGAL_REVIEW: _l("Legal review"), TS.PRIOR_NOTICE: _l("Advance notice served"),
    TS.HEARING_REQUESTED: _l("Hearing requested"),
    TS.HEARING_SCHEDULED: _l("Hearing scheduled"), TS.READY: _l("Ready for decision"),
    TS.PENALTY_DECIDED: _l("Penalty decided"), TS.AWAITING_PAYMENT: _l("Awaiting payment"),
    TS.PAID: _l("Paid"), TS.COURT_ENFORCEMENT: _l("Court enforcement requested"),
    TS.NO_PENALTY: _l("No penalty"), TS.REFERRAL_PENDING: _l("Referral awaiting decision"),
    TS.REFERRED: _l("Referred to the police"), TS.SUSPENDED: _l("Suspended"),
    TS.CLOSED: _l("Closed"),
}

EVENT_LABELS = {
    TE.SUBMIT: _l("Submit the complaint"), TE.REGISTER: _l("Register the clue"),
    TE.VERIFY: _l("Start verification"), TE.FILE: _l("Open a case"),
    TE.DECLINE: _l("Decide not to open a case"),
    TE.CLOSE_INVESTIGATION: _l("End the investigation"),
    TE.COMPLETE_REVIEW: _l("Complete the legal review"),
    TE.SEND_NOTICE: _l("Serve the advance notice"), TE.REQUEST_HEARING: _l("Request a hearing"),
    TE.SCHEDULE_HEARING: _l("Schedule the hearing"), TE.RECORD_HEARING: _l("Record the hearing"),
    TE.CLOSE_STATEMENTS: _l("Close the statement period"),
    TE.DECIDE_PENALTY: _l("Decide a penalty"), TE.DECIDE_NO_PENALTY: _l("Decide no penalty"),
    TE.SERVE_DECISION: _l("Serve the decision"), TE.RECORD_PAYMENT: _l("Record the payment"),
    TE.REQUEST_ENFORCEMENT: _l("Apply for court enforcement"),
    TE.PROPOSE_REFERRAL: _l("Propose referral to the police"),
    TE.APPROVE_REFERRAL: _l("Approve the referral"), TE.REJECT_REFERRAL: _l("Reject the referral"),
    TE.POLICE_ACCEPTED: _l("Record that the police opened a case"),
    TE.POLICE_DECLINED: _l("Record that the police declined"),
    TE.SUSPEND: _l("Suspend"), TE.RESUME: _l("Resume"), TE.CLOSE: _l("Close the case"),
}

TERMINAL = frozenset({TS.NOT_FILED, TS.CLOSED})
# From 立案 on, the party (当事人) follows its case.
PARTY_STATES = frozenset(set(TS) - {TS.DRAFT, TS.CLUE, TS.VERIFYING, TS.NOT_FILED})
ACTIVE = (TS.INVESTIGATING, TS.LEGAL_REVIEW, TS.PRIOR_NOTICE, TS.READY)


@dataclass(frozen=True)
class TFacts:
    today: date | None = None
    has_complaint: bool = False          # marks, party, facts given
    required_uploads: bool = True        # foreign holders: authorisation, authenticity, undertaking
    officers: int = 0
    reason: str = ""
    has_findings: bool = False
    review_done: bool = False
    hearing_right: bool = False
    statement_due: date | None = None
    statement_received: bool = False
    hearing_on: date | None = None
    earliest_hearing: date | None = None
    has_hearing_record: bool = False
    penalty_valid: bool = False
    referral_figures: bool = False
    referral_required: bool = False
    payment_due: date | None = None
    paid_in_full: bool = False
    # For a decision: the referral standing (``services.referral_standing``: clear, required,
    # approved, unknown), the innocent-seller findings, every party's address on record.
    referral_standing: str = "clear"
    innocent_seller: bool = False
    parties_addressed: bool = True
    extra: dict = field(default_factory=dict)


def complaint_complete(f: TFacts):
    if not f.has_complaint:
        return _l("Give the registered mark, the party and the facts.")
    if not f.required_uploads:
        return _l("A foreign rights holder must upload the authorisation of its Chinese agency, "
                  "the authenticity certificate and the undertaking.")
    return None


def two_officers(f: TFacts):
    # 行政处罚法 Art. 42: at least two certified officers.
    return None if f.officers >= 2 else _l("Assign at least two enforcement officers first.")


def reason_given(f: TFacts):
    return None if f.reason.strip() else _l("Give the reasons.")


def findings_given(f: TFacts):
    return None if f.has_findings else _l("Record the investigation's findings first.")


def review_done(f: TFacts):
    return None if f.review_done else _l("Record the legal review's opinion first.")


def may_request_hearing(f: TFacts):
    if not f.hearing_right:
        return _l("The proposed penalty does not reach the amount that gives a right to a hearing.")
    if f.statement_due and f.today and f.today > f.statement_due:
        return _l("The 5 working days to ask for a hearing have passed.")
    return None


def hearing_notice(f: TFacts):
    # 行政处罚法 Art. 64(2): notice at least 7 days (working days, Art. 85) before.
    if f.hearing_on is None:
        return _l("Give the date, time and place of the hearing.")
    if f.earliest_hearing and f.hearing_on < f.earliest_hearing:
        return _l("The hearing must be at least 7 working days after the notice (on or after "
                  "%(day)s).", day=f.earliest_hearing.isoformat())
    return hearing_within_horizon(f.hearing_on, f.today)


def hearing_recorded(f: TFacts):
    return None if f.has_hearing_record else _l("Upload the hearing record first.")


def statements_over(f: TFacts):
    # 行政处罚法 Art. 62/64: no decision before the party could state its case; silence waives.
    if f.statement_received or (f.statement_due and f.today and f.today > f.statement_due):
        return None
    return _l("The party's 5 working days to state its case have not ended.")


def penalty_valid(f: TFacts):
    if f.innocent_seller:
        # 商标法 Art. 60 ¶2: only an order to stop selling, in a 不予行政处罚决定书.
        return _l("An innocent seller is not penalised: decide no penalty, which orders it to "
                  "stop selling.")
    return None if f.penalty_valid else _l("Give a fine within the computed range.")


def no_referral_instead(f: TFacts):
    # 行政处罚法 Art. 27; 国务院令310 Art. 11: no administrative decision in place of a referral.
    if f.referral_standing == "unknown":
        return _l("Record the findings the referral thresholds need first: whether the mark is "
                  "identical, the days of the acts and the figures.")
    if f.referral_standing == "required":
        return _l("The figures reach a criminal threshold: refer the case to the police, or "
                  "record why the criminal elements are not made out and have the director "
                  "approve it.")
    return None


def parties_addressed(f: TFacts):
    # 行政处罚法 Art. 59(1): the decision states the party's name and address.
    return None if f.parties_addressed else _l("Record the party's address first: the decision "
                                               "must state it.")


def referral_grounds(f: TFacts):
    if not f.referral_figures:
        return _l("A referral needs the figures: turnover, gains, sales or label pieces.")
    if not f.referral_required:
        return _l("The figures do not reach a criminal threshold.")
    return reason_given(f)


def payment_overdue(f: TFacts):
    if f.payment_due and f.today and f.today > f.payment_due:
        return None
    return _l("The 15 days to pay have not ended.")


def paid(f: TFacts):
    return None if f.paid_in_full else _l("Record the full amount paid, surcharge included.")


OFFICER = frozenset({"enforcer"})
DIRECTOR = frozenset({"director"})
COMPLAINANT = frozenset({"firm", "agent"})


def _t(source, event, target, *guards, roles=OFFICER, returns=False):
    return Transition(source, event, target, guards=guards, roles=roles, returns=returns,
                      label=EVENT_LABELS[event])


TRANSITIONS = [
    _t(TS.DRAFT, TE.SUBMIT, TS.CLUE, complaint_complete, roles=COMPLAINANT),
    _t(TS.CLUE, TE.VERIFY, TS.VERIFYING),
    _t(TS.VERIFYING, TE.FILE, TS.INVESTIGATING, two_officers, roles=OFFICER | DIRECTOR),
    _t(TS.VERIFYING, TE.DECLINE, TS.NOT_FILED, reason_given, roles=OFFICER | DIRECTOR),
    _t(TS.INVESTIGATING, TE.CLOSE_INVESTIGATION, TS.LEGAL_REVIEW, findings_given),
    _t(TS.LEGAL_REVIEW, TE.COMPLETE_REVIEW, TS.PRIOR_NOTICE, review_done, roles=DIRECTOR),
    _t(TS.PRIOR_NOTICE, TE.REQUEST_HEARING, TS.HEARING_REQUESTED, may_request_hearing,
       roles=COMPLAINANT),
    _t(TS.PRIOR_NOTICE, TE.CLOSE_STATEMENTS, TS.READY, statements_over),
    _t(TS.HEARING_REQUESTED, TE.SCHEDULE_HEARING, TS.HEARING_SCHEDULED, hearing_notice),
    _t(TS.HEARING_SCHEDULED, TE.RECORD_HEARING, TS.READY, hearing_recorded),
    _t(TS.READY, TE.DECIDE_PENALTY, TS.PENALTY_DECIDED, penalty_valid, no_referral_instead,
       parties_addressed, roles=DIRECTOR),
    _t(TS.READY, TE.DECIDE_NO_PENALTY, TS.NO_PENALTY, reason_given, no_referral_instead,
       parties_addressed, roles=DIRECTOR),
    _t(TS.PENALTY_DECIDED, TE.SERVE_DECISION, TS.AWAITING_PAYMENT),
    _t(TS.AWAITING_PAYMENT, TE.RECORD_PAYMENT, TS.PAID, paid),
    _t(TS.AWAITING_PAYMENT, TE.REQUEST_ENFORCEMENT, TS.COURT_ENFORCEMENT, payment_overdue),
    _t(TS.COURT_ENFORCEMENT, TE.RECORD_PAYMENT, TS.PAID, paid),
    _t(TS.PAID, TE.CLOSE, TS.CLOSED),
    _t(TS.NO_PENALTY, TE.CLOSE, TS.CLOSED),
    _t(TS.COURT_ENFORCEMENT, TE.CLOSE, TS.CLOSED, reason_given),
    *[_t(s, TE.PROPOSE_REFERRAL, TS.REFERRAL_PENDING, referral_grounds)
      for s in (TS.INVESTIGATING, TS.LEGAL_REVIEW, TS.READY)],
    _t(TS.REFERRAL_PENDING, TE.APPROVE_REFERRAL, TS.REFERRED, roles=DIRECTOR),
    _t(TS.REFERRAL_PENDING, TE.REJECT_REFERRAL, None, reason_given, roles=DIRECTOR,
       returns=True),
    _t(TS.REFERRED, TE.POLICE_ACCEPTED, TS.CLOSED),
    _t(TS.REFERRED, TE.POLICE_DECLINED, TS.INVESTIGATING, reason_given),
    *[_t(s, TE.SUSPEND, TS.SUSPENDED, reason_given) for s in ACTIVE],
    _t(TS.SUSPENDED, TE.RESUME, None, reason_given, returns=True),
]

TRADEMARK_FLOW = Workflow("trademark_enforcement", TS, TE, TRANSITIONS,
                          state_labels=STATE_LABELS, event_labels=EVENT_LABELS)

# Deadline rules (DOMAIN.md §2, Time limits), each with its basis.
DEADLINES = {
    "verify": DeadlineRule("verify", "核查并决定是否立案", "15wd",
                           "市场监督管理行政处罚程序规定第十八条：15个工作日内，经批准可延长15个工作日；"
                           "检测、检验、检疫、鉴定、权利人辨认或者鉴别等期间不计入", "officers"),
    "preservation": DeadlineRule("preservation", "对先行登记保存的证据作出处理决定", "7wd",
                                 "行政处罚法第五十六条：7日内（工作日，第八十五条）", "officers"),
    "seizure": DeadlineRule("seizure", "查封、扣押期限", "30d",
                            "行政强制法第二十五条：不得超过30日，经批准可延长30日", "officers"),
    "legal_review": DeadlineRule("legal_review", "法制审核", "10wd",
                                 "市场监督管理行政处罚程序规定：收到材料之日起10个工作日内", "director"),
    "statement": DeadlineRule("statement", "陈述、申辩或者要求听证", "5wd",
                              "行政处罚法第六十四条第一项、第八十五条：告知后5个工作日内；逾期视为放弃",
                              "party"),
    "decision": DeadlineRule("decision", "作出处理决定", "90d",
                             "行政处罚法第六十条；程序规定：立案之日起90日内，经批准可延长30日；"
                             "中止、听证、公告、检测检验检疫鉴定、权利人辨认或者鉴别、责令退还期间不计入",
                             "officers"),
    "referral_decision": DeadlineRule("referral_decision", "决定是否移送公安机关", "3d",
                                      "行政执法机关移送涉嫌犯罪案件的规定第五条：3日内作出批准或者不批准的决定",
                                      "director"),
    "payment": DeadlineRule("payment", "缴纳罚款", penalties.PAYMENT_PERIOD,
                            "行政处罚法第六十七条：收到处罚决定书之日起15日内；逾期每日按罚款数额的3%加处罚款",
                            "party"),
}
HEARING_NOTICE = "7wd"

# The states in which the actions that fire no event (a measure, findings, a statement …) are
# offered; each action's service refuses the others.
ACTION_STATES = {
    "measure": frozenset({TS.VERIFYING, TS.INVESTIGATING}),
    "end_measure": frozenset({TS.VERIFYING, TS.INVESTIGATING}),
    "findings": frozenset({TS.INVESTIGATING, TS.LEGAL_REVIEW}),
    "propose_penalty": frozenset({TS.INVESTIGATING, TS.LEGAL_REVIEW}),
    "statement": frozenset({TS.PRIOR_NOTICE}),
    "police_answer": frozenset({TS.REFERRED}),
    "no_referral_reason": frozenset({TS.INVESTIGATING, TS.LEGAL_REVIEW, TS.PRIOR_NOTICE,
                                     TS.READY}),
    "approve_no_referral": frozenset({TS.INVESTIGATING, TS.LEGAL_REVIEW, TS.PRIOR_NOTICE,
                                      TS.READY}),
}
