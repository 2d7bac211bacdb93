"""Criminal-referral thresholds for trademark cases (涉嫌犯罪案件移送), as versioned data.

DOMAIN.md §2. An enforcement body that finds facts reaching a crime's prosecution threshold must
transfer the case to the police (行政执法机关移送涉嫌犯罪案件的规定, 国务院令第310号, Art. 3; a
failure to do so is itself an offence, 刑法 Art. 402). Two sets are carried:

- From 2021-03-01 (刑法修正案（十一）) to 2025-04-25, the figures of 立案追诉标准（二） Art. 69 and 71
  (the same as 法释〔2004〕19号 Art. 1 and 3): Art. 213 turnover ≥ ¥50,000 or gains ≥ ¥30,000,
  two or more marks ¥30,000 / ¥20,000; Art. 215 20,000 pieces / ¥50,000 / ¥30,000, two or more
  marks 10,000 / ¥30,000 / ¥20,000. No figures were fixed for Art. 214 as amended.
- From 2025-04-26, 法释〔2025〕5号 (which repealed the 2004, 2007 and 2020 interpretations,
  Art. 31), checked against its text: Art. 3 ¶1 (Art. 213, goods), Art. 5 ¶1 (Art. 214) and
  Art. 6 ¶1 (Art. 215), each with lower figures for a person who, within two years of a
  criminal or administrative penalty for an act of Art. 213–215, does it again.

Art. 213–215 need the identical mark on the same goods (Art. 1–2) or counterfeit labels: a
similar mark, or similar goods, is infringement under 商标法 Art. 57(2) only, never referred.

Which set applies follows the date of the acts, not the day of the assessment: for acts before
a newer set, the set of the time applies unless the newer one is lighter (从旧兼从轻, 刑法 Art.
12); where the acts predate every set for the conduct, the set in force when the case is handled
applies. "以上" includes the figure itself. Pure: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum

from ipcenter.cases.trademark.penalties import money
from ipcenter.core.deadlines import add_months


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
    "established to be nil". Amounts in 元 (two decimals at most), counts as whole numbers.

    ``identical``: the identical mark on the same goods, or counterfeit labels (False: a
    similar mark or similar goods, 商标法 Art. 57(2), outside Art. 213–215). ``repeat``: the
    party was punished, criminally or administratively, for an act of Art. 213–215 and did it
    again within two years (法释〔2025〕5号 Art. 3 ¶1(3), Art. 5 ¶1(2), Art. 6 ¶1(3))."""

    conduct: Conduct | str
    turnover: Decimal | int | str | None = None
    gains: Decimal | int | str | None = None
    sales: Decimal | int | str | None = None
    unsold_stock: Decimal | int | str | None = None
    marks: int | str | None = None
    label_pieces: int | str | None = None
    identical: bool = True
    repeat: bool = False


@dataclass(frozen=True)
class Threshold:
    """One prosecution threshold: the sum of ``figures`` reaches ``amount`` (when at least
    ``min_marks`` marks are involved, and for a repeat offender only if ``repeat_only``).
    ``label`` and ``basis`` are what the case page and the referral letter show."""

    figures: tuple[str, ...]
    amount: Decimal
    label: str
    basis: str
    min_marks: int = 1
    attempt: bool = False
    repeat_only: bool = False


@dataclass(frozen=True)
class ThresholdSet:
    conduct: Conduct
    effective_from: date
    offence: str
    basis: str
    thresholds: tuple[Threshold, ...]


def _t(figures, amount, label, basis, min_marks=1, attempt=False, repeat_only=False
       ) -> Threshold:
    figures = (figures,) if isinstance(figures, str) else tuple(figures)
    return Threshold(figures, Decimal(amount), label, basis, min_marks, attempt, repeat_only)


_STANDARD2 = "《最高人民检察院 公安部关于公安机关管辖的刑事案件立案追诉标准的规定（二）》"
_ART69 = f"{_STANDARD2}第六十九条"
_ART71 = f"{_STANDARD2}第七十一条"
_FS2025 = ("《最高人民法院 最高人民检察院关于办理侵犯知识产权刑事案件适用法律若干问题的解释》"
           "（法释〔2025〕5号）")
_FS3, _FS5, _FS6 = (f"{_FS2025}第三条第一款", f"{_FS2025}第五条第一款", f"{_FS2025}第六条第一款")
_REPEAT = "二年内因实施刑法第二百一十三条至第二百一十五条规定的行为受过刑事处罚或者行政处罚后再次实施，"
_USE = "假冒注册商标罪（《中华人民共和国刑法》第二百一十三条）"
_SELL = "销售假冒注册商标的商品罪（《中华人民共和国刑法》第二百一十四条）"
_LABELS = "非法制造、销售非法制造的注册商标标识罪（《中华人民共和国刑法》第二百一十五条）"
FS2025_FROM = date(2025, 4, 26)

