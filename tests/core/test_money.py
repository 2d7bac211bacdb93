"""Money: one rule for an amount, what a person may type, printing, 大写, sharing out."""

from __future__ import annotations

import random
from decimal import Decimal as D

import pytest

from ipcenter.core import money

# --- amount: the one rule --------------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [
    (D("1234.5"), D("1234.50")), ("1234.56", D("1234.56")), (50000, D("50000.00")),
    ("1.000", D("1.00")), ("0", D("0.00")),
])
def test_amount_is_given_to_the_fen(value, expected):
    result = money.amount(value)
    assert result == expected and result.as_tuple().exponent == -2


@pytest.mark.parametrize("value, words", [
    ("1.001", "more than two decimals"), (D("0.005"), "more than two decimals"),
    ("-1", "negative"), ("NaN", "finite"), ("Infinity", "finite"),
    ("1e309", "too large"), (D("9" * 400), "too large"), ("abc", "not a number"),
])
def test_amount_refuses_what_is_no_amount(value, words):
    with pytest.raises(ValueError, match=words):
        money.amount(value)


@pytest.mark.parametrize("value", [1.5, True, None, [1]])
def test_amount_refuses_floats_and_other_types(value):
    with pytest.raises(TypeError):
        money.amount(value)


# --- parse: what a person types --------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("1,234.5", "1234.50"), ("１２３", "123.00"), ("¥50000", "50000.00"),
    ("￥1,000,000.00", "1000000.00"), ("50000元", "50000.00"), ("１２．５", "12.50"),
    ("１，２３４", "1234.00"), (" 7 ", "7.00"), (".5", "0.50"), ("3.", "3.00"),
    ("1.000", "1.00"), ("-0", "0.00"), ("999999999999.99", "999999999999.99"),
    (D("12.3"), "12.30"), (12, "12.00"),
])
def test_parse_reads_what_a_person_types(text, expected):
    result = money.parse(text)
    assert str(result) == expected


@pytest.mark.parametrize("text, words", [
    ("1.001", "more than two decimals"), ("0.005", "more than two decimals"),
    ("１．２３４", "more than two decimals"),
    ("-1", "negative"), ("-0.01", "negative"), ("－５", "negative"),
    ("1000000000000", "larger than"), ("9" * 400, "too large"),
    ("NaN", "not a number"), ("inf", "not a number"), ("Infinity", "not a number"),
    ("1e309", "not a number"), ("1e3", "not a number"),
    ("1,23", "not a number"), ("12,3456", "not a number"), ("1,,000", "not a number"),
    ("", "not a number"), ("   ", "not a number"), ("¥", "not a number"), (".", "not a number"),
    ("abc", "not a number"), ("12元5角", "not a number"), ("1 000", "not a number"),
    ("٣", "not a number"),  # Arabic-Indic digits: no one here types them
])
def test_parse_refuses_the_rest(text, words):
    with pytest.raises(ValueError, match=words):
        money.parse(text)


def test_parse_takes_the_limit_it_is_given():
    assert money.parse("1000000000000", maximum=None) == D("1000000000000.00")
    with pytest.raises(ValueError, match="larger than"):
        money.parse("100.01", maximum=D("100.00"))


def test_parse_input_is_none_when_blank_and_explains_a_refusal(app):
    from ipcenter.core.errors import InvalidInput

    assert money.parse_input(None) is None and money.parse_input("  ") is None
    assert money.parse_input("1,234.5") == D("1234.50")
    with app.test_request_context(), pytest.raises(InvalidInput) as raised:
        money.parse_input("1.005")
    with app.test_request_context():
        assert "最多两位小数" in str(raised.value.message)


