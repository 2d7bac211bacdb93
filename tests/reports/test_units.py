"""万元 and 亿元 as an annual report writes them, at the boundaries."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ipcenter.reports.units import amount_in, in_wan_or_yi


@pytest.mark.parametrize("yuan, text", [
    ("0", "0.00万元"),
    ("0.01", "0.00万元"),
    ("49.99", "0.00万元"),
    ("50.00", "0.01万元"),                  # half up at the last place
    ("2712600.00", "271.26万元"),
    ("3164400.00", "316.44万元"),
    ("10000000.00", "1000.00万元"),
    ("99994999.99", "9999.50万元"),
    ("99999949.99", "9999.99万元"),
    ("99999950.00", "1.00亿元"),            # rounds to 10000.00万: written in 亿元
    ("100000000.00", "1.00亿元"),
    ("158000000.00", "1.58亿元"),
    ("-540000.00", "-54.00万元"),
    ("-0.01", "0.00万元"),                  # never "-0.00"
])
def test_the_unit_follows_the_amount(yuan, text):
    assert in_wan_or_yi(Decimal(yuan)) == text


def test_a_fixed_unit():
    assert in_wan_or_yi(Decimal("15800000.00"), "亿元") == "0.16亿元"
    assert in_wan_or_yi(Decimal("150000000.00"), "万元") == "15000.00万元"
    assert in_wan_or_yi(1, "亿元") == "0.00亿元"
    assert in_wan_or_yi("12345.67") == "1.23万元"
    assert in_wan_or_yi(None) == ""
    with pytest.raises(ValueError):
        in_wan_or_yi(1, "元")


def test_the_number_behind_the_text_is_exact():
    assert amount_in(Decimal("2712600.00"), "万元") == Decimal("271.26")
    assert amount_in(Decimal("158000000.00"), "亿元") == Decimal("1.58")
    assert isinstance(amount_in(1, "万元"), Decimal)
