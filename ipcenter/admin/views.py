"""Admin pages: organisations, user accounts, director grants, the working-day calendar, the
audit log.

Each view: permission first, then the form's shape, then one service inside one unit of work,
flash, redirect. A refusal by a service is shown next to the field it is about, with what the
admin typed kept.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import orm
from wtforms.fields.choices import SelectChoice

from ipcenter.admin import services
from ipcenter.admin.calendar import year_grid
from ipcenter.admin.forms import (
    CalendarDayForm,
    CalendarPublishForm,
    OrganisationForm,
    PasswordResetForm,
    UserCreateForm,
    UserEditForm,
)
from ipcenter.auth import policy
from ipcenter.auth.models import Organisation, RoleGrant, User
from ipcenter.auth.roles import ORG_KIND_LABELS, ROLE_LABELS, ROLES_BY_ORG_KIND, OrgKind, Role
from ipcenter.auth.services import PASSWORD_MIN_LENGTH
from ipcenter.core import audit, clock
from ipcenter.core.db import db, unit_of_work
from ipcenter.core.errors import Conflict, InvalidInput
from ipcenter.core.ids import whole_number
from ipcenter.core.models import AuditEvent, CalendarYear
from ipcenter.core.workdays import load_calendar, package_knows
from ipcenter.web import audit_labels, params
from ipcenter.web.filters import cn_date, cn_datetime

bp = Blueprint("admin", __name__)

PER_PAGE = 50

# The reasons ``audit.verify`` gives, as the admin reads them.
VERIFY_REASONS = {
    audit.MISSING: _l("a row is missing"),
    audit.LINK: _l("the link to the previous row is broken"),
    audit.ALTERED: _l("the row has been altered"),
    audit.INSERTED: _l("a row the application did not write has been inserted"),
    audit.UNKEYED: _l("the row was hashed with the public SHA-256, not the audit key (the "
                      "chain has been re-hashed)"),
    audit.OTHER_KEY: _l("the rows from here on were hashed with another key (the chain has "
                        "been re-hashed, or the audit key is not this installation's)"),
    audit.TRUNCATED: _l("rows at the end have been deleted (the head file outside the database "
                        "records a later row)"),
    audit.HEAD_MOVED: _l("rows are missing at the end of the chain"),
    audit.HEAD_FILE_BAD: _l("the head file is unreadable or not signed with the audit key"),
    audit.HEAD_FILE_DIFFERS: _l("the row the head file records has another hash (the chain "
                                "has been rewritten)"),
}

# The refusals a service may raise about what was typed; a permission refusal is not one of
# them and goes on to the error handler (403 page and audit row).
Refusal = (InvalidInput, Conflict)


@bp.before_request
def _signed_in_only():
    # Anonymous visitors are sent to the sign-in page rather than shown a 403.
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    return None


def _show_refusal(form, exc) -> int:
    """Put a service's refusal next to the field it names (or on top of the form) and return
    the status the re-shown page gets."""
    field = getattr(exc, "field", None)
    if field and field in form:
        form[field].errors = [*form[field].errors, exc.message]
    else:
        form.form_errors.append(exc.message)
    return exc.status


def _status(form) -> int:
    return 400 if form.is_submitted() else 200


def _page() -> int:
    return params.page_arg()


# ---------------------------------------------------------------------------------------------
# Organisations


@bp.route("/organisations", methods=["GET", "POST"])
def organisations():
    policy.require(current_user, "admin.organisations")
    form = OrganisationForm()
    status = _status(form)
    if form.validate_on_submit():
        try:
            with unit_of_work():
                org = services.create_organisation(
                    name=form.name.data, kind=form.kind.data, uscc=form.uscc.data,
                    address=form.address.data or "", actor=current_user, now=clock.now())
        except Refusal as exc:
            status = _show_refusal(form, exc)
        else:
            flash(_("The organisation %(name)s has been registered.", name=org.name), "success")
            return redirect(url_for(".organisations"))
    query = request.args.get("q", "").strip()
    stmt = sa.select(Organisation).order_by(Organisation.active.desc(), Organisation.kind,
                                            Organisation.name)
    if query:
        like = f"%{query}%"
        stmt = stmt.where(sa.or_(Organisation.name.like(like),
                                 Organisation.uscc.like(like.upper())))
    page = db.paginate(stmt, page=_page(), per_page=PER_PAGE, error_out=False, count=True)
    members = dict(db.session.execute(
        sa.select(User.organisation_id, sa.func.count(User.id))
        .where(User.organisation_id.in_([o.id for o in page.items]))
        .group_by(User.organisation_id)).all())
    return render_template("admin/organisations.html", form=form, page=page, query=query,
                           members=members, kind_labels=ORG_KIND_LABELS), status


def _organisation(org_id: int) -> Organisation:
    return db.get_or_404(Organisation, org_id)


@bp.route("/organisations/<int:org_id>", methods=["GET", "POST"])
def organisation_edit(org_id: int):
    policy.require(current_user, "admin.organisations")
    org = _organisation(org_id)
    form = OrganisationForm(obj=org)
    status = _status(form)
    if form.validate_on_submit():
        try:
            with unit_of_work():
                services.update_organisation(
                    org, name=form.name.data, kind=form.kind.data, uscc=form.uscc.data,
                    address=form.address.data or "", actor=current_user, now=clock.now())
        except Refusal as exc:
            status = _show_refusal(form, exc)
        else:
            flash(_("The organisation %(name)s has been saved.", name=org.name), "success")
            return redirect(url_for(".organisation_edit", org_id=org.id))
    return render_template("admin/organisation_edit.html", form=form, org=org,
                           kind_labels=ORG_KIND_LABELS), status


@bp.post("/organisations/<int:org_id>/deactivate")
def organisation_deactivate(org_id: int):
    policy.require(current_user, "admin.organisations")
    org = _organisation(org_id)
    try:
        with unit_of_work():
            count = services.deactivate_organisation(org, actor=current_user, now=clock.now())
    except Conflict as exc:
        flash(str(exc.message), "danger")
    else:
        flash(_("%(name)s has been deactivated, with %(count)s of its accounts.",
                name=org.name, count=count), "success")
    return redirect(url_for(".organisation_edit", org_id=org_id))


@bp.post("/organisations/<int:org_id>/reactivate")
def organisation_reactivate(org_id: int):
    policy.require(current_user, "admin.organisations")
    org = _organisation(org_id)
    try:
        with unit_of_work():
            services.reactivate_organisation(org, actor=current_user, now=clock.now())
    except Conflict as exc:
        flash(str(exc.message), "danger")
    else:
        flash(_("%(name)s is active again. Reactivate the accounts that should sign in.",
                name=org.name), "success")
    return redirect(url_for(".organisation_edit", org_id=org_id))


# ---------------------------------------------------------------------------------------------
# Users


# The users page never lists every organisation (a centre registers thousands of firms): the
# account form offers the one organisation chosen (from the organisations page, or by the
# search box here), and the search shows at most ORG_MATCHES organisations to choose from.
ORG_MATCHES = 20


def _chosen_org_id() -> int | None:
    """The organisation the page is about: ``?org=`` or, on a post, the form's field."""
    org_id = params.int_arg("org")
    if org_id is None and request.method == "POST":
        org_id = whole_number(request.form.get("organisation"), minimum=1)
    return org_id


