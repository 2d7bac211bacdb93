"""The actions a request's page and a registration's page offer (``matters.actions.Action``):
each with its form, who may take it (the workflow event's ``prexam.act`` /
``prexam.filing.act``; the director's reassignment ``prexam.assign``; a file ``prexam.upload``)
and its one service call. An action's name is the name in its URL
(``/prexam/<id>/<name>``, ``/prexam/filing/<id>/<name>``)."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ipcenter.auth import policy
from ipcenter.auth.models import User, UserRole
from ipcenter.auth.roles import Role
from ipcenter.core.db import db
from ipcenter.matters.actions import Action, confirm, fixed, offer_upload_kinds, with_reason
from ipcenter.prexam import forms, services
from ipcenter.prexam.policy import is_firm_of
from ipcenter.prexam.workflow import (
    EVENT_LABELS,
    FE,
    FILING_EVENT_LABELS,
    FILING_FLOW,
    FLOW,
    GROUNDS,
    TERMINAL,
    E,
    S,
)

FIRM_UPLOAD_STATES = frozenset({S.SUBMITTED, S.OPINION_ISSUED})


def _uploads(form, *kinds) -> list[services.Upload]:
    """The files chosen on ``form`` (its ``file_<kind>`` fields) as the services' uploads."""
    found = []
    for kind in kinds:
        data = form[forms.file_field(kind)].data
        if data is not None and getattr(data, "filename", ""):
            found.append(services.Upload(kind, data.stream, data.filename))
    return found


def _opinion(request, form, actor, now):
    services.issue_opinion(request, actor, now, forms.ticked(form, request.patent_kind),
                           forms.points_of(form))


def _pass(request, form, actor, now):
    services.pass_request(request, actor, now, forms.ticked(form, request.patent_kind))


def _amend(request, form, actor, now):
    services.amend(request, actor, now, form.reply.data or "",
                   _uploads(form, "amendment", "reply"))


def _examiners(form, request, user) -> None:
    # The active examiners only, chosen in SQL (not every account, filtered here).
    rows = db.session.execute(
        sa.select(User.id, User.display_name).join(UserRole, UserRole.user_id == User.id)
        .where(User.active, UserRole.role == Role.EXAMINER).order_by(User.display_name)).all()
    form.examiner.choices = forms.options(
        [(0, _l("— choose —")), *((row.id, row.display_name) for row in rows)])


def _reassign(request, form, actor, now):
    examiner = db.session.get(User, form.examiner.data) if form.examiner.data else None
    services.reassign(request, examiner, actor, now, form.reason.data or "")


def _offer_kinds(form, request, user) -> None:
    """The kinds of file ``user`` may add (``matters.upload_kinds_for``), less the other
    kind of right's application documents (a utility model has no views)."""
    from ipcenter.prexam.rules import documents

    other = {k for kind, kinds in documents.REQUIRED.items() if kind != request.patent_kind
             for k in kinds} - set(documents.REQUIRED.get(request.patent_kind, ()))
    offer_upload_kinds(form, request, user)
    form.kind.choices = [c for c in form.kind.choices if c.value not in other]


def _upload(request, form, actor, now):
    services.upload(request, form.kind.data, form.file.data.stream, form.file.data.filename,
                    actor, now)


def _may_reassign(user, request) -> bool:
    return request.state not in TERMINAL and policy.can(user, "prexam.assign", request)


