"""The pledge pages' forms: they check shape (present, lengths, types); the rules are the
services' and ``pledge.rules``'."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

# The forms every matter's page shares (a button, reasons, a note, a file), and their helpers.
from ipcenter.matters.forms import (  # noqa: F401  (pledge's actions name them from here)
    ConfirmForm,
    NoteForm,
    ReasonForm,
    UploadForm,
    options,
    strip,
)
from ipcenter.pledge.models import RepaymentMethod
from ipcenter.pledge.rules.eligibility import USE_LABELS
from ipcenter.pledge.rules.parameters import USES


def _int_or_zero(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


REPAYMENT_LABELS = {RepaymentMethod.EQUAL: _l("Equal instalments of principal and interest"),
                    RepaymentMethod.BULLET: _l("Interest monthly, principal at maturity")}


class ApplyForm(FlaskForm):
    """The firm's application: its rights (from the register, or by number), the loan asked
    for and the bank it chooses. The choices are filled per user by the view."""

    client_token = HiddenField()
    rights = SelectMultipleField(_l("Rights to pledge (from the register)"), coerce=int,
                                 validate_choice=False)
    right_numbers = TextAreaField(
        _l("Or enter patent or trademark numbers, one a line"), filters=[strip],
        validators=[Length(max=2000)],
        description=_l("A patent number with its check digit, e.g. ZL202020123456.8; a "
                       "trademark by its registration number."))
    amount = StringField(_l("Amount (yuan)"), filters=[strip],
                         validators=[DataRequired(), Length(max=20)])
    term_months = IntegerField(_l("Term (months)"),
                               validators=[DataRequired(), NumberRange(min=1, max=120)])
    repayment_method = SelectField(_l("Repayment"), choices=options(REPAYMENT_LABELS.items()),
                                   validators=[DataRequired()])
    use_of_funds = TextAreaField(_l("Use of the funds"), filters=[strip],
                                 validators=[DataRequired(), Length(max=2000)])
    # What the fund manager's eligibility check reads (216号): the service keeps it on the
    # application and the rules judge it at enrolment.
    established_on = DateField(_l("Date the firm was established"),
                               validators=[DataRequired()])
    is_sme = BooleanField(_l("The firm is a small or medium-sized enterprise"),
                          description=_l("As defined by the SME classification standard "
                                         "(工信部联企业〔2011〕300号)."))
    use_of_funds_kind = SelectField(_l("Kind of use of the funds"),
                                    choices=options((u, USE_LABELS[u]) for u in USES),
                                    validators=[DataRequired()])
    from_university = BooleanField(_l("The rights came from a university or a state-owned "
                                      "enterprise"))
    bank = SelectField(_l("Bank"), coerce=_int_or_zero, validate_choice=False,
                       validators=[DataRequired()])
    valuer = SelectField(_l("Valuation firm"), coerce=_int_or_zero, validate_choice=False,
                         validators=[Optional()])
    insurer = SelectField(_l("Insurance company"), coerce=_int_or_zero, validate_choice=False,
                          validators=[Optional()])


class ValuationForm(FlaskForm):
    """The valuation report; one value field per pledged right is added for the application
    (``valuation_form``)."""

    report_no = StringField(_l("Valuation report number"), filters=[strip],
                            validators=[DataRequired(), Length(max=60)])


def valuation_form(application) -> type[ValuationForm]:
    """``ValuationForm`` with a ``value_<right id>`` field for each right the application
    pledges."""
    extra = {f"value_{p.right_id}": StringField(
        _l("Value of %(number)s (yuan)", number=p.right.number), filters=[strip],
        validators=[DataRequired(), Length(max=20)]) for p in application.rights}
    return type("ValuationForm", (ValuationForm,), extra)


# The bank's due-diligence checklist (DOMAIN.md §4, "The bank reviewer's checklist").
CHECKLIST = {
    "legal_status": _l("Legal status, ownership, annuity and remaining term checked in the "
                       "register"),
    "disputes": _l("No invalidation or litigation pending, or the parties' confirmation held"),
    "existing_pledges": _l("No existing pledge on the rights"),
    "valuation": _l("Valuation report and value reviewed"),
    "ltv": _l("Loan-to-value ratio within the limit"),
    "credit": _l("Borrower's eligibility and credit report reviewed"),
    "cover": _l("Insurer's cover confirmed"),
    "headroom": _l("Pool headroom (10 × balance) checked"),
}


class ApproveForm(FlaskForm):
    amount = StringField(_l("Approved amount (yuan)"), filters=[strip],
                         validators=[DataRequired(), Length(max=20)])
    rate = StringField(_l("Annual rate (%)"), filters=[strip],
                       validators=[DataRequired(), Length(max=12)],
                       description=_l("e.g. 3.85"))
    term_months = IntegerField(_l("Term (months)"),
                               validators=[DataRequired(), NumberRange(min=1, max=120)])
    legal_status = BooleanField(CHECKLIST["legal_status"])
    disputes = BooleanField(CHECKLIST["disputes"])
    existing_pledges = BooleanField(CHECKLIST["existing_pledges"])
    valuation = BooleanField(CHECKLIST["valuation"])
    ltv = BooleanField(CHECKLIST["ltv"])
    credit = BooleanField(CHECKLIST["credit"])
    cover = BooleanField(CHECKLIST["cover"])
    headroom = BooleanField(CHECKLIST["headroom"])


class ContractsForm(FlaskForm):
    numbers = StringField(_l("Loan and pledge contract numbers"), filters=[strip],
                          validators=[DataRequired(), Length(max=200)])
    on = DateField(_l("Signed on"), validators=[DataRequired()])


class DayForm(FlaskForm):
    on = DateField(_l("Day"), validators=[DataRequired()])


class RegistrationForm(FlaskForm):
    number = StringField(_l("Registration notice number"), filters=[strip],
                         validators=[DataRequired(), Length(max=60)])
    on = DateField(_l("Registered on"), validators=[DataRequired()])


class ScheduleForm(FlaskForm):
    first_due_on = DateField(_l("Start of the term (instalments fall due monthly from it)"),
                             validators=[DataRequired()])


class PaymentForm(FlaskForm):
    seq = IntegerField(_l("Instalment number"),
                       validators=[DataRequired(), NumberRange(min=1, max=360)])
    on = DateField(_l("Paid on"), validators=[DataRequired()])


class AmountForm(FlaskForm):
    amount = StringField(_l("Amount (yuan)"), filters=[strip],
                         validators=[DataRequired(), Length(max=20)])


class SubsidyClaimForm(FlaskForm):
    """The firm's subsidy claim: the valuation fee and its invoice (the interest paid is read
    from the recorded repayments); ``quoted_total`` is the amount the page showed."""

    valuation_fee = StringField(_l("Valuation fee paid (yuan)"), filters=[strip],
                                validators=[Length(max=20)],
                                description=_l("Leave empty when no valuation-fee subsidy "
                                               "is claimed."))
    invoice_no = StringField(_l("Invoice number of the valuation fee"), filters=[strip],
                             validators=[Length(max=60)])
    quoted_total = HiddenField(filters=[strip])