def _organisation_choices(org: Organisation | None) -> list[SelectChoice]:
    if org is None or not org.active:
        return []
    return [SelectChoice(str(org.id), f"{org.name}（{ORG_KIND_LABELS[OrgKind(org.kind)]}）")]


def _matching_organisations(query: str) -> list[Organisation]:
    if not query:
        return []
    like = f"%{query}%"
    return list(db.session.execute(
        sa.select(Organisation).where(sa.or_(Organisation.name.like(like),
                                             Organisation.uscc.like(like.upper())))
        .order_by(Organisation.active.desc(), Organisation.name).limit(ORG_MATCHES)).scalars())


@bp.route("/users", methods=["GET", "POST"])
def users():
    policy.require(current_user, "admin.users")
    org_id = _chosen_org_id()
    chosen = db.session.get(Organisation, org_id) if org_id else None
    query = request.args.get("q", "").strip()[:100]
    form = UserCreateForm()
    form.organisation.choices = _organisation_choices(chosen)
    if request.method == "GET" and chosen is not None:
        form.organisation.data = chosen.id
    status = _status(form)
    if form.validate_on_submit():
        try:
            with unit_of_work():
                user = services.create_user(
                    username=form.username.data, display_name=form.display_name.data,
                    organisation=chosen, roles=form.roles.data or [],
                    password=form.password.data, actor=current_user, now=clock.now())
        except Refusal as exc:
            status = _show_refusal(form, exc)
        else:
            flash(_("The account %(username)s has been opened.", username=user.username),
                  "success")
            _flash_pending(user)
            return redirect(url_for(".users", org=user.organisation_id))
    # The organisation's name shown on each row comes with the row (no query per user).
    stmt = sa.select(User).join(User.organisation).options(
        orm.contains_eager(User.organisation)).order_by(Organisation.name, User.username)
    filter_id = params.int_arg("org")
    filtered_org = chosen if filter_id else None
    if filter_id:
        stmt = stmt.where(User.organisation_id == filter_id)
    page = db.paginate(stmt, page=_page(), per_page=PER_PAGE, error_out=False, count=True)
    roles_by_org = ({chosen.id: sorted(ROLES_BY_ORG_KIND[OrgKind(chosen.kind)])}
                    if chosen is not None else {})
    return render_template("admin/users.html", form=form, page=page, org_filter=org_id,
                           filtered_org=filtered_org, chosen=chosen, query=query,
                           matches=_matching_organisations(query), org_matches=ORG_MATCHES,
                           kind_labels=ORG_KIND_LABELS, roles_by_org=roles_by_org,
                           password_min=PASSWORD_MIN_LENGTH), status


