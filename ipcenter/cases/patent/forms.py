"""A patent dispute's forms: the filing, acceptance, panel, answer, hearing and decision."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ipcenter.cases.forms import ReasonForm, RightHolderFields, options, strip
from ipcenter.cases.patent.articles import ARTICLES


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class FilingForm(FlaskForm):
    client_token = HiddenField(validators=[DataRequired(), Length(min=16, max=64)])
    patent_number = StringField(_l("Patent number"), filters=[strip],
                                description=_l("For example ZL202020123456.8"),
                                validators=[DataRequired(), Length(max=30)])
    patent_title = StringField(_l("Title of the patent"), filters=[strip],
                               validators=[DataRequired(), Length(max=200)])
    respondent_org = SelectField(_l("Respondent registered in the system"), coerce=int,
                                 validators=[Optional()])
    respondent_name = StringField(_l("Or the respondent's name"), filters=[strip],
                                  validators=[Length(max=200)])
    respondent_address = StringField(_l("Respondent's address"), filters=[strip],
                                     validators=[Length(max=300)])
    respondent_uscc = StringField(_l("Respondent's unified social credit code"),
                                  filters=[strip], validators=[Length(max=30)])
    claim = TextAreaField(_l("Claim"), filters=[strip],
                          validators=[DataRequired(), Length(max=5000)])
    facts = TextAreaField(_l("Facts and reasons"), filters=[strip],
                          validators=[DataRequired(), Length(max=50000)])
    requester_contact = StringField(_l("Contact person and telephone"), filters=[strip],
                                    validators=[Length(max=100)])
    proof_of_right = FileField(_l("Proof of right (certificate and annuity receipt)"))
    evidence = MultipleFileField(_l("Evidence of infringement"))


class AgentFilingForm(RightHolderFields, FilingForm):
    """An agent's filing: the firm's, and the right holder it files for."""


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
    statement = TextAreaField(_l("Answer"), filters=[strip],
                              validators=[DataRequired(), Length(max=50000)])
    file = FileField(_l("Answer and evidence (optional)"))


class SuspendForm(ReasonForm):
    invalidation_ref = StringField(_l("Invalidation request number"), filters=[strip],
                                   validators=[DataRequired(), Length(max=60)])


class MediationForm(FlaskForm):
    terms = TextAreaField(_l("Terms agreed (one per line)"), filters=[strip],
                          validators=[DataRequired(), Length(max=10000)])
    amount = StringField(_l("Damages agreed (yuan)"), filters=[strip],
                         validators=[Optional(), Length(max=20)])


class DecisionForm(FlaskForm):
    findings = TextAreaField(_l("Findings"), filters=[strip],
                             validators=[DataRequired(), Length(max=50000)])
    basis = TextAreaField(_l("Legal basis"), filters=[strip],
                          validators=[DataRequired(), Length(max=5000)])
    infringement = RadioField(_l("Outcome"), validators=[DataRequired()], choices=options([
        ("yes", _l("Infringement found: order to stop")),
        ("no", _l("No infringement: the request is dismissed"))]))
    stop_acts = StringField(_l("Type of acts to stop"), filters=[strip],
                            description=_l("For example 制造、销售、许诺销售"),
                            validators=[Length(max=200)])
    stop_object = StringField(_l("Object"), filters=[strip], validators=[Length(max=300)])
    stop_scope = StringField(_l("Scope"), filters=[strip], validators=[Length(max=300)])
    articles = CheckboxesField(
        _l("Articles of the Patent Law applied"), validators=[Optional()],
        description=_l("Article 65 is cited by every decision."),
        choices=options((k, f"专利法{a.citation}：{a.summary}") for k, a in ARTICLES.items()))


class PauseForm(FlaskForm):
    kind = RadioField(_l("Period not counted"), validators=[DataRequired()], choices=options([
        ("announcement", _l("Announcement (公告)")), ("appraisal", _l("Appraisal (鉴定)"))]))
    reason = TextAreaField(_l("Reasons"), filters=[strip],
                           validators=[DataRequired(), Length(max=5000)])
    started_on = DateField(_l("First day"), validators=[Optional()],
                           description=_l("Empty: today."))
    file = FileField(_l("The announcement or the commission letter"))


class EndPauseForm(FlaskForm):
    pause = SelectField(_l("Period"), coerce=int, validators=[DataRequired()])
    outcome = TextAreaField(_l("How it ended"), filters=[strip],
                            validators=[DataRequired(), Length(max=5000)])
    ended_on = DateField(_l("Day it ended"), validators=[Optional()],
                         description=_l("Empty: today."))
    file = FileField(_l("The appraisal opinion or other document (optional)"))


class AddressForm(FlaskForm):
    party = SelectField(_l("Party"), coerce=int, validators=[DataRequired()])
    address = StringField(_l("Address"), filters=[strip],
                          validators=[DataRequired(), Length(max=300)])


class ComplianceForm(FlaskForm):
    reason = TextAreaField(_l("How compliance was checked"), filters=[strip],
                           validators=[DataRequired(), Length(max=5000)])
    complied_on = DateField(_l("Day checked"), validators=[Optional()],
                            description=_l("Empty: today."))


class EnforcementForm(FlaskForm):
    court = StringField(_l("Court applied to"), filters=[strip],
                        validators=[DataRequired(), Length(max=200)])
    demanded_on = DateField(_l("Day the demand to comply (催告书) was served"),
                            validators=[DataRequired()])
    applied_on = DateField(_l("Day the application was filed"), validators=[Optional()],
                           description=_l("Empty: today."))
    note = TextAreaField(_l("Note"), filters=[strip], validators=[Length(max=5000)])


class RecusalForm(ReasonForm):
    handler = SelectField(_l("Panel member"), coerce=int, validators=[DataRequired()])


class RecusalDecisionForm(FlaskForm):
    granted = RadioField(_l("Decision"), validators=[DataRequired()],
                         choices=options([("yes", _l("Granted")), ("no", _l("Refused"))]))
    reason = TextAreaField(_l("Reasons"), filters=[strip], validators=[Length(max=5000)])
