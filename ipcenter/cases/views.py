"""Case pages: list, the case page, its actions, document downloads, and what the kinds' filing
pages share (each kind's own are in its package: ``KindSpec.views``).

Each action view: load or 404, check permission, validate the form, call one service inside a
unit of work, flash, redirect. The ``ACTIONS`` table maps each action to its form, its
permission and its service call; a refused form is shown again with what the user typed.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ipcenter import matters
from ipcenter.auth import policy
from ipcenter.auth.models import Organisation
from ipcenter.auth.roles import OrgKind
from ipcenter.cases import forms, listing
from ipcenter.cases.actions import actions_for, prepare
from ipcenter.cases.kinds import KINDS
from ipcenter.cases.models import Case, CaseDocument
from ipcenter.cases.presenters import case_page
from ipcenter.core import clock
from ipcenter.core.db import db, unit_of_work
from ipcenter.core.errors import DomainError
from ipcenter.matters import views as matter_views
from ipcenter.web import params
from ipcenter.web.filters import message as readable

bp = Blueprint("cases", __name__)


@bp.record_once
def _register_worklist(state) -> None:
    """The cases waiting for each user join 我的工作 (``cases.waiting``)."""
    from ipcenter.cases import waiting
    from ipcenter.core.worklist import contribute

    contribute(state.app, waiting.PANEL_KEY, waiting.dashboard_panel)


def load(case_id: int) -> Case:
    return matter_views.load(Case, case_id)


def load_of(model, obj_id: int, case: Case):
    """A row that belongs to ``case`` (a document, a recusal request), or 404."""
    return matter_views.load_of(model, obj_id, "case_id", case.id)


@bp.get("/")
@login_required
def index():
    policy.require(current_user, "case.list")
    filters = listing.parse(request.args, current_user)
    kind, state = filters.kind or "", filters.state or ""
    # One list of states per kind (a kind chosen: its states alone), so no state is offered
    # twice under one name.
    states_by_kind = {name: {str(k): v for k, v in spec.state_labels.items()}
                      for name, spec in KINDS.items() if not kind or name == kind}
    state_labels = {str(k): v for spec in KINDS.values() for k, v in spec.state_labels.items()}
    centre = listing.centre(current_user)
    page = listing.case_list(current_user, filters.state, filters.kind, params.page_arg(),
                             filters)
    if page is None:
        abort(404)
    args, errors = filters.args(), list(filters.errors)
    return render_template("cases/index.html", page=page, state=state, kind=kind,
                           state_labels=state_labels, states_by_kind=states_by_kind,
                           kinds=KINDS, filters=filters, args=args, errors=errors,
                           firms=_firms() if centre else [],
                           handlers=_handler_choices() if centre else [],
                           filings=[f for spec in KINDS.values() for f in spec.filings
                                    if policy.can(current_user, f.action)])


def _firms() -> list:
    return db.session.execute(
        sa.select(Organisation.id, Organisation.name).filter_by(kind=OrgKind.FIRM)
        .order_by(Organisation.name)).all()


def _handler_choices() -> list:
    from ipcenter.auth.models import User, UserRole

    roles = sorted({spec.handler_role for spec in KINDS.values()})
    return db.session.execute(
        sa.select(User.id, User.display_name).where(User.active, User.id.in_(
            sa.select(UserRole.user_id).where(UserRole.role.in_(roles))))
        .order_by(User.display_name)).all()


def other_firms() -> list:
    """The active firms other than the user's own, for naming a respondent or party."""
    return db.session.execute(
        sa.select(Organisation.id, Organisation.name).filter_by(kind=OrgKind.FIRM).where(
            Organisation.active, Organisation.id != current_user.organisation_id)
        .order_by(Organisation.name)).all()


def already_filed(case: Case):
    """A double submit: the form already made this case; nothing is added to it."""
    flash(_l("This form was already sent; here is the case it created."), "info")
    return redirect(url_for("cases.detail", case_id=case.id))


def filing_form(form_class, party_field: str | None = None):
    """A filing form with its one-time token and, in ``party_field``, the firms to name."""
    form = form_class()
    if party_field:
        getattr(form, party_field).choices = forms.options(
            [(0, _l("— not in the system —")), *other_firms()])
    if not form.client_token.data:
        form.client_token.data = uuid.uuid4().hex
    return form


def files_not_kept(form) -> None:
    """A refused form that carried files: the browser does not send them again, and the page
    cannot refill a file field, so the user is told to choose them again (never left to think
    they are attached)."""
    names = [upload.filename for key in request.files for upload in request.files.getlist(key)]
    chosen = sorted({name for name in names if name})
    if chosen:
        form.form_errors.append(_l(
            "The files you chose were not kept (%(names)s): choose them again before sending "
            "the form.", names="、".join(chosen)))


