"""The forms every kind of case uses: they check shape (present, lengths, types); the rules are
the services'. Each kind's own forms are in its package (``patent.forms``, ``trademark.forms``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateTimeLocalField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length


def strip(value):
    return value.strip() if isinstance(value, str) else value


def options(pairs) -> list[SelectChoice]:
    """Choices as WTForms 3.3 wants them (tuples are deprecated)."""
    return [SelectChoice(value, label) for value, label in pairs]


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reasons"), filters=[strip],
                           validators=[DataRequired(), Length(max=5000)])


class UploadForm(FlaskForm):
    kind = SelectField(_l("Kind of document"), validators=[DataRequired()])
    file = FileField(_l("File"), validators=[DataRequired()])


class HearingForm(FlaskForm):
    at = DateTimeLocalField(_l("Date and time"), format="%Y-%m-%dT%H:%M",
                            validators=[DataRequired()])
    place = StringField(_l("Place"), filters=[strip],
                        validators=[DataRequired(), Length(max=200)])


class CloseForm(FlaskForm):
    reason = TextAreaField(_l("Note"), filters=[strip], validators=[Length(max=5000)])


# ---------------------------------------------------------------------------------------------
# Trademark enforcement
