from dataclasses import replace
from decimal import Decimal

import pytest

from ipcenter.core.errors import InvalidInput
from ipcenter.pledge.rules import subsidies

D = Decimal


def test_off_by_default(params):
    s = subsidies.interest_subsidy("36250.00", params)
    assert (s.amount, s.offered, s.capped) == (D("0.00"), False, False)
    assert not subsidies.valuation_subsidy("20000.00", params).offered


@pytest.fixture
def on(params):
    return replace(params, interest_subsidy_share=D("0.5"),
                   interest_subsidy_yearly_cap=D("360000.00"),
                   valuation_subsidy_share=D("0.5"), valuation_subsidy_cap=D("60000.00"))


def test_interest_subsidy_share_rounded_down_and_capped_by_the_year(on):
    assert subsidies.interest_subsidy("36250.03", on).amount == D("18125.01")
    s = subsidies.interest_subsidy("100000.00", on, granted_this_year="320000.00")
    assert (s.amount, s.capped) == (D("40000.00"), True)
    assert subsidies.interest_subsidy("80000.00", on,
                                      granted_this_year="320000.00").amount == D("40000.00")
    assert not subsidies.interest_subsidy("80000.00", on,
                                          granted_this_year="320000.00").capped
    assert subsidies.interest_subsidy("1.00", on,
                                      granted_this_year="360000.00").amount == D("0.00")


@pytest.mark.parametrize("fee, amount, capped", [("120000.00", "60000.00", False),
                                                 ("120000.02", "60000.00", True),
                                                 ("0.03", "0.01", False)])
def test_valuation_subsidy_cap(on, fee, amount, capped):
    s = subsidies.valuation_subsidy(fee, on)
    assert (s.amount, s.capped) == (D(amount), capped)


def test_bad_input(zh, on):
    with pytest.raises(InvalidInput) as caught:
        subsidies.interest_subsidy("-1", on)
    assert "已付利息" in str(caught.value.message)
    with pytest.raises(InvalidInput) as caught:
        subsidies.valuation_subsidy("1.005", on)
    assert "评估费" in str(caught.value.message)
