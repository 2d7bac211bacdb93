"""Subsidies (贴息、评估费补贴), off by default: the centre's parameters (``parameters``) set a
share and a cap for each, both 0 until the city's policy for the year is entered.

- Interest subsidy: ``interest_subsidy_share`` of the interest the firm paid, at most
  ``interest_subsidy_yearly_cap`` a year across its loans (what was already granted in the year
  counts against the cap).
- Valuation-fee subsidy: ``valuation_subsidy_share`` of the valuation fee, at most
  ``valuation_subsidy_cap``.

Each rounded down to the fen: a subsidy never exceeds its share. DOMAIN.md's examples: Nansha
50% of interest up to ¥1m and 50% of valuation fees; other cities interest support capped at
¥360k a year, valuation-fee support 0.5% capped at ¥60k."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from flask_babel import lazy_gettext as _l

from ipcenter.core.money import CENT, ZERO
from ipcenter.pledge.rules import reasons
from ipcenter.pledge.rules.parameters import Parameters


@dataclass(frozen=True)
class Subsidy:
    amount: Decimal
    offered: bool      # False: the subsidy is not offered under the figures in force
    capped: bool       # the cap cut it
    basis: str


def _subsidy(base, share, cap, already, basis) -> Subsidy:
    if share == 0 or cap == 0:
        return Subsidy(ZERO, False, False, basis)
    full = (base * share).quantize(CENT, ROUND_DOWN)
    room = max(cap - already, ZERO)
    return Subsidy(min(full, room), True, full > room, basis)


def interest_subsidy(interest_paid, params: Parameters, *, granted_this_year=ZERO) -> Subsidy:
    """The interest subsidy on ``interest_paid``, after ``granted_this_year`` already granted
    to the firm. Raises ``InvalidInput`` for malformed amounts."""
    paid = reasons.amount(interest_paid, _l("The interest paid"))
    already = reasons.amount(granted_this_year, _l("The subsidy already granted this year"))
    return _subsidy(paid, Decimal(params.interest_subsidy_share),
                    params.interest_subsidy_yearly_cap, already,
                    params.basis("interest_subsidy_share"))


def valuation_subsidy(fee, params: Parameters) -> Subsidy:
    """The valuation-fee subsidy on ``fee``. Raises ``InvalidInput`` for a malformed amount."""
    fee = reasons.amount(fee, _l("The valuation fee"))
    return _subsidy(fee, Decimal(params.valuation_subsidy_share), params.valuation_subsidy_cap,
                    ZERO, params.basis("valuation_subsidy_share"))
