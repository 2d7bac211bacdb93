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


def labels(assessment):
    return [t.label for t in assessment.reached]


# --- Art. 213: use of an identical mark -------------------------------------------------------

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
    a = assess(Figures(Conduct.USE, turnover=turnover, gains=gains, marks=marks), ON)
    assert a.required is required
    assert labels(a) == reached
    assert "第二百一十三条" in a.offence
    assert all("第六十九条" in t.basis for t in a.reached)


# --- Art. 214: selling ------------------------------------------------------------------------

@pytest.mark.parametrize("gains, sales, unsold, required, attempt_only, reached", [
    ("30000.00", "0", "0", True, False, ["违法所得数额在三万元以上（数额较大）"]),
    ("29999.99", "0", "0", False, False, []),
    ("0", "50000.00", "0", True, False, ["销售金额在五万元以上"]),
    ("0", "49999.99", "0", False, False, []),
    ("0", "0", "150000.00", True, True, ["尚未销售，货值金额在十五万元以上（以未遂论处）",
                                          "已销售金额与尚未销售的货值金额合计在十五万元以上（以未遂论处）"]),
    ("0", "0", "149999.99", False, False, []),
    # Sold plus unsold together, the sales alone being under ¥50,000.
    ("0", "40000.00", "110000.00", True, True,
     ["已销售金额与尚未销售的货值金额合计在十五万元以上（以未遂论处）"]),
    ("0", "40000.00", "109999.99", False, False, []),
])
def test_selling(gains, sales, unsold, required, attempt_only, reached):
    a = assess(Figures("sell", gains=gains, sales=sales, unsold_stock=unsold), ON)
    assert a.required is required
    assert a.attempt_only is attempt_only
    assert labels(a) == reached
    assert all("法释〔2025〕5号" in t.basis for t in a.reached)


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
                       marks=marks), ON)
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
