"""The filing page of a trademark complaint, and the centre's register of a clue: its form, one service call, the uploads it carries.

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
from ipcenter.cases.models import Case
from ipcenter.cases.trademark import forms as trademark_forms
from ipcenter.cases.trademark import services as tm
from ipcenter.cases.views import bp
from ipcenter.core import clock
from ipcenter.core.db import unit_of_work
from ipcenter.core.errors import DomainError


def _trademark_form() -> trademark_forms.TrademarkComplaintForm:
    form = trademark_forms.TrademarkComplaintForm()
    firms = shared.other_firms()
    form.party_org.choices = forms.options([(0, _l("— not in the system —")), *firms])
    if not form.client_token.data:
        form.client_token.data = uuid.uuid4().hex
    return form


def _trademark_data(form) -> tm.ComplaintData:
    return tm.ComplaintData(
        marks=[tm.MarkData(form.registration_number.data, form.nice_class.data,
                           form.holder.data, form.mark_text.data)],
        party=matters.PartyData(name=form.party_name.data or "",
                                address=form.party_address.data or "",
                                uscc=form.party_uscc.data or "",
                                organisation_id=form.party_org.data or None),
        facts=form.facts.data, foreign_holder=form.foreign_holder.data,
        party_kind=form.party_kind.data, clue_source=form.clue_source.data,
        informant=form.informant.data or "")


@bp.route("/new/trademark", methods=["GET", "POST"])
@bp.route("/clue", methods=["GET", "POST"], endpoint="register_clue")
@login_required
def new_trademark():
    clue = request.endpoint == "cases.register_clue"
    policy.require(current_user, "case.register_clue" if clue else "case.file")
    form = _trademark_form()
    if form.validate_on_submit():
        try:
            earlier = matters.earlier_filing(Case, form.client_token.data, current_user)
            if earlier is not None:
                return shared.already_filed(earlier)
            with unit_of_work():
                now = clock.now()
                create = tm.register_clue if clue else tm.file_complaint
                case = create(_trademark_data(form), current_user, now, form.client_token.data)
                for upload in form.evidence.data or []:
                    if upload and getattr(upload, "filename", ""):
                        matters.attach(case, "evidence", upload.stream, upload.filename,
                                       current_user, now)
        except DomainError as exc:
            if exc.status == 403:
                raise
            form.form_errors.append(exc.message)
            return render_template("cases/new_trademark.html", form=form, clue=clue), exc.status
        flash(_l("The clue is registered.") if clue else
              _l("The complaint is saved as a draft. Check it, then submit it."), "success")
        return redirect(url_for("cases.detail", case_id=case.id))
    status = 400 if request.method == "POST" else 200
    return render_template("cases/new_trademark.html", form=form, clue=clue), status
