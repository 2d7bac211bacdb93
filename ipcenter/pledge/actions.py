"""The actions an application's page offers (``matters.actions.Action``): each with its form,
who may take it (the workflow event's ``pledge.act``; for a recording that is not a transition,
the party it belongs to in the states it is recorded in; for a file, ``pledge.upload``) and its
one service call."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l

from ipcenter.auth import policy
from ipcenter.core.clock import local_date
from ipcenter.core.errors import InvalidInput
from ipcenter.matters.actions import Action, confirm, upload, with_reason
from ipcenter.matters.actions import fixed as _fixed
from ipcenter.pledge import forms, ledger, services
from ipcenter.pledge.models import RepaymentMethod
from ipcenter.pledge.policy import stands_for
from ipcenter.pledge.rules import compensation, parameters, schedule
from ipcenter.pledge.workflow import EVENT_LABELS, E, S


def _rate(text: str):
    """The annual rate typed in percent (3.85) as the fraction the service takes (0.0385);
    text that is not a number goes on as it is, for the service to refuse in its words."""
    try:
        return str(Decimal(text) / 100)
    except (InvalidOperation, ValueError):
        return text


def _approve(application, form, actor, now):
    services.approve(application, actor, now, amount=form.amount.data, rate=_rate(form.rate.data),
                     term_months=form.term_months.data,
                     checklist={k: getattr(form, k).data for k in forms.CHECKLIST})


def _valuation(application, form, actor, now):
    values = {p.right_id: getattr(form, f"value_{p.right_id}").data for p in application.rights}
    services.submit_valuation(application, actor, now, form.report_no.data, values)


_METHODS = {RepaymentMethod.EQUAL: schedule.EQUAL, RepaymentMethod.BULLET: schedule.INTEREST_ONLY}


def _schedule(application, form, actor, now):
    """The schedule from the approved figures (``rules.schedule``), recorded as the bank's."""
    if application.approved_amount is None or application.approved_rate is None:
        raise InvalidInput(_l("The loan has no approved amount and rate."))
    try:
        rows = schedule.build(_METHODS.get(application.repayment_method, schedule.EQUAL),
                              application.approved_amount, application.approved_rate,
                              application.approved_term_months or application.term_months,
                              form.first_due_on.data)
    except (OverflowError, ValueError):  # a start so far off that its months do not exist
        raise InvalidInput(_l("The schedule cannot start on that day.")) from None
    services.record_schedule(application, actor, now,
                             [(r.due_on, str(r.principal), str(r.interest)) for r in rows])


def unpaid_principal(application) -> Decimal:
    return sum((i.principal - i.paid_principal for i in application.instalments),
               Decimal("0.00")) if application.instalments else (
        application.approved_amount or Decimal("0.00"))


def proposed_split(application, now) -> compensation.Split | None:
    """The loss split the director approves: the claim shared 54 : 26 : 16 : 4, the pool's
    part capped at its balance (``rules.compensation``)."""
    if application.claim_amount is None:
        return None
    params = parameters.as_of(local_date(now))
    loss = compensation.loss(application.claim_amount, "0", params)
    return compensation.split(loss, pool_balance=ledger.balance(), params=params)


def _approve_compensation(application, form, actor, now):
    split = proposed_split(application, now)
    if split is None:
        raise InvalidInput(_l("Give the unpaid principal claimed."))
    services.approve_compensation(application, actor, now,
                                  {p: str(v) for p, v in split.borne.items()})


def _bank_while(*states):
    return lambda user, application: application.state in states and stands_for(
        user, application, "bank")


def _fund_while(*states):
    return lambda user, application: application.state in states and stands_for(
        user, application, "fund_manager")


