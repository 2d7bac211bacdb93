"""Case pages: list, filing, the case page, its actions, document downloads.

Each action view: load or 404, check permission, validate the form, call one service inside a
unit of work, flash, redirect. The ``ACTIONS`` table maps each action to its form, its
permission and its service call; a refused form is shown again with what the user typed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Callable

import sqlalchemy as sa
from flask import (Blueprint, abort, flash, redirect, render_template, request, send_file,
                   url_for)
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ipcenter.auth import policy
from ipcenter.auth.models import Organisation, User
from ipcenter.cases import forms, services
from ipcenter.cases.models import Case, CaseDocument, PatentCase, RecusalRequest
from ipcenter.cases.presenters import case_page
from ipcenter.cases.workflow import PATENT_FLOW, STATE_LABELS, E, S
from ipcenter.core import audit, clock, storage
from ipcenter.core.clock import CHINA
from ipcenter.core.db import db, unit_of_work
from ipcenter.core.errors import DomainError

bp = Blueprint("cases", __name__)


def _load(case_id: int) -> PatentCase:
    case = db.session.get(PatentCase, case_id)
    if case is None:
        abort(404)
    return case


@bp.get("/")
@login_required
def index():
    policy.require(current_user, "case.list")
    state = request.args.get("state", "")
    query = policy.visible_cases(sa.select(Case), current_user)
    if state in {s.value for s in S}:
        query = query.where(Case.state == state)
    page = db.paginate(query.order_by(Case.created_at.desc()), per_page=20)
    return render_template("cases/index.html", page=page, state=state,
                           state_labels=STATE_LABELS,
                           can_file=policy.can(current_user, "case.file"))


def _filing_form() -> forms.FilingForm:
    form = forms.FilingForm()
    firms = db.session.execute(
        sa.select(Organisation.id, Organisation.name).where(
            Organisation.kind == "firm", Organisation.active,
            Organisation.id != current_user.organisation_id).order_by(Organisation.name)).all()
    form.respondent_org.choices = [(0, _l("— not in the system —"))] + [tuple(f) for f in firms]
    if not form.client_token.data:
        form.client_token.data = uuid.uuid4().hex
    return form


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    policy.require(current_user, "case.file")
    form = _filing_form()
    if form.validate_on_submit():
        respondent = services.PartyData(
            name=form.respondent_name.data or "", address=form.respondent_address.data or "",
            uscc=form.respondent_uscc.data or "",
            organisation_id=form.respondent_org.data or None)
        data = services.FilingData(
            patent_number=form.patent_number.data, patent_title=form.patent_title.data,
            claim=form.claim.data, facts=form.facts.data, respondents=[respondent],
            requester_contact=form.requester_contact.data or "")
        try:
            with unit_of_work():
                now = clock.now()
                case = services.file_complaint(data, current_user, now, form.client_token.data)
                uploads = [("proof_of_right", form.proof_of_right.data)] + [
                    ("evidence", f) for f in (form.evidence.data or []) if f and f.filename]
                for kind, upload in uploads:
                    if upload and getattr(upload, "filename", ""):
                        services.attach(case, kind, upload.stream, upload.filename,
                                        current_user, now)
        except DomainError as exc:
            if exc.status == 403:
                raise
            form.form_errors.append(exc.message)
            return render_template("cases/new.html", form=form), exc.status
        flash(_l("The complaint is saved as a draft. Check it, then submit it."), "success")
        return redirect(url_for("cases.detail", case_id=case.id))
    status = 400 if request.method == "POST" else 200
    return render_template("cases/new.html", form=form), status


@bp.get("/<int:case_id>")
@login_required
def detail(case_id: int):
    case = _load(case_id)
    policy.require(current_user, "case.view", case)
    return render_template("cases/detail.html", **case_page(case, current_user, clock.now()))


# ---------------------------------------------------------------------------------------------
# Actions


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


ACTIONS: dict[str, Action] = {
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
    "upload": Action(forms.UploadForm, lambda c, f, u, n: services.attach(
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
        services.attach(case, "answer", upload.stream, upload.filename, actor, now)


def prepare(form, case: PatentCase, name: str):
    """Fill the choices a form needs for this case."""
    if name == "upload":
        form.kind.choices = [(k, v[0]) for k, v in services.UPLOAD_KINDS.items()]
    elif name == "panel":
        judges = db.session.execute(sa.select(User).join(User.role_rows).where(
            User.active, sa.text("user_role.role = 'adjudicator'")).order_by(User.display_name)
        ).scalars().all()
        choices = [(u.id, u.display_name) for u in judges]
        form.members.choices, form.presiding.choices = choices, choices
    elif name == "request_recusal":
        form.handler.choices = [(h.id, h.user.display_name) for h in case.active_handlers]
    return form


def permitted(user, case: PatentCase, action: Action) -> bool:
    if action.event is not None:
        return policy.can(user, "case.act", (case, action.event))
    return policy.can(user, action.permission, case)


@bp.post("/<int:case_id>/act/<name>")
@login_required
def act(case_id: int, name: str):
    action = ACTIONS.get(name)
    if action is None:
        abort(404)
    case = _load(case_id)
    policy.require(current_user, "case.view", case)
    if action.event is not None:
        policy.require(current_user, "case.act", (case, action.event))
    else:
        policy.require(current_user, action.permission, case)
    form = prepare(action.form(), case, name)
    if not form.validate_on_submit():
        page = case_page(case, current_user, clock.now(), failed=(name, form))
        return render_template("cases/detail.html", **page), 400
    try:
        with unit_of_work():
            action.run(case, form, current_user, clock.now())
    except DomainError as exc:
        if exc.status == 403:
            raise
        db.session.expire_all()
        case = _load(case_id)
        form.form_errors.append(exc.message)
        page = case_page(case, current_user, clock.now(), failed=(name, prepare(form, case, name)))
        return render_template("cases/detail.html", **page), exc.status
    flash(action.message, "success")
    return redirect(url_for("cases.detail", case_id=case_id))


@bp.post("/<int:case_id>/recusal/<int:request_id>")
@login_required
def decide_recusal(case_id: int, request_id: int):
    case = _load(case_id)
    recusal = db.session.get(RecusalRequest, request_id)
    if recusal is None or recusal.case_id != case.id:
        abort(404)
    policy.require(current_user, "case.recusal.decide", case)
    form = forms.RecusalDecisionForm()
    if not form.validate_on_submit():
        flash(_l("Choose whether the request is granted."), "danger")
        return redirect(url_for("cases.detail", case_id=case_id))
    with unit_of_work():
        services.decide_recusal(recusal, current_user, clock.now(), form.granted.data == "yes",
                                form.reason.data or "")
    flash(_l("The recusal request has been decided."), "success")
    return redirect(url_for("cases.detail", case_id=case_id))


@bp.get("/<int:case_id>/documents/<int:doc_id>")
@login_required
def document(case_id: int, doc_id: int):
    case = _load(case_id)
    doc = db.session.get(CaseDocument, doc_id)
    if doc is None or doc.case_id != case.id:
        abort(404)
    policy.require(current_user, "case.document", doc)
    if not doc.sha256:
        flash(_l("The document is still being prepared. Try again in a moment."), "warning")
        return redirect(url_for("cases.detail", case_id=case_id))
    with unit_of_work():
        audit.record("document.download", actor=current_user, obj_type="case", obj_id=case.id,
                     now=clock.now(), address=request.remote_addr or "",
                     detail={"document": doc.id, "sha256": doc.sha256})
    return send_file(storage.path_for(doc.sha256), mimetype=doc.content_type,
                     as_attachment=True, download_name=doc.filename or f"{doc.title}.pdf")
