"""Patent-infringement administrative adjudication (专利侵权纠纷行政裁决) as data.

States, the transition table, guards returning a refusal reason, and the deadline rules with
their legal basis (DOMAIN.md §1 and §5). Pure: imports neither Flask nor the database; guards
read a ``Facts`` snapshot the service builds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from flask_babel import lazy_gettext as _l

from ipcenter.core.formatting import zh_date
from ipcenter.core.workflow import DeadlineRule, Transition, Workflow
from ipcenter.matters.clocks import hearing_within_horizon


class S(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    REJECTED = "rejected"
    ACCEPTED = "accepted"
    SERVED = "served"
    EXAMINATION = "examination"
    HEARING_SCHEDULED = "hearing_scheduled"
    DECISION_DRAFTED = "decision_drafted"
    DECIDED = "decided"
    DECISION_SERVED = "decision_served"
    LITIGATION = "litigation"
    FINAL = "final"
    COMPLIED = "complied"
    ENFORCEMENT_REQUESTED = "enforcement_requested"
    CLOSED = "closed"
    SUSPENDED = "suspended"
    MEDIATING = "mediating"
    MEDIATED = "mediated"
    WITHDRAWN = "withdrawn"
    REVOKED = "revoked"


class E(StrEnum):
    SUBMIT = "submit"
    ACCEPT = "accept"
    REFUSE = "refuse"
    SERVE = "serve"
    BEGIN_EXAMINATION = "begin_examination"
    SCHEDULE_HEARING = "schedule_hearing"
    RECORD_HEARING = "record_hearing"
    DRAFT_DECISION = "draft_decision"
    RETURN_DRAFT = "return_draft"
    APPROVE_DECISION = "approve_decision"
    SERVE_DECISION = "serve_decision"
    RECORD_SUIT = "record_suit"
    FINALIZE = "finalize"
    RECORD_COMPLIANCE = "record_compliance"
    APPLY_ENFORCEMENT = "apply_enforcement"
    CLOSE = "close"
    START_PAUSE = "start_pause"
    END_PAUSE = "end_pause"
    RECORD_ADDRESS = "record_address"
    SUSPEND = "suspend"
    RESUME = "resume"
    START_MEDIATION = "start_mediation"
    MEDIATION_AGREED = "mediation_agreed"
    MEDIATION_FAILED = "mediation_failed"
    WITHDRAW = "withdraw"
    REVOKE = "revoke"


STATE_LABELS = {
    S.DRAFT: _l("Draft"), S.SUBMITTED: _l("Submitted, awaiting acceptance"),
    S.REJECTED: _l("Not accepted"), S.ACCEPTED: _l("Accepted"),
    S.SERVED: _l("Served, answer period"), S.EXAMINATION: _l("Under examination"),
    S.HEARING_SCHEDULED: _l("Oral hearing scheduled"),
    S.DECISION_DRAFTED: _l("Decision awaiting approval"), S.DECIDED: _l("Decided"),
    S.DECISION_SERVED: _l("Decision served, suit period"), S.LITIGATION: _l("In litigation"),
    S.FINAL: _l("Decision final"), S.COMPLIED: _l("Decision complied with"),
    S.ENFORCEMENT_REQUESTED: _l("Court enforcement applied for"), S.CLOSED: _l("Closed and archived"),
    S.SUSPENDED: _l("Suspended"), S.MEDIATING: _l("In mediation"),
    S.MEDIATED: _l("Closed by mediation"), S.WITHDRAWN: _l("Withdrawn"),
    S.REVOKED: _l("Case revoked"),
}

EVENT_LABELS = {
    E.SUBMIT: _l("Submit"), E.ACCEPT: _l("Accept the case"), E.REFUSE: _l("Refuse to accept"),
    E.SERVE: _l("Serve on the respondent"), E.BEGIN_EXAMINATION: _l("Begin examination"),
    E.SCHEDULE_HEARING: _l("Schedule an oral hearing"),
    E.RECORD_HEARING: _l("Record the hearing"), E.DRAFT_DECISION: _l("Submit the draft decision"),
    E.RETURN_DRAFT: _l("Return the draft"), E.APPROVE_DECISION: _l("Approve and issue the decision"),
    E.SERVE_DECISION: _l("Serve the decision"), E.RECORD_SUIT: _l("Record a suit"),
    E.FINALIZE: _l("Record that no suit was filed"),
    E.RECORD_COMPLIANCE: _l("Record that the decision was complied with"),
    E.APPLY_ENFORCEMENT: _l("Record the application for court enforcement"),
    E.CLOSE: _l("Close and archive"),
    E.START_PAUSE: _l("Record a period not counted (announcement, appraisal)"),
    E.END_PAUSE: _l("End a period not counted"),
    E.RECORD_ADDRESS: _l("Record a party's address"),
    E.SUSPEND: _l("Suspend"), E.RESUME: _l("Resume"), E.START_MEDIATION: _l("Start mediation"),
    E.MEDIATION_AGREED: _l("Record the mediation agreement"),
    E.MEDIATION_FAILED: _l("Record that mediation failed"), E.WITHDRAW: _l("Withdraw"),
    E.REVOKE: _l("Revoke the case"),
}

TERMINAL = frozenset({S.REJECTED, S.CLOSED, S.MEDIATED, S.WITHDRAWN, S.REVOKED})
# States in which the respondent has been served and follows the case.
SERVED_STATES = frozenset(set(S) - {S.DRAFT, S.SUBMITTED, S.REJECTED, S.ACCEPTED})
# "Active" states from which the side states (suspension, mediation, withdrawal) are reached.
ACTIVE = (S.ACCEPTED, S.SERVED, S.EXAMINATION, S.HEARING_SCHEDULED)
# The panel is formed or completed while the case is being heard, never after the decision.
PANEL_STATES = frozenset({*ACTIVE, S.SUSPENDED, S.MEDIATING})
# A period not counted, once started, may end while the case is suspended, mediated or drafted.
PAUSE_STATES = (*ACTIVE, S.SUSPENDED, S.MEDIATING, S.DECISION_DRAFTED)
# A party's address is completed while the case is heard and before the decision issues.
ADDRESS_STATES = (*ACTIVE, S.SUSPENDED, S.MEDIATING, S.DECISION_DRAFTED)


@dataclass(frozen=True)
class Facts:
    """What the guards need to know, gathered by the service."""

    today: date | None = None
    has_respondent: bool = False
    has_patent: bool = False
    has_claim: bool = False
    has_proof_of_right: bool = False
    checklist_complete: bool = False
    reason: str = ""
    panel_size: int = 0
    panel_has_presiding: bool = False
    answered: bool = False
    answer_due: date | None = None
    hearing_on: date | None = None
    earliest_hearing: date | None = None
    has_hearing_record: bool = False
    has_invalidation_notice: bool = False
    decision_complete: bool = False
    suit_window_end: date | None = None
    # A pause event (公告, 鉴定, 中止) still open, and the kinds open.
    open_pauses: tuple = ()
    # The parties whose address is missing (a decision names each party's address).
    parties_without_address: tuple = ()
    # The decision ordered the respondent to stop (compliance or enforcement follows).
    stop_ordered: bool = False
    # The last day the office may apply to the court for enforcement (行政强制法 Art. 53), and
    # whether that day has passed.
    enforcement_due: date | None = None
    enforcement_window_over: bool = False
    extra: dict = field(default_factory=dict)


# Guards: each returns None (passes) or the reason the user reads.

def complete_request(f: Facts):
    if not f.has_respondent:
        return _l("Name at least one respondent.")
    if not f.has_patent:
        return _l("Give a valid patent number.")
    if not f.has_claim:
        return _l("State the claim and the facts and reasons.")
    if not f.has_proof_of_right:
        return _l("Attach the proof of right (patent certificate and annuity receipt).")
    return None


def checklist_done(f: Facts):
    return None if f.checklist_complete else _l(
        "Every filing condition must be checked before the case is accepted.")


def reason_given(f: Facts):
    return None if f.reason.strip() else _l("Give the reasons.")


def panel_formed(f: Facts):
    # 合议组 of three or more, an odd number, one presiding (DOMAIN.md §1, Roles).
    if f.panel_size < 3 or f.panel_size % 2 == 0 or not f.panel_has_presiding:
        return _l("Form a panel of an odd number of at least three members, one presiding.")
    return None


def answer_in_or_period_over(f: Facts):
    # 执法办法: a late or missing answer does not stop the case once the 15 days have run.
    if f.answered or (f.answer_due is not None and f.today is not None and f.today > f.answer_due):
        return None
    return _l("Wait for the answer or for the answer period to end.")


def hearing_notice_period(f: Facts):
    # 口头审理通知: at least 3 working days before the hearing.
    if f.hearing_on is None:
        return _l("Give the date, time and place of the hearing.")
    if f.earliest_hearing is not None and f.hearing_on < f.earliest_hearing:
        return _l("The hearing must be at least 3 working days after the notice (on or after "
                  "%(day)s).", day=f.earliest_hearing.isoformat())
    return hearing_within_horizon(f.hearing_on, f.today)


def hearing_recorded(f: Facts):
    return None if f.has_hearing_record else _l("Upload the hearing record first.")


def invalidation_accepted(f: Facts):
    # CNIPA reply of 2022-07-18: the 无效宣告请求受理通知书 is required; a fee receipt is not enough.
    if not f.has_invalidation_notice:
        return _l("Suspension needs the national office's notice accepting the invalidation "
                  "request (无效宣告请求受理通知书).")
    return reason_given(f)


def decision_complete(f: Facts):
    return None if f.decision_complete else _l(
        "The decision needs the findings, the basis and the outcome; an order to stop must state "
        "the type, object and scope of the acts.")


def no_open_pause(f: Facts):
    # A decision is drafted once the announcement or appraisal it waits for has ended.
    if f.open_pauses:
        return _l("End the period not counted (%(kinds)s) before drafting the decision.",
                  kinds="、".join(f.open_pauses))
    return None


def decision_ready(f: Facts):
    return decision_complete(f) or no_open_pause(f)


def parties_addressed(f: Facts):
    # 处理决定书 names each party and its address (专利纠纷行政裁决和调解办法; DOMAIN.md §6).
    if f.parties_without_address:
        return _l("The decision names each party's address; record the address of %(names)s "
                  "first.", names="、".join(f.parties_without_address))
    return None


def approvable(f: Facts):
    return decision_complete(f) or parties_addressed(f)


def stop_ordered(f: Facts):
    return None if f.stop_ordered else _l(
        "The decision dismissed the request: there is nothing to comply with or enforce.")


def reason_and_stop_ordered(f: Facts):
    return stop_ordered(f) or reason_given(f)


def enforcement_in_time(f: Facts):
    # 行政强制法 Art. 53: within three months after the period to sue has expired.
    if stop_ordered(f):
        return stop_ordered(f)
    if f.enforcement_due is not None and f.today is not None and f.today > f.enforcement_due:
        return _l("The three months to apply for court enforcement ended on %(day)s.",
                  day=zh_date(f.enforcement_due))
    return None


def closable_when_final(f: Facts):
    # An order to stop is followed to its end: compliance, or the application to the court;
    # only once the three months to apply have passed may the case close without either,
    # with the reasons on record.
    if not f.stop_ordered:
        return None
    if f.enforcement_window_over:
        return reason_given(f)
    return _l("Record that the decision was complied with, or the application for court "
              "enforcement, before closing the case.")


def suit_window_over(f: Facts):
    if f.suit_window_end is not None and f.today is not None and f.today > f.suit_window_end:
        return None
    return _l("The 15-day period to sue has not ended yet.")


DIRECTOR = frozenset({"director"})
PANEL = frozenset({"adjudicator"})
INTAKE = frozenset({"adjudicator", "director"})
FILER = frozenset({"firm", "agent"})


def _t(source, event, target, *guards, roles=PANEL, returns=False):
    return Transition(source, event, target, guards=guards, roles=roles, returns=returns,
                      label=EVENT_LABELS[event])


TRANSITIONS = [
    _t(S.DRAFT, E.SUBMIT, S.SUBMITTED, complete_request, roles=FILER),
    _t(S.SUBMITTED, E.ACCEPT, S.ACCEPTED, checklist_done, roles=INTAKE),
    _t(S.SUBMITTED, E.REFUSE, S.REJECTED, reason_given, roles=INTAKE),
    _t(S.ACCEPTED, E.SERVE, S.SERVED, panel_formed),
    _t(S.SERVED, E.BEGIN_EXAMINATION, S.EXAMINATION, answer_in_or_period_over),
    _t(S.EXAMINATION, E.SCHEDULE_HEARING, S.HEARING_SCHEDULED, hearing_notice_period),
    _t(S.HEARING_SCHEDULED, E.RECORD_HEARING, S.EXAMINATION, hearing_recorded),
    _t(S.EXAMINATION, E.DRAFT_DECISION, S.DECISION_DRAFTED, decision_ready),
    _t(S.DECISION_DRAFTED, E.RETURN_DRAFT, S.EXAMINATION, reason_given, roles=DIRECTOR),
    _t(S.DECISION_DRAFTED, E.APPROVE_DECISION, S.DECIDED, approvable, roles=DIRECTOR),
    _t(S.DECIDED, E.SERVE_DECISION, S.DECISION_SERVED),
    _t(S.DECISION_SERVED, E.RECORD_SUIT, S.LITIGATION),
    _t(S.DECISION_SERVED, E.FINALIZE, S.FINAL, suit_window_over),
    _t(S.FINAL, E.RECORD_COMPLIANCE, S.COMPLIED, reason_and_stop_ordered),
    _t(S.FINAL, E.APPLY_ENFORCEMENT, S.ENFORCEMENT_REQUESTED, enforcement_in_time),
    _t(S.FINAL, E.CLOSE, S.CLOSED, closable_when_final),
    _t(S.COMPLIED, E.CLOSE, S.CLOSED),
    _t(S.ENFORCEMENT_REQUESTED, E.CLOSE, S.CLOSED, reason_given),
    # Periods not counted (公告, 鉴定) are recorded while the case is heard; one ends in any
    # state it can still be open in. They change no state.
    *[_t(s, E.START_PAUSE, s) for s in ACTIVE],
    *[_t(s, E.END_PAUSE, s) for s in PAUSE_STATES],
    *[_t(s, E.RECORD_ADDRESS, s) for s in ADDRESS_STATES],
    _t(S.LITIGATION, E.CLOSE, S.CLOSED, reason_given),
    *[_t(s, E.SUSPEND, S.SUSPENDED, invalidation_accepted) for s in ACTIVE],
    _t(S.SUSPENDED, E.RESUME, None, reason_given, returns=True),
    *[_t(s, E.START_MEDIATION, S.MEDIATING) for s in ACTIVE[1:]],
    _t(S.MEDIATING, E.MEDIATION_AGREED, S.MEDIATED),
    _t(S.MEDIATING, E.MEDIATION_FAILED, None, returns=True),
    *[_t(s, E.WITHDRAW, S.WITHDRAWN, roles=FILER)
      for s in (S.SUBMITTED, *ACTIVE, S.SUSPENDED, S.MEDIATING)],
    *[_t(s, E.REVOKE, S.REVOKED, reason_given, roles=DIRECTOR)
      for s in (*ACTIVE, S.SUSPENDED, S.MEDIATING, S.DECISION_DRAFTED)],
]

PATENT_FLOW = Workflow("patent_adjudication", S, E, TRANSITIONS, state_labels=STATE_LABELS,
                       event_labels=EVENT_LABELS)


# Deadline rules (DOMAIN.md §1, Time limits). Each number is configuration with its basis.
# Since 2025-02-01 the procedure is governed by 专利纠纷行政裁决和调解办法 (CNIPA), which took over
# the 2015 专利行政执法办法's rules on handling disputes; the periods are the 执法办法's, which
# the new Measures keep (their article numbers are not cited here until checked in the text).
MEASURES = "专利纠纷行政裁决和调解办法（2025年2月1日起施行）；原专利行政执法办法："
DEADLINES = {
    "accept": DeadlineRule("accept", "受理审查（立案或不予受理）", "5wd",
                           MEASURES + "收到请求书之日起5个工作日内", "intake"),
    "serve": DeadlineRule("serve", "将请求书副本送达被请求人", "5wd",
                          MEASURES + "立案之日起5个工作日内", "presiding"),
    "answer": DeadlineRule("answer", "提交答辩书", "15d",
                           MEASURES + "收到之日起15日内；逾期不答辩不影响处理", "respondent"),
    "decision": DeadlineRule("decision", "作出处理决定", "3m",
                             MEASURES + "立案之日起3个月内结案；公告、鉴定、中止期间不计入；"
                             "经负责人批准可延长1个月", "presiding"),
    "suit": DeadlineRule("suit", "向人民法院起诉的期限", "15d",
                         "专利法第六十五条：收到处理通知之日起15日内", "requester"),
    "enforcement": DeadlineRule("enforcement", "申请人民法院强制执行", "3m",
                                "专利法第六十五条；行政强制法第五十三条：起诉期限届满之日起"
                                "三个月内", "presiding"),
}
MAX_EXTENSION = "1m"  # once, with the director's approval
HEARING_NOTICE = "3wd"
