"""The pledge rules' reasons (``Reason``, ``Refused``: ``ipcenter.core.reasons``, shared by every
domain) and the one reading of the rules' inputs (amounts, rates, terms), each refusal an
``InvalidInput`` with a message in Chinese naming the figure."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l

from ipcenter.core import money
from ipcenter.core.errors import InvalidInput
from ipcenter.core.reasons import Reason, Refused, lazy_join, refuse_if

__all__ = ["Reason", "Refused", "lazy_join", "refuse_if", "amount", "rate", "share",
           "whole_number", "day"]


# ----------------------------------------------------------------------------- inputs


def amount(value, what, *, positive: bool = False,
           maximum: Decimal = money.MAX_AMOUNT) -> Decimal:
    """``value`` as 元 to the fen by ``core.money.amount``'s one rule, held to ``maximum``
    (and above zero when ``positive``). ``what`` is the figure's name (a lazy string).

    Raises ``InvalidInput`` in the user's language otherwise."""
    try:
        result = money.amount(value)
    except (TypeError, ValueError, ArithmeticError):
        raise InvalidInput(_l("%(what)s: write the amount in yuan, not negative, with at most "
                              "two decimals (e.g. 52000.00).", what=what)) from None
    if positive and result <= 0:
        raise InvalidInput(_l("%(what)s must be greater than zero.", what=what))
    if result > maximum:
        raise InvalidInput(_l("%(what)s (%(amount)s) is more than %(maximum)s.", what=what,
                              amount=money.with_unit(result), maximum=money.with_unit(maximum)))
    return result


# An annual rate is a fraction (0.0435 for 4.35%), below 1, to at most six decimals.
RATE_PLACES = 6


def rate(value, what) -> Decimal:
    """An annual interest rate as a fraction: 0 ≤ rate < 1, at most six decimals; a Decimal,
    an int or a decimal string (a float is refused). Raises ``InvalidInput``."""
    wrong = InvalidInput(_l("%(what)s: write the annual rate as a fraction below 1 with at most "
                            "six decimals (4.35%% is 0.0435).", what=what))
    if isinstance(value, (bool, float)) or not isinstance(value, (Decimal, int, str)):
        raise wrong
    try:
        number = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise wrong from None
    if not number.is_finite() or number < 0 or number >= 1:
        raise wrong
    if number != number.quantize(Decimal(1).scaleb(-RATE_PLACES)):
        raise wrong
    return number


def share(value, what) -> Decimal:
    """A share (of a valuation, of a fee): 0 ≤ share ≤ 1, like ``rate``. Raises
    ``InvalidInput``."""
    wrong = InvalidInput(_l("%(what)s: write the share as a fraction from 0 to 1 (50%% is "
                            "0.5).", what=what))
    if isinstance(value, (bool, float)) or not isinstance(value, (Decimal, int, str)):
        raise wrong
    try:
        number = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise wrong from None
    if not number.is_finite() or not 0 <= number <= 1:
        raise wrong
    return number


def whole_number(value, what, *, minimum: int, maximum: int) -> int:
    """An int from ``minimum`` to ``maximum`` (a bool is no number). Raises ``InvalidInput``."""
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise InvalidInput(_l("%(what)s must be a whole number from %(minimum)s to "
                              "%(maximum)s.", what=what, minimum=minimum, maximum=maximum))
    return value


def day(value, what) -> date:
    """A calendar day (a ``date``, not a ``datetime``). Raises ``InvalidInput``."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInput(_l("%(what)s must be a date.", what=what))
    return value
