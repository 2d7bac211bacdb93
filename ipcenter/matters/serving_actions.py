"""The actions and forms of service (送达) a matter's page offers, for every kind: record how a
document was sent, record its receipt (or that service is deemed complete), and record what a
paper-served party sent back. Each kind adds them to its table of actions with the policy rule
that lets its handlers in and, for the paper filing, its own service call."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ipcenter.matters import serving
from ipcenter.matters.actions import Action
from ipcenter.matters.forms import options, strip

METHOD_CHOICES = [("", _l("Choose…"))] + [
    (m.value, label) for m, label in serving.METHOD_LABELS.items()]


class SendForm(FlaskForm):
    record = SelectField(_l("Document and addressee"), coerce=int, validators=[DataRequired()])
    method = SelectField(_l("Method of service"), validators=[DataRequired()],
                         choices=options(METHOD_CHOICES))
    sent_on = DateField(_l("Sent on"), validators=[Optional()],
                        description=_l("Today if left empty."))
    consent = StringField(_l("Consent to electronic service"), filters=[strip],
                          description=_l("For electronic service: how and when the party "
                                         "consented (送达地址确认书 …)."),
                          validators=[Length(max=300)])


class ReceiptForm(FlaskForm):
    record = SelectField(_l("Document and addressee"), coerce=int, validators=[DataRequired()])
    received_on = DateField(_l("Received on"), validators=[Optional()])
    received_by = StringField(_l("Received by"), filters=[strip],
                              description=_l("Who signed for it; for a refusal, who refused "
                                             "and the witness."),
                              validators=[Length(max=200)])
    deemed = BooleanField(_l("Deemed served (public notice, or post without a returned "
                             "receipt, after its period)"))
    proof = FileField(_l("Returned receipt, scanned (optional)"))


class PaperFilingForm(FlaskForm):
    party = SelectField(_l("Party"), coerce=int, validators=[DataRequired()])
    received_on = DateField(_l("Received by the centre on"), validators=[DataRequired()])
    file = FileField(_l("Scan of the paper document"), validators=[DataRequired()])
    text = TextAreaField(_l("Its text (optional)"), filters=[strip],
                         validators=[Length(max=50000)])


def _offer_unsent(form, matter, user) -> None:
    form.record.choices = options(serving.choices(matter, sent=False))


def _offer_sent(form, matter, user) -> None:
    form.record.choices = options(serving.choices(matter, sent=True))


def _send(matter, form, actor, now):
    serving.send(matter, form.record.data, form.method.data, form.sent_on.data, actor, now,
                 consent=form.consent.data or "")


def _receive(matter, form, actor, now):
    upload = form.proof.data
    proof = (upload.stream, upload.filename) if upload and getattr(
        upload, "filename", "") else None
    serving.receive(matter, form.record.data, form.received_on.data,
                    form.received_by.data or "", actor, now, deemed=bool(form.deemed.data),
                    proof=proof)


def send(permission: str) -> Action:
    """Recording how and when a document awaiting service was sent."""
    return Action(SendForm, _send, permission=permission, title=_l("Record the sending"),
                  message=_l("The sending is recorded."), prepare=_offer_unsent,
                  allowed=lambda user, matter: bool(serving.choices(matter, sent=False)))


def receive(permission: str) -> Action:
    """Recording the receipt (or deemed service) of a sent document: the period that runs from
    receipt opens, the 送达回证 is issued."""
    return Action(ReceiptForm, _receive, permission=permission,
                  title=_l("Record the proof of service"),
                  message=_l("The receipt is recorded; the period running from it has "
                             "started."),
                  prepare=_offer_sent,
                  allowed=lambda user, matter: bool(serving.choices(matter, sent=True)))


def paper_filing(service, permission: str, title, message, role: str, states,
                 done=lambda matter, party: False) -> Action:
    """Recording, for a party without an account, what it sent on paper: ``service(matter,
    actor, now, serving.PaperFiling)``, offered in ``states`` while a party of ``role``
    without an account has not filed (``done``)."""
    def prepare(form, matter, user):
        form.party.choices = options(
            (pid, name) for pid, name in serving.paper_parties(matter, role)
            if not done(matter, pid))

    def run(matter, form, actor, now):
        upload = form.file.data
        service(matter, actor, now, serving.PaperFiling(
            form.party.data, form.received_on.data, getattr(upload, "stream", None),
            getattr(upload, "filename", "") or "", form.text.data or ""))

    def allowed(user, matter):
        return matter.state in states and any(
            not done(matter, pid) for pid, _ in serving.paper_parties(matter, role))

    return Action(PaperFilingForm, run, permission=permission, title=title, message=message,
                  prepare=prepare, allowed=allowed)