THRESHOLD_SETS: tuple[ThresholdSet, ...] = (
    # Art. 213 and Art. 215 as amended by 刑法修正案（十一） (in force 2021-03-01) with the figures
    # of 立案追诉标准（二）. The data starts there; an earlier date raises.
    ThresholdSet(
        Conduct.USE, date(2021, 3, 1), _USE,
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
        Conduct.LABELS, date(2021, 3, 1), _LABELS,
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
    # 法释〔2025〕5号 Art. 3 ¶1: goods. (The service-mark figures of Art. 3 ¶2 are not carried:
    # the centre's cases concern goods.)
    ThresholdSet(
        Conduct.USE, FS2025_FROM, _USE, f"《中华人民共和国刑法》第二百一十三条；{_FS3}",
        (
            _t("gains", "30000", "违法所得数额在三万元以上", _FS3 + "第（一）项"),
            _t("turnover", "50000", "非法经营数额在五万元以上", _FS3 + "第（一）项"),
            _t("gains", "20000", "假冒两种以上注册商标，违法所得数额在二万元以上",
               _FS3 + "第（二）项", min_marks=2),
            _t("turnover", "30000", "假冒两种以上注册商标，非法经营数额在三万元以上",
               _FS3 + "第（二）项", min_marks=2),
            _t("gains", "20000", _REPEAT + "违法所得数额在二万元以上", _FS3 + "第（三）项",
               repeat_only=True),
            _t("turnover", "30000", _REPEAT + "非法经营数额在三万元以上", _FS3 + "第（三）项",
               repeat_only=True),
        ),
    ),
    # Art. 214: 修正案（十一） replaced "销售金额数额较大" with "违法所得数额较大或者有其他
    # 严重情节"; no interpretation fixed those figures until 法释〔2025〕5号 Art. 5. Unsold stock
    # of three times the sales figure is itself 其他严重情节 (Art. 5 ¶1(3)), not an attempt.
    ThresholdSet(
        Conduct.SELL, FS2025_FROM, _SELL, f"《中华人民共和国刑法》第二百一十四条；{_FS5}",
        (
            _t("gains", "30000", "违法所得数额在三万元以上（数额较大）", _FS5),
            _t("sales", "50000", "销售金额在五万元以上", _FS5 + "第（一）项"),
            _t("gains", "20000", _REPEAT + "违法所得数额在二万元以上", _FS5 + "第（二）项",
               repeat_only=True),
            _t("sales", "30000", _REPEAT + "销售金额在三万元以上", _FS5 + "第（二）项",
               repeat_only=True),
            _t("unsold_stock", "150000", "尚未销售，货值金额在十五万元以上（销售金额标准三倍以上）",
               _FS5 + "第（三）项"),
            _t(("sales", "unsold_stock"), "150000",
               "已销售金额与尚未销售的货值金额合计在十五万元以上（销售金额标准三倍以上）",
               _FS5 + "第（三）项"),
            _t("unsold_stock", "90000",
               _REPEAT + "尚未销售，货值金额在九万元以上（销售金额标准三倍以上）",
               _FS5 + "第（三）项", repeat_only=True),
            _t(("sales", "unsold_stock"), "90000",
               _REPEAT + "已销售金额与尚未销售的货值金额合计在九万元以上（销售金额标准三倍以上）",
               _FS5 + "第（三）项", repeat_only=True),
        ),
    ),
    # Art. 6 ¶1(1)–(3). Item (4), the unsold labels of a seller of others' labels, needs a count
    # of unsold labels the case does not record: the officer judges it.
    ThresholdSet(
        Conduct.LABELS, FS2025_FROM, _LABELS, f"《中华人民共和国刑法》第二百一十五条；{_FS6}",
        (
            _t("label_pieces", 10000, "标识数量在一万件以上", _FS6 + "第（一）项"),
            _t("gains", "20000", "违法所得数额在二万元以上", _FS6 + "第（一）项"),
            _t("turnover", "30000", "非法经营数额在三万元以上", _FS6 + "第（一）项"),
            _t("label_pieces", 5000, "两种以上注册商标标识，标识数量在五千件以上",
               _FS6 + "第（二）项", min_marks=2),
            _t("gains", "10000", "两种以上注册商标标识，违法所得数额在一万元以上",
               _FS6 + "第（二）项", min_marks=2),
            _t("turnover", "20000", "两种以上注册商标标识，非法经营数额在二万元以上",
               _FS6 + "第（二）项", min_marks=2),
            _t("label_pieces", 5000, _REPEAT + "标识数量在五千件以上", _FS6 + "第（三）项",
               repeat_only=True),
            _t("gains", "10000", _REPEAT + "违法所得数额在一万元以上", _FS6 + "第（三）项",
               repeat_only=True),
            _t("turnover", "20000", _REPEAT + "非法经营数额在二万元以上", _FS6 + "第（三）项",
               repeat_only=True),
        ),
    ),
)

# 二年内 … 受过处罚后再次实施 (法释〔2025〕5号 Art. 3, 5, 6).
REPEAT_YEARS = 2


def repeat_offender(first_act: date, last_act: date, penalties: Iterable[date],
                    years: int = REPEAT_YEARS) -> date | None:
    """The earlier penalty that makes the party a repeat offender, or ``None``.

    A penalty decided on ``d`` counts when the party acted again after it and within
    ``years`` years of it: some day of the acts ``[first_act, last_act]`` lies in
    ``(d, d + years]``. A penalty on the day of the last act or later does not count."""
    for d in sorted(penalties, reverse=True):
        until = add_months(d, 12 * years)
        if d < last_act and first_act <= until:
            return d
    return None


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

    ``attempt_only``: every threshold reached is an attempt threshold. ``effective_from``: the
    set applied; ``compared_with``: the other set weighed under 从旧兼从轻, if any.
    ``similar``: the finding of a similar mark or similar goods put the case outside Art.
    213–215 (never referred on its figures)."""

    required: bool
    reached: tuple[Threshold, ...]
    conduct: Conduct
    offence: str
    basis: str
    effective_from: date | None
    compared_with: date | None = None
    similar: bool = False

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


def _under(chosen: ThresholdSet, values: dict, repeat: bool) -> Assessment:
    statuses = [(t, _status(t, values)) for t in chosen.thresholds
                if repeat or not t.repeat_only]
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
    return Assessment(bool(reached), reached, chosen.conduct, chosen.offence, chosen.basis,
                      chosen.effective_from)


def assess(figures: Figures, on: date, *, acts_on: date | None = None,
           sets: Iterable[ThresholdSet] = THRESHOLD_SETS) -> Assessment:
    """Whether the figures require a criminal referral.

    ``on`` is the day of the assessment, ``acts_on`` the day of the (last) act (``on`` if not
    given). The set in force on ``acts_on`` applies; if a newer set is in force on ``on``, the
    lighter of the two does (从旧兼从轻: no referral if either finds none, else the set of the
    time, 刑法 Art. 12). Acts before every set for the conduct are judged on the set of ``on``.
    A similar mark or similar goods (``identical=False``) is never referred.

    Any threshold reached → referral required, listing every threshold reached. None reached →
    not required, but only if each threshold could be judged: a figure left ``None`` that could
    still reach one (or an unknown number of marks where two-mark thresholds could apply) makes
    the assessment refuse, since a "no referral" on missing figures would be a guess.

    Raises ``ValueError`` naming the missing figures, for an unknown conduct, malformed amounts
    or counts, acts after ``on``, or an ``on`` before the data. 其他严重情节 (other serious
    circumstances) are the officer's judgement and not assessed here."""
    sets = tuple(sets)
    kind = _conduct(figures.conduct)
    current = threshold_set_on(kind, on, sets)
    values = _normalised(figures)
    acts_on = on if acts_on is None else acts_on
    if acts_on > on:
        raise ValueError("the acts cannot be after the day of the assessment")
    if not figures.identical:
        return Assessment(False, (), kind, current.offence, current.basis, None, similar=True)
    try:
        then = threshold_set_on(kind, acts_on, sets)
    except ValueError:
        then = current
    if then is current:
        return _under(current, values, figures.repeat)
    results = []
    for chosen in (then, current):
        try:
            results.append(_under(chosen, values, figures.repeat))
        except ValueError as exc:
            results.append(exc)
    lighter = next((r for r in results if isinstance(r, Assessment) and not r.required), None)
    if lighter is None:
        errors = [r for r in results if isinstance(r, ValueError)]
        if errors:
            raise errors[0]
        lighter = results[0]
    other = current if lighter.effective_from == then.effective_from else then
    return replace(lighter, compared_with=other.effective_from)
