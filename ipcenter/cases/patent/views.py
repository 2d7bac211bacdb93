"""The filing page of a patent dispute and the decision on a recusal request (on the cases
blueprint, ``cases.views.bp``; ``cases.init_app`` imports them from the kind's
``KindSpec.views``)."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, send_file, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ipcenter import matters
from ipcenter.auth import policy
from ipcenter.cases import represented
from ipcenter.cases import views as shared
from ipcenter.cases.forms import right_holder_from
from ipcenter.cases.models import PatentCase, RecusalRequest
from ipcenter.cases.patent import forms as patent_forms
from ipcenter.cases.patent import services
from ipcenter.cases.patent.workflow import E, S
from ipcenter.cases.views import bp
from ipcenter.core import clock
from ipcenter.core.db import unit_of_work


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    policy.require(current_user, "case.file")
    agent = represented.names_right_holder(current_user)
    form = shared.filing_form(patent_forms.AgentFilingForm if agent else
                              patent_forms.FilingForm, "respondent_org")

    def create(now):
        requester = represented.right_holder(current_user, right_holder_from(form), now)
        respondent = matters.PartyData(
            name=form.respondent_name.data or "", address=form.respondent_address.data or "",
            uscc=form.respondent_uscc.data or "",
            organisation_id=form.respondent_org.data or None)
        data = services.FilingData(
            patent_number=form.patent_number.data, patent_title=form.patent_title.data,
            claim=form.claim.data, facts=form.facts.data, respondents=[respondent],
            requester_contact=form.requester_contact.data or "")
        case = services.file_complaint(data, current_user, now, form.client_token.data,
                                       requester=requester)
        shared.attach_uploads(case, [("proof_of_right", form.proof_of_right.data)] + [
            ("evidence", f) for f in form.evidence.data or []], now)
        return case

    return shared.filing_page(
        form, "cases/new.html", create,
        _l("The complaint is saved as a draft. Check it, then submit it."))


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


def _may_read_draft(user, case) -> bool:
    """The director who approves, and the panel that drafted."""
    return policy.can(user, "case.act", (case, E.APPROVE_DECISION)) or (
        user.has_role("adjudicator") and any(h.user_id == user.id
                                             for h in case.active_handlers))


@bp.get("/<int:case_id>/decision-preview")
@login_required
def decision_preview(case_id: int):
    """The draft decision as the PDF it will be, marked as a draft, with no verification code:
    rendered for reading, neither stored nor issued."""
    case = shared.load(case_id)
    policy.require(current_user, "case.view", case)
    if not isinstance(case, PatentCase) or case.state != S.DECISION_DRAFTED:
        abort(404)
    if not _may_read_draft(current_user, case):
        abort(403)
    pdf = services.draft_decision_pdf(case, clock.now())
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", as_attachment=False,
                     download_name=f"处理决定书（草稿）{case.number or case.id}.pdf")
