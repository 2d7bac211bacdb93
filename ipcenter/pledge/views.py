"""Pledge financing pages under ``/pledge/``: the applications a user may see, the firm's
application form, an application's page and its actions, the bank's queue and portfolio, and
the fund manager's pool page.

Each view: the policy first, load or 404, validate the form, one service call inside one unit
of work, flash, redirect. A refused form is shown again with what the user typed and the
reason, nothing written.

The page rules (``pledge.pages*``) are registered here, with the engine of
``ipcenter.auth.policy`` (which takes rules from any module; these names are the pages' own).
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
from ipcenter.auth.roles import OrgKind, Role
from ipcenter.core import clock
from ipcenter.core.db import db, unit_of_work
from ipcenter.core.errors import Conflict, DomainError, InvalidInput
from ipcenter.ip import numbers, register
from ipcenter.ip.models import Right
from ipcenter.matters import views as matter_views
from ipcenter.pledge import chart, forms, ledger, listing, presenters, services, watch
from ipcenter.pledge.actions import ACTIONS, form_of, permitted
from ipcenter.pledge.kind import SPEC
from ipcenter.pledge.models import PledgeApplication, PledgeDocument, PoolAccount, PoolEntry
from ipcenter.pledge.policy import visible_applications
from ipcenter.pledge.workflow import OUTSTANDING, PLEDGE_FLOW, TRANSITIONS
from ipcenter.web import params

bp = Blueprint("pledge", __name__)

PER_PAGE = 20


# ---------------------------------------------------------------------------------------------
# Who sees what


@policy.rule("pledge.pages")
def _pages(user, obj) -> bool:
    """The financing pages: the firm, the bank, the valuer, the insurer, the fund manager and
    the director."""
    return user.has_role(Role.FIRM, Role.BANK, Role.VALUER, Role.INSURER, Role.FUND_MANAGER,
                         Role.DIRECTOR)


@policy.rule("pledge.pages.apply")
def _apply(user, obj) -> bool:
    return user.has_role(Role.FIRM)


@policy.rule("pledge.pages.bank")
def _bank(user, obj) -> bool:
    return user.has_role(Role.BANK)


@policy.rule("pledge.pages.pool")
def _pool(user, obj) -> bool:
    return user.has_role(Role.FUND_MANAGER, Role.DIRECTOR)


def load(application_id: int) -> PledgeApplication:
    """The application the user may see, or 403 (a refusal, audited); 404 when none."""
    policy.require(current_user, "pledge.pages")
    application = matter_views.load(PledgeApplication, application_id)
    policy.require(current_user, "pledge.view", application)
    return application


# ---------------------------------------------------------------------------------------------
# Lists


@bp.get("/")
@login_required
def index():
    policy.require(current_user, "pledge.pages")
    filters = listing.parse(request.args, current_user)
    state = filters.state or ""
    base = visible_applications(sa.select(PledgeApplication), current_user)
    counts = presenters.counts_by_state(base)
    page = db.paginate(filters.apply(base).order_by(*(k.desc() for k in listing.ORDER)),
                       page=params.page_arg(), per_page=PER_PAGE)
    return render_template("pledge/index.html", page=page, names=presenters.list_rows(page),
                           counts=counts, total=sum(n for _, _, n in counts), state=state,
                           state_label=presenters.state_label,
                           may_apply=policy.can(current_user, "pledge.pages.apply"),
                           is_bank=policy.can(current_user, "pledge.pages.bank"),
                           is_fund=policy.can(current_user, "pledge.pages.pool"))


# The bank's queue: every state in which the table gives the bank a step to take.
BANK_STATES = sorted({str(t.source) for t in TRANSITIONS if Role.BANK in t.roles})


@bp.get("/bank")
@login_required
def bank():
    policy.require(current_user, "pledge.pages.bank")
    view = request.args.get("view", "queue")
    mine = visible_applications(sa.select(PledgeApplication), current_user)
    if view == "portfolio":
        query = mine.where(PledgeApplication.state.in_([str(s) for s in OUTSTANDING]))
    else:
        view = "queue"
        query = mine.where(PledgeApplication.state.in_(BANK_STATES))
    page = db.paginate(query.order_by(PledgeApplication.created_at.desc(),
                                      PledgeApplication.id.desc()),
                       page=params.page_arg(), per_page=PER_PAGE)
    return render_template("pledge/bank.html", page=page, names=presenters.list_rows(page),
                           view=view, figures=presenters.portfolio(mine),
                           state_label=presenters.state_label)


@bp.get("/pool")
@login_required
def pool():
    policy.require(current_user, "pledge.pages.pool")
    today = clock.local_date(clock.now())
    figures = presenters.pool_figures(today)
    rows = presenters.monthly_lending_and_losses(today)
    entries = db.paginate(sa.select(PoolEntry).where(
        PoolEntry.pool_id == ledger.POOL_ID, PoolEntry.account == str(PoolAccount.CASH))
        .order_by(PoolEntry.posted_on.desc(), PoolEntry.id.desc()),
        page=params.page_arg(), per_page=PER_PAGE)
    return render_template("pledge/pool.html", figures=figures, chart=chart.build(rows),
                           rows=rows, entries=entries, kinds=POSTING_LABELS)


POSTING_LABELS = {"contribution": _l("Contribution"), "compensation": _l("Compensation paid"),
                  "recovery": _l("Recovery received"), "interest": _l("Interest earned")}


# ---------------------------------------------------------------------------------------------
# The application form


def _choices(kind: str):
    return db.session.execute(sa.select(Organisation.id, Organisation.name).filter_by(
        kind=kind).where(Organisation.active).order_by(Organisation.name)).all()


def apply_form():
    form = forms.ApplyForm()
    held = db.session.execute(sa.select(Right).where(
        Right.holder_org_id == current_user.organisation_id).order_by(Right.number)
    ).scalars().all()
    form.rights.choices = forms.options(
        (r.id, f"{r.number} {presenters.RIGHT_KIND_LABELS.get(r.kind, r.kind)} {r.title}")
        for r in held)
    form.bank.choices = forms.options(_choices(OrgKind.BANK))
    none = [(0, _l("— chosen later by the fund manager —"))]
    form.valuer.choices = forms.options([*none, *_choices(OrgKind.VALUER)])
    form.insurer.choices = forms.options([*none, *_choices(OrgKind.INSURER)])
    if not form.client_token.data:
        form.client_token.data = uuid.uuid4().hex
    return form


def rights_by_number(text: str) -> list[int]:
    """The register's rights named one a line: a patent number with its check digit, or a
    trademark's registration number. Raises ``InvalidInput`` naming the line refused."""
    ids = []
    for line in (text or "").splitlines():
        number = line.strip()
        if not number:
            continue
        try:
            if numbers.is_patent_number(number):
                parsed = numbers.parse_patent(number)
                right = register.find(parsed.kind, str(parsed))
            elif numbers.is_trademark_number(number):
                right = register.find("trademark", numbers.parse_trademark(number))
            else:
                raise ValueError
        except (ValueError, InvalidInput):
            raise InvalidInput(_l("%(number)s is not a patent number with a valid check digit "
                                  "or a trademark registration number.",
                                  number=number[:40])) from None
        if right is None:
            raise InvalidInput(_l("%(number)s is not in the register.", number=number[:40]))
        ids.append(right.id)
    return ids