def _user(user_id: int) -> User:
    return db.get_or_404(User, user_id)


def _flash_pending(user: User) -> None:
    for grant in services.pending_grants(user, clock.now()):
        flash(_("The role %(role)s has been proposed for %(username)s. It takes effect when a "
                "director confirms it, by %(when)s.", role=ROLE_LABELS[Role(grant.role)],
                username=user.username, when=cn_datetime(grant.expires_at)), "info")


def _render_user(user: User, edit_form=None, password_form=None, status: int = 200):
    pending = services.pending_grants(user, clock.now())
    if edit_form is None:
        edit_form = UserEditForm(obj=user, formdata=None)
        edit_form.roles.data = sorted(user.roles | {g.role for g in pending})
    allowed = sorted(ROLES_BY_ORG_KIND[OrgKind(user.organisation.kind)])
    return render_template("admin/user_edit.html", user=user, form=edit_form,
                           password_form=password_form or PasswordResetForm(formdata=None),
                           allowed_roles=services.join_labels(ROLE_LABELS[r] for r in allowed),
                           pending=pending, role_labels=ROLE_LABELS,
                           can_set_roles=policy.can(current_user, "admin.user_roles", user),
                           password_min=PASSWORD_MIN_LENGTH), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user_edit(user_id: int):
    policy.require(current_user, "admin.users")
    user = _user(user_id)
    if request.method == "GET":
        return _render_user(user)
    form = UserEditForm()
    status = 400
    if form.validate_on_submit():
        try:
            with unit_of_work():
                services.update_user(user, display_name=form.display_name.data,
                                     roles=form.roles.data or [], actor=current_user,
                                     now=clock.now())
        except Refusal as exc:
            status = _show_refusal(form, exc)
        else:
            flash(_("The account %(username)s has been saved.", username=user.username),
                  "success")
            _flash_pending(user)
            return redirect(url_for(".user_edit", user_id=user.id))
    return _render_user(user, edit_form=form, status=status)


@bp.post("/users/<int:user_id>/password")
def user_password(user_id: int):
    policy.require(current_user, "admin.users")
    user = _user(user_id)
    form = PasswordResetForm()
    status = 400
    if form.validate_on_submit():
        try:
            with unit_of_work():
                services.reset_password(user, form.password.data, actor=current_user,
                                        now=clock.now())
        except Refusal as exc:
            status = _show_refusal(form, exc)
        else:
            flash(_("The password of %(username)s has been reset; the account's sessions have "
                    "ended. Give the new password to its holder in person.",
                    username=user.username), "success")
            return redirect(url_for(".user_edit", user_id=user.id))
    return _render_user(user, password_form=form, status=status)


