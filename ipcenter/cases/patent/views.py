"""The filing page of a patent dispute: its form, one service call, the uploads it carries.

On the cases blueprint (``cases.views.bp``); ``cases.init_app`` imports it from the kind's
``KindSpec.views``."""

from __future__ import annotations

import uuid

from flask import flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ipcenter import matters
from ipcenter.auth import policy
from ipcenter.cases import forms
from ipcenter.cases import views as shared
from ipcenter.cases.models import Case, RecusalRequest
from ipcenter.cases.patent import forms as patent_forms
from ipcenter.cases.patent import services
from ipcenter.cases.views import bp
from ipcenter.core import clock
from ipcenter.core.db import unit_of_work
from ipcenter.core.errors import DomainError


def _filing_form() -> patent_forms.FilingForm:
    form = patent_forms.FilingForm()
    firms = shared.other_firms()
    form.respondent_org.choices = forms.options([(0, _l("— not in the system —")), *firms])
    if not form.client_token.data:
        form.client_token.data = uuid.uuid4().hex
    return form


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    policy.require(current_user, "case.file")
    form = _filing_form()
    if form.validate_on_submit():
        respondent = matters.PartyData(
            name=form.respondent_name.data or "", address=form.respondent_address.data or "",
            uscc=form.respondent_uscc.data or "",
            organisation_id=form.respondent_org.data or None)
        data = services.FilingData(
            patent_number=form.patent_number.data, patent_title=form.patent_title.data,
            claim=form.claim.data, facts=form.facts.data, respondents=[respondent],
            requester_contact=form.requester_contact.data or "")
        try:
            earlier = matters.earlier_filing(Case, form.client_token.data, current_user)
            if earlier is not None:
                return shared.already_filed(earlier)
            with unit_of_work():
                now = clock.now()
                case = services.file_complaint(data, current_user, now, form.client_token.data)
                uploads = [("proof_of_right", form.proof_of_right.data)] + [
                    ("evidence", f) for f in (form.evidence.data or []) if f and f.filename]
                for kind, upload in uploads:
                    if upload and getattr(upload, "filename", ""):
                        matters.attach(case, kind, upload.stream, upload.filename,
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


@bp.post("/<int:case_id>/recusal/<int:request_id>")
@login_required
def decide_recusal(case_id: int, request_id: int):
    case = shared.load(case_id)
    recusal = shared.load_of(RecusalRequest, request_id, case)
    policy.require(current_user, "case.recusal.decide", case)
    form = patent_forms.RecusalDecisionForm()
    if not form.validate_on_submit():
        flash(_l("Choose whether the request is granted."), "danger")
        return redirect(url_for("cases.detail", case_id=case_id))
    with unit_of_work():
        services.decide_recusal(recusal, current_user, clock.now(), form.granted.data == "yes",
                                form.reason.data or "")
    flash(_l("The recusal request has been decided."), "success")
    return redirect(url_for("cases.detail", case_id=case_id))
