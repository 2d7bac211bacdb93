"""Admin forms: they check the shape of what was typed; the rules are the services'."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from ipcenter.auth.roles import ORG_KIND_LABELS, ROLE_LABELS


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _role_choices() -> list[SelectChoice]:
    return [SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class OrganisationForm(FlaskForm):
    name = StringField(_l("Name"), filters=[_strip],
                       validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), validators=[DataRequired()],
                       choices=[SelectChoice(k.value, label)
                                for k, label in ORG_KIND_LABELS.items()])
    uscc = StringField(_l("Unified social credit code"), filters=[_strip],
                       validators=[DataRequired(), Length(max=30)],
                       description=_l("18 characters, as on the business licence."))
    address = StringField(_l("Address"), filters=[_strip],
                          validators=[Optional(), Length(max=300)])


class UserCreateForm(FlaskForm):
    username = StringField(_l("Username"), filters=[_strip], validators=[
        DataRequired(), Length(min=2, max=60),
        Regexp(r"^[A-Za-z0-9._-]+$",
               message=_l("Use letters, digits, dots, hyphens and underscores only."))])
    display_name = StringField(_l("Name shown"), filters=[_strip],
                               validators=[DataRequired(), Length(max=100)])
    organisation = SelectField(_l("Organisation"), coerce=int, validators=[DataRequired()])
    roles = MultiCheckboxField(_l("Roles"), choices=_role_choices)
    password = PasswordField(_l("Initial password"), validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField(_l("Repeat the password"), validators=[
        DataRequired(), EqualTo("password", message=_l("The two passwords differ."))])


class UserEditForm(FlaskForm):
    display_name = StringField(_l("Name shown"), filters=[_strip],
                               validators=[DataRequired(), Length(max=100)])
    roles = MultiCheckboxField(_l("Roles"), choices=_role_choices)


class PasswordResetForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField(_l("Repeat the password"), validators=[
        DataRequired(), EqualTo("password", message=_l("The two passwords differ."))])


class CalendarDayForm(FlaskForm):
    day = DateField(_l("Date"), validators=[DataRequired()])
    is_workday = RadioField(_l("The day is"), choices=[
        SelectChoice("0", _l("a day off (holiday)")),
        SelectChoice("1", _l("a working day (adjusted working weekend)"))],
        default="0", validators=[DataRequired()])
    name = StringField(_l("Name"), filters=[_strip], validators=[Optional(), Length(max=100)],
                       description=_l("For example 春节 or 春节调休."))


class CalendarPublishForm(FlaskForm):
    source = StringField(_l("Source"), filters=[_strip],
                         validators=[DataRequired(), Length(max=500)],
                         description=_l("The State Council notice the days come from, "
                                        "e.g. 国办发明电〔2026〕7号."))


# ---------------------------------------------------------------------------------------------
# The rights register: what the centre's staff record by hand (annuities, freezes)


class AnnuityForm(FlaskForm):
    paid_on = DateField(_l("Paid on"), validators=[DataRequired()])
    year = IntegerField(_l("Patent year"), validators=[Optional()],
                        description=_l("Year 1 starts on the filing day. Or give the day it "
                                       "is paid up to."))
    paid_until = DateField(_l("Paid up to"), validators=[Optional()])


class FreezeForm(FlaskForm):
    frozen_on = DateField(_l("Frozen from"), validators=[DataRequired()])
    kind = SelectField(_l("Kind of freeze"), validators=[DataRequired()])
    authority = StringField(_l("Court or office"), filters=[_strip],
                            validators=[DataRequired(), Length(max=200)])
    document_no = StringField(_l("Ruling or notice number"), filters=[_strip],
                              validators=[DataRequired(), Length(max=100)])
    until = DateField(_l("Frozen until"), validators=[Optional()],
                      description=_l("The last day of the order's term, if it has one."))


class LiftFreezeForm(FlaskForm):
    freeze = SelectField(_l("Freeze lifted"), coerce=int, validators=[DataRequired()])
    lifted_on = DateField(_l("Lifted on"), validators=[DataRequired()])
    authority = StringField(_l("Court or office"), filters=[_strip],
                            validators=[DataRequired(), Length(max=200)])
    document_no = StringField(_l("Ruling or notice number"), filters=[_strip],
                              validators=[DataRequired(), Length(max=100)])
