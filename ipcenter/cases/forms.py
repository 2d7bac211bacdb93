"""The forms every kind of case uses: they check shape (present, lengths, types); the rules are
the services'. Each kind's own forms are in its package (``patent.forms``, ``trademark.forms``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, StringField
from wtforms.validators import DataRequired, Length

from ipcenter.matters.forms import ConfirmForm, NoteForm, ReasonForm, UploadForm, options, strip

__all__ = ["CloseForm", "ConfirmForm", "HearingForm", "ReasonForm", "UploadForm", "options",
           "strip"]


class HearingForm(FlaskForm):
    at = DateTimeLocalField(_l("Date and time"), format="%Y-%m-%dT%H:%M",
                            validators=[DataRequired()])
    place = StringField(_l("Place"), filters=[strip],
                        validators=[DataRequired(), Length(max=200)])


CloseForm = NoteForm


# ---------------------------------------------------------------------------------------------
# Trademark enforcement
