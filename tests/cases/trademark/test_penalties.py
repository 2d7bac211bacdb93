"""The trademark penalty module (商标法 Art. 60, 行政处罚法 Art. 63, 67, 72): pure tests on the
boundaries the law draws."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from ipcenter.cases.trademark.penalties import (
    FINE_RULES,
    HEARING_THRESHOLDS,
    PartyKind,
    SellerDefence,
    check_proposed_fine,
    days_late,
    fine_range,
    fine_rules_on,
    hearing_right,
    is_repeat,
    money,
    payment_due_on,
    repeat_window_start,
    surcharge,
)
from ipcenter.core.workdays import WorkdayCalendar

D = Decimal
DECIDED = date(2026, 3, 10)
FULL_MEASURES = ("stop", "confiscate_goods", "confiscate_tools")


# --- money ------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    (D("1234.5"), D("1234.50")),
    ("1234.56", D("1234.56")),
    (" 7 ", D("7.00")),
    (50000, D("50000.00")),
    ("1.000", D("1.00")),  # a zero third decimal loses no fen
    ("0", D("0.00")),
])
def test_money_accepts_amounts_to_the_fen(value, expected):
    result = money(value)
    assert result == expected
    assert result.as_tuple().exponent == -2


def test_negative_zero_becomes_plain_zero():
    assert str(money("-0")) == "0.00"


@pytest.mark.parametrize("value, words", [
    ("1.001", "more than two decimals"),
    (D("0.005"), "more than two decimals"),
    ("-1", "negative"),
    (D("-0.01"), "negative"),
    ("1,000", "not a number"),
    ("abc", "not a number"),
    ("", "not a number"),
    ("NaN", "finite"),
    ("Infinity", "finite"),
])
def test_money_refuses_bad_amounts(value, words):
    with pytest.raises(ValueError, match=words):
        money(value)


@pytest.mark.parametrize("value", [1.5, True, None, [1]])
def test_money_refuses_floats_and_other_types(value):
    with pytest.raises(TypeError):
        money(value)


# --- fine range -------------------------------------------------------------------------------

@pytest.mark.parametrize("turnover, maximum, branch", [
    ("50000.00", D("250000.00"), "五倍"),       # exactly ¥50,000 is "五万元以上": 5×
    ("50000.01", D("250000.05"), "五倍"),       # the 5× branch, not the flat cap
    ("49999.99", D("250000.00"), "二十五万元"),  # just under: the flat cap
    (None, D("250000.00"), "没有违法经营额"),
    ("0", D("250000.00"), "二十五万元"),
    ("60000", D("300000.00"), "五倍"),
    ("1000000", D("5000000.00"), "五倍"),
])
def test_fine_range_boundaries(turnover, maximum, branch):
    r = fine_range(turnover, on=DECIDED)
    assert r.minimum == D("0.00")
    assert r.maximum == maximum
    assert r.maximum.as_tuple().exponent == -2
    assert branch in r.basis and "第六十条第二款" in r.basis
    assert not r.heavier and not r.order_only
    assert r.proposal_floor == D("0.00")
    assert tuple(m.code for m in r.measures) == FULL_MEASURES
    assert r.effective_from == date(2014, 5, 1)


def test_measures_have_chinese_labels():
    labels = [m.label for m in fine_range(None, on=DECIDED).measures]
    assert labels == ["责令立即停止侵权行为", "没收、销毁侵权商品",
                      "没收、销毁主要用于制造侵权商品、伪造注册商标标识的工具"]


@pytest.mark.parametrize("bad", ["50000.001", "-1", "x"])
def test_fine_range_refuses_bad_turnover(bad):
    with pytest.raises(ValueError):
        fine_range(bad, on=DECIDED)


@pytest.mark.parametrize("on, ok", [(date(2014, 4, 30), False), (date(2014, 5, 1), True)])
def test_rule_data_starts_on_2014_05_01(on, ok):
    if ok:
        assert fine_rules_on(on) is FINE_RULES[0]
    else:
        with pytest.raises(ValueError, match="2014-05-01"):
            fine_range("1", on=on)


# A hypothetical revision, to test the version choice: turnover ≥ ¥50,000 → up to 3×, else
# up to ¥300,000.
REVISED = replace(FINE_RULES[0], effective_from=date(2030, 1, 1),
                  turnover_multiple=D(3), flat_maximum=D("300000.00"))
RULES = (FINE_RULES[0], REVISED)


@pytest.mark.parametrize("turnover, on, act_on, maximum", [
    # Picked by decision date when the act date is not given.
    ("100000", date(2029, 12, 31), None, D("500000.00")),
    ("100000", date(2030, 1, 1), None, D("300000.00")),
    # 从旧兼从轻 (行政处罚法 Art. 37): act under the old law, decision under the new.
    ("100000", date(2030, 6, 1), date(2029, 6, 1), D("300000.00")),  # new is lighter: new
    (None, date(2030, 6, 1), date(2029, 6, 1), D("250000.00")),  # new is heavier: old
    (None, date(2030, 6, 1), date(2030, 2, 1), D("300000.00")),  # act under the new law
])
def test_rule_version_in_force(turnover, on, act_on, maximum):
    r = fine_range(turnover, on=on, act_on=act_on, rules=RULES)
    assert r.maximum == maximum


# --- repeat within five years -----------------------------------------------------------------

@pytest.mark.parametrize("on, earlier, expected", [
    (date(2026, 3, 10), [], False),
    (date(2026, 3, 10), [date(2021, 3, 10)], True),    # the same calendar day 5 years before
    (date(2026, 3, 10), [date(2021, 3, 9)], False),    # one day earlier: outside
    (date(2026, 3, 10), [date(2021, 3, 11)], True),
    (date(2026, 3, 10), [date(2026, 3, 10)], True),    # decided the same day
    (date(2026, 3, 10), [date(2026, 3, 11)], False),   # later, not earlier: ignored
    (date(2026, 3, 10), [date(2019, 1, 1), date(2024, 7, 1)], True),
    (date(2026, 3, 10), [date(2019, 1, 1), date(2020, 7, 1)], False),
    # Leap days: the window opens on 28 February when the year has no 29th.
    (date(2028, 2, 29), [date(2023, 2, 28)], True),
    (date(2028, 2, 29), [date(2023, 2, 27)], False),
    (date(2029, 2, 28), [date(2024, 2, 28)], True),
    (date(2029, 2, 28), [date(2024, 2, 27)], False),
])
def test_repeat_window(on, earlier, expected):
    assert is_repeat(on, earlier) is expected


@pytest.mark.parametrize("on, start", [
    (date(2026, 3, 10), date(2021, 3, 10)),
    (date(2028, 2, 29), date(2023, 2, 28)),
    (date(2027, 12, 31), date(2022, 12, 31)),
])
def test_repeat_window_start(on, start):
    assert repeat_window_start(on) == start


def test_repeat_before_the_rule_data_raises():
    with pytest.raises(ValueError):
        is_repeat(date(2014, 1, 1), [date(2013, 1, 1)])


@pytest.mark.parametrize("repeat, other_serious", [(True, False), (False, True), (True, True)])
def test_heavier_keeps_the_range_and_raises_the_floor(repeat, other_serious):
    r = fine_range("100000", on=DECIDED, repeat=repeat, other_serious=other_serious)
    assert r.heavier
    assert "五年内实施两次以上" in r.heavier_basis
    assert (r.minimum, r.maximum) == (D("0.00"), D("500000.00"))
    assert r.proposal_floor == D("250000.00")


# --- innocent seller --------------------------------------------------------------------------

@pytest.mark.parametrize("did_not_know", [True, False])
@pytest.mark.parametrize("lawful", [True, False])
@pytest.mark.parametrize("supplier", [True, False])
def test_innocent_seller_needs_all_three_findings(did_not_know, lawful, supplier):
    seller = SellerDefence(did_not_know, lawful, supplier)
    r = fine_range("80000", on=DECIDED, seller=seller)
    if did_not_know and lawful and supplier:
        assert r.order_only
        assert (r.minimum, r.maximum) == (D("0.00"), D("0.00"))
        assert [m.label for m in r.measures] == ["责令停止销售"]
        assert "说明提供者" in r.basis
    else:
        assert not r.order_only
        assert r.maximum == D("400000.00")
        assert tuple(m.code for m in r.measures) == FULL_MEASURES


def test_innocent_seller_is_not_made_heavier():
    r = fine_range(None, on=DECIDED, repeat=True, seller=SellerDefence(True, True, True))
    assert r.order_only and not r.heavier
    check_proposed_fine("0", r)


# --- proposed fine ----------------------------------------------------------------------------

@pytest.mark.parametrize("turnover, proposal, reason", [
    ("50000", "0", None),
    ("50000", "0.01", None),
    ("50000", "250000.00", None),
    ("50000", "250000.01", "exceeds the maximum 250000.00"),
    ("49999.99", "250000.00", None),
    ("49999.99", "250000.01", "exceeds the maximum"),
    ("1000000", "5000000.00", None),
    ("1000000", "5000000.01", "exceeds the maximum"),
    (None, "125000", None),
])
def test_proposed_fine_inside_and_outside(turnover, proposal, reason):
    allowed = fine_range(turnover, on=DECIDED)
    if reason is None:
        check_proposed_fine(proposal, allowed)
    else:
        with pytest.raises(ValueError, match=reason):
            check_proposed_fine(proposal, allowed)


@pytest.mark.parametrize("turnover, proposal, ok", [
    (None, "125000.00", True),      # the midpoint itself is in the upper half
    (None, "124999.99", False),
    (None, "250000.00", True),
    (None, "250000.01", False),     # still capped by the statutory maximum
    (None, "0", False),
    # ¥250,000.05 / 2 = 125,000.025 → the floor is rounded up to the fen: 125,000.03.
    ("50000.01", "125000.03", True),
    ("50000.01", "125000.02", False),
])
def test_heavier_needs_the_upper_half(turnover, proposal, ok):
    allowed = fine_range(turnover, on=DECIDED, repeat=True)
    if ok:
        check_proposed_fine(proposal, allowed)
    else:
        with pytest.raises(ValueError):
            check_proposed_fine(proposal, allowed)


def test_upper_half_message_names_the_floor():
    allowed = fine_range(None, on=DECIDED, repeat=True)
    with pytest.raises(ValueError, match="at least 125000.00"):
        check_proposed_fine("100000", allowed)


@pytest.mark.parametrize("share, floor", [(D("0.7"), D("175000.00")), (D(0), D("0.00")),
                                          (D(1), D("250000.00"))])
def test_heavier_share_is_configurable(share, floor):
    assert fine_range(None, on=DECIDED, repeat=True, heavier_share=share).proposal_floor == floor


@pytest.mark.parametrize("share", [D("-0.1"), D("1.01")])
def test_heavier_share_out_of_bounds_is_refused(share):
    with pytest.raises(ValueError, match="between 0 and 1"):
        fine_range(None, on=DECIDED, repeat=True, heavier_share=share)


@pytest.mark.parametrize("proposal, ok", [("0", True), ("0.00", True), ("0.01", False)])
def test_no_fine_on_an_innocent_seller(proposal, ok):
    allowed = fine_range(None, on=DECIDED, seller=SellerDefence(True, True, True))
    if ok:
        check_proposed_fine(proposal, allowed)
    else:
        with pytest.raises(ValueError, match="innocent seller"):
            check_proposed_fine(proposal, allowed)


@pytest.mark.parametrize("proposal", ["1000.001", "-5", "lots"])
def test_malformed_proposal_is_refused(proposal):
    with pytest.raises(ValueError):
        check_proposed_fine(proposal, fine_range(None, on=DECIDED))


# --- payment and surcharge --------------------------------------------------------------------

DUE = date(2026, 3, 20)


@pytest.mark.parametrize("paid_on, days, amount", [
    (date(2026, 3, 5), 0, D("0.00")),
    (DUE, 0, D("0.00")),                       # paying on the due day costs nothing
    (date(2026, 3, 21), 1, D("300.00")),
    (date(2026, 3, 30), 10, D("3000.00")),     # 10 days late: 30%
    (date(2026, 4, 22), 33, D("9900.00")),     # 99%
    (date(2026, 4, 23), 34, D("10000.00")),    # 102% → capped at the fine
    (date(2026, 4, 29), 40, D("10000.00")),    # 120% → capped
])
def test_surcharge_day_counts(paid_on, days, amount):
    assert days_late(DUE, paid_on) == days
    assert surcharge(D("10000.00"), DUE, paid_on) == amount


@pytest.mark.parametrize("fine, paid_on, amount", [
    ("1.50", date(2026, 3, 21), D("0.05")),    # 0.045 → 0.05 half-up (half-even gives 0.04)
    ("0.16", date(2026, 3, 21), D("0.00")),    # 0.0048
    ("333.33", date(2026, 3, 23), D("30.00")),  # 29.9997, rounded once on the total
    ("0", date(2026, 5, 1), D("0.00")),
])
def test_surcharge_rounds_half_up_to_the_fen(fine, paid_on, amount):
    result = surcharge(fine, DUE, paid_on)
    assert result == amount
    assert result.as_tuple().exponent == -2


@pytest.mark.parametrize("fine", ["100.001", "-100"])
def test_surcharge_refuses_malformed_fines(fine):
    with pytest.raises(ValueError):
        surcharge(fine, DUE, date(2026, 4, 1))


@pytest.mark.parametrize("served_on, due", [
    (date(2026, 3, 2), date(2026, 3, 17)),
    # 16 Sep + 15 days = 1 Oct, National Day: the period ends on the next working day, 8 Oct.
    (date(2026, 9, 16), date(2026, 10, 8)),
])
def test_payment_due_fifteen_days_after_service(served_on, due):
    assert payment_due_on(served_on, WorkdayCalendar(), strict=True).on == due


# --- hearing right ----------------------------------------------------------------------------

NOTICE = date(2026, 3, 10)


@pytest.mark.parametrize("kind, fine, confiscated, expected", [
    (PartyKind.NATURAL_PERSON, "10000.00", "0", True),
    (PartyKind.NATURAL_PERSON, "9999.99", "0", False),
    (PartyKind.NATURAL_PERSON, "0", "10000.00", True),
    (PartyKind.NATURAL_PERSON, "9999.99", "9999.99", False),  # not added together
    (PartyKind.INDIVIDUAL_BUSINESS, "10000.00", "0", True),
    (PartyKind.INDIVIDUAL_BUSINESS, "9999.99", "0", False),
    (PartyKind.ORGANISATION, "100000.00", "0", True),
    (PartyKind.ORGANISATION, "99999.99", "0", False),
    (PartyKind.ORGANISATION, "10000.00", "0", False),
    (PartyKind.ORGANISATION, "0", "100000.00", True),
    (PartyKind.ORGANISATION, "0", "99999.99", False),
    ("organisation", "100000", "0", True),
    ("person", "10000", "0", True),  # the case model's name for a natural person
    ("person", "9999.99", "0", False),
])
def test_hearing_thresholds(kind, fine, confiscated, expected):
    assert hearing_right(kind, fine, confiscated, on=NOTICE) is expected


def test_hearing_thresholds_are_configurable():
    local = (replace(HEARING_THRESHOLDS[0], effective_from=date(2026, 1, 1),
                     natural_person=D("5000.00")),)
    assert hearing_right("natural_person", "5000", "0", on=NOTICE, rules=local)
    assert not hearing_right("natural_person", "4999.99", "0", on=NOTICE, rules=local)
    with pytest.raises(ValueError, match="2026-01-01"):
        hearing_right("natural_person", "5000", "0", on=date(2025, 12, 31), rules=local)


@pytest.mark.parametrize("kind, fine, confiscated", [
    ("company", "1", "0"),
    ("organisation", "1.001", "0"),
    ("organisation", "1", "-1"),
])
def test_hearing_right_refuses_bad_input(kind, fine, confiscated):
    with pytest.raises(ValueError):
        hearing_right(kind, fine, confiscated, on=NOTICE)


def test_hearing_data_starts_with_the_2021_rules():
    with pytest.raises(ValueError, match="2021-07-15"):
        hearing_right(PartyKind.ORGANISATION, "100000", "0", on=date(2021, 7, 14))