@bp.post("/users/<int:user_id>/deactivate")
def user_deactivate(user_id: int):
    policy.require(current_user, "admin.users")
    user = _user(user_id)
    try:
        with unit_of_work():
            services.deactivate_user(user, actor=current_user, now=clock.now())
    except Conflict as exc:
        flash(str(exc.message), "danger")
    else:
        flash(_("The account %(username)s has been deactivated; its sessions have ended.",
                username=user.username), "success")
    return redirect(url_for(".user_edit", user_id=user_id))


@bp.post("/users/<int:user_id>/reactivate")
def user_reactivate(user_id: int):
    policy.require(current_user, "admin.users")
    user = _user(user_id)
    try:
        with unit_of_work():
            services.reactivate_user(user, actor=current_user, now=clock.now())
    except Conflict as exc:
        flash(str(exc.message), "danger")
    else:
        flash(_("The account %(username)s can sign in again.", username=user.username),
              "success")
    return redirect(url_for(".user_edit", user_id=user_id))


# ---------------------------------------------------------------------------------------------
# Director grants: an admin proposes (on the account's page), a director confirms or refuses.


@bp.get("/grants")
def grants():
    policy.require(current_user, "role_grant.list")
    now = clock.now()
    return render_template("admin/grants.html", pending=services.pending_grants(None, now),
                           recent=services.recent_grants(), now=now, role_labels=ROLE_LABELS,
                           lifetime_days=services.GRANT_LIFETIME.days,
                           can_decide=lambda g: policy.can(current_user, "role_grant.decide", g),
                           can_withdraw=policy.can(current_user, "role_grant.withdraw"))


def _grant_action(grant_id: int, action: str, decide, done):
    policy.require(current_user, action)
    grant = db.get_or_404(RoleGrant, grant_id)
    try:
        with unit_of_work():
            decide(grant, actor=current_user, now=clock.now())
    except Conflict as exc:
        flash(str(exc.message), "danger")
    else:
        flash(done(grant), "success")
    return redirect(url_for(".grants"))


@bp.post("/grants/<int:grant_id>/confirm")
def grant_confirm(grant_id: int):
    return _grant_action(grant_id, "role_grant.decide", services.confirm_grant, lambda g: _(
        "%(username)s now holds the role %(role)s.", username=g.user.username,
        role=ROLE_LABELS[Role(g.role)]))


@bp.post("/grants/<int:grant_id>/refuse")
def grant_refuse(grant_id: int):
    return _grant_action(grant_id, "role_grant.decide", services.refuse_grant, lambda g: _(
        "The proposal to give %(username)s the role %(role)s has been refused.",
        username=g.user.username, role=ROLE_LABELS[Role(g.role)]))


@bp.post("/grants/<int:grant_id>/withdraw")
def grant_withdraw(grant_id: int):
    return _grant_action(grant_id, "role_grant.withdraw", services.withdraw_grant, lambda g: _(
        "The proposal to give %(username)s the role %(role)s has been withdrawn.",
        username=g.user.username, role=ROLE_LABELS[Role(g.role)]))


# ---------------------------------------------------------------------------------------------
# The working-day calendar


def _year() -> int:
    year = request.args.get("year", type=int) or clock.today().year
    if not services.FIRST_YEAR <= year <= services.LAST_YEAR:
        abort(404)
    return year


def _calendar_context(year: int) -> dict:
    cal = load_calendar()
    entries = services.calendar_entries(year)
    names = {e.day: e.name for e in entries if e.name}
    return {
        "year": year,
        "months": year_grid(cal, year, names),
        "entries": entries,
        "official": package_knows(year),
        "published": db.session.get(CalendarYear, year),
        "known": cal.knows(date(year, 1, 1)),
    }


@bp.get("/calendar")
def calendar():
    policy.require(current_user, "calendar.view")
    context = _calendar_context(_year())
    return render_template("admin/calendar.html", can_edit=policy.can(current_user,
                                                                      "admin.calendar"),
                           **context)


def _render_calendar_edit(year: int, day_form=None, publish_form=None, status: int = 200):
    if day_form is None:
        day_form = CalendarDayForm(formdata=None)
    return render_template("admin/calendar_edit.html", day_form=day_form,
                           publish_form=publish_form or CalendarPublishForm(formdata=None),
                           **_calendar_context(year)), status