def done(message, case, number_before=None, decision_before=None):
    """The success message, with the number the step gave the case (案号, 文号), if any."""
    number = case.number
    decision = getattr(case, "decision_number", None)
    if decision and decision != decision_before:
        return _l("%(message)s Document number: %(number)s", message=message, number=decision)
    if number and number != number_before:
        return _l("%(message)s Case number: %(number)s", message=message, number=number)
    return message


def filing_page(form, template: str, create, message, **context):
    """What every filing page does: on a valid POST, ``create(now)`` (the service, then the
    uploads) in one unit of work, once per form token, and on to the new case; a refusal is
    shown on the form, with nothing written."""
    if form.validate_on_submit():
        try:
            earlier = matters.earlier_filing(Case, form.client_token.data, current_user)
            if earlier is not None:
                return already_filed(earlier)
            with unit_of_work():
                case = create(clock.now())
        except DomainError as exc:
            if exc.status == 403:
                raise
            form.form_errors.append(readable(exc.message))
            files_not_kept(form)
            return render_template(template, form=form, **context), exc.status
        flash(message, "success")
        return redirect(url_for("cases.detail", case_id=case.id))
    if request.method == "POST":
        files_not_kept(form)
        return render_template(template, form=form, **context), 400
    return render_template(template, form=form, **context), 200


def attach_uploads(case, uploads, now) -> None:
    """Attach the files a filing form carried: (file kind, upload) pairs, empty ones skipped."""
    for kind, upload in uploads:
        if upload and getattr(upload, "filename", ""):
            matters.attach(case, kind, upload.stream, upload.filename, current_user, now)


@bp.get("/<int:case_id>")
@login_required
def detail(case_id: int):
    case = load(case_id)
    policy.require(current_user, "case.view", case)
    return render_template("cases/detail.html", **case_page(case, current_user, clock.now()))


@bp.get("/files/<int:doc_id>")
@login_required
def file_case(doc_id: int):
    """A search hit on a file: the page of the case it belongs to."""
    doc = db.session.get(CaseDocument, doc_id)
    if doc is None:
        abort(404)
    policy.require(current_user, "case.view", doc.case)
    return redirect(url_for("cases.detail", case_id=doc.case_id))


# ---------------------------------------------------------------------------------------------
# Actions


@bp.post("/<int:case_id>/act/<name>")
@login_required
def act(case_id: int, name: str):
    case = load(case_id)
    action = actions_for(case).get(name)
    if action is None:
        abort(404)
    policy.require(current_user, "case.view", case)
    if action.event is not None:
        policy.require(current_user, "case.act", (case, action.event))
    else:
        policy.require(current_user, action.permission or "case.act", case)
    form = prepare(action.form_class(case)(), case, name, current_user)
    if not form.validate_on_submit():
        files_not_kept(form)
        page = case_page(case, current_user, clock.now(), failed=(name, form))
        return render_template("cases/detail.html", **page), 400
    number_before, decision_before = case.number, getattr(case, "decision_number", None)
    try:
        with unit_of_work():
            action.run(case, form, current_user, clock.now())
    except DomainError as exc:
        if exc.status == 403:
            raise
        db.session.expire_all()
        case = load(case_id)
        form.form_errors.append(readable(exc.message))
        files_not_kept(form)
        page = case_page(case, current_user, clock.now(),
                         failed=(name, prepare(form, case, name, current_user)))
        return render_template("cases/detail.html", **page), exc.status
    flash(done(action.message, case, number_before, decision_before), "success")
    if not policy.can(current_user, "case.view", case):
        # The step took the case out of the user's sight (refused acceptance from the queue,
        # handed to another panel): their work, not a page that answers 403.
        return redirect(url_for("web.dashboard"))
    return redirect(url_for("cases.detail", case_id=case_id))


@bp.get("/<int:case_id>/documents/<int:doc_id>")
@login_required
def document(case_id: int, doc_id: int):
    case = load(case_id)
    doc = load_of(CaseDocument, doc_id, case)
    policy.require(current_user, "case.document", doc)
    return matter_views.send_document(doc, "case", case.id,
                                      url_for("cases.detail", case_id=case_id))


@bp.get("/rulings/<int:case_id>")
def ruling(case_id: int):
    """A published decision, masked; open to anyone (no sign-in)."""
    from ipcenter.cases.search import build_ruling

    document = build_ruling(case_id)
    if document is None:
        abort(404)
    return render_template("cases/ruling.html", ruling=document)
