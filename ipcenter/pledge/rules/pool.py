"""The pool's headroom (风险补偿资金池放大倍数): the principal outstanding on the loans the pool
covers, after an approval, stays within ``leverage`` (10) × the pool's balance — exactly 10×
passes (中市监〔2021〕216号: ¥70m backing ≥ ¥700m of lending). The balance is the ledger's sum,
passed in; it is never negative."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from ipcenter.core.money import with_unit
from ipcenter.pledge.rules import reasons
from ipcenter.pledge.rules.parameters import Parameters
from ipcenter.pledge.rules.reasons import Reason


@dataclass(frozen=True)
class Position:
    """What the pool page shows: balance, covered principal, capacity and headroom."""

    balance: Decimal
    outstanding: Decimal
    capacity: Decimal      # leverage × balance
    headroom: Decimal      # capacity − outstanding (negative when the balance fell after losses)


def position(balance, outstanding, params: Parameters) -> Position:
    """The pool's position. Raises ``InvalidInput`` for malformed (or negative) amounts."""
    balance = reasons.amount(balance, _l("The pool's balance"))
    outstanding = reasons.amount(outstanding, _l("The covered principal outstanding"))
    capacity = balance * params.leverage
    return Position(balance, outstanding, capacity, capacity - outstanding)


def check_approval(loan, *, balance, outstanding, params: Parameters) -> tuple[Reason, ...]:
    """The refusal of approving ``loan`` when the covered principal outstanding after it would
    exceed ``leverage`` × ``balance``, with the figures. Raises ``InvalidInput`` for malformed
    amounts."""
    loan = reasons.amount(loan, _l("The loan amount"), positive=True)
    now = position(balance, outstanding, params)
    after = now.outstanding + loan
    if after <= now.capacity:
        return ()
    return (Reason("beyond_headroom", _l(
        "Approving %(loan)s would bring the principal the pool covers to %(after)s, more than "
        "%(leverage)s times its balance of %(balance)s (%(capacity)s); headroom left: "
        "%(headroom)s.", loan=with_unit(loan), after=with_unit(after), leverage=params.leverage,
        balance=with_unit(now.balance), capacity=with_unit(now.capacity),
        headroom=with_unit(max(now.headroom, Decimal("0.00")))), params.basis("leverage")),)
