"""Pre-examination pages under ``/prexam/``: the firm's registration (备案) and its requests,
the examiner's queue, the director's proposals, a request's page and a registration's page
with their actions, their files, and the examiner's panel on 我的工作.

Each view: the policy first, load or 404, validate the form, one service call inside one unit
of work, flash, redirect. A refused form is shown again with what the user typed and the
reason, nothing written (the pledge pages' pattern, ``ipcenter.pledge.views``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.routing import BuildError

from ipcenter import matters
from ipcenter.auth import policy
from ipcenter.auth.roles import Role
from ipcenter.core import clock
from ipcenter.core.db import db, unit_of_work
from ipcenter.core.errors import Conflict, DomainError
from ipcenter.core.reasons import Refused as RulesRefused
from ipcenter.core.worklist import Panel, Section
from ipcenter.matters import views as matter_views
from ipcenter.prexam import forms, listing, presenters, services
from ipcenter.prexam.actions import (
    ACTIONS,
    FILING_ACTIONS,
    filing_permitted,
    open_in_state,
    permitted,
)
from ipcenter.prexam.blueprint import bp
from ipcenter.prexam.kind import FILING, REQUEST
from ipcenter.prexam.models import (
    PrexamDocument,
    PrexamFiling,
    PrexamFilingDocument,
    PrexamRequest,
)
from ipcenter.prexam.policy import visible_filings, visible_requests
from ipcenter.prexam.rules import documents as documents_rule
from ipcenter.prexam.workflow import EXAMINER_QUEUE, FILING_STANDS, FILING_TERMINAL, FS
from ipcenter.web import params

PER_PAGE = 20
# The registrations awaiting a decision: the examiner's (applied) and the director's
# (a suspension or a revocation proposed).
EXAMINER_FILINGS = (FS.APPLIED,)
DIRECTOR_FILINGS = (FS.SUSPENSION_PROPOSED, FS.REVOCATION_PROPOSED)
FILING_ENDED = frozenset(str(s) for s in FILING_TERMINAL)


def load(request_id: int) -> PrexamRequest:
    """The request the user may see, or 403 (a refusal, audited); 404 when none."""
    policy.require(current_user, "prexam.pages")
    found = matter_views.load(PrexamRequest, request_id)
    policy.require(current_user, "prexam.view", found)
    return found


def load_filing(filing_id: int) -> PrexamFiling:
    policy.require(current_user, "prexam.pages")
    found = matter_views.load(PrexamFiling, filing_id)
    policy.require(current_user, "prexam.filing.view", found)
    return found


def _page(query):
    return db.paginate(query, page=params.page_arg(), per_page=PER_PAGE)


def _settings_url():
    try:
        return url_for("prexam.settings")
    except BuildError:  # the settings pages are built apart (``settings_views``)
        return "/prexam/settings"


# ---------------------------------------------------------------------------------------------
# The service's front page: what each user has to see and do


@bp.get("/")
@login_required
def index():
    policy.require(current_user, "prexam.pages")
    now = clock.now()
    context = {"state_label": presenters.state_label, "kind_label": presenters.kind_label,
               "filing_state_label": presenters.filing_state_label,
               "is_firm": current_user.has_role(Role.FIRM),
               "is_examiner": current_user.has_role(Role.EXAMINER),
               "is_director": current_user.has_role(Role.DIRECTOR),
               "is_admin": policy.can(current_user, "prexam.settings"),
               "settings_url": _settings_url(), "view": "", "page": None, "rows": {},
               "filings": []}
    filters = listing.parse(request.args, current_user)
    if filters.view == "firm":
        filing = services.current_filing(current_user.organisation_id)
        context["filing"] = filing
        context["filing_stands"] = filing is not None and filing.state in FILING_STANDS
        context["filing_ended"] = filing is not None and filing.state in FILING_ENDED
        context["may_submit"] = context["filing_stands"] and policy.can(current_user,
                                                                        "prexam.submit")
        page = _page(listing.ordered(filters, current_user))
        context.update(page=page, rows=presenters.list_rows(page, now), view="firm")
    elif filters.shows_list:
        view = filters.view
        page = _page(listing.ordered(filters, current_user))
        states = [*(EXAMINER_FILINGS if context["is_examiner"] else ()),
                  *DIRECTOR_FILINGS]
        filings = db.session.execute(
            visible_filings(sa.select(PrexamFiling), current_user)
            .where(PrexamFiling.state.in_([str(s) for s in states]))
            .order_by(PrexamFiling.submitted_at, PrexamFiling.id).limit(50)).scalars().all()
        context.update(page=page, rows=presenters.list_rows(page, now), view=view,
                       filings=filings)
    return render_template("prexam/index.html", **context)


# ---------------------------------------------------------------------------------------------
# The registration (备案)


def _filing_form():
    form = forms.FilingForm()
    if request.method == "GET":
        org = current_user.organisation
        form.uscc.data = form.uscc.data or (org.uscc if org else "")
        form.address.data = form.address.data or (getattr(org, "address", "") or "")
        form.contact_name.data = form.contact_name.data or current_user.display_name
    if not form.client_token.data:
        form.client_token.data = uuid.uuid4().hex
    return form


@bp.route("/filing/new", methods=["GET", "POST"])
@login_required
def filing_new():
    policy.require(current_user, "prexam.pages")
    policy.require(current_user, "prexam.filing.apply")
    if request.method == "GET":
        current = services.current_filing(current_user.organisation_id)
        if current is not None and current.state not in FILING_ENDED:
            flash(_l("Your firm has a registration already; here it is."), "info")
            return redirect(url_for("prexam.filing", filing_id=current.id))
    form = _filing_form()
    if form.validate_on_submit():
        data = services.FilingData(
            uscc=form.uscc.data, contact_name=form.contact_name.data,
            contact_phone=form.contact_phone.data, contact_email=form.contact_email.data or "",
            address=form.address.data or "", rd_staff=form.rd_staff.data or 0,
            fields=form.fields.data or "", undertaking=bool(form.undertaking.data))
        try:
            earlier = matters.earlier_filing(PrexamFiling, form.client_token.data,
                                             current_user)
            if earlier is not None:
                flash(_l("This form was already sent; here is the registration it created."),
                      "info")
                return redirect(url_for("prexam.filing", filing_id=earlier.id))
            with unit_of_work():
                filing = services.apply_for_filing(data, current_user, clock.now(),
                                                   form.client_token.data)
        except DomainError as exc:
            if exc.status == 403:
                raise
            db.session.rollback()
            form.form_errors.append(exc.message)
            return render_template("prexam/filing_new.html", form=form), exc.status
        flash(_l("Your registration has been sent; an examiner will decide on it."), "success")
        return redirect(url_for("prexam.filing", filing_id=filing.id))
    status = 400 if request.method == "POST" else 200
    return render_template("prexam/filing_new.html", form=form), status


@bp.get("/filing/<int:filing_id>")
@login_required
def filing(filing_id: int):
    found = load_filing(filing_id)
    return render_template("prexam/filing.html", **presenters.filing_page(
        found, current_user, clock.now()))


def _require_open(matter, action, name, rule, is_permitted, label) -> None:
    """The step is open in the matter's state (409 otherwise) and the user's to take (an
    audited refusal otherwise)."""
    if not open_in_state(matter, action):
        raise Conflict(_l("This step is not open while the matter is at “%(state)s”.",
                          state=label(matter.state)))
    if not is_permitted(current_user, matter, action):
        raise policy.Refused(rule, matter, _l("This step is not yours to take."))


def _act(matter, name, action, page_of, template, is_permitted, rule, label, reload, back):
    _require_open(matter, action, name, rule, is_permitted, label)
    form = action.build(matter, current_user)
    if not form.validate_on_submit():
        return render_template(template, **page_of(matter, current_user, clock.now(),
                                                   failed=(name, form))), 400
    try:
        with unit_of_work():
            action.run(matter, form, current_user, clock.now())
    except DomainError as exc:
        if exc.status == 403:
            raise
        db.session.rollback()
        db.session.expire_all()
        matter = reload()
        form.form_errors.append(exc.message)
        return render_template(template, **page_of(matter, current_user, clock.now(),
                                                   failed=(name, form))), exc.status
    flash(action.message, "success")
    return redirect(back)


@bp.post("/filing/<int:filing_id>/<name>")
@login_required
def filing_act(filing_id: int, name: str):
    found = load_filing(filing_id)
    action = FILING_ACTIONS.get(name)
    if action is None:
        abort(404)
    return _act(found, name, action, presenters.filing_page, "prexam/filing.html",
                filing_permitted, "prexam.filing.act", presenters.filing_state_label,
                lambda: load_filing(filing_id), url_for("prexam.filing", filing_id=filing_id))


@bp.get("/filing/<int:filing_id>/documents/<int:doc_id>")
@login_required
def filing_document(filing_id: int, doc_id: int):
    found = load_filing(filing_id)
    doc = matter_views.load_of(PrexamFilingDocument, doc_id, "filing_id", found.id)
    policy.require(current_user, "prexam.filing.document", doc)
    return matter_views.send_document(doc, FILING.subject, found.id,
                                      url_for("prexam.filing", filing_id=filing_id))


# ---------------------------------------------------------------------------------------------
# The request form


def _request_data(form) -> services.RequestData:
    co = []
    for name, kind, code in forms.co_applicant_rows(form):
        if name.data:
            co.append(services.ApplicantData(name=name.data, kind=kind.data or "enterprise",
                                             uscc=code.data or ""))
    return services.RequestData(
        patent_kind=form.patent_kind.data or "", title=form.title.data or "",
        classification=form.classification.data or "", abstract=form.abstract.data or "",
        claims_text=form.claims_text.data or "",
        declared_no_dual_filing=bool(form.declared_no_dual_filing.data), co_applicants=co)


def _uploads_of(form) -> list[services.Upload]:
    """The files chosen on the form, for the request's kind and the conditional documents."""
    kinds = documents_rule.REQUIRED.get(form.patent_kind.data or "", ())
    found = []
    for kind in (*kinds, "co_development_contract", "university_proof"):
        data = form[forms.file_field(kind)].data
        if data is not None and getattr(data, "filename", ""):
            found.append(services.Upload(kind, data.stream, data.filename))
    return found