def _file(form, now):
    ids = [*(form.rights.data or []), *rights_by_number(form.right_numbers.data)]
    data = services.FilingData(
        bank_org_id=form.bank.data, amount=form.amount.data,
        term_months=form.term_months.data, use_of_funds=form.use_of_funds.data,
        right_ids=ids, valuer_org_id=form.valuer.data or None,
        insurer_org_id=form.insurer.data or None, established_on=form.established_on.data,
        is_sme=form.is_sme.data, use_of_funds_kind=form.use_of_funds_kind.data,
        from_university=form.from_university.data,
        repayment_method=form.repayment_method.data)
    return services.file_application(data, current_user, now, form.client_token.data)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    policy.require(current_user, "pledge.pages.apply")
    form = apply_form()
    if form.validate_on_submit():
        try:
            earlier = matters.earlier_filing(PledgeApplication, form.client_token.data,
                                             current_user)
            if earlier is not None:
                flash(_l("This form was already sent; here is the application it created."),
                      "info")
                return redirect(url_for("pledge.detail", application_id=earlier.id))
            with unit_of_work():
                application = _file(form, clock.now())
        except DomainError as exc:
            if exc.status == 403:
                raise
            db.session.rollback()
            form.form_errors.append(exc.message)
            return render_template("pledge/new.html", form=form), exc.status
        flash(_l("Your application has been filed; the fund manager will check it."), "success")
        return redirect(url_for("pledge.detail", application_id=application.id))
    status = 400 if request.method == "POST" else 200
    return render_template("pledge/new.html", form=form), status


