"""Criminal-referral thresholds for trademark cases (涉嫌犯罪案件移送), as versioned data.

DOMAIN.md §2. An enforcement body that finds facts reaching a crime's prosecution threshold must
transfer the case to the police (行政执法机关移送涉嫌犯罪案件的规定, 国务院令第310号, Art. 3; a
failure to do so is itself an offence, 刑法 Art. 402). The thresholds:

- 刑法 Art. 213, use of an identical mark (假冒注册商标罪): turnover (非法经营数额) ≥ ¥50,000 or
  illegal gains (违法所得) ≥ ¥30,000; with two or more marks ¥30,000 / ¥20,000.
- Art. 214, selling (销售假冒注册商标的商品罪): gains ≥ ¥30,000 or sales ≥ ¥50,000 (法释〔2025〕5号,
  from 2025-04-26); unsold stock ≥ ¥150,000, alone or with the sales, is punished as an attempt.
- Art. 215, labels (非法制造、销售非法制造的注册商标标识罪): ≥ 20,000 pieces, turnover ≥ ¥50,000
  or gains ≥ ¥30,000; with two or more marks 10,000 pieces / ¥30,000 / ¥20,000.

"以上" includes the figure itself. Each set carries the date it took effect; ``assess`` picks the
set in force on the day of the assessment (a judicial interpretation applies to cases still
being handled when it takes effect). Pure: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from ipcenter.cases.trademark.penalties import money


class Conduct(StrEnum):
    USE = "use"  # 刑法第二百一十三条
    SELL = "sell"  # 第二百一十四条
    LABELS = "labels"  # 第二百一十五条


# The figures an assessment may use, with the name the refusal message gives them.
FIGURE_NAMES = {
    "turnover": "illegal turnover (非法经营数额)",
    "gains": "illegal gains (违法所得数额)",
    "sales": "sales (销售金额)",
    "unsold_stock": "value of the unsold stock (尚未销售的货值金额)",
    "label_pieces": "number of label pieces (标识件数)",
    "marks": "number of registered marks (注册商标种数)",
}
_MONEY = ("turnover", "gains", "sales", "unsold_stock")
_COUNTS = ("label_pieces", "marks")


@dataclass(frozen=True)
class Figures:
    """What the investigation established. ``None`` means "not established": give ``0`` for
    "established to be nil". Amounts in 元 (two decimals at most), counts as whole numbers."""

    conduct: Conduct | str
    turnover: Decimal | int | str | None = None
    gains: Decimal | int | str | None = None
    sales: Decimal | int | str | None = None
    unsold_stock: Decimal | int | str | None = None
    marks: int | str | None = None
    label_pieces: int | str | None = None


@dataclass(frozen=True)
class Threshold:
    """One prosecution threshold: the sum of ``figures`` reaches ``amount`` (when at least
    ``min_marks`` marks are involved). ``label`` and ``basis`` are what the case page shows."""

    figures: tuple[str, ...]
    amount: Decimal
    label: str
    basis: str
    min_marks: int = 1
    attempt: bool = False


@dataclass(frozen=True)
class ThresholdSet:
    conduct: Conduct
    effective_from: date
    offence: str
    basis: str
    thresholds: tuple[Threshold, ...]


def _t(figures, amount, label, basis, min_marks=1, attempt=False) -> Threshold:
    figures = (figures,) if isinstance(figures, str) else tuple(figures)
    return Threshold(figures, Decimal(amount), label, basis, min_marks, attempt)


_STANDARD2 = "《最高人民检察院 公安部关于公安机关管辖的刑事案件立案追诉标准的规定（二）》"
_ART69 = f"{_STANDARD2}第六十九条"
_ART71 = f"{_STANDARD2}第七十一条"
_FS2025 = ("《最高人民法院 最高人民检察院关于办理侵犯知识产权刑事案件适用法律若干问题的解释》"
           "（法释〔2025〕5号）第五条")

THRESHOLD_SETS: tuple[ThresholdSet, ...] = (
    # Art. 213 and Art. 215 as amended by 刑法修正案（十一） (in force 2021-03-01) with the figures
    # of 立案追诉标准（二）. The data starts there; an earlier date raises.
    ThresholdSet(
        Conduct.USE, date(2021, 3, 1), "假冒注册商标罪（《中华人民共和国刑法》第二百一十三条）",
        f"《中华人民共和国刑法》第二百一十三条；{_ART69}",
        (
            _t("turnover", "50000", "非法经营数额在五万元以上", _ART69 + "第（一）项"),
            _t("gains", "30000", "违法所得数额在三万元以上", _ART69 + "第（一）项"),
            _t("turnover", "30000", "假冒两种以上注册商标，非法经营数额在三万元以上",
               _ART69 + "第（二）项", min_marks=2),
            _t("gains", "20000", "假冒两种以上注册商标，违法所得数额在二万元以上",
               _ART69 + "第（二）项", min_marks=2),
        ),
    ),
    ThresholdSet(
        Conduct.LABELS, date(2021, 3, 1),
        "非法制造、销售非法制造的注册商标标识罪（《中华人民共和国刑法》第二百一十五条）",
        f"《中华人民共和国刑法》第二百一十五条；{_ART71}",
        (
            _t("label_pieces", 20000, "标识数量在二万件以上", _ART71 + "第（一）项"),
            _t("turnover", "50000", "非法经营数额在五万元以上", _ART71 + "第（一）项"),
            _t("gains", "30000", "违法所得数额在三万元以上", _ART71 + "第（一）项"),
            _t("label_pieces", 10000, "两种以上注册商标标识数量在一万件以上",
               _ART71 + "第（二）项", min_marks=2),
            _t("turnover", "30000", "两种以上注册商标标识，非法经营数额在三万元以上",
               _ART71 + "第（二）项", min_marks=2),
            _t("gains", "20000", "两种以上注册商标标识，违法所得数额在二万元以上",
               _ART71 + "第（二）项", min_marks=2),
        ),
    ),
    # Art. 214: 修正案（十一） replaced "销售金额数额较大" with "违法所得数额较大或者有其他
    # 严重情节"; no interpretation fixed those figures until 法释〔2025〕5号 (in force
    # 2025-04-26). DOMAIN.md records no set for the interval, so the data starts on 2025-04-26
    # and an earlier date raises: the officer then decides on the law of the time, not on a
    # guess of ours. The combined sold + unsold attempt rule is from the summary DOMAIN.md cites
    # (maxlaw, [S]).
    ThresholdSet(
        Conduct.SELL, date(2025, 4, 26),
        "销售假冒注册商标的商品罪（《中华人民共和国刑法》第二百一十四条）",
        f"《中华人民共和国刑法》第二百一十四条；{_FS2025}",
        (
            _t("gains", "30000", "违法所得数额在三万元以上（数额较大）", _FS2025 + "第一款"),
            _t("sales", "50000", "销售金额在五万元以上", _FS2025 + "第一款"),
            _t("unsold_stock", "150000", "尚未销售，货值金额在十五万元以上（以未遂论处）",
               _FS2025 + "第三款", attempt=True),
            _t(("sales", "unsold_stock"), "150000",
               "已销售金额与尚未销售的货值金额合计在十五万元以上（以未遂论处）",
               _FS2025 + "第三款", attempt=True),
        ),
    ),
)


@dataclass(frozen=True)
class TimeLimit:
    kind: str
    title: str
    period: str  # in ``ipcenter.core.deadlines.Period`` notation
    basis: str


# 国务院令第310号 is not the 行政处罚法, whose Art. 85 reads 三日 as working days; its 3 days are
# calendar days (also the stricter reading). due_date moves a last day off a holiday.
_ORDER310 = "《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号，2020年修订）"
DIRECTOR_DECISION_DAYS = 3
DIRECTOR_DECISION = TimeLimit(
    "referral_decision", "负责人决定是否批准移送涉嫌犯罪案件", f"{DIRECTOR_DECISION_DAYS}d",
    f"{_ORDER310}第五条：正职负责人或者主持工作的负责人应当自接到报告之日起3日内作出批准移送"
    "或者不批准移送的决定；不批准的，应当将理由记录在案")
TRANSFER_HOURS = 24
TRANSFER_BASIS = f"{_ORDER310}第五条：决定批准的，应当在24小时内向同级公安机关移送"
POLICE_DECISION = TimeLimit(
    "police_decision", "公安机关审查移送案件并决定是否立案", "3d",
    f"{_ORDER310}第八条：公安机关应当自接受移送之日起3日内进行审查，决定立案或者不予立案")


@dataclass(frozen=True)
class Assessment:
    """The outcome: whether the case must be referred, and on which thresholds.

    ``attempt_only``: every threshold reached is an attempt threshold (unsold stock)."""

    required: bool
    reached: tuple[Threshold, ...]
    conduct: Conduct
    offence: str
    basis: str
    effective_from: date

    @property
    def attempt_only(self) -> bool:
        return bool(self.reached) and all(t.attempt for t in self.reached)


def threshold_set_on(conduct: Conduct | str, on: date,
                     sets: Iterable[ThresholdSet] = THRESHOLD_SETS) -> ThresholdSet:
    """The thresholds for ``conduct`` in force on ``on``. Raises ``ValueError`` for an unknown
    conduct or a date before the data for it."""
    kind = _conduct(conduct)
    mine = [s for s in sets if s.conduct is kind and s.effective_from <= on]
    if not mine:
        first = min((s.effective_from for s in sets if s.conduct is kind), default=None)
        raise ValueError(f"no referral thresholds for {kind.value} in force on {on.isoformat()}"
                         + (f" (the data starts on {first.isoformat()})" if first else ""))
    return max(mine, key=lambda s: s.effective_from)


def _conduct(value: Conduct | str) -> Conduct:
    try:
        return Conduct(value)
    except ValueError:
        raise ValueError(f"unknown conduct {value!r}: use, sell or labels") from None


def _count(value, what: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError(f"{what} must be an int or a string, not {type(value).__name__}")
    if isinstance(value, str):
        text = value.strip()
        if not text.isascii() or not text.isdigit():
            raise ValueError(f"{what} must be a whole number, not {value!r}")
        value = int(text)
    if value < minimum:
        raise ValueError(f"{what} must be at least {minimum}")
    return value


def _normalised(figures: Figures) -> dict[str, Decimal | int | None]:
    values: dict[str, Decimal | int | None] = {}
    for name in _MONEY:
        raw = getattr(figures, name)
        values[name] = None if raw is None else money(raw, FIGURE_NAMES[name])
    for name, minimum in (("label_pieces", 0), ("marks", 1)):
        raw = getattr(figures, name)
        values[name] = None if raw is None else _count(raw, FIGURE_NAMES[name], minimum)
    return values


def _status(t: Threshold, values: dict) -> bool | None:
    """True (reached), False (not reached) or None (cannot tell from the figures given)."""
    parts = [values[f] for f in t.figures]
    amount_known = all(p is not None for p in parts)
    amount_reached = amount_known and sum(parts) >= t.amount
    if t.min_marks > 1:
        marks = values["marks"]
        if marks is not None and marks < t.min_marks:
            return False
        if amount_known and not amount_reached:
            return False
        if marks is None:
            return None
    return amount_reached if amount_known else None


def assess(figures: Figures, on: date, *,
           sets: Iterable[ThresholdSet] = THRESHOLD_SETS) -> Assessment:
    """Whether the figures require a criminal referral, judged on the thresholds in force ``on``.

    Any threshold reached → referral required, listing every threshold reached. None reached →
    not required, but only if each threshold could be judged: a figure left ``None`` that could
    still reach one (or an unknown number of marks where two-mark thresholds could apply) makes
    the assessment refuse, since a "no referral" on missing figures would be a guess.

    Raises ``ValueError`` naming the missing figures, for an unknown conduct, malformed amounts
    or counts, or a date before the data. 其他严重情节 (other serious circumstances) are the
    officer's judgement and not assessed here."""
    kind = _conduct(figures.conduct)
    chosen = threshold_set_on(kind, on, sets)
    values = _normalised(figures)
    statuses = [(t, _status(t, values)) for t in chosen.thresholds]
    reached = tuple(t for t, s in statuses if s)
    if not reached:
        unknown = [t for t, s in statuses if s is None]
        if unknown:
            missing = []
            for t in unknown:
                names = [*t.figures, *(["marks"] if t.min_marks > 1 else [])]
                missing += [n for n in names if values[n] is None and n not in missing]
            raise ValueError("cannot judge the referral without the figures: give the "
                             + ", ".join(FIGURE_NAMES[n] for n in missing)
                             + " (0 if established to be nil)")
    return Assessment(bool(reached), reached, kind, chosen.offence, chosen.basis,
                      chosen.effective_from)
