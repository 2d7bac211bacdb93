"""The pre-examination kinds' contracts (see ``contract.Contract``): a request (``prexam``)
submitted by the requester's firm, registered for the service, and taken up by an examiner,
walked to the grant, the return, the failure and the withdrawal; and the firm's registration
(``prexam_filing``, 备案) walked from its application to revocation, and to rejection."""

from __future__ import annotations

import uuid
from datetime import timedelta

from ipcenter.core.clock import local_date
from ipcenter.ip import numbers
from ipcenter.prexam import documents
from ipcenter.prexam import policy as prexam_policy
from ipcenter.prexam import services as px
from ipcenter.prexam.models import PrexamFiling, PrexamRequest
from ipcenter.prexam.rules import checklist
from ipcenter.prexam.workflow import FS, Facts, FilingFacts
from tests.matters.contract import Contract, Walk
from tests.prexam.conftest import NOW, filing_data, request_data, uploads

UM_DOCUMENTS = ("request", "description", "claims", "drawings", "abstract")
APPLICATION = "202620123456"


def at(days: float):
    return NOW + timedelta(days=days)


def _registered(people) -> PrexamFiling:
    """The requester's firm registered for the service (approved once, reused after)."""
    firm = people.requester.organisation
    current = px.current_filing(firm.id)
    if current is not None and current.state == FS.APPROVED:
        return current
    filing = applied(people)
    px.approve_filing(filing, people.examiner, at(0))
    return filing


def submitted(people) -> PrexamRequest:
    """The requester's utility-model request (SUBMITTED), every document uploaded."""
    _registered(people)
    return px.submit_request(request_data(), uploads(UM_DOCUMENTS), people.requester, at(0),
                             uuid.uuid4().hex)


def taken_up(people) -> PrexamRequest:
    """Submitted and taken up by the examiner (its handler)."""
    request = submitted(people)
    px.take_up(request, people.examiner, at(0))
    return request


def passing_facts(request, now):
    return Facts(today=local_date(now), actor_id=-1, reason="理由", rounds=0, max_rounds=3,
                 has_reply=True)


def _ticked(request):
    return {c.code: True for c in checklist.CHECKLISTS[request.patent_kind]}


def _point():
    return [{"basis": checklist.OPINION_BASES[0].code, "text": "权利要求1的技术特征不清楚。"}]


_NUMBER = f"{APPLICATION}.{numbers.check_character(APPLICATION)}"
_EXAMINED = [
    ("take_up", lambda r, p: px.take_up(r, p.examiner, at(0))),
    ("confirm_classification", lambda r, p: px.confirm_classification(r, p.examiner, at(0))),
]
GRANTED = Walk(submitted, [
    *_EXAMINED,
    ("issue_opinion", lambda r, p: px.issue_opinion(r, p.examiner, at(1), {}, _point())),
    ("amend", lambda r, p: px.amend(r, p.requester, at(3), "已按意见修改。",
                                    uploads(["amendment"]))),
    ("pass_request", lambda r, p: px.pass_request(r, p.examiner, at(4), _ticked(r))),
    ("record_filing", lambda r, p: px.record_filing(r, p.requester, at(5), _NUMBER,
                                                    local_date(at(5)))),
    ("record_grant", lambda r, p: px.record_grant(r, p.requester, at(40),
                                                  local_date(at(40)))),
])
RETURNED = Walk(submitted, [
    ("take_up", lambda r, p: px.take_up(r, p.examiner, at(0))),
    ("return_request", lambda r, p: px.return_request(r, p.examiner, at(1), "不属于预审范围")),
])
FAILED = Walk(submitted, [
    *_EXAMINED,
    ("fail_request", lambda r, p: px.fail_request(r, p.examiner, at(2), "不具备授权前景")),
])
WITHDRAWN = Walk(submitted, [
    ("withdraw", lambda r, p: px.withdraw(r, p.requester, at(1), "撤回")),
])

CONTRACT = Contract(
    matter=taken_up, passing_facts=passing_facts,
    walks=(GRANTED, RETURNED, FAILED, WITHDRAWN),
    # The classification clock opens on submission (the walk's start): first seen after
    # the step that follows it.
    clocks={"classification": ("take_up", "confirm_classification"),
            "examination": ("confirm_classification", "issue_opinion"),
            "reply": ("issue_opinion", "amend"),
            "cnipa_filing": ("pass_request", "record_filing")},
    templates=tuple(documents.REQUEST_TITLES), act="prexam.act", model=PrexamRequest,
    view="prexam.view", document_view="prexam.document",
    principals=prexam_policy.request_principals,
    document_principals=prexam_policy.document_principals,
    visible=prexam_policy.visible_requests, upload="prexam.upload")


# ---------------------------------------------------------------------------------------------
# The registration (备案)


def applied(people) -> PrexamFiling:
    """The requester's firm applies for registration (APPLIED)."""
    user = people.requester
    return px.apply_for_filing(filing_data(user.organisation), user, at(0), uuid.uuid4().hex)


def filing_passing_facts(filing, now):
    return FilingFacts(actor_id=-2, reason="理由", ground="abnormal_application",
                       proposed_by_id=-1)


def _filing_document_principals(doc):
    return prexam_policy.filing_principals(doc.filing)


REVOKED = Walk(applied, [
    ("approve_filing", lambda f, p: px.approve_filing(f, p.examiner, at(1))),
    ("propose_suspension", lambda f, p: px.propose(f, p.examiner, at(2), "suspend",
                                                   "abnormal_application", "发现非正常专利申请")),
    ("suspend_filing", lambda f, p: px.suspend_filing(f, p.director, at(3))),
    ("reinstate_filing", lambda f, p: px.reinstate_filing(f, p.director, at(4), "已整改")),
    ("propose_revocation", lambda f, p: px.propose(f, p.examiner, at(5), "revoke",
                                                   "credit_breach", "严重失信")),
    ("revoke_filing", lambda f, p: px.revoke_filing(f, p.director, at(6))),
])
REJECTED = Walk(applied, [
    ("reject_filing", lambda f, p: px.reject_filing(f, p.examiner, at(1), "材料不全")),
])

FILING_CONTRACT = Contract(
    matter=applied, passing_facts=filing_passing_facts, walks=(REVOKED, REJECTED),
    # Opened on the application (the walk's start), met by the approval.
    clocks={"filing_decision": ("approve_filing", "approve_filing")},
    templates=tuple(documents.FILING_TITLES), act="prexam.filing.act", model=PrexamFiling,
    view="prexam.filing.view", document_view="prexam.filing.document",
    principals=prexam_policy.filing_principals,
    document_principals=_filing_document_principals,
    visible=prexam_policy.visible_filings, upload=None)