# ---------------------------------------------------------------------------------------------
# One application and its actions


@bp.get("/<int:application_id>")
@login_required
def detail(application_id: int):
    application = load(application_id)
    return render_template("pledge/detail.html", **presenters.application_page(
        application, current_user, clock.now()))


def _require_open(application, action) -> None:
    """The step is open in the application's state (409 otherwise) and the user's to take
    (an audited refusal otherwise)."""
    if action.event is not None and PLEDGE_FLOW.find(application.state, action.event) is None:
        raise Conflict(_l("This step is not open while the application is at “%(state)s”.",
                          state=presenters.state_label(application.state)))
    if not permitted(current_user, application, action):
        raise policy.Refused("pledge.act", application,
                             _l("This step is not yours to take on this application."))


@bp.post("/<int:application_id>/act/<name>")
@login_required
def act(application_id: int, name: str):
    application = load(application_id)
    action = ACTIONS.get(name)
    if action is None:
        abort(404)
    _require_open(application, action)
    form = form_of(action, application, current_user)
    if not form.validate_on_submit():
        page = presenters.application_page(application, current_user, clock.now(),
                                           failed=(name, form))
        return render_template("pledge/detail.html", **page), 400
    try:
        with unit_of_work():
            action.run(application, form, current_user, clock.now())
    except DomainError as exc:
        if exc.status == 403:
            raise
        db.session.rollback()
        db.session.expire_all()
        application = load(application_id)
        form.form_errors.append(exc.message)
        page = presenters.application_page(application, current_user, clock.now(),
                                           failed=(name, form))
        return render_template("pledge/detail.html", **page), exc.status
    flash(action.message, "success")
    return redirect(url_for("pledge.detail", application_id=application_id))


@bp.get("/<int:application_id>/documents/<int:doc_id>")
@login_required
def document(application_id: int, doc_id: int):
    """A file of the application: for whom ``pledge.document`` lets in (the page's viewers;
    the centre's files the centre's alone)."""
    application = load(application_id)
    doc = matter_views.load_of(PledgeDocument, doc_id, "application_id", application.id)
    policy.require(current_user, "pledge.document", doc)
    return matter_views.send_document(doc, SPEC.subject, application.id,
                                      url_for("pledge.detail", application_id=application_id))


# ---------------------------------------------------------------------------------------------
# The collateral alerts


@bp.post("/alerts/<int:alert_id>/seen")
@login_required
def alert_seen(alert_id: int):
    """The lending bank's reviewer, or the fund manager, acknowledges an alert: it leaves
    their side's 我的工作 (the other side's stays until they acknowledge it too)."""
    policy.require(current_user, "pledge.pages")
    alert = db.session.get(watch.PledgeAlert, alert_id)
    if alert is None:
        abort(404)
    with unit_of_work():
        watch.acknowledge(alert, current_user, clock.now())  # PermissionDenied: 403, nothing
    flash(_l("The alert on %(right)s has been acknowledged.", right=alert.right.number),
          "success")
    if request.form.get("back") == "loan":
        return redirect(url_for("pledge.detail", application_id=alert.application_id))
    return redirect(url_for("web.dashboard"))


# The subsidy claim: the amount worked out and shown before the firm submits it


@bp.post("/<int:application_id>/subsidy/quote")
@login_required
def subsidy_quote(application_id: int):
    """The firm's claim form with the amount the rules give for what it typed (nothing
    written); submitting it then is ``act/claim_subsidy`` with that amount."""
    application = load(application_id)
    action = ACTIONS["claim_subsidy"]
    _require_open(application, action)
    now = clock.now()
    if not services.subsidies_offered(services.params_on(now)):
        raise Conflict(_l("Subsidies are not offered under the current rules."))
    form = form_of(action, application)
    quote = None
    if form.validate_on_submit():
        try:
            quote = services.quote_subsidy(application, now, form.valuation_fee.data)
            form.quoted_total.data = str(quote.total)
        except DomainError as exc:
            form.form_errors.append(exc.message)
    page = presenters.application_page(application, current_user, now,
                                       failed=("claim_subsidy", form))
    if quote is not None:
        page["subsidy"] = presenters.subsidy_panel(application, now, True, quote)
    return render_template("pledge/detail.html", **page), 200 if quote is not None else 400
