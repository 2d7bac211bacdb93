"""The pledge scheme's figures as versioned data: each a ``Figure`` with the day it took effect,
its basis, and whether it comes from a checked text (``RULE``) or is the centre's own
configurable choice (``CENTRE``, not law). ``as_of(day)`` gives the figures in force on a day.

To change a figure, add a version with its effective day and basis to ``FIGURES`` (never edit a
version in place: decisions already made cite it); a service may also pass its own table.

From 中山市企业知识产权质押融资贷款风险补偿办法（2021年修订）, 中市监〔2021〕216号, 2021-09-10
(DOMAIN.md §4) and the centre's report:

- ``firm_cap`` ¥10,000,000 per firm across its open loans (the centre's report: 最高1000万元).
- ``loss_shares`` pool : bank : insurer : valuer = 54 : 26 : 16 : 4 (CNIPA case, 2025-01).
- ``leverage`` 10: covered lending up to 10 × the pool's balance; the pool's liability is
  capped at its balance.
- ``pool_central`` ¥40m + ``pool_city`` ¥30m = the ¥70m pool (its *balance* is the ledger's sum,
  never a figure here).
- Eligibility: registered in Zhongshan (行政区划代码 442000: the USCC's division code starts
  4420), an enterprise registered with the market regulator (USCC ``91``), ≥ 1 year in business,
  SME (工信部联企业〔2011〕300号), no bad credit record in 3 years, loan for R&D,
  industrialisation or working capital. DOMAIN.md checked these criteria in Guangzhou's 办法; the
  Zhongshan text was not read clause by clause, so they are marked ``checked=False``.

The centre's own choices (``CENTRE``), each to be confirmed by the fund manager:

- ``ltv_shares`` (质押率) per kind of right: invention 50%, utility model 40%, design 30%,
  trademark 40% of the valuation. Market practice, not law; a bank may set lower.
- ``default_days`` 90: days an instalment is overdue before the loan is in default — the
  banks' non-performing threshold (贷款风险分类: 逾期90天以上); DOMAIN.md did not confirm
  Zhongshan's trigger.
- ``interest_in_loss`` False: the loss shared is the unpaid principal only, unless changed.
- Subsidies off (shares and caps 0). Examples in DOMAIN.md: Nansha 50% of valuation fees and
  50% of interest up to ¥1m; other cities interest support capped at ¥360k a year and
  valuation-fee support capped at ¥60k.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from flask_babel import lazy_gettext as _l

from ipcenter.core.errors import InvalidInput
from ipcenter.pledge.rules import reasons

RULE = "rule"       # from a text DOMAIN.md cites
CENTRE = "centre"   # the centre's configurable choice, not law

RIGHT_KINDS = ("invention", "utility_model", "design", "trademark")
PARTIES = ("pool", "bank", "insurer", "valuer")
USES = ("research", "industrialisation", "working_capital")

BASIS_216 = "中市监〔2021〕216号（中山市企业知识产权质押融资贷款风险补偿办法，2021年修订）"
DAY_216 = date(2021, 9, 10)


@dataclass(frozen=True)
class Figure:
    """One version of one figure."""

    value: object
    effective_from: date
    basis: str
    source: str = RULE
    checked: bool = True   # False: the basis named was not read for this exact figure


def _f(value, basis=BASIS_216, source=RULE, checked=True, on=DAY_216):
    return Figure(value, on, basis, source, checked)


_CENTRE = "中心参数（可配置，非法定）"

# name → its versions (any order; ``as_of`` picks the latest in force).
FIGURES: dict[str, tuple[Figure, ...]] = {
    "firm_cap": (_f(Decimal("10000000.00"), f"{BASIS_216}；中心年度报告：单户最高1000万元"),),
    "loss_shares": (_f(MappingProxyType({"pool": 54, "bank": 26, "insurer": 16, "valuer": 4}),
                       f"{BASIS_216}；国家知识产权局典型案例（2025年1月）：54∶26∶16∶4"),),
    "leverage": (_f(10, f"{BASIS_216}：风险补偿资金放大10倍"),),
    "pool_central": (_f(Decimal("40000000.00"), f"{BASIS_216}：中央财政资金4000万元"),),
    "pool_city": (_f(Decimal("30000000.00"), f"{BASIS_216}：市级财政资金3000万元"),),
    "ltv_shares": (_f(MappingProxyType({"invention": Decimal("0.50"),
                                        "utility_model": Decimal("0.40"),
                                        "design": Decimal("0.30"),
                                        "trademark": Decimal("0.40")}),
                      f"{_CENTRE}：质押率，银行可设更低", CENTRE),),
    "default_days": (_f(90, f"{_CENTRE}：逾期90天视为违约（参照贷款风险分类）；216号未核实",
                        CENTRE, checked=False),),
    "interest_in_loss": (_f(False, f"{_CENTRE}：损失仅计未偿本金", CENTRE, checked=False),),
    "region_prefix": (_f("4420", "GB/T 2260：中山市 442000；统一社会信用代码第3–8位",
                         checked=False),),
    "registration_kinds": (_f(("91",), "GB 32100-2015：登记管理部门9（市场监管）、机构类别1（企业）",
                              checked=False),),
    "min_years_in_business": (_f(1, f"{BASIS_216}：注册满1年（参照广州办法）", checked=False),),
    "credit_years": (_f(3, f"{BASIS_216}：近3年无不良信用记录（参照广州办法）", checked=False),),
    "allowed_uses": (_f(USES, f"{BASIS_216}：用于研发、成果转化或生产经营（参照广州办法）",
                        checked=False),),
    "interest_subsidy_share": (_f(Decimal(0), f"{_CENTRE}：贴息比例，默认不开放", CENTRE),),
    "interest_subsidy_yearly_cap": (_f(Decimal("0.00"), f"{_CENTRE}：贴息年度上限", CENTRE),),
    "valuation_subsidy_share": (_f(Decimal(0), f"{_CENTRE}：评估费补贴比例，默认不开放",
                                   CENTRE),),
    "valuation_subsidy_cap": (_f(Decimal("0.00"), f"{_CENTRE}：评估费补贴上限", CENTRE),),
}


@dataclass(frozen=True)
class Parameters:
    """The figures in force on one day; ``figures`` keeps each one's version and basis."""

    day: date
    firm_cap: Decimal
    loss_shares: MappingProxyType
    leverage: int
    pool_central: Decimal
    pool_city: Decimal
    ltv_shares: MappingProxyType
    default_days: int
    interest_in_loss: bool
    region_prefix: str
    registration_kinds: tuple
    min_years_in_business: int
    credit_years: int
    allowed_uses: tuple
    interest_subsidy_share: Decimal
    interest_subsidy_yearly_cap: Decimal
    valuation_subsidy_share: Decimal
    valuation_subsidy_cap: Decimal
    figures: MappingProxyType

    @property
    def pool_size(self) -> Decimal:
        """The pool as endowed (central + city), not its balance."""
        return self.pool_central + self.pool_city

    def basis(self, name: str) -> str:
        return self.figures[name].basis


NAMES = tuple(f.name for f in fields(Parameters) if f.name not in ("day", "figures"))


def as_of(day: date, table: dict[str, tuple[Figure, ...]] | None = None) -> Parameters:
    """The figures in force on ``day``: for each, the version with the latest effective day not
    after ``day``. Raises ``InvalidInput`` for a day before a figure's first version."""
    day = reasons.day(day, _l("The day of the check"))
    table = FIGURES if table is None else table
    chosen = {}
    for name in NAMES:
        in_force = [v for v in table[name] if v.effective_from <= day]
        if not in_force:
            first = min(v.effective_from for v in table[name])
            raise InvalidInput(_l("No pledge financing rules were in force on %(day)s (they "
                                  "start on %(first)s).", day=day.isoformat(),
                                  first=first.isoformat()))
        chosen[name] = max(in_force, key=lambda v: v.effective_from)
    return Parameters(day=day, figures=MappingProxyType(chosen),
                      **{name: figure.value for name, figure in chosen.items()})
