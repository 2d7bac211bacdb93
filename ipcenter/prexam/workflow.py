"""Rapid pre-examination (专利快速预审) as data: the firm's registration (备案) and the request,
each a transition table with the role that fires each event and guards returning a refusal
reason, and the clocks with their basis (DOMAIN.md §3; 专利申请预审业务管理办法(试行),
国知办发办字〔2023〕25号; 知识产权信用管理规定, 国知发保字〔2022〕8号).

The clocks are the centre's service targets, not statutory periods: their periods are the
defaults of ``rules.targets`` here, and the admin's current version at run time
(``prexam.kind``). Pure: no request, no database; the guards read a ``Facts`` snapshot the
services build, with the rules' refusals already worded.

State values start with ``pf_`` (filing) and ``px_`` (request): no two kinds of matter share a
state name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from flask_babel import lazy_gettext as _l

from ipcenter.core.workflow import DeadlineRule, Transition, Workflow

FIRM = frozenset({"firm"})
EXAMINER = frozenset({"examiner"})
DIRECTOR = frozenset({"director"})


# ---------------------------------------------------------------------------------------------
# The registration (备案)


class FS(StrEnum):
    APPLIED = "pf_applied"
    APPROVED = "pf_approved"
    REJECTED = "pf_rejected"
    WITHDRAWN = "pf_withdrawn"
    SUSPENSION_PROPOSED = "pf_suspension_proposed"
    REVOCATION_PROPOSED = "pf_revocation_proposed"
    SUSPENDED = "pf_suspended"
    REVOKED = "pf_revoked"


class FE(StrEnum):
    APPROVE = "approve_filing"
    REJECT = "reject_filing"
    WITHDRAW = "withdraw_filing"
    PROPOSE_SUSPENSION = "propose_suspension"
    PROPOSE_REVOCATION = "propose_revocation"
    SUSPEND = "suspend_filing"
    REVOKE = "revoke_filing"
    DECLINE_PROPOSAL = "decline_proposal"
    REINSTATE = "reinstate_filing"


FILING_STATE_LABELS = {
    FS.APPLIED: _l("Registration applied for, awaiting the examiner"),
    FS.APPROVED: _l("Registered for pre-examination"),
    FS.REJECTED: _l("Registration rejected"),
    FS.WITHDRAWN: _l("Registration withdrawn"),
    FS.SUSPENSION_PROPOSED: _l("Suspension proposed, awaiting the director"),
    FS.REVOCATION_PROPOSED: _l("Revocation proposed, awaiting the director"),
    FS.SUSPENDED: _l("Registration suspended"),
    FS.REVOKED: _l("Registration revoked"),
}

FILING_EVENT_LABELS = {
    FE.APPROVE: _l("Approve the registration"),
    FE.REJECT: _l("Reject the registration"),
    FE.WITHDRAW: _l("Withdraw the registration"),
    FE.PROPOSE_SUSPENSION: _l("Propose suspension"),
    FE.PROPOSE_REVOCATION: _l("Propose revocation"),
    FE.SUSPEND: _l("Approve the suspension"),
    FE.REVOKE: _l("Approve the revocation"),
    FE.DECLINE_PROPOSAL: _l("Decline the proposal"),
    FE.REINSTATE: _l("Lift the suspension"),
}

# While a suspension or revocation is only proposed, the registration stands: the firm may
# still submit (the director has not decided) — unless it was suspended when the revocation
# was proposed (``return_state``), when it stays suspended.
FILING_STANDS = frozenset({FS.APPROVED, FS.SUSPENSION_PROPOSED, FS.REVOCATION_PROPOSED})
FILING_TERMINAL = frozenset({FS.REJECTED, FS.WITHDRAWN, FS.REVOKED})
FILING_CLOSED_NORMALLY = frozenset({FS.REJECTED, FS.REVOKED})

# The findings a suspension or revocation rests on (国知发保字〔2022〕8号; 局令第77号).
GROUNDS = {
    "abnormal_application": _l("Abnormal patent application (非正常专利申请) found"),
    "credit_breach": _l("Serious breach of trust in IP matters (知识产权领域严重失信)"),
    "false_statement": _l("False statements in the registration or a request"),
}


@dataclass(frozen=True)
class FilingFacts:
    actor_id: int | None = None
    reason: str = ""
    ground: str | None = None
    proposed_by_id: int | None = None
    filing_refusal: object = None     # the USCC / Zhongshan check (``rules.eligibility``)


def reason_given(f) -> object:
    return None if (f.reason or "").strip() else _l("Give the reasons.")


def filing_checks(f: FilingFacts):
    return f.filing_refusal


def ground_given(f: FilingFacts):
    if f.ground not in GROUNDS:
        return _l("Choose the finding the proposal rests on.")
    return reason_given(f)


def not_the_proposer(f: FilingFacts):
    # The examiner proposes, the director decides: never the same person.
    if f.actor_id is not None and f.actor_id == f.proposed_by_id:
        return _l("The one who proposed this cannot approve it.")
    return None


def _ft(source, event, target, *guards, roles, returns=False):
    return Transition(source, event, target, guards=guards, roles=roles, returns=returns,
                      label=FILING_EVENT_LABELS[event])


FILING_TRANSITIONS = [
    _ft(FS.APPLIED, FE.APPROVE, FS.APPROVED, filing_checks, roles=EXAMINER),
    _ft(FS.APPLIED, FE.REJECT, FS.REJECTED, reason_given, roles=EXAMINER),
    _ft(FS.APPLIED, FE.WITHDRAW, FS.WITHDRAWN, roles=FIRM),
    _ft(FS.APPROVED, FE.PROPOSE_SUSPENSION, FS.SUSPENSION_PROPOSED, ground_given,
        roles=EXAMINER),
    _ft(FS.APPROVED, FE.PROPOSE_REVOCATION, FS.REVOCATION_PROPOSED, ground_given,
        roles=EXAMINER),
    _ft(FS.SUSPENDED, FE.PROPOSE_REVOCATION, FS.REVOCATION_PROPOSED, ground_given,
        roles=EXAMINER),
    _ft(FS.SUSPENSION_PROPOSED, FE.SUSPEND, FS.SUSPENDED, not_the_proposer, roles=DIRECTOR),
    _ft(FS.REVOCATION_PROPOSED, FE.REVOKE, FS.REVOKED, not_the_proposer, roles=DIRECTOR),
    _ft(FS.SUSPENSION_PROPOSED, FE.DECLINE_PROPOSAL, FS.APPROVED, reason_given,
        roles=DIRECTOR),
    # A revocation may be proposed from APPROVED or SUSPENDED: declining it returns the
    # registration to where it was (``return_state``), never lifting a suspension by the way.
    _ft(FS.REVOCATION_PROPOSED, FE.DECLINE_PROPOSAL, None, reason_given, roles=DIRECTOR,
        returns=True),
    _ft(FS.SUSPENDED, FE.REINSTATE, FS.APPROVED, reason_given, roles=DIRECTOR),
]

FILING_FLOW = Workflow("prexam_filing", FS, FE, FILING_TRANSITIONS,
                       state_labels=FILING_STATE_LABELS, event_labels=FILING_EVENT_LABELS)


# ---------------------------------------------------------------------------------------------
# The request


class S(StrEnum):
    SUBMITTED = "px_submitted"
    CLASSIFICATION_CHECK = "px_classification_check"
    RETURNED = "px_returned"
    UNDER_EXAMINATION = "px_under_examination"
    OPINION_ISSUED = "px_opinion_issued"
    AMENDED = "px_amended"
    PASSED = "px_passed"
    FAILED = "px_failed"
    FILED_AT_CNIPA = "px_filed_at_cnipa"
    GRANTED = "px_granted"
    REJECTED = "px_rejected"
    WITHDRAWN = "px_withdrawn"


class E(StrEnum):
    TAKE_UP = "take_up"
    CONFIRM_CLASSIFICATION = "confirm_classification"
    RETURN = "return_request"
    ISSUE_OPINION = "issue_opinion"
    AMEND = "amend"
    PASS = "pass_request"
    FAIL = "fail_request"
    RECORD_FILING = "record_filing"
    RECORD_GRANT = "record_grant"
    RECORD_REJECTION = "record_rejection"
    WITHDRAW = "withdraw"


STATE_LABELS = {
    S.SUBMITTED: _l("Submitted, awaiting an examiner"),
    S.CLASSIFICATION_CHECK: _l("Classification check"),
    S.RETURNED: _l("Returned: outside the centre's scope"),
    S.UNDER_EXAMINATION: _l("Under pre-examination"),
    S.OPINION_ISSUED: _l("Opinion issued, awaiting the firm's reply"),
    S.AMENDED: _l("Amended, awaiting the examiner"),
    S.PASSED: _l("Passed pre-examination, to be filed at CNIPA"),
    S.FAILED: _l("Failed pre-examination"),
    S.FILED_AT_CNIPA: _l("Filed at CNIPA, in fast examination"),
    S.GRANTED: _l("Patent granted"),
    S.REJECTED: _l("Rejected by CNIPA"),
    S.WITHDRAWN: _l("Withdrawn by the firm"),
}

EVENT_LABELS = {
    E.TAKE_UP: _l("Take up the request"),
    E.CONFIRM_CLASSIFICATION: _l("Confirm the classification"),
    E.RETURN: _l("Return as outside the scope"),
    E.ISSUE_OPINION: _l("Issue a pre-examination opinion"),
    E.AMEND: _l("Reply with amended documents"),
    E.PASS: _l("Pass the pre-examination"),
    E.FAIL: _l("Fail the pre-examination"),
    E.RECORD_FILING: _l("Record the filing at CNIPA"),
    E.RECORD_GRANT: _l("Record the grant"),
    E.RECORD_REJECTION: _l("Record the rejection by CNIPA"),
    E.WITHDRAW: _l("Withdraw the request"),
}

TERMINAL = frozenset({S.RETURNED, S.FAILED, S.GRANTED, S.REJECTED, S.WITHDRAWN})
CLOSED_NORMALLY = frozenset({S.RETURNED, S.FAILED, S.GRANTED, S.REJECTED})
# Before it is filed at CNIPA the firm may withdraw; after, the national office decides.
WITHDRAWABLE = (S.SUBMITTED, S.CLASSIFICATION_CHECK, S.UNDER_EXAMINATION, S.OPINION_ISSUED,
                S.AMENDED, S.PASSED)
# States in which the examiner examines (and the firm's documents may not change).
EXAMINING = frozenset({S.UNDER_EXAMINATION, S.AMENDED})
# The states the examiner's queue shows (work waiting for the centre).
EXAMINER_QUEUE = (S.SUBMITTED, S.CLASSIFICATION_CHECK, S.UNDER_EXAMINATION, S.AMENDED)


@dataclass(frozen=True)
class Facts:
    """What the request's guards read, gathered by the services. ``*_refusal`` fields carry a
    rule's worded refusal, or None when the rule passes."""

    today: date | None = None
    actor_id: int | None = None
    reason: str = ""
    scope_refusal: object = None          # the class is outside the scope on the submission day
    points_refusal: object = None         # the opinion's points (``rules.checklist``)
    checklist_refusal: object = None      # an item of the formal checklist left unticked
    rounds: int = 0
    max_rounds: int = 3
    has_reply: bool = False               # a reply or an amendment for the open round
    reply_due_on: date | None = None
    application_refusal: object = None    # the CNIPA application number and filing day
    outcome_refusal: object = None        # the grant (number, day) or the rejection's day


