"""Whether each right may be pledged (质押登记), from a plain snapshot of the register — the
refusal grounds of CNIPA's patent pledge registration (DOMAIN.md §4, 专利权质押登记办法) applied
to patents and trademarks alike:

- the pledgor is not the registered holder;
- the right is not yet granted, has lapsed, been invalidated or expired;
- the annuity is unpaid (patents);
- the right is frozen (an ownership dispute, a court preservation order);
- the right is already pledged (in the register, or twice in the same application);
- a co-owner has not consented;
- the loan term outlasts the right (its last day from ``ipcenter.ip.terms``).

A pending invalidation or a pending case involving the right is a *warning*, not a refusal:
registration is still possible with the parties' written confirmation.

``RightSnapshot`` is what the services fill from ``ipcenter.ip.register.standing_on(right,
day)`` (status, expiry, pledged, invalidation pending, annuities paid up to, freezes in force)
and the rest of the register (holders, cases, consents); nothing here reads the database. An
annuity the register does not know of (no filing day, no payment recorded) is not refused:
the bank's checklist verifies it with CNIPA."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l

from ipcenter.core.errors import InvalidInput
from ipcenter.ip import terms
from ipcenter.pledge.rules import reasons
from ipcenter.pledge.rules.parameters import RIGHT_KINDS
from ipcenter.pledge.rules.reasons import Reason

BASIS_PATENT = "专利权质押登记办法（国家知识产权局令第八号）"
BASIS_TERM = "专利法第四十二条；商标法第三十九条、第四十条"
PATENT_KINDS = frozenset({"invention", "utility_model", "design"})
# The register's statuses (``ipcenter.ip.models.RightStatus``; a test keeps them equal).
STATUSES = ("pending", "valid", "lapsed", "invalidated", "expired")
BASIS_TRADEMARK = "注册商标专用权质押登记程序规定"
# Per kind of right, as data: the registration rules that apply, and whether an annuity is due.
REGISTRATION_BASIS = {**dict.fromkeys(PATENT_KINDS, BASIS_PATENT), "trademark": BASIS_TRADEMARK}
ANNUITY_DUE = {**dict.fromkeys(PATENT_KINDS, True), "trademark": False}


def zh_date(day: date) -> str:
    """2026年3月5日, as the pages write a day."""
    return f"{day.year}年{day.month}月{day.day}日"


def same_name(a: str, b: str) -> bool:
    """Names compared as the register writes them: full-width folded, spaces ignored."""
    def fold(text):
        return "".join(unicodedata.normalize("NFKC", text or "").split())
    return bool(fold(a)) and fold(a) == fold(b)


@dataclass(frozen=True)
class RightSnapshot:
    """One right as the register stands on the day of the check."""

    kind: str
    number: str
    holders: tuple[str, ...]
    status: str
    filed_on: date | None = None
    registered_on: date | None = None      # grant (patents) or registration (trademarks)
    renewals: int = 0
    expires_on: date | None = None          # given, or computed with ``ipcenter.ip.terms``
    annuity_paid: bool | None = True        # None: the register does not know
    annuity_paid_until: date | None = None  # the last day the annuities recorded cover
    frozen: bool = False
    frozen_by: tuple[str, ...] = ()         # each freeze in force: its authority and ruling
    pledged: bool = False
    invalidation_pending: bool = False
    pending_cases: tuple[str, ...] = ()     # the numbers of pending cases involving the right
    consents: frozenset[str] = field(default_factory=frozenset)  # co-owners who consented

    @classmethod
    def from_standing(cls, right, standing, **rest) -> RightSnapshot:
        """The snapshot of a register ``right`` (``ip.models.Right``, read for its kind, number,
        holder and dates) from its ``standing`` on the day (``ip.register.standing_on``); what
        the register's standing does not say (co-holders, annuity, freezes, cases, consents)
        comes in ``rest``."""
        values = {"kind": right.kind, "number": right.number, "holders": (right.holder_name,),
                  "status": standing.status, "filed_on": right.filed_on,
                  "registered_on": right.granted_on, "expires_on": standing.expires_on,
                  "pledged": standing.pledged,
                  "invalidation_pending": standing.invalidation_pending}
        values.update(rest)
        return cls(**values)

    def last_day(self) -> date | None:
        if self.expires_on is not None:
            return self.expires_on
        return terms.expiry(self.kind, filed_on=self.filed_on,
                            registered_on=self.registered_on, renewals=self.renewals)


@dataclass(frozen=True)
class CollateralCheck:
    number: str
    refusals: tuple[Reason, ...]
    warnings: tuple[Reason, ...]

    @property
    def acceptable(self) -> bool:
        return not self.refusals


# Status → the refusal's code and message; a valid right has none.
_STATUS_REFUSALS = {
    "pending": ("not_granted", lambda n: _l("%(number)s is not granted yet.", number=n)),
    "lapsed": ("lapsed", lambda n: _l("%(number)s has lapsed.", number=n)),
    "invalidated": ("invalidated",
                    lambda n: _l("%(number)s has been declared invalid.", number=n)),
    "expired": ("expired", lambda n: _l("%(number)s has expired.", number=n)),
}


def check_right(right: RightSnapshot, *, pledgor: str, loan_ends_on: date) -> CollateralCheck:
    """The refusals and warnings for pledging ``right`` by ``pledgor`` for a loan whose last
    instalment falls on ``loan_ends_on``. Raises ``InvalidInput`` for an unknown kind or
    status."""
    if RIGHT_KINDS.count(right.kind) == 0:
        raise InvalidInput(_l("Only invention, utility model and design patents and registered "
                              "trademarks may be pledged."))
    if right.status not in STATUSES:
        raise InvalidInput(_l("The register's status of %(number)s is not known.",
                              number=right.number))
    loan_ends_on = reasons.day(loan_ends_on, _l("The loan's last day"))
    n = right.number
    refusals, warnings = [], []
    basis = REGISTRATION_BASIS[right.kind]
    is_holder = any(same_name(pledgor, holder) for holder in right.holders)
    if not is_holder:
        refusals.append(Reason("not_holder", _l(
            "%(pledgor)s is not the registered holder of %(number)s.", pledgor=pledgor,
            number=n), basis))
    if right.status in _STATUS_REFUSALS:
        code, message = _STATUS_REFUSALS[right.status]
        refusals.append(Reason(code, message(n), basis))
    if ANNUITY_DUE[right.kind] and right.annuity_paid is False:
        refusals.append(Reason("annuity_unpaid", _l(
            "The annuity of %(number)s is paid only up to %(day)s: it is overdue.", number=n,
            day=zh_date(right.annuity_paid_until)) if right.annuity_paid_until else _l(
            "The annuity of %(number)s is unpaid.", number=n), basis))
    if right.frozen:
        refusals.append(Reason("frozen", _l(
            "%(number)s is frozen: %(orders)s.", number=n, orders="；".join(right.frozen_by))
            if right.frozen_by else _l(
            "%(number)s is frozen (an ownership dispute or a court preservation order).",
            number=n), basis))
    if right.pledged:
        refusals.append(Reason("already_pledged", _l(
            "%(number)s is already pledged.", number=n), basis))
    # The co-owners' consent matters once the pledgor is one of the holders.
    missing = [h for h in right.holders if not same_name(h, pledgor)
               and not any(same_name(h, c) for c in right.consents)]
    if is_holder and missing:
        refusals.append(Reason("co_owner_not_consented", _l(
            "Co-owner(s) of %(number)s have not consented: %(names)s.", number=n,
            names="、".join(missing)), basis))
    last = right.last_day()
    if last is None:
        refusals.append(Reason("term_unknown", _l(
            "The last day of %(number)s is not known (no filing or registration date).",
            number=n), BASIS_TERM))
    elif loan_ends_on > last:
        refusals.append(Reason("outlasts_right", _l(
            "The loan ends on %(loan)s, after %(number)s ends on %(last)s.",
            loan=loan_ends_on.isoformat(), number=n, last=last.isoformat()), BASIS_TERM))
    if right.invalidation_pending:
        warnings.append(Reason("invalidation_pending", _l(
            "A request to invalidate %(number)s is pending: registration needs the parties' "
            "written confirmation.", number=n), basis))
    if right.pending_cases:
        warnings.append(Reason("case_pending", _l(
            "%(number)s is involved in pending case(s) %(cases)s: registration needs the "
            "parties' written confirmation.", number=n, cases="、".join(right.pending_cases)),
            basis))
    return CollateralCheck(n, tuple(refusals), tuple(warnings))


def check_rights(rights, *, pledgor: str, loan_ends_on: date) -> tuple[CollateralCheck, ...]:
    """``check_right`` for each right of one application; the same right named twice is
    refused the second time. Raises ``InvalidInput`` when no right is named."""
    rights = tuple(rights)
    if not rights:
        raise InvalidInput(_l("Name at least one right to pledge."))
    seen, result = set(), []
    for right in rights:
        checked = check_right(right, pledgor=pledgor, loan_ends_on=loan_ends_on)
        key = (right.kind, right.number)
        if key in seen:
            checked = CollateralCheck(checked.number, checked.refusals + (Reason(
                "named_twice", _l("%(number)s is named twice in this application.",
                                  number=right.number)),), checked.warnings)
        seen.add(key)
        result.append(checked)
    return tuple(result)
