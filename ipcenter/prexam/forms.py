"""The pre-examination pages' forms: they check shape (present, lengths, types); the rules are
the services' and ``prexam.rules``' (a form never asks whether a class is in the scope or a
registration stands — the service refuses in its own words, shown on the form)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

# The forms every matter's page shares (a button, reasons, a note, a file), and their helpers.
from ipcenter.matters.forms import (  # noqa: F401  (prexam's actions name them from here)
    ConfirmForm,
    NoteForm,
    ReasonForm,
    UploadForm,
    options,
    strip,
)
from ipcenter.prexam.presenters import APPLICANT_KIND_LABELS, KIND_LABELS
from ipcenter.prexam.rules import checklist, documents
from ipcenter.prexam.workflow import GROUNDS

MAX_CO_APPLICANTS = 3
MAX_POINTS = 5
# The files the request form takes: every kind's required documents, and the two a joint or
# university application needs (amendments and replies come later, with an opinion's answer).
REQUEST_FILES = tuple(dict.fromkeys(
    [k for kinds in documents.REQUIRED.values() for k in kinds]
    + ["co_development_contract", "university_proof"]))


def file_field(kind: str) -> str:
    return f"file_{kind}"


class FilingForm(FlaskForm):
    """The firm's 备案 application (备案申请表): its code (prefilled from the organisation),
    contacts, R&D staff, fields and the undertaking."""

    client_token = HiddenField()
    uscc = StringField(_l("Unified social credit code"), filters=[strip],
                       validators=[DataRequired(), Length(max=18)])
    address = StringField(_l("Address"), filters=[strip], validators=[Length(max=300)])
    contact_name = StringField(_l("Contact person"), filters=[strip],
                               validators=[DataRequired(), Length(max=60)])
    contact_phone = StringField(_l("Contact telephone"), filters=[strip],
                                validators=[DataRequired(), Length(max=30)])
    contact_email = StringField(_l("Contact e-mail"), filters=[strip],
                                validators=[Length(max=120)])
    rd_staff = IntegerField(_l("R&D staff"), default=0,
                            validators=[Optional(), NumberRange(min=0, max=100_000)])
    fields = TextAreaField(_l("Main technical fields"), filters=[strip],
                           validators=[Length(max=2000)])
    undertaking = BooleanField(_l("We undertake that the applications we submit are genuine "
                                  "inventions and designs, and that the statements made are "
                                  "true"))


class RequestForm(FlaskForm):
    """The firm's request: the right's kind, title, classification, abstract and claims, the
    same-day undertaking, up to three joint applicants; the file fields are added by
    ``request_form``."""

    client_token = HiddenField()
    patent_kind = SelectField(_l("Kind"), choices=options(KIND_LABELS.items()),
                              validators=[DataRequired()])
    title = StringField(_l("Title of the utility model or design"), filters=[strip],
                        validators=[DataRequired(), Length(max=200)])
    classification = StringField(
        _l("Classification"), filters=[strip], validators=[DataRequired(), Length(max=40)],
        description=_l("IPC for a utility model (e.g. F21V 23/00), Locarno for a design "
                       "(e.g. 26-05)."))
    abstract = TextAreaField(_l("Abstract or brief description"), filters=[strip],
                             validators=[Length(max=20_000)])
    claims_text = TextAreaField(_l("Claims (text)"), filters=[strip],
                                validators=[Length(max=20_000)])
    declared_no_dual_filing = BooleanField(_l(
        "We undertake that the same invention is not filed on the same day as a utility model "
        "and an invention with only one of them routed through pre-examination"))


def _co_applicant_fields(n: int) -> dict:
    return {
        f"co{n}_name": StringField(_l("Joint applicant %(n)s", n=n), filters=[strip],
                                   validators=[Length(max=200)]),
        f"co{n}_kind": SelectField(_l("Kind of applicant"),
                                   choices=options(APPLICANT_KIND_LABELS.items()),
                                   default="enterprise"),
        f"co{n}_uscc": StringField(_l("Unified social credit code"), filters=[strip],
                                   validators=[Length(max=18)]),
    }


_REQUEST_FORM = type("RequestFormWithFiles", (RequestForm,), {
    **{k: v for n in range(1, MAX_CO_APPLICANTS + 1) for k, v in _co_applicant_fields(n).items()},
    **{file_field(kind): FileField(documents.LABELS[kind]) for kind in REQUEST_FILES},
})


def request_form(**kwargs) -> RequestForm:
    """The request form with its co-applicant rows and one file field per document kind."""
    return _REQUEST_FORM(**kwargs)


def co_applicant_rows(form) -> list[tuple]:
    """The joint-applicant rows as (name, kind, uscc) fields, for the template."""
    return [(form[f"co{n}_name"], form[f"co{n}_kind"], form[f"co{n}_uscc"])
            for n in range(1, MAX_CO_APPLICANTS + 1)]


# ---------------------------------------------------------------------------------------------
# A request's actions


def _checklist_fields(kind: str) -> dict:
    return {f"check_{c.code}": BooleanField(c.label) for c in checklist.CHECKLISTS.get(kind, ())}


def ticked(form, kind: str) -> dict[str, bool]:
    """The checklist of ``kind`` as ticked on ``form``."""
    return {c.code: bool(form[f"check_{c.code}"].data)
            for c in checklist.CHECKLISTS.get(kind, ())}


class PassForm(FlaskForm):
    """预审合格: every item of the kind's checklist must be ticked (the service refuses
    otherwise, naming the items left)."""


def pass_form(request) -> type[PassForm]:
    return type("PassForm", (PassForm,), _checklist_fields(request.patent_kind))


BASIS_CHOICES = [("", _l("— basis —")), *((b.code, b.label) for b in checklist.OPINION_BASES)]


class OpinionForm(FlaskForm):
    """A round's opinion: the checklist as ticked and up to five points, each with its basis
    and its text (rows left empty are dropped; the service wants at least one)."""


def opinion_form(request) -> type[OpinionForm]:
    fields = _checklist_fields(request.patent_kind)
    for n in range(1, MAX_POINTS + 1):
        fields[f"point{n}_basis"] = SelectField(_l("Point %(n)s: basis", n=n),
                                                choices=options(BASIS_CHOICES), default="")
        fields[f"point{n}_text"] = TextAreaField(_l("Point %(n)s", n=n), filters=[strip],
                                                 validators=[Length(max=2000)])
    return type("OpinionForm", (OpinionForm,), fields)


def points_of(form) -> list[dict]:
    """The points typed, rows with neither basis nor text left out."""
    found = []
    for n in range(1, MAX_POINTS + 1):
        basis, text = form[f"point{n}_basis"].data or "", form[f"point{n}_text"].data or ""
        if basis or text:
            found.append({"basis": basis, "text": text})
    return found


class AmendForm(FlaskForm):
    """The firm's answer to an opinion: its observations and the amended pages."""

    reply = TextAreaField(_l("Reply to the opinion"), filters=[strip],
                          validators=[Length(max=20_000)])
    file_amendment = FileField(documents.LABELS["amendment"])
    file_reply = FileField(documents.LABELS["reply"])


