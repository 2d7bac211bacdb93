"""The rights register's page for the centre's staff (/admin/rights): find a right by its
number, read its standing today (status, annuities paid up to, freezes in force, pledges) and
its history — every event the register holds, the pledges' registrations and releases among
them — and record what the centre learns by hand: an annuity paid, a freeze (a court's
preservation or enforcement order, CNIPA suspending formalities in an ownership dispute) and
its lifting. The rules are the register's (``ipcenter.ip.register``); a refusal is shown on
the form, nothing written.

Who: the centre's case and financing staff (``register.view``, ``register.record``), never the
administrator (who manages accounts, not matters), a bank, a firm or a valuer.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ipcenter.admin.forms import AnnuityForm, FreezeForm, LiftFreezeForm
from ipcenter.admin.views import bp
from ipcenter.auth import policy
from ipcenter.auth.roles import Role
from ipcenter.core import clock
from ipcenter.core.db import db, unit_of_work
from ipcenter.core.errors import InvalidInput
from ipcenter.ip import register
from ipcenter.ip.models import Right
from ipcenter.web import params

PER_PAGE = 50
REGISTER_STAFF = (Role.ADJUDICATOR, Role.ENFORCER, Role.EXAMINER, Role.FUND_MANAGER,
                  Role.DIRECTOR)
STATUS_LABELS = {"pending": _l("Pending"), "valid": _l("In force"), "lapsed": _l("Lapsed"),
                 "invalidated": _l("Declared invalid"), "expired": _l("Expired")}
KIND_LABELS = {"invention": _l("Invention patent"), "utility_model": _l("Utility model patent"),
               "design": _l("Design patent"), "trademark": _l("Registered trademark")}


@policy.rule("register.view", "register.record")
def _register_staff(user, obj) -> bool:
    return user.has_role(*REGISTER_STAFF)


@bp.get("/rights", endpoint="rights")
def rights():
    policy.require(current_user, "register.view")
    query = request.args.get("q", "").strip()
    stmt = sa.select(Right).order_by(Right.number)
    if query:
        stmt = stmt.where(sa.or_(Right.number.like(f"%{query.upper()}%"),
                                 Right.title.like(f"%{query}%"),
                                 Right.holder_name.like(f"%{query}%")))
    page = db.paginate(stmt, page=params.page_arg(), per_page=PER_PAGE, error_out=False,
                       count=True)
    return render_template("admin/rights.html", page=page, query=query,
                           statuses=STATUS_LABELS, kinds=KIND_LABELS)


def _forms(right, standing, failed=None) -> dict:
    forms = {"annuity": AnnuityForm(formdata=None), "freeze": FreezeForm(formdata=None),
             "unfreeze": LiftFreezeForm(formdata=None)}
    if failed:
        forms[failed[0]] = failed[1]
    forms["freeze"].kind.choices = [(k, v) for k, v in register.FREEZE_KINDS.items()]
    forms["unfreeze"].freeze.choices = [
        (f.event_id, f"{f.authority}{f.document_no}") for f in standing.freezes]
    return forms


def _page(right, failed=None, status=200):
    today = clock.today()
    standing = register.standing_on(right, today)
    return render_template(
        "admin/right.html", right=right, standing=standing, today=today,
        history=register.history(right), forms=_forms(right, standing, failed),
        statuses=STATUS_LABELS, kinds=KIND_LABELS, freeze_kinds=register.FREEZE_KINDS,
        may_record=policy.can(current_user, "register.record"),
        paid=standing.annuity_paid_on(today)), status


@bp.get("/rights/<int:right_id>", endpoint="right")
def right_page(right_id: int):
    policy.require(current_user, "register.view")
    return _page(db.get_or_404(Right, right_id))


def _record(right_id: int, name: str, form, record, message):
    """Validate ``form``, run ``record(right, form, now)`` in one unit of work, flash and
    redirect; a refusal shows the page again with the form as typed and the reason."""
    policy.require(current_user, "register.record")
    right = db.get_or_404(Right, right_id)
    if name == "freeze":
        form.kind.choices = list(register.FREEZE_KINDS.items())
    if name == "unfreeze":
        standing = register.standing_on(right, clock.today())
        form.freeze.choices = [(f.event_id, f.document_no) for f in standing.freezes]
    if not form.validate_on_submit():
        return _page(right, (name, form), 400)
    try:
        with unit_of_work():
            record(right, form, clock.now())
    except InvalidInput as exc:
        db.session.rollback()
        db.session.expire_all()
        right = db.get_or_404(Right, right_id)
        form.form_errors.append(exc.message)
        return _page(right, (name, form), exc.status)
    flash(message, "success")
    return redirect(url_for("admin.right", right_id=right_id))


@bp.post("/rights/<int:right_id>/annuity", endpoint="right_annuity")
def right_annuity(right_id: int):
    return _record(right_id, "annuity", AnnuityForm(), lambda right, f, now:
                   register.record_annuity(right, f.paid_on.data, year=f.year.data,
                                           paid_until=f.paid_until.data, actor=current_user,
                                           now=now),
                   _l("The annuity payment has been recorded."))


@bp.post("/rights/<int:right_id>/freeze", endpoint="right_freeze")
def right_freeze(right_id: int):
    return _record(right_id, "freeze", FreezeForm(), lambda right, f, now:
                   register.record_freeze(right, f.frozen_on.data, kind=f.kind.data,
                                          authority=f.authority.data,
                                          document_no=f.document_no.data, until=f.until.data,
                                          actor=current_user, now=now),
                   _l("The freeze has been recorded."))


@bp.post("/rights/<int:right_id>/unfreeze", endpoint="right_unfreeze")
def right_unfreeze(right_id: int):
    return _record(right_id, "unfreeze", LiftFreezeForm(), lambda right, f, now:
                   register.lift_freeze(right, f.freeze.data, f.lifted_on.data,
                                        authority=f.authority.data,
                                        document_no=f.document_no.data, actor=current_user,
                                        now=now),
                   _l("The freeze has been lifted."))
