"""The actions a trademark case's page offers: each with its form, its permission (the
workflow event's, or a named policy action) and its one service call."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ipcenter.cases import forms
from ipcenter.cases.actions import PUBLISH, UPLOAD, Action, confirm, hearing_at, with_reason
from ipcenter.cases.trademark import forms as trademark_forms
from ipcenter.cases.trademark import services as tm
from ipcenter.cases.trademark.workflow import TE, TS
from ipcenter.matters import serving_actions


def _findings(form) -> tm.FindingsData:
    return tm.FindingsData(
        findings=form.findings.data, conduct=form.conduct.data, turnover=form.turnover.data,
        gains=form.gains.data, unsold_value=form.unsold_value.data,
        label_pieces=form.label_pieces.data, marks_count=form.marks_count.data or 1,
        innocent=(form.innocent_no_knowledge.data, form.innocent_lawful_source.data,
                  form.innocent_supplier_named.data),
        mark_identity=form.mark_identity.data, first_act_on=form.first_act_on.data,
        last_act_on=form.last_act_on.data, party_address=form.party_address.data or "")


ACTIONS: dict[str, Action] = {
    "submit": confirm(tm.submit, TE.SUBMIT,
                      message=_l("The complaint has been submitted to the centre.")),
    "verify": confirm(tm.verify, TE.VERIFY),
    "officers": Action(trademark_forms.OfficersForm, lambda c, f, u, n: tm.assign_officers(
        c, u, n, f.members.data, f.presiding.data), permission="case.officers"),
    "file_case": confirm(tm.open_case, TE.FILE,
                         message=_l("The case is opened.")),
    "decline": with_reason(tm.decline, TE.DECLINE),
    "measure": Action(trademark_forms.MeasureForm, lambda c, f, u, n: tm.start_measure(
        c, u, n, f.kind.data, f.description.data), permission="case.investigate"),
    "end_measure": Action(trademark_forms.EndMeasureForm, lambda c, f, u, n: tm.end_measure(
        c, u, n, f.measure.data, f.outcome.data), permission="case.investigate"),
    "findings": Action(trademark_forms.FindingsForm, lambda c, f, u, n: tm.record_findings(
        c, u, n, _findings(f)), permission="case.investigate"),
    "propose_penalty": Action(trademark_forms.ProposePenaltyForm, lambda c, f, u, n:
                              tm.propose_penalty(c, u, n, f.fine.data, f.confiscated_value.data),
                              permission="case.investigate"),
    "close_investigation": confirm(tm.close_investigation, TE.CLOSE_INVESTIGATION),
    "complete_review": Action(trademark_forms.OpinionForm, lambda c, f, u, n: tm.complete_review(
        c, u, n, f.opinion.data), TE.COMPLETE_REVIEW),
    "statement": Action(trademark_forms.StatementForm, lambda c, f, u, n: tm.record_statement(
        c, u, n, f.statement.data), permission="case.answer",
        message=_l("Your statement has been recorded.")),
    "request_hearing": confirm(tm.request_hearing, TE.REQUEST_HEARING),
    "schedule_hearing": Action(forms.HearingForm, lambda c, f, u, n: tm.schedule_hearing(
        c, u, n, hearing_at(f), f.place.data), TE.SCHEDULE_HEARING),
    "record_hearing": confirm(tm.record_hearing, TE.RECORD_HEARING),
    "close_statements": confirm(tm.close_statements, TE.CLOSE_STATEMENTS),
    "decide_penalty": confirm(tm.decide_penalty, TE.DECIDE_PENALTY,
                              message=_l("The penalty decision is issued.")),
    "decide_no_penalty": with_reason(tm.decide_no_penalty, TE.DECIDE_NO_PENALTY),
    "serve_decision": confirm(tm.serve_decision, TE.SERVE_DECISION),
    "record_payment": Action(trademark_forms.PaymentForm, lambda c, f, u, n: tm.record_payment(
        c, u, n, f.amount.data, f.paid_on.data), TE.RECORD_PAYMENT),
    "request_enforcement": confirm(tm.request_enforcement, TE.REQUEST_ENFORCEMENT),
    "propose_referral": with_reason(tm.propose_referral, TE.PROPOSE_REFERRAL),
    # The officers' reasons for not referring, and the director's approval of them.
    "no_referral_reason": with_reason(tm.record_no_referral_reason,
                                      form=trademark_forms.NoReferralForm,
                                      permission="case.investigate",
                                      message=_l("The reasons are recorded; the director must "
                                                 "approve them.")),
    "approve_no_referral": confirm(tm.approve_no_referral,
                                   permission="case.extension.approve",
                                   message=_l("The reasons for not referring are approved.")),
    "approve_referral": confirm(tm.approve_referral, TE.APPROVE_REFERRAL),
    "reject_referral": with_reason(tm.reject_referral, TE.REJECT_REFERRAL),
    "police_answer": Action(trademark_forms.PoliceAnswerForm, lambda c, f, u, n: tm.police_answer(
        c, u, n, f.accepted.data == "yes", f.answer.data), permission="case.investigate"),
    "suspend": with_reason(tm.suspend, TE.SUSPEND),
    "resume": with_reason(tm.resume, TE.RESUME),
    "extend": Action(trademark_forms.ExtensionForm, lambda c, f, u, n: tm.approve_extension(
        c, u, n, f.clock.data), permission="case.extension.approve"),
    "collective_extension": Action(trademark_forms.CollectiveExtensionForm,
                                   lambda c, f, u, n: tm.collective_extension(
                                       c, u, n, f.days.data, f.reason.data),
                                   permission="case.extension.approve"),
    "close": Action(forms.CloseForm, lambda c, f, u, n: tm.close(c, u, n, f.reason.data or ""),
                    TE.CLOSE),
    "upload": UPLOAD,
    "publish": PUBLISH,
}

# Service of documents (送达): the sending and the receipt of the 告知书 served on paper, and the
# statement of a party without an account, recorded by the officers.
ACTIONS.update({
    "send_service": serving_actions.send("case.serve"),
    "record_receipt": serving_actions.receive("case.serve"),
    "statement_on_paper": serving_actions.paper_filing(
        tm.record_statement_on_paper, "case.serve", _l("Record a statement received on paper"),
        _l("The statement received on paper is recorded."), "respondent",
        frozenset({TS.PRIOR_NOTICE}), done=lambda case, pid: case.statement_at is not None),
    "hearing_on_paper": serving_actions.paper_filing(
        tm.request_hearing_on_paper, "case.serve", _l("Record a hearing request received on paper"),
        _l("The hearing request received on paper is recorded; schedule the hearing."),
        "respondent", frozenset({TS.PRIOR_NOTICE}),
        done=lambda case, pid: not tm.hearing_offered(case)),
})


# Events whose guards depend on what the user will type (see ``patent.actions``).
INPUT_EVENTS = frozenset({TE.SUBMIT, TE.COMPLETE_REVIEW, TE.RECORD_PAYMENT})
