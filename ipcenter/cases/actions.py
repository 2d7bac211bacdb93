"""The actions a case page offers, per case kind: each with its form, its permission (the
workflow event's, or a named policy action) and its one service call."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ipcenter import matters
from ipcenter.auth import policy
from ipcenter.auth.models import User
from ipcenter.cases import forms, publication
from ipcenter.cases.patent import services
from ipcenter.cases.trademark import services as tm
from ipcenter.cases.trademark.workflow import TE
from ipcenter.cases.patent.workflow import E
from ipcenter.core.clock import CHINA
from ipcenter.core.db import db
@dataclass(frozen=True)
class Action:
    form: type
    run: Callable  # (case, form, actor, now) -> None
    event: E | None = None
    permission: str = "case.act"
    message: object = _l("Done.")


def _checklist(form) -> dict:
    return {k: getattr(form, k).data for k in services.CHECKLIST}


def _hearing_at(form):
    return form.at.data.replace(tzinfo=CHINA)


def _decision(form) -> services.DecisionData:
    return services.DecisionData(
        findings=form.findings.data, basis=form.basis.data,
        infringement=form.infringement.data == "yes", stop_acts=form.stop_acts.data or "",
        stop_object=form.stop_object.data or "", stop_scope=form.stop_scope.data or "")


PATENT_ACTIONS: dict[str, Action] = {
    "submit": Action(forms.ConfirmForm, lambda c, f, u, n: services.submit(c, u, n), E.SUBMIT,
                     message=_l("The complaint has been submitted to the centre.")),
    "accept": Action(forms.AcceptForm,
                     lambda c, f, u, n: services.accept(c, u, n, _checklist(f)), E.ACCEPT,
                     message=_l("The case is accepted.")),
    "refuse": Action(forms.ReasonForm,
                     lambda c, f, u, n: services.refuse(c, u, n, f.reason.data), E.REFUSE),
    "serve": Action(forms.ConfirmForm, lambda c, f, u, n: services.serve(c, u, n), E.SERVE),
    "begin_examination": Action(forms.ConfirmForm,
                                lambda c, f, u, n: services.begin_examination(c, u, n),
                                E.BEGIN_EXAMINATION),
    "schedule_hearing": Action(forms.HearingForm, lambda c, f, u, n: services.schedule_hearing(
        c, u, n, _hearing_at(f), f.place.data), E.SCHEDULE_HEARING),
    "record_hearing": Action(forms.ConfirmForm,
                             lambda c, f, u, n: services.record_hearing(c, u, n),
                             E.RECORD_HEARING),
    "suspend": Action(forms.SuspendForm, lambda c, f, u, n: services.suspend(
        c, u, n, f.reason.data, f.invalidation_ref.data), E.SUSPEND),
    "resume": Action(forms.ReasonForm,
                     lambda c, f, u, n: services.resume(c, u, n, f.reason.data), E.RESUME),
    "start_mediation": Action(forms.ConfirmForm,
                              lambda c, f, u, n: services.start_mediation(c, u, n),
                              E.START_MEDIATION),
    "mediation_agreed": Action(forms.MediationForm, lambda c, f, u, n: services.record_mediation(
        c, u, n, f.terms.data, f.amount.data), E.MEDIATION_AGREED),
    "mediation_failed": Action(forms.ConfirmForm,
                               lambda c, f, u, n: services.mediation_failed(c, u, n),
                               E.MEDIATION_FAILED),
    "draft_decision": Action(forms.DecisionForm, lambda c, f, u, n: services.draft_decision(
        c, u, n, _decision(f)), E.DRAFT_DECISION),
    "return_draft": Action(forms.ReasonForm,
                           lambda c, f, u, n: services.return_draft(c, u, n, f.reason.data),
                           E.RETURN_DRAFT),
    "approve_decision": Action(forms.ConfirmForm,
                               lambda c, f, u, n: services.approve_decision(c, u, n),
                               E.APPROVE_DECISION,
                               message=_l("The decision is approved and being issued.")),
    "serve_decision": Action(forms.ConfirmForm,
                             lambda c, f, u, n: services.serve_decision(c, u, n),
                             E.SERVE_DECISION),
    "record_suit": Action(forms.ConfirmForm, lambda c, f, u, n: services.record_suit(c, u, n),
                          E.RECORD_SUIT),
    "finalize": Action(forms.ConfirmForm, lambda c, f, u, n: services.finalize(c, u, n),
                       E.FINALIZE),
    "close": Action(forms.CloseForm,
                    lambda c, f, u, n: services.close(c, u, n, f.reason.data or ""), E.CLOSE),
    "withdraw": Action(forms.ReasonForm,
                       lambda c, f, u, n: services.withdraw(c, u, n, f.reason.data), E.WITHDRAW),
    "revoke": Action(forms.ReasonForm,
                     lambda c, f, u, n: services.revoke(c, u, n, f.reason.data), E.REVOKE),
    "answer": Action(forms.AnswerForm, lambda c, f, u, n: _answer(c, f, u, n),
                     permission="case.answer", message=_l("Your answer has been filed.")),
    "upload": Action(forms.UploadForm, lambda c, f, u, n: matters.attach(
        c, f.kind.data, f.file.data.stream, f.file.data.filename, u, n),
        permission="case.upload", message=_l("The document has been added.")),
    "panel": Action(forms.PanelForm, lambda c, f, u, n: services.assign_panel(
        c, u, n, f.members.data, f.presiding.data), permission="case.panel"),
    "request_extension": Action(forms.ReasonForm, lambda c, f, u, n: services.request_extension(
        c, u, n, f.reason.data), permission="case.extension.request"),
    "approve_extension": Action(forms.ConfirmForm,
                                lambda c, f, u, n: services.approve_extension(c, u, n),
                                permission="case.extension.approve"),
    "request_recusal": Action(forms.RecusalForm, lambda c, f, u, n: services.request_recusal(
        c, u, n, f.handler.data, f.reason.data), permission="case.recusal.request"),
}


def _answer(case, form, actor, now):
    services.answer(case, actor, now, form.statement.data)
    upload = form.file.data
    if upload and getattr(upload, "filename", ""):
        matters.attach(case, "answer", upload.stream, upload.filename, actor, now)


def _findings(form) -> tm.FindingsData:
    return tm.FindingsData(
        findings=form.findings.data, conduct=form.conduct.data, turnover=form.turnover.data,
        gains=form.gains.data, unsold_value=form.unsold_value.data,
        label_pieces=form.label_pieces.data, marks_count=form.marks_count.data or 1,
        innocent=(form.innocent_no_knowledge.data, form.innocent_lawful_source.data,
                  form.innocent_supplier_named.data))


TRADEMARK_ACTIONS: dict[str, Action] = {
    "submit": Action(forms.ConfirmForm, lambda c, f, u, n: tm.submit(c, u, n), TE.SUBMIT,
                     message=_l("The complaint has been submitted to the centre.")),
    "verify": Action(forms.ConfirmForm, lambda c, f, u, n: tm.verify(c, u, n), TE.VERIFY),
    "officers": Action(forms.OfficersForm, lambda c, f, u, n: tm.assign_officers(
        c, u, n, f.members.data, f.presiding.data), permission="case.officers"),
    "file_case": Action(forms.ConfirmForm, lambda c, f, u, n: tm.open_case(c, u, n), TE.FILE,
                        message=_l("The case is opened.")),
    "decline": Action(forms.ReasonForm, lambda c, f, u, n: tm.decline(c, u, n, f.reason.data),
                      TE.DECLINE),
    "measure": Action(forms.MeasureForm, lambda c, f, u, n: tm.start_measure(
        c, u, n, f.kind.data, f.description.data), permission="case.investigate"),
    "end_measure": Action(forms.EndMeasureForm, lambda c, f, u, n: tm.end_measure(
        c, u, n, f.measure.data, f.outcome.data), permission="case.investigate"),
    "findings": Action(forms.FindingsForm, lambda c, f, u, n: tm.record_findings(
        c, u, n, _findings(f)), permission="case.investigate"),
    "propose_penalty": Action(forms.ProposePenaltyForm, lambda c, f, u, n: tm.propose_penalty(
        c, u, n, f.fine.data, f.confiscated_value.data), permission="case.investigate"),
    "close_investigation": Action(forms.ConfirmForm,
                                  lambda c, f, u, n: tm.close_investigation(c, u, n),
                                  TE.CLOSE_INVESTIGATION),
    "complete_review": Action(forms.OpinionForm, lambda c, f, u, n: tm.complete_review(
        c, u, n, f.opinion.data), TE.COMPLETE_REVIEW),
    "statement": Action(forms.StatementForm, lambda c, f, u, n: tm.record_statement(
        c, u, n, f.statement.data), permission="case.answer",
        message=_l("Your statement has been recorded.")),
    "request_hearing": Action(forms.ConfirmForm, lambda c, f, u, n: tm.request_hearing(c, u, n),
                              TE.REQUEST_HEARING),
    "schedule_hearing": Action(forms.HearingForm, lambda c, f, u, n: tm.schedule_hearing(
        c, u, n, _hearing_at(f), f.place.data), TE.SCHEDULE_HEARING),
    "record_hearing": Action(forms.ConfirmForm, lambda c, f, u, n: tm.record_hearing(c, u, n),
                             TE.RECORD_HEARING),
    "close_statements": Action(forms.ConfirmForm,
                               lambda c, f, u, n: tm.close_statements(c, u, n),
                               TE.CLOSE_STATEMENTS),
    "decide_penalty": Action(forms.ConfirmForm, lambda c, f, u, n: tm.decide_penalty(c, u, n),
                             TE.DECIDE_PENALTY,
                             message=_l("The penalty decision is issued.")),
    "decide_no_penalty": Action(forms.ReasonForm, lambda c, f, u, n: tm.decide_no_penalty(
        c, u, n, f.reason.data), TE.DECIDE_NO_PENALTY),
    "serve_decision": Action(forms.ConfirmForm, lambda c, f, u, n: tm.serve_decision(c, u, n),
                             TE.SERVE_DECISION),
    "record_payment": Action(forms.PaymentForm, lambda c, f, u, n: tm.record_payment(
        c, u, n, f.amount.data, f.paid_on.data), TE.RECORD_PAYMENT),
    "request_enforcement": Action(forms.ConfirmForm,
                                  lambda c, f, u, n: tm.request_enforcement(c, u, n),
                                  TE.REQUEST_ENFORCEMENT),
    "propose_referral": Action(forms.ReasonForm, lambda c, f, u, n: tm.propose_referral(
        c, u, n, f.reason.data), TE.PROPOSE_REFERRAL),
    "approve_referral": Action(forms.ConfirmForm,
                               lambda c, f, u, n: tm.approve_referral(c, u, n),
                               TE.APPROVE_REFERRAL),
    "reject_referral": Action(forms.ReasonForm, lambda c, f, u, n: tm.reject_referral(
        c, u, n, f.reason.data), TE.REJECT_REFERRAL),
    "police_answer": Action(forms.PoliceAnswerForm, lambda c, f, u, n: tm.police_answer(
        c, u, n, f.accepted.data == "yes", f.answer.data), permission="case.investigate"),
    "suspend": Action(forms.ReasonForm, lambda c, f, u, n: tm.suspend(c, u, n, f.reason.data),
                      TE.SUSPEND),
    "resume": Action(forms.ReasonForm, lambda c, f, u, n: tm.resume(c, u, n, f.reason.data),
                     TE.RESUME),
    "extend": Action(forms.ExtensionForm, lambda c, f, u, n: tm.approve_extension(
        c, u, n, f.clock.data), permission="case.extension.approve"),
    "collective_extension": Action(forms.CollectiveExtensionForm,
                                   lambda c, f, u, n: tm.collective_extension(
                                       c, u, n, f.days.data, f.reason.data),
                                   permission="case.extension.approve"),
    "close": Action(forms.CloseForm, lambda c, f, u, n: tm.close(c, u, n, f.reason.data or ""),
                    TE.CLOSE),
    "upload": PATENT_ACTIONS["upload"],
}

PUBLISH = Action(forms.ConfirmForm, lambda c, f, u, n: publication.publish(c, u, n),
                 permission="case.publish",
                 message=_l("The decision is published with personal data masked."))
PATENT_ACTIONS["publish"] = PUBLISH
TRADEMARK_ACTIONS["publish"] = PUBLISH

ACTIONS = {"patent": PATENT_ACTIONS, "trademark": TRADEMARK_ACTIONS}
# Actions whose guards depend on what the user will type: offered even if the case's facts
# alone would refuse them (the form's input is checked on submit).
INPUT_EVENTS = frozenset({E.DRAFT_DECISION, E.SUBMIT, E.ACCEPT, TE.SUBMIT, TE.COMPLETE_REVIEW,
                          TE.RECORD_PAYMENT})


def actions_for(case) -> dict[str, Action]:
    return ACTIONS[case.kind]


def _handlers(role: str):
    return db.session.execute(sa.select(User).join(User.role_rows).where(
        User.active, sa.text("user_role.role = :role").bindparams(role=role))
        .order_by(User.display_name)).scalars().all()


def prepare(form, case, name: str, user):
    """Fill the choices a form needs for this case and this user."""
    if name == "upload":
        form.kind.choices = forms.options(
            (k, v.title) for k, v in matters.upload_kinds_for(case, user).items())
    elif name in ("panel", "officers"):
        choices = forms.options((u.id, u.display_name) for u in _handlers(
            "adjudicator" if name == "panel" else "enforcer"))
        form.members.choices, form.presiding.choices = choices, choices
    elif name == "request_recusal":
        form.handler.choices = forms.options((h.id, h.user.display_name) for h in case.active_handlers)
    elif name == "end_measure":
        form.measure.choices = forms.options(
            (m.id, f"{m.description[:30]}（{m.started_on:%Y-%m-%d}）")
            for m in case.measures if m.ended_on is None)
    return form


def permitted(user, case, action: Action) -> bool:
    if action.event is not None:
        return policy.can(user, "case.act", (case, action.event))
    return policy.can(user, action.permission, case)