def _new_page(form, status=200, refusals=()):
    """The request form with the eligibility checklist for what the firm typed so far."""
    kind = form.patent_kind.data or "utility_model"
    try:
        uploaded = {u.kind for u in _uploads_of(form)} if request.method == "POST" else set()
        criteria = services.eligibility_preview(current_user, _request_data(form), uploaded,
                                                clock.now())
    except DomainError:
        criteria = []
    return render_template(
        "prexam/new.html", form=form, criteria=criteria, refusals=refusals,
        co_rows=forms.co_applicant_rows(form),
        files=[(form[forms.file_field(k)], k in documents_rule.REQUIRED.get(kind, ()))
               for k in (*documents_rule.REQUIRED.get(kind, ()), "co_development_contract",
                         "university_proof")],
        filing=services.current_filing(current_user.organisation_id)), status


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    policy.require(current_user, "prexam.pages")
    policy.require(current_user, "prexam.submit")
    form = forms.request_form()
    if request.method == "GET":
        chosen = request.args.get("kind")
        form.patent_kind.data = chosen if chosen in presenters.KIND_LABELS else "utility_model"
    if not form.client_token.data:
        form.client_token.data = uuid.uuid4().hex
    if not form.validate_on_submit():
        return _new_page(form, 400 if request.method == "POST" else 200)
    try:
        earlier = matters.earlier_filing(PrexamRequest, form.client_token.data, current_user)
        if earlier is not None:
            flash(_l("This form was already sent; here is the request it created."), "info")
            return redirect(url_for("prexam.detail", request_id=earlier.id))
        with unit_of_work():
            created = services.submit_request(_request_data(form), _uploads_of(form),
                                              current_user, clock.now(),
                                              form.client_token.data)
    except DomainError as exc:
        if exc.status == 403:
            raise
        db.session.rollback()
        refusals = [r.message for r in exc.reasons] if isinstance(exc, RulesRefused) else []
        form.form_errors.append(exc.message)
        return _new_page(form, exc.status, refusals)
    flash(_l("Your request has been submitted; an examiner will check its classification."),
          "success")
    return redirect(url_for("prexam.detail", request_id=created.id))


