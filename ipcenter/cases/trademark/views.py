"""The filing pages of a trademark complaint and of the centre's register of a clue (on the
cases blueprint, ``cases.views.bp``; ``cases.init_app`` imports them from the kind's
``KindSpec.views``)."""

from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ipcenter.auth import policy
from ipcenter.cases import views as shared
from ipcenter.cases.trademark import forms as trademark_forms
from ipcenter.cases.trademark import services as tm
from ipcenter.cases.views import bp


@bp.route("/new/trademark", methods=["GET", "POST"])
@bp.route("/clue", methods=["GET", "POST"], endpoint="register_clue")
@login_required
def new_trademark():
    clue = request.endpoint == "cases.register_clue"
    policy.require(current_user, "case.register_clue" if clue else "case.file")
    form = shared.filing_form(trademark_forms.TrademarkComplaintForm, "party_org")

    def create(now):
        make = tm.register_clue if clue else tm.file_complaint
        case = make(trademark_forms.complaint_data(form), current_user, now, form.client_token.data)
        shared.attach_uploads(case, [("evidence", f) for f in form.evidence.data or []], now)
        return case

    return shared.filing_page(
        form, "cases/new_trademark.html", create,
        _l("The clue is registered.") if clue else
        _l("The complaint is saved as a draft. Check it, then submit it."), clue=clue)