def in_scope(f: Facts):
    return f.scope_refusal


def out_of_scope_reason(f: Facts):
    return reason_given(f)


def opinion_allowed(f: Facts):
    if f.rounds >= f.max_rounds:
        return _l("The %(n)s rounds of opinions allowed are used: pass or fail the request.",
                  n=f.max_rounds)
    return f.points_refusal or f.checklist_refusal


def passable(f: Facts):
    return f.checklist_refusal


def failable(f: Facts):
    return reason_given(f)


def reply_period_ended(f: Facts):
    # While the firm may still reply, the request does not fail for want of a reply.
    if f.reply_due_on is not None and f.today is not None and f.today <= f.reply_due_on:
        return _l("The firm may reply until %(day)s.", day=f.reply_due_on.isoformat())
    return reason_given(f)


def replied(f: Facts):
    return None if f.has_reply else _l(
        "Upload the amended pages or the observations (意见陈述书) for this round, or write the "
        "reply.")


def application_recorded(f: Facts):
    return f.application_refusal


def outcome_recorded(f: Facts):
    return f.outcome_refusal


def _t(source, event, target, *guards, roles):
    return Transition(source, event, target, guards=guards, roles=roles,
                      label=EVENT_LABELS[event])


TRANSITIONS = [
    _t(S.SUBMITTED, E.TAKE_UP, S.CLASSIFICATION_CHECK, roles=EXAMINER),
    _t(S.CLASSIFICATION_CHECK, E.CONFIRM_CLASSIFICATION, S.UNDER_EXAMINATION, in_scope,
       roles=EXAMINER),
    _t(S.CLASSIFICATION_CHECK, E.RETURN, S.RETURNED, out_of_scope_reason, roles=EXAMINER),
    _t(S.UNDER_EXAMINATION, E.ISSUE_OPINION, S.OPINION_ISSUED, opinion_allowed,
       roles=EXAMINER),
    _t(S.UNDER_EXAMINATION, E.PASS, S.PASSED, passable, roles=EXAMINER),
    _t(S.UNDER_EXAMINATION, E.FAIL, S.FAILED, failable, roles=EXAMINER),
    _t(S.OPINION_ISSUED, E.AMEND, S.AMENDED, replied, roles=FIRM),
    _t(S.OPINION_ISSUED, E.FAIL, S.FAILED, reply_period_ended, roles=EXAMINER),
    _t(S.AMENDED, E.ISSUE_OPINION, S.OPINION_ISSUED, opinion_allowed, roles=EXAMINER),
    _t(S.AMENDED, E.PASS, S.PASSED, passable, roles=EXAMINER),
    _t(S.AMENDED, E.FAIL, S.FAILED, failable, roles=EXAMINER),
    _t(S.PASSED, E.RECORD_FILING, S.FILED_AT_CNIPA, application_recorded, roles=FIRM),
    _t(S.FILED_AT_CNIPA, E.RECORD_GRANT, S.GRANTED, outcome_recorded,
       roles=FIRM | EXAMINER),
    _t(S.FILED_AT_CNIPA, E.RECORD_REJECTION, S.REJECTED, outcome_recorded, reason_given,
       roles=FIRM | EXAMINER),
    *[_t(s, E.WITHDRAW, S.WITHDRAWN, roles=FIRM) for s in WITHDRAWABLE],
]

