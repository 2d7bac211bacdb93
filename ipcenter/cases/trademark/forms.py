"""A trademark case's forms: the complaint or clue, officers, investigation, penalty, payment."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ipcenter import matters
from ipcenter.cases.forms import ReasonForm, RightHolderFields, options, strip
from ipcenter.cases.trademark import services
from ipcenter.cases.trademark.services import CLUE_SOURCES, MARK_IDENTITY, MEASURE_KINDS
from ipcenter.ip.classes import NICE_CLASSES


class TrademarkComplaintForm(FlaskForm):
    client_token = HiddenField(validators=[DataRequired(), Length(min=16, max=64)])
    registration_number = StringField(_l("Registration number of the mark"), filters=[strip],
                                      validators=[DataRequired(), Length(max=10)])
    nice_class = IntegerField(_l("Nice class"), validators=[
        DataRequired(), NumberRange(min=min(NICE_CLASSES), max=max(NICE_CLASSES))])
    holder = StringField(_l("Holder of the mark"), filters=[strip],
                         validators=[DataRequired(), Length(max=200)])
    mark_text = StringField(_l("The mark's text"), filters=[strip],
                            validators=[DataRequired(), Length(max=200)])
    party_org = SelectField(_l("Party registered in the system"), coerce=int,
                            validators=[Optional()])
    party_name = StringField(_l("Or the party's name"), filters=[strip],
                             validators=[Length(max=200)])
    party_address = StringField(_l("Party's address"), filters=[strip],
                                validators=[Length(max=300)])
    party_uscc = StringField(_l("Party's unified social credit code"), filters=[strip],
                             validators=[Length(max=30)])
    party_kind = SelectField(_l("The party is"), choices=options([
        ("organisation", _l("an organisation")), ("person", _l("a natural person"))]))
    facts = TextAreaField(_l("What happened"), filters=[strip],
                          validators=[DataRequired(), Length(max=50000)])
    foreign_holder = BooleanField(_l("The holder is a foreign rights holder acting through a "
                                     "Chinese agency"))
    evidence = MultipleFileField(_l("Registration certificate and evidence"))
    # For a clue only (the complaint form ignores them).
    clue_source = SelectField(_l("The clue came from"), default="inspection",
                              choices=options(CLUE_SOURCES.items()))
    informant = StringField(_l("Informant's name and contact (confidential)"),
                            filters=[strip], validators=[Length(max=300)])


class AgentComplaintForm(RightHolderFields, TrademarkComplaintForm):
    """An agent's complaint: the firm's, and the right holder it files for."""


class OfficersForm(FlaskForm):
    members = SelectMultipleField(_l("Officers"), coerce=int, validators=[DataRequired()])
    presiding = SelectField(_l("Lead officer"), coerce=int, validators=[DataRequired()])


class MeasureForm(FlaskForm):
    kind = SelectField(_l("Measure"), choices=options(list(MEASURE_KINDS.items())))
    description = TextAreaField(_l("Goods or test"), filters=[strip],
                                validators=[DataRequired(), Length(max=5000)])


class EndMeasureForm(FlaskForm):
    measure = SelectField(_l("Measure"), coerce=int, validators=[DataRequired()])
    outcome = TextAreaField(_l("How it ended"), filters=[strip],
                            validators=[DataRequired(), Length(max=5000)])


class FindingsForm(FlaskForm):
    findings = TextAreaField(_l("Findings"), filters=[strip],
                             validators=[DataRequired(), Length(max=50000)])
    conduct = SelectField(_l("Conduct"), choices=options([
        ("use", _l("Using the mark on goods (刑法第213条)")), ("sell", _l("Selling (第214条)")),
        ("labels", _l("Making or selling labels (第215条)"))]))
    turnover = StringField(_l("Illegal turnover (yuan)"), filters=[strip],
                           validators=[Optional(), Length(max=20)])
    gains = StringField(_l("Illegal gains (yuan)"), filters=[strip],
                        validators=[Optional(), Length(max=20)])
    unsold_value = StringField(_l("Value of unsold goods (yuan)"), filters=[strip],
                               validators=[Optional(), Length(max=20)])
    label_pieces = IntegerField(_l("Label pieces"),
                                validators=[Optional(), NumberRange(min=0, max=10**9)])
    marks_count = IntegerField(_l("Number of registered marks infringed"), default=1,
                               validators=[Optional(), NumberRange(min=1, max=1000)])
    innocent_no_knowledge = BooleanField(_l("The seller did not know the goods infringed"))
    innocent_lawful_source = BooleanField(_l("The seller proved it acquired them lawfully"))
    innocent_supplier_named = BooleanField(_l("The seller named its supplier"))
    mark_identity = RadioField(_l("The mark found"), validators=[DataRequired()],
                               choices=options(MARK_IDENTITY.items()))
    first_act_on = DateField(_l("Day of the first act found"), validators=[DataRequired()])
    last_act_on = DateField(_l("Day of the last act found"), validators=[DataRequired()])
    party_address = StringField(_l("Party's address as found (residence or place of business)"),
                                filters=[strip], validators=[Length(max=300)])


class ProposePenaltyForm(FlaskForm):
    fine = StringField(_l("Proposed fine (yuan)"), filters=[strip],
                       validators=[DataRequired(), Length(max=20)])
    confiscated_value = StringField(_l("Value confiscated (yuan)"), filters=[strip],
                                    validators=[Optional(), Length(max=20)])


class OpinionForm(FlaskForm):
    opinion = TextAreaField(_l("Legal review opinion"), filters=[strip],
                            validators=[DataRequired(), Length(max=10000)])


class StatementForm(FlaskForm):
    statement = TextAreaField(_l("Statement and defence"), filters=[strip],
                              validators=[DataRequired(), Length(max=50000)])


class PaymentForm(FlaskForm):
    amount = StringField(_l("Amount paid (yuan)"), filters=[strip],
                         validators=[DataRequired(), Length(max=20)])
    paid_on = DateField(_l("Paid on"), validators=[DataRequired()])


class ExtensionForm(FlaskForm):
    clock = SelectField(_l("Time limit"), choices=options([
        ("verify", _l("Verification (+15 working days)")),
        ("decision", _l("Decision (+30 days)")), ("seizure", _l("Seizure (+30 days)"))]))


class PoliceAnswerForm(FlaskForm):
    accepted = RadioField(_l("The police"), validators=[DataRequired()], choices=options([
        ("yes", _l("opened a criminal case")), ("no", _l("declined, with reasons"))]))
    answer = TextAreaField(_l("Their answer"), filters=[strip],
                           validators=[DataRequired(), Length(max=5000)])


class CollectiveExtensionForm(ReasonForm):
    days = IntegerField(_l("Further days set by the collective decision"),
                        validators=[DataRequired(), NumberRange(min=1, max=365)])


class NoReferralForm(ReasonForm):
    """Why the criminal elements are not made out although the figures reach a threshold."""


def complaint_data(form) -> services.ComplaintData:
    """The complaint a filing form holds: a firm's, a clerk's at the counter (whose form has no
    clue fields) or a clue the centre registers."""
    clue = {name: getattr(form, name).data or "" for name in ("clue_source", "informant")
            if getattr(form, name, None) is not None}
    return services.ComplaintData(
        marks=[services.MarkData(form.registration_number.data, form.nice_class.data,
                                 form.holder.data, form.mark_text.data)],
        party=matters.PartyData(name=form.party_name.data or "",
                                address=form.party_address.data or "",
                                uscc=form.party_uscc.data or "",
                                organisation_id=form.party_org.data or None),
        facts=form.facts.data, foreign_holder=form.foreign_holder.data,
        party_kind=form.party_kind.data, **clue)
