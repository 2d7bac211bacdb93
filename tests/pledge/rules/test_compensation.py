from decimal import Decimal

import pytest

from ipcenter.core.errors import InvalidInput
from ipcenter.pledge.rules import compensation
from ipcenter.pledge.rules.parameters import PARTIES

D = Decimal
BIG = "70000000.00"


def total(parts):
    return sum(parts.values(), D("0.00"))


def test_the_split_of_an_odd_amount_to_the_fen(params):
    s = compensation.split("1000000.03", pool_balance=BIG, params=params)
    # 540000.0162, 260000.0078, 160000.0048, 40000.0012: rounded down they leave two fen,
    # which go to the largest remainders (bank .78, then pool .62; not insurer .48).
    assert dict(s.shares) == {"pool": D("540000.02"), "bank": D("260000.01"),
                              "insurer": D("160000.00"), "valuer": D("40000.00")}
    assert total(s.shares) == D("1000000.03") == s.loss
    assert s.pool_pays == D("540000.02") and s.uncovered == 0 and not s.capped
    assert dict(s.borne) == dict(s.shares)
    assert "54∶26∶16∶4" in s.basis


@pytest.mark.parametrize("loss", ["0.00", "0.01", "0.03", "0.99", "1.00", "99.99", "12345.67",
                                  "1000000.03", "3333333.33", "9999999.99", "10000000.00"])
def test_shares_always_sum_to_the_loss(params, loss):
    s = compensation.split(loss, pool_balance=BIG, params=params)
    assert total(s.shares) == D(loss) == total(s.borne)
    exact = {p: D(loss) * params.loss_shares[p] / 100 for p in PARTIES}
    for party in PARTIES:   # each part within a fen of its exact share
        assert abs(s.shares[party] - exact[party]) < D("0.01")


def test_the_pools_share_is_capped_at_its_balance(params):
    s = compensation.split("1000000.03", pool_balance="500000.00", params=params)
    assert s.capped and s.pool_pays == D("500000.00") and s.uncovered == D("40000.02")
    # The others' shares do not grow: the excess stays with the bank, the lender.
    assert (s.shares["insurer"], s.shares["valuer"]) == (D("160000.00"), D("40000.00"))
    assert s.borne["bank"] == D("260000.01") + D("40000.02")
    assert total(s.borne) == D("1000000.03")
    exactly = compensation.split("1000000.03", pool_balance="540000.02", params=params)
    assert not exactly.capped and exactly.pool_pays == D("540000.02")
    empty = compensation.split("100.00", pool_balance="0.00", params=params)
    assert empty.pool_pays == 0 and empty.uncovered == D("54.00")


def test_interest_counts_in_the_loss_only_when_the_rules_say_so(params):
    from dataclasses import replace

    assert compensation.loss("1000000.00", "3625.03", params) == D("1000000.00")
    assert compensation.loss("1000000.00", "3625.03",
                             replace(params, interest_in_loss=True)) == D("1003625.03")


def test_recovery_pro_rata_to_what_each_bore(params):
    s = compensation.split("1000000.03", pool_balance=BIG, params=params)
    back = compensation.recovery("333333.33", s.borne)
    assert total(back) == D("333333.33")
    assert dict(back) == {"pool": D("180000.00"), "bank": D("86666.67"),
                          "insurer": D("53333.33"), "valuer": D("13333.33")}


def test_recoveries_never_return_more_than_was_borne_and_the_last_makes_all_whole(params):
    s = compensation.split("1000000.03", pool_balance="500000.00", params=params)
    returned = dict.fromkeys(PARTIES, D("0.00"))
    for amount in ["0.01", "0.07", "123456.79", "333333.33", "0.02"]:
        back = compensation.recovery(amount, s.borne, returned)
        assert total(back) == D(amount)
        for party in PARTIES:
            returned[party] += back[party]
            assert 0 <= returned[party] <= s.borne[party]
    rest = total(s.borne) - total(returned)
    back = compensation.recovery(rest, s.borne, returned)
    for party in PARTIES:
        returned[party] += back[party]
    assert returned == dict(s.borne)
    # The uncovered part came back to the bank that bore it.
    assert returned["bank"] == D("300000.03")


def test_refusals_in_chinese(zh, params):
    s = compensation.split("100.00", pool_balance=BIG, params=params)
    with pytest.raises(InvalidInput) as caught:
        compensation.recovery("100.01", s.borne)
    assert str(caught.value.message) == (
        "追偿所得 100.01元 超过尚未弥补的损失（100.00元）；超出部分归出质人所有。")
    with pytest.raises(InvalidInput) as caught:
        compensation.recovery("1.00", s.borne, {"bank": "26.01"})
    assert str(caught.value.message) == "返还给贷款银行的金额超过其承担的损失。"
    with pytest.raises(InvalidInput) as caught:
        compensation.recovery("1.00", {"borrower": "1.00"})
    assert "资金池、银行、保险机构和评估机构" in str(caught.value.message)
    with pytest.raises(InvalidInput) as caught:
        compensation.loss("10000000.01", "0", params)
    assert str(caught.value.message) == "未偿本金（10,000,000.01元）超过 10,000,000.00元。"


@pytest.mark.parametrize("loss, balance, text", [
    ("-0.01", BIG, "损失金额"), ("1.001", BIG, "损失金额"), ("1e40", BIG, "损失金额"),
    ("1.00", "-1", "资金池余额"), ("1.00", 1.0, "资金池余额"),
])
def test_bad_input(zh, params, loss, balance, text):
    with pytest.raises(InvalidInput) as caught:
        compensation.split(loss, pool_balance=balance, params=params)
    assert text in str(caught.value.message)
    with pytest.raises(InvalidInput):
        compensation.recovery("0", {"pool": "1.00"})