FLOW = Workflow("prexam", S, E, TRANSITIONS, state_labels=STATE_LABELS,
                event_labels=EVENT_LABELS)


# ---------------------------------------------------------------------------------------------
# The clocks: the centre's service promises (configurable; ``rules.targets`` gives the
# defaults and ``prexam.kind`` the admin's current version). ``who``: "presiding" follows the
# examiner in charge once one takes the request; "requester" is the firm.

TARGETS_BASIS = "中心服务承诺（专利申请预审业务管理办法(试行)由保护中心自定时限，可配置，非法定期限）"

DEADLINES = {
    "filing_decision": DeadlineRule(
        "filing_decision", "备案审核", "5wd",
        "中心服务承诺：收到备案申请后5个工作日内审核（可配置，非法定期限）", "examiner"),
    "classification": DeadlineRule(
        "classification", "分类审核", "1wd", TARGETS_BASIS, "presiding"),
    "examination": DeadlineRule(
        "examination", "预审（本轮）", "3wd", TARGETS_BASIS, "presiding"),
    "reply": DeadlineRule(
        "reply", "答复预审意见", "10d", TARGETS_BASIS, "requester"),
    "cnipa_filing": DeadlineRule(
        "cnipa_filing", "向国家知识产权局提交申请", "30d",
        "中心服务承诺：预审合格后及时向国家知识产权局提交（期限可配置，非法定期限）",
        "requester"),
}
# The target each clock's period comes from (``rules.targets.Targets`` field).
TARGET_OF_CLOCK = {"classification": "classification_wd", "examination": "round_wd",
                   "reply": "reply_days", "cnipa_filing": "filing_days"}
