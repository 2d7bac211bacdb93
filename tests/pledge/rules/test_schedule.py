from datetime import date
from decimal import Decimal

import pytest

from ipcenter.core.errors import InvalidInput
from ipcenter.pledge.rules import schedule
from ipcenter.pledge.rules.schedule import EQUAL, INTEREST_ONLY

START = date(2026, 1, 31)


def check_sums(plan, amount):
    amount = Decimal(amount)
    assert sum(i.principal for i in plan) == amount
    assert plan[-1].balance_after == 0
    balance = amount
    for i in plan:
        assert i.principal >= 0 and i.interest >= 0
        assert i.principal == i.principal.quantize(Decimal("0.01"))
        assert i.interest == i.interest.quantize(Decimal("0.01"))
        balance -= i.principal
        assert i.balance_after == balance


@pytest.mark.parametrize("months", range(1, 361))
def test_every_term_sums_to_the_principal(months):
    for method in (EQUAL, INTEREST_ONLY):
        plan = schedule.build(method, "1000000.03", "0.0435", months, START)
        assert len(plan) == months
        check_sums(plan, "1000000.03")


@pytest.mark.parametrize("amount", ["0.01", "0.07", "1.80", "99.99", "333333.33",
                                    "1000000.03", "9999999.99", "10000000.00"])
@pytest.mark.parametrize("rate", ["0", "0.000001", "0.0435", "0.12", "0.999999"])
@pytest.mark.parametrize("months", [1, 7, 13, 59, 360])
def test_odd_amounts_and_rates_sum_to_the_principal(amount, rate, months):
    for method in (EQUAL, INTEREST_ONLY):
        check_sums(schedule.build(method, amount, rate, months, START), amount)


def test_equal_instalments_against_a_known_figure():
    # ¥1,000,000 over 30 years at 4.9%: the monthly payment quoted by every bank, 5,307.27.
    plan = schedule.equal_instalments("1000000.00", "0.049", 360, date(2026, 1, 15))
    assert {i.total for i in plan[:-1]} == {Decimal("5307.27")}
    assert plan[0].interest == Decimal("4083.33") and plan[0].principal == Decimal("1223.94")
    # The payment rounded up by 0.0045 a month for 359 months (and its interest): the last
    # instalment takes what is left, a little less.
    assert plan[-1].principal == plan[-2].balance_after
    assert Decimal("5300.00") < plan[-1].total < Decimal("5307.27")


def test_equal_instalments_at_zero_interest_share_the_odd_fen():
    plan = schedule.equal_instalments("100.00", "0", 3, START)
    assert [i.principal for i in plan] == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert all(i.interest == 0 for i in plan)


def test_interest_only_then_the_bullet():
    plan = schedule.interest_only("1000000.00", "0.0435", 12, START)
    assert {i.interest for i in plan} == {Decimal("3625.00")}
    assert [i.principal for i in plan[:-1]] == [Decimal("0.00")] * 11
    assert plan[-1].principal == Decimal("1000000.00") and plan[-1].total == Decimal("1003625.00")


def test_due_days_follow_the_month_end_rule():
    plan = schedule.equal_instalments("1200.00", "0.05", 4, START)
    assert [i.due_on for i in plan] == [date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30),
                                        date(2026, 5, 31)]


# ------------------------------------------------------------------------------ overdue


PLAN = schedule.interest_only("120000.00", "0.06", 6, date(2026, 1, 10))   # 600.00 a month


def test_nothing_is_overdue_on_the_due_day():
    assert schedule.overdue(PLAN, "0", date(2026, 2, 10)) == ()
    (late,) = schedule.overdue(PLAN, "0", date(2026, 2, 11))
    assert (late.instalment.number, late.unpaid, late.days) == (1, Decimal("600.00"), 1)


def test_repayments_cover_the_instalments_in_order():
    on = date(2026, 4, 20)
    assert schedule.overdue(PLAN, "1800.00", on) == ()
    (late,) = schedule.overdue(PLAN, "1799.99", on)
    assert (late.instalment.number, late.unpaid, late.days) == (3, Decimal("0.01"), 10)
    assert [o.instalment.number for o in schedule.overdue(PLAN, "500.00", on)] == [1, 2, 3]
    assert schedule.days_overdue(PLAN, "500.00", on) == (on - date(2026, 2, 10)).days


@pytest.mark.parametrize("day, default", [(date(2026, 5, 11), True),    # 90 days after 02-10
                                          (date(2026, 5, 10), False)])  # 89
def test_default_after_the_configured_days(params, day, default):
    assert params.default_days == 90
    assert schedule.in_default(PLAN, "0", day, params) is default


def test_unpaid_principal_and_accrued_interest():
    # Three instalments due (1,800.00 of interest), 1,000.00 repaid: interest first.
    assert schedule.unpaid(PLAN, "1000.00", date(2026, 4, 10)) == (
        Decimal("120000.00"), Decimal("800.00"))
    assert schedule.unpaid(PLAN, "0", date(2026, 1, 10)) == (Decimal("120000.00"), Decimal(0))
    assert schedule.unpaid(PLAN, "123600.00", date(2026, 12, 1)) == (Decimal(0), Decimal(0))


@pytest.mark.parametrize("amount, rate, months, start, text", [
    ("-1.00", "0.04", 12, START, "贷款金额"),
    ("0", "0.04", 12, START, "贷款金额必须大于零"),
    ("100.001", "0.04", 12, START, "最多两位小数"),
    ("1e30", "0.04", 12, START, "贷款金额"),
    (100.5, "0.04", 12, START, "贷款金额"),
    ("100.00", "4.35", 12, START, "年利率"),
    ("100.00", "-0.01", 12, START, "年利率"),
    ("100.00", "0.0000001", 12, START, "年利率"),
    ("100.00", 0.04, 12, START, "年利率"),
    ("100.00", "NaN", 12, START, "年利率"),
    ("100.00", "0.04", 0, START, "贷款期限（月）必须是 1 到 360 之间的整数"),
    ("100.00", "0.04", 361, START, "贷款期限（月）"),
    ("100.00", "0.04", 12.0, START, "贷款期限（月）"),
    ("100.00", "0.04", True, START, "贷款期限（月）"),
    ("100.00", "0.04", 12, "2026-01-01", "贷款起始日必须是日期"),
])
def test_bad_input_in_chinese(zh, amount, rate, months, start, text):
    for method in (EQUAL, INTEREST_ONLY):
        with pytest.raises(InvalidInput) as caught:
            schedule.build(method, amount, rate, months, start)
        assert text in str(caught.value.message)


def test_an_unknown_method(zh):
    with pytest.raises(InvalidInput) as caught:
        schedule.build("balloon", "100.00", "0.04", 12, START)
    assert str(caught.value.message) == "请选择等额本息或先息后本。"
    with pytest.raises(InvalidInput):
        schedule.overdue(PLAN, "-1", START)
