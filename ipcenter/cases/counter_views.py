"""The 窗口受理 page of each kind that has a counter (``KindSpec.counter``): ``/cases/counter/
<kind>``, endpoint ``cases.counter_<kind>``, on the cases blueprint; ``cases.init_app`` imports
this module before the blueprint is registered. Thin: load the form, check the kind's rule,
validate, call ``cases.counter.file_at_counter`` in one unit of work, flash, redirect."""

from __future__ import annotations

import uuid

from flask import flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ipcenter import matters
from ipcenter.auth import policy
from ipcenter.cases import counter
from ipcenter.cases import views as shared
from ipcenter.cases.forms import options
from ipcenter.cases.kinds import KINDS
from ipcenter.cases.models import Case
from ipcenter.core import clock
from ipcenter.core.clock import local_date
from ipcenter.core.db import unit_of_work
from ipcenter.core.errors import DomainError
from ipcenter.web.filters import message as readable

TEMPLATE = "cases/counter.html"


def _form(spec):
    form = spec.counter.form()
    firms = shared.other_firms()
    form.complainant_org.choices = options(
        [(0, _l("— not registered: give its particulars —")), *firms])
    for name in spec.counter.firm_fields:
        getattr(form, name).choices = options([(0, _l("— not in the system —")), *firms])
    if not form.client_token.data:
        form.client_token.data = uuid.uuid4().hex
    if request.method == "GET" and form.received_on.data is None:
        form.received_on.data = local_date(clock.now())
    return form


def _page(spec, form, status: int):
    kind_fields = [f for f in form if f.name not in counter.COUNTER_FIELDS
                   and f.type not in ("HiddenField", "CSRFTokenField", "FileField",
                                      "MultipleFileField")]
    files = [f for f in form if f.type in ("FileField", "MultipleFileField")
             and f.name != "scan"]
    return render_template(TEMPLATE, form=form, title=spec.counter.title,
                           kind_fields=kind_fields, files=files), status


def _papers(spec, form) -> list[counter.Paper]:
    scan = form.scan.data
    papers = [counter.Paper(spec.counter.scan_kind, getattr(scan, "stream", None),
                            getattr(scan, "filename", "") or "")]
    for kind, upload in spec.counter.uploads(form):
        if upload and getattr(upload, "filename", ""):
            papers.append(counter.Paper(kind, upload.stream, upload.filename))
    return papers


def _view(spec):
    @login_required
    def page():
        policy.require(current_user, counter.rule_name(spec.kind))
        form = _form(spec)
        if not form.validate_on_submit():
            if request.method == "POST":
                shared.files_not_kept(form)
                return _page(spec, form, 400)
            return _page(spec, form, 200)
        try:
            earlier = matters.earlier_filing(Case, form.client_token.data, current_user)
            if earlier is not None:
                return shared.already_filed(earlier)
            with unit_of_work():
                case = counter.file_at_counter(
                    spec, spec.counter.details(form), counter.complainant_from(form),
                    form.received_on.data, _papers(spec, form), current_user, clock.now(),
                    form.client_token.data)
        except DomainError as exc:
            if exc.status == 403:
                raise
            form.form_errors.append(readable(exc.message))
            shared.files_not_kept(form)
            return _page(spec, form, exc.status)
        flash(_l("Complaint brought to the counter entered: %(case)s",
                 case=case.number or case.title), "success")
        return redirect(url_for("cases.detail", case_id=case.id))
    return page


for _spec in KINDS.values():
    if _spec.counter is not None:
        shared.bp.add_url_rule(f"/counter/{_spec.kind}", counter.endpoint_name(_spec.kind),
                               _view(_spec), methods=["GET", "POST"])
