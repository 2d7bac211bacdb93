"""Loan-to-value (质押率) and the per-firm cap.

- A loan is at most the sum, over its pledged rights, of each right's valuation times the share
  for its kind (``Parameters.ltv_shares``, the centre's parameter; a bank may set a lower share
  for a kind, never a higher one). A mixed pledge (专利、商标混合质押) sums its rights this way.
- A firm's open loans (their outstanding principal) plus this one stay within ``firm_cap``
  (¥10,000,000); exactly the cap passes.

Each refusal names the figures in 元 to the fen (``core.money.with_unit``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from flask_babel import lazy_gettext as _l

from ipcenter.core.errors import InvalidInput
from ipcenter.core.money import CENT, with_unit
from ipcenter.pledge.rules import reasons
from ipcenter.pledge.rules.parameters import RIGHT_KINDS, Parameters
from ipcenter.pledge.rules.reasons import Reason

KIND_LABELS = {
    "invention": _l("invention patent"),
    "utility_model": _l("utility model patent"),
    "design": _l("design patent"),
    "trademark": _l("registered trademark"),
}


@dataclass(frozen=True)
class Valued:
    """A pledged right and the value the valuation report gives it."""

    kind: str
    number: str
    value: Decimal


def shares_for(params: Parameters, bank_shares: Mapping[str, object] | None = None
               ) -> dict[str, Decimal]:
    """The share of the valuation lent per kind: the centre's, or the bank's where lower.
    Raises ``InvalidInput`` for a bank share above the centre's."""
    result = dict(params.ltv_shares)
    for kind, value in (bank_shares or {}).items():
        if kind not in RIGHT_KINDS:
            raise InvalidInput(_l("Only invention, utility model and design patents and "
                                  "registered trademarks may be pledged."))
        bank = reasons.share(value, _l("The bank's loan-to-value share"))
        if bank > result[kind]:
            raise InvalidInput(_l("A bank may lend at most %(share)s of the valuation of a "
                                  "%(kind)s, not %(bank)s.", share=_percent(result[kind]),
                                  kind=KIND_LABELS[kind], bank=_percent(bank)))
        result[kind] = bank
    return result


def _percent(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}%"


def lendable(rights: Iterable[Valued], params: Parameters,
             bank_shares: Mapping[str, object] | None = None) -> Decimal:
    """The most that may be lent against ``rights``: Σ value × share, each rounded down to the
    fen. Raises ``InvalidInput`` for no right, an unknown kind or a malformed value."""
    rights = tuple(rights)
    if not rights:
        raise InvalidInput(_l("Name at least one right to pledge."))
    shares = shares_for(params, bank_shares)
    total = Decimal("0.00")
    for right in rights:
        if RIGHT_KINDS.count(right.kind) == 0:
            raise InvalidInput(_l("Only invention, utility model and design patents and "
                                  "registered trademarks may be pledged."))
        value = reasons.amount(right.value, _l("The valuation of %(number)s",
                                               number=right.number))
        total += (value * shares[right.kind]).quantize(CENT, ROUND_DOWN)
    return total


def check_loan(loan, rights: Iterable[Valued], params: Parameters, *,
               open_loans: Iterable = (), bank_shares: Mapping[str, object] | None = None
               ) -> tuple[Reason, ...]:
    """The refusals of lending ``loan`` against ``rights`` to a firm whose other open loans
    have the outstanding principals ``open_loans``: beyond the loan-to-value, beyond the
    per-firm cap. Raises ``InvalidInput`` for malformed amounts."""
    loan = reasons.amount(loan, _l("The loan amount"), positive=True)
    others = sum((reasons.amount(o, _l("An open loan's outstanding principal"))
                  for o in open_loans), Decimal("0.00"))
    most = lendable(rights, params, bank_shares)
    refusals = []
    if loan > most:
        refusals.append(Reason("beyond_ltv", _l(
            "The loan of %(loan)s is more than the rights' loan-to-value allows "
            "(%(most)s).", loan=with_unit(loan), most=with_unit(most)), params.basis("ltv_shares")))
    if others + loan > params.firm_cap:
        refusals.append(Reason("beyond_firm_cap", _l(
            "With this loan of %(loan)s the firm would owe %(total)s on its open loans, more "
            "than the cap of %(cap)s.", loan=with_unit(loan), total=with_unit(others + loan),
            cap=with_unit(params.firm_cap)), params.basis("firm_cap")))
    return tuple(refusals)
