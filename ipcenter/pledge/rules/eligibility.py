"""Whether a firm may borrow under the pool (入池审核), 中市监〔2021〕216号 as parameters
(``parameters``): registered in Zhongshan, an enterprise, ≥ 1 year in business, SME, no bad
credit record in the last years, funds for an allowed use. Every failed criterion is named;
priority (优先支持) goes to firms with recorded transfers or licences of rights from
universities or state-owned enterprises.

The SME finding (工信部联企业〔2011〕300号, thresholds per industry) is the fund manager's, passed
in as ``is_sme``; the credit records are the dates of bad records in the PBOC credit report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from ipcenter.core.errors import InvalidInput
from ipcenter.ip import terms, uscc
from ipcenter.pledge.rules import reasons
from ipcenter.pledge.rules.parameters import Parameters, as_of
from ipcenter.pledge.rules.reasons import Reason

SME_BASIS = "工信部联企业〔2011〕300号（中小企业划型标准规定）"
USE_LABELS = {
    "research": _l("research and development"),
    "industrialisation": _l("industrialisation of results"),
    "working_capital": _l("working capital for production"),
}


@dataclass(frozen=True)
class Borrower:
    """What the application and the credit report say of the firm."""

    uscc: str
    established_on: date
    is_sme: bool
    use_of_funds: str
    bad_credit_on: tuple[date, ...] = ()
    # Recorded (备案) transfer or licence of a right from a university or an SOE.
    rights_from_university_or_soe: bool = False


@dataclass(frozen=True)
class Eligibility:
    failures: tuple[Reason, ...]
    priority: bool

    @property
    def eligible(self) -> bool:
        return not self.failures


def in_business_since(established_on: date, day: date, years: int) -> bool:
    """Whether ``years`` full years have passed from ``established_on`` to ``day``: the
    anniversary itself counts (established 2025-06-01 → one year on 2026-06-01)."""
    return day >= terms.anniversary(established_on, years)


def credit_window_start(day: date, years: int) -> date:
    """The first day of the ``years`` before ``day``: the same calendar day, both ends inside."""
    return terms.anniversary(day, -years)


def check(borrower: Borrower, day: date, params: Parameters | None = None) -> Eligibility:
    """Every criterion ``borrower`` fails on ``day``, and whether it has priority.

    Raises ``InvalidInput`` for a malformed code or a firm established after ``day``."""
    day = reasons.day(day, _l("The day of the check"))
    p = params or as_of(day)
    code = uscc.normalise(borrower.uscc)
    if not uscc.is_valid(code):
        raise InvalidInput(_l("The unified social credit code is not valid (18 characters with "
                              "a correct check character)."))
    established = reasons.day(borrower.established_on, _l("The day the firm was established"))
    if established > day:
        raise InvalidInput(_l("The firm cannot have been established after the day of the "
                              "check."))
    failures = []
    if not code[2:8].startswith(p.region_prefix):
        failures.append(Reason("not_in_zhongshan", _l(
            "The firm is not registered in Zhongshan (its credit code's division code is "
            "%(code)s).", code=code[2:8]), p.basis("region_prefix")))
    if code[:2] not in p.registration_kinds:
        failures.append(Reason("not_an_enterprise", _l(
            "The firm is not an enterprise registered with the market regulator."),
            p.basis("registration_kinds")))
    if not in_business_since(established, day, p.min_years_in_business):
        failures.append(Reason("too_young", _l(
            "The firm has been in business for less than %(years)s year(s) (established on "
            "%(day)s).", years=p.min_years_in_business, day=established.isoformat()),
            p.basis("min_years_in_business")))
    if not borrower.is_sme:
        failures.append(Reason("not_sme", _l(
            "The firm is not a small or medium-sized enterprise."), SME_BASIS))
    records = [reasons.day(d, _l("The day of a bad credit record"))
               for d in borrower.bad_credit_on]
    start = credit_window_start(day, p.credit_years)
    bad = sorted(d for d in records if start <= d <= day)
    if bad:
        failures.append(Reason("bad_credit", _l(
            "The firm has a bad credit record within %(years)s years (on %(day)s).",
            years=p.credit_years, day=bad[-1].isoformat()), p.basis("credit_years")))
    if borrower.use_of_funds not in p.allowed_uses:
        failures.append(Reason("use_not_allowed", _l(
            "The loan may only be used for: %(uses)s.",
            uses=reasons.lazy_join([USE_LABELS.get(u, u) for u in p.allowed_uses], "、")),
            p.basis("allowed_uses")))
    return Eligibility(tuple(failures), bool(borrower.rights_from_university_or_soe))
