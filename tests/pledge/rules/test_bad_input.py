"""Every amount a rule takes, given anything that is not an amount, is refused with
``InvalidInput`` in Chinese — never a bare ``ValueError``, ``TypeError`` or ``ArithmeticError``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ipcenter.core.errors import InvalidInput
from ipcenter.pledge.rules import compensation, ltv, pool, schedule, subsidies
from ipcenter.pledge.rules.ltv import Valued

from .conftest import DAY

BAD = ["-0.01", "1.001", "1e400", "NaN", "Infinity", "-Infinity", 1.0, True, None, "", "abc",
       Decimal("1E+30"), 10 ** 30, Decimal("-0.000001"), [], "1,000"]
RIGHT = [Valued("invention", "ZL1", Decimal("100.00"))]

CALLS = {
    "loan": lambda p, x: ltv.check_loan(x, RIGHT, p),
    "open loan": lambda p, x: ltv.check_loan("1.00", RIGHT, p, open_loans=[x]),
    "valuation": lambda p, x: ltv.lendable([Valued("invention", "ZL1", x)], p),
    "approval": lambda p, x: pool.check_approval(x, balance="1.00", outstanding="0", params=p),
    "balance": lambda p, x: pool.position(x, "0", p),
    "outstanding": lambda p, x: pool.position("1.00", x, p),
    "schedule": lambda p, x: schedule.equal_instalments(x, "0.04", 12, DAY),
    "bullet": lambda p, x: schedule.interest_only(x, "0.04", 12, DAY),
    "repaid": lambda p, x: schedule.overdue(
        schedule.interest_only("100.00", "0.04", 2, DAY), x, date(2027, 1, 1)),
    "principal": lambda p, x: compensation.loss(x, "0", p),
    "interest": lambda p, x: compensation.loss("1.00", x, p),
    "loss": lambda p, x: compensation.split(x, pool_balance="1.00", params=p),
    "pool balance": lambda p, x: compensation.split("1.00", pool_balance=x, params=p),
    "recovered": lambda p, x: compensation.recovery(x, {"pool": "100.00"}),
    "borne": lambda p, x: compensation.recovery("1.00", {"pool": x}),
    "interest paid": lambda p, x: subsidies.interest_subsidy(x, p),
    "fee": lambda p, x: subsidies.valuation_subsidy(x, p),
}


@pytest.mark.parametrize("name", CALLS)
def test_any_bad_amount_is_invalid_input_in_chinese(zh, params, name):
    for value in BAD:
        with pytest.raises(InvalidInput) as caught:
            CALLS[name](params, value)
        text = str(caught.value.message)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text), (name, value, text)


@pytest.mark.parametrize("rate", ["1", "1.5", "-0.1", "0.1234567", 0.04, None, "x", "Infinity"])
def test_any_bad_rate_is_invalid_input(zh, rate):
    with pytest.raises(InvalidInput):
        schedule.equal_instalments("100.00", rate, 12, DAY)
