"""Case forms: they check shape (present, lengths, types); the rules are the services'."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import (BooleanField, DateField, DateTimeLocalField, HiddenField, IntegerField,
                     RadioField, SelectField,
                     SelectMultipleField, StringField, TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ipcenter.cases.trademark.services import CLUE_SOURCES
from ipcenter.ip.classes import NICE_CLASSES


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def options(pairs) -> list[SelectChoice]:
    """Choices as WTForms 3.3 wants them (tuples are deprecated)."""
    return [SelectChoice(value, label) for value, label in pairs]


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reasons"), filters=[_strip],
                           validators=[DataRequired(), Length(max=5000)])


class FilingForm(FlaskForm):
    client_token = HiddenField(validators=[DataRequired(), Length(min=16, max=64)])
    patent_number = StringField(_l("Patent number"), filters=[_strip],
                                description=_l("For example ZL202020123456.8"),
                                validators=[DataRequired(), Length(max=30)])
    patent_title = StringField(_l("Title of the patent"), filters=[_strip],
                               validators=[DataRequired(), Length(max=200)])
    respondent_org = SelectField(_l("Respondent registered in the system"), coerce=int,
                                 validators=[Optional()])
    respondent_name = StringField(_l("Or the respondent's name"), filters=[_strip],
                                  validators=[Length(max=200)])
    respondent_address = StringField(_l("Respondent's address"), filters=[_strip],
                                     validators=[Length(max=300)])
    respondent_uscc = StringField(_l("Respondent's unified social credit code"),
                                  filters=[_strip], validators=[Length(max=30)])
    claim = TextAreaField(_l("Claim"), filters=[_strip],
                          validators=[DataRequired(), Length(max=5000)])
    facts = TextAreaField(_l("Facts and reasons"), filters=[_strip],
                          validators=[DataRequired(), Length(max=50000)])
    requester_contact = StringField(_l("Contact person and telephone"), filters=[_strip],
                                    validators=[Length(max=100)])
    proof_of_right = FileField(_l("Proof of right (certificate and annuity receipt)"))
    evidence = MultipleFileField(_l("Evidence of infringement"))


class UploadForm(FlaskForm):
    kind = SelectField(_l("Kind of document"), validators=[DataRequired()])
    file = FileField(_l("File"), validators=[DataRequired()])


class AcceptForm(FlaskForm):
    standing = BooleanField(_l("The requester is the patentee or an interested party."))
    definite = BooleanField(_l("There is a definite respondent, a definite claim and concrete "
                               "facts."))
    no_court = BooleanField(_l("There is no settlement and no court action on the same "
                               "dispute."))
    competence = BooleanField(_l("The matter is within this office's competence and "
                                 "territory."))


class PanelForm(FlaskForm):
    members = SelectMultipleField(_l("Members"), coerce=int, validators=[DataRequired()])
    presiding = SelectField(_l("Presiding member"), coerce=int, validators=[DataRequired()])


class AnswerForm(FlaskForm):
    statement = TextAreaField(_l("Answer"), filters=[_strip],
                              validators=[DataRequired(), Length(max=50000)])
    file = FileField(_l("Answer and evidence (optional)"))


class HearingForm(FlaskForm):
    at = DateTimeLocalField(_l("Date and time"), format="%Y-%m-%dT%H:%M",
                            validators=[DataRequired()])
    place = StringField(_l("Place"), filters=[_strip],
                        validators=[DataRequired(), Length(max=200)])


class SuspendForm(ReasonForm):
    invalidation_ref = StringField(_l("Invalidation request number"), filters=[_strip],
                                   validators=[DataRequired(), Length(max=60)])


class MediationForm(FlaskForm):
    terms = TextAreaField(_l("Terms agreed (one per line)"), filters=[_strip],
                          validators=[DataRequired(), Length(max=10000)])
    amount = StringField(_l("Damages agreed (yuan)"), filters=[_strip],
                         validators=[Optional(), Length(max=20)])


class DecisionForm(FlaskForm):
    findings = TextAreaField(_l("Findings"), filters=[_strip],
                             validators=[DataRequired(), Length(max=50000)])
    basis = TextAreaField(_l("Legal basis"), filters=[_strip],
                          validators=[DataRequired(), Length(max=5000)])
    infringement = RadioField(_l("Outcome"), validators=[DataRequired()], choices=options([
        ("yes", _l("Infringement found: order to stop")),
        ("no", _l("No infringement: the request is dismissed"))]))
    stop_acts = StringField(_l("Type of acts to stop"), filters=[_strip],
                            description=_l("For example 制造、销售、许诺销售"),
                            validators=[Length(max=200)])
    stop_object = StringField(_l("Object"), filters=[_strip], validators=[Length(max=300)])
    stop_scope = StringField(_l("Scope"), filters=[_strip], validators=[Length(max=300)])


class RecusalForm(ReasonForm):
    handler = SelectField(_l("Panel member"), coerce=int, validators=[DataRequired()])


class RecusalDecisionForm(FlaskForm):
    granted = RadioField(_l("Decision"), validators=[DataRequired()],
                         choices=options([("yes", _l("Granted")), ("no", _l("Refused"))]))
    reason = TextAreaField(_l("Reasons"), filters=[_strip], validators=[Length(max=5000)])


class CloseForm(FlaskForm):
    reason = TextAreaField(_l("Note"), filters=[_strip], validators=[Length(max=5000)])


# ---------------------------------------------------------------------------------------------
# Trademark enforcement


class TrademarkComplaintForm(FlaskForm):
    client_token = HiddenField(validators=[DataRequired(), Length(min=16, max=64)])
    registration_number = StringField(_l("Registration number of the mark"), filters=[_strip],
                                      validators=[DataRequired(), Length(max=10)])
    nice_class = IntegerField(_l("Nice class"), validators=[
        DataRequired(), NumberRange(min=min(NICE_CLASSES), max=max(NICE_CLASSES))])
    holder = StringField(_l("Holder of the mark"), filters=[_strip],
                         validators=[DataRequired(), Length(max=200)])
    mark_text = StringField(_l("The mark's text"), filters=[_strip],
                            validators=[DataRequired(), Length(max=200)])
    party_org = SelectField(_l("Party registered in the system"), coerce=int,
                            validators=[Optional()])
    party_name = StringField(_l("Or the party's name"), filters=[_strip],
                             validators=[Length(max=200)])
    party_address = StringField(_l("Party's address"), filters=[_strip],
                                validators=[Length(max=300)])
    party_uscc = StringField(_l("Party's unified social credit code"), filters=[_strip],
                             validators=[Length(max=30)])
    party_kind = SelectField(_l("The party is"), choices=options([
        ("organisation", _l("an organisation")), ("person", _l("a natural person"))]))
    facts = TextAreaField(_l("What happened"), filters=[_strip],
                          validators=[DataRequired(), Length(max=50000)])
    foreign_holder = BooleanField(_l("The holder is a foreign rights holder acting through a "
                                     "Chinese agency"))
    evidence = MultipleFileField(_l("Registration certificate and evidence"))
    # For a clue only (the complaint form ignores them).
    clue_source = SelectField(_l("The clue came from"), default="inspection",
                              choices=options(CLUE_SOURCES.items()))
    informant = StringField(_l("Informant's name and contact (confidential)"),
                            filters=[_strip], validators=[Length(max=300)])


class OfficersForm(FlaskForm):
    members = SelectMultipleField(_l("Officers"), coerce=int, validators=[DataRequired()])
    presiding = SelectField(_l("Lead officer"), coerce=int, validators=[DataRequired()])


class MeasureForm(FlaskForm):
    kind = SelectField(_l("Measure"), choices=options([
        ("preservation", _l("Preserve evidence (先行登记保存)")),
        ("seizure", _l("Seize goods (查封扣押)")),
        ("appraisal", _l("Testing or appraisal (not counted in the time limits)"))]))
    description = TextAreaField(_l("Goods or test"), filters=[_strip],
                                validators=[DataRequired(), Length(max=5000)])


class EndMeasureForm(FlaskForm):
    measure = SelectField(_l("Measure"), coerce=int, validators=[DataRequired()])
    outcome = TextAreaField(_l("How it ended"), filters=[_strip],
                            validators=[DataRequired(), Length(max=5000)])


class FindingsForm(FlaskForm):
    findings = TextAreaField(_l("Findings"), filters=[_strip],
                             validators=[DataRequired(), Length(max=50000)])
    conduct = SelectField(_l("Conduct"), choices=options([
        ("use", _l("Using the mark on goods (刑法第213条)")), ("sell", _l("Selling (第214条)")),
        ("labels", _l("Making or selling labels (第215条)"))]))
    turnover = StringField(_l("Illegal turnover (yuan)"), filters=[_strip],
                           validators=[Optional(), Length(max=20)])
    gains = StringField(_l("Illegal gains (yuan)"), filters=[_strip],
                        validators=[Optional(), Length(max=20)])
    unsold_value = StringField(_l("Value of unsold goods (yuan)"), filters=[_strip],
                               validators=[Optional(), Length(max=20)])
    label_pieces = IntegerField(_l("Label pieces"),
                                validators=[Optional(), NumberRange(min=0, max=10**9)])
    marks_count = IntegerField(_l("Number of registered marks infringed"), default=1,
                               validators=[Optional(), NumberRange(min=1, max=1000)])
    innocent_no_knowledge = BooleanField(_l("The seller did not know the goods infringed"))
    innocent_lawful_source = BooleanField(_l("The seller proved it acquired them lawfully"))
    innocent_supplier_named = BooleanField(_l("The seller named its supplier"))


class ProposePenaltyForm(FlaskForm):
    fine = StringField(_l("Proposed fine (yuan)"), filters=[_strip],
                       validators=[DataRequired(), Length(max=20)])
    confiscated_value = StringField(_l("Value confiscated (yuan)"), filters=[_strip],
                                    validators=[Optional(), Length(max=20)])


class OpinionForm(FlaskForm):
    opinion = TextAreaField(_l("Legal review opinion"), filters=[_strip],
                            validators=[DataRequired(), Length(max=10000)])


class StatementForm(FlaskForm):
    statement = TextAreaField(_l("Statement and defence"), filters=[_strip],
                              validators=[DataRequired(), Length(max=50000)])


class PaymentForm(FlaskForm):
    amount = StringField(_l("Amount paid (yuan)"), filters=[_strip],
                         validators=[DataRequired(), Length(max=20)])
    paid_on = DateField(_l("Paid on"), validators=[DataRequired()])


class ExtensionForm(FlaskForm):
    clock = SelectField(_l("Time limit"), choices=options([
        ("verify", _l("Verification (+15 working days)")),
        ("decision", _l("Decision (+30 days)")), ("seizure", _l("Seizure (+30 days)"))]))


class PoliceAnswerForm(FlaskForm):
    accepted = RadioField(_l("The police"), validators=[DataRequired()], choices=options([
        ("yes", _l("opened a criminal case")), ("no", _l("declined, with reasons"))]))
    answer = TextAreaField(_l("Their answer"), filters=[_strip],
                           validators=[DataRequired(), Length(max=5000)])


class CollectiveExtensionForm(ReasonForm):
    days = IntegerField(_l("Further days set by the collective decision"),
                        validators=[DataRequired(), NumberRange(min=1, max=365)])
