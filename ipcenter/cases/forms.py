"""The forms every kind of case uses: they check shape (present, lengths, types); the rules are
the services'. Each kind's own forms are in its package (``patent.forms``, ``trademark.forms``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, StringField
from wtforms.validators import DataRequired, Length

from ipcenter.cases.counter import Complainant
from ipcenter.matters.forms import ConfirmForm, NoteForm, ReasonForm, UploadForm, options, strip

__all__ = ["CloseForm", "ConfirmForm", "HearingForm", "ReasonForm", "RightHolderFields",
           "UploadForm", "options", "right_holder_from", "strip"]


class HearingForm(FlaskForm):
    at = DateTimeLocalField(_l("Date and time"), format="%Y-%m-%dT%H:%M",
                            validators=[DataRequired()])
    place = StringField(_l("Place"), filters=[strip],
                        validators=[DataRequired(), Length(max=200)])


CloseForm = NoteForm


class RightHolderFields:
    """权利人: the right holder an agent files for, mixed into a kind's filing form to make the
    form an agent's (``cases.represented.names_right_holder``). Shape only: whether it is
    required, and the checks of the code and the register, are ``represented.right_holder``'s."""
    right_holder_name = StringField(_l("Right holder's name"), filters=[strip],
                                    validators=[Length(max=200)])
    right_holder_uscc = StringField(_l("Right holder's unified social credit code"),
                                    filters=[strip], validators=[Length(max=30)])
    right_holder_address = StringField(_l("Right holder's address"), filters=[strip],
                                       validators=[Length(max=300)])


def right_holder_from(form) -> Complainant | None:
    """The right holder a filing form names, ``None`` when the form has no right-holder
    fields (a firm's) or they were all left empty."""
    if not isinstance(form, RightHolderFields):
        return None
    who = Complainant(name=form.right_holder_name.data or "",
                      uscc=form.right_holder_uscc.data or "",
                      address=form.right_holder_address.data or "")
    return who if (who.name or who.uscc or who.address) else None


# ---------------------------------------------------------------------------------------------
# Trademark enforcement
