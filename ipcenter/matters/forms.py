"""The forms every kind of matter's page uses: a button, a reasoned step, a note, a file. They
check shape (present, lengths, types); the rules are the services'. A domain's own forms are in
its package (``cases.forms``, ``pledge.forms``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectField, TextAreaField
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


class NoteForm(FlaskForm):
    """A step with an optional note (closing a case, withdrawing an application)."""

    reason = TextAreaField(_l("Note"), filters=[strip], validators=[Length(max=5000)])


class UploadForm(FlaskForm):
    """A file added to a matter; its kinds are the user's (``matters.upload_kinds_for``)."""

    kind = SelectField(_l("Kind of document"), validators=[DataRequired()])
    file = FileField(_l("File"), validators=[DataRequired()])