ACTIONS: dict[str, Action] = {
    "begin_check": confirm(services.begin_check, E.BEGIN_CHECK),
    "enrol": confirm(services.enrol, E.ENROL,
                     message=_l("The application is enrolled in the pool and sent for "
                                "valuation.")),
    "enrol_by_exception": with_reason(services.enrol_by_exception, E.ENROL_BY_EXCEPTION,
                                      message=_l("The application is enrolled as an exception "
                                                 "and sent for valuation.")),
    "decline": with_reason(services.decline, E.DECLINE),
    "withdraw": with_reason(services.withdraw, E.WITHDRAW, form=forms.NoteForm,
                            message=_l("The application is withdrawn.")),
    "submit_valuation": Action(forms.valuation_form, _valuation, E.SUBMIT_VALUATION),
    "accept_cover": confirm(services.accept_cover, E.ACCEPT_COVER),
    "approve": Action(_fixed(forms.ApproveForm), _approve, E.APPROVE,
                      message=_l("The loan is approved.")),
    "sign_contracts": Action(_fixed(forms.ContractsForm), lambda a, f, u, n:
                             services.sign_contracts(a, u, n, f.numbers.data, f.on.data),
                             E.SIGN_CONTRACTS),
    "file_registration": Action(_fixed(forms.DayForm), lambda a, f, u, n:
                                services.file_registration(a, u, n, f.on.data),
                                E.FILE_REGISTRATION),
    "registration_refused": with_reason(services.registration_refused,
                                        E.REGISTRATION_REFUSED),
    "record_registration": Action(_fixed(forms.RegistrationForm), lambda a, f, u, n:
                                  services.record_registration(a, u, n, f.number.data,
                                                               f.on.data),
                                  E.RECORD_REGISTRATION),
    "disburse": Action(_fixed(forms.DayForm), lambda a, f, u, n:
                       services.disburse(a, u, n, f.on.data), E.DISBURSE),
    "record_schedule": Action(_fixed(forms.ScheduleForm), _schedule, E.BEGIN_MONITORING),
    "record_payment": Action(_fixed(forms.PaymentForm), lambda a, f, u, n:
                             services.record_payment(a, u, n, f.seq.data, f.on.data),
                             allowed=_bank_while(S.MONITORING, S.OVERDUE),
                             title=_l("Record an instalment paid"),
                             message=_l("The payment is recorded.")),
    "record_repaid": confirm(services.record_repaid, E.RECORD_REPAID),
    "release_pledge": Action(_fixed(forms.DayForm), lambda a, f, u, n:
                             services.release_pledge(a, u, n, f.on.data), E.RELEASE_PLEDGE),
    "mark_overdue": confirm(services.mark_overdue, E.MARK_OVERDUE),
    "cure": confirm(services.cure, E.CURE),
    "declare_default": confirm(services.declare_default, E.DECLARE_DEFAULT),
    "file_claim": Action(_fixed(forms.AmountForm), lambda a, f, u, n:
                         services.file_claim(a, u, n, f.amount.data), E.FILE_CLAIM),
    "return_claim": with_reason(services.return_claim, E.RETURN_CLAIM,
                                message=_l("The claim is returned to the bank for "
                                           "correction.")),
    "approve_compensation": Action(_fixed(forms.ConfirmForm), _approve_compensation,
                                   E.APPROVE_COMPENSATION,
                                   message=_l("The compensation is approved.")),
    "pay_compensation": confirm(services.pay_compensation, E.PAY_COMPENSATION,
                                message=_l("The pool's share is paid.")),
    "begin_recovery": confirm(services.begin_recovery, E.BEGIN_RECOVERY),
    # The whole amount recovered, returned to the four parties pro rata to what each bore.
    "record_recovery": Action(_fixed(forms.AmountForm), lambda a, f, u, n:
                              services.record_recovery(a, u, n, recovered=f.amount.data),
                              allowed=_fund_while(S.RECOVERY),
                              title=_l("Record a recovery received"),
                              message=_l("The recovery is recorded.")),
    "close_recovery": confirm(services.close_recovery, E.CLOSE_RECOVERY),
    "write_off": with_reason(services.write_off, E.WRITE_OFF),
    # A file on the application (``pledge.upload``: who may add which kind, by its side).
    "upload": upload("pledge.upload"),
}

# Events whose guards read what the user types: offered even when the application's facts
# alone would refuse them (the input is checked on submit).
INPUT_EVENTS = frozenset({E.SUBMIT_VALUATION, E.APPROVE, E.SIGN_CONTRACTS, E.FILE_REGISTRATION,
                          E.REGISTRATION_REFUSED, E.RECORD_REGISTRATION, E.DISBURSE,
                          E.BEGIN_MONITORING, E.RELEASE_PLEDGE, E.FILE_CLAIM, E.DECLINE,
                          E.WRITE_OFF, E.ENROL_BY_EXCEPTION, E.RETURN_CLAIM})


def permitted(user, application, action: Action) -> bool:
    """Whether ``user`` may take ``action`` on ``application`` (its state included)."""
    if action.event is not None:
        return policy.can(user, "pledge.act", (application, action.event))
    if action.permission is not None:
        return policy.can(user, action.permission, application)
    return policy.has_role(user, "bank", "fund_manager") and action.allowed(user, application)


def title_of(name: str, action: Action):
    return EVENT_LABELS[action.event] if action.event is not None else action.title


def form_of(action: Action, application, user=None, **kwargs):
    return action.build(application, user, **kwargs)



# ---------------------------------------------------------------------------------------------
# Subsidies (贴息、评估费补贴): the firm claims with the amount it was shown
# (``pledge.subsidy_quote``), the fund manager prepares, the director approves, the fund
# manager records the payment.


def _claim_subsidy(application, form, actor, now):
    if not (form.quoted_total.data or "").strip():
        raise InvalidInput(_l("Work out the subsidy first and check the amount, then "
                              "submit the claim."))
    services.claim_subsidy(application, actor, now, form.valuation_fee.data,
                           form.invoice_no.data, expected_total=form.quoted_total.data)


ACTIONS.update({
    "claim_subsidy": Action(_fixed(forms.SubsidyClaimForm), _claim_subsidy, E.CLAIM_SUBSIDY,
                            message=_l("Your subsidy claim has been sent to the fund "
                                       "manager.")),
    "prepare_subsidy": confirm(services.prepare_subsidy, E.PREPARE_SUBSIDY,
                               message=_l("The subsidy is prepared for the director's "
                                          "approval.")),
    "refuse_subsidy": with_reason(services.refuse_subsidy, E.REFUSE_SUBSIDY),
    "approve_subsidy": confirm(services.approve_subsidy, E.APPROVE_SUBSIDY,
                               message=_l("Payment of the subsidy is approved.")),
    "return_subsidy": with_reason(services.return_subsidy, E.RETURN_SUBSIDY),
    "pay_subsidy": Action(_fixed(forms.DayForm), lambda a, f, u, n:
                          services.pay_subsidy(a, u, n, f.on.data), E.PAY_SUBSIDY,
                          message=_l("The subsidy is recorded as paid.")),
})
# Their guards read what the user types (reasons, the day paid): checked on submit.
INPUT_EVENTS = INPUT_EVENTS | {E.REFUSE_SUBSIDY, E.RETURN_SUBSIDY, E.PAY_SUBSIDY}
