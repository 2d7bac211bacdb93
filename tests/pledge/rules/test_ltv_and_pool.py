from decimal import Decimal

import pytest

from ipcenter.core.errors import InvalidInput
from ipcenter.pledge.rules import ltv, pool
from ipcenter.pledge.rules.ltv import Valued

INVENTION = Valued("invention", "ZL202110234567.X", Decimal("4000000.00"))   # × 0.50
MARK = Valued("trademark", "12345678", Decimal("1000000.01"))                # × 0.40


def test_lendable_sums_a_mixed_pledge(params):
    # 2,000,000.00 + 400,000.004 rounded down to the fen.
    assert ltv.lendable([INVENTION, MARK], params) == Decimal("2400000.00")
    assert ltv.lendable([INVENTION], params) == Decimal("2000000.00")


@pytest.mark.parametrize("loan, ok", [("2400000.00", True), ("2400000.01", False),
                                      ("0.01", True)])
def test_loan_to_value_boundary(params, loan, ok):
    refusals = ltv.check_loan(loan, [INVENTION, MARK], params)
    assert ("beyond_ltv" not in [r.code for r in refusals]) is ok


def test_a_bank_may_set_a_lower_share_not_a_higher(zh, params):
    assert ltv.lendable([INVENTION], params, {"invention": "0.3"}) == Decimal("1200000.00")
    assert [r.code for r in ltv.check_loan("1200000.01", [INVENTION], params,
                                           bank_shares={"invention": Decimal("0.3")})] == [
        "beyond_ltv"]
    with pytest.raises(InvalidInput) as caught:
        ltv.lendable([INVENTION], params, {"invention": "0.6"})
    assert str(caught.value.message) == "发明专利的质押率最高为评估值的50%，银行不能设为60%。"


@pytest.mark.parametrize("others, ok", [
    (["8000000.00"], True),                   # 8m + 2m = exactly the cap
    (["7000000.00", "1000000.01"], False),    # a fen over
    ([], True),
])
def test_the_per_firm_cap_across_open_loans(params, others, ok):
    refusals = ltv.check_loan("2000000.00", [INVENTION], params, open_loans=others)
    assert ("beyond_firm_cap" not in [r.code for r in refusals]) is ok


def test_ltv_and_cap_refusals_in_chinese_with_the_figures(zh, params):
    big = Valued("invention", "ZL202110234567.X", Decimal("30000000.00"))
    refusals = ltv.check_loan("10000000.01", [MARK], params)
    assert [str(r) for r in refusals] == [
        "贷款金额 10,000,000.01元 超过质押物按质押率可贷的金额（400,000.00元）。",
        ("加上本笔贷款 10,000,000.01元，企业在贷余额将达 10,000,000.01元，超过单户上限 "
         "10,000,000.00元。")]
    assert [r.code for r in ltv.check_loan("10000000.01", [big], params)] == ["beyond_firm_cap"]


@pytest.mark.parametrize("bad", ["-1.00", "1.001", 1.5, "abc", "1e400", "0", None])
def test_bad_loan_amounts(zh, params, bad):
    with pytest.raises(InvalidInput) as caught:
        ltv.check_loan(bad, [INVENTION], params)
    assert "贷款金额" in str(caught.value.message)


def test_bad_rights(zh, params):
    with pytest.raises(InvalidInput):
        ltv.lendable([], params)
    with pytest.raises(InvalidInput):
        ltv.lendable([Valued("copyright", "1", Decimal("1.00"))], params)
    with pytest.raises(InvalidInput) as caught:
        ltv.lendable([Valued("invention", "ZL1", Decimal(-1))], params)
    assert "ZL1 的评估值" in str(caught.value.message)
    with pytest.raises(InvalidInput):
        ltv.check_loan("1.00", [INVENTION], params, open_loans=["-5"])


# ------------------------------------------------------------------------------ pool headroom


@pytest.mark.parametrize("outstanding, loan, ok", [
    ("690000000.00", "10000000.00", True),    # exactly 10 × ¥70m after approval
    ("690000000.00", "10000000.01", False),   # a fen over
    ("700000000.00", "0.01", False),
    ("0.00", "700000000.00", True),
])
def test_headroom_at_exactly_ten_times(params, outstanding, loan, ok):
    refusals = pool.check_approval(loan, balance="70000000.00", outstanding=outstanding,
                                   params=params)
    assert (refusals == ()) is ok


def test_position(params):
    p = pool.position("69876543.21", "600000000.00", params)
    assert p.capacity == Decimal("698765432.10")
    assert p.headroom == Decimal("98765432.10")
    # After losses the balance can fall below a tenth of what is outstanding.
    assert pool.position("1.00", "100.00", params).headroom == Decimal("-90.00")


def test_headroom_refusal_in_chinese_with_the_figures(zh, params):
    (reason,) = pool.check_approval("10000000.01", balance="70000000.00",
                                    outstanding="690000000.00", params=params)
    assert reason.code == "beyond_headroom"
    assert str(reason) == (
        "批准 10,000,000.01元 后，资金池承保的在贷本金将达 700,000,000.01元，超过资金池余额 "
        "70,000,000.00元 的10倍（700,000,000.00元）；剩余额度：10,000,000.00元。")
    (reason,) = pool.check_approval("5.00", balance="1.00", outstanding="100.00",
                                    params=params)
    assert "剩余额度：0.00元" in str(reason)


def test_headroom_bad_input(zh, params):
    with pytest.raises(InvalidInput) as caught:
        pool.check_approval("1.00", balance="-1.00", outstanding="0", params=params)
    assert "资金池余额" in str(caught.value.message)
    with pytest.raises(InvalidInput):
        pool.check_approval("1.00", balance="1.00", outstanding="0.001", params=params)
    with pytest.raises(InvalidInput):
        pool.check_approval("0.00", balance="1.00", outstanding="0", params=params)