@bp.route("/calendar/edit", methods=["GET", "POST"])
def calendar_edit():
    policy.require(current_user, "admin.calendar")
    year = _year()
    if request.method == "GET":
        return _render_calendar_edit(year)
    form = CalendarDayForm()
    status = 400
    if form.validate_on_submit():
        try:
            with unit_of_work():
                entry = services.set_calendar_day(form.day.data,
                                                  is_workday=form.is_workday.data == "1",
                                                  name=form.name.data or "",
                                                  actor=current_user, now=clock.now())
        except Refusal as exc:
            status = _show_refusal(form, exc)
        else:
            flash(_("%(day)s has been entered.", day=cn_date(entry.day)), "success")
            return redirect(url_for(".calendar_edit", year=entry.day.year))
    return _render_calendar_edit(year, day_form=form, status=status)


@bp.post("/calendar/days/<day>/remove")
def calendar_day_remove(day: str):
    policy.require(current_user, "admin.calendar")
    try:
        when = date.fromisoformat(day)
    except ValueError:
        abort(404)
    try:
        with unit_of_work():
            services.remove_calendar_day(when, actor=current_user, now=clock.now())
    except Conflict as exc:
        flash(str(exc.message), "danger")
    else:
        flash(_("The entry for %(day)s has been removed.", day=cn_date(when)), "success")
    return redirect(url_for(".calendar_edit", year=when.year))


@bp.post("/calendar/<int:year>/publish")
def calendar_publish(year: int):
    policy.require(current_user, "admin.calendar")
    if not services.FIRST_YEAR <= year <= services.LAST_YEAR:
        abort(404)
    form = CalendarPublishForm()
    status = 400
    if form.validate_on_submit():
        try:
            with unit_of_work():
                services.publish_calendar_year(year, source=form.source.data,
                                               actor=current_user, now=clock.now())
        except Refusal as exc:
            status = _show_refusal(form, exc)
        else:
            flash(_("The calendar of %(year)s has been published. Deadlines reaching %(year)s "
                    "are counted with it from now on.", year=year), "success")
            return redirect(url_for(".calendar", year=year))
    return _render_calendar_edit(year, publish_form=form, status=status)


# ---------------------------------------------------------------------------------------------
# The audit log


@bp.get("/audit", endpoint="audit")
def audit_log():
    policy.require(current_user, "audit.view")
    action = request.args.get("action", "").strip()
    stmt = sa.select(AuditEvent).order_by(AuditEvent.seq.desc())
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    page = db.paginate(stmt, page=_page(), per_page=PER_PAGE, error_out=False, count=False)
    # The total: one action's rows counted on ix_audit_event_action; the whole chain's is its
    # head's sequence number (rows are numbered 1, 2, 3 … and never deleted).
    page.total = db.session.scalar(
        sa.select(sa.func.count()).where(AuditEvent.action == action) if action else
        sa.select(sa.func.coalesce(sa.func.max(AuditEvent.seq), 0)))
    actions = [(name, audit_labels.label(name)) for name in audit.actions()]
    return render_template("admin/audit.html", page=page, rows=audit_labels.rows(page.items),
                           action=action, actions=actions,
                           show_details=policy.can(current_user, "audit.details"))


@bp.post("/audit/verify")
def audit_verify():
    policy.require(current_user, "audit.view")
    result = audit.verify()
    if result.legacy:
        flash(_("Rows 1 to %(count)s were written before keyed hashes: they are not keyed.",
                count=result.legacy), "warning")
    if result.ok:
        flash(_("The audit chain is intact: %(count)s rows checked.", count=result.checked),
              "success")
        if result.head_file_seq is None and result.checked:
            flash(_("No head file has been written yet: rows deleted at the end could not be "
                    "detected."), "warning")
        elif result.behind:
            flash(_("The head file is behind by %(count)s rows (not yet written).",
                    count=result.behind), "info")
    elif result.broken_seq is None:
        flash(_("The audit chain cannot be trusted: %(reason)s.",
                reason=VERIFY_REASONS.get(result.reason, result.reason)), "danger")
    else:
        reason = VERIFY_REASONS.get(result.reason, result.reason)
        flash(_("The audit chain is broken at row %(seq)s: %(reason)s. The %(count)s rows "
                "before it are intact.", seq=result.broken_seq, reason=reason,
                count=result.checked), "danger")
    return redirect(url_for(".audit"))
