"""The actions a patent dispute's page offers: each with its form, its permission (the
workflow event's, or a named policy action) and its one service call."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ipcenter import matters
from ipcenter.cases import forms
from ipcenter.cases.actions import PUBLISH, UPLOAD, Action, confirm, hearing_at, with_reason
from ipcenter.cases.patent import forms as patent_forms
from ipcenter.cases.patent import services
from ipcenter.cases.patent.workflow import E, S
from ipcenter.matters import serving_actions


def _checklist(form) -> dict:
    return {k: getattr(form, k).data for k in services.CHECKLIST}


def _decision(form) -> services.DecisionData:
    return services.DecisionData(
        findings=form.findings.data, basis=form.basis.data,
        infringement=form.infringement.data == "yes", stop_acts=form.stop_acts.data or "",
        stop_object=form.stop_object.data or "", stop_scope=form.stop_scope.data or "",
        articles=tuple(form.articles.data or ()))


def _open_pauses(form, case, user) -> None:
    form.pause.choices = forms.options(
        (p.id, f"{services.PAUSE_LABELS[p.kind]}（{p.started_on:%Y年%-m月%-d日}起）")
        for p in case.pauses if p.ended_on is None and p.kind != "suspension")


def _parties(form, case, user) -> None:
    form.party.choices = forms.options(
        (p.id, f"{p.name}（{p.address or '未填写住所'}）") for p in case.parties)


def _answer(case, form, actor, now):
    services.answer(case, actor, now, form.statement.data)
    upload = form.file.data
    if upload and getattr(upload, "filename", ""):
        matters.attach(case, "answer", upload.stream, upload.filename, actor, now)


ACTIONS: dict[str, Action] = {
    "submit": confirm(services.submit, E.SUBMIT,
                      message=_l("The complaint has been submitted to the centre.")),
    "accept": Action(patent_forms.AcceptForm,
                     lambda c, f, u, n: services.accept(c, u, n, _checklist(f)), E.ACCEPT,
                     message=_l("The case is accepted.")),
    "refuse": with_reason(services.refuse, E.REFUSE, message=_l(
        "Acceptance is refused; the notice of refusal is issued to the requester.")),
    "serve": confirm(services.serve, E.SERVE),
    "begin_examination": confirm(services.begin_examination, E.BEGIN_EXAMINATION),
    "schedule_hearing": Action(forms.HearingForm, lambda c, f, u, n: services.schedule_hearing(
        c, u, n, hearing_at(f), f.place.data), E.SCHEDULE_HEARING),
    "record_hearing": confirm(services.record_hearing, E.RECORD_HEARING),
    "suspend": Action(patent_forms.SuspendForm, lambda c, f, u, n: services.suspend(
        c, u, n, f.reason.data, f.invalidation_ref.data), E.SUSPEND),
    "resume": with_reason(services.resume, E.RESUME),
    "start_mediation": confirm(services.start_mediation, E.START_MEDIATION),
    "mediation_agreed": Action(patent_forms.MediationForm, lambda c, f, u, n:
                               services.record_mediation(c, u, n, f.terms.data, f.amount.data),
                               E.MEDIATION_AGREED),
    "mediation_failed": confirm(services.mediation_failed, E.MEDIATION_FAILED),
    "draft_decision": Action(patent_forms.DecisionForm, lambda c, f, u, n: services.draft_decision(
        c, u, n, _decision(f)), E.DRAFT_DECISION),
    "return_draft": with_reason(services.return_draft, E.RETURN_DRAFT),
    "approve_decision": confirm(services.approve_decision, E.APPROVE_DECISION,
                                message=_l("The decision is approved and being issued.")),
    "serve_decision": confirm(services.serve_decision, E.SERVE_DECISION),
    "record_suit": confirm(services.record_suit, E.RECORD_SUIT),
    "finalize": confirm(services.finalize, E.FINALIZE),
    "start_pause": Action(patent_forms.PauseForm, lambda c, f, u, n: services.start_pause(
        c, u, n, f.kind.data, f.reason.data, f.started_on.data, f.file.data), E.START_PAUSE,
        message=_l("The period not counted is recorded; the decision limit stands still.")),
    "end_pause": Action(patent_forms.EndPauseForm, lambda c, f, u, n: services.end_pause(
        c, u, n, f.pause.data, f.outcome.data, f.ended_on.data, f.file.data), E.END_PAUSE,
        prepare=_open_pauses,
        message=_l("The period has ended; the decision limit has moved by its days.")),
    "record_address": Action(patent_forms.AddressForm, lambda c, f, u, n: services.record_address(
        c, u, n, f.party.data, f.address.data), E.RECORD_ADDRESS, prepare=_parties,
        message=_l("The address is recorded.")),
    "record_compliance": Action(patent_forms.ComplianceForm, lambda c, f, u, n:
                                services.record_compliance(c, u, n, f.reason.data,
                                                           f.complied_on.data),
                                E.RECORD_COMPLIANCE, message=_l("Compliance is recorded.")),
    "apply_enforcement": Action(patent_forms.EnforcementForm, lambda c, f, u, n:
                                services.apply_enforcement(c, u, n, f.court.data,
                                                           f.applied_on.data, f.note.data or "",
                                                           f.demanded_on.data),
                                E.APPLY_ENFORCEMENT,
                                message=_l("The application for court enforcement is recorded.")),
    "close": Action(forms.CloseForm,
                    lambda c, f, u, n: services.close(c, u, n, f.reason.data or ""), E.CLOSE),
    "withdraw": with_reason(services.withdraw, E.WITHDRAW),
    "revoke": with_reason(services.revoke, E.REVOKE),
    "answer": Action(patent_forms.AnswerForm, lambda c, f, u, n: _answer(c, f, u, n),
                     permission="case.answer", message=_l("Your answer has been filed.")),
    "upload": UPLOAD,
    "publish": PUBLISH,
    "panel": Action(patent_forms.PanelForm, lambda c, f, u, n: services.assign_panel(
        c, u, n, f.members.data, f.presiding.data), permission="case.panel"),
    "request_extension": Action(forms.ReasonForm, lambda c, f, u, n: services.request_extension(
        c, u, n, f.reason.data), permission="case.extension.request"),
    "approve_extension": Action(forms.ConfirmForm,
                                lambda c, f, u, n: services.approve_extension(c, u, n),
                                permission="case.extension.approve"),
    "request_recusal": Action(patent_forms.RecusalForm, lambda c, f, u, n: services.request_recusal(
        c, u, n, f.handler.data, f.reason.data), permission="case.recusal.request"),
}

# Service of documents (送达): the sending and the receipt of what is served on paper, and the
# answer of a respondent without an account, recorded by the panel.
ACTIONS.update({
    "send_service": serving_actions.send("case.serve"),
    "record_receipt": serving_actions.receive("case.serve"),
    "answer_on_paper": serving_actions.paper_filing(
        services.answer_on_paper, "case.serve", _l("Record an answer received on paper"),
        _l("The answer received on paper is recorded."), "respondent",
        frozenset({S.SERVED, S.EXAMINATION, S.HEARING_SCHEDULED}),
        done=lambda case, pid: any(p.id == pid and p.answered_at for p in case.parties)),
})


# Events whose guards depend on what the user will type: offered even if the case's facts
# alone would refuse them (the form's input is checked on submit).
INPUT_EVENTS = frozenset({E.DRAFT_DECISION, E.SUBMIT, E.ACCEPT})
