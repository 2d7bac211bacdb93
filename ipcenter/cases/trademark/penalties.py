"""Trademark-infringement penalties (商标侵权行政处罚) as pure functions over dates and money.

DOMAIN.md §2. Every figure is versioned data with its legal basis: a table of rule sets, each
with the date it took effect, from which the set in force on a given day is picked.

- Fine range, 商标法 Art. 60 ¶2: illegal turnover (违法经营额) of ¥50,000 or more → a fine of up
  to 5× the turnover; none, or less than ¥50,000 → up to ¥250,000. The law sets no floor ("可以
  处……以下的罚款"), so the minimum is 0; the order to stop is always made.
- Heavier penalty (从重), same paragraph: two or more infringements within five years of the
  acts, or other serious circumstances. The range stays the statutory one; the proposal must
  lie in its heavier band, dated data from the SAMR discretion guidance (DISCRETION_BANDS).
- Innocent seller, same paragraph, last sentence: only an order to stop selling.
- Late payment, 行政处罚法 Art. 67 and Art. 72: 15 days to pay; 3% of the fine a day after that,
  never more than the fine itself.
- Hearing right, 行政处罚法 Art. 63 and the SAMR hearing rules (较大数额).

Money is ``decimal.Decimal`` in 元 with two decimals, read by ``ipcenter.core.money.amount``:
amounts with more than two decimals, negative amounts and floats are refused (``ValueError`` /
``TypeError``) with an English message that the caller translates. Nothing here imports Flask
or the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from enum import StrEnum

from ipcenter.core import money as core_money
from ipcenter.core.deadlines import Due, add_months, due_date
from ipcenter.core.money import CENT, ZERO, Amount
from ipcenter.core.workdays import WorkdayCalendar

# The one rule for an amount (``ipcenter.core.money``): to the fen, finite, not negative.
money = core_money.amount


def _pick(rules: Iterable, on: date, what: str):
    """The rule set in force on ``on``: the latest ``effective_from`` not after it."""
    in_force = [r for r in rules if r.effective_from <= on]
    if not in_force:
        first = min((r.effective_from for r in rules), default=None)
        raise ValueError(f"no {what} in force on {on.isoformat()}"
                         + (f" (the data starts on {first.isoformat()})" if first else ""))
    return max(in_force, key=lambda r: r.effective_from)


# ---------------------------------------------------------------------------------------------
# Fine range (商标法 Art. 60 ¶2)

@dataclass(frozen=True)
class FineRules:
    """One version of 商标法 Art. 60 ¶2. The Chinese texts are what the decision cites."""

    effective_from: date
    turnover_threshold: Decimal
    turnover_multiple: Decimal
    flat_maximum: Decimal
    repeat_years: int
    basis_turnover: str
    basis_flat: str
    basis_heavier: str
    basis_innocent: str
    basis_measures: str


_ART60 = "《中华人民共和国商标法》第六十条第二款"

FINE_RULES: tuple[FineRules, ...] = (
    # 商标法 as revised in 2013 (in force 2014-05-01); the 2019 revision left Art. 60 unchanged.
    # The 2001 text (3× turnover / ¥100,000 under the old 实施条例 Art. 52) is not carried: the
    # centre decides no case on it, and a date before 2014-05-01 raises.
    FineRules(
        effective_from=date(2014, 5, 1),
        turnover_threshold=Decimal("50000.00"),
        turnover_multiple=Decimal(5),
        flat_maximum=Decimal("250000.00"),
        repeat_years=5,
        basis_turnover=f"{_ART60}：违法经营额五万元以上的，可以处违法经营额五倍以下的罚款",
        basis_flat=f"{_ART60}：没有违法经营额或者违法经营额不足五万元的，可以处二十五万元以下的罚款",
        basis_heavier=f"{_ART60}：对五年内实施两次以上商标侵权行为或者有其他严重情节的，应当从重处罚",
        basis_innocent=(f"{_ART60}：销售不知道是侵犯注册商标专用权的商品，能证明该商品是自己合法取得"
                        "并说明提供者的，由市场监督管理部门责令停止销售"),
        basis_measures=(f"{_ART60}：责令立即停止侵权行为，没收、销毁侵权商品和主要用于制造侵权商品、"
                        "伪造注册商标标识的工具"),
    ),
)


def fine_rules_on(on: date, rules: Iterable[FineRules] = FINE_RULES) -> FineRules:
    """The version of Art. 60 ¶2 in force on ``on``. Raises ``ValueError`` before the data."""
    return _pick(tuple(rules), on, "fine rules (商标法第六十条)")


@dataclass(frozen=True)
class DiscretionBands:
    """One version of the discretion bands (行政处罚裁量) inside a range that sets only a
    maximum (商标法 Art. 60 ¶2: "……以下的罚款"). Shares of the span from the minimum (0) to the
    maximum: a heavier penalty (从重) lies at or above ``heavier_from``, a lighter one (从轻)
    below ``lighter_below``. Picked by the day of the decision (a rule of how the body decides,
    not of the offence)."""

    effective_from: date
    heavier_from: Decimal
    lighter_below: Decimal
    basis: str
    checked: bool  # whether the figures were checked against the text of ``basis``


_SAMR_2022 = "《市场监管总局关于规范市场监督管理行政处罚裁量权的指导意见》（国市监法规〔2022〕2号）"

DISCRETION_BANDS: tuple[DiscretionBands, ...] = (
    # 国市监法规〔2022〕2号, adopted 2022-09-28 and issued 2022-10-08. Its bands are read as
    # "从重 above, 从轻 below the middle of the range" — the rule for ranges with both ends.
    # How it treats a range with only a maximum was not checked against its text (checked is
    # False): replace these figures with a dated set once the text is at hand.
    DiscretionBands(
        effective_from=date(2022, 10, 8),
        heavier_from=Decimal("0.5"),
        lighter_below=Decimal("0.5"),
        basis=f"{_SAMR_2022}：从重处罚应当在依法可以选择的处罚幅度的中间值以上确定",
        checked=False,
    ),
)

# Kept for callers that set the share themselves; the default comes from DISCRETION_BANDS.
HEAVIER_SHARE = DISCRETION_BANDS[-1].heavier_from


def discretion_bands_on(on: date, bands: Iterable[DiscretionBands] = DISCRETION_BANDS
                        ) -> DiscretionBands:
    """The discretion bands in force on ``on``; before the first set, the first set (the
    centre decides no earlier case on other bands). Raises ``ValueError`` for no data."""
    bands = tuple(bands)
    if not bands:
        raise ValueError("no discretion bands")
    in_force = [b for b in bands if b.effective_from <= on]
    return max(in_force or bands[:1], key=lambda b: b.effective_from)


@dataclass(frozen=True)
class Measure:
    """A measure the decision orders besides the fine, with its Chinese label."""

    code: str
    label: str
    basis: str


@dataclass(frozen=True)
class SellerDefence:
    """The three findings of the innocent-seller rule (商标法 Art. 60 ¶2, last sentence).

    Only a seller may invoke it; the caller passes it for sellers only. The officer makes the
    findings: 商标侵权判断标准 lists circumstances (a price far below the market, missing
    accounts, a repeat after earlier handling …) in which "did not know" cannot be found."""

    did_not_know: bool
    lawful_acquisition_proven: bool
    supplier_named: bool

    @property
    def applies(self) -> bool:
        return self.did_not_know and self.lawful_acquisition_proven and self.supplier_named


@dataclass(frozen=True)
class FineRange:
    """The fine the decision may impose, with the measures that always go with it.

    ``proposal_floor`` is ``minimum`` unless ``heavier``, when it is the start of the heavy end.
    ``order_only`` (innocent seller): no fine, no confiscation; the range is (0, 0)."""

    minimum: Decimal
    maximum: Decimal
    basis: str
    heavier: bool = False
    heavier_basis: str = ""
    order_only: bool = False
    proposal_floor: Decimal = ZERO
    measures: tuple[Measure, ...] = ()
    turnover: Decimal | None = None
    effective_from: date | None = None
    band_basis: str = ""


def measures(rules: FineRules, *, order_only: bool = False) -> tuple[Measure, ...]:
    """The non-fine measures: stop, and confiscate and destroy goods and tools; an innocent
    seller is only ordered to stop selling."""
    if order_only:
        return (Measure("stop_selling", "责令停止销售", rules.basis_innocent),)
    return (
        Measure("stop", "责令立即停止侵权行为", rules.basis_measures),
        Measure("confiscate_goods", "没收、销毁侵权商品", rules.basis_measures),
        Measure("confiscate_tools", "没收、销毁主要用于制造侵权商品、伪造注册商标标识的工具",
                rules.basis_measures),
    )


def _maximum(rules: FineRules, turnover: Decimal | None) -> tuple[Decimal, str]:
    # Exactly ¥50,000 is "五万元以上" (以上 includes the figure): 5 × 50,000 = 250,000.
    if turnover is not None and turnover >= rules.turnover_threshold:
        return (turnover * rules.turnover_multiple).quantize(CENT), rules.basis_turnover
    return rules.flat_maximum, rules.basis_flat


def _rules_for(turnover: Decimal | None, on: date, act_on: date | None,
               rules: tuple[FineRules, ...]) -> FineRules:
    # 行政处罚法 Art. 37: the law in force when the act was committed applies, unless the law in
    # force at the decision is lighter (从旧兼从轻). Without the act date: the decision date.
    at_decision = fine_rules_on(on, rules)
    if act_on is None:
        return at_decision
    at_act = fine_rules_on(act_on, rules)
    if _maximum(at_decision, turnover)[0] < _maximum(at_act, turnover)[0]:
        return at_decision
    return at_act


def repeat_window_start(on: date, years: int = 5) -> date:
    """The first day of the ``years``-year window ending on ``on``: the same calendar day
    ``years`` earlier (29 February → 28 February in a common year)."""
    return add_months(on, -12 * years)


def is_repeat(on: date, earlier: Iterable[date], *,
              rules: Iterable[FineRules] = FINE_RULES) -> bool:
    """Whether the current infringement is the second or later within five years (商标法
    Art. 60 ¶2 "五年内实施两次以上商标侵权行为").

    The window is anchored on when the acts were done, not on when the fine is proposed:
    ``on`` is the first day of the current acts, ``earlier`` the days of the earlier
    infringing acts of the same party that a decision found to infringe a *trademark*
    (Art. 60 counts 商标侵权行为 only). The current act counts as one, so a single earlier act in
    the window is enough. The window is ``[on − 5 years, on]``, both ends included: an act on
    the same calendar day five years before counts, one the day before does not. Acts after
    ``on`` belong to no earlier infringement and are ignored."""
    years = fine_rules_on(on, rules).repeat_years
    start = repeat_window_start(on, years)
    return any(start <= d <= on for d in earlier)


def fine_range(turnover: Amount | None, *, on: date, act_on: date | None = None,
               repeat: bool = False, other_serious: bool = False,
               seller: SellerDefence | None = None, heavier_share: Decimal | None = None,
               rules: Iterable[FineRules] = FINE_RULES,
               bands: Iterable[DiscretionBands] = DISCRETION_BANDS) -> FineRange:
    """The fine range of 商标法 Art. 60 ¶2 for a decision made on ``on``.

    ``turnover`` is the illegal turnover (违法经营额) or ``None`` when there is none. ``repeat``
    comes from ``is_repeat``; ``other_serious`` is the officer's finding of 其他严重情节. Either
    makes the penalty heavier: same range, proposal at least ``proposal_floor``, the start of
    the heavier band of the discretion bands in force on ``on`` (``heavier_share`` overrides
    it). A ``seller``
    whose three findings hold is only ordered to stop selling: range (0, 0), ``order_only``
    (the heavier rule then has nothing to act on and is not flagged). ``act_on``, the date of
    the act, applies 从旧兼从轻 across rule versions.

    Raises ``ValueError`` for a bad amount, a share outside [0, 1], or a date before the data."""
    amount = None if turnover is None else money(turnover, "illegal turnover")
    band = discretion_bands_on(on, bands)
    heavier_share = band.heavier_from if heavier_share is None else Decimal(heavier_share)
    if not Decimal(0) <= heavier_share <= Decimal(1):
        raise ValueError("the heavier-penalty share must be between 0 and 1")
    version = _rules_for(amount, on, act_on, tuple(rules))
    if seller is not None and seller.applies:
        return FineRange(ZERO, ZERO, version.basis_innocent, order_only=True,
                         measures=measures(version, order_only=True), turnover=amount,
                         effective_from=version.effective_from)
    maximum, basis = _maximum(version, amount)
    minimum = ZERO
    heavier = repeat or other_serious
    floor = minimum
    if heavier:
        # Rounded up to the fen so that the floor itself is a valid, payable proposal.
        floor = (minimum + heavier_share * (maximum - minimum)).quantize(CENT, ROUND_CEILING)
    return FineRange(minimum, maximum, basis, heavier=heavier,
                     heavier_basis=version.basis_heavier if heavier else "",
                     band_basis=band.basis if heavier else "",
                     proposal_floor=floor, measures=measures(version), turnover=amount,
                     effective_from=version.effective_from)


def check_proposed_fine(proposal: Amount, allowed: FineRange) -> None:
    """Refuse a proposed fine outside ``allowed``.

    Raises ``ValueError`` with the reason: a fine on an innocent seller, a fine below the
    minimum or above the maximum, or — when the penalty is heavier — below the heavy end; and
    for a malformed amount (see ``money``)."""
    fine = money(proposal, "proposed fine")
    if allowed.order_only:
        if fine:
            raise ValueError("an innocent seller is only ordered to stop selling: no fine "
                             "may be imposed")
        return
    if fine < allowed.minimum:
        raise ValueError(f"the fine {fine} is below the minimum {allowed.minimum}")
    if fine > allowed.maximum:
        raise ValueError(f"the fine {fine} exceeds the maximum {allowed.maximum}")
    if allowed.heavier and fine < allowed.proposal_floor:
        raise ValueError(f"a heavier penalty must be in the upper part of the range: at least "
                         f"{allowed.proposal_floor} (maximum {allowed.maximum})")


# ---------------------------------------------------------------------------------------------
# Payment and late-payment surcharge (行政处罚法 Art. 67, Art. 72)

# 15 calendar days from service of the decision (Art. 85 reads only 二、三、五、七日 as working
# days); a last day on a holiday or weekend moves to the next working day (deadlines.due_date).
PAYMENT_PERIOD = "15d"  # the period of the payment clock (``trademark_workflow.DEADLINES``)
PAYMENT_BASIS = ("《中华人民共和国行政处罚法》第六十七条第三款："
                 "当事人应当自收到行政处罚决定书之日起十五日内缴纳罚款")
SURCHARGE_DAILY_RATE = Decimal("0.03")
SURCHARGE_BASIS = ("《中华人民共和国行政处罚法》第七十二条第一款第（一）项：到期不缴纳罚款的，"
                   "每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出罚款的数额")


def payment_due_on(served_on: date, cal: WorkdayCalendar, *, strict: bool = False) -> Due:
    """The last day to pay a fine for a decision served on ``served_on``."""
    return due_date(served_on, PAYMENT_PERIOD, cal, strict=strict)


def days_late(due_on: date, on: date) -> int:
    """Whole days after the due day up to ``on``; 0 on or before the due day."""
    return max(0, (on - due_on).days)


def surcharge(fine: Amount, due_on: date, paid_on: date, *,
              daily_rate: Decimal = SURCHARGE_DAILY_RATE) -> Decimal:
    """The 加处罚款 for a fine due on ``due_on`` and paid (or reckoned) on ``paid_on``.

    3% of the fine for each day after the due day (paying on the due day costs nothing), at
    most the fine itself; computed on the total and rounded half-up to the fen once. Raises
    ``ValueError`` for a malformed fine."""
    amount = money(fine, "fine")
    total = amount * Decimal(daily_rate) * days_late(due_on, paid_on)
    return min(total, amount).quantize(CENT, ROUND_HALF_UP)


# ---------------------------------------------------------------------------------------------
# Hearing right (较大数额)

class PartyKind(StrEnum):
    NATURAL_PERSON = "natural_person"
    INDIVIDUAL_BUSINESS = "individual_business"  # 个体工商户
    ORGANISATION = "organisation"  # 法人或者其他组织

    @classmethod
    def _missing_(cls, value):
        # The trademark case model stores a natural person as "person".
        return cls.NATURAL_PERSON if value == "person" else None


@dataclass(frozen=True)
class HearingThresholds:
    """The 较大数额 above which the party may ask for a hearing. A province may set its own
    (some Guangdong rules use ¥5,000 for natural persons): add a set or pass ``rules``."""

    effective_from: date
    natural_person: Decimal
    organisation: Decimal
    basis: str


HEARING_THRESHOLDS: tuple[HearingThresholds, ...] = (
    # DOMAIN.md §2 [S]; taken as in force with the 2021 SAMR procedure rules (2021-07-15).
    HearingThresholds(
        effective_from=date(2021, 7, 15),
        natural_person=Decimal("10000.00"),
        organisation=Decimal("100000.00"),
        basis=("《中华人民共和国行政处罚法》第六十三条；《市场监督管理行政处罚听证办法》第五条：对自然人处以"
               "一万元以上、对法人或者其他组织处以十万元以上罚款，或者没收违法所得和非法财物价值总额达到上述数额"),
    ),
)


def hearing_thresholds_on(on: date, rules: Iterable[HearingThresholds] = HEARING_THRESHOLDS
                          ) -> HearingThresholds:
    """The hearing thresholds in force on ``on``. Raises ``ValueError`` before the data."""
    return _pick(tuple(rules), on, "hearing thresholds")


def hearing_right(party_kind: PartyKind | str, fine: Amount, confiscated_value: Amount, *,
                  on: date, rules: Iterable[HearingThresholds] = HEARING_THRESHOLDS) -> bool:
    """Whether the proposed penalty gives the party the right to a hearing: the fine, or the
    value of the illegal gains and goods confiscated, reaches the threshold ("以上": equal
    counts). ``on`` is the day of the advance notice (告知).

    A 个体工商户 is measured as a natural person (民法典 puts it in the chapter on natural
    persons, and the lower threshold errs toward offering a hearing: denying one that was due
    is a procedural defect that can void the decision, 行政处罚法 Art. 38). Raises
    ``ValueError`` for an unknown party kind or a malformed amount."""
    try:
        kind = PartyKind(party_kind)
    except ValueError:
        raise ValueError(f"unknown party kind: {party_kind!r}") from None
    thresholds = hearing_thresholds_on(on, rules)
    limit = (thresholds.organisation if kind is PartyKind.ORGANISATION
             else thresholds.natural_person)
    return (money(fine, "fine") >= limit
            or money(confiscated_value, "confiscated value") >= limit)


# ---------------------------------------------------------------------------------------------
# The item of 商标法 Art. 57 infringed (the decision names it)

ARTICLE57 = "《中华人民共和国商标法》第五十七条"
ARTICLE57_ITEMS = {
    1: "未经商标注册人的许可，在同一种商品上使用与其注册商标相同的商标的",
    2: ("未经商标注册人的许可，在同一种商品上使用与其注册商标近似的商标，或者在类似商品上使用与其"
        "注册商标相同或者近似的商标，容易导致混淆的"),
    3: "销售侵犯注册商标专用权的商品的",
    4: "伪造、擅自制造他人注册商标标识或者销售伪造、擅自制造的注册商标标识的",
}


def article57_item(conduct: str, identity: str | None) -> int:
    """The item of 商标法 Art. 57 a finding comes under: using the identical mark on the same
    goods (1), a similar mark or similar goods (2), selling infringing goods (3), labels (4).
    Raises ``ValueError`` for an unknown conduct or, for use, an unknown identity finding."""
    if conduct == "sell":
        return 3
    if conduct == "labels":
        return 4
    if conduct == "use" and identity in ("identical", "similar"):
        return 1 if identity == "identical" else 2
    raise ValueError(f"no item of Art. 57 for conduct {conduct!r} and identity {identity!r}")
