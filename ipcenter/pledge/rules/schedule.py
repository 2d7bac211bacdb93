"""Repayment schedules (还款计划) and what is overdue on a day.

- ``equal_instalments`` (等额本息): one payment a month, P = A·r(1+r)^n / ((1+r)^n − 1) with the
  monthly rate r = annual rate / 12, rounded half up to the fen; each month's interest is the
  balance × r rounded half up, the rest of the payment is principal; the last instalment takes
  whatever principal is left, so the principal parts sum to the amount exactly. At 0% the
  amount is split into equal parts with ``allocate`` (the earlier instalments take the odd fen).
- ``interest_only`` (先息后本): each month the interest on the whole amount, the principal in a
  bullet with the last instalment.

Instalment k falls due on the day k months after ``start`` (``core.deadlines.add_months``: the
31st falls on a short month's last day), counted from ``start`` each time, never chained.
Interest is counted by the month (annual rate / 12), not by the day: the bank's contract may
count days; the schedule is what the firm sees and what the pool's overdue scan uses.

An instalment is overdue from the day after its due day while what was repaid (applied to the
instalments in order) does not cover it; the loan is in default once its oldest overdue
instalment is ``default_days`` overdue (``parameters``)."""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import lazy_gettext as _l

from ipcenter.core.deadlines import add_months
from ipcenter.core.errors import InvalidInput
from ipcenter.core.money import CENT, ZERO, allocate
from ipcenter.pledge.rules import reasons
from ipcenter.pledge.rules.parameters import Parameters

MAX_MONTHS = 360
EQUAL = "equal_instalments"
INTEREST_ONLY = "interest_only"
METHODS = (EQUAL, INTEREST_ONLY)


@dataclass(frozen=True)
class Instalment:
    number: int
    due_on: date
    principal: Decimal
    interest: Decimal
    balance_after: Decimal   # principal still owed after this instalment

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest


def _fen(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def _inputs(amount, annual_rate, months, start):
    return (reasons.amount(amount, _l("The loan amount"), positive=True),
            reasons.rate(annual_rate, _l("The annual interest rate")),
            reasons.whole_number(months, _l("The term in months"), minimum=1,
                                 maximum=MAX_MONTHS),
            reasons.day(start, _l("The first day of the loan")))


def equal_instalments(amount, annual_rate, months: int, start: date) -> tuple[Instalment, ...]:
    """等额本息. Raises ``InvalidInput`` for a malformed amount, rate, term or day."""
    amount, annual_rate, months, start = _inputs(amount, annual_rate, months, start)
    with decimal.localcontext() as ctx:
        ctx.prec = 50
        r = annual_rate / 12
        if r == 0:
            parts = allocate(amount, [1] * months)
            payment = None
        else:
            growth = (1 + r) ** months
            payment = _fen(amount * r * growth / (growth - 1))
        result, balance = [], amount
        for k in range(1, months + 1):
            interest = _fen(balance * r)
            if k == months:
                principal = balance
            elif payment is None:
                principal = parts[k - 1]
            else:
                # Never more than is owed: a payment rounded up can get ahead of the balance.
                principal = min(max(payment - interest, ZERO), balance)
            balance -= principal
            result.append(Instalment(k, add_months(start, k), principal, interest, balance))
    return tuple(result)


def interest_only(amount, annual_rate, months: int, start: date) -> tuple[Instalment, ...]:
    """先息后本. Raises ``InvalidInput`` for a malformed amount, rate, term or day."""
    amount, annual_rate, months, start = _inputs(amount, annual_rate, months, start)
    with decimal.localcontext() as ctx:
        ctx.prec = 50
        interest = _fen(amount * annual_rate / 12)
    return tuple(Instalment(k, add_months(start, k), amount if k == months else ZERO, interest,
                            ZERO if k == months else amount)
                 for k in range(1, months + 1))


def build(method: str, amount, annual_rate, months: int, start: date
          ) -> tuple[Instalment, ...]:
    """The schedule of ``method`` (``equal_instalments`` or ``interest_only``)."""
    if method not in METHODS:
        raise InvalidInput(_l("Choose equal instalments or interest first with the "
                                      "principal at the end."))
    return (equal_instalments if method == EQUAL else interest_only)(
        amount, annual_rate, months, start)


@dataclass(frozen=True)
class Overdue:
    instalment: Instalment
    unpaid: Decimal       # what of this instalment is not repaid
    days: int             # days overdue on the day asked


def overdue(schedule, repaid, day: date) -> tuple[Overdue, ...]:
    """The instalments overdue on ``day``: due before it and not covered by ``repaid`` (the
    total repaid so far, applied to the instalments in order, interest and principal alike).
    Raises ``InvalidInput`` for a malformed amount or day."""
    left = reasons.amount(repaid, _l("The amount repaid"))
    day = reasons.day(day, _l("The day of the check"))
    result = []
    for instalment in schedule:
        covered = min(left, instalment.total)
        left -= covered
        if instalment.due_on < day and covered < instalment.total:
            result.append(Overdue(instalment, instalment.total - covered,
                                  (day - instalment.due_on).days))
    return tuple(result)


def days_overdue(schedule, repaid, day: date) -> int:
    """How many days the oldest overdue instalment is overdue on ``day`` (0 when none)."""
    late = overdue(schedule, repaid, day)
    return late[0].days if late else 0


def in_default(schedule, repaid, day: date, params: Parameters) -> bool:
    """Whether the loan is in default on ``day``: an instalment ``default_days`` overdue."""
    return days_overdue(schedule, repaid, day) >= params.default_days


def unpaid(schedule, repaid, day: date) -> tuple[Decimal, Decimal]:
    """(principal, interest) not covered by ``repaid`` on ``day``, the repayments applied in
    order and, within an instalment, to interest before principal (民法典第五百六十一条). All
    the principal not repaid counts (a loan in default falls due as a whole); interest only of
    the instalments due on or before ``day`` — interest not yet accrued is no loss."""
    left = reasons.amount(repaid, _l("The amount repaid"))
    day = reasons.day(day, _l("The day of the check"))
    principal = interest = ZERO
    for instalment in schedule:
        paid_interest = min(left, instalment.interest)
        left -= paid_interest
        paid_principal = min(left, instalment.principal)
        left -= paid_principal
        if instalment.due_on <= day:
            interest += instalment.interest - paid_interest
        principal += instalment.principal - paid_principal
    return principal, interest
