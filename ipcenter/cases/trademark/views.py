"""The filing pages of a trademark complaint and of the centre's register of a clue (on the
cases blueprint, ``cases.views.bp``; ``cases.init_app`` imports them from the kind's
``KindSpec.views``)."""

from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ipcenter.auth import policy
from ipcenter.cases import represented
from ipcenter.cases import views as shared
from ipcenter.cases.forms import right_holder_from
from ipcenter.cases.trademark import forms as trademark_forms
from ipcenter.cases.trademark import services as tm
from ipcenter.cases.views import bp


@bp.route("/new/trademark", methods=["GET", "POST"])
@bp.route("/clue", methods=["GET", "POST"], endpoint="register_clue")
@login_required
def new_trademark():
    clue = request.endpoint == "cases.register_clue"
    policy.require(current_user, "case.register_clue" if clue else "case.file")
    agent = not clue and represented.names_right_holder(current_user)
    form = shared.filing_form(trademark_forms.AgentComplaintForm if agent else
                              trademark_forms.TrademarkComplaintForm, "party_org")

    def create(now):
        data = trademark_forms.complaint_data(form)
        if clue:
            case = tm.register_clue(data, current_user, now, form.client_token.data)
        else:
            requester = represented.right_holder(current_user, right_holder_from(form), now)
            case = tm.file_complaint(data, current_user, now, form.client_token.data,
                                     requester=requester)
        shared.attach_uploads(case, [("evidence", f) for f in form.evidence.data or []], now)
        return case

    return shared.filing_page(
        form, "cases/new_trademark.html", create,
        _l("The clue is registered.") if clue else
        _l("The complaint is saved as a draft. Check it, then submit it."), clue=clue)
