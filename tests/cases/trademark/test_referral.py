"""Criminal-referral thresholds (刑法 Art. 213–215) at and just under each figure."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from ipcenter.cases.trademark.referral import (
    DIRECTOR_DECISION,
    DIRECTOR_DECISION_DAYS,
    POLICE_DECISION,
    THRESHOLD_SETS,
    TRANSFER_HOURS,
    Conduct,
    Figures,
    assess,
    threshold_set_on,
)
from ipcenter.core.deadlines import Period, due_date
from ipcenter.core.workdays import WorkdayCalendar

ON = date(2026, 3, 10)
# Acts before 法释〔2025〕5号 (2025-04-26), assessed in 2026: the lighter of the two sets.
OLD_ACTS = date(2025, 1, 10)


def labels(assessment):
    return [t.label for t in assessment.reached]


# --- Art. 213: use of an identical mark, acts before 2025-04-26 ------------------------------

@pytest.mark.parametrize("turnover, gains, marks, required, reached", [
    ("50000.00", "0", 1, True, ["非法经营数额在五万元以上"]),
    ("49999.99", "0", 1, False, []),
    ("0", "30000.00", 1, True, ["违法所得数额在三万元以上"]),
    ("0", "29999.99", 1, False, []),
    # Two or more marks: ¥30,000 / ¥20,000.
    ("30000.00", "0", 2, True, ["假冒两种以上注册商标，非法经营数额在三万元以上"]),
    ("29999.99", "0", 2, False, []),
    ("0", "20000.00", 3, True, ["假冒两种以上注册商标，违法所得数额在二万元以上"]),
    ("0", "19999.99", 3, False, []),
    # The two-mark figures do not apply to one mark.
    ("30000.00", "20000.00", 1, False, []),
    # Every threshold reached is listed.
    ("50000", "0", 2, True, ["非法经营数额在五万元以上",
                             "假冒两种以上注册商标，非法经营数额在三万元以上"]),
])
def test_use_of_identical_mark(turnover, gains, marks, required, reached):
    a = assess(Figures(Conduct.USE, turnover=turnover, gains=gains, marks=marks), ON,
               acts_on=OLD_ACTS)
    assert a.required is required
    assert labels(a) == reached
    assert "第二百一十三条" in a.offence
    assert all("第六十九条" in t.basis for t in a.reached)


# --- Art. 214: selling ------------------------------------------------------------------------

@pytest.mark.parametrize("gains, sales, unsold, required, reached", [
    ("30000.00", "0", "0", True, ["违法所得数额在三万元以上（数额较大）"]),
    ("29999.99", "0", "0", False, []),
    ("0", "50000.00", "0", True, ["销售金额在五万元以上"]),
    ("0", "49999.99", "0", False, []),
    # Unsold stock of three times the sales figure is itself 其他严重情节 (Art. 5 ¶1(3)).
    ("0", "0", "150000.00", True, ["尚未销售，货值金额在十五万元以上（销售金额标准三倍以上）",
                                   "已销售金额与尚未销售的货值金额合计在十五万元以上（销售金额标准三倍以上）"]),
    ("0", "0", "149999.99", False, []),
    # Sold plus unsold together, the sales alone being under ¥50,000.
    ("0", "40000.00", "110000.00", True,
     ["已销售金额与尚未销售的货值金额合计在十五万元以上（销售金额标准三倍以上）"]),
    ("0", "40000.00", "109999.99", False, []),
])
def test_selling(gains, sales, unsold, required, reached):
    a = assess(Figures("sell", gains=gains, sales=sales, unsold_stock=unsold), ON)
    assert a.required is required
    assert not a.attempt_only
    assert labels(a) == reached
    assert all("法释〔2025〕5号）第五条第一款" in t.basis for t in a.reached)


@pytest.mark.parametrize("on, ok", [(date(2025, 4, 25), False), (date(2025, 4, 26), True)])
def test_selling_thresholds_start_on_2025_04_26(on, ok):
    figures = Figures(Conduct.SELL, gains="30000", sales="0", unsold_stock="0")
    if ok:
        assert assess(figures, on).effective_from == date(2025, 4, 26)
    else:
        with pytest.raises(ValueError, match="data starts on 2025-04-26"):
            assess(figures, on)


# --- Art. 215: labels -------------------------------------------------------------------------

@pytest.mark.parametrize("pieces, turnover, gains, marks, required, reached", [
    (20000, "0", "0", 1, True, ["标识数量在二万件以上"]),
    (19999, "0", "0", 1, False, []),
    (0, "50000.00", "0", 1, True, ["非法经营数额在五万元以上"]),
    (0, "49999.99", "0", 1, False, []),
    (0, "0", "30000.00", 1, True, ["违法所得数额在三万元以上"]),
    (0, "0", "29999.99", 1, False, []),
    (10000, "0", "0", 2, True, ["两种以上注册商标标识数量在一万件以上"]),
    (9999, "0", "0", 2, False, []),
    (10000, "0", "0", 1, False, []),
    (0, "30000", "0", 2, True, ["两种以上注册商标标识，非法经营数额在三万元以上"]),
    (0, "29999.99", "19999.99", 2, False, []),
    (0, "0", "20000", 2, True, ["两种以上注册商标标识，违法所得数额在二万元以上"]),
    ("20000", "0", "0", 1, True, ["标识数量在二万件以上"]),
])
def test_labels(pieces, turnover, gains, marks, required, reached):
    a = assess(Figures(Conduct.LABELS, label_pieces=pieces, turnover=turnover, gains=gains,
                       marks=marks), ON, acts_on=OLD_ACTS)
    assert a.required is required
    assert labels(a) == reached
    assert "第二百一十五条" in a.offence


# --- missing figures --------------------------------------------------------------------------

@pytest.mark.parametrize("figures, missing", [
    (Figures("use"), ["illegal turnover", "illegal gains", "number of registered marks"]),
    (Figures("use", turnover="40000", marks=1), ["illegal gains"]),
    # Under the one-mark figures, but two marks would reach ¥30,000: the count is needed.
    (Figures("use", turnover="40000", gains="0"), ["number of registered marks"]),
    (Figures("sell", gains="0"), ["sales", "unsold stock"]),
    (Figures("sell", gains="0", sales="0"), ["unsold stock"]),
    (Figures("labels", turnover="0", gains="0", marks=1), ["number of label pieces"]),
])
def test_a_no_referral_needs_every_figure(figures, missing):
    with pytest.raises(ValueError, match="without the figures") as raised:
        assess(figures, ON)
    for name in missing:
        assert name in str(raised.value)


@pytest.mark.parametrize("figures, required", [
    # A threshold reached decides the matter whatever is missing.
    (Figures("use", turnover="60000"), True),
    (Figures("sell", unsold_stock="150000"), True),
    (Figures("labels", label_pieces=25000), True),
    # Unknown marks do not matter when even the two-mark figures are out of reach.
    (Figures("use", turnover="20000", gains="0"), False),
])
def test_partial_figures_that_suffice(figures, required):
    assert assess(figures, ON).required is required


@pytest.mark.parametrize("figures, error", [
    (Figures("make", turnover="60000"), ValueError),
    (Figures("use", turnover="-1", gains="0", marks=1), ValueError),
    (Figures("use", turnover="50000.001", gains="0", marks=1), ValueError),
    (Figures("use", turnover="60000", marks=0), ValueError),
    (Figures("labels", label_pieces="-5", turnover="0", gains="0", marks=1), ValueError),
    (Figures("labels", label_pieces="2万", turnover="0", gains="0", marks=1), ValueError),
    (Figures("use", turnover=60000.0, gains="0", marks=1), TypeError),
    (Figures("labels", label_pieces=2.5, turnover="0", gains="0", marks=1), TypeError),
])
def test_malformed_figures_are_refused(figures, error):
    with pytest.raises(error):
        assess(figures, ON)


# --- versions ---------------------------------------------------------------------------------

@pytest.mark.parametrize("conduct", ["use", "labels"])
def test_use_and_label_data_start_with_the_2021_amendment(conduct):
    assert threshold_set_on(conduct, date(2025, 4, 25)).effective_from == date(2021, 3, 1)
    assert threshold_set_on(conduct, date(2025, 4, 26)).effective_from == date(2025, 4, 26)
    assert threshold_set_on(conduct, date(2021, 3, 1)).effective_from == date(2021, 3, 1)
    with pytest.raises(ValueError, match="2021-03-01"):
        threshold_set_on(conduct, date(2021, 2, 28))


def test_a_later_set_takes_over_on_its_date():
    old = threshold_set_on("use", ON)
    raised = tuple(replace(t, amount=t.amount * 2) for t in old.thresholds)
    sets = (*THRESHOLD_SETS, replace(old, effective_from=date(2030, 1, 1), thresholds=raised))
    figures = Figures("use", turnover="60000", gains="0", marks=1)
    assert assess(figures, date(2029, 12, 31), sets=sets).required
    assert not assess(figures, date(2030, 1, 1), sets=sets).required
    # Acts of 2029 judged in 2030: the new set is lighter and applies.
    assert not assess(figures, date(2030, 1, 1), acts_on=date(2029, 6, 1), sets=sets).required


# --- the director's three days ----------------------------------------------------------------

def test_director_decides_within_three_days():
    assert DIRECTOR_DECISION_DAYS == 3
    assert Period.parse(DIRECTOR_DECISION.period) == Period(3, "d")
    assert "国务院令第310号" in DIRECTOR_DECISION.basis and "3日内" in DIRECTOR_DECISION.basis
    assert TRANSFER_HOURS == 24
    assert Period.parse(POLICE_DECISION.period) == Period(3, "d")


@pytest.mark.parametrize("reported, due", [
    (date(2026, 3, 9), date(2026, 3, 12)),    # Monday → Thursday
    (date(2026, 3, 5), date(2026, 3, 9)),     # Thursday → Sunday → Monday
    (date(2026, 4, 29), date(2026, 5, 6)),    # into Labour Day (1–5 May 2026)
])
def test_director_deadline_on_real_dates(reported, due):
    assert due_date(reported, DIRECTOR_DECISION.period, WorkdayCalendar(),
                    strict=True).on == due


def test_threshold_amounts_are_decimal():
    for s in THRESHOLD_SETS:
        for t in s.thresholds:
            assert isinstance(t.amount, Decimal)


# --- 法释〔2025〕5号: the figures from 2025-04-26, checked against its text -----------------

@pytest.mark.parametrize("conduct, figures, repeat, required, reached", [
    # Art. 3 ¶1 (Art. 213, goods): the ordinary figures are unchanged …
    ("use", {"turnover": "50000", "gains": "0", "marks": 1}, False, True, ["非法经营数额在五万元以上"]),
    ("use", {"turnover": "49999.99", "gains": "29999.99", "marks": 1}, False, False, []),
    # … and a repeat offender reaches them at ¥30,000 / ¥20,000 (item 3).
    ("use", {"turnover": "30000", "gains": "0", "marks": 1}, True, True,
     [("二年内因实施刑法第二百一十三条至第二百一十五条规定的行为受过刑事处罚或者行政处罚后再次实施，"
       "非法经营数额在三万元以上")]),
    ("use", {"turnover": "29999.99", "gains": "19999.99", "marks": 1}, True, False, []),
    # Art. 5 ¶1 (Art. 214): a repeat offender at gains ¥20,000 or sales ¥30,000 (item 2), and
    # unsold stock of three times ¥30,000 (item 3).
    ("sell", {"gains": "20000", "sales": "0", "unsold_stock": "0"}, True, True,
     [("二年内因实施刑法第二百一十三条至第二百一十五条规定的行为受过刑事处罚或者行政处罚后再次实施，"
       "违法所得数额在二万元以上")]),
    ("sell", {"gains": "0", "sales": "0", "unsold_stock": "90000"}, True, True,
     [("二年内因实施刑法第二百一十三条至第二百一十五条规定的行为受过刑事处罚或者行政处罚后再次实施，"
       "尚未销售，货值金额在九万元以上（销售金额标准三倍以上）"),
      ("二年内因实施刑法第二百一十三条至第二百一十五条规定的行为受过刑事处罚或者行政处罚后再次实施，"
       "已销售金额与尚未销售的货值金额合计在九万元以上（销售金额标准三倍以上）")]),
    ("sell", {"gains": "19999.99", "sales": "29999.99", "unsold_stock": "0"}, True, False, []),
    ("sell", {"gains": "20000", "sales": "30000", "unsold_stock": "0"}, False, False, []),
    # Art. 6 ¶1 (Art. 215): 10,000 pieces, gains ¥20,000, turnover ¥30,000 …
    ("labels", {"label_pieces": 10000, "turnover": "0", "gains": "0", "marks": 1}, False, True,
     ["标识数量在一万件以上"]),
    ("labels", {"label_pieces": 9999, "turnover": "29999.99", "gains": "19999.99", "marks": 1},
     False, False, []),
    # … two or more marks 5,000 / ¥10,000 / ¥20,000 …
    ("labels", {"label_pieces": 5000, "turnover": "0", "gains": "0", "marks": 2}, False, True,
     ["两种以上注册商标标识，标识数量在五千件以上"]),
    ("labels", {"label_pieces": 0, "turnover": "0", "gains": "10000", "marks": 2}, False, True,
     ["两种以上注册商标标识，违法所得数额在一万元以上"]),
    # … and the same for a repeat offender with one mark.
    ("labels", {"label_pieces": 5000, "turnover": "0", "gains": "0", "marks": 1}, True, True,
     [("二年内因实施刑法第二百一十三条至第二百一十五条规定的行为受过刑事处罚或者行政处罚后再次实施，"
       "标识数量在五千件以上")]),
    ("labels", {"label_pieces": 4999, "turnover": "19999.99", "gains": "9999.99", "marks": 1},
     True, False, []),
])
def test_2025_figures(conduct, figures, repeat, required, reached):
    a = assess(Figures(conduct, repeat=repeat, **figures), ON)
    assert a.required is required
    assert labels(a) == reached
    assert a.effective_from == date(2025, 4, 26)
    assert all("法释〔2025〕5号" in t.basis for t in a.reached)


def test_lighter_of_old_and_new_for_earlier_acts():
    # 10,000 labels: a crime under 法释〔2025〕5号 Art. 6, not under 立案追诉标准（二） Art. 71.
    figures = Figures("labels", label_pieces=15000, turnover="0", gains="0", marks=1)
    assert assess(figures, ON).required  # acts of 2026
    earlier = assess(figures, ON, acts_on=OLD_ACTS)
    assert not earlier.required  # acts of January 2025: the old set is lighter
    assert (earlier.effective_from, earlier.compared_with) == (date(2021, 3, 1),
                                                               date(2025, 4, 26))
    # The day before and the day the interpretation took effect.
    assert not assess(figures, ON, acts_on=date(2025, 4, 25)).required
    assert assess(figures, ON, acts_on=date(2025, 4, 26)).required
    # A repeat offender: no lower figures before 2025-04-26.
    repeat = Figures("use", turnover="30000", gains="0", marks=1, repeat=True)
    assert assess(repeat, ON).required
    assert not assess(repeat, ON, acts_on=OLD_ACTS).required
    # Selling: no figures before 2025-04-26, so the set in force when the case is handled.
    sold = Figures("sell", gains="0", sales="50000", unsold_stock="0")
    assert assess(sold, ON, acts_on=date(2023, 5, 1)).required


def test_the_assessment_day_not_the_acts_picks_the_newest_set():
    figures = Figures("labels", label_pieces=15000, turnover="0", gains="0", marks=1)
    with pytest.raises(ValueError, match="after the day of the assessment"):
        assess(figures, date(2026, 1, 1), acts_on=date(2026, 1, 2))


def test_a_similar_mark_is_never_referred():
    figures = Figures("use", turnover="5000000", gains="3000000", marks=3, identical=False)
    a = assess(figures, ON)
    assert a.similar and not a.required and a.reached == ()
    # Even with no figures at all: nothing to weigh.
    assert not assess(Figures("sell", identical=False), ON).required


@pytest.mark.parametrize("penalties, expected", [
    ([date(2024, 3, 1)], date(2024, 3, 1)),     # acts from 1 March 2026: two years to the day
    ([date(2024, 2, 29)], None),                # a day more than two years before
    ([date(2026, 3, 5)], date(2026, 3, 5)),     # penalised during the acts, acting on after
    ([date(2026, 3, 31)], None),                # penalised on the last day: no act after it
    ([date(2023, 1, 1), date(2025, 6, 1)], date(2025, 6, 1)),
    ([], None),
])
def test_repeat_offender_two_years(penalties, expected):
    from ipcenter.cases.trademark.referral import repeat_offender

    assert repeat_offender(date(2026, 3, 1), date(2026, 3, 31), penalties) == expected
