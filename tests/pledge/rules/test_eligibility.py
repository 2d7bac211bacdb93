from datetime import date

import pytest

from ipcenter.core.errors import InvalidInput
from ipcenter.pledge.rules.eligibility import Borrower, check

from .conftest import DAY, code

ZHONGSHAN = code("91442000MA4W12345")


def borrower(**changes):
    values = {"uscc": ZHONGSHAN, "established_on": date(2020, 3, 1), "is_sme": True,
              "use_of_funds": "research"}
    values.update(changes)
    return Borrower(**values)


def codes(result):
    return [r.code for r in result.failures]


def test_an_eligible_firm(params):
    result = check(borrower(), DAY, params)
    assert result.eligible and result.failures == () and not result.priority


def test_priority_for_rights_from_universities_or_soes(params):
    assert check(borrower(rights_from_university_or_soe=True), DAY, params).priority


@pytest.mark.parametrize("division, ok", [("442000", True), ("442001", True),
                                          ("441900", False), ("440100", False)])
def test_registered_in_zhongshan(params, division, ok):
    result = check(borrower(uscc=code(f"91{division}MA4W12345")), DAY, params)
    assert ("not_in_zhongshan" not in codes(result)) is ok


@pytest.mark.parametrize("prefix, ok", [("91", True), ("92", False), ("52", False)])
def test_an_enterprise(params, prefix, ok):
    result = check(borrower(uscc=code(f"{prefix}442000MA4W12345")), DAY, params)
    assert ("not_an_enterprise" not in codes(result)) is ok


@pytest.mark.parametrize("established, ok", [
    (date(2025, 6, 1), True),    # exactly one year on the day of the check
    (date(2025, 6, 2), False),   # one day short
    (date(2025, 5, 31), True),
])
def test_one_year_in_business(params, established, ok):
    result = check(borrower(established_on=established), DAY, params)
    assert ("too_young" not in codes(result)) is ok


def test_one_year_from_29_february(params):
    # The anniversary of 29 February in a common year is 1 March.
    assert "too_young" in codes(check(borrower(established_on=date(2024, 2, 29)),
                                      date(2025, 2, 28), params))
    assert "too_young" not in codes(check(borrower(established_on=date(2024, 2, 29)),
                                          date(2025, 3, 1), params))


def test_sme(params):
    assert codes(check(borrower(is_sme=False), DAY, params)) == ["not_sme"]


@pytest.mark.parametrize("record, ok", [
    (date(2023, 6, 1), False),   # exactly three years before: inside the window
    (date(2023, 5, 31), True),   # a day older: outside
    (date(2026, 6, 1), False),   # the day itself
    (date(2026, 6, 2), True),    # after the check: not a record of the past three years
])
def test_no_bad_credit_in_three_years(params, record, ok):
    result = check(borrower(bad_credit_on=(record,)), DAY, params)
    assert ("bad_credit" not in codes(result)) is ok


@pytest.mark.parametrize("use, ok", [("research", True), ("industrialisation", True),
                                     ("working_capital", True), ("property", False),
                                     ("", False)])
def test_use_of_funds(params, use, ok):
    assert ("use_not_allowed" not in codes(check(borrower(use_of_funds=use), DAY, params))) is ok


def test_every_failed_criterion_is_named_in_chinese(zh, params):
    result = check(borrower(uscc=code("92441900MA4W12345"), established_on=date(2026, 1, 1),
                            is_sme=False, bad_credit_on=(date(2024, 1, 5),),
                            use_of_funds="stocks"), DAY, params)
    assert codes(result) == ["not_in_zhongshan", "not_an_enterprise", "too_young", "not_sme",
                             "bad_credit", "use_not_allowed"]
    assert [str(r) for r in result.failures] == [
        "企业不是在中山市登记注册的（其信用代码中的行政区划码为 441900）。",
        "申请人不是在市场监督管理部门登记的企业。",
        "企业成立不满1年（成立于 2026-01-01）。",
        "企业不属于中小企业。",
        "企业近3年内有不良信用记录（2024-01-05）。",
        "贷款资金只能用于：研发、成果转化和产业化、生产经营流动资金。",
    ]
    assert all(r.basis for r in result.failures)


def test_bad_input(zh, params):
    with pytest.raises(InvalidInput) as caught:
        check(borrower(uscc=ZHONGSHAN[:-1] + ("1" if ZHONGSHAN[-1] == "0" else "0")), DAY,
              params)  # a wrong check character
    assert "统一社会信用代码无效" in str(caught.value.message)
    with pytest.raises(InvalidInput) as caught:
        check(borrower(established_on=date(2026, 6, 2)), DAY, params)
    assert str(caught.value.message) == "企业成立日期不能晚于审核日期。"
    with pytest.raises(InvalidInput):
        check(borrower(established_on="2020-01-01"), DAY, params)


def test_a_credit_record_must_be_dated(zh, params):
    with pytest.raises(InvalidInput) as caught:
        check(borrower(bad_credit_on=("2024-01-01",)), DAY, params)
    assert str(caught.value.message) == "不良信用记录日期必须是日期。"