# ---------------------------------------------------------------------------------------------
# One request and its actions


@bp.get("/<int:request_id>")
@login_required
def detail(request_id: int):
    found = load(request_id)
    return render_template("prexam/detail.html", **presenters.request_page(
        found, current_user, clock.now()))


@bp.post("/<int:request_id>/<name>")
@login_required
def act(request_id: int, name: str):
    found = load(request_id)
    action = ACTIONS.get(name)
    if action is None:
        abort(404)
    return _act(found, name, action, presenters.request_page, "prexam/detail.html",
                permitted, "prexam.act", presenters.state_label, lambda: load(request_id),
                url_for("prexam.detail", request_id=request_id))


@bp.get("/<int:request_id>/documents/<int:doc_id>")
@login_required
def document(request_id: int, doc_id: int):
    """A file of the request: for whom ``prexam.document`` lets in (the firm and the centre;
    the examiner's working papers the centre's alone)."""
    found = load(request_id)
    doc = matter_views.load_of(PrexamDocument, doc_id, "request_id", found.id)
    policy.require(current_user, "prexam.document", doc)
    return matter_views.send_document(doc, REQUEST.subject, found.id,
                                      url_for("prexam.detail", request_id=request_id))


# ---------------------------------------------------------------------------------------------
# The examiner's panel on 我的工作