# --- writing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value, plain, symbol, unit", [
    (D("1234.5"), "1,234.50", "¥1,234.50", "1,234.50元"),
    ("60000.00", "60,000.00", "¥60,000.00", "60,000.00元"),
    (D("0.005"), "0.01", "¥0.01", "0.01元"),  # half up
    (D(-5), "-5.00", "-¥5.00", "-5.00元"),
    (0, "0.00", "¥0.00", "0.00元"),
    (None, "", "", ""),
])
def test_figures(value, plain, symbol, unit):
    assert money.figures(value) == plain
    assert money.with_symbol(value) == symbol
    assert money.with_unit(value) == unit


@pytest.mark.parametrize("amount, words", [
    ("123456.78", "壹拾贰万叁仟肆佰伍拾陆元柒角捌分"), ("50000", "伍万元整"),
    ("1234.05", "壹仟贰佰叁拾肆元零伍分"), ("100005", "壹拾万零伍元整"), ("0.5", "伍角整"),
    ("0.05", "伍分"), ("10010000.10", "壹仟零壹万元壹角整"), ("100000000", "壹亿元整"),
    ("3.07", "叁元零柒分"), ("0", "零元整"), ("1000.00", "壹仟元整"),
    ("100000000000.00", "壹仟亿元整"), ("-12", "负壹拾贰元整"),
])
def test_upper(amount, words):
    assert money.upper(D(amount)) == words


# --- allocate --------------------------------------------------------------------------------


def test_allocate_the_risk_pool_shares():
    assert money.allocate("100.00", [54, 26, 16, 4]) == [D("54.00"), D("26.00"), D("16.00"),
                                                         D("4.00")]
    # 12,345.67 × 54 % = 6,666.6618 …: the fen left over go to the largest remainders.
    parts = money.allocate(D("12345.67"), [54, 26, 16, 4])
    assert parts == [D("6666.66"), D("3209.87"), D("1975.31"), D("493.83")]
    assert sum(parts) == D("12345.67")


def test_allocate_breaks_ties_toward_the_earlier_part():
    assert money.allocate("0.10", [1, 1, 1]) == [D("0.04"), D("0.03"), D("0.03")]
    assert money.allocate("0.02", [1, 1, 1]) == [D("0.01"), D("0.01"), D("0.00")]
    assert money.allocate("0.01", [2, 1, 1]) == [D("0.01"), D("0.00"), D("0.00")]


def test_allocate_zero_and_one_part():
    assert money.allocate("0", [3, 1]) == [D("0.00"), D("0.00")]
    assert money.allocate("7.77", ["1"]) == [D("7.77")]


@pytest.mark.parametrize("ratios", [[], [1, 0], [1, -1], [1.5, 1], [True], ["x"], [D("NaN")],
                                    [D("Infinity")]])
def test_allocate_refuses_bad_ratios(ratios):
    with pytest.raises((ValueError, TypeError)):
        money.allocate("10.00", ratios)


@pytest.mark.parametrize("total", ["-1.00", "1.001", 1.5])
def test_allocate_refuses_bad_totals(total):
    with pytest.raises((ValueError, TypeError)):
        money.allocate(total, [1, 1])


def test_allocate_sums_exactly_and_stays_within_a_fen_of_each_share():
    rng = random.Random(20260305)
    for _ in range(2000):
        fen = rng.choice([rng.randint(0, 100), rng.randint(0, 10**6), rng.randint(0, 10**14 - 1)])
        total = D(fen) / 100
        count = rng.randint(1, 8)
        if rng.random() < 0.5:
            ratios = [rng.randint(1, 100) for _ in range(count)]
        else:
            ratios = [D(rng.randint(1, 10**6)) / 1000 for _ in range(count)]
        parts = money.allocate(total, ratios)
        assert sum(parts) == total
        assert all(p >= 0 and p.as_tuple().exponent == -2 for p in parts)
        whole = sum(D(r) for r in ratios)
        for part, ratio in zip(parts, ratios, strict=True):
            assert abs(part - total * D(ratio) / whole) < D("0.01")
        assert money.allocate(total, ratios) == parts  # the same split every time
