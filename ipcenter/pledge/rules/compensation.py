"""Sharing a defaulted loan's loss (风险补偿) and returning what is recovered (追偿).

- The loss is the unpaid principal, plus the unpaid interest when ``interest_in_loss`` says so
  (the centre's parameter, off by default).
- It is split pool : bank : insurer : valuer = 54 : 26 : 16 : 4 (``loss_shares``, 中市监〔2021〕
  216号) with ``core.money.allocate``: the four shares add up to the loss to the fen.
- The pool's liability is capped at its balance: when its share is larger, the pool pays its
  balance and the rest (``uncovered``) is not moved to anyone else — the bank's, the insurer's
  and the valuer's shares stay what the ratio gives them. The uncovered part stays with the
  bank, the lender who holds the loss, as a loss the scheme does not compensate; ``borne``
  records it there, so that recoveries go back to the bank for it too.
- Recoveries (质物处置、追偿所得) are returned to the parties pro rata to what each bore, with
  ``allocate`` again, to the fen; a later recovery is shared pro rata to what each still bears
  (the same ratio, to the fen), so that no one gets back more than it bore and the recovery
  that ends the loss makes everyone whole. More than is still borne is refused: a surplus
  belongs to the pledgor (民法典第四百三十八条).

The pool pays only after the director approves (the workflow's rule, not this module's)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from flask_babel import lazy_gettext as _l

from ipcenter.core.errors import InvalidInput
from ipcenter.core.money import ZERO, allocate, with_unit
from ipcenter.pledge.rules import reasons
from ipcenter.pledge.rules.parameters import PARTIES, Parameters

PARTY_LABELS = {
    "pool": _l("the risk compensation pool"),
    "bank": _l("the lending bank"),
    "insurer": _l("the insurer"),
    "valuer": _l("the valuation and IP operation firm"),
}


@dataclass(frozen=True)
class Split:
    loss: Decimal
    shares: MappingProxyType     # party → its share by the ratio (sum = loss)
    pool_pays: Decimal           # the pool's share, capped at its balance
    uncovered: Decimal           # the pool's share beyond its balance (0 when not capped)
    borne: MappingProxyType      # party → what it finally bears (sum = loss)
    basis: str

    @property
    def capped(self) -> bool:
        return self.uncovered > 0


def loss(unpaid_principal, unpaid_interest, params: Parameters) -> Decimal:
    """The loss to share: the unpaid principal, plus the interest when the rules count it.
    Raises ``InvalidInput`` for malformed amounts or a principal beyond the per-firm cap."""
    principal = reasons.amount(unpaid_principal, _l("The unpaid principal"),
                               maximum=params.firm_cap)
    interest = reasons.amount(unpaid_interest, _l("The unpaid interest"))
    return principal + interest if params.interest_in_loss else principal


def split(loss_amount, *, pool_balance, params: Parameters) -> Split:
    """The loss shared by the ratio, the pool's part capped at ``pool_balance``. Raises
    ``InvalidInput`` for malformed amounts."""
    total = reasons.amount(loss_amount, _l("The loss"))
    balance = reasons.amount(pool_balance, _l("The pool's balance"))
    ratios = params.loss_shares
    parts = dict(zip(PARTIES, allocate(total, [ratios[p] for p in PARTIES])))
    pool_pays = min(parts["pool"], balance)
    uncovered = parts["pool"] - pool_pays
    borne = dict(parts, pool=pool_pays, bank=parts["bank"] + uncovered)
    return Split(total, MappingProxyType(parts), pool_pays, uncovered,
                 MappingProxyType(borne), params.basis("loss_shares"))


def recovery(recovered, borne: Mapping[str, object],
             returned: Mapping[str, object] | None = None) -> MappingProxyType:
    """``recovered`` returned to the parties pro rata to what each still bears (``borne`` less
    what was ``returned`` to it before), to the fen; the parts sum to ``recovered``.

    Raises ``InvalidInput`` for malformed amounts, a party not in the scheme, or more than is
    still borne."""
    amount = reasons.amount(recovered, _l("The amount recovered"), positive=True)
    returned = returned or {}
    unknown = (set(borne) | set(returned)) - set(PARTIES)
    if unknown:
        raise InvalidInput(_l("Only the pool, the bank, the insurer and the valuer share a "
                              "loss."))
    still = {}
    for party in PARTIES:
        bore = reasons.amount(borne.get(party, ZERO), PARTY_LABELS[party])
        back = reasons.amount(returned.get(party, ZERO), PARTY_LABELS[party])
        if back > bore:
            raise InvalidInput(_l("More was returned to %(party)s than it bore.",
                                  party=PARTY_LABELS[party]))
        still[party] = bore - back
    outstanding = sum(still.values(), ZERO)
    if amount > outstanding:
        raise InvalidInput(_l("The recovery of %(amount)s is more than the loss still borne "
                              "(%(outstanding)s); a surplus belongs to the pledgor.",
                              amount=with_unit(amount), outstanding=with_unit(outstanding)))
    sharing = [p for p in PARTIES if still[p] > 0]
    parts = dict.fromkeys(PARTIES, ZERO)
    parts.update(zip(sharing, allocate(amount, [still[p] for p in sharing])))
    return MappingProxyType(parts)