ACTIONS: dict[str, Action] = {
    "take_up": confirm(services.take_up, E.TAKE_UP,
                       message=_l("You have taken up the request.")),
    "confirm_classification": confirm(services.confirm_classification,
                                      E.CONFIRM_CLASSIFICATION,
                                      message=_l("The classification is confirmed; the "
                                                 "pre-examination begins.")),
    "return_request": with_reason(services.return_request, E.RETURN,
                                  message=_l("The request is returned to the firm.")),
    "issue_opinion": Action(forms.opinion_form, _opinion, E.ISSUE_OPINION,
                            message=_l("The opinion is issued to the firm.")),
    "pass_request": Action(forms.pass_form, _pass, E.PASS,
                           message=_l("The request has passed pre-examination.")),
    "fail_request": with_reason(services.fail_request, E.FAIL,
                                message=_l("The request has failed pre-examination.")),
    "amend": Action(fixed(forms.AmendForm), _amend, E.AMEND,
                    message=_l("Your reply has been sent to the examiner.")),
    "record_filing": Action(fixed(forms.RecordFilingForm), lambda r, f, u, n:
                            services.record_filing(r, u, n, f.number.data, f.on.data),
                            E.RECORD_FILING,
                            message=_l("The filing at CNIPA is recorded.")),
    "record_grant": Action(fixed(forms.GrantForm), lambda r, f, u, n:
                           services.record_grant(r, u, n, f.on.data), E.RECORD_GRANT,
                           message=_l("The grant is recorded in the rights register.")),
    "record_rejection": Action(fixed(forms.RejectionForm), lambda r, f, u, n:
                               services.record_rejection(r, u, n, f.on.data,
                                                         f.reason.data or ""),
                               E.RECORD_REJECTION,
                               message=_l("The rejection by CNIPA is recorded.")),
    "withdraw": with_reason(services.withdraw, E.WITHDRAW, form=forms.NoteForm,
                            message=_l("The request is withdrawn.")),
    "reassign": Action(fixed(forms.ReassignForm), _reassign, allowed=_may_reassign,
                       title=_l("Hand to another examiner"), prepare=_examiners,
                       message=_l("The request is handed to another examiner.")),
    "upload": Action(forms.UploadForm, _upload, permission="prexam.upload",
                     title=_l("Add a document"), message=_l("The document has been added."),
                     prepare=_offer_kinds),
}


def _propose(measure):
    return lambda filing, form, actor, now: services.propose(
        filing, actor, now, measure, form.ground.data, form.reason.data or "")


FILING_ACTIONS: dict[str, Action] = {
    "approve_filing": confirm(services.approve_filing, FE.APPROVE,
                              message=_l("The registration is approved.")),
    "reject_filing": with_reason(services.reject_filing, FE.REJECT,
                                 message=_l("The registration is rejected.")),
    "withdraw_filing": with_reason(services.withdraw_filing, FE.WITHDRAW, form=forms.NoteForm,
                                   message=_l("The registration is withdrawn.")),
    "propose_suspension": Action(fixed(forms.ProposeForm), _propose("suspend"),
                                 FE.PROPOSE_SUSPENSION,
                                 message=_l("The suspension is proposed to the director.")),
    "propose_revocation": Action(fixed(forms.ProposeForm), _propose("revoke"),
                                 FE.PROPOSE_REVOCATION,
                                 message=_l("The revocation is proposed to the director.")),
    "suspend_filing": confirm(services.suspend_filing, FE.SUSPEND,
                              message=_l("The registration is suspended.")),
    "revoke_filing": confirm(services.revoke_filing, FE.REVOKE,
                             message=_l("The registration is revoked.")),
    "decline_proposal": with_reason(services.decline_proposal, FE.DECLINE_PROPOSAL,
                                    message=_l("The proposal is declined; the registration "
                                               "stands.")),
    "reinstate_filing": with_reason(services.reinstate_filing, FE.REINSTATE,
                                    message=_l("The suspension is lifted.")),
}


def permitted(user, request, action: Action) -> bool:
    """Whether ``user`` may take ``action`` on ``request`` (its state included)."""
    if action.event is not None:
        return policy.can(user, "prexam.act", (request, action.event))
    if action.permission is not None:
        if request.state in TERMINAL or not policy.can(user, action.permission, request):
            return False
        # The firm's documents change only before the examiner takes them up or in answer
        # to an opinion (``services.upload``); the examiner's working papers any time.
        return not is_firm_of(user, request) or request.state in FIRM_UPLOAD_STATES
    return action.allowed(user, request)


def filing_permitted(user, filing, action: Action) -> bool:
    return policy.can(user, "prexam.filing.act", (filing, action.event))


def title_of(action: Action):
    if action.event is None:
        return action.title
    return EVENT_LABELS.get(action.event) or FILING_EVENT_LABELS.get(action.event)


def open_in_state(matter, action: Action) -> bool:
    """The table has the action's step from the matter's state (an action that is not a
    transition is open whenever it is permitted)."""
    if action.event is None:
        return True
    flow = FLOW if isinstance(action.event, E) else FILING_FLOW
    return flow.find(matter.state, action.event) is not None


# What the availability check assumes the user will type (the guards that read the input are
# checked on submit): a reason, a reply, a finding.
ASSUMED_INPUT = {"reason": "…", "has_reply": True}
ASSUMED_FILING_INPUT = {"reason": "…", "ground": next(iter(GROUNDS))}