class RecordFilingForm(FlaskForm):
    number = StringField(_l("CNIPA application number"), filters=[strip],
                         validators=[DataRequired(), Length(max=30)],
                         description=_l("With its check character, e.g. 202620123456.7."))
    on = DateField(_l("Filing day"), validators=[DataRequired()])


class GrantForm(FlaskForm):
    on = DateField(_l("Day of the grant (grant announcement)"), validators=[DataRequired()])


class RejectionForm(FlaskForm):
    on = DateField(_l("Day of the rejection"), validators=[DataRequired()])
    reason = TextAreaField(_l("Reasons"), filters=[strip],
                           validators=[DataRequired(), Length(max=2000)])


class ReassignForm(FlaskForm):
    """The director hands the request to another examiner; the choices are the active
    examiners (filled by the action's ``prepare``)."""

    examiner = SelectField(_l("Examiner"), coerce=int, validate_choice=False,
                           validators=[DataRequired()])
    reason = TextAreaField(_l("Reasons"), filters=[strip],
                           validators=[DataRequired(), Length(max=300)])


# ---------------------------------------------------------------------------------------------
# A registration's actions


class ProposeForm(FlaskForm):
    """An examiner's proposal to suspend or revoke a registration (one action each), on a
    finding."""

    ground = SelectField(_l("Finding"), choices=options([("", _l("— choose —")),
                                                        *GROUNDS.items()]),
                         validators=[DataRequired()])
    reason = TextAreaField(_l("Reasons"), filters=[strip],
                           validators=[DataRequired(), Length(max=2000)])
