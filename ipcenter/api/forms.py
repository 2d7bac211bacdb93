"""The administrator's form for a new API token (shape only: which scopes the account may
hold is ``tokens.create_token``'s answer)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, NumberRange
from wtforms.widgets import CheckboxInput, ListWidget

from ipcenter.api.tokens import DEFAULT_DAYS, MAX_DAYS, SCOPES
from ipcenter.matters.forms import options


class TokenForm(FlaskForm):
    name = StringField(_l("Name of the token"), validators=[
        DataRequired(_l("Give the token a name.")), Length(max=100)],
        description=_l("What the program using it is, e.g. “信贷系统对接”."))
    scopes = SelectMultipleField(_l("Scopes"), choices=options((k, s.label) for k, s in SCOPES.items()),
                                 widget=ListWidget(prefix_label=False),
                                 option_widget=CheckboxInput())
    days = IntegerField(_l("Valid for (days)"), default=DEFAULT_DAYS, validators=[
        DataRequired(_l("Say for how many days the token is valid.")),
        NumberRange(1, MAX_DAYS, _l("A token is valid for 1 to %(days)s days.", days=MAX_DAYS))])
