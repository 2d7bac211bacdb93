"""The admin's pages of the service (``/prexam/settings``): the centre's scope — each IPC or
Locarno subclass with the days it is in force, confirmed against the centre's published list or
not — and the service targets in force and to come.

Each change is one form and one service of ``prexam.settings`` inside one unit of work: add a
subclass from a day, end one after a last day, confirm one, set new targets from a day. The
rules (a well-formed code, a day not in the past, the figures in range) are the service's; a
refusal is shown on the page in Chinese with what was typed kept, and nothing is written.
The admin only (``prexam.settings``)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from ipcenter.auth import policy
from ipcenter.core import clock
from ipcenter.core.db import db, unit_of_work
from ipcenter.core.errors import Conflict, InvalidInput
from ipcenter.matters.forms import ConfirmForm, options, strip
from ipcenter.prexam import settings
from ipcenter.prexam.blueprint import bp
from ipcenter.prexam.models import ScopeClass
from ipcenter.prexam.presenters import KIND_LABELS
from ipcenter.prexam.rules import targets as targets_rule
from ipcenter.web.filters import cn_date

Refusal = (InvalidInput, Conflict)
FIGURES = ("classification_wd", "round_wd", "reply_days", "max_rounds", "filing_days")


# ---------------------------------------------------------------------------------------------
# The forms (shape only)


class AddScopeForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=options(KIND_LABELS.items()),
                       validators=[DataRequired()])
    code = StringField(_l("Subclass"), filters=[strip],
                       validators=[DataRequired(), Length(max=20)],
                       description=_l("An IPC subclass such as F21V for a utility model, a "
                                      "Locarno subclass such as 26-05 for a design."))
    title = StringField(_l("Subclass title"), filters=[strip],
                        validators=[Optional(), Length(max=200)])
    effective_from = DateField(_l("In the scope from"), validators=[DataRequired()])


class EndScopeForm(FlaskForm):
    last_day = DateField(_l("Last day in the scope"), validators=[DataRequired()])


class TargetsForm(FlaskForm):
    """The five figures (their ranges are the rules' to check) and the day they take effect."""

    classification_wd = StringField(targets_rule.LABELS["classification_wd"], filters=[strip],
                                    validators=[DataRequired(), Length(max=4)])
    round_wd = StringField(targets_rule.LABELS["round_wd"], filters=[strip],
                           validators=[DataRequired(), Length(max=4)])
    reply_days = StringField(targets_rule.LABELS["reply_days"], filters=[strip],
                             validators=[DataRequired(), Length(max=4)])
    max_rounds = StringField(targets_rule.LABELS["max_rounds"], filters=[strip],
                             validators=[DataRequired(), Length(max=4)])
    filing_days = StringField(targets_rule.LABELS["filing_days"], filters=[strip],
                              validators=[DataRequired(), Length(max=4)])
    effective_from = DateField(_l("In force from"), validators=[DataRequired()])


# ---------------------------------------------------------------------------------------------
# The page


def _show_refusal(form, exc, field: str | None = None) -> int:
    """Put a service's refusal next to ``field`` (or on top of the form)."""
    if field and field in form:
        form[field].errors = [*form[field].errors, exc.message]
    else:
        form.form_errors.append(exc.message)
    return exc.status


def _page(add_form=None, targets_form=None, end_form=None, end_id: int | None = None,
          status: int = 200):
    today = clock.local_date(clock.now())
    versions = settings.target_versions()
    current = settings.targets_on(today)
    if targets_form is None:
        targets_form = TargetsForm(formdata=None, data={
            **{name: str(getattr(current, name)) for name in FIGURES},
            "effective_from": today})
    return render_template(
        "prexam/settings.html", rows=settings.scope_rows(), today=today,
        kind_labels=KIND_LABELS, add_form=add_form or AddScopeForm(formdata=None),
        end_form=end_form, end_id=end_id, targets_form=targets_form, current=current,
        future=[v for v in versions if v.effective_from > today],
        current_is_default=current == targets_rule.DEFAULT, figures=FIGURES,
        labels=targets_rule.LABELS, confirm_form=ConfirmForm(formdata=None)), status


# ``prexam.settings``: the function has another name, not to shadow the module it calls.
@bp.get("/settings", endpoint="settings")
@login_required
def settings_page():
    policy.require(current_user, "prexam.settings")
    return _page()


def _scope_class(class_id: int) -> ScopeClass:
    row = db.session.get(ScopeClass, class_id)
    if row is None:
        abort(404)
    return row


@bp.post("/settings/scope")
@login_required
def settings_add_scope():
    policy.require(current_user, "prexam.settings")
    form = AddScopeForm()
    status = 400
    if form.validate_on_submit():
        try:
            with unit_of_work():
                row = settings.add_scope_class(form.kind.data, form.code.data, form.title.data,
                                               form.effective_from.data, current_user,
                                               clock.now())
        except Refusal as exc:
            status = _show_refusal(form, exc, "code")
        else:
            flash(_("%(code)s is in the scope from %(day)s.", code=row.code,
                    day=cn_date(row.effective_from)), "success")
            return redirect(url_for("prexam.settings"))
    return _page(add_form=form, status=status)


@bp.post("/settings/scope/<int:class_id>/end")
@login_required
def settings_end_scope(class_id: int):
    policy.require(current_user, "prexam.settings")
    row = _scope_class(class_id)
    form = EndScopeForm()
    status = 400
    if form.validate_on_submit():
        try:
            with unit_of_work():
                settings.end_scope_class(row, form.last_day.data, current_user, clock.now())
        except Refusal as exc:
            status = _show_refusal(form, exc, "last_day")
        else:
            flash(_("%(code)s leaves the scope after %(day)s.", code=row.code,
                    day=cn_date(row.effective_to)), "success")
            return redirect(url_for("prexam.settings"))
    return _page(end_form=form, end_id=row.id, status=status)


@bp.post("/settings/scope/<int:class_id>/confirm")
@login_required
def settings_confirm_scope(class_id: int):
    policy.require(current_user, "prexam.settings")
    row = _scope_class(class_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        with unit_of_work():
            settings.confirm_scope_class(row, current_user, clock.now())
    except Refusal as exc:
        flash(str(exc.message), "danger")
    else:
        flash(_("%(code)s is confirmed against the centre's published list.", code=row.code),
              "success")
    return redirect(url_for("prexam.settings"))


@bp.post("/settings/targets")
@login_required
def settings_targets():
    policy.require(current_user, "prexam.settings")
    form = TargetsForm()
    status = 400
    if form.validate_on_submit():
        try:
            with unit_of_work():
                row = settings.set_targets({name: form[name].data for name in FIGURES},
                                           form.effective_from.data, current_user,
                                           clock.now())
        except Refusal as exc:
            status = _show_refusal(form, exc)
        else:
            flash(_("The new service targets are in force from %(day)s.",
                    day=cn_date(row.effective_from)), "success")
            return redirect(url_for("prexam.settings"))
    return _page(targets_form=form, status=status)