PANEL_KEY = "prexam"


@dataclass(frozen=True)
class QueueSection(Section):
    """A page of the queue and each row's earliest running due day."""

    due: dict = field(default_factory=dict, kw_only=True)
    labels: dict = field(default_factory=dict, kw_only=True)
PANEL_TEMPLATE = "prexam/_worklist.html"


def dashboard_panel(user, page: int, per_page: int):
    """The examiner's queue (requests waiting for the centre, oldest first): its total by
    ``COUNT`` and one page of it (two statements); None for anyone but an examiner."""
    if not user.has_role(Role.EXAMINER):
        return None
    query = visible_requests(sa.select(PrexamRequest), user).where(
        PrexamRequest.state.in_([str(s) for s in EXAMINER_QUEUE]))
    total = db.session.execute(sa.select(sa.func.count()).select_from(
        query.order_by(None).subquery())).scalar_one()
    last = max(1, -(-total // per_page))
    page = min(max(1, page), last)
    rows = list(db.session.execute(
        query.order_by(PrexamRequest.submitted_at, PrexamRequest.id)
        .limit(per_page).offset((page - 1) * per_page)).scalars()) if total else []
    due = {i: presenters.open_due(c) for i, c in presenters._clocks_of(
        REQUEST.subject, [r.id for r in rows], clock.now()).items()}
    return Panel(PANEL_KEY, PANEL_TEMPLATE,
                 QueueSection(rows, total, page, per_page, PANEL_KEY, due=due,
                              labels={r.id: presenters.state_label(r.state) for r in rows}))


def register_worklist(app) -> None:
    """Add the examiner's queue to 我的工作 (``prexam.init_app`` calls this)."""
    from ipcenter.core.worklist import contribute

    contribute(app, PANEL_KEY, dashboard_panel)
